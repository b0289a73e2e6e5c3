//! Finding the forms of a [`Gazetteer`] in a text: the walks of the automaton from each
//! word start, cut short by the filter of word prefixes, and the checks a match must pass
//! (word boundaries, capitals, exact case, articles). The builder is in the parent module;
//! this is what runs for every document.

use std::hash::Hasher;
use std::sync::LazyLock;

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton;
use rustc_hash::FxHasher;

use super::prefixes::feed;
use super::{Gazetteer, Hit, Part, Target};
use crate::normalise::{Case, Normalised, fold_into};
use crate::words;

/// What the text may write before a name whose article it dropped, folded, a space after it:
/// the article in lower case, or contracted with `de` or `à` (`data/gazetteer/avant_nom.txt`).
static ARTICLES_BEFORE: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::parse(include_str!("../../data/gazetteer/avant_nom.txt")));

/// Words that join the parts of French compound place names, folded
/// (`data/gazetteer/liants_composes.txt`).
static COMPOUND_JOINERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::parse(include_str!("../../data/gazetteer/liants_composes.txt")));

/// What [`Gazetteer::find`]'s walks read and where they put what they find.
pub(super) struct Found<'t, 'o> {
    pub(super) original: &'t str,
    pub(super) view: &'t Normalised,
    pub(super) entities: &'o mut Vec<Hit>,
    pub(super) lexicon: &'o mut Vec<Hit>,
    /// The text of a match folded with its case kept, for case-exact forms.
    pub(super) exact: &'o mut String,
    /// Where the view is cut inside a run of letters ([`FindScratch::cuts`]).
    pub(super) cuts: &'o [usize],
}

/// Working buffers of [`Gazetteer::find_with`], kept from one text to the next.
#[derive(Debug, Default)]
pub struct FindScratch {
    /// The runs of letters and digits of the view, as byte ranges.
    runs: Vec<(usize, usize)>,
    /// A match folded with its case kept.
    exact: String,
    /// For each run, what the filter of word prefixes says of a walk from its start.
    begins: Vec<Begin>,
    /// Offsets of the view, in increasing order, where a run of letters is cut as at a
    /// space: the starts of words the tokeniser cut off the word before them
    /// (`Token::GLUED`, `PékinLa`). Set by the caller before each text; empty for
    /// [`Gazetteer::find`].
    pub(crate) cuts: Vec<usize>,
}

/// What the filter of word prefixes says of the text from the start of a run, worked out
/// for every run before any walk (see [`Gazetteer::find_with`]).
#[derive(Clone, Default)]
struct Begin {
    /// A form may begin with the run.
    one: bool,
    /// A form may begin with the run, the gap after it and the next run.
    two: bool,
    /// The hasher fed those two runs and their gap (when `two`), for the walk to go on.
    hash: FxHasher,
}

// By hand: the hasher has no `Debug`, and its state says nothing to a reader.
impl std::fmt::Debug for Begin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Begin")
            .field("one", &self.one)
            .field("two", &self.two)
            .finish_non_exhaustive()
    }
}

impl Gazetteer {
    /// Finds every valid match in `original`, whose folded view is `view`: entity matches
    /// go to `entities`, lexicon matches to `lexicon` (both cleared first), in the order of
    /// their end in the text.
    pub fn find(
        &self,
        original: &str,
        view: &Normalised,
        entities: &mut Vec<Hit>,
        lexicon: &mut Vec<Hit>,
    ) {
        self.find_with(
            original,
            view,
            &mut FindScratch::default(),
            entities,
            lexicon,
        );
    }

    /// [`Gazetteer::find`] with working buffers kept from one text to the next (a tagger
    /// keeps one per thread), so that a text costs no allocation of its own.
    pub(crate) fn find_with(
        &self,
        original: &str,
        view: &Normalised,
        scratch: &mut FindScratch,
        entities: &mut Vec<Hit>,
        lexicon: &mut Vec<Hit>,
    ) {
        entities.clear();
        lexicon.clear();
        let folded = view.as_str();
        let bytes = folded.as_bytes();
        // The runs of letters and digits: a match starts and ends on their bounds.
        let FindScratch {
            runs,
            exact,
            begins,
            cuts,
        } = scratch;
        runs.clear();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (alnum, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = folded[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            };
            if alnum {
                match runs.last_mut() {
                    Some(run) if run.1 == i => run.1 = i + len,
                    _ => runs.push((i, i + len)),
                }
            }
            i += len;
        }
        // The cuts are rare (scraped text): the runs they fall in are split afterwards,
        // rather than testing every byte for one.
        if !cuts.is_empty() {
            let whole = std::mem::take(runs);
            let mut next_cut = 0;
            for (mut start, end) in whole {
                while let Some(&c) = cuts.get(next_cut).filter(|&&c| c < end) {
                    if c > start {
                        runs.push((start, c));
                        start = c;
                    }
                    next_cut += 1;
                }
                runs.push((start, end));
            }
        }
        // The filter is probed for every run first (and for the run with the next one, when
        // it holds the run alone), in a loop of its own: the probes of different runs do
        // not depend on each other, so the processor overlaps their cache misses instead of
        // waiting for each before a walk (the entity stage alone: a third less time in this
        // function, by perf samples; in the full pipeline no difference could be measured).
        begins.clear();
        begins.extend(runs.iter().enumerate().map(|(k, &(start, end))| {
            let mut hash = FxHasher::default();
            feed(&mut hash, &bytes[start..end]);
            let one = self.prefixes.may_begin(hash.finish());
            let Some(&(_, next_end)) = runs.get(k + 1).filter(|_| one) else {
                return Begin {
                    one,
                    ..Begin::default()
                };
            };
            feed(&mut hash, &bytes[end..next_end]);
            Begin {
                one,
                two: self.prefixes.may_begin(hash.finish()),
                hash,
            }
        }));
        let mut found = Found {
            original,
            view,
            entities,
            lexicon,
            exact,
            cuts,
        };
        // A match must start where the character before is not a letter or a digit, so
        // the automaton is walked from those positions only, anchored: most walks stop
        // after a byte or two, which is far cheaper than running over every byte and
        // following failure links for matches inside words that would be thrown away.
        let mut next_run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let run = runs.get(next_run).copied();
            let at_run = run.is_some_and(|(s, _)| s == i);
            if let Some(part) = self.part_of[bytes[i] as usize] {
                // From a run, the first two probes are known already.
                let limit = match begins.get(next_run).filter(|_| at_run) {
                    // A walk that would stop before it starts.
                    Some(b) if !b.one => None,
                    Some(b) => Some(match runs.get(next_run + 1) {
                        None => bytes.len(),
                        Some(&(next_start, _)) if !b.two => next_start,
                        Some(&(_, next_end)) => {
                            self.walk_limit_from(bytes, &b.hash, next_end, &runs[next_run + 2..])
                        }
                    }),
                    None => Some(self.walk_limit_from(
                        bytes,
                        &FxHasher::default(),
                        i,
                        &runs[next_run..],
                    )),
                };
                if let Some(limit) = limit {
                    self.walk(part, i, &bytes[..limit], &mut found);
                }
            }
            // On from the next position whose character before is not alphanumeric: the
            // next character of a gap, or the end of the run that starts here.
            match run {
                Some((_, end)) if at_run => {
                    next_run += 1;
                    i = end;
                }
                _ => i += folded[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        // In the order of their end (then longest first), as an unanchored search gives.
        found
            .entities
            .sort_by_key(|h| (h.end, std::cmp::Reverse(h.start)));
        found
            .lexicon
            .sort_by_key(|h| (h.end, std::cmp::Reverse(h.start)));
    }

    /// How far a walk may go, its text hashed up to `start` (not inside a word) as `hash`:
    /// over each gap between runs of letters and digits, and into a run only while the
    /// filter of word prefixes may hold the text from the walk's start to that run's end (a
    /// form cannot match past the limit). `runs` are the runs from the first one that does
    /// not end before `start`.
    fn walk_limit_from(
        &self,
        bytes: &[u8],
        hash: &FxHasher,
        start: usize,
        runs: &[(usize, usize)],
    ) -> usize {
        let mut hash = hash.clone();
        let mut at = start;
        for &(run_start, run_end) in runs {
            feed(&mut hash, &bytes[at..run_start]);
            let mut ahead = hash.clone();
            feed(&mut ahead, &bytes[run_start..run_end]);
            if !self.prefixes.may_begin(ahead.finish()) {
                return run_start;
            }
            hash = ahead;
            at = run_end;
        }
        bytes.len()
    }

    /// Walks the automaton part `part` from `start` over `bytes` (the view up to the walk's
    /// limit) and checks every form it spells out.
    fn walk(&self, part: u8, start: usize, bytes: &[u8], found: &mut Found<'_, '_>) {
        let Part {
            nfa,
            start: root,
            offset,
        } = &self.parts[part as usize];
        let info = &self.info[*offset as usize..];
        let mut sid = *root;
        for (j, &b) in bytes.iter().enumerate().skip(start) {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if !nfa.is_special(sid) {
                continue;
            }
            if nfa.is_dead(sid) {
                return;
            }
            if !nfa.is_match(sid) {
                continue;
            }
            // A match state also lists the patterns that end here but start later
            // (suffixes): those are found by the walk from their start.
            let end = j + 1;
            let own = (0..nfa.match_len(sid))
                .map(|k| nfa.match_pattern(sid, k).as_usize())
                .find(|&p| info[p].len as usize == end - start);
            if let Some(p) = own {
                let targets = info[p].first as usize..info[p + 1].first as usize;
                self.check(start..end, targets, found);
            }
        }
    }

    /// Checks a match of the pattern whose targets are `targets` at `range` of the view and
    /// records its hits.
    pub(super) fn check(
        &self,
        range: std::ops::Range<usize>,
        targets: std::ops::Range<usize>,
        found: &mut Found<'_, '_>,
    ) {
        let Found {
            original,
            view,
            entities,
            lexicon,
            exact: exact_buf,
            cuts,
        } = found;
        let folded = view.as_str();
        if !on_word_boundaries(folded, range.start, range.end, cuts) {
            return;
        }
        let at = range.start;
        let span = view.to_original(original, range);
        let mut checked_case = false;
        let initial_upper = original[span.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        for (c, t) in self.targets[targets.clone()].iter().zip(targets) {
            if c.flags & Target::CAPITAL != 0 && !initial_upper {
                continue;
            }
            if c.flags & Target::ARTICLE != 0 && !after_article(folded, at) {
                continue;
            }
            let exact = c.flags & Target::EXACT != 0;
            if exact {
                if !checked_case {
                    exact_buf.clear();
                    fold_into(&original[span.clone()], Case::Keep, exact_buf);
                    checked_case = true;
                }
                let form = self
                    .exact
                    .binary_search_by_key(&(t as u32), |(k, _)| *k)
                    .map_or("", |k| &self.exact[k].1);
                if **exact_buf != *form {
                    continue;
                }
            }
            let hit = Hit {
                start: span.start,
                end: span.end,
                entry: c.entry,
                exact,
            };
            if c.flags & Target::LEXICON != 0 {
                lexicon.push(hit);
            } else {
                entities.push(hit);
            }
        }
    }
}

/// Whether the view before `start` ends with an article written in lower case or
/// contracted (`du `, `au `, `le `…) that starts a word.
fn after_article(folded: &str, start: usize) -> bool {
    let Some(before) = folded[..start].strip_suffix(' ') else {
        return false;
    };
    ARTICLES_BEFORE.iter().any(|a| {
        before.ends_with(a)
            && !before[..before.len() - a.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// A match must not start or end inside a word: no letter or digit right before it, and none
/// right after it unless it ends with a mark (in the folded view), or where the view is cut
/// (`cuts`: a word glued to the one before it). An apostrophe or a hyphen before it is a boundary, which
/// leaves elided articles (`d'Idlib`) and compound halves (`Maroc-Sénégal`) outside.
///
/// A hyphen is not a boundary when it joins the match to a connecting word of a compound
/// place name: `Doubs` is not a name of its own in `L'Isle-sur-le-Doubs`, nor `Denis` in
/// `Saint-Denis`, nor `Isle` there.
fn on_word_boundaries(folded: &str, start: usize, end: usize, cuts: &[usize]) -> bool {
    let cut = |at: usize| cuts.binary_search(&at).is_ok();
    let before = folded[..start].chars().next_back().filter(|_| !cut(start));
    let after = folded[end..].chars().next().filter(|_| !cut(end));
    // A match that ends with a mark (`M.` in `M.Guerrero`, `Canal+`) ends on a boundary
    // whatever follows it. Its start stays strict: a form that opens with an apostrophe
    // must not start inside a word.
    let last = folded[start..end]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    if before.is_some_and(char::is_alphanumeric)
        || (last && after.is_some_and(char::is_alphanumeric))
    {
        return false;
    }
    if before == Some('-') {
        let word = folded[..start - 1]
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
            .next()
            .unwrap_or("");
        if COMPOUND_JOINERS.contains(&word.trim_end_matches('\'')) {
            return false;
        }
    }
    if after == Some('-') {
        let word = folded[end + 1..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if COMPOUND_JOINERS.contains(&word) {
            return false;
        }
    }
    true
}
