//! The one error type of the library: everything that can go wrong while building a
//! [`Tagger`](crate::Tagger). Tagging itself cannot fail.
//!
//! The type is opaque (a struct over a private kind) so that new kinds of error can be added
//! without breaking users; what users need — a message, and where the fault is — comes
//! through methods and `Display`.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error found while loading gazetteers or rules, with its location when it has one.
///
/// `Display` prints `file:line:column: message`, then the offending line with a caret under
/// the fault, the way compilers do.
#[derive(Debug)]
pub struct Error {
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A malformed line in a text file the tagger reads.
    Syntax {
        location: Location,
        message: String,
        line_text: String,
    },
    /// A file or directory that could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A problem with no single location (an automaton too large to build, say).
    Other(String),
}

/// Where in which file a fault is: 1-based line and column (column counted in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as it was named when loading (relative to the gazetteer or rule folder).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl From<quidit_lists::parse::Error> for Error {
    /// A line of a gazetteer file that does not follow the format, located.
    fn from(e: quidit_lists::parse::Error) -> Self {
        Error::syntax(&e.file, e.line, e.column, &e.line_text, e.message)
    }
}

impl Error {
    /// A syntax error at `file:line:column` in `line_text`.
    pub(crate) fn syntax(
        file: &str,
        line: usize,
        column: usize,
        line_text: &str,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind: Kind::Syntax {
                location: Location {
                    file: file.to_string(),
                    line,
                    column,
                },
                message: message.into(),
                line_text: line_text.to_string(),
            },
        }
    }

    /// A file that could not be read.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error {
            kind: Kind::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// Reads a data file (gazetteer, rules) as text: bytes that are not UTF-8 are a located
    /// error (`file:line:column`, with the byte in the line and in the file), not a bare
    /// "stream did not contain valid UTF-8". `shown` names the file in the error.
    pub fn read_text(path: &Path, shown: &str) -> Result<String, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Error::invalid_utf8(shown, e.as_bytes(), at)
        })
    }

    /// The located error for `bytes` of the file `file`, not UTF-8 from byte `at` (from 0).
    fn invalid_utf8(file: &str, bytes: &[u8], at: usize) -> Self {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..start]).count();
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        // The valid part before the fault, then the rest as shown by a lossy reading.
        let before = std::str::from_utf8(&bytes[start..at]).unwrap_or_default();
        let line_text = String::from_utf8_lossy(&bytes[start..end]);
        Error::syntax(
            file,
            line,
            before.chars().count() + 1,
            &line_text,
            format!(
                "invalid UTF-8: byte 0x{:02X} at byte {} of the line ({} of the file); data \
                 files are UTF-8",
                bytes[at],
                at - start + 1,
                at + 1
            ),
        )
    }

    /// Any other failure.
    pub(crate) fn other(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Other(message.into()),
        }
    }

    /// Where the fault is, when it is in a file's text.
    pub fn location(&self) -> Option<&Location> {
        match &self.kind {
            Kind::Syntax { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The message alone, without location or caret.
    pub fn message(&self) -> String {
        match &self.kind {
            Kind::Syntax { message, .. } => message.clone(),
            Kind::Io { source, .. } => source.to_string(),
            Kind::Other(message) => message.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Syntax {
                location,
                message,
                line_text,
            } => {
                let Location { file, line, column } = location;
                writeln!(f, "{file}:{line}:{column}: {message}")?;
                let gutter = line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{line} | {}", line_text.trim_end())?;
                // The caret sits under the column'th character; tabs are kept so it lines up.
                let pad: String = line_text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "{:gutter$} | {pad}^", "")
            }
            Kind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Kind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Kind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_shows_a_caret_under_the_column() {
        let e = Error::syntax("LOC/x.txt", 12, 7, "Paris || Lutèce", "empty form");
        let shown = e.to_string();
        assert_eq!(
            shown,
            "LOC/x.txt:12:7: empty form\n   |\n12 | Paris || Lutèce\n   |       ^"
        );
        assert_eq!(e.location().unwrap().line, 12);
    }

    #[test]
    fn invalid_utf8_is_located_by_line_and_byte() {
        let e = Error::invalid_utf8("PER/x.txt", b"Paris\nL\xC3\xA9on \xFF\n", 12);
        let loc = e.location().unwrap();
        assert_eq!((loc.line, loc.column), (2, 6));
        assert!(
            e.message()
                .contains("byte 0xFF at byte 7 of the line (13 of the file)")
        );
    }
}
