//! brat standoff: the `.ann` file that goes beside a `.txt`, as `ANNOTATION.md` specifies,
//! and the `annotation.conf` and `visual.conf` that let brat display and check it.
//!
//! Entities come first (`T1`…), then each attribution: its content (`Quote` or `Charge`,
//! with a `Kind` attribute), its `Cue`, and `Source`/`Target` relations to the entity or, for
//! any other words, to a `Mention`; a mention that refers to an entity gets a `Coref`
//! relation to it. Then each accusation with a cue again as a brat event (`E`), whose
//! trigger is an `Accusation` span over the cue, so that brat draws accuser, accused and
//! charge around the verb; then an `AnnotatorNotes` line (`#`) per span with its provenance
//! (gazetteer `file:line` or rule), canonical form and Wikidata id, and, for an entity or a
//! mention about one, its identity (`| identity=N NAME`, [`crate::Identities`]; brat shows
//! notes and its checker and the scorer skip them). Offsets count code points.
//! A span that crosses a line break is written in brat's discontinuous form
//! (`start end;start end`), because an `.ann` line cannot hold a line break; so is a
//! quotation cut by an incise.

use std::io::{self, Write};

use super::model::{MarkType, Model, RelationType, Step};
use crate::document::{Document, Kind, Span};

/// Writes the `.ann` text for `doc`, tagged from `text`.
pub fn write_ann<W: Write>(out: &mut W, text: &str, doc: &Document<'_>) -> io::Result<()> {
    let model = Model::new(doc);
    // T number of each mark, given when first written.
    let mut t = vec![0; model.marks.len()];
    let (mut nt, mut na, mut nr) = (0, 0, 0);
    for step in &model.steps {
        match *step {
            Step::Mark(m) => {
                nt += 1;
                t[m] = nt;
                let mark = &model.marks[m];
                let (offsets, shown) = fragments(text, &mark.fragments);
                writeln!(out, "T{nt}\t{} {offsets}\t{shown}", mark.ty.name())?;
            }
            Step::Kind(m, kind) => {
                na += 1;
                writeln!(out, "A{na}\tKind T{} {}", t[m], kind.as_str())?;
            }
            Step::Relation(r) => {
                nr += 1;
                let r = model.relations[r];
                writeln!(
                    out,
                    "R{nr}\t{} Arg1:T{} Arg2:T{}",
                    r.ty.name(),
                    t[r.from],
                    t[r.to]
                )?;
            }
        }
    }
    let mut ne = 0;
    let mut triggers = Vec::new();
    for at in model
        .attributions
        .iter()
        .filter(|a| a.kind == Kind::Accusation)
    {
        let Some(cue) = at.cue else { continue };
        nt += 1;
        ne += 1;
        // brat takes a note on the event, not on its trigger.
        triggers.push((format!("E{ne}"), format!("rule {}", at.rule)));
        let (offsets, shown) = fragments(text, &model.marks[cue].fragments);
        writeln!(out, "T{nt}\tAccusation {offsets}\t{shown}")?;
        write!(out, "E{ne}\tAccusation:T{nt}")?;
        if let Some(s) = at.source {
            write!(out, " Accuser:T{}", t[s])?;
        }
        if let Some(s) = at.target {
            write!(out, " Accused:T{}", t[s])?;
        }
        writeln!(out, " Charge:T{}", t[at.content])?;
    }
    let mut notes = Vec::with_capacity(model.marks.len() + triggers.len());
    for (m, mark) in model.marks.iter().enumerate() {
        let mut note = mark.provenance.clone();
        if let Some(e) = mark.entity.and_then(|e| doc.entities.get(e)) {
            note = format!("{} | {}", e.canonical_or(text), note);
            if let Some(id) = e.id {
                note = format!("{note} | {id}");
            }
        }
        if let Some(i) = mark.identity.and_then(|i| doc.identities.get(i)) {
            note = format!("{note} | identity={} {}", i.id.0, i.name);
        }
        notes.push((format!("T{}", t[m]), note));
    }
    notes.extend(triggers);
    for (n, (t, note)) in notes.iter().enumerate() {
        // A note is one line of the file: its text must hold no line break or tab.
        let note = note.replace(['\n', '\r', '\t'], " ");
        writeln!(out, "#{}\tAnnotatorNotes {t}\t{note}", n + 1)?;
    }
    Ok(())
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

/// `annotation.conf`: the types, relations, event and attribute of the export, with the
/// `<OVERLAP>` rule without which brat's checker rejects an entity inside a quotation.
pub fn annotation_conf() -> String {
    let entities: Vec<&str> = MarkType::ALL.iter().map(|t| t.name()).collect();
    let actor = "PER|ORG|LOC|Mention";
    let kinds = Kind::ALL.map(Kind::as_str).join("|");
    format!(
        "# brat configuration of quidit's export (ANNOTATION.md).\n\
         [entities]\n{}\n\n\
         [relations]\n\
         {}\tArg1:{actor}, Arg2:Quote|Charge\n\
         {}\tArg1:{actor}, Arg2:Charge\n\
         {}\tArg1:Cue, Arg2:Quote|Charge\n\
         {}\tArg1:Mention, Arg2:PER|ORG|LOC\n\
         # Entities sit inside quotations and charges, cues and mentions next to them.\n\
         <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n\
         [events]\n\
         Accusation\tAccuser?:{actor}, Accused?:{actor}, Charge:Charge\n\n\
         [attributes]\n\
         Kind\tArg:Quote|Charge, Value:{kinds}\n",
        entities.join("\n"),
        RelationType::Source.name(),
        RelationType::Target.name(),
        RelationType::Cue.name(),
        RelationType::Coref.name(),
    )
}

/// The colours of each type, shared with the HTML view.
pub(crate) fn colour(ty: MarkType) -> &'static str {
    use crate::document::Label;
    match ty {
        MarkType::Entity(Label::Per) => "#9ecbff",
        MarkType::Entity(Label::Org) => "#a8e6a1",
        MarkType::Entity(Label::Loc) => "#ffd08a",
        MarkType::Quote => "#fff3a8",
        MarkType::Charge => "#ffb3b3",
        MarkType::Cue => "#d9c2ff",
        MarkType::Mention => "#e0e0e0",
    }
}

/// `visual.conf`: labels and colours.
pub fn visual_conf() -> String {
    let mut out = String::from("# brat display of quidit's export.\n[labels]\n");
    let long = |t: MarkType| match t {
        MarkType::Entity(crate::document::Label::Per) => "Personne",
        MarkType::Entity(crate::document::Label::Org) => "Organisation",
        MarkType::Entity(crate::document::Label::Loc) => "Lieu",
        MarkType::Quote => "Citation",
        MarkType::Charge => "Accusation (grief)",
        MarkType::Cue => "Verbe introducteur",
        MarkType::Mention => "Mention",
    };
    for t in MarkType::ALL {
        out.push_str(&format!("{} | {} | {}\n", t.name(), long(t), t.name()));
    }
    out.push_str("Accusation | Accusation | Acc\n");
    out.push_str("Source | Source\nTarget | Cible\nCoref | Coréférence\nKind | Type\n");
    out.push_str("\n[drawing]\n");
    for t in MarkType::ALL {
        out.push_str(&format!("{}\tbgColor:{}\n", t.name(), colour(t)));
    }
    out.push_str("Accusation\tbgColor:#ff7f7f\n");
    out.push_str("Source\tcolor:#1f5fbf, arrowHead:triangle-5\n");
    out.push_str("Target\tcolor:#c0392b, arrowHead:triangle-5\n");
    out.push_str("Cue\tcolor:#7d3cbf, dashArray:3-3\n");
    out.push_str("Coref\tcolor:#777777, dashArray:3-3\n");
    out.push_str("Kind\tposition:left, glyph:D|I|M|S|A, dashArray:-\n");
    out
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
