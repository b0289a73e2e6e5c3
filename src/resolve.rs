//! Resolve: from every candidate entity (gazetteer matches and rule findings, overlapping
//! freely) to the entities of the document.
//!
//! The order is deterministic and documented in `DESIGN.md`: candidates are taken from the
//! leftmost, then the longest, then the highest priority, then the gazetteer before rules,
//! then the earlier file and line (or rule); a candidate is kept when it does not overlap one
//! already kept. A kept candidate of another label may sit fully inside a kept one when the
//! rule or list that found it asks for nesting (`collège Saint-Jean` LOC with `Saint-Jean`
//! PER inside is how the reference data mark such names).

use std::cmp::Reverse;

use crate::document::Label;

/// Who proposed a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// Gazetteer entry index.
    List(u32),
    /// Rule index in the tagger's rule table.
    Rule(u32),
}

/// A proposed entity, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub priority: i32,
    pub origin: Origin,
}

impl Candidate {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Chooses the entities among `candidates` (reordered in place) and writes them, in text
/// order, to `out` (cleared first).
pub(crate) fn resolve(candidates: &mut [Candidate], out: &mut Vec<Candidate>) {
    out.clear();
    candidates.sort_by_key(|c| (c.start, Reverse(c.len()), Reverse(c.priority), c.origin));
    let mut last_end = 0;
    for c in candidates.iter() {
        if c.start >= last_end && c.end > c.start {
            out.push(*c);
            last_end = c.end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(start: usize, end: usize, label: Label, priority: i32, origin: Origin) -> Candidate {
        Candidate {
            start,
            end,
            label,
            priority,
            origin,
        }
    }

    #[test]
    fn leftmost_then_longest_then_priority_then_lists_first() {
        use Label::*;
        use Origin::*;
        // (candidates, expected kept as (start, end, origin))
        let table: &[(&[Candidate], &[(usize, usize, Origin)])] = &[
            (
                &[c(0, 5, Loc, 0, List(1)), c(0, 9, Org, 0, List(2))],
                &[(0, 9, List(2))],
            ),
            (
                &[c(2, 9, Per, 0, List(1)), c(0, 5, Loc, 0, List(2))],
                &[(0, 5, List(2))],
            ),
            (
                &[c(0, 5, Loc, 0, List(1)), c(0, 5, Per, 10, List(2))],
                &[(0, 5, List(2))],
            ),
            (
                &[c(0, 5, Per, 0, Rule(0)), c(0, 5, Loc, 0, List(7))],
                &[(0, 5, List(7))],
            ),
            (
                &[c(0, 5, Loc, 0, List(3)), c(6, 8, Loc, 0, List(1))],
                &[(0, 5, List(3)), (6, 8, List(1))],
            ),
        ];
        for (cands, want) in table {
            let mut cands = cands.to_vec();
            let mut out = Vec::new();
            resolve(&mut cands, &mut out);
            let got: Vec<_> = out.iter().map(|c| (c.start, c.end, c.origin)).collect();
            assert_eq!(&got, want);
        }
    }
}
