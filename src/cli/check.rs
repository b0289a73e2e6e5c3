//! `quidit check`: loads the gazetteers and rules, reports every problem with its location,
//! and runs every rule's inline examples.

use std::process::ExitCode;

use clap::Args;

use crate::cli::source::SourceArgs;

/// Shown after `quidit check --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit check                                  the built-in gazetteers and rules
  quidit check --rules my-rules/ --gazetteers my-lists/

Exit codes: 0 everything loads and every example holds, 1 some examples fail,
2 a gazetteer or rules file has an error (shown as file:line:column with a caret).";

/// Arguments of `quidit check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    sources: SourceArgs,
}

/// Runs `quidit check`.
pub fn run(args: CheckArgs) -> ExitCode {
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let g = tagger.gazetteer();
    outln!(
        "gazetteers: {} files, {} entries, {} forms",
        g.files().len(),
        g.entries().len(),
        g.pattern_count()
    );
    let (failures, ran) = tagger.check_examples();
    for f in &failures {
        outln!("{f}\n");
    }
    outln!(
        "rules: {} rules, {} examples and counters: {} passed, {} failed",
        tagger.rule_count(),
        ran,
        ran - failures.len().min(ran),
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
