//! CoNLL / IOB2 gold: one token a line, its tag in the last column (`B-PER`, `I-PER`, `O`),
//! a blank line between sentences. The document text is rebuilt from the tokens (one space
//! between tokens, a line break between sentences), and entities become brat text-bound
//! annotations over that text, so that the rest of the evaluation reads one model.
//!
//! `PER`/`PERS`, `ORG`, `LOC`/`GPE` are read as PER, ORG, LOC; other types (`MISC`…) are not
//! scored. An `I-` tag that does not continue an entity of its type starts one (IOB1 files
//! read sensibly). Lines starting with `#` and `-DOCSTART-` lines are skipped.

use super::brat::{AnnDoc, TextBound};

/// File extensions read as CoNLL/IOB2.
pub const EXTENSIONS: [&str; 5] = ["conll", "iob", "iob2", "bio", "conllu"];

fn label(tag: &str) -> Option<&'static str> {
    match tag {
        "PER" | "PERS" | "PERSON" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" | "GPE" => Some("LOC"),
        _ => None,
    }
}

/// The rebuilt text and the gold entities of a CoNLL file's content.
pub fn read(content: &str) -> (String, AnnDoc) {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut tbs: Vec<TextBound> = Vec::new();
    // The open entity: (label, start in code points, end).
    let mut open: Option<(&'static str, usize, usize, bool)> = None;
    let mut sentence_open = false;
    let close = |open: &mut Option<(&'static str, usize, usize, bool)>,
                 tbs: &mut Vec<TextBound>| {
        if let Some((label, start, end, scored)) = open.take() {
            if scored {
                tbs.push(TextBound {
                    id: format!("T{}", tbs.len() + 1),
                    label: label.to_string(),
                    frags: vec![(start, end)],
                    ann_text: None,
                    line: 0,
                });
            }
        }
    };
    for line in content.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.starts_with("-DOCSTART-") {
            continue;
        }
        let columns: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        if columns.is_empty() {
            close(&mut open, &mut tbs);
            if sentence_open {
                text.push('\n');
                chars += 1;
                sentence_open = false;
            }
            continue;
        }
        let token = columns[0];
        let tag = if columns.len() > 1 {
            columns[columns.len() - 1]
        } else {
            "O"
        };
        if sentence_open {
            text.push(' ');
            chars += 1;
        }
        let start = chars;
        text.push_str(token);
        chars += token.chars().count();
        sentence_open = true;
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let mapped = label(kind);
        let continues = prefix == "I"
            && open.as_ref().is_some_and(|(l, _, _, scored)| {
                (*scored && Some(*l) == mapped) || (!*scored && mapped.is_none())
            });
        if continues {
            if let Some(o) = open.as_mut() {
                o.2 = chars;
            }
        } else {
            close(&mut open, &mut tbs);
            if prefix == "B" || prefix == "I" {
                open = Some((mapped.unwrap_or("MISC"), start, chars, mapped.is_some()));
            }
        }
    }
    close(&mut open, &mut tbs);
    let mut doc = AnnDoc {
        text: Some(text.chars().collect()),
        ..AnnDoc::default()
    };
    for tb in tbs {
        doc.index.insert(tb.id.clone(), doc.tbs.len());
        doc.tbs.push(tb);
    }
    (text, doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_text_and_spans() {
        let conll = "-DOCSTART- O\nSelon\tO\nl'\tO\nOSDH\tB-ORG\n,\tO\nà\tO\nSaraqeb\tB-LOC\n\n\
                     Jean\tB-PER\nDupont\tI-PER\nvient\tO\nde\tO\nNice\tB-MISC\n";
        let (text, doc) = read(conll);
        assert_eq!(text, "Selon l' OSDH , à Saraqeb\nJean Dupont vient de Nice");
        let spans: Vec<_> = doc
            .tbs
            .iter()
            .map(|t| (t.label.as_str(), doc.span_text(t)))
            .collect();
        assert_eq!(
            spans,
            [
                ("ORG", "OSDH".into()),
                ("LOC", "Saraqeb".into()),
                ("PER", "Jean Dupont".into())
            ]
        );
    }
}
