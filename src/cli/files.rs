//! Files as the commands find and write them: found below a folder ([`below`],
//! [`with_extension`]: regular files only, so that no FIFO blocks a run), written whole or
//! not at all and never over anything but a regular file ([`target`], [`OutFile`],
//! [`AtomicFile`], temporary files removed on interruption), and named after a document's
//! stem ([`with_ext`], [`depth`]).
//!
//! Shared by `quidit tag` and `quidit export`, which is why it is a module of its own: the
//! commands depend on it, never on each other.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The files found below a folder, and what was left out.
pub struct Found {
    /// Regular files (and symbolic links to them), in path order.
    pub files: Vec<PathBuf>,
    /// Entries that matched but are not regular files (a FIFO would block the run, a device
    /// never ends), with what they are.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

impl Found {
    /// The files, after a note on stderr for each entry left out.
    pub fn noted(self, command: &str) -> Vec<PathBuf> {
        for (path, what) in &self.skipped {
            eprintln!(
                "{command}: note: {}: skipped, {what}, not a regular file",
                path.display()
            );
        }
        self.files
    }
}

/// What a directory entry of `kind` is, when it is not a file to read: only regular files are
/// read from folders.
fn not_regular(kind: fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Every file below `dir` (recursively) for which `keep` holds, in path order, so that
/// inputs and outputs never depend on the file system's order.
pub fn below(dir: &Path, keep: impl Fn(&Path) -> bool) -> io::Result<Found> {
    // A path that is not a folder is an error, as the user named it as one; walkdir would
    // walk it as a single file.
    fs::read_dir(dir)?;
    let mut found = Found {
        files: Vec::new(),
        skipped: Vec::new(),
    };
    // Siblings sorted by name, depth first: the same order as sorting the whole paths.
    for item in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let item = item?;
        if item.file_type().is_dir() || !keep(item.path()) {
            continue;
        }
        // A symbolic link counts as what it names; a broken one is kept, to be reported
        // as a file that cannot be read.
        let kind = match item.path_is_symlink() {
            true => fs::metadata(item.path()).ok().map(|m| m.file_type()),
            false => Some(item.file_type()),
        };
        match kind.and_then(not_regular) {
            Some(what) => found.skipped.push((item.into_path(), what)),
            None => found.files.push(item.into_path()),
        }
    }
    Ok(found)
}

/// Every file below `dir` (recursively) whose extension is `ext`, in path order.
pub fn with_extension(dir: &Path, ext: &str) -> io::Result<Found> {
    below(dir, |p| p.extension().is_some_and(|e| e == ext))
}

/// Where an output path leads, decided before anything is written to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-`, `/dev/stdout`).
    Stdout,
    /// A character device, a FIFO or a standard stream (`/dev/stderr`, `/dev/fd/N`): written
    /// in place, as a shell redirection would; renaming a file over it would replace the
    /// device or pipe by a file.
    Direct(PathBuf),
    /// A regular file, existing or not, symbolic links resolved: replaced whole through a
    /// temporary file beside it ([`AtomicFile`]).
    Regular(PathBuf),
}

/// How many symbolic links are followed before giving up (as Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// Paths that name the process's own streams: written in place even when the stream is a
/// regular file (`2>log`), which a rename would otherwise replace behind the shell's back.
fn is_stream(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr"]
        .iter()
        .any(|s| path == Path::new(s))
        || path.starts_with("/dev/fd")
        || path.starts_with("/proc/self/fd")
}

/// Where `path` leads: see [`Target`]. A folder, a socket or a block device is refused, and
/// so is a missing parent folder unless `make_parents` (a directory output, which the user
/// asked for).
pub fn target(path: &Path, make_parents: bool) -> io::Result<Target> {
    if path.as_os_str() == "-" || path == Path::new("/dev/stdout") {
        return Ok(Target::Stdout);
    }
    if is_stream(path) {
        return Ok(Target::Direct(path.to_path_buf()));
    }
    let refuse = |what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: {what}: quidit writes only regular files, character devices and FIFOs",
                path.display()
            ),
        )
    };
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let dir = at.parent().filter(|p| !p.as_os_str().is_empty());
                if let Some(dir) = dir
                    && !make_parents
                    && !dir.is_dir()
                {
                    return Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("{}: no such folder {}", path.display(), dir.display()),
                    ));
                }
                return Ok(Target::Regular(at));
            }
            Err(e) => return Err(about(&at, e)),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            // Followed by hand rather than canonicalised: a link to a file not made yet
            // names the file to make.
            let link = fs::read_link(&at).map_err(|e| about(&at, e))?;
            at = match at.parent() {
                Some(dir) => dir.join(link),
                None => link,
            };
            continue;
        }
        if kind.is_file() {
            return Ok(Target::Regular(at));
        }
        if kind.is_dir() {
            return Err(refuse("a folder"));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() || kind.is_char_device() {
                return Ok(Target::Direct(at));
            }
            if kind.is_socket() {
                return Err(refuse("a socket"));
            }
            if kind.is_block_device() {
                return Err(refuse("a block device"));
            }
        }
        return Err(refuse("not a regular file"));
    }
    Err(refuse("too many levels of symbolic links"))
}

/// An output file as [`target`] decides: written aside and renamed when it is a regular
/// file, written in place otherwise.
pub enum OutFile {
    /// A regular file, written aside and renamed by [`OutFile::commit`].
    Atomic(AtomicFile),
    /// Written in place; the path names it in errors.
    Direct(BufWriter<fs::File>, PathBuf),
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
}

impl OutFile {
    /// Opens the output `path`; `make_parents` for the files of a directory output.
    pub fn create(path: &Path, make_parents: bool) -> io::Result<OutFile> {
        Ok(match target(path, make_parents)? {
            Target::Stdout => OutFile::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Target::Direct(p) => {
                // Appending: a stream that is a regular file (`2>>log`) keeps what it has.
                let file = fs::OpenOptions::new()
                    .append(true)
                    .open(&p)
                    .map_err(|e| about(&p, e))?;
                OutFile::Direct(BufWriter::with_capacity(1 << 16, file), p)
            }
            Target::Regular(p) => OutFile::Atomic(AtomicFile::create(&p)?),
        })
    }

    /// Writes `bytes` to `path` at once (a file of a directory output).
    pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = OutFile::create(path, true)?;
        file.write_all(bytes)?;
        file.commit()
    }

    /// Ends the file: renamed to its real name, or flushed.
    pub fn commit(self) -> io::Result<()> {
        match self {
            OutFile::Atomic(file) => file.commit(),
            OutFile::Direct(mut file, path) => file.flush().map_err(|e| about(&path, e)),
            OutFile::Stdout(mut out) => out.flush(),
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            OutFile::Atomic(f) => f.write(buf),
            OutFile::Direct(f, path) => f.write(buf).map_err(|e| about(path, e)),
            OutFile::Stdout(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            OutFile::Atomic(f) => f.write_all(buf),
            OutFile::Direct(f, path) => f.write_all(buf).map_err(|e| about(path, e)),
            OutFile::Stdout(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            OutFile::Atomic(f) => f.flush(),
            OutFile::Direct(f, path) => f.flush().map_err(|e| about(path, e)),
            OutFile::Stdout(f) => f.flush(),
        }
    }
}

/// The temporary files being written, removed by [`remove_temporaries_on_signals`] when the
/// run is interrupted. Locked while a file is created, renamed or removed, so that the
/// handler never misses one nor removes one that has just been renamed.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporaries() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP: removes every temporary file being written, then ends the
/// process as the signal would have. Without it an interrupted run leaves `.quidit-tmp`
/// files behind (Rust runs no destructors when a signal kills the process).
pub fn remove_temporaries_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: no new temporary file, no rename after this.
                let live = temporaries();
                for temp in live.iter() {
                    let _ = fs::remove_file(temp);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
}

/// A regular file written under a temporary name beside it and renamed when complete: an
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
    /// Creates the temporary file (and the folders above it) for the regular file `path`
    /// (see [`target`]).
    fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir {
            fs::create_dir_all(dir).map_err(|e| about(dir, e))?;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        // A fixed name in the same folder: the rename stays on one file system, and a rerun
        // overwrites what an interrupted run left.
        let temp = path.with_file_name(format!(".{name}.quidit-tmp"));
        let mut live = temporaries();
        let file = fs::File::create(&temp).map_err(|e| about(&temp, e))?;
        live.push(temp.clone());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Flushes the file and gives it its real name.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            let written = file.into_inner().map_err(|e| e.into_error());
            let mut live = temporaries();
            let done = written.and_then(|_| fs::rename(&self.temp, &self.path));
            if done.is_err() {
                let _ = fs::remove_file(&self.temp);
            }
            live.retain(|t| *t != self.temp);
            if let Err(e) = done {
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
            let mut live = temporaries();
            let _ = fs::remove_file(&self.temp);
            live.retain(|t| *t != self.temp);
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

/// The file stem of a document, where `quidit export` writes it and `quidit report --pages`
/// finds it: its id as a relative path, every component kept but `..`,
/// the root and characters that are unsafe in file names, and a final `.txt` dropped.
pub fn stem_of(id: &str) -> PathBuf {
    let id = id.strip_suffix(".txt").unwrap_or(id);
    let mut out = PathBuf::new();
    for c in Path::new(id).components() {
        if let Component::Normal(part) = c {
            let safe: String = part
                .to_string_lossy()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "._- ".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            out.push(safe);
        }
    }
    if out.as_os_str().is_empty() {
        out.push("document");
    }
    out
}
