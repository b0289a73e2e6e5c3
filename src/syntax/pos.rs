//! Parts of speech: each token's DELA classes, settled by context.
//!
//! The rules run left to right over one sentence; a token's tag may read the tags already
//! given to the tokens before it and the classes of the tokens after it. Their order is
//! the order of reliability measured on the UD French treebanks (the survey of French
//! chunkers DESIGN.md cites, stage 3): the closed-class words that open phrases
//! (`le`, `de`, `en`, `que`, the auxiliaries) first.

use std::sync::LazyLock;

use crate::tokenise::{Sentence, Token, TokenKind};

use super::classes::{ClassSet, Classes};

/// A token's part of speech, after disambiguation. Verbs are split by form, which is what
/// the rules read (a finite verb heads a clause; a participle after an auxiliary is part
/// of it; an infinitive after `de` is a charge's content).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pos {
    /// An article, possessive, demonstrative or numeral determiner.
    Det,
    /// A preposition.
    Prep,
    /// A preposition fused with an article: `du`, `au`, `des` (of the), `aux`.
    PrepDet,
    /// A pronoun.
    Pron,
    /// A coordinating conjunction.
    Cconj,
    /// A subordinating conjunction (`que` after `dire`, `si`, `lorsque`).
    Sconj,
    /// An adverb (`ne`, `pas`, `également`).
    Adv,
    /// A common noun.
    Noun,
    /// A proper noun: a capitalised word inside a sentence, or one DELA lacks.
    Propn,
    /// An adjective.
    Adj,
    /// A finite verb.
    Verb,
    /// A form of `être` or `avoir` used as an auxiliary (or `être` as a copula).
    Aux,
    /// A past participle.
    Participle,
    /// An infinitive.
    Infinitive,
    /// A present participle or gerund.
    Gerund,
    /// A number written in digits.
    Num,
    /// Punctuation and quotation marks.
    Punct,
    /// An interjection.
    Intj,
    /// A symbol, a URL, anything else.
    Other,
}

impl Pos {
    /// The tag's name, in the Universal Dependencies tag set (verb forms are `VERB`; a fused
    /// preposition and article is `ADP+DET`, as UD splits it).
    pub fn upos(self) -> &'static str {
        match self {
            Pos::Det => "DET",
            Pos::Prep => "ADP",
            Pos::PrepDet => "ADP+DET",
            Pos::Pron => "PRON",
            Pos::Cconj => "CCONJ",
            Pos::Sconj => "SCONJ",
            Pos::Adv => "ADV",
            Pos::Noun => "NOUN",
            Pos::Propn => "PROPN",
            Pos::Adj => "ADJ",
            Pos::Verb | Pos::Participle | Pos::Infinitive | Pos::Gerund => "VERB",
            Pos::Aux => "AUX",
            Pos::Num => "NUM",
            Pos::Punct => "PUNCT",
            Pos::Intj => "INTJ",
            Pos::Other => "X",
        }
    }

    /// The tag's name as `quidit explain --syntax` and the test table
    /// (`tests/data/syntax/pos.txt`) write it: [`upos`](Self::upos), with verbs split by
    /// form (`V:F` finite, `V:K` participle, `V:W` infinitive, `V:G` present participle).
    pub fn name(self) -> &'static str {
        match self {
            Pos::Verb => "V:F",
            Pos::Participle => "V:K",
            Pos::Infinitive => "V:W",
            Pos::Gerund => "V:G",
            p => p.upos(),
        }
    }

    fn is_verb(self) -> bool {
        matches!(
            self,
            Pos::Verb | Pos::Participle | Pos::Infinitive | Pos::Gerund | Pos::Aux
        )
    }

    fn is_nominal(self) -> bool {
        matches!(self, Pos::Noun | Pos::Propn | Pos::Pron | Pos::Num)
    }
}

/// What the context rules ask of a word: its membership of the sets of
/// `data/syntax/contextes.txt`, as bits, worked out once per form (and remembered with its
/// classes), so that a rule asks a bit, not a set.
mod flag {
    pub const SUBJECT: u16 = 1 << 0;
    pub const CLITIC: u16 = 1 << 1;
    pub const NEGATION: u16 = 1 << 2;
    pub const CONNECTIVE: u16 = 1 << 3;
    pub const ANTECEDENT: u16 = 1 << 4;
    pub const AVOIR: u16 = 1 << 5;
    pub const BEFORE_NOUN: u16 = 1 << 6;
    pub const COMPARATIVE: u16 = 1 << 7;
    pub const NE: u16 = 1 << 8;
    pub const BEFORE_EN: u16 = 1 << 9;
}

/// The sets of `data/syntax/contextes.txt` by name, and the bit each gives.
const SETS: [(&str, u16); 10] = [
    ("sujets", flag::SUBJECT),
    ("clitiques", flag::CLITIC),
    ("negations", flag::NEGATION),
    ("connecteurs", flag::CONNECTIVE),
    ("antecedents", flag::ANTECEDENT),
    ("avoir", flag::AVOIR),
    ("avant_nom", flag::BEFORE_NOUN),
    ("comparatifs", flag::COMPARATIVE),
    ("ne", flag::NE),
    ("avant_en", flag::BEFORE_EN),
];

/// The context words: each word of a set, with the bits of all its sets.
pub(super) struct Context {
    words: rustc_hash::FxHashMap<&'static str, u16>,
}

impl Context {
    fn flags(&self, form: &str) -> u16 {
        self.words.get(form).copied().unwrap_or(0)
    }
}

pub(super) static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    let text = include_str!("../../data/syntax/contextes.txt");
    let mut words: rustc_hash::FxHashMap<&'static str, u16> = Default::default();
    let mut named = 0u16;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, list) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("data/syntax/contextes.txt: {line:?} is not `name = words`"));
        let Some(&(_, bit)) = SETS.iter().find(|(n, _)| *n == name.trim()) else {
            panic!(
                "data/syntax/contextes.txt: the rules name no set `{}`",
                name.trim()
            );
        };
        named |= bit;
        for w in list.split_whitespace() {
            *words.entry(w).or_default() |= bit;
        }
    }
    if let Some((name, _)) = SETS.iter().find(|(_, bit)| named & bit == 0) {
        panic!("data/syntax/contextes.txt: no set `{name}`");
    }
    Context { words }
});

/// A form as the context rules see it: its classes and its context bits.
#[derive(Clone, Copy, Debug, Default)]
struct Word {
    classes: ClassSet,
    flags: u16,
}

/// The syntax stage's buffers, kept from one document to the next.
#[derive(Debug, Default)]
pub(crate) struct SyntaxScratch {
    /// The sentence's lower-case forms, one after the other.
    forms: String,
    /// Where each token's form is in `forms`.
    spans: Vec<std::ops::Range<usize>>,
    /// Each token's classes and context bits.
    words: Vec<Word>,
    /// The classes of the forms looked up so far: a lookup in the finite-state map costs
    /// about a thousand instructions, one here a few dozen, and a text repeats its words
    /// (the map's cost was 70% of the stage's before this).
    seen: rustc_hash::FxHashMap<Box<str>, Word>,
}

/// How many forms [`SyntaxScratch`] remembers before it starts again (a bound on its
/// memory: a few megabytes).
const SEEN_MAX: usize = 100_000;

/// Tags the tokens of each sentence: `out[i]` is the part of speech of `tokens[i]`.
/// `scratch` holds the tokens' lower-case forms and the classes of the forms seen before.
pub(crate) fn tag(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    classes: &Classes,
    scratch: &mut SyntaxScratch,
    out: &mut Vec<Pos>,
) {
    out.clear();
    out.resize(tokens.len(), Pos::Other);
    for s in sentences {
        tag_sentence(text, tokens, s.tokens.clone(), classes, scratch, out);
    }
}

/// Tags the tokens `range` (one sentence) into `out[range]`. A sentence's tags depend on
/// its own tokens only, so that sentences can be tagged in any order, or only some of
/// them ([`LazyPos`](super::LazyPos)), with the same result.
pub(crate) fn tag_sentence(
    text: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    classes: &Classes,
    scratch: &mut SyntaxScratch,
    out: &mut [Pos],
) {
    let cx = &*CONTEXT;
    let SyntaxScratch {
        forms,
        spans,
        words,
        seen,
    } = scratch;
    forms.clear();
    spans.clear();
    words.clear();
    if seen.len() > SEEN_MAX {
        seen.clear();
    }
    let base = range.start;
    for t in &tokens[range.clone()] {
        let start = forms.len();
        let raw = t.text(text);
        if raw.is_ascii() {
            forms.push_str(raw);
            forms[start..].make_ascii_lowercase();
        } else {
            for c in raw.chars() {
                match c {
                    '’' | 'ʼ' | '‘' => forms.push('\''),
                    c if c.is_uppercase() => forms.extend(c.to_lowercase()),
                    c => forms.push(c),
                }
            }
        }
        spans.push(start..forms.len());
        words.push(match t.kind {
            TokenKind::Word => {
                let form = &forms[start..];
                match seen.get(form) {
                    Some(w) => *w,
                    None => {
                        let w = Word {
                            classes: classes.get(form),
                            flags: cx.flags(form),
                        };
                        seen.insert(form.into(), w);
                        w
                    }
                }
            }
            // What the rules ask of the token after (`plus de 65`) is its class.
            TokenKind::Number => Word {
                classes: ClassSet(ClassSet::NUM),
                flags: 0,
            },
            _ => Word::default(),
        });
    }
    let form = |k: usize| &forms[spans[k].clone()];
    for k in 0..range.len() {
        let first = k == 0;
        let next = |j: usize| words.get(k + j).map_or(ClassSet::default(), |w| w.classes);
        let prev = (!first).then(|| out[base + k - 1]);
        let prev_flags = if first { 0 } else { words[k - 1].flags };
        // A closing quotation mark and a comma just before: the place of an incise.
        let after_quotation = k >= 2
            && form(k - 1) == ","
            && matches!(
                tokens[base + k - 2].kind,
                TokenKind::QuoteClose | TokenKind::Quote
            );
        out[base + k] = decide(
            tokens[base + k],
            form(k),
            words[k],
            first,
            prev,
            prev_flags,
            after_quotation,
            next,
            |back| {
                // The context bits and tags of up to `back` tokens before, nearest first.
                (0..k)
                    .rev()
                    .take(back)
                    .map(|j| (words[j].flags, out[base + j]))
            },
        );
    }
}

/// The part of speech of one token.
#[allow(clippy::too_many_arguments)]
fn decide<B>(
    t: Token,
    form: &str,
    word: Word,
    first: bool,
    prev: Option<Pos>,
    prev_flags: u16,
    after_quotation: bool,
    next: impl Fn(usize) -> ClassSet,
    before: impl Fn(usize) -> B,
) -> Pos
where
    B: Iterator<Item = (u16, Pos)>,
{
    let set = word.classes;
    match t.kind {
        TokenKind::Number => return Pos::Num,
        TokenKind::Punct | TokenKind::QuoteOpen | TokenKind::QuoteClose | TokenKind::Quote => {
            return Pos::Punct;
        }
        TokenKind::Symbol => return Pos::Other,
        TokenKind::Word => {}
    }
    let closed = ClassSet::DET
        | ClassSet::PREP
        | ClassSet::PREPDET
        | ClassSet::PRO
        | ClassSet::CONJC
        | ClassSet::CONJS;
    let capitalised = t.flags & Token::CAPITALISED != 0;
    // A capitalised word inside a sentence names something, unless it is a closed-class
    // word (`Le Monde` still has an article); at a sentence's start, DELA decides.
    if set.0 == 0 {
        return guess(form, capitalised);
    }
    if capitalised && !set.any(closed) && (!first || t.flags & Token::ALL_CAPS != 0) {
        // `la Commission`, `le Président`: a common noun written with a capital, after a
        // determiner; `la France`: a name DELA writes so.
        let after_det = matches!(prev, Some(Pos::Det | Pos::PrepDet | Pos::Adj));
        return if after_det && set.any(ClassSet::N) && !set.any(ClassSet::NPR) {
            Pos::Noun
        } else {
            Pos::Propn
        };
    }
    if set.any(ClassSet::NPR) && !set.any(closed | ClassSet::N | ClassSet::A | ClassSet::VERB) {
        return Pos::Propn;
    }
    if set.any(ClassSet::NUM) {
        return Pos::Num;
    }
    let n1 = next(1);
    let prev_clitic = prev_flags & (flag::SUBJECT | flag::CLITIC) != 0;
    let verb_only = |c: ClassSet| c.only(ClassSet::VERB | ClassSet::AUX);
    match form {
        "le" | "la" | "les" | "l'" => {
            let before_verb = verb_only(n1) || next_form_is_clitic(n1);
            return if prev_clitic || before_verb {
                Pos::Pron
            } else {
                Pos::Det
            };
        }
        "que" | "qu'" => {
            let mut restrictive = false;
            for (f, _) in before(6) {
                if f & flag::NEGATION != 0 {
                    break;
                }
                if f & flag::NE != 0 {
                    restrictive = true;
                    break;
                }
            }
            if restrictive {
                return Pos::Adv;
            }
            if prev_flags & flag::CONNECTIVE != 0 {
                return Pos::Sconj;
            }
            // `plus … que`: a comparison.
            if before(5).any(|(f, _)| f & flag::COMPARATIVE != 0) {
                return Pos::Sconj;
            }
            return match prev {
                Some(p) if p.is_verb() => Pos::Sconj,
                Some(Pos::Noun | Pos::Propn) => Pos::Pron,
                _ if prev_flags & flag::ANTECEDENT != 0 => Pos::Pron,
                _ => Pos::Sconj,
            };
        }
        "en" => {
            return if (verb_only(n1) && !n1.any(ClassSet::VG)) || prev_flags & flag::BEFORE_EN != 0
            {
                Pos::Pron
            } else {
                Pos::Prep
            };
        }
        "des" => {
            return match prev {
                Some(Pos::Noun | Pos::Adj | Pos::Num | Pos::Pron | Pos::Propn) => Pos::PrepDet,
                _ => Pos::Det,
            };
        }
        "du" | "au" | "aux" => return Pos::PrepDet,
        "un" | "une" => {
            return if n1.any(ClassSet::PREP | ClassSet::PREPDET) && !n1.any(ClassSet::N) {
                Pos::Pron
            } else {
                Pos::Det
            };
        }
        "leur" | "ce" => {
            return if n1.any(ClassSet::N | ClassSet::A) {
                Pos::Det
            } else {
                Pos::Pron
            };
        }
        "si" => {
            return if n1.only(ClassSet::A | ClassSet::ADV) {
                Pos::Adv
            } else {
                Pos::Sconj
            };
        }
        "est" if prev_flags & flag::BEFORE_NOUN != 0 => return Pos::Noun,
        "été" => {
            return if before(3).any(|(f, _)| f & flag::AVOIR != 0) {
                Pos::Aux
            } else {
                Pos::Noun
            };
        }
        "pas" | "bien" if prev == Some(Pos::Det) => return Pos::Noun,
        // `pas de`, `plus d'`: an article after a negation.
        // (Not before a number: `plus de 65 ans` is a comparison.)
        "de" | "d'" if prev_flags & flag::NEGATION != 0 && !next(1).any(ClassSet::NUM) => {
            return Pos::Det;
        }
        _ => {}
    }
    if set.any(ClassSet::AUX) {
        if word.flags & flag::AVOIR != 0 {
            // `a` is an auxiliary when a participle follows, adverbs and clitics between.
            let participle = (1..=4)
                .map(&next)
                .take_while(|c| !c.any(ClassSet::VK) || c.any(ClassSet::ADV | ClassSet::PRO))
                .count()
                < 4
                && (1..=4).map(&next).any(|c| c.any(ClassSet::VK));
            return if participle { Pos::Aux } else { Pos::Verb };
        }
        return Pos::Aux;
    }
    if set.any(ClassSet::PREP) {
        return Pos::Prep;
    }
    if set.any(ClassSet::PREPDET) {
        return Pos::PrepDet;
    }
    if set.any(ClassSet::DET) {
        return Pos::Det;
    }
    if set.any(ClassSet::PRO) {
        return Pos::Pron;
    }
    if set.any(ClassSet::CONJC) {
        return Pos::Cconj;
    }
    if set.any(ClassSet::CONJS) {
        return Pos::Sconj;
    }
    let nominal = set.any(ClassSet::N | ClassSet::A);
    let verbal = set.any(ClassSet::VERB);
    if nominal && verbal {
        // `« … », note le ministre`, `« … », glisse Rai`: after a quotation and its comma, a
        // finite form opens an incise, its subject after it (a noun there would need its
        // determiner, an adjective a noun).
        if after_quotation && set.any(ClassSet::VF) {
            return Pos::Verb;
        }
        // `Kfarzibet continue de réclamer`, `le maire tente d'obtenir`: a finite form before a
        // preposition and an infinitive governs it (a noun or an adjective takes `de` and a
        // noun far more often than a bare infinitive).
        if set.any(ClassSet::VF)
            && !matches!(prev, Some(Pos::Det | Pos::Prep | Pos::PrepDet))
            && n1.any(ClassSet::PREP)
            && next(2).any(ClassSet::VW)
            && !next(2).any(ClassSet::N)
        {
            return Pos::Verb;
        }
        // After a determiner, an adjective or a preposition, a noun; after a clitic, a verb.
        let after_det = matches!(
            prev,
            Some(Pos::Det | Pos::Adj | Pos::Prep | Pos::PrepDet | Pos::Num)
        );
        // `le candidat à la présidentielle estime que`: a finite form after a noun phrase and
        // before a subordinating conjunction is its verb (a noun rarely takes `que`).
        if set.any(ClassSet::VF)
            && !set.any(ClassSet::A)
            && matches!(prev, Some(Pos::Noun | Pos::Adj | Pos::Propn))
            && n1.any(ClassSet::CONJS)
        {
            return Pos::Verb;
        }
        if !after_det {
            // After a clitic, a verb; after an auxiliary, a participle (`sont graves`
            // is a copula and an adjective).
            if prev_clitic || (prev == Some(Pos::Aux) && set.any(ClassSet::VK)) {
                return verb_form(set, prev);
            }
            // `le gouvernement annonce`: a finite form after its subject.
            // (An adjective reading goes first: `la situation critique`.)
            if set.any(ClassSet::VF)
                && !set.any(ClassSet::A)
                && matches!(prev, Some(Pos::Noun | Pos::Propn))
            {
                return Pos::Verb;
            }

            if set.any(ClassSet::VK) && !set.any(ClassSet::N) {
                return Pos::Participle;
            }
            // `a annoncé porter plainte`, `espère pouvoir`: right after a verb, a noun
            // would need its determiner; the infinitive needs none.
            if set.any(ClassSet::VW)
                && matches!(prev, Some(Pos::Verb | Pos::Participle | Pos::Infinitive))
            {
                return Pos::Infinitive;
            }
            // `a annoncé en début de semaine vouloir supprimer`: a modal before an
            // infinitive (a noun is not followed by a bare infinitive).
            if set.any(ClassSet::VW) && n1.any(ClassSet::VW) && !n1.any(ClassSet::N | ClassSet::A) {
                return Pos::Infinitive;
            }
        }
    } else if verbal {
        return verb_form(set, prev);
    }
    if set.any(ClassSet::N) && set.any(ClassSet::A) {
        // An adjective right after a noun, or between a determiner and a noun.
        let after_noun = prev.is_some_and(Pos::is_nominal) && prev != Some(Pos::Pron);
        let before_noun =
            matches!(prev, Some(Pos::Det)) && n1.any(ClassSet::N) && !n1.any(ClassSet::AUX);
        // `est important`, `très ancien`, `politique étrangère française`; but after a
        // determiner and an adjective, the noun (`un haut responsable`).
        let det_adj = prev == Some(Pos::Adj)
            && before(2)
                .nth(1)
                .is_some_and(|(_, p)| matches!(p, Pos::Det | Pos::Num));
        let attribute =
            matches!(prev, Some(Pos::Aux | Pos::Adv | Pos::Adj | Pos::Participle)) && !det_adj;
        return if after_noun || before_noun || attribute {
            Pos::Adj
        } else {
            Pos::Noun
        };
    }
    if set.any(ClassSet::N) {
        // `bien`, `moins`, `non` are nouns only after a determiner.
        if set.any(ClassSet::ADV) && prev != Some(Pos::Det) {
            return Pos::Adv;
        }
        return Pos::Noun;
    }
    if set.any(ClassSet::A) {
        return Pos::Adj;
    }
    if set.any(ClassSet::ADV) {
        return Pos::Adv;
    }
    if set.any(ClassSet::INTJ) {
        return Pos::Intj;
    }
    Pos::Other
}

/// Whether a token of classes `c` is a clitic that stands before a verb (`y`, `en`, `lui`).
fn next_form_is_clitic(c: ClassSet) -> bool {
    c.only(ClassSet::PRO | ClassSet::ADV | ClassSet::PREP)
        && c.any(ClassSet::PRO)
        && !c.any(ClassSet::DET)
}

/// A verb form: a participle after an auxiliary, else by the classes it has.
fn verb_form(set: ClassSet, prev: Option<Pos>) -> Pos {
    if set.any(ClassSet::VK) && (prev == Some(Pos::Aux) || !set.any(ClassSet::VF)) {
        return Pos::Participle;
    }
    if set.any(ClassSet::VF) {
        return Pos::Verb;
    }
    if set.any(ClassSet::VW) {
        return Pos::Infinitive;
    }
    if set.any(ClassSet::VG) {
        return Pos::Gerund;
    }
    Pos::Participle
}

/// A word DELA lacks: a name if capitalised, else by its ending.
fn guess(form: &str, capitalised: bool) -> Pos {
    if capitalised {
        Pos::Propn
    } else if form.ends_with("ment") {
        Pos::Adv
    } else if ["é", "ée", "és", "ées"].iter().any(|e| form.ends_with(e)) {
        Pos::Participle
    } else if form.ends_with("ant") {
        Pos::Gerund
    } else {
        Pos::Noun
    }
}
