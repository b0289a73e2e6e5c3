//! quidit ("qui dit ?") reads French news and marks who is named — persons, organisations and
//! places — with exact offsets and the list entry or rule behind each mark.
//!
//! Build a [`Tagger`] once (this is where every fault in gazetteer files is reported, with its
//! file, line and column), then tag as many texts as you like: tagging cannot fail.
//!
//! ```
//! let tagger = quidit::Tagger::builder().build()?;
//! let text = "Selon l’OSDH, 16 combattants ont été tués à Saraqeb.";
//! let doc = tagger.tag(text);
//! let found: Vec<_> = doc.entities.iter().map(|e| (e.label.as_str(), e.text(text))).collect();
//! assert!(found.contains(&("ORG", "OSDH")));
//! assert!(found.contains(&("LOC", "Saraqeb")));
//! # Ok::<(), quidit::Error>(())
//! ```
//!
//! The pipeline has one module a stage: [`normalise`] → [`tokenise`] → [`gazetteer`] →
//! [`rules`] → [`resolve`](crate::resolve) → [`identity`] → [`export`]. `DESIGN.md`
//! explains each.

#![warn(missing_docs)]

mod builtin;
pub mod document;
mod error;
pub mod eval;
pub mod export;
pub mod gazetteer;
mod hash;
pub mod identity;
pub mod normalise;
mod resolve;
pub mod rules;
pub mod tokenise;
pub mod walk;

use std::path::PathBuf;

pub use document::{Attribution, Document, Entity, Kind, Label, Mention, Provenance, Span};
pub use error::{Error, Location};

use document::CharCounter;
use gazetteer::{FileKind, Gazetteer, Hit};
use normalise::{Case, Normalised};
use resolve::{Candidate, Origin};
use rules::names::{self, Lex};
use rules::{Ann, TokenClass};
use tokenise::{Sentence, Token};

/// Configures and builds a [`Tagger`].
#[derive(Clone, Debug)]
pub struct TaggerBuilder {
    builtin: bool,
    dirs: Vec<PathBuf>,
    texts: Vec<(String, String)>,
    builtin_rules: bool,
    rule_dirs: Vec<PathBuf>,
    rule_texts: Vec<(String, String)>,
}

impl TaggerBuilder {
    /// Whether to load the built-in gazetteers (yes by default). Without them, the built-in
    /// lexicons (`gazetteers/lexique/`) are still loaded while the built-in rules are, since
    /// the rules are written against them.
    pub fn builtin_gazetteers(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Adds the gazetteer files under `dir` (`PER/`, `ORG/`, `LOC/`, `lexique/`), after the
    /// built-in ones.
    pub fn gazetteer_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one gazetteer file from memory, named as if relative to a gazetteer folder
    /// (`LOC/villes.txt`).
    pub fn gazetteer_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.texts.push((name.into(), text.into()));
        self
    }

    /// Whether to load the built-in rules (yes by default).
    pub fn builtin_rules(mut self, yes: bool) -> Self {
        self.builtin_rules = yes;
        self
    }

    /// Adds the `*.rules` files under `dir`, after the built-in ones.
    pub fn rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rule_dirs.push(dir.into());
        self
    }

    /// Adds one rules file from memory, under a name used in errors and provenance.
    pub fn rules_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.rule_texts.push((name.into(), text.into()));
        self
    }

    /// Loads and compiles everything; every fault in a file is reported here.
    pub fn build(self) -> Result<Tagger, Error> {
        let mut sources = rules::Sources::default();
        if self.builtin_rules {
            for (name, text) in builtin::FILES {
                if name.starts_with("rules/") {
                    sources.add_file(name, text)?;
                }
            }
        }
        for dir in &self.rule_dirs {
            sources.add_dir(dir)?;
        }
        for (name, text) in &self.rule_texts {
            sources.add_file(name, text)?;
        }
        let mut lexicons = sources.lexicons();
        lexicons.extend(names::LEXICONS.iter().map(|s| s.to_string()));
        let lexicons: Vec<&str> = lexicons.iter().map(String::as_str).collect();
        let mut gaz = gazetteer::Builder::new();
        gaz.only_lexicons(&lexicons);
        gaz.word_lists(names::WORD_LISTS);
        // Without the built-in gazetteers, the built-in rules still get the built-in
        // lexicons they are written against (entity lists are what users replace).
        gaz.add_builtin(self.builtin, self.builtin_rules);
        for dir in &self.dirs {
            gaz.add_dir(dir)?;
        }
        for (name, text) in &self.texts {
            gaz.add_file(name, text)?;
        }
        // The rules compile while the automaton does (they only need files and entries).
        let (gazetteer, rules) = gaz.build_with(|g| sources.compile(g))?;
        let rules = rules?;
        let file_lex = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => Lex::of_lexicon(name),
                FileKind::Entity { .. } => Lex::default(),
            })
            .collect();
        let file_priority = gazetteer.files().iter().map(|f| f.priority).collect();
        let file_kind = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => rules.lexicon_kind(name),
                FileKind::Entity { .. } => None,
            })
            .collect();
        // The sub-type is a file's: looked up once per file, not per entry.
        let file_sub: Vec<u16> = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Entity { subtype, .. } => rules.sub_of(subtype),
                FileKind::Lexicon { .. } => 0,
            })
            .collect();
        let entry_sub = gazetteer
            .entries()
            .iter()
            .map(|e| file_sub[e.file as usize])
            .collect();
        let prenoms = rules.lexicon_kind("prenoms");
        Ok(Tagger {
            gazetteer,
            file_lex,
            file_priority,
            rules,
            file_kind,
            entry_sub,
            prenoms,
        })
    }
}

/// The tagger: gazetteers and rules compiled once, shared by every text it tags (it is
/// `Send + Sync`, so threads can share one).
#[derive(Clone, Debug)]
pub struct Tagger {
    gazetteer: Gazetteer,
    /// What a match of each gazetteer file tells the rules.
    file_lex: Vec<Lex>,
    /// Each gazetteer file's `%priority`.
    file_priority: Vec<i32>,
    /// The attribution rules.
    rules: rules::RuleSet,
    /// The rules' annotation kind of each lexicon file's matches.
    file_kind: Vec<Option<u16>>,
    /// The rules' sub-type id of each gazetteer entry.
    entry_sub: Vec<u16>,
    /// The kind of first-name matches (for the gender of persons).
    prenoms: Option<u16>,
}

/// Buffers reused from one document to the next, so that tagging a corpus allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    view: Normalised,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    sentence_of: Vec<u32>,
    find: gazetteer::FindScratch,
    hits: Vec<Hit>,
    lexicon_hits: Vec<Hit>,
    lex: Vec<Lex>,
    classes: Vec<TokenClass>,
    candidates: Vec<Candidate>,
    chosen: Vec<Candidate>,
    quotations: Vec<rules::quotes::Quotation>,
    folded: String,
    /// A token lower-cased with its accents, for rule literals.
    accented: String,
    word_ids: Vec<u32>,
    starts: Vec<Vec<Ann>>,
    emitted: Vec<rules::Emitted>,
    /// The last entity of each token range, for the resolution of sources.
    entity_at: std::collections::HashMap<(u32, u32), usize>,
    run: rules::RunScratch,
}

impl Tagger {
    /// A builder with the built-in gazetteers.
    pub fn builder() -> TaggerBuilder {
        TaggerBuilder {
            builtin: true,
            dirs: Vec::new(),
            texts: Vec::new(),
            builtin_rules: true,
            rule_dirs: Vec::new(),
            rule_texts: Vec::new(),
        }
    }

    /// The compiled gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The compiled rules.
    pub fn rules(&self) -> &rules::RuleSet {
        &self.rules
    }

    /// The same tagger, its rules matched without the backward passes that rule out
    /// starts before matching (see [`rules::RuleSet::unpruned`]). For tests that check that
    /// pruning changes nothing.
    #[doc(hidden)]
    pub fn unpruned(mut self) -> Tagger {
        self.rules = self.rules.unpruned();
        self
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Document<'_> {
        self.tag_with(text, &mut Scratch::default())
    }

    /// Tags one text and also returns every rule candidate before conflicts were settled
    /// (for examples, counters and `quidit explain`).
    pub fn tag_with_candidates(&self, text: &str) -> (Document<'_>, Vec<rules::Emitted>) {
        let mut all = Vec::new();
        let mut scratch = Scratch::default();
        let mut doc = self.tag_entities(text, &mut scratch, Some(&mut all));
        self.attribute(text, &mut scratch, &mut doc, Some(&mut all));
        identity::assign(text, &mut doc);
        (doc, all)
    }

    /// Runs every rule's inline examples and counters through the whole pipeline; returns
    /// the failures and how many examples ran.
    pub fn check_examples(&self) -> (Vec<rules::examples::Failure>, usize) {
        rules::examples::check(self)
    }

    /// Tags one text, reusing `scratch`'s buffers (keep one per thread).
    pub fn tag_with(&self, text: &str, scratch: &mut Scratch) -> Document<'_> {
        let mut doc = self.tag_entities(text, scratch, None);
        self.attribute(text, scratch, &mut doc, None);
        identity::assign(text, &mut doc);
        doc
    }

    /// Tags one text like [`Tagger::tag_with`] and also returns how long the entity stage
    /// (normalise, tokenise, gazetteers, name rules) and the attribution stage (attribution
    /// rules, the resolution of sources, identities) took. For the throughput bench, which
    /// must time both stages of one tagger on the same documents; not part of the supported
    /// API.
    #[doc(hidden)]
    pub fn tag_with_stage_times(
        &self,
        text: &str,
        scratch: &mut Scratch,
    ) -> (Document<'_>, std::time::Duration, std::time::Duration) {
        let start = std::time::Instant::now();
        let mut doc = self.tag_entities(text, scratch, None);
        let entities = start.elapsed();
        self.attribute(text, scratch, &mut doc, None);
        identity::assign(text, &mut doc);
        (doc, entities, start.elapsed() - entities)
    }

    /// The stages up to entities: the gazetteers' matches and the names of phase 0 are
    /// settled together by one policy (`resolve`), then the document pass adds the later
    /// mentions of the names found and settles again. `all`, when given, receives every
    /// phase-0 candidate (for examples and `explain`).
    fn tag_entities(
        &self,
        text: &str,
        scratch: &mut Scratch,
        all: Option<&mut Vec<rules::Emitted>>,
    ) -> Document<'_> {
        let s = scratch;
        s.view.fill(text, Case::Fold);
        tokenise::tokenise(text, &mut s.tokens);
        tokenise::split_sentences(text, &s.tokens, &mut s.sentences);
        s.sentence_of.clear();
        s.sentence_of.resize(s.tokens.len(), 0);
        for (n, sentence) in s.sentences.iter().enumerate() {
            for i in sentence.tokens.clone() {
                if let Some(slot) = s.sentence_of.get_mut(i) {
                    *slot = n as u32;
                }
            }
        }
        self.gazetteer
            .find_with(text, &s.view, &mut s.find, &mut s.hits, &mut s.lexicon_hits);
        self.mark_lexicons(s);

        s.candidates.clear();
        for h in &s.hits {
            // A case-exact single word that opens a sentence is capitalised for that reason
            // alone: `Or, …` is not the place, `Orange a annoncé…` may not be the city. An
            // acronym is not (`FIFA : …`, `SNCF annonce…`): its capitals are its own.
            if h.exact
                && opens_sentence(&s.tokens, &s.sentence_of, h.start, h.end)
                && !names::is_acronym(&text[h.start..h.end])
            {
                continue;
            }
            if article_phrase(text, &s.tokens, &s.sentence_of, h.start, h.end) {
                continue;
            }
            let entry = &self.gazetteer.entries()[h.entry as usize];
            if let FileKind::Entity { label, .. } = self.gazetteer.file_of(entry).kind {
                s.candidates.push(Candidate {
                    start: h.start,
                    end: h.end,
                    label,
                    priority: self.file_priority[entry.file as usize],
                    origin: Origin::List(h.entry),
                });
            }
        }
        names::classify(
            text,
            &s.tokens,
            &s.lex,
            self.gazetteer.word_lists(),
            &mut s.folded,
            &mut s.classes,
        );
        if !self.rules.rules().is_empty() {
            self.word_ids(text, s);
            self.annotate(text, s);
            if self.rules.has_names() {
                self.name_rules(text, s, all);
            }
        }
        resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        // The document pass: later mentions of the names found, acronyms and their
        // expansions.
        let before = s.candidates.len();
        let input = names::Input {
            text,
            tokens: &s.tokens,
            lex: &s.lex,
        };
        names::recall(&input, &s.chosen, &mut s.candidates);
        if s.candidates.len() > before {
            resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        }
        self.entities(text, &s.chosen)
    }

    /// The vocabulary id of each token, for rule literals. A token's folded form is its
    /// part of the view, which the gazetteers' pass made already (folding one alone is the
    /// same work again).
    fn word_ids(&self, text: &str, s: &mut Scratch) {
        s.word_ids.clear();
        let mut from = 0;
        for t in &s.tokens {
            let word = &text[t.start..t.end];
            let first = text.as_bytes()[t.start];
            let spaced = if first < 0x80 {
                first.is_ascii_whitespace()
            } else {
                text[t.start..].starts_with(char::is_whitespace)
            };
            let id = if spaced {
                s.folded.clear();
                normalise::fold_into(word, Case::Fold, &mut s.folded);
                self.rules.word_id(word, &s.folded, &mut s.accented)
            } else {
                let range = s.view.view_range(t.start..t.end, from);
                from = range.end;
                let folded = &s.view.as_str()[range];
                debug_assert_eq!(folded, normalise::fold(word, Case::Fold));
                self.rules.word_id(word, folded, &mut s.accented)
            };
            s.word_ids.push(id);
        }
    }

    /// The annotations that do not depend on the entities, by start token: lexicon
    /// matches, quotations, inverted subjects. The lists are kept from one document to the
    /// next with their buffers (never dropped); only the first `n` are this document's,
    /// cleared first.
    fn annotate(&self, text: &str, s: &mut Scratch) {
        let n = s.tokens.len();
        if s.starts.len() < n {
            s.starts.resize_with(n, Vec::new);
        }
        for list in &mut s.starts[..n] {
            list.clear();
        }
        for h in &s.lexicon_hits {
            let entry = &self.gazetteer.entries()[h.entry as usize];
            let Some(kind) = self.file_kind[entry.file as usize] else {
                continue;
            };
            let Some((a, b)) = token_range(&s.tokens, h.start, h.end) else {
                continue;
            };
            s.starts[a as usize].push(Ann {
                kind,
                sub: 0,
                end: b,
                inner: (a, b),
                entry: h.entry,
            });
        }
        rules::quotes::pair(text, &s.tokens, &mut s.quotations);
        for q in &s.quotations {
            let (a, b) = q.outer();
            let (x, y) = q.inner();
            s.starts[a].push(Ann {
                kind: rules::QUOTE,
                sub: 0,
                end: b as u32,
                inner: (x as u32, y as u32),
                entry: u32::MAX,
            });
        }
        for (i, t) in s.tokens.iter().enumerate() {
            if t.has(Token::INVERTED_SUBJECT) {
                s.starts[i].push(Ann {
                    kind: rules::INV,
                    sub: 0,
                    end: i as u32 + 1,
                    inner: (i as u32, i as u32 + 1),
                    entry: u32::MAX,
                });
            }
        }
        for list in &mut s.starts[..n] {
            list.sort_by_key(|a| std::cmp::Reverse(a.end));
        }
    }

    /// Phase 0: the name rules, over the gazetteers' matches (every one, before they are
    /// settled: `PER`, `ORG`, `LOC` name what a list holds). What they propose joins
    /// `s.candidates`; the matches' annotations are taken away again afterwards (the
    /// attribution rules see the settled entities).
    fn name_rules(&self, text: &str, s: &mut Scratch, all: Option<&mut Vec<rules::Emitted>>) {
        let n = s.tokens.len();
        for c in &s.candidates {
            if let Origin::List(_) = c.origin {
                self.annotate_entity(&s.tokens, &mut s.starts, c);
            }
        }
        for list in &mut s.starts[..n] {
            list.sort_by_key(|a| std::cmp::Reverse(a.end));
        }
        self.run_rules(text, s, all, rules::Phases::Names);
        for e in &s.emitted {
            let rule = &self.rules.rules()[e.rule as usize];
            let (rules::EmitKind::Entity(label), Some((a, b))) = (rule.emit, e.roles[0]) else {
                continue;
            };
            if a >= b {
                continue;
            }
            s.candidates.push(Candidate {
                start: s.tokens[a as usize].start,
                end: s.tokens[b as usize - 1].end,
                label,
                priority: rule.priority,
                origin: Origin::Rule(e.rule),
            });
        }
        let entity = |a: &Ann| a.kind == rules::PER || a.kind == rules::ORG || a.kind == rules::LOC;
        for list in &mut s.starts[..n] {
            list.retain(|a| !entity(a));
        }
    }
    /// Adds the annotation of the entity candidate `c` at its first token (with its list
    /// entry's sub-type) and returns its token range; nothing when its span does not fall on
    /// token boundaries.
    fn annotate_entity(
        &self,
        tokens: &[Token],
        starts: &mut [Vec<Ann>],
        c: &Candidate,
    ) -> Option<(u32, u32)> {
        let (a, b) = token_range(tokens, c.start, c.end)?;
        let sub = match c.origin {
            Origin::List(entry) => self.entry_sub[entry as usize],
            Origin::Rule(_) | Origin::Pass(_) => 0,
        };
        starts[a as usize].push(Ann {
            kind: entity_kind(c.label),
            sub,
            end: b,
            inner: (a, b),
            entry: u32::MAX,
        });
        Some((a, b))
    }

    /// Runs the rules of `phases` over the document in `s` (its tokens, word ids, name
    /// classes and annotations by start token); what they keep goes to `s.emitted`.
    fn run_rules(
        &self,
        text: &str,
        s: &mut Scratch,
        all: Option<&mut Vec<rules::Emitted>>,
        phases: rules::Phases,
    ) {
        let n = s.tokens.len();
        let entries = self.gazetteer.entries();
        let attr = |entry: u32, key: &str| entries.get(entry as usize).and_then(|e| e.attr(key));
        let view = rules::DocView {
            text,
            tokens: &s.tokens,
            sentence_of: &s.sentence_of,
            word_ids: &s.word_ids,
            attr: &attr,
            entry_filters: self.rules.entry_filters(),
            classes: &s.classes,
        };
        self.rules.run(
            &view,
            &mut s.starts[..n],
            &mut s.emitted,
            all,
            &mut s.run,
            phases,
        );
    }

    /// The rules stage and the resolution of sources: fills `doc.attributions`. `all`, when
    /// given, receives every rule candidate before conflicts are settled.
    fn attribute<'t>(
        &'t self,
        text: &str,
        s: &mut Scratch,
        doc: &mut Document<'t>,
        all: Option<&mut Vec<rules::Emitted>>,
    ) {
        if self.rules.rules().is_empty() {
            return;
        }
        let n = s.tokens.len();
        // The settled entities join the annotations `annotate` made.
        let mut entity_tokens = Vec::with_capacity(doc.entities.len());
        let mut gender = Vec::with_capacity(doc.entities.len());
        for c in &s.chosen {
            let range = self.annotate_entity(&s.tokens, &mut s.starts, c);
            entity_tokens.push(range.unwrap_or((u32::MAX, u32::MAX)));
            gender.push(None);
        }
        for list in &mut s.starts[..n] {
            list.sort_by_key(|a| std::cmp::Reverse(a.end));
        }
        // The gender of persons: a first name's, or that of `M.`/`Mme` before the name.
        for (i, e) in doc.entities.iter().enumerate() {
            let (a, _) = entity_tokens[i];
            if e.label != Label::Per || a == u32::MAX {
                continue;
            }
            let entries = self.gazetteer.entries();
            let from_name = s.starts[a as usize]
                .iter()
                .filter(|x| Some(x.kind) == self.prenoms && x.entry != u32::MAX)
                .find_map(|x| entries[x.entry as usize].attr("genre"))
                .and_then(|g| match g {
                    "m" => Some('m'),
                    "f" => Some('f'),
                    _ => None,
                });
            let from_title = (a > 0)
                .then(|| {
                    let t = &s.tokens[a as usize - 1];
                    match &text[t.start..t.end] {
                        "M." | "Monsieur" | "MM." => Some('m'),
                        "Mme" | "Madame" | "Mlle" | "Mademoiselle" => Some('f'),
                        _ => None,
                    }
                })
                .flatten();
            gender[i] = from_title.or(from_name);
        }
        self.run_rules(text, s, all, rules::Phases::Attributions);
        // Later entities win, as the last entity of a range is the one a mention names.
        s.entity_at.clear();
        s.entity_at.extend(
            entity_tokens
                .iter()
                .enumerate()
                .filter(|(_, r)| r.0 != u32::MAX)
                .map(|(i, &r)| (r, i)),
        );
        let input = resolve::sources::Input {
            text,
            tokens: &s.tokens,
            sentence_of: &s.sentence_of,
            entities: &doc.entities,
            entity_tokens: &entity_tokens,
            entity_at: &s.entity_at,
            gender: &gender,
            rules: &self.rules,
            quotations: &s.quotations,
        };
        doc.attributions = resolve::sources::attributions(&input, &s.emitted);
    }

    fn mark_lexicons(&self, s: &mut Scratch) {
        s.lex.clear();
        s.lex.resize(s.tokens.len(), Lex::default());
        let tokens = &s.tokens;
        let find = |at: usize, end: bool| {
            let i = tokens.partition_point(|t| if end { t.end < at } else { t.start < at });
            let t = tokens.get(i)?;
            (if end { t.end } else { t.start } == at).then_some(i)
        };
        for h in &s.lexicon_hits {
            let entry = &self.gazetteer.entries()[h.entry as usize];
            let flag = self.file_lex[entry.file as usize];
            if flag == Lex::default() {
                continue;
            }
            let (Some(first), Some(last)) = (find(h.start, false), find(h.end, true)) else {
                continue;
            };
            if flag == Lex::TITRE_FIN {
                s.lex[last].set(flag);
            } else if first == last {
                s.lex[first].set(flag);
            }
        }
    }

    fn entities<'t>(&'t self, text: &str, chosen: &[Candidate]) -> Document<'t> {
        let mut counter = CharCounter::new(text);
        let entities = chosen
            .iter()
            .map(|c| {
                let span = counter.span(c.start, c.end);
                match c.origin {
                    Origin::List(e) => {
                        let entry = &self.gazetteer.entries()[e as usize];
                        let file = self.gazetteer.file_of(entry);
                        let subtype = match &file.kind {
                            FileKind::Entity { subtype, .. } => subtype.as_str(),
                            FileKind::Lexicon { name } => name.as_str(),
                        };
                        Entity {
                            span,
                            label: c.label,
                            subtype,
                            canonical: Some(&entry.canonical),
                            id: entry.id.as_deref(),
                            provenance: Provenance::List {
                                file: &file.name,
                                line: entry.line,
                            },
                        }
                    }
                    Origin::Rule(r) => {
                        let rule = &self.rules.rules()[r as usize];
                        Entity {
                            span,
                            label: c.label,
                            subtype: &rule.id,
                            canonical: None,
                            id: None,
                            provenance: Provenance::Rule { id: &rule.id },
                        }
                    }
                    Origin::Pass(pass) => Entity {
                        span,
                        label: c.label,
                        subtype: pass.subtype(),
                        canonical: None,
                        id: None,
                        provenance: Provenance::Rule { id: pass.id() },
                    },
                }
            })
            .collect();
        Document {
            entities,
            ..Document::default()
        }
    }
}

/// Whether `start..end` is one word token that starts its sentence (after any opening
/// punctuation: quotes, dashes, brackets).
fn opens_sentence(tokens: &[Token], sentence_of: &[u32], start: usize, end: usize) -> bool {
    let i = tokens.partition_point(|t| t.start < start);
    tokens
        .get(i)
        .is_some_and(|t| t.start == start && t.end == end)
        && starts_sentence(tokens, sentence_of, i)
}

/// Whether `text[start..end]` is a common phrase that a list entry opening with an article
/// takes for a name at the start of a sentence: it opens its sentence with `Le`, `La`,
/// `Les` or `L'` and writes every later word in lower case (`Le passage de…`, `La presse
/// a…`), where the entry capitalises a name (`Le Passage`, `La Presse`). A match anywhere
/// else needs the entry's capital on its first word, which rules these out already.
fn article_phrase(
    text: &str,
    tokens: &[Token],
    sentence_of: &[u32],
    start: usize,
    end: usize,
) -> bool {
    let span = &text[start..end];
    let rest = ["Le ", "La ", "Les ", "L'", "L’"]
        .iter()
        .find_map(|a| span.strip_prefix(a));
    let Some(rest) = rest else {
        return false;
    };
    rest.chars().any(char::is_alphabetic)
        && !rest.chars().any(char::is_uppercase)
        && starts_sentence(
            tokens,
            sentence_of,
            tokens.partition_point(|t| t.start < start),
        )
}

/// Whether token `i` is the first word or number of its sentence (after any opening
/// punctuation: quotes, dashes, brackets).
fn starts_sentence(tokens: &[Token], sentence_of: &[u32], i: usize) -> bool {
    if i >= tokens.len() {
        return false;
    }
    let sentence = sentence_of[i];
    tokens[..i]
        .iter()
        .zip(&sentence_of[..i])
        .rev()
        .take_while(|(_, n)| **n == sentence)
        .all(|(t, _)| t.kind != tokenise::TokenKind::Word && t.kind != tokenise::TokenKind::Number)
}

/// The token range `start..end` (byte offsets) covers exactly, if any.
fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(u32, u32)> {
    let a = tokens.partition_point(|t| t.start < start);
    let b = tokens.partition_point(|t| t.start < end);
    (a < b && tokens[a].start == start && tokens[b - 1].end == end).then_some((a as u32, b as u32))
}

/// The rules' annotation kind of an entity label.
fn entity_kind(label: Label) -> u16 {
    match label {
        Label::Per => rules::PER,
        Label::Org => rules::ORG,
        Label::Loc => rules::LOC,
    }
}
