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
}
