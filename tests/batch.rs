//! `quidit tag` on corpora: directories and JSON Lines, faults that fail one document and
//! not the others, the same bytes on any number of threads, resumable atomic output.

mod common;

use std::path::Path;

use common::{gazetteers, quidit, stderr, stdout, write};
use serde_json::Value;

/// `tag` with the small test gazetteers, then `args`.
fn tag(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let g = gazetteers(dir);
    let mut all = vec!["tag", "--no-builtin-gazetteers", "--gazetteers", &g];
    all.extend_from_slice(args);
    quidit(&all, stdin)
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temporary paths")
}

/// Every file below `dir`, as paths relative to it.
fn files_below(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = common::files_below(dir)
        .unwrap()
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    found.sort();
    found
}

#[test]
fn a_faulty_directory_still_tags_every_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Selon l'OSDH, à Idlib.");
    write(&corpus, "bad.txt", b"Des combats \xE0 Idlib.");
    write(&corpus, "empty.txt", b"");
    // 50 MB: a French sentence every 10 kB, the rest line breaks, so that a debug build
    // tags it quickly.
    let block = "À Idlib, selon l'OSDH, les combats continuent.\n";
    let mut big = String::with_capacity(50_000_000);
    while big.len() < 50_000_000 {
        big.push_str(block);
        big.extend(std::iter::repeat_n('\n', 10_000 - block.len()));
    }
    assert_eq!(big.len(), 50_000_000);
    write(&corpus, "sub/big.txt", &big);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere"), corpus.join("gone.txt")).unwrap();
    let failures = dir.path().join("failures.jsonl");
    let o = tag(
        dir.path(),
        &["--failures", path(&failures), path(&corpus)],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.txt: invalid UTF-8 at byte 12"),
        "the offset of the bad byte: {err}"
    );
    let out = lines(&stdout(&o));
    let ids: Vec<&str> = out.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids[0].ends_with("a.txt") && ids[1].ends_with("empty.txt"));
    assert!(ids[2].ends_with("big.txt"));
    assert_eq!(out[0]["entities"].as_array().unwrap().len(), 2);
    assert_eq!(out[1]["entities"], Value::Array(vec![]));
    // Idlib and OSDH in each of the 5,000 blocks.
    assert_eq!(out[2]["entities"].as_array().unwrap().len(), 10_000);

    let failed = lines(&std::fs::read_to_string(&failures).unwrap());
    let mut expected = 1;
    if cfg!(unix) {
        expected += 1;
        assert!(err.contains("gone.txt: cannot read"), "{err}");
        assert!(
            failed
                .iter()
                .any(|f| f["source"].as_str().unwrap().ends_with("gone.txt"))
        );
    }
    assert_eq!(failed.len(), expected, "{failed:?}");
    let bad = failed
        .iter()
        .find(|f| f["source"].as_str().unwrap().ends_with("bad.txt"));
    assert_eq!(bad.unwrap()["error"], "invalid UTF-8 at byte 12");
    assert!(
        err.contains("3 documents tagged, 2 failed") || !cfg!(unix),
        "the summary: {err}"
    );
}

#[test]
fn a_faulty_jsonl_file_still_tags_every_good_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"a\",\"text\":\"Selon l'OSDH.\"}\n");
    input.extend_from_slice(b"{\"id\":\"b\",\"text\":\"Idlib\"\n"); // no closing brace
    input.extend_from_slice(b"{\"id\":\"c\",\"texte\":\"Idlib\"}\n"); // no text field
    input.extend_from_slice(b"{\"id\":\"d\",\"text\":\"Id\xFFlib\"}\n"); // invalid UTF-8
    input.extend_from_slice(b"\n"); // blank lines are skipped
    input.extend_from_slice(b"{\"id\":\"e\",\"text\":\"Tours et Idlib, encore Idlib.\"}\n");
    input.extend_from_slice(b"{\"id\":\"f\",\"text\":7}\n");
    input.extend_from_slice(b"{\"id\":\"g\",\"text\":\"Tours\"}"); // no final line break
    let jsonl = dir.path().join("in.jsonl");
    write(dir.path(), "in.jsonl", &input);
    let failures = dir.path().join("failures.jsonl");
    let o = tag(
        dir.path(),
        &[
            "--jsonl",
            "--max-doc-bytes",
            "45",
            "--failures",
            path(&failures),
            path(&jsonl),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let ids: Vec<Value> = lines(&stdout(&o)).iter().map(|l| l["id"].clone()).collect();
    assert_eq!(ids, ["a", "g"]);
    let err = stderr(&o);
    let name = path(&jsonl);
    for message in [
        format!("{name}:2:24: malformed JSON: EOF while parsing an object"),
        format!("{name}:3: no `text` field"),
        format!("{name}:4:21: invalid UTF-8 at byte 20 of the line"),
        format!("{name}:6: document larger than --max-doc-bytes (45 bytes)"),
        format!("{name}:7: the `text` field is not a string"),
    ] {
        assert!(err.contains(&message), "{message} in {err}");
    }
    let failed = lines(&std::fs::read_to_string(&failures).unwrap());
    let at: Vec<(u64, Option<u64>)> = failed
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64()))
        .collect();
    assert_eq!(
        at,
        [
            (2, Some(24)),
            (3, None),
            (4, Some(21)),
            (6, None),
            (7, None)
        ]
    );
    assert!(failed.iter().all(|f| f["source"] == name));
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON")
    );
}

/// Two hundred short documents, some with names and quotations.
fn corpus_lines() -> String {
    let texts = [
        "Selon l'OSDH, 16 combattants ont été tués à Idlib.",
        "« Nous agirons », a déclaré Jens Stoltenberg à Tours.",
        "Rien à signaler.",
        "L'Observatoire syrien des droits de l'homme accuse Damas de frappes sur Idleb.",
        "",
    ];
    (0..200)
        .map(|i| {
            let text = texts[i % texts.len()].repeat(i % 7 + 1);
            format!("{}\n", serde_json::json!({"id": i, "text": text}))
        })
        .collect()
}

#[test]
fn the_output_is_the_same_bytes_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in.jsonl", corpus_lines());
    let input = dir.path().join("in.jsonl");
    let runs: Vec<Vec<u8>> = ["1", "2", "4"]
        .iter()
        .map(|threads| {
            let o = tag(
                dir.path(),
                &["--jsonl", "--threads", threads, path(&input)],
                None,
            );
            assert!(o.status.success(), "{}", stderr(&o));
            o.stdout
        })
        .collect();
    assert_eq!(
        lines(&String::from_utf8(runs[0].clone()).unwrap()).len(),
        200
    );
    assert!(runs.iter().all(|r| *r == runs[0]), "different bytes");
    // Standard input arrives in pieces: the same lines all the same.
    let o = tag(
        dir.path(),
        &["--jsonl", "--threads", "2"],
        Some(corpus_lines().as_bytes()),
    );
    assert_eq!(o.stdout, runs[0]);
}

#[test]
fn jsonl_fields_are_carried_through_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        "{\"url\":\"https://x/1\",\"date\":\"2020-07-02\",\"body\":\"À Idlib.\",\"meta\":{\"n\": [1, 2.50]}}\n",
        "{\"body\":\"À Tours\",\"id\":\"old\",\"entities\":[]}\n",
    );
    let o = tag(
        dir.path(),
        &["--jsonl", "--text-field", "body", "--id-field", "url"],
        Some(input.as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "{\"id\":\"https://x/1\",\"date\":\"2020-07-02\",\"meta\":{\"n\": [1, 2.50]},\"entities\":[{"
        ),
        "fields as written, in order, no text: {first}"
    );
    let second: Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    // Without the id field, the id is the source and line; our keys are not repeated.
    assert_eq!(second["id"], "stdin:2");
    assert_eq!(second["entities"][0]["text"], "Tours");
    assert!(!out.lines().nth(1).unwrap().contains("old"));
}

#[test]
fn jsonl_on_standard_input_answers_line_by_line() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let mut child = common::command()
        .args([
            "tag",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
            "--jsonl",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    // Each answer comes before the next question is asked, as a co-process needs.
    for i in 0..3 {
        writeln!(input, "{{\"id\":{i},\"text\":\"À Idlib.\"}}").unwrap();
        input.flush().unwrap();
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        let line: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(line["id"], i);
        assert_eq!(line["entities"][0]["text"], "Idlib");
    }
    drop(input);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
}

#[test]
fn glob_chooses_the_files_of_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Idlib");
    write(&corpus, "b.md", "Idlib");
    write(&corpus, "sub/c.md", "Tours");
    let o = tag(dir.path(), &["--glob", "*.md", path(&corpus)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids: Vec<String> = lines(&stdout(&o))
        .iter()
        .map(|l| l["id"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids[0].ends_with("corpus/b.md") && ids[1].ends_with("corpus/sub/c.md"));
    let o = tag(dir.path(), &["--glob", "[", path(&corpus)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--glob ["), "{}", stderr(&o));
}

#[test]
fn a_folder_output_is_written_whole_and_resumed_with_skip_existing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Idlib");
    write(&corpus, "sub/b.txt", "À Tours.");
    write(&corpus, "bad.txt", b"\xFF");
    let out = dir.path().join("out");
    let out_arg = format!("{}/", path(&out));
    let o = tag(dir.path(), &["--output", &out_arg, path(&corpus)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // One file per tagged input, relative paths kept, no temporary file left.
    assert_eq!(files_below(&out), ["a.jsonl", "sub/b.jsonl"]);
    let b = std::fs::read_to_string(out.join("sub/b.jsonl")).unwrap();
    assert_eq!(lines(&b)[0]["entities"][0]["text"], "Tours");

    // Resume: a.jsonl exists and is kept as it is; sub/b.jsonl was lost and is made again.
    std::fs::write(out.join("a.jsonl"), "kept\n").unwrap();
    std::fs::remove_file(out.join("sub/b.jsonl")).unwrap();
    let o = tag(
        dir.path(),
        &["--skip-existing", "--output", path(&out), path(&corpus)],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 skipped"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("a.jsonl")).unwrap(),
        "kept\n"
    );
    assert_eq!(std::fs::read_to_string(out.join("sub/b.jsonl")).unwrap(), b);
    assert_eq!(files_below(&out), ["a.jsonl", "sub/b.jsonl"]);

    // A JSON Lines input gets one output file with all its lines.
    write(
        dir.path(),
        "lines/x.jsonl",
        "{\"id\":1,\"text\":\"Idlib\"}\n{\"id\":2,\"text\":\"Tours\"}\n",
    );
    let jout = dir.path().join("jout");
    std::fs::create_dir(&jout).unwrap();
    let o = tag(
        dir.path(),
        &[
            "--jsonl",
            "--output",
            path(&jout),
            path(&dir.path().join("lines")),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_below(&jout), ["x.jsonl"]);
    let x = std::fs::read_to_string(jout.join("x.jsonl")).unwrap();
    assert_eq!(lines(&x).len(), 2);
}

#[test]
fn single_file_and_brat_outputs_leave_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Idlib");
    write(&corpus, "b.txt", b"\xFF");
    let out = dir.path().join("out");
    // A file output's folder must exist (only directory outputs are made).
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join("all.jsonl");
    let failures = out.join("failures.jsonl");
    let o = tag(
        dir.path(),
        &[
            "-q",
            "--output",
            path(&file),
            "--failures",
            path(&failures),
            path(&corpus),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    // --quiet: failures still said, no summary.
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert_eq!(files_below(&out), ["all.jsonl", "failures.jsonl"]);
    let brat = dir.path().join("brat");
    let o = tag(
        dir.path(),
        &["--format", "brat", "--output", path(&brat), path(&corpus)],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    // The configuration that lets brat display and check the files goes with them.
    assert_eq!(
        files_below(&brat),
        ["a.ann", "a.txt", "annotation.conf", "visual.conf"]
    );
}

#[test]
fn bad_batch_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            &["--skip-existing"][..],
            "--skip-existing needs --output DIR",
        ),
        (&["--text-field", "body"][..], "--jsonl"),
        (&["--threads", "0"][..], "--threads"),
        (&["--max-doc-bytes", "12X"][..], "500K"),
        (
            &["--jsonl", "--format", "brat", "--output", "o"][..],
            "plain-text",
        ),
        (&["-", "-"][..], "once"),
    ] {
        let o = tag(dir.path(), args, Some(b""));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn help_documents_the_batch_flags_and_exit_codes() {
    let o = quidit(&["tag", "--help"], None);
    let help = stdout(&o);
    for flag in [
        "--jsonl",
        "--text-field",
        "--id-field",
        "--glob",
        "--threads",
        "--quiet",
        "--failures",
        "--max-doc-bytes",
        "--skip-existing",
        "Exit codes: 0",
        "zcat news.jsonl.gz | quidit tag --jsonl",
    ] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}
