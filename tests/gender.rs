//! A person's gender, read from the lexicons (`genre` of a civilité in `lexique/titres`, else
//! of the first name in `lexique/prenoms`), decides which person a pronoun source is. The
//! first names here (`Dominique`, `Camille`) are epicene, so only the civilité tells.

use std::sync::LazyLock;

use quidit::Tagger;

static TAGGER: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::builder().build().expect("built-ins load"));

/// The text of the entity that the only attribution's source resolves to.
fn source_of(text: &str) -> String {
    let doc = TAGGER.tag(text);
    let [a] = doc.attributions.as_slice() else {
        panic!(
            "one attribution expected in {text:?}: {:?}",
            doc.attributions
        );
    };
    let e = a
        .source
        .as_ref()
        .and_then(|s| s.resolved)
        .expect("a resolved source");
    doc.entities[e].text(text).to_string()
}

#[test]
fn a_civilite_gives_the_gender_a_pronoun_agrees_with() {
    let people = "M. Dominique Zarbouli et Mme Camille Kerbellec sont arrivés hier à Brest.";
    let she = format!("{people} « Nous resterons jusqu'au bout », a-t-elle déclaré.");
    let he = format!("{people} « Nous resterons jusqu'au bout », a-t-il déclaré.");
    assert_eq!(source_of(&she), "Camille Kerbellec");
    assert_eq!(source_of(&he), "Dominique Zarbouli");
}
