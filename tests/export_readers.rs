//! Every export format, proven with the tools' own readers: the project's fixtures
//! (`tests/exports/*.txt`, rich in quotes and accusations, one with emoji, « », U+202F) are
//! tagged, exported with `quidit export` and with `quidit tag --format F` (which must give
//! the same files), then `scripts/validate_exports.py` loads each format with its reader
//! (brat's own parser and checker, dkpro-cassis, conllu, seqeval, spaCy) and compares spans,
//! texts, relations and kinds with the JSON Lines.
//!
//! The readers live in a Python virtual environment that `.ci/run` installs
//! (`.venv-readers/`, or the interpreter named by `QUIDIT_READERS_PYTHON`). Without it the
//! reader tests say so and pass, unless `QUIDIT_REQUIRE_READERS` is set (as `.ci/run` does).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{quidit, stderr};

const FORMATS: [&str; 8] = [
    "brat",
    "xmi",
    "labelstudio",
    "doccano",
    "conll",
    "conllu",
    "spacy",
    "html",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs quidit from the project's root, so that ids are `tests/exports/NAME.txt`.
fn run(args: &[&str]) {
    let o = common::command()
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "quidit {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The fixtures tagged, and exported both ways into `DIR/export/F` and `DIR/tag/F`, once for
/// all the tests of this file (each `quidit tag` builds a tagger, slow in a debug build).
fn exports() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export_readers");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let tagged = dir.join("tagged.jsonl");
        run(&["tag", "-q", "tests/exports/", "--output", &s(&tagged)]);
        for f in FORMATS {
            export(&tagged, f, &dir.join("export").join(f));
            let out = dir.join("tag").join(f);
            run(&[
                "tag",
                "-q",
                "--format",
                f,
                "--output",
                &s(&out),
                "tests/exports/",
            ]);
        }
        dir
    })
}

fn export(tagged: &Path, format: &str, out: &Path) {
    run(&[
        "export",
        "--format",
        format,
        "--output",
        &s(out),
        &s(tagged),
    ]);
}

/// Every file below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = common::files_below(dir)
        .unwrap()
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

#[test]
fn tag_and_export_write_the_same_files() {
    let dir = exports();
    for f in FORMATS {
        let tagged = dir.join("tag").join(f);
        // `export` names files by id (tests/exports/NAME), `tag` by path under its input.
        let exported = dir.join("export").join(f);
        let listed = files(&tagged);
        assert!(!listed.is_empty(), "{f}: no files");
        for rel in listed {
            let inner = exported.join("tests/exports").join(&rel);
            let other = if inner.exists() {
                inner
            } else {
                exported.join(&rel)
            };
            let read = |p: &Path| {
                String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default())
                    // The pages link to the index from folders of other depths.
                    .replace("../", "")
            };
            // The index links to pages whose folders differ; everything else is equal.
            if rel != Path::new("index.html") {
                let same = read(&tagged.join(&rel)) == read(&other);
                assert!(
                    same,
                    "{f}: {} differs from {}",
                    rel.display(),
                    other.display()
                );
            }
        }
    }
}

/// The Python of the readers' environment, if there is one.
fn readers() -> Option<PathBuf> {
    let python = std::env::var_os("QUIDIT_READERS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv-readers/bin/python"));
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("QUIDIT_REQUIRE_READERS").is_none(),
        "QUIDIT_REQUIRE_READERS is set but {} does not exist",
        python.display()
    );
    eprintln!(
        "SKIPPED: the readers' Python environment ({}) is missing; `bash .ci/run` installs it",
        python.display()
    );
    None
}

fn validate(python: &Path, tagged: &Path, exports: &Path, formats: &str) -> (bool, String) {
    let o = Command::new(python)
        .arg(root().join("scripts/validate_exports.py"))
        .arg(tagged)
        .arg(exports)
        .args(["--formats", formats])
        .current_dir(root())
        .output()
        .expect("python runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), said)
}

#[test]
fn every_format_loads_in_its_reader_with_the_same_annotations() {
    let Some(python) = readers() else { return };
    let dir = exports();
    let tagged = dir.join("tagged.jsonl");
    let (ok, said) = validate(&python, &tagged, &dir.join("export"), &FORMATS.join(","));
    println!("{said}");
    assert!(ok, "{said}");
    assert!(said.contains(", 0 problems"), "{said}");
}

/// Exports brat and XMI afresh, to be spoilt.
fn fresh_exports(tagged: &Path, dir: &Path) {
    for f in ["brat", "xmi"] {
        export(tagged, f, &dir.join(f));
    }
}

#[test]
fn the_readers_catch_shifted_offsets() {
    let Some(python) = readers() else { return };
    let tagged = exports().join("tagged.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().to_path_buf();
    fresh_exports(&tagged, &export);
    // brat: byte offsets instead of code points make brat skip the line; the check sees it.
    let ann = export.join("brat/tests/exports/diplomatie.ann");
    let text = std::fs::read_to_string(&ann).unwrap();
    let first = text.lines().next().unwrap().to_string();
    let mut fields: Vec<String> = first.split(['\t', ' ']).map(String::from).collect();
    for f in &mut fields[2..4] {
        *f = (f.parse::<usize>().unwrap() + 6).to_string();
    }
    let shifted = format!(
        "{}\t{} {} {}\t{}",
        fields[0],
        fields[1],
        fields[2],
        fields[3],
        fields[4..].join(" ")
    );
    std::fs::write(&ann, text.replacen(&first, &shifted, 1)).unwrap();
    let (ok, said) = validate(&python, &tagged, &export, "brat");
    assert!(!ok && said.contains("brat skipped line 1"), "{said}");
    // XMI: code points where UIMA counts UTF-16 units (🇫🇷 opens the text: 2 code points,
    // 4 units) shift every span; cassis reads them, the comparison sees it.
    let xmi = export.join("xmi/tests/exports/diplomatie.xmi");
    let text = std::fs::read_to_string(&xmi).unwrap();
    let span = regex::Regex::new(r#"(<custom:Quidit [^>]*?)begin="(\d+)" end="(\d+)""#).unwrap();
    let broken = span.replace_all(&text, |c: &regex::Captures<'_>| {
        let n = |i: usize| c[i].parse::<usize>().unwrap().saturating_sub(2);
        format!("{}begin=\"{}\" end=\"{}\"", &c[1], n(2), n(3))
    });
    std::fs::write(&xmi, broken.as_bytes()).unwrap();
    let (ok, said) = validate(&python, &tagged, &export, "xmi");
    assert!(!ok && said.contains("spans differ"), "{said}");
}

#[test]
fn a_quidit_line_that_does_not_match_its_text_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "a.txt", "Selon l'OSDH, à Idlib.");
    let line = r#"{"id":"a.txt","entities":[{"start":16,"end":21,"byte_start":17,"byte_end":22,"label":"LOC","text":"Idlib","subtype":"villes","provenance":{"type":"rule","id":"x"}}],"attributions":[]}"#;
    let bad = line.replace("\"byte_start\":17", "\"byte_start\":16");
    common::write(dir.path(), "t.jsonl", format!("{line}\n{bad}\nnot json\n"));
    let out = dir.path().join("out");
    let o = quidit(
        &[
            "export",
            "--format",
            "brat",
            "--texts",
            &dir.path().display().to_string(),
            "--output",
            &out.display().to_string(),
            &dir.path().join("t.jsonl").display().to_string(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("t.jsonl:2: entity 0"), "{err}");
    assert!(err.contains("t.jsonl:3: column 2: malformed"), "{err}");
    let ann = std::fs::read_to_string(out.join("a.ann")).unwrap();
    assert!(ann.starts_with("T1\tLOC 16 21\tIdlib\n"), "{ann}");
}
