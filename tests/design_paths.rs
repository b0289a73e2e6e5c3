//! `DESIGN.md` and `docs/performance.md` name the files that hold each stage; a reader who
//! follows a path must find it. Every path written in backquotes that starts with a folder
//! of the repository (`src/`, `rules/`, `gazetteers/`, `scripts/`, `tests/`, `benches/`,
//! `docs/`) must exist; `file.rs::item` and `file:line` suffixes are the file's.

use std::path::Path;

/// The backquoted repository paths of `doc`, with their line numbers.
fn paths(doc: &str) -> Vec<(usize, String)> {
    const ROOTS: &[&str] = &[
        "src/",
        "rules/",
        "gazetteers/",
        "scripts/",
        "tests/",
        "benches/",
        "docs/",
    ];
    let mut out = Vec::new();
    for (n, line) in doc.lines().enumerate() {
        for (i, quoted) in line.split('`').enumerate() {
            // Odd pieces are inside backquotes.
            if i % 2 == 0 || !ROOTS.iter().any(|r| quoted.starts_with(r)) {
                continue;
            }
            let path = quoted
                .split("::")
                .next()
                .unwrap_or(quoted)
                .split(':')
                .next()
                .unwrap_or(quoted)
                .split_whitespace()
                .next()
                .unwrap_or(quoted);
            // A glob or a placeholder names no one file.
            if path.contains('*') || path.contains('<') || path.contains('{') {
                continue;
            }
            out.push((n + 1, path.to_string()));
        }
    }
    out
}

#[test]
fn every_path_the_design_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    let mut seen = 0;
    for doc in ["DESIGN.md", "docs/performance.md"] {
        let Ok(text) = std::fs::read_to_string(root.join(doc)) else {
            missing.push(format!("{doc}: the document itself"));
            continue;
        };
        for (line, path) in paths(&text) {
            seen += 1;
            if !root.join(&path).exists() {
                missing.push(format!("{doc}:{line}: `{path}`"));
            }
        }
    }
    assert!(seen > 20, "only {seen} paths found: is the pattern right?");
    assert!(
        missing.is_empty(),
        "paths named but missing:\n{}",
        missing.join("\n")
    );
}
