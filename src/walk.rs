//! Finding the gazetteer (`*.txt`) and rule (`*.rules`) files of the folders a
//! [`TaggerBuilder`](crate::TaggerBuilder) is given. Crate-private: walking folders is the
//! caller's business, not an NLP library's; the command line has its own (`src/cli/files.rs`),
//! on the same `walkdir`.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Every file below `dir` (recursively) whose extension is `extension`, in path order, so
/// that loading order never depends on the file system. One that is not a regular file (nor
/// a link to one) is an error: reading a FIFO would wait for ever, a device never ends.
pub(crate) fn files_with_extension(dir: &Path, extension: &str) -> io::Result<Vec<PathBuf>> {
    // A path that is not a folder is an error, as the user named it as one; walkdir would
    // walk it as a single file.
    std::fs::read_dir(dir)?;
    let mut out = Vec::new();
    // Siblings sorted by name, depth first: the same order as sorting the whole paths.
    for item in WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let item = item?;
        if !item.file_type().is_dir() && item.path().extension().is_some_and(|e| e == extension) {
            // A symbolic link counts as what it names (a broken one fails when read).
            let regular = !item.path_is_symlink() && item.file_type().is_file()
                || std::fs::metadata(item.path()).map_or(true, |m| m.is_file());
            if !regular {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{}: not a regular file", item.path().display()),
                ));
            }
            out.push(item.into_path());
        }
    }
    Ok(out)
}

/// The name of `path` below `dir` as a list's name reads it: its components joined by `/`
/// whatever the platform (`ORG/ajouts.txt`), so that provenance and ids are the same
/// everywhere.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
