//! The syntax stage: a part of speech for every token, from the DELA word classes and a
//! few dozen context rules, so that the rules can name phrases and clauses rather than
//! list the words that may stand in them.
//!
//! Built like the French deterministic taggers surveyed in `docs/syntax.md`: every form's
//! classes are looked up (a finite-state map built from DELA at compile time,
//! `data/syntax/classes.gen.tsv`, with hand fixes in `data/syntax/classes.txt`); then each
//! ambiguous token is settled by its neighbours, closed-class words first (`le` a pronoun
//! before a verb, `que` a conjunction after a reporting verb, `a` an auxiliary before a
//! participle). The words the context rules name are data (`data/syntax/contextes.txt`).
//!
//! Cost: one map lookup per word token (a few hundred nanoseconds at most) and a constant
//! amount of work per token; no backtracking, so the stage is linear in the text.

mod chunks;
mod classes;
mod pos;
#[cfg(test)]
mod tests;

pub(crate) use chunks::{Chunk, ChunkKind, noun_phrases};
pub(crate) use classes::Classes;
pub use pos::Pos;
pub(crate) use pos::{SyntaxScratch, tag};
