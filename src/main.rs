//! The `quidit` command: a thin layer over the library. Parsing and validation live in
//! [`cli`]; each subcommand is a module there.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
