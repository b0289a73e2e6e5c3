//! Who speaks in a corpus: `quidit report`'s counting, over what `quidit tag` writes.
//!
//! An [`Aggregator`] reads tagged documents one at a time ([`Aggregator::add_line`], a line
//! of `quidit tag`'s JSON Lines) and keeps counters, never documents, so a million documents
//! fit: memory grows with the number of distinct speakers, parties, organisations and places,
//! and a few examples (`Options::examples`) of each. [`Aggregator::finish`] makes a
//! [`Report`]: the [`Summary`] (`summary.json`, the page), every speaker
//! (`speakers.csv`) and every accusation pair (`accusations.csv`).
//!
//! **Speakers across documents.** A document's identities (one per person, organisation or
//! place, however the text names it: `Claire Duval`, `Mme Duval`, `elle`) are joined across
//! documents by the gazetteer's Wikidata id when there is one, else by their label and
//! name folded by [`normalise_name`] (case, accents, hyphens, a civilité). The name is the
//! identity's: the gazetteer's canonical form, else the longest mention, so a surname
//! met alone in a document where the full name is also met counts under the full name. A
//! surname met alone in a document is a speaker of its own (no guess across documents). An
//! attribution whose source is no entity (`un haut responsable`) counts in the totals and
//! under no speaker.
//!
//! **Gender, from explicit evidence only** (the [`gender`] module): civilité, then title,
//! then a resolved pronoun, then the first name by INSEE births (at least
//! [`gender::FIRST_NAME_RATIO`] of one sex); `unknown` otherwise. The evidence is read from
//! what tag output carries: the words of a source or target before the name it holds
//! (`Mme Claire Duval`, `la ministre de la Santé, Claire Duval`), a pronoun or noun phrase
//! resolved to the person, and the identity's name. The words before a name that is no
//! source or target are not in tag output, and are not read.
//!
//! **Accusations** are counted between parties: an identity, else the folded words of the
//! source or target mention (`le gouvernement`), so that who accuses whom includes the
//! parties no gazetteer names.
//!
//! The HTML page is [`html::render_index`]'s, from the [`Summary`] alone (through a view
//! of it, [`html::ReportView`]); its charts are [`charts`]', inline SVG drawn by plotters.

mod aggregate;
pub mod charts;
pub mod gender;
pub mod html;
mod record;
mod summary;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

pub use aggregate::{Aggregator, Counted, LineReader};
pub use gender::normalise_name;
pub use summary::{
    AccusationCounts, AccusationPair, Accused, ByField, Evidence, Example, Gender, GenderCounts,
    GenderMethod, GenderShare, Group, KindCounts, LabelCounts, Mentioned, Party, SUMMARY_VERSION,
    Speaker, Summary,
};

/// What a report counts and how much it keeps.
#[derive(Clone, Debug)]
pub struct Options {
    /// Group the gender shares by this field of the input lines.
    pub by: Option<By>,
    /// How many of each ranked list the summary keeps (the CSV files keep all).
    pub top: usize,
    /// How many example quotes each speaker and accusation pair keeps (the first met).
    pub examples: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            by: None,
            top: 50,
            examples: 3,
        }
    }
}

/// A field of the input lines to group by, with how to cut its value: `source`, `date`,
/// `date:year`, `date:month`, `date:day` (an ISO date, `2020-07-02`, cut to `2020`,
/// `2020-07`, `2020-07-02`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct By {
    /// The field's name in the input lines.
    pub field: String,
    /// How many characters of an ISO date to keep (4, 7 or 10), if any.
    part: Option<usize>,
}

impl FromStr for By {
    type Err = String;

    fn from_str(s: &str) -> Result<By, String> {
        let (field, part) = match s.rsplit_once(':') {
            None => (s, None),
            Some((field, "year")) => (field, Some(4)),
            Some((field, "month")) => (field, Some(7)),
            Some((field, "day")) => (field, Some(10)),
            Some((_, other)) => {
                return Err(format!(
                    "`{s}`: unknown cut `{other}` (FIELD, FIELD:year, FIELD:month or FIELD:day)"
                ));
            }
        };
        if field.is_empty() {
            return Err(format!("`{s}`: no field name"));
        }
        Ok(By {
            field: field.to_string(),
            part,
        })
    }
}

impl fmt::Display for By {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = match self.part {
            Some(4) => ":year",
            Some(7) => ":month",
            Some(10) => ":day",
            _ => "",
        };
        write!(f, "{}{part}", self.field)
    }
}

/// Why a line could not be counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// It is not JSON, or not JSON of the shape tag writes.
    Json {
        /// The column of the fault (from 1; 0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// It is a JSON object without `entities` and `attributions`: no tag output.
    NotTagged,
}

impl LineError {
    /// The column of the fault, when known.
    pub fn column(&self) -> Option<usize> {
        match self {
            LineError::Json { column, .. } if *column > 0 => Some(*column),
            _ => None,
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Json { message, .. } => write!(f, "malformed tag output: {message}"),
            LineError::NotTagged => f.write_str(
                "not a line of `quidit tag`'s output (no `entities` and `attributions`)",
            ),
        }
    }
}

impl std::error::Error for LineError {}

/// A finished report: the summary, and every speaker and accusation pair, ranked.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// What `summary.json` holds and the page shows.
    pub summary: Summary,
    /// Every speaker, most quoted first (`speakers.csv`).
    pub speakers: Vec<Speaker>,
    /// Every accusation pair, most frequent first (`accusations.csv`).
    pub accusations: Vec<AccusationPair>,
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Report {
    /// Writes `speakers.csv`: a header, then one speaker a row, with the first example.
    pub fn write_speakers_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "key",
            "name",
            "label",
            "wikidata",
            "gender",
            "evidence",
            "overruled",
            "quotes",
            "direct",
            "indirect",
            "mixed",
            "according",
            "accusation",
            "documents",
            "example_document",
            "example",
        ])
        .map_err(csv_error)?;
        for s in &self.speakers {
            let example = s.examples.first();
            let q = &s.quotes;
            w.write_record([
                s.key.as_str(),
                &s.name,
                &s.label,
                s.wikidata.as_deref().unwrap_or(""),
                s.gender.as_str(),
                s.evidence.as_str(),
                if s.overruled { "true" } else { "false" },
                &q.total.to_string(),
                &q.direct.to_string(),
                &q.indirect.to_string(),
                &q.mixed.to_string(),
                &q.according.to_string(),
                &q.accusation.to_string(),
                &s.documents.to_string(),
                example.map_or("", |e| &e.document),
                example.map_or("", |e| &e.excerpt),
            ])
            .map_err(csv_error)?;
        }
        w.flush()
    }

    /// Writes `accusations.csv`: a header, then one pair (who accuses whom) a row.
    pub fn write_accusations_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "source_key",
            "source",
            "source_label",
            "target_key",
            "target",
            "target_label",
            "count",
            "documents",
            "example_document",
            "example",
        ])
        .map_err(csv_error)?;
        for p in &self.accusations {
            let example = p.examples.first();
            w.write_record([
                p.source.key.as_str(),
                &p.source.name,
                &p.source.label,
                &p.target.key,
                &p.target.name,
                &p.target.label,
                &p.count.to_string(),
                &p.documents.to_string(),
                example.map_or("", |e| &e.document),
                example.map_or("", |e| &e.excerpt),
            ])
            .map_err(csv_error)?;
        }
        w.flush()
    }

    /// `summary.json`: the summary, indented, with a final newline.
    pub fn summary_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.summary)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
        s.push('\n');
        s
    }
}
