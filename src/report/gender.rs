//! The gender of a person, from explicit evidence only, and the names that key speakers.
//!
//! Evidence, strongest first ([`EVIDENCE_ORDER`]):
//! 1. a civilité right before the name (`M.`, `Mme`, `Mlle`, `monsieur`, `madame`);
//! 2. a gendered title or function heading the words before the name, or the article or
//!    adjective that genders a title of both genders (`la ministre`, `le porte-parole`,
//!    `l'ancienne ministre`, `présidente`); a title followed by `de` before the name says
//!    nothing (`la fille de Jean Roux` is not about Jean Roux's gender);
//! 3. a singular pronoun resolved to the person (`il`, `elle`, as in `a-t-elle ajouté`);
//! 4. the first name: at least [`FIRST_NAME_RATIO`] of the births with it since 1900 of one
//!    sex, and at least [`FIRST_NAME_MIN_BIRTHS`] of them (INSEE); `Camille` (72 % girls) and
//!    `Dominique` (59 % boys) say nothing.
//!
//! The first kind a person's mentions give decides, when at least [`AGREEMENT_RATIO`] of its
//! votes (one a document) agree; when they do not, the person is `unknown`
//! ([`Evidence::Conflict`]). Weaker evidence
//! that disagrees with the deciding kind is overruled and flagged. The lexicons are generated
//! by `scripts/gen_report_genre.py` (`data/report/`), compiled into the binary and parsed on
//! first use.

// Keyed by the lexicons' own words (built-in data, never the text), so the crate's fast hash
// (`crate::hash`). The report's counters, keyed by names from the documents, keep SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, crate::hash::FastHash>;
use std::sync::OnceLock;

use quidit_lists::normalise::{Case, fold};

use super::summary::{Evidence, Gender};

/// A first name decides when at least this share of the births with it are of one sex.
pub const FIRST_NAME_RATIO: f64 = 0.95;
/// …and at least this many births had it since 1900 (a rarer name says nothing).
pub const FIRST_NAME_MIN_BIRTHS: u64 = 100;
/// The deciding kind of evidence decides when at least this share of its votes (one a
/// document) say one gender: over thousands of documents a few context errors (`Mme Macron`
/// is Brigitte) must not make a person unknown; below it the person is unknown (conflict).
pub const AGREEMENT_RATIO: f64 = 0.9;
/// The kinds of evidence, strongest first.
pub const EVIDENCE_ORDER: [Evidence; 4] = [
    Evidence::Civilite,
    Evidence::Title,
    Evidence::Pronoun,
    Evidence::FirstName,
];
/// Where the lexicons come from, as the summary states it.
pub const SOURCES: &str = "first names: Insee, Fichier des prénoms, édition 2024 (naissances \
    1900-2023), Licence Ouverte 2.0; titles: quidit's lexique/titres (hand-written) and \
    titres.gen (Unitex profession.dic and DELA, LGPL-LR)";

const PRENOMS: &str = include_str!("../../data/report/prenoms_sexe.gen.tsv");
const TITRES: &str = include_str!("../../data/report/titres_genre.gen.tsv");

/// The class of a word before a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Civilite,
    Titre,
    Article,
    Adjectif,
}

/// The gender a lexicon gives a form: `m`, `f`, or both (`mf`, which says nothing alone).
fn genre(s: &str) -> Option<Gender> {
    match s {
        "m" => Some(Gender::Male),
        "f" => Some(Gender::Female),
        _ => None,
    }
}

struct Lexicons {
    /// Folded first name → (births, births of boys).
    first_names: HashMap<&'static str, (u64, u64)>,
    /// Folded form, its words as [`words`] cuts them joined by a space → its classes with
    /// their gender (`None`: both).
    words: HashMap<String, Vec<(Class, Option<Gender>)>>,
    /// The most words a title has (`ministre des affaires etrangeres`).
    longest: usize,
}

fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| {
        let rows = |text: &'static str| {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(|l| l.split('\t').collect::<Vec<_>>())
        };
        let mut first_names = HashMap::default();
        for r in rows(PRENOMS) {
            // The generated file is checked by the tests: a malformed line is skipped, never a
            // panic at run time.
            if let [name, births, boys] = r[..]
                && let (Ok(births), Ok(boys)) = (births.parse(), boys.parse())
            {
                first_names.insert(name, (births, boys));
            }
        }
        let mut forms: HashMap<String, Vec<(Class, Option<Gender>)>> = HashMap::default();
        let mut longest = 1;
        for r in rows(TITRES) {
            if let [form, g, class] = r[..] {
                let class = match class {
                    "civilite" => Class::Civilite,
                    "titre" => Class::Titre,
                    "article" => Class::Article,
                    "adjectif" => Class::Adjectif,
                    _ => continue,
                };
                // Cut as a text is cut (`chef de l'etat` → `chef de l' etat`).
                let cut = words(form);
                longest = longest.max(cut.len());
                forms
                    .entry(cut.join(" "))
                    .or_default()
                    .push((class, genre(g)));
            }
        }
        Lexicons {
            first_names,
            words: forms,
            longest,
        }
    })
}

/// Folds a word or name as the lexicons are folded: lower case, no accents, apostrophes and
/// dashes unified.
fn folded(text: &str) -> String {
    fold(text, Case::Fold)
}

/// The gender a first name gives, by the stated thresholds; `None` when it is unknown to
/// INSEE, too rare, or given to both sexes (`Camille`, `Dominique`).
pub fn first_name_gender(first_name: &str) -> Option<Gender> {
    let (births, boys) = *lexicons().first_names.get(folded(first_name).as_str())?;
    if births < FIRST_NAME_MIN_BIRTHS {
        return None;
    }
    let boys_share = boys as f64 / births as f64;
    if boys_share >= FIRST_NAME_RATIO {
        Some(Gender::Male)
    } else if 1.0 - boys_share >= FIRST_NAME_RATIO {
        Some(Gender::Female)
    } else {
        None
    }
}

/// The gender a person's full name gives by its first word, or `None`: a one-word name is a
/// surname (`Martin`), an initial (`J. Roux`) is no first name.
pub fn name_gender(name: &str) -> Option<Gender> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    words.next()?;
    if first.ends_with('.') {
        return None;
    }
    first_name_gender(first)
}

/// The words of a text, folded, apostrophes kept with the word they end (`l'`).
fn words(text: &str) -> Vec<String> {
    let f = folded(text);
    let mut out = Vec::new();
    for w in f.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')') {
        let mut w = w;
        // `l'ancienne` → `l'`, `ancienne`.
        while let Some(i) = w.find('\'') {
            if i + 1 < w.len() {
                out.push(w[..=i].to_string());
                w = &w[i + 1..];
            } else {
                break;
            }
        }
        if !w.is_empty() {
            out.push(w.to_string());
        }
    }
    out
}

fn classes(word: &str) -> &'static [(Class, Option<Gender>)] {
    lexicons().words.get(word).map_or(&[], |v| &v[..])
}

fn class_gender(word: &str, class: Class) -> Option<Option<Gender>> {
    classes(word)
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, g)| *g)
}

/// The evidence the words right before a person's name give (the part of a source or
/// target span before the name: `Mme`, `la ministre de la Santé,`), or the words of a noun
/// phrase resolved to the person (`la ministre`): a civilité just before the name, else a
/// title heading the words.
pub fn prefix_evidence(prefix: &str) -> Option<(Evidence, Gender)> {
    let words = words(prefix);
    let last = words.last()?;
    if let Some(Some(g)) = class_gender(last, Class::Civilite) {
        return Some((Evidence::Civilite, g));
    }
    // `la fille de Jean Roux`: the title is someone else's.
    if matches!(last.as_str(), "de" | "d'" | "du" | "des") {
        return None;
    }
    title_evidence(&words)
}

/// A title heading `words`: articles and adjectives, then a title, then nothing or only its
/// complement (`de la Santé`, `chargée du Budget`); the gender of the title itself, else of
/// the words before it (all that say one must agree). `la ministre a félicité` is no title
/// of the name after it.
fn title_evidence(words: &[String]) -> Option<(Evidence, Gender)> {
    let lex = lexicons();
    let mut said: Option<Gender> = None;
    let mut agree = |g: Option<Gender>| -> bool {
        match (said, g) {
            (_, None) => true,
            (None, Some(g)) => {
                said = Some(g);
                true
            }
            (Some(a), Some(b)) => a == b,
        }
    };
    let mut i = 0;
    while i < words.len() {
        // The longest title starting here.
        let mut title = None;
        for n in (1..=lex.longest.min(words.len() - i)).rev() {
            let form = words[i..i + n].join(" ");
            if let Some(g) = class_gender(&form, Class::Titre) {
                title = Some((g, i + n));
                break;
            }
        }
        if let Some((g, end)) = title {
            let complement = match words.get(end).map(String::as_str) {
                None => true,
                Some(w) => matches!(
                    w,
                    "de" | "d'" | "du" | "des" | "charge" | "chargee" | "delegue" | "deleguee"
                ),
            };
            if !complement || !agree(g) {
                return None;
            }
            return said.map(|g| (Evidence::Title, g));
        }
        let w = &words[i];
        let g = class_gender(w, Class::Article).or_else(|| class_gender(w, Class::Adjectif))?;
        if !agree(g) {
            return None;
        }
        i += 1;
    }
    None
}

/// The evidence the text right before a person's name gives, when the text is at hand: a
/// civilité just before it (`a déclaré Mme`), else a title standing right before it
/// (`la ministre`) or before a comma (`la ministre de la Santé,`), within its sentence.
pub fn context_evidence(before: &str) -> Option<(Evidence, Gender)> {
    // The sentence, or the clause, the name is in: from the last sentence end, quotation
    // mark or colon.
    let start = before
        .rfind(['.', '!', '?', '«', '»', '"', ':', ';', '\n', '(', ')'])
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    // `M.` ends with a dot that ends no sentence: keep it.
    let start = if before[..start].ends_with("M.") {
        start - 2
    } else {
        start
    };
    let clause = &before[start..];
    let words = words(clause);
    let last = words.last()?;
    if let Some(Some(g)) = class_gender(last, Class::Civilite) {
        return Some((Evidence::Civilite, g));
    }
    if matches!(last.as_str(), "de" | "d'" | "du" | "des") {
        return None;
    }
    // The shortest run of words ending the clause (or its part before a last comma) that
    // is a title: `la ministre`, not `a félicité la ministre`.
    let trimmed = clause.trim_end();
    let part = match trimmed.strip_suffix(',') {
        Some(p) => p,
        None => trimmed,
    };
    let words = self::words(part);
    for k in 1..=words.len().min(8) {
        if let Some(found) = title_evidence(&words[words.len() - k..]) {
            return Some(found);
        }
    }
    None
}

/// The gender a pronoun gives (`il`, `elle`); plural and other words give none.
pub fn pronoun_gender(text: &str) -> Option<Gender> {
    match folded(text.trim()).as_str() {
        "il" => Some(Gender::Male),
        "elle" => Some(Gender::Female),
        _ => None,
    }
}

/// A person's votes: for each kind of evidence, how many documents said female, male.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Votes([[u32; 2]; 4]);

impl Votes {
    /// Records that one document gave `evidence` for `gender` (an unknown gender, and the
    /// kinds that are no evidence, are not recorded).
    pub fn add(&mut self, evidence: Evidence, gender: Gender) {
        let Some(k) = EVIDENCE_ORDER.iter().position(|e| *e == evidence) else {
            return;
        };
        match gender {
            Gender::Female => self.0[k][0] = self.0[k][0].saturating_add(1),
            Gender::Male => self.0[k][1] = self.0[k][1].saturating_add(1),
            Gender::Unknown => {}
        }
    }

    /// Adds another's votes.
    pub fn merge(&mut self, other: &Votes) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            a[0] = a[0].saturating_add(b[0]);
            a[1] = a[1].saturating_add(b[1]);
        }
    }

    /// Decides: the strongest kind with votes decides when at least [`AGREEMENT_RATIO`] of
    /// them agree (else unknown, [`Evidence::Conflict`]); returns the gender, the evidence, and whether a weaker kind
    /// said the other gender.
    pub fn decide(&self) -> (Gender, Evidence, bool) {
        for (k, [f, m]) in self.0.iter().enumerate() {
            let (f, m) = (*f as f64, *m as f64);
            if f + m == 0.0 {
                continue;
            }
            let gender = if f / (f + m) >= AGREEMENT_RATIO {
                Gender::Female
            } else if m / (f + m) >= AGREEMENT_RATIO {
                Gender::Male
            } else {
                return (Gender::Unknown, Evidence::Conflict, false);
            };
            let other = if gender == Gender::Female { 1 } else { 0 };
            let overruled = self.0[k + 1..].iter().any(|v| v[other] > 0);
            return (gender, EVIDENCE_ORDER[k], overruled);
        }
        (Gender::Unknown, Evidence::None, false)
    }
}

/// The name that keys a speaker across documents when no Wikidata id does: folded (lower
/// case, no accents), hyphens and apostrophes as spaces, dots dropped, a leading civilité
/// dropped, one space between words. `Mme Anne-Sophie  Lévêque` → `anne sophie leveque`.
pub fn normalise_name(name: &str) -> String {
    let f = folded(name);
    let mut words: Vec<&str> = f
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\'' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1
        && matches!(
            words[0],
            "m" | "mme" | "mmes" | "mlle" | "monsieur" | "madame" | "mademoiselle"
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_by_ratio() {
        assert_eq!(first_name_gender("Jean"), Some(Gender::Male));
        assert_eq!(first_name_gender("Marie"), Some(Gender::Female));
        assert_eq!(first_name_gender("Élodie"), Some(Gender::Female));
        assert_eq!(first_name_gender("Jean-Luc"), Some(Gender::Male));
        // Given to both sexes: never a guess.
        assert_eq!(first_name_gender("Camille"), None);
        assert_eq!(first_name_gender("Dominique"), None);
        assert_eq!(first_name_gender("Claude"), None);
        assert_eq!(first_name_gender("Xqzzy"), None);
        assert_eq!(name_gender("Claire Duval"), Some(Gender::Female));
        // A surname alone, an initial: no first name.
        assert_eq!(name_gender("Martin"), None);
        assert_eq!(name_gender("J. Roux"), None);
    }

    #[test]
    fn civilites_and_titles() {
        assert_eq!(
            prefix_evidence("Mme "),
            Some((Evidence::Civilite, Gender::Female))
        );
        assert_eq!(
            prefix_evidence("M. "),
            Some((Evidence::Civilite, Gender::Male))
        );
        assert_eq!(
            prefix_evidence("la ministre "),
            Some((Evidence::Title, Gender::Female))
        );
        assert_eq!(
            prefix_evidence("Le ministre "),
            Some((Evidence::Title, Gender::Male))
        );
        assert_eq!(
            prefix_evidence("le porte-parole du gouvernement, "),
            Some((Evidence::Title, Gender::Male))
        );
        assert_eq!(
            prefix_evidence("l'ancienne ministre "),
            Some((Evidence::Title, Gender::Female))
        );
        assert_eq!(
            prefix_evidence("la présidente de la région, "),
            Some((Evidence::Title, Gender::Female))
        );
        // A gendered title needs no article.
        assert_eq!(
            prefix_evidence("présidente "),
            Some((Evidence::Title, Gender::Female))
        );
        // `l'` and a title of both genders say nothing.
        assert_eq!(prefix_evidence("l'ex-ministre "), None);
        // The title is someone else's.
        assert_eq!(prefix_evidence("la fille de "), None);
        // A civilité after a title is the closer, stronger evidence.
        assert_eq!(
            prefix_evidence("la ministre, M. "),
            Some((Evidence::Civilite, Gender::Male))
        );
        // A title followed by a verb is no title of the name.
        assert_eq!(prefix_evidence("la ministre a félicité "), None);
        // Article and title disagree: nothing.
        assert_eq!(prefix_evidence("la président "), None);
        assert_eq!(prefix_evidence(""), None);
        assert_eq!(prefix_evidence("selon des proches de "), None);
    }

    #[test]
    fn context_before_a_name() {
        let f = Some((Evidence::Civilite, Gender::Female));
        assert_eq!(context_evidence("« Non », a déclaré Mme "), f);
        assert_eq!(
            context_evidence("Il l'a dit. M. "),
            Some((Evidence::Civilite, Gender::Male))
        );
        assert_eq!(
            context_evidence("Hier, la ministre de la Santé, "),
            Some((Evidence::Title, Gender::Female))
        );
        assert_eq!(
            context_evidence("« Oui », a répondu le porte-parole "),
            Some((Evidence::Title, Gender::Male))
        );
        // The title of someone else, or of nobody.
        assert_eq!(context_evidence("la ministre a félicité "), None);
        assert_eq!(context_evidence("selon la fille de "), None);
        assert_eq!(context_evidence("Hier, "), None);
        assert_eq!(context_evidence(""), None);
    }

    #[test]
    fn pronouns() {
        assert_eq!(pronoun_gender("elle"), Some(Gender::Female));
        assert_eq!(pronoun_gender("Il"), Some(Gender::Male));
        assert_eq!(pronoun_gender("ils"), None);
    }

    #[test]
    fn evidence_order_and_conflicts() {
        let mut v = Votes::default();
        assert_eq!(v.decide(), (Gender::Unknown, Evidence::None, false));
        v.add(Evidence::FirstName, Gender::Male);
        assert_eq!(v.decide(), (Gender::Male, Evidence::FirstName, false));
        v.add(Evidence::Pronoun, Gender::Female);
        // The pronoun is stronger than the first name, which it overrules.
        assert_eq!(v.decide(), (Gender::Female, Evidence::Pronoun, true));
        v.add(Evidence::Title, Gender::Female);
        assert_eq!(v.decide(), (Gender::Female, Evidence::Title, true));
        v.add(Evidence::Civilite, Gender::Male);
        // The title and the pronoun said female: overruled by the civilité.
        assert_eq!(v.decide(), (Gender::Male, Evidence::Civilite, true));
        // The deciding kind says both: unknown, not the majority.
        v.add(Evidence::Civilite, Gender::Female);
        v.add(Evidence::Civilite, Gender::Male);
        assert_eq!(v.decide(), (Gender::Unknown, Evidence::Conflict, false));
        let mut w = Votes::default();
        w.add(Evidence::Pronoun, Gender::Male);
        w.merge(&v);
        assert_eq!(w.decide(), (Gender::Unknown, Evidence::Conflict, false));
        // Nine documents in ten agree: a stray context error does not make it unknown.
        let mut x = Votes::default();
        for _ in 0..9 {
            x.add(Evidence::Civilite, Gender::Male);
        }
        x.add(Evidence::Civilite, Gender::Female);
        assert_eq!(x.decide(), (Gender::Male, Evidence::Civilite, false));
    }

    #[test]
    fn names_normalised() {
        assert_eq!(
            normalise_name("Mme Anne-Sophie  Lévêque"),
            "anne sophie leveque"
        );
        assert_eq!(normalise_name("M. Jean ROUX"), "jean roux");
        assert_eq!(normalise_name("Jean Roux"), normalise_name("jean  roux"));
        assert_eq!(
            normalise_name("Valéry Giscard d'Estaing"),
            "valery giscard d estaing"
        );
        // A civilité alone stays (it is the whole name).
        assert_eq!(normalise_name("Madame"), "madame");
    }
}
