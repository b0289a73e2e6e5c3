//! The normalised view of a text: what the gazetteer automaton actually reads.
//!
//! Matching happens on a folded copy of the text so that `Etats-Unis`, `ÉTATS‑UNIS` and
//! `états-unis` are one pattern: full Unicode lower-casing, accents removed (canonical and
//! compatibility decomposition, combining marks dropped), every apostrophe as `'`, every dash
//! as `-`, every run of white space (U+00A0, U+202F, tabs, newlines…) as one space, and
//! zero-width characters dropped. The view is never shown to a user: each of its bytes
//! remembers the original character it came from, so a match maps back to exact original
//! offsets whatever happened in between.
//!
//! The folding works character by character (never across characters), which is what makes
//! the offset map exact: every byte of the view belongs to exactly one original character,
//! and an original character that folds to nothing (a combining mark, a zero-width space)
//! belongs to the character before it.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The longest text a view maps back exactly: its offsets are kept as `u32`. Callers bound
/// their texts by it (quidit tags at most this many bytes of a document).
pub const MAX_TEXT: usize = u32::MAX as usize;

/// A folded copy of a text with, for every byte of the copy, where it came from.
///
/// Build one with [`Normalised::new`] and refill it with [`Normalised::fill`] to reuse its
/// buffers across documents.
#[derive(Clone, Debug, Default)]
pub struct Normalised {
    text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came
    /// from. `u32`, half the size of `usize`: the view is the largest per-byte structure of
    /// a tagged document, and texts are bounded well below 4 GiB (see [`MAX_TEXT`]).
    origin: Vec<u32>,
    /// Whether to fill `origin` (not needed to fold a gazetteer form).
    untracked: bool,
}

/// Whether folding lower-cases, or keeps case (to check forms that must match case exactly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Lower-case everything (the matching view).
    Fold,
    /// Keep letters' case; everything else folds as usual.
    Keep,
}

impl Normalised {
    /// An empty view, ready to be filled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the view with the folded form of `original`.
    ///
    /// `original` is at most [`MAX_TEXT`] bytes long (the offsets would not fit beyond).
    pub fn fill(&mut self, original: &str, case: Case) {
        self.fill_from(original, case, 0);
    }

    /// Folds `original` after the first `keep` bytes of the current text.
    fn fill_from(&mut self, original: &str, case: Case, keep: usize) {
        self.text.truncate(keep);
        self.origin.clear();
        self.text.reserve(original.len());
        self.origin.reserve(original.len());
        let mut last_was_space = false;
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Fast path: most of any French text is ASCII, and a run of ASCII folds byte for
            // byte (lower-cased) as long as its white space is single spaces and it has no
            // backtick: the run is copied whole.
            let mut space = last_was_space;
            let run = at
                + bytes[at..]
                    .iter()
                    .position(|&b| {
                        let stop = b >= 0x80
                            || b == b'`'
                            || (b.is_ascii_whitespace() && (space || b != b' '));
                        space = b == b' ';
                        stop
                    })
                    .unwrap_or(bytes.len() - at);
            if run > at {
                let from = self.text.len();
                self.text.push_str(&original[at..run]);
                if case == Case::Fold {
                    self.text[from..].make_ascii_lowercase();
                }
                if !self.untracked {
                    self.origin.extend(at as u32..run as u32);
                }
                last_was_space = bytes[run - 1] == b' ';
                at = run;
                continue;
            }
            let b = bytes[at];
            if b.is_ascii_whitespace() {
                if !last_was_space {
                    self.push(' ', at);
                    last_was_space = true;
                }
                at += 1;
                continue;
            }
            if b == b'`' {
                self.push('\'', at);
                last_was_space = false;
                at += 1;
                continue;
            }
            let c = original[at..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            self.fold_char(c, at, case, &mut last_was_space);
            at += len;
        }
    }

    /// Folds one character that is not ASCII, from byte `at` of the original.
    fn fold_char(&mut self, c: char, at: usize, case: Case, last_was_space: &mut bool) {
        if c.is_whitespace() {
            if !*last_was_space {
                self.push(' ', at);
                *last_was_space = true;
            }
            return;
        }
        *last_was_space = false;
        match fold_special(c) {
            Special::Drop => {}
            Special::Char(d) if case == Case::Fold => self.push(d.to_ascii_lowercase(), at),
            Special::Char(d) => self.push(d, at),
            Special::Pair(a, b) => {
                self.push(cased(a, c.is_uppercase(), case), at);
                self.push(b, at);
            }
            Special::None => {
                decompose_compatible(c, |d| {
                    if is_combining_mark(d) {
                        return;
                    }
                    match case {
                        Case::Fold => {
                            for l in d.to_lowercase() {
                                // `İ` lower-cases to `i` + a combining dot: drop the dot.
                                if !is_combining_mark(l) {
                                    self.push(l, at);
                                }
                            }
                        }
                        Case::Keep => self.push(d, at),
                    }
                });
            }
        }
    }

    fn push(&mut self, c: char, origin: usize) {
        self.text.push(c);
        if self.untracked {
            return;
        }
        let n = c.len_utf8();
        for _ in 0..n {
            self.origin.push(origin as u32);
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The range of the view that the original characters in `range` (a byte range of
    /// `original`) folded to, searched from view byte `from` on (the end of the range asked
    /// before, when asking for ranges in increasing order, which walks the view once). Folding works one character at a time, so this
    /// is `original[range]` folded alone, unless it starts with white space that follows
    /// white space (a run of white space folds to one space, and the view has it already).
    pub fn view_range(&self, range: Range<usize>, from: usize) -> Range<usize> {
        let origin = &self.origin;
        let len = origin.len();
        let mut start = from.min(len);
        let (lo, hi) = (range.start as u32, range.end as u32);
        while start < len && origin[start] < lo {
            start += 1;
        }
        // Most words are copied byte for byte: their view is as long as they are, which
        // two offsets confirm (offsets only grow along the view).
        let guess = start + range.len();
        if guess > start
            && guess <= len
            && origin[guess - 1] < hi
            && origin.get(guess).is_none_or(|&o| o >= hi)
        {
            return start..guess;
        }
        let mut end = start;
        while end < len && origin[end] < hi {
            end += 1;
        }
        start..end
    }

    /// Maps a byte range of the view back to the byte range of `original` it covers.
    ///
    /// The start is the start of the original character that produced the first byte; the
    /// end is the end of the original character that produced the last byte, extended over
    /// any characters that folded to nothing right after it (combining marks, zero-width
    /// characters), so that `e` + U+0301 stays whole. `original` must be the text this view
    /// was filled from.
    pub fn to_original(&self, original: &str, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.origin.len() {
            let at = self
                .origin
                .get(range.start)
                .map_or(original.len(), |&o| o as usize);
            return at..at;
        }
        let start = self.origin[range.start] as usize;
        let last = self.origin[range.end - 1] as usize;
        let mut end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        // The next byte of the view (if any) tells where the next visible character starts;
        // everything in between folded to nothing and belongs to this span.
        let next = self.origin.get(range.end).map(|&o| o as usize);
        for c in original[end..].chars() {
            if Some(end) == next || !folds_to_nothing(c) {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }
}

/// Folds one string (a gazetteer form, say) the way [`Normalised::fill`] folds a text.
pub fn fold(text: &str, case: Case) -> String {
    let mut out = String::new();
    fold_into(text, case, &mut out);
    out
}

/// Appends the folded form of `text` to `out` (for arenas of folded words).
pub fn fold_into(text: &str, case: Case, out: &mut String) {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_whitespace() || b == b'`') {
        // Fast path: ASCII words fold by lower-casing alone.
        match case {
            Case::Fold => out.extend(text.bytes().map(|b| b.to_ascii_lowercase() as char)),
            Case::Keep => out.push_str(text),
        }
        return;
    }
    let mut n = Normalised {
        untracked: true,
        text: std::mem::take(out),
        ..Normalised::default()
    };
    let keep = n.text.len();
    n.fill_from(text, case, keep);
    *out = n.text;
}

/// Appends `text` lower-cased with its accents kept (`À` → `à`), apostrophes, dashes,
/// ligatures and invisible characters folded as [`fold_into`] folds them. Rule literals
/// compare on this form, so that `"à"` and `"a"` stay two words.
pub fn fold_accented_into(text: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    // Text is nearly always composed already: composing is only worth it with a mark.
    let composed: String;
    let text = if text.chars().any(is_combining_mark) {
        composed = text.nfc().collect();
        composed.as_str()
    } else {
        text
    };
    for c in text.chars() {
        match fold_special(c) {
            Special::Drop => {}
            Special::Char(f) => out.push(f.to_ascii_lowercase()),
            Special::Pair(a, b) => {
                out.push(a);
                out.push(b);
            }
            Special::None => out.extend(c.to_lowercase()),
        }
    }
}

enum Special {
    /// Not special: decompose, drop marks, lower-case.
    None,
    /// Folds to nothing.
    Drop,
    /// Folds to this character.
    Char(char),
    /// Folds to two characters (ligatures).
    Pair(char, char),
}

fn cased(c: char, upper: bool, case: Case) -> char {
    if upper && case == Case::Keep {
        c.to_ascii_uppercase()
    } else {
        c
    }
}

fn fold_special(c: char) -> Special {
    match c {
        // Apostrophes and the characters typed for them.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' | '\u{02B9}'
        | '\u{FF07}' => Special::Char('\''),
        // Hyphens, dashes and minus signs.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Special::Char('-'),
        // Zero-width and invisible formatting characters.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        | '\u{FE0F}' | '\u{FE0E}' => Special::Drop,
        'œ' | 'Œ' => Special::Pair('o', 'e'),
        'æ' | 'Æ' => Special::Pair('a', 'e'),
        'ß' | 'ẞ' => Special::Pair('s', 's'),
        'ø' | 'Ø' => Special::Char(if c == 'Ø' { 'O' } else { 'o' }),
        'đ' | 'Đ' => Special::Char(if c == 'Đ' { 'D' } else { 'd' }),
        'ł' | 'Ł' => Special::Char(if c == 'Ł' { 'L' } else { 'l' }),
        'ı' => Special::Char('i'),
        _ => Special::None,
    }
}

/// Whether `c` produces no byte in the view (and so belongs to the character before it).
fn folds_to_nothing(c: char) -> bool {
    if c.is_ascii() || c.is_whitespace() {
        return false;
    }
    match fold_special(c) {
        Special::Drop => true,
        Special::None => {
            let mut any = false;
            decompose_compatible(c, |d| any |= !is_combining_mark(d));
            !any
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (original, folded) pairs: the table of what folding does.
    const FOLDS: &[(&str, &str)] = &[
        ("Etats-Unis", "etats-unis"),
        ("ÉTATS‑UNIS", "etats-unis"),
        ("d’Idlib", "d'idlib"),
        ("l\u{2018}OTAN", "l'otan"),
        ("a\u{00A0}\u{202F} \tb\n\nc", "a b c"),
        ("Œuvre cœur", "oeuvre coeur"),
        ("Straße", "strasse"),
        ("Erdoğan", "erdogan"),
        ("Mevlüt Çavuşoğlu", "mevlut cavusoglu"),
        ("İstanbul", "istanbul"),
        ("e\u{0301}te\u{0301}", "ete"),
        ("ﬁn", "fin"),
        ("a\u{00AD}b\u{200B}c", "abc"),
        ("Łódź", "lodz"),
        ("nord–ouest — sud", "nord-ouest - sud"),
        ("", ""),
        ("🇫🇷 ok", "🇫🇷 ok"),
    ];

    #[test]
    fn folding_table() {
        for &(original, want) in FOLDS {
            assert_eq!(fold(original, Case::Fold), want, "folding {original:?}");
        }
    }

    #[test]
    fn keep_case_folds_accents_only() {
        assert_eq!(fold("ÉTATS‑Unis d’Œil", Case::Keep), "ETATS-Unis d'Oeil");
        assert_eq!(fold("Tours", Case::Keep), "Tours");
    }

    #[test]
    fn offsets_map_back() {
        let original = "Selon l’Observatoire, É\u{0301}lan à Saraqeb.";
        let mut n = Normalised::new();
        n.fill(original, Case::Fold);
        let view = n.as_str();
        for needle in ["observatoire", "elan", "saraqeb", "l'observatoire"] {
            let at = view.find(needle).unwrap();
            let back = n.to_original(original, at..at + needle.len());
            assert_eq!(fold(&original[back.clone()], Case::Fold), needle);
        }
        let at = view.find("elan").unwrap();
        let back = n.to_original(original, at..at + 4);
        assert_eq!(&original[back], "É\u{0301}lan");
    }

    #[test]
    fn trailing_combining_mark_stays_with_its_letter() {
        let original = "cafe\u{0301} noir";
        let mut n = Normalised::new();
        n.fill(original, Case::Fold);
        let back = n.to_original(original, 0..4);
        assert_eq!(&original[back], "cafe\u{0301}");
    }

    /// Folds `original` one character at a time, the plain way `fill_from` takes
    /// shortcuts around.
    fn fold_by_char(original: &str, case: Case) -> Normalised {
        let mut n = Normalised::new();
        let mut last_was_space = false;
        for (at, c) in original.char_indices() {
            match c {
                '`' => {
                    n.push('\'', at);
                    last_was_space = false;
                }
                c if c.is_ascii() && !c.is_ascii_whitespace() => {
                    let c = if case == Case::Fold {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    };
                    n.push(c, at);
                    last_was_space = false;
                }
                c => n.fold_char(c, at, case, &mut last_was_space),
            }
        }
        n
    }

    proptest::proptest! {
        #[test]
        fn runs_fold_as_characters_do(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Le", " ", "  ", "\t", "\n\n", "\r\n", "`", "É", "é", "\u{a0}", "\u{202f}",
                    "’", "œ", "ﬁ", "e\u{301}", "\u{200b}", "İ", "½", "MAJ", "x", ".", "-", "–",
                ]),
                0..24,
            ),
            keep_case in proptest::bool::ANY,
        ) {
            let original: String = parts.concat();
            let case = if keep_case { Case::Keep } else { Case::Fold };
            let want = fold_by_char(&original, case);
            let mut got = Normalised::new();
            got.fill(&original, case);
            proptest::prop_assert_eq!(got.as_str(), want.as_str());
            proptest::prop_assert_eq!(&got.origin, &want.origin);
            // Each part asked for in turn, as the rules' stage asks for its tokens (those
            // that do not start with white space), from where the one before ended: the
            // same range as scanning every offset from the view's start.
            let (mut at, mut from) = (0, 0);
            for part in &parts {
                let range = at..at + part.len();
                at = range.end;
                if part.starts_with(char::is_whitespace) {
                    continue;
                }
                let o = &want.origin;
                let start = o.iter().position(|&x| x as usize >= range.start).unwrap_or(o.len());
                let end = start + o[start..].iter().take_while(|&&x| (x as usize) < range.end).count();
                let got_range = got.view_range(range, from);
                proptest::prop_assert_eq!(got_range.clone(), start..end);
                from = got_range.end;
            }
        }
    }
}
