//! Where `quidit tag` writes: standard output, one file, one file per input in a folder, or
//! an export format's folder ([`Folder`]); every regular file written aside and renamed
//! ([`OutFile`]), so none is ever seen half-written, and a device or FIFO written in place.

use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

use crate::cli::files::{self, OutFile};
use crate::cli::folder::Folder;
use crate::cli::format::Format;

use super::input::Input;
use super::job::Done;

/// The output of a run, validated.
#[derive(Debug)]
pub enum Output {
    Stdout,
    /// Every document in one JSON Lines file.
    File(PathBuf),
    /// One JSON Lines file per input, under this folder.
    JsonlDir(PathBuf),
    /// The folder of an export format (brat, xmi, html…).
    Folder(PathBuf, Format),
}

impl Output {
    /// Checks the combination of format and path.
    pub fn new(format: Format, path: Option<&Path>, jsonl_input: bool) -> Result<Output, String> {
        // `-` is standard output, even beside a folder named `-`.
        let stdout = path.is_some_and(|p| p.as_os_str() == "-");
        // A trailing separator says "folder" before the folder exists.
        let dir = !stdout
            && path.is_some_and(|p| {
                p.is_dir()
                    || p.as_os_str()
                        .to_string_lossy()
                        .ends_with(['/', std::path::MAIN_SEPARATOR])
            });
        match (format, path) {
            (Format::Jsonl, None) => Ok(Output::Stdout),
            (Format::Jsonl, Some(p)) if dir => Ok(Output::JsonlDir(p.to_path_buf())),
            (Format::Jsonl, Some(p)) => match files::target(p, false) {
                Ok(files::Target::Stdout) => Ok(Output::Stdout),
                Ok(_) => Ok(Output::File(p.to_path_buf())),
                Err(e) => Err(format!("--output: {e}")),
            },
            (f, None) => Err(format!(
                "--format {} writes a folder: give it with --output DIR",
                f.name()
            )),
            (f, Some(_)) if stdout => Err(format!(
                "--format {} writes a folder (a file a document and the tool's settings): \
                 `--output -` (standard output) takes jsonl; give a folder",
                f.name()
            )),
            (f, Some(_)) if jsonl_input => Err(format!(
                "--format {} takes plain-text inputs, not --jsonl (tag to JSON Lines, then \
                 `quidit export --format {0}`)",
                f.name()
            )),
            (f, Some(p)) if p.exists() && !p.is_dir() => Err(format!(
                "--format {}: {} is not a folder",
                f.name(),
                p.display()
            )),
            (f, Some(p)) => Ok(Output::Folder(p.to_path_buf(), f)),
        }
    }

    /// The format written.
    pub fn format(&self) -> Format {
        match self {
            Output::Folder(_, f) => *f,
            _ => Format::Jsonl,
        }
    }

    /// Whether each input gets its own output file.
    pub fn is_dir(&self) -> bool {
        matches!(self, Output::JsonlDir(_) | Output::Folder(..))
    }

    /// The output file of `input` (for brat, the `.ann`, written last), when each input has
    /// its own (not for formats that gather every document in one file).
    pub fn target_of(&self, input: &Input) -> Option<PathBuf> {
        match self {
            Output::Stdout | Output::File(_) => None,
            Output::JsonlDir(dir) => Some(dir.join(&input.relative).with_extension("jsonl")),
            Output::Folder(dir, f) => f
                .export()
                .document_extension()
                .map(|ext| dir.join(&input.relative).with_extension(ext)),
        }
    }
}

/// The open output of a run, written in input order.
pub enum Sink<'a> {
    Stdout(BufWriter<StdoutLock<'static>>),
    File(OutFile),
    /// The folder, the file of the input being written, and whether inputs are JSON Lines.
    JsonlDir {
        output: &'a Output,
        open: Option<(usize, OutFile)>,
        jsonl_input: bool,
    },
    Folder(Folder),
}

impl<'a> Sink<'a> {
    pub fn open(output: &'a Output, jsonl_input: bool) -> io::Result<Sink<'a>> {
        Ok(match output {
            Output::Stdout => Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            Output::File(path) => Sink::File(OutFile::create(path, false)?),
            Output::JsonlDir(_) => Sink::JsonlDir {
                output,
                open: None,
                jsonl_input,
            },
            Output::Folder(dir, f) => Sink::Folder(Folder::create(dir, f.export())?),
        })
    }

    /// Writes one result; `inputs` are the run's inputs, by index.
    pub fn write(&mut self, done: Done, inputs: &[Input]) -> io::Result<()> {
        match (self, done) {
            (_, Done::Failed(_)) => Ok(()),
            (Sink::Stdout(out), Done::Tagged { rendered, .. }) => {
                out.write_all(rendered.corpus_part())
            }
            (Sink::File(out), Done::Tagged { rendered, .. }) => {
                out.write_all(rendered.corpus_part())
            }
            (Sink::Stdout(_) | Sink::File(_) | Sink::Folder(_), Done::End { .. }) => Ok(()),
            (Sink::JsonlDir { output, open, .. }, Done::Tagged { input, rendered }) => {
                if open.as_ref().is_none_or(|(i, _)| *i != input) {
                    let path = output.target_of(&inputs[input]).expect("a folder output");
                    *open = Some((input, OutFile::create(&path, true)?));
                }
                let (_, file) = open.as_mut().expect("opened above");
                file.write_all(rendered.corpus_part())
            }
            (
                Sink::JsonlDir {
                    output,
                    open,
                    jsonl_input,
                },
                Done::End { input, complete },
            ) => {
                let file = match open.take() {
                    Some((i, file)) if i == input => Some(file),
                    _ => None,
                };
                // A JSON Lines input read to its end gets its file even with no documents; a
                // plain-text one only when its document was tagged. Otherwise nothing is
                // written, and --skip-existing will try the input again.
                match file {
                    Some(file) if complete => file.commit(),
                    None if complete && *jsonl_input => {
                        let path = output.target_of(&inputs[input]).expect("a folder output");
                        OutFile::write_whole(&path, b"")
                    }
                    _ => Ok(()),
                }
            }
            (Sink::Folder(folder), Done::Tagged { input, rendered }) => {
                folder.write(&stem(&inputs[input].relative), rendered)
            }
        }
    }

    /// Ends a batch: what was written reaches the reader at the other end of a pipe.
    pub fn end_batch(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            _ => Ok(()),
        }
    }

    /// Ends the run.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush(),
            Sink::File(file) => file.commit(),
            Sink::Folder(folder) => folder.finish(),
            Sink::JsonlDir { .. } => Ok(()),
        }
    }
}

/// The stem of an input's files under a folder: its relative path without extension.
pub fn stem(relative: &Path) -> PathBuf {
    relative.with_extension("")
}

/// How many folders below the output folder an input's files go.
pub fn depth(relative: &Path) -> usize {
    files::depth(&stem(relative))
}
