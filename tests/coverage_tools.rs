//! The tools of the people who keep the lists: `quidit gazetteer lint|add`, `quidit coverage`
//! and `quidit eval`, on small fixtures (nothing outside `tests/` is read).

mod common;

use std::path::Path;

use common::{quidit, stderr as err, write};

/// Standard output, whatever its encoding (the tools print what the fixtures hold).
fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Gazetteers of these tests, richer than `common::gazetteers`.
fn gazetteers(dir: &Path) -> String {
    let g = dir.join("gaz");
    write(
        &g,
        "LOC/lieux.txt",
        "%priority 10\nIdlib | Idleb ; Q170017\nSaraqeb\n",
    );
    write(
        &g,
        "ORG/sigles.txt",
        "Observatoire syrien des droits de l'homme | =OSDH\n",
    );
    g.display().to_string()
}

#[test]
fn every_new_command_has_help_with_an_example() {
    for args in [
        &["gazetteer", "lint", "--help"][..],
        &["gazetteer", "add", "--help"],
        &["coverage", "--help"],
        &["eval", "--help"],
    ] {
        let o = quidit(args, None);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        assert!(
            out(&o).contains("Examples:\n  quidit "),
            "{args:?}: {}",
            out(&o)
        );
    }
}

#[test]
fn the_builtin_gazetteers_and_rules_pass_check_and_lint() {
    let o = quidit(&["check"], None);
    assert!(o.status.success(), "quidit check:\n{}{}", out(&o), err(&o));
    let o = quidit(&["gazetteer", "lint"], None);
    assert!(o.status.success(), "quidit gazetteer lint:\n{}", out(&o));
    assert!(out(&o).contains("\n0 error(s)"), "{}", out(&o));
}

#[test]
fn lint_locates_errors_and_exits_1_warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    write(&g, "LOC/a.txt", "%priority 10\nIdlib\nNice\n");
    write(
        &g,
        "LOC/b.txt",
        "Idlib ; Q0170017\nPаris\nParis || Lutèce\n",
    );
    let o = quidit(&["gazetteer", "lint", g.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    for want in [
        "LOC/b.txt:1:1: error: this entry can never be output: every form of it is also at",
        "LOC/a.txt:2 (LOC \"Idlib\")",
        "LOC/b.txt:1:9: error: malformed Wikidata id",
        "LOC/b.txt:2:1: error: \"Pаris\" mixes Latin letters",
        "fix: write \"Paris\"",
        "LOC/b.txt:3:8: error: empty form",
        "LOC/a.txt:3:1: warning: \"Nice\" is also a frequent French word",
        "fix: make it case-exact: =Nice",
        "4 error(s), 1 warning(s) in 2 file(s)",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    write(&g, "LOC/b.txt", "Lyon ; Q456\n");
    let o = quidit(&["gazetteer", "lint", g.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // Against the built-ins, a user's entry that a built-in one hides is found.
    write(&g, "LOC/b.txt", "Lyon ; Q456\nCaire\n");
    let o = quidit(
        &["gazetteer", "lint", "--with-builtins", g.to_str().unwrap()],
        None,
    );
    assert!(out(&o).contains("LOC/b.txt:"), "{}", out(&o));
    assert!(
        !out(&o).lines().any(|l| l.starts_with("gazetteers/")),
        "built-in findings are not shown: {}",
        out(&o)
    );
}

#[test]
fn add_appends_in_order_and_refuses_duplicates_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "LOC",
            "Maarat al-Nouman",
            "--variant",
            "Maaret al-Noomane",
            "--dir",
            &g,
            "--file",
            "LOC/lieux.txt",
        ],
        None,
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    let text = std::fs::read_to_string(Path::new(&g).join("LOC/lieux.txt")).unwrap();
    assert_eq!(
        text,
        "%priority 10\nIdlib | Idleb ; Q170017\nMaarat al-Nouman | Maaret al-Noomane\nSaraqeb\n"
    );
    // The folder's lists alone (the built-in ones have these places too, and are named
    // in a refusal when loaded: tests/edit_loop.rs).
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "PER",
            "Idleb",
            "--dir",
            &g,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("\"Idleb\" is already at"), "{}", out(&o));
    assert!(
        out(&o).contains("LOC/lieux.txt:2 (LOC \"Idlib\")"),
        "{}",
        out(&o)
    );
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "LOC",
            "Ariha",
            "--id",
            "Q170017",
            "--dir",
            &g,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("Q170017 is already the id of"),
        "{}",
        out(&o)
    );
    // A new file gets the header and priority of hand-written lists.
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "PER",
            "Fahrettin Altun",
            "--id",
            "Q28036920",
            "--dir",
            &g,
        ],
        None,
    );
    assert!(o.status.success(), "{}", out(&o));
    let text = std::fs::read_to_string(Path::new(&g).join("PER/ajouts.txt")).unwrap();
    assert!(
        text.ends_with("%priority 10\n\nFahrettin Altun ; Q28036920\n"),
        "{text}"
    );
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "LOC",
            "Alep",
            "--file",
            "LOC/villes.gen.txt",
            "--dir",
            &g,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("generated files"), "{}", out(&o));
}

#[test]
fn coverage_ranks_missed_names_near_misses_and_unattributed_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "a.txt",
        "Selon l'OSDH, des combats ont eu lieu à Saraqib et à Kafranbel. Le ministre Hulusi Akar est arrivé.\n",
    );
    write(
        &corpus,
        "b.txt",
        // A verb no list has, in an incise without its subject: no rule attributes it.
        "Des frappes près de Kafranbel. Hulusi Akar est venu. « Nous ne céderons pas », a tonné hier soir.\n",
    );
    write(
        &corpus,
        "c.txt",
        "Le ministère de la Défense de Kafranbel.\n",
    );
    let args = [
        "coverage",
        "--no-builtin-gazetteers",
        "--gazetteers",
        &g,
        corpus.to_str().unwrap(),
    ];
    let o = quidit(&args, None);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    let line = text
        .lines()
        .find(|l| l.contains("LOC    Kafranbel"))
        .unwrap_or("");
    assert!(line.contains("     2     2  LOC    Kafranbel"), "{text}");
    assert!(text.contains("ORG    Défense de Kafranbel"), "{text}");
    assert!(text.contains("PER    Hulusi Akar"), "{text}");
    assert!(
        text.contains("Saraqib") && text.contains("~ LOC \"Saraqeb\""),
        "{text}"
    );
    assert!(text.contains("spelling (transliteration)"), "{text}");
    assert!(text.contains("word \"tonné\" after », a"), "{text}");
    assert!(
        !text.contains("  Le                "),
        "a sentence's first word is no name:\n{text}"
    );
    // TSV, read back by gazetteer add.
    let mut tsv_args = args.to_vec();
    tsv_args.extend(["--format", "tsv"]);
    let o = quidit(&tsv_args, None);
    let tsv = out(&o);
    assert!(
        tsv.starts_with("label\tform\tvariants\tid\tcount\tkind\tnote\tcontext\n"),
        "{tsv}"
    );
    let path = dir.path().join("c.tsv");
    std::fs::write(&path, &tsv).unwrap();
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "--from",
            path.to_str().unwrap(),
            "--dir",
            &g,
        ],
        None,
    );
    assert!(out(&o).contains("would add: "), "{}", out(&o));
    assert!(out(&o).contains("Kafranbel"), "{}", out(&o));
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--no-builtin-gazetteers",
            "--from",
            path.to_str().unwrap(),
            "--dir",
            &g,
            "--apply",
        ],
        None,
    );
    assert!(o.status.success(), "{}", out(&o));
    let added = std::fs::read_to_string(Path::new(&g).join("LOC/ajouts.txt")).unwrap();
    assert!(added.contains("\nKafranbel\n"), "{added}");
    // JSON Lines input.
    let o = quidit(
        &[
            "coverage",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
            "--jsonl",
            "text",
            "-",
        ],
        Some("{\"text\": \"Il vit à Tartous.\"}\n{\"text\": \"Retour à Tartous.\"}\n".as_bytes()),
    );
    assert!(
        out(&o).contains("     2     2  LOC    Tartous"),
        "{}",
        out(&o)
    );
}

/// The figures `eval/score.py` printed once on the fixture (stored in expected.json).
#[test]
fn eval_gives_the_scorers_figures_on_the_fixture() {
    let o = quidit(
        &[
            "eval",
            "tests/eval/gold",
            "--pred",
            "tests/eval/pred",
            "--json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", err(&o));
    let got: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/eval/expected.json").unwrap())
            .unwrap();
    for key in ["documents", "warnings", "entities", "attributions"] {
        assert_eq!(got[key], want[key], "{key}");
    }
    assert_eq!(
        err(&o)
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count(),
        3,
        "{}",
        err(&o)
    );
    // The text report repeats the scorer's table, then lists the errors by kind.
    let o = quidit(
        &["eval", "tests/eval/gold", "--pred", "tests/eval/pred"],
        None,
    );
    let text = out(&o);
    assert!(
        text.contains("strict   micro      9      9      5  0.556  0.556  0.556"),
        "{text}"
    );
    assert!(text.contains("== entity label (2)"), "{text}");
    assert!(
        text.contains("gold: Florence Parly  predicted: ORG Florence Parly"),
        "{text}"
    );
    assert!(text.contains("== quote missed (1)"), "{text}");
    assert!(text.contains("== charge target (1)"), "{text}");
}

#[test]
fn eval_tags_the_gold_texts_and_names_the_entry_responsible() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let o = quidit(
        &[
            "eval",
            "tests/eval/gold",
            "--only",
            "a",
            "--no-builtin-gazetteers",
            "--gazetteers",
            &g,
            "--json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", err(&o));
    let got: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(got["documents"]["gold"], 1);
    let errors = got["errors"].as_array().unwrap();
    let missed = errors
        .iter()
        .find(|e| e["kind"] == "missed" && e["gold"] == "Turquie")
        .expect("Turquie is missed");
    assert!(missed["context"].as_str().unwrap().contains("[Turquie]"));
    assert_eq!(got["entities"]["strict"]["LOC"]["tp"], 1);
}

#[test]
fn eval_reads_conll_gold() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteers(dir.path());
    let gold = dir.path().join("gold");
    write(
        &gold,
        "d.conll",
        "Selon\tO\nl'\tO\nOSDH\tB-ORG\n,\tO\nà\tO\nIdlib\tB-LOC\net\tO\nSaraqib\tB-LOC\n.\tO\n",
    );
    let o = quidit(
        &[
            "eval",
            gold.to_str().unwrap(),
            "--no-builtin-gazetteers",
            "--no-builtin-rules",
            "--gazetteers",
            &g,
            "--json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", err(&o));
    let got: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let loc = &got["entities"]["strict"]["LOC"];
    assert_eq!(
        (loc["gold"].as_u64(), loc["tp"].as_u64()),
        (Some(2), Some(1)),
        "{got}"
    );
    assert_eq!(got["entities"]["strict"]["ORG"]["tp"], 1);
}

#[test]
fn bad_input_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let o = quidit(&["eval", "no/such/dir"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = quidit(&["coverage", "no/such/file.txt"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = quidit(
        &["coverage", "--jsonl", "--text-field", "text", "-"],
        Some(b"{not json\n{\"x\":1}\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let tsv = dir.path().join("t.tsv");
    std::fs::write(&tsv, "nothing\there\n").unwrap();
    let o = quidit(
        &[
            "gazetteer",
            "add",
            "--from",
            tsv.to_str().unwrap(),
            "--dir",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("t.tsv:1:1:"), "{}", err(&o));
}
