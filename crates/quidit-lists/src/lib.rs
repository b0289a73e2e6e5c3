//! What quidit's build script and its library must agree on, byte for byte: how a text is
//! folded for matching ([`normalise`]), how a gazetteer file is read ([`parse`]), and the
//! word classes of the part-of-speech data ([`classes`]).
//!
//! The build script (`build.rs` of the `quidit` crate) parses and folds the built-in
//! gazetteers into a blob the binary embeds; the library parses and folds a user's
//! gazetteers, and every text it tags, at run time. One crate used by both (as a
//! build-dependency and as a dependency) makes them the same code, instead of the library's
//! files included into the build script by path. It has no other dependency on quidit.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod classes;
pub mod normalise;
pub mod parse;
