//! `quidit gazetteer lint` and `quidit gazetteer add`: the tools of the people who edit the
//! lists. Lint reads files and reports (the checks are in [`quidit::gazetteer::lint`]); add
//! edits a hand-written file, refusing anything that would duplicate an existing entry.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use quidit::gazetteer::lint::{self, Input, Severity};
use quidit_lists::normalise::{Case, fold};

/// Shown after `quidit gazetteer lint --help`.
pub const LINT_HELP: &str = "\
Examples:
  quidit gazetteer lint                       the built-in lists, as compiled into quidit
  quidit gazetteer lint gazetteers/           a folder (PER/ ORG/ LOC/ lexique/)
  quidit gazetteer lint --with-builtins my-lists/   yours, against the built-in ones

Each finding: file:line:column: error|warning: message, then a suggested fix.
Exit codes: 0 no error (warnings alone), 1 some errors, 2 bad usage or unreadable folder.";

/// Shown after `quidit gazetteer add --help`.
pub const ADD_HELP: &str = "\
Examples:
  quidit gazetteer add PER \"Volodymyr Zelensky\" --variant Zelensky --variant Zelenski --id Q3874799
  quidit gazetteer add ORG =OSDH --file ORG/ong.txt
  quidit coverage --format tsv corpus/ > candidates.tsv   # review, set label to ? to skip a row
  quidit gazetteer add --from candidates.tsv              # shows what would be added
  quidit gazetteer add --from candidates.tsv --apply      # adds it

The entry goes to DIR/LABEL/ajouts.txt unless --file (relative to DIR) says otherwise; a new
file gets `%priority 10` like every hand-written list. A file kept sorted stays sorted.
An entry is refused when one of its forms, or its id, is already in a list of DIR, and the
existing entry is named. Generated files (*.gen.txt) are never edited.
Exit codes: 0 added (or would be), 1 some entries refused, 2 bad usage.";

/// `quidit gazetteer …`
#[derive(Args, Debug)]
pub struct GazetteerArgs {
    #[command(subcommand)]
    command: GazetteerCommand,
}

#[derive(Subcommand, Debug)]
enum GazetteerCommand {
    /// Find duplicates, shadowed entries, common words that are not case-exact, stray
    /// characters and malformed ids in gazetteer files.
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
    /// Add an entry to a hand-written gazetteer file (or the reviewed rows of a
    /// `quidit coverage --format tsv` file).
    #[command(after_help = ADD_HELP)]
    Add(AddArgs),
}

/// Arguments of `quidit gazetteer lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// The gazetteer folder to check; the built-in lists when absent.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Load the built-in lists first, as `quidit tag --gazetteers DIR` does, so that entries
    /// of DIR hidden by a built-in one are found (only DIR's findings are shown).
    #[arg(long, requires = "dir")]
    with_builtins: bool,
    /// Show errors only.
    #[arg(long)]
    errors_only: bool,
}

/// Arguments of `quidit gazetteer add`.
#[derive(Args, Debug)]
pub struct AddArgs {
    /// PER, ORG or LOC.
    #[arg(value_name = "LABEL", required_unless_present = "from")]
    label: Option<String>,
    /// The canonical form (write `=Form` for a form that must match with its case exactly).
    #[arg(value_name = "FORM", required_unless_present = "from")]
    form: Option<String>,
    /// Another form of the same entry; repeatable.
    #[arg(long = "variant", value_name = "FORM")]
    variants: Vec<String>,
    /// The Wikidata id (Q…).
    #[arg(long, value_name = "QID")]
    id: Option<String>,
    /// The file to add to, relative to DIR (default: LABEL/ajouts.txt).
    #[arg(long, value_name = "FILE")]
    file: Option<String>,
    /// The gazetteer folder whose files are edited and checked for duplicates.
    #[arg(long, value_name = "DIR", default_value = "gazetteers")]
    dir: PathBuf,
    /// Read candidates from a `quidit coverage --format tsv` file (`-` for standard input):
    /// columns label, form, variants (separated by ` | `), id; rows labelled `?` are skipped.
    #[arg(long, value_name = "TSV", conflicts_with_all = ["label", "form"])]
    from: Option<PathBuf>,
    /// With --from: write the entries (without it, only show what would be added).
    #[arg(long, requires = "from")]
    apply: bool,
}

/// Runs `quidit gazetteer …`.
pub fn run(args: GazetteerArgs) -> ExitCode {
    match args.command {
        GazetteerCommand::Lint(a) => run_lint(a),
        GazetteerCommand::Add(a) => {
            crate::cli::files::remove_temporaries_on_signals();
            run_add(a)
        }
    }
}

/// Reads every `*.txt` below `dir` as lint inputs, named relative to `dir`.
fn dir_inputs(dir: &Path, report: bool) -> Result<Vec<Input>, String> {
    let files = crate::cli::files::with_extension(dir, "txt")
        .map_err(|e| format!("{}: cannot read the folder: {e}", dir.display()))?
        .noted("quidit gazetteer");
    let mut out = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let text = quidit::Error::read_text(&path, &shown).map_err(|e| e.to_string())?;
        let name = relative_name(dir, &path);
        out.push(Input {
            name,
            shown,
            text,
            report,
        });
    }
    Ok(out)
}

/// `path` relative to `dir`, with `/` separators.
fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn run_lint(args: LintArgs) -> ExitCode {
    let inputs = match &args.dir {
        None => lint::builtin_inputs(),
        Some(dir) => {
            let mut inputs = if args.with_builtins {
                let mut b = lint::builtin_inputs();
                b.iter_mut().for_each(|i| i.report = false);
                b
            } else {
                Vec::new()
            };
            match dir_inputs(dir, true) {
                Ok(mine) => inputs.extend(mine),
                Err(message) => {
                    eprintln!("quidit gazetteer lint: error: {message}");
                    return ExitCode::from(2);
                }
            }
            inputs
        }
    };
    let files = inputs.iter().filter(|i| i.report).count();
    let findings = lint::lint(&inputs);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    for f in &findings {
        if !args.errors_only || f.severity == Severity::Error {
            outln!("{f}");
        }
    }
    outln!(
        "{errors} error(s), {} warning(s) in {files} file(s)",
        findings.len() - errors
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// An entry to add.
#[derive(Debug)]
struct NewEntry {
    label: String,
    forms: Vec<String>,
    id: Option<String>,
    file: String,
}

impl NewEntry {
    /// The line as the file format writes it.
    fn line(&self) -> String {
        let mut line = self.forms.join(" | ");
        if let Some(id) = &self.id {
            line.push_str(" ; ");
            line.push_str(id);
        }
        line
    }
}

/// What a folder already holds: folded form → where, and id → where.
struct Existing {
    forms: HashMap<String, String>,
    ids: HashMap<String, String>,
}

fn existing(dir: &Path) -> Result<Existing, String> {
    let mut forms = HashMap::new();
    let mut ids = HashMap::new();
    for input in dir_inputs(dir, true)? {
        let Some(label) = input.name.split('/').next().filter(|l| *l != "lexique") else {
            continue;
        };
        // A file that does not parse is reported by lint; here its good lines still count.
        for (n, raw) in input.text.lines().enumerate() {
            let Ok(parsed) = quidit::gazetteer::parse::parse(&input.shown, raw) else {
                continue;
            };
            let Some(line) = parsed.lines.first() else {
                continue;
            };
            let place = format!(
                "{}:{} ({label} {:?})",
                input.shown,
                n + 1,
                line.forms[0].text
            );
            for f in &line.forms {
                forms
                    .entry(fold(&f.text, Case::Fold))
                    .or_insert_with(|| place.clone());
            }
            if let Some(id) = &line.id {
                ids.entry(id.clone()).or_insert(place);
            }
        }
    }
    Ok(Existing { forms, ids })
}

/// Checks a new entry; returns why it is refused.
fn refuse(entry: &NewEntry, known: &Existing) -> Option<String> {
    if !matches!(entry.label.as_str(), "PER" | "ORG" | "LOC") {
        return Some(format!("label {:?}: write PER, ORG or LOC", entry.label));
    }
    if !entry.file.starts_with(&format!("{}/", entry.label)) {
        return Some(format!(
            "{} is not a {} file: the folder gives the label",
            entry.file, entry.label
        ));
    }
    if entry.file.ends_with(".gen.txt") || !entry.file.ends_with(".txt") {
        return Some(format!(
            "{} is not a hand-written list (*.txt without .gen): generated files are rewritten \
             by scripts/gen_gazetteers.py",
            entry.file
        ));
    }
    for form in &entry.forms {
        let text = form.strip_prefix('=').unwrap_or(form).trim();
        if text.is_empty()
            || text.contains(['|', ';', '\n', '\r'])
            || text.contains(" #")
            || text.starts_with(['#', '%'])
            || text.chars().any(char::is_control)
            || !text.chars().any(char::is_alphanumeric)
        {
            return Some(format!(
                "{form:?} cannot be written as a form (no | ; or comment, at least one letter)"
            ));
        }
        if let Some(place) = known.forms.get(&fold(text, Case::Fold)) {
            return Some(format!("{form:?} is already at {place}"));
        }
    }
    if let Some(id) = &entry.id {
        let digits = id.strip_prefix('Q').unwrap_or("");
        if digits.is_empty()
            || digits.starts_with('0')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(format!("{id:?} is not a Wikidata id (Q and a number)"));
        }
        if let Some(place) = known.ids.get(id) {
            return Some(format!("{id} is already the id of {place}"));
        }
    }
    None
}

/// The sort key of an entry line, as the generator sorts: folded canonical form, then as
/// written.
fn sort_key(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with('%') {
        return None;
    }
    let canonical = t.split(['|', ';']).next()?.trim();
    let canonical = canonical.strip_prefix('=').unwrap_or(canonical).trim();
    Some((fold(canonical, Case::Fold), canonical.to_string()))
}

/// The file's new text with `line` added: in its sorted place when the file's entries are
/// sorted, else at the end. A new file gets a header and `%priority 10`.
fn insert(text: Option<&str>, line: &str) -> String {
    let Some(text) = text else {
        return format!(
            "# Hand-written additions (quidit gazetteer add); format in gazetteers/README.md.\n\
             %priority 10\n\n{line}\n"
        );
    };
    let mut lines: Vec<&str> = text.lines().collect();
    let keys: Vec<(usize, (String, String))> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| sort_key(l).map(|k| (i, k)))
        .collect();
    let sorted = keys.windows(2).all(|w| w[0].1 <= w[1].1);
    let new_key = sort_key(line);
    let at = match (sorted, new_key) {
        (true, Some(k)) if !keys.is_empty() => keys
            .iter()
            .find(|(_, key)| *key > k)
            .map_or(keys[keys.len() - 1].0 + 1, |(i, _)| *i),
        _ => lines.len(),
    };
    lines.insert(at, line);
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Reads the rows of a coverage TSV file.
fn read_tsv(path: &Path, dir_default: impl Fn(&str) -> String) -> Result<Vec<NewEntry>, String> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"))?
    } else {
        fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let shown = path.display().to_string();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(format!("{shown}:1:1: empty file: a header line is needed"));
    };
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let col = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(label_col), Some(form_col)) = (col("label"), col("form")) else {
        return Err(format!(
            "{shown}:1:1: the header needs the columns `label` and `form` (found {header:?})"
        ));
    };
    let (variants_col, id_col, file_col) = (col("variants"), col("id"), col("file"));
    let mut out = Vec::new();
    for (n, line) in lines {
        if line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).copied().unwrap_or("");
        let label = cell(Some(label_col));
        if label.is_empty() || label == "?" {
            continue;
        }
        let form = cell(Some(form_col));
        if form.is_empty() {
            return Err(format!("{shown}:{}:1: a row without a form", n + 1));
        }
        let mut forms = vec![form.to_string()];
        forms.extend(
            cell(variants_col)
                .split('|')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string),
        );
        let id = Some(cell(id_col))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let file = Some(cell(file_col))
            .filter(|s| !s.is_empty())
            .map_or_else(|| dir_default(label), str::to_string);
        out.push(NewEntry {
            label: label.to_string(),
            forms,
            id,
            file,
        });
    }
    Ok(out)
}

fn run_add(args: AddArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("quidit gazetteer add: error: {message}");
        ExitCode::from(2)
    };
    if !args.dir.is_dir() {
        return fail(format!(
            "{}: no such gazetteer folder (give it with --dir)",
            args.dir.display()
        ));
    }
    let default_file = |label: &str| format!("{label}/ajouts.txt");
    let (entries, write) = match &args.from {
        Some(path) => match read_tsv(path, default_file) {
            Ok(e) => (e, args.apply),
            Err(message) => return fail(message),
        },
        None => {
            let label = args.label.clone().unwrap_or_default().to_uppercase();
            let mut forms = vec![args.form.clone().unwrap_or_default()];
            forms.extend(args.variants.iter().cloned());
            let file = args.file.clone().unwrap_or_else(|| default_file(&label));
            (
                vec![NewEntry {
                    label,
                    forms,
                    id: args.id.clone(),
                    file,
                }],
                true,
            )
        }
    };
    let mut known = match existing(&args.dir) {
        Ok(k) => k,
        Err(message) => return fail(message),
    };
    let mut refused = 0;
    for mut entry in entries {
        // Variants that repeat the canonical form or each other are dropped silently.
        let mut seen = Vec::new();
        entry.forms.retain(|f| {
            let k = fold(f.trim_start_matches('='), Case::Fold);
            let new = !seen.contains(&k);
            seen.push(k);
            new
        });
        if let Some(why) = refuse(&entry, &known) {
            println!("refused: {}: {why}", entry.line());
            refused += 1;
            continue;
        }
        let path = args.dir.join(&entry.file);
        let line = entry.line();
        if write {
            // A file that cannot be read is not a missing one: writing the new line alone
            // would erase it.
            let old = match fs::read_to_string(&path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return fail(format!("{}: {e}", path.display())),
            };
            let new = insert(old.as_deref(), &line);
            // Written whole or not at all, its folders made (a new file of the gazetteer).
            if let Err(e) = crate::cli::files::OutFile::write_whole(&path, new.as_bytes()) {
                return fail(e.to_string());
            }
            let number = new.lines().position(|l| l == line).map_or(0, |n| n + 1);
            println!("added: {}:{number}: {line}", path.display());
        } else {
            println!("would add: {}: {line}", path.display());
        }
        // Later rows of the same batch must not repeat this one.
        let place = format!("{} ({} {:?})", path.display(), entry.label, entry.forms[0]);
        for f in &entry.forms {
            known
                .forms
                .insert(fold(f.trim_start_matches('='), Case::Fold), place.clone());
        }
        if let Some(id) = &entry.id {
            known.ids.insert(id.clone(), place);
        }
    }
    if !write && args.from.is_some() {
        println!("(nothing written: add --apply to write these entries)");
    }
    if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_keeps_a_sorted_file_sorted_and_appends_otherwise() {
        let sorted = "# t\n%priority 10\n\nAlep\nÉdimbourg | Edinburgh\nIdlib\n";
        assert_eq!(
            insert(Some(sorted), "Damas"),
            "# t\n%priority 10\n\nAlep\nDamas\nÉdimbourg | Edinburgh\nIdlib\n"
        );
        assert_eq!(
            insert(Some(sorted), "Zagreb"),
            "# t\n%priority 10\n\nAlep\nÉdimbourg | Edinburgh\nIdlib\nZagreb\n"
        );
        let unsorted = "Idlib\nAlep\n";
        assert_eq!(insert(Some(unsorted), "Damas"), "Idlib\nAlep\nDamas\n");
        assert!(insert(None, "Damas").contains("%priority 10\n\nDamas\n"));
    }
}
