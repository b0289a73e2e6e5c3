//! French tokeniser and sentence splitter for (often scraped, messy) news text.
//!
//! Tokens are byte spans into the caller's text, so nothing is copied and the
//! output vector can be reused across documents. Both passes are a single
//! left-to-right scan with an ASCII fast path.
//!
//! One deliberate exception to "tokens never contain whitespace": a
//! [`TokenKind::Number`] written with digit-group separators (`948 000`,
//! `12\u{202f}500`) is one token and keeps its single separator characters.
//!
//! The module is one file a job, data flowing one way:
//! - `token`: what the passes give, [`Token`] and [`Sentence`];
//! - `chars`: character classes (what continues a word, what is a dash…);
//! - `lexicon`: the word lists (abbreviations, elisions, titles…), read from
//!   `data/tokenise/*.txt` once per run;
//! - `scanner`: [`tokenise`], text to tokens;
//! - `sentences`: [`split_sentences`], tokens to sentences.
//!
//! Decision (issue 15): the word lists and the test tables are data, for a linguist to edit
//! without reading Rust: the lists in `data/tokenise/`, the tables of cases (a text and the
//! tokens or sentences it must give) in `tests/data/tokenise/`. The lists used to be `match`
//! statements; they are parsed once and looked up behind a test of length and first byte,
//! which was measured to cost nothing in the full pipeline (callgrind, commit message).

#![forbid(unsafe_code)]

mod chars;
mod lexicon;
mod scanner;
mod sentences;
#[cfg(test)]
mod tests;
mod token;

pub use scanner::tokenise;
pub use sentences::split_sentences;
pub use token::{Sentence, Token, TokenKind, token_range};
