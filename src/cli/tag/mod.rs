//! `quidit tag`: tags files, directories, JSON Lines or standard input, on every core, and
//! writes JSON Lines or any export format in input order.
//!
//! The run streams: documents are read in batches of bounded size ([`run::Batches`]), a
//! batch is tagged in parallel, written in order, and the next one is read.
//!
//! The modules run one way, so that none imports another that imports it back: this one
//! parses and validates the arguments into a [`config::Config`]; [`run`] reads [`input`]s
//! into [`job`]s, has [`work`] tag and render each (every format through
//! `quidit::export::render`), and hands the results to [`output`] and [`report`].

mod config;
mod input;
mod job;
mod memory;
mod output;
mod report;
mod run;
mod work;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::cli::format::Format;
use crate::cli::source::{JsonlArgs, SourceArgs};
use config::{Config, JsonlFields};
use input::{Input, InputKind};
use output::Output;

/// Shown after `quidit tag --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit tag examples/depeche.txt                   JSON Lines on stdout
  cat article.txt | quidit tag                      read standard input
  quidit tag corpus/ --output tagged.jsonl          every *.txt below corpus/, one line each
  quidit tag --glob '*.md' notes/                   other file names
  quidit tag --format jsonl --output OUT/ corpus/   OUT/NAME.jsonl per input file (paths kept)
  quidit tag --format brat --output OUT corpus/     NAME.txt + NAME.ann per input file
  quidit tag --format html --output OUT corpus/     a page per document, OUT/index.html
  quidit tag --skip-existing --output OUT/ corpus/  resume: inputs already tagged are skipped
  zcat news.jsonl.gz | quidit tag --jsonl           a filter: one JSON object a line in and out
  quidit tag --jsonl --text-field body --id-field url --failures bad.jsonl dump.jsonl
  quidit tag --threads 1 corpus/                    one core (default: all)

JSON Lines input (--jsonl): each line is an object; its --text-field (default text) is
tagged; the output object has `id` (the value of --id-field, default id, else SOURCE:LINE),
the other fields of the input object unchanged and in order (not the text), then entities
and attributions. Blank lines are skipped. Directories give *.jsonl files with --jsonl.

--output PATH is a directory when it exists as one or ends with `/`: then each input file
gets its own output file there, and the directory and its parents are made as needed; an
export format's --output is always such a directory. A file output (--output FILE,
--failures FILE) must be in a folder that exists. Regular files appear whole (written
aside, then renamed: a symbolic link is followed and the file it names replaced); `-`,
/dev/stdout, /dev/stderr, a FIFO or a character device is written in place; a folder, a
socket or a block device is refused. An interrupted run leaves no temporary file.

Inputs: a file, a FIFO or a character device named as INPUT is read (the last two in order,
as standard input); from directories only regular files (and links to them) are read, and
anything else that matches --glob is skipped with a note. Ids of files whose names are not
UTF-8 show each such byte as \\xNN (and a backslash as \\\\), so that no two collide.

A document that cannot be tagged (unreadable file, invalid UTF-8, malformed JSON line, no
text field, larger than --max-doc-bytes) is reported on stderr, listed in --failures, and
the others are still tagged. A progress bar shows on stderr when it is a terminal, and a
summary line at the end; --quiet silences both.

Exit codes: 0 all documents tagged, 1 some documents failed (each reported), 2 bad usage,
an output path that cannot be written (a folder, a missing folder) or a bad gazetteer or
rules file, 3 the output could not be written (a full disk, a closed device).";

/// Arguments of `quidit tag`.
#[derive(Args, Debug)]
pub struct TagArgs {
    /// Files, or directories searched recursively for files matching --glob; standard input
    /// when none or `-`.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: JsonlArgs,
    /// Write each document's text in its JSON line: a plain-text document's as `text`, after
    /// `id`, so that `quidit tag --include-text corpus/ | quidit export --format brat -o out/`
    /// needs no --texts; a JSON Lines document's --text-field kept in its place (it is left
    /// out by default). `quidit report` reads the words before each name in it.
    #[arg(long)]
    include_text: bool,
    /// Which files to take from directories, by file name [default: *.txt, *.jsonl with
    /// --jsonl].
    #[arg(long, value_name = "PATTERN")]
    glob: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Where to write: a file in a folder that exists (default: standard output; `-` too)
    /// or, for one output file per input, a directory (one that exists, or a path ending
    /// with `/`, made with its parents; required by every format but jsonl).
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Skip inputs whose output file already exists in the --output directory (resumes an
    /// interrupted run).
    #[arg(long)]
    skip_existing: bool,
    /// Worker threads [default: all cores]. The output is the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Documents larger than this fail instead of being tagged (for JSON Lines: the line).
    /// Suffixes K, M, G are powers of 1000.
    #[arg(long, value_name = "BYTES", default_value = "100M", value_parser = parse_size)]
    max_doc_bytes: u64,
    /// The memory the run may take for tagging [default: half the machine's memory]. A
    /// document is expected to take up to 150 times its size while it is tagged (the worst
    /// case measured, a name every few bytes); one that fits only alone is tagged alone,
    /// one that does not fit at all fails. Suffixes K, M, G are powers of 1000.
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_memory: Option<u64>,
    /// Also write each failed document as a JSON line to FILE (in a folder that exists, or a
    /// FIFO, a device, `-`): source, line and column (when there are some), error.
    #[arg(long, value_name = "FILE")]
    failures: Option<PathBuf>,
    /// No progress bar and no summary (failures are still reported).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Reads `100M`, `2G`, `500K` or a number of bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let unit = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        _ => {
            return Err(format!(
                "`{s}`: expected a number of bytes, as 500K, 100M or 2G"
            ));
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{s}`: expected a number of bytes, as 500K, 100M or 2G"))
}

fn validate(args: &TagArgs) -> Result<Config, String> {
    let jsonl = args.input.jsonl.then(|| JsonlFields {
        text: args.input.text_field.clone(),
        id: args.input.id_field.clone(),
    });
    let pattern =
        args.glob
            .as_deref()
            .unwrap_or(if args.input.jsonl { "*.jsonl" } else { "*.txt" });
    let glob = globset::Glob::new(pattern)
        .map_err(|e| format!("--glob {pattern}: {e}"))?
        .compile_matcher();
    let mut inputs = Vec::new();
    if args.inputs.is_empty() {
        inputs.push(Input::stdin());
    }
    for path in &args.inputs {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
        } else if path.is_dir() {
            let keep = |p: &Path| p.file_name().is_some_and(|n| glob.is_match(n));
            let found = crate::cli::files::below(path, keep)
                .map_err(|e| format!("{}: cannot read directory: {e}", path.display()))?;
            for file in found.noted("quidit tag") {
                let relative = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                inputs.push(Input::path(file, relative, InputKind::File));
            }
        } else if let Some(kind) = input::kind_of(path) {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            inputs.push(Input::path(path.clone(), relative, kind));
        } else {
            // Reported as a failed input and the others tagged (exit code 1), as ripgrep
            // does with a missing path among several.
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            inputs.push(Input::path(
                path.clone(),
                relative,
                InputKind::Refused(input::MISSING),
            ));
        }
    }
    if inputs.is_empty() {
        // Folders were named and none holds a document: a mistyped --glob or the wrong
        // folder, not a run that tagged nothing. (Empty standard input stays a run of no
        // documents: a filter fed an empty partition must not fail.)
        return Err(format!(
            "no document to tag: no file matching {pattern} in the folders given"
        ));
    }
    if inputs.iter().filter(|i| i.kind == InputKind::Stdin).count() > 1 {
        return Err("standard input (`-`) can be read only once".into());
    }
    if args.max_doc_bytes > quidit::MAX_TEXT as u64 {
        return Err(format!(
            "--max-doc-bytes: at most {} bytes (offsets are 32-bit)",
            quidit::MAX_TEXT
        ));
    }
    let output = Output::new(args.format, args.output.as_deref(), args.input.jsonl)?;
    // Checked now, so that a path quidit will not write is bad usage (exit code 2) before
    // anything is tagged; written later, it could still fail (exit code 3).
    if let Some(path) = &args.failures {
        crate::cli::files::target(path, false).map_err(|e| format!("--failures: {e}"))?;
    }
    let mut seen = std::collections::HashMap::new();
    for input in &inputs {
        if let Some(target) = output.target_of(input)
            && let Some(other) = seen.insert(target.clone(), input.name.clone())
        {
            return Err(format!(
                "{other} and {} would both be written to {}",
                input.name,
                target.display()
            ));
        }
    }
    let mut skipped = 0;
    if args.skip_existing {
        if !output.is_dir() {
            return Err("--skip-existing needs --output DIR (a directory)".into());
        }
        let before = inputs.len();
        inputs.retain(|i| !output.target_of(i).is_some_and(|t| t.exists()));
        skipped = before - inputs.len();
    }
    Ok(Config {
        inputs,
        jsonl,
        output,
        threads: args.threads.map(usize::from),
        max_doc_bytes: args.max_doc_bytes,
        max_memory: args.max_memory.unwrap_or_else(memory::default_budget),
        include_text: args.include_text,
        failures: args.failures.clone(),
        quiet: args.quiet,
        skipped,
    })
}

/// Runs `quidit tag`.
pub fn run(args: TagArgs) -> ExitCode {
    let config = match validate(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("quidit: error: {message}");
            return ExitCode::from(2);
        }
    };
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    crate::cli::files::remove_temporaries_on_signals();
    let outcome = run::tag_all(&tagger, &config);
    // The process ends here: freeing the automaton and ~90,000 entries one by one would
    // only delay the exit (~22 M instructions, several milliseconds, on every run);
    // the system takes the memory back at once.
    std::mem::forget(tagger);
    match outcome {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quidit: error: cannot write the output: {e}");
            ExitCode::from(3)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100M"), Ok(100_000_000));
        assert_eq!(parse_size("2g"), Ok(2_000_000_000));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("M").is_err());
    }
}
