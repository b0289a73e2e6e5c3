//! `Tagger::inspect` tags as `Tagger::tag` does and shows what the stages found on the way:
//! the document is the same, the records agree with the text and with each other.

use quidit::coverage::{Coverage, ListForms};
use quidit::inspect::TokenKind;
use quidit::{Label, Scratch, Tagger};

const TEXT: &str = "« Nous ne céderons pas », a déclaré Mme Anne Dupont à Paris. \
                    Selon l'OSDH, 16 combattants ont été tués à Saraqeb.";

#[test]
fn inspection_agrees_with_tagging_and_the_text() {
    let tagger = Tagger::builder().build().expect("built-ins load");
    let mut scratch = Scratch::default();
    let inspection = tagger.inspect(TEXT, &mut scratch);
    let doc = tagger.tag(TEXT);
    assert_eq!(format!("{:?}", inspection.document), format!("{doc:?}"));

    let words: Vec<&str> = inspection.tokens.iter().map(|t| t.text(TEXT)).collect();
    assert!(words.contains(&"Saraqeb") && words.contains(&"«"));
    assert!(
        inspection
            .tokens
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start)
    );
    let opener = inspection
        .tokens
        .iter()
        .find(|t| t.text(TEXT) == "«")
        .unwrap();
    assert_eq!(opener.kind, TokenKind::QuoteOpen);
    assert_eq!(inspection.sentences.len(), 2);
    assert_eq!(inspection.sentences[0].tokens.start, 0);

    assert!(
        inspection
            .list_matches
            .iter()
            .any(|m| m.label == Label::Loc && &TEXT[m.start..m.end] == "Paris")
    );
    let verb = inspection
        .lexicon_matches
        .iter()
        .find(|m| m.lexicon == "verbes_parole")
        .expect("a reporting verb");
    assert_eq!(verb.entry.attr("lemme"), Some("déclarer"));
    assert!(
        inspection
            .lexicon_matches
            .iter()
            .any(|m| m.lexicon == "titres" && &TEXT[m.start..m.end] == "Mme")
    );

    let q = inspection.quotations.first().expect("a quotation");
    assert!(q.closed);
    assert_eq!(inspection.tokens[q.open].text(TEXT), "«");
    assert_eq!(inspection.tokens[q.outer().end - 1].text(TEXT), "»");

    assert!(inspection.candidates.iter().any(|c| c.kept && c.phase > 0));
    assert!(inspection.candidates.iter().any(|c| c.phase == 0));

    // The same scratch serves the next text, with nothing left from this one.
    let again = tagger.inspect("Rien.", &mut scratch);
    assert!(again.quotations.is_empty() && again.candidates.iter().all(|c| c.kept));
}

#[test]
fn coverage_reads_inspections() {
    let tagger = Tagger::builder().build().expect("built-ins load");
    let mut scratch = Scratch::default();
    let mut coverage = Coverage::new();
    let texts = [
        "Le syndicat Qwertuvo a protesté.",
        "Le syndicat Qwertuvo a signé.",
    ];
    for text in texts {
        coverage.add(text, &tagger.inspect(text, &mut scratch));
    }
    let report = coverage.report(&ListForms::default());
    assert_eq!(report.documents, 2);
    let missed = report
        .missed
        .iter()
        .find(|m| m.found.name == "Qwertuvo")
        .expect("the unknown name");
    assert_eq!((missed.found.count, missed.found.docs), (2, 2));
    assert_eq!(missed.label, Some(Label::Org));
}
