//! Gazetteers: the lists of names under `gazetteers/`, compiled into one Aho-Corasick
//! automaton over the [normalised](crate::normalise) view of the text.
//!
//! Files sit in a folder named after what they hold: `PER/`, `ORG/`, `LOC/` give entities
//! of that label (the file name is the sub-type), `lexique/` gives word lists that rules use
//! (first names, titles, demonyms) and that are never entities themselves. The line format
//! is in `gazetteers/README.md` and [`parse`].
//!
//! The automaton is walked from every position of the view that can start a word (an
//! anchored walk: no failure transitions), entering each word of the text only if a
//! filter of the forms' word prefixes (`prefixes.rs`) may let a form go on with it, and
//! reports every pattern spelt out along the way, so that nested and overlapping matches
//! are all found; a match counts only when
//! it starts and ends on a word boundary, starts with a capital letter when its form does
//! (`Paris` is not `les paris sportifs`, `L'Union` is not `l'union`), and, for `=` forms,
//! has the exact case. Choosing
//! among the matches that remain is the resolve stage's job (`src/resolve/`), because a
//! leftmost-longest automaton would have to pick before those checks and could drop a valid
//! shorter name hidden under an invalid longer one.
//!
//! The module's files: this one reads the files and builds the [`Gazetteer`] (the
//! `Builder`); `find.rs` is what runs for every document (the walks and the checks of a
//! match); `prefixes.rs` is the filter of word prefixes; `compiled.rs` reads the built-in
//! gazetteers that `build.rs` compiled; `parse.rs` and `lint.rs` read and check the files.
//!
//! What is public, and why: the file syntax ([`parse`]) and the checks ([`lint`]), which
//! `quidit gazetteer` and the benches use on files without building a tagger; and the
//! read-only view of a built [`Gazetteer`] that [`Tagger::gazetteer`](crate::Tagger::gazetteer)
//! gives (its [`Entry`]s and [`SourceFile`]s, [`Gazetteer::find`]), which `quidit coverage`
//! and `quidit check` read. Building one (the `Builder`, called by
//! [`TaggerBuilder`](crate::TaggerBuilder)), the word lists read one token at a time and the
//! per-thread buffers are internal: a gazetteer is built by the tagger's builder only.

mod compiled;
mod find;
pub mod lint;
pub use quidit_lists::parse;

/// The name a list file gets below the folder it was loaded from (`ORG/ajouts.txt`): its
/// path components joined by `/` on every platform, as file names read in provenance.
pub fn list_name(dir: &std::path::Path, path: &std::path::Path) -> String {
    crate::walk::relative_name(dir, path)
}
mod prefixes;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};

use crate::document::Label;
use crate::error::Error;
use crate::hash::FastHash;
use crate::normalise::{Case, fold};
use crate::words;
pub(crate) use find::FindScratch;
use prefixes::Prefixes;

/// What a gazetteer file feeds: entities of a label, or a lexicon for rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `PER/`, `ORG/`, `LOC/`: entities of this label and sub-type.
    Entity {
        /// The label of every entry.
        label: Label,
        /// The file name up to its first dot (`LOC/villes.gen.txt` → `villes`).
        subtype: String,
    },
    /// `lexique/NAME.txt`: the lexicon `NAME`.
    Lexicon {
        /// The lexicon's name, as rules refer to it (`@prenoms`).
        name: String,
    },
}

/// A loaded gazetteer file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path relative to its gazetteer folder, with `/` separators (`LOC/pays.gen.txt`).
    pub name: String,
    /// Where its entries go.
    pub kind: FileKind,
    /// Its `%priority`.
    pub priority: i32,
}

/// One entry: one line of a gazetteer file.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Index of its file in [`Gazetteer::files`].
    pub file: u32,
    /// 1-based line number in that file.
    pub line: u32,
    /// The canonical form (the first form on the line). Text of the built-in gazetteers
    /// is borrowed from the binary (copying ~90,000 entries was a third of the start-up).
    pub canonical: Cow<'static, str>,
    /// The Wikidata id, if the line gives one.
    pub id: Option<Cow<'static, str>>,
    /// `key=value` attributes.
    pub attrs: Vec<(Cow<'static, str>, Cow<'static, str>)>,
}

impl Entry {
    /// The value of attribute `key`, if the entry has it.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| &**v)
    }
}

/// A match of a gazetteer form in a text, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Start byte in the original text.
    pub start: usize,
    /// End byte (exclusive) in the original text.
    pub end: usize,
    /// Index of the entry in [`Gazetteer::entries`].
    pub entry: u32,
    /// Whether the form matched was written `=Form` (case-exact).
    pub exact: bool,
}

/// Which entry a pattern stands for (as a walk will read it), and the exact-case form to
/// check when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PatternEntry {
    target: Target,
    exact: Option<Box<str>>,
}

/// Lexicons read word by word: each form with the bits of the lexicons that hold it, so that
/// one token is looked up in one or two hash probes rather than matched in the text.
#[derive(Clone, Debug)]
pub(crate) struct WordLists {
    /// The lexicons, in bit order.
    names: Vec<String>,
    /// Case-exact forms (`=Le`), folded but for case; those of eight bytes or fewer are in
    /// `exact_short` instead, keyed by their bytes packed in an integer (most words are
    /// short, and an integer hashes in one multiplication).
    exact: HashMap<Box<str>, u8, FastHash>,
    exact_short: HashMap<u64, u8, FastHash>,
    /// The other forms, folded.
    loose: HashMap<Box<str>, u8, FastHash>,
    /// For each first byte of a form (folded, in either case), the lengths in bytes of the
    /// forms that start with it, as bits (bit 31: 31 bytes or more): most words are not in
    /// any list, and this tells so without hashing them.
    lengths: [u32; 256],
}

impl Default for WordLists {
    fn default() -> Self {
        WordLists {
            names: Vec::new(),
            exact: HashMap::default(),
            exact_short: HashMap::default(),
            loose: HashMap::default(),
            lengths: [0; 256],
        }
    }
}

impl WordLists {
    /// The bit of the lexicon `name`, if it is read word by word.
    pub fn bit(&self, name: &str) -> Option<u8> {
        let i = self.names.iter().position(|n| n == name)?;
        Some(1 << i)
    }

    fn add(&mut self, bit: u8, folded: &str, exact: Option<&str>) {
        // A form that folds to nothing (invisible characters alone) names no word.
        if folded.is_empty() || exact.is_some_and(str::is_empty) {
            return;
        }
        let key = match exact {
            Some(exact) => {
                match packed(exact) {
                    Some(p) => *self.exact_short.entry(p).or_insert(0) |= bit,
                    None => *self.exact.entry(exact.into()).or_insert(0) |= bit,
                }
                exact
            }
            None => {
                *self.loose.entry(folded.into()).or_insert(0) |= bit;
                folded
            }
        };
        let len = 1 << key.len().min(31);
        for b in [key.as_bytes()[0], key.as_bytes()[0].to_ascii_uppercase()] {
            self.lengths[b as usize] |= len;
        }
    }

    /// The bits of the lexicons that hold the word `word`; `buf` is scratch space.
    pub fn lookup(&self, word: &str, buf: &mut String) -> u8 {
        // Folding keeps an ASCII word's length and first byte; a word that is not ASCII is
        // looked up.
        let Some(&first) = word.as_bytes().first() else {
            return 0;
        };
        if word.is_ascii() && self.lengths[first as usize] & (1 << word.len().min(31)) == 0 {
            return 0;
        }
        let mut bits = 0;
        // An ASCII word is its own folding but for case (most words are ASCII).
        let kept = if word.is_ascii() {
            word
        } else {
            buf.clear();
            crate::normalise::fold_into(word, Case::Keep, buf);
            buf.as_str()
        };
        let found = match packed(kept) {
            Some(p) => self.exact_short.get(&p),
            None => self.exact.get(kept),
        };
        if let Some(b) = found {
            bits |= b;
        }
        if !self.loose.is_empty() {
            buf.clear();
            crate::normalise::fold_into(word, Case::Fold, buf);
            if let Some(b) = self.loose.get(buf.as_str()) {
                bits |= b;
            }
        }
        bits
    }
}

/// The bytes of a word of eight bytes or fewer, packed in an integer (no word holds a NUL
/// byte, so words of different lengths differ).
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(u64::from_le_bytes(buf))
}

/// Compiled gazetteers: every entry of every file and one automaton over all their forms.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    files: Vec<SourceFile>,
    entries: Vec<Entry>,
    /// The lexicons read word by word.
    word_lists: WordLists,
    /// The automaton, in parts that hold the patterns of disjoint sets of first bytes, so
    /// that they compile in parallel. A walk from one position of the text only ever needs
    /// the part of the byte there, so the split costs nothing when matching.
    parts: Vec<Part>,
    /// Index in `parts` of the part holding the patterns that start with each byte
    /// (none when no pattern does).
    part_of: [Option<u8>; 256],
    /// Which texts can begin a form, word by word: walks stop before a word no form
    /// continues with.
    prefixes: Prefixes,
    /// Each pattern, in the order of the parts and of each part's own pattern ids (see
    /// [`Part::offset`]), then one more whose `first` ends the last pattern's targets.
    info: Vec<PatternInfo>,
    /// The entries the patterns stand for, pattern by pattern in the order of `info`.
    targets: Vec<Target>,
    /// The case-exact form of each target marked [`Target::EXACT`], by target index
    /// (sorted; few targets have one).
    exact: Vec<(u32, Box<str>)>,
}

/// An entry a pattern stands for, as a walk's match reads it: eight bytes, so that the
/// targets of a match share a cache line with their neighbours (a match used to read its
/// candidate, its entry and the entry's file to learn the same, three cache misses apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    entry: u32,
    flags: u8,
}

impl Target {
    /// The form starts with a capital letter, so the text must too.
    const CAPITAL: u8 = 1;
    /// The form was written `=Form`: the text must fold to it with its case kept.
    const EXACT: u8 = 2;
    /// The entry is a lexicon's, not an entity's.
    const LEXICON: u8 = 4;
    /// The form is the entry's without its leading article (`Parisien` for `Le Parisien`):
    /// it counts only right after an article the text writes in lower case or contracts
    /// (`du Parisien`, `au Monde`, `des Républicains`, `le Havre`).
    const ARTICLE: u8 = 8;
}

/// The articles that open a name (`Le Parisien`, `La Haye`, `Les Républicains`, `L'Express`),
/// folded, an elided one with its apostrophe: `data/gazetteer/articles.txt`.
pub(crate) static NAME_ARTICLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::parse(include_str!("../../data/gazetteer/articles.txt")));

/// The articles of [`NAME_ARTICLES`] that a space follows, which a form of a place or an
/// organisation may drop.
fn spaced_articles() -> impl Iterator<Item = &'static str> {
    NAME_ARTICLES
        .iter()
        .copied()
        .filter(|a| words::elided(a).is_none())
}

/// What a walk's match reads of a pattern of a [`Part`].
#[derive(Clone, Copy, Debug)]
struct PatternInfo {
    /// The pattern's length in bytes (a match state also lists the shorter patterns that end
    /// there, which belong to walks from later starts).
    len: u32,
    /// Its first target in [`Gazetteer::targets`]; the next pattern's `first` ends them.
    first: u32,
}

/// One part of the automaton.
#[derive(Clone, Debug)]
struct Part {
    nfa: contiguous::NFA,
    /// The anchored start state of `nfa`.
    start: StateID,
    /// Where the patterns of `nfa` start in [`Gazetteer::info`]: pattern `p` of `nfa` is
    /// `info[offset + p]`, so that a match reads the length and the targets of its pattern
    /// from one place, with no table from the automaton's ids to the gazetteer's.
    offset: u32,
}

/// Below this many pattern bytes, one part: a thread would cost more than it saves.
const PARALLEL_FROM: usize = 64 * 1024;

/// Collects gazetteer files before compiling them into a [`Gazetteer`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Builder {
    files: Vec<SourceFile>,
    entries: Vec<Entry>,
    /// Folded pattern → its index in `order`. The built-in patterns are borrowed from the
    /// compiled blob: ~90,000 of them are not copied at each start-up.
    patterns: HashMap<Cow<'static, str>, u32, FastHash>,
    /// Patterns in order of first sight.
    order: Vec<Cow<'static, str>>,
    /// (pattern index, candidate), grouped by pattern when building.
    pending: Vec<(u32, PatternEntry)>,
    /// When set, only these lexicons are matched (the others are still read and checked).
    lexicons: Option<Vec<String>>,
    /// Lexicons read word by word rather than matched in the text ([`WordLists`]).
    word_lists: WordLists,
    /// The bit of the word list the file being added feeds, if it is one.
    current_word_list: Option<u8>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Matches only the lexicons named here: a lexicon that no rule reads would only cost
    /// load time and matching time. Files of other lexicons are still parsed, so their
    /// faults are still reported. By default every lexicon is matched.
    pub fn only_lexicons(&mut self, names: &[&str]) -> &mut Self {
        self.lexicons = Some(names.iter().map(|n| n.to_string()).collect());
        self
    }

    /// Reads the lexicons named here word by word: their forms are not matched in the text
    /// by the automaton, but looked up one token at a time ([`Gazetteer::word_lists`]). For
    /// lists of single words that hold the most frequent words of the language (`Le`,
    /// `de`): matched in the text, they would cost a match at nearly every word. At most 8.
    pub fn word_lists(&mut self, names: &[&str]) -> &mut Self {
        self.word_lists.names = names.iter().take(8).map(|n| n.to_string()).collect();
        self
    }

    /// Adds every `*.txt` file below `dir` (`PER/`, `ORG/`, `LOC/`, `lexique/`).
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let files = crate::walk::files_with_extension(dir, "txt").map_err(|e| Error::io(dir, e))?;
        for path in files {
            let name = crate::walk::relative_name(dir, &path);
            let shown = path.display().to_string();
            let text = Error::read_text(&path, &shown)?;
            self.add_file_as(&name, &shown, &text)?;
        }
        Ok(())
    }

    /// Adds one file's text under its name relative to a gazetteer folder
    /// (`LOC/pays.txt`); the folder gives the label, the name the sub-type.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), Error> {
        self.add_file_as(name, name, text)
    }

    fn add_file_as(&mut self, name: &str, shown: &str, text: &str) -> Result<(), Error> {
        let kind = file_kind(name).ok_or_else(|| {
            Error::other(format!(
                "{shown}: a gazetteer file goes in a folder named PER, ORG, LOC or lexique \
                 (for example LOC/villes.txt)"
            ))
        })?;
        let parsed = parse::parse(shown, text)?;
        let Some(file) = self.start_file(kind, shown, parsed.priority) else {
            return Ok(());
        };
        for line in parsed.lines {
            let entry = self.entries.len() as u32;
            let first_of_entry = self.pending.len();
            for form in &line.forms {
                let key = fold(&form.text, Case::Fold);
                let exact = form.case_exact.then(|| fold(&form.text, Case::Keep));
                if let Some(bit) = self.current_word_list {
                    self.word_lists.add(bit, &key, exact.as_deref());
                    continue;
                }
                let capital = form.text.chars().next().is_some_and(char::is_uppercase);
                let without = capital
                    .then(|| self.without_article(&key))
                    .flatten()
                    .map(str::to_owned);
                if let Some(rest) = without {
                    let exact_rest = exact.as_deref().and_then(strip_article);
                    self.add_form(entry, first_of_entry, rest.into(), exact_rest, true, true);
                }
                self.add_form(
                    entry,
                    first_of_entry,
                    key.into(),
                    exact.as_deref(),
                    capital,
                    false,
                );
            }
            self.entries.push(Entry {
                file,
                line: line.line as u32,
                canonical: line.forms[0].text.clone().into(),
                id: line.id.map(Cow::from),
                attrs: line
                    .attrs
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            });
        }
        Ok(())
    }

    /// Adds the built-in gazetteers that `build.rs` parsed and folded into the binary: all
    /// of them when `entities`, else only the lexicons when `lexicons`.
    pub(crate) fn add_builtin(&mut self, entities: bool, lexicons: bool) {
        // Room for them at once: growing the map of ~90,000 patterns step by step rehashed
        // it a dozen times.
        let wanted = |name: &str| entities || lexicons && name.starts_with("gazetteers/lexique/");
        let lines: usize = compiled::files()
            .filter(|(name, _)| wanted(name))
            .map(|(_, body)| compiled::lines(body))
            .sum();
        self.patterns.reserve(lines);
        self.order.reserve(lines);
        self.entries.reserve(lines);
        for (name, body) in compiled::files() {
            if wanted(name) {
                self.add_compiled(name, body);
            }
        }
    }

    /// Adds one built-in file from its compiled body (see [`compiled`]).
    fn add_compiled(&mut self, name: &str, body: compiled::Body) {
        // build.rs only compiles files whose folder gives a kind.
        let Some(kind) = file_kind(name) else {
            return;
        };
        let mut r = compiled::Reader::new(body);
        let priority = r.i32();
        let Some(file) = self.start_file(kind, name, priority) else {
            return;
        };
        let lines = r.u32();
        self.entries.reserve(lines as usize);
        for _ in 0..lines {
            let entry = self.entries.len() as u32;
            let first_of_entry = self.pending.len();
            let line = r.u32();
            let canonical = r.str().into();
            let id = Some(r.str()).filter(|id| !id.is_empty()).map(Cow::from);
            let attrs = (0..r.u32())
                .map(|_| (r.str().into(), r.str().into()))
                .collect();
            for _ in 0..r.u32() {
                let flags = r.u8();
                let key = r.str();
                let exact = (flags & 1 != 0).then(|| r.str());
                if let Some(bit) = self.current_word_list {
                    self.word_lists.add(bit, key, exact);
                    continue;
                }
                let capital = flags & 2 != 0;
                let without = capital.then(|| self.without_article(key)).flatten();
                if let Some(rest) = without {
                    let exact_rest = exact.and_then(strip_article);
                    self.add_form(entry, first_of_entry, rest.into(), exact_rest, true, true);
                }
                self.add_form(entry, first_of_entry, key.into(), exact, capital, false);
            }
            self.entries.push(Entry {
                file,
                line,
                canonical,
                id,
                attrs,
            });
        }
    }

    /// Records a file about to be added and returns its index; `None` for a lexicon that no
    /// rule reads (see [`Self::only_lexicons`]).
    fn start_file(&mut self, kind: FileKind, shown: &str, priority: i32) -> Option<u32> {
        self.current_word_list = match &kind {
            FileKind::Lexicon { name } => self.word_lists.bit(name),
            FileKind::Entity { .. } => None,
        };
        if let (FileKind::Lexicon { name }, Some(used), None) =
            (&kind, &self.lexicons, self.current_word_list)
        {
            if !used.contains(name) {
                return None;
            }
        }
        let file = self.files.len() as u32;
        self.files.push(SourceFile {
            name: shown.to_string(),
            kind,
            priority,
        });
        Some(file)
    }

    /// The folded form `key` of a place or an organisation without its leading article
    /// (`parisien` for `le parisien`), when it has one and the file is of those labels.
    fn without_article<'k>(&self, key: &'k str) -> Option<&'k str> {
        let file = self.files.last()?;
        if !matches!(
            file.kind,
            FileKind::Entity {
                label: Label::Org | Label::Loc,
                ..
            }
        ) {
            return None;
        }
        spaced_articles()
            .find_map(|a| key.strip_prefix(a)?.strip_prefix(' '))
            .filter(|rest| rest.chars().count() >= 3)
    }

    /// Adds one form (folded as `key`, and as `exact` when case-exact) of entry `entry`, whose
    /// forms so far were added from `pending[first_of_entry..]`.
    fn add_form(
        &mut self,
        entry: u32,
        first_of_entry: usize,
        key: Cow<'static, str>,
        exact: Option<&str>,
        capital: bool,
        article: bool,
    ) {
        let pattern = match self.patterns.get(&*key) {
            Some(&p) => p,
            None => {
                let p = self.order.len() as u32;
                self.order.push(key.clone());
                self.patterns.insert(key, p);
                p
            }
        };
        // Two forms of one entry that fold alike (Erdoğan, Erdogan) are one pattern.
        let lexicon = matches!(
            self.files.last().map(|f| &f.kind),
            Some(FileKind::Lexicon { .. })
        );
        let mut flags = 0;
        if capital {
            flags |= Target::CAPITAL;
        }
        if lexicon {
            flags |= Target::LEXICON;
        }
        if exact.is_some() {
            flags |= Target::EXACT;
        }
        if article {
            flags |= Target::ARTICLE;
        }
        let candidate = PatternEntry {
            target: Target { entry, flags },
            exact: exact.map(Box::from),
        };
        let seen = self.pending[first_of_entry..]
            .iter()
            .any(|(p, c)| *p == pattern && *c == candidate);
        if !seen {
            self.pending.push((pattern, candidate));
        }
    }

    /// Compiles everything added so far (the tests' shortcut: the tagger's builder calls
    /// [`Builder::build_with`]).
    #[cfg(test)]
    pub fn build(self) -> Result<Gazetteer, Error> {
        self.build_with(|_| ()).map(|(gazetteer, ())| gazetteer)
    }

    /// Compiles everything added so far and, while the automaton compiles (on other
    /// threads), runs `meanwhile` on the gazetteer without its automaton: its files and
    /// entries are all there, but it matches nothing yet. The rules compile against the
    /// gazetteers this way, so that start-up waits for the longer of the two only.
    pub(crate) fn build_with<T>(
        self,
        meanwhile: impl FnOnce(&Gazetteer) -> T,
    ) -> Result<(Gazetteer, T), Error> {
        let Builder {
            files,
            entries,
            patterns,
            order,
            pending,
            word_lists,
            ..
        } = self;
        let pattern_count = order.len();
        let (part_of, members) = deal(&order);
        // Each pattern's place in the order of the parts and of their own pattern ids, which
        // is the order of the targets (see `Part::offset`), and its length. A pattern in no
        // part (an empty one, which the parser refuses) has no place and no targets.
        let mut place: Vec<Option<u32>> = vec![None; pattern_count];
        let mut info = Vec::with_capacity(pattern_count + 1);
        let mut offsets = Vec::with_capacity(members.len());
        for ids in &members {
            offsets.push(info.len() as u32);
            for &p in ids {
                place[p as usize] = Some(info.len() as u32);
                info.push(PatternInfo {
                    len: order[p as usize].len() as u32,
                    first: 0,
                });
            }
        }
        let (gazetteer, compiled, other) = std::thread::scope(|s| {
            // The automaton needs only the patterns: it starts first, and the rest of the
            // work here is done meanwhile (freeing the map of ~90,000 keys alone took
            // ~15 ms after the automaton was done).
            let automaton = s.spawn(move || compile(&order, members, &offsets));
            drop(patterns);
            // Targets pattern by pattern in the parts' order, in load order within a pattern:
            // counted, then dealt (`pending` is in load order, nearly sorted by pattern
            // index, which the parts' order is not, so a sort would be all work).
            for at in pending.iter().filter_map(|(p, _)| place[*p as usize]) {
                info[at as usize].first += 1;
            }
            let mut total = 0;
            for pattern in &mut info {
                (pattern.first, total) = (total, total + pattern.first);
            }
            info.push(PatternInfo {
                len: 0,
                first: total,
            });
            let mut next: Vec<u32> = info.iter().map(|i| i.first).collect();
            let mut targets = vec![Target { entry: 0, flags: 0 }; total as usize];
            let mut exact = Vec::new();
            for (at, c) in pending
                .into_iter()
                .filter_map(|(p, c)| Some((place[p as usize]?, c)))
            {
                let at = &mut next[at as usize];
                if let Some(form) = c.exact {
                    exact.push((*at, form));
                }
                targets[*at as usize] = c.target;
                *at += 1;
            }
            exact.sort_unstable_by_key(|&(t, _)| t);
            let gazetteer = Gazetteer {
                files,
                entries,
                word_lists,
                parts: Vec::new(),
                part_of,
                prefixes: Prefixes::new::<&str>(&[]),
                info,
                targets,
                exact,
            };
            let other = meanwhile(&gazetteer);
            let compiled = automaton
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (gazetteer, compiled, other)
        });
        let mut gazetteer = gazetteer;
        (gazetteer.parts, gazetteer.prefixes) = compiled?;
        Ok((gazetteer, other))
    }
}

/// Deals the patterns to the parts of the automaton by first byte, balancing their bytes:
/// the parts compile on two threads (compiling ~90,000 patterns is most of the load time,
/// and parts are as fast to match as one). Returns the part of each first byte and the
/// patterns of each part, in increasing order.
fn deal(patterns: &[Cow<'static, str>]) -> ([Option<u8>; 256], Vec<Vec<u32>>) {
    let total: usize = patterns.iter().map(|p| p.len()).sum();
    let count = if total < PARALLEL_FROM { 1 } else { 2 };
    let mut weight = [0usize; 256];
    for p in patterns {
        if let Some(&b) = p.as_bytes().first() {
            weight[b as usize] += p.len();
        }
    }
    // Heaviest bytes first, each to the lightest part so far (deterministic: ties by byte).
    let mut bytes: Vec<usize> = (0..256).filter(|&b| weight[b] > 0).collect();
    bytes.sort_by_key(|&b| (std::cmp::Reverse(weight[b]), b));
    let mut load = vec![0usize; count];
    let mut part_of = [None; 256];
    for b in bytes {
        let lightest = (0..count).min_by_key(|&k| (load[k], k)).unwrap_or(0);
        load[lightest] += weight[b];
        part_of[b] = Some(lightest as u8);
    }
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (i, p) in patterns.iter().enumerate() {
        if let Some(part) = p.as_bytes().first().and_then(|&b| part_of[b as usize]) {
            members[part as usize].push(i as u32);
        }
    }
    (part_of, members)
}

/// Compiles the parts of the automaton, the patterns of each part (`members`, from
/// [`deal`]) on a thread of its own, and the filter of word prefixes meanwhile.
/// [`Builder::build_with`] calls it on a thread of its own, the caller meanwhile working.
fn compile(
    patterns: &[Cow<'static, str>],
    members: Vec<Vec<u32>>,
    offsets: &[u32],
) -> Result<(Vec<Part>, Prefixes), Error> {
    let build = |(ids, &offset): (Vec<u32>, &u32)| -> Result<Part, Error> {
        // Walks are anchored and report every pattern, so: no prefilter (it only serves
        // unanchored searches and slows both compiling and matching), standard semantics.
        let nfa = contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(ids.iter().map(|&i| patterns[i as usize].as_bytes()))
            .map_err(|e| Error::other(format!("cannot compile the gazetteers: {e}")))?;
        let start = nfa
            .start_state(Anchored::Yes)
            .map_err(|e| Error::other(format!("cannot compile the gazetteers: {e}")))?;
        Ok(Part { nfa, start, offset })
    };
    let mut members = members.into_iter().zip(offsets);
    let first = members.next().unwrap_or((Vec::new(), &0));
    let (parts, prefixes) = std::thread::scope(|s| {
        let others: Vec<_> = members.map(|m| s.spawn(move || build(m))).collect();
        let mut parts = vec![build(first)];
        let prefixes = Prefixes::new(patterns);
        parts.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        (parts, prefixes)
    });
    Ok((parts.into_iter().collect::<Result<_, _>>()?, prefixes))
}

/// Every fault of one gazetteer file, named `name` relative to its folder and `shown` in
/// messages: its place (a folder that gives no kind), then each line the parser refuses.
/// The parser stops at a file's first fault, so each faulty line is blanked in turn and the
/// file parsed again (line numbers stay); a hundred faults are plenty to show.
pub(crate) fn file_faults(name: &str, shown: &str, text: &str) -> Vec<Error> {
    if file_kind(name).is_none() {
        return vec![Error::other(format!(
            "{shown}: a gazetteer file goes in a folder named PER, ORG, LOC or lexique \
             (for example LOC/villes.txt)"
        ))];
    }
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines: Vec<&str> = body.lines().collect();
    let mut faults = Vec::new();
    while faults.len() < 100 {
        match parse::parse(shown, &lines.join("\n")) {
            Ok(_) => break,
            Err(e) => {
                let line = e.line;
                faults.push(Error::from(e));
                match lines.get_mut(line.wrapping_sub(1)) {
                    Some(l) if !l.is_empty() => *l = "",
                    // A fault the blanking cannot remove: no use parsing again.
                    _ => break,
                }
            }
        }
    }
    faults
}

fn file_kind(name: &str) -> Option<FileKind> {
    let (folder, file) = name.rsplit_once('/')?;
    let folder = folder.rsplit('/').next().unwrap_or(folder);
    let stem = file.split('.').next().unwrap_or(file).to_string();
    if stem.is_empty() {
        return None;
    }
    match folder {
        "lexique" => Some(FileKind::Lexicon { name: stem }),
        _ => Label::from_name(folder).map(|label| FileKind::Entity {
            label,
            subtype: stem,
        }),
    }
}

impl Gazetteer {
    /// The loaded files, in load order.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The lexicons read word by word (see [`Builder::word_lists`]).
    pub(crate) fn word_lists(&self) -> &WordLists {
        &self.word_lists
    }

    /// Every entry of every file.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The file an entry comes from.
    pub fn file_of(&self, entry: &Entry) -> &SourceFile {
        &self.files[entry.file as usize]
    }

    /// How many distinct folded forms the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.info.len().saturating_sub(1)
    }
}

/// A case-exact form without its leading article (`Monde` for `Le Monde`).
fn strip_article(form: &str) -> Option<&str> {
    spaced_articles().find_map(|a| {
        let head = form.get(..a.len())?;
        let rest = form[a.len()..].strip_prefix(' ')?;
        head.eq_ignore_ascii_case(a).then_some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::find::Found;
    use super::*;
    use crate::normalise::Normalised;

    #[test]
    fn file_faults_reports_every_faulty_line() {
        let faults = file_faults("ORG/a.txt", "g/ORG/a.txt", "Bon\n| x\nAutre\na | | b\n");
        let at: Vec<_> = faults
            .iter()
            .map(|e| e.location().map(|l| (l.line, l.column)))
            .collect();
        assert_eq!(at, [Some((2, 1)), Some((4, 5))]);
        assert!(faults[0].to_string().starts_with("g/ORG/a.txt:2:1: "));
        assert!(file_faults("ORG/a.txt", "a", "Bon\n").is_empty());
        assert_eq!(file_faults("a.txt", "a.txt", "Bon\n").len(), 1);
    }

    fn gazetteer(files: &[(&str, &str)]) -> Gazetteer {
        let mut b = Builder::new();
        for (name, text) in files {
            b.add_file(name, text).unwrap();
        }
        b.build().unwrap()
    }

    fn matches(g: &Gazetteer, text: &str) -> Vec<String> {
        let mut view = Normalised::new();
        view.fill(text, Case::Fold);
        let (mut e, mut l) = (Vec::new(), Vec::new());
        g.find(text, &view, &mut e, &mut l);
        e.iter()
            .chain(&l)
            .map(|h| {
                let entry = &g.entries()[h.entry as usize];
                format!("{}={}", &text[h.start..h.end], entry.canonical)
            })
            .collect()
    }

    /// (text, expected `matched text=canonical` list, entity hits first).
    const TABLE: &[(&str, &[&str])] = &[
        ("Selon l’OSDH, à Idlib.", &["OSDH=OSDH", "Idlib=Idlib"]),
        ("la province d’Idleb", &["Idleb=Idlib"]),
        ("IDLIB", &["IDLIB=Idlib"]),
        ("idlib", &[]),
        (
            "la Grande-Bretagne, la grande-bretagne",
            &["Grande-Bretagne=Grande-Bretagne"],
        ),
        (
            "le ministère des Armées",
            &["ministère des Armées=ministère des Armées"],
        ),
        (
            "le Ministère des armées",
            &["Ministère des armées=ministère des Armées"],
        ),
        ("Idlibien", &[]),
        ("les tours de Tours", &["Tours=Tours"]),
        ("l'onu et l'ONU", &["ONU=Organisation des Nations unies"]),
        (
            "Organisation  des\u{00A0}Nations unies",
            &["Organisation  des\u{00A0}Nations unies=Organisation des Nations unies"],
        ),
        ("Maroc-Sénégal", &["Maroc=Maroc", "Sénégal=Sénégal"]),
        ("L'Isle-sur-le-Maroc, Maroc-sur-Mer, Saint-Maroc", &[]),
        ("Etats-Unis", &["Etats-Unis=États-Unis"]),
        ("ÉTATS‑UNIS", &["ÉTATS‑UNIS=États-Unis"]),
        (
            "Erdoğan et Erdogan",
            &[
                "Erdoğan=Recep Tayyip Erdoğan",
                "Erdogan=Recep Tayyip Erdoğan",
            ],
        ),
        ("le président turc", &["turc=turc"]),
    ];

    #[test]
    fn an_article_is_stripped_with_its_space() {
        assert_eq!(strip_article("Le Monde"), Some("Monde"));
        assert_eq!(strip_article("LES Républicains"), Some("Républicains"));
        assert_eq!(strip_article("L'Express"), None);
        assert_eq!(strip_article("Lesotho"), None);
    }

    #[test]
    fn matcher_table() {
        let g = gazetteer(&[
            (
                "LOC/t.txt",
                "Idlib | Idleb\n=Tours\nMaroc\nSénégal\nÉtats-Unis | Etats-Unis\nGrande-Bretagne\n",
            ),
            (
                "ORG/t.txt",
                "=OSDH\nOrganisation des Nations unies | =ONU\nministère des Armées\n",
            ),
            ("PER/t.txt", "Recep Tayyip Erdoğan | Erdoğan | Erdogan\n"),
            ("lexique/gentiles.txt", "turc | turque ; pays=Turquie\n"),
        ]);
        for &(text, want) in TABLE {
            assert_eq!(matches(&g, text), want, "in {text:?}");
        }
    }

    /// The blob that build.rs compiles says exactly what reading the files says.
    /// A place or an organisation whose name opens with an article is also found without
    /// it after an article in lower case or contracted, with its entry; nowhere else.
    #[test]
    fn a_name_without_its_article_after_a_contracted_one() {
        let g = gazetteer(&[
            ("ORG/medias.txt", "Le Parisien ; Q2050\n=Le Monde\n"),
            ("LOC/villes.txt", "Le Havre\n"),
            ("PER/gens.txt", "Le Pen\n"),
        ]);
        let table: &[(&str, &[&str])] = &[
            ("publié par le Parisien", &["Parisien=Le Parisien"]),
            // Both; the longer wins when entities are resolved.
            (
                "Le Parisien titre",
                &["Parisien=Le Parisien", "Le Parisien=Le Parisien"],
            ),
            ("un entretien au Monde", &["Monde=Le Monde"]),
            ("la femme du monde", &[]),
            ("il vit au Havre", &["Havre=Le Havre"]),
            // No article before it: a Parisien is a person from Paris.
            ("un Parisien", &[]),
            ("Parisien de naissance", &[]),
            // Not for persons.
            ("de le Pen", &[]),
        ];
        for (text, want) in table {
            assert_eq!(&matches(&g, text), want, "{text}");
        }
    }

    /// Word lists are looked up word by word, with their case rules, and are not matched in
    /// the text.
    #[test]
    fn word_lists_are_looked_up_not_matched() {
        let mut b = Builder::new();
        b.word_lists(&["non_noms", "particules"]);
        b.add_file("lexique/non_noms.txt", "=Le\n=À\nmais\n")
            .unwrap();
        b.add_file("lexique/particules.txt", "=de\n=van\n").unwrap();
        let g = b.build().unwrap();
        assert!(matches(&g, "Le chat de van").is_empty());
        let lists = g.word_lists();
        let (nn, pa) = (
            lists.bit("non_noms").unwrap(),
            lists.bit("particules").unwrap(),
        );
        let mut buf = String::new();
        for (word, want) in [
            ("Le", nn),
            ("le", 0),
            ("À", nn),
            ("MAIS", nn),
            ("Mais", nn),
            ("de", pa),
            ("De", 0),
            ("van", pa),
            ("vanille", 0),
            ("", 0),
        ] {
            assert_eq!(lists.lookup(word, &mut buf), want, "{word:?}");
        }
        assert_eq!(lists.bit("prenoms"), None);
    }

    #[test]
    fn compiled_builtins_match_their_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compiled = Builder::new();
        compiled.add_builtin(true, true);
        let mut read = Builder::new();
        let mut names = Vec::new();
        for path in crate::walk::files_with_extension(&root.join("gazetteers"), "txt").unwrap() {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            names.push((name, std::fs::read_to_string(&path).unwrap()));
        }
        names.sort();
        for (name, text) in &names {
            read.add_file(name, text).unwrap();
        }
        assert_eq!(compiled.files.len(), names.len());
        let debug = |b: &Builder| {
            format!(
                "{:?}\n{:?}\n{:?}\n{:?}",
                b.files, b.entries, b.order, b.pending
            )
        };
        assert!(debug(&compiled) == debug(&read));
    }

    #[test]
    fn file_outside_a_label_folder_is_refused() {
        let mut b = Builder::new();
        let err = b.add_file("villes.txt", "Paris\n").unwrap_err();
        assert!(
            err.to_string().contains("PER, ORG, LOC or lexique"),
            "{err}"
        );
        let err = b.add_file("XYZ/villes.txt", "Paris\n").unwrap_err();
        assert!(err.to_string().contains("XYZ/villes.txt"), "{err}");
    }

    #[test]
    fn file_kind_from_name() {
        assert_eq!(
            file_kind("LOC/villes.gen.txt"),
            Some(FileKind::Entity {
                label: Label::Loc,
                subtype: "villes".into()
            })
        );
        assert_eq!(
            file_kind("lexique/prenoms.txt"),
            Some(FileKind::Lexicon {
                name: "prenoms".into()
            })
        );
    }

    /// Every valid match, found the slow way: every form tried at every position that can
    /// start one, without automaton or filter.
    fn brute_force(builder: &Builder, g: &Gazetteer, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut view = Normalised::new();
        view.fill(text, Case::Fold);
        let folded = view.as_str();
        let (mut entities, mut lexicon, mut exact) = (Vec::new(), Vec::new(), String::new());
        let mut found = Found {
            original: text,
            view: &view,
            entities: &mut entities,
            lexicon: &mut lexicon,
            exact: &mut exact,
            cuts: &[],
        };
        // Where each pattern's targets are, as the parts were dealt (a walk finds them
        // through its part's offset instead).
        let mut place = vec![0; builder.order.len()];
        for (at, p) in deal(&builder.order).1.into_iter().flatten().enumerate() {
            place[p as usize] = at;
        }
        for (i, _) in folded.char_indices() {
            if folded[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            for (p, form) in builder.order.iter().enumerate() {
                if folded[i..].starts_with(&**form) {
                    let at = place[p];
                    let targets = g.info[at].first as usize..g.info[at + 1].first as usize;
                    g.check(i..i + form.len(), targets, &mut found);
                }
            }
        }
        for hits in [&mut entities, &mut lexicon] {
            hits.sort_by_key(|h| (h.end, std::cmp::Reverse(h.start)));
        }
        (entities, lexicon)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]
        /// The filter of word prefixes changes how far walks go, never what they find.
        #[test]
        fn walks_find_what_brute_force_finds(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Saint", "saint", "Denis", "-", "Saint-Denis", "M.", "M", ".", "le", "Le",
                    "Pen", "Marine", "de", "Gaulle", "l'", "L’", "Oréal", "Yahoo", "!", "New",
                    "York", "york", "Erdoğan", "Erdogan", "OTAN", "Otan", "sur", "Mer", ",",
                    " ", "  ", "\u{a0}", "é", "ĳ", "Ⅻ", "2", "1er", "a", "à",
                ]),
                0..24,
            ),
            glue in proptest::collection::vec(proptest::bool::ANY, 24),
        ) {
            let files: &[(&str, &str)] = &[
                ("LOC/t.txt", "Saint-Denis\nBoulogne-sur-Mer\nNew York\nYork\n"),
                ("PER/t.txt", "Marine Le Pen\nLe Pen\nCharles de Gaulle | de Gaulle\nErdoğan\n"),
                ("ORG/t.txt", "=OTAN\nYahoo!\nL'Oréal\n"),
                ("lexique/titres.txt", "M.\nsaint\nle\n"),
            ];
            let mut builder = Builder::new();
            for (name, text) in files {
                builder.add_file(name, text).unwrap();
            }
            let g = builder.clone().build().unwrap();
            let mut text = String::new();
            for (w, glued) in words.iter().zip(&glue) {
                if !glued && !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(w);
            }
            let mut view = Normalised::new();
            view.fill(&text, Case::Fold);
            let (mut e, mut l) = (Vec::new(), Vec::new());
            g.find(&text, &view, &mut e, &mut l);
            let (be, bl) = brute_force(&builder, &g, &text);
            proptest::prop_assert_eq!(e, be, "entities in {:?}", text);
            proptest::prop_assert_eq!(l, bl, "lexicon in {:?}", text);
        }
    }
}
