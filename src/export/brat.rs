//! brat standoff: the `.ann` file that goes beside a `.txt`, as `ANNOTATION.md` specifies.
//!
//! Offsets count code points. A span that crosses a line break is written in brat's
//! discontinuous form (`start end;start end`), one fragment a line, because an `.ann` line
//! cannot hold a line break.

use std::io::{self, Write};

use crate::document::{Document, Span};

/// Writes the `.ann` text for `doc`, tagged from `text`.
pub fn write_ann<W: Write>(out: &mut W, text: &str, doc: &Document<'_>) -> io::Result<()> {
    for (n, e) in doc.entities.iter().enumerate() {
        let (offsets, shown) = fragments(text, e.span);
        writeln!(out, "T{}\t{} {}\t{}", n + 1, e.label, offsets, shown)?;
    }
    Ok(())
}

/// The offsets field and the text field of a span, split at line breaks.
fn fragments(text: &str, span: Span) -> (String, String) {
    let slice = &text[span.start..span.end];
    if !slice.contains(['\n', '\r']) {
        return (
            format!("{} {}", span.char_start, span.char_end),
            slice.to_string(),
        );
    }
    let mut offsets = Vec::new();
    let mut shown = Vec::new();
    let mut at = span.char_start;
    for piece in slice.split(['\n', '\r']) {
        let len = piece.chars().count();
        if !piece.trim().is_empty() {
            offsets.push(format!("{} {}", at, at + len));
            shown.push(piece);
        }
        at += len + 1;
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
            fragments(text, span),
            ("4 11;12 17".to_string(), "Nations unies".to_string())
        );
    }
}
