//! The syntax stage: a part of speech for every token, from the DELA word classes and a
//! few dozen context rules, so that the rules can name phrases and clauses rather than
//! list the words that may stand in them.
//!
//! Built like the French deterministic taggers of the survey DESIGN.md cites (stage 3):
//! every form's
//! classes are looked up (a finite-state map built from DELA at compile time,
//! `data/syntax/classes.gen.tsv`, with hand fixes in `data/syntax/classes.txt`); then each
//! ambiguous token is settled by its neighbours, closed-class words first (`le` a pronoun
//! before a verb, `que` a conjunction after a reporting verb, `a` an auxiliary before a
//! participle). The words the context rules name are data (`data/syntax/contextes.txt`).
//!
//! Cost: a constant amount of work per token, no backtracking, so the stage is linear in
//! the text; a form's classes are looked up in the map once and then remembered in the
//! scratch. The rules' view tags a sentence only when a rule asks ([`LazyPos`]);
//! measurements are in `docs/performance.md`.

mod chunks;
mod classes;
mod pos;
#[cfg(test)]
mod tests;

pub(crate) use chunks::{Chunk, ChunkKind, noun_phrases};
pub(crate) use classes::Classes;
pub use pos::Pos;
pub(crate) use pos::{SyntaxScratch, tag};

use std::cell::RefCell;

use crate::tokenise::{Sentence, Token};

/// The parts of speech of one document as the rules read them: a sentence is tagged the
/// first time a rule asks for one of its tokens, so that the stage costs only where the
/// rules look (a rule that reads `<V:F>` after a comma inside a quotation's clause asks
/// in a few sentences, not in all). Sentences are tagged independently
/// ([`pos::tag_sentence`]), so what a rule reads is the same whatever the order.
pub(crate) struct LazyPos<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: &'a [Sentence],
    sentence_of: &'a [u32],
    classes: &'a Classes,
    state: RefCell<LazyState<'a>>,
}

/// What [`LazyPos`] fills: the tags, which sentences have them, the stage's buffers.
pub(crate) struct LazyState<'a> {
    /// The tags, one per token (those of sentences not yet tagged are meaningless).
    pub pos: &'a mut Vec<Pos>,
    /// Whether each sentence is tagged.
    pub done: &'a mut Vec<bool>,
    /// The stage's buffers.
    pub scratch: &'a mut SyntaxScratch,
}

impl<'a> LazyState<'a> {
    /// The state over the scratch's tags, the sentences done, and the stage's buffers.
    pub(crate) fn new(
        pos: &'a mut Vec<Pos>,
        done: &'a mut Vec<bool>,
        scratch: &'a mut SyntaxScratch,
    ) -> LazyState<'a> {
        LazyState { pos, done, scratch }
    }
}

impl<'a> LazyPos<'a> {
    /// The parts of speech of the document of `tokens` and `sentences` (`sentence_of`: the
    /// sentence of each token), tagged with `classes` into `state` as they are asked for.
    pub(crate) fn new(
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [Sentence],
        sentence_of: &'a [u32],
        classes: &'a Classes,
        state: LazyState<'a>,
    ) -> LazyPos<'a> {
        LazyPos {
            text,
            tokens,
            sentences,
            sentence_of,
            classes,
            state: RefCell::new(state),
        }
    }

    /// The part of speech of token `i` (`None` past the end).
    pub(crate) fn get(&self, i: usize) -> Option<Pos> {
        let n = *self.sentence_of.get(i)? as usize;
        let mut state = self.state.borrow_mut();
        let LazyState { pos, done, scratch } = &mut *state;
        if pos.len() != self.tokens.len() {
            pos.clear();
            pos.resize(self.tokens.len(), Pos::Other);
        }
        if done.len() != self.sentences.len() {
            done.clear();
            done.resize(self.sentences.len(), false);
        }
        if !done[n] {
            let range = self.sentences[n].tokens.clone();
            pos::tag_sentence(self.text, self.tokens, range, self.classes, scratch, pos);
            done[n] = true;
        }
        pos.get(i).copied()
    }
}
