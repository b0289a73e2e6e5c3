//! Running the compiled rules over one document: phase by phase, every rule proposes
//! candidates at the starts the [`prefilter`](super::prefilter) admits, `unless`
//! antipatterns veto some, and conflicts are settled within each group (the order is in
//! the [module docs](super)). What a phase keeps becomes annotations the next phase sees.
//!
//! What must stay true: the result depends only on the rules and the document, never on
//! what the prefilter skipped nor on the documents tagged before by the same thread (the
//! buffers of [`RunScratch`] carry no meaning from one document to the next, only learnt
//! costs that change how fast, never what, a rule matches).

use std::collections::BTreeMap;

use super::ir::{Ann, DocView, Node};
use super::matcher::{Caps, Matcher};
use super::prefilter::{Feasible, kind_starts};
use super::{Emitted, Phases, Rule, RuleSet};

impl RuleSet {
    /// Runs the phases `phases` selects over `doc` (phase 0, the names, apart: the tagger
    /// settles them with the gazetteers' matches before the attribution phases run);
    /// `starts` holds the annotations per token and receives what each attribution phase
    /// keeps. Kept annotations go to `out` (cleared first); for phase 0, every candidate
    /// that no `unless` vetoed, unsettled. `all`, when given, receives every candidate before
    /// resolution (for examples and `explain`). `scratch` holds buffers reused from one
    /// document to the next.
    pub fn run(
        &self,
        doc: &DocView<'_>,
        starts: &mut [Vec<Ann>],
        out: &mut Vec<Emitted>,
        mut all: Option<&mut Vec<Emitted>>,
        scratch: &mut RunScratch,
        phases: Phases,
    ) {
        out.clear();
        scratch.runs.clear();
        for (t, &s) in doc.sentence_of.iter().enumerate().take(doc.tokens.len()) {
            match scratch.runs.last_mut() {
                Some((_, end)) if doc.sentence_of[t - 1] == s => *end = t as u32 + 1,
                _ => scratch.runs.push((t as u32, t as u32 + 1)),
            }
        }
        let mut i = 0;
        while i < self.rules.len() {
            let phase = self.rules[i].phase;
            let end = self.rules[i..]
                .iter()
                .position(|r| r.phase != phase)
                .map_or(self.rules.len(), |n| i + n);
            if (phase == 0) != (phases == Phases::Names) {
                i = end;
                continue;
            }
            scratch.candidates.clear();
            {
                self.reach_masks(
                    doc,
                    starts,
                    &mut scratch.masks,
                    &mut scratch.own,
                    &mut scratch.sentence_first,
                );
                scratch.ann_width = self.ann_width(starts);
                // Only a phase with a rule tried from its annotations needs them by kind.
                if self.rules[i..end]
                    .iter()
                    .any(|r| !r.debut && r.first.as_ref().is_some_and(|f| f.sparse()))
                {
                    kind_starts(starts, &mut scratch.kind_starts, &mut scratch.kind_at);
                } else {
                    scratch.kind_at.clear();
                }
                let matcher = Matcher::new(doc, starts, std::mem::take(&mut scratch.sets));
                for (r, rule) in self.rules[i..end].iter().enumerate() {
                    self.candidates(&matcher, rule, (i + r) as u32, scratch);
                }
                scratch.sets = matcher.into_sets();
            }
            if let Some(all) = all.as_deref_mut() {
                all.extend_from_slice(&scratch.candidates);
            }
            if phase == 0 {
                // Names are settled with the gazetteers' matches, by the tagger's one
                // policy (`resolve`), not among themselves: every candidate goes out.
                out.extend_from_slice(&scratch.candidates);
                i = end;
                continue;
            }
            self.settle(
                &mut scratch.candidates,
                &mut scratch.kept,
                &mut scratch.ranges,
            );
            for e in &scratch.kept {
                let rule = &self.rules[e.rule as usize];
                let span = e.roles[0].unwrap_or((e.start, e.end));
                if let Some(list) = starts.get_mut(span.0 as usize) {
                    list.push(Ann {
                        kind: rule.kind_id,
                        sub: 0,
                        end: span.1,
                        inner: span,
                        entry: u32::MAX,
                    });
                    list.sort_by_key(|a| std::cmp::Reverse(a.end));
                }
            }
            out.extend_from_slice(&scratch.kept);
            i = end;
        }
        out.sort_by_key(|e| (e.start, e.rule));
    }

    /// The candidates of one rule, appended to `scratch.candidates`.
    fn candidates(
        &self,
        matcher: &Matcher<'_, '_>,
        rule: &Rule,
        index: u32,
        scratch: &mut RunScratch,
    ) {
        let RunScratch {
            masks,
            own,
            ann_width,
            runs,
            candidates: out,
            found,
            vetoes,
            windows,
            caps,
            feasible,
            tries,
            cost,
            kind_starts,
            kind_at,
            sparse,
            ..
        } = scratch;
        let view = matcher.doc();
        let starts = matcher.starts();
        let n = view.tokens.len();
        found.clear();
        // Starts from which every anchor of the rule is within reach (through a quotation
        // that runs over several sentences, if need be). What is within reach only shrinks
        // along a sentence, so the first start that lacks an anchor ends the sentence's
        // starts; a `DEBUT` pattern starts at the first token of a sentence only.
        let reaches = |start: usize| masks[start] & rule.anchor_mask == rule.anchor_mask;
        // The anchor that lies within a bounded distance of the start, when there is one:
        // `next` is the first token at or after the start that has it (starts only grow, so
        // it is found by one scan forward per rule).
        let mut next = 0;
        let mut near = |start: usize| {
            rule.near.is_none_or(|(bit, fixed, anns)| {
                let width = fixed.saturating_add(anns.saturating_mul(*ann_width)) as usize;
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
            self.unpruned
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
                                .is_none_or(|f| f.admits(view, &starts[start], start))
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
        if cost.len() < self.rules.len() {
            cost.resize(self.rules.len(), (0, 0));
        }
        let (tried, steps) = cost[index as usize];
        let per_try = (steps + PRIOR_STEPS) / (tried + 1);
        let worth = tries.len() >= FEASIBLE_FROM
            || (tries.len() as u64).saturating_mul(per_try) >= FEASIBLE_STEPS;
        let feasible = match (&rule.node, rule.cue_item) {
            (Node::Seq(items), Some(cue)) if !self.unpruned && worth => {
                matcher.feasible(items, cue, feasible);
                tries.retain(|&s| feasible.has(0, s as usize));
                Some(&*feasible)
            }
            _ => None,
        };
        for &start in tries.iter() {
            let start = start as usize;
            let matched = matcher.match_at(&rule.node, start, rule.slots, caps, feasible);
            if feasible.is_none() {
                let c = &mut cost[index as usize];
                *c = (c.0 + 1, c.1 + u64::from(matcher.steps()));
            }
            if let Some(end) = matched {
                found.push(Emitted {
                    rule: index,
                    start: start as u32,
                    end: end as u32,
                    roles: roles_of(rule, caps),
                });
            }
        }
        if found.is_empty() {
            return;
        }
        // `unless`: a candidate overlapping any antipattern match is dropped.
        vetoes.clear();
        for u in &rule.unless {
            // Only where an antipattern match could overlap what it vetoes in a candidate
            // (its cue, or the whole match): from the antipattern's widest reach before that
            // part (from the start, when its width is unbounded) to the part's end.
            let width = u.width.map(|(fixed, anns)| {
                fixed.saturating_add(anns.saturating_mul(*ann_width)) as usize
            });
            windows.clear();
            windows.extend(found.iter().map(|e| {
                let (x, y) = e.roles[1].unwrap_or((e.start, e.end));
                let lo = width.map_or(0, |w| (x as usize).saturating_sub(w));
                (lo, (y as usize).min(n))
            }));
            windows.sort_unstable();
            let mut next = 0;
            for &(lo, hi) in windows.iter() {
                for (start, anns) in starts.iter().enumerate().take(hi).skip(lo.max(next)) {
                    if u.first
                        .as_ref()
                        .is_some_and(|f| !f.admits(view, anns, start))
                    {
                        continue;
                    }
                    if let Some(end) = matcher.match_at(&u.node, start, u.slots, caps, None) {
                        vetoes.push((start as u32, end as u32));
                    }
                }
                next = next.max(hi);
            }
        }
        for e in found.iter() {
            // An antipattern vetoes the cue it overlaps (a negated verb), or, for a rule
            // without a cue, the whole match: a negation inside a quotation vetoes nothing.
            let (x, y) = e.roles[1].unwrap_or((e.start, e.end));
            if !vetoes.iter().any(|&(a, b)| a < y && x < b) {
                out.push(*e);
            }
        }
    }

    /// Conflict resolution within each group (see the module docs for the order): sorts
    /// `candidates` and puts those kept in `kept`.
    fn settle(
        &self,
        candidates: &mut [Emitted],
        kept: &mut Vec<Emitted>,
        (wholes, cues): &mut (BTreeMap<u32, u32>, BTreeMap<u32, u32>),
    ) {
        candidates.sort_by_key(|e| {
            let r = &self.rules[e.rule as usize];
            (
                r.group,
                std::cmp::Reverse(r.priority),
                std::cmp::Reverse(e.end - e.start),
                e.start,
                e.rule,
            )
        });
        kept.clear();
        // Two candidates clash (say the same thing) when their contents overlap (without a
        // content, their matches), or their cues do; sharing a source, or one's cue lying
        // in the other's content (a layered report), is no clash. Candidates come group by
        // group, and what a group kept clashes with nothing else it kept: its contents are
        // disjoint ranges, and so are its cues. So a new candidate is checked against the
        // one range of each that starts last before it ends, not against every candidate
        // kept (which grew with the square of a long document's length).
        let mut group = None;
        wholes.clear();
        cues.clear();
        let hits = |ranges: &BTreeMap<u32, u32>, range: Option<(u32, u32)>| {
            range.is_some_and(|(a, b)| {
                ranges
                    .range(..b)
                    .next_back()
                    .is_some_and(|(&c, &d)| a < d && c < b)
            })
        };
        for c in candidates.iter() {
            let g = self.rules[c.rule as usize].group;
            if group != Some(g) {
                group = Some(g);
                wholes.clear();
                cues.clear();
            }
            let whole = c.roles[0].or(Some((c.start, c.end)));
            if !hits(wholes, whole) && !hits(cues, c.roles[1]) {
                kept.push(*c);
                for (ranges, range) in [(&mut *wholes, whole), (&mut *cues, c.roles[1])] {
                    if let Some((a, b)) = range.filter(|(a, b)| a < b) {
                        ranges.insert(a, b);
                    }
                }
            }
        }
    }
}

/// From how many starts to try a rule works out first where each of its items may match.
const FEASIBLE_FROM: usize = 8;

/// From how many steps its tries are expected to take a rule works out first where each of
/// its items may match (about what that costs), whatever the number of starts.
const FEASIBLE_STEPS: u64 = 1_000;

/// The steps a try is assumed to take before any has been counted.
const PRIOR_STEPS: u64 = 100;

/// Buffers the rule engine reuses from one document to the next (one per thread, inside
/// [`crate::Scratch`]).
#[derive(Debug, Default)]
pub struct RunScratch {
    /// Anchors within reach of each token.
    masks: Vec<u64>,
    /// Anchors at each token (its word, the annotations that start there).
    own: Vec<u64>,
    /// The widest annotation of a plain kind in the document, in tokens.
    ann_width: u32,
    /// First token of each sentence, for [`RuleSet::reach_masks`].
    sentence_first: Vec<usize>,
    /// The sentences, as token ranges (runs of tokens of one sentence).
    runs: Vec<(u32, u32)>,
    /// Candidates of the current phase.
    candidates: Vec<Emitted>,
    /// Matches of the current rule.
    found: Vec<Emitted>,
    /// Token ranges of the current rule's antipattern matches.
    vetoes: Vec<(u32, u32)>,
    /// The ranges of start tokens where an antipattern match could veto a candidate.
    windows: Vec<(usize, usize)>,
    /// Captures of the current attempt.
    caps: Caps,
    /// What conflict resolution kept in the current phase.
    kept: Vec<Emitted>,
    /// Where each item of the current rule may match ([`Matcher::feasible`]).
    feasible: Feasible,
    /// The starts the current rule is tried at.
    tries: Vec<u32>,
    /// For each rule, the tries matched without backward passes and the steps they took.
    cost: Vec<(u64, u64)>,
    /// The contents and the cues a group kept, while conflicts are settled.
    ranges: (BTreeMap<u32, u32>, BTreeMap<u32, u32>),
    /// Sets of tokens for the backward passes, lent to each phase's matcher.
    sets: Vec<Vec<u64>>,
    /// The start tokens of the current phase's annotations, by kind: those of kind `k` are
    /// `kind_starts[kind_at[k]..kind_at[k + 1]]`, in text order.
    kind_starts: Vec<u32>,
    kind_at: Vec<u32>,
    /// The starts a rule whose first set is made of annotation kinds may be tried at.
    sparse: Vec<u32>,
}

fn roles_of(rule: &Rule, caps: &[Option<(u32, u32)>]) -> [Option<(u32, u32)>; 4] {
    let mut roles = [None; 4];
    for (slot, cap) in rule.roles.iter().enumerate() {
        if let Some(c) = cap {
            roles[slot] = caps.get(*c as usize).copied().flatten();
        }
    }
    roles
}
