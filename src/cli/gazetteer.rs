//! `quidit gazetteer lint`, `add`, `remove` and `which`: the tools of the people who edit the
//! lists. Lint reads files and reports (the checks are in [`quidit::gazetteer::lint`]); add
//! edits a hand-written file of the user's lists, refusing anything that would duplicate an
//! entry of any loaded list (built-ins included); remove takes an entry out of them; which
//! says what tags a string, or why nothing does. All of them see what `quidit tag` loads
//! (the built-ins, the project's or the user folder's lists, the flags').

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::cli::config;
use crate::cli::source::{Resolved, SourceArgs};
use quidit::gazetteer::lint::{self, Input, Severity};
use quidit_lists::normalise::{Case, fold};

/// Shown after `quidit gazetteer lint --help`.
pub const LINT_HELP: &str = "\
Examples:
  quidit gazetteer lint                       what `quidit tag` loads here (see below)
  quidit gazetteer lint gazetteers/           a folder (PER/ ORG/ LOC/ lexique/)
  quidit gazetteer lint --with-builtins my-lists/   yours, against the built-in ones

Without DIR, the lists `quidit tag` loads are linted: the user's (the project's, the user
folder's, --gazetteers') are reported, against the built-in ones; the built-in lists are
reported too with --builtins, or when there are no others.

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

DIR is, unless --dir says otherwise, the gazetteers folder of the project (quidit.toml, here
or above), else the user folder's (e.g. ~/.local/share/quidit/gazetteers, made if missing).
The entry goes to DIR/LABEL/ajouts.txt unless --file (relative to DIR) says otherwise; a new
file gets `%priority 10` like every hand-written list. A file kept sorted stays sorted.
An entry is refused when one of its forms, or its id, is already in a loaded list (the
built-in ones, the project's, --gazetteers', DIR), and the existing entry is named with its
file and line; --force adds it anyway (a variant of a name another list has). Generated
files (*.gen.txt) are never edited.
Exit codes: 0 added (or would be), 1 some entries refused, 2 bad usage.";

/// Shown after `quidit gazetteer remove --help`.
pub const REMOVE_HELP: &str = "\
Examples:
  quidit gazetteer remove ORG Vexora
  quidit gazetteer remove LOC Idleb --dir my-lists/

Takes out of the user's lists (the project's gazetteers folder, else the user folder's; or
--dir) every entry of LABEL that has FORM among its forms (case and accents aside): its
whole line goes. The built-in lists are compiled into quidit and are not edited: an entry
found there is named with its file and line, and refused.
Exit codes: 0 removed, 1 not found or refused, 2 bad usage.";

/// Shown after `quidit gazetteer which --help`.
pub const WHICH_HELP: &str = "\
Examples:
  quidit gazetteer which Barcelone
  quidit gazetteer which \"Le maire de Barcelone a déclaré\"

Tags TEXT with what `quidit tag` loads here and shows the entities with the entry or rule
behind each, every list match (kept or not) and the lexicons. When TEXT as a whole is not
an entity, says why: no list has it; an entry has it as a case-exact form (=Form) in another
case, or written with a capital; a case-exact word opens a sentence (where any word takes a
capital, so it is set aside there); a form is there inside a longer word (matches stop at
word boundaries) or TEXT is only part of a longer entry; a lexicon has it (lexicons feed
rules); a rule's counter names it. A passage (more than 8 words, or with a name inside it)
gets its matches, each with why it was set aside or not kept, rather than the reasons.
Exit codes: 0 TEXT is an entity, 1 it is not, 2 bad usage.";

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
    /// Take an entry out of the user's lists.
    #[command(after_help = REMOVE_HELP)]
    Remove(RemoveArgs),
    /// Say which entries and rules tag a string, or why nothing does.
    #[command(after_help = WHICH_HELP)]
    Which(WhichArgs),
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
    /// Without DIR: report the built-in lists' findings too, not only the user's.
    #[arg(long, conflicts_with = "dir")]
    builtins: bool,
    /// Show errors only.
    #[arg(long)]
    errors_only: bool,
    #[command(flatten)]
    sources: SourceArgs,
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
    /// The gazetteer folder to edit (default: the project's, else the user folder's).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Add even when a loaded list already has a form or the id (a variant on purpose).
    #[arg(long)]
    force: bool,
    /// Read candidates from a `quidit coverage --format tsv` file (`-` for standard input):
    /// columns label, form, variants (separated by ` | `), id; rows labelled `?` are skipped.
    #[arg(long, value_name = "TSV", conflicts_with_all = ["label", "form"])]
    from: Option<PathBuf>,
    /// With --from: write the entries (without it, only show what would be added).
    #[arg(long, requires = "from")]
    apply: bool,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Arguments of `quidit gazetteer remove`.
#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// PER, ORG or LOC.
    #[arg(value_name = "LABEL")]
    label: String,
    /// A form of the entry (any of its forms; case and accents aside).
    #[arg(value_name = "FORM")]
    form: String,
    /// The gazetteer folder to edit (default: the project's, else the user folder's).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Arguments of `quidit gazetteer which`.
#[derive(Args, Debug)]
pub struct WhichArgs {
    /// The string (a name, or a sentence around it).
    #[arg(value_name = "TEXT")]
    text: String,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Runs `quidit gazetteer …`.
pub fn run(args: GazetteerArgs) -> ExitCode {
    match args.command {
        GazetteerCommand::Lint(a) => run_lint(a),
        GazetteerCommand::Add(a) => {
            crate::cli::files::remove_temporaries_on_signals();
            run_add(a)
        }
        GazetteerCommand::Remove(a) => {
            crate::cli::files::remove_temporaries_on_signals();
            run_remove(a)
        }
        GazetteerCommand::Which(a) => run_which(a),
    }
}

/// Reads every `*.txt` below `dir` as lint inputs, named relative to `dir`; the first file
/// that cannot be read is the error (for the commands that need every list).
fn dir_inputs(dir: &Path, report: bool) -> Result<Vec<Input>, String> {
    let (inputs, mut unreadable) = dir_inputs_all(dir, report)?;
    match unreadable.is_empty() {
        true => Ok(inputs),
        false => Err(unreadable.swap_remove(0)),
    }
}

/// Reads every `*.txt` below `dir` as lint inputs, and says which files cannot be read
/// (each message located), so that lint reports them all and still checks the others. The
/// error is a folder that cannot be read.
fn dir_inputs_all(dir: &Path, report: bool) -> Result<(Vec<Input>, Vec<String>), String> {
    let files = crate::cli::files::with_extension(dir, "txt")
        .map_err(|e| format!("{}: cannot read the folder: {e}", dir.display()))?
        .noted("quidit gazetteer");
    let (mut out, mut unreadable) = (Vec::new(), Vec::new());
    for path in files {
        let shown = path.display().to_string();
        match quidit::Error::read_text(&path, &shown) {
            Ok(text) => out.push(Input {
                name: quidit::gazetteer::list_name(dir, &path),
                shown,
                text,
                report,
            }),
            Err(e) => unreadable.push(e.to_string()),
        }
    }
    Ok((out, unreadable))
}

fn run_lint(args: LintArgs) -> ExitCode {
    // Files that cannot be read (not UTF-8, no permission): each reported, the others
    // linted all the same.
    let mut unreadable = Vec::new();
    let inputs = match &args.dir {
        None => {
            // What `quidit tag` loads: the built-ins as context, then the user's lists.
            let resolved = match args.sources.resolve() {
                Ok(r) => r,
                Err(code) => return code,
            };
            let mut mine = Vec::new();
            for dir in &resolved.gazetteer_dirs {
                match dir_inputs_all(dir, true) {
                    Ok((inputs, bad)) => {
                        mine.extend(inputs);
                        unreadable.extend(bad);
                    }
                    Err(message) => {
                        eprintln!("quidit: error: {message}");
                        return ExitCode::from(2);
                    }
                }
            }
            let mut inputs = if args.sources.no_builtin_gazetteers {
                Vec::new()
            } else {
                lint::builtin_inputs()
            };
            let report_builtins = args.builtins || mine.is_empty();
            inputs.iter_mut().for_each(|i| i.report = report_builtins);
            inputs.extend(mine);
            inputs
        }
        Some(dir) => {
            let mut inputs = if args.with_builtins {
                let mut b = lint::builtin_inputs();
                b.iter_mut().for_each(|i| i.report = false);
                b
            } else {
                Vec::new()
            };
            match dir_inputs_all(dir, true) {
                Ok((mine, bad)) => {
                    inputs.extend(mine);
                    unreadable.extend(bad);
                }
                Err(message) => {
                    eprintln!("quidit: error: {message}");
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
    for message in &unreadable {
        outln!("{message}");
    }
    let errors = errors + unreadable.len();
    outln!(
        "{errors} error(s), {} warning(s) in {} file(s)",
        findings.len() + unreadable.len() - errors,
        files + unreadable.len()
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

/// One form of a loaded list, with where it is: what `add` checks duplicates against and
/// `which` explains with.
struct ListForm {
    /// The form as written (without `=`).
    text: String,
    /// Folded (case, accents, apostrophes aside): what the matcher compares.
    folded: String,
    /// Written `=Form`: matches only in this case.
    case_exact: bool,
    /// `PER`, `ORG`, `LOC`, or `lexique` for a lexicon.
    label: String,
    /// `file:line (LABEL "canonical")`.
    place: String,
    /// The line's Wikidata id.
    id: Option<String>,
    /// From a built-in list (compiled into quidit: not editable).
    builtin: bool,
}

/// Every form of the lists `quidit tag` loads (`resolved`, the built-ins unless
/// `no_builtins`) and of `extra` (the folder being edited, when not among them).
fn loaded_forms(
    resolved: &Resolved,
    no_builtins: bool,
    extra: Option<&Path>,
) -> Result<Vec<ListForm>, String> {
    let mut inputs: Vec<(Input, bool)> = Vec::new();
    if !no_builtins {
        inputs.extend(lint::builtin_inputs().into_iter().map(|i| (i, true)));
    }
    let mut dirs: Vec<&Path> = resolved
        .gazetteer_dirs
        .iter()
        .map(PathBuf::as_path)
        .collect();
    if let Some(extra) = extra {
        let same = |d: &&Path| match (fs::canonicalize(d), fs::canonicalize(extra)) {
            (Ok(a), Ok(b)) => a == b,
            _ => *d == extra,
        };
        if !dirs.iter().any(same) && extra.is_dir() {
            dirs.push(extra);
        }
    }
    for dir in dirs {
        inputs.extend(dir_inputs(dir, true)?.into_iter().map(|i| (i, false)));
    }
    let mut out = Vec::new();
    for (input, builtin) in inputs {
        let Some(label) = input.name.split('/').next() else {
            continue;
        };
        // A file that does not parse is reported by check and lint; here its good lines
        // still count, each parsed alone.
        let lines = match quidit::gazetteer::parse::parse(&input.shown, &input.text) {
            Ok(file) => file.lines,
            Err(_) => input
                .text
                .lines()
                .enumerate()
                .filter_map(|(n, raw)| {
                    let mut line = quidit::gazetteer::parse::parse(&input.shown, raw)
                        .ok()?
                        .lines
                        .pop()?;
                    line.line = n + 1;
                    Some(line)
                })
                .collect(),
        };
        for line in lines {
            let place = format!(
                "{}:{} ({label} {:?})",
                input.shown, line.line, line.forms[0].text
            );
            for f in &line.forms {
                out.push(ListForm {
                    text: f.text.clone(),
                    folded: fold(&f.text, Case::Fold),
                    case_exact: f.case_exact,
                    label: label.to_string(),
                    place: place.clone(),
                    id: line.id.clone(),
                    builtin,
                });
            }
        }
    }
    Ok(out)
}

/// What the loaded lists already hold: folded form → where, and id → where (entity lists
/// only: a lexicon's word may also be a name).
struct Existing {
    forms: HashMap<String, String>,
    ids: HashMap<String, String>,
}

fn existing(forms: &[ListForm]) -> Existing {
    let mut known = Existing {
        forms: HashMap::new(),
        ids: HashMap::new(),
    };
    // The user's own entries are named first: the one they are likelier to mean to edit.
    let entities = forms.iter().filter(|f| f.label != "lexique");
    let (builtin, own): (Vec<&ListForm>, Vec<&ListForm>) = entities.partition(|f| f.builtin);
    for f in own.into_iter().chain(builtin) {
        let place = if f.builtin {
            format!("{} (a built-in list)", f.place)
        } else {
            f.place.clone()
        };
        known
            .forms
            .entry(f.folded.clone())
            .or_insert_with(|| place.clone());
        if let Some(id) = &f.id {
            known.ids.entry(id.clone()).or_insert(place);
        }
    }
    known
}

/// The folder `add` and `remove` edit: `--dir`, else the project's gazetteers folder,
/// else the user folder's (made when `make`, so that the first `add` creates it).
fn target_dir(dir: Option<&PathBuf>, resolved: &Resolved, make: bool) -> Result<PathBuf, String> {
    if let Some(dir) = dir {
        return if dir.is_dir() {
            Ok(dir.clone())
        } else {
            Err(format!(
                "{}: no such gazetteer folder (give it with --dir)",
                dir.display()
            ))
        };
    }
    match &resolved.config {
        Some(c) => {
            if let Some(g) = &c.gazetteers {
                return Ok(g.clone());
            }
            if let config::Origin::Project(file) = &c.origin {
                return Err(format!(
                    "{} names no gazetteers folder: add `gazetteers = \"gazetteers\"` to it, \
                     or give --dir",
                    file.display()
                ));
            }
        }
        None if resolved.no_config => {
            return Err("--no-config: give the folder to edit with --dir".into());
        }
        None => {}
    }
    let Some(user) = config::user_folder() else {
        return Err(
            "no project file and no user folder on this platform: give --dir \
                    (or run `quidit init`)"
                .into(),
        );
    };
    let dir = user.join("gazetteers");
    if make && !dir.is_dir() {
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        eprintln!(
            "quidit: note: made the user folder {} (every command reads it when no \
             quidit.toml is found)",
            dir.display()
        );
    }
    Ok(dir)
}

/// Checks a new entry; returns why it is refused.
fn refuse(entry: &NewEntry, known: &Existing, force: bool) -> Option<String> {
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
        if let Some(place) = known.forms.get(&fold(text, Case::Fold)).filter(|_| !force) {
            return Some(format!(
                "{form:?} is already at {place}; --force adds it anyway"
            ));
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
        if let Some(place) = known.ids.get(id).filter(|_| !force) {
            return Some(format!(
                "{id} is already the id of {place}; --force adds it anyway"
            ));
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
        eprintln!("quidit: error: {message}");
        ExitCode::from(2)
    };
    let resolved = match args.sources.resolve() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dir = match target_dir(
        args.dir.as_ref(),
        &resolved,
        args.from.is_none() || args.apply,
    ) {
        Ok(d) => d,
        Err(message) => return fail(message),
    };
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
    let mut known = match loaded_forms(&resolved, args.sources.no_builtin_gazetteers, Some(&dir)) {
        Ok(forms) => existing(&forms),
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
        if let Some(why) = refuse(&entry, &known, args.force) {
            println!("refused: {}: {why}", entry.line());
            refused += 1;
            continue;
        }
        let path = dir.join(&entry.file);
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

fn run_remove(args: RemoveArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("quidit: error: {message}");
        ExitCode::from(2)
    };
    let label = args.label.to_uppercase();
    if !matches!(label.as_str(), "PER" | "ORG" | "LOC") {
        return fail(format!("label {:?}: write PER, ORG or LOC", args.label));
    }
    let resolved = match args.sources.resolve() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dir = match target_dir(args.dir.as_ref(), &resolved, false) {
        Ok(d) => d,
        Err(message) => return fail(message),
    };
    let wanted = fold(args.form.trim_start_matches('=').trim(), Case::Fold);
    let inputs = if dir.is_dir() {
        match dir_inputs(&dir, true) {
            Ok(i) => i,
            Err(message) => return fail(message),
        }
    } else {
        Vec::new()
    };
    let (mut removed, mut refused) = (0, 0);
    for input in inputs
        .iter()
        .filter(|i| i.name.starts_with(&format!("{label}/")))
    {
        // The lines that hold the form, each parsed alone (a faulty line elsewhere in the
        // file does not stop a removal).
        let lines: Vec<&str> = input.text.split_inclusive('\n').collect();
        let hits: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, raw)| {
                quidit::gazetteer::parse::parse(&input.shown, raw).is_ok_and(|f| {
                    f.lines
                        .iter()
                        .any(|l| l.forms.iter().any(|f| fold(&f.text, Case::Fold) == wanted))
                })
            })
            .map(|(n, _)| n)
            .collect();
        if hits.is_empty() {
            continue;
        }
        if input.name.ends_with(".gen.txt") {
            refused += 1;
            println!(
                "refused: {}:{}: a generated list (*.gen.txt) is rewritten by \
                 scripts/gen_gazetteers.py: edit its sources instead",
                input.shown,
                hits[0] + 1
            );
            continue;
        }
        let kept: String = lines
            .iter()
            .enumerate()
            .filter(|(n, _)| !hits.contains(n))
            .map(|(_, l)| *l)
            .collect();
        let path = dir.join(&input.name);
        if let Err(e) = crate::cli::files::OutFile::write_whole(&path, kept.as_bytes()) {
            return fail(e.to_string());
        }
        for n in hits {
            println!(
                "removed: {}:{}: {}",
                input.shown,
                n + 1,
                lines[n].trim_end()
            );
            removed += 1;
        }
    }
    if removed > 0 && refused == 0 {
        return ExitCode::SUCCESS;
    }
    if removed > 0 || refused > 0 {
        return ExitCode::from(1);
    }
    // Not in the user's lists: say where it is, if anywhere.
    let forms = match loaded_forms(&resolved, args.sources.no_builtin_gazetteers, None) {
        Ok(f) => f,
        Err(message) => return fail(message),
    };
    let elsewhere: Vec<&ListForm> = forms
        .iter()
        .filter(|f| f.label == label && f.folded == wanted)
        .collect();
    if elsewhere.is_empty() {
        println!(
            "not found: no {label} entry of {} has the form {:?}, nor any loaded list",
            dir.display(),
            args.form
        );
    }
    for f in elsewhere {
        if f.builtin {
            println!(
                "refused: {:?} is a built-in entry, at {}: the built-in lists are compiled \
                 into quidit and not edited here (a contributor edits gazetteers/ in quidit's \
                 sources and rebuilds)",
                args.form, f.place
            );
        } else {
            println!(
                "refused: {:?} is at {}, outside {} (edit that file, or give --dir)",
                args.form,
                f.place,
                dir.display()
            );
        }
    }
    ExitCode::from(1)
}

fn run_which(args: WhichArgs) -> ExitCode {
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let text = args.text.as_str();
    let inspection = tagger.inspect(text, &mut quidit::Scratch::default());
    let doc = &inspection.document;
    let trimmed = (text.len() - text.trim_start().len(), text.trim_end().len());
    let mut whole = false;
    outln!("entities ({}):", doc.entities.len());
    for e in &doc.entities {
        let s = e.span;
        whole |= (s.start, s.end) == trimmed;
        outln!(
            "  {} {:?} ({}..{}) from {}",
            e.label.as_str(),
            &text[s.start..s.end],
            s.char_start,
            s.char_end,
            e.provenance
        );
    }
    let kept = |m: &quidit::inspect::ListMatch<'_>| {
        doc.entities
            .iter()
            .any(|e| (e.span.start, e.span.end) == (m.start, m.end))
    };
    let g = tagger.gazetteer();
    if !inspection.list_matches.is_empty() {
        outln!("list matches:");
    }
    for m in &inspection.list_matches {
        outln!(
            "  {} {:?} {}:{} ({:?}){}",
            m.label.as_str(),
            &text[m.start..m.end],
            g.file_of(m.entry).name,
            m.entry.line,
            m.entry.canonical,
            match (kept(m), m.set_aside) {
                (true, _) => "",
                (false, Some(quidit::inspect::SetAside::CaseExactOpensSentence)) =>
                    " — set aside: a case-exact entry opening a sentence, where any word takes \
                     a capital (write the name inside a sentence, or make the entry not \
                     case-exact if the word is never a common one)",
                (false, Some(quidit::inspect::SetAside::ArticlePhrase)) =>
                    " — set aside: the entry opens with an article and the text is a common \
                     phrase opening its sentence (its later words are in lower case)",
                (false, None) =>
                    " — not kept: a longer or higher-priority candidate won (see `quidit explain`)",
            }
        );
    }
    for m in &inspection.lexicon_matches {
        outln!(
            "  lexicon @{} {:?} {}:{}",
            m.lexicon,
            &text[m.start..m.end],
            g.file_of(m.entry).name,
            m.entry.line
        );
    }
    for a in &doc.attributions {
        outln!(
            "attribution {} by rule {}: {:?}",
            a.kind.as_str(),
            a.rule,
            &text[a.matched.start..a.matched.end]
        );
    }
    if whole {
        return ExitCode::SUCCESS;
    }
    let resolved = match args.sources.resolve() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let forms = match loaded_forms(&resolved, args.sources.no_builtin_gazetteers, None) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("quidit: error: {message}");
            return ExitCode::from(2);
        }
    };
    let shown = text.trim();
    // A passage (a sentence to see what its names get) is no name: why it is not one as a
    // whole would list every list form inside it. It is long, or something in it matched.
    let inside = |start: usize, end: usize| (start, end) != trimmed;
    if shown.split_whitespace().count() > MAX_NAME_WORDS
        || doc
            .entities
            .iter()
            .any(|e| inside(e.span.start, e.span.end))
        || inspection
            .list_matches
            .iter()
            .any(|m| inside(m.start, m.end))
    {
        outln!(
            "{shown:?} is a passage, not a name: the matches above are what its names get; \
             `quidit gazetteer which NAME` says why one name is not an entity"
        );
        return ExitCode::from(1);
    }
    // The reason the entity stage gave, when a list matched the whole text and set it aside.
    let set_aside = inspection
        .list_matches
        .iter()
        .find(|m| (m.start, m.end) == trimmed)
        .and_then(|m| m.set_aside);
    outln!("{shown:?} as a whole is not an entity:");
    for why in why_not(shown, set_aside, &forms, &tagger.rule_infos()) {
        outln!("  {why}");
    }
    ExitCode::from(1)
}

/// The most words `gazetteer which` takes for a name (the longest built-in names, of
/// institutions, run to about this); a longer text is a passage.
const MAX_NAME_WORDS: usize = 8;

/// Why `text` is not tagged as a whole, as far as the lists and rules say: each reason a
/// line. `set_aside` is why the entity stage set aside a list match of the whole text.
fn why_not(
    text: &str,
    set_aside: Option<quidit::inspect::SetAside>,
    forms: &[ListForm],
    rules: &[quidit::RuleInfo<'_>],
) -> Vec<String> {
    let folded = fold(text, Case::Fold);
    let kept_case = fold(text, Case::Keep);
    let mut out = Vec::new();
    let equal: Vec<&ListForm> = forms.iter().filter(|f| f.folded == folded).collect();
    for f in &equal {
        if f.label == "lexique" {
            out.push(format!(
                "a lexicon has it, at {}: lexicons feed the rules, they never make entities",
                f.place
            ));
        } else if f.case_exact && fold(&f.text, Case::Keep) != kept_case {
            out.push(format!(
                "case-exact entry at {}: `={}` matches only in that case, the text writes \
                 {text:?}",
                f.place, f.text
            ));
        } else if f.text.chars().next().is_some_and(char::is_uppercase)
            && !text.chars().next().is_some_and(char::is_uppercase)
        {
            out.push(format!(
                "entry at {} is written with a capital ({:?}): it matches only text that \
                 starts with one",
                f.place, f.text
            ));
        } else if set_aside == Some(quidit::inspect::SetAside::CaseExactOpensSentence) {
            out.push(format!(
                "entry at {} is case-exact ({:?}) and the text opens a sentence with it, \
                 where any word takes a capital: set aside there, found inside a sentence \
                 (`quidit gazetteer which \"selon {text}\"`)",
                f.place, f.text
            ));
        } else if set_aside == Some(quidit::inspect::SetAside::ArticlePhrase) {
            out.push(format!(
                "entry at {} opens with an article and the text reads as a common phrase \
                 opening a sentence (later words in lower case): set aside",
                f.place
            ));
        } else {
            out.push(format!(
                "entry at {} has this form: it matches, but the rules or the choice among \
                 candidates set it aside here (a longer name, a higher-priority list, a \
                 rule): `quidit explain` shows the candidates",
                f.place
            ));
        }
    }
    if equal.is_empty() {
        // A form inside the text but not on word boundaries, or the text inside a form.
        let boundary = |s: &str, at: usize, len: usize| {
            let before = s[..at].chars().next_back();
            let after = s[at + len..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        let mut inside = Vec::new();
        let mut part_of = Vec::new();
        for f in forms.iter().filter(|f| f.label != "lexique") {
            if f.folded.chars().count() >= 3 {
                if let Some(at) = folded.find(f.folded.as_str()) {
                    if !boundary(&folded, at, f.folded.len()) {
                        inside.push(f);
                    }
                }
            }
            if f.folded.len() > folded.len() && folded.chars().count() >= 3 {
                if let Some(at) = f.folded.find(folded.as_str()) {
                    if boundary(&f.folded, at, folded.len()) {
                        part_of.push(f);
                    }
                }
            }
        }
        // The longest first: the likeliest to be the name meant.
        inside.sort_by_key(|f| std::cmp::Reverse(f.folded.len()));
        for f in inside.iter().take(5) {
            out.push(format!(
                "word boundary: the entry at {} ({:?}) is inside a longer word of the text; \
                 a form matches only whole words",
                f.place, f.text
            ));
        }
        for f in part_of.iter().take(5) {
            out.push(format!(
                "only part of a longer form: {:?} at {}",
                f.text, f.place
            ));
        }
        if part_of.len() > 5 {
            out.push(format!("… and {} more longer forms", part_of.len() - 5));
        }
        out.push(format!(
            "no loaded list has the form {text:?} (built-in, project or user folder, flags): \
             `quidit gazetteer add LABEL {text:?}` adds it"
        ));
    }
    for r in rules {
        for (line, counter) in &r.counters {
            if fold(counter, Case::Fold).contains(&folded) {
                out.push(format!(
                    "rule {} ({}:{line}) has a counter with it, a sentence it must not \
                     match: {counter:?}",
                    r.id, r.file
                ));
            }
        }
    }
    out
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
