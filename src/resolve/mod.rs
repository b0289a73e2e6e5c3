//! Resolve: from every candidate (gazetteer matches and rule findings, overlapping freely)
//! to the entities of the document; and, in [`sources`], from what the attribution rules
//! kept to attributions with their sources resolved.
//!
//! The order is deterministic and documented in `DESIGN.md`: candidates are taken from the
//! leftmost, then the longest, then the highest priority, then the gazetteer before rules,
//! then the earlier file and line (or rule); a candidate is kept when it does not overlap one
//! already kept. Then a place from a gazetteer that lies inside a kept organisation, after
//! `de`/`du`/`des`/`d'`, is kept too, nested: `préfecture de police de Paris` is an
//! organisation *and* names Paris, and annotators mark both.
//!
//! `resolve` comes after the rules and depends on them (what they emit, the rule set, the
//! quotations, and the [`Candidate`] type, which the rules define because they produce
//! candidates too); the rules never depend on `resolve`, so data flows one way.

pub(crate) mod sources;

use std::cmp::Reverse;
use std::sync::LazyLock;

use crate::document::Label;
/// Re-exported from [`crate::rules`], where they are defined (see the module docs).
pub(crate) use crate::rules::{Candidate, Origin};
use crate::words;

/// Chooses the entities among `candidates` (reordered in place) and writes them, in text
/// order, to `out` (cleared first).
pub(crate) fn resolve(text: &str, candidates: &mut [Candidate], out: &mut Vec<Candidate>) {
    out.clear();
    candidates.sort_by_key(|c| {
        (
            c.start,
            Reverse(c.end - c.start),
            Reverse(c.priority),
            c.origin,
        )
    });
    let mut last_end = 0;
    let mut outer: Option<Candidate> = None;
    let mut nested_end = 0;
    for (k, c) in candidates.iter().enumerate() {
        if c.end <= c.start {
            continue;
        }
        if c.start >= last_end {
            // A rule may win the span, but where a list has the same span with the same
            // label, the list's entry is kept: it brings the canonical name and the
            // Wikidata id (`M. Erdoğan`: the rule says person, the list says which one).
            let c = match c.origin {
                Origin::List(_) => c,
                _ => candidates[k + 1..]
                    .iter()
                    .take_while(|d| (d.start, d.end) == (c.start, c.end))
                    .find(|d| d.label == c.label && matches!(d.origin, Origin::List(_)))
                    .unwrap_or(c),
            };
            out.push(*c);
            last_end = c.end;
            outer = Some(*c);
            nested_end = c.start;
        } else if let Some(o) = outer {
            if o.label == Label::Org
                && c.label == Label::Loc
                && matches!(c.origin, Origin::List(_))
                && c.end <= o.end
                && c.start >= nested_end
                && after_de(&text[o.start..c.start])
            {
                out.push(*c);
                nested_end = c.end;
            }
        }
    }
}

/// The prepositions that introduce a place inside the name of an organisation, as the text
/// writes them: `data/resolve/prepositions_lieu.txt`.
static PLACE_PREPOSITIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::parse(include_str!("../../data/resolve/prepositions_lieu.txt")));

/// Whether `before` ends with a preposition that introduces a place inside a name
/// (`tribunal correctionnel de Lyon`, `Centre pour les droits humains en Iran`), followed by
/// a space (or a no-break space), or elided (`d'`, `d’`).
fn after_de(before: &str) -> bool {
    PLACE_PREPOSITIONS.iter().any(|p| match words::elided(p) {
        Some(stem) => before
            .strip_suffix(['\'', '’'])
            .is_some_and(|b| b.ends_with(stem)),
        None => before
            .strip_suffix([' ', '\u{a0}'])
            .is_some_and(|b| b.ends_with(p)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(start: usize, end: usize, label: Label, priority: i32, origin: Origin) -> Candidate {
        Candidate {
            start,
            end,
            tokens: None,
            label,
            priority,
            origin,
        }
    }

    #[test]
    fn a_place_preposition_is_spaced_or_elided() {
        for before in [
            "tribunal de ",
            "Centre en ",
            "préfecture d'",
            "préfecture d’",
            "cour de\u{a0}",
        ] {
            assert!(after_de(before), "{before:?}");
        }
        for before in ["tribunal de", "préfecture d", "Centre pour "] {
            assert!(!after_de(before), "{before:?}");
        }
    }

    #[test]
    fn leftmost_then_longest_then_priority_then_lists_first() {
        use Label::*;
        use Origin::*;
        // (candidates, expected kept as (start, end, origin))
        type Kept = (usize, usize, Origin);
        let table: &[(&[Candidate], &[Kept])] = &[
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
            // A rule of higher priority decides the label; a list of that label and
            // span gives the entry.
            (
                &[
                    c(0, 5, Per, 20, Rule(1)),
                    c(0, 5, Per, 0, List(4)),
                    c(0, 5, Loc, 0, List(5)),
                ],
                &[(0, 5, List(4))],
            ),
            (
                &[c(0, 5, Per, 20, Rule(1)), c(0, 5, Loc, 0, List(5))],
                &[(0, 5, Rule(1))],
            ),
            (
                &[c(0, 5, Loc, 0, List(3)), c(6, 8, Loc, 0, List(1))],
                &[(0, 5, List(3)), (6, 8, List(1))],
            ),
        ];
        for (cands, want) in table {
            let mut cands = cands.to_vec();
            let mut out = Vec::new();
            resolve("0123456789", &mut cands, &mut out);
            let got: Vec<_> = out.iter().map(|c| (c.start, c.end, c.origin)).collect();
            assert_eq!(&got, want);
        }
    }

    #[test]
    fn a_place_after_de_nests_inside_an_organisation() {
        use Label::*;
        use Origin::*;
        let text = "la mairie de Paris et Paris Match";
        let p = text.find("Paris").unwrap();
        let m = text.find("mairie").unwrap();
        let pm = text.rfind("Paris").unwrap();
        let mut cands = vec![
            c(m, p + 5, Org, -1, Rule(3)),
            c(p, p + 5, Loc, 0, List(1)),
            c(pm, pm + 11, Org, 0, List(2)),
            c(pm, pm + 5, Loc, 0, List(1)),
        ];
        let mut out = Vec::new();
        resolve(text, &mut cands, &mut out);
        let got: Vec<_> = out.iter().map(|c| (c.start, c.label)).collect();
        assert_eq!(got, [(m, Org), (p, Loc), (pm, Org)]);
    }
}
