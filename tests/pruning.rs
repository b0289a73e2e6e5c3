//! The rule engine works out, before matching, where each item of a rule may match, and
//! tries nothing elsewhere (`Matcher::feasible`); it skips the starts where the tokens after
//! the first cannot begin the rule's next elements (`rules::analyses::Prefix`); it chunks
//! only the sentences where a rule that reads noun phrases could match. That must change no
//! result: candidates, entities and attributions are compared with and without both, on the
//! golden documents and on random quote-rich and name-rich text.

use std::sync::LazyLock;

use proptest::prelude::*;
use quidit::{Scratch, Tagger};

static PRUNED: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::builder().build().expect("built-ins load"));
static UNPRUNED: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::builder()
        .pruning(false)
        .build()
        .expect("built-ins load")
});

/// Every rule candidate (before conflicts are settled) and the resulting document are the
/// same both ways.
fn same(text: &str) {
    let a = PRUNED.inspect(text, &mut Scratch::default());
    let b = UNPRUNED.inspect(text, &mut Scratch::default());
    assert_eq!(a.candidates, b.candidates, "candidates differ on {text:?}");
    let (a, b) = (a.document, b.document);
    assert_eq!(
        format!("{:?}", a.attributions),
        format!("{:?}", b.attributions),
        "attributions differ on {text:?}"
    );
    assert_eq!(format!("{:?}", a.entities), format!("{:?}", b.entities));
}

#[test]
fn golden_documents_are_tagged_alike() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("tests/golden") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            same(&std::fs::read_to_string(&path).expect("readable"));
            seen += 1;
        }
    }
    assert!(seen > 0, "no golden document in {dir}");
}

/// Words of subjects, cues, quotations and their ends, so that rules match often, and fail
/// often just before the end.
fn quote_rich_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Emmanuel Macron",
        "le ministre de la défense",
        "Ankara",
        "l'OTAN",
        "il",
        "elle",
        "Mme Dupont",
        "a déclaré",
        "a estimé",
        "estime",
        "indique",
        "a-t-il ajouté",
        "explique-t-elle",
        "accuse",
        "reproche",
        "a appelé",
        "a menacé d'ouvrir",
        "selon",
        "d'après",
        "que",
        "qu'",
        "de",
        "la",
        "les",
        "porte",
        "frontières",
        "«",
        "»",
        "\"",
        ",",
        ".",
        ":",
        ";",
        "—",
        "\n\n",
        "pour",
        "et",
        "mais",
        "se tenir",
        "prêts",
        "nous sommes",
        // The accusation rules that read noun phrases (`SN`), which are made only in the
        // sentences (joined by quotations) that hold their anchors: gated and ungated alike.
        "est soupçonné",
        "Accusée",
        "par",
        "d'avoir menti",
        "les enquêteurs",
    ]);
    prop::collection::vec(words, 0..300).prop_map(|w| w.join(" "))
}

/// Words that the name rules start from or need next (articles, prepositions, titles,
/// heads of organisations, acronyms, capitalised words no list has), so that a rule's first
/// token often matches and the tokens after it (what the prefix filter checks before trying
/// a start) as often do not.
fn name_rich_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "le",
        "la",
        "les",
        "du",
        "au",
        "des",
        "l'",
        "à",
        "en",
        "près",
        "de",
        "d'",
        "M.",
        "Mme",
        "le président",
        "la ministre",
        "société",
        "syndicat",
        "Syndicat",
        "Confédération",
        "FNTQ",
        "SNTPC",
        "ONU",
        "TVA",
        "Kfarzibet",
        "Zarbouli",
        "Dominique",
        "Yannick",
        "Le",
        "Goarant",
        "van",
        "Renault",
        "Paris",
        "annonce",
        "a déclaré",
        ":",
        ",",
        ".",
        "(",
        ")",
        "\n",
        "et",
        "marocain",
        "Vexora",
    ]);
    prop::collection::vec(words, 0..200).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_quote_rich_text_is_tagged_alike(text in quote_rich_text()) {
        same(&text);
    }

    #[test]
    fn random_name_rich_text_is_tagged_alike(text in name_rich_text()) {
        same(&text);
    }
}

/// Rules that start at sentence starts and run over the reported words up to an inverted
/// cue (`…, indique le ministre.`) are tried once per sentence: with many such sentences,
/// the words before the cue are skipped to the places where the cue may follow.
#[test]
fn many_inverted_cues_are_tagged_alike() {
    let sentences = [
        "Les troupes, dit-on, sont prêtes à partir, indique le ministre de la défense.",
        "Nous ne céderons pas, a-t-il ajouté, et nous resterons, a estimé Emmanuel Macron.",
        "La frontière restera ouverte, selon l'OTAN.",
        "Le bilan, très lourd, ne cesse de s'alourdir, explique-t-elle.",
        "Rien n'est décidé, affirme Ankara, qui dément tout accord.",
        "Les négociations, a-t-on appris, reprendront lundi, précise le porte-parole.",
    ];
    let text = sentences.repeat(4).join(" ");
    same(&text);
    let doc = PRUNED.tag(&text);
    let contents: Vec<&str> = doc
        .attributions
        .iter()
        .filter_map(|a| a.content.first().map(|s| &text[s.start..s.end]))
        .collect();
    assert!(
        contents.contains(&"Le bilan, très lourd, ne cesse de s'alourdir"),
        "{contents:?}"
    );
}

/// In a long document, the backward passes start from many tokens and look words up by
/// their places instead of token by token: still the same candidates.
#[test]
fn long_document_is_tagged_alike() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/golden")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    texts.sort();
    let mut text = String::new();
    while text.len() < 60_000 {
        for t in &texts {
            text.push_str(t);
            text.push_str("\n\n");
        }
    }
    same(&text);
}

/// A rule that reads a noun phrase sentences away from its anchor, across a quotation that
/// joins them: the phrase is made although its own sentence holds no anchor.
#[test]
fn phrases_are_made_in_sentences_joined_to_an_anchor() {
    let rules = r#"rule test.loin
  priority 10
  match    source:SN content:QUOTE cue:"martèle"
  emit     Quote(content, cue, source)
  example  Le maire « Non. » martèle.
        => content="Non." source="Le maire"
"#;
    let build = |pruning: bool| {
        Tagger::builder()
            .builtin_rules(false)
            .rules_text("test.rules", rules)
            .pruning(pruning)
            .build()
            .expect("the rule compiles")
    };
    let (gated, ungated) = (build(true), build(false));
    let text = "Hier, le maire du village « Non. Jamais. Nous refusons. » martèle encore. Le préfet se tait.";
    let a = gated.inspect(text, &mut Scratch::default());
    let b = ungated.inspect(text, &mut Scratch::default());
    assert_eq!(a.candidates, b.candidates);
    assert_eq!(
        a.document.attributions.len(),
        1,
        "{:?}",
        a.document.attributions
    );
    assert_eq!(
        format!("{:?}", a.document.attributions),
        format!("{:?}", b.document.attributions)
    );
}
