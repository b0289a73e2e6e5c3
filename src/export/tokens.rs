//! Tokens and sentences for the formats that need them (CoNLL, CoNLL-U, spaCy, XMI): quidit's
//! own tokeniser and sentence splitter, with each token cut further where it holds white
//! space (a number such as `948 000` is one quidit token, but a CoNLL column cannot hold a
//! space) and where a mark starts or ends inside it (`Maroc-Sénégal` holds two places), so
//! that every mark falls on token boundaries and none is lost.

use std::ops::Range;

use crate::tokenise::{self, Sentence, Token};

/// A token of an export: byte offsets into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A sentence of an export: its tokens, by index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Indices of its tokens.
    pub tokens: Range<usize>,
}

/// The tokens and sentences of `text`, every token cut at the byte offsets of `cuts` that
/// fall inside it. Every character that is not white space belongs to one token.
pub fn tokens(text: &str, cuts: &[usize]) -> (Vec<Piece>, Vec<Line>) {
    let mut raw: Vec<Token> = Vec::new();
    tokenise::tokenise(text, &mut raw);
    let mut sentences: Vec<Sentence> = Vec::new();
    tokenise::split_sentences(text, &raw, &mut sentences);
    let mut cuts = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(raw.len());
    let mut lines = Vec::with_capacity(sentences.len());
    // Where each quidit token's pieces begin, so that sentences map over.
    let mut first_piece = Vec::with_capacity(raw.len() + 1);
    for t in &raw {
        first_piece.push(pieces.len());
        split(text, t.start(), t.end(), &cuts, &mut pieces);
    }
    first_piece.push(pieces.len());
    for s in &sentences {
        let (a, b) = (s.tokens.start, s.tokens.end);
        if a < b && b < first_piece.len() {
            lines.push(Line {
                tokens: first_piece[a]..first_piece[b],
            });
        }
    }
    (pieces, lines)
}

/// Pushes the pieces of `text[start..end]`: runs without white space, cut at `cuts`.
fn split(text: &str, start: usize, end: usize, cuts: &[usize], out: &mut Vec<Piece>) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let mut piece_start: Option<usize> = None;
    for (i, c) in slice.char_indices() {
        let at = start + i;
        if c.is_whitespace() {
            if let Some(s) = piece_start.take() {
                out.push(Piece { start: s, end: at });
            }
            continue;
        }
        match piece_start {
            None => piece_start = Some(at),
            Some(s) if cuts.binary_search(&at).is_ok() => {
                out.push(Piece { start: s, end: at });
                piece_start = Some(at);
            }
            Some(_) => {}
        }
    }
    if let Some(s) = piece_start {
        out.push(Piece { start: s, end });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_cut_at_spaces_and_marks() {
        let text = "Maroc-Sénégal : 948\u{202f}000 morts.";
        let cut = text.find("Sénégal").unwrap();
        let (pieces, lines) = tokens(text, &[cut]);
        let words: Vec<&str> = pieces.iter().map(|p| &text[p.start..p.end]).collect();
        assert!(words.starts_with(&["Maroc-", "Sénégal"]), "{words:?}");
        assert!(
            words.contains(&"948") && words.contains(&"000"),
            "{words:?}"
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].tokens, 0..pieces.len());
    }
}
