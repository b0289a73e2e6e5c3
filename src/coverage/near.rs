//! Near misses: the forms of the entity lists under three keys, so that a missed name
//! spelt like a listed one (by case, accents, hyphens, spaces or transliteration) is
//! reported as a variant to add rather than as a new name.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::document::Label;
use crate::gazetteer::{lint, parse};
use crate::normalise::{Case, fold};

/// How a missed name differs from the form of a list it is near.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NearKind {
    /// Case or accents only (`IDLIB`, `Idlîb`).
    CaseOrAccents,
    /// Hyphens, spaces or apostrophes as well (`Saint Denis`).
    HyphensOrSpaces,
    /// A transliteration of its vowels or consonants, word for word one or two edits apart
    /// (`Saraqib`/`Saraqeb`).
    Spelling,
}

impl NearKind {
    /// How reports name it.
    pub fn describe(self) -> &'static str {
        match self {
            NearKind::CaseOrAccents => "case or accents",
            NearKind::HyphensOrSpaces => "hyphens or spaces",
            NearKind::Spelling => "spelling (transliteration)",
        }
    }

    const ALL: [NearKind; 3] = [
        NearKind::CaseOrAccents,
        NearKind::HyphensOrSpaces,
        NearKind::Spelling,
    ];
}

/// The entry of a list a missed name is near.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The entry's canonical form (the first on its line).
    pub form: String,
    /// The label its list gives.
    pub label: Label,
    /// Its file and line (`gazetteers/LOC/villes.txt:12`).
    pub place: String,
}

/// Every form of the entity lists (`PER/`, `ORG/`, `LOC/`), keyed three ways. Read from
/// the gazetteer files themselves rather than from the [`crate::Tagger`], which keeps only
/// each entry's canonical form.
#[derive(Clone, Debug, Default)]
pub struct ListForms {
    keys: [HashMap<String, Listed>; 3],
}

impl ListForms {
    /// The forms of the built-in lists (when `builtin`) and of the `*.txt` files under each
    /// of `dirs`, in that order: a key seen twice keeps its first entry. Files that cannot
    /// be read or parsed are skipped (building the tagger has reported them).
    pub fn new(builtin: bool, dirs: &[PathBuf]) -> ListForms {
        let mut inputs = if builtin {
            lint::builtin_inputs()
        } else {
            Vec::new()
        };
        for dir in dirs {
            for path in crate::walk::files_with_extension(dir, "txt").unwrap_or_default() {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let name = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    inputs.push(lint::Input {
                        name,
                        shown: path.display().to_string(),
                        text,
                        report: true,
                    });
                }
            }
        }
        let mut forms = ListForms::default();
        for input in &inputs {
            let Some(label) = input.name.split('/').next().and_then(Label::from_name) else {
                continue;
            };
            for (n, raw) in input.text.lines().enumerate() {
                let Ok(file) = parse::parse(&input.shown, raw) else {
                    continue;
                };
                let Some(line) = file.lines.first() else {
                    continue;
                };
                for f in &line.forms {
                    for (k, key) in near_keys(&f.text).into_iter().enumerate() {
                        if !key.is_empty() {
                            forms.keys[k].entry(key).or_insert_with(|| Listed {
                                form: line.forms[0].text.clone(),
                                label,
                                place: format!("{}:{}", input.shown, n + 1),
                            });
                        }
                    }
                }
            }
        }
        forms
    }

    /// The entry `name` is near, and how, trying the closest key first.
    pub(crate) fn near(&self, name: &str) -> Option<(NearKind, &Listed)> {
        near_keys(name).iter().enumerate().find_map(|(k, key)| {
            self.keys[k]
                .get(key)
                .filter(|x| !key.is_empty() && (k < 2 || close_spelling(name, &x.form)))
                .map(|x| (NearKind::ALL[k], x))
        })
    }
}

/// The keys under which two spellings are near: no case or accents; no hyphens, spaces or
/// apostrophes; and a skeleton of consonants with transliteration variants merged.
fn near_keys(text: &str) -> [String; 3] {
    let folded = fold(text, Case::Fold);
    let joined: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut s = joined.clone();
    for (from, to) in [
        ("ph", "f"),
        ("kh", "k"),
        ("gh", "g"),
        ("dh", "d"),
        ("sh", "ch"),
        ("dj", "j"),
        ("ou", "u"),
        ("q", "k"),
        ("c", "k"),
        ("w", "v"),
        ("y", "i"),
        ("z", "s"),
    ] {
        s = s.replace(from, to);
    }
    let mut skeleton = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && "aeiouh".contains(c) || skeleton.ends_with(c) {
            continue;
        }
        skeleton.push(c);
    }
    // A skeleton says little about a short name: Ali and Ala are not variants.
    if joined.chars().count() < 5 {
        skeleton.clear();
    }
    [folded, joined, skeleton]
}

/// Whether two names with the same skeleton are spelt closely enough to be variants: word
/// for word, one edit apart (two for words of eight letters or more). A skeleton alone
/// equates `Porsche` and `Prayssac`.
fn close_spelling(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<Vec<char>> {
        fold(s, Case::Fold)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().collect())
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            let limit = if x.len().max(y.len()) >= 8 { 2 } else { 1 };
            edit_distance(x, y) <= limit
        })
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
