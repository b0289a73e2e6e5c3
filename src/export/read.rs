//! Reading quidit's JSON Lines back (what [`super::jsonl`] writes), to export it in another
//! format without tagging again. Every span is checked against the document's text: its
//! code-point and byte offsets must agree and its `text` must be what the offsets cover, so a
//! text changed since tagging is reported instead of giving shifted annotations. The
//! `identity`, `head` and `identities` fields are not read: the identity stage runs again.

use serde::Deserialize;

use super::offsets::{Offsets, Unit};
use crate::document::{Attribution, Document, Entity, Kind, Label, Mention, Provenance, Span};

/// One line of quidit's JSON Lines, owned.
#[derive(Debug, Deserialize)]
pub struct Tagged {
    /// The document's id (a string, or any JSON value carried over from an input line).
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// The text, when the line carries it (quidit's own output does not).
    #[serde(default)]
    pub text: Option<String>,
    entities: Vec<EntityIn>,
    #[serde(default)]
    attributions: Vec<AttributionIn>,
}

#[derive(Debug, Deserialize)]
struct SpanIn {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ProvenanceIn {
    List { file: String, line: u32 },
    Rule { id: String },
}

#[derive(Debug, Deserialize)]
struct EntityIn {
    #[serde(flatten)]
    span: SpanIn,
    label: String,
    #[serde(default)]
    canonical: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    subtype: String,
    provenance: ProvenanceIn,
}

#[derive(Debug, Deserialize)]
struct MentionIn {
    #[serde(flatten)]
    span: SpanIn,
    #[serde(default)]
    entity: Option<usize>,
    #[serde(default)]
    resolved: Option<usize>,
}

#[derive(Debug, Deserialize)]
struct AttributionIn {
    kind: Kind,
    content: Vec<SpanIn>,
    #[serde(default)]
    cue: Option<SpanIn>,
    #[serde(default)]
    source: Option<MentionIn>,
    #[serde(default)]
    target: Option<MentionIn>,
    #[serde(default)]
    rule: String,
}

impl Tagged {
    /// Parses one JSON line.
    pub fn parse(line: &str) -> Result<Tagged, String> {
        serde_json::from_str(line).map_err(|e| {
            let message = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&place).unwrap_or(&message).to_string();
            format!(
                "column {}: malformed quidit JSON line: {message}",
                e.column()
            )
        })
    }

    /// The id as text: a string as it is, any other value as JSON.
    pub fn id_text(&self) -> Option<String> {
        match &self.id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(v) => Some(v.to_string()),
        }
    }

    /// The document, checked against `text`, the text it was tagged from.
    pub fn document<'a>(&'a self, text: &str) -> Result<Document<'a>, String> {
        let offsets = Offsets::new(text);
        let span = |what: &str, s: &SpanIn| check(text, &offsets, what, s);
        let mut doc = Document::default();
        for (i, e) in self.entities.iter().enumerate() {
            let what = format!("entity {i}");
            let label = Label::from_name(&e.label)
                .ok_or_else(|| format!("{what}: unknown label {:?}", e.label))?;
            doc.entities.push(Entity {
                span: span(&what, &e.span)?,
                label,
                subtype: &e.subtype,
                canonical: e.canonical.as_deref(),
                id: e.id.as_deref(),
                provenance: match &e.provenance {
                    ProvenanceIn::List { file, line } => Provenance::List { file, line: *line },
                    ProvenanceIn::Rule { id } => Provenance::Rule { id },
                },
            });
        }
        let n = doc.entities.len();
        let mention = |what: &str, m: &MentionIn| -> Result<Mention, String> {
            for (field, index) in [("entity", m.entity), ("resolved", m.resolved)] {
                if index.is_some_and(|i| i >= n) {
                    return Err(format!(
                        "{what}: {field} {} is not an entity index (the line has {n})",
                        index.unwrap_or_default()
                    ));
                }
            }
            Ok(Mention {
                span: span(what, &m.span)?,
                entity: m.entity,
                resolved: m.resolved,
                head: None,
            })
        };
        for (i, a) in self.attributions.iter().enumerate() {
            let what = format!("attribution {i}");
            if a.content.is_empty() {
                return Err(format!("{what}: no content"));
            }
            let content = a
                .content
                .iter()
                .map(|s| span(&format!("{what} content"), s))
                .collect::<Result<Vec<_>, _>>()?;
            let cue = a
                .cue
                .as_ref()
                .map(|s| span(&format!("{what} cue"), s))
                .transpose()?;
            let source = a
                .source
                .as_ref()
                .map(|m| mention(&format!("{what} source"), m))
                .transpose()?;
            let target = a
                .target
                .as_ref()
                .map(|m| mention(&format!("{what} target"), m))
                .transpose()?;
            // `matched` is not in the JSON line; its hull is what explain would show.
            let all = content
                .iter()
                .chain(cue.iter())
                .chain(source.iter().map(|m| &m.span));
            let matched = all.fold(content[0], |h, s| hull(h, *s));
            doc.attributions.push(Attribution {
                kind: a.kind,
                content,
                cue,
                source,
                target,
                rule: &a.rule,
                matched,
            });
        }
        // Identities and heads are a function of the text, entities and attributions: made
        // again, they are what `quidit tag` wrote (and stay consistent with an edited line).
        crate::identity::assign(text, &mut doc);
        Ok(doc)
    }
}

fn hull(a: Span, b: Span) -> Span {
    let (first, last) = (
        if a.start <= b.start { a } else { b },
        if a.end >= b.end { a } else { b },
    );
    Span {
        start: first.start,
        end: last.end,
        char_start: first.char_start,
        char_end: last.char_end,
    }
}

/// The span of `s` in `text`, if its offsets and its text agree with `text`.
fn check(text: &str, offsets: &Offsets, what: &str, s: &SpanIn) -> Result<Span, String> {
    let slice = (s.byte_start <= s.byte_end)
        .then(|| text.get(s.byte_start..s.byte_end))
        .flatten()
        .ok_or_else(|| {
            format!(
                "{what}: bytes {}..{} are not a span of the text ({} bytes)",
                s.byte_start,
                s.byte_end,
                text.len()
            )
        })?;
    if slice != s.text {
        return Err(format!(
            "{what}: the text has {slice:?} at bytes {}..{}, the line says {:?} \
             (was the text changed after tagging?)",
            s.byte_start, s.byte_end, s.text
        ));
    }
    let (char_start, char_end) = offsets.range(s.byte_start, s.byte_end, Unit::CodePoint);
    if (char_start, char_end) != (s.start, s.end) {
        return Err(format!(
            "{what}: code points {}..{} do not match bytes {}..{} (code points {char_start}..{char_end})",
            s.start, s.end, s.byte_start, s.byte_end
        ));
    }
    Ok(Span {
        start: s.byte_start,
        end: s.byte_end,
        char_start,
        char_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_text_is_reported() {
        let line = r#"{"id":"a","entities":[{"start":0,"end":5,"byte_start":0,"byte_end":5,
            "label":"LOC","text":"Paris","canonical":"Paris","subtype":"villes",
            "provenance":{"type":"rule","id":"x"}}],"attributions":[]}"#;
        let t = Tagged::parse(&line.replace('\n', " ")).unwrap();
        assert!(t.document("Paris est là").is_ok());
        let e = t.document("Lyon est là").unwrap_err();
        assert!(e.contains("entity 0"), "{e}");
        assert!(t.document("Pa").is_err());
    }
}
