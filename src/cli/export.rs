//! `quidit export`: converts quidit's JSON Lines (from `quidit tag`) to the formats of
//! annotation tools.
//!
//! Every format, JSON Lines included, is rendered by the library's one entry point
//! ([`quidit::export::render`]); this module only finds texts, names files and writes them
//! ([`crate::cli::folder`], [`crate::cli::files`]), as `quidit tag --format F` does.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use quidit::export::{self, Head};

use crate::cli::files::stem_of;
use crate::cli::files::{OutFile, depth};
use crate::cli::folder::Folder;
use crate::cli::format::Format;

/// Shown after `quidit export --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit tag corpus/ -o tagged.jsonl && quidit export --format brat -o OUT tagged.jsonl
  quidit export --format xmi -o OUT --texts corpus-dir/ tagged.jsonl
  quidit export --format labelstudio -o OUT --texts input.jsonl tagged.jsonl

The text of each document is the line's `text` field when it has one; else, with
--texts DIR, the file DIR/ID (or DIR/ID without its first folders); with --texts FILE.jsonl, the `text` of the line of that file
with the same `id` (the input of `quidit tag --jsonl`); else the file named by the id, as
`quidit tag` named it. Every span is checked against that text. A document's files are
named by its id (folders kept, `.txt` dropped).

Exit codes: 0 all documents exported, 1 some failed (each reported as FILE:LINE: error),
2 bad usage (an output that is not a regular file, a FIFO or a device, a file output in a
missing folder), 3 the output could not be written (a full disk).";

/// Arguments of `quidit export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// quidit's JSON Lines files (`-` or none: standard input).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    /// A folder (a file, or standard output when absent, for jsonl).
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Where the texts are: a folder (DIR/ID) or a JSON Lines file with `id` and `text`.
    #[arg(long, value_name = "DIR|FILE")]
    texts: Option<PathBuf>,
}

/// Where texts come from.
enum Texts {
    /// The file named by the id, under this folder (the current one by default).
    Dir(PathBuf),
    /// By id, from a JSON Lines file.
    Map(HashMap<String, String>),
}

impl Texts {
    fn open(path: Option<&Path>) -> Result<Texts, String> {
        let Some(path) = path else {
            return Ok(Texts::Dir(PathBuf::new()));
        };
        if path.is_dir() {
            return Ok(Texts::Dir(path.to_path_buf()));
        }
        let file = fs::File::open(path).map_err(|e| format!("--texts {}: {e}", path.display()))?;
        let mut map = HashMap::new();
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let at = format!("{}:{}", path.display(), n + 1);
            let line = line.map_err(|e| format!("{at}: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            #[derive(serde::Deserialize)]
            struct Doc {
                id: serde_json::Value,
                text: String,
            }
            let doc: Doc = serde_json::from_str(&line)
                .map_err(|e| format!("{at}: expected an object with `id` and `text`: {e}"))?;
            let id = match doc.id {
                serde_json::Value::String(s) => s,
                v => v.to_string(),
            };
            map.insert(id, doc.text);
        }
        Ok(Texts::Map(map))
    }

    fn text(&self, id: &str) -> Result<String, String> {
        match self {
            Texts::Map(map) => map
                .get(id)
                .cloned()
                .ok_or_else(|| format!("no text with id {id:?} in --texts")),
            Texts::Dir(dir) => {
                // An id is the path `quidit tag` was given (`corpus/a.txt`): under --texts
                // DIR it may be DIR/corpus/a.txt or DIR/a.txt; the longest that exists wins.
                let parts: Vec<Component<'_>> = Path::new(id)
                    .components()
                    .filter(|c| matches!(c, Component::Normal(_)))
                    .collect();
                let path = (0..parts.len().max(1))
                    .map(|skip| {
                        let rest: PathBuf = parts.iter().skip(skip).collect();
                        dir.join(rest)
                    })
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| dir.join(id));
                let bytes = fs::read(&path).map_err(|e| {
                    format!(
                        "cannot read the text {} ({e}); give the texts with --texts, or tag with --include-text",
                        path.display()
                    )
                })?;
                String::from_utf8(bytes).map_err(|e| {
                    format!(
                        "{}: invalid UTF-8 at byte {}",
                        path.display(),
                        e.utf8_error().valid_up_to()
                    )
                })
            }
        }
    }
}

/// Runs `quidit export`.
pub fn run(args: ExportArgs) -> ExitCode {
    crate::cli::files::remove_temporaries_on_signals();
    match run_checked(&args) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(Stop::Usage(message)) => {
            eprintln!("quidit: error: {message}");
            ExitCode::from(2)
        }
        // The reader went away (`quidit export … | head`): it has what it wanted, and there
        // is nobody to tell.
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Output(e)) => {
            eprintln!("quidit: error: cannot write the output: {e}");
            ExitCode::from(3)
        }
    }
}

/// Why a run ended before its end.
enum Stop {
    /// Bad arguments, reported with exit code 2.
    Usage(String),
    /// Standard output was closed.
    Closed,
    /// The output could not be written, reported with exit code 3.
    Output(io::Error),
}

/// Why one line was not exported.
enum LineError {
    /// Something is wrong with the line or its document: reported, and the next line is
    /// exported.
    Document(String),
    /// Standard output was closed: nothing more can be written.
    Closed,
    /// The output could not be written (a full disk): no use going on.
    Output(io::Error),
}

impl From<String> for LineError {
    fn from(e: String) -> LineError {
        LineError::Document(e)
    }
}

impl From<&str> for LineError {
    fn from(e: &str) -> LineError {
        LineError::Document(e.to_string())
    }
}

impl From<io::Error> for LineError {
    fn from(e: io::Error) -> LineError {
        match e.kind() {
            io::ErrorKind::BrokenPipe => LineError::Closed,
            _ => LineError::Output(e),
        }
    }
}

/// Where the documents go.
enum Out {
    Jsonl(Box<dyn Write>, Option<OutFile>),
    Folder(Folder),
}

fn run_checked(args: &ExportArgs) -> Result<usize, Stop> {
    let format = args.format.export();
    let texts = Texts::open(args.texts.as_deref()).map_err(Stop::Usage)?;
    let mut out = match (format, &args.output) {
        (export::Format::Jsonl, None) => Out::Jsonl(Box::new(BufWriter::new(io::stdout())), None),
        (export::Format::Jsonl, Some(p)) => Out::Jsonl(
            Box::new(io::sink()),
            Some(OutFile::create(p, false).map_err(|e| Stop::Usage(e.to_string()))?),
        ),
        (_, None) => {
            return Err(Stop::Usage(format!(
                "--format {} writes a folder: give it with --output DIR",
                args.format.name()
            )));
        }
        (_, Some(p)) if p.as_os_str() == "-" => {
            return Err(Stop::Usage(format!(
                "--format {} writes a folder: `--output -` (standard output) takes jsonl; \
                 give a folder",
                args.format.name()
            )));
        }
        (_, Some(p)) if p.exists() && !p.is_dir() => {
            return Err(Stop::Usage(format!("{} is not a folder", p.display())));
        }
        (_, Some(p)) => {
            Out::Folder(Folder::create(p, format).map_err(|e| Stop::Usage(e.to_string()))?)
        }
    };
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut failed = 0;
    let mut stems: HashMap<PathBuf, usize> = HashMap::new();
    for input in &inputs {
        let name = if input.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            input.display().to_string()
        };
        let reader: Box<dyn Read> = if input.as_os_str() == "-" {
            Box::new(io::stdin())
        } else {
            match fs::File::open(input) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("quidit: {name}: {e}");
                    failed += 1;
                    continue;
                }
            }
        };
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let at = format!("{name}:{}", n + 1);
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("quidit: {at}: {e}");
                    failed += 1;
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match one(&line, &texts, &mut out, &mut stems) {
                Ok(()) => {}
                Err(LineError::Document(e)) => {
                    eprintln!("quidit: {at}: {e}");
                    failed += 1;
                }
                Err(LineError::Closed) => return Err(Stop::Closed),
                Err(LineError::Output(e)) => return Err(Stop::Output(e)),
            }
        }
    }
    let finished = match out {
        Out::Jsonl(mut w, file) => w.flush().and_then(|_| match file {
            Some(f) => f.commit(),
            None => Ok(()),
        }),
        Out::Folder(folder) => folder.finish(),
    };
    match finished {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(Stop::Closed),
        Err(e) => return Err(Stop::Output(e)),
    }
    Ok(failed)
}

/// Exports one JSON line.
fn one(
    line: &str,
    texts: &Texts,
    out: &mut Out,
    stems: &mut HashMap<PathBuf, usize>,
) -> Result<(), LineError> {
    let tagged = quidit::export::Tagged::parse(line)?;
    let id = tagged
        .id_text()
        .ok_or("the line has no `id`: cannot find its text or name its files")?;
    let text = match &tagged.text {
        Some(t) => t.clone(),
        None => texts.text(&id)?,
    };
    let doc = tagged.document(&text)?;
    match out {
        Out::Jsonl(w, file) => {
            let w: &mut dyn Write = match file {
                Some(f) => f,
                None => w,
            };
            let rendered = export::render(export::Format::Jsonl, Head::Id(&id), 0, &text, &doc)
                .map_err(|e| e.to_string())?;
            Ok(w.write_all(rendered.corpus_part())?)
        }
        Out::Folder(folder) => {
            let mut stem = stem_of(&id);
            let seen = stems.entry(stem.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                // Two ids that give one file name: the later one gets a number.
                let renamed = PathBuf::from(format!("{}-{}", stem.display(), seen));
                eprintln!(
                    "quidit: warning: {id:?} would overwrite {}: written as {}",
                    stem.display(),
                    renamed.display()
                );
                stem = renamed;
            }
            let rendered =
                export::render(folder.format(), Head::Id(&id), depth(&stem), &text, &doc)
                    .map_err(|e| e.to_string())?;
            // Files, not a pipe: an error is the output's (a full disk), or a file of this
            // document's that is no regular file.
            folder.write(&stem, rendered).map_err(|e| match e.kind() {
                io::ErrorKind::InvalidInput => LineError::Document(e.to_string()),
                _ => LineError::Output(e),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_relative_and_safe() {
        assert_eq!(stem_of("corpus/a.txt"), PathBuf::from("corpus/a"));
        assert_eq!(stem_of("/abs/../b.txt"), PathBuf::from("abs/b"));
        assert_eq!(
            stem_of("https://x.fr/a?b=1"),
            PathBuf::from("https_/x.fr/a_b_1")
        );
        assert_eq!(stem_of(""), PathBuf::from("document"));
    }
}
