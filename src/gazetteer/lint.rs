//! `quidit gazetteer lint`: the mistakes in gazetteer files that cost recall or precision
//! without breaking the build, each with its `file:line:column` and a suggested fix.
//!
//! **Errors** (exit 1) are entries that cannot work as written: a line the parser refuses, a
//! word mixing Latin with Cyrillic or Greek look-alike letters (it never matches the text it
//! was meant for), a malformed Wikidata id, an entry that can never be output because every
//! one of its forms is hidden by another entry (see *shadowing* below).
//!
//! **Warnings** are entries that work but probably not as meant: a form that is also in
//! another entry (the same string under two labels says so), a form equal to a frequent
//! French word and not case-exact (`Pierre` then tags *Pierre* opening a sentence about
//! stones, and *PIERRE* in a shouted headline), stray white space or invisible characters,
//! `’` or a typographic dash where `'` or `-` is meant, the same Wikidata id on two entries of
//! one label, a key such as `id=Q90` where a bare id is meant.
//!
//! ## Shadowing, precisely
//!
//! The matcher reports every valid match, overlapping ones included, and resolution keeps, at
//! each position, the longest candidate first (see `src/resolve/` and `DESIGN.md`). So a
//! longer entry never hides a shorter one in general: `Nations unies` is found wherever the
//! text says it outside `Organisation des Nations unies`. A form can only be hidden by a form
//! that is **the same pattern** (same folded text: so the same span wherever either matches)
//! and **wins every tie**: a higher file `%priority`, or the same priority and an entry loaded
//! earlier (files in path order, lines in file order), labels being irrelevant to ties. And
//! the winner must match wherever the hidden form does: a case-exact winner (`=Tours`) hides
//! only a case-exact form of the same case, and a winner written with a capital hides only a
//! form written with one (a lowercase `ministère des Armées` also matches text a capitalised
//! form does not). An entry is *shadowed* when every one of its forms is hidden: it can never
//! become an entity, whatever the text (its id and attributes are lost too). Lexicon files
//! (`lexique/`) feed the rules rather than resolution, so they are not compared.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use super::{FileKind, file_kind, parse};
use crate::normalise::{Case, fold};

/// The frequent French words an entry should not be unless case-exact, folded, one a line
/// (generated from DELA by `scripts/gen_gazetteers.py`, licence in `gazetteers/SOURCES.md`).
const FREQUENT_WORDS: &str = include_str!("../../scripts/gazetteer-data/mots_frequents.gen.txt");

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Cannot work as written: `quidit gazetteer lint` exits 1.
    Error,
    /// Works, probably not as meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, where it is, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The file as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}\n    fix: {}",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.message,
            self.fix
        )
    }
}

/// A gazetteer file to lint.
#[derive(Clone, Debug)]
pub struct Input {
    /// Its path relative to the gazetteer folder (`LOC/villes.txt`): gives label and sub-type.
    pub name: String,
    /// How findings name it (the path the user knows).
    pub shown: String,
    /// Its text.
    pub text: String,
    /// Whether its findings are reported; files loaded only as context (the built-ins, when
    /// linting a user's folder against them) still hide and get hidden.
    pub report: bool,
}

/// The built-in gazetteer files, as the binary holds them: names relative to `gazetteers/`,
/// shown with that prefix.
pub fn builtin_inputs() -> Vec<Input> {
    crate::builtin::GAZETTEER_TEXTS
        .iter()
        .filter_map(|(path, text)| {
            let name = path.strip_prefix("gazetteers/")?;
            Some(Input {
                name: name.to_string(),
                shown: path.to_string(),
                text: text.to_string(),
                report: true,
            })
        })
        .collect()
}

/// Whether `word` (any case, accents or not) is in the frequent-word list.
pub fn is_frequent_word(word: &str) -> bool {
    frequent_words().contains(fold(word, Case::Fold).as_str())
}

fn frequent_words() -> &'static HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        FREQUENT_WORDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// One form of a parsed entry, with what shadowing compares.
struct FormInfo {
    text: String,
    key: String,
    /// The case-kept fold, for case-exact forms.
    exact: Option<String>,
    capital: bool,
    column: usize,
}

struct EntryInfo {
    input: usize,
    line: usize,
    label: Option<crate::Label>,
    priority: i32,
    canonical: String,
    forms: Vec<FormInfo>,
}

/// Lints `inputs`, in load order (the order the tagger would load them), and returns the
/// findings of the files to report, errors first within each file, by file then line.
pub fn lint(inputs: &[Input]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut entries: Vec<EntryInfo> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let mut push = |severity, line, column, message: String, fix: String| {
            if input.report {
                out.push(Finding {
                    severity,
                    file: input.shown.clone(),
                    line,
                    column,
                    message,
                    fix,
                });
            }
        };
        let Some(kind) = file_kind(&input.name) else {
            push(
                Severity::Error,
                1,
                1,
                "a gazetteer file goes in a folder named PER, ORG, LOC or lexique".into(),
                "move it, for example to LOC/villes.txt".into(),
            );
            continue;
        };
        let label = match &kind {
            FileKind::Entity { label, .. } => Some(*label),
            FileKind::Lexicon { .. } => None,
        };
        let text = input.text.strip_prefix('\u{FEFF}').unwrap_or(&input.text);
        // The file's priority applies to every line, whichever line states it.
        let priority = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("%priority"))
            .find_map(|n| n.trim().parse::<i32>().ok())
            .unwrap_or(0);
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut lines_seen: HashMap<String, usize> = HashMap::new();
        for (n, raw) in text.lines().enumerate() {
            let number = n + 1;
            check_characters(raw, number, &mut push);
            // Each line alone, so that one bad line does not hide the faults of the others.
            let parsed = match parse::parse(&input.shown, raw) {
                Ok(p) => p,
                Err(e) => {
                    let column = e.column;
                    push(
                        Severity::Error,
                        number,
                        column,
                        e.message.clone(),
                        "see gazetteers/README.md for the line format".into(),
                    );
                    continue;
                }
            };
            let Some(line) = parsed.lines.into_iter().next() else {
                continue;
            };
            let content = raw.split(" #").next().unwrap_or(raw).trim();
            if label.is_none() {
                // Lexicons: only a line repeated word for word is a mistake (a form may
                // rightly come twice with other attributes, `dit` of dire and of dîmer).
                if let Some(first) = lines_seen.insert(content.to_string(), number) {
                    push(
                        Severity::Warning,
                        number,
                        1,
                        format!("the same line as line {first}"),
                        "remove one of the two".into(),
                    );
                }
                continue;
            }
            check_ids(raw, &line, number, &mut ids, &mut push);
            let mut forms = Vec::new();
            let mut keys_here: Vec<(String, Option<String>)> = Vec::new();
            for form in &line.forms {
                let column = column_of(raw, &form.text);
                let key = fold(&form.text, Case::Fold);
                let exact = form.case_exact.then(|| fold(&form.text, Case::Keep));
                if keys_here.contains(&(key.clone(), exact.clone())) {
                    push(
                        Severity::Warning,
                        number,
                        column,
                        format!(
                            "{:?} repeats another form of this entry (forms are compared \
                             without case, accents, apostrophe and dash kinds)",
                            form.text
                        ),
                        "remove the repeated form".into(),
                    );
                    continue;
                }
                keys_here.push((key.clone(), exact.clone()));
                if !form.case_exact
                    && !key.contains(' ')
                    && form.text.chars().any(char::is_lowercase)
                    && frequent_words().contains(key.as_str())
                {
                    let (message, fix) = if form.text.chars().next().is_some_and(char::is_uppercase)
                    {
                        (
                            "it matches at the start of a sentence and in capitals",
                            format!("make it case-exact: ={}", form.text),
                        )
                    } else {
                        (
                            "written in lowercase, it matches the word wherever it is",
                            format!(
                                "make it case-exact (={}) if only that spelling names the entity",
                                form.text
                            ),
                        )
                    };
                    push(
                        Severity::Warning,
                        number,
                        column,
                        format!(
                            "{:?} is also a frequent French word ({key}): {message}",
                            form.text
                        ),
                        fix,
                    );
                }
                forms.push(FormInfo {
                    text: form.text.clone(),
                    capital: form.text.chars().next().is_some_and(char::is_uppercase),
                    key,
                    exact,
                    column,
                });
            }
            entries.push(EntryInfo {
                input: index,
                line: number,
                label,
                priority,
                canonical: line.forms[0].text.clone(),
                forms,
            });
        }
    }
    shadowing(inputs, &entries, &mut out);
    out.sort_by(|a, b| {
        (&a.file, a.line, a.severity, a.column).cmp(&(&b.file, b.line, b.severity, b.column))
    });
    out
}

/// The column (1-based, in characters) of `needle` in `raw` as a whole word (`taliban` is
/// not found inside `talibans`), 1 if absent.
fn column_of(raw: &str, needle: &str) -> usize {
    let whole = |at: usize| {
        let before = raw[..at].chars().next_back();
        let after = raw[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    raw.match_indices(needle)
        .map(|(at, _)| at)
        .find(|&at| whole(at))
        .map_or(1, |at| raw[..at].chars().count() + 1)
}

type Push<'a> = dyn FnMut(Severity, usize, usize, String, String) + 'a;

/// White space, invisible and look-alike characters of one raw line.
fn check_characters(raw: &str, number: usize, push: &mut Push<'_>) {
    let content = raw.split(" #").next().unwrap_or(raw);
    if content.trim().starts_with('#') || content.trim().is_empty() {
        return;
    }
    if raw.len() != raw.trim_end().len() {
        push(
            Severity::Warning,
            number,
            raw.trim_end().chars().count() + 1,
            "white space at the end of the line".into(),
            "remove it".into(),
        );
    }
    let chars: Vec<char> = content.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let column = i + 1;
        let (severity, message, fix) = match c {
            '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{3000}' | '\t' => (
                Severity::Warning,
                format!("unusual space U+{:04X}", c as u32),
                "write a plain space".to_string(),
            ),
            ' ' if chars.get(i + 1) == Some(&' ') && chars[i + 1..].iter().any(|c| *c != ' ') => {
                if i > 0 && chars[i - 1] == ' ' {
                    continue;
                }
                (
                    Severity::Warning,
                    "two spaces in a row".into(),
                    "write one space".into(),
                )
            }
            '\u{200B}'..='\u{200F}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{202A}'..='\u{202E}' => (
                Severity::Warning,
                format!("invisible character U+{:04X}", c as u32),
                "remove it (the output would carry it in the canonical form)".into(),
            ),
            '’' | '‘' | 'ʼ' | '´' | '′' => (
                Severity::Warning,
                format!("{c:?} where an apostrophe is meant"),
                "write ' (matching folds both, the canonical form is printed as written)".into(),
            ),
            '‐' | '‑' | '‒' | '–' | '—' | '−' => (
                Severity::Warning,
                format!("typographic dash {c:?} in a form"),
                "write - (matching folds both, the canonical form is printed as written)".into(),
            ),
            _ => continue,
        };
        push(severity, number, column, message, fix);
    }
    // Look-alike letters: a word that mixes scripts cannot be the word it looks like.
    let mut start = 0;
    for word in content.split(|c: char| !c.is_alphanumeric()) {
        let at = start;
        start += word.len()
            + content[start + word.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let latin = word.chars().filter(|c| script(*c) == Script::Latin).count();
        let other = word
            .chars()
            .filter(|c| matches!(script(*c), Script::Cyrillic | Script::Greek))
            .count();
        let wide = word.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c));
        if (latin > 0 && other > 0) || wide {
            let fixed: String = word
                .chars()
                .map(|c| latin_look_alike(c).unwrap_or(c))
                .collect();
            let bad: Vec<String> = word
                .chars()
                .filter(|c| latin_look_alike(*c).is_some())
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            push(
                Severity::Error,
                number,
                content[..at].chars().count() + 1,
                format!(
                    "{word:?} mixes Latin letters with look-alike letters of another script ({}): \
                     it never matches the word it looks like",
                    bad.join(", ")
                ),
                format!("write {fixed:?}"),
            );
        }
    }
}

#[derive(PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'A'..='Z' | 'a'..='z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{0400}'..='\u{04FF}' => Script::Cyrillic,
        '\u{0370}'..='\u{03FF}' => Script::Greek,
        _ => Script::Other,
    }
}

/// The Latin letter a Cyrillic, Greek or full-width letter is drawn like, if any.
fn latin_look_alike(c: char) -> Option<char> {
    if ('\u{FF21}'..='\u{FF3A}').contains(&c) || ('\u{FF41}'..='\u{FF5A}').contains(&c) {
        return char::from_u32(c as u32 - 0xFF21 + 'A' as u32);
    }
    Some(match c {
        'а' | 'α' => 'a',
        'с' | 'ϲ' => 'c',
        'е' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ѕ' => 's',
        'у' | 'γ' => 'y',
        'х' | 'χ' => 'x',
        'ԁ' => 'd',
        'ν' => 'v',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        _ => return None,
    })
}

/// Wikidata ids: well formed, given as an id rather than an attribute, one entry each.
fn check_ids(
    raw: &str,
    line: &parse::Line,
    number: usize,
    ids: &mut HashMap<String, usize>,
    push: &mut Push<'_>,
) {
    if let Some(id) = &line.id {
        let column = column_of(raw, id);
        if id.len() < 2 || id.as_bytes()[1] == b'0' {
            push(
                Severity::Error,
                number,
                column,
                format!(
                    "malformed Wikidata id {id:?}: ids are Q and a number without leading zeros"
                ),
                "look the id up on wikidata.org and write it as Q and its digits".into(),
            );
        } else if let Some(first) = ids.insert(id.clone(), number) {
            push(
                Severity::Warning,
                number,
                column,
                format!("{id} is also the id of line {first}: one entity on two lines"),
                format!("merge this line's forms into line {first} as variants"),
            );
        }
    }
    for (key, value) in &line.attrs {
        let lower = key.to_lowercase();
        if ["id", "qid", "wikidata", "wd"].contains(&lower.as_str()) {
            let bare = value.trim_start_matches("wd:").to_uppercase();
            push(
                Severity::Warning,
                number,
                column_of(raw, key),
                format!("`{key}={value}` looks like a Wikidata id written as an attribute"),
                format!("write the id alone after `;`: {bare}"),
            );
        }
    }
    for form in &line.forms {
        let t = form.text.as_str();
        if t.len() > 1 && t.starts_with(['Q', 'q']) && t[1..].bytes().all(|b| b.is_ascii_digit()) {
            push(
                Severity::Error,
                number,
                column_of(raw, t),
                format!("{t:?} is a form, but looks like a Wikidata id"),
                format!("ids go after `;`: write `… ; {}`", t.to_uppercase()),
            );
        }
    }
}

/// Whether `winner` matches wherever `hidden` does (they have the same folded text).
fn covers(winner: &FormInfo, hidden: &FormInfo) -> bool {
    let case = match (&winner.exact, &hidden.exact) {
        (None, _) => true,
        (Some(w), Some(h)) => w == h,
        (Some(_), None) => false,
    };
    case && (!winner.capital || hidden.capital)
}

/// Hidden forms and shadowed entries (see the module documentation).
fn shadowing(inputs: &[Input], entries: &[EntryInfo], out: &mut Vec<Finding>) {
    let mut by_key: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (e, entry) in entries.iter().enumerate() {
        for (f, form) in entry.forms.iter().enumerate() {
            by_key.entry(form.key.as_str()).or_default().push((e, f));
        }
    }
    // For each entry, for each of its forms, the entry that hides it.
    let mut hidden_by: Vec<Vec<Option<usize>>> =
        entries.iter().map(|e| vec![None; e.forms.len()]).collect();
    for group in by_key.values().filter(|g| g.len() > 1) {
        for &(e, f) in group {
            let entry = &entries[e];
            // Entries earlier in `entries` were loaded earlier.
            let winner = group.iter().find(|&&(o, g)| {
                o != e
                    && (entries[o].priority > entry.priority
                        || entries[o].priority == entry.priority && o < e)
                    && covers(&entries[o].forms[g], &entry.forms[f])
            });
            hidden_by[e][f] = winner.map(|&(o, _)| o);
        }
    }
    for (e, entry) in entries.iter().enumerate() {
        let input = &inputs[entry.input];
        if !input.report {
            continue;
        }
        let hidden = &hidden_by[e];
        let whole = !hidden.is_empty() && hidden.iter().all(Option::is_some);
        let place = |o: usize| {
            let w = &entries[o];
            format!(
                "{}:{} ({} {:?})",
                inputs[w.input].shown,
                w.line,
                w.label.map_or("lexicon", |l| l.as_str()),
                w.canonical
            )
        };
        if whole {
            let winner = hidden[0].unwrap_or(e);
            let other_label = entries[winner].label != entry.label;
            let message = if other_label {
                format!(
                    "the same string under two labels: this {} entry can never be output, \
                     every form of it is also at {}, which wins",
                    entry.label.map_or("lexicon", |l| l.as_str()),
                    place(winner)
                )
            } else {
                format!(
                    "this entry can never be output: every form of it is also at {}, which \
                     wins (higher priority, or the same and loaded first)",
                    place(winner)
                )
            };
            let fix = if other_label {
                "decide which label is right and remove the other entry".to_string()
            } else {
                format!(
                    "remove this line, moving its id and attributes to {}:{} if they are missing there",
                    inputs[entries[winner].input].shown, entries[winner].line
                )
            };
            out.push(Finding {
                severity: Severity::Error,
                file: input.shown.clone(),
                line: entry.line,
                column: entry.forms.first().map_or(1, |f| f.column),
                message,
                fix,
            });
            continue;
        }
        for (f, winner) in hidden.iter().enumerate() {
            let Some(o) = *winner else { continue };
            let form = &entry.forms[f];
            let two_labels = if entries[o].label != entry.label {
                "the same string under two labels: "
            } else {
                ""
            };
            out.push(Finding {
                severity: Severity::Warning,
                file: input.shown.clone(),
                line: entry.line,
                column: form.column,
                message: format!(
                    "{two_labels}the form {:?} is also at {}, which wins: here it is never used",
                    form.text,
                    place(o)
                ),
                fix: "remove the form from one of the two lines".into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| Input {
                name: name.to_string(),
                shown: name.to_string(),
                text: text.to_string(),
                report: true,
            })
            .collect();
        lint(&inputs)
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{} {} {}",
                    f.file,
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.message
                )
            })
            .collect()
    }

    fn has(found: &[String], want: &str) -> bool {
        found.iter().any(|f| f.contains(want))
    }

    #[test]
    fn shadowing_needs_the_same_pattern_and_a_winner_that_covers_it() {
        let found = run(&[
            ("LOC/a.txt", "%priority 10\nIdlib | Idleb\n=Tours\n"),
            ("LOC/b.txt", "Idlib\nTours\nIdleb | Edleb\nNations unies\n"),
            ("ORG/c.txt", "Organisation des Nations unies\n"),
        ]);
        // Idlib at b:1 is wholly hidden; Tours is not (=Tours is case-exact, Tours also
        // matches TOURS); Idleb at b:3 is hidden but the entry lives through Edleb.
        assert!(
            has(&found, "LOC/b.txt:1:1 error this entry can never be output"),
            "{found:#?}"
        );
        assert!(!has(&found, "LOC/b.txt:2:1 error"), "{found:#?}");
        assert!(
            has(&found, "LOC/b.txt:3:1 warning the form \"Idleb\""),
            "{found:#?}"
        );
        assert!(!has(&found, "LOC/b.txt:4"), "{found:#?}");
    }

    #[test]
    fn two_labels_and_load_order() {
        let found = run(&[
            ("LOC/a.txt", "Washington\n"),
            ("PER/b.txt", "Washington\nmarie\n"),
        ]);
        assert!(
            has(
                &found,
                "PER/b.txt:1:1 error the same string under two labels"
            ),
            "{found:#?}"
        );
        // A lowercase form is not hidden by nothing; no finding on a.txt.
        assert!(
            !found.iter().any(|f| f.starts_with("LOC/a.txt")),
            "{found:#?}"
        );
    }

    #[test]
    fn characters_ids_and_common_words() {
        let found = run(&[(
            "LOC/a.txt",
            "Pаris ; Q90\nLyon ; Q090\nBrest ; Q90\nNice\nL’Haÿ-les-Roses \nMarseille ; id=Q23482\n",
        )]);
        assert!(
            has(&found, "LOC/a.txt:1:1 error \"Pаris\" mixes"),
            "{found:#?}"
        );
        assert!(
            has(&found, "LOC/a.txt:2:8 error malformed Wikidata id"),
            "{found:#?}"
        );
        assert!(
            has(&found, "LOC/a.txt:3:9 warning Q90 is also the id of line 1"),
            "{found:#?}"
        );
        assert!(
            has(
                &found,
                "LOC/a.txt:4:1 warning \"Nice\" is also a frequent French word"
            ),
            "{found:#?}"
        );
        assert!(has(&found, "LOC/a.txt:5:2 warning '’'"), "{found:#?}");
        assert!(
            has(&found, "LOC/a.txt:5:16 warning white space at the end"),
            "{found:#?}"
        );
        assert!(
            has(&found, "LOC/a.txt:6:13 warning `id=Q23482`"),
            "{found:#?}"
        );
    }

    #[test]
    fn bad_lines_are_errors_and_the_rest_is_still_read() {
        let found = run(&[("ORG/a.txt", "Paris || Lutèce\nONU\nONU\n")]);
        assert!(has(&found, "ORG/a.txt:1:8 error empty form"), "{found:#?}");
        assert!(
            has(&found, "ORG/a.txt:3:1 error this entry can never be output"),
            "{found:#?}"
        );
    }
}
