//! `quidit report --output DIR INPUT…`: who speaks in a corpus. Reads what `quidit tag`
//! wrote, or a corpus that it tags first, and writes `index.html`, `speakers.csv`,
//! `accusations.csv` and `summary.json`. The counting is the library's
//! ([`quidit::report`]); this command reads inputs, tags what needs tagging, and writes
//! files.
//!
//! What an input is, is decided from its content (each input on its own), unless a flag
//! says it: a JSON Lines stream whose first line has `entities` and `attributions` is tag
//! output; any other JSON Lines stream is a corpus (its --text-field tagged); anything else
//! (a `.txt` file, standard input that is no JSON) is one plain-text document. A stream is
//! never half one and half the other: a later line of tag output without those keys is a
//! reported fault, not a document to tag.

use std::io::{BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use quidit::export::{self, Head};
use quidit::jsonl::Lines;
use quidit::report::{Aggregator, By, Counted, Options};
use quidit::{Scratch, Tagger};
use rayon::prelude::*;
use serde_json::value::RawValue;

use crate::cli::files::{self, OutFile};
use crate::cli::source::{JsonlArgs, SourceArgs};

/// Shown after `quidit report --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit report --output rep/ corpus/                 tag every *.txt below corpus/, then count
  quidit tag corpus/ | quidit report --output rep/    the same, from tag output on stdin
  quidit report --by date:month --output rep/ tagged.jsonl   women's share month by month
  zcat news.jsonl.gz | quidit report --jsonl --by source --output rep/   tag JSON Lines, then count

Writes DIR/index.html, DIR/speakers.csv (every speaker), DIR/accusations.csv (every pair
who accuses whom) and DIR/summary.json (the figures the page shows).

Inputs: files, directories (their *.jsonl and *.txt files), or standard input (none, or
`-`). A JSON Lines input whose first line is tag output (it has `entities` and
`attributions`) is counted as it is; other JSON Lines are a corpus, tagged first (the text
in --text-field); other inputs are plain-text documents, tagged first. --tagged and --jsonl
say it instead. --by FIELD groups by a field of the input lines (`quidit tag --jsonl` keeps
the input's fields in its output): `source`, `date:year`, `date:month`, `date:day`.

A line that cannot be read (malformed JSON, no text field) is reported as FILE:LINE[:COLUMN]
and the others are counted. Exit codes: 0 all counted, 1 some inputs or lines failed, 2 bad
usage or a bad gazetteer or rules file, 3 the output could not be written.";

/// Arguments of `quidit report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Tag output (JSON Lines), or a corpus: files, directories (their *.jsonl and *.txt),
    /// `-` for standard input (the default).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The folder to write the report to (made with its parents).
    #[arg(long, short, value_name = "DIR")]
    output: PathBuf,
    /// Inputs are `quidit tag` output, whatever their first line looks like.
    #[arg(long, conflicts_with = "jsonl")]
    tagged: bool,
    #[command(flatten)]
    input: JsonlArgs,
    /// Group the share of women by this field of the input lines (`source`), or by an ISO
    /// date cut to `FIELD:year`, `FIELD:month` or `FIELD:day`.
    #[arg(long, value_name = "FIELD")]
    by: Option<By>,
    /// How many persons, organisations, pairs… the summary and the page list (the CSV files
    /// list all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Example quotes kept per speaker and per accusation pair.
    #[arg(long, value_name = "N", default_value_t = 3)]
    examples: usize,
    /// A folder of per-document pages written by `quidit export --format html`: each
    /// example of the page links to its document's page there, when it has one. Relative
    /// to the report folder (`--pages ../pages`), or absolute.
    #[arg(long, value_name = "DIR")]
    pages: Option<PathBuf>,
    /// Lines (documents) longer than this fail instead of being read. Suffixes K, M, G.
    #[arg(long, value_name = "BYTES", default_value = "100M", value_parser = parse_size)]
    max_doc_bytes: u64,
    /// No progress bar and no summary line (failures are still reported).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    sources: SourceArgs,
}

/// The link from the report in `out` to the page of document `id` under `pages` (as
/// `quidit export --format html` names it), when that page exists.
fn page_of(out: &Path, pages: &Path, id: &str) -> Option<String> {
    let page = pages.join(files::with_ext(&files::stem_of(id), "html"));
    if !out.join(&page).is_file() {
        return None;
    }
    // A link, not a path: forward slashes whatever the platform.
    let parts: Vec<String> = page
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/").replacen("//", "/", 1))
}

fn parse_size(s: &str) -> Result<u64, String> {
    let err = || format!("`{s}`: expected a number of bytes, as 500K, 100M or 2G");
    let i = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let unit = match s[i..].to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        _ => return Err(err()),
    };
    s[..i]
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(err)
}

/// A document to tag: its id, its text, and the `--by` field as JSON.
struct Doc {
    id: String,
    text: String,
    by: Option<Box<RawValue>>,
}

/// Documents are tagged in batches of this many…
const BATCH_DOCS: usize = 256;
/// …or bytes, on every core, then counted in input order.
const BATCH_BYTES: usize = 4_000_000;

/// The run's state: the counters, the tagger (built when a corpus needs one), failures.
struct Run<'a> {
    args: &'a ReportArgs,
    aggregator: Aggregator,
    tagger: Option<Tagger>,
    batch: Vec<Doc>,
    batch_bytes: usize,
    failed: u64,
    bar: ProgressBar,
}

impl Run<'_> {
    fn fail(&mut self, at: &str, e: &dyn std::fmt::Display) {
        self.bar.suspend(|| eprintln!("quidit: {at}: {e}"));
        self.failed += 1;
        self.aggregator.add_failure();
    }

    fn tagger(&mut self) -> Result<&Tagger, ExitCode> {
        if self.tagger.is_none() {
            self.tagger = Some(self.args.sources.tagger()?);
        }
        Ok(self.tagger.as_ref().expect("built above"))
    }

    /// Queues a document to tag; tags the batch when it is full.
    fn push(&mut self, doc: Doc) -> Result<(), ExitCode> {
        self.batch_bytes += doc.text.len();
        self.batch.push(doc);
        if self.batch.len() >= BATCH_DOCS || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Tags the waiting documents in parallel, then counts them in input order (a document
    /// goes through the very JSON line `quidit tag` writes, so that a report from a corpus
    /// and one from tag output count the same).
    fn flush(&mut self) -> Result<(), ExitCode> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let docs = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let by = self.args.by.as_ref().map(|b| b.field.clone());
        let reader = self.aggregator.reader();
        let tagger = self.tagger()?;
        // Tagged, rendered and read back on every core; counted in order below.
        let counted: Vec<Result<Counted, String>> = docs
            .par_iter()
            .map_init(Scratch::default, |scratch, d| {
                let doc = tagger.tag_with(&d.text, scratch);
                let id = serde_json::value::to_raw_value(&d.id).map_err(|e| e.to_string())?;
                // The text goes with the line, as `quidit tag --include-text` writes it: the
                // words before each name are gender evidence.
                let text = serde_json::value::to_raw_value(&d.text).map_err(|e| e.to_string())?;
                let mut head: Vec<(&str, &RawValue)> = vec![("id", &id), ("text", &text)];
                if let (Some(field), Some(value)) = (&by, &d.by) {
                    head.push((field, value));
                }
                let rendered =
                    export::render(export::Format::Jsonl, Head::Fields(&head), 0, &d.text, &doc)
                        .map_err(|e| e.to_string())?;
                scratch.release_after(d.text.len());
                let mut line = String::from_utf8(rendered.corpus_part().to_vec())
                    .map_err(|e| e.to_string())?;
                line.truncate(line.trim_end().len());
                reader.read(line).map_err(|e| e.to_string())
            })
            .collect();
        for (doc, d) in counted.into_iter().zip(&docs) {
            match doc {
                Ok(doc) => self.aggregator.add_counted(doc),
                Err(e) => self.fail(&d.id, &e),
            }
        }
        Ok(())
    }
}

/// What an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tagged,
    JsonlCorpus,
    Text,
}

/// Whether a JSON line is tag output: an object with `entities` and `attributions`.
fn looks_tagged(line: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(o)) => {
            o.contains_key("entities") && o.contains_key("attributions")
        }
        _ => false,
    }
}

fn bar(args: &ReportArgs, inputs: &[PathBuf]) -> ProgressBar {
    if args.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: Option<u64> = inputs
        .iter()
        .map(|p| (p.as_os_str() != "-").then(|| p.metadata().map_or(0, |m| m.len())))
        .sum();
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let style = if total.is_some() {
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta})"
    } else {
        "{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec})"
    };
    if let Ok(style) = ProgressStyle::with_template(style) {
        bar.set_style(style);
    }
    bar
}

/// Reads one input stream, named `name`.
fn read_stream(
    run: &mut Run<'_>,
    name: &str,
    reader: Box<dyn Read>,
    hint: Option<Kind>,
) -> Result<(), ExitCode> {
    let args = run.args;
    if hint == Some(Kind::Text) {
        // A plain-text file is one document, read whole as `quidit tag` reads it.
        let mut bytes = Vec::new();
        let mut reader = reader.take(args.max_doc_bytes.saturating_add(1));
        if let Err(e) = reader.read_to_end(&mut bytes) {
            run.fail(name, &e);
            return Ok(());
        }
        run.bar.inc(bytes.len() as u64);
        if bytes.len() as u64 > args.max_doc_bytes {
            run.fail(name, &"larger than --max-doc-bytes");
            return Ok(());
        }
        return match String::from_utf8(bytes) {
            Ok(text) => run.push(Doc {
                id: name.to_string(),
                text,
                by: None,
            }),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                run.fail(name, &format!("invalid UTF-8 at byte {at}"));
                Ok(())
            }
        };
    }
    let mut lines = Lines::new(
        BufReader::with_capacity(1 << 16, reader),
        args.max_doc_bytes,
    );
    let mut kind = hint;
    let mut text = String::new();
    loop {
        let line = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                run.fail(&format!("{name}:{}", lines.number()), &e);
                break;
            }
        };
        run.bar.inc(line.len);
        let at = format!("{name}:{}", line.number);
        let Some(bytes) = line.bytes else {
            run.fail(
                &at,
                &format!(
                    "line longer than --max-doc-bytes ({} bytes)",
                    args.max_doc_bytes
                ),
            );
            continue;
        };
        if kind != Some(Kind::Text) && bytes.trim_ascii().is_empty() {
            continue;
        }
        let kind = *kind.get_or_insert_with(|| {
            if args.input.jsonl {
                Kind::JsonlCorpus
            } else if args.tagged || looks_tagged(&bytes) {
                Kind::Tagged
            } else if bytes.trim_ascii_start().starts_with(b"{") {
                Kind::JsonlCorpus
            } else {
                Kind::Text
            }
        });
        if kind == Kind::Tagged {
            // The rest of the stream is tag output: read here, counted on another thread.
            count_tagged(run, name, &mut lines, line.number, bytes);
            return Ok(());
        }
        let line = match String::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                let col = e.utf8_error().valid_up_to() + 1;
                run.fail(&format!("{at}:{col}"), &"invalid UTF-8");
                if kind == Kind::Text {
                    return Ok(());
                }
                continue;
            }
        };
        match kind {
            Kind::Tagged => unreachable!("handed to count_tagged above"),
            Kind::JsonlCorpus => match corpus_line(&line, &args.input, args.by.as_ref(), &at) {
                Ok(doc) => run.push(doc)?,
                Err(e) => run.fail(&e.0, &e.1),
            },
            Kind::Text => {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    if kind == Some(Kind::Text) {
        // Lines lose their line break when read: the last one had none only if the input
        // did not end with one, which changes no count.
        run.push(Doc {
            id: name.to_string(),
            text,
            by: None,
        })?;
    }
    Ok(())
}

/// Lines of tag output counted at once: enough to keep every core busy parsing, few enough
/// that memory stays a few megabytes whatever the corpus.
const TAGGED_BATCH_LINES: usize = 1024;
/// …or this many bytes.
const TAGGED_BATCH_BYTES: usize = 4 << 20;

/// What the reading thread hands to the counting one: a line with its number, or a line
/// that could not be read, with its number and why. The place (`file:line`) is written only
/// for a fault, not for every line.
enum Entry {
    Line(u64, Vec<u8>),
    Fault(u64, String),
}

/// Tag output, from the line `first` (number `first_number`) to the end of `lines`: read on this
/// thread and counted on another, batch by batch, so that reading the next batch overlaps
/// parsing and counting the last one (each batch is parsed on every core,
/// `Aggregator::add_lines`, and counted in order: the counts are those of one line at a
/// time). Faults are reported in input order.
fn count_tagged<R: Read>(
    run: &mut Run<'_>,
    name: &str,
    lines: &mut Lines<R>,
    first_number: u64,
    first: Vec<u8>,
) {
    let max = run.args.max_doc_bytes;
    let Run {
        aggregator,
        failed,
        bar,
        ..
    } = run;
    let counting_bar = bar.clone();
    // Two batches in flight at most: memory stays a few batches whatever the corpus.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Entry>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let fail = |failed: &mut u64, aggregator: &mut Aggregator, at: &str, e: &str| {
                counting_bar.suspend(|| eprintln!("quidit: {name}:{at}: {e}"));
                *failed += 1;
                aggregator.add_failure();
            };
            // A batch read (UTF-8 checked, JSON parsed, keys hashed: on every core), to be
            // counted in order.
            type ReadBatch = Vec<Result<Counted, (String, String)>>;
            let reader = aggregator.reader();
            let read = |batch: Vec<Entry>| -> ReadBatch {
                batch
                    .into_par_iter()
                    .map(|entry| match entry {
                        Entry::Line(n, bytes) => {
                            let line = String::from_utf8(bytes).map_err(|e| {
                                let col = e.utf8_error().valid_up_to() + 1;
                                (format!("{n}:{col}"), "invalid UTF-8".to_string())
                            })?;
                            reader.read(line).map_err(|e| {
                                let at = match e.column() {
                                    Some(c) => format!("{n}:{c}"),
                                    None => n.to_string(),
                                };
                                (at, e.to_string())
                            })
                        }
                        Entry::Fault(n, why) => Err((n.to_string(), why)),
                    })
                    .collect()
            };
            let count = |read: ReadBatch, failed: &mut u64, aggregator: &mut Aggregator| {
                for doc in read {
                    match doc {
                        Ok(doc) => aggregator.add_counted(doc),
                        Err((at, why)) => fail(failed, aggregator, &at, &why),
                    }
                }
            };
            // A pipeline: the next batch is read while the last one is counted.
            let mut last: Option<ReadBatch> = None;
            for batch in receive {
                let (next, ()) = rayon::join(
                    || read(batch),
                    || {
                        if let Some(last) = last.take() {
                            count(last, failed, aggregator);
                        }
                    },
                );
                last = Some(next);
            }
            if let Some(last) = last {
                count(last, failed, aggregator);
            }
        });
        let mut batch = vec![Entry::Line(first_number, first)];
        let mut bytes = 0usize;
        loop {
            let line = match lines.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => break,
                Err(e) => {
                    batch.push(Entry::Fault(lines.number(), e.to_string()));
                    break;
                }
            };
            bar.inc(line.len);
            match line.bytes {
                None => batch.push(Entry::Fault(
                    line.number,
                    format!("line longer than --max-doc-bytes ({max} bytes)"),
                )),
                Some(b) if b.trim_ascii().is_empty() => {}
                Some(b) => {
                    bytes += b.len();
                    batch.push(Entry::Line(line.number, b));
                }
            }
            if batch.len() >= TAGGED_BATCH_LINES || bytes >= TAGGED_BATCH_BYTES {
                if send.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                bytes = 0;
            }
        }
        let _ = send.send(batch);
        drop(send);
    });
}

/// A corpus JSON line as a document to tag, or (place, error).
fn corpus_line(
    line: &str,
    fields: &JsonlArgs,
    by: Option<&By>,
    at: &str,
) -> Result<Doc, (String, String)> {
    let value: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(line).map_err(|e| {
            (
                format!("{at}:{}", e.column()),
                format!("malformed JSON: {e}"),
            )
        })?;
    let text = match value.get(&fields.text_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => {
            return Err((
                at.to_string(),
                format!("no string field `{}`", fields.text_field),
            ));
        }
    };
    let id = match value.get(&fields.id_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => at.to_string(),
    };
    let by = by
        .and_then(|b| value.get(&b.field))
        .and_then(|v| serde_json::value::to_raw_value(v).ok());
    Ok(Doc { id, text, by })
}

/// Runs `quidit report`.
pub fn run(args: ReportArgs) -> ExitCode {
    let mut inputs: Vec<(PathBuf, Option<Kind>)> = Vec::new();
    if args.inputs.is_empty() {
        inputs.push((PathBuf::from("-"), None));
    }
    for path in &args.inputs {
        if path.as_os_str() == "-" {
            inputs.push((path.clone(), None));
        } else if path.is_dir() {
            let keep = |p: &Path| p.extension().is_some_and(|e| e == "jsonl" || e == "txt");
            match files::below(path, keep) {
                Ok(found) => {
                    for f in found.noted("quidit report") {
                        let txt = f.extension().is_some_and(|e| e == "txt");
                        inputs.push((f, txt.then_some(Kind::Text)));
                    }
                }
                Err(e) => {
                    eprintln!(
                        "quidit: error: {}: cannot read directory: {e}",
                        path.display()
                    );
                    return ExitCode::from(2);
                }
            }
        } else if !path.exists() {
            eprintln!(
                "quidit: error: {}: no such file or directory",
                path.display()
            );
            return ExitCode::from(2);
        } else {
            let txt =
                !args.tagged && !args.input.jsonl && path.extension().is_some_and(|e| e == "txt");
            inputs.push((path.clone(), txt.then_some(Kind::Text)));
        }
    }
    if inputs.is_empty() {
        eprintln!("quidit: error: no document: no *.jsonl or *.txt file in the folders given");
        return ExitCode::from(2);
    }
    if inputs.iter().filter(|(p, _)| p.as_os_str() == "-").count() > 1 {
        eprintln!("quidit: error: standard input (`-`) can be read only once");
        return ExitCode::from(2);
    }
    // Checked before anything is read: a folder quidit cannot make is bad usage.
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!(
            "quidit: error: --output {}: cannot make the folder: {e}",
            args.output.display()
        );
        return ExitCode::from(2);
    }
    crate::cli::files::remove_temporaries_on_signals();
    let paths: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();
    let start = std::time::Instant::now();
    let mut run = Run {
        args: &args,
        aggregator: Aggregator::new(Options {
            by: args.by.clone(),
            top: args.top,
            examples: args.examples,
        }),
        tagger: None,
        batch: Vec::new(),
        batch_bytes: 0,
        failed: 0,
        bar: bar(&args, &paths),
    };
    for (path, hint) in inputs {
        let stdin = path.as_os_str() == "-";
        let name = if stdin {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        let reader: Box<dyn Read> = if stdin {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(&path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    run.fail(&name, &e);
                    continue;
                }
            }
        };
        if let Err(code) = read_stream(&mut run, &name, reader, hint) {
            return code;
        }
    }
    if let Err(code) = run.flush() {
        return code;
    }
    run.bar.finish_and_clear();
    let failed = run.failed;
    let report = run.aggregator.finish();
    // The tagger is dropped at exit by the system (see `tag`): freeing it costs time.
    std::mem::forget(run.tagger);
    let mut speakers = Vec::new();
    let mut accusations = Vec::new();
    let written = report
        .write_speakers_csv(&mut speakers)
        .and_then(|()| report.write_accusations_csv(&mut accusations))
        .and_then(|()| {
            let out = &args.output;
            OutFile::write_whole(&out.join("speakers.csv"), &speakers)?;
            OutFile::write_whole(&out.join("accusations.csv"), &accusations)?;
            OutFile::write_whole(&out.join("summary.json"), report.summary_json().as_bytes())?;
            let mut view = quidit::report::html::ReportView::from(&report.summary);
            if let Some(pages) = &args.pages {
                view.link_documents(|id| page_of(out, pages, id));
            }
            let page = quidit::report::html::render_view(&view).map_err(std::io::Error::other)?;
            OutFile::write_whole(&out.join("index.html"), page.as_bytes())
        });
    if let Err(e) = written {
        eprintln!(
            "quidit: error: cannot write the report to {}: {e}",
            args.output.display()
        );
        return ExitCode::from(3);
    }
    if !args.quiet {
        let s = &report.summary;
        eprintln!(
            "quidit report: {} documents, {} failed; {} attributions, {} speakers; {:.1} s; \
             written to {}",
            s.documents,
            failed,
            s.attributions.total,
            report.speakers.len(),
            start.elapsed().as_secs_f64(),
            args.output.display()
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
