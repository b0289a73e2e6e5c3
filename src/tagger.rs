//! The [`Tagger`] and the buffers it reuses: what one document goes through, stage by
//! stage. The stages themselves live in their own modules ([`crate::entities`],
//! [`crate::attribute`]); this module only calls them in order:
//!
//! normalise → tokenise → gazetteer → names (phase-0 rules) → entities → attributions
//! (phases 1 and after) → sources → identities.

use crate::document::Document;
use crate::gazetteer::{self, Gazetteer, Hit};
use crate::identity;
use crate::normalise::Normalised;
use crate::resolve::Candidate;
use crate::rules::{self, TokenClass, names::Lex};
use crate::tokenise::{Sentence, Token};

/// What a tool needs to know of one rule: where it comes from and what it must not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo<'t> {
    /// Its id (`cit.dit-que`).
    pub id: &'t str,
    /// Its file, as loaded (`rules/10-citations.rules`, or the path of a user's file).
    pub file: &'t str,
    /// Its `counter` sentences, each with the line of its `counter` keyword: texts the rule
    /// must not match.
    pub counters: Vec<(usize, &'t str)>,
}

/// The tagger: gazetteers and rules compiled once, shared by every text it tags (it is
/// `Send + Sync`, so threads can share one).
#[derive(Clone, Debug)]
pub struct Tagger {
    pub(crate) gazetteer: Gazetteer,
    /// What a match of each gazetteer file tells the rules.
    pub(crate) file_lex: Vec<Lex>,
    /// Each gazetteer file's `%priority`.
    pub(crate) file_priority: Vec<i32>,
    /// The attribution rules.
    pub(crate) rules: rules::RuleSet,
    /// The rules' annotation kind of each lexicon file's matches.
    pub(crate) file_kind: Vec<Option<u16>>,
    /// The rules' sub-type id of each gazetteer entry.
    pub(crate) entry_sub: Vec<u16>,
    /// The kind of first-name matches (for the gender of persons).
    pub(crate) prenoms: Option<u16>,
    /// The kind of title matches (a civilité gives the gender of the person it precedes).
    pub(crate) titres: Option<u16>,
    /// The word classes of the syntax stage.
    pub(crate) word_classes: crate::syntax::Classes,
}

/// Buffers reused from one document to the next, so that tagging a corpus allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(crate) view: Normalised,
    pub(crate) tokens: Vec<Token>,
    pub(crate) sentences: Vec<Sentence>,
    pub(crate) sentence_of: Vec<u32>,
    pub(crate) find: gazetteer::FindScratch,
    pub(crate) hits: Vec<Hit>,
    pub(crate) lexicon_hits: Vec<Hit>,
    pub(crate) lex: Vec<Lex>,
    pub(crate) classes: Vec<TokenClass>,
    /// Each token's part of speech (filled only when a rule reads them).
    pub(crate) pos: Vec<crate::syntax::Pos>,
    /// The syntax stage's buffers.
    pub(crate) syntax: crate::syntax::SyntaxScratch,
    /// Which sentences `pos` holds the tags of (the rules have them tagged as they ask).
    pub(crate) pos_done: Vec<bool>,
    /// The noun phrases (when a rule names them).
    pub(crate) chunks: Vec<crate::syntax::Chunk>,
    /// Which sentences are chunked, and the sentence groups' buffer
    /// ([`rules::RuleSet::chunk_sentences`]).
    pub(crate) chunked: Vec<bool>,
    pub(crate) chunk_groups: Vec<(rules::AnchorBits, usize)>,
    /// The end token of the entity starting at each token (0: none), for the chunks.
    pub(crate) entity_end: Vec<u32>,
    pub(crate) candidates: Vec<Candidate>,
    pub(crate) chosen: Vec<Candidate>,
    pub(crate) quotations: Vec<rules::quotes::Quotation>,
    /// The dialogue turns (dash-opened direct speech).
    pub(crate) turns: Vec<rules::quotes::Turn>,
    pub(crate) folded: String,
    /// A token lower-cased with its accents, for rule literals.
    pub(crate) accented: String,
    pub(crate) word_ids: Vec<u32>,
    pub(crate) starts: rules::Starts,
    pub(crate) emitted: Vec<rules::Emitted>,
    /// The last entity of each token range, for the resolution of sources.
    pub(crate) entity_at: std::collections::HashMap<(u32, u32), usize>,
    pub(crate) run: rules::RunScratch,
}

impl Scratch {
    /// Frees the buffers when the last document made them larger than an ordinary one
    /// needs (their capacity is kept across documents, so one document of 50 MB would
    /// otherwise keep a worker's buffers at that size for the rest of the run). Call it
    /// after a large document, before rendering it, so that the buffers and the rendered
    /// output are not held at once.
    pub fn release_after(&mut self, text_len: usize) {
        if text_len > Self::KEEP {
            *self = Scratch::default();
        }
    }

    /// Frees the normalised view and the gazetteer search's buffers after a document
    /// larger than [`Scratch::KEEP`], once the stages that read them are done.
    pub(crate) fn release_view_after(&mut self, text_len: usize) {
        if text_len > Self::KEEP {
            self.view = Normalised::default();
            self.find = gazetteer::FindScratch::default();
        }
    }

    /// The largest document whose buffers are kept for the next one (1 MB: news articles
    /// are a few kB; their buffers are reused rather than allocated again).
    const KEEP: usize = 1 << 20;
}

impl Tagger {
    /// The compiled gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The compiled rules.
    pub(crate) fn rules(&self) -> &rules::RuleSet {
        &self.rules
    }

    /// Each rule it runs, in load order: its id, its file and its counters (see
    /// [`RuleInfo`]); for the tools that tell a user where a rule comes from.
    pub fn rule_infos(&self) -> Vec<RuleInfo<'_>> {
        self.rules
            .rules()
            .iter()
            .map(|r| RuleInfo {
                id: &r.id,
                file: &r.file,
                counters: r
                    .examples
                    .iter()
                    .filter(|e| e.counter)
                    .map(|e| (e.line, e.text.as_str()))
                    .collect(),
            })
            .collect()
    }

    /// How many rules it runs (names and attributions).
    pub fn rule_count(&self) -> usize {
        self.rules.rules().len()
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Document<'_> {
        self.tag_with(text, &mut Scratch::default())
    }

    /// Tags one text and also returns every rule candidate before conflicts were settled
    /// (for the rules' examples and counters; tools read them from [`Tagger::inspect`]).
    pub(crate) fn tag_with_candidates(&self, text: &str) -> (Document<'_>, Vec<rules::Emitted>) {
        let text = within_limit(text);
        let mut all = Vec::new();
        let mut scratch = Scratch::default();
        let mut doc = self.tag_entities(text, &mut scratch, Some(&mut all));
        self.attribute(text, &mut scratch, &mut doc, Some(&mut all));
        identity::assign(text, &mut doc);
        (doc, all)
    }

    /// Runs every rule's inline examples and counters through the whole pipeline; returns
    /// the failures and how many examples ran.
    pub fn check_examples(&self) -> (Vec<rules::Failure>, usize) {
        rules::examples::check(self)
    }

    /// Tags one text, reusing `scratch`'s buffers (keep one per thread).
    ///
    /// A text longer than [`MAX_TEXT`] bytes (4 GiB) is tagged up to that length: offsets
    /// inside the pipeline are 32-bit (the command line refuses such documents first).
    pub fn tag_with(&self, text: &str, scratch: &mut Scratch) -> Document<'_> {
        let text = within_limit(text);
        let mut doc = self.tag_entities(text, scratch, None);
        self.attribute(text, scratch, &mut doc, None);
        identity::assign(text, &mut doc);
        doc
    }

    /// Tags one text like [`Tagger::tag_with`] and also tells how long each stage took:
    /// the entity stage (normalise, tokenise, gazetteers, name rules) and the attribution
    /// stage (attribution rules, sources, identities). The timing costs two clock reads a
    /// document; `cargo bench` uses it to time both stages of one tagger on the same
    /// documents.
    pub fn tag_timed(&self, text: &str, scratch: &mut Scratch) -> (Document<'_>, StageTimes) {
        let text = within_limit(text);
        let start = std::time::Instant::now();
        let mut doc = self.tag_entities(text, scratch, None);
        let entities = start.elapsed();
        self.attribute(text, scratch, &mut doc, None);
        identity::assign(text, &mut doc);
        let times = StageTimes {
            entities,
            attributions: start.elapsed() - entities,
        };
        (doc, times)
    }
}

/// The longest text tagged, in bytes: the normalised view's offsets are 32-bit.
pub const MAX_TEXT: usize = crate::normalise::MAX_TEXT;

/// `text` cut to [`MAX_TEXT`] bytes, at a character boundary.
pub(crate) fn within_limit(text: &str) -> &str {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut cut = MAX_TEXT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// How long the two stages of [`Tagger::tag_timed`] took on one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Normalise, tokenise, gazetteers, name rules, entities.
    pub entities: std::time::Duration,
    /// Attribution rules, sources, identities.
    pub attributions: std::time::Duration,
}
