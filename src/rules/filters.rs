//! Checking the rules' lexicon filters against the lexicons they filter, at load time: a
//! filter on an attribute the lexicon does not have (`@verbes_parole[temps=P3]`), or on a
//! value no entry has (`[lemme=fustigerr]`), would match nothing, silently; it is a located
//! error instead, which names what the lexicon does have.
//!
//! Only the attributes the rules filter on are indexed, in one pass over the lexicons'
//! entries when the rules compile; tagging never sees this module.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::{FileKind, Gazetteer};

use super::parse::{Atom, Filter, Pattern};

/// What the filtered lexicons hold: for each lexicon a filter names, every attribute its
/// entries have, and the distinct values of the attributes that are filtered on.
pub(super) struct LexiconAttrs {
    /// Lexicon name → attribute name → its distinct (comma-separated) values; the values
    /// are gathered only for filtered attributes (an empty set otherwise).
    by_lexicon: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

impl LexiconAttrs {
    /// Indexes the lexicons and attributes that `patterns` filter on.
    pub(super) fn new<'a>(
        gazetteer: &Gazetteer,
        patterns: impl IntoIterator<Item = &'a Pattern>,
    ) -> LexiconAttrs {
        let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in patterns {
            each_filter(p, &mut |lexicon, f, _| {
                wanted
                    .entry(lexicon.to_string())
                    .or_default()
                    .insert(f.key.clone());
            });
        }
        let mut by_lexicon: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for entry in gazetteer.entries() {
            let FileKind::Lexicon { name } = &gazetteer.file_of(entry).kind else {
                continue;
            };
            let Some(keys) = wanted.get(name.as_str()) else {
                continue;
            };
            let attrs = by_lexicon.entry(name.clone()).or_default();
            for (key, value) in &entry.attrs {
                let values = attrs.entry(key.to_string()).or_default();
                if keys.contains(&**key) {
                    values.extend(value.split(',').map(str::to_string));
                }
            }
        }
        LexiconAttrs { by_lexicon }
    }

    /// Why `lexicon`'s filter `f` can match nothing, if it cannot: its attribute is not one
    /// the lexicon's entries have, or (for a positive filter) one of its values begins no
    /// value of the entries. A lexicon with no entries at all (a user's empty file) is not
    /// checked.
    pub(super) fn fault(&self, lexicon: &str, f: &Filter) -> Option<String> {
        let attrs = self.by_lexicon.get(lexicon)?;
        let Some(values) = attrs.get(&f.key) else {
            let known: Vec<&str> = attrs.keys().map(String::as_str).collect();
            return Some(format!(
                "`@{lexicon}` has no attribute `{}` (its entries have: {})",
                f.key,
                if known.is_empty() {
                    "no attributes".to_string()
                } else {
                    known.join(", ")
                }
            ));
        };
        if f.negated {
            return None;
        }
        let missing = f.values.iter().find(|want| {
            let want = want.replace('_', " ");
            // A value is a prefix filter: the values from `want` on, in order, are the only
            // candidates to start with it.
            !values
                .range(want.clone()..)
                .next()
                .is_some_and(|v| v.starts_with(&want))
        })?;
        Some(format!(
            "no entry of `@{lexicon}` has a `{}` value that starts with `{missing}`",
            f.key
        ))
    }
}

/// What [`each_filter`] visits: a lexicon's name, one of its filters, and the position
/// (line, byte column) of the pattern element that holds it.
type Visit<'v> = dyn FnMut(&str, &Filter, (usize, usize)) + 'v;

/// Calls `visit` with each lexicon filter of `p`, its lexicon's name and its element's
/// position.
pub(super) fn each_filter(p: &Pattern, visit: &mut Visit<'_>) {
    match p {
        Pattern::Seq(v) | Pattern::Alt(v) => v.iter().for_each(|p| each_filter(p, visit)),
        Pattern::Item { atom, pos, .. } => each_atom_filter(atom, *pos, visit),
    }
}

fn each_atom_filter(a: &Atom, pos: (usize, usize), visit: &mut Visit<'_>) {
    match a {
        Atom::Lexicon(name, filters) => filters.iter().for_each(|f| visit(name, f, pos)),
        Atom::Group(p) => each_filter(p, visit),
        Atom::Not(a) => each_atom_filter(a, pos, visit),
        Atom::And(a, b) => {
            each_atom_filter(a, pos, visit);
            each_atom_filter(b, pos, visit);
        }
        _ => {}
    }
}
