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

use super::ir::{Ann, DocView};
use super::matcher::{Caps, Matcher};
use super::prefilter::Prefilter;
use super::{Emitted, Phases, Roles, Rule, RuleSet, Starts};

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
        starts: &mut Starts,
        out: &mut Vec<Emitted>,
        mut all: Option<&mut Vec<Emitted>>,
        scratch: &mut RunScratch,
        phases: Phases,
    ) {
        out.clear();
        scratch.prefilter.document(doc);
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
                scratch
                    .prefilter
                    .phase(self, &self.rules[i..end], doc, starts);
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
                let span = e.roles.content.unwrap_or((e.start, e.end));
                starts.push(
                    span.0 as usize,
                    Ann {
                        kind: rule.kind_id,
                        sub: 0,
                        end: span.1,
                        inner: span,
                        entry: None,
                    },
                );
            }
            starts.seal();
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
            prefilter,
            candidates: out,
            found,
            vetoes,
            windows,
            caps,
            ..
        } = scratch;
        let view = matcher.doc();
        let starts = matcher.starts();
        let n = view.tokens.len();
        found.clear();
        let (tries, feasible) = prefilter.starts(self, matcher, rule, index);
        // What the tries cost, for the prefilter to learn from (when it did not prune).
        let learn = feasible.is_none();
        let (mut tried, mut steps) = (0u64, 0u64);
        for &start in tries {
            let start = start as usize;
            let matched = matcher.match_at(&rule.node, start, rule.slots, caps, feasible);
            if learn {
                tried += 1;
                steps += u64::from(matcher.steps());
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
        if learn {
            prefilter.learn(index, tried, steps);
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
                fixed.saturating_add(anns.saturating_mul(prefilter.ann_width())) as usize
            });
            windows.clear();
            windows.extend(found.iter().map(|e| {
                let (x, y) = e.roles.cue.unwrap_or((e.start, e.end));
                let lo = width.map_or(0, |w| (x as usize).saturating_sub(w));
                (lo, (y as usize).min(n))
            }));
            windows.sort_unstable();
            let mut next = 0;
            for &(lo, hi) in windows.iter() {
                for (start, anns) in (lo.max(next)..hi.min(n)).map(|i| (i, starts.at(i))) {
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
            let (x, y) = e.roles.cue.unwrap_or((e.start, e.end));
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
            let whole = c.roles.content.or(Some((c.start, c.end)));
            if !hits(wholes, whole) && !hits(cues, c.roles.cue) {
                kept.push(*c);
                for (ranges, range) in [(&mut *wholes, whole), (&mut *cues, c.roles.cue)] {
                    if let Some((a, b)) = range.filter(|(a, b)| a < b) {
                        ranges.insert(a, b);
                    }
                }
            }
        }
    }
}

/// Buffers the rule engine reuses from one document to the next (one per thread, inside
/// [`crate::Scratch`]).
#[derive(Debug, Default)]
pub struct RunScratch {
    /// What the prefilter works out per document and per phase, and its buffers.
    prefilter: Prefilter,
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
    /// The contents and the cues a group kept, while conflicts are settled.
    ranges: (BTreeMap<u32, u32>, BTreeMap<u32, u32>),
    /// Sets of tokens for the backward passes, lent to each phase's matcher.
    sets: Vec<Vec<u64>>,
}

fn roles_of(rule: &Rule, caps: &[Option<(u32, u32)>]) -> Roles<(u32, u32)> {
    rule.roles.map(|c| caps.get(c as usize).copied().flatten())
}
