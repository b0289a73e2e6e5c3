//! What `quidit tag` tells the user: failures (stderr and `--failures`), a progress bar
//! when stderr is a terminal, and a summary line.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::files::OutFile;

use super::input::Input;

/// A document that could not be tagged.
#[derive(Debug, Serialize)]
pub struct Failure {
    /// The input file, or `stdin`.
    pub source: String,
    /// The line of a JSON Lines input, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column (in bytes, from 1) within that line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// What is wrong.
    pub error: String,
}

impl Failure {
    /// A failure of `input`, at a line and column when there are some.
    pub fn new(input: &Input, line: Option<u64>, column: Option<u64>, error: String) -> Failure {
        Failure {
            source: input.name.clone(),
            line,
            column,
            error,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        for n in [self.line, self.column].into_iter().flatten() {
            write!(f, ":{n}")?;
        }
        write!(f, ": {}", self.error)
    }
}

/// Counts, progress and failures of one run.
pub struct Report {
    bar: ProgressBar,
    quiet: bool,
    start: Instant,
    tagged: u64,
    failed: u64,
    /// Bytes of input read, for the progress bar.
    bytes: u64,
    /// Whether the bar counts documents (their number is known) rather than bytes.
    by_documents: bool,
    /// Bytes of the documents tagged, for the summary (not those of failed ones).
    tagged_bytes: u64,
    skipped: usize,
    failures: Option<OutFile>,
}

/// What the progress bar counts up to: in one unit, documents when their number is known
/// (plain-text files), else bytes when the inputs' size is (JSON Lines files), else nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// So many documents.
    Documents(u64),
    /// So many bytes of input.
    Bytes(u64),
    /// A stream: no total.
    Unknown,
}

impl Report {
    /// `total` is what the run will do, when known (for the bar's length and the ETA).
    pub fn new(
        quiet: bool,
        total: Total,
        skipped: usize,
        failures: Option<&Path>,
    ) -> io::Result<Report> {
        let failures = failures.map(|f| OutFile::create(f, false)).transpose()?;
        let bar = if quiet || !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let (bar, template) = match total {
                Total::Documents(total) => (
                    ProgressBar::new(total),
                    "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} documents \
                     {msg} ETA {eta}",
                ),
                Total::Bytes(total) => (
                    ProgressBar::new(total),
                    "{spinner} {elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
                     {decimal_bytes_per_sec} {msg} ETA {eta}",
                ),
                Total::Unknown => (
                    ProgressBar::no_length(),
                    "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {msg}",
                ),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_style(ProgressStyle::with_template(template).map_err(io::Error::other)?);
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        };
        Ok(Report {
            bar,
            by_documents: matches!(total, Total::Documents(_)),
            quiet,
            start: Instant::now(),
            tagged: 0,
            failed: 0,
            bytes: 0,
            tagged_bytes: 0,
            skipped,
            failures,
        })
    }

    /// Reports a document that could not be tagged.
    pub fn failure(&mut self, failure: &Failure) -> io::Result<()> {
        self.failed += 1;
        self.bar.suspend(|| eprintln!("quidit: {failure}"));
        if let Some(out) = &mut self.failures {
            serde_json::to_writer(&mut *out, failure)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The progress bar, which workers move as they finish documents.
    pub fn bar(&self) -> &ProgressBar {
        &self.bar
    }

    /// Counts a tagged document of `bytes` bytes of input.
    pub fn tagged(&mut self, bytes: u64) {
        self.tagged += 1;
        self.tagged_bytes += bytes;
    }

    /// Counts `bytes` more of the input as done (at the end of a batch).
    pub fn advance(&mut self, bytes: u64) {
        self.bytes += bytes;
        let docs = self.tagged + self.failed;
        let rate = docs as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
        if self.by_documents {
            // The bar counts documents; the message their rate and megabytes.
            self.bar.set_position(docs);
            let mb = self.bytes as f64 / 1e6;
            self.bar
                .set_message(format!("{rate:.0} documents/s, {mb:.1} MB"));
        } else {
            // The bar counts bytes; the message the documents.
            self.bar.set_position(self.bytes);
            self.bar
                .set_message(format!("{docs} documents, {rate:.0}/s"));
        }
    }

    /// How much one finished job moves the bar, from a worker: one document, or its bytes.
    pub fn step(&self, bytes: u64) -> u64 {
        if self.by_documents { 1 } else { bytes }
    }

    /// Ends the run: writes the failures file and the summary; returns how many documents
    /// failed.
    pub fn finish(self) -> io::Result<u64> {
        self.bar.finish_and_clear();
        if let Some(out) = self.failures {
            out.commit()?;
        }
        if !self.quiet {
            let seconds = self.start.elapsed().as_secs_f64();
            let mb = self.tagged_bytes as f64 / 1e6;
            let skipped = match self.skipped {
                0 => String::new(),
                n => format!(", {n} skipped (output exists)"),
            };
            let plural = if self.tagged == 1 { "" } else { "s" };
            eprintln!(
                "quidit tag: {} document{plural} tagged, {} failed{skipped}; {mb:.1} MB in {seconds:.1} s ({:.2} MB/s)",
                self.tagged,
                self.failed,
                mb / seconds.max(1e-3),
            );
        }
        Ok(self.failed)
    }
}
