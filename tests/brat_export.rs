//! The brat export of attributions, as `ANNOTATION.md` specifies it: content spans with a
//! `Kind`, cues, sources pointing to entities or to mentions, `Coref` from a pronoun to its
//! entity, targets of charges, discontinuous spans for incises.

use quidit::export::{Format, Head, render};

fn ann(text: &str) -> String {
    let tagger = quidit::Tagger::builder().build().expect("built-ins load");
    let doc = tagger.tag(text);
    let brat = render(Format::Brat, Head::Id("text"), 0, text, &doc).unwrap();
    String::from_utf8(brat.file("ann").unwrap().to_vec()).unwrap()
}

#[test]
fn a_direct_quote_with_a_pronoun_source() {
    let text = "Jens Stoltenberg est arrivé. « Nous agirons », a-t-il déclaré.";
    let got = ann(text);
    let expected = "\
T1\tPER 0 16\tJens Stoltenberg
T2\tQuote 31 43\tNous agirons
A1\tKind T2 direct
T3\tCue 47 61\ta-t-il déclaré
R1\tCue Arg1:T3 Arg2:T2
T4\tMention 51 53\til
R2\tCoref Arg1:T4 Arg2:T1
R3\tSource Arg1:T4 Arg2:T2
";
    // The notes (provenance) come last; their gazetteer lines move as the lists change.
    let (notes, lines): (Vec<&str>, Vec<&str>) = got.lines().partition(|l| l.starts_with('#'));
    assert_eq!(lines.join("\n") + "\n", expected);
    assert_eq!(notes.len(), 4, "{got}");
    assert!(
        notes[0].starts_with("#1\tAnnotatorNotes T1\tJens Stoltenberg | gazetteers/PER/"),
        "{got}"
    );
    assert_eq!(
        notes[1],
        "#2\tAnnotatorNotes T2\trule citation.incise.pronom"
    );
}

#[test]
fn a_charge_with_source_and_target_entities() {
    let text = "Damas accuse la Turquie de soutenir des groupes terroristes.";
    let got = ann(text);
    assert!(
        got.contains("\tCharge 27 59\tsoutenir des groupes terroristes\n"),
        "{got}"
    );
    assert!(got.contains("Kind T3 accusation"), "{got}");
    assert!(got.contains("Source Arg1:T1 Arg2:T3"), "{got}");
    assert!(got.contains("Target Arg1:T2 Arg2:T3"), "{got}");
}

#[test]
fn an_incise_gives_a_discontinuous_quote() {
    let text = "« Nous agirons, dit-il, sans attendre », a déclaré Jens Stoltenberg.";
    let got = ann(text);
    assert!(
        got.contains("\tQuote 2 14;24 37\tNous agirons sans attendre\n"),
        "{got}"
    );
}
