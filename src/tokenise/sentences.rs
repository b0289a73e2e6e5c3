//! The sentence splitter: a pass over the tokens of a text that groups them into
//! [`Sentence`]s, at terminal punctuation, line breaks and quotations.

use super::chars::*;
use super::token::{Sentence, Token, TokenKind};

/// Splits into sentences, given the tokens of `text`; `out` is cleared first.
///
/// Sentences are contiguous runs of tokens covering all of them in order.
/// Tokens that do not belong to `text` do not cause a panic (their text just
/// reads as empty).
pub fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<Sentence>) {
    out.clear();
    let n = tokens.len();
    let mut first = 0;
    let mut k = 0;
    // Straight quotation marks seen before token `seen`, and the way the last one faced,
    // to tell whether one is open.
    let (mut seen, mut straight, mut last_kind) = (0, 0usize, TokenKind::Quote);
    while k < n {
        // Most tokens: a word or a number, one space after it. No break applies (each
        // below needs punctuation or a quotation mark at `k`, a line break or a glued
        // token after it), and the count of straight marks can wait.
        if matches!(tokens[k].kind, TokenKind::Word | TokenKind::Number)
            && k + 1 < n
            && gap(text, tokens, k, k + 1) == " "
        {
            k += 1;
            continue;
        }
        while seen < k {
            if is_straight_quote(text, &tokens[seen]) {
                straight += 1;
                last_kind = tokens[seen].kind;
            }
            seen += 1;
        }
        // The last mark's spaces say whether it opened; when they do not, the count does.
        let open = match last_kind {
            TokenKind::QuoteOpen => true,
            TokenKind::QuoteClose => false,
            _ => straight % 2 == 1,
        };
        let last = sentence_break_after(text, tokens, k)
            .or_else(|| glued_quote_break(text, tokens, k, open))
            .or_else(|| glued_quotations_break(text, tokens, k, open))
            .or_else(|| heading_quotation_break(text, tokens, k, open))
            .map(|last| {
                // `pas."Le` in scraped text: a straight mark glued after the end, while a
                // quotation is open, closes it and ends this sentence, whichever way the
                // spaces around it suggest.
                let count = straight
                    + tokens[k..=last]
                        .iter()
                        .filter(|t| is_straight_quote(text, t))
                        .count();
                let next = tokens.get(last + 1);
                let closes = count % 2 == 1
                    && next.is_some_and(|q| {
                        is_straight_quote(text, q) && q.start() == tokens[last].end()
                    });
                if closes { last + 1 } else { last }
            });
        if let Some(last) = last {
            out.push(Sentence {
                start: tokens[first].start(),
                end: tokens[last].end(),
                tokens: first..last + 1,
            });
            first = last + 1;
            k = last + 1;
        } else {
            k += 1;
        }
    }
}

pub(super) fn is_straight_quote(text: &str, t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Quote | TokenKind::QuoteOpen | TokenKind::QuoteClose
    ) && t.text(text) == "\""
}

/// Scraped text that lost the line break around a quotation: `Le Pen"Pour lui` (the
/// mark closes a quotation: the sentence ends after it) or `comptent"Tout ça"` (it
/// opens one: the sentence ends before it). A straight mark glued on both sides between
/// a lower-case word and a capitalised one faces the way the count of marks before it
/// says (`open`: an odd count, so this one closes).
pub(super) fn glued_quote_break(
    text: &str,
    tokens: &[Token],
    k: usize,
    open: bool,
) -> Option<usize> {
    let (t, q, next) = (&tokens[k], tokens.get(k + 1)?, tokens.get(k + 2)?);
    if t.end() != q.start() || q.end() != next.start() {
        return None;
    }
    let shape = t.kind == TokenKind::Word
        && t.text(text)
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        && is_straight_quote(text, q)
        && next.kind == TokenKind::Word
        && starts_glued_sentence(text, tokens, k + 2);
    shape.then_some(if open { k + 1 } else { k })
}

/// Two quotations glued mark to mark or with only spaces between, `…satisfassent""Tout ça
/// pour ça"`, `…»«…` or `IMMATURE" "Peu importe`: scraped
/// text that lost the line break between two paragraphs (a journalist never writes two
/// quotations with nothing between them). The sentence ends with the first quotation, so
/// that the second one opens a sentence of its own and is attributed on its own. `open`:
/// whether a straight quotation mark before token `k` is still open, so that a straight
/// `k` closes it.
pub(super) fn glued_quotations_break(
    text: &str,
    tokens: &[Token],
    k: usize,
    open: bool,
) -> Option<usize> {
    let (t, next) = (&tokens[k], tokens.get(k + 1)?);
    let closes = closes_quotation(text, t, open);
    let opens = matches!(next.kind, TokenKind::QuoteOpen | TokenKind::Quote)
        && tokens
            .get(k + 2)
            .is_some_and(|w| can_start_sentence(text, w));
    // Glued, or with only spaces between: `IMMATURE" "Peu importe…` (a heading in
    // capitals before the first paragraph's quotation); words or punctuation between two
    // quotations (`« flatteuses » mais « ridicules »`) keep them in one sentence.
    let between = gap(text, tokens, k, k + 1);
    (closes && opens && between.chars().all(char::is_whitespace)).then_some(k)
}

/// `trompé de personne" Selon le brigadier, …`: a quotation closed, then, after spaces
/// only, a capitalised sentence opener of `data/tokenise/ouvreurs_colles.txt` (`Selon`,
/// `Le`, `Il`…): a quoted heading run into the paragraph after it, in scraped text. Inside
/// a sentence a quotation is followed by punctuation, a lower-case word or a name, not by
/// a capitalised function word. The sentence ends with the quotation.
pub(super) fn heading_quotation_break(
    text: &str,
    tokens: &[Token],
    k: usize,
    open: bool,
) -> Option<usize> {
    let (t, next) = (&tokens[k], tokens.get(k + 1)?);
    let between = gap(text, tokens, k, k + 1);
    (closes_quotation(text, t, open)
        && next.kind == TokenKind::Word
        && !between.is_empty()
        && between.chars().all(char::is_whitespace)
        && super::lexicon::LEXICON.is_sentence_opener(next.text(text)))
    .then_some(k)
}

/// Whether the mark `t` closes a quotation. A straight mark's own spaces may make it look
/// like an opening one (`?""Il`: glued on both sides); while a quotation is open (`open`),
/// it closes it.
fn closes_quotation(text: &str, t: &Token, open: bool) -> bool {
    match t.kind {
        TokenKind::QuoteClose => true,
        TokenKind::Quote | TokenKind::QuoteOpen => open && is_straight_quote(text, t),
        _ => false,
    }
}

/// The text between two tokens (empty if they are not in order).
#[inline]
pub(super) fn gap<'a>(text: &'a str, tokens: &[Token], a: usize, b: usize) -> &'a str {
    text.get(tokens[a].end()..tokens[b].start()).unwrap_or("")
}

#[inline]
pub(super) fn has_line_break(s: &str) -> bool {
    s.chars().any(is_line_break)
}

#[inline]
pub(super) fn has_whitespace(s: &str) -> bool {
    s.chars().any(char::is_whitespace)
}

pub(super) fn first_char(text: &str, t: &Token) -> Option<char> {
    t.text(text).chars().next()
}

pub(super) fn is_terminal(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct && first_char(text, t).is_some_and(is_terminal_char)
}

pub(super) fn is_closer(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::QuoteClose | TokenKind::Quote => true,
        TokenKind::Punct => matches!(first_char(text, t), Some(')' | ']' | '}')),
        _ => false,
    }
}

pub(super) fn is_opener(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::QuoteOpen => true,
        TokenKind::Punct => matches!(first_char(text, t), Some('(' | '[' | '{')),
        _ => false,
    }
}

/// Whether a token can begin a sentence after end punctuation.
pub(super) fn can_start_sentence(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Word => t.has(Token::CAPITALISED),
        TokenKind::Number | TokenKind::QuoteOpen | TokenKind::Quote => true,
        TokenKind::Punct => first_char(text, t).is_some_and(is_dash),
        _ => false,
    }
}

/// Whether token `j`, glued to the preceding end punctuation, starts a
/// sentence: `Le` (capital + letter), `L'`, `M.`, `A ce`, `"Malgré`, `"90`, or an AFP-style
/// subhead dash `.- "Titre" -`.
pub(super) fn starts_glued_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
    let t = &tokens[j];
    match t.kind {
        TokenKind::Word => {
            if !t.has(Token::CAPITALISED) {
                return false;
            }
            if t.has(Token::ELIDED) || t.has(Token::ABBREVIATION) {
                return true;
            }
            let mut cs = t.text(text).chars();
            let first = cs.next();
            match cs.next() {
                Some(c) => c.is_alphabetic(),
                // A capital alone is an initial, except `A` and `À` followed by a space
                // and a word: the preposition (`Québec.A ce rythme`, `source.A
                // l'inverse`; 190 in 2,000 bench articles).
                None => {
                    matches!(first, Some('A' | 'À'))
                        && tokens.get(j + 1).is_some_and(|w| w.kind == TokenKind::Word)
                        && has_whitespace(gap(text, tokens, j, j + 1))
                }
            }
        }
        // A quotation opening on a word that starts a sentence, or on a number
        // (`fermeture."90 milliards de CICE …`).
        TokenKind::QuoteOpen | TokenKind::Quote => {
            j + 1 < tokens.len()
                && tokens[j + 1].start() == t.end()
                && match tokens[j + 1].kind {
                    TokenKind::Word => starts_glued_sentence(text, tokens, j + 1),
                    TokenKind::Number => true,
                    _ => false,
                }
        }
        TokenKind::Punct => {
            first_char(text, t).is_some_and(is_dash)
                && (j + 1 == tokens.len() || has_whitespace(gap(text, tokens, j, j + 1)))
        }
        _ => false,
    }
}

/// Decides whether a sentence ends at or just after token `k`; returns the
/// index of its last token.
pub(super) fn sentence_break_after(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let n = tokens.len();
    if k + 1 >= n {
        return Some(n - 1);
    }
    let g = gap(text, tokens, k, k + 1);
    let t = &tokens[k];
    // Most tokens: not punctuation, one space after. None of the cases below applies.
    if g == " " && t.kind != TokenKind::Punct {
        return None;
    }
    if has_line_break(g) {
        return Some(k);
    }
    if is_terminal(text, t) {
        // `(...)` marks a cut inside a quote, not an end.
        if k > 0 && tokens[k - 1].end() == t.start() && is_opener(text, &tokens[k - 1]) {
            return None;
        }
        let mut j = k + 1;
        while j < n && is_closer(text, &tokens[j]) && !has_line_break(gap(text, tokens, j - 1, j)) {
            j += 1;
        }
        let last = j - 1;
        if j == n {
            return Some(last);
        }
        let g = gap(text, tokens, last, j);
        if has_line_break(g) {
            return Some(last);
        }
        let next = &tokens[j];
        if has_whitespace(g) {
            if can_start_sentence(text, next) {
                return Some(last);
            }
        } else if g.is_empty() && starts_glued_sentence(text, tokens, j) {
            // Scraped text with the space lost: `hospitalière.Le`.
            let glued_before = k > 0 && tokens[k - 1].end() == t.start() && {
                let p = &tokens[k - 1];
                match p.kind {
                    TokenKind::Word | TokenKind::Number => {
                        // Acronyms count too (`l'AFP.Aucune`); single capitals
                        // are initials and carry ABBREVIATION.
                        !p.has(Token::ABBREVIATION)
                            && p.text(text)
                                .chars()
                                .next_back()
                                .is_some_and(char::is_alphanumeric)
                    }
                    _ => is_closer(text, p),
                }
            };
            if glued_before {
                return Some(last);
            }
        }
        return None;
    }
    // A headline run into the next paragraph, cut by the tokeniser: `détruits|Selon`.
    if g.is_empty()
        && t.kind == TokenKind::Word
        && tokens[k + 1].kind == TokenKind::Word
        && t.text(text)
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase)
        && tokens[k + 1].has(Token::CAPITALISED)
    {
        return Some(k);
    }
    // AFP subheads glued to the next paragraph: `- Titre -Le texte`.
    if t.kind == TokenKind::Punct
        && first_char(text, t).is_some_and(is_dash)
        && k > 0
        && has_whitespace(gap(text, tokens, k - 1, k))
        && g.is_empty()
        && tokens[k + 1].kind == TokenKind::Word
        && starts_glued_sentence(text, tokens, k + 1)
    {
        return Some(k);
    }
    // Headlines run together with several spaces.
    if g.chars().filter(|c| c.is_whitespace()).nth(1).is_some() {
        let prev_ok = match t.kind {
            TokenKind::Word => !t.has(Token::ABBREVIATION),
            TokenKind::Number | TokenKind::Symbol | TokenKind::QuoteClose | TokenKind::Quote => {
                true
            }
            TokenKind::Punct => is_closer(text, t),
            TokenKind::QuoteOpen => false,
        };
        let next = &tokens[k + 1];
        let next_ok = match next.kind {
            TokenKind::Word => next.has(Token::CAPITALISED),
            TokenKind::Number | TokenKind::QuoteOpen | TokenKind::Quote => true,
            _ => false,
        };
        if prev_ok && next_ok {
            return Some(k);
        }
    }
    None
}
