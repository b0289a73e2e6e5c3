//! The scanner: one left-to-right pass over a text that cuts it into [`Token`]s, with an
//! ASCII fast path. Words and their periods, apostrophes and hyphens are decided here
//! (`M.`, `l'`, `dit-il`), from the word lists of [`super::lexicon`].

use super::chars::*;
use super::lexicon::{LEXICON, Lexicon};
use super::token::{Token, TokenKind};

// ---------------------------------------------------------------------------

/// Tokenises `text` into `out` (cleared first; the buffer is reused between
/// documents for speed). A text longer than [`MAX_TEXT`](crate::MAX_TEXT) is tokenised up
/// to that length, as the tagger cuts it: token offsets are 32-bit ([`Token`]).
pub fn tokenise(text: &str, out: &mut Vec<Token>) {
    let text = crate::tagger::within_limit(text);
    out.clear();
    let mut s = Scanner {
        text,
        lexicon: &LEXICON,
        out,
        pending: Token::PARAGRAPH_START,
        line_breaks: 0,
    };
    s.run();
}

/// Scanning state; `pending` holds flags owed to the next emitted token.
pub(super) struct Scanner<'t, 'o> {
    text: &'t str,
    lexicon: &'static Lexicon,
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
            Some(last) if last.end() == start => {
                *last = Token::new(last.start()..i, last.kind, last.flags)
            }
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
        self.out.push(Token::new(start..end, kind, flags));
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
                if self.lexicon.is_elision(w) && !is_name_with_apostrophe(text, start, after) {
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
        if self.lexicon.is_bare_title(w) || (w == "Me" && followed_by_capital(text, i)) {
            flags = Token::ABBREVIATION;
        }
        if let Some(cut) = self.lexicon.glued_sentence_start(w) {
            // A headline run into the next paragraph: `détruitsSelon`, `ParisSi`.
            self.emit(start, start + cut, TokenKind::Word, 0);
            self.emit(start + cut, i, TokenKind::Word, Token::GLUED);
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
        if pe == p || !self.lexicon.is_subject_pronoun(pronoun) {
            return None;
        }
        // The pronoun must end the compound: `Stratford-on-Avon` is a name.
        let continues = |j: usize| char_at(self.text, j).is_some_and(|(c, _)| is_word_char(c));
        match char_at(self.text, pe) {
            Some((c, _)) if is_word_char(c) => return None,
            Some((c, l)) if is_word_hyphen(c) && continues(pe + l) => return None,
            _ => {}
        }
        if self
            .lexicon
            .is_inversion_exception(&self.text[start..h], pronoun)
        {
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
                if letters >= 1 || first.is_uppercase() || self.lexicon.is_period_abbreviation(w) {
                    self.emit(start, end, TokenKind::Word, Token::ABBREVIATION);
                    return end;
                }
            }
        }
        if self.lexicon.is_period_abbreviation(w) {
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
pub(super) fn is_name_with_apostrophe(text: &str, start: usize, after: usize) -> bool {
    if !matches!(text.as_bytes().get(start), Some(b'N' | b'M')) {
        return false;
    }
    let Some((a, al)) = char_at(text, after) else {
        return false;
    };
    a.is_uppercase() && char_at(text, after + al).is_some_and(|(b, _)| b.is_lowercase())
}

/// Whether whitespace then an uppercase letter follows byte `i`.
pub(super) fn followed_by_capital(text: &str, mut i: usize) -> bool {
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
pub(super) fn straight_quote_kind(text: &str, i: usize) -> TokenKind {
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
pub(super) const WORD: u8 = 1;
pub(super) const LETTER: u8 = 2;
pub(super) const LOWER: u8 = 4;
pub(super) static ASCII: [u8; 256] = {
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
pub(super) fn case_flags(s: &str) -> u8 {
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
