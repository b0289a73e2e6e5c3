//! The run: read jobs in input order into bounded batches, tag each batch on every core,
//! write its results in order, go on with the next.

use std::io;
use std::sync::{Mutex, PoisonError};

use quidit::{Scratch, Tagger};
use rayon::prelude::*;

use super::config::Config;
use super::input::{InputKind, Lines};
use super::job::{Done, Job};
use super::memory::{self, Plan};
use super::output::Sink;
use super::report::{Failure, Report, Total};
use super::work::{self, Context};

/// A batch is tagged once it has this many documents…
const BATCH_DOCS: usize = 1024;
/// …or this many bytes of input: memory stays bounded whatever the size of the input. (Small
/// enough for the summary's docs/s to move often, large enough that the last document of a
/// batch rarely keeps a core waiting.)
const BATCH_BYTES: u64 = 4_000_000;

/// Tags every input; returns how many documents failed. An error is one of writing the
/// output (reading faults fail their documents and are counted instead).
pub fn tag_all(tagger: &Tagger, config: &Config) -> io::Result<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.unwrap_or(0))
        .build()
        .map_err(io::Error::other)?;
    // Known when every input is a file: plain-text files are one document each (the bar
    // counts them); JSON Lines files have a size (the bar counts bytes).
    let bytes: Option<u64> = config
        .inputs
        .iter()
        .map(|i| match i.kind {
            InputKind::File => Some(i.size().unwrap_or(0)),
            InputKind::Refused(_) => Some(0),
            InputKind::Stdin | InputKind::Stream => None,
        })
        .sum();
    let total = match (bytes, config.jsonl.is_some()) {
        (Some(_), false) => Total::Documents(config.inputs.len() as u64),
        (Some(bytes), true) => Total::Bytes(bytes),
        (None, _) => Total::Unknown,
    };
    let mut batches = Batches {
        ctx: Context { tagger, config },
        scratches: (0..pool.current_num_threads())
            .map(|_| Mutex::default())
            .collect(),
        pool,
        sink: Sink::open(&config.output, config.jsonl.is_some())?,
        report: Report::new(
            config.quiet,
            total,
            config.skipped,
            config.failures.as_deref(),
        )?,
        jobs: Vec::new(),
        bytes: 0,
    };
    for (index, input) in config.inputs.iter().enumerate() {
        let complete = match (&config.jsonl, input.kind) {
            (None, InputKind::File) => {
                batches.push(Job::File { input: index }, input.size().unwrap_or(0))?;
                true
            }
            (_, InputKind::Refused(why)) => {
                let e = format!("cannot read: {why}");
                batches.push(Job::Failed(Failure::new(input, None, None, e)), 0)?;
                false
            }
            (None, InputKind::Stdin | InputKind::Stream) => {
                let (job, size) = match input.read_document(config.max_doc_bytes) {
                    Ok(bytes) => {
                        let size = bytes.len() as u64;
                        let job = Job::Text {
                            input: index,
                            bytes,
                        };
                        (job, size)
                    }
                    Err(e) => (Job::Failed(Failure::new(input, None, None, e)), 0),
                };
                batches.push(job, size)?;
                true
            }
            (Some(_), _) => batches.read_lines(index)?,
        };
        batches.push(
            Job::End {
                input: index,
                complete,
            },
            0,
        )?;
    }
    batches.flush()?;
    batches.sink.finish()?;
    batches.report.finish()
}

/// Jobs waiting to be tagged, and what tags and writes them.
struct Batches<'a> {
    ctx: Context<'a>,
    pool: rayon::ThreadPool,
    /// One per worker thread, kept from batch to batch.
    scratches: Vec<Mutex<Scratch>>,
    sink: Sink<'a>,
    report: Report,
    /// Each with the bytes of input it comes from.
    jobs: Vec<(Job, u64)>,
    /// Bytes of input the waiting jobs came from.
    bytes: u64,
}

impl Batches<'_> {
    /// Queues a job, under the memory budget: a document too large to be tagged beside
    /// others is tagged alone (the batch before it is flushed first, so the order of the
    /// output is kept), one too large even alone fails.
    fn push(&mut self, job: Job, bytes: u64) -> io::Result<()> {
        let config = self.ctx.config;
        let threads = self.pool.current_num_threads();
        let job = match (
            job.document(),
            memory::plan(bytes, threads, config.max_memory),
        ) {
            (Some((input, line)), Plan::TooLarge(need)) => {
                let e = format!(
                    "document of {} would take about {} to tag, more than --max-memory ({}): \
                     raise --max-memory or split the document",
                    memory::human(bytes),
                    memory::human(need),
                    memory::human(config.max_memory),
                );
                Job::Failed(Failure::new(&config.inputs[input], line, None, e))
            }
            (Some(_), Plan::Alone) => {
                // The documents before it first, then it alone in a batch of its own.
                self.flush()?;
                self.jobs.push((job, bytes));
                self.bytes += bytes;
                return self.flush();
            }
            _ => job,
        };
        self.jobs.push((job, bytes));
        self.bytes += bytes;
        if self.jobs.len() >= BATCH_DOCS || self.bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Reads the lines of a JSON Lines input into jobs; returns whether it was read to its
    /// end.
    fn read_lines(&mut self, index: usize) -> io::Result<bool> {
        let config = self.ctx.config;
        let input = &config.inputs[index];
        let reader = match input.open() {
            Ok(r) => r,
            Err(e) => {
                let f = Failure::new(input, None, None, format!("cannot read: {e}"));
                self.push(Job::Failed(f), 0)?;
                return Ok(false);
            }
        };
        let mut lines = Lines::new(reader, config.max_doc_bytes);
        loop {
            let job = match lines.next_line() {
                Ok(None) => return Ok(true),
                Ok(Some(line)) => match line.bytes {
                    Some(bytes) if bytes.trim_ascii().is_empty() => {
                        self.bytes += line.len;
                        continue;
                    }
                    Some(bytes) => (
                        Job::Line {
                            input: index,
                            line: line.number,
                            bytes,
                        },
                        line.len,
                    ),
                    None => {
                        let e = super::input::too_large(config.max_doc_bytes);
                        (
                            Job::Failed(Failure::new(input, Some(line.number), None, e)),
                            line.len,
                        )
                    }
                },
                Err(e) => {
                    let e = format!("cannot read: {e}");
                    let f = Failure::new(input, Some(lines.number()), None, e);
                    self.push(Job::Failed(f), 0)?;
                    return Ok(false);
                }
            };
            self.push(job.0, job.1)?;
            // The next line may not be written yet (a filter fed line by line): answer what
            // came so far instead of waiting for a full batch.
            if input.is_stream() && lines.drained() {
                self.flush()?;
            }
        }
    }

    /// Tags the waiting jobs in parallel and writes their results in order.
    fn flush(&mut self) -> io::Result<()> {
        let jobs = std::mem::take(&mut self.jobs);
        let sizes: Vec<u64> = jobs.iter().map(|(_, bytes)| *bytes).collect();
        let (ctx, scratches) = (&self.ctx, &self.scratches);
        let bar = self.report.bar();
        let report = &self.report;
        let done: Vec<Done> = self.pool.install(|| {
            jobs.into_par_iter()
                .map(|(job, bytes)| {
                    let thread = rayon::current_thread_index().unwrap_or(0);
                    let mut scratch = scratches[thread]
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    // The end of an input is no document: it does not move the bar.
                    let step = match job {
                        Job::End { .. } => 0,
                        _ => report.step(bytes),
                    };
                    let done = work::work(ctx, job, &mut scratch);
                    bar.inc(step);
                    done
                })
                .collect()
        });
        for (d, size) in done.into_iter().zip(sizes) {
            match &d {
                Done::Failed(f) => self.report.failure(f)?,
                Done::Tagged { .. } => self.report.tagged(size),
                Done::End { .. } => {}
            }
            self.sink.write(d, &self.ctx.config.inputs)?;
        }
        self.sink.end_batch()?;
        self.report.advance(std::mem::take(&mut self.bytes));
        Ok(())
    }
}
