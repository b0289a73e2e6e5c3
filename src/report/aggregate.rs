//! The counters: one pass over tagged documents, a document forgotten once counted.

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use super::gender::{self, Votes};
use super::record::{self, Line, MentionRec};
use super::summary::*;
use super::{By, LineError, Options, Report};

/// A key of the counters (an identity's, a party's) with its hash, worked out where the line
/// is read (on every core, [`LineReader`]), so that the one thread that counts only compares:
/// the counters' maps take the hash as it is ([`Prehashed`]). The hash is std's SipHash,
/// seeded for the run, because the keys are chosen by the documents.
#[derive(Clone, Debug)]
struct Key {
    hash: u64,
    text: String,
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of the counters' maps: a [`Key`]'s hash as it is (two keys, a pair's, mixed).
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only keys are hashed (`write_u64`); anything else still gets a usable hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(23) ^ n;
    }
}

type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<Prehashed>>;

/// A speaker being counted.
struct SpeakerAcc {
    key: Key,
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

/// Reads lines of tag output into [`Counted`] documents, on any thread: what a line gives on
/// its own is worked out here, so that counting is only map updates. Made by
/// [`Aggregator::reader`]; its keys are those of that aggregator only.
#[derive(Clone)]
pub struct LineReader {
    by: Option<By>,
    hashes: RandomState,
}

/// A line of tag output read by a [`LineReader`], to be counted by [`Aggregator::add_counted`]:
/// the line itself, and what the counters need as places in it (a string with an escape, or
/// made from the line, is in `made`), keys hashed. Nothing is copied out of the line but the
/// keys: most of what is read is never needed (a name, once its key has been counted).
pub struct Counted {
    line: String,
    made: String,
    id: Place,
    identities: Vec<IdentityCount>,
    attributions: Vec<AttributionCount>,
    /// The parts of the attributions' contents.
    parts: Vec<Place>,
    /// One vote per person, kind of evidence and gender.
    doc_votes: Vec<(usize, Evidence, Gender)>,
    /// The `--by` group, when grouping.
    group_key: Option<String>,
}

/// A string of a [`Counted`] line: bytes `start..end` of the line, or of `made`.
#[derive(Clone, Copy)]
struct Place {
    start: usize,
    end: usize,
    made: bool,
}

impl Counted {
    fn text(&self, place: Place) -> &str {
        let of = if place.made { &self.made } else { &self.line };
        of.get(place.start..place.end).unwrap_or("")
    }

    fn string(&self, place: Place) -> String {
        self.text(place).to_string()
    }
}

struct IdentityCount {
    key: Key,
    label: Place,
    name: Place,
    wikidata: Option<Place>,
    mentions: u64,
}

struct AttributionCount {
    kind: Place,
    /// The identity (index) of the source.
    source: Option<usize>,
    /// The parts of the content (indexes in `Counted::parts`).
    content: std::ops::Range<usize>,
    /// For an accusation, its parties.
    accusation: Option<Parties>,
}

struct Parties {
    source: Option<PartyCount>,
    target: Option<PartyCount>,
}

/// A party of an accusation: an identity, or the words of a mention (`label` none).
struct PartyCount {
    key: Key,
    name: Place,
    label: Option<Place>,
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
    speaker_index: KeyMap<Key, u32>,
    /// Gender votes of every person some span says something of (speaker or not yet).
    votes: KeyMap<Key, Votes>,
    parties: KeyMap<Key, Party>,
    pairs: KeyMap<(Key, Key), PairAcc>,
    accusation_counts: AccusationCounts,
    /// Accused party key → (count, accusers' keys).
    accused: KeyMap<Key, (u64, HashSet<Key, BuildHasherDefault<Prehashed>>)>,
    mentioned: KeyMap<Key, MentionAcc>,
    groups: BTreeMap<String, GroupAcc>,
    /// What reads lines for this aggregator: its `--by` field and the seed of the keys'
    /// hashes, for the run.
    reader: LineReader,
}

/// The excerpt of a content: its parts' words joined by one space (` […] ` between parts),
/// cut at a word to about `MAX` characters. Words are read only until the cut is known.
fn excerpt<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    const MAX: usize = 160;
    let mut joined = String::new();
    let mut chars = 0;
    let words = parts.enumerate().flat_map(|(i, part)| {
        let separator = (i > 0).then_some("[…]");
        separator.into_iter().chain(part.split_whitespace())
    });
    for word in words {
        if !joined.is_empty() {
            joined.push(' ');
            chars += 1;
        }
        joined.push_str(word);
        chars += word.chars().count();
        if chars > MAX {
            break;
        }
    }
    if chars <= MAX {
        return joined;
    }
    let end = joined
        .char_indices()
        .nth(MAX)
        .map_or(joined.len(), |(at, _)| at);
    let at = joined[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &joined[..at])
}

/// The first `top` of `ranked` that `keep` keeps, in order.
fn top_of<T: Clone>(ranked: &[T], keep: impl Fn(&T) -> bool, top: usize) -> Vec<T> {
    ranked
        .iter()
        .filter(|x| keep(x))
        .take(top)
        .cloned()
        .collect()
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
        let reader = LineReader {
            by: options.by.clone(),
            hashes: RandomState::new(),
        };
        Aggregator {
            options,
            documents: 0,
            failed: 0,
            attributions: KindCounts::default(),
            unidentified: 0,
            speakers: Vec::new(),
            speaker_index: KeyMap::default(),
            votes: KeyMap::default(),
            parties: KeyMap::default(),
            pairs: KeyMap::default(),
            accusation_counts: AccusationCounts::default(),
            accused: KeyMap::default(),
            mentioned: KeyMap::default(),
            groups: BTreeMap::new(),
            reader,
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
        let counted = self.reader.read(json.to_string())?;
        self.add_counted(counted);
        Ok(())
    }

    /// Counts a batch of lines like [`Self::add_line`] each, in order: the lines are read
    /// on every core first ([`LineReader`]), and only the map updates are left to this
    /// thread, so the counts are the same as one line at a time. Returns the faulty lines'
    /// errors, with their index in `lines`.
    pub fn add_lines<S: AsRef<str> + Sync>(&mut self, lines: &[S]) -> Vec<(usize, LineError)> {
        use rayon::prelude::*;
        let reader = &self.reader;
        let read: Vec<Result<Counted, LineError>> = lines
            .par_iter()
            .map(|json| reader.read(json.as_ref().to_string()))
            .collect();
        let mut errors = Vec::new();
        for (i, line) in read.into_iter().enumerate() {
            match line {
                Ok(counted) => self.add_counted(counted),
                Err(e) => errors.push((i, e)),
            }
        }
        errors
    }

    /// What reads lines for this aggregator on other threads, while it counts (a pipeline:
    /// [`LineReader::read`] the next batch while [`Aggregator::add_counted`] counts the last).
    pub fn reader(&self) -> LineReader {
        self.reader.clone()
    }

    /// Counts a document read by this aggregator's [`LineReader`].
    pub fn add_counted(&mut self, doc: Counted) {
        self.documents += 1;
        let number = self.documents;
        // Organisations and places named.
        for ident in &doc.identities {
            let label = doc.text(ident.label);
            if label == "ORG" || label == "LOC" {
                let m = match self.mentioned.get_mut(&ident.key) {
                    Some(m) => m,
                    None => self
                        .mentioned
                        .entry(ident.key.clone())
                        .or_insert_with(|| MentionAcc {
                            name: doc.string(ident.name),
                            label: label.to_string(),
                            wikidata: ident.wikidata.map(|w| doc.string(w)),
                            ..MentionAcc::default()
                        }),
                };
                m.mentions += ident.mentions;
                m.documents += 1;
            }
        }
        // This document's part of its `--by` group, added once the document is read.
        let mut group_kinds = KindCounts::default();
        let mut group_persons: Vec<u32> = Vec::new();
        let example = |a: &AttributionCount| Example {
            document: doc.string(doc.id),
            kind: doc.string(a.kind),
            excerpt: excerpt(doc.parts[a.content.clone()].iter().map(|&p| doc.text(p))),
        };
        for a in &doc.attributions {
            let kind = doc.text(a.kind);
            add_kind(&mut self.attributions, kind);
            add_kind(&mut group_kinds, kind);
            match a.source.and_then(|i| doc.identities.get(i)) {
                Some(ident) => {
                    let index = match self.speaker_index.get(&ident.key) {
                        Some(&n) => n,
                        None => {
                            let n = self.speakers.len() as u32;
                            self.speakers.push(SpeakerAcc {
                                key: ident.key.clone(),
                                name: doc.string(ident.name),
                                label: doc.string(ident.label),
                                wikidata: ident.wikidata.map(|w| doc.string(w)),
                                quotes: KindCounts::default(),
                                documents: 0,
                                last_doc: 0,
                                examples: Vec::new(),
                            });
                            self.speaker_index.insert(ident.key.clone(), n);
                            n
                        }
                    };
                    let s = &mut self.speakers[index as usize];
                    add_kind(&mut s.quotes, kind);
                    if s.last_doc != number {
                        s.last_doc = number;
                        s.documents += 1;
                    }
                    if s.examples.len() < self.options.examples {
                        s.examples.push(example(a));
                    }
                    if let Some(m) = self.mentioned.get_mut(&ident.key) {
                        m.quotes += 1;
                    }
                    if doc.text(ident.label) == "PER" {
                        group_persons.push(index);
                    }
                }
                None => self.unidentified += 1,
            }
            if let Some(parties) = &a.accusation {
                self.accusation(&doc, parties, || example(a), number);
            }
        }
        if let Some(key) = &doc.group_key {
            let g = match self.groups.get_mut(key) {
                Some(g) => g,
                None => self.groups.entry(key.clone()).or_default(),
            };
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
        for &(identity, evidence, g) in &doc.doc_votes {
            if let Some(ident) = doc.identities.get(identity) {
                match self.votes.get_mut(&ident.key) {
                    Some(votes) => votes.add(evidence, g),
                    None => self
                        .votes
                        .entry(ident.key.clone())
                        .or_default()
                        .add(evidence, g),
                }
            }
        }
    }

    /// A party of an accusation, recorded the first time it is met; its key.
    fn party<'k>(&mut self, doc: &Counted, party: &'k PartyCount) -> &'k Key {
        if !self.parties.contains_key(&party.key) {
            self.parties.insert(
                party.key.clone(),
                Party {
                    key: party.key.text.clone(),
                    name: doc.string(party.name),
                    label: party
                        .label
                        .map_or_else(|| "mention".to_string(), |l| doc.string(l)),
                },
            );
        }
        &party.key
    }

    fn accusation(
        &mut self,
        doc: &Counted,
        parties: &Parties,
        example: impl FnOnce() -> Example,
        number: u64,
    ) {
        self.accusation_counts.total += 1;
        let source = parties.source.as_ref().map(|p| self.party(doc, p));
        let target = parties.target.as_ref().map(|p| self.party(doc, p));
        if source.is_none() {
            self.accusation_counts.without_source += 1;
        }
        let Some(target) = target else {
            self.accusation_counts.without_target += 1;
            return;
        };
        let accused = match self.accused.get_mut(target) {
            Some(accused) => accused,
            None => self.accused.entry(target.clone()).or_default(),
        };
        accused.0 += 1;
        let Some(source) = source else {
            return;
        };
        if !accused.1.contains(source) {
            accused.1.insert(source.clone());
        }
        self.accusation_counts.with_both += 1;
        let pair = self
            .pairs
            .entry((source.clone(), target.clone()))
            .or_default();
        pair.count += 1;
        if pair.last_doc != number {
            pair.last_doc = number;
            pair.documents += 1;
        }
        if pair.examples.len() < self.options.examples {
            pair.examples.push(example());
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
                key: s.key.text,
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
        let of = |label: &str| top_of(&speakers, |s| s.label == label, top);
        let (persons, organisations, places) = (of("PER"), of("ORG"), of("LOC"));
        let parties = self.parties;
        let party = |key: &Key| parties.get(key).cloned().unwrap_or_default();
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
                key: key.text,
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
        let of = |label: &str| top_of(&mentioned, |m| m.label == label, top);
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

impl LineReader {
    /// Reads a line of `quidit tag`'s JSON Lines into what the counters need: each
    /// identity's key, each attribution's source, content and parties, the document's
    /// gender votes and its `--by` group.
    pub fn read(&self, line: String) -> Result<Counted, LineError> {
        let parsed = parse_tagged(&line, self.by.as_ref().map(|b| b.field.as_str()))?;
        let mut made = String::new();
        let within = line.as_ptr() as usize..line.as_ptr() as usize + line.len();
        // A borrowed string is a place in the line; anything else is copied to `made`.
        let mut place = |s: &str| -> Place {
            let at = s.as_ptr() as usize;
            if within.contains(&at) && at + s.len() <= within.end {
                let start = at - within.start;
                return Place {
                    start,
                    end: start + s.len(),
                    made: false,
                };
            }
            let start = made.len();
            made.push_str(s);
            Place {
                start,
                end: made.len(),
                made: true,
            }
        };
        let key = |text: String| Key {
            hash: self.hashes.hash_one(&text),
            text,
        };
        let identities: Vec<IdentityCount> = parsed
            .identities
            .iter()
            .map(|i| IdentityCount {
                key: key(identity_key(&i.label, &i.name, i.wikidata.as_deref())),
                label: place(&i.label),
                name: place(&i.name),
                wikidata: i.wikidata.as_deref().map(&mut place),
                mentions: i.mentions,
            })
            .collect();
        let mut parts = Vec::new();
        let mut attributions = Vec::with_capacity(parsed.attributions.len());
        for a in &parsed.attributions {
            let mut party = |m: &MentionRec<'_>| -> Option<PartyCount> {
                if let Some(ident) = m.identity.and_then(|i| identities.get(i)) {
                    return Some(PartyCount {
                        key: ident.key.clone(),
                        name: ident.name,
                        label: Some(ident.label),
                    });
                }
                let words = gender::normalise_name(&m.text);
                if words.is_empty() {
                    return None;
                }
                let name = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
                Some(PartyCount {
                    key: key(format!("mention:{words}")),
                    name: place(&name),
                    label: None,
                })
            };
            let accusation = (a.kind == "accusation").then(|| Parties {
                source: a.source.as_ref().and_then(&mut party),
                target: a.target.as_ref().and_then(&mut party),
            });
            let first = parts.len();
            parts.extend(a.content.iter().map(|part| place(&part.text)));
            attributions.push(AttributionCount {
                kind: place(&a.kind),
                source: a
                    .source
                    .as_ref()
                    .and_then(|s| s.identity)
                    .filter(|&i| i < identities.len()),
                content: first..parts.len(),
                accusation,
            });
        }
        let id = place(parsed.id.as_deref().unwrap_or(""));
        let doc_votes = doc_votes(&parsed);
        let group_key = self.by.as_ref().map(|b| b.value(parsed.by.as_deref()));
        drop(parsed);
        Ok(Counted {
            line,
            made,
            id,
            identities,
            attributions,
            parts,
            doc_votes,
            group_key,
        })
    }
}

/// The gender evidence a document gives of its persons: one vote per person, kind of
/// evidence and gender, so that a long article does not outvote a short one.
fn doc_votes(line: &Line<'_>) -> Vec<(usize, Evidence, Gender)> {
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
    doc_votes
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_joins_the_parts_and_cuts_at_a_word() {
        assert_eq!(excerpt([" Il  viendra\n"].into_iter()), "Il viendra");
        assert_eq!(
            excerpt(["Il viendra", "demain"].into_iter()),
            "Il viendra […] demain"
        );
        // An empty part still marks the gap.
        assert_eq!(excerpt(["", "demain"].into_iter()), "[…] demain");
        let long = "mot ".repeat(60);
        let cut = excerpt([long.as_str()].into_iter());
        assert!(cut.ends_with("mot…"), "{cut}");
        // 160 characters at most before the ellipsis, and never half a word.
        assert_eq!(cut.chars().count(), 159 + 1);
        let accents = "éé ".repeat(60);
        let cut = excerpt([accents.as_str()].into_iter());
        assert_eq!(cut.chars().count(), 158 + 1, "{cut}");
    }

    /// A tagged line whose strings have escapes (copied out of the line) and none.
    const LINE: &str = r#"{"id":"d\"1","entities":[],"attributions":[{"kind":"direct","content":[{"text":"Il \"faut\" partir"}],"source":{"start":0,"text":"Claire Duval","entity":0,"identity":0}},{"kind":"accusation","content":[{"text":"de mentir"}],"source":{"start":0,"text":"elle","resolved":0,"identity":0},"target":{"start":9,"text":"le  gouvernement"}}],"identities":[{"label":"PER","name":"Claire\u0020Duval","mentions":2},{"label":"ORG","name":"Mairie","wikidata":"Q1","mentions":1}]}"#;

    fn report(lines: &[&str], batch: bool) -> String {
        let mut aggregator = Aggregator::new(Options::default());
        if batch {
            assert!(aggregator.add_lines(lines).is_empty());
        } else {
            for line in lines {
                aggregator.add_line(line).unwrap();
            }
        }
        let report = aggregator.finish();
        let mut csv = Vec::new();
        report.write_speakers_csv(&mut csv).unwrap();
        report.write_accusations_csv(&mut csv).unwrap();
        format!(
            "{}{}",
            String::from_utf8(csv).unwrap(),
            report.summary_json()
        )
    }

    #[test]
    fn lines_read_apart_are_counted_as_one_at_a_time() {
        let lines = [LINE, LINE];
        let one = report(&lines, false);
        assert_eq!(one, report(&lines, true));
        // What had escapes is read unescaped; a mention's words are joined by one space.
        assert!(one.contains("Claire Duval"), "{one}");
        assert!(one.contains(r#"Il \"faut\" partir"#), "{one}");
        assert!(one.contains("le gouvernement"), "{one}");
        assert!(one.contains(r#""d\"1""#), "{one}");
    }
}
