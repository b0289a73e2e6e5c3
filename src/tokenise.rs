//! French tokeniser and sentence splitter for (often scraped, messy) news text.
//!
//! Tokens are byte spans into the caller's text, so nothing is copied and the
//! output vector can be reused across documents. Both passes are a single
//! left-to-right scan with an ASCII fast path; word lists are `match`
//! statements so lookups compile to a few comparisons.
//!
//! One deliberate exception to "tokens never contain whitespace": a
//! [`TokenKind::Number`] written with digit-group separators (`948 000`,
//! `12\u{202f}500`) is one token and keeps its single separator characters.

#![forbid(unsafe_code)]

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

/// What a token is, coarsely; later rules refine it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (any script), possibly with digits, internal hyphens, internal
    /// apostrophes and dots (domains, acronyms, abbreviations).
    Word,
    /// Starts with an ASCII digit: `2020`, `3,6`, `948 000`, `1er`, `19h30`.
    Number,
    /// Punctuation: `. , ; : ! ? … ( ) [ ] – — -`, stray apostrophes, `-t-`.
    Punct,
    /// An opening quotation mark: `«`, `“`, `„`, `‹`, or a straight `"` that
    /// looks like an opener.
    QuoteOpen,
    /// A closing quotation mark: `»`, `”`, `›`, or a straight `"` that looks
    /// like a closer.
    QuoteClose,
    /// A straight `"` whose direction could not be guessed from its context.
    Quote,
    /// Anything else that is not whitespace: `%`, `€`, emoji, URLs.
    Symbol,
}

/// A token: byte offsets into the original text (end exclusive) and flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Coarse class of the token.
    pub kind: TokenKind,
    /// Bit set of the `Token::*` flag constants.
    pub flags: u8,
}

impl Token {
    /// An elided article/pronoun/conjunction (`l'`, `qu’`); the apostrophe is
    /// part of the token.
    pub const ELIDED: u8 = 1 << 0;
    /// The subject pronoun of an inversion (`il` in `a-t-il`, `elle` in
    /// `dit-elle`): the strongest cue for an attribution.
    pub const INVERTED_SUBJECT: u8 = 1 << 1;
    /// The first character is uppercase.
    pub const CAPITALISED: u8 = 1 << 2;
    /// At least two letters and none of them lowercase (`OTAN`, `U.S.A.`).
    pub const ALL_CAPS: u8 = 1 << 3;
    /// A title, abbreviation, initial or dotted acronym (`M.`, `Mme`, `J.`,
    /// `etc.`, `U.S.A.`); a trailing period belongs to the token.
    pub const ABBREVIATION: u8 = 1 << 4;
    /// Whitespace (of any kind) immediately precedes the token.
    pub const SPACE_BEFORE: u8 = 1 << 5;
    /// First token of the text or first token after a blank line.
    pub const PARAGRAPH_START: u8 = 1 << 6;

    /// Whether every bit of `flag` is set.
    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag == flag
    }

    /// The token's text; empty if the token does not belong to `text`
    /// (never panics, so callers can pass tokens around freely).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty (never true for tokens made by [`tokenise`]).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A sentence: byte span and the range of its tokens in the token vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Start of the first token.
    pub start: usize,
    /// End of the last token.
    pub end: usize,
    /// Indices of its tokens in the slice given to [`split_sentences`].
    pub tokens: Range<usize>,
}

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/// Decodes the char at byte `i`; `None` at the end or off a char boundary.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The char ending at byte `i`, if any.
#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Invisible format characters that must neither split a word nor become a
/// token: zero-width space/joiners, BOM, soft hyphen, bidi controls,
/// variation selectors.
#[inline]
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Characters that attach to whatever precedes them.
#[inline]
fn is_attaching(c: char) -> bool {
    !c.is_ascii() && (is_invisible(c) || is_combining_mark(c))
}

/// `char::is_alphabetic` with a fast path for the Latin letters of French
/// (U+00C0–U+024F are all letters but `×` and `÷`); the generic lookup was a
/// measurable share of tokenising time.
#[inline]
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

/// Characters that continue a word.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        c != '×' && c != '÷'
    } else {
        // U+02BC is a letter to Unicode but an apostrophe in French text.
        (c.is_alphanumeric() && c != '\u{02BC}') || is_attaching(c)
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

#[inline]
fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Separators allowed between groups of three digits.
#[inline]
fn is_group_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

#[inline]
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

#[inline]
fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

#[inline]
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '–' | '—' | '\u{2015}' | '\u{2212}'
    )
}

#[inline]
fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '{' | '}' | '¡' | '¿' | '‘' | '‚' | '\''
    ) || is_dash(c)
        || is_apostrophe(c)
}

/// Emoji pieces that glue onto the preceding symbol.
#[inline]
fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}') || is_attaching(c)
}

#[inline]
fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/// Lower-cases an ASCII word of at most 8 bytes into `buf`; `None` otherwise.
#[inline]
fn ascii_lower<'b>(w: &str, buf: &'b mut [u8; 8]) -> Option<&'b [u8]> {
    let b = w.as_bytes();
    if b.len() > buf.len() || !b.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    Some(&buf[..b.len()])
}

/// Words split off before an apostrophe (`l'`, `qu'`, `jusqu'`…), any case.
fn is_elision(w: &str) -> bool {
    let mut buf = [0u8; 8];
    matches!(
        ascii_lower(w, &mut buf),
        Some(
            b"l" | b"d"
                | b"j"
                | b"m"
                | b"n"
                | b"s"
                | b"t"
                | b"c"
                | b"qu"
                | b"jusqu"
                | b"lorsqu"
                | b"puisqu"
                | b"quoiqu"
        )
    )
}

/// Abbreviations that take a period, which then belongs to the token.
/// Case-sensitive: `M.` is a title, `m.` (metre) may end a sentence.
fn is_period_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "M" | "MM"
            | "Mme"
            | "Mmes"
            | "Mlle"
            | "Mlles"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "Drs"
            | "Pr"
            | "Prof"
            | "Me"
            | "Mgr"
            | "St"
            | "Ste"
            | "Sts"
            | "Stes"
            | "Cie"
            | "Gén"
            | "Gal"
            | "Col"
            | "Cdt"
            | "Lt"
            | "Sgt"
            | "Jr"
            | "Sr"
            | "Av"
            | "av"
            | "apr"
            | "bd"
            | "Bd"
            | "etc"
            | "cf"
            | "Cf"
            | "p"
            | "pp"
            | "chap"
            | "coll"
            | "éd"
            | "réf"
            | "tél"
            | "Tél"
            | "vs"
    )
}

/// Titles written without a period that still mark a following name.
/// (`Me` is handled separately: it is also the pronoun `me`.)
fn is_bare_title(w: &str) -> bool {
    matches!(
        w,
        "Mme" | "Mmes" | "Mlle" | "Mlles" | "Dr" | "Pr" | "Mgr" | "St" | "Ste"
    )
}

/// Subject pronouns that can follow an inverted verb.
fn is_subject_pronoun(w: &[u8]) -> bool {
    let mut buf = [0u8; 8];
    if w.len() > buf.len() {
        return false;
    }
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    matches!(
        &buf[..w.len()],
        b"je" | b"tu" | b"il" | b"elle" | b"on" | b"nous" | b"vous" | b"ils" | b"elles" | b"ce"
    )
}

/// Hyphenated compounds that look like inversions but are not
/// (`rendez-vous`, `chez-nous`, `entre-nous`).
fn is_inversion_exception(before: &str, pronoun: &[u8]) -> bool {
    let last = before
        .rsplit(['-', '\u{2010}', '\u{2011}'])
        .next()
        .unwrap_or("");
    let mut buf = [0u8; 8];
    match ascii_lower(last, &mut buf) {
        Some(b"chez" | b"entre") => true,
        Some(b"rendez") => pronoun.eq_ignore_ascii_case(b"vous"),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Tokeniser
// ---------------------------------------------------------------------------

/// Tokenises `text` into `out` (cleared first; the buffer is reused between
/// documents for speed).
pub fn tokenise(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut s = Scanner {
        text,
        out,
        pending: Token::PARAGRAPH_START,
        line_breaks: 0,
    };
    s.run();
}

/// Scanning state; `pending` holds flags owed to the next emitted token.
struct Scanner<'t, 'o> {
    text: &'t str,
    out: &'o mut Vec<Token>,
    pending: u8,
    /// Line breaks seen in the current run of whitespace (blank line => 2).
    line_breaks: u8,
}

impl Scanner<'_, '_> {
    fn run(&mut self) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some((c, l)) = char_at(text, i) else {
                break;
            };
            if c.is_whitespace() {
                self.whitespace(c, i);
                i += l;
                continue;
            }
            if is_attaching(c) {
                i = self.attach(i);
                continue;
            }
            let next = if c.is_ascii_digit() {
                self.number(i)
            } else if c != '_' && is_word_char(c) {
                if matches!(c, 'h' | 'H' | 'w' | 'W') {
                    if let Some(end) = self.url(i) {
                        self.emit(i, end, TokenKind::Symbol, 0);
                        i = end;
                        continue;
                    }
                }
                self.word(i)
            } else {
                self.other(i, c, l)
            };
            // Every branch consumes input; this guard makes that a guarantee.
            if next > i {
                i = next;
            } else {
                self.emit(i, i + l, TokenKind::Symbol, 0);
                i += l;
            }
        }
    }

    /// Records whitespace: sets SPACE_BEFORE and counts line breaks so that a
    /// blank line makes the next token a paragraph start.
    #[inline]
    fn whitespace(&mut self, c: char, i: usize) {
        self.pending |= Token::SPACE_BEFORE;
        if c == '\u{2029}' {
            self.pending |= Token::PARAGRAPH_START;
        } else if is_line_break(c) {
            // `\r\n` counts once.
            if c == '\n' && i > 0 && self.text.as_bytes()[i - 1] == b'\r' {
                return;
            }
            self.line_breaks = self.line_breaks.saturating_add(1);
            if self.line_breaks >= 2 {
                self.pending |= Token::PARAGRAPH_START;
            }
        }
    }

    /// Combining marks and invisible characters with no word to sit in:
    /// glue them onto an adjacent previous token, drop invisibles, and make
    /// a Symbol of orphan combining marks.
    fn attach(&mut self, start: usize) -> usize {
        let mut i = start;
        let mut has_mark = false;
        while let Some((c, l)) = char_at(self.text, i) {
            if !is_attaching(c) {
                break;
            }
            has_mark |= !is_invisible(c);
            i += l;
        }
        match self.out.last_mut() {
            Some(last) if last.end == start => last.end = i,
            _ if has_mark => self.emit(start, i, TokenKind::Symbol, 0),
            _ => {}
        }
        i
    }

    #[inline]
    fn emit(&mut self, start: usize, end: usize, kind: TokenKind, mut flags: u8) {
        if start >= end {
            return;
        }
        flags |= self.pending;
        self.pending = 0;
        self.line_breaks = 0;
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            flags |= case_flags(&self.text[start..end]);
        }
        self.out.push(Token {
            start,
            end,
            kind,
            flags,
        });
    }

    /// Consumes word characters from `i` (ASCII through a table).
    #[inline]
    fn skip_word_chars(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            i += bytes[i.min(bytes.len())..]
                .iter()
                .position(|&b| ASCII[b as usize] & WORD == 0)
                .unwrap_or(bytes.len().saturating_sub(i));
            match bytes.get(i) {
                Some(&b) if b >= 0x80 => match char_at(self.text, i) {
                    Some((c, l)) if is_word_char(c) => i += l,
                    _ => return i,
                },
                _ => return i,
            }
        }
    }

    /// `http://…`, `https://…`, `www.…` up to whitespace, minus trailing
    /// punctuation; one Symbol token so dots and slashes do not fragment it.
    fn url(&self, i: usize) -> Option<usize> {
        let rest = &self.text.as_bytes()[i..];
        let plen = [&b"http://"[..], b"https://", b"www."]
            .into_iter()
            .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p))?
            .len();
        let mut end = i;
        while let Some((c, l)) = char_at(self.text, end) {
            if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '«' | '»' | '“' | '”') {
                break;
            }
            end += l;
        }
        while let Some(c) = char_before(self.text, end).filter(|_| end > i + plen) {
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '…') || is_apostrophe(c)
            {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        // A bare prefix (`www.`, `http://`) is not a URL.
        (end > i + plen).then_some(end)
    }

    fn number(&mut self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let digits = |mut j: usize| {
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            j
        };
        let mut i = digits(start);
        let mut groupable = i - start <= 3;
        loop {
            match char_at(self.text, i) {
                Some(('.' | ',', 1)) if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    i = digits(i + 1);
                    groupable = false;
                }
                Some((c, l)) if groupable && is_group_sep(c) => {
                    let g = i + l;
                    let ge = digits(g);
                    if ge - g == 3 {
                        i = ge;
                    } else {
                        break;
                    }
                }
                Some((c, _)) if c.is_alphabetic() => {
                    // Ordinals and units glued to the number: `1er`, `19h30`.
                    i = self.skip_word_chars(i);
                    break;
                }
                Some((c, _)) if is_attaching(c) => i = self.skip_word_chars(i),
                _ => break,
            }
        }
        self.emit(start, i, TokenKind::Number, 0);
        i
    }

    fn word(&mut self, start: usize) -> usize {
        let text = self.text;
        let mut i = start;
        loop {
            i = self.skip_word_chars(i);
            let Some((c, l)) = char_at(text, i) else {
                break;
            };
            let after = i + l;
            let next = char_at(text, after);
            let next_is_word = next.is_some_and(|(n, _)| is_word_char(n) && !is_attaching(n));
            if is_apostrophe(c) {
                let w = &text[start..i];
                if is_elision(w) && !is_name_with_apostrophe(text, start, after) {
                    self.emit(start, after, TokenKind::Word, Token::ELIDED);
                    return after;
                }
                if next_is_word {
                    i = after;
                    continue;
                }
                break;
            }
            if is_word_hyphen(c) {
                if !next_is_word {
                    break;
                }
                if let Some(end) = self.inversion(start, i, after) {
                    return end;
                }
                i = after;
                continue;
            }
            if c == '.' {
                return self.word_dot(start, i);
            }
            if matches!(c, '°' | 'º') && matches!(&text[start..i], "n" | "N") {
                self.emit(start, after, TokenKind::Word, Token::ABBREVIATION);
                return after;
            }
            break;
        }
        let mut flags = 0;
        let w = &text[start..i];
        if is_bare_title(w) || (w == "Me" && followed_by_capital(text, i)) {
            flags = Token::ABBREVIATION;
        }
        if let Some(cut) = glued_sentence_start(w) {
            // A headline run into the next paragraph: `détruitsSelon`, `ParisSi`.
            self.emit(start, start + cut, TokenKind::Word, 0);
            self.emit(start + cut, i, TokenKind::Word, 0);
            return i;
        }
        self.emit(start, i, TokenKind::Word, flags);
        i
    }

    /// At a hyphen (byte `h`, next char at `after`) inside a word: splits
    /// `verb-pronoun` and `verb-t-pronoun` and returns the end, or `None`.
    fn inversion(&mut self, start: usize, h: usize, after: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        // Optional euphonic `t-` (also the common misspelling `t'`).
        let mut p = after;
        if matches!(bytes.get(after), Some(b't' | b'T')) {
            if let Some((c, l)) = char_at(self.text, after + 1) {
                if c == '-' || is_apostrophe(c) {
                    p = after + 1 + l;
                }
            }
        }
        let mut pe = p;
        while pe - p <= 5 && bytes.get(pe).is_some_and(u8::is_ascii_alphabetic) {
            pe += 1;
        }
        let pronoun = &bytes[p..pe];
        if pe == p || !is_subject_pronoun(pronoun) {
            return None;
        }
        // The pronoun must end the compound: `Stratford-on-Avon` is a name.
        let continues = |j: usize| char_at(self.text, j).is_some_and(|(c, _)| is_word_char(c));
        match char_at(self.text, pe) {
            Some((c, _)) if is_word_char(c) => return None,
            Some((c, l)) if is_word_hyphen(c) && continues(pe + l) => return None,
            _ => {}
        }
        if is_inversion_exception(&self.text[start..h], pronoun) {
            return None;
        }
        self.emit(start, h, TokenKind::Word, 0);
        self.emit(h, p, TokenKind::Punct, 0);
        self.emit(p, pe, TokenKind::Word, Token::INVERTED_SUBJECT);
        Some(pe)
    }

    /// A word (`start..dot`) followed by `.`: abbreviation, initial, dotted
    /// acronym, domain/version, or plain end of word.
    fn word_dot(&mut self, start: usize, dot: usize) -> usize {
        let text = self.text;
        let w = &text[start..dot];
        let after = dot + 1;
        let next = char_at(text, after).map(|(c, _)| c);
        if next == Some('.') {
            // `etc...`, `mot...`: a trailing ellipsis, not an abbreviation.
            self.emit(start, dot, TokenKind::Word, 0);
            return dot;
        }
        let mut cs = w.chars();
        if let (Some(first), None) = (cs.next(), cs.next()) {
            if first.is_alphabetic() {
                let (end, letters) = self.dotted_letters(after, first.is_uppercase());
                if letters >= 1 || first.is_uppercase() || is_period_abbreviation(w) {
                    self.emit(start, end, TokenKind::Word, Token::ABBREVIATION);
                    return end;
                }
            }
        }
        if is_period_abbreviation(w) {
            self.emit(start, after, TokenKind::Word, Token::ABBREVIATION);
            return after;
        }
        if let Some(n) = next {
            if n.is_alphanumeric() && !n.is_uppercase() {
                // Domain or version number: `lemonde.fr`, `v1.2`.
                let mut i = after;
                loop {
                    i = self.skip_word_chars(i);
                    match char_at(text, i) {
                        Some(('.' | '-', 1))
                            if char_at(text, i + 1)
                                .is_some_and(|(c, _)| c.is_alphanumeric() && !c.is_uppercase()) =>
                        {
                            i += 1
                        }
                        _ => break,
                    }
                }
                self.emit(start, i, TokenKind::Word, 0);
                return i;
            }
        }
        self.emit(start, dot, TokenKind::Word, 0);
        dot
    }

    /// After `X.`: consumes further single letters each followed by `.`
    /// (optionally preceded by `-`, for `J.-C.`). Returns the end and how
    /// many extra letters were consumed. A last letter without its period
    /// (`U.S.A`) is taken only if `undotted_last` and no apostrophe follows
    /// (`km/h.L'histoire` is a glued sentence, not an acronym).
    fn dotted_letters(&self, mut i: usize, undotted_last: bool) -> (usize, usize) {
        let text = self.text;
        let mut end = i;
        let mut letters = 0;
        loop {
            let mut k = i;
            if text.as_bytes().get(k) == Some(&b'-') {
                k += 1;
            }
            let Some((c, l)) = char_at(text, k) else {
                break;
            };
            if !c.is_alphabetic() || char_at(text, k + l).is_some_and(|(n, _)| is_word_char(n)) {
                break;
            }
            k += l;
            if text.as_bytes().get(k) == Some(&b'.') && text.as_bytes().get(k + 1) != Some(&b'.') {
                letters += 1;
                end = k + 1;
                i = k + 1;
            } else {
                if undotted_last && !char_at(text, k).is_some_and(|(n, _)| is_apostrophe(n)) {
                    letters += 1;
                    end = k;
                }
                break;
            }
        }
        (end, letters)
    }

    /// Punctuation, quotes and symbols.
    fn other(&mut self, i: usize, c: char, l: usize) -> usize {
        let text = self.text;
        if is_terminal_char(c) {
            let mut j = i + l;
            while let Some((n, nl)) = char_at(text, j) {
                if !is_terminal_char(n) {
                    break;
                }
                j += nl;
            }
            self.emit(i, j, TokenKind::Punct, 0);
            return j;
        }
        let kind = match c {
            '«' | '“' | '„' | '‹' => TokenKind::QuoteOpen,
            '»' | '”' | '›' => TokenKind::QuoteClose,
            '"' => straight_quote_kind(text, i),
            _ if is_punct_char(c) => TokenKind::Punct,
            _ => {
                let end = self.symbol_end(i, c, l);
                self.emit(i, end, TokenKind::Symbol, 0);
                return end;
            }
        };
        self.emit(i, i + l, kind, 0);
        i + l
    }

    /// Extends a symbol over emoji modifiers, ZWJ sequences and flag pairs so
    /// that one pictograph is one token.
    fn symbol_end(&self, i: usize, c: char, l: usize) -> usize {
        let text = self.text;
        let mut j = i + l;
        if is_regional_indicator(c) {
            if let Some((n, nl)) = char_at(text, j) {
                if is_regional_indicator(n) {
                    j += nl;
                }
            }
        }
        while let Some((n, nl)) = char_at(text, j) {
            if n == '\u{200D}' {
                j += nl;
                match char_at(text, j) {
                    Some((m, ml))
                        if !m.is_ascii() && !m.is_alphanumeric() && !m.is_whitespace() =>
                    {
                        j += ml
                    }
                    _ => break,
                }
            } else if is_emoji_modifier(n) {
                j += nl;
            } else {
                break;
            }
        }
        j
    }
}

/// `N'Djamena`, `M'Bappé`: a capital `N`/`M` + apostrophe + capital +
/// lowercase is a name, not an elision (which would be `N'importe`).
/// Words that open a sentence often enough that, glued without a space to the end of
/// a lower-case word, they mark a headline run into the next paragraph. A closed list,
/// so that names written in camel case (`BlackRock`, `JavaScript`) stay whole.
const GLUED_OPENERS: &[&str] = &[
    "Alors",
    "Après",
    "Au",
    "Aux",
    "Avant",
    "Avec",
    "Ce",
    "Cela",
    "Ces",
    "Cette",
    "Dans",
    "Depuis",
    "Des",
    "Elle",
    "Elles",
    "En",
    "Enfin",
    "Et",
    "Face",
    "Il",
    "Ils",
    "Interrogé",
    "Interrogée",
    "Invité",
    "Invitée",
    "La",
    "Le",
    "Les",
    "Lors",
    "Mais",
    "Selon",
    "Si",
    "Sur",
    "Un",
    "Une",
    "Pour",
    "Pourtant",
    "Quant",
    "Parmi",
    "Pendant",
    "Outre",
    "Ainsi",
    "Lundi",
    "Mardi",
    "Mercredi",
    "Jeudi",
    "Vendredi",
    "Samedi",
    "Dimanche",
    "Jusqu",
];

/// The byte offset where a glued sentence opener starts inside `w`, when `w` is at least
/// three lower-case letters followed by one of [`GLUED_OPENERS`].
fn glued_sentence_start(w: &str) -> Option<usize> {
    let (cut, c) = w.char_indices().skip(3).find(|&(_, c)| c.is_uppercase())?;
    let before = &w[..cut];
    let lower_run = before
        .chars()
        .rev()
        .take_while(|c| c.is_lowercase())
        .count();
    (lower_run >= 3 && c.is_uppercase() && GLUED_OPENERS.contains(&&w[cut..])).then_some(cut)
}

fn is_name_with_apostrophe(text: &str, start: usize, after: usize) -> bool {
    if !matches!(text.as_bytes().get(start), Some(b'N' | b'M')) {
        return false;
    }
    let Some((a, al)) = char_at(text, after) else {
        return false;
    };
    a.is_uppercase() && char_at(text, after + al).is_some_and(|(b, _)| b.is_lowercase())
}

/// Whether whitespace then an uppercase letter follows byte `i`.
fn followed_by_capital(text: &str, mut i: usize) -> bool {
    let mut saw_space = false;
    while let Some((c, l)) = char_at(text, i) {
        if c.is_whitespace() {
            saw_space = true;
            i += l;
        } else {
            return saw_space && c.is_uppercase();
        }
    }
    false
}

/// Guesses the direction of a straight `"` from its neighbours: after
/// whitespace/start/opener it opens, before whitespace/punctuation/end it
/// closes; glued between letters it stays unknown.
fn straight_quote_kind(text: &str, i: usize) -> TokenKind {
    let prev = char_before(text, i);
    let next = char_at(text, i + 1).map(|(c, _)| c);
    let open_side = match prev {
        None => true,
        Some(p) => p.is_whitespace() || matches!(p, '(' | '[' | '{' | '«' | '“' | '‹' | '„'),
    };
    let close_side = match next {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || matches!(
                    n,
                    '.' | ',' | ';' | ':' | '!' | '?' | '…' | ')' | ']' | '}' | '»' | '”'
                )
        }
    };
    match (open_side, close_side) {
        (true, false) => TokenKind::QuoteOpen,
        (false, true) => TokenKind::QuoteClose,
        // `danger."par France Inter`: after end punctuation, a lower-case word goes on
        // the sentence outside the quotation; a capital would open a new one.
        (false, false)
            if matches!(prev, Some('.' | '!' | '?' | '…'))
                && next.is_some_and(char::is_lowercase) =>
        {
            TokenKind::QuoteClose
        }
        (false, false)
            if matches!(
                prev,
                Some(':' | ',' | ';' | '-' | '–' | '—' | '.' | '!' | '?' | '…')
            ) =>
        {
            TokenKind::QuoteOpen
        }
        _ => TokenKind::Quote,
    }
}

/// What an ASCII byte is, for the loops that read every byte of a word: a word
/// character (letters, digits, `_`), a letter, a lower-case letter. Bytes from 0x80 on are
/// none of these (their characters are looked at whole).
const WORD: u8 = 1;
const LETTER: u8 = 2;
const LOWER: u8 = 4;
static ASCII: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            table[b] |= WORD;
        }
        if c.is_ascii_alphabetic() {
            table[b] |= LETTER;
        }
        if c.is_ascii_lowercase() {
            table[b] |= LOWER;
        }
        b += 1;
    }
    table
};

/// CAPITALISED / ALL_CAPS for a word or number.
#[inline]
fn case_flags(s: &str) -> u8 {
    let mut flags = 0;
    let mut letters = 0u32;
    let mut lower = false;
    if s.is_ascii() {
        let b = s.as_bytes();
        if b.first().is_some_and(u8::is_ascii_uppercase) {
            flags |= Token::CAPITALISED;
        }
        let mut seen = 0u8;
        for &c in b {
            let class = ASCII[c as usize];
            letters += u32::from(class & LETTER != 0);
            seen |= class;
        }
        lower = seen & LOWER != 0;
    } else {
        let mut cs = s.chars();
        if cs.next().is_some_and(char::is_uppercase) {
            flags |= Token::CAPITALISED;
        }
        for c in s.chars() {
            if is_letter(c) {
                letters += 1;
                lower |= c.is_lowercase();
            }
        }
    }
    if letters >= 2 && !lower && flags & Token::CAPITALISED != 0 {
        flags |= Token::ALL_CAPS;
    }
    flags
}

// ---------------------------------------------------------------------------
// Sentence splitter
// ---------------------------------------------------------------------------

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
                    && next
                        .is_some_and(|q| is_straight_quote(text, q) && q.start == tokens[last].end);
                if closes { last + 1 } else { last }
            });
        if let Some(last) = last {
            out.push(Sentence {
                start: tokens[first].start,
                end: tokens[last].end,
                tokens: first..last + 1,
            });
            first = last + 1;
            k = last + 1;
        } else {
            k += 1;
        }
    }
}

fn is_straight_quote(text: &str, t: &Token) -> bool {
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
fn glued_quote_break(text: &str, tokens: &[Token], k: usize, open: bool) -> Option<usize> {
    let (t, q, next) = (&tokens[k], tokens.get(k + 1)?, tokens.get(k + 2)?);
    if t.end != q.start || q.end != next.start {
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

/// The text between two tokens (empty if they are not in order).
#[inline]
fn gap<'a>(text: &'a str, tokens: &[Token], a: usize, b: usize) -> &'a str {
    text.get(tokens[a].end..tokens[b].start).unwrap_or("")
}

#[inline]
fn has_line_break(s: &str) -> bool {
    s.chars().any(is_line_break)
}

#[inline]
fn has_whitespace(s: &str) -> bool {
    s.chars().any(char::is_whitespace)
}

fn first_char(text: &str, t: &Token) -> Option<char> {
    t.text(text).chars().next()
}

fn is_terminal(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct && first_char(text, t).is_some_and(is_terminal_char)
}

fn is_closer(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::QuoteClose | TokenKind::Quote => true,
        TokenKind::Punct => matches!(first_char(text, t), Some(')' | ']' | '}')),
        _ => false,
    }
}

fn is_opener(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::QuoteOpen => true,
        TokenKind::Punct => matches!(first_char(text, t), Some('(' | '[' | '{')),
        _ => false,
    }
}

/// Whether a token can begin a sentence after end punctuation.
fn can_start_sentence(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Word => t.has(Token::CAPITALISED),
        TokenKind::Number | TokenKind::QuoteOpen | TokenKind::Quote => true,
        TokenKind::Punct => first_char(text, t).is_some_and(is_dash),
        _ => false,
    }
}

/// Whether token `j`, glued to the preceding end punctuation, starts a
/// sentence: `Le` (capital + letter), `L'`, `M.`, `"Malgré`, or an AFP-style
/// subhead dash `.- "Titre" -`.
fn starts_glued_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
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
            cs.next();
            cs.next().is_some_and(char::is_alphabetic)
        }
        TokenKind::QuoteOpen | TokenKind::Quote => {
            j + 1 < tokens.len()
                && tokens[j + 1].start == t.end
                && tokens[j + 1].kind == TokenKind::Word
                && starts_glued_sentence(text, tokens, j + 1)
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
fn sentence_break_after(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
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
        if k > 0 && tokens[k - 1].end == t.start && is_opener(text, &tokens[k - 1]) {
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
            let glued_before = k > 0 && tokens[k - 1].end == t.start && {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Input → expected token texts.
    const CASES: &[(&str, &[&str])] = &[
        ("", &[]),
        ("   \n\t ", &[]),
        (
            "Selon l’Observatoire syrien des droits de l’homme (OSDH), 16 combattants",
            &[
                "Selon",
                "l’",
                "Observatoire",
                "syrien",
                "des",
                "droits",
                "de",
                "l’",
                "homme",
                "(",
                "OSDH",
                ")",
                ",",
                "16",
                "combattants",
            ],
        ),
        (
            "« Nous ne retiendrons plus ceux qui veulent se rendre en Europe », a déclaré un haut responsable turc.",
            &[
                "«",
                "Nous",
                "ne",
                "retiendrons",
                "plus",
                "ceux",
                "qui",
                "veulent",
                "se",
                "rendre",
                "en",
                "Europe",
                "»",
                ",",
                "a",
                "déclaré",
                "un",
                "haut",
                "responsable",
                "turc",
                ".",
            ],
        ),
        (
            "«Toutes les positions connues du régime [syrien] ont été prises»,",
            &[
                "«",
                "Toutes",
                "les",
                "positions",
                "connues",
                "du",
                "régime",
                "[",
                "syrien",
                "]",
                "ont",
                "été",
                "prises",
                "»",
                ",",
            ],
        ),
        (
            "plus de 948 000 personnes",
            &["plus", "de", "948 000", "personnes"],
        ),
        (
            "948\u{a0}000 et 12\u{202f}500",
            &["948\u{a0}000", "et", "12\u{202f}500"],
        ),
        ("1 000 000 €", &["1 000 000", "€"]),
        ("1\u{2009}234,5 km", &["1\u{2009}234,5", "km"]),
        ("en 2019 150 morts", &["en", "2019", "150", "morts"]),
        ("le 24 juin", &["le", "24", "juin"]),
        ("12 0000", &["12", "0000"]),
        (
            "3,6 66,1% 1.5 2020 29.24",
            &["3,6", "66,1", "%", "1.5", "2020", "29.24"],
        ),
        (
            "le 31è, le 1er, le XXe",
            &["le", "31è", ",", "le", "1er", ",", "le", "XXe"],
        ),
        ("19h30", &["19h30"]),
        ("en 2020.", &["en", "2020", "."]),
        (
            "M. Hagenbeck, le célèbre marchand",
            &["M.", "Hagenbeck", ",", "le", "célèbre", "marchand"],
        ),
        (
            "MM. Dupont et Mme Durand",
            &["MM.", "Dupont", "et", "Mme", "Durand"],
        ),
        (
            "Dr. House, Dr House, Mgr Lustiger",
            &["Dr.", "House", ",", "Dr", "House", ",", "Mgr", "Lustiger"],
        ),
        ("52 av. J.-C.", &["52", "av.", "J.-C."]),
        (
            "cf. p. 12, n° 5, N°3",
            &["cf.", "p.", "12", ",", "n°", "5", ",", "N°", "3"],
        ),
        (
            "J. Dupont et J.-L. Mélenchon",
            &["J.", "Dupont", "et", "J.-L.", "Mélenchon"],
        ),
        (
            "les U.S.A. et l'O.N.U.",
            &["les", "U.S.A.", "et", "l'", "O.N.U."],
        ),
        ("les U.S.A", &["les", "U.S.A"]),
        ("M.Dupont", &["M.", "Dupont"]),
        ("des pommes, etc. Et", &["des", "pommes", ",", "etc.", "Et"]),
        ("etc...", &["etc", "..."]),
        ("a-t-il déclaré", &["a", "-t-", "il", "déclaré"]),
        (
            "a-t-elle a-t-on A-T-IL",
            &["a", "-t-", "elle", "a", "-t-", "on", "A", "-T-", "IL"],
        ),
        ("a-t’il", &["a", "-t’", "il"]),
        ("qu'a-t-il", &["qu'", "a", "-t-", "il"]),
        (
            "dit-elle estime-t-il déclare-t-on affirment-ils",
            &[
                "dit",
                "-",
                "elle",
                "estime",
                "-t-",
                "il",
                "déclare",
                "-t-",
                "on",
                "affirment",
                "-",
                "ils",
            ],
        ),
        (
            "est-ce dis-je pensez-vous peut-on",
            &[
                "est", "-", "ce", "dis", "-", "je", "pensez", "-", "vous", "peut", "-", "on",
            ],
        ),
        ("qu'est-ce que", &["qu'", "est", "-", "ce", "que"]),
        (
            "rendez-vous chez-nous va-t-en",
            &["rendez-vous", "chez-nous", "va-t-en"],
        ),
        (
            "Saint-Denis Jean-Marie nord-ouest Maroc-Sénégal contre-attaqué",
            &[
                "Saint-Denis",
                "Jean-Marie",
                "nord-ouest",
                "Maroc-Sénégal",
                "contre-attaqué",
            ],
        ),
        ("M5 G20 COVID-19", &["M5", "G20", "COVID-19"]),
        (
            "aujourd'hui aujourd’hui presqu'île quelqu'un",
            &["aujourd'hui", "aujourd’hui", "presqu'île", "quelqu'un"],
        ),
        (
            "l'OTAN d’Idlib qu'elles jusqu'à",
            &["l'", "OTAN", "d’", "Idlib", "qu'", "elles", "jusqu'", "à"],
        ),
        (
            "L'armée D'Idlib QU'IL lorsqu'il puisqu’on quoiqu'il",
            &[
                "L'",
                "armée",
                "D'",
                "Idlib",
                "QU'",
                "IL",
                "lorsqu'",
                "il",
                "puisqu’",
                "on",
                "quoiqu'",
                "il",
            ],
        ),
        (
            "s'entretient n'est j'ai m'a t'as c'est",
            &[
                "s'",
                "entretient",
                "n'",
                "est",
                "j'",
                "ai",
                "m'",
                "a",
                "t'",
                "as",
                "c'",
                "est",
            ],
        ),
        ("lʼhomme", &["lʼ", "homme"]),
        ("c'est-à-dire", &["c'", "est-à-dire"]),
        ("d'1,5 million", &["d'", "1,5", "million"]),
        (
            "N'Djamena N'importe O'Brien",
            &["N'Djamena", "N'", "importe", "O'Brien"],
        ),
        ("Côte-d'Ivoire", &["Côte-d'Ivoire"]),
        ("'Bonjour'", &["'", "Bonjour", "'"]),
        ("‘oui’", &["‘", "oui", "’"]),
        (
            "hospitalière.Le gouvernement",
            &["hospitalière", ".", "Le", "gouvernement"],
        ),
        ("juin.Une seconde", &["juin", ".", "Une", "seconde"]),
        (
            "emplois détruitsSelon une étude",
            &["emplois", "détruits", "Selon", "une", "étude"],
        ),
        ("ParisSi l'accusation", &["Paris", "Si", "l'", "accusation"]),
        (
            "BlackRock JavaScript McDonald iPhone",
            &["BlackRock", "JavaScript", "McDonald", "iPhone"],
        ),
        ("lemonde.fr www.x.com", &["lemonde.fr", "www.x.com"]),
        (
            "voir https://www.lemonde.fr/a/b.html.",
            &["voir", "https://www.lemonde.fr/a/b.html", "."],
        ),
        ("(www.bfmtv.com)", &["(", "www.bfmtv.com", ")"]),
        ("www. x", &["www", ".", "x"]),
        ("v1.2", &["v1.2"]),
        ("km/h.L'histoire", &["km", "/", "h", ".", "L'", "histoire"]),
        ("e.g. ou h.L", &["e.g.", "ou", "h", ".", "L"]),
        (
            "sur plaintecovid.fr.Ces",
            &["sur", "plaintecovid.fr", ".", "Ces"],
        ),
        (
            "Younes Ait Hmadouch : \"Aides sociales et travail non déclaré sont le vrai nœud\"",
            &[
                "Younes",
                "Ait",
                "Hmadouch",
                ":",
                "\"",
                "Aides",
                "sociales",
                "et",
                "travail",
                "non",
                "déclaré",
                "sont",
                "le",
                "vrai",
                "nœud",
                "\"",
            ],
        ),
        (
            "— Non, dit-elle.",
            &["—", "Non", ",", "dit", "-", "elle", "."],
        ),
        ("– Oui –", &["–", "Oui", "–"]),
        (
            "Il a dit\u{202f}: «\u{202f}Oui\u{202f}!\u{202f}»",
            &["Il", "a", "dit", ":", "«", "Oui", "!", "»"],
        ),
        (
            "“des milliers de réfugiés”",
            &["“", "des", "milliers", "de", "réfugiés", "”"],
        ),
        ("„Ja“ ‹ oui ›", &["„", "Ja", "“", "‹", "oui", "›"]),
        ("Quoi ?! Vraiment...", &["Quoi", "?!", "Vraiment", "..."]),
        ("Bon… bref", &["Bon", "…", "bref"]),
        ("a\tb\u{2007}c\u{3000}d", &["a", "b", "c", "d"]),
        (
            "zero\u{200B}width soft\u{00AD}hyphen",
            &["zero\u{200B}width", "soft\u{00AD}hyphen"],
        ),
        ("\u{FEFF}Début \u{200B} fin", &["Début", "fin"]),
        ("cafe\u{301} ok", &["cafe\u{301}", "ok"]),
        (" \u{301}x", &["\u{301}", "x"]),
        ("Bravo 🇫🇷 !", &["Bravo", "🇫🇷", "!"]),
        ("👍🏽👨‍👩‍👧❤️", &["👍🏽", "👨‍👩‍👧", "❤️"]),
        ("#JO2024 @franceinfo", &["#", "JO2024", "@", "franceinfo"]),
        ("user_name", &["user_name"]),
        ("Москва и 北京", &["Москва", "и", "北京"]),
        ("x\"y", &["x", "\"", "y"]),
        ("ʼ x ʼ", &["ʼ", "x", "ʼ"]),
    ];

    /// Input → expected sentence texts.
    const SENTENCES: &[(&str, &[&str])] = &[
        ("", &[]),
        ("Il pleut. Il vente.", &["Il pleut.", "Il vente."]),
        ("Il pleut", &["Il pleut"]),
        (
            "« Bonjour ! » dit-il. Puis il part.",
            &["« Bonjour ! » dit-il.", "Puis il part."],
        ),
        (
            "« Que faire ? », a déclaré X. Fin.",
            &["« Que faire ? », a déclaré X. Fin."],
        ),
        (
            "« Que faire ? », a déclaré Pierre. Fin.",
            &["« Que faire ? », a déclaré Pierre.", "Fin."],
        ),
        (
            "M. Hagenbeck, le célèbre marchand, est venu. Il a dit oui.",
            &[
                "M. Hagenbeck, le célèbre marchand, est venu.",
                "Il a dit oui.",
            ],
        ),
        (
            "Il a vu J. Dupont hier. Ensuite MM. Durand et Dr. House.",
            &[
                "Il a vu J. Dupont hier.",
                "Ensuite MM. Durand et Dr. House.",
            ],
        ),
        (
            "Cette décision a été annoncée dans la fonction publique hospitalière.Le gouvernement avait annoncé.",
            &[
                "Cette décision a été annoncée dans la fonction publique hospitalière.",
                "Le gouvernement avait annoncé.",
            ],
        ),
        ("le 24 juin.Une seconde", &["le 24 juin.", "Une seconde"]),
        (
            "emplois détruitsSelon une étude.",
            &["emplois détruits", "Selon une étude."],
        ),
        (
            "\"Je ne comprends pas.\"Le \"but\", selon la mairie.",
            &["\"Je ne comprends pas.\"", "Le \"but\", selon la mairie."],
        ),
        (
            "Il a ironisé.\"Le vide Mme Le Pen\"Pour lui, c'est \"simple\".",
            &[
                "Il a ironisé.",
                "\"Le vide Mme Le Pen\"",
                "Pour lui, c'est \"simple\".",
            ],
        ),
        (
            "les vélos\", a dit Jacques.Retrouver \"une écologie qui rassemble\"Invité à réagir, il a parlé.",
            &[
                "les vélos\", a dit Jacques.",
                "Retrouver \"une écologie qui rassemble\"",
                "Invité à réagir, il a parlé.",
            ],
        ),
        (
            "Les jours comptent\"Tout ça pour ça\", a-t-il dit.",
            &["Les jours comptent", "\"Tout ça pour ça\", a-t-il dit."],
        ),
        ("en 2020.Le pays", &["en 2020.", "Le pays"]),
        ("prises».Le chef", &["prises».", "Le chef"]),
        ("en médecine.L'enveloppe", &["en médecine.", "L'enveloppe"]),
        (
            "du gouvernement.M. Delevoye",
            &["du gouvernement.", "M. Delevoye"],
        ),
        ("supplémentaire?S'il", &["supplémentaire?", "S'il"]),
        (
            "a estimé la CGT.\"Malgré tout\"",
            &["a estimé la CGT.", "\"Malgré tout\""],
        ),
        ("à l'AFP.Aucune", &["à l'AFP.", "Aucune"]),
        (
            "jugée sûre.- L'UE rouvre ses frontières -Au seuil de l'été, -3 degrés",
            &[
                "jugée sûre.",
                "- L'UE rouvre ses frontières -",
                "Au seuil de l'été, -3 degrés",
            ],
        ),
        ("à 270 km/h.L'histoire", &["à 270 km/h.", "L'histoire"]),
        (
            "sur plaintecovid.fr.Ces gens",
            &["sur plaintecovid.fr.", "Ces gens"],
        ),
        (
            "en médecine.- \"Pas à la hauteur\" -Olivier Véran",
            &["en médecine.", "- \"Pas à la hauteur\" -", "Olivier Véran"],
        ),
        (
            "voir M.Dupont et lemonde.fr ou U.S.A.",
            &["voir M.Dupont et lemonde.fr ou U.S.A."],
        ),
        ("la note A.Le", &["la note A.Le"]),
        (
            "sur son Sahara    Hammouchi s'entretient à Rabat    Renouvellement politique au Maroc",
            &[
                "sur son Sahara",
                "Hammouchi s'entretient à Rabat",
                "Renouvellement politique au Maroc",
            ],
        ),
        (
            "de la pénurie\"    Finances publiques : \"Aides\"",
            &["de la pénurie\"", "Finances publiques : \"Aides\""],
        ),
        (
            "Younes Ait Hmadouch : \"Aides sociales et travail non déclaré sont le vrai nœud\"    Finances publiques : les recettes",
            &[
                "Younes Ait Hmadouch : \"Aides sociales et travail non déclaré sont le vrai nœud\"",
                "Finances publiques : les recettes",
            ],
        ),
        (
            "un taux de 66,1%    Bank of Africa",
            &["un taux de 66,1%", "Bank of Africa"],
        ),
        ("de  la ville", &["de  la ville"]),
        ("M.  Dupont", &["M.  Dupont"]),
        (
            "Il est venu !\n— Non, dit-elle.",
            &["Il est venu !", "— Non, dit-elle."],
        ),
        (
            "Il est venu. — Non, dit-elle.",
            &["Il est venu.", "— Non, dit-elle."],
        ),
        ("Ligne un\nligne deux", &["Ligne un", "ligne deux"]),
        (
            "Titre\r\n\r\nCorps du texte.",
            &["Titre", "Corps du texte."],
        ),
        (
            "Des pommes, des poires, etc. Et puis",
            &["Des pommes, des poires, etc. Et puis"],
        ),
        (
            "Des pommes, etc.\n\nSuite.",
            &["Des pommes, etc.", "Suite."],
        ),
        ("Des pommes, etc.", &["Des pommes, etc."]),
        (
            "Il a dit : « Oui. » Puis il est parti.",
            &["Il a dit : « Oui. »", "Puis il est parti."],
        ),
        (
            "Il a dit\u{202f}: «\u{202f}Bonjour\u{202f}!\u{202f}» Il part.",
            &[
                "Il a dit\u{202f}: «\u{202f}Bonjour\u{202f}!\u{202f}»",
                "Il part.",
            ],
        ),
        (
            "Il dit \"Non !\" Elle rit.",
            &["Il dit \"Non !\"", "Elle rit."],
        ),
        (
            "Le taux est de 3.5 %. 2020 sera meilleure.",
            &["Le taux est de 3.5 %.", "2020 sera meilleure."],
        ),
        (
            "Voir lemonde.fr pour plus. Merci",
            &["Voir lemonde.fr pour plus.", "Merci"],
        ),
        (
            "Il est né en 52 av. J.-C. à Rome.",
            &["Il est né en 52 av. J.-C. à Rome."],
        ),
        (
            "Quoi ?! Vraiment... Oui.",
            &["Quoi ?!", "Vraiment...", "Oui."],
        ),
        ("la fin (...) Le début", &["la fin (...) Le début"]),
        ("Il hésite... puis part.", &["Il hésite... puis part."]),
        (
            "Il part. « Adieu », dit-il.",
            &["Il part.", "« Adieu », dit-il."],
        ),
        ("Il part. l'autre reste.", &["Il part. l'autre reste."]),
        ("Il part. L'autre reste.", &["Il part.", "L'autre reste."]),
        (
            "Il part (vraiment). Elle reste.",
            &["Il part (vraiment).", "Elle reste."],
        ),
        ("Fin.\u{2029}Début", &["Fin.", "Début"]),
    ];

    fn texts<'a>(text: &'a str, tokens: &[Token]) -> Vec<&'a str> {
        tokens.iter().map(|t| t.text(text)).collect()
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        let mut toks = Vec::new();
        let mut sents = Vec::new();
        tokenise(text, &mut toks);
        split_sentences(text, &toks, &mut sents);
        sents.iter().map(|s| &text[s.start..s.end]).collect()
    }

    fn tok(text: &str) -> Vec<Token> {
        let mut v = Vec::new();
        tokenise(text, &mut v);
        v
    }

    fn find<'a>(text: &str, toks: &'a [Token], s: &str) -> &'a Token {
        toks.iter()
            .find(|t| t.text(text) == s)
            .unwrap_or_else(|| panic!("no token {s:?} in {text:?}"))
    }

    #[test]
    fn token_table() {
        let mut out = Vec::new();
        let mut failures = Vec::new();
        for (input, want) in CASES {
            tokenise(input, &mut out);
            let got = texts(input, &out);
            if got != *want {
                failures.push(format!("{input:?}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn sentence_table() {
        let mut failures = Vec::new();
        for (input, want) in SENTENCES {
            let got = sentence_texts(input);
            if got != *want {
                failures.push(format!("{input:?}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// Straight marks glued on both sides face the way the text around them says.
    #[test]
    fn glued_straight_quotes() {
        let kinds = |text: &str| -> Vec<TokenKind> {
            tok(text)
                .iter()
                .filter(|t| t.text(text) == "\"")
                .map(|t| t.kind)
                .collect()
        };
        assert_eq!(
            kinds("Il a dit.\"Le danger.\"par France Inter"),
            [TokenKind::QuoteOpen, TokenKind::QuoteClose]
        );
        assert_eq!(
            kinds("a dit :\"oui\""),
            [TokenKind::QuoteOpen, TokenKind::QuoteClose]
        );
    }

    #[test]
    fn kinds_and_flags() {
        let text = "« Oui », a-t-il dit à l'OTAN. M. Dupont \"x\" 66,1% 🇫🇷 U.S.A.\n\nFin";
        let t = tok(text);
        let k = |s: &str| find(text, &t, s).kind;
        assert_eq!(k("«"), TokenKind::QuoteOpen);
        assert_eq!(k("»"), TokenKind::QuoteClose);
        assert_eq!(k("-t-"), TokenKind::Punct);
        assert_eq!(k("66,1"), TokenKind::Number);
        assert_eq!(k("%"), TokenKind::Symbol);
        assert_eq!(k("🇫🇷"), TokenKind::Symbol);
        assert_eq!(k("."), TokenKind::Punct);
        let il = find(text, &t, "il");
        assert!(il.has(Token::INVERTED_SUBJECT) && !il.has(Token::SPACE_BEFORE));
        assert!(find(text, &t, "l'").has(Token::ELIDED | Token::SPACE_BEFORE));
        let otan = find(text, &t, "OTAN");
        assert!(otan.has(Token::CAPITALISED | Token::ALL_CAPS) && !otan.has(Token::SPACE_BEFORE));
        let dupont = find(text, &t, "Dupont");
        assert!(dupont.has(Token::CAPITALISED) && !dupont.has(Token::ALL_CAPS));
        assert!(find(text, &t, "M.").has(Token::ABBREVIATION));
        assert!(find(text, &t, "U.S.A.").has(Token::ABBREVIATION | Token::ALL_CAPS));
        assert!(t[0].has(Token::PARAGRAPH_START));
        assert!(!t[1].has(Token::PARAGRAPH_START));
        assert!(find(text, &t, "Fin").has(Token::PARAGRAPH_START));
        let quotes: Vec<_> = t
            .iter()
            .filter(|x| x.text(text) == "\"")
            .map(|x| x.kind)
            .collect();
        assert_eq!(quotes, [TokenKind::QuoteOpen, TokenKind::QuoteClose]);

        let text = "Il dit: \" oui \" et a\"b";
        let t = tok(text);
        let quotes: Vec<_> = t
            .iter()
            .filter(|x| x.text(text) == "\"")
            .map(|x| x.kind)
            .collect();
        assert_eq!(
            quotes,
            [TokenKind::Quote, TokenKind::Quote, TokenKind::Quote]
        );

        // A single line break is not a paragraph; `Me` is a title only before a name.
        let text = "a\nb Me Dupont. Me voici";
        let t = tok(text);
        assert!(!find(text, &t, "b").has(Token::PARAGRAPH_START));
        assert!(t[2].has(Token::ABBREVIATION));
        assert!(!t.last().unwrap().has(Token::ABBREVIATION));
        assert!(!t[t.len() - 2].has(Token::ABBREVIATION));
    }

    #[test]
    fn buffers_are_cleared() {
        let mut toks = vec![Token {
            start: 9,
            end: 99,
            kind: TokenKind::Word,
            flags: 0,
        }];
        tokenise("a b", &mut toks);
        assert_eq!(toks.len(), 2);
        let mut sents = vec![Sentence {
            start: 0,
            end: 1,
            tokens: 0..1,
        }];
        split_sentences("", &[], &mut sents);
        assert!(sents.is_empty());
    }

    #[test]
    fn foreign_tokens_do_not_panic() {
        let toks = tok("Un texte assez long. Avec deux phrases.");
        let mut sents = Vec::new();
        split_sentences("é", &toks, &mut sents);
        assert_eq!(sents.last().map(|s| s.tokens.end), Some(toks.len()));
    }

    #[test]
    fn huge_lines() {
        let mut out = Vec::new();
        let long = "a".repeat(1 << 20);
        tokenise(&long, &mut out);
        assert_eq!(out.len(), 1);
        let digits = "1 000".repeat(1 << 18);
        tokenise(&digits, &mut out);
        check_invariants(&digits, &out);
        let mixed = "Il a dit « l'OTAN ! » 948 000 😀\u{301}\u{200D} ".repeat(1 << 15);
        tokenise(&mixed, &mut out);
        check_invariants(&mixed, &out);
        let mut sents = Vec::new();
        split_sentences(&mixed, &out, &mut sents);
        check_sentences(&out, &sents);
    }

    fn check_invariants(text: &str, toks: &[Token]) {
        let mut prev_end = 0;
        for t in toks {
            assert!(t.start < t.end, "empty token {t:?}");
            assert!(t.start >= prev_end, "overlap/unsorted {t:?}");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.end <= text.len());
            let s = t.text(text);
            if t.kind == TokenKind::Number {
                // Only single group separators between digits.
                let cs: Vec<char> = s.chars().collect();
                for (i, c) in cs.iter().enumerate() {
                    if c.is_whitespace() {
                        assert!(i > 0 && cs[i - 1].is_ascii_digit(), "{s:?}");
                        assert!(cs.get(i + 1).is_some_and(char::is_ascii_digit), "{s:?}");
                    }
                }
            } else {
                assert!(!s.chars().any(char::is_whitespace), "whitespace in {s:?}");
            }
            prev_end = t.end;
        }
    }

    fn check_sentences(toks: &[Token], sents: &[Sentence]) {
        let mut next = 0;
        for s in sents {
            assert_eq!(s.tokens.start, next);
            assert!(s.tokens.end > s.tokens.start);
            assert_eq!(s.start, toks[s.tokens.start].start);
            assert_eq!(s.end, toks[s.tokens.end - 1].end);
            next = s.tokens.end;
        }
        assert_eq!(next, toks.len());
    }

    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => prop::sample::select(vec![
                'a', 'E', 'é', 'L', 'l', 'q', 'u', 't', 'i', 'M', 'J', 'C', 'w', 'h', 'n', '0', '1', '9',
                ' ', ' ', '\n', '\r', '\t', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2029}',
                '.', ',', '!', '?', '…', ':', '-', '–', '—', '(', ')', '[', ']', '/', '°', '%', '_',
                '\'', '’', 'ʼ', '‘', '"', '«', '»', '“', '”', '„', '‹', '›',
                '\u{301}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{AD}', '\u{FE0F}',
                '😀', '🇫', '🇷', '\u{1F3FD}', 'ʼ', '北', 'и', '١', '²',
            ]),
            1 => any::<char>(),
        ]
    }

    fn tricky_string() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(tricky_char(), 0..120).prop_map(|v| v.into_iter().collect()),
            any::<String>(),
            prop::collection::vec(
                prop::sample::select(vec![
                    "a-t-il",
                    "dit-elle",
                    "l'",
                    "qu’",
                    "M.",
                    "J.-C.",
                    "U.S.",
                    "948 000",
                    "3,5",
                    "www.",
                    "https://",
                    "etc.",
                    " ",
                    "  ",
                    "\n\n",
                    "« ",
                    " »",
                    "\"",
                    ".",
                    "Le",
                    "hospitalière",
                    "🇫🇷",
                    "👨‍👩‍👧",
                    "n°",
                    "Me",
                    "N'",
                ]),
                0..40,
            )
            .prop_map(|v| v.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn never_panics_and_invariants_hold(text in tricky_string()) {
            let mut toks = Vec::new();
            tokenise(&text, &mut toks);
            check_invariants(&text, &toks);
            let mut sents = Vec::new();
            split_sentences(&text, &toks, &mut sents);
            check_sentences(&toks, &sents);
        }
    }
}
