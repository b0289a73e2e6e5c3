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
//! Before a rule is tried at many starts, [`Matcher::feasible`] (in
//! [`prefilter`](super::prefilter)) works out backwards, from the places of its cue, where
//! each of its items may match; the matcher then skips what cannot match (see `DESIGN.md`,
//! "Working backwards from the cue"). What must stay true: with or without those sets, the
//! same matches, in the same order, within the same step budget (`tests/pruning.rs`).

use std::cell::{Cell, OnceCell, RefCell};

use crate::tokenise::TokenKind;

use super::Starts;
use super::ir::{Ann, AttrFilter, CAtom, DocView, Node};
use super::prefilter::{Feasible, Index, Places};

/// Steps one match attempt (one rule at one start token) may take.
pub const STEP_BUDGET: u32 = 20_000;

/// Captured token ranges, one slot per capture name.
pub type Caps = Vec<Option<(u32, u32)>>;

/// Runs patterns over one document.
pub struct Matcher<'m, 'd> {
    pub(super) doc: &'m DocView<'d>,
    pub(super) starts: &'m Starts,
    steps: Cell<u32>,
    start: Cell<usize>,
    pub(super) index: OnceCell<Index>,
    pub(super) places: OnceCell<Places>,
    /// Sets of tokens for the backward passes, kept for reuse.
    pub(super) pool: RefCell<Vec<Vec<u64>>>,
}

impl<'m, 'd> Matcher<'m, 'd> {
    /// A matcher over `doc`, whose annotations starting at each token are `starts`
    /// (longest first); `sets` are buffers for its backward passes, kept from one document
    /// to the next ([`Matcher::into_sets`] gives them back).
    pub fn new(doc: &'m DocView<'d>, starts: &'m Starts, sets: Vec<Vec<u64>>) -> Self {
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

    /// Whether token `i` (which exists) is one that the one-token element `atom` takes,
    /// sentence bounds aside.
    pub(super) fn token_matches(&self, atom: &CAtom, i: usize) -> bool {
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
            CAtom::Pos(p) => doc.has_pos(i, *p),
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
    pub fn starts(&self) -> &'m Starts {
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
        // A rest that failed from this token in an earlier attempt of the rule fails again
        // (see `Feasible::failed` for why it does not depend on the start).
        let memo = k > 0 && pos > self.start.get();
        if memo && feasible.failed(k, pos) {
            return None;
        }
        let found = self.suffix_item(items, k, item, pos, caps, feasible);
        if found.is_none() && memo && self.steps.get() <= STEP_BUDGET {
            feasible.fail(k, pos);
        }
        found
    }

    /// [`Matcher::suffix`] once the sets and the memo let item `k` be tried at `pos`.
    fn suffix_item(
        &self,
        items: &[Node],
        k: usize,
        item: &Node,
        pos: usize,
        caps: &mut Caps,
        feasible: &Feasible,
    ) -> Option<usize> {
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
            let admitted = |p: &usize| set.admits(self.doc, self.starts.at(*p), *p);
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
            Node::Peek(set) => set.admits(self.doc, self.starts.at(pos), pos) && k(pos, caps),
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
            | CAtom::Pos(_)
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
    pub(super) fn fits(
        &self,
        a: &Ann,
        kind: u16,
        sub: Option<u16>,
        filters: &[AttrFilter],
    ) -> bool {
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
        for a in self.starts.at(pos) {
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
pub(super) fn takes_one_token(atom: &CAtom) -> bool {
    match atom {
        CAtom::Literal(words, _) => words.len() == 1,
        CAtom::Regex(_)
        | CAtom::Class { .. }
        | CAtom::Any
        | CAtom::Maj
        | CAtom::Class1(_)
        | CAtom::Pos(_)
        | CAtom::Num
        | CAtom::Ponct
        | CAtom::Not(_) => true,
        CAtom::And(a, _) => takes_one_token(a),
        CAtom::Ann { .. } | CAtom::Debut | CAtom::Fin | CAtom::Colle | CAtom::Group(_) => false,
    }
}
