//! Character classes shared by the scanner and the sentence splitter: what continues a
//! word, what attaches to the character before, what is a dash, a quotation mark, a line
//! break.

use unicode_normalization::char::is_combining_mark;

/// Decodes the char at byte `i`; `None` at the end or off a char boundary.
#[inline]
pub(super) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The char ending at byte `i`, if any.
#[inline]
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Invisible format characters that must neither split a word nor become a
/// token: zero-width space/joiners, BOM, soft hyphen, bidi controls,
/// variation selectors.
#[inline]
pub(super) fn is_invisible(c: char) -> bool {
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
pub(super) fn is_attaching(c: char) -> bool {
    !c.is_ascii() && (is_invisible(c) || is_combining_mark(c))
}

/// `char::is_alphabetic` with a fast path for the Latin letters of French
/// (U+00C0–U+024F are all letters but `×` and `÷`); the generic lookup was a
/// measurable share of tokenising time.
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

/// Characters that continue a word.
#[inline]
pub(super) fn is_word_char(c: char) -> bool {
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
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

#[inline]
pub(super) fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Separators allowed between groups of three digits.
#[inline]
pub(super) fn is_group_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

#[inline]
pub(super) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

#[inline]
pub(super) fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

#[inline]
pub(super) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '–' | '—' | '\u{2015}' | '\u{2212}'
    )
}

#[inline]
pub(super) fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '{' | '}' | '¡' | '¿' | '‘' | '‚' | '\''
    ) || is_dash(c)
        || is_apostrophe(c)
}

/// Emoji pieces that glue onto the preceding symbol.
#[inline]
pub(super) fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}') || is_attaching(c)
}

#[inline]
pub(super) fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}
