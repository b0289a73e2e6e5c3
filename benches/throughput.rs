//! `cargo bench --bench throughput`: how long the built-in gazetteers and rules take to
//! load; how fast the entity stage alone and the full pipeline run on one thread, against
//! a bare aho-corasick scan of the same text for the same forms, and against what every
//! document costs before any matching (folded view, tokens, sentences: a tagger with no
//! gazetteer and no rule); and how the time of one
//! tagger splits between the entity stage and the attribution stage. Reads news text from
//! `../shared/bench/orangesum.jsonl.gz` (decompressed
//! with `zcat`) when it is there, else from a corpus generated from the shipped example.
//! Prints figures; asserts nothing (timings belong in notes, not in tests).

use std::io::Read;
use std::process::Command;
use std::time::Instant;

fn corpus(limit: usize) -> (Vec<String>, &'static str) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/bench/orangesum.jsonl.gz"
    );
    if std::path::Path::new(path).exists() {
        if let Ok(out) = Command::new("zcat").arg(path).output() {
            let mut docs = Vec::new();
            let mut size = 0;
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                if let Some(text) = v["text"].as_str() {
                    size += text.len();
                    docs.push(text.to_string());
                }
                if size >= limit {
                    break;
                }
            }
            if !docs.is_empty() {
                return (docs, "../shared/bench/orangesum.jsonl.gz");
            }
        }
    }
    let mut example = String::new();
    std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/depeche.txt"))
        .and_then(|mut f| f.read_to_string(&mut example))
        .expect("the shipped example");
    let copies = limit / example.len() + 1;
    (vec![example; copies], "examples/depeche.txt, repeated")
}

/// The folded forms of every built-in gazetteer file (as the binary holds them), for a
/// bare aho-corasick scan to compare the entity stage with.
fn builtin_forms() -> Vec<String> {
    use quidit_lists::normalise::{Case, fold};
    let mut seen = std::collections::HashSet::new();
    let mut forms = Vec::new();
    for input in quidit::gazetteer::lint::builtin_inputs() {
        let file =
            quidit::gazetteer::parse::parse(&input.shown, &input.text).expect("built-ins parse");
        for line in file.lines {
            for form in line.forms {
                let key = fold(&form.text, Case::Fold);
                if seen.insert(key.clone()) {
                    forms.push(key);
                }
            }
        }
    }
    forms
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// The median of three timed runs of `run`, in seconds, and what the last run returned.
fn timed<T>(mut run: impl FnMut() -> T) -> (f64, T) {
    let mut last = None;
    let runs = (0..3)
        .map(|_| {
            let start = Instant::now();
            last = Some(run());
            start.elapsed().as_secs_f64()
        })
        .collect();
    (median(runs), last.expect("three runs"))
}

fn main() {
    let mut loads = Vec::new();
    let mut tagger = None;
    for _ in 0..7 {
        // Drop the previous tagger outside the timing: loading is what is measured.
        drop(tagger.take());
        let t = Instant::now();
        tagger = Some(quidit::Tagger::builder().build().expect("built-ins load"));
        loads.push(t.elapsed().as_secs_f64());
    }
    let tagger = tagger.expect("built at least once");
    println!(
        "load: built-in gazetteers and rules in {:.1} ms (median of 7; {} entries, {} patterns)",
        median(loads) * 1e3,
        tagger.gazetteer().entries().len(),
        tagger.gazetteer().pattern_count()
    );

    let (docs, from) = corpus(20 << 20);
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "corpus: {} docs, {:.1} MB from {from}; single thread, median of 3 runs",
        docs.len(),
        bytes as f64 / 1e6
    );
    let mb_s = |secs: f64| bytes as f64 / secs / 1e6;

    // The reference: a bare aho-corasick scan (default options) of the same text for the
    // same forms, counting matches and nothing else.
    let forms = builtin_forms();
    let bare = aho_corasick::AhoCorasick::new(&forms).expect("forms compile");
    let (secs, matches) = timed(|| {
        docs.iter()
            .map(|d| bare.find_iter(d).count())
            .sum::<usize>()
    });
    let bare_mb_s = mb_s(secs);
    println!(
        "bare aho-corasick scan ({} forms, {matches} matches): {bare_mb_s:.1} MB/s",
        forms.len()
    );

    // What every document costs before any matching: the folded view with its offsets,
    // tokens and sentences. A floor for the stages below, which all start with it: a tagger
    // with no gazetteer and no rule does that and little else (a walk of an empty automaton,
    // the name classes of the tokens).
    let bare_tagger = quidit::Tagger::builder()
        .builtin_gazetteers(false)
        .builtin_rules(false)
        .build()
        .expect("an empty tagger builds");
    let mut scratch = quidit::Scratch::default();
    let (secs, ()) = timed(|| {
        for d in &docs {
            bare_tagger.tag_with(d, &mut scratch);
        }
    });
    let floor = mb_s(secs);
    println!(
        "normalise + tokenise + sentences (no lists, no rules): {floor:.1} MB/s ({:.0}% of the bare scan)",
        100.0 * floor / bare_mb_s
    );

    let entities_only = quidit::Tagger::builder()
        .builtin_rules(false)
        .build()
        .expect("built-ins load");
    for (name, t) in [
        ("entity stage (no rules)", &entities_only),
        ("full pipeline", &tagger),
    ] {
        let mut scratch = quidit::Scratch::default();
        let (secs, (entities, attributions)) = timed(|| {
            docs.iter().fold((0, 0), |(e, a), d| {
                let doc = t.tag_with(d, &mut scratch);
                (e + doc.entities.len(), a + doc.attributions.len())
            })
        });
        println!(
            "{name}: {:.1} MB/s ({:.0}% of the bare scan), {:.0} docs/s; {entities} entities, {attributions} attributions",
            mb_s(secs),
            100.0 * mb_s(secs) / bare_mb_s,
            docs.len() as f64 / secs,
        );
    }

    let mut scratch = quidit::Scratch::default();
    // The same tagger, each document timed per stage: the entity stage (normalise,
    // tokenise, gazetteers with the lexicons the rules read, name rules) and the attribution
    // stage (rule engine and resolution of sources). A tagger built without rules would not
    // do: it drops the lexicons, which makes the entity stage look cheaper than it is.
    let mut splits = Vec::new();
    for _ in 0..3 {
        let (mut ent, mut att) = (0.0, 0.0);
        for d in &docs {
            let (_, times) = tagger.tag_timed(d, &mut scratch);
            ent += times.entities.as_secs_f64();
            att += times.attributions.as_secs_f64();
        }
        splits.push((ent, att));
    }
    splits.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let (ent, att) = splits[splits.len() / 2];
    println!(
        "stages, 1 thread: entity stage {ent:.2} s, attribution stage {att:.2} s, ratio attribution/entity {:.2}",
        att / ent
    );
}
