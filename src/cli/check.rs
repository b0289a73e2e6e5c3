//! `quidit check`: loads the gazetteers and rules that `quidit tag` loads, reports every
//! problem with its location (every file's, not only the first), and runs every rule's
//! inline examples.

use std::process::ExitCode;

use clap::Args;

use crate::cli::source::SourceArgs;

/// Shown after `quidit check --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit check                                  what `quidit tag` loads here
  quidit check --rules my-rules/ --gazetteers my-lists/

Checks exactly what `quidit tag` run in the same folder loads: the built-in lists and rules,
the project's (quidit.toml) or the user folder's, and the flags' (`quidit config` lists
them). Every faulty line of every gazetteer file and every faulty rule of every rules file
is reported, not only the first.

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
    let tagger = match args.sources.tagger_reporting_all() {
        Ok(t) => t,
        Err(code) => return code,
    };
    // Where the lists come from, so that a user can tell theirs were read. (The tagger
    // was built from the same resolution: a bad project file has already stopped us.)
    let resolved = args.sources.resolve().ok();
    if let Some(resolved) = &resolved {
        let mut from = vec![format!("built-in (data {})", quidit::BUILTIN_DATA_VERSION)];
        if let Some(c) = &resolved.config {
            from.push(c.origin.describe());
        }
        from.extend(
            args.sources
                .dirs
                .iter()
                .chain(&args.sources.rule_dirs)
                .map(|d| d.display().to_string()),
        );
        outln!(
            "loaded: {} (`quidit config` lists the files)",
            from.join(", ")
        );
    }
    let g = tagger.gazetteer();
    outln!(
        "gazetteers: {} files, {} entries, {} forms",
        g.files().len(),
        g.entries().len(),
        g.pattern_count()
    );
    let (mut failures, ran) = tagger.check_examples();
    // The built-in rules' examples were written against the built-in lists: a user's list
    // may rightly change what they find (a name the user listed is found by the list, not
    // by the rule that the example shows). Such an example is a note, not a failure, when
    // it passes with the built-in data alone.
    // Lists or rules besides the built-ins: a project's, a user folder's, the flags'.
    let more_than_builtins = args.sources.no_builtin_gazetteers
        || resolved
            .as_ref()
            .is_some_and(|r| !r.gazetteer_dirs.is_empty() || !r.rule_dirs.is_empty());
    if !failures.is_empty()
        && more_than_builtins
        && let Ok(builtin) = quidit::Tagger::builder().build()
    {
        let (builtin_failures, _) = builtin.check_examples();
        let builtin_rules = builtin.rule_infos();
        let builtin_file = |f: &quidit::ExampleFailure| {
            builtin_rules
                .iter()
                .any(|r| r.id == f.rule && r.file == f.file)
        };
        let (notes, kept): (Vec<_>, Vec<_>) = failures.into_iter().partition(|f| {
            builtin_file(f)
                && !builtin_failures
                    .iter()
                    .any(|b| b.file == f.file && b.line == f.line)
        });
        for f in &notes {
            outln!(
                "note: {}:{}: the example of built-in rule {} passes with the built-in lists \
                 alone; the lists you loaded change what it finds",
                f.file,
                f.line,
                f.rule
            );
        }
        failures = kept;
    }
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
