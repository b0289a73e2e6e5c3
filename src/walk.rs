//! Finding the files of a folder: gazetteers (`*.txt`), rules (`*.rules`) and corpora
//! (`*.txt`) are all read the same way.

use std::io;
use std::path::{Path, PathBuf};

/// Every file below `dir` (recursively) whose extension is `extension`, sorted by path so
/// that loading and output orders never depend on the file system.
pub fn files_with_extension(dir: &Path, extension: &str) -> io::Result<Vec<PathBuf>> {
    files_matching(dir, &|path: &Path| {
        path.extension().is_some_and(|e| e == extension)
    })
}

/// Every file below `dir` (recursively) for which `keep` holds, sorted by path.
pub fn files_matching(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    collect(dir, keep, &mut out)?;
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        let path = item.path();
        if item.file_type()?.is_dir() {
            collect(&path, keep, out)?;
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}
