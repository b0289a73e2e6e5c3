//! quidit ("qui dit ?") reads French news and marks who is named — persons, organisations and
//! places — with exact offsets and the list entry or rule behind each mark.
//!
//! Build a [`Tagger`] once (this is where every fault in gazetteer files is reported, with its
//! file, line and column), then tag as many texts as you like: tagging cannot fail.
//!
//! ```
//! let tagger = quidit::Tagger::builder().build()?;
//! let text = "Selon l’OSDH, 16 combattants ont été tués à Saraqeb.";
//! let doc = tagger.tag(text);
//! let found: Vec<_> = doc.entities.iter().map(|e| (e.label.as_str(), e.text(text))).collect();
//! assert!(found.contains(&("ORG", "OSDH")));
//! assert!(found.contains(&("LOC", "Saraqeb")));
//! # Ok::<(), quidit::Error>(())
//! ```
//!
//! The pipeline has one module a stage: [`normalise`] → [`tokenise`] → [`gazetteer`] →
//! [`rules`] (names) → entities (`resolve`) → [`rules`] (attributions) → sources →
//! [`identity`] → [`export`]. `DESIGN.md` names the module of each stage and walks one
//! document through them.
//!
//! The API: [`Tagger`] (built by [`TaggerBuilder`], reusing a [`Scratch`]), the
//! [`Document`] it returns ([`Entity`], [`Attribution`], [`Mention`], [`Span`], [`Label`],
//! [`Kind`], [`Gender`], [`Provenance`]), the opaque [`Error`], and [`export::render`] for
//! every output format. The modules [`normalise`], [`tokenise`], [`gazetteer`], [`rules`],
//! [`identity`] and [`eval`] are public for the command line, the tests and the
//! benches, which read intermediate results; the stage internals inside them are not.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
mod annotate;
mod attribute;
mod builder;
mod builtin;
pub mod document;
mod entities;
mod error;
pub mod eval;
pub mod export;
pub mod gazetteer;
mod hash;
pub mod identity;
pub use quidit_lists::normalise;
mod resolve;
pub mod rules;
mod tagger;
pub mod tokenise;
mod walk;
mod words;

pub use builder::TaggerBuilder;
pub use document::{Attribution, Document, Entity, Gender, Kind, Label, Mention, Provenance, Span};
pub use error::{Error, Location};
pub use tagger::{Scratch, StageTimes, Tagger};
