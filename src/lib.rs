//! quidit ("qui dit ?") reads French news and marks who is named — persons, organisations and
//! places — with exact offsets and the list entry or rule behind each mark.
//!
//! Build a [`Tagger`] once (this is where every fault in gazetteer files is reported, with its
//! file, line and column), then tag as many texts as you like: tagging cannot fail.
//!
//! ```
//! let tagger = quidit::Tagger::builder().build()?;
//! let text = "Selon l’OSDH, 16 combattants ont été tués à Saraqeb.";
//! let doc = tagger.tag(text);
//! let found: Vec<_> = doc.entities.iter().map(|e| (e.label.as_str(), e.text(text))).collect();
//! assert!(found.contains(&("ORG", "OSDH")));
//! assert!(found.contains(&("LOC", "Saraqeb")));
//! # Ok::<(), quidit::Error>(())
//! ```
//!
//! The pipeline has one module a stage: [`normalise`] → [`tokenise`] → [`gazetteer`] →
//! [`rules`] → [`resolve`](crate::resolve) → [`export`]. `DESIGN.md` explains each.

mod builtin;
pub mod document;
mod error;
pub mod export;
pub mod gazetteer;
pub mod normalise;
mod resolve;
pub mod rules;
pub mod tokenise;

use std::path::PathBuf;

pub use document::{Document, Entity, Label, Provenance, Span};
pub use error::{Error, Location};

use document::CharCounter;
use gazetteer::{FileKind, Gazetteer, Hit};
use normalise::{Case, Normalised};
use resolve::{Candidate, Origin};
use rules::names::{self, Lex};
use tokenise::{Sentence, Token};

/// Configures and builds a [`Tagger`].
#[derive(Clone, Debug)]
pub struct TaggerBuilder {
    builtin: bool,
    dirs: Vec<PathBuf>,
    texts: Vec<(String, String)>,
}

impl TaggerBuilder {
    /// Whether to load the built-in gazetteers (yes by default).
    pub fn builtin_gazetteers(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Adds the gazetteer files under `dir` (`PER/`, `ORG/`, `LOC/`, `lexique/`), after the
    /// built-in ones.
    pub fn gazetteer_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one gazetteer file from memory, named as if relative to a gazetteer folder
    /// (`LOC/villes.txt`).
    pub fn gazetteer_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.texts.push((name.into(), text.into()));
        self
    }

    /// Loads and compiles everything; every fault in a file is reported here.
    pub fn build(self) -> Result<Tagger, Error> {
        let mut gaz = gazetteer::Builder::new();
        gaz.only_lexicons(names::LEXICONS);
        if self.builtin {
            for (name, text) in builtin::FILES {
                if name.starts_with("gazetteers/") {
                    gaz.add_file(name, text)?;
                }
            }
        }
        for dir in &self.dirs {
            gaz.add_dir(dir)?;
        }
        for (name, text) in &self.texts {
            gaz.add_file(name, text)?;
        }
        let gazetteer = gaz.build()?;
        let file_lex = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => match name.as_str() {
                    "prenoms" => Lex::PRENOM,
                    "titres" => Lex::TITRE_FIN,
                    "gentiles" => Lex::GENTILE,
                    _ => Lex::default(),
                },
                FileKind::Entity { .. } => Lex::ENTITE,
            })
            .collect();
        let file_priority = gazetteer.files().iter().map(|f| f.priority).collect();
        Ok(Tagger {
            gazetteer,
            file_lex,
            file_priority,
        })
    }
}

/// The tagger: gazetteers and rules compiled once, shared by every text it tags (it is
/// `Send + Sync`, so threads can share one).
#[derive(Clone, Debug)]
pub struct Tagger {
    gazetteer: Gazetteer,
    /// What a match of each gazetteer file tells the rules.
    file_lex: Vec<Lex>,
    /// Each gazetteer file's `%priority`.
    file_priority: Vec<i32>,
}

/// Buffers reused from one document to the next, so that tagging a corpus allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    view: Normalised,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    sentence_of: Vec<u32>,
    hits: Vec<Hit>,
    lexicon_hits: Vec<Hit>,
    lex: Vec<Lex>,
    candidates: Vec<Candidate>,
    chosen: Vec<Candidate>,
}

impl Tagger {
    /// A builder with the built-in gazetteers.
    pub fn builder() -> TaggerBuilder {
        TaggerBuilder {
            builtin: true,
            dirs: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// The compiled gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Document<'_> {
        self.tag_with(text, &mut Scratch::default())
    }

    /// Tags one text, reusing `scratch`'s buffers (keep one per thread).
    pub fn tag_with(&self, text: &str, scratch: &mut Scratch) -> Document<'_> {
        let s = scratch;
        s.view.fill(text, Case::Fold);
        tokenise::tokenise(text, &mut s.tokens);
        tokenise::split_sentences(text, &s.tokens, &mut s.sentences);
        s.sentence_of.clear();
        s.sentence_of.resize(s.tokens.len(), 0);
        for (n, sentence) in s.sentences.iter().enumerate() {
            for i in sentence.tokens.clone() {
                if let Some(slot) = s.sentence_of.get_mut(i) {
                    *slot = n as u32;
                }
            }
        }
        self.gazetteer
            .find(text, &s.view, &mut s.hits, &mut s.lexicon_hits);
        self.mark_lexicons(s);

        s.candidates.clear();
        for h in &s.hits {
            // A case-exact single word that opens a sentence is capitalised for that reason
            // alone: `Or, …` is not the place, `Orange a annoncé…` may not be the city.
            if h.exact && opens_sentence(&s.tokens, &s.sentence_of, h.start, h.end) {
                continue;
            }
            let entry = &self.gazetteer.entries()[h.entry as usize];
            if let FileKind::Entity { label, .. } = self.gazetteer.file_of(entry).kind {
                s.candidates.push(Candidate {
                    start: h.start,
                    end: h.end,
                    label,
                    priority: self.file_priority[entry.file as usize],
                    origin: Origin::List(h.entry),
                });
            }
        }
        let input = names::Input {
            text,
            tokens: &s.tokens,
            sentence_of: &s.sentence_of,
            lex: &s.lex,
        };
        names::propose(&input, &mut s.candidates);
        resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        // Second pass: later mentions of the names found in the first.
        let before = s.candidates.len();
        names::recall(&input, &s.chosen, &mut s.candidates);
        if s.candidates.len() > before {
            resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        }
        self.entities(text, &s.chosen)
    }

    fn mark_lexicons(&self, s: &mut Scratch) {
        s.lex.clear();
        s.lex.resize(s.tokens.len(), Lex::default());
        let tokens = &s.tokens;
        let find = |at: usize, end: bool| {
            let i = tokens.partition_point(|t| if end { t.end < at } else { t.start < at });
            let t = tokens.get(i)?;
            (if end { t.end } else { t.start } == at).then_some(i)
        };
        for h in s.lexicon_hits.iter().chain(&s.hits) {
            let entry = &self.gazetteer.entries()[h.entry as usize];
            let flag = self.file_lex[entry.file as usize];
            let (Some(first), Some(last)) = (find(h.start, false), find(h.end, true)) else {
                continue;
            };
            if flag == Lex::TITRE_FIN {
                s.lex[last].set(flag);
            } else if flag == Lex::ENTITE || first == last {
                s.lex[first].set(flag);
            }
        }
    }

    fn entities<'t>(&'t self, text: &str, chosen: &[Candidate]) -> Document<'t> {
        let mut counter = CharCounter::new(text);
        let entities = chosen
            .iter()
            .map(|c| {
                let span = counter.span(c.start, c.end);
                match c.origin {
                    Origin::List(e) => {
                        let entry = &self.gazetteer.entries()[e as usize];
                        let file = self.gazetteer.file_of(entry);
                        let subtype = match &file.kind {
                            FileKind::Entity { subtype, .. } => subtype.as_str(),
                            FileKind::Lexicon { name } => name.as_str(),
                        };
                        Entity {
                            span,
                            label: c.label,
                            subtype,
                            canonical: Some(entry.canonical.as_str()),
                            id: entry.id.as_deref(),
                            provenance: Provenance::List {
                                file: &file.name,
                                line: entry.line,
                            },
                        }
                    }
                    Origin::Rule(r) => {
                        let rule = &names::RULES[r as usize];
                        Entity {
                            span,
                            label: c.label,
                            subtype: rule.subtype,
                            canonical: None,
                            id: None,
                            provenance: Provenance::Rule { id: rule.id },
                        }
                    }
                }
            })
            .collect();
        Document { entities }
    }
}

/// Whether `start..end` is one word token that starts its sentence (after any opening
/// punctuation: quotes, dashes, brackets).
fn opens_sentence(tokens: &[Token], sentence_of: &[u32], start: usize, end: usize) -> bool {
    let i = tokens.partition_point(|t| t.start < start);
    let Some(t) = tokens.get(i) else {
        return false;
    };
    if t.start != start || t.end != end {
        return false;
    }
    let sentence = sentence_of[i];
    tokens[..i]
        .iter()
        .zip(&sentence_of[..i])
        .rev()
        .take_while(|(_, n)| **n == sentence)
        .all(|(t, _)| t.kind != tokenise::TokenKind::Word && t.kind != tokenise::TokenKind::Number)
}
