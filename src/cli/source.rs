//! The options every command that tags shares: which gazetteers and rules to load
//! ([`SourceArgs`]): the built-in ones, then the user's own (the project file or the user
//! folder, found by [`config::discover`]), then the folders given as flags.
//!
//! Apart from `cli/mod.rs` so that the commands, which `mod.rs` dispatches to, need not
//! import their parent: the import graph under `cli` runs one way, from `mod.rs` down.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::cli::config::{self, Config};

/// How JSON Lines inputs are read: the same options on every command that reads a corpus
/// (`tag`, `explain`, `coverage`).
#[derive(Args, Debug, Clone)]
pub struct JsonlArgs {
    /// Inputs are JSON Lines: one object a line, its text in --text-field (directories give
    /// their *.jsonl files).
    #[arg(long)]
    pub jsonl: bool,
    /// The field of each JSON line that holds the text to tag.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub text_field: String,
    /// The field of each JSON line that names the document (the output's `id`).
    #[arg(long, value_name = "NAME", default_value = "id", requires = "jsonl")]
    pub id_field: String,
}

/// Options that choose the gazetteers and rules, shared by every subcommand that builds a
/// tagger.
#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// Add the gazetteer files under DIR (folders PER/, ORG/, LOC/, lexique/), after the
    /// built-in lists and the project's or user folder's; repeatable.
    #[arg(long = "gazetteers", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Use only the gazetteers given with --gazetteers (and the project's), not the
    /// built-in ones (the built-in rules keep the built-in word lists they need, unless
    /// --no-builtin-rules).
    #[arg(long)]
    pub no_builtin_gazetteers: bool,
    /// Add the *.rules files under DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Use only the rules given with --rules (and the project's), not the built-in ones.
    #[arg(long)]
    pub no_builtin_rules: bool,
    /// Read neither the project file (quidit.toml, in this folder or a parent) nor the
    /// user folder (e.g. ~/.local/share/quidit): only the built-ins and the flags. Also set
    /// by the environment variable QUIDIT_NO_CONFIG=1 (scripts and tests that must not
    /// depend on the machine's settings).
    #[arg(
        long,
        env = "QUIDIT_NO_CONFIG",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub no_config: bool,
}

/// What a command loads besides the built-ins: the configuration found, if any, then the
/// folders of the flags.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The project or user folder found (`None` with --no-config, or when there is none).
    pub config: Option<Config>,
    /// Whether --no-config (or QUIDIT_NO_CONFIG) turned discovery off.
    pub no_config: bool,
    /// Every gazetteer folder to load after the built-ins, in order.
    pub gazetteer_dirs: Vec<PathBuf>,
    /// Every rules folder to load after the built-ins, in order.
    pub rule_dirs: Vec<PathBuf>,
}

impl SourceArgs {
    /// Finds the configuration (unless --no-config) and lists the folders to load, or
    /// prints the error (a bad project file) and returns exit code 2.
    pub fn resolve(&self) -> Result<Resolved, ExitCode> {
        let config = if self.no_config {
            None
        } else {
            config::discover().map_err(|e| {
                eprintln!("quidit: error: {e}");
                ExitCode::from(2)
            })?
        };
        let mut gazetteer_dirs: Vec<PathBuf> =
            config.iter().filter_map(|c| c.gazetteers.clone()).collect();
        gazetteer_dirs.extend(self.dirs.iter().cloned());
        let mut rule_dirs: Vec<PathBuf> = config.iter().filter_map(|c| c.rules.clone()).collect();
        rule_dirs.extend(self.rule_dirs.iter().cloned());
        Ok(Resolved {
            config,
            no_config: self.no_config,
            gazetteer_dirs,
            rule_dirs,
        })
    }

    /// The builder for what these options choose, with the resolved folders.
    fn builder(&self) -> Result<quidit::TaggerBuilder, ExitCode> {
        let resolved = self.resolve()?;
        let mut builder = quidit::Tagger::builder()
            .builtin_gazetteers(!self.no_builtin_gazetteers)
            .builtin_rules(!self.no_builtin_rules);
        for dir in &resolved.gazetteer_dirs {
            builder = builder.gazetteer_dir(dir);
        }
        for dir in &resolved.rule_dirs {
            builder = builder.rules_dir(dir);
        }
        Ok(builder)
    }

    /// Builds the tagger, or prints the located error and returns exit code 2.
    pub fn tagger(&self) -> Result<quidit::Tagger, ExitCode> {
        self.builder()?.build().map_err(|e| {
            eprintln!("quidit: error: {e}");
            ExitCode::from(2)
        })
    }

    /// Builds the tagger, or prints every fault of every file (not only the first) and
    /// returns exit code 2: for `quidit check`.
    pub fn tagger_reporting_all(&self) -> Result<quidit::Tagger, ExitCode> {
        self.builder()?.build_reporting_all().map_err(|errors| {
            for e in &errors {
                eprintln!("quidit: error: {e}");
            }
            eprintln!(
                "quidit: {} error(s): nothing was checked further",
                errors.len()
            );
            ExitCode::from(2)
        })
    }
}
