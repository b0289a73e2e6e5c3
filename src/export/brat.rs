//! brat standoff: the `.ann` file that goes beside a `.txt`, as `ANNOTATION.md` specifies.
//!
//! Entities come first (`T1`…), then each attribution: its content (`Quote` or `Charge`,
//! with a `Kind` attribute), its `Cue`, and `Source`/`Target` relations to the entity or, for
//! any other words, to a `Mention`; a mention that refers to an entity gets a `Coref`
//! relation to it. Offsets count code points. A span that crosses a line break is written in
//! brat's discontinuous form (`start end;start end`), because an `.ann` line cannot hold a
//! line break; so is a quotation cut by an incise.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::document::{Document, Mention, Span};

/// Writes the `.ann` text for `doc`, tagged from `text`.
pub fn write_ann<W: Write>(out: &mut W, text: &str, doc: &Document<'_>) -> io::Result<()> {
    let mut w = Writer {
        out,
        text,
        t: 0,
        r: 0,
        a: 0,
        spans: HashMap::new(),
        corefs: Vec::new(),
    };
    let mut entity_ids = Vec::with_capacity(doc.entities.len());
    for e in &doc.entities {
        entity_ids.push(w.span(e.label.as_str(), &[e.span])?);
    }
    for at in &doc.attributions {
        let content = w.span(at.kind.content_type(), &at.content)?;
        w.a += 1;
        writeln!(w.out, "A{}\tKind T{} {}", w.a, content, at.kind.as_str())?;
        if let Some(cue) = at.cue {
            let id = w.span("Cue", &[cue])?;
            w.relation("Cue", id, content)?;
        }
        for (role, mention) in [("Source", at.source), ("Target", at.target)] {
            if let Some(m) = mention {
                let id = w.mention(&m, &entity_ids)?;
                w.relation(role, id, content)?;
            }
        }
    }
    Ok(())
}

struct Writer<'a, W: Write> {
    out: &'a mut W,
    text: &'a str,
    t: usize,
    r: usize,
    a: usize,
    /// (type, offsets) → T id, so that one mention used twice is one annotation.
    spans: HashMap<(String, String), usize>,
    corefs: Vec<(usize, usize)>,
}

impl<W: Write> Writer<'_, W> {
    fn span(&mut self, kind: &str, spans: &[Span]) -> io::Result<usize> {
        let (offsets, shown) = fragments(self.text, spans);
        if let Some(&id) = self.spans.get(&(kind.to_string(), offsets.clone())) {
            return Ok(id);
        }
        self.t += 1;
        writeln!(self.out, "T{}\t{} {}\t{}", self.t, kind, offsets, shown)?;
        self.spans.insert((kind.to_string(), offsets), self.t);
        Ok(self.t)
    }

    fn relation(&mut self, kind: &str, arg1: usize, arg2: usize) -> io::Result<()> {
        self.r += 1;
        writeln!(
            self.out,
            "R{}\t{} Arg1:T{} Arg2:T{}",
            self.r, kind, arg1, arg2
        )
    }

    fn mention(&mut self, m: &Mention, entity_ids: &[usize]) -> io::Result<usize> {
        if let Some(e) = m.entity {
            return Ok(entity_ids[e]);
        }
        let id = self.span("Mention", &[m.span])?;
        if let Some(e) = m.resolved {
            let pair = (id, entity_ids[e]);
            if !self.corefs.contains(&pair) {
                self.corefs.push(pair);
                self.relation("Coref", id, entity_ids[e])?;
            }
        }
        Ok(id)
    }
}

/// The offsets field and the text field of spans, split at line breaks.
fn fragments(text: &str, spans: &[Span]) -> (String, String) {
    let mut offsets = Vec::new();
    let mut shown = Vec::new();
    for span in spans {
        let slice = &text[span.start..span.end];
        let mut at = span.char_start;
        for piece in slice.split(['\n', '\r']) {
            let len = piece.chars().count();
            if !piece.trim().is_empty() {
                offsets.push(format!("{} {}", at, at + len));
                shown.push(piece);
            }
            at += len + 1;
        }
    }
    (offsets.join(";"), shown.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_across_a_line_break_becomes_two_fragments() {
        let text = "les Nations\nunies";
        let span = Span {
            start: 4,
            end: text.len(),
            char_start: 4,
            char_end: 17,
        };
        assert_eq!(
            fragments(text, &[span]),
            ("4 11;12 17".to_string(), "Nations unies".to_string())
        );
    }
}
