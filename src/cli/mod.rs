//! Command-line interface: arguments are parsed once (clap), validated into a config, and
//! handed to the subcommand's module.
//!
//! Exit codes: 0 when everything was tagged, 1 when some documents failed (each reported on
//! stderr), 2 for bad usage or bad gazetteer files.

mod tag;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// quidit — who is named, and who said what, in French news.
#[derive(Parser, Debug)]
#[command(name = "quidit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Tag texts: persons, organisations and places, with offsets and provenance.
    #[command(after_help = tag::AFTER_HELP)]
    Tag(tag::TagArgs),
}

/// Options that choose the gazetteers, shared by every subcommand that builds a tagger.
#[derive(Args, Debug, Clone)]
pub struct GazetteerArgs {
    /// Add the gazetteer files under DIR (folders PER/, ORG/, LOC/, lexique/); repeatable.
    #[arg(long = "gazetteers", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Use only the gazetteers given with --gazetteers, not the built-in ones.
    #[arg(long)]
    pub no_builtin_gazetteers: bool,
}

impl GazetteerArgs {
    /// Builds the tagger, or prints the located error and returns exit code 2.
    pub fn tagger(&self) -> Result<quidit::Tagger, ExitCode> {
        let mut builder = quidit::Tagger::builder().builtin_gazetteers(!self.no_builtin_gazetteers);
        for dir in &self.dirs {
            builder = builder.gazetteer_dir(dir);
        }
        builder.build().map_err(|e| {
            eprintln!("quidit: error: {e}");
            ExitCode::from(2)
        })
    }
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Tag(args) => tag::run(args),
    }
}
