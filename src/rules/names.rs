//! Names no list has: rules over tokens that propose persons after a title or a known first
//! name, organisations after a head noun (`ministère de …`, `Observatoire …`), places after
//! a place preposition (`à Saraqeb`), and later mentions of a name already found (`Altun`
//! after `Fahrettin Altun`, `OSDH` after `Observatoire … (OSDH)`).
//!
//! These rules live in code until the rule language exists; each has an id that shows up
//! as the entity's provenance. They only *propose* candidates: the resolve stage weighs them
//! against the gazetteers, which win on equal spans.

use std::sync::OnceLock;

use super::Vocab;
use crate::document::Label;
use crate::resolve::{Candidate, Origin};
use crate::tokenise::{Token, TokenKind};

/// One rule: its id (the provenance users see), the entity sub-type and label it proposes,
/// and its priority against other candidates of the same span.
#[derive(Clone, Copy, Debug)]
pub struct NameRule {
    /// The rule's id.
    pub id: &'static str,
    /// The sub-type given to what it finds.
    pub subtype: &'static str,
    /// The label given to what it finds.
    pub label: Label,
    /// Priority on equal spans (gazetteer entries have 0 or more).
    pub priority: i32,
}

/// Every name rule, indexed by [`Origin::Rule`].
pub static RULES: &[NameRule] = &[
    NameRule {
        id: "per-civilite",
        subtype: "civilite",
        label: Label::Per,
        priority: -1,
    },
    NameRule {
        id: "per-titre",
        subtype: "titre",
        label: Label::Per,
        priority: -1,
    },
    NameRule {
        id: "per-prenom",
        subtype: "prenom",
        label: Label::Per,
        priority: -1,
    },
    NameRule {
        id: "org-tete",
        subtype: "tete",
        label: Label::Org,
        priority: -1,
    },
    NameRule {
        id: "loc-contexte",
        subtype: "contexte",
        label: Label::Loc,
        priority: -2,
    },
    NameRule {
        id: "org-institution",
        subtype: "institution",
        label: Label::Org,
        priority: -2,
    },
    NameRule {
        id: "per-prenom-seul",
        subtype: "prenom",
        label: Label::Per,
        priority: -2,
    },
    NameRule {
        id: "org-sigle",
        subtype: "sigle",
        label: Label::Org,
        priority: -3,
    },
    NameRule {
        id: "rappel-nom",
        subtype: "rappel",
        label: Label::Per,
        priority: -1,
    },
    NameRule {
        id: "rappel-sigle",
        subtype: "sigle",
        label: Label::Org,
        priority: -1,
    },
];

const CIVILITE: usize = 0;
const TITRE: usize = 1;
const PRENOM: usize = 2;
const ORG_TETE: usize = 3;
const LOC_CONTEXTE: usize = 4;
const ORG_INSTITUTION: usize = 5;
const PRENOM_SEUL: usize = 6;
const ORG_SIGLE: usize = 7;
/// Index of the rule that repeats a person's surname.
pub const RAPPEL_NOM: usize = 8;
/// Index of the rule that repeats an acronym.
pub const RAPPEL_SIGLE: usize = 9;

/// The lexicons these rules read; others are not matched (see
/// [`Builder::only_lexicons`](crate::gazetteer::Builder::only_lexicons)).
pub const LEXICONS: &[&str] = &["prenoms", "titres", "gentiles"];

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
    /// The first token of a gazetteer entity.
    pub const ENTITE: Lex = Lex(8);

    /// Whether every flag of `other` is set.
    pub fn has(self, other: Lex) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the flags of `other`.
    pub fn set(&mut self, other: Lex) {
        self.0 |= other.0;
    }
}

/// Everything the rules read about one document.
pub struct Input<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// Index of the sentence each token belongs to.
    pub sentence_of: &'a [u32],
    /// Lexicon flags per token.
    pub lex: &'a [Lex],
    /// What the word lists say of each token (see [`classify`]).
    pub classes: &'a [WordClass],
}

impl Input<'_> {
    /// The text of token `i` (empty past the end, so that look-ahead needs no bounds check).
    fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.end])
    }

    /// The lexicon flags of token `i` (none past the end).
    fn lex(&self, i: usize) -> Lex {
        self.lex.get(i).copied().unwrap_or_default()
    }

    /// The word-list classes of token `i` (none past the end).
    fn class(&self, i: usize) -> WordClass {
        self.classes.get(i).copied().unwrap_or_default()
    }

    fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.sentence_of.get(i) == self.sentence_of.get(j)
    }

    fn sentence_start(&self, i: usize) -> bool {
        i == 0 || !self.same_sentence(i - 1, i)
    }

    /// A capitalised word that may be part of a name.
    fn cap(&self, i: usize) -> bool {
        self.class(i).has(WordClass::CAP)
            && !self.lex(i).has(Lex::GENTILE)
            && !self.lex(i).has(Lex::TITRE_FIN)
    }

    /// A lower-case particle inside a name (`de Gaulle`, `al-Assad`, `van Gogh`).
    fn particle(&self, i: usize) -> bool {
        self.class(i).has(WordClass::PARTICLE)
    }

    /// The end (exclusive token index) of a run of capitalised words starting at `i`,
    /// allowing particles between them; `None` when `i` does not start one.
    fn name_run(&self, i: usize, max: usize) -> Option<usize> {
        self.name_run_from(i, max, false)
    }

    /// [`Self::name_run`], allowing a leading `de`/`d'` (`M. de Lasteyrie`) when asked:
    /// after a title, `de` starts its complement instead (`président du Conseil`).
    fn name_run_from(&self, i: usize, max: usize, leading_de: bool) -> Option<usize> {
        let mut j = i;
        if leading_de
            && matches!(self.word(j), "de" | "d'" | "d’")
            && self.cap(j + 1)
            && !self.lex(j + 1).has(Lex::ENTITE)
            && self.same_sentence(j, j + 1)
        {
            j += 1;
        }
        if !self.cap(j) {
            return None;
        }
        j += 1;
        while j - i < max && self.same_sentence(i, j) {
            if self.cap(j) && self.adjacent(j - 1, j) {
                j += 1;
            } else if self.particle(j) && self.cap(j + 1) && self.same_sentence(j, j + 1) {
                j += 2;
            } else {
                break;
            }
        }
        Some(j)
    }

    /// Tokens `i` and `j` are separated by at most one space (a run of spaces or a line
    /// break separates headlines and paragraphs, never the words of one name).
    fn adjacent(&self, i: usize, j: usize) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(i), self.tokens.get(j)) else {
            return false;
        };
        let gap = &self.text[a.end..b.start.max(a.end)];
        let mut chars = gap.chars();
        match (chars.next(), chars.next()) {
            (None, _) => true,
            (Some(c), None) => c.is_whitespace() && c != '\n' && c != '\r',
            _ => false,
        }
    }
}

/// Capitalised words that start sentences and headings but never begin a name.
const NOT_NAMES: &[&str] = &[
    "Le",
    "La",
    "Les",
    "L'",
    "Un",
    "Une",
    "Des",
    "Du",
    "De",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Ce",
    "Cet",
    "Cette",
    "Ces",
    "Mais",
    "Et",
    "Ou",
    "Or",
    "Donc",
    "En",
    "Au",
    "Aux",
    "À",
    "A",
    "Dans",
    "Pour",
    "Par",
    "Sur",
    "Sous",
    "Avec",
    "Sans",
    "Selon",
    "Après",
    "Avant",
    "Depuis",
    "Pendant",
    "Quand",
    "Si",
    "Son",
    "Sa",
    "Ses",
    "Leur",
    "Leurs",
    "Notre",
    "Nos",
    "Votre",
    "Je",
    "Tu",
    "Nous",
    "Vous",
    "Qui",
    "Que",
    "Quoi",
    "Comme",
    "Lors",
    "Alors",
    "Ainsi",
    "Aussi",
    "Enfin",
    "Puis",
    "Tout",
    "Tous",
    "Toute",
    "Toutes",
    "Chez",
    "Entre",
    "Vers",
    "Contre",
    "Plus",
    "Moins",
    "Très",
    "Cependant",
    "Pourtant",
    "Néanmoins",
    "Toutefois",
    "C'est",
    "Mme",
    "M.",
    "MM.",
    "Dr",
    "Pr",
    "Me",
    "Mlle",
    "Lundi",
    "Mardi",
    "Mercredi",
    "Jeudi",
    "Vendredi",
    "Samedi",
    "Dimanche",
    "Janvier",
    "Février",
    "Mars",
    "Avril",
    "Mai",
    "Juin",
    "Juillet",
    "Août",
    "Septembre",
    "Octobre",
    "Novembre",
    "Décembre",
    "Noël",
    "Pâques",
    "Toussaint",
    "Nord",
    "Sud",
    "Est",
    "Ouest",
    "Centre",
    "Chapitre",
    "Article",
    "Photo",
    "Vidéo",
    "Lire",
    "Voir",
    "Source",
    "Sources",
    "Page",
    "Catégorie",
];

/// Lower-case particles of names.
const PARTICLES: &[&str] = &[
    "de", "du", "d'", "d’", "des", "van", "von", "der", "den", "da", "di", "dos", "das", "do",
    "al", "el", "ben", "bin", "ibn", "ould",
];

/// Honorifics that precede a name.
const CIVILITES: &[&str] = &[
    "M.",
    "MM.",
    "Mme",
    "Mme.",
    "Mmes",
    "Mlle",
    "Mlles",
    "Dr",
    "Dr.",
    "Pr",
    "Pr.",
    "Me",
    "Mgr",
    "Sir",
    "Lady",
    "Lord",
    "Maître",
    "Monsieur",
    "Madame",
    "Mademoiselle",
];

/// Head nouns of organisation names; the lower-case ones are heads only in that case.
const ORG_HEADS: &[&str] = &[
    "ministère",
    "Ministère",
    "Observatoire",
    "Organisation",
    "Parti",
    "Union",
    "Conseil",
    "Agence",
    "Fédération",
    "Association",
    "Université",
    "Institut",
    "Commission",
    "Comité",
    "Banque",
    "Front",
    "Mouvement",
    "Cour",
    "Tribunal",
    "Syndicat",
    "Société",
    "Compagnie",
    "Fondation",
    "Académie",
    "Office",
    "Direction",
    "Haut-Commissariat",
    "Secrétariat",
    "Confédération",
    "Ligue",
    "Assemblée",
    "Chambre",
    "Caisse",
    "Centre",
    "Collectif",
    "Coalition",
    "Alliance",
    "Armée",
    "Forces",
    "Brigade",
    "Brigades",
    "Garde",
    "Police",
    "Gendarmerie",
    "Club",
    "Fonds",
    "Conservatoire",
    "Musée",
    "Théâtre",
    "Orchestre",
    "Groupe",
    "Laboratoire",
    "Laboratoires",
    "Service",
    "Préfecture",
    "Mairie",
    "Région",
    "Parlement",
    "Sénat",
    "Communauté",
    "mairie",
    "cour",
    "commission",
    "comité",
    "tribunal",
];

/// Heads that name an institution on their own after an article (`la Commission`).
const INSTITUTIONS: &[&str] = &[
    "Commission",
    "Conseil",
    "Union",
    "Assemblée",
    "Parlement",
    "Cour",
    "Chambre",
    "Alliance",
    "Sénat",
    "Communauté",
    "Organisation",
    "Fédération",
    "Ligue",
    "Confédération",
    "Gendarmerie",
    "Préfecture",
];

/// Acronyms that are common nouns, not names.
const COMMON_ACRONYMS: &[&str] = &[
    "TVA", "PIB", "SMIC", "CHU", "PME", "PMI", "ONG", "PDG", "DG", "DRH", "HLM", "TGV", "RER",
    "IVG", "PMA", "GPA", "ADN", "OGM", "SUV", "CDD", "CDI", "RSA", "BTP", "DH", "TV", "JT", "OK",
    "SMS", "GPS", "USB", "PC", "COVID", "SIDA", "VIH", "SRAS", "SARS", "CO2", "KO", "VTT", "PV",
    "QG", "HT", "TTC", "AG", "CA", "RH", "IT", "NB", "AVC", "IRM", "ETA", "VIP", "DJ", "CV", "QI",
    "ZAD", "ZUP", "ZEP", "RIP", "FAQ", "PDF", "URL", "WC", "EPR", "GNL", "GPL", "LGBT", "LGBTQ",
    "HIV", "AIDS", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXe", "USD", "EUR", "NDLR", "MDR", "AM", "FM",
    "INVEST", "CP", "CE1", "CE2", "CM1", "CM2", "BAC", "BEP", "CAP",
];

/// Prepositions after which a capitalised word is most likely a place.
const PLACE_PREPOSITIONS: &[&str] = &["à", "À", "en", "En", "vers", "depuis", "via", "près"];

/// Nouns after which `de X` is a place.
const PLACE_NOUNS: &[&str] = &[
    "ville",
    "village",
    "région",
    "province",
    "localité",
    "commune",
    "département",
    "quartier",
    "capitale",
    "banlieue",
    "gouvernorat",
    "préfecture",
    "canton",
    "comté",
    "État",
    "île",
    "port",
    "aéroport",
    "vallée",
    "mont",
    "lac",
    "fleuve",
    "rivière",
    "district",
    "oblast",
];

/// Adjective endings that extend an organisation name (`Parti socialiste`,
/// `Observatoire syrien`, `Union européenne`).
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ien", "ienne", "iens", "iennes", "al", "ale", "aux", "ales", "ique", "iques", "ais", "aise",
    "ain", "aine", "ains", "aines", "el", "elle", "els", "elles", "if", "ive", "ifs", "ives",
    "ois", "oise", "aire", "aires", "é", "ée", "és", "ées", "eur", "eure", "iste", "istes", "ier",
    "iers", "ière", "ières",
];

/// Words that end an organisation name even when they look like adjectives.
const ORG_STOP: &[&str] = &[
    "qui", "que", "qu'", "a", "ont", "est", "sont", "avait", "avaient", "sera", "seront", "était",
    "étaient", "se", "s'", "ne", "n'", "et", "ou", "mais", "dont", "le", "les", "un", "une", "ce",
    "cette", "il", "elle", "y", "en", "pour", "par", "sur", "dans", "avec", "contre", "selon",
    "lors", "depuis", "après", "avant", "entre", "fait", "dit", "estime", "juge", "indique",
    "annonce", "affirme", "déclare", "explique", "précise", "assure", "souligne", "rappelle",
    "ajoute", "demande", "appelle", "exige", "veut", "doit", "peut", "même", "aussi", "encore",
    "déjà", "toujours", "ainsi", "alors", "lui", "leur", "son", "sa", "ses", "leurs", "tout",
    "tous", "toute", "toutes", "plus", "moins", "très", "bien", "jeudi", "vendredi", "samedi",
    "dimanche", "lundi", "mardi", "mercredi", "hier",
];

/// Proposes name candidates for one document into `out` (appended).
pub fn propose(input: &Input<'_>, out: &mut Vec<Candidate>) {
    let n = input.tokens.len();
    let mut i = 0;
    while i < n {
        let w = input.word(i);
        // M. Hagenbeck, Mme de Lasteyrie
        let class = input.class(i);
        if class.has(WordClass::CIVILITE) {
            if let Some(end) = input.name_run_from(i + 1, 5, true) {
                push(input, i + 1, end, CIVILITE, out);
            }
        }
        // le président Emmanuel Macron, le général de Gaulle
        if input.lex(i).has(Lex::TITRE_FIN) && input.adjacent_to_next(i) {
            if let Some(end) = input.name_run(i + 1, 5) {
                push(input, i + 1, end, TITRE, out);
            }
        }
        // Dominique Richard, Jean-Marie Le Pen
        if input.lex(i).has(Lex::PRENOM) && input.cap(i) {
            if let Some(end) = input.name_run(i + 1, 4) {
                if input.adjacent(i, i + 1) {
                    push(input, i, end, PRENOM, out);
                }
            }
        }
        if class.has(WordClass::ORG_HEAD) {
            let end = org_extent(input, i);
            if end > i + 1 {
                push(input, i, end, ORG_TETE, out);
            } else if class.has(WordClass::INSTITUTION)
                && i > 0
                && matches!(
                    input.word(i - 1),
                    "la" | "le"
                        | "l'"
                        | "l’"
                        | "du"
                        | "au"
                        | "La"
                        | "Le"
                        | "L'"
                        | "L’"
                        | "Du"
                        | "Au"
                )
                && !input.cap(i + 1)
            {
                // la Commission, le Conseil, l'Assemblée: the institution of the context.
                push(input, i, i + 1, ORG_INSTITUTION, out);
            }
        }
        // Arturo, René: a known first name alone, capitalised inside a sentence.
        if input.lex(i).has(Lex::PRENOM)
            && !input.lex(i).has(Lex::ENTITE)
            && input.cap(i)
            && !input.sentence_start(i)
            && !input.cap(i + 1)
            && (i == 0 || !input.cap(i - 1))
            && w.chars().count() > 2
            && !w.chars().all(char::is_uppercase)
        {
            push(input, i, i + 1, PRENOM_SEUL, out);
        }
        // la RFEF, l'ONMT, du RPR: an acronym no list has, after a definite article, in
        // running text (not a capitalised headline).
        if class.has(WordClass::ACRONYM)
            && !input.lex(i).has(Lex::ENTITE)
            && !class.has(WordClass::COMMON_ACRONYM)
            && i > 0
            && input.adjacent(i - 1, i)
            && matches!(
                input.word(i - 1),
                "le" | "la" | "l'" | "l’" | "du" | "au" | "Le" | "La" | "L'" | "L’" | "Du" | "Au"
            )
        {
            let shouting = (i.saturating_sub(3)..(i + 4).min(n))
                .filter(|&k| k != i && input.tokens[k].kind == TokenKind::Word)
                .filter(|&k| input.word(k).chars().count() > 2)
                .any(|k| input.word(k).chars().all(|c| !c.is_lowercase()));
            if !shouting {
                push(input, i, i + 1, ORG_SIGLE, out);
            }
        }
        if is_place_context(input, i) {
            let start = i + 1;
            let start = if w == "près"
                && input
                    .tokens
                    .get(start)
                    .is_some_and(|_| matches!(input.word(start), "de" | "d'" | "d’"))
            {
                start + 1
            } else {
                start
            };
            if start < n
                && !input.lex(start).has(Lex::PRENOM)
                && !input.sentence_start(start)
                && input.cap(start)
            {
                if let Some(end) = input.name_run(start, 3) {
                    push(input, start, end, LOC_CONTEXTE, out);
                }
            }
        }
        i += 1;
    }
}

impl Input<'_> {
    fn adjacent_to_next(&self, i: usize) -> bool {
        i + 1 < self.tokens.len() && self.adjacent(i, i + 1)
    }
}

fn is_place_context(input: &Input<'_>, i: usize) -> bool {
    let w = input.word(i);
    if input.class(i).has(WordClass::PLACE_PREPOSITION) {
        return true;
    }
    // la ville de Saraqeb, la province d'Idlib
    if matches!(w, "de" | "d'" | "d’") && i > 0 {
        return input.class(i - 1).has(WordClass::PLACE_NOUN);
    }
    false
}

/// Where an organisation name that starts with the head noun at `i` ends (exclusive).
fn org_extent(input: &Input<'_>, i: usize) -> usize {
    let head = input.word(i);
    let lower_head = head.chars().next().is_some_and(char::is_lowercase);
    let n = input.tokens.len();
    let mut j = i + 1;
    let mut end = i + 1;
    let mut words = 0;
    while j < n && words < 8 && input.same_sentence(i, j) && input.adjacent(j - 1, j) {
        let w = input.word(j);
        let t = input.tokens[j];
        if t.kind != TokenKind::Word {
            break;
        }
        if input.class(j).has(WordClass::ORG_STOP) {
            break;
        }
        if matches!(w, "de" | "du" | "des" | "d'" | "d’") {
            // de la défense, de l'homme, des droits
            let mut k = j + 1;
            if k < n && matches!(input.word(k), "la" | "l'" | "l’") {
                k += 1;
            }
            if k < n && input.tokens[k].kind == TokenKind::Word && input.adjacent(k - 1, k) {
                let next = input.word(k);
                if input.class(k).has(WordClass::ORG_STOP)
                    || next.chars().count() < 2
                    || looks_infinitive(next)
                    || input.lex(k).has(Lex::PRENOM) && input.cap(k + 1)
                {
                    break;
                }
                j = k + 1;
                end = j;
                words += 1;
                continue;
            }
            break;
        }
        // `Parti républicain Jean-Pierre Thomas`: a person's name starts, the party ends.
        if input.lex(j).has(Lex::PRENOM) && input.cap(j) && input.cap(j + 1) {
            break;
        }
        if input.cap(j) || input.lex(j).has(Lex::GENTILE) || is_adjective(w) {
            // A lower-case head (`ministère`) needs a complement first: `ministère russe`
            // alone is not a name.
            if lower_head && end == i + 1 && !input.cap(j) {
                break;
            }
            j += 1;
            end = j;
            words += 1;
            continue;
        }
        break;
    }
    // `ministère` alone, or `Conseil` + one adjective, is too weak a clue.
    if lower_head && end == i + 1 {
        return i + 1;
    }
    end
}

/// What the word lists say of one token, as bits: the lists are looked up once a token
/// (one hash lookup, two for a capitalised word) instead of scanned at every use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordClass(u16);

impl WordClass {
    const CIVILITE: WordClass = WordClass(1);
    const PARTICLE: WordClass = WordClass(1 << 1);
    const ORG_HEAD: WordClass = WordClass(1 << 2);
    const INSTITUTION: WordClass = WordClass(1 << 3);
    const COMMON_ACRONYM: WordClass = WordClass(1 << 5);
    const PLACE_PREPOSITION: WordClass = WordClass(1 << 6);
    const PLACE_NOUN: WordClass = WordClass(1 << 7);
    /// In `ORG_STOP`, in any case of the first letter.
    const ORG_STOP: WordClass = WordClass(1 << 8);
    const NOT_NAME: WordClass = WordClass(1 << 9);
    const ACRONYM: WordClass = WordClass(1 << 10);
    /// A capitalised word that may be part of a name, lexicons aside (see `Input::cap`).
    const CAP: WordClass = WordClass(1 << 11);
    /// The lists looked up with the first letter lower-cased too.
    const ANY_CASE: u16 = Self::ORG_STOP.0;

    fn has(self, other: WordClass) -> bool {
        self.0 & other.0 == other.0
    }
}

/// Computes the [`WordClass`] of every token into `out` (cleared first).
pub fn classify(text: &str, tokens: &[Token], out: &mut Vec<WordClass>) {
    out.clear();
    out.extend(tokens.iter().map(|t| {
        let w = &text[t.start..t.end];
        let mut bits = list_bits(w);
        let word = t.kind == TokenKind::Word;
        if !word {
            bits &= !WordClass::PARTICLE.0;
        }
        if is_acronym(w) {
            bits |= WordClass::ACRONYM.0;
        }
        if word && bits & WordClass::NOT_NAME.0 == 0 && capitalised(t, w) {
            bits |= WordClass::CAP.0;
        }
        WordClass(bits)
    }));
}

/// Starts with a capital, is not all capitals (an acronym: `EELV Yannick Jadot`) and does
/// not end with an apostrophe. `t` is the word's token, whose case flags the tokeniser
/// worked out (the first character upper-case; at least two letters, none lower-case).
fn capitalised(t: &Token, w: &str) -> bool {
    t.has(Token::CAPITALISED) && !t.has(Token::ALL_CAPS) && !w.ends_with(['\'', '’'])
}

/// The bits of the lists that hold `w`; and, for the lists that take any case, of those that
/// hold `w` with its first letter lower-cased.
fn list_bits(w: &str) -> u16 {
    let lists = word_lists();
    let bits = if w.len() <= lists.longest {
        lists.map.get(w).unwrap_or(0)
    } else {
        0
    };
    // A word that starts with ASCII is found in one lookup: the lists that take any case
    // hold their words with an ASCII capital too (see `word_lists`).
    let mut chars = w.chars();
    let Some(first) = chars.next().filter(|c| !c.is_ascii()) else {
        return bits;
    };
    let lower = first.to_lowercase().next().unwrap_or(first);
    if lower == first {
        return bits;
    }
    let rest = chars.as_str();
    let len = lower.len_utf8() + rest.len();
    if len > lists.longest {
        return bits;
    }
    let mut buf = [0u8; 64];
    lower.encode_utf8(&mut buf);
    buf[lower.len_utf8()..len].copy_from_slice(rest.as_bytes());
    match std::str::from_utf8(&buf[..len]) {
        Ok(lowered) => bits | lists.map.get(lowered).unwrap_or(0) & WordClass::ANY_CASE,
        Err(_) => bits,
    }
}

/// Every word list, as one map from a word to the bits of the lists holding it.
struct WordLists {
    /// Short words are keyed by their bytes packed into an integer (most tokens are short).
    map: Vocab<u16>,
    /// The longest word, in bytes (longer words need no lookup).
    longest: usize,
}

fn word_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut map: Vocab<u16> = Vocab::default();
        let mut longest = 0;
        for (list, class) in [
            (CIVILITES, WordClass::CIVILITE),
            (PARTICLES, WordClass::PARTICLE),
            (ORG_HEADS, WordClass::ORG_HEAD),
            (INSTITUTIONS, WordClass::INSTITUTION),
            (COMMON_ACRONYMS, WordClass::COMMON_ACRONYM),
            (PLACE_PREPOSITIONS, WordClass::PLACE_PREPOSITION),
            (PLACE_NOUNS, WordClass::PLACE_NOUN),
            (ORG_STOP, WordClass::ORG_STOP),
            (NOT_NAMES, WordClass::NOT_NAME),
        ] {
            for w in list {
                longest = w.len().max(longest);
                *map.slot(w, 0) |= class.0;
                // The lists that take any case also under an ASCII capital (`Le` for `le`),
                // so that `list_bits` needs one lookup for those.
                if class.0 & WordClass::ANY_CASE != 0
                    && w.starts_with(|c: char| c.is_ascii_lowercase())
                {
                    let capital = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
                    *map.slot(&capital, 0) |= class.0;
                }
            }
        }
        // The fixed buffer of `list_bits` holds the longest word.
        WordLists {
            map,
            longest: longest.min(64),
        }
    })
}

/// Whether `w`, or `w` with its first letter lower-cased, is in `list` (of lower-case
/// words), without allocating.
#[cfg(test)]
fn in_list_any_case(list: &[&str], w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let lower = first.to_lowercase().next().unwrap_or(first);
    let len = rest.len() + lower.len_utf8();
    list.iter().any(|l| {
        *l == w || (l.len() == len && l.starts_with(lower) && &l[lower.len_utf8()..] == rest)
    })
}

/// A lower-case word ending like an infinitive (`Commission de revoir`).
fn looks_infinitive(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
        && (w.ends_with("er") || w.ends_with("ir") || w.ends_with("oir"))
}

fn is_adjective(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
        && w.chars().count() > 3
        && ADJECTIVE_ENDINGS.iter().any(|e| w.ends_with(e))
}

fn push(input: &Input<'_>, from: usize, to: usize, rule: usize, out: &mut Vec<Candidate>) {
    if to <= from || to > input.tokens.len() {
        return;
    }
    let r = &RULES[rule];
    out.push(Candidate {
        start: input.tokens[from].start,
        end: input.tokens[to - 1].end,
        label: r.label,
        priority: r.priority,
        origin: Origin::Rule(rule as u32),
    });
}

/// Proposes later mentions of names already chosen (appended to `out`): the surname of a
/// person found with a first name (`Altun` after `Fahrettin Altun`) and an acronym given in
/// brackets after a name (`OSDH` after `Observatoire syrien des droits de l'homme (OSDH)`),
/// wherever they occur again in the document.
pub fn recall(input: &Input<'_>, chosen: &[Candidate], out: &mut Vec<Candidate>) {
    let tokens = input.tokens;
    let index_of = |at: usize| tokens.partition_point(|t| t.start < at);
    let mut names: Vec<(&str, Label, usize)> = Vec::new();
    for c in chosen {
        let (a, b) = (
            index_of(c.start),
            tokens.partition_point(|t| t.end <= c.end),
        );
        if c.label == Label::Per && b >= a + 2 {
            // Skip the leading first names; what is left is the surname.
            let mut s = a;
            while s + 1 < b && input.lex(s).has(Lex::PRENOM) {
                s += 1;
            }
            if s > a {
                let surname = &input.text[tokens[s].start..tokens[b - 1].end];
                if surname.chars().count() >= 3 && surname.starts_with(char::is_uppercase) {
                    names.push((surname, Label::Per, RAPPEL_NOM));
                }
            }
        }
        // NAME (ACRONYM)
        if b + 2 < tokens.len()
            && input.word(b) == "("
            && input.word(b + 2) == ")"
            && is_acronym(input.word(b + 1))
        {
            names.push((input.word(b + 1), c.label, RAPPEL_SIGLE));
        }
    }
    names.sort_unstable();
    names.dedup();
    for (name, label, rule) in names {
        let finder = memchr::memmem::Finder::new(name.as_bytes());
        for at in finder.find_iter(input.text.as_bytes()) {
            let end = at + name.len();
            let before = input.text[..at].chars().next_back();
            let after = input.text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            out.push(Candidate {
                start: at,
                end,
                label,
                priority: RULES[rule].priority,
                origin: Origin::Rule(rule as u32),
            });
        }
    }
}

fn is_acronym(w: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes must say exactly what scanning the lists said.
    #[test]
    fn classes_agree_with_the_lists() {
        let lists: &[&[&str]] = &[
            CIVILITES,
            PARTICLES,
            ORG_HEADS,
            INSTITUTIONS,
            COMMON_ACRONYMS,
            PLACE_PREPOSITIONS,
            PLACE_NOUNS,
            ORG_STOP,
            NOT_NAMES,
        ];
        let mut words: Vec<String> = Vec::new();
        for list in lists {
            for w in *list {
                let mut c = w.chars();
                let first = c.next().unwrap();
                words.push(w.to_string());
                words.push(first.to_uppercase().chain(c.clone()).collect());
                words.push(first.to_lowercase().chain(c).collect());
                words.push(w.to_uppercase());
                words.push(format!("{w}s"));
            }
        }
        words.extend(
            [
                "",
                "Île",
                "ÎLE",
                "İle",
                "Kx",
                "\u{212A}lub",
                "Paris",
                "État",
            ]
            .map(String::from),
        );
        for w in &words {
            let bits = list_bits(w);
            let want = [
                (CIVILITES.contains(&w.as_str()), WordClass::CIVILITE),
                (PARTICLES.contains(&w.as_str()), WordClass::PARTICLE),
                (ORG_HEADS.contains(&w.as_str()), WordClass::ORG_HEAD),
                (INSTITUTIONS.contains(&w.as_str()), WordClass::INSTITUTION),
                (
                    COMMON_ACRONYMS.contains(&w.as_str()),
                    WordClass::COMMON_ACRONYM,
                ),
                (
                    PLACE_PREPOSITIONS.contains(&w.as_str()),
                    WordClass::PLACE_PREPOSITION,
                ),
                (PLACE_NOUNS.contains(&w.as_str()), WordClass::PLACE_NOUN),
                (in_list_any_case(ORG_STOP, w), WordClass::ORG_STOP),
                (NOT_NAMES.contains(&w.as_str()), WordClass::NOT_NAME),
            ];
            for (yes, class) in want {
                assert_eq!(WordClass(bits).has(class), yes, "{w:?} {class:?}");
            }
        }
    }
}
