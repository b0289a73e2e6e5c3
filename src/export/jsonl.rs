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

use std::io::{self, Write};

use serde::Serialize;

use crate::document::{Document, Entity, Provenance};

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    entities: Vec<EntityOut<'a>>,
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
}

fn entity<'a>(text: &'a str, e: &'a Entity<'a>) -> EntityOut<'a> {
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
    }
}

/// Writes one document as one JSON line (with its newline).
pub fn write_document<W: Write>(
    out: &mut W,
    id: &str,
    text: &str,
    doc: &Document<'_>,
) -> io::Result<()> {
    let line = Line {
        id,
        entities: doc.entities.iter().map(|e| entity(text, e)).collect(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
