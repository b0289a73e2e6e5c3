//! The options every command that tags shares: which gazetteers and rules to load
//! ([`SourceArgs`]).
//!
//! Apart from `cli/mod.rs` so that the commands, which `mod.rs` dispatches to, need not
//! import their parent: the import graph under `cli` runs one way, from `mod.rs` down.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// Options that choose the gazetteers and rules, shared by every subcommand that builds a
/// tagger.
#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// Add the gazetteer files under DIR (folders PER/, ORG/, LOC/, lexique/); repeatable.
    #[arg(long = "gazetteers", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Use only the gazetteers given with --gazetteers, not the built-in ones (the built-in
    /// rules keep the built-in word lists they need, unless --no-builtin-rules).
    #[arg(long)]
    pub no_builtin_gazetteers: bool,
    /// Add the *.rules files under DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Use only the rules given with --rules, not the built-in ones.
    #[arg(long)]
    pub no_builtin_rules: bool,
}

impl SourceArgs {
    /// Builds the tagger, or prints the located error and returns exit code 2.
    pub fn tagger(&self) -> Result<quidit::Tagger, ExitCode> {
        let mut builder = quidit::Tagger::builder()
            .builtin_gazetteers(!self.no_builtin_gazetteers)
            .builtin_rules(!self.no_builtin_rules);
        for dir in &self.dirs {
            builder = builder.gazetteer_dir(dir);
        }
        for dir in &self.rule_dirs {
            builder = builder.rules_dir(dir);
        }
        builder.build().map_err(|e| {
            eprintln!("quidit: error: {e}");
            ExitCode::from(2)
        })
    }
}
