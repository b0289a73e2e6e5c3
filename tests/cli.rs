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
    let o = quidit(&["tag", "no/such/file.txt"], None);
    assert_eq!(o.status.code(), Some(2));
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
