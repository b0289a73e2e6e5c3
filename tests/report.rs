//! `quidit report` end to end, over an invented corpus (written for this test, from no
//! evaluation set) whose figures were counted by hand:
//!
//! - a: `Le ministre Jean Roux a déclaré : « … »` (direct; male by the title), `Mme Claire
//!   Duval accuse le maire de mentir` (accusation; female by the civilité), `« … », a-t-elle
//!   ajouté` (direct, Claire Duval);
//! - b: `Selon la CGT` (according, an organisation), `Camille Martin a affirmé que`
//!   (indirect; Camille says nothing), `Jean Roux a estimé que` (indirect);
//! - c: `La CGT accuse le gouvernement de mentir` (accusation), `a déclaré Mme Camille
//!   Martin` (direct; the civilité makes Camille Martin female, in every document),
//!   `Dominique Petit a dit que` (indirect; unknown).
//!
//! So: 9 attributions (3 direct, 3 indirect, 1 according, 2 accusations); persons 2 women,
//! 1 man, 1 unknown; their quotes 4, 2, 1. By month: 2020-01 (a, b) 2 documents, quotes
//! 3 women 2 men; 2020-02 (c) 1 document, 1 woman, 1 unknown.

mod common;

use std::path::Path;

use common::{quidit, stderr};
use serde_json::Value;

const CORPUS: &str = "tests/data/report/corpus.jsonl";

const SPEAKERS: &str = "\
key,name,label,wikidata,gender,evidence,overruled,quotes,direct,indirect,mixed,according,accusation,documents,example_document,example
PER:camille martin,Camille Martin,PER,,female,civilite,false,2,1,1,0,0,0,2,b,le projet était mauvais
PER:claire duval,Claire Duval,PER,,female,civilite,false,2,1,0,0,0,1,1,a,mentir
wikidata:Q1125948,Confédération générale du travail,ORG,Q1125948,unknown,none,false,2,0,0,0,1,1,2,b,la grève continue
PER:jean roux,Jean Roux,PER,,male,title,false,2,1,1,0,0,0,2,a,Nous allons gagner.
PER:dominique petit,Dominique Petit,PER,,unknown,none,false,1,0,1,0,0,0,1,c,tout allait bien
";

const ACCUSATIONS: &str = "\
source_key,source,source_label,target_key,target,target_label,count,documents,example_document,example
PER:claire duval,Claire Duval,PER,mention:le maire,le maire,mention,1,1,a,mentir
wikidata:Q1125948,Confédération générale du travail,ORG,mention:le gouvernement,le gouvernement,mention,1,1,c,mentir
";

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(dir: &Path) {
    assert_eq!(read(dir, "speakers.csv"), SPEAKERS);
    assert_eq!(read(dir, "accusations.csv"), ACCUSATIONS);
    let s: Value = serde_json::from_str(&read(dir, "summary.json")).unwrap();
    assert_eq!(s["documents"], 3);
    assert_eq!(s["failed"], 0);
    let a = &s["attributions"];
    assert_eq!(
        [
            &a["total"],
            &a["direct"],
            &a["indirect"],
            &a["mixed"],
            &a["according"],
            &a["accusation"]
        ],
        [9, 3, 3, 0, 1, 2]
    );
    let g = &s["gender"];
    assert_eq!(
        [
            &g["persons"]["female"],
            &g["persons"]["male"],
            &g["persons"]["unknown"]
        ],
        [2, 1, 1]
    );
    assert_eq!(
        [
            &g["quotes"]["female"],
            &g["quotes"]["male"],
            &g["quotes"]["unknown"]
        ],
        [4, 2, 1]
    );
    assert_eq!(g["persons"]["unknown_share"], 0.25);
    assert_eq!(g["quotes"]["female_share_of_known"], 4.0 / 6.0);
    assert_eq!(s["by"]["field"], "date:month");
    let groups = s["by"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["value"], "2020-01");
    assert_eq!(groups[0]["documents"], 2);
    let q = &groups[0]["gender"]["quotes"];
    assert_eq!([&q["female"], &q["male"], &q["unknown"]], [3, 2, 0]);
    assert_eq!(groups[1]["value"], "2020-02");
    let q = &groups[1]["gender"]["quotes"];
    assert_eq!([&q["female"], &q["male"], &q["unknown"]], [1, 0, 1]);
    assert_eq!(s["accusation_counts"]["with_both"], 2);
    assert_eq!(s["most_accused"].as_array().unwrap().len(), 2);
    assert_eq!(s["persons"][0]["examples"].as_array().unwrap().len(), 2);
    assert_eq!(
        s["organisations"][0]["name"],
        "Confédération générale du travail"
    );
    assert_eq!(s["organisations_mentioned"][0]["mentions"], 2);
    let page = read(dir, "index.html");
    assert!(page.contains("Claire Duval"), "{page}");
}

#[test]
fn report_from_a_corpus_and_from_tag_output_count_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let from_corpus = tmp.path().join("corpus");
    let o = quidit(
        &[
            "report",
            "-q",
            "--by",
            "date:month",
            "-o",
            from_corpus.to_str().unwrap(),
            CORPUS,
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    check(&from_corpus);

    let tagged = quidit(&["tag", "-q", "--jsonl", "--include-text", CORPUS], None);
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    let from_tag = tmp.path().join("tag");
    let o = quidit(
        &[
            "report",
            "-q",
            "--by",
            "date:month",
            "-o",
            from_tag.to_str().unwrap(),
        ],
        Some(&tagged.stdout),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    check(&from_tag);
}

#[test]
fn without_the_text_the_words_before_a_postposed_name_are_not_read() {
    // `a déclaré Mme Camille Martin`: the source is the name alone, so without the text the
    // civilité is not seen and Camille stays unknown: the report does not guess.
    let tmp = tempfile::tempdir().unwrap();
    let tagged = quidit(&["tag", "-q", "--jsonl", CORPUS], None);
    let out = tmp.path().join("r");
    let o = quidit(
        &["report", "-q", "-o", out.to_str().unwrap()],
        Some(&tagged.stdout),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let speakers = read(&out, "speakers.csv");
    assert!(
        speakers.contains("PER:camille martin,Camille Martin,PER,,unknown,none,"),
        "{speakers}"
    );
    assert!(speakers.contains("PER:claire duval,Claire Duval,PER,,female,civilite,"));
}

#[test]
fn a_bad_line_is_reported_with_its_place_and_the_others_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let tagged = quidit(&["tag", "-q", "--jsonl", "--include-text", CORPUS], None);
    let text = String::from_utf8(tagged.stdout).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "{\"id\": \"broken\", \"entities\": [");
    lines.insert(3, "{\"id\": \"not tagged\", \"text\": \"Bonjour.\"}");
    let input = lines.join("\n") + "\n";
    let out = tmp.path().join("r");
    let o = quidit(
        &["report", "-q", "-o", out.to_str().unwrap()],
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("quidit: stdin:2:"), "{err}");
    assert!(
        err.contains("quidit: stdin:4: not a line of `quidit tag`'s output"),
        "{err}"
    );
    let s: Value = serde_json::from_str(&read(&out, "summary.json")).unwrap();
    assert_eq!(s["documents"], 3);
    assert_eq!(s["failed"], 2);
    assert_eq!(read(&out, "speakers.csv"), SPEAKERS);
}

#[test]
fn plain_text_folders_are_tagged_first() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    common::write(
        &corpus,
        "a.txt",
        "« Nous ne céderons pas », a déclaré Mme Camille Martin.",
    );
    common::write(
        &corpus,
        "sub/b.txt",
        "Jean Roux a estimé que la réforme passerait.",
    );
    let out = tmp.path().join("r");
    let o = quidit(
        &[
            "report",
            "-q",
            "-o",
            out.to_str().unwrap(),
            corpus.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let speakers = read(&out, "speakers.csv");
    assert!(
        speakers.contains("PER:camille martin,Camille Martin,PER,,female,civilite,false,1,1,"),
        "{speakers}"
    );
    assert!(
        speakers.contains("PER:jean roux,Jean Roux,PER,,male,first_name,false,1,0,1,"),
        "{speakers}"
    );
    for f in [
        "index.html",
        "speakers.csv",
        "accusations.csv",
        "summary.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn bad_usage_is_exit_2() {
    let o = quidit(&["report", "-o", "/dev/null/x", CORPUS], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("quidit: error: --output"));
    let tmp = tempfile::tempdir().unwrap();
    let o = quidit(
        &[
            "report",
            "--by",
            "date:week",
            "-o",
            tmp.path().to_str().unwrap(),
            CORPUS,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `--pages`: the examples of the page link to the per-document pages that `quidit export
/// --format html` wrote, relative to the report, and only to pages that exist.
#[test]
fn examples_link_to_the_exported_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let tagged = quidit(&["tag", "-q", "--jsonl", "--include-text", CORPUS], None);
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    let t = tmp.path().join("t.jsonl");
    std::fs::write(&t, &tagged.stdout).unwrap();
    let pages = tmp.path().join("pages");
    let o = quidit(
        &[
            "export",
            "--format",
            "html",
            "-o",
            pages.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Document `c` has no page: its examples stay unlinked.
    std::fs::remove_file(pages.join("c.html")).unwrap();
    let rep = tmp.path().join("rep");
    let o = quidit(
        &[
            "report",
            "-q",
            "--pages",
            "../pages",
            "-o",
            rep.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&rep, "index.html");
    assert!(page.contains("href=\"../pages/a.html\""), "{page}");
    assert!(page.contains("href=\"../pages/b.html\""), "{page}");
    assert!(!page.contains("pages/c.html"), "{page}");
}
