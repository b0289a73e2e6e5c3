//! What passes between the reader, the workers and the writers of a run: a [`Job`] to do,
//! in input order, and the [`Done`] that comes back for it.
//!
//! Plain data in a module of its own: the writers ([`super::output`]) take results without
//! depending on the workers ([`super::work`]) that make them.

use quidit::export::RenderedDocument;

use super::report::Failure;

/// One unit of work, in input order.
pub enum Job {
    /// A plain-text file, read by the worker.
    File { input: usize },
    /// A plain text already read (standard input).
    Text { input: usize, bytes: Vec<u8> },
    /// One line of a JSON Lines input.
    Line {
        input: usize,
        line: u64,
        bytes: Vec<u8>,
    },
    /// A fault found while reading.
    Failed(Failure),
    /// The end of an input; `complete` when it was read to its end.
    End { input: usize, complete: bool },
}

impl Job {
    /// The input and line of the document this job tags; `None` for a job that tags none.
    pub fn document(&self) -> Option<(usize, Option<u64>)> {
        match *self {
            Job::File { input } | Job::Text { input, .. } => Some((input, None)),
            Job::Line { input, line, .. } => Some((input, Some(line))),
            Job::Failed(_) | Job::End { .. } => None,
        }
    }
}

/// A job done.
pub enum Done {
    Tagged {
        input: usize,
        rendered: RenderedDocument,
    },
    Failed(Failure),
    End {
        input: usize,
        complete: bool,
    },
}
