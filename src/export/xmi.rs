//! UIMA CAS XMI for INCEpTION (and any UIMA tool): one `NAME.xmi` per document, the
//! `TypeSystem.xml` that declares its types, and the definitions of the two INCEpTION layers
//! that a project needs before import (INCEpTION's XMI import drops, without a word, every
//! annotation whose type the project lacks).
//!
//! Offsets count UTF-16 code units, as UIMA's Java strings do. The layers:
//! - `custom.Quidit`, a span layer with the features `label` (`PER`, `ORG`, `LOC`, `Quote`,
//!   `Charge`, `Cue`, `Mention`), `kind` (of contents), `provenance`, `canonical`,
//!   `identifier` (Wikidata), and `identity` (a number) and `identityName` for an entity or
//!   a mention about one ([`crate::identity`]);
//! - `custom.QuiditRelation`, the relation layer attached to it (INCEpTION draws relations
//!   only between spans of one layer), with `label` (`Source`, `Target`, `Cue`, `Coref`),
//!   `Governor` (the speaker, accuser, cue or mention) and `Dependent` (the content or entity).
//!
//! A content cut by an incise is one span per fragment, each with the content's relations.
//! Sentences and tokens are DKPro's `Sentence` and `Token`, from quidit's tokeniser, and the
//! document's id is in DKPro's `DocumentMetaData`.

use std::fmt::Write as _;

use super::model::{MarkType, Model, RelationType};
use super::offsets::{Offsets, Unit};
use super::tokens;
use crate::document::Document;

/// The span layer's type name.
pub const SPAN_TYPE: &str = "custom.Quidit";
/// The relation layer's type name.
pub const RELATION_TYPE: &str = "custom.QuiditRelation";

const SEGMENTATION: &str = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type";
const METADATA: &str = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData";

/// Writes the XMI of `doc`, tagged from `text`, whose id is `id`.
pub fn write_xmi(id: &str, text: &str, doc: &Document<'_>) -> String {
    let model = Model::new(doc);
    let offsets = Offsets::new(text);
    let u = |b: usize| offsets.convert(b, Unit::Utf16);
    let (pieces, lines) = tokens::tokens(text, &model.edges());
    let mut out = String::with_capacity(text.len() * 4 + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\" \
         xmlns:type=\"http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore\" \
         xmlns:meta=\"http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore\" \
         xmlns:custom=\"http:///custom.ecore\" xmi:version=\"2.0\">\n",
    );
    out.push_str("<cas:NULL xmi:id=\"0\"/>\n");
    // xmi:id 1 is the Sofa; annotations are numbered from 2.
    let mut next = 2usize;
    let mut members = Vec::new();
    let mut new_id = |members: &mut Vec<usize>| {
        let id = next;
        next += 1;
        members.push(id);
        id
    };
    let end = u(text.len());
    let meta = new_id(&mut members);
    let _ = writeln!(
        out,
        "<meta:DocumentMetaData xmi:id=\"{meta}\" sofa=\"1\" begin=\"0\" end=\"{end}\" \
         language=\"fr\" documentTitle=\"{}\" documentId=\"{}\"/>",
        escape(id),
        escape(id)
    );
    for line in &lines {
        let (Some(first), Some(last)) = (
            pieces.get(line.tokens.start),
            line.tokens.end.checked_sub(1).and_then(|i| pieces.get(i)),
        ) else {
            continue;
        };
        let sid = new_id(&mut members);
        let _ = writeln!(
            out,
            "<type:Sentence xmi:id=\"{sid}\" sofa=\"1\" begin=\"{}\" end=\"{}\"/>",
            u(first.start),
            u(last.end)
        );
    }
    for p in &pieces {
        let tid = new_id(&mut members);
        let _ = writeln!(
            out,
            "<type:Token xmi:id=\"{tid}\" sofa=\"1\" begin=\"{}\" end=\"{}\"/>",
            u(p.start),
            u(p.end)
        );
    }
    // One span per fragment of each mark.
    let mut ids: Vec<Vec<usize>> = Vec::with_capacity(model.marks.len());
    for mark in &model.marks {
        let mut mine = Vec::new();
        for f in &mark.fragments {
            let sid = new_id(&mut members);
            mine.push(sid);
            let _ = write!(
                out,
                "<custom:Quidit xmi:id=\"{sid}\" sofa=\"1\" begin=\"{}\" end=\"{}\" label=\"{}\"",
                u(f.start),
                u(f.end),
                mark.ty.name()
            );
            if let Some(kind) = mark.kind {
                let _ = write!(out, " kind=\"{}\"", kind.as_str());
            }
            let _ = write!(out, " provenance=\"{}\"", escape(&mark.provenance));
            if let Some(e) = mark.entity.and_then(|e| doc.entities.get(e)) {
                let _ = write!(out, " canonical=\"{}\"", escape(e.canonical_or(text)));
                if let Some(q) = e.id {
                    let _ = write!(out, " identifier=\"{}\"", escape(q));
                }
            }
            if let Some(i) = mark.identity.and_then(|i| doc.identities.get(i)) {
                let _ = write!(
                    out,
                    " identity=\"{}\" identityName=\"{}\"",
                    i.id.0,
                    escape(&i.name)
                );
            }
            out.push_str("/>\n");
        }
        ids.push(mine);
    }
    for (ty, from, to, f) in model.fan_out(&ids) {
        let rid = new_id(&mut members);
        // INCEpTION gives a relation the offsets of its dependent.
        let _ = writeln!(
            out,
            "<custom:QuiditRelation xmi:id=\"{rid}\" sofa=\"1\" begin=\"{}\" end=\"{}\" \
             Governor=\"{from}\" Dependent=\"{to}\" label=\"{}\"/>",
            u(f.start),
            u(f.end),
            ty.name()
        );
    }
    let _ = writeln!(
        out,
        "<cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text/plain\" \
         sofaString=\"{}\"/>",
        escape(text)
    );
    let members: Vec<String> = members.iter().map(usize::to_string).collect();
    let _ = writeln!(
        out,
        "<cas:View sofa=\"1\" members=\"{}\"/>",
        members.join(" ")
    );
    out.push_str("</xmi:XMI>\n");
    out
}

/// Escapes text for an XML 1.0 attribute value. Line breaks and tabs become character
/// references, since a parser turns them into spaces otherwise; characters that XML 1.0
/// cannot hold at all (most control characters) become a space, which keeps every offset.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `TypeSystem.xml`: the types of the XMI files.
pub fn type_system() -> String {
    let string = "uima.cas.String";
    let feature = |name: &str, range: &str, what: &str| {
        format!(
            "        <featureDescription>\n          <name>{name}</name>\n          \
             <description>{what}</description>\n          <rangeTypeName>{range}</rangeTypeName>\n        \
             </featureDescription>\n"
        )
    };
    let ty = |name: &str, sup: &str, what: &str, features: &str| {
        let features = if features.is_empty() {
            String::new()
        } else {
            format!("      <features>\n{features}      </features>\n")
        };
        format!(
            "    <typeDescription>\n      <name>{name}</name>\n      <description>{what}</description>\n      \
             <supertypeName>{sup}</supertypeName>\n{features}    </typeDescription>\n"
        )
    };
    let labels: Vec<&str> = MarkType::ALL.iter().map(|t| t.name()).collect();
    let relations: Vec<&str> = RelationType::ALL.iter().map(|t| t.name()).collect();
    let mut types = String::new();
    types.push_str(&ty(
        METADATA,
        "uima.tcas.DocumentAnnotation",
        "The document's id.",
        &[
            feature("documentTitle", string, "Title"),
            feature("documentId", string, "Id"),
            feature("documentUri", string, "URI"),
            feature("documentBaseUri", string, "Base URI"),
            feature("collectionId", string, "Collection"),
            feature("isLastSegment", "uima.cas.Boolean", "Last segment"),
        ]
        .concat(),
    ));
    types.push_str(&ty(
        &format!("{SEGMENTATION}.Sentence"),
        "uima.tcas.Annotation",
        "A sentence, as quidit splits them.",
        "",
    ));
    types.push_str(&ty(
        &format!("{SEGMENTATION}.Token"),
        "uima.tcas.Annotation",
        "A token, from quidit's tokeniser.",
        "",
    ));
    types.push_str(&ty(
        SPAN_TYPE,
        "uima.tcas.Annotation",
        "A mark of quidit: an entity, the content of an attribution, a cue or a mention.",
        &[
            feature("label", string, &labels.join(", ")),
            feature(
                "kind",
                string,
                "Of a content: direct, indirect, mixed, according, accusation.",
            ),
            feature(
                "provenance",
                string,
                "The gazetteer file:line or the rule behind it.",
            ),
            feature("canonical", string, "Of an entity: its canonical form."),
            feature("identifier", string, "Of an entity: its Wikidata id."),
            feature(
                "identity",
                "uima.cas.Integer",
                "Of an entity or a mention about one: its identity's number in the document.",
            ),
            feature(
                "identityName",
                string,
                "Of an entity or a mention about one: its identity's canonical name.",
            ),
        ]
        .concat(),
    ));
    types.push_str(&ty(
        RELATION_TYPE,
        "uima.tcas.Annotation",
        "A relation between two marks.",
        &[
            feature("Governor", SPAN_TYPE, "Where it starts (Arg1)."),
            feature("Dependent", SPAN_TYPE, "Where it points (Arg2)."),
            feature("label", string, &relations.join(", ")),
        ]
        .concat(),
    ));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n  \
         <name>quidit</name>\n  <description>Types of quidit's XMI export.</description>\n  \
         <version>1.0</version>\n  <types>\n{types}  </types>\n</typeSystemDescription>\n"
    )
}

/// The two INCEpTION layer definitions (span layer, then relation layer), in the JSON shape
/// of INCEpTION's layer export, to import in the project's layer settings before the XMI
/// files. Not checked against a running INCEpTION (none can run here).
pub fn inception_layers() -> [(&'static str, String); 2] {
    let feature = |name: &str, ui: &str, ty: &str, visible: bool| {
        serde_json::json!({
            "name": name, "uiName": ui, "type": ty, "enabled": true, "visible": visible,
            "include_in_hover": true, "required": false, "remember": false,
            "multi_value_mode": "NONE", "link_mode": "NONE", "curatable": true
        })
    };
    let span = serde_json::json!({
        "name": SPAN_TYPE, "uiName": "Quidit", "type": "span",
        "description": "quidit: entities, contents of attributions, cues, mentions",
        "enabled": true, "built_in": false, "readonly": false,
        "anchoring_mode": "characters", "overlap_mode": "ANY_OVERLAP",
        "validation_mode": "NEVER", "cross_sentence": true, "show_hover": true,
        "features": [
            feature("label", "Label", "uima.cas.String", true),
            feature("kind", "Kind", "uima.cas.String", true),
            feature("provenance", "Provenance", "uima.cas.String", false),
            feature("canonical", "Canonical form", "uima.cas.String", false),
            feature("identifier", "Wikidata", "uima.cas.String", false),
            feature("identity", "Identity", "uima.cas.Integer", false),
            feature("identityName", "Identity name", "uima.cas.String", false),
        ]
    });
    let relation = serde_json::json!({
        "name": RELATION_TYPE, "uiName": "Quidit relation", "type": "relation",
        "description": "quidit: Source, Target, Cue, Coref",
        "enabled": true, "built_in": false, "readonly": false,
        "attach_type": { "name": SPAN_TYPE },
        "anchoring_mode": "characters", "overlap_mode": "ANY_OVERLAP",
        "validation_mode": "NEVER", "cross_sentence": true, "show_hover": true,
        "features": [feature("label", "Label", "uima.cas.String", true)]
    });
    let pretty = |v: &serde_json::Value| {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        s
    };
    [
        ("inception-layer-span.json", pretty(&span)),
        ("inception-layer-relation.json", pretty(&relation)),
    ]
}
