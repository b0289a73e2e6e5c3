//! The rule engine stage: `rules/*.rules` files, compiled once, run over every document in
//! phases.
//!
//! - [`parse`] reads the files (the language is described in `DESIGN.md`);
//! - compiling checks every name against the gazetteers (labels, sub-types, lexicons) and
//!   every role against the captures, so that a typo is a located error at load time;
//! - [`engine`] matches compiled patterns over tokens and annotations with a bounded
//!   backtracking matcher;
//! - [`quotes`] pairs quotation marks into the built-in `QUOTE` annotation;
//! - [`names`] holds the rules for names no list has, still written in code.
//!
//! Per phase, every rule proposes candidates, `unless` antipatterns veto the candidates
//! whose cue they overlap (or, without a cue, whose match they overlap), and conflicts are settled within each group: higher priority first, then the
//! longer match (in tokens), then the earlier start, then load order (file, then position in
//! file). A candidate whose content or cue overlaps that of one already kept in its group
//! is dropped: roles, not whole matches, so that context a pattern only reads (the comma
//! before `, jugeant …`) or a shared source does not make two attributions clash. What a
//! phase keeps is visible to the next.

pub mod engine;
pub mod examples;
pub(crate) mod names;
pub mod parse;
pub mod quotes;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use regex::Regex;

use crate::error::Error;
use crate::gazetteer::{FileKind, Gazetteer};
use crate::tokenise;
use engine::{Ann, CAtom, Caps, DocView, Matcher, Node, TokenClass};

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

/// The roles an attribution has, in slot order.
pub const ROLES: [&str; 4] = ["content", "cue", "source", "target"];

/// Attribution kinds, as `ANNOTATION.md` names them.
pub const KINDS: [&str; 5] = ["direct", "indirect", "mixed", "according", "accusation"];

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its id.
    pub id: String,
    /// Its file (as loaded) and line.
    pub file: String,
    /// Line of its `rule` keyword.
    pub line: usize,
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
    /// `kind=` given in `emit` (index in [`KINDS`]).
    pub kind: Option<u8>,
    /// `source=previous` in `emit`: the source is the previous speaker (for participles
    /// such as `…, estimant que …` and quotations that continue a speaker's words).
    pub inherit: bool,
    roles: [Option<u16>; 4],
    kind_id: u16,
    first: Option<engine::FirstSet>,
    /// What the tokens right after a start must be ([`engine::Prefix`]).
    prefix: Option<engine::Prefix>,
    anchors: Vec<engine::Anchor>,
    /// Bits of [`RuleSet`]'s anchors this rule needs, all of them.
    anchor_mask: u64,
    /// An anchor the rule meets within a bounded distance of its start: its bit, and the
    /// distance as tokens plus annotations (`SUJET CUE …` patterns: a start with no cue near
    /// it is not tried).
    near: Option<(u64, u32, u32)>,
    /// The pattern begins with `DEBUT`: only sentence starts need trying.
    debut: bool,
    /// The top-level item that captures the cue, if any: the items up to it are worked out
    /// backwards before matching ([`Matcher::feasible`]).
    cue_item: Option<usize>,
    /// Inline examples and counters.
    pub examples: Vec<parse::Example>,
}

/// A compiled `unless` antipattern.
#[derive(Clone, Debug)]
struct Unless {
    node: Node,
    slots: usize,
    first: Option<engine::FirstSet>,
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
    /// Token ranges of the roles, in [`ROLES`] order.
    pub roles: [Option<(u32, u32)>; 4],
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

/// All loaded rules, compiled.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    kinds: Vec<String>,
    subs: Vec<String>,
    /// Every folded word that may be a literal: the id of the literal written without
    /// accents that it is ([`NO_WORD`](engine::NO_WORD) if none), and of the literal with
    /// accents that it is once its accents are dropped (for capitals that lost theirs;
    /// `NO_WORD` if none). One table, so that a token that is no literal (most tokens) is
    /// ruled out by one lookup.
    vocab: Vocab<(u32, u32)>,
    /// Literals with accents, by their lower-cased accented form.
    accented: Vocab,
    /// How many word ids there are.
    words: u32,
    /// The distinct lexicon filters with a bit (bit `i` is `filters[i]`; negation aside).
    filters: Vec<engine::AttrFilter>,
    /// Per gazetteer entry, the bits of the filters it passes.
    entry_filters: Vec<u64>,
    /// Which anchor bits each word id and each annotation kind sets.
    word_mask: Vec<u64>,
    kind_mask: Vec<u64>,
    /// The regular expressions compiled so far, by their text: macros repeat a few of them
    /// in many rules, and compiling one with Unicode classes takes about a millisecond.
    regexes: HashMap<String, Regex>,
    /// Match without working out first where each item may match
    /// ([`Matcher::feasible`]): for tests that compare both ways.
    unpruned: bool,
}

/// The rules' vocabulary: every word a literal names, folded, with its id. Every token of
/// every document is looked up here. Words of 7 bytes at most (nearly all the rules' words,
/// most tokens) are keyed by their bytes packed into an integer, so that looking one up
/// hashes an integer and compares no text.
#[derive(Clone, Debug)]
struct Vocab<V = u32> {
    /// Words of 7 bytes at most, by [`Vocab::pack`].
    short: HashMap<u64, V, BuildHasherDefault<Fnv>>,
    /// Longer words.
    long: HashMap<Box<str>, V, BuildHasherDefault<Fnv>>,
}

impl<V> Default for Vocab<V> {
    fn default() -> Self {
        Vocab {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<V: Copy> Vocab<V> {
    /// A word of 7 bytes at most as one integer: its bytes, and its length in the top byte
    /// (so that no two words share a key).
    fn pack(word: &str) -> Option<u64> {
        let bytes = word.as_bytes();
        (bytes.len() <= 7).then(|| {
            bytes
                .iter()
                .enumerate()
                .fold((bytes.len() as u64) << 56, |key, (i, &b)| {
                    key | u64::from(b) << (8 * i)
                })
        })
    }

    fn get(&self, word: &str) -> Option<V> {
        match Self::pack(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    /// The value of `word`, `default` put there first if it has none.
    fn slot(&mut self, word: &str, default: V) -> &mut V {
        match Self::pack(word) {
            Some(key) => self.short.entry(key).or_insert(default),
            None => self.long.entry(word.into()).or_insert(default),
        }
    }
}

/// FNV-1a for words, a 64-bit finaliser (MurmurHash3's) for integers: much cheaper than
/// the default SipHash, which guards tables whose keys come from the input; the
/// vocabulary's come from the rules, so no text can lengthen its probes.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, x: u64) {
        let x = (self.0 ^ x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        let x = (x ^ (x >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        self.0 = x ^ (x >> 33);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Rules files parsed but not yet compiled (compiling needs the gazetteers).
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// (name, text, parsed): the text is kept for carets under faults found when compiling.
    files: Vec<(String, String, parse::File)>,
}

impl Sources {
    /// Parses one rules file's text, under the name used in errors and provenance.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let file = parse::parse(name, text)?;
        self.files.push((name.to_string(), text.to_string(), file));
        Ok(())
    }

    /// Parses every `*.rules` file under `dir`, in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let paths =
            crate::walk::files_with_extension(dir, "rules").map_err(|e| Error::io(dir, e))?;
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            self.add_file(&path.display().to_string(), &text)?;
        }
        Ok(())
    }

    /// The lexicons the rules refer to.
    pub fn lexicons(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, _, f) in &self.files {
            for r in &f.rules {
                lexicons_in(&r.pattern, &mut out);
                for u in &r.unless {
                    lexicons_in(u, &mut out);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Compiles the rules against the gazetteers (which give labels, sub-types and lexicons).
    pub fn compile(self, gazetteer: &Gazetteer) -> Result<RuleSet, Error> {
        let mut set = RuleSet {
            rules: Vec::new(),
            kinds: ["PER", "ORG", "LOC", "QUOTE", "INV"]
                .map(String::from)
                .to_vec(),
            subs: vec![String::new()],
            ..RuleSet::default()
        };
        for f in gazetteer.files() {
            match &f.kind {
                FileKind::Entity { subtype, .. } => {
                    set.sub_id(subtype);
                }
                FileKind::Lexicon { name } => {
                    set.kind_id(&format!("@{name}"));
                }
            }
        }
        let mut seen: HashMap<String, String> = HashMap::new();
        for (file_name, text, file) in &self.files {
            let lines = LineSource::new(text);
            for r in &file.rules {
                if let Some(other) = seen.insert(r.id.clone(), file_name.clone()) {
                    return Err(Error::other(format!(
                        "{file_name}:{}: rule `{}` is also defined in {other}",
                        r.line, r.id
                    )));
                }
                let compiled = compile_rule(&mut set, file_name, &lines, r)?;
                set.rules.push(compiled);
            }
        }
        // Phases run in order; within a phase, rules keep load order.
        set.rules.sort_by_key(|r| r.phase);
        if !set.filters.is_empty() {
            // The filters by key, so that an entry's attribute is found and split once for
            // all the filters on it (`traits` has a dozen).
            let mut by_key: Vec<(&str, Vec<(usize, &engine::AttrFilter)>)> = Vec::new();
            for (bit, f) in set.filters.iter().enumerate() {
                match by_key.iter_mut().find(|(k, _)| *k == &*f.key) {
                    Some((_, filters)) => filters.push((bit, f)),
                    None => by_key.push((&f.key, vec![(bit, f)])),
                }
            }
            // Filters are written on lexicons only (`@verbes_parole[traits=P3]`): an entry of
            // a file of names never meets one.
            set.entry_filters = gazetteer
                .entries()
                .iter()
                .map(|entry| {
                    let lexicon = matches!(gazetteer.file_of(entry).kind, FileKind::Lexicon { .. });
                    if entry.attrs.is_empty() || !lexicon {
                        return 0;
                    }
                    // What `AttrFilter::passed_by` says of each filter.
                    let mut bits = 0u64;
                    for (key, filters) in &by_key {
                        let values = entry.attr(key).into_iter();
                        for value in values.flat_map(engine::AttrFilter::values) {
                            for &(bit, f) in filters {
                                if f.takes(value) {
                                    bits |= 1 << bit;
                                }
                            }
                        }
                    }
                    bits
                })
                .collect();
        }
        set.index_anchors();
        Ok(set)
    }
}

fn lexicons_in(p: &parse::Pattern, out: &mut Vec<String>) {
    match p {
        parse::Pattern::Seq(v) | parse::Pattern::Alt(v) => {
            v.iter().for_each(|p| lexicons_in(p, out))
        }
        parse::Pattern::Item { atom, .. } => atom_lexicons(atom, out),
    }
}

fn atom_lexicons(a: &parse::Atom, out: &mut Vec<String>) {
    match a {
        parse::Atom::Lexicon(name, _) => out.push(name.clone()),
        parse::Atom::Group(p) => lexicons_in(p, out),
        parse::Atom::Not(a) => atom_lexicons(a, out),
        parse::Atom::And(a, b) => {
            atom_lexicons(a, out);
            atom_lexicons(b, out);
        }
        _ => {}
    }
}

/// Errors found when compiling point at the element with its file, line and column.
fn located(file: &str, pos: (usize, usize), line_text: &str, message: String) -> Error {
    let column = line_text[..pos.1.min(line_text.len())].chars().count() + 1;
    Error::syntax(file, pos.0, column, line_text, message)
}

fn compile_rule(
    set: &mut RuleSet,
    file: &str,
    lines: &LineSource,
    r: &parse::Rule,
) -> Result<Rule, Error> {
    let mut captures: Vec<String> = Vec::new();
    let node = engine::guard(engine::optimise(compile_pattern(
        set,
        &r.pattern,
        &mut captures,
        file,
        lines,
    )?));
    let mut unless = Vec::new();
    for u in &r.unless {
        let mut caps = Vec::new();
        let n = engine::guard(engine::optimise(compile_pattern(
            set, u, &mut caps, file, lines,
        )?));
        unless.push(Unless {
            first: engine::first_set(&n),
            width: None,
            node: n,
            slots: caps.len(),
        });
    }
    let e = &r.emit;
    let fail = |message: String| located(file, e.pos, &lines.line(e.pos.0), message);
    let emit = match e.kind.as_str() {
        "Quote" => EmitKind::Quote,
        "Charge" => EmitKind::Charge,
        "PER" => EmitKind::Entity(crate::document::Label::Per),
        "ORG" => EmitKind::Entity(crate::document::Label::Org),
        "LOC" => EmitKind::Entity(crate::document::Label::Loc),
        other => {
            return Err(fail(format!(
                "rules emit `Quote`, `Charge`, `PER`, `ORG` or `LOC`, not `{other}`"
            )));
        }
    };
    let entity = matches!(emit, EmitKind::Entity(_));
    if entity != (r.phase == 0) {
        return Err(fail(if entity {
            "names (`PER`, `ORG`, `LOC`) are emitted in `phase 0`, before attributions".into()
        } else {
            "`phase 0` is for names: attributions start at phase 1".into()
        }));
    }
    let mut roles = [None; 4];
    for (role, cap) in &e.roles {
        // A name's one role, `name`, takes the content's slot.
        let slot = if entity {
            (role == "name").then_some(0)
        } else {
            ROLES.iter().position(|r| r == role)
        };
        let Some(slot) = slot else {
            if entity {
                return Err(fail(format!("a name has one role, `name`, not `{role}`")));
            }
            return Err(fail(format!(
                "unknown role `{role}` (roles: {})",
                ROLES.join(", ")
            )));
        };
        let cap = cap.trim_end_matches('?');
        let Some(c) = captures.iter().position(|c| c == cap) else {
            return Err(fail(format!(
                "`{cap}` is not captured in `match` (captures: {})",
                if captures.is_empty() {
                    "none".into()
                } else {
                    captures.join(", ")
                }
            )));
        };
        roles[slot] = Some(c as u16);
    }
    if roles[0].is_none() {
        return Err(fail(if entity {
            "a name needs its `name`".into()
        } else {
            "an attribution needs its `content`".into()
        }));
    }
    if emit == EmitKind::Quote && roles[3].is_some() {
        return Err(fail("only a `Charge` has a `target`".into()));
    }
    let mut kind = None;
    let mut inherit = false;
    for (key, value) in &e.attrs {
        if key == "source" {
            if roles[2].is_some() {
                return Err(fail(
                    "`source=previous` is for rules that capture no source".into(),
                ));
            }
            inherit = true;
            continue;
        }
        let Some(k) = KINDS.iter().position(|k| k == value) else {
            return Err(fail(format!(
                "unknown kind `{value}` (kinds: {})",
                KINDS.join(", ")
            )));
        };
        if entity || (emit == EmitKind::Charge) != (KINDS[k] == "accusation") {
            return Err(fail(format!("a `{}` cannot be of kind `{value}`", e.kind)));
        }
        kind = Some(k as u8);
    }
    let kind_id = set.kind_id(&e.kind);
    let group = set.kind_id(&format!("group:{}", r.group.as_deref().unwrap_or(&e.kind)));
    let first = engine::first_set(&node);
    let prefix = engine::prefix(&node);
    let anchors = engine::anchors(&node);
    let debut = engine::starts_with_debut(&node);
    let cue_item = match (&node, roles[1]) {
        (Node::Seq(items), Some(slot)) => items
            .iter()
            .position(|i| matches!(i, Node::Item { capture: Some(c), .. } if *c == slot)),
        _ => None,
    };
    Ok(Rule {
        id: r.id.clone(),
        file: file.to_string(),
        line: r.line,
        phase: r.phase,
        priority: r.priority,
        group,
        node,
        slots: captures.len(),
        unless,
        emit,
        kind,
        inherit,
        roles,
        kind_id,
        first,
        prefix,
        anchors,
        anchor_mask: 0,
        near: None,
        debut,
        cue_item,
        examples: r.examples.clone(),
    })
}

/// The text of a rules file's lines, for carets in compile errors.
struct LineSource {
    lines: Vec<String>,
}

impl LineSource {
    fn new(text: &str) -> Self {
        LineSource {
            lines: text.lines().map(String::from).collect(),
        }
    }

    fn line(&self, n: usize) -> String {
        self.lines
            .get(n.wrapping_sub(1))
            .cloned()
            .unwrap_or_default()
    }
}

fn compile_pattern(
    set: &mut RuleSet,
    p: &parse::Pattern,
    caps: &mut Vec<String>,
    file: &str,
    lines: &LineSource,
) -> Result<Node, Error> {
    Ok(match p {
        parse::Pattern::Seq(v) => Node::Seq(
            v.iter()
                .map(|p| compile_pattern(set, p, caps, file, lines))
                .collect::<Result<_, _>>()?,
        ),
        parse::Pattern::Alt(v) => Node::Alt(
            v.iter()
                .map(|p| compile_pattern(set, p, caps, file, lines))
                .collect::<Result<_, _>>()?,
        ),
        parse::Pattern::Item {
            capture,
            atom,
            min,
            max,
            lazy,
            pos,
        } => {
            let capture = capture
                .as_ref()
                .map(|c| match caps.iter().position(|x| x == c) {
                    Some(i) => i as u16,
                    None => {
                        caps.push(c.clone());
                        (caps.len() - 1) as u16
                    }
                });
            let fail = |message: String| located(file, *pos, &lines.line(pos.0), message);
            let atom = compile_atom(set, atom, caps, file, lines, &fail)?;
            Node::Item {
                capture,
                atom,
                min: *min,
                max: *max,
                lazy: *lazy,
            }
        }
    })
}

fn compile_atom(
    set: &mut RuleSet,
    a: &parse::Atom,
    caps: &mut Vec<String>,
    file: &str,
    lines: &LineSource,
    fail: &dyn Fn(String) -> Error,
) -> Result<CAtom, Error> {
    Ok(match a {
        parse::Atom::Literal(s) => {
            let mut tokens = Vec::new();
            tokenise::tokenise(s, &mut tokens);
            let whole =
                (tokens.len() > 1 && !s.contains(char::is_whitespace)).then(|| set.intern(s));
            let words = tokens
                .iter()
                .map(|t| set.intern(&s[t.start..t.end]))
                .collect();
            CAtom::Literal(words, whole)
        }
        parse::Atom::Regex(re) => CAtom::Regex(match set.regexes.get(re) {
            Some(compiled) => compiled.clone(),
            None => {
                let compiled = Regex::new(&format!("(?i)^(?:{re})$"))
                    .map_err(|e| fail(format!("bad regular expression: {e}")))?;
                set.regexes.insert(re.clone(), compiled.clone());
                compiled
            }
        }),
        parse::Atom::Name(name) => match name.as_str() {
            "MAJ" => CAtom::Maj,
            "NOM" => CAtom::Class1(TokenClass::NOM),
            "SIGLE" => CAtom::Class1(TokenClass::SIGLE),
            "PARTICULE" => CAtom::Class1(TokenClass::PARTICULE),
            "COLLE" => CAtom::Colle,
            "NUM" => CAtom::Num,
            "PONCT" => CAtom::Ponct,
            "DEBUT" => CAtom::Debut,
            "FIN" => CAtom::Fin,
            _ => {
                let (label, sub) = match name.split_once('.') {
                    Some((l, s)) => (l, Some(s)),
                    None => (name.as_str(), None),
                };
                let Some(kind) = set.kinds.iter().position(|k| k == label).filter(|&k| {
                    !set.kinds[k].starts_with(['@', ':']) && !set.kinds[k].starts_with("group:")
                }) else {
                    return Err(fail(format!(
                        "unknown name `{name}` (names: PER, ORG, LOC, LOC.sub-type, QUOTE, INV, MAJ, NOM, SIGLE, PARTICULE, NUM, PONCT, DEBUT, FIN, COLLE, and what earlier phases emit)"
                    )));
                };
                let sub = match sub {
                    None => None,
                    Some(s) => Some(set.subs.iter().position(|x| x == s).ok_or_else(|| {
                        fail(format!("no gazetteer file gives the sub-type `{s}`"))
                    })? as u16),
                };
                CAtom::Ann {
                    kind: kind as u16,
                    sub,
                    filters: Vec::new(),
                    quote: kind as u16 == QUOTE,
                }
            }
        },
        parse::Atom::Lexicon(name, filters) => {
            let key = format!("@{name}");
            let Some(kind) = set.kinds.iter().position(|k| *k == key) else {
                let mut known: Vec<_> = set
                    .kinds
                    .iter()
                    .filter(|k| k.starts_with('@'))
                    .cloned()
                    .collect();
                known.sort();
                return Err(fail(format!(
                    "unknown lexicon `@{name}` (lexicons: {})",
                    known.join(", ")
                )));
            };
            CAtom::Ann {
                kind: kind as u16,
                sub: None,
                filters: filters
                    .iter()
                    .map(|f| {
                        // `_` stands for a space in values, as in gazetteer files.
                        let value = f.value.replace('_', " ");
                        engine::AttrFilter {
                            bit: set.filter_bit(&f.key, &value),
                            key: f.key.clone().into_boxed_str(),
                            value: value.into_boxed_str(),
                            negated: f.negated,
                        }
                    })
                    .collect(),
                quote: false,
            }
        }
        parse::Atom::Any => CAtom::Any,
        parse::Atom::Group(p) => {
            CAtom::Group(Box::new(compile_pattern(set, p, caps, file, lines)?))
        }
        parse::Atom::Not(a) => {
            // What a negation matches is not there: it has nothing to capture.
            if captures_inside(a) {
                return Err(fail("`!` cannot hold a capture (`name:`)".into()));
            }
            CAtom::Not(Box::new(compile_atom(set, a, caps, file, lines, fail)?))
        }
        parse::Atom::And(a, b) => {
            if captures_inside(b) {
                return Err(fail(
                    "the condition after `&` cannot hold a capture (`name:`)".into(),
                ));
            }
            CAtom::And(
                Box::new(compile_atom(set, a, caps, file, lines, fail)?),
                Box::new(compile_atom(set, b, caps, file, lines, fail)?),
            )
        }
    })
}

/// Whether a capture (`name:`) appears anywhere inside `a`.
fn captures_inside(a: &parse::Atom) -> bool {
    fn pattern(p: &parse::Pattern) -> bool {
        match p {
            parse::Pattern::Seq(v) | parse::Pattern::Alt(v) => v.iter().any(pattern),
            parse::Pattern::Item { capture, atom, .. } => {
                capture.is_some() || captures_inside(atom)
            }
        }
    }
    match a {
        parse::Atom::Group(p) => pattern(p),
        parse::Atom::Not(inner) => captures_inside(inner),
        parse::Atom::And(a, b) => captures_inside(a) || captures_inside(b),
        _ => false,
    }
}

impl Rule {
    /// Whether the rule captures a `target` (else a charge's target may be read from its
    /// content).
    pub fn captures_target(&self) -> bool {
        self.roles[3].is_some()
    }
}

impl RuleSet {
    /// Gives each distinct anchor a bit (64 at most: rules past that just filter less).
    fn index_anchors(&mut self) {
        let mut defs: Vec<engine::Anchor> = Vec::new();
        self.word_mask = vec![0; self.words as usize];
        self.kind_mask = vec![0; self.kinds.len()];
        let plain: Vec<bool> = (0..self.kinds.len()).map(|k| self.plain_kind(k)).collect();
        for rule in &mut self.rules {
            let mut mask = 0u64;
            let mut bits = Vec::with_capacity(rule.anchors.len());
            for a in &rule.anchors {
                let bit = match defs.iter().position(|d| d == a) {
                    Some(b) => b,
                    None if defs.len() < 64 => {
                        defs.push(a.clone());
                        defs.len() - 1
                    }
                    None => {
                        bits.push(None);
                        continue;
                    }
                };
                bits.push(Some(bit));
                mask |= 1 << bit;
                for &w in &a.words {
                    self.word_mask[w as usize] |= 1 << bit;
                }
                for &k in &a.kinds {
                    self.kind_mask[k as usize] |= 1 << bit;
                }
            }
            rule.anchor_mask = mask;
            let plain = |k: u16| plain.get(k as usize).copied().unwrap_or(false);
            rule.near = engine::near_anchor(&rule.node, &rule.anchors, plain)
                .and_then(|(i, fixed, anns)| Some((1u64 << bits[i]?, fixed, anns)));
            for u in &mut rule.unless {
                u.width = engine::width_in_anns(&u.node, &plain);
            }
        }
    }

    /// The widest annotation of a plain kind ([`Self::plain_kind`]) in `starts`, in tokens.
    fn ann_width(&self, starts: &[Vec<Ann>]) -> u32 {
        let mut widest = 0;
        for (i, list) in starts.iter().enumerate() {
            for a in list {
                if self.plain_kind(a.kind as usize) {
                    widest = widest.max(a.end.saturating_sub(i as u32));
                }
            }
        }
        widest
    }

    /// Whether annotations of kind `k` are a few tokens wide at most (entities, lexicon
    /// entries, inverted pronouns), unlike quotations and what rules emit.
    fn plain_kind(&self, k: usize) -> bool {
        k != QUOTE as usize
            && (k <= INV as usize || self.kinds.get(k).is_some_and(|n| n.starts_with('@')))
    }

    /// The vocabulary id of a token, or [`engine::NO_WORD`], given its text and its
    /// folded form; `buf` is scratch space.
    ///
    /// Accents written in the text must agree with the literal: `à` is not the word
    /// `"a"`, nor `où` the word `"ou"`. A capitalised token written without accents also
    /// matches a literal that has them, as capitals often lose theirs (`Etat`, `A Paris`),
    /// unless a literal is spelled exactly like it.
    pub fn word_id(&self, token: &str, folded: &str, buf: &mut String) -> u32 {
        // Every literal written with accents has its folded form in the table too: a token
        // whose folded form is not there is no literal, accents or not, and is spared the
        // work of folding it again with its accents.
        let Some((plain, lenient)) = self.vocab.get(folded) else {
            return engine::NO_WORD;
        };
        if !token.is_ascii() {
            buf.clear();
            crate::normalise::fold_accented_into(token, buf);
            if buf != folded {
                return self.accented.get(buf).unwrap_or(engine::NO_WORD);
            }
        }
        if plain == engine::NO_WORD && token.starts_with(char::is_uppercase) {
            lenient
        } else {
            plain
        }
    }

    /// The id of a literal word, given as written in the rule.
    fn intern(&mut self, word: &str) -> u32 {
        let mut accented = String::new();
        crate::normalise::fold_accented_into(word, &mut accented);
        let folded = crate::normalise::fold(word, crate::normalise::Case::Fold);
        const NONE: (u32, u32) = (engine::NO_WORD, engine::NO_WORD);
        if accented == folded {
            let next = self.words;
            let slot = self.vocab.slot(&folded, NONE);
            if slot.0 == engine::NO_WORD {
                slot.0 = next;
                self.words += 1;
            }
            return slot.0;
        }
        if let Some(id) = self.accented.get(&accented) {
            return id;
        }
        let id = self.words;
        self.words += 1;
        *self.accented.slot(&accented, id) = id;
        let slot = self.vocab.slot(&folded, NONE);
        if slot.1 == engine::NO_WORD {
            slot.1 = id;
        }
        id
    }

    /// The bit of filter `key=value` in [`RuleSet::entry_filters`], if it has one.
    fn filter_bit(&mut self, key: &str, value: &str) -> Option<u8> {
        let known = self
            .filters
            .iter()
            .position(|f| &*f.key == key && &*f.value == value);
        if let Some(i) = known {
            return Some(i as u8);
        }
        (self.filters.len() < 64).then(|| {
            self.filters.push(engine::AttrFilter {
                key: key.into(),
                value: value.into(),
                negated: false,
                bit: None,
            });
            (self.filters.len() - 1) as u8
        })
    }

    /// Per gazetteer entry, the bits of the lexicon filters it passes (for
    /// [`engine::DocView::entry_filters`]).
    pub fn entry_filters(&self) -> &[u64] {
        &self.entry_filters
    }

    fn kind_id(&mut self, name: &str) -> u16 {
        match self.kinds.iter().position(|k| k == name) {
            Some(i) => i as u16,
            None => {
                self.kinds.push(name.to_string());
                (self.kinds.len() - 1) as u16
            }
        }
    }

    fn sub_id(&mut self, name: &str) -> u16 {
        match self.subs.iter().position(|k| k == name) {
            Some(i) => i as u16,
            None => {
                self.subs.push(name.to_string());
                (self.subs.len() - 1) as u16
            }
        }
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
    /// before matching ([`Matcher::feasible`]): the results must be the same, only slower.
    /// For tests.
    #[doc(hidden)]
    pub fn unpruned(mut self) -> RuleSet {
        self.unpruned = true;
        self
    }

    /// Whether some rules emit names (phase 0).
    pub fn has_names(&self) -> bool {
        self.rules.first().is_some_and(|r| r.phase == 0)
    }

    /// Runs the phases `phases` selects over `doc` (phase 0, the names, apart: the tagger
    /// settles them with the gazetteers' matches before the attribution phases run);
    /// `starts` holds the annotations per token and receives what each attribution phase
    /// keeps. Kept annotations go to `out` (cleared first); for phase 0, every candidate
    /// that no `unless` vetoed, unsettled. `all`, when given, receives every candidate before
    /// resolution (for examples and `explain`). `scratch` holds buffers reused from one
    /// document to the next.
    pub fn run(
        &self,
        doc: &DocView<'_>,
        starts: &mut [Vec<Ann>],
        out: &mut Vec<Emitted>,
        mut all: Option<&mut Vec<Emitted>>,
        scratch: &mut RunScratch,
        phases: Phases,
    ) {
        out.clear();
        scratch.runs.clear();
        for (t, &s) in doc.sentence_of.iter().enumerate().take(doc.tokens.len()) {
            match scratch.runs.last_mut() {
                Some((_, end)) if doc.sentence_of[t - 1] == s => *end = t as u32 + 1,
                _ => scratch.runs.push((t as u32, t as u32 + 1)),
            }
        }
        let mut i = 0;
        while i < self.rules.len() {
            let phase = self.rules[i].phase;
            let end = self.rules[i..]
                .iter()
                .position(|r| r.phase != phase)
                .map_or(self.rules.len(), |n| i + n);
            if (phase == 0) != (phases == Phases::Names) {
                i = end;
                continue;
            }
            scratch.candidates.clear();
            {
                self.reach_masks(
                    doc,
                    starts,
                    &mut scratch.masks,
                    &mut scratch.own,
                    &mut scratch.sentence_first,
                );
                scratch.ann_width = self.ann_width(starts);
                // Only a phase with a rule tried from its annotations needs them by kind.
                if self.rules[i..end]
                    .iter()
                    .any(|r| !r.debut && r.first.as_ref().is_some_and(|f| f.sparse()))
                {
                    kind_starts(starts, &mut scratch.kind_starts, &mut scratch.kind_at);
                } else {
                    scratch.kind_at.clear();
                }
                let matcher = Matcher::new(doc, starts, std::mem::take(&mut scratch.sets));
                for (r, rule) in self.rules[i..end].iter().enumerate() {
                    self.candidates(&matcher, rule, (i + r) as u32, scratch);
                }
                scratch.sets = matcher.into_sets();
            }
            if let Some(all) = all.as_deref_mut() {
                all.extend_from_slice(&scratch.candidates);
            }
            if phase == 0 {
                // Names are settled with the gazetteers' matches, by the tagger's one
                // policy (`resolve`), not among themselves: every candidate goes out.
                out.extend_from_slice(&scratch.candidates);
                i = end;
                continue;
            }
            self.settle(
                &mut scratch.candidates,
                &mut scratch.kept,
                &mut scratch.ranges,
            );
            for e in &scratch.kept {
                let rule = &self.rules[e.rule as usize];
                let span = e.roles[0].unwrap_or((e.start, e.end));
                if let Some(list) = starts.get_mut(span.0 as usize) {
                    list.push(Ann {
                        kind: rule.kind_id,
                        sub: 0,
                        end: span.1,
                        inner: span,
                        entry: u32::MAX,
                    });
                    list.sort_by_key(|a| std::cmp::Reverse(a.end));
                }
            }
            out.extend_from_slice(&scratch.kept);
            i = end;
        }
        out.sort_by_key(|e| (e.start, e.rule));
    }

    /// The candidates of one rule, appended to `scratch.candidates`.
    fn candidates(
        &self,
        matcher: &Matcher<'_, '_>,
        rule: &Rule,
        index: u32,
        scratch: &mut RunScratch,
    ) {
        let RunScratch {
            masks,
            own,
            ann_width,
            runs,
            candidates: out,
            found,
            vetoes,
            windows,
            caps,
            feasible,
            tries,
            cost,
            kind_starts,
            kind_at,
            sparse,
            ..
        } = scratch;
        let view = matcher.doc();
        let starts = matcher.starts();
        let n = view.tokens.len();
        found.clear();
        // Starts from which every anchor of the rule is within reach (through a quotation
        // that runs over several sentences, if need be). What is within reach only shrinks
        // along a sentence, so the first start that lacks an anchor ends the sentence's
        // starts; a `DEBUT` pattern starts at the first token of a sentence only.
        let reaches = |start: usize| masks[start] & rule.anchor_mask == rule.anchor_mask;
        // The anchor that lies within a bounded distance of the start, when there is one:
        // `next` is the first token at or after the start that has it (starts only grow, so
        // it is found by one scan forward per rule).
        let mut next = 0;
        let mut near = |start: usize| {
            rule.near.is_none_or(|(bit, fixed, anns)| {
                let width = fixed.saturating_add(anns.saturating_mul(*ann_width)) as usize;
                if next < start {
                    next = start;
                    while next < n && own[next] & bit == 0 {
                        next += 1;
                    }
                }
                next < n && next <= start.saturating_add(width)
            })
        };
        // What the tokens after the start must be (not asked by the unpruned engine of the
        // tests, which checks that this changes nothing).
        let follows = |start: usize| {
            self.unpruned
                || rule
                    .prefix
                    .as_ref()
                    .is_none_or(|p| p.admits(view, starts, start))
        };
        tries.clear();
        match rule.first.as_ref().filter(|f| f.sparse() && !rule.debut) {
            // A rule that starts with an annotation (`@prenoms`, `ORG`) is tried where one
            // of its kinds starts, rather than at every token: the same starts (within a
            // sentence, what is within reach only shrinks, so `reaches` alone says what
            // `take_while` did), found without testing the tokens where none starts. (The
            // same for words, through the sorted places of the words, cost more than it
            // saved: measured.)
            Some(first) => {
                sparse.clear();
                for &k in &first.kinds {
                    let k = k as usize;
                    if k + 1 < kind_at.len() {
                        sparse.extend_from_slice(
                            &kind_starts[kind_at[k] as usize..kind_at[k + 1] as usize],
                        );
                    }
                }
                if first.kinds.len() > 1 {
                    sparse.sort_unstable();
                    sparse.dedup();
                }
                for &start in sparse.iter() {
                    let start = start as usize;
                    if reaches(start) && near(start) && follows(start) {
                        tries.push(start as u32);
                    }
                }
            }
            None => {
                for &(first, end) in runs.iter() {
                    let last = if rule.debut { first + 1 } else { end };
                    for start in (first as usize..last as usize).take_while(|&i| reaches(i)) {
                        if near(start)
                            && rule
                                .first
                                .as_ref()
                                .is_none_or(|f| f.admits(view, &starts[start], start))
                            && follows(start)
                        {
                            tries.push(start as u32);
                        }
                    }
                }
            }
        }
        // Where there are enough starts to try, what may follow each item is worked out
        // first (worth it from a few starts on, as it costs about as much as trying a few).
        // A rule whose tries have been costly (a long stretch of words scanned for a cue
        // that is not there) is worth it from fewer starts: what a try costs, in steps, is
        // learnt from the documents this thread tagged without the passes (which changes
        // how fast, never what, the rules match).
        if cost.len() < self.rules.len() {
            cost.resize(self.rules.len(), (0, 0));
        }
        let (tried, steps) = cost[index as usize];
        let per_try = (steps + PRIOR_STEPS) / (tried + 1);
        let worth = tries.len() >= FEASIBLE_FROM
            || (tries.len() as u64).saturating_mul(per_try) >= FEASIBLE_STEPS;
        let feasible = match (&rule.node, rule.cue_item) {
            (Node::Seq(items), Some(cue)) if !self.unpruned && worth => {
                matcher.feasible(items, cue, feasible);
                tries.retain(|&s| feasible.has(0, s as usize));
                Some(&*feasible)
            }
            _ => None,
        };
        for &start in tries.iter() {
            let start = start as usize;
            let matched = matcher.match_at(&rule.node, start, rule.slots, caps, feasible);
            if feasible.is_none() {
                let c = &mut cost[index as usize];
                *c = (c.0 + 1, c.1 + u64::from(matcher.steps()));
            }
            if let Some(end) = matched {
                found.push(Emitted {
                    rule: index,
                    start: start as u32,
                    end: end as u32,
                    roles: roles_of(rule, caps),
                });
            }
        }
        if found.is_empty() {
            return;
        }
        // `unless`: a candidate overlapping any antipattern match is dropped.
        vetoes.clear();
        for u in &rule.unless {
            // Only where an antipattern match could overlap what it vetoes in a candidate
            // (its cue, or the whole match): from the antipattern's widest reach before that
            // part (from the start, when its width is unbounded) to the part's end.
            let width = u.width.map(|(fixed, anns)| {
                fixed.saturating_add(anns.saturating_mul(*ann_width)) as usize
            });
            windows.clear();
            windows.extend(found.iter().map(|e| {
                let (x, y) = e.roles[1].unwrap_or((e.start, e.end));
                let lo = width.map_or(0, |w| (x as usize).saturating_sub(w));
                (lo, (y as usize).min(n))
            }));
            windows.sort_unstable();
            let mut next = 0;
            for &(lo, hi) in windows.iter() {
                for (start, anns) in starts.iter().enumerate().take(hi).skip(lo.max(next)) {
                    if u.first
                        .as_ref()
                        .is_some_and(|f| !f.admits(view, anns, start))
                    {
                        continue;
                    }
                    if let Some(end) = matcher.match_at(&u.node, start, u.slots, caps, None) {
                        vetoes.push((start as u32, end as u32));
                    }
                }
                next = next.max(hi);
            }
        }
        for e in found.iter() {
            // An antipattern vetoes the cue it overlaps (a negated verb), or, for a rule
            // without a cue, the whole match: a negation inside a quotation vetoes nothing.
            let (x, y) = e.roles[1].unwrap_or((e.start, e.end));
            if !vetoes.iter().any(|&(a, b)| a < y && x < b) {
                out.push(*e);
            }
        }
    }

    /// Conflict resolution within each group (see the module docs for the order): sorts
    /// `candidates` and puts those kept in `kept`.
    fn settle(
        &self,
        candidates: &mut [Emitted],
        kept: &mut Vec<Emitted>,
        (wholes, cues): &mut (BTreeMap<u32, u32>, BTreeMap<u32, u32>),
    ) {
        candidates.sort_by_key(|e| {
            let r = &self.rules[e.rule as usize];
            (
                r.group,
                std::cmp::Reverse(r.priority),
                std::cmp::Reverse(e.end - e.start),
                e.start,
                e.rule,
            )
        });
        kept.clear();
        // Two candidates clash (say the same thing) when their contents overlap (without a
        // content, their matches), or their cues do; sharing a source, or one's cue lying
        // in the other's content (a layered report), is no clash. Candidates come group by
        // group, and what a group kept clashes with nothing else it kept: its contents are
        // disjoint ranges, and so are its cues. So a new candidate is checked against the
        // one range of each that starts last before it ends, not against every candidate
        // kept (which grew with the square of a long document's length).
        let mut group = None;
        wholes.clear();
        cues.clear();
        let hits = |ranges: &BTreeMap<u32, u32>, range: Option<(u32, u32)>| {
            range.is_some_and(|(a, b)| {
                ranges
                    .range(..b)
                    .next_back()
                    .is_some_and(|(&c, &d)| a < d && c < b)
            })
        };
        for c in candidates.iter() {
            let g = self.rules[c.rule as usize].group;
            if group != Some(g) {
                group = Some(g);
                wholes.clear();
                cues.clear();
            }
            let whole = c.roles[0].or(Some((c.start, c.end)));
            if !hits(wholes, whole) && !hits(cues, c.roles[1]) {
                kept.push(*c);
                for (ranges, range) in [(&mut *wholes, whole), (&mut *cues, c.roles[1])] {
                    if let Some((a, b)) = range.filter(|(a, b)| a < b) {
                        ranges.insert(a, b);
                    }
                }
            }
        }
    }
}

/// From how many starts to try a rule works out first where each of its items may match.
const FEASIBLE_FROM: usize = 8;

/// From how many steps its tries are expected to take a rule works out first where each of
/// its items may match (about what that costs), whatever the number of starts.
const FEASIBLE_STEPS: u64 = 1_000;

/// The steps a try is assumed to take before any has been counted.
const PRIOR_STEPS: u64 = 100;

/// Buffers the rule engine reuses from one document to the next (one per thread, inside
/// [`crate::Scratch`]).
#[derive(Debug, Default)]
pub struct RunScratch {
    /// Anchors within reach of each token.
    masks: Vec<u64>,
    /// Anchors at each token (its word, the annotations that start there).
    own: Vec<u64>,
    /// The widest annotation of a plain kind in the document, in tokens.
    ann_width: u32,
    /// First token of each sentence, for [`RuleSet::reach_masks`].
    sentence_first: Vec<usize>,
    /// The sentences, as token ranges (runs of tokens of one sentence).
    runs: Vec<(u32, u32)>,
    /// Candidates of the current phase.
    candidates: Vec<Emitted>,
    /// Matches of the current rule.
    found: Vec<Emitted>,
    /// Token ranges of the current rule's antipattern matches.
    vetoes: Vec<(u32, u32)>,
    /// The ranges of start tokens where an antipattern match could veto a candidate.
    windows: Vec<(usize, usize)>,
    /// Captures of the current attempt.
    caps: Caps,
    /// What conflict resolution kept in the current phase.
    kept: Vec<Emitted>,
    /// Where each item of the current rule may match ([`Matcher::feasible`]).
    feasible: engine::Feasible,
    /// The starts the current rule is tried at.
    tries: Vec<u32>,
    /// For each rule, the tries matched without backward passes and the steps they took.
    cost: Vec<(u64, u64)>,
    /// The contents and the cues a group kept, while conflicts are settled.
    ranges: (BTreeMap<u32, u32>, BTreeMap<u32, u32>),
    /// Sets of tokens for the backward passes, lent to each phase's matcher.
    sets: Vec<Vec<u64>>,
    /// The start tokens of the current phase's annotations, by kind: those of kind `k` are
    /// `kind_starts[kind_at[k]..kind_at[k + 1]]`, in text order.
    kind_starts: Vec<u32>,
    kind_at: Vec<u32>,
    /// The starts a rule whose first set is made of annotation kinds may be tried at.
    sparse: Vec<u32>,
}

impl RuleSet {
    /// For each token, the anchors that a match starting there can reach: those at or after
    /// it in its sentence, and those of the later sentences that an annotation starting at
    /// or after it (a quotation) runs into; token elements never cross a sentence boundary,
    /// so nothing else is within reach.
    fn reach_masks(
        &self,
        view: &DocView<'_>,
        starts: &[Vec<Ann>],
        out: &mut Vec<u64>,
        own: &mut Vec<u64>,
        sentence_first: &mut Vec<usize>,
    ) {
        let n = view.tokens.len();
        out.clear();
        out.resize(n, 0);
        own.clear();
        own.resize(n, 0);
        // The mask of the first token of each sentence already seen (going backwards), so
        // that an annotation running into later sentences adds what they reach.
        let sentences = view.sentence_of.last().map_or(0, |s| *s as usize + 1);
        sentence_first.clear();
        sentence_first.resize(sentences, usize::MAX);
        for i in (0..n).rev() {
            let s = view.sentence_of[i] as usize;
            let mut m = self
                .word_mask
                .get(view.word_ids[i] as usize)
                .copied()
                .unwrap_or(0);
            for a in &starts[i] {
                m |= self.kind_mask.get(a.kind as usize).copied().unwrap_or(0);
            }
            own[i] = m;
            if i + 1 < n && view.sentence_of[i + 1] as usize == s {
                m |= out[i + 1];
            }
            for a in &starts[i] {
                let last = view.sentence_of[(a.end as usize).saturating_sub(1).min(n - 1)] as usize;
                for later in s + 1..=last {
                    if let Some(&first) = sentence_first.get(later).filter(|&&f| f < n) {
                        m |= out[first];
                    }
                }
            }
            out[i] = m;
            if i == 0 || view.sentence_of[i - 1] as usize != s {
                sentence_first[s] = i;
            }
        }
    }
}

fn roles_of(rule: &Rule, caps: &[Option<(u32, u32)>]) -> [Option<(u32, u32)>; 4] {
    let mut roles = [None; 4];
    for (slot, cap) in rule.roles.iter().enumerate() {
        if let Some(c) = cap {
            roles[slot] = caps.get(*c as usize).copied().flatten();
        }
    }
    roles
}

/// Fills `out` with the start token of every annotation in `starts`, grouped by kind (a
/// counting sort: kinds are few), and `at` with where each kind's group begins (one more
/// entry than there are kinds).
fn kind_starts(starts: &[Vec<Ann>], out: &mut Vec<u32>, at: &mut Vec<u32>) {
    let kinds = starts
        .iter()
        .flatten()
        .map(|a| a.kind as usize + 1)
        .max()
        .unwrap_or(0);
    at.clear();
    at.resize(kinds + 2, 0);
    for a in starts.iter().flatten() {
        if (a.kind as usize) < kinds {
            at[a.kind as usize + 1] += 1;
        }
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    out.clear();
    out.resize(at[kinds] as usize, 0);
    let mut next = at.clone();
    for (i, list) in starts.iter().enumerate() {
        for a in list {
            let k = a.kind as usize;
            if k < kinds {
                out[next[k] as usize] = i as u32;
                next[k] += 1;
            }
        }
    }
}
