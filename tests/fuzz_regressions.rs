//! The fuzz targets' corpora and past failures, replayed on stable without cargo-fuzz: every
//! file of `fuzz/corpus/TARGET/` (the inputs libFuzzer kept for their coverage, minimised)
//! and of `tests/data/fuzz/TARGET/` (inputs that once made a target fail, kept after the fix)
//! goes through `quidit::fuzzing::TARGET`, the very check the fuzz target runs.

use std::path::{Path, PathBuf};

/// The files of `dir` under the crate root, in name order.
fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs the check of `target` on its corpus and its past failures; names every input that
/// fails.
fn replay(target: &str) {
    let (_, check) = quidit::fuzzing::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a fuzz target");
    let corpus = files(&format!("fuzz/corpus/{target}"));
    assert!(!corpus.is_empty(), "no corpus for the fuzz target {target}");
    let inputs: Vec<PathBuf> = corpus
        .into_iter()
        .chain(files(&format!("tests/data/fuzz/{target}")))
        .collect();
    // On every core: a debug build compiles the built-in rules once an input of `rules`.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads).max(1);
    let failed: Vec<String> = std::thread::scope(|scope| {
        let running: Vec<_> = inputs
            .chunks(chunk)
            .map(|paths| {
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for path in paths {
                        let data = std::fs::read(path).expect("a readable input");
                        if std::panic::catch_unwind(|| check(&data)).is_err() {
                            failed.push(path.display().to_string());
                        }
                    }
                    failed
                })
            })
            .collect();
        running
            .into_iter()
            .flat_map(|t| t.join().expect("a replay thread"))
            .collect()
    });
    assert!(failed.is_empty(), "{target} fails on {failed:#?}");
}

#[test]
fn tokens() {
    replay("tokens");
}

#[test]
fn gazetteer() {
    replay("gazetteer");
}

#[test]
fn rules() {
    replay("rules");
}

#[test]
fn jsonl() {
    replay("jsonl");
}

#[test]
fn pipeline() {
    replay("pipeline");
}

/// The replay can fail: a span off a character boundary is caught.
#[test]
#[should_panic(expected = "character boundaries")]
fn a_span_inside_a_character_fails_the_check() {
    let span = quidit::Span {
        start: 1,
        end: 2,
        char_start: 1,
        char_end: 2,
    };
    quidit::fuzzing::check_span("é!", span);
}

/// Every target has a test above, and its inputs a folder.
#[test]
fn every_target_is_replayed() {
    let names: Vec<_> = quidit::fuzzing::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["tokens", "gazetteer", "rules", "jsonl", "pipeline"]);
}
