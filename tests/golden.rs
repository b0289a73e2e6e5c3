//! Golden outputs for whole documents: each `tests/golden/NAME.txt` is tagged with the
//! built-in gazetteers and compared with `NAME.jsonl`. After a deliberate change, rewrite
//! the expected files with `QUIDIT_BLESS=1 cargo test --test golden` and review the diff.

use std::path::Path;

use quidit::export::{Format, Head, render};

#[test]
fn golden_documents() {
    let tagger = quidit::Tagger::builder().build().expect("built-ins load");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("QUIDIT_BLESS").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let mut failures = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).expect("UTF-8 input");
        let id = input.file_name().unwrap().to_string_lossy().into_owned();
        let line = render(Format::Jsonl, Head::Id(&id), 0, &text, &tagger.tag(&text))
            .expect("writes to memory");
        let got = pretty(line.corpus_part());
        let expected_path = input.with_extension("jsonl");
        if bless {
            std::fs::write(&expected_path, &got).expect("writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!(
                "{}: output differs from {} (QUIDIT_BLESS=1 to accept):\n{}",
                input.display(),
                expected_path.display(),
                diff(&expected, &got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One entity, then one attribution, a line, so that a change reads as a line diff.
fn pretty(line: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(line).expect("valid JSON");
    let mut out = format!("{{\"id\":{}}}\n", v["id"]);
    for key in ["entities", "attributions", "identities"] {
        for e in v[key].as_array().map(Vec::as_slice).unwrap_or_default() {
            out.push_str(&e.to_string());
            out.push('\n');
        }
    }
    out
}

fn diff(expected: &str, got: &str) -> String {
    let e: Vec<_> = expected.lines().collect();
    let g: Vec<_> = got.lines().collect();
    let mut out = String::new();
    for l in &e {
        if !g.contains(l) {
            out.push_str(&format!("- {l}\n"));
        }
    }
    for l in &g {
        if !e.contains(l) {
            out.push_str(&format!("+ {l}\n"));
        }
    }
    out
}
