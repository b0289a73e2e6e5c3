//! Checking the rules' lexicon filters against the lexicons they filter, at load time: a
//! filter on an attribute the lexicon does not have (`@verbes_parole[temps=P3]`), or on a
//! value no entry has (`[lemme=fustigerr]`), would match nothing, silently; it is a located
//! error instead, which names what the lexicon does have.
//!
//! What the filters ask is looked for in one pass over the filtered lexicons' entries,
//! which stops as soon as every attribute and value asked for has been seen (in practice
//! after a few hundred entries): loading pays almost nothing for the check. What a lexicon
//! does have is listed only for the error message. Tagging never sees this module.

use crate::gazetteer::{FileKind, Gazetteer};

use super::parse::{Atom, Filter, Pattern};

/// One attribute a filter asks of a lexicon, and the values asked of it.
struct Asked {
    lexicon: String,
    key: String,
    /// Whether an entry of the lexicon has the attribute.
    present: bool,
    /// The values (`_` read as a space) and whether an entry has one that starts so.
    values: Vec<(String, bool)>,
}

impl Asked {
    fn done(&self) -> bool {
        self.present && self.values.iter().all(|(_, found)| *found)
    }
}

/// What the rules' filters ask of the lexicons, and what of it the lexicons have.
pub(super) struct LexiconAttrs<'g> {
    asked: Vec<Asked>,
    gazetteer: &'g Gazetteer,
}

impl<'g> LexiconAttrs<'g> {
    /// Looks for what `patterns`' filters ask in the lexicons of `gazetteer`.
    pub(super) fn new<'a>(
        gazetteer: &'g Gazetteer,
        patterns: impl IntoIterator<Item = &'a Pattern>,
    ) -> LexiconAttrs<'g> {
        let mut asked: Vec<Asked> = Vec::new();
        for p in patterns {
            each_filter(p, &mut |lexicon, f, _| {
                let i = match asked
                    .iter()
                    .position(|a| a.lexicon == lexicon && a.key == f.key)
                {
                    Some(i) => i,
                    None => {
                        asked.push(Asked {
                            lexicon: lexicon.to_string(),
                            key: f.key.clone(),
                            present: false,
                            values: Vec::new(),
                        });
                        asked.len() - 1
                    }
                };
                if f.negated {
                    return;
                }
                for v in &f.values {
                    let v = v.replace('_', " ");
                    if !asked[i].values.iter().any(|(x, _)| *x == v) {
                        asked[i].values.push((v, false));
                    }
                }
            });
        }
        // The asked attributes of each file's lexicon, by file index.
        let of_file: Vec<Vec<usize>> = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => (0..asked.len())
                    .filter(|&i| asked[i].lexicon == *name)
                    .collect(),
                FileKind::Entity { .. } => Vec::new(),
            })
            .collect();
        let mut open = asked.iter().filter(|a| !a.done()).count();
        for entry in gazetteer.entries() {
            if open == 0 {
                break;
            }
            let Some(mine) = of_file.get(entry.file as usize) else {
                continue;
            };
            for &i in mine {
                let a = &mut asked[i];
                if a.done() {
                    continue;
                }
                let Some(value) = entry.attr(&a.key) else {
                    continue;
                };
                a.present = true;
                for piece in value.split(',') {
                    for (want, found) in a.values.iter_mut() {
                        *found |= piece.starts_with(want.as_str());
                    }
                }
                if a.done() {
                    open -= 1;
                }
            }
        }
        LexiconAttrs { asked, gazetteer }
    }

    /// Why `lexicon`'s filter `f` can match nothing, if it cannot: its attribute is not one
    /// the lexicon's entries have, or (for a positive filter) one of its values begins no
    /// value of the entries. A lexicon with no entries at all (a user's empty file) is not
    /// checked.
    pub(super) fn fault(&self, lexicon: &str, f: &Filter) -> Option<String> {
        let a = self
            .asked
            .iter()
            .find(|a| a.lexicon == lexicon && a.key == f.key)?;
        if !a.present {
            let (entries, known) = self.attributes(lexicon);
            if entries == 0 {
                return None;
            }
            return Some(format!(
                "`@{lexicon}` has no attribute `{}` (its entries have: {})",
                f.key,
                if known.is_empty() {
                    "no attributes".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
        if f.negated {
            return None;
        }
        let missing = f.values.iter().find(|v| {
            let v = v.replace('_', " ");
            a.values.iter().any(|(want, found)| *want == v && !found)
        })?;
        Some(format!(
            "no entry of `@{lexicon}` has a `{}` value that starts with `{missing}`",
            f.key
        ))
    }

    /// How many entries `lexicon` has, and the attributes they have, sorted (for messages;
    /// a pass over every entry, made only when a filter is at fault).
    fn attributes(&self, lexicon: &str) -> (usize, Vec<&'g str>) {
        let g = self.gazetteer;
        let entries: Vec<_> = g
            .entries()
            .iter()
            .filter(|e| matches!(&g.file_of(e).kind, FileKind::Lexicon { name } if name == lexicon))
            .collect();
        let mut keys: Vec<&'g str> = entries
            .iter()
            .flat_map(|e| e.attrs.iter().map(|(k, _)| &**k))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        (entries.len(), keys)
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
