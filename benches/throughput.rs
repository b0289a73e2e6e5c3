//! `cargo bench`: how long the built-in gazetteers take to load, how fast tagging runs
//! on one thread, and how that time splits between the entity stage and the attribution
//! stage. Reads news text from `../shared/bench/orangesum.jsonl.gz` (decompressed
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

fn main() {
    let mut loads = Vec::new();
    let mut tagger = None;
    for _ in 0..5 {
        let t = Instant::now();
        tagger = Some(quidit::Tagger::builder().build().expect("built-ins load"));
        loads.push(t.elapsed().as_secs_f64());
    }
    loads.sort_by(f64::total_cmp);
    let tagger = tagger.expect("built at least once");
    println!(
        "load built-in gazetteers and rules: median {:.1} ms ({} entries, {} patterns)",
        loads[loads.len() / 2] * 1e3,
        tagger.gazetteer().entries().len(),
        tagger.gazetteer().pattern_count()
    );

    let (docs, from) = corpus(20 << 20);
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut scratch = quidit::Scratch::default();

    // The whole pipeline, as `quidit tag` runs it.
    let mut runs = Vec::new();
    let (mut entities, mut attributions) = (0, 0);
    for _ in 0..3 {
        let start = Instant::now();
        (entities, attributions) = (0, 0);
        for d in &docs {
            let doc = tagger.tag_with(d, &mut scratch);
            entities += doc.entities.len();
            attributions += doc.attributions.len();
        }
        runs.push(start.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let secs = runs[runs.len() / 2];
    println!(
        "tag (full pipeline), 1 thread: {:.1} MB/s, {:.0} docs/s — {} docs, {:.1} MB from {from}, {} entities, {} attributions",
        bytes as f64 / secs / 1e6,
        docs.len() as f64 / secs,
        docs.len(),
        bytes as f64 / 1e6,
        entities,
        attributions
    );

    // The same tagger, each document timed per stage: the entity stage (normalise,
    // tokenise, gazetteers with the lexicons the rules read, name rules) and the attribution
    // stage (rule engine and resolution of sources). A tagger built without rules would not
    // do: it drops the lexicons, which makes the entity stage look cheaper than it is.
    let mut splits = Vec::new();
    for _ in 0..3 {
        let (mut ent, mut att) = (0.0, 0.0);
        for d in &docs {
            let (_, e, a) = tagger.tag_with_stage_times(d, &mut scratch);
            ent += e.as_secs_f64();
            att += a.as_secs_f64();
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
