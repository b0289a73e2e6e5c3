//! `quidit tag`: tags files, directories or standard input and writes JSON Lines or brat.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::SourceArgs;

/// Shown after `quidit tag --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit tag examples/idlib.txt                     JSON Lines on stdout
  cat article.txt | quidit tag                      read standard input
  quidit tag --format brat --output OUT corpus/     NAME.txt + NAME.ann per input file

Exit codes: 0 all documents tagged, 1 some documents failed (reported on stderr),
2 bad usage or a bad gazetteer file.";

/// Arguments of `quidit tag`.
#[derive(Args, Debug)]
pub struct TagArgs {
    /// Files, or directories searched recursively for *.txt; standard input when none or `-`.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Where to write: a file for jsonl (default: standard output), a directory for brat.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object a document: id, entities with offsets, label, canonical form, provenance.
    Jsonl,
    /// brat standoff: OUT/NAME.txt and OUT/NAME.ann for each input (needs --output DIR).
    Brat,
}

/// One document to read: where from, its id, and its path under a brat output folder.
#[derive(Debug)]
enum Source {
    Stdin,
    File { path: PathBuf, relative: PathBuf },
}

impl Source {
    fn id(&self) -> String {
        match self {
            Source::Stdin => "stdin".to_string(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    fn relative(&self) -> PathBuf {
        match self {
            Source::Stdin => PathBuf::from("stdin.txt"),
            Source::File { relative, .. } => relative.clone(),
        }
    }

    fn read(&self) -> Result<String, String> {
        let mut bytes = Vec::new();
        let read = match self {
            Source::Stdin => io::stdin().lock().read_to_end(&mut bytes).map(|_| ()),
            Source::File { path, .. } => fs::read(path).map(|b| bytes = b),
        };
        read.map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            format!("invalid UTF-8 at byte {at}")
        })
    }
}

/// The validated configuration of one run.
struct Config {
    sources: Vec<Source>,
    format: Format,
    output: Option<PathBuf>,
}

fn validate(args: &TagArgs) -> Result<Config, String> {
    let mut sources = Vec::new();
    if args.inputs.is_empty() {
        sources.push(Source::Stdin);
    }
    for input in &args.inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if input.is_dir() {
            let found = quidit::walk::files_with_extension(input, "txt")
                .map_err(|e| format!("{}: cannot read directory: {e}", input.display()))?;
            for path in found {
                let relative = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                sources.push(Source::File { path, relative });
            }
        } else if input.exists() {
            let relative = PathBuf::from(input.file_name().unwrap_or(input.as_os_str()));
            sources.push(Source::File {
                path: input.clone(),
                relative,
            });
        } else {
            return Err(format!("{}: no such file or directory", input.display()));
        }
    }
    if args.format == Format::Brat && args.output.is_none() {
        return Err("--format brat writes a folder: give it with --output DIR".into());
    }
    Ok(Config {
        sources,
        format: args.format,
        output: args.output.clone(),
    })
}

/// Runs `quidit tag`.
pub fn run(args: TagArgs) -> ExitCode {
    let config = match validate(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("quidit tag: error: {message}");
            return ExitCode::from(2);
        }
    };
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    match tag_all(&tagger, &config) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quidit tag: error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Where tagged documents go.
enum Sink {
    Jsonl(Box<dyn Write>),
    Brat(PathBuf),
}

/// Tags every source; returns how many failed.
fn tag_all(tagger: &quidit::Tagger, config: &Config) -> io::Result<usize> {
    let mut failed = 0;
    let mut scratch = quidit::Scratch::default();
    let mut sink = match (config.format, &config.output) {
        (Format::Jsonl, Some(path)) => {
            Sink::Jsonl(Box::new(BufWriter::new(fs::File::create(path)?)))
        }
        (Format::Jsonl, None) => Sink::Jsonl(Box::new(BufWriter::new(io::stdout().lock()))),
        (Format::Brat, dir) => Sink::Brat(dir.clone().unwrap_or_else(|| PathBuf::from("."))),
    };
    for source in &config.sources {
        let text = match source.read() {
            Ok(t) => t,
            Err(message) => {
                eprintln!("quidit tag: {}: {message}", source.id());
                failed += 1;
                continue;
            }
        };
        let doc = tagger.tag_with(&text, &mut scratch);
        match &mut sink {
            Sink::Jsonl(out) => {
                quidit::export::jsonl::write_document(out, &source.id(), &text, &doc)?
            }
            Sink::Brat(dir) => {
                let txt = dir.join(source.relative());
                if let Some(parent) = txt.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&txt, &text)?;
                let mut ann = Vec::new();
                quidit::export::brat::write_ann(&mut ann, &text, &doc)?;
                fs::write(txt.with_extension("ann"), ann)?;
            }
        }
    }
    if let Sink::Jsonl(out) = &mut sink {
        out.flush()?;
    }
    Ok(failed)
}
