//! Inputs of `quidit tag`: files and standard input, and a line reader that never holds more
//! than a bounded part of a line.

use std::fs;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

/// Where an input comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Stdin,
    /// A regular file (or a symbolic link to one), read by a worker.
    File,
    /// A FIFO or character device named on the command line: read in order by the reader,
    /// as standard input is, since it may block until its writer writes.
    Stream,
    /// Something that cannot be read as a text (a socket, a block device, a path that does
    /// not exist): reported as a failed input, with why, and the other inputs are tagged.
    Refused(&'static str),
}

/// One input: a file or standard input.
#[derive(Debug)]
pub struct Input {
    pub kind: InputKind,
    /// The file (empty for standard input).
    pub path: PathBuf,
    /// Its path under an output folder, before the extension is changed.
    pub relative: PathBuf,
    /// How messages and plain-text ids name it.
    pub name: String,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            kind: InputKind::Stdin,
            path: PathBuf::new(),
            relative: PathBuf::from("stdin.txt"),
            name: "stdin".into(),
        }
    }

    /// A path found in a folder or named on the command line, as `kind`.
    pub fn path(path: PathBuf, relative: PathBuf, kind: InputKind) -> Input {
        Input {
            kind,
            name: lossless_name(&path),
            path,
            relative,
        }
    }

    /// Its size in bytes, when it is a file that can be read.
    pub fn size(&self) -> Option<u64> {
        match self.kind {
            InputKind::File => fs::metadata(&self.path).ok().map(|m| m.len()),
            _ => None,
        }
    }

    /// Whether it is read in order by the reader (it may block), not by a worker.
    pub fn is_stream(&self) -> bool {
        matches!(self.kind, InputKind::Stdin | InputKind::Stream)
    }

    /// Opens it for reading, buffered (the buffer is large so that a pipe is read in big
    /// chunks).
    pub fn open(&self) -> io::Result<BufReader<Box<dyn Read>>> {
        let read: Box<dyn Read> = match self.kind {
            InputKind::Stdin => Box::new(io::stdin()),
            InputKind::File | InputKind::Stream => Box::new(fs::File::open(&self.path)?),
            InputKind::Refused(why) => {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
            }
        };
        Ok(BufReader::with_capacity(1 << 20, read))
    }

    /// Reads the whole input as one document of at most `limit` bytes.
    pub fn read_document(&self, limit: u64) -> Result<Vec<u8>, String> {
        let mut reader = self.open().map_err(|e| format!("cannot read: {e}"))?;
        if self.size().is_some_and(|s| s > limit) {
            return Err(too_large(limit));
        }
        let mut bytes = Vec::new();
        (&mut reader)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(limit));
        }
        Ok(bytes)
    }
}

/// Why a path named as an input is not read: what it is instead of a text.
const NOT_TEXT_SOCKET: &str = "a socket, not a file, FIFO or character device";
const NOT_TEXT_BLOCK: &str = "a block device, not a file, FIFO or character device";
const NOT_TEXT_SPECIAL: &str = "a special file, not a file, FIFO or character device";
/// Why a path named as an input that does not exist is not read.
pub const MISSING: &str = "no such file or directory";

/// What `path` is as an input named on the command line (a folder aside), following
/// symbolic links; `None` when it does not exist.
pub fn kind_of(path: &std::path::Path) -> Option<InputKind> {
    let kind = fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        return Some(InputKind::File);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_char_device() {
            return Some(InputKind::Stream);
        }
        if kind.is_socket() {
            return Some(InputKind::Refused(NOT_TEXT_SOCKET));
        }
        if kind.is_block_device() {
            return Some(InputKind::Refused(NOT_TEXT_BLOCK));
        }
    }
    Some(InputKind::Refused(NOT_TEXT_SPECIAL))
}

/// How messages and ids name a path: as written when it is UTF-8 without a backslash;
/// otherwise with each byte that is not UTF-8 as `\xNN` and each backslash as `\\`. The
/// escaping is lossless (two different paths never get the same name, as a lossy reading
/// with U+FFFD would give them), and names of ordinary files are unchanged.
pub fn lossless_name(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Ok(text) = std::str::from_utf8(bytes)
            && !text.contains('\\')
        {
            return text.to_string();
        }
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// The message for a document over the `limit`.
pub fn too_large(limit: u64) -> String {
    format!("document larger than --max-doc-bytes ({limit} bytes)")
}

/// Bytes as UTF-8, or the message that gives the offset of the first bad byte.
pub fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("invalid UTF-8 at byte {at}")
    })
}

/// The line reader of `--jsonl` lives in the library (`quidit::jsonl`), where the fuzz
/// target `jsonl` reaches it.
pub use quidit::jsonl::Lines;

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| lossless_name(std::path::Path::new(OsStr::from_bytes(b)));
        assert_eq!(name(b"corpus/a.txt"), "corpus/a.txt");
        assert_eq!(name(b"a\xFF.txt"), "a\\xFF.txt");
        assert_eq!(name(b"a\xFE.txt"), "a\\xFE.txt");
        assert_eq!(name(b"a\\xFF.txt"), "a\\\\xFF.txt");
        assert_ne!(name(b"a\xFF.txt"), name(b"a\\xFF.txt"));
    }
}
