//! The documents of a corpus, for the commands that read one whole and tag it themselves
//! (`explain`, `coverage`): files, folders and standard input, plain text or JSON Lines with
//! the options every such command shares ([`JsonlArgs`]). (`tag` has its own batched,
//! ordered reader: it streams millions of lines.)

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::cli::source::JsonlArgs;

/// Reads the documents of one input (a file, a folder of *.txt or, with --jsonl, *.jsonl,
/// or `-`) and hands each to `each` (id, text); a document that cannot be read is reported
/// on stderr and the others are read. Returns how many failed.
pub fn read(
    input: &Path,
    jsonl: &JsonlArgs,
    command: &str,
    each: &mut dyn FnMut(&str, &str),
) -> usize {
    let mut failed = 0;
    let failed = &mut failed;
    let fail = |at: &str, e: &dyn std::fmt::Display, failed: &mut usize| {
        eprintln!("quidit: {at}: {e}");
        *failed += 1;
    };
    let stdin = input.as_os_str() == "-";
    let files: Vec<PathBuf> = if !stdin && input.is_dir() {
        let ext = if jsonl.jsonl { "jsonl" } else { "txt" };
        crate::cli::files::with_extension(input, ext)
            .map(|f| f.noted(command))
            .unwrap_or_default()
    } else {
        vec![input.to_path_buf()]
    };
    for file in files {
        let name = if stdin {
            "stdin".to_string()
        } else {
            file.display().to_string()
        };
        let reader: Box<dyn BufRead> = if stdin {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(&file) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    fail(&name, &e, failed);
                    continue;
                }
            }
        };
        if !jsonl.jsonl {
            let mut bytes = Vec::new();
            let mut reader = reader;
            if let Err(e) = std::io::Read::read_to_end(&mut reader, &mut bytes) {
                fail(&name, &e, failed);
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) => each(&name, &text),
                Err(e) => {
                    let e = format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to());
                    fail(&name, &e, failed);
                }
            }
            continue;
        }
        for (n, line) in reader.lines().enumerate() {
            let at = format!("{name}:{}", n + 1);
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    fail(&at, &e, failed);
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => {
                    fail(&format!("{at}:{}", e.column()), &e, failed);
                    continue;
                }
            };
            let Some(text) = value.get(&jsonl.text_field).and_then(|t| t.as_str()) else {
                fail(
                    &at,
                    &format!("no string field {:?}", jsonl.text_field),
                    failed,
                );
                continue;
            };
            let id = match value.get(&jsonl.id_field) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => at.clone(),
            };
            each(&id, text);
        }
    }
    *failed
}
