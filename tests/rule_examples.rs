//! Every built-in rule's inline `example` and `counter` holds, through the whole pipeline with
//! the built-in gazetteers: a linguist's edit that breaks one fails here (and in
//! `quidit check`).

#[test]
fn every_builtin_rule_has_an_example_and_they_all_hold() {
    let tagger = quidit::Tagger::builder().build().expect("built-ins load");
    let rules = tagger.rules().rules();
    assert!(!rules.is_empty());
    for r in rules {
        assert!(
            r.examples.iter().any(|e| !e.counter),
            "rule {} ({}:{}) has no example",
            r.id,
            r.file,
            r.line
        );
    }
    let (failures, ran) = tagger.check_examples();
    assert!(ran >= rules.len());
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{}", report.join("\n\n"));
}
