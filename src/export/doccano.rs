//! doccano: one JSON line a document in the "JSONL (Relation)" shape that a sequence-labelling
//! project with relations imports:
//! `{"text", "doc_id", "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"id", "from_id", "to_id", "type"}], "quidit": {…}}`.
//!
//! Offsets count UTF-16 code units, as doccano's editor does (it runs in a browser); for
//! text without emoji they are code points. doccano has no span attributes: the kind of each
//! content and the provenance of each span are under `quidit`, which doccano keeps as the
//! example's metadata. A content cut by an incise is one span per fragment. **The project
//! must allow overlapping spans**: otherwise doccano silently drops every entity inside a
//! quotation.

use serde_json::{Value, json};

use super::model::Model;
use super::offsets::{Offsets, Unit};
use crate::document::Document;

/// The JSON object of one document.
pub fn line(id: &str, text: &str, doc: &Document<'_>) -> Value {
    let model = Model::new(doc);
    let offsets = Offsets::new(text);
    let mut entities = Vec::new();
    let mut kinds = serde_json::Map::new();
    let mut provenance = serde_json::Map::new();
    let mut ids: Vec<Vec<usize>> = Vec::with_capacity(model.marks.len());
    for mark in &model.marks {
        let mut mine = Vec::new();
        for f in &mark.fragments {
            let n = entities.len() + 1;
            let (start, end) = offsets.range(f.start, f.end, Unit::Utf16);
            entities.push(json!({
                "id": n, "start_offset": start, "end_offset": end, "label": mark.ty.name(),
            }));
            if let Some(kind) = mark.kind {
                kinds.insert(n.to_string(), json!(kind.as_str()));
            }
            provenance.insert(n.to_string(), json!(mark.provenance));
            mine.push(n);
        }
        ids.push(mine);
    }
    let relations: Vec<Value> = model
        .fan_out(&ids)
        .enumerate()
        .map(|(n, (ty, from, to, _))| {
            json!({"id": n + 1, "from_id": from, "to_id": to, "type": ty.name()})
        })
        .collect();
    json!({
        "text": text, "doc_id": id, "entities": entities, "relations": relations,
        "quidit": {"kind": kinds, "provenance": provenance},
    })
}
