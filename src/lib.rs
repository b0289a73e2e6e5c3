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
//! The pipeline has one module a stage: normalise → tokenise → [`gazetteer`] → rules
//! (names) → entities (`resolve`) → rules (attributions) → sources → identity →
//! [`export`]. `DESIGN.md` names the module of each stage and walks one document through
//! them.
//!
//! The API: [`Tagger`] (built by [`TaggerBuilder`], reusing a [`Scratch`]), the
//! [`Document`] it returns ([`Entity`], [`Attribution`], [`Mention`], [`Span`], [`Label`],
//! [`Kind`], [`Gender`], [`Provenance`], and its [`Identities`]), the opaque [`Error`], and
//! [`export::render`] for every output format. What the stages found on the way (tokens,
//! sentences, list and lexicon matches, quotations, rule candidates) is read through
//! [`Tagger::inspect`] and the records of [`inspect`], which [`coverage`] builds on; the
//! stages' own modules are private. The modules [`gazetteer`] (its file syntax, its lint and
//! a read-only view of the lists) and [`eval`] (scoring against gold) are public for the
//! command line, each with a small documented surface.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
mod annotate;
mod attribute;
mod builder;
mod builtin;
pub mod coverage;
pub mod document;
mod entities;
mod error;
pub mod eval;
pub mod export;
// The checks of the fuzz targets (`fuzz/`) and of their replay in `cargo test`: no API.
#[doc(hidden)]
pub mod fuzzing;
pub mod gazetteer;
mod hash;
mod identity;
pub mod inspect;
// The line reader of `quidit tag --jsonl`, here for its fuzz target: no API.
#[doc(hidden)]
pub mod jsonl;
pub mod report;
use quidit_lists::normalise;
mod resolve;
mod rules;
mod syntax;
mod tagger;
mod tokenise;
mod walk;
mod words;

pub use builder::TaggerBuilder;
pub use document::{Attribution, Document, Entity, Gender, Kind, Label, Mention, Provenance, Span};
pub use error::{Error, Location};
pub use identity::{Identities, Identity, IdentityId, Membership, Reason};
pub use inspect::Inspection;
pub use rules::Failure as ExampleFailure;
pub use syntax::Pos;
pub use tagger::{MAX_TEXT, RuleInfo, Scratch, StageTimes, Tagger};

// `BUILTIN_DATA_VERSION`: which built-in lists and rules this build holds (a hash of their
// files, computed by build.rs), for `quidit config` and `--version`.
include!(concat!(env!("OUT_DIR"), "/builtin_version.rs"));
