//! What the tagger worked out on the way to a [`Document`], for the tools that explain or
//! measure it (`quidit explain`, [`crate::coverage`], the tests that compare two taggers):
//! the tokens, the sentences, the gazetteers' matches, the paired quotations and every
//! rule candidate, kept or lost.
//!
//! [`Tagger::inspect`] runs the pipeline once, as [`Tagger::tag_with`] does, then copies
//! what the stages left in the [`Scratch`] into the small public records of this module.
//! The stages' own structures stay private, so that they can change without breaking
//! these tools; and [`Tagger::tag_with`] collects nothing of this (only the rule
//! candidates need the stages' help, and they are asked for only here).

use std::ops::Range;

use crate::document::{Document, Label};
pub use crate::entities::SetAside;
use crate::gazetteer::{Entry, FileKind};
use crate::rules::{self, TokenClass};
use crate::syntax::{ChunkKind, Pos};
use crate::tokenise::{Token as Tok, TokenKind as TokKind};
use crate::{Scratch, Tagger, identity};

/// What the tagger found in one text and how: the [`Document`] and the intermediate
/// results behind it. Offsets are bytes of the text, token indices index [`tokens`](Self::tokens).
#[derive(Clone, Debug)]
pub struct Inspection<'t> {
    /// The tagged document, as [`Tagger::tag`] returns it.
    pub document: Document<'t>,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The matches of entity lists (`PER/`, `ORG/`, `LOC/`), every one, before any was
    /// chosen: nested and overlapping matches included.
    pub list_matches: Vec<ListMatch<'t>>,
    /// The matches of lexicons (`lexique/`) compiled into the automaton. The lexicons read
    /// word by word (`non_noms`, `particules`, `sigles_communs`) are not here: they show in
    /// each token's name classes.
    pub lexicon_matches: Vec<LexiconMatch<'t>>,
    /// The paired quotation marks, in order of their opening mark.
    pub quotations: Vec<Quotation>,
    /// The noun chunks and noun phrases, sentence by sentence, each chain's phrase before
    /// the chunks inside it.
    pub phrases: Vec<Phrase>,
    /// Every candidate of every rule (names and attributions), before conflicts were
    /// settled, in the order the rules made them.
    pub candidates: Vec<RuleCandidate<'t>>,
}

/// What a token is, coarsely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters (any script), possibly with digits, internal hyphens, apostrophes and dots.
    Word,
    /// Starts with an ASCII digit: `2020`, `3,6`, `948 000`, `1er`.
    Number,
    /// Punctuation.
    Punct,
    /// An opening quotation mark.
    QuoteOpen,
    /// A closing quotation mark.
    QuoteClose,
    /// A straight `"` whose direction could not be guessed.
    Quote,
    /// Anything else: `%`, `€`, emoji, URLs.
    Symbol,
}

/// A token and what the tokeniser and the name classes say of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in the text.
    pub span: Range<usize>,
    /// What it is.
    pub kind: TokenKind,
    /// Its first character is upper case.
    pub capitalised: bool,
    /// Two letters or more, none in lower case (`OTAN`).
    pub all_caps: bool,
    /// A title, abbreviation, initial or dotted acronym (`M.`, `Mme`, `J.`), its period
    /// included.
    pub abbreviation: bool,
    /// An elided word, its apostrophe included (`l'`, `qu’`).
    pub elided: bool,
    /// The subject pronoun of an inversion (`il` in `a-t-il`).
    pub inverted_subject: bool,
    /// White space comes right before it.
    pub space_before: bool,
    /// The first token of the text or of a paragraph.
    pub paragraph_start: bool,
    /// The rules' class `NOM`: a capitalised word that may be part of a name.
    pub nom: bool,
    /// The rules' class `SIGLE`: an acronym that is not a common one.
    pub sigle: bool,
    /// The rules' class `PARTICULE` (`lexique/particules`), marked only before a
    /// capitalised word.
    pub particule: bool,
    /// Its part of speech, as the syntax stage gives it (what `<N>`, `<V:K>` read).
    pub pos: Pos,
}

impl Token {
    /// Its text in `text` (empty if the token is not of `text`).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.clone()).unwrap_or("")
    }
}

/// What kind of phrase a [`Phrase`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhraseKind {
    /// A noun chunk (`GN` in the rules): determiner, adjectives, the noun or name, the
    /// adjectives after it.
    NounChunk,
    /// A noun phrase (`SN` in the rules): a noun chunk and its chain of `de` complements,
    /// if it has any.
    NounPhrase,
}

/// A phrase of the syntax stage, as the rules' `GN` and `SN` see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// What kind of phrase.
    pub kind: PhraseKind,
    /// Its tokens, as indices of [`Inspection::tokens`].
    pub tokens: Range<usize>,
}

/// A sentence: its bytes and its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From its first token's start to its last token's end.
    pub span: Range<usize>,
    /// Its tokens, as indices of [`Inspection::tokens`].
    pub tokens: Range<usize>,
}

/// A match of an entity list.
#[derive(Clone, Copy, Debug)]
pub struct ListMatch<'t> {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The label its list gives.
    pub label: Label,
    /// The entry (canonical form, Wikidata id, attributes, file and line).
    pub entry: &'t Entry,
    /// Why the match was set aside before the choice among candidates, if it was (a
    /// match not set aside may still lose to a longer or higher-priority candidate).
    pub set_aside: Option<SetAside>,
}

/// A match of a lexicon.
#[derive(Clone, Copy, Debug)]
pub struct LexiconMatch<'t> {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The lexicon's name, as rules refer to it (`prenoms` for `@prenoms`).
    pub lexicon: &'t str,
    /// The entry: its attributes (`lemme`, `genre`, `type`…) are what rules filter on.
    pub entry: &'t Entry,
}

/// A pair of quotation marks, in token indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// The opening mark.
    pub open: usize,
    /// The closing mark, or, when none was found, one past the quotation's last token.
    pub close: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

impl Quotation {
    /// The tokens of the content, without the marks.
    pub fn inner(&self) -> Range<usize> {
        self.open + 1..self.close
    }

    /// The tokens of the whole quotation, marks included.
    pub fn outer(&self) -> Range<usize> {
        self.open..self.close + usize::from(self.closed)
    }
}

/// A match of a rule before conflicts were settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleCandidate<'t> {
    /// The rule's id (`cit.dit-que`).
    pub rule: &'t str,
    /// The rule's phase (0: names).
    pub phase: u32,
    /// The tokens the rule matched.
    pub tokens: Range<usize>,
    /// What is said or claimed (a name rule's name), in tokens.
    pub content: Option<Range<usize>>,
    /// The words that report it, in tokens.
    pub cue: Option<Range<usize>>,
    /// Who says it, in tokens.
    pub source: Option<Range<usize>>,
    /// Whom a charge is against, in tokens.
    pub target: Option<Range<usize>>,
    /// Whether it survived its phase's conflicts. A kept candidate may still be dropped
    /// afterwards: a name by the choice among all names, an attribution with neither cue
    /// nor source by the resolution of sources.
    pub kept: bool,
}

impl Tagger {
    /// Tags one text like [`Tagger::tag_with`] and returns, with the document, what the
    /// stages found on the way (see [`Inspection`]). Slower than tagging: every rule
    /// candidate is kept, and the stages' buffers are copied.
    pub fn inspect(&self, text: &str, scratch: &mut Scratch) -> Inspection<'_> {
        let s = scratch;
        let mut all = Vec::new();
        // What a phase keeps is left in `emitted`; without name rules, phase 0 does not
        // run and would leave the previous document's.
        s.emitted.clear();
        let mut doc = self.tag_entities(text, s, Some(&mut all));
        let kept_names = std::mem::take(&mut s.emitted);
        let names = all.len();
        self.attribute(text, s, &mut doc, Some(&mut all));
        identity::assign(text, &mut doc);
        if self.rules.rules().is_empty() {
            // Quotations are paired for the rules; without rules nothing paired them.
            rules::quotes::pair(text, &s.tokens, &mut s.quotations);
        }
        // The syntax stage runs for the rules only when one reads it; here always.
        if s.pos.len() != s.tokens.len() || s.pos_done.iter().any(|d| !d) {
            self.parts_of_speech(text, s);
        }
        let entity_tokens: Vec<Option<(u32, u32)>> = s.chosen.iter().map(|c| c.tokens).collect();
        crate::attribute::chunk(text, s, &entity_tokens, None);
        let phrases = s
            .chunks
            .iter()
            .map(|c| Phrase {
                kind: match c.kind {
                    ChunkKind::Gn => PhraseKind::NounChunk,
                    ChunkKind::Sn => PhraseKind::NounPhrase,
                },
                tokens: c.start as usize..c.end as usize,
            })
            .collect();

        let rule_set = self.rules.rules();
        let span = |r: (u32, u32)| r.0 as usize..r.1 as usize;
        let candidates = all
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let rule = &rule_set[e.rule as usize];
                RuleCandidate {
                    rule: &rule.id,
                    phase: rule.phase,
                    tokens: e.start as usize..e.end as usize,
                    content: e.roles.content.map(span),
                    cue: e.roles.cue.map(span),
                    source: e.roles.source.map(span),
                    target: e.roles.target.map(span),
                    kept: if i < names {
                        kept_names.contains(e)
                    } else {
                        s.emitted.contains(e)
                    },
                }
            })
            .collect();

        let g = &self.gazetteer;
        let list_matches = s
            .hits
            .iter()
            .filter_map(|h| {
                let entry = &g.entries()[h.entry as usize];
                match g.file_of(entry).kind {
                    FileKind::Entity { label, .. } => Some(ListMatch {
                        start: h.start,
                        end: h.end,
                        label,
                        entry,
                        set_aside: crate::entities::set_aside(text, &s.tokens, &s.sentence_of, h),
                    }),
                    FileKind::Lexicon { .. } => None,
                }
            })
            .collect();
        let lexicon_matches = s
            .lexicon_hits
            .iter()
            .filter_map(|h| {
                let entry = &g.entries()[h.entry as usize];
                match &g.file_of(entry).kind {
                    FileKind::Lexicon { name } => Some(LexiconMatch {
                        start: h.start,
                        end: h.end,
                        lexicon: name,
                        entry,
                    }),
                    FileKind::Entity { .. } => None,
                }
            })
            .collect();
        let tokens = s
            .tokens
            .iter()
            .zip(&s.classes)
            .zip(&s.pos)
            .map(|((t, class), pos)| token(t, *class, *pos))
            .collect();
        let sentences = s
            .sentences
            .iter()
            .map(|x| Sentence {
                span: x.start..x.end,
                tokens: x.tokens.clone(),
            })
            .collect();
        let quotations = s
            .quotations
            .iter()
            .map(|q| Quotation {
                open: q.open,
                close: q.close,
                closed: q.closed,
            })
            .collect();
        Inspection {
            document: doc,
            tokens,
            sentences,
            list_matches,
            lexicon_matches,
            quotations,
            phrases,
            candidates,
        }
    }
}

fn token(t: &Tok, class: TokenClass, pos: Pos) -> Token {
    Token {
        span: t.span(),
        kind: match t.kind {
            TokKind::Word => TokenKind::Word,
            TokKind::Number => TokenKind::Number,
            TokKind::Punct => TokenKind::Punct,
            TokKind::QuoteOpen => TokenKind::QuoteOpen,
            TokKind::QuoteClose => TokenKind::QuoteClose,
            TokKind::Quote => TokenKind::Quote,
            TokKind::Symbol => TokenKind::Symbol,
        },
        capitalised: t.has(Tok::CAPITALISED),
        all_caps: t.has(Tok::ALL_CAPS),
        abbreviation: t.has(Tok::ABBREVIATION),
        elided: t.has(Tok::ELIDED),
        inverted_subject: t.has(Tok::INVERTED_SUBJECT),
        space_before: t.has(Tok::SPACE_BEFORE),
        paragraph_start: t.has(Tok::PARAGRAPH_START),
        nom: class.has(TokenClass::NOM),
        sigle: class.has(TokenClass::SIGLE),
        particule: class.has(TokenClass::PARTICULE),
        pos,
    }
}
