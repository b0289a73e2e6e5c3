//! Files as the commands find and write them: found below a folder ([`below`],
//! [`with_extension`]), written whole or not at all ([`AtomicFile`]), and named after a
//! document's stem ([`with_ext`], [`depth`]).
//!
//! Shared by `quidit tag` and `quidit export`, which is why it is a module of its own: the
//! commands depend on it, never on each other.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Every file below `dir` (recursively) for which `keep` holds, in path order, so that
/// inputs and outputs never depend on the file system's order.
pub fn below(dir: &Path, keep: impl Fn(&Path) -> bool) -> io::Result<Vec<PathBuf>> {
    // A path that is not a folder is an error, as the user named it as one; walkdir would
    // walk it as a single file.
    fs::read_dir(dir)?;
    let mut out = Vec::new();
    // Siblings sorted by name, depth first: the same order as sorting the whole paths.
    for item in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let item = item?;
        if !item.file_type().is_dir() && keep(item.path()) {
            out.push(item.into_path());
        }
    }
    Ok(out)
}

/// Every file below `dir` (recursively) whose extension is `ext`, in path order.
pub fn with_extension(dir: &Path, ext: &str) -> io::Result<Vec<PathBuf>> {
    below(dir, |p| p.extension().is_some_and(|e| e == ext))
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

/// `stem` with `.ext` added (a stem may hold dots of its own).
pub fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// How many folders `stem` lies below the output folder.
pub fn depth(stem: &Path) -> usize {
    stem.components().count().saturating_sub(1)
}
