//! A capital at the start of a sentence says nothing of a name: the list matches that owe
//! their only capital to it are dropped, and those whose capitals are their own are kept.
//! One table of sentences written for this test, each with the entities it must give.

use std::sync::LazyLock;

use quidit::Tagger;

static TAGGER: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::builder().build().expect("built-ins load"));

/// The entities of `text`, as `LABEL text`.
fn entities(text: &str) -> Vec<String> {
    let doc = TAGGER.tag(text);
    doc.entities
        .iter()
        .map(|e| format!("{} {}", e.label, e.text(text)))
        .collect()
}

#[test]
fn sentence_starts_table() {
    let table: &[(&str, &[&str])] = &[
        // An entry opening with an article, its later words in lower case: a common phrase.
        ("Le passage de la loi est reporté.", &[]),
        ("La presse a relayé l'information.", &[]),
        ("Les attaques se sont multipliées.", &[]),
        // The same entries written as names are kept, at the start of a sentence or not.
        ("Le Havre a battu Lens.", &["LOC Le Havre", "LOC Lens"]),
        ("Il a lu La Presse hier.", &["ORG La Presse"]),
        ("Le Parisien a publié l'enquête.", &["ORG Le Parisien"]),
        // A case-exact single word opening a sentence is capitalised for that reason alone…
        ("Or, rien n'a changé.", &[]),
        // …but an acronym's capitals are its own.
        (
            "FIFA : la finale aura lieu à Doha.",
            &["ORG FIFA", "LOC Doha"],
        ),
        // A word that opens sentences and names nothing (lexicon `non_noms`).
        ("Voici le texte de la déclaration.", &[]),
        // A headline run into the next paragraph without a space: the list finds the place
        // before the glued word as at a space…
        (
            "Des doutes sur la stratégie de PékinLa tenue de la réunion a été annoncée.",
            &["LOC Pékin"],
        ),
        // …and a name written in camel case stays whole.
        ("La société BlackRock a vendu.", &["ORG BlackRock"]),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in table {
        let got = entities(text);
        if got != *expected {
            wrong.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
