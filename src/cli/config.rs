//! Where a user's own lists and rules live, found without a flag: the project file
//! `quidit.toml` (in the current folder or one of its parents, as Cargo finds
//! `Cargo.toml`), else the per-user data folder. Also `quidit init`, which writes a project,
//! and `quidit config`, which shows what a command loads.
//!
//! Order of discovery (`DESIGN.md`, Decisions): `--no-config` or `QUIDIT_NO_CONFIG` → none;
//! the nearest `quidit.toml` → its folders; else the user folder, when it exists. Never
//! both: a project is a deliberate, self-contained setting, and mixing in a personal folder
//! would make its results depend on who runs it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde::Deserialize;

use crate::cli::source::SourceArgs;

/// The project file's name.
pub const PROJECT_FILE: &str = "quidit.toml";

/// What `quidit init` writes.
const PROJECT_TEXT: &str = "\
# A quidit project: every quidit command run in this folder or below it loads the built-in
# lists and rules, then the folders named here (relative to this file), then the folders
# given with --gazetteers and --rules. `quidit config` shows what is loaded.
gazetteers = \"gazetteers\"
rules = \"rules\"
";

/// The project file as written: the folders it names, relative to it. Unknown keys are
/// refused, so that a misspelt `gazeteers` is an error rather than a silently empty project.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    gazetteers: Option<PathBuf>,
    rules: Option<PathBuf>,
}

/// Where the found configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A project file, as found from the current folder (`quidit.toml`, `../quidit.toml`).
    Project(PathBuf),
    /// The per-user data folder.
    UserFolder(PathBuf),
}

impl Origin {
    /// How `quidit config` and messages name it.
    pub fn describe(&self) -> String {
        match self {
            Origin::Project(file) => format!("project file {}", file.display()),
            Origin::UserFolder(dir) => format!("user folder {}", dir.display()),
        }
    }
}

/// The user's own folders, as found.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where they were found.
    pub origin: Origin,
    /// The gazetteer folder, if any: new entries go there.
    pub gazetteers: Option<PathBuf>,
    /// The rules folder, if any.
    pub rules: Option<PathBuf>,
}

/// The per-user data folder (`$XDG_DATA_HOME/quidit`, by default
/// `~/.local/share/quidit`, on Linux; the platform's usual place elsewhere), whether it
/// exists or not.
pub fn user_folder() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("quidit"))
}

/// Finds the configuration: the nearest project file, else the user folder when it exists.
/// A project file that cannot be read or parsed, or that names a missing folder, is an
/// error (`file:line:column: …` for a syntax fault).
pub fn discover() -> Result<Option<Config>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    for (up, folder) in cwd.ancestors().enumerate() {
        if folder.join(PROJECT_FILE).is_file() {
            // Named relative to the current folder (`./gazetteers/ORG/ajouts.txt`,
            // `../gazetteers/…`): that is what provenance and messages show, and what the
            // user types in an editor. The leading `./` tells a project's file from the
            // built-in one of the same name (`gazetteers/ORG/ajouts.txt`).
            let base: PathBuf = if up == 0 {
                PathBuf::from(".")
            } else {
                std::iter::repeat_n("..", up).collect()
            };
            return project(&base).map(Some);
        }
    }
    let Some(user) = user_folder().filter(|d| d.is_dir()) else {
        return Ok(None);
    };
    let sub = |name: &str| Some(user.join(name)).filter(|d| d.is_dir());
    Ok(Some(Config {
        gazetteers: sub("gazetteers"),
        rules: sub("rules"),
        origin: Origin::UserFolder(user),
    }))
}

/// Reads the project file in `base` (relative to the current folder).
fn project(base: &Path) -> Result<Config, String> {
    let file = base.join(PROJECT_FILE);
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{shown}: {e}"))?;
    let parsed: ProjectFile = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_column(&text, s.start));
        format!("{shown}:{line}:{column}: {}", e.message().trim_end())
    })?;
    let folder = |name: Option<PathBuf>, key: &str| -> Result<Option<PathBuf>, String> {
        let Some(name) = name else {
            return Ok(None);
        };
        // `join` keeps an absolute path as it is.
        let dir = base.join(&name);
        if !dir.is_dir() {
            return Err(format!(
                "{shown}: {key} = {:?}: {} is not a folder (create it, or change the line)",
                name.display().to_string(),
                dir.display()
            ));
        }
        Ok(Some(dir))
    };
    Ok(Config {
        gazetteers: folder(parsed.gazetteers, "gazetteers")?,
        rules: folder(parsed.rules, "rules")?,
        origin: Origin::Project(file),
    })
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Shown after `quidit init --help`.
pub const INIT_HELP: &str = "\
Example:
  quidit init                     a project in the current folder
  quidit gazetteer add ORG Vexora # goes to gazetteers/ORG/ajouts.txt
  quidit tag article.txt          # finds Vexora: no flag, no rebuild

Writes DIR/quidit.toml, which names the folders gazetteers/ (with PER/ ORG/ LOC/ inside)
and rules/, and creates them. Every quidit command run in DIR or below loads them after the
built-in lists and rules. An existing quidit.toml is never overwritten.";

/// Arguments of `quidit init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The project's folder (made if missing); the current folder when absent.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// What `quidit init` writes in each folder it makes: a line telling what goes there. Not
/// `*.txt` nor `*.rules`, which would be loaded as lists or rules.
const FOLDER_NOTES: &[(&str, &str)] = &[
    (
        "gazetteers/PER/README.md",
        "Persons: one entry a line (`Forme canonique | variante ; Q123`), in files `*.txt`; \
         format in quidit's gazetteers/README.md.\n",
    ),
    (
        "gazetteers/ORG/README.md",
        "Organisations (institutions, companies, parties, media, armed groups): one entry a \
         line, in files `*.txt`.\n",
    ),
    (
        "gazetteers/LOC/README.md",
        "Places (countries, regions, cities, rivers): one entry a line, in files `*.txt`.\n",
    ),
    (
        "rules/README.md",
        "Rules files `*.rules`, loaded after the built-in ones; format in quidit's \
         rules/README.md.\n",
    ),
];

/// Runs `quidit init`.
pub fn run_init(args: InitArgs) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let file = dir.join(PROJECT_FILE);
    let fail = |message: String| {
        eprintln!("quidit: error: {message}");
        ExitCode::from(2)
    };
    if file.exists() {
        return fail(format!(
            "{} already exists: not overwritten (`quidit config` shows what it loads)",
            file.display()
        ));
    }
    for (name, note) in FOLDER_NOTES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                return fail(format!("{}: {e}", parent.display()));
            }
        }
        // A note the user already has (a project made by hand) is theirs: kept.
        if !path.exists() {
            if let Err(e) = std::fs::write(&path, note) {
                return fail(format!("{}: {e}", path.display()));
            }
        }
    }
    // `create_new`: a file made meanwhile by another process is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, PROJECT_TEXT.as_bytes()));
    if let Err(e) = written {
        return fail(format!("{}: {e}", file.display()));
    }
    outln!("wrote {}", file.display());
    outln!(
        "lists go in {}/{{PER,ORG,LOC}}/*.txt, rules in {}/*.rules; \
         `quidit gazetteer add LABEL FORM` adds an entry",
        dir.join("gazetteers").display(),
        dir.join("rules").display()
    );
    ExitCode::SUCCESS
}

/// Shown after `quidit config --help`.
pub const CONFIG_HELP: &str = "\
Prints what every command that tags loads, in order: the built-in lists and rules (with the
version of the built-in data, a hash of their files), the project file found in the current
folder or a parent (else the user folder), then the folders given with --gazetteers and
--rules; each with its files and their entries and rules.";

/// Arguments of `quidit config`.
#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(flatten)]
    sources: SourceArgs,
}

/// Runs `quidit config`.
pub fn run_config(args: ConfigArgs) -> ExitCode {
    let resolved = match args.sources.resolve() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let g = tagger.gazetteer();
    let mut entries = vec![0usize; g.files().len()];
    for e in g.entries() {
        entries[e.file as usize] += 1;
    }
    let rules = tagger.rule_infos();
    let rules_in = |file: &str| rules.iter().filter(|r| r.file == file).count();
    // Files are matched to the folder they were read from by their shown path, searched
    // from the end: a user's files are loaded after the built-in ones.
    let loaded_index = |shown: &str| g.files().iter().rposition(|f| f.name == shown);
    let mut claimed = vec![false; g.files().len()];

    outln!("quidit {}", env!("CARGO_PKG_VERSION"));
    outln!("built-in data version {}", quidit::BUILTIN_DATA_VERSION);
    let mut sections: Vec<(String, Vec<(&str, PathBuf)>)> = Vec::new();
    match &resolved.config {
        Some(c) => {
            let mut dirs = Vec::new();
            if let Some(d) = &c.gazetteers {
                dirs.push(("gazetteers", d.clone()));
            }
            if let Some(d) = &c.rules {
                dirs.push(("rules", d.clone()));
            }
            sections.push((c.origin.describe(), dirs));
        }
        None if resolved.no_config => sections.push((
            "no project file nor user folder (--no-config)".into(),
            vec![],
        )),
        None => sections.push((
            format!(
                "no project file ({PROJECT_FILE} here or above) nor user folder ({})",
                user_folder().map_or("none on this platform".into(), |d| d.display().to_string())
            ),
            vec![],
        )),
    }
    let flags: Vec<(&str, PathBuf)> = args
        .sources
        .dirs
        .iter()
        .map(|d| ("gazetteers", d.clone()))
        .chain(args.sources.rule_dirs.iter().map(|d| ("rules", d.clone())))
        .collect();
    if !flags.is_empty() {
        sections.push(("flags --gazetteers / --rules".into(), flags));
    }
    let mut user_lines = Vec::new();
    for (title, dirs) in &sections {
        user_lines.push(format!("{title}:"));
        for (what, dir) in dirs {
            let extension = if *what == "rules" { "rules" } else { "txt" };
            let files = crate::cli::files::with_extension(dir, extension)
                .map(|f| f.noted("quidit config"))
                .unwrap_or_default();
            user_lines.push(format!(
                "  {what} {}: {} file(s)",
                dir.display(),
                files.len()
            ));
            for path in files {
                let shown = path.display().to_string();
                let count = if *what == "rules" {
                    format!("{} rule(s)", rules_in(&shown))
                } else {
                    match loaded_index(&shown) {
                        Some(i) => {
                            claimed[i] = true;
                            format!("{} entries", entries[i])
                        }
                        None => "not loaded (a lexicon no rule reads)".into(),
                    }
                };
                user_lines.push(format!("    {shown}: {count}"));
            }
        }
    }
    // What is left is built in.
    let builtin_files = (0..g.files().len()).filter(|&i| !claimed[i]);
    let (files, builtin_entries) = builtin_files.fold((0, 0), |(f, e), i| (f + 1, e + entries[i]));
    let builtin_rules = rules
        .iter()
        .filter(|r| r.file.starts_with("rules/"))
        .count();
    let builtin_rule_files = {
        let mut f: Vec<&str> = rules
            .iter()
            .filter(|r| r.file.starts_with("rules/"))
            .map(|r| r.file)
            .collect();
        f.dedup();
        f.len()
    };
    outln!(
        "built in{}: {files} gazetteer file(s), {builtin_entries} entries; \
         {builtin_rule_files} rules file(s), {builtin_rules} rule(s)",
        match (
            args.sources.no_builtin_gazetteers,
            args.sources.no_builtin_rules
        ) {
            (false, false) => "",
            (true, false) => " (--no-builtin-gazetteers: lexicons only)",
            (false, true) => " (--no-builtin-rules)",
            (true, true) => " (--no-builtin-gazetteers --no-builtin-rules)",
        }
    );
    for line in user_lines {
        outln!("{line}");
    }
    outln!(
        "total: {} gazetteer file(s), {} entries, {} rule(s)",
        g.files().len(),
        g.entries().len(),
        rules.len()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("a = 1\nbé = x", 9), (2, 3));
        assert_eq!(line_column("", 3), (1, 1));
    }

    #[test]
    fn the_project_text_parses() {
        let p: ProjectFile = toml::from_str(PROJECT_TEXT).unwrap();
        assert_eq!(p.gazetteers.as_deref(), Some(Path::new("gazetteers")));
        assert!(toml::from_str::<ProjectFile>("gazeteers = \"x\"").is_err());
    }
}
