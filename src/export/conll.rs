//! Token formats, entities only: CoNLL-2003 with IOB2 tags and CoNLL-U with `NE=` in MISC.
//! Neither can hold attributions or relations: one flat layer of entity labels on tokens.
//!
//! Tokens and sentences come from quidit's tokeniser ([`super::tokens`]), so an entity is
//! always whole tokens. A place inside an organisation's name (`préfecture de police de
//! Paris`) cannot be tagged inside it in IOB2: only the outermost entity is written, as
//! `ANNOTATION.md`'s scorer reads nested entities.
//!
//! - CoNLL-2003: `-DOCSTART- -X- -X- O`, then one token a line, `FORM _ _ TAG` (no
//!   part-of-speech or chunk column: `_`), a blank line after each sentence.
//! - CoNLL-U: `# newdoc id`, `# sent_id`, `# text` (line breaks as spaces), ten columns with
//!   `_` where quidit says nothing, and in MISC `NE=B-PER`, plus what rebuilds the text
//!   exactly: `SpaceAfter=No`, or `SpacesAfter=`/`SpacesBefore=` for any other white space
//!   (UDPipe's convention: `\s` space, `\t`, `\n`, `\r`, `\p` for `|`, `\\`; any other
//!   character as `\uXXXX`, since readers strip a U+202F or U+00A0 at the end of a line).

use std::fmt::Write as _;

use super::model::Model;
use super::tokens::{self, Line, Piece};
use crate::document::Document;

/// Tokens with their IOB2 tags.
struct Tagged {
    pieces: Vec<Piece>,
    lines: Vec<Line>,
    tags: Vec<String>,
}

fn tag(text: &str, doc: &Document<'_>) -> Tagged {
    let model = Model::new(doc);
    let outer = model.outer_entities();
    let cuts: Vec<usize> = outer
        .iter()
        .flat_map(|m| [m.fragments[0].start, m.fragments[0].end])
        .collect();
    let (pieces, lines) = tokens::tokens(text, &cuts);
    let mut tags = vec![String::from("O"); pieces.len()];
    let mut e = 0;
    for (i, p) in pieces.iter().enumerate() {
        while e < outer.len() && outer[e].fragments[0].end <= p.start {
            e += 1;
        }
        if let Some(m) = outer.get(e) {
            let s = m.fragments[0];
            if s.start <= p.start && p.end <= s.end {
                let prefix = if p.start == s.start { "B" } else { "I" };
                tags[i] = format!("{prefix}-{}", m.ty.name());
            }
        }
    }
    Tagged {
        pieces,
        lines,
        tags,
    }
}

/// The CoNLL-2003 file of one document (IOB2).
pub fn conll2003(text: &str, doc: &Document<'_>) -> String {
    let t = tag(text, doc);
    let mut out = String::from("-DOCSTART- -X- -X- O\n\n");
    for line in &t.lines {
        for i in line.tokens.clone() {
            let p = t.pieces[i];
            let _ = writeln!(out, "{} _ _ {}", &text[p.start..p.end], t.tags[i]);
        }
        out.push('\n');
    }
    out
}

/// The CoNLL-U file of one document, whose id is `id`.
pub fn conllu(id: &str, text: &str, doc: &Document<'_>) -> String {
    let t = tag(text, doc);
    let mut out = String::new();
    let _ = writeln!(out, "# newdoc id = {}", one_line(id));
    for (n, line) in t.lines.iter().enumerate() {
        let (Some(first), Some(last)) = (
            t.pieces.get(line.tokens.start),
            line.tokens.end.checked_sub(1).and_then(|i| t.pieces.get(i)),
        ) else {
            continue;
        };
        let _ = writeln!(out, "# sent_id = {}", n + 1);
        let _ = writeln!(out, "# text = {}", one_line(&text[first.start..last.end]));
        for (k, i) in line.tokens.clone().enumerate() {
            let p = t.pieces[i];
            let mut misc = Vec::new();
            if t.tags[i] != "O" {
                misc.push(format!("NE={}", t.tags[i]));
            }
            if i == 0 && p.start > 0 {
                misc.push(format!("SpacesBefore={}", spaces(&text[..p.start])));
            }
            let next = t.pieces.get(i + 1).map_or(text.len(), |q| q.start);
            match &text[p.end..next] {
                " " => {}
                "" => misc.push("SpaceAfter=No".into()),
                gap => misc.push(format!("SpacesAfter={}", spaces(gap))),
            }
            let misc = if misc.is_empty() {
                "_".to_string()
            } else {
                misc.join("|")
            };
            let _ = writeln!(
                out,
                "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}",
                k + 1,
                &text[p.start..p.end]
            );
        }
        out.push('\n');
    }
    out
}

/// A comment's value on one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

/// UDPipe's escaping of white space in `SpacesAfter`.
fn spaces(gap: &str) -> String {
    let mut out = String::new();
    for c in gap.chars() {
        match c {
            ' ' => out.push_str("\\s"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '|' => out.push_str("\\p"),
            '\\' => out.push_str("\\\\"),
            // Readers strip the end of a line, and with it a U+202F or U+00A0 written as is.
            c if c.is_whitespace() || !c.is_ascii() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}
