//! spaCy: one JSON line a document in the shape Prodigy and spaCy's relation tutorial read,
//! which `scripts/spacy_docbin.py` turns into a `.spacy` DocBin (writing DocBin itself would
//! tie quidit to spaCy's internal hashes):
//! `{"text", "meta": {"id"}, "tokens": [{"text", "start", "end", "id", "ws"}],
//! "spans": [{"start", "end", "token_start", "token_end", "label", "kind"?, "provenance",
//! "identity"?, "identity_name"?}],
//! "relations": [{"head", "child", "head_span", "child_span", "label"}]}`.
//!
//! Offsets count code points; `token_end` is inclusive, and a relation's `head`/`child` is
//! the last token of its span, as Prodigy writes them. The tokens rebuild the text exactly:
//! `ws` is one ASCII space after the token, and any other white space (a line break, U+202F)
//! is a token of its own, as spaCy's tokeniser makes them. In the DocBin, entities go to
//! `doc.ents` (the outermost ones: they cannot overlap there) and every span to
//! `doc.spans["quidit"]`; relations, which spaCy has no place for, to `doc.user_data`. An
//! entity, or a mention about one, has its `identity` number and `identity_name`
//! ([`crate::identity`]).

use serde_json::{Value, json};

use super::model::Model;
use super::offsets::{Offsets, Unit};
use super::tokens;
use crate::document::Document;

/// The JSON object of one document.
pub fn line(id: &str, text: &str, doc: &Document<'_>) -> Value {
    let model = Model::new(doc);
    let offsets = Offsets::new(text);
    let cp = |b: usize| offsets.convert(b, Unit::CodePoint);
    let (pieces, _) = tokens::tokens(text, &model.edges());
    // (start, end, ws) in bytes; white space other than one space becomes a token.
    let mut toks: Vec<(usize, usize, bool)> = Vec::with_capacity(pieces.len() * 2);
    let mut at = 0;
    let gap = |toks: &mut Vec<(usize, usize, bool)>, from: usize, to: usize| {
        let mut from = from;
        if from < to
            && text.as_bytes()[from] == b' '
            && let Some(last) = toks.last_mut()
            && !last.2
        {
            last.2 = true;
            from += 1;
        }
        if from < to {
            toks.push((from, to, false));
        }
    };
    for p in &pieces {
        gap(&mut toks, at, p.start);
        toks.push((p.start, p.end, false));
        at = p.end;
    }
    gap(&mut toks, at, text.len());
    let tokens: Vec<Value> = toks
        .iter()
        .enumerate()
        .map(|(i, &(s, e, ws))| {
            json!({"text": &text[s..e], "start": cp(s), "end": cp(e), "id": i, "ws": ws})
        })
        .collect();
    let token_of = |b: usize| toks.partition_point(|t| t.1 <= b);
    let mut spans = Vec::new();
    let mut ids: Vec<Vec<usize>> = Vec::with_capacity(model.marks.len());
    for mark in &model.marks {
        let mut mine = Vec::new();
        for f in &mark.fragments {
            let mut span = json!({
                "start": cp(f.start), "end": cp(f.end),
                "token_start": token_of(f.start),
                "token_end": token_of(f.end.saturating_sub(1)),
                "label": mark.ty.name(), "provenance": mark.provenance,
            });
            if let Some(kind) = mark.kind {
                span["kind"] = json!(kind.as_str());
            }
            if let Some(i) = mark.identity.and_then(|i| doc.identities.get(i)) {
                span["identity"] = json!(i.id.0);
                span["identity_name"] = json!(i.name);
            }
            mine.push(spans.len());
            spans.push(span);
        }
        ids.push(mine);
    }
    let relations: Vec<Value> = model
        .fan_out(&ids)
        .map(|(ty, &from, &to, _)| {
            let (h, c) = (&spans[from], &spans[to]);
            json!({
                "head": h["token_end"], "child": c["token_end"],
                "head_span": h, "child_span": c, "label": ty.name(),
            })
        })
        .collect();
    json!({
        "text": text, "meta": {"id": id}, "tokens": tokens, "spans": spans,
        "relations": relations,
    })
}
