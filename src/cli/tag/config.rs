//! The validated configuration of one `quidit tag` run: what the workers and the writers
//! read, apart from the arguments so that they need not import the module that parses them.

use std::path::PathBuf;

use super::input::Input;
use super::output::Output;

/// How JSON Lines inputs are read.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    /// The field that holds the text to tag (`--text-field`).
    pub text: String,
    /// The field whose value becomes the output's `id` (`--id-field`).
    pub id: String,
}

/// The validated configuration of one run.
pub struct Config {
    /// Every input, in the order the output follows.
    pub inputs: Vec<Input>,
    /// Present when the inputs are JSON Lines (`--jsonl`).
    pub jsonl: Option<JsonlFields>,
    /// Where and in which format the results go.
    pub output: Output,
    /// Worker threads; all cores when absent.
    pub threads: Option<usize>,
    /// Larger documents fail instead of being tagged.
    pub max_doc_bytes: u64,
    /// The memory budget of the run (`--max-memory`), in bytes.
    pub max_memory: u64,
    /// Plain-text documents carry their text in their JSON line (`--include-text`).
    pub include_text: bool,
    /// The file that lists failed documents (`--failures`).
    pub failures: Option<PathBuf>,
    /// No progress bar, no summary.
    pub quiet: bool,
    /// Inputs left out by --skip-existing.
    pub skipped: usize,
}
