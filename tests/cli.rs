//! The `quidit` command as a user runs it: inputs, formats, errors and exit codes.

mod common;

use common::{gazetteers, quidit, stderr, stdout, write};

#[test]
fn tags_stdin_to_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let o = quidit(
        &["tag", "--no-builtin-gazetteers", "--gazetteers", &g],
        Some("Selon l’OSDH, à Idleb.".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["id"], "stdin");
    let e = &line["entities"];
    assert_eq!(e[0]["label"], "ORG");
    assert_eq!(e[0]["text"], "OSDH");
    assert_eq!(e[0]["start"], 8);
    assert_eq!(e[0]["byte_start"], 10);
    assert_eq!(e[1]["canonical"], "Idlib");
    assert_eq!(e[1]["id"], "Q170017");
    assert_eq!(e[1]["provenance"]["type"], "list");
    assert_eq!(e[1]["provenance"]["line"], 1);
    assert!(
        e[1]["provenance"]["file"]
            .as_str()
            .unwrap()
            .ends_with("LOC/villes.txt")
    );
}

#[test]
fn tags_a_directory_to_brat_keeping_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "À Tours, près d’Idlib.".as_bytes());
    write(&corpus, "sub/b.txt", "Les tours de Tours.".as_bytes());
    write(&corpus, "notes.md", b"ignored");
    let out = dir.path().join("out");
    let o = quidit(
        &[
            "tag",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
            "--format",
            "brat",
            "--output",
            out.to_str().unwrap(),
            corpus.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The annotations, then a note a span with its canonical form, list line, id and identity.
    let a = std::fs::read_to_string(out.join("a.ann")).unwrap();
    let list = std::path::Path::new(&g)
        .join("LOC/villes.txt")
        .display()
        .to_string();
    assert_eq!(
        a,
        format!(
            "T1\tLOC 2 7\tTours\nT2\tLOC 16 21\tIdlib\n\
             #1\tAnnotatorNotes T1\tTours | {list}:2 | identity=0 Tours\n\
             #2\tAnnotatorNotes T2\tIdlib | {list}:1 | Q170017 | identity=1 Idlib\n"
        )
    );
    let b = std::fs::read_to_string(out.join("sub/b.ann")).unwrap();
    assert!(
        b.starts_with("T1\tLOC 13 18\tTours\n#1\tAnnotatorNotes T1\t"),
        "{b}"
    );
    assert_eq!(
        std::fs::read(out.join("sub/b.txt")).unwrap(),
        "Les tours de Tours.".as_bytes()
    );
    assert!(!out.join("notes.ann").exists());
}

#[test]
fn a_bad_gazetteer_line_is_located_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    write(&g, "LOC/villes.txt", "Idlib\nParis || Lutèce\n");
    let o = quidit(
        &["tag", "--gazetteers", g.to_str().unwrap()],
        Some(b"Paris"),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("LOC/villes.txt:2:8: empty form"), "{err}");
    assert!(err.contains("Paris || Lutèce\n"), "{err}");
    assert!(err.contains("       ^"), "{err}");
}

#[test]
fn bad_usage_exits_2() {
    let o = quidit(&["tag", "--format", "brat"], Some(b""));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
    // A missing input is a document that failed (exit 1), not bad usage: see
    // a_missing_input_is_reported_and_the_others_tagged.
    let o = quidit(&["tag", "no/such/file.txt"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.txt"), "{}", stderr(&o));
    let o = quidit(&["tag", "--format", "xml"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn one_bad_file_does_not_lose_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", b"Idlib");
    write(&corpus, "b.txt", b"Idl\xFFib");
    write(&corpus, "c.txt", b"Tours");
    let o = quidit(
        &[
            "tag",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
            corpus.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("b.txt: invalid UTF-8 at byte 3"),
        "{}",
        stderr(&o)
    );
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("a.txt") && out.contains("c.txt"));
}

#[test]
fn builtin_gazetteers_tag_the_shipped_example() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/depeche.txt");
    let o = quidit(&["tag", example], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let found: Vec<(String, String)> = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["label"].as_str().unwrap().into(),
                e["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (label, text) in [
        ("LOC", "Idlib"),
        ("LOC", "Syrie"),
        ("ORG", "OSDH"),
        ("PER", "Jens Stoltenberg"),
        ("LOC", "Saraqeb"),
        ("ORG", "OTAN"),
    ] {
        assert!(
            found.contains(&(label.to_string(), text.to_string())),
            "{label} {text} not in {found:?}"
        );
    }
}

#[test]
fn check_runs_the_examples_and_locates_a_broken_rule() {
    let o = quidit(&["check"], None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains(" 0 failed"), "{}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("regles");
    write(
        &rules,
        "perso.rules",
        "rule perso.test\n  match    content:QUOTE \",\" cue:@verbes_parol source:PER\n  emit     Quote(content, cue, source)\n  example  « Oui », dit Jens Stoltenberg.\n",
    );
    let o = quidit(&["check", "--rules", rules.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("perso.rules:2:34: unknown lexicon `@verbes_parol`"),
        "{err}"
    );
    assert!(err.contains("^"), "{err}");

    // A rule whose example does not hold: exit 1, and the failure says what was found.
    write(
        &rules,
        "perso.rules",
        "rule perso.test\n  group    perso\n  match    content:QUOTE \",\" cue:@verbes_parole source:PER\n  emit     Quote(content, cue, source)\n  example  « Oui », dit Jens Stoltenberg.\n        => content=\"Non\"\n",
    );
    let o = quidit(&["check", "--rules", rules.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("FAIL perso.test"), "{}", stdout(&o));
    assert!(stdout(&o).contains("content=\"Oui\""), "{}", stdout(&o));
}

/// `quidit check` lists every faulty rule of a rules file, parse faults and compile faults
/// alike, each located; the good rules of the file are not reported.
#[test]
fn check_reports_every_faulty_rule_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("regles");
    let rule = |id: &str, field: &str| {
        format!(
            "rule perso.{id}\n  match PER\n  emit Quote(content)\n{field}  example Jean Roux\n\n"
        )
    };
    // Two parse faults (a bad priority, a line that continues nothing), then a good rule.
    let text = [
        rule("a", "  priority haute\n"),
        rule("b", "  fooo\n"),
        rule("c", ""),
    ]
    .concat();
    // `quidit check` over the file written with `text`: exit 2, and its standard error.
    let check = |text: &str| {
        write(&rules, "perso.rules", text);
        let o = quidit(
            &["check", "--no-config", "--rules", rules.to_str().unwrap()],
            None,
        );
        assert_eq!(o.status.code(), Some(2));
        stderr(&o)
    };
    let err = check(&text);
    assert!(
        err.contains("perso.rules:4:12: `priority` takes an integer"),
        "{err}"
    );
    assert!(
        err.contains("perso.rules:10:3: `fooo` is not a keyword"),
        "{err}"
    );
    assert_eq!(err.matches("quidit: error: ").count(), 2, "{err}");

    // Once the file parses, two compile faults (unknown lexicons) in two rules.
    let text = [
        "rule perso.d\n  match @inconnu PER\n  emit Quote(content)\n  example x\n\n",
        "rule perso.e\n  match PER @absent\n  emit Quote(content)\n  example x\n",
    ]
    .concat();
    let err = check(&text);
    assert!(
        err.contains("perso.rules:2:9: unknown lexicon `@inconnu`"),
        "{err}"
    );
    assert!(
        err.contains("perso.rules:7:13: unknown lexicon `@absent`"),
        "{err}"
    );
}

#[test]
fn explain_shows_provenance_and_rules() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/depeche.txt");
    let o = quidit(&["explain", example], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("gazetteers/PER/actualite.txt:"), "{out}");
    assert!(out.contains("by rule citation."), "{out}");
    assert!(out.contains("matched"), "{out}");
}

#[test]
fn explain_shows_lost_candidates_and_syntax() {
    let text = "« Nous agirons », a déclaré Jens Stoltenberg.";
    let o = quidit(&["explain", "--all", "-"], Some(text.as_bytes()));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Two rules find this quotation; the one that loses is listed with the one kept.
    assert!(out.contains("  lost   citation."), "{out}");
    assert!(out.contains("    kept citation."), "{out}");
    let o = quidit(
        &["explain", "--syntax", "-"],
        Some("Il l'accuse de mentir.".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Il/PRON l'/PRON accuse/V:F de/ADP mentir/V:W ./PUNCT\n"),
        "{out}"
    );
}

#[test]
fn jsonl_carries_attributions() {
    let o = quidit(
        &["tag"],
        Some("« Nous agirons », a déclaré Jens Stoltenberg.".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let a = &line["attributions"][0];
    assert_eq!(a["kind"], "direct");
    assert_eq!(a["content"][0]["text"], "Nous agirons");
    assert_eq!(a["cue"]["text"], "a déclaré");
    assert_eq!(a["source"]["text"], "Jens Stoltenberg");
    let e = a["source"]["entity"].as_u64().unwrap() as usize;
    assert_eq!(line["entities"][e]["text"], "Jens Stoltenberg");
}

/// `tag` with the small test gazetteers, then `args`.
fn tag_small(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let g = gazetteers(dir);
    let mut all = vec!["tag", "--no-builtin-gazetteers", "--gazetteers", &g];
    all.extend_from_slice(args);
    quidit(&all, None)
}

#[test]
fn a_missing_input_is_reported_and_the_others_tagged() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", "Selon l'OSDH, à Idleb.");
    let ok = dir.path().join("ok.txt");
    let missing = dir.path().join("missing.txt");
    let o = tag_small(
        dir.path(),
        &[ok.to_str().unwrap(), missing.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stdout(&o).contains("OSDH"));
    let err = stderr(&o);
    assert!(
        err.contains("missing.txt") && err.contains("no such file or directory"),
        "{err}"
    );
}

#[test]
fn no_document_at_all_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write(&empty, "notes.md", "not a .txt");
    let o = tag_small(dir.path(), &[empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("quidit: error: no document to tag"),
        "{}",
        stderr(&o)
    );
    // An empty gold folder likewise.
    let e = quidit(&["eval", empty.to_str().unwrap()], None);
    assert_eq!(e.status.code(), Some(2));
    assert!(stderr(&e).contains("no gold document"), "{}", stderr(&e));
    // Empty standard input is a filter fed nothing: no error.
    let g = gazetteers(dir.path());
    let s = quidit(
        &[
            "tag",
            "--jsonl",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
        ],
        Some(b""),
    );
    assert!(s.status.success(), "{}", stderr(&s));
}

#[test]
fn dash_is_standard_output_and_folder_formats_refuse_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Selon l'OSDH, à Idleb.");
    // A folder named `-` in the current folder does not shadow standard output.
    std::fs::create_dir(dir.path().join("-")).unwrap();
    let g = gazetteers(dir.path());
    let run = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_quidit"))
            .current_dir(dir.path())
            .args([
                "tag",
                "--quiet",
                "--no-builtin-gazetteers",
                "--gazetteers",
                &g,
            ])
            .args(["--format", format, "--output", "-", "a.txt"])
            .output()
            .unwrap()
    };
    let jsonl = run("jsonl");
    assert!(jsonl.status.success(), "{}", stderr(&jsonl));
    assert!(stdout(&jsonl).contains("\"OSDH\""));
    assert_eq!(std::fs::read_dir(dir.path().join("-")).unwrap().count(), 0);
    let brat = run("brat");
    assert_eq!(brat.status.code(), Some(2));
    assert!(
        stderr(&brat).contains("writes a folder"),
        "{}",
        stderr(&brat)
    );
    // export likewise: jsonl to standard output, brat refused.
    let texts = dir.path().to_str().unwrap();
    let export = |format: &str| {
        quidit(
            &[
                "export", "--format", format, "--output", "-", "--texts", texts,
            ],
            Some(&jsonl.stdout),
        )
    };
    let again = export("jsonl");
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("\"OSDH\""));
    let refused = export("brat");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("writes a folder"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn tag_with_its_text_feeds_export_without_texts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Selon l'OSDH, à Idleb.");
    let a = dir.path().join("a.txt");
    let tagged = tag_small(
        dir.path(),
        &["--quiet", "--include-text", a.to_str().unwrap()],
    );
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    let line: serde_json::Value = serde_json::from_str(stdout(&tagged).trim()).unwrap();
    assert_eq!(line["text"], "Selon l'OSDH, à Idleb.");
    // The text file is gone: export can only take it from the line.
    std::fs::remove_file(&a).unwrap();
    let out = dir.path().join("out");
    let e = quidit(
        &[
            "export",
            "--format",
            "brat",
            "--output",
            out.to_str().unwrap(),
        ],
        Some(&tagged.stdout),
    );
    assert!(e.status.success(), "{}", stderr(&e));
    // The id is the path tag was given: the .ann file is below folders named after it.
    let ann = common::files_below(&out)
        .unwrap()
        .into_iter()
        .find(|f| f.extension().is_some_and(|x| x == "ann"))
        .expect("an .ann file");
    let ann = std::fs::read_to_string(ann).unwrap();
    assert!(ann.contains("ORG 8 12\tOSDH"), "{ann}");
}

#[test]
fn completions_and_the_manual_come_from_the_parser() {
    let bash = quidit(&["completions", "bash"], None);
    assert!(bash.status.success());
    let script = stdout(&bash);
    // Every subcommand the parser knows is completed.
    for command in [
        "tag",
        "export",
        "check",
        "explain",
        "gazetteer",
        "eval",
        "coverage",
    ] {
        assert!(
            script.contains(command),
            "{command} missing from the bash completions"
        );
    }
    // --version names the built-in data's version, as `quidit config` does.
    let version = stdout(&quidit(&["--version"], None));
    let config = stdout(&quidit(&["config"], None));
    let data = version
        .split("built-in data ")
        .nth(1)
        .map(|v| v.trim().trim_end_matches(')'))
        .expect("--version names the built-in data");
    assert!(config.contains(data), "{version} / {config}");
    let man = quidit(&["man"], None);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH quidit 1"),
        "{page}"
    );
    assert!(page.contains("tag"));
}

#[test]
fn explain_takes_several_files_folders_and_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Selon l'OSDH, à Idleb.");
    write(&corpus, "b.txt", "Idlib");
    let explain = |args: &[&str], stdin: Option<&[u8]>| {
        let mut all = vec!["explain", "--no-builtin-gazetteers", "--gazetteers", &g];
        all.extend_from_slice(args);
        quidit(&all, stdin)
    };
    // A folder: one report a document, each under its name.
    let text = explain(&[corpus.to_str().unwrap()], None);
    assert!(text.status.success(), "{}", stderr(&text));
    let out = stdout(&text);
    assert_eq!(
        out.matches("\n== ").count() + usize::from(out.starts_with("== ")),
        2,
        "{out}"
    );
    // JSON: one object a document, with the entities' provenance.
    let json = explain(&["--format", "json", corpus.to_str().unwrap()], None);
    let lines: Vec<serde_json::Value> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["id"].as_str().unwrap().ends_with("a.txt"));
    assert_eq!(lines[0]["entities"][0]["span"]["text"], "OSDH");
    assert!(
        lines[0]["entities"][0]["provenance"]
            .as_str()
            .unwrap()
            .contains("ORG/")
    );
    assert_eq!(lines[0]["attributions"][0]["kind"], "according");
    // JSON Lines inputs, named by their id; a missing file fails alone (exit 1).
    let missing = dir.path().join("missing.txt");
    let jl = explain(
        &[
            "--jsonl",
            "--format",
            "json",
            "-",
            missing.to_str().unwrap(),
        ],
        Some(b"{\"id\": \"n1\", \"text\": \"Idlib\"}\n"),
    );
    assert_eq!(jl.status.code(), Some(1), "{}", stderr(&jl));
    let line: serde_json::Value = serde_json::from_str(stdout(&jl).trim()).unwrap();
    assert_eq!(line["id"], "n1");
    assert!(stderr(&jl).contains("missing.txt"));
}

#[test]
fn lint_reports_a_file_that_is_not_utf8_and_lints_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("lists");
    write(&lists, "ORG/a.txt", "Vexora\nBad | ; Q1\n");
    write(&lists, "ORG/b.txt", b"Ok\n\xff\xfe\n");
    let o = quidit(&["gazetteer", "lint", lists.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("ORG/a.txt:2:7: error: empty form"), "{out}");
    assert!(out.contains("ORG/b.txt:2:1: invalid UTF-8"), "{out}");
    assert!(out.contains("2 error(s)"), "{out}");
}
