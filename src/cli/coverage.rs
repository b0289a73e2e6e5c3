//! `quidit coverage CORPUS…`: what the gazetteers and rules miss in a corpus, ranked by
//! frequency, so that the people who keep the lists know what to add first. The analysis is
//! the library's ([`quidit::coverage`]); this command reads the documents, feeds them to it
//! and prints its report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use quidit::Label;
use quidit::coverage::{Coverage, ListForms, MissedName};

use crate::cli::documents;
use crate::cli::source::{JsonlArgs, SourceArgs};

/// Shown after `quidit coverage --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit coverage corpus/                                 every *.txt below corpus/
  zcat orangesum.jsonl.gz | quidit coverage --jsonl -     JSON Lines, the field `text`
  quidit coverage --format tsv corpus/ > candidates.tsv   then review, and:
  quidit gazetteer add --from candidates.tsv --apply

The TSV has a header and one candidate a line: label (suggested; `?` when the contexts do
not say, and for near misses, which belong as variants of the entry named in `note`), form,
variants, id, count, kind, note, context. Rows labelled `?` are skipped by `gazetteer add`.
Exit codes: 0 done, 1 some documents unreadable, 2 bad usage.";

/// Arguments of `quidit coverage`.
#[derive(Args, Debug)]
pub struct CoverageArgs {
    /// Files, or directories searched for *.txt; `-` for standard input.
    #[arg(value_name = "CORPUS", required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: JsonlArgs,
    /// Read at most N documents.
    #[arg(long, value_name = "N")]
    max_docs: Option<usize>,
    /// How many candidates of each section.
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Tables for people, with contexts.
    Table,
    /// One candidate a line, a header first, readable by `quidit gazetteer add --from`.
    Tsv,
}

fn read_documents(args: &CoverageArgs) -> (Vec<(String, String)>, usize) {
    let mut docs = Vec::new();
    let max = args.max_docs.unwrap_or(usize::MAX);
    let mut failed = 0;
    for input in &args.inputs {
        if docs.len() >= max {
            break;
        }
        failed += documents::read(input, &args.input, "quidit coverage", &mut |id, text| {
            if docs.len() < max {
                docs.push((id.to_string(), text.to_string()));
            }
        });
    }
    (docs, failed)
}

/// Runs `quidit coverage`.
pub fn run(args: CoverageArgs) -> ExitCode {
    if !args.input.jsonl {
        for input in &args.inputs {
            if input.as_os_str() != "-" && !input.exists() {
                eprintln!(
                    "quidit: error: {}: no such file or directory",
                    input.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (docs, failed) = read_documents(&args);
    let mut coverage = Coverage::new();
    let mut scratch = quidit::Scratch::default();
    for (_, text) in &docs {
        coverage.add(text, &tagger.inspect(text, &mut scratch));
    }
    let lists = ListForms::new(!args.sources.no_builtin_gazetteers, &args.sources.dirs);
    let report = coverage.report(&lists);
    let label_of = |m: &MissedName| m.label.map_or("?", Label::as_str);
    let rule_of = |m: &MissedName| {
        m.rule
            .as_ref()
            .map(|r| format!("{} ({}/{})", r.rule, r.count, m.found.count))
    };
    match args.format {
        Format::Tsv => {
            outln!("label\tform\tvariants\tid\tcount\tkind\tnote\tcontext");
            for m in report.missed.iter().take(args.top) {
                let note = rule_of(m).map_or(String::new(), |r| format!("also found by rule {r}"));
                outln!(
                    "{}\t{}\t\t\t{}\tname\t{note}\t{}",
                    label_of(m),
                    m.found.name,
                    m.found.count,
                    m.found.contexts[0]
                );
            }
            for n in report.near.iter().take(args.top) {
                outln!(
                    "?\t{}\t\t\t{}\tnear\tvariant of {} {:?} at {} ({})\t{}",
                    n.found.name,
                    n.found.count,
                    n.listed.label.as_str(),
                    n.listed.form,
                    n.listed.place,
                    n.kind.describe(),
                    n.found.contexts[0]
                );
            }
        }
        Format::Table => {
            outln!(
                "{} documents. MISSED NAMES: capitalised sequences no list covers, by frequency",
                report.documents
            );
            outln!(
                "{:>6} {:>5}  {:<5}  {:<32}  also found by rule",
                "count",
                "docs",
                "label",
                "name"
            );
            for m in report.missed.iter().take(args.top) {
                outln!(
                    "{:>6} {:>5}  {:<5}  {:<32}  {}",
                    m.found.count,
                    m.found.docs,
                    label_of(m),
                    m.found.name,
                    rule_of(m).unwrap_or_else(|| "-".into())
                );
                for ctx in &m.found.contexts {
                    outln!("{:>16}{ctx}", "");
                }
            }
            outln!(
                "\nNEAR MISSES: names that differ from a form of the lists (add them as variants)"
            );
            for n in report.near.iter().take(args.top) {
                outln!(
                    "{:>6} {:>5}  {:<32}  ~ {} {:?} at {} ({})",
                    n.found.count,
                    n.found.docs,
                    n.found.name,
                    n.listed.label.as_str(),
                    n.listed.form,
                    n.listed.place,
                    n.kind.describe()
                );
                outln!("{:>16}{}", "", n.found.contexts[0]);
            }
            outln!(
                "\nQUOTATIONS NO RULE ATTRIBUTES, by the reporting word or pattern next to them"
            );
            for gap in report.quote_gaps.iter().take(args.top) {
                outln!("{:>6}  {}", gap.count, gap.key);
                for ctx in &gap.contexts {
                    outln!("{:>10}{ctx}", "");
                }
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
