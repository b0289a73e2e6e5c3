//! [`Summary`]: everything `quidit report` found in a corpus, as typed records. It is what
//! `summary.json` holds (serde, field for field) and what the HTML page renders, so that the
//! page, the JSON and the CSV files cannot tell different stories.
//!
//! Lists are ranked (most first, then by name, so that the output does not depend on hash
//! order) and cut to the report's `top`; the CSV files hold every speaker and every pair.

use serde::{Deserialize, Serialize};

/// The version of the shape of [`Summary`] (and `summary.json`); raised when a field changes
/// meaning or goes, not when one is added.
pub const SUMMARY_VERSION: u32 = 1;

/// What a corpus says about who speaks: the content of `summary.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// [`SUMMARY_VERSION`] when it was written.
    pub version: u32,
    /// Documents read (tagged lines, or corpus documents tagged by the report).
    pub documents: u64,
    /// Input lines or documents that could not be read (each reported with its place).
    pub failed: u64,
    /// Every attribution, by kind (accusations included).
    pub attributions: KindCounts,
    /// Attributions whose source is no entity (`un haut responsable`, no source at all): they
    /// count in [`Summary::attributions`] and in no speaker.
    pub unidentified_sources: u64,
    /// How many distinct speakers of each label (persons, organisations, places).
    pub distinct_speakers: LabelCounts,
    /// The share of women among the quoted persons, over the whole corpus.
    pub gender: GenderShare,
    /// The same share per value of the `--by` field, when one was asked for.
    pub by: Option<ByField>,
    /// The persons quoted most (at most `top`).
    pub persons: Vec<Speaker>,
    /// The organisations quoted most (at most `top`).
    pub organisations: Vec<Speaker>,
    /// The places quoted most (a capital that speaks for a state: `Moscou accuse…`).
    pub places: Vec<Speaker>,
    /// Who accuses whom, the most frequent pairs first (at most `top`).
    pub accusations: Vec<AccusationPair>,
    /// Accusations in all, and those whose source or target is unknown.
    pub accusation_counts: AccusationCounts,
    /// Who is accused most, whoever accuses them (at most `top`).
    pub most_accused: Vec<Accused>,
    /// The organisations mentioned most (at most `top`), quoted or not.
    pub organisations_mentioned: Vec<Mentioned>,
    /// The places mentioned most (at most `top`).
    pub places_mentioned: Vec<Mentioned>,
    /// How gender was decided: the evidence and thresholds, so that the figures say how
    /// they were made.
    pub gender_method: GenderMethod,
}

/// Counts of attributions by kind, as `ANNOTATION.md` names the kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    /// All of them.
    pub total: u64,
    /// Quotations in quotation marks.
    pub direct: u64,
    /// Reported speech.
    pub indirect: u64,
    /// Reported speech with a partial quotation.
    pub mixed: u64,
    /// `selon X`, `d'après X`.
    pub according: u64,
    /// Accusations.
    pub accusation: u64,
}

/// Counts by entity label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCounts {
    /// Persons (`PER`).
    pub persons: u64,
    /// Organisations (`ORG`).
    pub organisations: u64,
    /// Places (`LOC`).
    pub places: u64,
}

/// A person's gender as the report decides it: from explicit evidence, else unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// A woman.
    Female,
    /// A man.
    Male,
    /// No evidence, ambiguous evidence (`Camille`), or evidence that contradicts itself.
    #[default]
    Unknown,
}

impl Gender {
    /// `female`, `male` or `unknown`, as in the JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Unknown => "unknown",
        }
    }
}

/// What decided a person's gender, strongest first: the first kind of evidence that a
/// person's mentions give decides (see [`crate::report`]'s documentation).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A form of address right before the name: `M.`, `Mme`, `Mlle`, `monsieur`, `madame`.
    Civilite,
    /// A gendered title or function before the name, or its article (`la ministre`,
    /// `le porte-parole`, `présidente`).
    Title,
    /// A pronoun resolved to the person (`a-t-elle ajouté`).
    Pronoun,
    /// The first name, from INSEE's births by sex (at or above the stated ratio).
    FirstName,
    /// The strongest kind of evidence present says both (two people under one name, or a
    /// tagging error): unknown rather than a guess.
    Conflict,
    /// No evidence (or only ambiguous first names): unknown.
    #[default]
    None,
}

impl Evidence {
    /// The name used in the JSON and CSV (`civilite`, `title`, `pronoun`, `first_name`,
    /// `conflict`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Civilite => "civilite",
            Evidence::Title => "title",
            Evidence::Pronoun => "pronoun",
            Evidence::FirstName => "first_name",
            Evidence::Conflict => "conflict",
            Evidence::None => "none",
        }
    }
}

/// Women, men and unknown among quoted persons, counted two ways: distinct persons, and
/// quotes (attributions whose source is a person).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GenderShare {
    /// Distinct persons quoted, by gender.
    pub persons: GenderCounts,
    /// Quotes by persons, by the gender of the person.
    pub quotes: GenderCounts,
}

/// Counts by gender, with the shares they make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GenderCounts {
    /// Women.
    pub female: u64,
    /// Men.
    pub male: u64,
    /// Unknown.
    pub unknown: u64,
    /// `female / (female + male)`: the share of women among those whose gender is known
    /// (`None` when none is).
    pub female_share_of_known: Option<f64>,
    /// `unknown / total` (`None` when the total is 0).
    pub unknown_share: Option<f64>,
}

impl GenderCounts {
    /// Adds `n` to the count of `gender`. The shares are worked out by
    /// [`GenderCounts::finish`].
    pub fn add(&mut self, gender: Gender, n: u64) {
        match gender {
            Gender::Female => self.female += n,
            Gender::Male => self.male += n,
            Gender::Unknown => self.unknown += n,
        }
    }

    /// All of them.
    pub fn total(&self) -> u64 {
        self.female + self.male + self.unknown
    }

    /// Works the shares out from the counts.
    pub fn finish(&mut self) {
        let known = self.female + self.male;
        self.female_share_of_known = (known > 0).then(|| self.female as f64 / known as f64);
        let total = self.total();
        self.unknown_share = (total > 0).then(|| self.unknown as f64 / total as f64);
    }
}

/// The gender shares per value of one field of the input lines (`--by date:month`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ByField {
    /// The field as given, with its transformation (`date:month`, `source`).
    pub field: String,
    /// One group per value, in the value's order (so dates run in time order); documents
    /// without the field are the group whose `value` is empty, last.
    pub groups: Vec<Group>,
}

/// One value of the `--by` field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The value (`2020-07` for `date:month`); empty for documents without it.
    pub value: String,
    /// Documents with this value.
    pub documents: u64,
    /// Attributions in those documents, by kind.
    pub attributions: KindCounts,
    /// The share of women among the persons quoted in those documents (a person quoted
    /// under two values counts in both).
    pub gender: GenderShare,
}

/// One speaker: a person, organisation or place that is the source of attributions, one
/// identity across the corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The key that joins mentions across documents: `wikidata:Q…` when a gazetteer gave a
    /// Wikidata id, else `LABEL:folded name` (lower case, no accents, no civilité).
    pub key: String,
    /// The name shown: the document-level identity's name (the gazetteer's canonical form,
    /// else the longest mention) where the speaker was first seen.
    pub name: String,
    /// `PER`, `ORG` or `LOC`.
    pub label: String,
    /// The Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Attributions with this source, by kind.
    pub quotes: KindCounts,
    /// Documents where it is the source of at least one attribution.
    pub documents: u64,
    /// Its gender (persons only; `unknown` for the others).
    pub gender: Gender,
    /// What decided [`Speaker::gender`].
    pub evidence: Evidence,
    /// Whether weaker evidence said the other gender (the stronger decided).
    pub overruled: bool,
    /// A few of its quotes, the first ones met.
    pub examples: Vec<Example>,
}

/// A quote to show: where it is and a short excerpt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The document's id.
    pub document: String,
    /// The attribution's kind (`direct`…).
    pub kind: String,
    /// The content, cut to a few words (`…` where cut).
    pub excerpt: String,
}

/// Someone who accuses someone, with how often.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccusationPair {
    /// Who accuses.
    pub source: Party,
    /// Who is accused.
    pub target: Party,
    /// How many accusations.
    pub count: u64,
    /// Documents where this pair occurs.
    pub documents: u64,
    /// A few of its accusations (the charge as the excerpt).
    pub examples: Vec<Example>,
}

/// One side of an accusation: an identity, or the words of a mention no entity is behind
/// (`le gouvernement`), folded, so that the same words are one party.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Party {
    /// As [`Speaker::key`] for an identity; `mention:folded words` otherwise.
    pub key: String,
    /// The name shown.
    pub name: String,
    /// `PER`, `ORG`, `LOC`, or `mention`.
    pub label: String,
}

/// Accusations in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccusationCounts {
    /// Every accusation.
    pub total: u64,
    /// Those with both a source and a target (the pairs count these).
    pub with_both: u64,
    /// Those with no source in the text.
    pub without_source: u64,
    /// Those with no target in the text.
    pub without_target: u64,
}

/// Someone accused, whoever accuses them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Accused {
    /// Who.
    pub party: Party,
    /// Accusations against them (with or without a known accuser).
    pub count: u64,
    /// Distinct accusers.
    pub accusers: u64,
}

/// An organisation or place and how often it is named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mentioned {
    /// As [`Speaker::key`].
    pub key: String,
    /// The name shown.
    pub name: String,
    /// `ORG` or `LOC`.
    pub label: String,
    /// The Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Mentions in all.
    pub mentions: u64,
    /// Documents that name it.
    pub documents: u64,
    /// Attributions it is the source of.
    pub quotes: u64,
}

/// How gender is decided, as data: the page and the JSON state it beside the figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GenderMethod {
    /// The kinds of evidence, strongest first.
    pub order: Vec<Evidence>,
    /// A first name decides when at least this share of the births with it are of one sex.
    pub first_name_ratio: f64,
    /// …and at least this many births had it (rarer names say nothing).
    pub first_name_min_births: u64,
    /// Where the lexicons come from.
    pub sources: String,
}
