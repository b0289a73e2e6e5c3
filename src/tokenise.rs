//! PLACEHOLDER tokeniser (replaced by the real one).
use std::ops::Range;
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind { Word, Number, Punct, QuoteOpen, QuoteClose, Quote, Symbol }
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token { pub start: usize, pub end: usize, pub kind: TokenKind, pub flags: u8 }
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence { pub start: usize, pub end: usize, pub tokens: Range<usize> }
pub fn tokenise(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() { continue; }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() || ((d == '-' || d == '.') && text[j+1..].chars().next().is_some_and(|x| x.is_alphanumeric())) { end = j + d.len_utf8(); it.next(); }
                else if d == '\'' || d == '’' { end = j + d.len_utf8(); it.next(); break; }
                else { break; }
            }
            if text[i..end].ends_with('.') { }
            let w = &text[i..end];
            let kind = if w.chars().all(|c| c.is_ascii_digit()) { TokenKind::Number } else { TokenKind::Word };
            if w == "M" && text[end..].starts_with('.') { it.next(); end += 1; }
            out.push(Token { start: i, end, kind, flags: 0 });
        } else {
            let kind = match c { '«' | '“' => TokenKind::QuoteOpen, '»' | '”' => TokenKind::QuoteClose, '"' => TokenKind::Quote, _ => TokenKind::Punct };
            out.push(Token { start: i, end: i + c.len_utf8(), kind, flags: 0 });
        }
    }
}
pub fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<Sentence>) {
    out.clear();
    let mut first = 0;
    for (n, t) in tokens.iter().enumerate() {
        let w = &text[t.start..t.end];
        let nl = tokens.get(n + 1).is_some_and(|u| text[t.end..u.start].contains('\n'));
        if matches!(w, "." | "!" | "?") || nl || n + 1 == tokens.len() {
            out.push(Sentence { start: tokens[first].start, end: t.end, tokens: first..n + 1 });
            first = n + 1;
        }
    }
}
