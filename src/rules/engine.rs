//! Matching compiled patterns over a document's tokens and annotations.
//!
//! The matcher backtracks, as regular-expression engines with captures do, and tries
//! alternatives in the order written: greedy repetitions longest first, lazy ones shortest
//! first, annotations longest first. Every attempt costs a step, and a match attempt that
//! uses up its budget ([`STEP_BUDGET`]) fails, so no rule can make tagging blow up, whatever
//! the text: work per document is bounded by the number of tokens times the budget.
//!
//! Token elements (`"mot"`, `/re/`, `_`, `MAJ`…) never step over a sentence boundary, so
//! `_{0,20}` stays in its sentence; an annotation (a `QUOTE`, say) may cover several
//! sentences, and the match goes on after it.
//!
//! Before a rule is tried at many starts, [`Matcher::feasible`] works out backwards, from
//! the places of its cue, where each of its items may match; the matcher then skips what
//! cannot match (see `DESIGN.md`, "Working backwards from the cue").

use std::cell::{Cell, OnceCell, RefCell};

use regex::Regex;

use crate::tokenise::{Token, TokenKind};

/// Steps one match attempt (one rule at one start token) may take.
pub const STEP_BUDGET: u32 = 20_000;

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
    /// For lexicon matches, the entry index (for attribute filters); else `u32::MAX`.
    pub entry: u32,
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
    /// Which filters with a bit each gazetteer entry passes (see [`AttrFilter::bit`]).
    pub entry_filters: &'a [u64],
    /// The name classes of each token (`NOM`, `SIGLE`, `PARTICULE`).
    pub classes: &'a [TokenClass],
}

/// The word id of a token whose text no rule names.
pub const NO_WORD: u32 = u32::MAX;

impl DocView<'_> {
    fn word_id(&self, i: usize) -> u32 {
        self.word_ids[i]
    }

    fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Token `i` is a word whose first letter is a capital (`MAJ`): the tokeniser's
    /// [`Token::CAPITALISED`], read rather than worked out again.
    fn capitalised(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.kind == TokenKind::Word && t.has(Token::CAPITALISED)
    }

    /// Token `i` is a word of the name class `c`.
    fn in_class(&self, i: usize, c: TokenClass) -> bool {
        self.classes.get(i).is_some_and(|x| x.has(c))
    }

    /// Tokens `i - 1` and `i` are separated by one space at most, and no line break
    /// (`COLLE`).
    fn glued(&self, i: usize) -> bool {
        if i == 0 || i >= self.tokens.len() {
            return false;
        }
        let (a, b) = (&self.tokens[i - 1], &self.tokens[i]);
        let gap = &self.text[a.end..b.start.max(a.end)];
        let mut chars = gap.chars();
        match (chars.next(), chars.next()) {
            (None, _) => true,
            (Some(c), None) => c.is_whitespace() && c != '\n' && c != '\r',
            _ => false,
        }
    }

    /// Token `i` starts a new sentence.
    fn boundary_before(&self, i: usize) -> bool {
        i == 0 || i >= self.tokens.len() || self.sentence_of[i] != self.sentence_of[i - 1]
    }
}

/// Captured token ranges, one slot per capture name.
pub type Caps = Vec<Option<(u32, u32)>>;

/// Runs patterns over one document.
pub struct Matcher<'m, 'd> {
    doc: &'m DocView<'d>,
    starts: &'m [Vec<Ann>],
    steps: Cell<u32>,
    start: Cell<usize>,
    index: OnceCell<Index>,
    places: OnceCell<Places>,
    /// Sets of tokens for the backward passes, kept for reuse.
    pool: RefCell<Vec<Vec<u64>>>,
}

/// The tokens of each word, and the punctuation, capitalised words and numbers, for
/// backward passes from many tokens.
struct Places {
    /// Word ids sorted, and in the same order, their tokens.
    words: Vec<u32>,
    tokens: Vec<u32>,
    /// A bit per token.
    ponct: Vec<u64>,
    maj: Vec<u64>,
    num: Vec<u64>,
}

impl Places {
    fn new(doc: &DocView<'_>) -> Places {
        let n = doc.tokens.len();
        let mut words: Vec<(u32, u32)> = doc
            .word_ids
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w != NO_WORD)
            .map(|(i, &w)| (w, i as u32))
            .collect();
        words.sort_unstable();
        let bits = (n + 1).div_ceil(64);
        let (mut ponct, mut maj, mut num) = (vec![0; bits], vec![0; bits], vec![0; bits]);
        for (i, t) in doc.tokens.iter().enumerate() {
            let set = match t.kind {
                TokenKind::Number => &mut num,
                TokenKind::Word if t.has(Token::CAPITALISED) => &mut maj,
                TokenKind::Word => continue,
                _ => &mut ponct,
            };
            set[i / 64] |= 1 << (i % 64);
        }
        Places {
            words: words.iter().map(|&(w, _)| w).collect(),
            tokens: words.into_iter().map(|(_, i)| i).collect(),
            ponct,
            maj,
            num,
        }
    }

    /// The tokens whose word is `w`, in order.
    fn of(&self, w: u32) -> &[u32] {
        let from = self.words.partition_point(|&x| x < w);
        let to = from + self.words[from..].partition_point(|&x| x == w);
        &self.tokens[from..to]
    }
}

/// What the backward passes look things up in ([`Matcher::feasible`]).
struct Index {
    /// Every annotation as (start token, index in `starts[start]`), by end: those ending at
    /// token `p` are `ends[ends_at[p]..ends_at[p + 1]]`.
    ends: Vec<(u32, u32)>,
    ends_at: Vec<u32>,
    /// Every annotation as (start token, index in `starts[start]`), by kind; `kinds` holds
    /// each kind and the end of its part of `by_kind`.
    by_kind: Vec<(u32, u32)>,
    kinds: Vec<(u16, u32)>,
    /// For each token, the first token of the next sentence (or the end).
    sentence_end: Vec<u32>,
}

impl Index {
    fn new(doc: &DocView<'_>, starts: &[Vec<Ann>]) -> Index {
        let n = doc.tokens.len();
        let mut ends_at = vec![0u32; n + 2];
        for a in starts.iter().flatten() {
            ends_at[(a.end as usize).min(n) + 1] += 1;
        }
        for p in 1..ends_at.len() {
            ends_at[p] += ends_at[p - 1];
        }
        let mut ends = vec![(0, 0); ends_at[n + 1] as usize];
        let mut next = ends_at.clone();
        for (i, list) in starts.iter().enumerate() {
            for (k, a) in list.iter().enumerate() {
                let slot = &mut next[(a.end as usize).min(n)];
                ends[*slot as usize] = (i as u32, k as u32);
                *slot += 1;
            }
        }
        let mut sentence_end = vec![n as u32; n];
        let mut end = n as u32;
        for i in (0..n).rev() {
            sentence_end[i] = end;
            if doc.boundary_before(i) {
                end = i as u32;
            }
        }
        let mut by_kind: Vec<(u16, u32, u32)> = starts
            .iter()
            .enumerate()
            .flat_map(|(i, list)| {
                list.iter()
                    .enumerate()
                    .map(move |(k, a)| (a.kind, i as u32, k as u32))
            })
            .collect();
        by_kind.sort_unstable();
        let mut kinds: Vec<(u16, u32)> = Vec::new();
        for (i, &(kind, ..)) in by_kind.iter().enumerate() {
            match kinds.last_mut() {
                Some((k, end)) if *k == kind => *end = i as u32 + 1,
                _ => kinds.push((kind, i as u32 + 1)),
            }
        }
        Index {
            ends,
            ends_at,
            by_kind: by_kind.into_iter().map(|(_, s, k)| (s, k)).collect(),
            kinds,
            sentence_end,
        }
    }

    /// The annotations of kind `kind`, as (start token, index in `starts[start]`).
    fn of_kind(&self, kind: u16) -> &[(u32, u32)] {
        match self.kinds.binary_search_by_key(&kind, |&(k, _)| k) {
            Ok(i) => {
                let from = if i == 0 {
                    0
                } else {
                    self.kinds[i - 1].1 as usize
                };
                &self.by_kind[from..self.kinds[i].1 as usize]
            }
            Err(_) => &[],
        }
    }
}

impl<'m, 'd> Matcher<'m, 'd> {
    /// A matcher over `doc`, whose annotations starting at each token are `starts`
    /// (longest first); `sets` are buffers for its backward passes, kept from one document
    /// to the next ([`Matcher::into_sets`] gives them back).
    pub fn new(doc: &'m DocView<'d>, starts: &'m [Vec<Ann>], sets: Vec<Vec<u64>>) -> Self {
        Matcher {
            doc,
            starts,
            steps: Cell::new(0),
            start: Cell::new(0),
            index: OnceCell::new(),
            places: OnceCell::new(),
            pool: RefCell::new(sets),
        }
    }

    /// The buffers of the backward passes, for the next matcher.
    pub fn into_sets(self) -> Vec<Vec<u64>> {
        self.pool.into_inner()
    }

    /// The annotations by end and by kind, and the ends of sentences, built when first
    /// needed (by a backward pass: many documents and phases need none).
    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(self.doc, self.starts))
    }

    /// The tokens of each word and of each kind of token, built when first needed (by a
    /// backward pass from many tokens, in long documents).
    fn places(&self) -> &Places {
        self.places.get_or_init(|| Places::new(self.doc))
    }

    /// Fills `out` with, for each top-level item `k` of the sequence `items` up to the one
    /// that captures the cue (`cue`), a superset of the tokens from which `items[k..=cue]`
    /// can match (a bit per token, and one for the end of the document).
    ///
    /// Most starts of a rule fail: the subject is found and no cue follows it, or a stretch
    /// of words runs on and no cue comes after it. A cue is rare, so the tokens from which
    /// the items up to it can match are found once per document, backwards from the places
    /// of the cue, as sets of tokens (captures, the order of alternatives and sentence
    /// bounds ignored, which makes the sets larger, never smaller). Then a start outside the
    /// first set need not be tried, and within a match, an item is not tried at a token
    /// outside its set ([`Matcher::match_at`]): the bit-state idea of backtracking regex
    /// engines, turned into a test known before matching.
    pub fn feasible(&self, items: &[Node], cue: usize, out: &mut Feasible) {
        let n = self.doc.tokens.len();
        let words = (n + 1).div_ceil(64);
        out.words = words;
        out.known = cue + 1;
        out.bits.clear();
        out.bits.resize(words * (cue + 2), 0);
        // After the cue, anything: what follows it is not worked out (too many of its tokens
        // could start it for the sets to be worth their cost).
        let last = &mut out.bits[words * (cue + 1)..];
        last.fill(!0);
        if let (Some(w), r @ 1..) = (last.last_mut(), (n + 1) % 64) {
            *w = (1u64 << r) - 1;
        }
        for k in (0..=cue).rev() {
            let (head, tail) = out.bits.split_at_mut(words * (k + 1));
            let to = &tail[..words];
            if is_empty(to) {
                break;
            }
            self.back(&items[k], to, &mut head[words * k..]);
        }
    }

    /// An empty set of `words` words, from the pool.
    fn set(&self, words: usize) -> Vec<u64> {
        let mut v = self.pool.borrow_mut().pop().unwrap_or_default();
        v.clear();
        v.resize(words, 0);
        v
    }

    /// Returns a set to the pool.
    fn give(&self, v: Vec<u64>) {
        self.pool.borrow_mut().push(v);
    }

    /// Adds to `out` the tokens from which `node` can match up to one of the tokens in
    /// `to` (a superset of them).
    fn back(&self, node: &Node, to: &[u64], out: &mut [u64]) {
        if is_empty(to) {
            return;
        }
        match node {
            Node::Seq(items) => {
                let Some((last, rest)) = items.split_last() else {
                    or_into(out, to);
                    return;
                };
                if rest.is_empty() {
                    return self.back(last, to, out);
                }
                let mut cur = self.set(to.len());
                self.back(last, to, &mut cur);
                let mut next = self.set(to.len());
                for (i, item) in rest.iter().enumerate().rev() {
                    if i == 0 {
                        self.back(item, &cur, out);
                        break;
                    }
                    next.fill(0);
                    self.back(item, &cur, &mut next);
                    std::mem::swap(&mut cur, &mut next);
                    if is_empty(&cur) {
                        break;
                    }
                }
                self.give(cur);
                self.give(next);
            }
            Node::Alt(branches) => {
                for b in branches {
                    self.back(b, to, out);
                }
            }
            // A guard only saves work forwards; what follows it constrains as much.
            Node::Peek(_) => or_into(out, to),
            // One round, or an optional one (most items): straight into `out`, without the
            // sets of the general repetition.
            Node::Item {
                atom,
                min: 1,
                max: 1,
                ..
            } => self.back_atom(atom, to, out),
            Node::Item {
                atom,
                min: 0,
                max: 1,
                ..
            } => {
                or_into(out, to);
                self.back_atom(atom, to, out);
            }
            Node::Item { atom, min, max, .. } => {
                let mut cur = self.set(to.len());
                cur.copy_from_slice(to);
                let mut next = self.set(to.len());
                // Exactly `min` rounds first…
                for _ in 0..*min {
                    next.fill(0);
                    self.back_atom(atom, &cur, &mut next);
                    std::mem::swap(&mut cur, &mut next);
                    if is_empty(&cur) {
                        break;
                    }
                }
                // …then more while new tokens are reached (each round's new tokens only
                // need extending further: the step is monotone).
                let mut seen = self.set(to.len());
                seen.copy_from_slice(&cur);
                let mut round = *min;
                while round < *max && !is_empty(&cur) {
                    next.fill(0);
                    self.back_atom(atom, &cur, &mut next);
                    for ((c, s), w) in cur.iter_mut().zip(seen.iter_mut()).zip(&next) {
                        *c = w & !*s;
                        *s |= w;
                    }
                    round += 1;
                }
                or_into(out, &seen);
                self.give(cur);
                self.give(next);
                self.give(seen);
            }
        }
    }

    /// Adds to `out` the tokens from which one round of `atom` can reach one of the tokens
    /// in `to`.
    fn back_atom(&self, atom: &CAtom, to: &[u64], out: &mut [u64]) {
        let doc = self.doc;
        let n = doc.tokens.len();
        let mut mark = |s: usize| out[s / 64] |= 1 << (s % 64);
        // How many tokens the step starts from, for the elements whose way depends on it.
        let from = match atom {
            CAtom::Literal(..) | CAtom::Class { .. } | CAtom::Regex(_) | CAtom::Not(_) => count(to),
            _ => 0,
        };
        match atom {
            CAtom::Group(inner) => self.back(inner, to, out),
            // The condition ignored: a superset.
            CAtom::And(a, _) => self.back_atom(a, to, out),
            CAtom::Colle => self.filter(to, out, |p| doc.glued(p)),
            CAtom::Debut => self.filter(to, out, |p| p < n && doc.boundary_before(p)),
            CAtom::Fin => self.filter(to, out, |p| p == n || (p > 0 && doc.boundary_before(p))),
            CAtom::Ann {
                kind, sub, filters, ..
            } => {
                let fits = |a: &Ann| self.fits(a, *kind, *sub, filters);
                let index = self.index();
                let list = index.of_kind(*kind);
                // Through the annotations of the kind or through the tokens of `to`,
                // whichever is fewer.
                if list.len() < count(to) {
                    for &(s, k) in list {
                        let a = &self.starts[s as usize][k as usize];
                        if has(to, a.end as usize) && fits(a) {
                            mark(s as usize);
                        }
                    }
                } else {
                    for_each_bit(to, |p| {
                        let range = index.ends_at[p] as usize..index.ends_at[p + 1] as usize;
                        for &(s, k) in &index.ends[range] {
                            if fits(&self.starts[s as usize][k as usize]) {
                                mark(s as usize);
                            }
                        }
                    });
                }
            }
            // From many tokens, a literal or a class is looked up by its words' places (a
            // long document: walking the tokens of `to` one by one would cost more).
            CAtom::Literal(words, whole) if from > MANY => {
                let places = self.places();
                let len = words.len();
                for &i in places.of(words[0]) {
                    let i = i as usize;
                    if has(to, i + len)
                        && (1..len).all(|k| doc.word_ids.get(i + k) == Some(&words[k]))
                    {
                        mark(i);
                    }
                }
                for &i in whole.iter().flat_map(|&w| places.of(w)) {
                    if has(to, i as usize + 1) {
                        mark(i as usize);
                    }
                }
            }
            CAtom::Class {
                words,
                ponct,
                maj,
                num,
            } if from > MANY => {
                let places = self.places();
                let mut takes = self.set(to.len());
                for (flag, kinds) in [
                    (*ponct, &places.ponct),
                    (*maj, &places.maj),
                    (*num, &places.num),
                ] {
                    if flag {
                        or_into(&mut takes, kinds);
                    }
                }
                for &w in words.ids() {
                    for &i in places.of(w) {
                        takes[i as usize / 64] |= 1 << (i % 64);
                    }
                }
                let mut before = self.set(to.len());
                shift_into(&mut before, to);
                for ((o, b), t) in out.iter_mut().zip(&before).zip(&takes) {
                    *o |= b & t;
                }
                self.give(takes);
                self.give(before);
            }
            CAtom::Literal(words, whole) => {
                let len = words.len();
                for_each_bit(to, |p| {
                    if p >= len && (0..len).all(|i| doc.word_id(p - len + i) == words[i]) {
                        mark(p - len);
                    }
                    if whole.is_some_and(|w| p >= 1 && doc.word_id(p - 1) == w) {
                        mark(p - 1);
                    }
                });
            }
            // Any token, or one costly to test (a regular expression, a negation) from many
            // tokens: the token before each, which is a superset.
            CAtom::Any => shift_into(out, to),
            CAtom::Regex(_) | CAtom::Not(_) if from > COSTLY_FROM => shift_into(out, to),
            _ => for_each_bit(to, |p| {
                if p >= 1 && self.token_matches(atom, p - 1) {
                    mark(p - 1);
                }
            }),
        }
    }

    /// Whether `atom` matches at token `i` (as the first element of a match, where a
    /// sentence may begin), when that is cheap to tell; `false` when it is not sure.
    fn surely(&self, atom: &CAtom, i: usize) -> bool {
        let doc = self.doc;
        match atom {
            CAtom::Regex(_)
            | CAtom::Class { .. }
            | CAtom::Any
            | CAtom::Maj
            | CAtom::Class1(_)
            | CAtom::Num
            | CAtom::Ponct => self.token_matches(atom, i),
            CAtom::And(a, b) => self.surely(a, i) && self.surely(b, i),
            CAtom::Literal(words, whole) => {
                let w = doc.word_id(i);
                (words.len() == 1 && words[0] == w) || *whole == Some(w)
            }
            CAtom::Ann {
                kind, sub, filters, ..
            } => self.starts[i]
                .iter()
                .any(|a| self.fits(a, *kind, *sub, filters)),
            CAtom::Group(inner) => match &**inner {
                Node::Alt(branches) => branches.iter().any(|b| self.surely_node(b, i)),
                node => self.surely_node(node, i),
            },
            CAtom::Not(_) | CAtom::Debut | CAtom::Fin | CAtom::Colle => false,
        }
    }

    /// [`Matcher::surely`] for a one-round item.
    fn surely_node(&self, node: &Node, i: usize) -> bool {
        matches!(node, Node::Item { atom, min: 1, .. } if self.surely(atom, i))
    }

    /// Adds to `out` the tokens of `to` that pass `keep`.
    fn filter(&self, to: &[u64], out: &mut [u64], keep: impl Fn(usize) -> bool) {
        for_each_bit(to, |p| {
            if keep(p) {
                out[p / 64] |= 1 << (p % 64);
            }
        });
    }

    /// Whether token `i` (which exists) is one that the one-token element `atom` takes,
    /// sentence bounds aside.
    fn token_matches(&self, atom: &CAtom, i: usize) -> bool {
        let doc = self.doc;
        let t = &doc.tokens[i];
        match atom {
            CAtom::Regex(re) => re.is_match(doc.word(i)),
            CAtom::Class {
                words,
                ponct,
                maj,
                num,
            } => {
                (*ponct && !matches!(t.kind, TokenKind::Word | TokenKind::Number))
                    || (*num && t.kind == TokenKind::Number)
                    || (*maj && doc.capitalised(i))
                    || words.contains(doc.word_id(i))
            }
            CAtom::Any => true,
            CAtom::Maj => doc.capitalised(i),
            CAtom::Class1(c) => t.kind == TokenKind::Word && doc.in_class(i, *c),
            // Backwards, the condition is left out (a superset); forwards, `And` is matched
            // by `atom` and `takes`.
            CAtom::And(a, _) => self.token_matches(a, i),
            CAtom::Num => t.kind == TokenKind::Number,
            CAtom::Ponct => !matches!(t.kind, TokenKind::Word | TokenKind::Number),
            // Backwards, it is enough that the negated element surely matches to rule the
            // token out (see `surely`); forwards, `atom` asks the exact question.
            CAtom::Not(inner) => !self.surely(inner, i),
            // Not one-token elements (handled by the caller).
            CAtom::Literal(..)
            | CAtom::Ann { .. }
            | CAtom::Debut
            | CAtom::Fin
            | CAtom::Colle
            | CAtom::Group(_) => true,
        }
    }

    /// The document matched.
    pub fn doc(&self) -> &'m DocView<'d> {
        self.doc
    }

    /// The annotations starting at each token.
    pub fn starts(&self) -> &'m [Vec<Ann>] {
        self.starts
    }

    /// The end of the first match of `node` starting at token `start`; its `slots`
    /// captures are left in `caps` (which is reset first, and reused from one attempt to
    /// the next, so that an attempt allocates nothing).
    pub fn match_at(
        &self,
        node: &Node,
        start: usize,
        slots: usize,
        caps: &mut Caps,
        feasible: Option<&Feasible>,
    ) -> Option<usize> {
        self.steps.set(0);
        self.start.set(start);
        caps.clear();
        caps.resize(slots, None);
        if let (Node::Seq(items), Some(f)) = (node, feasible) {
            return self.suffix(items, 0, start, caps, f);
        }
        let mut found = None;
        // On success no frame restores a capture, so `caps` is left as the match set it.
        self.node(node, start, caps, &mut |end, _| {
            if end > start {
                found = Some(end);
                true
            } else {
                false
            }
        });
        found
    }

    /// The end of the first match of `items[k..]` (the rest of a top-level sequence) from
    /// token `pos`, not tried where `feasible` says it cannot match.
    fn suffix(
        &self,
        items: &[Node],
        k: usize,
        pos: usize,
        caps: &mut Caps,
        feasible: &Feasible,
    ) -> Option<usize> {
        let Some(item) = items.get(k) else {
            return (pos > self.start.get()).then_some(pos);
        };
        if !feasible.has(k, pos) {
            return None;
        }
        // `_{m,n}` before an item with a set, or before a guard: only the ends in that set,
        // or that the guard admits, are tried, found in a loop rather than token by token
        // through the general repetition.
        if let (
            Node::Item {
                capture,
                atom: CAtom::Any,
                min,
                max,
                lazy,
            },
            true,
        ) = (
            item,
            feasible.known(k + 1) || matches!(items.get(k + 1), Some(Node::Peek(_))),
        ) {
            return self.any_run(items, k, pos, caps, feasible, *capture, (*min, *max, *lazy));
        }
        let mut found = None;
        self.node(item, pos, caps, &mut |p, c| {
            found = self.suffix(items, k + 1, p, c, feasible);
            found.is_some()
        });
        found
    }

    /// [`Matcher::suffix`] for an item `_{min,max}` (maybe lazy, maybe captured).
    #[allow(clippy::too_many_arguments)]
    fn any_run(
        &self,
        items: &[Node],
        k: usize,
        pos: usize,
        caps: &mut Caps,
        feasible: &Feasible,
        capture: Option<u16>,
        (min, max, lazy): (u32, u32, bool),
    ) -> Option<usize> {
        let n = self.doc.tokens.len();
        // Tokens stay in their sentence: the run may take the token at `pos` (unless it
        // opens a sentence and is not the start) and those after it up to the next
        // sentence.
        let most = if pos >= n || (pos != self.start.get() && self.doc.boundary_before(pos)) {
            0
        } else {
            self.index().sentence_end[pos] as usize - pos
        };
        let (lo, hi) = (pos + min as usize, pos + most.min(max as usize));
        if lo > hi {
            return None;
        }
        let saved = capture.map(|slot| caps[slot as usize]);
        let try_end = |p: usize, caps: &mut Caps| {
            if !self.tick() {
                return Some(None);
            }
            if let Some(slot) = capture {
                caps[slot as usize] = (p > pos).then_some((pos as u32, p as u32));
            }
            self.suffix(items, k + 1, p, caps, feasible).map(Some)
        };
        let found = if feasible.known(k + 1) {
            if lazy {
                feasible.ends(k + 1, lo, hi).find_map(|p| try_end(p, caps))
            } else {
                feasible
                    .ends(k + 1, lo, hi)
                    .rev()
                    .find_map(|p| try_end(p, caps))
            }
        } else {
            let Some(Node::Peek(set)) = items.get(k + 1) else {
                return None;
            };
            let admitted =
                |p: &usize| set.admits(self.doc, self.starts.get(*p).map_or(&[], |s| s), *p);
            if lazy {
                (lo..=hi).filter(admitted).find_map(|p| try_end(p, caps))
            } else {
                (lo..=hi)
                    .rev()
                    .filter(admitted)
                    .find_map(|p| try_end(p, caps))
            }
        }
        .flatten();
        if found.is_none() {
            if let (Some(slot), Some(old)) = (capture, saved) {
                caps[slot as usize] = old;
            }
        }
        found
    }

    /// The steps the last match attempt took.
    pub fn steps(&self) -> u32 {
        self.steps.get()
    }

    fn tick(&self) -> bool {
        let s = self.steps.get() + 1;
        self.steps.set(s);
        s <= STEP_BUDGET
    }

    /// Token `i` may be matched by a token element: it exists and does not start a new
    /// sentence (unless the match starts there).
    fn in_sentence(&self, i: usize) -> bool {
        i < self.doc.tokens.len() && (i == self.start.get() || !self.doc.boundary_before(i))
    }

    fn node(
        &self,
        n: &Node,
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        if !self.tick() {
            return false;
        }
        match n {
            Node::Seq(items) => self.seq(items, pos, caps, k),
            Node::Peek(set) => {
                set.admits(self.doc, self.starts.get(pos).map_or(&[], |s| s), pos) && k(pos, caps)
            }
            Node::Alt(branches) => {
                for b in branches {
                    if self.node(b, pos, caps, k) {
                        return true;
                    }
                }
                false
            }
            Node::Item {
                capture,
                atom,
                min,
                max,
                lazy,
            } => match capture {
                // One round (most items): the element itself, without the repetition's
                // frames around it.
                None if (*min, *max) == (1, 1) => self.atom(atom, pos, caps, k),
                None => self.rep(atom, *min, *max, *lazy, 0, pos, caps, k),
                Some(slot) => {
                    let slot = *slot as usize;
                    let saved = caps[slot];
                    // A captured single quotation takes its content.
                    if let (CAtom::Ann { quote: true, .. }, 1, 1) = (atom, *min, *max) {
                        let ok = self.ann_each(atom, pos, &mut |end, inner| {
                            caps[slot] = Some(inner);
                            k(end, caps)
                        });
                        if !ok {
                            caps[slot] = saved;
                        }
                        return ok;
                    }
                    let ok = self.rep(atom, *min, *max, *lazy, 0, pos, caps, &mut |end, c| {
                        let old = c[slot];
                        c[slot] = (end > pos).then_some((pos as u32, end as u32));
                        if k(end, c) {
                            true
                        } else {
                            c[slot] = old;
                            false
                        }
                    });
                    if !ok {
                        caps[slot] = saved;
                    }
                    ok
                }
            },
        }
    }

    fn seq(
        &self,
        items: &[Node],
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        match items.split_first() {
            None => k(pos, caps),
            Some((first, rest)) => self.node(first, pos, caps, &mut |p, c| self.seq(rest, p, c, k)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rep(
        &self,
        atom: &CAtom,
        min: u32,
        max: u32,
        lazy: bool,
        count: u32,
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        if takes_one_token(atom) {
            return self.rep_tokens(atom, (min, max, lazy), count, pos, caps, k);
        }
        if !self.tick() {
            return false;
        }
        let done = count >= min;
        if lazy && done && k(pos, caps) {
            return true;
        }
        if count < max {
            let more = self.atom(atom, pos, caps, &mut |p, c| {
                if p == pos {
                    // A zero-width element repeats once at most.
                    count + 1 >= min && k(p, c)
                } else {
                    self.rep(atom, min, max, lazy, count + 1, p, c, k)
                }
            });
            if more {
                return true;
            }
        }
        !lazy && done && k(pos, caps)
    }

    /// [`Matcher::rep`] for an element that takes exactly one token: the rounds in a loop
    /// rather than two frames each, which a run of `!PONCT{1,10}` or `$ADV{0,3}?` made
    /// costly. Same steps, same tokens tested, continuations called in the same order as
    /// the recursion, so the step budget runs out at the same point: a frame whose step
    /// fails calls nothing, an element whose step fails lets its frame go on as if the
    /// token did not match.
    fn rep_tokens(
        &self,
        atom: &CAtom,
        (min, max, lazy): (u32, u32, bool),
        first: u32,
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        let (mut count, mut p) = (first, pos);
        // Whether the deepest frame reached got as far as calling `k` (greedily).
        let deepest_calls = loop {
            if !self.tick() {
                break false;
            }
            if lazy && count >= min && k(p, caps) {
                return true;
            }
            if count >= max || !self.tick() || !self.takes(atom, p) {
                break true;
            }
            count += 1;
            p += 1;
        };
        if lazy {
            return false;
        }
        if !deepest_calls {
            if count == first {
                return false;
            }
            count -= 1;
            p -= 1;
        }
        // Greedy: from the longest run back to the shortest.
        loop {
            if count >= min && k(p, caps) {
                return true;
            }
            if count == first {
                return false;
            }
            count -= 1;
            p -= 1;
        }
    }

    /// Whether the one-token element `atom` ([`takes_one_token`]) takes token `pos`, as
    /// [`Matcher::atom`] tells it after its step.
    fn takes(&self, atom: &CAtom, pos: usize) -> bool {
        if !self.in_sentence(pos) {
            return false;
        }
        match atom {
            CAtom::Literal(words, whole) => {
                let w = self.doc.word_id(pos);
                words[0] == w || *whole == Some(w)
            }
            CAtom::Not(inner) => !self.atom(inner, pos, &mut Vec::new(), &mut |_, _| true),
            CAtom::And(a, b) => {
                self.takes(a, pos) && self.atom(b, pos, &mut Vec::new(), &mut |_, _| true)
            }
            _ => self.token_matches(atom, pos),
        }
    }

    fn atom(
        &self,
        atom: &CAtom,
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        if !self.tick() {
            return false;
        }
        let doc = self.doc;
        let n = doc.tokens.len();
        match atom {
            CAtom::Literal(words, whole) => {
                let seq = words
                    .iter()
                    .enumerate()
                    .all(|(i, w)| self.in_sentence(pos + i) && doc.word_id(pos + i) == *w);
                if seq {
                    return k(pos + words.len(), caps);
                }
                match whole {
                    Some(w) if self.in_sentence(pos) && doc.word_id(pos) == *w => k(pos + 1, caps),
                    _ => false,
                }
            }
            CAtom::Regex(_)
            | CAtom::Class { .. }
            | CAtom::Any
            | CAtom::Maj
            | CAtom::Class1(_)
            | CAtom::Num
            | CAtom::Ponct => {
                self.in_sentence(pos) && self.token_matches(atom, pos) && k(pos + 1, caps)
            }
            // `a` first, and the condition only once `a` has matched (it does not depend
            // on where `a` ends, so it is asked once): `@prenoms & NOM & /…/` tests the
            // regular expression only at first names.
            CAtom::And(a, b) => {
                let mut holds: Option<bool> = None;
                pos < n
                    && self.atom(a, pos, caps, &mut |end, caps| {
                        let ok = *holds.get_or_insert_with(|| {
                            self.atom(b, pos, &mut Vec::new(), &mut |_, _| true)
                        });
                        ok && k(end, caps)
                    })
            }
            CAtom::Colle => doc.glued(pos) && k(pos, caps),
            CAtom::Debut => doc.boundary_before(pos) && pos < n && k(pos, caps),
            CAtom::Fin => (pos == n || (pos > 0 && doc.boundary_before(pos))) && k(pos, caps),
            CAtom::Ann { .. } => self.ann_each(atom, pos, &mut |end, _| k(end, caps)),
            CAtom::Group(node) => self.node(node, pos, caps, k),
            CAtom::Not(inner) => {
                if !self.in_sentence(pos) {
                    return false;
                }
                let mut scratch: Caps = Vec::new();
                let matched = self.atom(inner, pos, &mut scratch, &mut |_, _| true);
                !matched && k(pos + 1, caps)
            }
        }
    }

    /// Whether annotation `a` is one that an element `Ann { kind, sub, filters }` takes.
    fn fits(&self, a: &Ann, kind: u16, sub: Option<u16>, filters: &[AttrFilter]) -> bool {
        a.kind == kind
            && sub.is_none_or(|x| x == a.sub)
            && filters.iter().all(|f| f.accepts(self.doc, a.entry))
    }

    /// Calls `k` with (end, inner range) for each annotation of `atom`'s kind at `pos`.
    fn ann_each(
        &self,
        atom: &CAtom,
        pos: usize,
        k: &mut dyn FnMut(usize, (u32, u32)) -> bool,
    ) -> bool {
        let CAtom::Ann {
            kind, sub, filters, ..
        } = atom
        else {
            return false;
        };
        let doc = self.doc;
        if pos >= doc.tokens.len() || (pos != self.start.get() && doc.boundary_before(pos)) {
            return false;
        }
        for a in &self.starts[pos] {
            if !self.fits(a, *kind, *sub, filters) {
                continue;
            }
            if k(a.end as usize, a.inner) {
                return true;
            }
        }
        false
    }
}

/// Whether `atom` always takes exactly one token when it matches (and so repeats in a
/// loop: [`Matcher::rep_tokens`]).
fn takes_one_token(atom: &CAtom) -> bool {
    match atom {
        CAtom::Literal(words, _) => words.len() == 1,
        CAtom::Regex(_)
        | CAtom::Class { .. }
        | CAtom::Any
        | CAtom::Maj
        | CAtom::Class1(_)
        | CAtom::Num
        | CAtom::Ponct
        | CAtom::Not(_) => true,
        CAtom::And(a, _) => takes_one_token(a),
        CAtom::Ann { .. } | CAtom::Debut | CAtom::Fin | CAtom::Colle | CAtom::Group(_) => false,
    }
}

/// For each top-level item of a pattern, the tokens from which the rest of the pattern can
/// match ([`Matcher::feasible`]).
#[derive(Debug, Default)]
pub struct Feasible {
    /// Words per set.
    words: usize,
    /// How many items have a set (those after have none: anything goes).
    known: usize,
    /// The sets, one after the other.
    bits: Vec<u64>,
}

impl Feasible {
    /// Whether `items[k..]` may match from token `p`.
    pub fn has(&self, k: usize, p: usize) -> bool {
        k >= self.known || has(&self.bits[k * self.words..(k + 1) * self.words], p)
    }

    /// Whether item `k` has a set.
    fn known(&self, k: usize) -> bool {
        k < self.known
    }

    /// The tokens from `lo` to `hi` (included) in item `k`'s set, in order.
    fn ends(&self, k: usize, lo: usize, hi: usize) -> impl DoubleEndedIterator<Item = usize> {
        let set = &self.bits[k * self.words..(k + 1) * self.words];
        (lo..=hi.min(self.words * 64 - 1)).filter(move |&p| has(set, p))
    }
}

/// From how many tokens a backward step looks a literal or a class up by its words' places
/// rather than token by token.
const MANY: usize = 4096;

/// From how many tokens a costly element is not tested backwards (see [`Matcher::back_atom`]).
const COSTLY_FROM: usize = 16;

/// `out |= bits >> 1`: the token before each token of `bits`.
fn shift_into(out: &mut [u64], bits: &[u64]) {
    for i in 0..bits.len() {
        let carry = bits.get(i + 1).map_or(0, |w| w << 63);
        out[i] |= bits[i] >> 1 | carry;
    }
}

/// Whether no bit is set.
fn is_empty(bits: &[u64]) -> bool {
    bits.iter().all(|&w| w == 0)
}

/// How many bits are set.
fn count(bits: &[u64]) -> usize {
    bits.iter().map(|w| w.count_ones() as usize).sum()
}

/// Whether bit `p` is set.
fn has(bits: &[u64], p: usize) -> bool {
    bits.get(p / 64).is_some_and(|w| w >> (p % 64) & 1 == 1)
}

/// `out |= bits`.
fn or_into(out: &mut [u64], bits: &[u64]) {
    for (o, w) in out.iter_mut().zip(bits) {
        *o |= w;
    }
}

/// Calls `f` with each position whose bit is set in `bits`, in order.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (i, &w) in bits.iter().enumerate() {
        let mut w = w;
        while w != 0 {
            f(i * 64 + w.trailing_zeros() as usize);
            w &= w - 1;
        }
    }
}

/// A compiled `[key=value]` or `[key!=value]` lexicon filter.
#[derive(Debug, Clone)]
pub struct AttrFilter {
    /// Attribute name.
    pub key: Box<str>,
    /// A prefix of one of the attribute's comma-separated values.
    pub value: Box<str>,
    /// Whether the entry must not have the value.
    pub negated: bool,
    /// Its bit in [`DocView::entry_filters`], worked out for every entry once when the
    /// rules compile (the first 64 distinct filters have one): tested for every
    /// annotation of the lexicon, reading the entry's attributes as text each time was
    /// a few percent of the attribution stage.
    pub bit: Option<u8>,
}

impl AttrFilter {
    fn accepts(&self, doc: &DocView<'_>, entry: u32) -> bool {
        let has = match self.bit {
            Some(bit) => doc
                .entry_filters
                .get(entry as usize)
                .is_some_and(|m| m >> bit & 1 == 1),
            None => self.passed_by((doc.attr)(entry, &self.key)),
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
    /// with it).
    pub fn takes(&self, value: &str) -> bool {
        value.starts_with(&*self.value)
    }
}

/// Whether a pattern can only match from the start of a sentence (it begins with `DEBUT`).
pub fn starts_with_debut(node: &Node) -> bool {
    match node {
        Node::Peek(_) => false,
        Node::Seq(items) => items.first().is_some_and(starts_with_debut),
        Node::Alt(branches) => branches.iter().all(starts_with_debut),
        Node::Item { atom, min, .. } => {
            *min >= 1
                && match atom {
                    CAtom::Debut => true,
                    CAtom::Group(inner) => starts_with_debut(inner),
                    _ => false,
                }
        }
    }
}

impl Node {
    /// The same item with its element rewritten by `f` (other nodes are returned as they are).
    fn map_atom(self, f: impl FnOnce(CAtom) -> CAtom) -> Node {
        match self {
            Node::Item {
                capture,
                atom,
                min,
                max,
                lazy,
            } => Node::Item {
                capture,
                atom: f(atom),
                min,
                max,
                lazy,
            },
            other => other,
        }
    }
}

/// Rewrites alternatives of single-token elements into one [`CAtom::Class`] lookup, and
/// removes the groups that only wrap (a group met once, without a capture, is its pattern;
/// a sequence inside a sequence is spliced into it): macros expand into groups, and each
/// level costs the matcher calls and steps at every attempt.
pub fn optimise(node: Node) -> Node {
    match node {
        Node::Peek(set) => Node::Peek(set),
        Node::Seq(items) => {
            let mut flat = Vec::with_capacity(items.len());
            for item in items.into_iter().map(optimise) {
                match item {
                    Node::Seq(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            if flat.len() == 1 {
                flat.pop().expect("one item")
            } else {
                Node::Seq(flat)
            }
        }
        Node::Alt(branches) => {
            let branches: Vec<Node> = branches.into_iter().map(optimise).collect();
            match class_of(&branches) {
                Some(atom) => Node::Item {
                    capture: None,
                    atom,
                    min: 1,
                    max: 1,
                    lazy: false,
                },
                None => Node::Alt(branches),
            }
        }
        item @ Node::Item { .. } => match item.map_atom(optimise_atom) {
            Node::Item {
                capture: None,
                atom: CAtom::Group(inner),
                min: 1,
                max: 1,
                ..
            } => *inner,
            other => other,
        },
    }
}

fn optimise_atom(atom: CAtom) -> CAtom {
    match atom {
        CAtom::Group(inner) => match optimise(*inner) {
            Node::Item {
                capture: None,
                atom,
                min: 1,
                max: 1,
                ..
            } => atom,
            other => CAtom::Group(Box::new(other)),
        },
        CAtom::Not(inner) => CAtom::Not(Box::new(optimise_atom(*inner))),
        CAtom::And(a, b) => CAtom::And(Box::new(optimise_atom(*a)), Box::new(optimise_atom(*b))),
        other => other,
    }
}

/// The class that a set of alternatives amounts to, when each is one single-token element.
fn class_of(branches: &[Node]) -> Option<CAtom> {
    let (mut words, mut ponct, mut maj, mut num) = (Vec::new(), false, false, false);
    for b in branches {
        let Node::Item {
            capture: None,
            atom,
            min: 1,
            max: 1,
            ..
        } = b
        else {
            return None;
        };
        match atom {
            CAtom::Literal(w, None) if w.len() == 1 => words.push(w[0]),
            CAtom::Class {
                words: w,
                ponct: p,
                maj: m,
                num: n,
            } => {
                words.extend(w.ids().iter().copied());
                ponct |= p;
                maj |= m;
                num |= n;
            }
            CAtom::Ponct => ponct = true,
            CAtom::Maj => maj = true,
            CAtom::Num => num = true,
            _ => return None,
        }
    }
    Some(CAtom::Class {
        words: WordSet::new(words),
        ponct,
        maj,
        num,
    })
}

/// Inserts [`Node::Peek`] guards after variable repetitions, where what may follow them has
/// a first-token set: the rest of their sequence, and, when that rest may match nothing, what
/// follows the sequence in the enclosing pattern (so that `source:($DET !PONCT{1,7}?)` is
/// guarded by the first tokens of the cue after it). A guard only prunes continuations that
/// would fail, so matches and their order are unchanged.
pub fn guard(node: Node) -> Node {
    guard_in(node, None)
}

/// [`guard`], knowing the first-token set of what follows `node` (`None`: anything may).
fn guard_in(node: Node, follow: Option<&FirstSet>) -> Node {
    match node {
        Node::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let after = match first_of(&Node::Seq(items[i + 1..].to_vec())) {
                    Some((set, false)) => Some(set.normalised()),
                    Some((mut set, true)) => follow.map(|f| {
                        set.merge(f.clone());
                        set.normalised()
                    }),
                    None => None,
                };
                out.push(guard_in(item.clone(), after.as_ref()));
                let variable = matches!(item, Node::Item { min, max, .. } if max > min);
                if let Some(set) = after.filter(|_| variable) {
                    out.push(Node::Peek(set));
                }
            }
            Node::Seq(out)
        }
        Node::Alt(branches) => {
            Node::Alt(branches.into_iter().map(|b| guard_in(b, follow)).collect())
        }
        Node::Item {
            capture,
            atom,
            min,
            max,
            lazy,
        } => {
            // After one round of a repeated group comes another round or what follows it.
            let follow = if max > 1 {
                let own = match &atom {
                    CAtom::Group(inner) => first_of(inner),
                    _ => None,
                };
                own.zip(follow).map(|((mut set, _), f)| {
                    set.merge(f.clone());
                    set.normalised()
                })
            } else {
                follow.cloned()
            };
            Node::Item {
                capture,
                atom: match atom {
                    CAtom::Group(inner) => {
                        CAtom::Group(Box::new(guard_in(*inner, follow.as_ref())))
                    }
                    other => other,
                },
                min,
                max,
                lazy,
            }
        }
        other => other,
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

    fn union(&self, other: &WordSet) -> WordSet {
        WordSet::new(self.ids.iter().chain(&other.ids).copied())
    }
}

/// What the first token of a match can be: lets the engine skip starts that cannot begin
/// one. `None` from [`first_set`] means any token may.
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
    }

    /// Whether only annotations may start a match (no word, no class of tokens, no `FIN`):
    /// then the starts can be found from where those annotations are.
    pub fn sparse(&self) -> bool {
        !self.kinds.is_empty()
            && self.words.ids().is_empty()
            && !self.maj
            && self.classes.0 == 0
            && !self.ponct
            && !self.num
            && !self.fin
    }

    fn merge(&mut self, other: FirstSet) {
        self.kinds.extend(other.kinds);
        self.words = self.words.union(&other.words);
        self.maj |= other.maj;
        self.classes.set(other.classes);
        self.ponct |= other.ponct;
        self.num |= other.num;
        self.fin |= other.fin;
    }

    /// Kinds sorted and without duplicates.
    fn normalised(mut self) -> FirstSet {
        self.kinds.sort_unstable();
        self.kinds.dedup();
        self
    }
}

/// The first set of a pattern, or `None` when any token may start it.
pub fn first_set(node: &Node) -> Option<FirstSet> {
    let (set, may_be_empty) = first_of(node)?;
    if may_be_empty {
        return None;
    }
    Some(set.normalised())
}

/// (first set, whether the pattern can match nothing); `None`: any token.
fn first_of(node: &Node) -> Option<(FirstSet, bool)> {
    match node {
        Node::Peek(_) => Some((FirstSet::default(), true)),
        Node::Seq(items) => {
            let mut acc = FirstSet::default();
            for item in items {
                let (set, empty) = first_of(item)?;
                acc.merge(set);
                if !empty {
                    return Some((acc, false));
                }
            }
            Some((acc, true))
        }
        Node::Alt(branches) => {
            let mut acc = FirstSet::default();
            let mut empty = false;
            for b in branches {
                let (set, e) = first_of(b)?;
                acc.merge(set);
                empty |= e;
            }
            Some((acc, empty))
        }
        Node::Item { atom, min, .. } => {
            let (set, empty) = atom_first(atom)?;
            Some((set, empty || *min == 0))
        }
    }
}

fn atom_first(atom: &CAtom) -> Option<(FirstSet, bool)> {
    let mut set = FirstSet::default();
    match atom {
        CAtom::Ann { kind, .. } => set.kinds.push(*kind),
        CAtom::Literal(words, whole) => {
            set.words = WordSet::new(words.iter().take(1).chain(whole).copied());
        }
        CAtom::Class {
            words,
            ponct,
            maj,
            num,
        } => {
            set.words = words.clone();
            set.ponct = *ponct;
            set.maj = *maj;
            set.num = *num;
        }
        CAtom::Maj => set.maj = true,
        // A token of the class: tested by its bit, far fewer tokens than `MAJ` admits.
        CAtom::Class1(c) => set.classes = *c,
        // The first token of `a`'s match is one `b` matches too: either set will do.
        CAtom::And(a, b) => {
            return atom_first(a).or_else(|| atom_first(b).filter(|(_, empty)| !empty));
        }
        CAtom::Colle => return Some((set, true)),
        CAtom::Num => set.num = true,
        CAtom::Ponct => set.ponct = true,
        // Where a match goes through `FIN`, its position ends a sentence: that is a
        // condition as good as a first token. `DEBUT` stays transparent, so that a pattern
        // opening with it is still filtered on the token after it (starts of sentences are
        // found otherwise).
        CAtom::Fin => set.fin = true,
        CAtom::Debut => return Some((set, true)),
        CAtom::Group(inner) => return first_of(inner),
        CAtom::Any | CAtom::Regex(_) | CAtom::Not(_) => return None,
    }
    Some((set, false))
}

/// What the tokens just after a match's start must be, worked out from the pattern's
/// leading one-token elements: for `$ARTICLE COLLE SIGLE`, an article followed by an
/// acronym. The first set ([`FirstSet`]) tests the start token only, so a rule opening with
/// a frequent word (`le`, `à`) would be tried at each of them; this tests the next few
/// tokens too, and a start where they cannot begin the elements is not tried.
///
/// Each alternative is a list of conditions (a token offset from the start and what may
/// begin there); a start is admitted when one alternative's conditions all hold. The
/// conditions are necessary, never sufficient (a superset of the starts that match), so the
/// filter changes how fast, never what, a rule matches. Cost: one [`FirstSet::admits`] per
/// condition at each start the first set admits, against a full match attempt saved at each
/// start it refuses.
#[derive(Clone, Debug, Default)]
pub struct Prefix {
    alts: Vec<Vec<(u32, FirstSet)>>,
}

/// The most alternatives a prefix forks into (an alternative of alternatives multiplies
/// them); past that, the conditions found so far are kept and no more are added.
const MAX_PREFIX_ALTS: usize = 16;

/// How many tokens after the start a prefix looks at, at most.
const MAX_PREFIX_OFFSET: u32 = 4;

/// One alternative of a prefix being worked out: where the next element starts, and whether
/// that is still known (after an element of variable width it is not).
#[derive(Clone)]
struct PartialPrefix {
    offset: u32,
    conds: Vec<(u32, FirstSet)>,
    open: bool,
}

impl Prefix {
    /// Whether a match may start at token `i`, as far as the tokens after it tell;
    /// `starts` are the annotations starting at each token.
    pub fn admits(&self, doc: &DocView<'_>, starts: &[Vec<Ann>], i: usize) -> bool {
        self.alts.iter().any(|conds| {
            conds.iter().all(|(offset, set)| {
                let at = i + *offset as usize;
                set.admits(doc, starts.get(at).map_or(&[][..], Vec::as_slice), at)
            })
        })
    }
}

/// The prefix of a pattern, or `None` when it asks nothing of the tokens after the start
/// (then the first set says all there is to say).
pub fn prefix(node: &Node) -> Option<Prefix> {
    let mut partials = vec![PartialPrefix {
        offset: 0,
        conds: Vec::new(),
        open: true,
    }];
    prefix_of(node, &mut partials);
    // An alternative without a condition admits every start, and so does the prefix; one
    // that asks nothing past the start token says no more than the first set.
    if partials.iter().any(|p| p.conds.is_empty())
        || partials
            .iter()
            .all(|p| p.conds.iter().all(|(o, _)| *o == 0))
    {
        return None;
    }
    Some(Prefix {
        alts: partials.into_iter().map(|p| p.conds).collect(),
    })
}

/// Extends each open alternative of `partials` with the conditions of `node`.
fn prefix_of(node: &Node, partials: &mut Vec<PartialPrefix>) {
    if partials.iter().all(|p| !p.open) {
        return;
    }
    match node {
        Node::Seq(items) => {
            for item in items {
                prefix_of(item, partials);
            }
        }
        Node::Alt(branches) => {
            let open = partials.iter().filter(|p| p.open).count();
            if partials.len() + open * (branches.len().saturating_sub(1)) > MAX_PREFIX_ALTS {
                partials.iter_mut().for_each(|p| p.open = false);
                return;
            }
            let mut out = Vec::with_capacity(partials.len() * branches.len());
            for p in partials.drain(..) {
                if !p.open {
                    out.push(p);
                    continue;
                }
                for b in branches {
                    let mut fork = vec![p.clone()];
                    prefix_of(b, &mut fork);
                    out.extend(fork);
                }
            }
            *partials = out;
        }
        // A guard: zero width, and what follows it says as much.
        Node::Peek(_) => {}
        Node::Item { atom, min, max, .. } => {
            for p in partials.iter_mut().filter(|p| p.open) {
                prefix_item(atom, *min, *max, p);
            }
            if let (CAtom::Group(inner), 1, 1) = (atom, min, max) {
                prefix_of(inner, partials);
            }
        }
    }
}

/// Extends one open alternative with an item `atom{min,max}` (a group of one round is
/// walked by [`prefix_of`] instead).
fn prefix_item(atom: &CAtom, min: u32, max: u32, p: &mut PartialPrefix) {
    if p.offset > MAX_PREFIX_OFFSET {
        p.open = false;
        return;
    }
    match atom {
        // Zero width.
        CAtom::Colle | CAtom::Debut | CAtom::Fin => {}
        CAtom::Group(_) if min == 1 && max == 1 => {}
        _ if takes_one_token(atom) => {
            let set = atom_first(atom).filter(|(_, empty)| !empty).map(|(s, _)| s);
            for round in 0..min.min(MAX_PREFIX_OFFSET + 1) {
                if let Some(set) = &set {
                    p.conds.push((p.offset + round, set.clone()));
                }
            }
            p.offset += min;
            if max != min {
                p.open = false;
            }
        }
        // Words in sequence (not one that the tokeniser would cut: its width varies).
        CAtom::Literal(words, None) if min == 1 && max == 1 => {
            for (k, &w) in words.iter().enumerate() {
                let set = FirstSet {
                    words: WordSet::new([w]),
                    ..FirstSet::default()
                };
                p.conds.push((p.offset + k as u32, set));
            }
            p.offset += words.len() as u32;
        }
        // Of a width the pattern does not fix: what it starts with, then nothing more.
        _ => {
            if min >= 1
                && let Some((set, false)) = atom_first(atom)
            {
                p.conds.push((p.offset, set));
            }
            p.open = false;
        }
    }
}

/// Something a match cannot do without: one of these annotation kinds or words, at or after
/// its start. The engine skips the start tokens from which one of a rule's anchors cannot be
/// reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// Annotation kinds, sorted.
    pub kinds: Vec<u16>,
    /// Word ids, sorted.
    pub words: Vec<u32>,
}

impl Anchor {
    fn word(w: u32) -> Anchor {
        Anchor {
            kinds: Vec::new(),
            words: vec![w],
        }
    }

    fn size(&self) -> usize {
        self.kinds.len() + self.words.len()
    }

    /// Whether every match of `self` is one of `other` (`self` asks at least as much).
    fn implies(&self, other: &Anchor) -> bool {
        let within = |a: &[u32], b: &[u32]| a.iter().all(|x| b.binary_search(x).is_ok());
        self.kinds
            .iter()
            .all(|k| other.kinds.binary_search(k).is_ok())
            && within(&self.words, &other.words)
    }

    fn cmp_key(&self) -> (&[u16], &[u32]) {
        (&self.kinds, &self.words)
    }

    fn union(&self, other: &Anchor) -> Anchor {
        let mut kinds = [&self.kinds[..], &other.kinds[..]].concat();
        kinds.sort_unstable();
        kinds.dedup();
        let mut words = [&self.words[..], &other.words[..]].concat();
        words.sort_unstable();
        words.dedup();
        Anchor { kinds, words }
    }
}

/// The most anchors kept for one element: an alternative's anchors are the unions of one
/// anchor of each branch, and this bounds how many combinations are formed.
const MAX_ANCHORS: usize = 8;

/// The anchors of a pattern: all that every match needs (each one is satisfied by some
/// token or annotation of the match). Required words and annotations of a sequence are
/// anchors each; an alternative gives the unions of one anchor from each branch. Weaker
/// anchors (implied by another) are dropped, and the most selective are kept first.
pub fn anchors(node: &Node) -> Vec<Anchor> {
    let mut out = anchors_of(node);
    simplify(&mut out);
    out
}

/// Sorts anchors smallest first (fewer ways to be met: more selective), drops those that
/// another implies, and keeps [`MAX_ANCHORS`] at most.
fn simplify(anchors: &mut Vec<Anchor>) {
    anchors.sort_by(|a, b| {
        a.size()
            .cmp(&b.size())
            .then_with(|| a.cmp_key().cmp(&b.cmp_key()))
    });
    anchors.dedup();
    let mut kept: Vec<Anchor> = Vec::with_capacity(anchors.len());
    for a in anchors.drain(..) {
        if !kept.iter().any(|k| k.implies(&a)) {
            kept.push(a);
        }
    }
    kept.truncate(MAX_ANCHORS);
    *anchors = kept;
}

/// For a pattern that is a sequence, the first element that needs an anchor of
/// `anchors` (one of the rule's, by index) and the widest that the elements up to and
/// including it can be: a fixed number of tokens plus a number of annotations (whose width
/// the document tells). `None` when a wider element comes first (an unbounded repetition, a
/// `QUOTE`, an annotation emitted by an earlier phase).
pub fn near_anchor(
    node: &Node,
    anchors: &[Anchor],
    plain: impl Fn(u16) -> bool,
) -> Option<(usize, u32, u32)> {
    let Node::Seq(items) = node else { return None };
    let (mut fixed, mut anns) = (0u32, 0u32);
    for item in items {
        let (f, a) = width_in_anns(item, &plain)?;
        fixed = fixed.saturating_add(f);
        anns = anns.saturating_add(a);
        let own = anchors_of(item);
        if let Some(i) = anchors
            .iter()
            .position(|r| own.iter().any(|o| o.implies(r)))
        {
            return Some((i, fixed, anns));
        }
    }
    None
}

/// The most tokens a match of `node` spans, as (tokens, annotations), `None` when
/// unbounded; `plain` says which annotation kinds have a bounded width (entities, lexicon
/// entries, not quotations).
pub(crate) fn width_in_anns(node: &Node, plain: &impl Fn(u16) -> bool) -> Option<(u32, u32)> {
    match node {
        Node::Peek(_) => Some((0, 0)),
        Node::Seq(items) => items.iter().try_fold((0u32, 0u32), |(f, a), i| {
            let (x, y) = width_in_anns(i, plain)?;
            Some((f.saturating_add(x), a.saturating_add(y)))
        }),
        Node::Alt(branches) => branches.iter().try_fold((0u32, 0u32), |(f, a), b| {
            let (x, y) = width_in_anns(b, plain)?;
            Some((f.max(x), a.max(y)))
        }),
        Node::Item { atom, max, .. } => {
            if *max == u32::MAX {
                return None;
            }
            let (f, a) = atom_width(atom, plain)?;
            Some((f.saturating_mul(*max), a.saturating_mul(*max)))
        }
    }
}

/// [`width_in_anns`] of one round of an element.
fn atom_width(atom: &CAtom, plain: &impl Fn(u16) -> bool) -> Option<(u32, u32)> {
    Some(match atom {
        CAtom::Literal(words, _) => (words.len() as u32, 0),
        CAtom::Debut | CAtom::Fin | CAtom::Colle => (0, 0),
        CAtom::Ann { kind, .. } if plain(*kind) => (0, 1),
        CAtom::Ann { .. } => return None,
        CAtom::Group(inner) => width_in_anns(inner, plain)?,
        CAtom::And(a, _) => atom_width(a, plain)?,
        _ => (1, 0),
    })
}

fn anchors_of(node: &Node) -> Vec<Anchor> {
    match node {
        Node::Peek(_) => Vec::new(),
        Node::Seq(items) => items.iter().flat_map(anchors_of).collect(),
        Node::Alt(branches) => {
            // One anchor of each branch, combined in every way: each union is needed.
            let mut acc = vec![Anchor::default()];
            for b in branches {
                let mut own = anchors_of(b);
                if own.is_empty() {
                    return Vec::new();
                }
                simplify(&mut own);
                let mut next: Vec<Anchor> = acc
                    .iter()
                    .flat_map(|a| own.iter().map(move |o| a.union(o)))
                    .collect();
                simplify(&mut next);
                acc = next;
            }
            acc
        }
        Node::Item { atom, min, .. } if *min >= 1 => match atom {
            CAtom::Ann { kind, .. } => vec![Anchor {
                kinds: vec![*kind],
                words: Vec::new(),
            }],
            CAtom::Literal(words, None) => words.iter().map(|&w| Anchor::word(w)).collect(),
            // Either the words in sequence or the whole literal as one token.
            CAtom::Literal(words, Some(whole)) => words
                .iter()
                .map(|&w| Anchor::word(w).union(&Anchor::word(*whole)))
                .collect(),
            CAtom::Class {
                words,
                ponct: false,
                maj: false,
                num: false,
            } => vec![Anchor {
                kinds: Vec::new(),
                words: words.ids().to_vec(),
            }],
            CAtom::Group(inner) => anchors_of(inner),
            _ => Vec::new(),
        },
        Node::Item { .. } => Vec::new(),
    }
}
