//! From the parser's syntax tree to the compiled rules ([`RuleSet`]): loading the files
//! ([`Sources`]), the vocabulary of the rules' literal words and their ids, annotation kinds
//! and sub-types, lexicon filters, and each rule's pattern compiled to [`Node`]s.
//!
//! Compiling checks every name against the gazetteers (labels, sub-types, lexicons) and
//! every role against the captures, so that a typo is a located error at load time, never
//! a rule that silently matches nothing. Then each pattern goes through the
//! [`analyses`](super::analyses), and the rule set gives its anchors their bits
//! ([`RuleSet::index_anchors`]).

use crate::hash::FastHash;
use std::collections::HashMap;
use std::path::Path;

use regex::Regex;

use crate::error::Error;
use crate::gazetteer::{FileKind, Gazetteer};
use crate::tokenise;

use super::analyses::{anchors, first_set, guard, optimise, prefix, starts_with_debut};
use super::filters::{LexiconAttrs, each_filter};
use super::ir::{AttrFilter, CAtom, NO_WORD, Node, PosSet, TokenClass};
use super::{Chunks, EmitKind, GN, QUOTE, Role, Roles, Rule, RuleSet, SN, TOUR, Unless, parse};
use crate::document::Kind;
use crate::syntax::Pos;

/// The rules' vocabulary: every word a literal names, folded, with its id. Every token of
/// every document is looked up here. Words of 7 bytes at most (nearly all the rules' words,
/// most tokens) are keyed by their bytes packed into an integer, so that looking one up
/// hashes an integer and compares no text. The crate's one fast hasher ([`FastHash`]) keys
/// both tables: the keys come from the rules, so no text can lengthen a probe.
#[derive(Clone, Debug)]
pub(super) struct Vocab<V = u32> {
    /// Words of 7 bytes at most, by [`Vocab::pack`].
    short: HashMap<u64, V, FastHash>,
    /// Longer words.
    long: HashMap<Box<str>, V, FastHash>,
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

    /// The value of `word`, if it has one. Asked for every token of every document: kept
    /// inlined into [`RuleSet::word_id`] (once the compiler's stages had their own files,
    /// it was not, which cost 0.3% of the whole pipeline's instructions).
    #[inline]
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

/// Rules files parsed but not yet compiled (compiling needs the gazetteers).
///
/// Decision: a macro is defined once and known in every file loaded after the one that
/// defines it (the built-in files in name order, `00-commun.rules` first, then a user's),
/// so that `$PAREN` or `$DET` are not written again in each file; a file may define a
/// macro of the same name for itself and the files after it.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// (name, text, parsed): the text is kept for carets under faults found when compiling.
    files: Vec<(String, String, parse::File)>,
}

impl Sources {
    /// Parses one rules file's text, under the name used in errors and provenance.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let empty = HashMap::new();
        let inherited = self.files.last().map_or(&empty, |(_, _, f)| &f.macros);
        let file = parse::parse(name, text, inherited)?;
        self.files.push((name.to_string(), text.to_string(), file));
        Ok(())
    }

    /// Parses every `*.rules` file under `dir`, in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let paths =
            crate::walk::files_with_extension(dir, "rules").map_err(|e| Error::io(dir, e))?;
        for path in paths {
            let shown = path.display().to_string();
            let text = Error::read_text(&path, &shown)?;
            self.add_file(&shown, &text)?;
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

    /// Parses one rules file's text like [`Self::add_file`], but returns every fault of
    /// the file (see [`parse::parse_all`]); a faulty file is left out, so that the next one
    /// inherits the macros of the last good one, as it would once the fault is fixed.
    pub fn add_file_reporting_all(&mut self, name: &str, text: &str) -> Vec<Error> {
        let empty = HashMap::new();
        let inherited = self.files.last().map_or(&empty, |(_, _, f)| &f.macros);
        let (file, faults) = parse::parse_all(name, text, inherited);
        if faults.is_empty() {
            self.files.push((name.to_string(), text.to_string(), file));
        }
        faults
    }

    /// Compiles the rules against the gazetteers (which give labels, sub-types and lexicons).
    pub fn compile(self, gazetteer: &Gazetteer) -> Result<RuleSet, Error> {
        self.compile_reporting_all(gazetteer)
            .map_err(|mut faults| faults.swap_remove(0))
    }

    /// Compiles like [`Self::compile`], but goes on past a faulty rule (it is left out) and
    /// returns every rule's fault, in load order.
    pub fn compile_reporting_all(self, gazetteer: &Gazetteer) -> Result<RuleSet, Vec<Error>> {
        let mut faults = Vec::new();
        let mut set = RuleSet {
            rules: Vec::new(),
            kinds: ["PER", "ORG", "LOC", "QUOTE", "INV", "GN", "SN", "TOUR"]
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
        // The kinds annotated before any rule runs (entities, quotations, turns, inverted
        // pronouns, lexicons); those added from here on are what rules emit.
        let base_kinds = set.kinds.len();
        let patterns = self.files.iter().flat_map(|(_, _, f)| &f.rules);
        let attrs = LexiconAttrs::new(
            gazetteer,
            patterns.flat_map(|r| std::iter::once(&r.pattern).chain(&r.unless)),
        );
        let mut seen: HashMap<String, String> = HashMap::new();
        for (file_name, text, file) in &self.files {
            let lines = LineSource::new(text);
            for r in &file.rules {
                let mut fault = None;
                for p in std::iter::once(&r.pattern).chain(&r.unless) {
                    each_filter(p, &mut |lexicon, f, pos| {
                        if fault.is_none() {
                            fault = attrs.fault(lexicon, f).map(|m| (pos, m));
                        }
                    });
                }
                if let Some((pos, message)) = fault {
                    faults.push(located(file_name, pos, &lines.line(pos.0), message));
                    continue;
                }
                if let Some(other) = seen.insert(r.id.clone(), file_name.clone()) {
                    faults.push(Error::other(format!(
                        "{file_name}:{}: rule `{}` is also defined in {other}",
                        r.line, r.id
                    )));
                    continue;
                }
                match compile_rule(&mut set, file_name, &lines, r) {
                    Ok(compiled) => set.rules.push(compiled),
                    Err(e) => faults.push(e),
                }
            }
        }
        if !faults.is_empty() {
            return Err(faults);
        }
        // Phases run in order; within a phase, rules keep load order.
        set.rules.sort_by_key(|r| r.phase);
        if !set.filters.is_empty() {
            // The filters by key, so that an entry's attribute is found and split once for
            // all the filters on it (`traits` has a dozen).
            let mut by_key: Vec<(&str, Vec<(usize, &AttrFilter)>)> = Vec::new();
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
                        for value in values.flat_map(AttrFilter::values) {
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
        set.index_chunk_gate(base_kinds);
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

/// The parts of speech a pattern can name, `<CODE>`: DELA's codes, as Unitex writes them,
/// for the tags of [`crate::syntax`]. `<N>` takes proper nouns too; `<V>` every verb form,
/// auxiliaries included.
const POS_CODES: [(&str, &[Pos]); 17] = [
    ("DET", &[Pos::Det]),
    ("PREP", &[Pos::Prep]),
    ("PREPDET", &[Pos::PrepDet]),
    ("PRO", &[Pos::Pron]),
    ("CONJC", &[Pos::Cconj]),
    ("CONJS", &[Pos::Sconj]),
    ("ADV", &[Pos::Adv]),
    ("N", &[Pos::Noun, Pos::Propn]),
    ("NPR", &[Pos::Propn]),
    ("A", &[Pos::Adj]),
    ("NUM", &[Pos::Num]),
    (
        "V",
        &[
            Pos::Verb,
            Pos::Aux,
            Pos::Participle,
            Pos::Infinitive,
            Pos::Gerund,
        ],
    ),
    ("V:F", &[Pos::Verb]),
    ("AUX", &[Pos::Aux]),
    ("V:K", &[Pos::Participle]),
    ("V:W", &[Pos::Infinitive]),
    ("V:G", &[Pos::Gerund]),
];

fn pos_code(code: &str) -> Option<&'static [Pos]> {
    POS_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, tags)| *tags)
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
    let chunk_atoms = set.chunk_atoms;
    let node = guard(optimise(compile_pattern(
        set,
        &r.pattern,
        &mut captures,
        file,
        lines,
    )?));
    let pattern_chunk_atoms = set.chunk_atoms;
    let mut unless = Vec::new();
    for u in &r.unless {
        let mut caps = Vec::new();
        let n = guard(optimise(compile_pattern(set, u, &mut caps, file, lines)?));
        unless.push(Unless {
            first: first_set(&n),
            width: None,
            node: n,
            slots: caps.len(),
        });
    }
    // Phrases are chunked after the entities are settled, for the attribution rules.
    let chunks = if set.chunk_atoms > pattern_chunk_atoms {
        // An antipattern reads phrases: its matches are not bounded by what the pattern
        // needs, so every sentence is chunked.
        Chunks::Everywhere
    } else if pattern_chunk_atoms > chunk_atoms {
        Chunks::Pattern
    } else {
        Chunks::No
    };
    if r.phase == 0 && chunks != Chunks::No {
        return Err(located(
            file,
            (r.line, 0),
            &lines.line(r.line),
            "`GN` and `SN` are read by the attribution rules (phase 1 and after), not by name rules".into(),
        ));
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
    let mut roles = Roles::default();
    for (role, cap) in &e.roles {
        // A name's one role, `name`, is its content.
        let slot = if entity {
            (role == "name").then_some(Role::Content)
        } else {
            Role::from_name(role)
        };
        let Some(slot) = slot else {
            if entity {
                return Err(fail(format!("a name has one role, `name`, not `{role}`")));
            }
            return Err(fail(format!(
                "unknown role `{role}` (roles: {})",
                Role::ALL.map(Role::name).join(", ")
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
        roles.set(slot, Some(c as u16));
    }
    if roles.content.is_none() {
        return Err(fail(if entity {
            "a name needs its `name`".into()
        } else {
            "an attribution needs its `content`".into()
        }));
    }
    if emit == EmitKind::Quote && roles.target.is_some() {
        return Err(fail("only a `Charge` has a `target`".into()));
    }
    // An expectation names only roles this rule's kind of output has: `target="…"` on a
    // `Quote`, or `name="…"` on an attribution, could never hold.
    for ex in &r.examples {
        for role in ex.expect.iter().flatten().map(|(role, _)| role.as_str()) {
            let allowed = match emit {
                EmitKind::Entity(_) => super::examples::NAME_ROLES.contains(&role),
                EmitKind::Quote => {
                    role != "target" && super::examples::ATTRIBUTION_ROLES.contains(&role)
                }
                EmitKind::Charge => super::examples::ATTRIBUTION_ROLES.contains(&role),
            };
            if !allowed {
                return Err(located(
                    file,
                    (ex.line, 0),
                    &lines.line(ex.line),
                    format!("an example of a `{}` rule has no role `{role}`", e.kind),
                ));
            }
        }
    }
    let mut kind = None;
    let mut inherit = false;
    for (key, value) in &e.attrs {
        if key == "source" {
            if roles.source.is_some() {
                return Err(fail(
                    "`source=previous` is for rules that capture no source".into(),
                ));
            }
            inherit = true;
            continue;
        }
        let Some(k) = Kind::ALL.into_iter().find(|k| k.as_str() == value) else {
            return Err(fail(format!(
                "unknown kind `{value}` (kinds: {})",
                Kind::ALL.map(Kind::as_str).join(", ")
            )));
        };
        if entity || (emit == EmitKind::Charge) != (k == Kind::Accusation) {
            return Err(fail(format!("a `{}` cannot be of kind `{value}`", e.kind)));
        }
        kind = Some(k);
    }
    let kind_id = set.kind_id(&e.kind);
    let group = set.kind_id(&format!("group:{}", r.group.as_deref().unwrap_or(&e.kind)));
    let first = first_set(&node);
    let prefix = prefix(&node);
    let anchors = anchors(&node);
    let debut = starts_with_debut(&node);
    let cue_item = match (&node, roles.cue) {
        (Node::Seq(items), Some(slot)) => items
            .iter()
            .position(|i| matches!(i, Node::Item { capture: Some(c), .. } if *c == slot)),
        _ => None,
    };
    Ok(Rule {
        id: r.id.clone(),
        file: file.to_string(),
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
        chunks,
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
            let words = tokens.iter().map(|t| set.intern(&s[t.span()])).collect();
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
        parse::Atom::Pos(code) => {
            let Some(tags) = pos_code(code) else {
                return Err(fail(format!(
                    "unknown part of speech `<{code}>` (parts of speech: {})",
                    POS_CODES.map(|(c, _)| format!("<{c}>")).join(", ")
                )));
            };
            CAtom::Pos(PosSet::of(tags))
        }
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
                        "unknown name `{name}` (names: PER, ORG, LOC, LOC.sub-type, QUOTE, TOUR, INV, GN, SN, MAJ, NOM, SIGLE, PARTICULE, NUM, PONCT, DEBUT, FIN, COLLE, and what earlier phases emit)"
                    )));
                };
                if matches!(kind as u16, GN | SN) {
                    set.chunk_atoms += 1;
                }
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
                    quote: matches!(kind as u16, QUOTE | TOUR),
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
                        let values: Box<[Box<str>]> = f
                            .values
                            .iter()
                            .map(|v| v.replace('_', " ").into())
                            .collect();
                        AttrFilter {
                            bit: set.filter_bit(&f.key, &values),
                            key: f.key.clone().into_boxed_str(),
                            values,
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

impl RuleSet {
    /// The vocabulary id of a token, or [`NO_WORD`], given its text and its
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
            return NO_WORD;
        };
        if !token.is_ascii() {
            buf.clear();
            crate::normalise::fold_accented_into(token, buf);
            if buf != folded {
                return self.accented.get(buf).unwrap_or(NO_WORD);
            }
        }
        if plain == NO_WORD && token.starts_with(char::is_uppercase) {
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
        const NONE: (u32, u32) = (NO_WORD, NO_WORD);
        if accented == folded {
            let next = self.words;
            let slot = self.vocab.slot(&folded, NONE);
            if slot.0 == NO_WORD {
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
        if slot.1 == NO_WORD {
            slot.1 = id;
        }
        id
    }

    /// The bit of filter `key=values` in [`RuleSet::entry_filters`], if it has one.
    fn filter_bit(&mut self, key: &str, values: &[Box<str>]) -> Option<u8> {
        let known = self
            .filters
            .iter()
            .position(|f| &*f.key == key && *f.values == *values);
        if let Some(i) = known {
            return Some(i as u8);
        }
        (self.filters.len() < 64).then(|| {
            self.filters.push(AttrFilter {
                key: key.into(),
                values: values.into(),
                negated: false,
                bit: None,
            });
            (self.filters.len() - 1) as u8
        })
    }

    fn kind_id(&mut self, name: &str) -> u16 {
        id_in(&mut self.kinds, name)
    }

    fn sub_id(&mut self, name: &str) -> u16 {
        id_in(&mut self.subs, name)
    }
}

/// The index of `name` in `names`, added at the end if it is not there yet (annotation kinds
/// and sub-types are few: a scan is enough).
fn id_in(names: &mut Vec<String>, name: &str) -> u16 {
    match names.iter().position(|k| k == name) {
        Some(i) => i as u16,
        None => {
            names.push(name.to_string());
            (names.len() - 1) as u16
        }
    }
}
