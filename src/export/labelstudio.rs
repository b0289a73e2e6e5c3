//! Label Studio: one task a document, with quidit's marks as a prediction, and the
//! labeling configuration to create the project with.
//!
//! A task is `{"data": {"text", "id"}, "predictions": [{"model_version", "result"}]}`. Each
//! mark is a `labels` region (code-point offsets, its text, its label); a content also has
//! a `choices` result on the same region id for its kind; relations are `relation` results
//! (`Source`, `Target`, `Cue`, `Coref`, from → to). A content cut by an incise is one region
//! per fragment, each with the content's relations. The region's `meta.text` holds the
//! provenance, and for an entity or a mention about one its identity (`identity=N NAME`,
//! [`crate::identity`]), shown in the region's details.

use serde_json::{Value, json};

use super::model::{MarkType, Model, RelationType};
use crate::document::{Document, Kind};

/// The `from_name` of label regions.
const LABELS: &str = "label";
/// The `from_name` of the per-region kind.
const KIND: &str = "kind";
/// The `to_name`: the text.
const TEXT: &str = "text";

/// The task of one document, as one JSON value.
pub fn task(id: &str, text: &str, doc: &Document<'_>) -> Value {
    let model = Model::new(doc);
    let mut result = Vec::new();
    let mut regions: Vec<Vec<String>> = Vec::with_capacity(model.marks.len());
    for (m, mark) in model.marks.iter().enumerate() {
        let mut mine = Vec::new();
        for (k, f) in mark.fragments.iter().enumerate() {
            let rid = if mark.fragments.len() == 1 {
                format!("m{m}")
            } else {
                format!("m{m}.{k}")
            };
            // The provenance, then the identity of an entity or a mention about one.
            let mut meta = vec![mark.provenance.clone()];
            if let Some(i) = mark.identity.and_then(|i| doc.identities.get(i)) {
                meta.push(format!("identity={} {}", i.id.0, i.name));
            }
            let value = |extra: (&str, Value)| {
                let mut v = json!({
                    "start": f.char_start, "end": f.char_end,
                    "text": &text[f.start..f.end],
                });
                v[extra.0] = extra.1;
                v
            };
            result.push(json!({
                "id": rid, "from_name": LABELS, "to_name": TEXT, "type": "labels",
                "value": value(("labels", json!([mark.ty.name()]))),
                "meta": {"text": meta},
            }));
            if let Some(kind) = mark.kind {
                result.push(json!({
                    "id": rid, "from_name": KIND, "to_name": TEXT, "type": "choices",
                    "value": value(("choices", json!([kind.as_str()]))),
                }));
            }
            mine.push(rid);
        }
        regions.push(mine);
    }
    for (ty, from, to, _) in model.fan_out(&regions) {
        result.push(json!({
            "type": "relation", "from_id": from, "to_id": to,
            "direction": "right", "labels": [ty.name()],
        }));
    }
    json!({
        "data": {"text": text, "id": id},
        "predictions": [{"model_version": concat!("quidit ", env!("CARGO_PKG_VERSION")),
                         "result": result}],
    })
}

/// The labeling configuration (XML) of a project that takes these tasks.
pub fn config() -> String {
    let mut out = String::from("<View>\n  <Relations>\n");
    for r in RelationType::ALL {
        out.push_str(&format!("    <Relation value=\"{}\"/>\n", r.name()));
    }
    out.push_str("  </Relations>\n");
    out.push_str(&format!("  <Labels name=\"{LABELS}\" toName=\"{TEXT}\">\n"));
    for t in MarkType::ALL {
        out.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            t.name(),
            super::brat::colour(t)
        ));
    }
    out.push_str("  </Labels>\n");
    out.push_str(&format!("  <Text name=\"{TEXT}\" value=\"${TEXT}\"/>\n"));
    out.push_str(&format!(
        "  <Choices name=\"{KIND}\" toName=\"{TEXT}\" perRegion=\"true\">\n"
    ));
    for k in Kind::ALL {
        out.push_str(&format!("    <Choice value=\"{}\"/>\n", k.as_str()));
    }
    out.push_str("  </Choices>\n</View>\n");
    out
}
