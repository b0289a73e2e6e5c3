//! Command-line interface: arguments are parsed once (clap), validated into a config, and
//! handed to the subcommand's module.
//!
//! Exit codes: 0 when everything was tagged, 1 when some documents failed (each reported on
//! stderr), 2 for bad usage or bad gazetteer or rules files, 3 (`tag`) when the output
//! could not be written. A closed standard output (the output piped to `head`) ends a
//! command quietly with 0, as in ripgrep.
//!
//! Imports run one way, from this module down, and never between commands: what two
//! commands share is a module of its own that both import and that imports no command.
//!
//! | module | holds | used by |
//! |---|---|---|
//! | [`source`] | `SourceArgs`: which gazetteers and rules | every command that tags |
//! | [`config`] | the project file and user folder; `init`, `config` | `source`, `gazetteer` |
//! | [`format`] | the command line's `Format`, its help | `tag`, `export` |
//! | [`folder`] | `Folder`: a format's output folder | `tag`, `export` |
//! | [`files`] | `OutFile`, `Target`, files found below a folder, file names | `folder`, `tag`, `export` |
//! | [`stdout`] | `outln!`: report lines, quiet on a closed pipe | the report commands |
//!
//! Every format is rendered by the library ([`quidit::export::render`]); the commands only
//! read inputs, name files and write bytes.

// First: its `outln!` is for the modules below.
#[macro_use]
mod stdout;

mod check;
mod config;
mod coverage;
mod documents;
mod eval;
mod explain;
mod export;
mod files;
mod folder;
mod format;
mod gazetteer;
mod report;
mod source;
mod tag;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `quidit --version`: the crate's version and the built-in data's (a hash of the built-in
/// lists and rules, as `quidit config` shows it).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (built-in data ",
    env!("QUIDIT_DATA_VERSION"),
    ")"
);

/// quidit — who is named, and who said what, in French news.
#[derive(Parser, Debug)]
#[command(name = "quidit", version = VERSION, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Tag texts: who is named, who said or accused what, with offsets and provenance.
    #[command(after_help = format!("{}\n\n{}", tag::AFTER_HELP, format::FORMATS_HELP))]
    Tag(tag::TagArgs),
    /// Convert quidit's JSON Lines to the formats of annotation tools (brat, INCEpTION,
    /// Label Studio, doccano, CoNLL, spaCy) or HTML pages.
    #[command(after_help = format!("{}\n\n{}", format::FORMATS_HELP, export::AFTER_HELP))]
    Export(export::ExportArgs),
    /// Load gazetteers and rules, report every problem, run every rule's examples.
    #[command(after_help = check::AFTER_HELP)]
    Check(check::CheckArgs),
    /// Show, for each annotation of a text, the list entry or rule behind it.
    #[command(after_help = explain::AFTER_HELP)]
    Explain(explain::ExplainArgs),
    /// Edit and check the lists: add, remove, which entry tags a text, lint.
    Gazetteer(gazetteer::GazetteerArgs),
    /// Make a project here: quidit.toml and the folders of its own lists and rules, which
    /// every command run below it loads.
    #[command(after_help = config::INIT_HELP)]
    Init(config::InitArgs),
    /// Show what is loaded: the built-ins (and their version), the project file or user
    /// folder, the flags; each with its files, entries and rules.
    #[command(after_help = config::CONFIG_HELP)]
    Config(config::ConfigArgs),
    /// Score tagging against gold data (brat or CoNLL/IOB2) and list the errors.
    #[command(after_help = eval::AFTER_HELP)]
    Eval(eval::EvalArgs),
    /// Who speaks in a corpus: speakers by identity and gender, who accuses whom; writes
    /// index.html, speakers.csv, accusations.csv and summary.json.
    #[command(after_help = report::AFTER_HELP)]
    Report(report::ReportArgs),
    /// Report what the gazetteers and rules miss in a corpus, most frequent first.
    #[command(after_help = coverage::AFTER_HELP)]
    Coverage(coverage::CoverageArgs),
    /// Print the completion script of a shell (e.g. `quidit completions bash >
    /// ~/.local/share/bash-completion/completions/quidit`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `quidit man | man -l -`).
    Man,
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Tag(args) => tag::run(args),
        Command::Export(args) => export::run(args),
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Gazetteer(args) => gazetteer::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Coverage(args) => coverage::run(args),
        Command::Report(args) => report::run(args),
        Command::Init(args) => config::run_init(args),
        Command::Config(args) => config::run_config(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "quidit", &mut out);
            write_stdout(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => write_stdout(&out),
                Err(e) => {
                    eprintln!("quidit: error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Writes generated text to standard output; a closed pipe ends quietly (`| head`).
fn write_stdout(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quidit: error: cannot write the output: {e}");
            ExitCode::from(3)
        }
    }
}
