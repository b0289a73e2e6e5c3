//! Where `quidit tag` writes: standard output, one file, or one file (brat: two) per input in
//! a folder; every file written aside and renamed, so none is ever seen half-written.

use std::fs;
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

use super::Format;
use super::input::Input;
use super::work::{Done, Rendered};

/// The output of a run, validated.
#[derive(Debug)]
pub enum Output {
    Stdout,
    /// Every document in one JSON Lines file.
    File(PathBuf),
    /// One JSON Lines file per input, under this folder.
    JsonlDir(PathBuf),
    /// NAME.txt and NAME.ann per input, under this folder.
    BratDir(PathBuf),
}

impl Output {
    /// Checks the combination of format and path.
    pub fn new(format: Format, path: Option<&Path>, jsonl_input: bool) -> Result<Output, String> {
        // A trailing separator says "folder" before the folder exists.
        let dir = path.is_some_and(|p| {
            p.is_dir()
                || p.as_os_str()
                    .to_string_lossy()
                    .ends_with(['/', std::path::MAIN_SEPARATOR])
        });
        match (format, path) {
            (Format::Jsonl, None) => Ok(Output::Stdout),
            (Format::Jsonl, Some(p)) if dir => Ok(Output::JsonlDir(p.to_path_buf())),
            (Format::Jsonl, Some(p)) => Ok(Output::File(p.to_path_buf())),
            (Format::Brat, None) => {
                Err("--format brat writes a folder: give it with --output DIR".into())
            }
            (Format::Brat, Some(_)) if jsonl_input => {
                Err("--format brat takes plain-text inputs, not --jsonl".into())
            }
            (Format::Brat, Some(p)) if p.is_file() => Err(format!(
                "--format brat: {} is a file, not a folder",
                p.display()
            )),
            (Format::Brat, Some(p)) => Ok(Output::BratDir(p.to_path_buf())),
        }
    }

    /// The format written.
    pub fn format(&self) -> Format {
        match self {
            Output::BratDir(_) => Format::Brat,
            _ => Format::Jsonl,
        }
    }

    /// Whether each input gets its own output file.
    pub fn is_dir(&self) -> bool {
        matches!(self, Output::JsonlDir(_) | Output::BratDir(_))
    }

    /// The output file of `input` (for brat, the `.ann`, written last), when each input has
    /// its own.
    pub fn target_of(&self, input: &Input) -> Option<PathBuf> {
        match self {
            Output::Stdout | Output::File(_) => None,
            Output::JsonlDir(dir) => Some(dir.join(&input.relative).with_extension("jsonl")),
            Output::BratDir(dir) => Some(dir.join(&input.relative).with_extension("ann")),
        }
    }
}

/// A file written under a temporary name in its folder and renamed when complete: an
/// interrupted run leaves no half-written file under the real name. Dropped without
/// [`AtomicFile::commit`], it removes the temporary file.
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<fs::File>>,
}

/// The error `e` about `path`, of the same kind.
fn about(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl AtomicFile {
    /// Creates the temporary file (and the folders above it).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir {
            fs::create_dir_all(dir).map_err(|e| about(dir, e))?;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        // A fixed name in the same folder: the rename stays on one file system, and a rerun
        // overwrites what an interrupted run left.
        let temp = path.with_file_name(format!(".{name}.quidit-tmp"));
        let file = fs::File::create(&temp).map_err(|e| about(&temp, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Writes `bytes` to `path` at once.
    pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = AtomicFile::create(path)?;
        file.write_all(bytes)?;
        file.commit()
    }

    /// Flushes the file and gives it its real name.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            let done = file
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(|_| fs::rename(&self.temp, &self.path));
            if let Err(e) = done {
                let _ = fs::remove_file(&self.temp);
                return Err(about(&self.path, e));
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf).map_err(|e| about(&self.temp, e)),
            None => Err(io::Error::other("write after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush().map_err(|e| about(&self.temp, e)),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// The open output of a run, written in input order.
pub enum Sink<'a> {
    Stdout(BufWriter<StdoutLock<'static>>),
    File(AtomicFile),
    /// The folder, the file of the input being written, and whether inputs are JSON Lines.
    JsonlDir {
        output: &'a Output,
        open: Option<(usize, AtomicFile)>,
        jsonl_input: bool,
    },
    BratDir(&'a Path),
}

impl<'a> Sink<'a> {
    pub fn open(output: &'a Output, jsonl_input: bool) -> io::Result<Sink<'a>> {
        Ok(match output {
            Output::Stdout => Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            Output::File(path) => Sink::File(AtomicFile::create(path)?),
            Output::JsonlDir(_) => Sink::JsonlDir {
                output,
                open: None,
                jsonl_input,
            },
            Output::BratDir(dir) => Sink::BratDir(dir),
        })
    }

    /// Writes one result; `inputs` are the run's inputs, by index.
    pub fn write(&mut self, done: Done, inputs: &[Input]) -> io::Result<()> {
        match (self, done) {
            (_, Done::Failed(_)) => Ok(()),
            (Sink::Stdout(out), Done::Tagged { rendered, .. }) => out.write_all(rendered.jsonl()),
            (Sink::File(out), Done::Tagged { rendered, .. }) => out.write_all(rendered.jsonl()),
            (Sink::Stdout(_) | Sink::File(_) | Sink::BratDir(_), Done::End { .. }) => Ok(()),
            (Sink::JsonlDir { output, open, .. }, Done::Tagged { input, rendered }) => {
                if open.as_ref().is_none_or(|(i, _)| *i != input) {
                    let path = output.target_of(&inputs[input]).expect("a folder output");
                    *open = Some((input, AtomicFile::create(&path)?));
                }
                let (_, file) = open.as_mut().expect("opened above");
                file.write_all(rendered.jsonl())
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
                        AtomicFile::write(&path, b"")
                    }
                    _ => Ok(()),
                }
            }
            (Sink::BratDir(dir), Done::Tagged { input, rendered }) => {
                let Rendered::Brat { text, ann } = rendered else {
                    unreachable!("brat output renders brat");
                };
                let txt = dir.join(&inputs[input].relative).with_extension("txt");
                AtomicFile::write(&txt, text.as_bytes())?;
                AtomicFile::write(&txt.with_extension("ann"), &ann)
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
            Sink::JsonlDir { .. } | Sink::BratDir(_) => Ok(()),
        }
    }
}
