//! What the name rules read of each token, and the document pass that finds the later
//! mentions of a name.
//!
//! The name rules themselves are rules of phase 0 (`rules/01-noms.rules`); their word lists
//! are lexicons (`gazetteers/lexique/`). This module holds the two things the rule language
//! cannot say:
//! - [`classify`]: the name classes of each token (`NOM`, `SIGLE`, `PARTICULE`), worked
//!   out once a document from the tokeniser's case flags and what the lexicons say of the
//!   token ([`Lex`]);
//! - [`recall`], the document pass: once the names of the document are settled, the
//!   surname of a person found with a first name (`Altun` after `Fahrettin Altun`), a name
//!   a rule found (`Vexora` after `la société Vexora`), and an acronym defined next to its
//!   expansion, in either order (`Syndicat national … (SNTPC)`, `SNTPC (Syndicat …)`), are
//!   names wherever they occur again. The expansion itself is found by its initials: each
//!   letter of the acronym, in order, is the first letter of a word, and only short
//!   lower-case words are passed over between them.
//!
//! The pass reads the tokens once; at each, the names that start with that token's text
//! are looked up by their distinct lengths, longest first, so its work is linear in the
//! length of the text however many names a document has and however many share a first
//! word (it was once a search of the whole text per name, then a scan of the names sharing
//! the token: both quadratic in a long document of new names).

use std::collections::HashMap;

use crate::document::Label;
use crate::gazetteer::WordLists;
use crate::hash::FastHash;
use crate::rules::{Candidate, Origin, TokenClass};
use crate::tokenise::{Token, TokenKind, token_range};

/// The lexicons the name classes and the document pass read through the automaton, besides
/// those the rules name (see
/// [`Builder::only_lexicons`](crate::gazetteer::Builder::only_lexicons)).
pub const LEXICONS: &[&str] = &["prenoms", "titres", "gentiles"];

/// The lexicons of single words the name classes read word by word (see
/// [`Builder::word_lists`](crate::gazetteer::Builder::word_lists)): they hold the most
/// frequent words of the language, which the automaton would match at every turn.
pub const WORD_LISTS: &[&str] = &["non_noms", "particules", "sigles_communs"];

/// What the lexicons say of each token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lex(u8);

impl Lex {
    /// A first name (`lexique/prenoms`).
    pub const PRENOM: Lex = Lex(1);
    /// The last token of a title or function (`lexique/titres`).
    pub const TITRE_FIN: Lex = Lex(2);
    /// A demonym (`lexique/gentiles`).
    pub const GENTILE: Lex = Lex(4);
    /// The flag a match of the lexicon `name` sets, if any.
    pub fn of_lexicon(name: &str) -> Lex {
        match name {
            "prenoms" => Lex::PRENOM,
            "titres" => Lex::TITRE_FIN,
            "gentiles" => Lex::GENTILE,
            _ => Lex::default(),
        }
    }

    /// Whether every flag of `other` is set.
    pub fn has(self, other: Lex) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the flags of `other`.
    pub fn set(&mut self, other: Lex) {
        self.0 |= other.0;
    }
}

/// Works out the name classes of every token into `out` (cleared first; a particle is
/// marked only before a capitalised word, the one place a name rule reads it): `lex` holds what
/// the lexicons matched in the text say of each token, `lists` the word lists
/// ([`WORD_LISTS`]) it is looked up in, `buf` scratch space.
pub fn classify(
    text: &str,
    tokens: &[Token],
    lex: &[Lex],
    lists: &WordLists,
    buf: &mut String,
    out: &mut Vec<TokenClass>,
) {
    let bit = |name: &str| lists.bit(name).unwrap_or(0);
    let (non_nom, particule, sigle_commun) =
        (bit("non_noms"), bit("particules"), bit("sigles_communs"));
    out.clear();
    out.extend(tokens.iter().zip(lex).enumerate().map(|(i, (t, &l))| {
        let mut class = TokenClass::default();
        if t.kind != TokenKind::Word {
            return class;
        }
        let w = &text[t.span()];
        let capitalised = t.has(Token::CAPITALISED);
        // Only capitalised words can be names, acronyms or words that open sentences, and a
        // particle counts only before a capitalised word (`de Gaulle`): other words need no
        // lookup (most tokens).
        let acronym = capitalised && is_acronym(w);
        let before_capital = tokens.get(i + 1).is_some_and(|n| n.has(Token::CAPITALISED));
        let bits = if capitalised || (before_capital && w.len() <= 8) {
            lists.lookup(w, buf)
        } else {
            0
        };
        if capitalised
            && !t.has(Token::ALL_CAPS)
            && !w.ends_with(['\'', '’'])
            && bits & non_nom == 0
            && !l.has(Lex::GENTILE)
            && !l.has(Lex::TITRE_FIN)
        {
            class.set(TokenClass::NOM);
        }
        if acronym && bits & sigle_commun == 0 {
            class.set(TokenClass::SIGLE);
        }
        if bits & particule != 0 {
            class.set(TokenClass::PARTICULE);
        }
        class
    }));
}

/// Two to ten capitals, digits, `-` or `&`, at least two of them capitals (`OSDH`, `CGT-FO`,
/// `AT&T`).
pub fn is_acronym(w: &str) -> bool {
    // Most tokens start with a lower-case letter or are punctuation: no need to count
    // their characters.
    if !w.as_bytes().first().is_some_and(|&b| {
        b.is_ascii_uppercase() || b.is_ascii_digit() || b >= 0x80 || b == b'-' || b == b'&'
    }) {
        return false;
    }
    let n = w.chars().count();
    (2..=10).contains(&n)
        && w.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == '&')
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// What the document pass found, as the entity's provenance shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recall {
    /// The surname of a person found with a first name, or a name a rule found, again.
    Name,
    /// An acronym defined next to its expansion, again (and where it is defined).
    Acronym,
    /// The expansion of an acronym, found by the acronym's initials.
    Expansion,
}

impl Recall {
    /// The id shown as the entity's provenance (`rule`).
    pub fn id(self) -> &'static str {
        match self {
            Recall::Name => "rappel-nom",
            Recall::Acronym => "rappel-sigle",
            Recall::Expansion => "definition-sigle",
        }
    }

    /// The sub-type of what it finds.
    pub fn subtype(self) -> &'static str {
        match self {
            Recall::Name => "rappel",
            Recall::Acronym => "sigle",
            Recall::Expansion => "definition",
        }
    }

    /// Priority against a candidate of exactly the same span (lists have 0 or more, name
    /// rules mostly below): a mention found again yields to whatever found it in place.
    fn priority(self) -> i32 {
        match self {
            Recall::Expansion => 0,
            Recall::Name | Recall::Acronym => -10,
        }
    }
}

/// Everything the document pass reads.
pub struct Input<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// Lexicon flags per token.
    pub lex: &'a [Lex],
}

impl<'a> Input<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.text[t.span()])
    }
}

/// The document pass (appended to `out`): later mentions of the names in `chosen` (the
/// entities settled so far, in text order), and acronyms with their expansions.
pub fn recall(input: &Input<'_>, chosen: &[Candidate], out: &mut Vec<Candidate>) {
    let tokens = input.tokens;
    // Each name, with its label and what found it.
    let mut names: Vec<(&str, Label, Recall)> = Vec::new();
    for c in chosen {
        let Some((a, b)) = c.tokens.map(|(a, b)| (a as usize, b as usize)) else {
            continue;
        };
        let by_rule = matches!(c.origin, Origin::Rule(_));
        if c.label == Label::Per && b >= a + 2 {
            // Skip the leading first names; what is left is the surname.
            let mut s = a;
            while s + 1 < b && input.lex[s].has(Lex::PRENOM) {
                s += 1;
            }
            if s > a {
                let surname = &input.text[tokens[s].start()..tokens[b - 1].end()];
                if surname.chars().count() >= 3 && surname.starts_with(char::is_uppercase) {
                    names.push((surname, Label::Per, Recall::Name));
                }
            }
        }
        // A person or an organisation no list has, found by a rule, is the same name
        // wherever it is written again (a place is not: `à Pierre` is no reason to make
        // every `Pierre` a place).
        if by_rule && c.label != Label::Loc && c.end - c.start >= 3 {
            names.push((&input.text[c.start..c.end], c.label, Recall::Name));
        }
    }
    definitions(input, chosen, &mut names, out);
    if names.is_empty() {
        return;
    }
    // Longest first, so that at each token the longest name is found first; one name a
    // string.
    names.sort_unstable_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    names.dedup_by(|a, b| a.0 == b.0);
    // Each name is found by its first word and its length, in their shapes (`shape`): at
    // a token, the names whose first word has the shape of the word the token opens are
    // tried by their distinct lengths, longest first, one hash lookup each. The work at a
    // token is bounded by how many lengths those names have, not by how many names there
    // are: scanning every name that shares the first token was quadratic in a document
    // where thousands of names start with `Jean`, and an automaton of the names built per
    // document cost 5% of all tagging on news.
    let mut exact: HashMap<String, usize, FastHash> =
        HashMap::with_capacity_and_hasher(names.len(), FastHash::default());
    let mut lengths: HashMap<String, Vec<usize>, FastHash> = HashMap::default();
    for (k, &(name, ..)) in names.iter().enumerate() {
        // Two names of the same shape: the first (the longest) is the one found.
        exact.entry(shape(name)).or_insert(k);
        lengths
            .entry(shape(first_word(name)))
            .or_default()
            .push(name.len());
    }
    // `names` is sorted longest first: each list of lengths is too; one entry a length.
    for list in lengths.values_mut() {
        list.dedup();
    }
    // Most tokens cannot start a name (a lower-case word, a mark): a table of the names'
    // first bytes spares them the hashing.
    let mut first_bytes = [false; 256];
    for first in lengths.keys().filter_map(|w| w.as_bytes().first()) {
        first_bytes[*first as usize] = true;
    }
    let text = input.text;
    let (mut word, mut candidate_shape) = (String::new(), String::new());
    for t in tokens {
        if !first_bytes[text.as_bytes()[t.start()] as usize] {
            continue;
        }
        let Some(list) = lengths.get(shaped(first_word(&text[t.start()..]), &mut word)) else {
            continue;
        };
        // The longest name here that ends on a word boundary.
        let found = list.iter().find_map(|&len| {
            let end = t.start() + len;
            let candidate = text.get(t.start()..end)?;
            let &k = exact.get(shaped(candidate, &mut candidate_shape))?;
            // An acronym is found as it was written (`MS` is not `Ms`).
            if names[k].2 == Recall::Acronym && candidate != names[k].0 {
                return None;
            }
            let at_boundary = !text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            at_boundary.then_some(names[k])
        });
        let Some((name, label, recall)) = found else {
            continue;
        };
        let before = text[..t.start()].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        out.push(Candidate {
            start: t.start(),
            end: t.start() + name.len(),
            tokens: token_range(tokens, t.start(), t.start() + name.len()),
            label,
            priority: recall.priority(),
            origin: Origin::Pass(recall),
        });
    }
}

/// The shape under which a name is found again: a word with a lower-case letter keeps its
/// first character as written and has its other capitals lowered; a word without one
/// (`COVID-19`, `ONU`) stays as written. A name's capitals inside a word vary from one
/// mention to the next (`M'Jid El Guerrab`, then `M'jid El Guerrab`; `McDonald`,
/// `Mcdonald`); those that open its words do not (`Le Pen` is not `Le pen`), and a word
/// in capitals is an acronym or a headline's, not the same spelling (`COVID` is not
/// `Covid`).
fn shape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    shape_into(name, &mut out);
    out
}

/// The shape of `name`: `name` itself when it is already one (most words: no capital
/// inside a word that has lower-case letters), else written into `buf`.
fn shaped<'a>(name: &'a str, buf: &'a mut String) -> &'a str {
    let plain = name.split(' ').all(|word| {
        if word.is_ascii() {
            let b = word.as_bytes();
            !b.iter().skip(1).any(u8::is_ascii_uppercase) || !b.iter().any(u8::is_ascii_lowercase)
        } else {
            !word.chars().skip(1).any(char::is_uppercase) || !word.chars().any(char::is_lowercase)
        }
    });
    if plain {
        return name;
    }
    shape_into(name, buf);
    buf
}

/// [`shape`] into `out` (cleared first).
fn shape_into(name: &str, out: &mut String) {
    out.clear();
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !word.chars().any(char::is_lowercase) {
            out.push_str(word);
            continue;
        }
        let mut chars = word.chars();
        out.extend(chars.next());
        for c in chars {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}

/// The letters and digits `text` opens with (after a mark, if it opens with one): what a
/// name is looked up by. A token would not do: `M'Jid` is one token, `M'jid` two (an
/// elision).
fn first_word(text: &str) -> &str {
    // Byte by byte while the text is ASCII (a name's first word mostly is): this runs at
    // every capitalised token.
    let bytes = text.as_bytes();
    // A mark that opens the text belongs to its first word (`@compte`, `#MeToo`).
    let mut end = text
        .chars()
        .next()
        .filter(|c| !c.is_alphanumeric())
        .map_or(0, char::len_utf8);
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_alphanumeric() {
            end += 1;
        } else if b < 0x80 {
            break;
        } else {
            match text[end..].chars().next() {
                Some(c) if c.is_alphanumeric() => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    &text[..end]
}

/// Acronyms defined next to their expansion: `Expansion (SIGLE)` and `SIGLE (Expansion)`.
/// The expansion is proposed (an organisation, unless an entity already spans it
/// exactly), and the acronym is recalled with the same label. Without an expansion, an
/// acronym in brackets right after an organisation is that organisation's.
fn definitions<'t>(
    input: &Input<'t>,
    chosen: &[Candidate],
    names: &mut Vec<(&'t str, Label, Recall)>,
    out: &mut Vec<Candidate>,
) {
    let tokens = input.tokens;
    let n = tokens.len();
    let label_of = |start: usize, end: usize| {
        chosen
            .iter()
            .find(|c| c.start == start && c.end == end)
            .map(|c| c.label)
    };
    for i in 1..n.saturating_sub(2) {
        if input.word(i) != "(" || input.word(i + 2) != ")" {
            // SIGLE ( Expansion … ), also with an acronym written as a word (`Crif`,
            // `Medef`): its expansion's initials vouch for it.
            if input.word(i) == "("
                && (is_acronym(input.word(i - 1)) || word_acronym(input.word(i - 1)))
            {
                let close = (i + 1..n.min(i + 16)).find(|&k| input.word(k) == ")");
                if let Some(close) = close {
                    let acronym = input.word(i - 1);
                    if let Some(from) = expansion(input, acronym, i + 1, close) {
                        if from == i + 1 {
                            let (start, end) = (tokens[i + 1].start(), tokens[close - 1].end());
                            let label = label_of(start, end).unwrap_or(Label::Org);
                            propose((start, end), (i + 1, close), label, out);
                            names.push((acronym, label, Recall::Acronym));
                        }
                    }
                }
            }
            continue;
        }
        // Expansion ( SIGLE )
        let acronym = input.word(i + 1);
        if !is_acronym(acronym) {
            continue;
        }
        let lo = i.saturating_sub(acronym.chars().count() * 2 + 4);
        if let Some(from) = expansion(input, acronym, lo, i) {
            let (start, end) = (tokens[from].start(), tokens[i - 1].end());
            let label = label_of(start, end).unwrap_or(Label::Org);
            propose((start, end), (from, i), label, out);
            names.push((acronym, label, Recall::Acronym));
        } else if let Some(c) = chosen
            .iter()
            .find(|c| c.end == tokens[i - 1].end() && c.label == Label::Org)
        {
            names.push((acronym, c.label, Recall::Acronym));
        }
    }
}

/// Proposes the expansion of an acronym, bytes `start..end`, tokens `a..b`.
fn propose(
    (start, end): (usize, usize),
    (a, b): (usize, usize),
    label: Label,
    out: &mut Vec<Candidate>,
) {
    out.push(Candidate {
        start,
        end,
        tokens: Some((a as u32, b as u32)),
        label,
        priority: Recall::Expansion.priority(),
        origin: Origin::Pass(Recall::Expansion),
    });
}

/// Where the expansion of `acronym` starts among the tokens `lo..hi` (it ends at `hi`):
/// read backwards, each letter of the acronym is the first letter of a word, the last
/// letter in the last word, and the words passed over between them are short lower-case
/// words (`de`, `la`, `l'`, `en`, `pour`). The first word is capitalised.
fn expansion(input: &Input<'_>, acronym: &str, lo: usize, hi: usize) -> Option<usize> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(fold_letter)
        .collect();
    if letters.len() < 2 || hi == 0 {
        return None;
    }
    let mut k = hi;
    let mut first = None;
    // Long lower-case words passed over (`juives` in `Conseil représentatif des institutions
    // juives de France`): two at most.
    let mut long = 0;
    for (n, &letter) in letters.iter().rev().enumerate() {
        loop {
            if k <= lo {
                return None;
            }
            k -= 1;
            let t = &input.tokens[k];
            let w = input.word(k);
            if t.kind != TokenKind::Word {
                // Apostrophes and hyphens inside a name are passed over; other marks end it.
                if matches!(w, "'" | "’" | "-") {
                    continue;
                }
                return None;
            }
            let initial = w.chars().next().map(fold_letter);
            if initial == Some(letter) {
                break;
            }
            // The last letter is in the last word; between letters, only lower-case
            // words, two of them at most longer than four letters.
            if n == 0 || !w.starts_with(char::is_lowercase) {
                return None;
            }
            if w.chars().count() > 4 {
                long += 1;
                if long > 2 {
                    return None;
                }
            }
        }
        first = Some(k);
    }
    let first = first?;
    input
        .word(first)
        .starts_with(char::is_uppercase)
        .then_some(first)
}

/// An acronym written as a word: a capital and two to five lower-case letters (`Crif`,
/// `Fevad`); taken for one only before the expansion its letters spell.
fn word_acronym(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && (3..=6).contains(&w.chars().count())
        && chars.all(char::is_lowercase)
}

/// A letter lower-cased without its accent, to compare initials (`É` and `e`).
fn fold_letter(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenise::tokenise;

    fn input_of<'a>(text: &'a str, tokens: &'a [Token], lex: &'a [Lex]) -> Input<'a> {
        Input { text, tokens, lex }
    }

    /// Acronyms and where their expansion starts (the expansion ends before the bracket).
    #[test]
    fn expansions_are_found_by_their_initials() {
        let table: &[(&str, &str, Option<&str>)] = &[
            (
                "le Syndicat national des techniciens de la production cinématographique (SNTPC)",
                "SNTPC",
                Some("Syndicat"),
            ),
            (
                "au Collectif contre l'islamophobie en France (CCIF)",
                "CCIF",
                Some("Collectif"),
            ),
            (
                "l'Observatoire syrien des droits de l'homme (OSDH)",
                "OSDH",
                Some("Observatoire"),
            ),
            // The last letter must be in the last word.
            (
                "la Fédération nationale des mines et rien (FNM)",
                "FNM",
                None,
            ),
            // No word for a letter.
            (
                "le Centre pour les droits humains en Iran (CHRI)",
                "CHRI",
                None,
            ),
            // Three long words passed over.
            (
                "la Fédération des syndicats autonomes régionaux nationaux (FN)",
                "FN",
                None,
            ),
            // The first word is capitalised.
            ("une bonne idée (BI)", "BI", None),
        ];
        for &(text, acronym, want) in table {
            let mut tokens = Vec::new();
            tokenise(text, &mut tokens);
            let lex = vec![Lex::default(); tokens.len()];
            let input = input_of(text, &tokens, &lex);
            let open = (0..tokens.len()).find(|&k| input.word(k) == "(").unwrap();
            let got = expansion(&input, acronym, 0, open).map(|k| input.word(k));
            assert_eq!(got, want, "{text}");
        }
    }

    /// The pass finds a definition both ways round, and every later use of the acronym.
    #[test]
    fn a_definition_tags_the_acronym_everywhere() {
        for text in [
            "Le Syndicat national des techniciens (SNT) a appelé à la grève. Le SNT attend.",
            "Le SNT (Syndicat national des techniciens) a appelé à la grève. Le SNT attend.",
        ] {
            let mut tokens = Vec::new();
            tokenise(text, &mut tokens);
            let lex = vec![Lex::default(); tokens.len()];
            let input = input_of(text, &tokens, &lex);
            let mut out = Vec::new();
            recall(&input, &[], &mut out);
            let found: Vec<(&str, Label)> = out
                .iter()
                .map(|c| (&text[c.start..c.end], c.label))
                .collect();
            assert!(
                found.contains(&("Syndicat national des techniciens", Label::Org)),
                "{found:?}"
            );
            assert_eq!(
                found.iter().filter(|f| **f == ("SNT", Label::Org)).count(),
                2,
                "{found:?}"
            );
        }
    }

    /// A surname is recalled after the full name, and a word that merely contains it is not.
    #[test]
    fn a_surname_is_recalled_on_word_boundaries() {
        let text = "Fahrettin Altun a parlé. Altun a ajouté. Altunbas non.";
        let mut tokens = Vec::new();
        tokenise(text, &mut tokens);
        let mut lex = vec![Lex::default(); tokens.len()];
        lex[0] = Lex::PRENOM;
        let input = input_of(text, &tokens, &lex);
        let full = Candidate {
            start: 0,
            end: "Fahrettin Altun".len(),
            tokens: Some((0, 2)),
            label: Label::Per,
            priority: -1,
            origin: Origin::List(0),
        };
        let mut out = Vec::new();
        recall(&input, &[full], &mut out);
        let found: Vec<usize> = out.iter().map(|c| c.start).collect();
        let want: Vec<usize> = text.match_indices("Altun ").map(|(at, _)| at).collect();
        assert_eq!(found, want);
    }

    /// A name a rule found is recalled with other capitals inside its words (`M'jid` after
    /// `M'Jid`: one token, then an elision and a word), not with other capitals opening
    /// them, nor in mixed case after a word in capitals; an acronym only as written; a name
    /// that opens with a mark, with its mark.
    #[test]
    fn a_name_is_recalled_whatever_the_capitals_inside_its_words() {
        let table: &[(&str, &str, Label, &[&str])] = &[
            (
                "M'Jid El Guerrab a parlé. Puis M'jid El Guerrab a ajouté.",
                "M'Jid El Guerrab",
                Label::Per,
                &["M'jid El Guerrab"],
            ),
            (
                "ByteDance a répondu. Bytedance et BYTEDANCE aussi.",
                "ByteDance",
                Label::Org,
                &["Bytedance"],
            ),
            (
                "Marie Le Pen a parlé. Marie Le pen non.",
                "Marie Le Pen",
                Label::Per,
                &[],
            ),
            (
                "Le COVID-19 est là. Le Covid-19 aussi.",
                "COVID-19",
                Label::Org,
                &[],
            ),
            // A name that opens with a mark, with it.
            (
                "Le compte @Zarbotube a répondu. @Zarbotube aussi, pas Zarbotube.",
                "@Zarbotube",
                Label::Org,
                &["@Zarbotube"],
            ),
        ];
        for &(text, name, label, want) in table {
            let mut tokens = Vec::new();
            tokenise(text, &mut tokens);
            let lex = vec![Lex::default(); tokens.len()];
            let input = input_of(text, &tokens, &lex);
            let start = text.find(name).unwrap();
            let found = Candidate {
                start,
                end: start + name.len(),
                tokens: token_range(&tokens, start, start + name.len()),
                label,
                priority: 0,
                origin: Origin::Rule(0),
            };
            let mut out = Vec::new();
            recall(&input, &[found], &mut out);
            let got: Vec<&str> = out
                .iter()
                .filter(|c| c.start != start)
                .map(|c| &text[c.start..c.end])
                .collect();
            assert_eq!(got, want, "{text}");
            assert!(out.iter().all(|c| c.label == label), "{text}");
        }
    }

    #[test]
    fn acronyms() {
        for (w, yes) in [
            ("OSDH", true),
            ("G20", false),
            ("AT&T", true),
            ("Onu", false),
            ("A", false),
            ("ÉÉ", true),
            ("X1", false),
            ("CGT-FO", true),
        ] {
            assert_eq!(is_acronym(w), yes, "{w}");
        }
    }
}
