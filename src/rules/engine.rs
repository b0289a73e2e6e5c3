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

use std::cell::Cell;

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
    /// Folded tokens to equal; or, when the literal is one word that the tokeniser would
    /// cut (`-t-`), that word as one token.
    Literal(Vec<Box<str>>, Option<Box<str>>),
    /// A regular expression over one token's text.
    Regex(Regex),
    /// One token from a set: folded words (sorted), and/or any punctuation, capitalised
    /// word or number. Alternatives of single words compile to this, so that
    /// `"le" | "la" | "les" | …` is one lookup.
    Class {
        /// Folded words, sorted.
        words: Vec<Box<str>>,
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
        /// `key=value` filters on the lexicon entry's attributes.
        filters: Vec<(Box<str>, Box<str>)>,
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
    /// A group.
    Group(Box<Node>),
    /// One token where the element does not match.
    Not(Box<CAtom>),
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
    /// Its tokens.
    pub tokens: &'a [Token],
    /// Sentence index per token.
    pub sentence_of: &'a [u32],
    /// Folded text of each token, as ranges into `folded`.
    pub folded_ranges: &'a [(u32, u32)],
    /// Arena of folded token texts.
    pub folded: &'a str,
    /// Reads a lexicon entry's attribute (for `@lex[key=value]`).
    pub attr: &'a dyn Fn(u32, &str) -> Option<&'a str>,
}

impl DocView<'_> {
    fn folded(&self, i: usize) -> &str {
        let (a, b) = self.folded_ranges[i];
        &self.folded[a as usize..b as usize]
    }

    fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
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
    exhausted: Cell<u32>,
}

impl<'m, 'd> Matcher<'m, 'd> {
    /// A matcher over `doc`, whose annotations starting at each token are `starts`
    /// (longest first).
    pub fn new(doc: &'m DocView<'d>, starts: &'m [Vec<Ann>]) -> Self {
        Matcher {
            doc,
            starts,
            steps: Cell::new(0),
            start: Cell::new(0),
            exhausted: Cell::new(0),
        }
    }

    /// How many match attempts ran out of steps so far.
    pub fn exhausted(&self) -> u32 {
        self.exhausted.get()
    }

    /// The first match of `node` starting at token `start`: its end and captures.
    pub fn match_at(&self, node: &Node, start: usize, slots: usize) -> Option<(usize, Caps)> {
        self.steps.set(0);
        self.start.set(start);
        let mut caps: Caps = vec![None; slots];
        let mut found = None;
        let ok = self.node(node, start, &mut caps, &mut |end, c| {
            if end > start {
                found = Some((end, c.clone()));
                true
            } else {
                false
            }
        });
        if !ok && self.steps.get() > STEP_BUDGET {
            self.exhausted.set(self.exhausted.get() + 1);
        }
        found
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
                    .all(|(i, w)| self.in_sentence(pos + i) && doc.folded(pos + i) == &**w);
                if seq {
                    return k(pos + words.len(), caps);
                }
                match whole {
                    Some(w) if self.in_sentence(pos) && doc.folded(pos) == &**w => k(pos + 1, caps),
                    _ => false,
                }
            }
            CAtom::Regex(re) => {
                self.in_sentence(pos) && re.is_match(doc.word(pos)) && k(pos + 1, caps)
            }
            CAtom::Class {
                words,
                ponct,
                maj,
                num,
            } => {
                if !self.in_sentence(pos) {
                    return false;
                }
                let t = &doc.tokens[pos];
                let hit = (*ponct && !matches!(t.kind, TokenKind::Word | TokenKind::Number))
                    || (*num && t.kind == TokenKind::Number)
                    || (*maj
                        && t.kind == TokenKind::Word
                        && doc.word(pos).starts_with(char::is_uppercase))
                    || words.binary_search_by(|w| (**w).cmp(doc.folded(pos))).is_ok();
                hit && k(pos + 1, caps)
            }
            CAtom::Any => self.in_sentence(pos) && k(pos + 1, caps),
            CAtom::Maj => {
                self.in_sentence(pos)
                    && doc.tokens[pos].kind == TokenKind::Word
                    && doc.word(pos).starts_with(char::is_uppercase)
                    && k(pos + 1, caps)
            }
            CAtom::Num => {
                self.in_sentence(pos)
                    && doc.tokens[pos].kind == TokenKind::Number
                    && k(pos + 1, caps)
            }
            CAtom::Ponct => {
                self.in_sentence(pos)
                    && !matches!(doc.tokens[pos].kind, TokenKind::Word | TokenKind::Number)
                    && k(pos + 1, caps)
            }
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
            if a.kind != *kind || sub.is_some_and(|s| s != a.sub) {
                continue;
            }
            if !filters.iter().all(|(key, want)| {
                (doc.attr)(a.entry, key)
                    .is_some_and(|have| have.split(',').any(|v| v.starts_with(&**want)))
            }) {
                continue;
            }
            if k(a.end as usize, a.inner) {
                return true;
            }
        }
        false
    }
}

/// Whether a pattern can only match from the start of a sentence (it begins with `DEBUT`).
pub fn starts_with_debut(node: &Node) -> bool {
    match node {
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

/// Rewrites alternatives of single-token elements into one [`CAtom::Class`] lookup.
pub fn optimise(node: Node) -> Node {
    match node {
        Node::Seq(items) => Node::Seq(items.into_iter().map(optimise).collect()),
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
        Node::Item {
            capture,
            atom,
            min,
            max,
            lazy,
        } => Node::Item {
            capture,
            atom: optimise_atom(atom),
            min,
            max,
            lazy,
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
            CAtom::Literal(w, None) if w.len() == 1 => words.push(w[0].clone()),
            CAtom::Class {
                words: w,
                ponct: p,
                maj: m,
                num: n,
            } => {
                words.extend(w.iter().cloned());
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
    words.sort_unstable();
    words.dedup();
    Some(CAtom::Class {
        words,
        ponct,
        maj,
        num,
    })
}

/// The kinds of annotation a pattern needs at its start, when its first element is required:
/// lets the engine try only the tokens where a match can start.
pub fn first_kinds(node: &Node, out: &mut Vec<u16>) -> bool {
    match node {
        Node::Seq(items) => items.first().is_some_and(|f| first_kinds(f, out)),
        Node::Alt(branches) => branches.iter().all(|b| first_kinds(b, out)),
        Node::Item { atom, min, .. } if *min >= 1 => match atom {
            CAtom::Ann { kind, .. } => {
                out.push(*kind);
                true
            }
            CAtom::Group(inner) => first_kinds(inner, out),
            _ => false,
        },
        Node::Item { .. } => false,
    }
}

/// Kinds of annotation of which a match must contain at least one (an anchor): lets the
/// engine skip the sentences where none occurs. The first required element that names
/// annotations is taken; an alternative anchors only when each branch does.
pub fn anchor(node: &Node) -> Option<Vec<u16>> {
    match node {
        Node::Seq(items) => items.iter().find_map(anchor),
        Node::Alt(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(anchor(b)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        Node::Item { atom, min, .. } if *min >= 1 => match atom {
            CAtom::Ann { kind, .. } => Some(vec![*kind]),
            CAtom::Group(inner) => anchor(inner),
            _ => None,
        },
        Node::Item { .. } => None,
    }
}
