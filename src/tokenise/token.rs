//! What the tokeniser and the sentence splitter give: [`Token`]s, byte spans of the text
//! with a kind and flags, and [`Sentence`]s, runs of tokens.

use std::ops::Range;

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
///
/// The offsets are kept in 32 bits (12 bytes a token rather than 24: a large document
/// has a token every five bytes or so, and the tokens were the largest part of its
/// working set); texts are cut to [`MAX_TEXT`](crate::MAX_TEXT) before they are
/// tokenised, so every offset fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    start: u32,
    /// Byte offset one past the last byte.
    end: u32,
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
    /// A word the tokeniser cut off the end of the word before it, with no space between
    /// (`PékinLa`: a headline run into the next paragraph): the gazetteers match on either
    /// side of the cut as at a space.
    pub const GLUED: u8 = 1 << 7;

    /// The token of bytes `span` of a text of at most [`MAX_TEXT`](crate::MAX_TEXT) bytes.
    #[inline]
    pub fn new(span: Range<usize>, kind: TokenKind, flags: u8) -> Token {
        debug_assert!(span.end <= crate::MAX_TEXT, "a token past MAX_TEXT");
        Token {
            start: span.start as u32,
            end: span.end as u32,
            kind,
            flags,
        }
    }

    /// Byte offset of the first byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last byte.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's bytes in the text.
    #[inline]
    pub fn span(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// Whether every bit of `flag` is set.
    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag == flag
    }

    /// The token's text; empty if the token does not belong to `text`
    /// (never panics, so callers can pass tokens around freely).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span()).unwrap_or("")
    }
}

/// A sentence: byte span and the range of its tokens in the token vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Start of the first token.
    pub start: usize,
    /// End of the last token.
    pub end: usize,
    /// Indices of its tokens in the slice given to [`split_sentences`](super::split_sentences).
    pub tokens: Range<usize>,
}

/// The range of `tokens` (as indices) that the byte range `start..end` covers exactly: it
/// starts where a token starts and ends where one ends; `None` otherwise.
pub fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(u32, u32)> {
    let a = tokens.partition_point(|t| t.start() < start);
    let b = tokens.partition_point(|t| t.start() < end);
    (a < b && tokens[a].start() == start && tokens[b - 1].end() == end)
        .then_some((a as u32, b as u32))
}
