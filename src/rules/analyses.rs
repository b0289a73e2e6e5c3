//! What the rules compiler works out of each compiled pattern, once, at load time: rewrites
//! that make it cheaper to match ([`optimise`], [`guard`]) and what any match needs (its
//! [`first_set`], [`prefix`], [`anchors`], its widths, whether it [`starts_with_debut`]).
//!
//! The rewrites keep the matches and their order; the facts are supersets (a first set
//! holds every token a match may begin with, an anchor is needed by every match), so that
//! the [`prefilter`](super::prefilter), which reads them at run time, only skips what
//! cannot match. Nothing here reads a document, except the tests of [`Prefix::admits`].

use super::Starts;
use super::ir::{CAtom, DocView, FirstSet, Node, WordSet};
use super::matcher::takes_one_token;

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
            // The first set of the rest of the sequence after each item, worked out once from
            // the end, as `first_of` of that rest would give it. (Each rest used to be cloned
            // and walked again: quadratic in the length of the sequence, so that a rules file
            // of 20 lines, a macro doubled 15 times, took minutes to load. Found probing the
            // loader's limits for the fuzz target `rules`, issue 17.)
            let mut rests = vec![None; items.len()];
            let mut rest = Some((FirstSet::default(), true));
            for (i, item) in items.iter().enumerate().rev() {
                rests[i] = rest.clone();
                rest = match (first_of(item), rest) {
                    (Some((set, false)), _) => Some((set, false)),
                    (Some((mut set, true)), Some((after, empty))) => {
                        set.merge(after);
                        Some((set, empty))
                    }
                    (Some((_, true)), None) | (None, _) => None,
                };
            }
            let mut out = Vec::with_capacity(items.len());
            for (item, rest) in items.into_iter().zip(rests) {
                let after = match rest {
                    Some((set, false)) => Some(set.normalised()),
                    Some((mut set, true)) => follow.map(|f| {
                        set.merge(f.clone());
                        set.normalised()
                    }),
                    None => None,
                };
                let variable = matches!(item, Node::Item { min, max, .. } if max > min);
                out.push(guard_in(item, after.as_ref()));
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
        CAtom::Pos(p) => set.pos = *p,
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
    pub fn admits(&self, doc: &DocView<'_>, starts: &Starts, i: usize) -> bool {
        self.alts.iter().any(|conds| {
            conds.iter().all(|(offset, set)| {
                let at = i + *offset as usize;
                set.admits(doc, starts.at(at), at)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: u32, min: u32) -> Node {
        Node::Item {
            capture: None,
            atom: CAtom::Literal(vec![w], None),
            min,
            max: 1,
            lazy: false,
        }
    }

    /// The guards of a sequence are worked out in one pass: a pattern of 200,000 words (a
    /// macro doubled 17 times) compiles at once, where the rest of the sequence walked again
    /// for each item took hours; the guards are what they were.
    #[test]
    fn a_long_sequence_is_guarded_in_one_pass() {
        let n = 200_000u32;
        let items = (0..n)
            .map(|i| word(i % 7, u32::from(i % 10 != 0)))
            .collect();
        let Node::Seq(out) = guard(Node::Seq(items)) else {
            panic!("a sequence");
        };
        // Each optional word is followed by a guard: the next word, or, when that one is
        // optional too, the one after it as well (none here: optional words are ten apart).
        assert_eq!(out.len(), n as usize + n as usize / 10);
        let Node::Peek(set) = &out[1] else {
            panic!("a guard after the optional first word: {:?}", out[1]);
        };
        assert_eq!(set.words.ids(), [1]);
        let optional_then_optional = guard(Node::Seq(vec![word(1, 0), word(2, 0), word(3, 1)]));
        let Node::Seq(out) = optional_then_optional else {
            panic!("a sequence");
        };
        let Node::Peek(set) = &out[1] else {
            panic!("a guard");
        };
        assert_eq!(set.words.ids(), [2, 3]);
    }
}
