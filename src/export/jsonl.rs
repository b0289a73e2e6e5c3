//! JSON Lines: one object a document, the format for scripts and pipelines.
//!
//! ```json
//! {"id":"seed-1","entities":[{"start":76,"end":81,"byte_start":77,"byte_end":82,
//!   "label":"LOC","text":"Idlib","canonical":"Idlib","id":"Q…","subtype":"villes",
//!   "provenance":{"type":"list","file":"gazetteers/LOC/villes.gen.txt","line":812}}]}
//! ```
//!
//! `start`/`end` count code points (the unit of `ANNOTATION.md`), `byte_start`/`byte_end`
//! count UTF-8 bytes; ends are exclusive.
//!
//! Then `attributions`: each with its `kind` (`direct`, `indirect`, `mixed`, `according`,
//! `accusation`), `content` (a list of spans: an incise cuts a quotation in two), `cue`,
//! `source` and `target` (spans with `entity`, the index of the entity they are, or
//! `resolved`, the index of the entity a pronoun refers to, or `head`, the index of the
//! entity a noun phrase is about; and `identity`), and the `rule` that found it.
//!
//! Each entity has its `identity`, a number, and the document ends with `identities`, one
//! object each (`id`, `label`, `name`, `wikidata` when known, `mentions`): see
//! [`crate::Identities`].

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::value::RawValue;

use crate::document::{Attribution, Document, Entity, Kind, Mention, Provenance, Span};
use crate::identity::{Identities, IdentityId};

#[derive(Serialize)]
struct Line<'a, H> {
    /// The fields before `entities`: the id, and what a caller carries over.
    #[serde(flatten)]
    head: H,
    entities: Vec<EntityOut<'a>>,
    attributions: Vec<AttributionOut<'a>>,
    identities: Vec<IdentityOut<'a>>,
}

#[derive(Serialize)]
struct IdentityOut<'a> {
    id: IdentityId,
    label: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    mentions: usize,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    #[serde(flatten)]
    span: SpanOut<'a>,
    /// Index of the entity the mention is, in `entities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<usize>,
    /// Index of the entity the mention refers to, in `entities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<usize>,
    /// Index of the entity at the head of a noun phrase, in `entities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<usize>,
    /// The identity of the entity it is, refers to or is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<IdentityId>,
}

#[derive(Serialize)]
struct AttributionOut<'a> {
    kind: Kind,
    content: Vec<SpanOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<SpanOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<MentionOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<MentionOut<'a>>,
    rule: &'a str,
}

fn span<'a>(text: &'a str, s: Span) -> SpanOut<'a> {
    SpanOut {
        start: s.char_start,
        end: s.char_end,
        byte_start: s.start,
        byte_end: s.end,
        text: &text[s.start..s.end],
    }
}

fn mention<'a>(text: &'a str, ids: &Identities<'_>, m: Mention) -> MentionOut<'a> {
    MentionOut {
        span: span(text, m.span),
        entity: m.entity,
        resolved: m.resolved,
        head: m.head,
        identity: ids.of_mention(&m),
    }
}

fn attribution<'a>(
    text: &'a str,
    ids: &Identities<'_>,
    a: &'a Attribution<'a>,
) -> AttributionOut<'a> {
    AttributionOut {
        kind: a.kind,
        content: a.content.iter().map(|s| span(text, *s)).collect(),
        cue: a.cue.map(|s| span(text, s)),
        source: a.source.map(|m| mention(text, ids, m)),
        target: a.target.map(|m| mention(text, ids, m)),
        rule: a.rule,
    }
}

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    label: &'static str,
    text: &'a str,
    canonical: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    subtype: &'a str,
    provenance: Provenance<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<IdentityId>,
}

fn entity<'a>(text: &'a str, e: &'a Entity<'a>, identity: Option<IdentityId>) -> EntityOut<'a> {
    EntityOut {
        start: e.span.char_start,
        end: e.span.char_end,
        byte_start: e.span.start,
        byte_end: e.span.end,
        label: e.label.as_str(),
        text: e.text(text),
        canonical: e.canonical_or(text),
        id: e.id,
        subtype: e.subtype,
        provenance: e.provenance,
        identity,
    }
}

#[derive(Serialize)]
struct Id<'a> {
    id: &'a str,
}

/// Fields already in JSON, written as they are and in their order.
struct Fields<'a>(&'a [(&'a str, &'a RawValue)]);

impl Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Writes one document as one JSON line (with its newline).
pub fn write_document<W: Write>(
    out: &mut W,
    id: &str,
    text: &str,
    doc: &Document<'_>,
) -> io::Result<()> {
    write_line(out, Id { id }, text, doc)
}

/// Writes one document as one JSON line (with its newline) that starts with `fields`, whose
/// values are written byte for byte (an input line's id and other fields, carried over), then
/// `entities` and `attributions`. The caller keeps those two keys out of `fields`.
pub fn write_document_with_fields<W: Write>(
    out: &mut W,
    fields: &[(&str, &RawValue)],
    text: &str,
    doc: &Document<'_>,
) -> io::Result<()> {
    write_line(out, Fields(fields), text, doc)
}

fn write_line<W: Write, H: Serialize>(
    out: &mut W,
    head: H,
    text: &str,
    doc: &Document<'_>,
) -> io::Result<()> {
    let line = Line {
        head,
        entities: doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| entity(text, e, doc.identities.of_entity(i)))
            .collect(),
        attributions: doc
            .attributions
            .iter()
            .map(|a| attribution(text, &doc.identities, a))
            .collect(),
        identities: doc
            .identities
            .iter()
            .map(|i| IdentityOut {
                id: i.id,
                label: i.label.as_str(),
                name: &i.name,
                wikidata: i.wikidata,
                mentions: i.mentions,
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
