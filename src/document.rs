//! What tagging produces: a [`Document`] holding [`Entity`] annotations with exact spans and
//! their provenance.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::identity::Identities;

/// An entity label, as `ANNOTATION.md` defines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Label {
    /// A person's name, without title or function.
    #[serde(rename = "PER")]
    Per,
    /// An organisation, institution, party, company, armed group or media outlet.
    #[serde(rename = "ORG")]
    Org,
    /// A place: country, region, city, river, road, natural feature.
    #[serde(rename = "LOC")]
    Loc,
}

impl Label {
    /// The label as written in files and output (`PER`, `ORG`, `LOC`).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
        }
    }

    /// Reads `PER`, `ORG` or `LOC`.
    pub fn from_name(name: &str) -> Option<Label> {
        match name {
            "PER" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "LOC" => Some(Label::Loc),
            _ => None,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span of the document, in bytes (for slicing in Rust) and in Unicode code points (the
/// unit of `ANNOTATION.md`, brat and most annotation tools). Ends are exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First code point.
    pub char_start: usize,
    /// One past the last code point.
    pub char_end: usize,
}

/// Where an annotation comes from, so that a linguist can find what to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Provenance<'t> {
    /// A gazetteer entry: its file and 1-based line.
    List {
        /// The gazetteer file (`LOC/pays.gen.txt`).
        file: &'t str,
        /// The line of the entry.
        line: u32,
    },
    /// A rule, by id.
    Rule {
        /// The rule's id.
        id: &'t str,
    },
}

impl fmt::Display for Provenance<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::List { file, line } => write!(f, "{file}:{line}"),
            Provenance::Rule { id } => write!(f, "rule {id}"),
        }
    }
}

/// A named entity found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity<'t> {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub label: Label,
    /// The sub-type: the gazetteer file's name (`pays`, `villes`) or the rule's kind.
    pub subtype: &'t str,
    /// The canonical form from the gazetteer; `None` for a name no list has, whose text is
    /// its own canonical form.
    pub canonical: Option<&'t str>,
    /// The Wikidata id, when the gazetteer gives one.
    pub id: Option<&'t str>,
    /// The list entry or rule that produced it.
    pub provenance: Provenance<'t>,
}

impl<'t> Entity<'t> {
    /// The entity's text in `text`, the document it was found in.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start..self.span.end]
    }

    /// The canonical form, or the text itself when there is none.
    pub fn canonical_or<'a>(&self, text: &'a str) -> &'a str
    where
        't: 'a,
    {
        self.canonical.unwrap_or_else(|| self.text(text))
    }
}

/// What kind of attribution, as `ANNOTATION.md` defines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A quotation in quotation marks, with a cue.
    Direct,
    /// Reported speech without quotation marks (`a affirmé que …`).
    Indirect,
    /// Reported speech with a partial quotation.
    Mixed,
    /// `selon X`, `d'après X`.
    According,
    /// An accusation: the content is the charge.
    Accusation,
}

impl Kind {
    /// Every kind, in the order of `ANNOTATION.md`.
    pub const ALL: [Kind; 5] = [
        Kind::Direct,
        Kind::Indirect,
        Kind::Mixed,
        Kind::According,
        Kind::Accusation,
    ];

    /// The kind's name (`direct`, …, `accusation`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Indirect => "indirect",
            Kind::Mixed => "mixed",
            Kind::According => "according",
            Kind::Accusation => "accusation",
        }
    }

    /// The brat type of the content span: `Charge` for accusations, else `Quote`.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Accusation => "Charge",
            _ => "Quote",
        }
    }
}

/// Who speaks or is accused: a span of the text, the entity it is when it is one, and the
/// entity it refers to when it is a pronoun or a short noun phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The words of the text.
    pub span: Span,
    /// Index in [`Document::entities`] when the mention is exactly an entity.
    pub entity: Option<usize>,
    /// Index in [`Document::entities`] of the entity the mention refers to (`Il` →
    /// `Jens Stoltenberg`), when the text says.
    pub resolved: Option<usize>,
    /// Index in [`Document::entities`] of the entity a noun phrase is about, the one at its
    /// head (`la CGT` → `CGT`, `le président turc Recep Tayyip Erdoğan` → the person); set
    /// by the identity stage (`src/identity.rs`) when neither `entity` nor `resolved` is.
    pub head: Option<usize>,
}

/// Content that the text attributes to a source through a cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution<'t> {
    /// Direct, indirect, mixed, according or accusation.
    pub kind: Kind,
    /// The quoted or reported words (for an accusation, the charge); several fragments when
    /// an incise cuts a quotation.
    pub content: Vec<Span>,
    /// The reporting words (`a déclaré`, `Selon`, `accuse`).
    pub cue: Option<Span>,
    /// Who speaks or accuses.
    pub source: Option<Mention>,
    /// Who is accused (accusations only).
    pub target: Option<Mention>,
    /// The rule that found it.
    pub rule: &'t str,
    /// The words the rule's pattern matched (for `quidit explain`).
    pub matched: Span,
}

/// The result of tagging one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document<'t> {
    /// Entities in text order (by start, then longest first); a place may sit inside an
    /// organisation (`préfecture de police de Paris`), never across another entity's edge.
    pub entities: Vec<Entity<'t>>,
    /// Attributions, in text order of their first word.
    pub attributions: Vec<Attribution<'t>>,
    /// Who is who: the document-level identity of each entity (`Maëlle Kerbrat`, `Mme
    /// Kerbrat` and `Kerbrat` are one), from the last stage (`src/identity.rs`).
    pub identities: Identities<'t>,
}

/// Turns byte offsets into code-point offsets, counting only the text between one offset and
/// the next (so offsets that come roughly in text order cost little in total).
#[derive(Debug)]
pub(crate) struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte offset `at` (a char boundary of the text).
    pub(crate) fn at(&mut self, at: usize) -> usize {
        if at < self.byte {
            // Going back costs the distance, not the whole prefix.
            self.chars -= count_chars(&self.text.as_bytes()[at..self.byte]);
            self.byte = at;
            return self.chars;
        }
        self.chars += count_chars(&self.text.as_bytes()[self.byte..at]);
        self.byte = at;
        self.chars
    }

    /// A span from byte offsets.
    pub(crate) fn span(&mut self, start: usize, end: usize) -> Span {
        let char_start = self.at(start);
        let char_end = char_start + count_chars(&self.text.as_bytes()[start..end]);
        Span {
            start,
            end,
            char_start,
            char_end,
        }
    }
}

/// Code points in UTF-8 bytes: every byte that is not a continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_counter_counts_code_points() {
        let text = "Élan 🇫🇷 à Paris";
        let mut c = CharCounter::new(text);
        let p = text.find("Paris").unwrap();
        let s = c.span(p, p + 5);
        assert_eq!((s.char_start, s.char_end), (10, 15));
        assert_eq!(c.at(0), 0);
        let a = text.find('à').unwrap();
        assert_eq!(c.at(a), 8);
    }
}

/// A person's grammatical gender, as the text shows it (a civilité, a first name, a
/// pronoun); unknown when the text does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// `M.`, `il`, a masculine first name.
    Masculine,
    /// `Mme`, `elle`, a feminine first name.
    Feminine,
}

impl Gender {
    /// The gender a lexicon's `genre` attribute gives (`m`, `f`); `None` for `mf` and the
    /// rest.
    pub fn from_genre(value: &str) -> Option<Gender> {
        match value {
            "m" => Some(Gender::Masculine),
            "f" => Some(Gender::Feminine),
            _ => None,
        }
    }
}
