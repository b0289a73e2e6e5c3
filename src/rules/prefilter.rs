//! The prefilter: which starts of a rule are worth a match attempt, and, within an
//! attempt, at which tokens each item of the rule is worth trying.
//!
//! Most starts of most rules fail, and a failed attempt costs as much as the matcher
//! explores before giving up. So before matching, at run time, the prefilter rules out
//! starts from what the [`analyses`](super::analyses) found when the rules compiled:
//! - anchors: what every match needs; [`RuleSet::reach_masks`] tells, per token, which
//!   anchors a match starting there can reach (bits given by [`RuleSet::index_anchors`]);
//! - the near anchor: one the rule meets within a bounded distance of its start;
//! - the first set and the prefix: what the first tokens of a match may be;
//! - the backward passes ([`Matcher::feasible`]): from the places of a rule's cue, the
//!   tokens from which each item up to the cue may match, as sets of tokens.
//!
//! For each rule, [`Prefilter::starts`] is the one entry point: the admissible starts and
//! the sets of the backward passes, its cost in its docs ([`Prefilter::document`] and
//! [`Prefilter::phase`] ready it once a document and once a phase).
//!
//! What must stay true: every test here is necessary, never sufficient. It may only skip
//! a start or an end at which the rule cannot match, so it changes how fast, never what, a
//! rule matches; [`RuleSet::unpruned`] turns the filters off and `tests/pruning.rs`
//! compares both ways.

use crate::tokenise::{Token, TokenKind};

use super::Starts;
use super::analyses::{Anchor, near_anchor, width_in_anns};
use super::ir::{Ann, CAtom, DocView, NO_WORD, Node};
use super::matcher::Matcher;
use super::{Chunks, GN, INV, QUOTE, Rule, RuleSet, SN};

/// A set of a rule set's anchors, one bit each ([`RuleSet::index_anchors`]): per token, what
/// it holds or can reach; per rule, what it needs. An anchor past the last bit is not
/// indexed, and a rule left with none is tried at every token of every sentence: 64 bits
/// were used up by the built-in rules (adding a selective rule then cost ~1% of tagging,
/// the later rules losing their anchors), hence 128.
pub type AnchorBits = u128;

/// The anchors that rules want near their start ([`Rule::near`](super::Rule)), a bit
/// each: a mask of them is kept for every token, so it is kept small (8 bytes a token,
/// where all the anchors would take 16).
pub(super) type NearBits = u64;

/// How many near anchors [`NearBits`] can index.
const NEAR_BITS: usize = NearBits::BITS as usize;

/// How many anchors [`AnchorBits`] can index.
const ANCHOR_BITS: usize = AnchorBits::BITS as usize;

/// The tokens of each word, and the punctuation, capitalised words and numbers, for
/// backward passes from many tokens.
pub(super) struct Places {
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
pub(super) struct Index {
    /// Every annotation as (start token, index in `starts[start]`), by end: those ending at
    /// token `p` are `ends[ends_at[p]..ends_at[p + 1]]`.
    ends: Vec<(u32, u32)>,
    ends_at: Vec<u32>,
    /// Every annotation as (start token, index in `starts[start]`), by kind; `kinds` holds
    /// each kind and the end of its part of `by_kind`.
    by_kind: Vec<(u32, u32)>,
    kinds: Vec<(u16, u32)>,
    /// For each token, the first token of the next sentence (or the end).
    pub(super) sentence_end: Vec<u32>,
}

impl Index {
    fn new(doc: &DocView<'_>, starts: &Starts) -> Index {
        let n = doc.tokens.len();
        let mut ends_at = vec![0u32; n + 2];
        for a in starts.anns() {
            ends_at[(a.end as usize).min(n) + 1] += 1;
        }
        for p in 1..ends_at.len() {
            ends_at[p] += ends_at[p - 1];
        }
        let mut ends = vec![(0, 0); ends_at[n + 1] as usize];
        let mut next = ends_at.clone();
        for (i, list) in starts.by_token().enumerate() {
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
        // By kind, each kind's annotations in text order: a counting sort (kinds are few).
        let anns = starts.anns();
        let kind_count = anns.iter().map(|a| a.kind as usize + 1).max().unwrap_or(0);
        let mut kind_end = vec![0u32; kind_count + 1];
        for a in anns {
            kind_end[a.kind as usize + 1] += 1;
        }
        for k in 1..kind_end.len() {
            kind_end[k] += kind_end[k - 1];
        }
        let mut by_kind = vec![(0, 0); anns.len()];
        let mut next = kind_end.clone();
        for (i, list) in starts.by_token().enumerate() {
            for (k, a) in list.iter().enumerate() {
                let slot = &mut next[a.kind as usize];
                by_kind[*slot as usize] = (i as u32, k as u32);
                *slot += 1;
            }
        }
        let kinds = (0..kind_count)
            .filter(|&k| kind_end[k + 1] > kind_end[k])
            .map(|k| (k as u16, kind_end[k + 1]))
            .collect();
        Index {
            ends,
            ends_at,
            by_kind,
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
    /// The annotations by end and by kind, and the ends of sentences, built when first
    /// needed (by a backward pass: many documents and phases need none).
    pub(super) fn index(&self) -> &Index {
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
        let failed = out.failed.get_mut();
        failed.clear();
        failed.resize(words * items.len(), 0);
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
                        let a = &self.starts.at(s as usize)[k as usize];
                        if has(to, a.end as usize) && fits(a) {
                            mark(s as usize);
                        }
                    }
                } else {
                    for_each_bit(to, |p| {
                        let range = index.ends_at[p] as usize..index.ends_at[p + 1] as usize;
                        for &(s, k) in &index.ends[range] {
                            if fits(&self.starts.at(s as usize)[k as usize]) {
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
    pub(super) fn surely(&self, atom: &CAtom, i: usize) -> bool {
        let doc = self.doc;
        match atom {
            CAtom::Regex(_)
            | CAtom::Class { .. }
            | CAtom::Any
            | CAtom::Maj
            | CAtom::Class1(_)
            | CAtom::Pos(_)
            | CAtom::Num
            | CAtom::Ponct => self.token_matches(atom, i),
            CAtom::And(a, b) => self.surely(a, i) && self.surely(b, i),
            CAtom::Literal(words, whole) => {
                let w = doc.word_id(i);
                (words.len() == 1 && words[0] == w) || *whole == Some(w)
            }
            CAtom::Ann {
                kind, sub, filters, ..
            } => self
                .starts
                .at(i)
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
    /// For each top-level item `k`, the tokens from which `items[k..]` has been tried
    /// during this rule's attempts in this document and failed, within the step budget
    /// ([`Matcher::match_at`] fills it and reads it; see [`Feasible::failed`]).
    failed: std::cell::RefCell<Vec<u64>>,
}

impl Feasible {
    /// Whether `items[k..]` may match from token `p`.
    pub fn has(&self, k: usize, p: usize) -> bool {
        k >= self.known || has(&self.bits[k * self.words..(k + 1) * self.words], p)
    }

    /// Whether `items[k..]` has already failed from token `p` in an attempt of this rule on
    /// this document (`k > 0`, `p` after that attempt's start).
    ///
    /// The rest of a top-level sequence, from item `k` at token `p`, succeeds or fails
    /// whatever the start of the attempt that reaches it, as long as `p` lies after that
    /// start: the only things a match reads of its start are whether a token element may
    /// take a sentence's first token (only at the start) and whether the match is empty
    /// (not when it has reached `p`); captures change no outcome. Different subjects, or
    /// different starts of one, often end on the same token (`le ministre` from `,` and from
    /// `le`; the alternatives of `$SUJETAPP`), and each then tried the cue and the content
    /// after it again. A failure is remembered only when the attempt's step budget was not
    /// used up, so a remembered failure is one the budget did not cause: the memo turns no
    /// success into a failure, and, like the sets themselves, only spares steps (an
    /// attempt that the budget would have cut may then go through, as with the sets).
    /// Measured (callgrind, 300 bench articles): −0.8% of the rules' instructions
    /// (454.2 M → 450.6 M), −3% of steps; outputs on 2,000 articles byte-identical.
    pub(super) fn failed(&self, k: usize, p: usize) -> bool {
        has(
            &self.failed.borrow()[k * self.words..(k + 1) * self.words],
            p,
        )
    }

    /// Remembers that `items[k..]` failed from token `p` (see [`Feasible::failed`]).
    pub(super) fn fail(&self, k: usize, p: usize) {
        let i = k * self.words + p / 64;
        self.failed.borrow_mut()[i] |= 1 << (p % 64);
    }

    /// Whether item `k` has a set.
    pub(super) fn known(&self, k: usize) -> bool {
        k < self.known
    }

    /// The tokens from `lo` to `hi` (included) in item `k`'s set, in order.
    pub(super) fn ends(
        &self,
        k: usize,
        lo: usize,
        hi: usize,
    ) -> impl DoubleEndedIterator<Item = usize> {
        let set = &self.bits[k * self.words..(k + 1) * self.words];
        (lo..=hi.min(self.words * 64 - 1)).filter(move |&p| has(set, p))
    }
}

/// From how many tokens a backward step looks a literal or a class up by its words' places
/// rather than token by token.
const MANY: usize = 4096;

/// From how many tokens a costly element is not tested backwards (see [`Matcher::back_atom`]).
///
/// Measured (issue 16, callgrind, 300 bench articles, the rules' instructions): 4: +0.5%,
/// 16 (before): 450.5 M, 64: −1.2% (445.1 M, the backward passes themselves cheaper: exact
/// sets empty sooner in a repetition's rounds, and fewer starts are tried), 160: the same
/// as 64, 1,024: +2.6% (regular expressions tested at many tokens).
const COSTLY_FROM: usize = 64;

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

impl RuleSet {
    /// Gives each distinct anchor a bit ([`ANCHOR_BITS`] at most: rules past that just filter
    /// less).
    pub(super) fn index_anchors(&mut self) {
        let mut defs: Vec<Anchor> = Vec::new();
        self.word_mask = vec![0; self.words as usize];
        self.kind_mask = vec![0; self.kinds.len()];
        let plain: Vec<bool> = (0..self.kinds.len()).map(|k| self.plain_kind(k)).collect();
        self.word_near = vec![0; self.words as usize];
        self.kind_near = vec![0; self.kinds.len()];
        // The anchor bit of each near anchor's slot.
        let mut near_slots: Vec<usize> = Vec::new();
        for rule in &mut self.rules {
            let mut mask: AnchorBits = 0;
            let mut bits = Vec::with_capacity(rule.anchors.len());
            for a in &rule.anchors {
                let bit = match defs.iter().position(|d| d == a) {
                    Some(b) => b,
                    None if defs.len() < ANCHOR_BITS => {
                        defs.push(a.clone());
                        defs.len() - 1
                    }
                    None => {
                        bits.push(None);
                        continue;
                    }
                };
                bits.push(Some(bit));
                mask |= 1 << bit;
                for &w in &a.words {
                    self.word_mask[w as usize] |= 1 << bit;
                }
                for &k in &a.kinds {
                    self.kind_mask[k as usize] |= 1 << bit;
                }
            }
            rule.anchor_mask = mask;
            let plain = |k: u16| plain.get(k as usize).copied().unwrap_or(false);
            // The near anchor gets a slot of its own (a rule past the slots just filters
            // less).
            rule.near =
                near_anchor(&rule.node, &rule.anchors, plain).and_then(|(i, fixed, anns)| {
                    let bit = bits[i]?;
                    let slot = match near_slots.iter().position(|&b| b == bit) {
                        Some(slot) => slot,
                        None if near_slots.len() < NEAR_BITS => {
                            let slot = near_slots.len();
                            near_slots.push(bit);
                            for &w in &defs[bit].words {
                                self.word_near[w as usize] |= 1 << slot;
                            }
                            for &k in &defs[bit].kinds {
                                self.kind_near[k as usize] |= 1 << slot;
                            }
                            slot
                        }
                        None => return None,
                    };
                    Some(((1 as NearBits) << slot, fixed, anns))
                });
            for u in &mut rule.unless {
                u.width = width_in_anns(&u.node, &plain);
            }
        }
    }

    /// The widest annotation of a plain kind ([`Self::plain_kind`]) in `starts`, in tokens.
    pub(super) fn ann_width(&self, starts: &Starts) -> u32 {
        let mut widest = 0;
        for (i, list) in starts.by_token().enumerate() {
            for a in list {
                if self.plain_kind(a.kind as usize) {
                    widest = widest.max(a.end.saturating_sub(i as u32));
                }
            }
        }
        widest
    }

    /// Whether annotations of kind `k` are a few tokens wide at most (entities, lexicon
    /// entries, inverted pronouns), unlike quotations and what rules emit.
    fn plain_kind(&self, k: usize) -> bool {
        k != QUOTE as usize
            && (k <= INV as usize || self.kinds.get(k).is_some_and(|n| n.starts_with('@')))
    }
}

impl RuleSet {
    /// For each token, the anchors that a match starting there can reach: those at or after
    /// it in its sentence, and those of the later sentences that an annotation starting at
    /// or after it (a quotation) runs into; token elements never cross a sentence boundary,
    /// so nothing else is within reach.
    pub(super) fn reach_masks(
        &self,
        view: &DocView<'_>,
        starts: &Starts,
        out: &mut Vec<AnchorBits>,
        own: &mut Vec<NearBits>,
        sentence_first: &mut Vec<usize>,
    ) {
        let n = view.tokens.len();
        out.clear();
        out.resize(n, 0);
        own.clear();
        own.resize(n, 0);
        // The mask of the first token of each sentence already seen (going backwards), so
        // that an annotation running into later sentences adds what they reach.
        let sentences = view.sentence_of.last().map_or(0, |s| *s as usize + 1);
        sentence_first.clear();
        sentence_first.resize(sentences, usize::MAX);
        for i in (0..n).rev() {
            let s = view.sentence_of[i] as usize;
            let w = view.word_ids[i] as usize;
            let mut m = self.word_mask.get(w).copied().unwrap_or(0);
            let mut near = self.word_near.get(w).copied().unwrap_or(0);
            let mut reach = if i + 1 < n && view.sentence_of[i + 1] as usize == s {
                out[i + 1]
            } else {
                0
            };
            // One pass over the annotations here: their kinds, and the later sentences
            // they run into.
            for a in starts.at(i) {
                m |= self.kind_mask.get(a.kind as usize).copied().unwrap_or(0);
                near |= self.kind_near.get(a.kind as usize).copied().unwrap_or(0);
                let last = view.sentence_of[(a.end as usize).saturating_sub(1).min(n - 1)] as usize;
                for later in s + 1..=last {
                    if let Some(&first) = sentence_first.get(later).filter(|&&f| f < n) {
                        reach |= out[first];
                    }
                }
            }
            own[i] = near;
            out[i] = m | reach;
            if i == 0 || view.sentence_of[i - 1] as usize != s {
                sentence_first[s] = i;
            }
        }
    }
}

/// Fills `out` with the start token of every annotation in `starts`, grouped by kind (a
/// counting sort: kinds are few), and `at` with where each kind's group begins (one more
/// entry than there are kinds).
pub(super) fn kind_starts(starts: &Starts, out: &mut Vec<u32>, at: &mut Vec<u32>) {
    let kinds = starts
        .anns()
        .iter()
        .map(|a| a.kind as usize + 1)
        .max()
        .unwrap_or(0);
    at.clear();
    at.resize(kinds + 2, 0);
    for a in starts.anns() {
        if (a.kind as usize) < kinds {
            at[a.kind as usize + 1] += 1;
        }
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    out.clear();
    out.resize(at[kinds] as usize, 0);
    let mut next = at.clone();
    for (i, a) in starts.all() {
        {
            let k = a.kind as usize;
            if k < kinds {
                out[next[k] as usize] = i as u32;
                next[k] += 1;
            }
        }
    }
}

/// What the prefilter works out per document and per phase, and its buffers (one per
/// thread, inside [`RunScratch`](super::RunScratch)).
#[derive(Debug, Default)]
pub(super) struct Prefilter {
    /// Anchors within reach of each token.
    masks: Vec<AnchorBits>,
    /// The near anchors ([`NearBits`]) at each token (its word, the annotations that
    /// start there).
    own: Vec<NearBits>,
    /// The widest annotation of a plain kind in the document, in tokens.
    ann_width: u32,
    /// First token of each sentence, for [`RuleSet::reach_masks`].
    sentence_first: Vec<usize>,
    /// The sentences, as token ranges (runs of tokens of one sentence).
    runs: Vec<(u32, u32)>,
    /// Where each item of the current rule may match ([`Matcher::feasible`]).
    feasible: Feasible,
    /// The starts the current rule is tried at.
    tries: Vec<u32>,
    /// For each rule, the tries matched without backward passes and the steps they took.
    cost: Vec<(u64, u64)>,
    /// The start tokens of the current phase's annotations, by kind: those of kind `k` are
    /// `kind_starts[kind_at[k]..kind_at[k + 1]]`, in text order.
    kind_starts: Vec<u32>,
    kind_at: Vec<u32>,
    /// The starts a rule whose first set is made of annotation kinds may be tried at.
    sparse: Vec<u32>,
}

/// From how many starts to try a rule works out first where each of its items may match.
///
/// Measured (issue 16, callgrind, the rules' instructions on two samples of 300 bench
/// articles, with the memo of [`Feasible::failed`] and [`COSTLY_FROM`] at 64): 4: +9%; 8
/// (before): 444.4 M and 350.9 M; 16: 440.5 M and 347.7 M (−0.9%); 32: 443.5 M. With 16,
/// [`FEASIBLE_STEPS`] at 500 or 3,000 cost +1.8% and +6%.
const FEASIBLE_FROM: usize = 16;

/// From how many steps its tries are expected to take a rule works out first where each of
/// its items may match (about what that costs), whatever the number of starts.
const FEASIBLE_STEPS: u64 = 1_000;

/// The steps a try is assumed to take before any has been counted.
const PRIOR_STEPS: u64 = 100;

impl Prefilter {
    /// Readies the prefilter for a new document: its sentences, as runs of tokens. Linear
    /// in the tokens.
    pub(super) fn document(&mut self, doc: &DocView<'_>) {
        self.runs.clear();
        for (t, &s) in doc.sentence_of.iter().enumerate().take(doc.tokens.len()) {
            match self.runs.last_mut() {
                Some((_, end)) if doc.sentence_of[t - 1] == s => *end = t as u32 + 1,
                _ => self.runs.push((t as u32, t as u32 + 1)),
            }
        }
    }

    /// Readies the prefilter for a phase whose rules are `rules`, over the annotations
    /// `starts` (which grow from one phase to the next): the anchors within reach of each
    /// token, the widest plain annotation, and, when a rule of the phase is tried from its
    /// annotations, their starts by kind. Linear in the tokens and annotations (plus, for
    /// an annotation that runs over several sentences, one step per sentence it covers).
    pub(super) fn phase(
        &mut self,
        set: &RuleSet,
        rules: &[Rule],
        doc: &DocView<'_>,
        starts: &Starts,
    ) {
        set.reach_masks(
            doc,
            starts,
            &mut self.masks,
            &mut self.own,
            &mut self.sentence_first,
        );
        self.ann_width = set.ann_width(starts);
        // Only a phase with a rule tried from its annotations needs them by kind.
        if rules
            .iter()
            .any(|r| !r.debut && r.first.as_ref().is_some_and(|f| f.sparse()))
        {
            kind_starts(starts, &mut self.kind_starts, &mut self.kind_at);
        } else {
            self.kind_at.clear();
        }
    }

    /// The widest annotation of a plain kind in the document, in tokens (for the widths
    /// that [`analyses`](super::analyses) gives as tokens plus annotations).
    pub(super) fn ann_width(&self) -> u32 {
        self.ann_width
    }

    /// The one entry point of the prefilter for a rule (`rule`, the `index`th of `set`):
    /// the starts worth a match attempt, in text order, and, when worked out, the sets of
    /// [`Matcher::feasible`] to pass to [`Matcher::match_at`].
    ///
    /// Cost: one mask test per start token of each sentence until the first that cannot
    /// reach an anchor (or one per annotation of the rule's first kinds, for a rule that
    /// begins with one); one scan of the tokens for the near anchor, shared by all the
    /// starts of the rule; then, for the starts left, a first-set test and one
    /// [`FirstSet::admits`](super::ir::FirstSet::admits) per condition of the prefix. The
    /// backward passes cost about as much as a few tries (a few set operations per item,
    /// a word of 64 tokens at a time, plus a lookup per token reached), so they are worked
    /// out only where enough starts are left, or where the tries of the rule have been
    /// costly (see [`Prefilter::learn`]).
    pub(super) fn starts<'s>(
        &'s mut self,
        set: &RuleSet,
        matcher: &Matcher<'_, '_>,
        rule: &Rule,
        index: u32,
    ) -> (&'s [u32], Option<&'s Feasible>) {
        let Prefilter {
            masks,
            own,
            ann_width,
            runs,
            feasible,
            tries,
            cost,
            kind_starts,
            kind_at,
            sparse,
            ..
        } = self;
        let ann_width = *ann_width;
        let view = matcher.doc();
        let starts = matcher.starts();
        // Starts from which every anchor of the rule is within reach (through a quotation
        // that runs over several sentences, if need be). What is within reach only shrinks
        // along a sentence, so the first start that lacks an anchor ends the sentence's
        // starts; a `DEBUT` pattern starts at the first token of a sentence only.
        let reaches = |start: usize| masks[start] & rule.anchor_mask == rule.anchor_mask;
        // The anchor that lies within a bounded distance of the start, when there is one:
        // `next` is the first token at or after the start that has it (starts only grow, so
        // it is found by one scan forward per rule).
        let n = own.len();
        let mut next = 0;
        let mut near = |start: usize| {
            rule.near.is_none_or(|(bit, fixed, anns)| {
                let width = fixed.saturating_add(anns.saturating_mul(ann_width)) as usize;
                if next < start {
                    next = start;
                    while next < n && own[next] & bit == 0 {
                        next += 1;
                    }
                }
                next < n && next <= start.saturating_add(width)
            })
        };
        // What the tokens after the start must be (not asked by the unpruned engine of the
        // tests, which checks that this changes nothing).
        let follows = |start: usize| {
            set.unpruned
                || rule
                    .prefix
                    .as_ref()
                    .is_none_or(|p| p.admits(view, starts, start))
        };
        tries.clear();
        match rule.first.as_ref().filter(|f| f.sparse() && !rule.debut) {
            // A rule that starts with an annotation (`@prenoms`, `ORG`) is tried where one
            // of its kinds starts, rather than at every token: the same starts (within a
            // sentence, what is within reach only shrinks, so `reaches` alone says what
            // `take_while` did), found without testing the tokens where none starts. (The
            // same for words, through the sorted places of the words, cost more than it
            // saved: measured.)
            Some(first) => {
                sparse.clear();
                for &k in &first.kinds {
                    let k = k as usize;
                    if k + 1 < kind_at.len() {
                        sparse.extend_from_slice(
                            &kind_starts[kind_at[k] as usize..kind_at[k + 1] as usize],
                        );
                    }
                }
                if first.kinds.len() > 1 {
                    sparse.sort_unstable();
                    sparse.dedup();
                }
                for &start in sparse.iter() {
                    let start = start as usize;
                    if reaches(start) && near(start) && follows(start) {
                        tries.push(start as u32);
                    }
                }
            }
            None => {
                for &(first, end) in runs.iter() {
                    let last = if rule.debut { first + 1 } else { end };
                    for start in (first as usize..last as usize).take_while(|&i| reaches(i)) {
                        if near(start)
                            && rule
                                .first
                                .as_ref()
                                .is_none_or(|f| f.admits(view, starts.at(start), start))
                            && follows(start)
                        {
                            tries.push(start as u32);
                        }
                    }
                }
            }
        }
        // Where there are enough starts to try, what may follow each item is worked out
        // first (worth it from a few starts on, as it costs about as much as trying a few).
        // A rule whose tries have been costly (a long stretch of words scanned for a cue
        // that is not there) is worth it from fewer starts: what a try costs, in steps, is
        // learnt from the documents this thread tagged without the passes (which changes
        // how fast, never what, the rules match).
        if cost.len() < set.rules().len() {
            cost.resize(set.rules().len(), (0, 0));
        }
        let (tried, steps) = cost[index as usize];
        let per_try = (steps + PRIOR_STEPS) / (tried + 1);
        let worth = tries.len() >= FEASIBLE_FROM
            || (tries.len() as u64).saturating_mul(per_try) >= FEASIBLE_STEPS;
        let feasible = match (&rule.node, rule.cue_item) {
            (Node::Seq(items), Some(cue)) if !set.unpruned && worth => {
                matcher.feasible(items, cue, feasible);
                tries.retain(|&s| feasible.has(0, s as usize));
                Some(&*feasible)
            }
            _ => None,
        };
        (tries, feasible)
    }

    /// Counts `tried` match attempts of rule `index` that took `steps` steps in all,
    /// made without the backward passes: what a try of the rule costs, which
    /// [`Prefilter::starts`] weighs against what the passes cost.
    pub(super) fn learn(&mut self, index: u32, tried: u64, steps: u64) {
        let c = &mut self.cost[index as usize];
        *c = (c.0 + tried, c.1 + steps);
    }
}

/// Which sentences of a document need their phrases (`GN`, `SN`). Chunking a sentence
/// needs its parts of speech, which the rules otherwise tag only where they ask
/// ([`LazyPos`](crate::syntax::LazyPos)); chunking every sentence of every document would
/// tag them all (about a sixth of the tagging time on news). So a sentence is chunked only
/// where a rule that reads phrases could match.
///
/// Why that is exact: a match needs each of its rule's anchors at one of its own tokens or
/// annotations, and a match spans one sentence, or more only through an annotation that
/// runs over a sentence end (a quotation, a turn; what rules emit lies inside a match, so
/// within the same sentences). So with the sentences grouped by the annotations that join
/// them, a group that lacks one of a rule's anchors cannot hold a match of it. The gate
/// keeps, for each rule that reads phrases, the bits ([`RuleSet::index_anchors`]) of its
/// anchors that are there before the rules run (words, entities, quotations, lexicons; not
/// what earlier phases emit), and chunks the groups that hold all the anchors of one such
/// rule. A rule without such an anchor, or whose `unless` reads phrases, has every
/// sentence chunked.
///
/// Cost: one mask lookup per token and per annotation, once a document.
#[derive(Clone, Debug, Default)]
pub(super) enum ChunkGate {
    /// No rule reads phrases.
    #[default]
    Nowhere,
    /// Every sentence is chunked.
    Everywhere,
    /// The groups of sentences that hold all the anchors of one of these masks.
    Anchors(Vec<AnchorBits>),
}

impl RuleSet {
    /// Works out the [`ChunkGate`] once the anchors are indexed; `base_kinds` is how many
    /// kinds are annotated before any rule runs (those with a smaller id).
    pub(super) fn index_chunk_gate(&mut self, base_kinds: usize) {
        // The anchors that hold a kind annotated only when the rules run.
        let mut later: AnchorBits = 0;
        for (k, &bits) in self.kind_mask.iter().enumerate() {
            if k >= base_kinds || k == GN as usize || k == SN as usize {
                later |= bits;
            }
        }
        let mut masks = Vec::new();
        for rule in &self.rules {
            match rule.chunks {
                Chunks::No => continue,
                Chunks::Everywhere => {
                    self.chunk_gate = ChunkGate::Everywhere;
                    return;
                }
                Chunks::Pattern => {}
            }
            let needed = rule.anchor_mask & !later;
            if needed == 0 {
                self.chunk_gate = ChunkGate::Everywhere;
                return;
            }
            masks.push(needed);
        }
        masks.sort_unstable();
        masks.dedup();
        self.chunk_gate = if masks.is_empty() {
            ChunkGate::Nowhere
        } else {
            ChunkGate::Anchors(masks)
        };
    }

    /// Which of a document's `sentences` need their phrases, into `out` (one flag per
    /// sentence; see [`ChunkGate`]): `word_ids`, `starts` and `sentence_of` per token, as
    /// the rules will read them (the entities settled). `held` is a buffer.
    pub(crate) fn chunk_sentences(
        &self,
        word_ids: &[u32],
        starts: &Starts,
        sentence_of: &[u32],
        sentences: usize,
        out: &mut Vec<bool>,
        held: &mut Vec<(AnchorBits, usize)>,
    ) {
        out.clear();
        let masks = match &self.chunk_gate {
            ChunkGate::Nowhere => return out.resize(sentences, false),
            ChunkGate::Everywhere => return out.resize(sentences, true),
            ChunkGate::Anchors(masks) => masks,
        };
        out.resize(sentences, false);
        // Per sentence, the anchors it holds and the last sentence an annotation starting
        // in it runs into.
        held.clear();
        held.extend((0..sentences).map(|s| (0, s)));
        let n = starts.tokens().min(sentence_of.len());
        for i in 0..n {
            let s = sentence_of[i] as usize;
            let w = word_ids.get(i).copied().unwrap_or(NO_WORD);
            let mut m = self.word_mask.get(w as usize).copied().unwrap_or(0);
            let mut last = held[s].1;
            for a in starts.at(i) {
                m |= self.kind_mask.get(a.kind as usize).copied().unwrap_or(0);
                let end = (a.end as usize).clamp(i + 1, n) - 1;
                last = last.max(sentence_of[end] as usize);
            }
            held[s] = (held[s].0 | m, last);
        }
        // A group of sentences joined by annotations is chunked whole if it holds all the
        // anchors of one rule.
        let mut s = 0;
        while s < sentences {
            let (mut end, mut group, mut k): (usize, AnchorBits, usize) = (s, 0, s);
            while k <= end {
                end = end.max(held[k].1).min(sentences - 1);
                group |= held[k].0;
                k += 1;
            }
            if masks.iter().any(|m| m & !group == 0) {
                out[s..=end].fill(true);
            }
            s = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every built-in rule that has anchors has at least one of them indexed: a rule left
    /// without is tried at every token, which costs about 1% of tagging time on news for a
    /// rule of one selective word. When this fails, the rules need more than
    /// [`AnchorBits`](super::AnchorBits) holds.
    #[test]
    fn every_builtin_rule_with_anchors_keeps_one() {
        let tagger = crate::Tagger::builder().build().expect("built-ins load");
        let unindexed: Vec<&str> = tagger
            .rules()
            .rules()
            .iter()
            .filter(|r| !r.anchors.is_empty() && r.anchor_mask == 0)
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            unindexed.is_empty(),
            "rules without an indexed anchor: {unindexed:?}"
        );
    }

    /// The anchors that the built-in rules want near their start fit in
    /// [`NearBits`](super::NearBits) with room to spare: when every slot is taken, a rule
    /// whose near anchor came later is tried without that filter.
    #[test]
    fn builtin_near_anchors_fit_their_mask() {
        let tagger = crate::Tagger::builder().build().expect("built-ins load");
        let rules = tagger.rules().rules();
        let slots = rules
            .iter()
            .filter_map(|r| r.near.map(|(bit, ..)| bit))
            .fold(0, |all, bit| all | bit);
        assert!(rules.iter().any(|r| r.near.is_some()));
        assert!(
            (slots.count_ones() as usize) < super::NEAR_BITS,
            "{} near anchors: NearBits is full",
            slots.count_ones()
        );
    }
}
