//! The counters: one pass over tagged documents, a document forgotten once counted.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::gender::{self, Votes};
use super::record::{self, AttributionRec, Line, MentionRec};
use super::summary::*;
use super::{By, LineError, Options, Report};

/// A speaker being counted.
struct SpeakerAcc {
    key: String,
    name: String,
    label: String,
    wikidata: Option<String>,
    quotes: KindCounts,
    documents: u64,
    /// The last document counted in `documents` (its number), so that a document counts once.
    last_doc: u64,
    examples: Vec<Example>,
}

/// A pair of parties being counted.
#[derive(Default)]
struct PairAcc {
    count: u64,
    documents: u64,
    last_doc: u64,
    examples: Vec<Example>,
}

#[derive(Default)]
struct MentionAcc {
    name: String,
    label: String,
    wikidata: Option<String>,
    mentions: u64,
    documents: u64,
    quotes: u64,
}

#[derive(Default)]
struct GroupAcc {
    documents: u64,
    attributions: KindCounts,
    /// Person speaker (index in `speakers`) → quotes in this group.
    persons: HashMap<u32, u64>,
}

/// Counts tagged documents into a [`Report`]. Memory grows with the number of distinct
/// speakers, parties, organisations and places (and `--by` values), never with the number
/// of documents: a document is read, counted and dropped.
pub struct Aggregator {
    options: Options,
    documents: u64,
    failed: u64,
    attributions: KindCounts,
    unidentified: u64,
    speakers: Vec<SpeakerAcc>,
    speaker_index: HashMap<String, u32>,
    /// Gender votes of every person some span says something of (speaker or not yet).
    votes: HashMap<String, Votes>,
    parties: HashMap<String, Party>,
    pairs: HashMap<(String, String), PairAcc>,
    accusation_counts: AccusationCounts,
    /// Accused party key → (count, accusers' keys).
    accused: HashMap<String, (u64, HashSet<String>)>,
    mentioned: HashMap<String, MentionAcc>,
    groups: BTreeMap<String, GroupAcc>,
}

/// The excerpt of a content: its parts joined, cut at a word to about `MAX` characters.
fn excerpt(content: &[record::SpanRec<'_>]) -> String {
    const MAX: usize = 160;
    let joined = content
        .iter()
        .map(|s| s.text.trim())
        .collect::<Vec<_>>()
        .join(" […] ");
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= MAX {
        return joined;
    }
    let cut: String = joined.chars().take(MAX).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

fn add_kind(counts: &mut KindCounts, kind: &str) {
    counts.total += 1;
    match kind {
        "direct" => counts.direct += 1,
        "indirect" => counts.indirect += 1,
        "mixed" => counts.mixed += 1,
        "according" => counts.according += 1,
        "accusation" => counts.accusation += 1,
        _ => {}
    }
}

/// The key of a document's identity across documents.
fn identity_key(label: &str, name: &str, wikidata: Option<&str>) -> String {
    match wikidata {
        Some(q) if !q.is_empty() => format!("wikidata:{q}"),
        _ => format!("{label}:{}", gender::normalise_name(name)),
    }
}

impl Aggregator {
    /// A report being made with `options`.
    pub fn new(options: Options) -> Aggregator {
        Aggregator {
            options,
            documents: 0,
            failed: 0,
            attributions: KindCounts::default(),
            unidentified: 0,
            speakers: Vec::new(),
            speaker_index: HashMap::new(),
            votes: HashMap::new(),
            parties: HashMap::new(),
            pairs: HashMap::new(),
            accusation_counts: AccusationCounts::default(),
            accused: HashMap::new(),
            mentioned: HashMap::new(),
            groups: BTreeMap::new(),
        }
    }

    /// Counts a document that could not be read or tagged (reported by the caller): the
    /// summary says how many.
    pub fn add_failure(&mut self) {
        self.failed += 1;
    }

    /// Reads and counts one line of `quidit tag`'s JSON Lines. A line that is not JSON, or
    /// not tag output (no `entities` and `attributions`), is an error and counts nothing
    /// (the caller reports it and goes on; [`Aggregator::add_failure`] counts it).
    pub fn add_line(&mut self, json: &str) -> Result<(), LineError> {
        let by = self.options.by.as_ref().map(|b| b.field.as_str());
        let line = parse_tagged(json, by)?;
        let derived = derive(&self.options, &line);
        self.add(line, derived);
        Ok(())
    }

    /// Counts a batch of lines like [`Self::add_line`] each, in order; each line is parsed
    /// and what depends on it alone is worked out ([`Derived`]: keys, gender votes, group)
    /// on every core first, and only the map updates are left to one thread, so the counts
    /// are the same as one line at a time. Returns the faulty lines' errors, with their
    /// index in `lines`.
    pub fn add_lines<S: AsRef<str> + Sync>(&mut self, lines: &[S]) -> Vec<(usize, LineError)> {
        use rayon::prelude::*;
        let by = self.options.by.as_ref().map(|b| b.field.clone());
        let options = &self.options;
        let parsed: Vec<Result<(Line<'_>, Derived), LineError>> = lines
            .par_iter()
            .map(|json| {
                let line = parse_tagged(json.as_ref(), by.as_deref())?;
                let derived = derive(options, &line);
                Ok((line, derived))
            })
            .collect();
        let mut errors = Vec::new();
        for (i, line) in parsed.into_iter().enumerate() {
            match line {
                Ok((line, derived)) => self.add(line, derived),
                Err(e) => errors.push((i, e)),
            }
        }
        errors
    }

    fn add(&mut self, line: Line<'_>, derived: Derived) {
        self.documents += 1;
        let doc = self.documents;
        let id = line.id.as_deref().unwrap_or("").to_string();
        let Derived {
            keys,
            doc_votes,
            group_key,
        } = derived;
        let key_of = |identity: Option<usize>| identity.and_then(|i| keys.get(i));
        // Organisations and places named.
        for (i, ident) in line.identities.iter().enumerate() {
            if ident.label == "ORG" || ident.label == "LOC" {
                let m = self.mentioned.entry(keys[i].clone()).or_default();
                if m.name.is_empty() {
                    m.name = ident.name.to_string();
                    m.label = ident.label.to_string();
                    m.wikidata = ident.wikidata.as_deref().map(str::to_string);
                }
                m.mentions += ident.mentions;
                m.documents += 1;
            }
        }
        // This document's part of its `--by` group, added once the document is read.
        let mut group_kinds = KindCounts::default();
        let mut group_persons: Vec<u32> = Vec::new();
        for a in &line.attributions {
            add_kind(&mut self.attributions, &a.kind);
            add_kind(&mut group_kinds, &a.kind);
            let source = a.source.as_ref().and_then(|s| s.identity);
            match (source, key_of(source)) {
                (Some(i), Some(key)) => {
                    let ident = &line.identities[i];
                    let index = match self.speaker_index.get(key) {
                        Some(&n) => n,
                        None => {
                            let n = self.speakers.len() as u32;
                            self.speakers.push(SpeakerAcc {
                                key: key.clone(),
                                name: ident.name.to_string(),
                                label: ident.label.to_string(),
                                wikidata: ident.wikidata.as_deref().map(str::to_string),
                                quotes: KindCounts::default(),
                                documents: 0,
                                last_doc: 0,
                                examples: Vec::new(),
                            });
                            self.speaker_index.insert(key.clone(), n);
                            n
                        }
                    };
                    let s = &mut self.speakers[index as usize];
                    add_kind(&mut s.quotes, &a.kind);
                    if s.last_doc != doc {
                        s.last_doc = doc;
                        s.documents += 1;
                    }
                    if s.examples.len() < self.options.examples {
                        s.examples.push(Example {
                            document: id.clone(),
                            kind: a.kind.to_string(),
                            excerpt: excerpt(&a.content),
                        });
                    }
                    if let Some(m) = self.mentioned.get_mut(key) {
                        m.quotes += 1;
                    }
                    if ident.label == "PER" {
                        group_persons.push(index);
                    }
                }
                _ => self.unidentified += 1,
            }
            if a.kind == "accusation" {
                self.accusation(&line, &keys, a, &id, doc);
            }
        }
        if let Some(key) = group_key {
            let g = self.groups.entry(key).or_default();
            g.documents += 1;
            let total = g.attributions.total + group_kinds.total;
            g.attributions = KindCounts {
                total,
                direct: g.attributions.direct + group_kinds.direct,
                indirect: g.attributions.indirect + group_kinds.indirect,
                mixed: g.attributions.mixed + group_kinds.mixed,
                according: g.attributions.according + group_kinds.according,
                accusation: g.attributions.accusation + group_kinds.accusation,
            };
            for index in group_persons {
                *g.persons.entry(index).or_default() += 1;
            }
        }
        for (identity, evidence, g) in doc_votes {
            if let Some(key) = keys.get(identity) {
                self.votes.entry(key.clone()).or_default().add(evidence, g);
            }
        }
    }

    /// The party a source or target is: its identity, else its words.
    fn party(&mut self, line: &Line<'_>, keys: &[String], m: &MentionRec<'_>) -> Option<String> {
        let (key, name, label) = match m.identity.and_then(|i| Some((i, keys.get(i)?))) {
            Some((i, key)) => {
                let ident = &line.identities[i];
                (key.clone(), ident.name.to_string(), ident.label.to_string())
            }
            None => {
                let words = gender::normalise_name(&m.text);
                if words.is_empty() {
                    return None;
                }
                let name = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
                (format!("mention:{words}"), name, "mention".to_string())
            }
        };
        self.parties.entry(key.clone()).or_insert_with(|| Party {
            key: key.clone(),
            name,
            label,
        });
        Some(key)
    }

    fn accusation(
        &mut self,
        line: &Line<'_>,
        keys: &[String],
        a: &AttributionRec<'_>,
        id: &str,
        doc: u64,
    ) {
        self.accusation_counts.total += 1;
        let source = match &a.source {
            Some(m) => self.party(line, keys, m),
            None => None,
        };
        let target = match &a.target {
            Some(m) => self.party(line, keys, m),
            None => None,
        };
        if source.is_none() {
            self.accusation_counts.without_source += 1;
        }
        let Some(target) = target else {
            self.accusation_counts.without_target += 1;
            return;
        };
        let accused = self.accused.entry(target.clone()).or_default();
        accused.0 += 1;
        let Some(source) = source else {
            return;
        };
        accused.1.insert(source.clone());
        self.accusation_counts.with_both += 1;
        let pair = self.pairs.entry((source, target)).or_default();
        pair.count += 1;
        if pair.last_doc != doc {
            pair.last_doc = doc;
            pair.documents += 1;
        }
        if pair.examples.len() < self.options.examples {
            pair.examples.push(Example {
                document: id.to_string(),
                kind: a.kind.to_string(),
                excerpt: excerpt(&a.content),
            });
        }
    }

    /// Decides every person's gender and ranks everything.
    pub fn finish(self) -> Report {
        let top = self.options.top;
        let mut distinct = LabelCounts::default();
        let mut gender = GenderShare::default();
        let mut decided: Vec<Gender> = Vec::with_capacity(self.speakers.len());
        let mut speakers: Vec<Speaker> = Vec::with_capacity(self.speakers.len());
        for s in self.speakers {
            let (g, evidence, overruled) = if s.label == "PER" {
                let mut votes = self.votes.get(&s.key).copied().unwrap_or_default();
                if let Some(g) = gender::name_gender(&s.name) {
                    votes.add(Evidence::FirstName, g);
                }
                votes.decide()
            } else {
                (Gender::Unknown, Evidence::None, false)
            };
            match s.label.as_str() {
                "PER" => {
                    distinct.persons += 1;
                    gender.persons.add(g, 1);
                    gender.quotes.add(g, s.quotes.total);
                }
                "ORG" => distinct.organisations += 1,
                "LOC" => distinct.places += 1,
                _ => {}
            }
            decided.push(g);
            speakers.push(Speaker {
                key: s.key,
                name: s.name,
                label: s.label,
                wikidata: s.wikidata,
                quotes: s.quotes,
                documents: s.documents,
                gender: g,
                evidence,
                overruled,
                examples: s.examples,
            });
        }
        gender.persons.finish();
        gender.quotes.finish();
        let by = self.options.by.as_ref().map(|b| {
            let mut groups: Vec<Group> = self
                .groups
                .into_iter()
                .map(|(value, acc)| {
                    let mut share = GenderShare::default();
                    for (index, quotes) in acc.persons {
                        let g = decided[index as usize];
                        share.persons.add(g, 1);
                        share.quotes.add(g, quotes);
                    }
                    share.persons.finish();
                    share.quotes.finish();
                    Group {
                        value,
                        documents: acc.documents,
                        attributions: acc.attributions,
                        gender: share,
                    }
                })
                .collect();
            // Documents without the field last.
            groups.sort_by_key(|g| g.value.is_empty());
            ByField {
                field: b.to_string(),
                groups,
            }
        });
        speakers.sort_by(|a, b| {
            b.quotes
                .total
                .cmp(&a.quotes.total)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.key.cmp(&b.key))
        });
        let of = |label: &str| -> Vec<Speaker> {
            speakers
                .iter()
                .filter(|s| s.label == label)
                .take(top)
                .cloned()
                .collect()
        };
        let (persons, organisations, places) = (of("PER"), of("ORG"), of("LOC"));
        let parties = self.parties;
        let party = |key: &str| parties.get(key).cloned().unwrap_or_default();
        let mut accusations: Vec<AccusationPair> = self
            .pairs
            .into_iter()
            .map(|((s, t), acc)| AccusationPair {
                source: party(&s),
                target: party(&t),
                count: acc.count,
                documents: acc.documents,
                examples: acc.examples,
            })
            .collect();
        accusations.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.source.key.cmp(&b.source.key))
                .then_with(|| a.target.key.cmp(&b.target.key))
        });
        let mut most_accused: Vec<Accused> = self
            .accused
            .into_iter()
            .map(|(key, (count, accusers))| Accused {
                party: party(&key),
                count,
                accusers: accusers.len() as u64,
            })
            .collect();
        most_accused.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.party.key.cmp(&b.party.key))
        });
        most_accused.truncate(top);
        let mut mentioned: Vec<Mentioned> = self
            .mentioned
            .into_iter()
            .map(|(key, m)| Mentioned {
                key,
                name: m.name,
                label: m.label,
                wikidata: m.wikidata,
                mentions: m.mentions,
                documents: m.documents,
                quotes: m.quotes,
            })
            .collect();
        mentioned.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.key.cmp(&b.key))
        });
        let of = |label: &str| -> Vec<Mentioned> {
            mentioned
                .iter()
                .filter(|m| m.label == label)
                .take(top)
                .cloned()
                .collect()
        };
        let summary = Summary {
            version: SUMMARY_VERSION,
            documents: self.documents,
            failed: self.failed,
            attributions: self.attributions,
            unidentified_sources: self.unidentified,
            distinct_speakers: distinct,
            gender,
            by,
            persons,
            organisations,
            places,
            accusations: accusations.iter().take(top).cloned().collect(),
            accusation_counts: self.accusation_counts,
            most_accused,
            organisations_mentioned: of("ORG"),
            places_mentioned: of("LOC"),
            gender_method: GenderMethod {
                order: gender::EVIDENCE_ORDER.to_vec(),
                first_name_ratio: gender::FIRST_NAME_RATIO,
                first_name_min_births: gender::FIRST_NAME_MIN_BIRTHS,
                sources: gender::SOURCES.to_string(),
            },
        };
        Report {
            summary,
            speakers,
            accusations,
        }
    }
}

/// The gender evidence a source or target gives of the person it names: a pronoun resolved
/// to them, or the words before their name in the span (`Mme`, `la ministre`), or the words
/// of a noun phrase resolved to them (`la ministre`).
fn mention_evidence(line: &Line<'_>, m: &MentionRec<'_>) -> Option<(usize, Evidence, Gender)> {
    let identity = m.identity?;
    if line.identities.get(identity)?.label != "PER" {
        return None;
    }
    if m.entity.is_some() {
        // The span is the name itself: nothing before it.
        return None;
    }
    if m.resolved.is_some() {
        if let Some(g) = gender::pronoun_gender(&m.text) {
            return Some((identity, Evidence::Pronoun, g));
        }
        // A noun phrase standing for the person (`la ministre`), when it holds no name.
        let (evidence, g) = gender::prefix_evidence(&m.text)?;
        return Some((identity, evidence, g));
    }
    let head = line.entities.get(m.head?)?;
    if head.label != "PER" || head.start < m.start {
        return None;
    }
    let before: Cow<'_, str> = Cow::Owned(
        m.text
            .chars()
            .take((head.start - m.start) as usize)
            .collect(),
    );
    let (evidence, g) = gender::prefix_evidence(&before)?;
    Some((identity, evidence, g))
}

impl By {
    /// The group of a document whose field has `value`.
    fn value(&self, value: Option<&str>) -> String {
        let Some(v) = value else {
            return String::new();
        };
        let v = v.trim();
        match self.part {
            None => v.to_string(),
            Some(n) => {
                // An ISO date cut to its year (4), month (7) or day (10); a value that is no
                // such date is kept whole, so that nothing is silently merged.
                let cut: String = v.chars().take(n).collect();
                let ok = cut.len() == n
                    && cut.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if ok { cut } else { v.to_string() }
            }
        }
    }
}

/// What a line gives on its own, worked out before the counting (on every core, in
/// [`Aggregator::add_lines`]): each identity's key, the document's gender votes, its group.
struct Derived {
    /// Each identity's key ([`identity_key`]), by identity index.
    keys: Vec<String>,
    /// One vote per person, kind of evidence and gender.
    doc_votes: Vec<(usize, Evidence, Gender)>,
    /// The `--by` group, when grouping.
    group_key: Option<String>,
}

fn derive(options: &Options, line: &Line<'_>) -> Derived {
    let group_key = options.by.as_ref().map(|b| b.value(line.by.as_deref()));
    let keys: Vec<String> = line
        .identities
        .iter()
        .map(|i| identity_key(&i.label, &i.name, i.wikidata.as_deref()))
        .collect();
    // Gender evidence of this document: one vote per person, kind and gender, so that a
    // long article does not outvote a short one.
    let mut doc_votes: Vec<(usize, Evidence, Gender)> = Vec::new();
    for a in &line.attributions {
        for m in [&a.source, &a.target].into_iter().flatten() {
            if let Some(v) = mention_evidence(line, m)
                && !doc_votes.contains(&v)
            {
                doc_votes.push(v);
            }
        }
    }
    // With the text at hand, the words before every mention of a person.
    if let Some(text) = &line.text {
        for e in &line.entities {
            let Some(identity) = e.identity else { continue };
            if e.label != "PER" || e.byte_start > text.len() {
                continue;
            }
            let mut from = e.byte_start.saturating_sub(200);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let Some(before) = text.get(from..e.byte_start) else {
                continue;
            };
            if let Some((evidence, g)) = gender::context_evidence(before)
                && !doc_votes.contains(&(identity, evidence, g))
            {
                doc_votes.push((identity, evidence, g));
            }
        }
    }
    Derived {
        keys,
        doc_votes,
        group_key,
    }
}

/// A line of `quidit tag` output, parsed; `by` is the field to group by.
fn parse_tagged<'a>(json: &'a str, by: Option<&str>) -> Result<Line<'a>, LineError> {
    let line = record::parse(json, by).map_err(|e| LineError::Json {
        column: e.column(),
        message: {
            let m = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            m.strip_suffix(&place).unwrap_or(&m).to_string()
        },
    })?;
    if !line.tagged {
        return Err(LineError::NotTagged);
    }
    Ok(line)
}
