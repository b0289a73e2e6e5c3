//! The tokeniser's word lists: abbreviations, elisions, titles, subject pronouns, false
//! inversions and glued sentence openers.
//!
//! Decision (issue 15): the lists are data, in `data/tokenise/*.txt`, so that a linguist
//! edits a word list rather than a `match`; each file's header says what it holds. They are
//! compiled in with `include_str!` (the tokeniser needs no file at run time) and parsed once,
//! on first use, into [`LEXICON`]; [`super::tokenise`] takes a reference to it once per text.
//! They live in `data/`, not in `gazetteers/lexique/`: they are case-sensitive token
//! lists read by the tokeniser, not forms matched in the text, and every `.txt` under
//! `gazetteers/` is compiled into the built-in gazetteer.
//!
//! Speed: [`WordSet::contains`] rejects a word by its length and first byte before it
//! hashes anything, so that the lookup made for every word (is it a bare title?) costs
//! about what the `match` it replaced did.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::hash::FastHash;

/// The word lists, parsed on first use.
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Every word list of the tokeniser.
pub(super) struct Lexicon {
    /// Abbreviations that take a period, which then belongs to the token. Case-sensitive.
    period_abbreviations: WordSet,
    /// Words split off before an apostrophe, lower case.
    elisions: WordSet,
    /// Titles written without a period that still mark a following name. Case-sensitive.
    bare_titles: WordSet,
    /// Subject pronouns that can follow an inverted verb, lower case.
    subject_pronouns: WordSet,
    /// Compounds that look like inversions but are not: `word-pronoun`, or `word-*`.
    false_inversions: WordSet,
    /// Words that, glued to the end of a lower-case word, open a new sentence.
    glued_openers: WordSet,
}

/// The longest word looked up without case: those are lower-cased into a buffer this long.
const CASELESS_MAX: usize = 8;

impl Lexicon {
    fn load() -> Self {
        let caseless = |name, text| {
            let set = WordSet::parse(name, text);
            if let Some(w) = set.words.iter().find(|w| {
                let head = w.split('-').next().unwrap_or(w);
                head.len() > CASELESS_MAX || w.bytes().any(|b| b.is_ascii_uppercase())
            }) {
                panic!(
                    "data/tokenise/{name}: {w:?} is not lower case of {CASELESS_MAX} bytes at most"
                );
            }
            set
        };
        Lexicon {
            period_abbreviations: WordSet::parse(
                "abreviations.txt",
                include_str!("../../data/tokenise/abreviations.txt"),
            ),
            elisions: caseless(
                "elisions.txt",
                include_str!("../../data/tokenise/elisions.txt"),
            ),
            bare_titles: WordSet::parse(
                "titres.txt",
                include_str!("../../data/tokenise/titres.txt"),
            ),
            subject_pronouns: caseless(
                "pronoms_sujets.txt",
                include_str!("../../data/tokenise/pronoms_sujets.txt"),
            ),
            false_inversions: caseless(
                "fausses_inversions.txt",
                include_str!("../../data/tokenise/fausses_inversions.txt"),
            ),
            glued_openers: WordSet::parse(
                "ouvreurs_colles.txt",
                include_str!("../../data/tokenise/ouvreurs_colles.txt"),
            ),
        }
    }

    /// Words split off before an apostrophe (`l'`, `qu'`, `jusqu'`…), any case.
    pub(super) fn is_elision(&self, w: &str) -> bool {
        let mut buf = [0u8; CASELESS_MAX];
        ascii_lower(w.as_bytes(), &mut buf).is_some_and(|w| self.elisions.contains(w))
    }

    /// Abbreviations that take a period, which then belongs to the token.
    /// Case-sensitive: `M.` is a title, `m.` (metre) may end a sentence.
    pub(super) fn is_period_abbreviation(&self, w: &str) -> bool {
        self.period_abbreviations.contains(w)
    }

    /// Titles written without a period that still mark a following name.
    /// (`Me` is handled by the scanner: it is also the pronoun `me`.)
    #[inline]
    pub(super) fn is_bare_title(&self, w: &str) -> bool {
        self.bare_titles.contains(w)
    }

    /// Subject pronouns that can follow an inverted verb, any case.
    pub(super) fn is_subject_pronoun(&self, w: &[u8]) -> bool {
        let mut buf = [0u8; CASELESS_MAX];
        ascii_lower(w, &mut buf).is_some_and(|w| self.subject_pronouns.contains(w))
    }

    /// Hyphenated compounds that look like inversions but are not (`rendez-vous`,
    /// `chez-nous`, `entre-nous`): `before` is the text up to the hyphen before `pronoun`.
    pub(super) fn is_inversion_exception(&self, before: &str, pronoun: &[u8]) -> bool {
        let last = before
            .rsplit(['-', '\u{2010}', '\u{2011}'])
            .next()
            .unwrap_or("");
        let mut buf = [0u8; CASELESS_MAX];
        let Some(last) = ascii_lower(last.as_bytes(), &mut buf) else {
            return false;
        };
        // Rare (a hyphen before a subject pronoun), so a small allocation is no cost.
        let mut key = format!("{last}-*");
        if self.false_inversions.contains(&key) {
            return true;
        }
        key.pop();
        let mut pronoun_buf = [0u8; CASELESS_MAX];
        ascii_lower(pronoun, &mut pronoun_buf).is_some_and(|p| {
            key.push_str(p);
            self.false_inversions.contains(&key)
        })
    }

    /// Whether `w` is one of the sentence openers (`Selon`, `Le`, `Il`…), as written.
    pub(super) fn is_sentence_opener(&self, w: &str) -> bool {
        self.glued_openers.contains(w)
    }

    /// The byte offset where a glued sentence opener starts inside `w`, when `w` is at
    /// least three lower-case letters followed by one of the glued openers.
    pub(super) fn glued_sentence_start(&self, w: &str) -> Option<usize> {
        // Every word of the text comes here: most are ASCII without a capital after their
        // third letter, told by a byte scan before any character is decoded.
        if w.is_ascii() && !w.bytes().skip(3).any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let (cut, c) = w.char_indices().skip(3).find(|&(_, c)| c.is_uppercase())?;
        let before = &w[..cut];
        let lower_run = before
            .chars()
            .rev()
            .take_while(|c| c.is_lowercase())
            .count();
        (lower_run >= 3 && c.is_uppercase() && self.glued_openers.contains(&w[cut..]))
            .then_some(cut)
    }
}

/// Lower-cases an ASCII word of at most [`CASELESS_MAX`] bytes into `buf`; `None`
/// otherwise (no list holds such a word).
#[inline]
fn ascii_lower<'b>(w: &[u8], buf: &'b mut [u8; CASELESS_MAX]) -> Option<&'b str> {
    if w.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..w.len()]).ok()
}

/// A set of words from a list file, with a cheap test before the hash lookup.
pub(super) struct WordSet {
    words: HashSet<&'static str, FastHash>,
    /// The lengths in bytes of the shortest and the longest word.
    lengths: (usize, usize),
    /// Which bytes start a word, a bit each.
    first_bytes: [u64; 4],
}

impl WordSet {
    /// The words of a list file: one a line, blank lines and `#` comments skipped.
    fn parse(name: &str, text: &'static str) -> Self {
        let mut set = WordSet {
            words: HashSet::default(),
            lengths: (usize::MAX, 0),
            first_bytes: [0; 4],
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(
                !line.contains(char::is_whitespace),
                "data/tokenise/{name}: one word a line, not {line:?}"
            );
            let first = line.as_bytes()[0];
            set.first_bytes[usize::from(first >> 6)] |= 1 << (first & 63);
            set.lengths = (set.lengths.0.min(line.len()), set.lengths.1.max(line.len()));
            set.words.insert(line);
        }
        set
    }

    /// Whether `w` is in the list.
    #[inline]
    pub(super) fn contains(&self, w: &str) -> bool {
        let Some(&first) = w.as_bytes().first() else {
            return false;
        };
        w.len() >= self.lengths.0
            && w.len() <= self.lengths.1
            && self.first_bytes[usize::from(first >> 6)] & (1 << (first & 63)) != 0
            && self.words.contains(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_load_and_answer() {
        let l = &*LEXICON;
        assert!(l.is_period_abbreviation("Mme") && !l.is_period_abbreviation("mme"));
        assert!(l.is_elision("QU") && l.is_elision("jusqu") && !l.is_elision("x"));
        assert!(l.is_bare_title("Mgr") && !l.is_bare_title("Me"));
        assert!(l.is_subject_pronoun(b"Elle") && !l.is_subject_pronoun(b"lui"));
        assert!(l.is_inversion_exception("Chez", b"nous"));
        assert!(l.is_inversion_exception("Rendez", b"VOUS"));
        assert!(!l.is_inversion_exception("rendez", b"nous"));
        assert!(!l.is_inversion_exception("dit", b"il"));
        assert_eq!(l.glued_sentence_start("détruitsSelon"), Some(9));
        assert_eq!(l.glued_sentence_start("BlackRock"), None);
        assert_eq!(l.glued_openers.words.len(), 63);
    }
}
