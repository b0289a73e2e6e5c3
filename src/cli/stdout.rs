//! Standard output for the commands that print reports (`check`, `coverage`, `eval`,
//! `explain`, `gazetteer lint`): [`outln!`] is `println!` that lets a closed pipe end the
//! process quietly.
//!
//! `println!` panics when the reader has gone (`quidit coverage corpus/ | head`): a panic
//! message, exit code 101. As in ripgrep, a closed pipe is no error: the reader has what it
//! wanted, so the process ends with 0 and says nothing. Another write error (a full disk) is
//! reported for people, with exit code 1.
//!
//! The process ends here rather than returning the error up through every report's printing
//! code: those reports stay as they are, and none of them has anything left to finish when
//! it prints (no file half-written). `gazetteer add` keeps `println!`: it writes the
//! gazetteer files between its lines, and should not stop half-way with exit code 0.
//! `tag` and `export` write through their own buffers and handle a closed pipe themselves.

use std::fmt;
use std::io::{self, Write};
use std::process;

/// `println!` for reports: see the [module](self) for what a closed pipe does.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::stdout::line(format_args!($($arg)*))
    };
}

/// Writes `args` and a line break to standard output, or ends the process (see the
/// [module](self)).
pub fn line(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    match out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => process::exit(0),
        Err(e) => {
            eprintln!("quidit: error: cannot write to standard output: {e}");
            process::exit(1)
        }
    }
}
