//! One identity per speaker, end to end: an invented article (written for this test, from no
//! evaluation set) tagged by the `quidit` binary, and its JSON Lines read back as a user would
//! to count quotations per person, with no name matching of their own.

mod common;

use common::{quidit, stdout};
use quidit::export::{Format, Head, render};
use serde_json::Value;

const ARTICLE: &str = "\
Grève dans les ports bretons

Maëlle Kerbrat, secrétaire générale de la CGT du port de Brest, a annoncé mardi que le \
mouvement serait reconduit. « Nous ne lâcherons rien », a-t-elle ajouté devant les grilles.

La direction refuse toute négociation, selon Mme Kerbrat. « La direction joue la montre », a \
déclaré Kerbrat. La CGT accuse la direction de mentir aux salariés.

De son côté, le Syndicat national des techniciens de la production cinématographique (SNTPC) \
a dénoncé « une provocation ». M. Jean Dupont, porte-parole du SNTPC, a estimé que « le \
dialogue est rompu ». « Rien n'est perdu », a assuré M. Dupont.
";

fn tagged() -> Value {
    let o = quidit(&["tag", "-"], Some(ARTICLE.as_bytes()));
    assert!(o.status.success(), "{}", common::stderr(&o));
    serde_json::from_str(stdout(&o).trim()).expect("one JSON line")
}

/// The entity indices whose text is `text`, in order.
fn entities_named(doc: &Value, text: &str) -> Vec<usize> {
    let all = doc["entities"].as_array().unwrap();
    (0..all.len()).filter(|&i| all[i]["text"] == text).collect()
}

/// The attribution whose source text is `source` and whose content starts with `content`.
fn attribution<'a>(doc: &'a Value, source: &str, content: &str) -> &'a Value {
    doc["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["source"]["text"] == source
                && a["content"][0]["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(content))
        })
        .unwrap_or_else(|| panic!("no attribution by {source:?}: {content:?}\n{doc:#}"))
}

#[test]
fn a_full_name_a_title_and_surname_the_surname_and_a_pronoun_are_one_identity() {
    let doc = tagged();
    let identity = |i: usize| doc["entities"][i]["identity"].clone();
    let full = entities_named(&doc, "Maëlle Kerbrat");
    let surname = entities_named(&doc, "Kerbrat");
    // `Mme Kerbrat` (the entity is the name, without the title) and `Kerbrat` alone.
    assert_eq!((full.len(), surname.len()), (1, 2), "{doc:#}");
    let kerbrat = identity(full[0]);
    assert!(kerbrat.is_u64());
    for &i in &surname {
        assert_eq!(identity(i), kerbrat, "entity {i}");
    }
    // The pronoun of `a-t-elle ajouté` is resolved to her, and so is her identity.
    let elle = &attribution(&doc, "elle", "Nous ne lâcherons")["source"];
    assert_eq!(elle["identity"], kerbrat);
    assert_eq!(
        attribution(&doc, "Kerbrat", "La direction joue")["source"]["identity"],
        kerbrat
    );
    let n = kerbrat.as_u64().unwrap() as usize;
    let entry = &doc["identities"][n];
    assert_eq!(entry["id"], kerbrat);
    assert_eq!(entry["label"], "PER");
    assert_eq!(entry["name"], "Maëlle Kerbrat");
    assert_eq!(entry["mentions"], 3);

    // `M. Dupont` is `Jean Dupont`.
    let jean = entities_named(&doc, "Jean Dupont");
    let dupont = entities_named(&doc, "Dupont");
    assert_eq!((jean.len(), dupont.len()), (1, 1));
    assert_eq!(identity(dupont[0]), identity(jean[0]));
    assert_ne!(identity(jean[0]), kerbrat);

    // Quotations per person, from the output alone.
    let mut by_name = std::collections::BTreeMap::new();
    for a in doc["attributions"].as_array().unwrap() {
        if let Some(id) = a["source"]["identity"].as_u64() {
            let name = doc["identities"][id as usize]["name"]
                .as_str()
                .unwrap()
                .to_string();
            *by_name.entry(name).or_insert(0) += 1;
        }
    }
    // Four: `a annoncé`, `a-t-elle ajouté`, `selon Mme Kerbrat`, `a déclaré Kerbrat`.
    assert_eq!(by_name.get("Maëlle Kerbrat"), Some(&4), "{by_name:?}");
    assert_eq!(by_name.get("Jean Dupont"), Some(&2), "{by_name:?}");
}

#[test]
fn a_noun_phrase_source_is_linked_to_the_entity_inside_it() {
    let doc = tagged();
    let cgt = entities_named(&doc, "CGT");
    assert_eq!(cgt.len(), 2, "{doc:#}");
    let source = &attribution(&doc, "La CGT", "mentir")["source"];
    // Not exactly an entity (brat keeps it a `Mention`), but about the second `CGT`.
    assert!(source.get("entity").is_none());
    assert_eq!(source["head"], cgt[1]);
    let identity = &doc["entities"][cgt[1]]["identity"];
    assert_eq!(&source["identity"], identity);
    // Both `CGT` are one identity, named by the gazetteer with its Wikidata id.
    assert_eq!(&doc["entities"][cgt[0]]["identity"], identity);
    let entry = &doc["identities"][identity.as_u64().unwrap() as usize];
    assert_eq!(entry["name"], "Confédération générale du travail");
    assert_eq!(entry["wikidata"], "Q1125948");

    // An acronym defined in parentheses is its expansion; so is the noun phrase around it.
    let expansion = entities_named(
        &doc,
        "Syndicat national des techniciens de la production cinématographique",
    );
    let sntpc = entities_named(&doc, "SNTPC");
    assert_eq!((expansion.len(), sntpc.len()), (1, 2), "{doc:#}");
    let id = &doc["entities"][expansion[0]]["identity"];
    for &i in &sntpc {
        assert_eq!(&doc["entities"][i]["identity"], id);
    }
    let syndicat = attribution(
        &doc,
        "le Syndicat national des techniciens de la production cinématographique",
        "une provocation",
    );
    assert_eq!(&syndicat["source"]["identity"], id);
}

#[test]
fn brat_notes_and_explain_show_the_identity() {
    let tagger = quidit::Tagger::builder().build().expect("built-ins load");
    let doc = tagger.tag(ARTICLE);
    let brat = render(Format::Brat, Head::Id("article"), 0, ARTICLE, &doc).unwrap();
    let ann = String::from_utf8(brat.file("ann").unwrap().to_vec()).unwrap();
    let t_of = |text: &str| {
        ann.lines()
            .filter(|l| l.starts_with('T') && l.ends_with(&format!("\t{text}")))
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let note_of = |t: &str| {
        ann.lines()
            .find(|l| l.starts_with('#') && l.contains(&format!("AnnotatorNotes {t}\t")))
            .unwrap_or_else(|| panic!("no note for {t}\n{ann}"))
            .to_string()
    };
    let id = doc.identities.of_entity(0).unwrap().0;
    for t in t_of("Kerbrat").iter().chain(&t_of("elle")) {
        assert!(
            note_of(t).ends_with(&format!("| identity={id} Maëlle Kerbrat")),
            "{}",
            note_of(t)
        );
    }
    assert_eq!(t_of("Kerbrat").len(), 2, "{ann}");

    let o = quidit(&["explain", "-"], Some(ARTICLE.as_bytes()));
    let out = stdout(&o);
    assert!(out.contains("\"Kerbrat\""), "{out}");
    assert!(
        out.contains(&format!("identity {id} (surname of entity 0)")),
        "{out}"
    );
    assert!(
        out.contains(&format!("{id} PER \"Maëlle Kerbrat\", 3 mentions")),
        "{out}"
    );
}
