//! The rule engine stage: `rules/*.rules` files, compiled once, run over every document in
//! phases.
//!
//! One file a compiler stage, data flowing one way:
//! - `parse` reads the files into a syntax tree (the language is described in
//!   `DESIGN.md`);
//! - `compile` turns the tree into the compiled pattern (`ir`), checking every name against
//!   the gazetteers (labels, sub-types, lexicons) and every role against the captures, so
//!   that a typo is a located error at load time;
//! - `analyses` works out, once, what each pattern needs (first sets, prefix, anchors,
//!   widths) and rewrites it to match faster;
//! - `prefilter` uses those facts at run time to skip the starts (and, within a match, the
//!   ends) where a rule cannot match;
//! - `matcher` matches compiled patterns over tokens and annotations with a bounded
//!   backtracking matcher;
//! - `run` drives the phases: candidates, `unless` vetoes, conflicts settled;
//! - [`quotes`] pairs quotation marks into the built-in `QUOTE` annotation;
//! - `names` holds what the name rules read of each token and the document pass that
//!   finds later mentions, still written in code.
//!
//! This module holds the rule types and the facade: what the rest of the crate uses is
//! re-exported here ([`Sources`], [`RuleSet`], [`DocView`], [`Ann`]…), so that the stages
//! can move without their users noticing.
//!
//! The entity `Candidate`s (and their `Origin`) are defined here, not in `resolve`, which
//! chooses among them: the rules produce candidates (the name rules, and the document pass
//! in `names`) and `resolve` consumes them along with
//! what the attribution rules emit. So `resolve` depends on `rules` and never the other
//! way round; `resolve` re-exports them for its own users.
//!
//! Per phase, every rule proposes candidates, `unless` antipatterns veto the candidates
//! whose cue they overlap (or, without a cue, whose match they overlap), and conflicts are
//! settled within each group: higher priority first, then the longer match (in tokens),
//! then the earlier start, then load order (file, then position in file). A candidate whose
//! content or cue overlaps that of one already kept in its group is dropped: roles, not
//! whole matches, so that context a pattern only reads (the comma before `, jugeant …`) or
//! a shared source does not make two attributions clash. What a phase keeps is visible to
//! the next.

mod analyses;
mod compile;
pub(crate) mod examples;
mod filters;
pub use examples::Failure;
mod ir;
mod matcher;
pub(crate) mod names;
pub(crate) mod parse;
mod prefilter;
pub mod quotes;
mod run;
mod starts;

use std::collections::HashMap;

use regex::Regex;

pub use compile::Sources;
pub use ir::{Ann, DocView, TokenClass};
pub use run::RunScratch;
pub use starts::Starts;

use analyses::{Anchor, Prefix};
use compile::Vocab;
use ir::{AttrFilter, FirstSet, Node};
pub use prefilter::AnchorBits;
use prefilter::ChunkGate;

/// What a rule emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmitKind {
    /// A quotation or reported claim (`Quote` in brat).
    Quote,
    /// An accusation's charge (`Charge` in brat).
    Charge,
    /// A name no list has (`emit LOC(name)`), in phase 0: it joins the document's
    /// entities before the attribution rules run.
    Entity(crate::document::Label),
}

/// A role of what a rule emits: what `emit` names from the captures (`content`, `cue`,
/// `source`, `target`; a name's one role, `name`, is its content).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// What is said or claimed; the name itself for a name rule.
    Content,
    /// The words that say it is reported (`a déclaré`, `selon`).
    Cue,
    /// Who says it.
    Source,
    /// Whom a charge is against.
    Target,
}

impl Role {
    /// Every role, in the order the rules language lists them.
    pub const ALL: [Role; 4] = [Role::Content, Role::Cue, Role::Source, Role::Target];

    /// The role's name in rules files.
    pub fn name(self) -> &'static str {
        match self {
            Role::Content => "content",
            Role::Cue => "cue",
            Role::Source => "source",
            Role::Target => "target",
        }
    }

    /// The role of a name in rules files, if it is one.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One value per role (a capture slot, a token range), each optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Roles<T> {
    /// What is said or claimed (a name rule's name).
    pub content: Option<T>,
    /// The words that report it.
    pub cue: Option<T>,
    /// Who says it.
    pub source: Option<T>,
    /// Whom a charge is against.
    pub target: Option<T>,
}

impl<T: Copy> Roles<T> {
    /// The value of `role`.
    pub fn get(&self, role: Role) -> Option<T> {
        match role {
            Role::Content => self.content,
            Role::Cue => self.cue,
            Role::Source => self.source,
            Role::Target => self.target,
        }
    }

    /// Sets the value of `role`.
    pub fn set(&mut self, role: Role, value: Option<T>) {
        match role {
            Role::Content => self.content = value,
            Role::Cue => self.cue = value,
            Role::Source => self.source = value,
            Role::Target => self.target = value,
        }
    }

    /// Each value put through `f`.
    pub fn map<U>(&self, mut f: impl FnMut(T) -> Option<U>) -> Roles<U> {
        Roles {
            content: self.content.and_then(&mut f),
            cue: self.cue.and_then(&mut f),
            source: self.source.and_then(&mut f),
            target: self.target.and_then(&mut f),
        }
    }
}

/// Who proposed a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// Gazetteer entry index.
    List(u32),
    /// A name rule (phase 0), by its index in the tagger's [`RuleSet`].
    Rule(u32),
    /// The document pass of later mentions and acronym definitions.
    Pass(names::Recall),
}

/// A proposed entity, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    /// The tokens `start..end` covers exactly, worked out once where the candidate is made
    /// (`None` when it does not fall on token bounds): the stages after read it, rather
    /// than search the tokens again.
    pub tokens: Option<(u32, u32)>,
    pub label: crate::document::Label,
    pub priority: i32,
    pub origin: Origin,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its id.
    pub id: String,
    /// Its file (as loaded).
    pub file: String,
    /// Phase.
    pub phase: u32,
    /// Priority.
    pub priority: i32,
    group: u16,
    node: Node,
    slots: usize,
    unless: Vec<Unless>,
    /// What it emits.
    pub emit: EmitKind,
    /// `kind=` given in `emit`.
    pub kind: Option<crate::document::Kind>,
    /// `source=previous` in `emit`: the source is the previous speaker (for participles
    /// such as `…, estimant que …` and quotations that continue a speaker's words).
    pub inherit: bool,
    /// The capture slot of each role.
    roles: Roles<u16>,
    kind_id: u16,
    first: Option<FirstSet>,
    /// What the tokens right after a start must be ([`Prefix`]).
    prefix: Option<Prefix>,
    anchors: Vec<Anchor>,
    /// Whether it reads phrases (`GN`, `SN`), and where (see [`ChunkGate`]).
    chunks: Chunks,
    /// Bits of [`RuleSet`]'s anchors this rule needs, all of them.
    anchor_mask: AnchorBits,
    /// An anchor the rule meets within a bounded distance of its start: its bit, and the
    /// distance as tokens plus annotations (`SUJET CUE …` patterns: a start with no cue near
    /// it is not tried).
    near: Option<(prefilter::NearBits, u32, u32)>,
    /// The pattern begins with `DEBUT`: only sentence starts need trying.
    debut: bool,
    /// The top-level item that captures the cue, if any: the items up to it are worked out
    /// backwards before matching ([`Matcher::feasible`](matcher::Matcher::feasible)).
    cue_item: Option<usize>,
    /// Inline examples and counters.
    pub examples: Vec<parse::Example>,
}

/// Whether a rule reads phrases (`GN`, `SN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chunks {
    /// It does not.
    No,
    /// Its pattern does (not its antipatterns): a sentence needs phrases for it only where
    /// the rule's anchors are ([`ChunkGate`]).
    Pattern,
    /// An antipattern does: every sentence needs phrases.
    Everywhere,
}

/// A compiled `unless` antipattern.
#[derive(Clone, Debug)]
struct Unless {
    node: Node,
    slots: usize,
    first: Option<FirstSet>,
    /// The most tokens a match spans, as (tokens, annotations of a plain kind) (`None`:
    /// unbounded); set with the anchors, once every kind is known.
    width: Option<(u32, u32)>,
}

/// An annotation a rule emitted and the resolution kept, in token offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emitted {
    /// Index of the rule in [`RuleSet::rules`].
    pub rule: u32,
    /// First token of the match.
    pub start: u32,
    /// End token of the match (exclusive).
    pub end: u32,
    /// The token range of each role.
    pub roles: Roles<(u32, u32)>,
}

/// Which phases [`RuleSet::run`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phases {
    /// Phase 0: the rules that emit names.
    Names,
    /// Every later phase: the attributions.
    Attributions,
}

/// Fixed annotation kinds; others (lexicons, emitted kinds) follow.
pub(crate) const PER: u16 = 0;
pub(crate) const ORG: u16 = 1;
pub(crate) const LOC: u16 = 2;
pub(crate) const QUOTE: u16 = 3;
/// The subject pronoun of an inversion (`il` in `a-t-il`, `elle` in `dit-elle`).
pub(crate) const INV: u16 = 4;
/// A noun chunk of the syntax stage (`GN`).
pub(crate) const GN: u16 = 5;
/// A noun phrase with its `de` complements (`SN`).
pub(crate) const SN: u16 = 6;
/// A dialogue turn opened by a dash (`TOUR`): see [`quotes::Turn`].
pub(crate) const TOUR: u16 = 7;

/// All loaded rules, compiled.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    kinds: Vec<String>,
    subs: Vec<String>,
    /// Every folded word that may be a literal: the id of the literal written without
    /// accents that it is ([`NO_WORD`] if none), and of the literal with
    /// accents that it is once its accents are dropped (for capitals that lost theirs;
    /// `NO_WORD` if none). One table, so that a token that is no literal (most tokens) is
    /// ruled out by one lookup.
    vocab: Vocab<(u32, u32)>,
    /// Literals with accents, by their lower-cased accented form.
    accented: Vocab,
    /// How many word ids there are.
    words: u32,
    /// The distinct lexicon filters with a bit (bit `i` is `filters[i]`; negation aside).
    filters: Vec<AttrFilter>,
    /// Per gazetteer entry, the bits of the filters it passes.
    entry_filters: Vec<u64>,
    /// Which anchor bits each word id and each annotation kind sets.
    word_mask: Vec<AnchorBits>,
    kind_mask: Vec<AnchorBits>,
    /// Which of the anchors that a rule wants near its start ([`Rule::near`]) each word id
    /// and each annotation kind holds, a bit each ([`prefilter::NearBits`]).
    word_near: Vec<prefilter::NearBits>,
    kind_near: Vec<prefilter::NearBits>,
    /// The regular expressions compiled so far, by their text: macros repeat a few of them
    /// in many rules, and compiling one with Unicode classes takes about a millisecond.
    regexes: HashMap<String, Regex>,
    /// How many `GN`/`SN` elements the rules compiled so far hold (to refuse them in
    /// phase 0, and to know which rules read phrases).
    chunk_atoms: usize,
    /// Which sentences of a document are worth chunking ([`ChunkGate`]).
    chunk_gate: ChunkGate,
    /// Match without working out first where each item may match
    /// ([`Matcher::feasible`](matcher::Matcher::feasible)): for tests that compare both
    /// ways.
    unpruned: bool,
}

impl Rule {
    /// Whether the rule captures a `target` (else a charge's target may be read from its
    /// content).
    pub fn captures_target(&self) -> bool {
        self.roles.target.is_some()
    }
}

impl RuleSet {
    /// Per gazetteer entry, the bits of the lexicon filters it passes (for
    /// [`DocView::entry_filters`]).
    pub fn entry_filters(&self) -> &[u64] {
        &self.entry_filters
    }

    /// The compiled rules, in run order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The kind id of a lexicon (`@name`), if the rules may use it.
    pub(crate) fn lexicon_kind(&self, name: &str) -> Option<u16> {
        let key = format!("@{name}");
        self.kinds.iter().position(|k| *k == key).map(|i| i as u16)
    }

    /// The id of a sub-type name, if any gazetteer file gives it.
    pub(crate) fn sub_of(&self, name: &str) -> u16 {
        self.subs.iter().position(|k| k == name).unwrap_or(0) as u16
    }

    /// The same rules, matched without the backward passes that rule out starts and ends
    /// before matching ([`Matcher::feasible`](matcher::Matcher::feasible)), and with every
    /// sentence chunked when a rule reads phrases ([`ChunkGate`]): the results must be the
    /// same, only slower.
    /// For tests.
    #[doc(hidden)]
    pub fn unpruned(mut self) -> RuleSet {
        self.unpruned = true;
        if !matches!(self.chunk_gate, ChunkGate::Nowhere) {
            self.chunk_gate = ChunkGate::Everywhere;
        }
        self
    }

    /// Whether a rule names a phrase (`GN`, `SN`), so that the chunks must be made.
    pub fn needs_chunks(&self) -> bool {
        !matches!(self.chunk_gate, ChunkGate::Nowhere)
    }

    /// Whether some rules emit names (phase 0).
    pub fn has_names(&self) -> bool {
        self.rules.first().is_some_and(|r| r.phase == 0)
    }
}
