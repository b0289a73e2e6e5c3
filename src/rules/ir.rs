//! The compiled form of a pattern, which every later stage reads: [`Node`]s of [`CAtom`]s,
//! the sets they are checked against ([`WordSet`], [`FirstSet`], [`AttrFilter`]), and what
//! the matcher reads of a document ([`DocView`], [`Ann`], [`TokenClass`]).
//!
//! [`compile`](super::compile) builds it from the parser's syntax tree,
//! [`analyses`](super::analyses) rewrites it and works out what it needs, and
//! [`matcher`](super::matcher) and [`prefilter`](super::prefilter) run it. Nothing here runs
//! a pattern: only the types, and the tests of one token (`MAJ`, `COLLE`, a sentence
//! boundary, a first set) that every later stage must ask the same way, so that the matcher
//! and its prefilter cannot disagree on what a token is.
//!
//! What must stay true: word ids are the rule set's vocabulary ([`NO_WORD`] for a token no
//! literal names); a [`FirstSet`] is a superset of the tokens a match may begin with, never
//! a subset (a filter built on it may only skip starts that cannot match).

use regex::Regex;

use crate::syntax::{LazyPos, Pos};
use crate::tokenise::{Token, TokenKind};

/// A compiled pattern.
#[derive(Clone, Debug)]
pub enum Node {
    /// In sequence.
    Seq(Vec<Node>),
    /// One of, in order.
    Alt(Vec<Node>),
    /// Zero width: the next token must be one that the rest of the pattern can start with.
    /// Inserted after variable repetitions so that a lazy `_{1,80}?` does not try the rest
    /// of the pattern at positions where it cannot begin.
    Peek(FirstSet),
    /// A repeated element, maybe captured.
    Item {
        /// Capture slot.
        capture: Option<u16>,
        /// The element.
        atom: CAtom,
        /// Least repetitions.
        min: u32,
        /// Most repetitions.
        max: u32,
        /// Fewest first.
        lazy: bool,
    },
}

/// A compiled element.
#[derive(Clone, Debug)]
pub enum CAtom {
    /// Words (ids in the rules' vocabulary) of consecutive tokens; or, when the literal is
    /// one word that the tokeniser would cut (`-t-`), that word as one token.
    Literal(Vec<u32>, Option<u32>),
    /// A regular expression over one token's text.
    Regex(Regex),
    /// One token from a set: folded words (sorted), and/or any punctuation, capitalised
    /// word or number. Alternatives of single words compile to this, so that
    /// `"le" | "la" | "les" | …` is one lookup.
    Class {
        /// Word ids.
        words: WordSet,
        /// Any punctuation token.
        ponct: bool,
        /// Any capitalised word.
        maj: bool,
        /// Any number.
        num: bool,
    },
    /// An annotation of this kind (and sub-type), with lexicon attribute filters.
    Ann {
        /// Kind id.
        kind: u16,
        /// Sub-type id, if required.
        sub: Option<u16>,
        /// Filters on the lexicon entry's attributes.
        filters: Vec<AttrFilter>,
        /// A QUOTE: a capture of it takes its content, without the quotation marks.
        quote: bool,
    },
    /// Any token.
    Any,
    /// A capitalised word.
    Maj,
    /// A number.
    Num,
    /// A punctuation token (quotation marks included).
    Ponct,
    /// Zero-width: the start of a sentence.
    Debut,
    /// Zero-width: the end of a sentence.
    Fin,
    /// A word of a name class (`NOM`, `SIGLE`, `PARTICULE`): see [`TokenClass`].
    Class1(TokenClass),
    /// A token whose part of speech is in the set (`<N>`, `<V:K>`): see [`PosSet`].
    Pos(PosSet),
    /// Zero-width: the tokens on either side are separated by one space at most, and no
    /// line break (`COLLE`: the words of one name are written that way, a headline and the
    /// paragraph after it are not).
    Colle,
    /// A group.
    Group(Box<Node>),
    /// One token where the element does not match.
    Not(Box<CAtom>),
    /// `a & b`: a match of `a` from a token where `b` matches too (`b` is a condition on
    /// that token; what it spans and captures does not count).
    And(Box<CAtom>, Box<CAtom>),
}

/// What the name classes say of one token, as bits: worked out once a document by the
/// tagger from the tokeniser's case flags and the lexicons `non_noms`, `particules`,
/// `sigles_communs`, `gentiles` and `titres` (see `rules/README.md`), and read by `NOM`,
/// `SIGLE` and `PARTICULE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenClass(u8);

impl TokenClass {
    /// `NOM`: a word that may be part of a name: capitalised, not all capitals, not a word
    /// that opens sentences without naming anything (`Le`, `Mais`, `Lundi`: lexicon
    /// `non_noms`), not a demonym nor the last word of a title.
    pub const NOM: TokenClass = TokenClass(1);
    /// `SIGLE`: an acronym (two to ten capitals, digits, `-` or `&`, at least two
    /// capitals) that is not a common noun (lexicon `sigles_communs`: `TVA`, `PDG`).
    pub const SIGLE: TokenClass = TokenClass(2);
    /// `PARTICULE`: a lower-case particle inside a name (`de`, `van`, `al`: lexicon
    /// `particules`).
    pub const PARTICULE: TokenClass = TokenClass(4);

    /// Whether every bit of `other` is set.
    pub fn has(self, other: TokenClass) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the bits of `other`.
    pub fn set(&mut self, other: TokenClass) {
        self.0 |= other.0;
    }
}

/// A set of parts of speech, as bits (one per [`Pos`] variant): what `<N>`, `<V>` or
/// `<V:K>` admits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PosSet(u32);

impl PosSet {
    /// The set of `tags`.
    pub fn of(tags: &[Pos]) -> PosSet {
        PosSet(tags.iter().fold(0, |bits, p| bits | 1 << *p as u32))
    }

    /// Whether `p` is in the set.
    pub fn contains(self, p: Pos) -> bool {
        self.0 >> p as u32 & 1 == 1
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Both sets.
    pub fn union(self, other: PosSet) -> PosSet {
        PosSet(self.0 | other.0)
    }
}

/// An annotation visible to patterns: gazetteer entities, lexicon matches, quotations, and
/// what earlier phases emitted. Token offsets, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ann {
    /// Kind id.
    pub kind: u16,
    /// Sub-type id (0: none).
    pub sub: u16,
    /// End token (exclusive).
    pub end: u32,
    /// The part a capture takes (the content of a quotation; else the whole span).
    pub inner: (u32, u32),
    /// For lexicon matches, the entry index (for attribute filters).
    pub entry: Option<u32>,
}

/// What the matcher reads of a document.
pub struct DocView<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens, as [`tokenise`](crate::tokenise::tokenise) made them (`MAJ` reads their
    /// [`Token::CAPITALISED`] flag).
    pub tokens: &'a [Token],
    /// Sentence index per token.
    pub sentence_of: &'a [u32],
    /// The vocabulary id of each token's folded text ([`NO_WORD`] when no rule names it).
    pub word_ids: &'a [u32],
    /// Reads a lexicon entry's attribute (for `@lex[key=value]`).
    pub attr: &'a dyn Fn(u32, &str) -> Option<&'a str>,
    /// Which filters with a bit each gazetteer entry passes (see `AttrFilter::bit`).
    pub entry_filters: &'a [u64],
    /// The name classes of each token (`NOM`, `SIGLE`, `PARTICULE`).
    pub classes: &'a [TokenClass],
    /// The part of speech of each token, tagged sentence by sentence as rules ask.
    pub pos: &'a LazyPos<'a>,
}

/// The word id of a token whose text no rule names.
pub const NO_WORD: u32 = u32::MAX;

impl DocView<'_> {
    pub(super) fn word_id(&self, i: usize) -> u32 {
        self.word_ids[i]
    }

    pub(super) fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.span()]
    }

    /// Token `i` is a word whose first letter is a capital (`MAJ`): the tokeniser's
    /// [`Token::CAPITALISED`], read rather than worked out again.
    pub(super) fn capitalised(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.kind == TokenKind::Word && t.has(Token::CAPITALISED)
    }

    /// Token `i`'s part of speech is in `set`.
    pub(super) fn has_pos(&self, i: usize, set: PosSet) -> bool {
        self.pos.get(i).is_some_and(|p| set.contains(p))
    }

    /// Token `i` is a word of the name class `c`.
    pub(super) fn in_class(&self, i: usize, c: TokenClass) -> bool {
        self.classes.get(i).is_some_and(|x| x.has(c))
    }

    /// Tokens `i - 1` and `i` are separated by one space at most, and no line break
    /// (`COLLE`).
    pub(super) fn glued(&self, i: usize) -> bool {
        if i == 0 || i >= self.tokens.len() {
            return false;
        }
        let (a, b) = (&self.tokens[i - 1], &self.tokens[i]);
        let gap = &self.text[a.end()..b.start().max(a.end())];
        let mut chars = gap.chars();
        match (chars.next(), chars.next()) {
            (None, _) => true,
            (Some(c), None) => c.is_whitespace() && c != '\n' && c != '\r',
            _ => false,
        }
    }

    /// Token `i` starts a new sentence.
    pub(super) fn boundary_before(&self, i: usize) -> bool {
        i == 0 || i >= self.tokens.len() || self.sentence_of[i] != self.sentence_of[i - 1]
    }
}

/// A compiled `[key=value]` or `[key!=value]` lexicon filter.
#[derive(Debug, Clone)]
pub struct AttrFilter {
    /// Attribute name.
    pub key: Box<str>,
    /// Alternatives: the filter holds when one of them is a prefix of one of the
    /// attribute's comma-separated values.
    pub values: Box<[Box<str>]>,
    /// Whether the entry must not have the value.
    pub negated: bool,
    /// Its bit in [`DocView::entry_filters`], worked out for every entry once when the
    /// rules compile (the first 64 distinct filters have one): tested for every
    /// annotation of the lexicon, reading the entry's attributes as text each time was
    /// a few percent of the attribution stage.
    pub bit: Option<u8>,
}

impl AttrFilter {
    pub(super) fn accepts(&self, doc: &DocView<'_>, entry: Option<u32>) -> bool {
        let has = match self.bit {
            Some(bit) => entry
                .and_then(|e| doc.entry_filters.get(e as usize))
                .is_some_and(|m| m >> bit & 1 == 1),
            None => self.passed_by(entry.and_then(|e| (doc.attr)(e, &self.key))),
        };
        has != self.negated
    }

    /// Whether an entry whose attribute `key` is `value` has the filter's value (a prefix
    /// of one of its comma-separated values).
    pub fn passed_by(&self, value: Option<&str>) -> bool {
        value.is_some_and(|have| Self::values(have).any(|v| self.takes(v)))
    }

    /// The comma-separated values of an attribute.
    pub fn values(attribute: &str) -> impl Iterator<Item = &str> {
        attribute.split(',')
    }

    /// Whether one of an attribute's [`values`](Self::values) is the filter's (starts
    /// with one of its alternatives).
    pub fn takes(&self, value: &str) -> bool {
        self.values.iter().any(|v| value.starts_with(&**v))
    }
}

/// Word ids, with a bit per id: a class of words or a first-token set is checked at almost
/// every token, and one bit test is cheaper than a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordSet {
    /// The ids, sorted.
    ids: Vec<u32>,
    /// Bit `w % 64` of `bits[w / 64]` is set for each id `w`.
    bits: Vec<u64>,
}

impl WordSet {
    /// The set of `ids` ([`NO_WORD`], which no literal has, is left out).
    pub fn new(ids: impl IntoIterator<Item = u32>) -> WordSet {
        let mut ids: Vec<u32> = ids.into_iter().filter(|&w| w != NO_WORD).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut bits = vec![0u64; ids.last().map_or(0, |&w| w as usize / 64 + 1)];
        for &w in &ids {
            bits[w as usize / 64] |= 1 << (w % 64);
        }
        WordSet { ids, bits }
    }

    /// Whether `w` is in the set.
    pub fn contains(&self, w: u32) -> bool {
        self.bits
            .get(w as usize / 64)
            .is_some_and(|b| b >> (w % 64) & 1 == 1)
    }

    /// The ids, sorted.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    pub(super) fn union(&self, other: &WordSet) -> WordSet {
        WordSet::new(self.ids.iter().chain(&other.ids).copied())
    }
}

/// What the first token of a match can be: lets the engine skip starts that cannot begin
/// one. `None` from [`first_set`](super::analyses::first_set) means any token may.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FirstSet {
    /// Annotation kinds that may start here.
    pub kinds: Vec<u16>,
    /// Word ids.
    pub words: WordSet,
    /// A capitalised word.
    pub maj: bool,
    /// A word of one of these name classes (`NOM`, `SIGLE`, `PARTICULE`).
    pub classes: TokenClass,
    /// A token of one of these parts of speech.
    pub pos: PosSet,
    /// A punctuation token.
    pub ponct: bool,
    /// A number.
    pub num: bool,
    /// `FIN`: the end of a sentence, where no token need follow.
    pub fin: bool,
}

impl FirstSet {
    /// Whether a match may start at token `i` (`i` may be the end of the document, where
    /// only `FIN` can match); `starts` are the annotations starting there.
    #[inline]
    pub fn admits(&self, doc: &DocView<'_>, starts: &[Ann], i: usize) -> bool {
        if self.fin && (i >= doc.tokens.len() || (i > 0 && doc.boundary_before(i))) {
            return true;
        }
        let Some(t) = doc.tokens.get(i) else {
            return false;
        };
        self.words.contains(doc.word_ids[i])
            || (!self.kinds.is_empty() && starts.iter().any(|a| self.kinds.contains(&a.kind)))
            || (self.maj && doc.capitalised(i))
            || (self.classes.0 != 0
                && t.kind == TokenKind::Word
                && doc
                    .classes
                    .get(i)
                    .is_some_and(|c| c.0 & self.classes.0 != 0))
            || (self.ponct && !matches!(t.kind, TokenKind::Word | TokenKind::Number))
            || (self.num && t.kind == TokenKind::Number)
            || (!self.pos.is_empty() && doc.has_pos(i, self.pos))
    }

    /// Whether only annotations may start a match (no word, no class of tokens, no `FIN`):
    /// then the starts can be found from where those annotations are.
    pub fn sparse(&self) -> bool {
        !self.kinds.is_empty()
            && self.words.ids().is_empty()
            && !self.maj
            && self.classes.0 == 0
            && self.pos.is_empty()
            && !self.ponct
            && !self.num
            && !self.fin
    }

    pub(super) fn merge(&mut self, other: FirstSet) {
        self.kinds.extend(other.kinds);
        self.words = self.words.union(&other.words);
        self.maj |= other.maj;
        self.classes.set(other.classes);
        self.pos = self.pos.union(other.pos);
        self.ponct |= other.ponct;
        self.num |= other.num;
        self.fin |= other.fin;
    }

    /// Kinds sorted and without duplicates.
    pub(super) fn normalised(mut self) -> FirstSet {
        self.kinds.sort_unstable();
        self.kinds.dedup();
        self
    }
}
