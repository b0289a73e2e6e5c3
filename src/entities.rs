//! The entity stage: the gazetteers' matches and the names the phase-0 rules find are
//! settled together by one policy ([`crate::resolve`]), then the document pass
//! ([`crate::rules::names::recall`]) adds the later mentions of the names found and settles
//! again. Its output is the document's entities (in characters) and, kept in the scratch
//! buffers for the attribution stage, the settled candidates (in bytes) and the document as
//! the rules see it ([`crate::annotate`]).

use std::sync::LazyLock;

use crate::document::{CharCounter, Document, Entity, Provenance};
use crate::gazetteer::{self, FileKind};
use crate::normalise::Case;
use crate::resolve::{self, Candidate, Origin};
use crate::rules::{
    self, Ann,
    names::{self, Lex},
};
use crate::syntax;
use crate::tokenise::{self, Token};
use crate::words;
use crate::{Scratch, Tagger};

impl Tagger {
    /// The syntax stage's parts of speech of every token in `s` into `s.pos` (the
    /// sentences already tagged are tagged again: the same tags).
    pub(crate) fn parts_of_speech(&self, text: &str, s: &mut Scratch) {
        syntax::tag(
            text,
            &s.tokens,
            &s.sentences,
            &self.word_classes,
            &mut s.syntax,
            &mut s.pos,
        );
        s.pos_done.clear();
        s.pos_done.resize(s.sentences.len(), true);
    }

    /// The stages up to entities: the gazetteers' matches and the names of phase 0 are
    /// settled together by one policy (`resolve`), then the document pass adds the later
    /// mentions of the names found and settles again. `all`, when given, receives every
    /// phase-0 candidate (for examples and `explain`).
    pub(crate) fn tag_entities(
        &self,
        text: &str,
        scratch: &mut Scratch,
        all: Option<&mut Vec<rules::Emitted>>,
    ) -> Document<'_> {
        let s = scratch;
        s.view.fill(text, Case::Fold);
        tokenise::tokenise(text, &mut s.tokens);
        tokenise::split_sentences(text, &s.tokens, &mut s.sentences);
        // Parts of speech are tagged sentence by sentence where a rule asks
        // (`syntax::LazyPos`) or where phrases are made (`attribute::annotate_chunks`).
        s.pos.clear();
        s.pos_done.clear();
        s.sentence_of.clear();
        s.sentence_of.resize(s.tokens.len(), 0);
        for (n, sentence) in s.sentences.iter().enumerate() {
            for i in sentence.tokens.clone() {
                if let Some(slot) = s.sentence_of.get_mut(i) {
                    *slot = n as u32;
                }
            }
        }
        // Words the tokeniser cut off the word before them (`PékinLa`) start where the view
        // is cut too, so that the list finds `Pékin`.
        s.find.cuts.clear();
        let mut from = 0;
        for t in s.tokens.iter().filter(|t| t.has(Token::GLUED)) {
            let at = s.view.view_range(t.span(), from).start;
            s.find.cuts.push(at);
            from = at;
        }
        self.gazetteer
            .find_with(text, &s.view, &mut s.find, &mut s.hits, &mut s.lexicon_hits);
        self.mark_lexicons(s);

        s.candidates.clear();
        for h in &s.hits {
            if set_aside(text, &s.tokens, &s.sentence_of, h).is_some() {
                continue;
            }
            let entry = &self.gazetteer.entries()[h.entry as usize];
            if let FileKind::Entity { label, .. } = self.gazetteer.file_of(entry).kind {
                s.candidates.push(Candidate {
                    start: h.start,
                    end: h.end,
                    tokens: tokenise::token_range(&s.tokens, h.start, h.end),
                    label,
                    priority: self.file_priority[entry.file as usize],
                    origin: Origin::List(h.entry),
                });
            }
        }
        names::classify(
            text,
            &s.tokens,
            &s.lex,
            self.gazetteer.word_lists(),
            &mut s.folded,
            &mut s.classes,
        );
        if !self.rules.rules().is_empty() {
            self.word_ids(text, s);
            // The normalised view (4 bytes of offset a byte of text) and the automaton's
            // scratch are read no more: a large document gives their memory back before
            // the rules, the peak of its working set, rather than keeping it to the end.
            s.release_view_after(text.len());
            self.annotate(text, s);
            if self.rules.has_names() {
                self.name_rules(text, s, all);
            }
        }
        resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        // The document pass: later mentions of the names found, acronyms and their
        // expansions.
        let before = s.candidates.len();
        let input = names::Input {
            text,
            tokens: &s.tokens,
            lex: &s.lex,
        };
        names::recall(&input, &s.chosen, &mut s.candidates);
        if s.candidates.len() > before {
            resolve::resolve(text, &mut s.candidates, &mut s.chosen);
        }
        self.entities(text, &s.chosen)
    }

    /// Phase 0: the name rules, over the gazetteers' matches (every one, before they are
    /// settled: `PER`, `ORG`, `LOC` name what a list holds). What they propose joins
    /// `s.candidates`; the matches' annotations are taken away again afterwards (the
    /// attribution rules see the settled entities).
    fn name_rules(&self, text: &str, s: &mut Scratch, all: Option<&mut Vec<rules::Emitted>>) {
        for c in &s.candidates {
            if let Origin::List(_) = c.origin {
                self.annotate_entity(&mut s.starts, c);
            }
        }
        s.starts.seal();
        self.run_rules(text, s, all, rules::Phases::Names);
        for e in &s.emitted {
            let rule = &self.rules.rules()[e.rule as usize];
            let (rules::EmitKind::Entity(label), Some((a, b))) = (rule.emit, e.roles.content)
            else {
                continue;
            };
            if a >= b {
                continue;
            }
            s.candidates.push(Candidate {
                start: s.tokens[a as usize].start(),
                end: s.tokens[b as usize - 1].end(),
                tokens: Some((a, b)),
                label,
                priority: rule.priority,
                origin: Origin::Rule(e.rule),
            });
        }
        let entity = |a: &Ann| a.kind == rules::PER || a.kind == rules::ORG || a.kind == rules::LOC;
        s.starts.retain(|a| !entity(a));
    }

    fn mark_lexicons(&self, s: &mut Scratch) {
        s.lex.clear();
        s.lex.resize(s.tokens.len(), Lex::default());
        let tokens = &s.tokens;
        let find = |at: usize, end: bool| {
            let i = tokens.partition_point(|t| if end { t.end() < at } else { t.start() < at });
            let t = tokens.get(i)?;
            (if end { t.end() } else { t.start() } == at).then_some(i)
        };
        for h in &s.lexicon_hits {
            let entry = &self.gazetteer.entries()[h.entry as usize];
            let flag = self.file_lex[entry.file as usize];
            if flag == Lex::default() {
                continue;
            }
            let (Some(first), Some(last)) = (find(h.start, false), find(h.end, true)) else {
                continue;
            };
            if flag == Lex::TITRE_FIN {
                s.lex[last].set(flag);
            } else if first == last {
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
                            canonical: Some(&entry.canonical),
                            id: entry.id.as_deref(),
                            provenance: Provenance::List {
                                file: &file.name,
                                line: entry.line,
                            },
                        }
                    }
                    Origin::Rule(r) => {
                        let rule = &self.rules.rules()[r as usize];
                        Entity {
                            span,
                            label: c.label,
                            subtype: &rule.id,
                            canonical: None,
                            id: None,
                            provenance: Provenance::Rule { id: &rule.id },
                        }
                    }
                    Origin::Pass(pass) => Entity {
                        span,
                        label: c.label,
                        subtype: pass.subtype(),
                        canonical: None,
                        id: None,
                        provenance: Provenance::Rule { id: pass.id() },
                    },
                }
            })
            .collect();
        Document {
            entities,
            ..Document::default()
        }
    }
}

/// Why a list match is no candidate, when it is set aside before the choice among
/// candidates: a capital that the sentence, not the name, gives it. `quidit gazetteer
/// which` names the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetAside {
    /// A case-exact single word (`=Orange`) opening a sentence is capitalised for that
    /// reason alone: `Or, …` is not the place, `Orange a annoncé…` may not be the city. An
    /// acronym is not set aside (`FIFA : …`, `SNCF annonce…`): its capitals are its own.
    CaseExactOpensSentence,
    /// An entry opening with an article (`Le Passage`) matched a common phrase that opens
    /// its sentence in lower case (`Le passage de…`).
    ArticlePhrase,
}

/// Why the list match `h` is set aside, if it is.
pub(crate) fn set_aside(
    text: &str,
    tokens: &[Token],
    sentence_of: &[u32],
    h: &gazetteer::Hit,
) -> Option<SetAside> {
    if h.exact
        && opens_sentence(tokens, sentence_of, h.start, h.end)
        && !names::is_acronym(&text[h.start..h.end])
    {
        return Some(SetAside::CaseExactOpensSentence);
    }
    if article_phrase(text, tokens, sentence_of, h.start, h.end) {
        return Some(SetAside::ArticlePhrase);
    }
    None
}

/// Whether `start..end` is one word token that starts its sentence (after any opening
/// punctuation: quotes, dashes, brackets).
fn opens_sentence(tokens: &[Token], sentence_of: &[u32], start: usize, end: usize) -> bool {
    let i = tokens.partition_point(|t| t.start() < start);
    tokens
        .get(i)
        .is_some_and(|t| t.start() == start && t.end() == end)
        && starts_sentence(tokens, sentence_of, i)
}

/// The articles that open a name ([`gazetteer::NAME_ARTICLES`]) as a sentence opens with them:
/// capitalised, followed by a space or, elided, by either apostrophe (`Le `, `L'`, `L’`).
static SENTENCE_ARTICLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let capitalised = |a: &str| {
        let mut chars = a.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
    };
    let mut out = Vec::new();
    for a in gazetteer::NAME_ARTICLES.iter() {
        match words::elided(a) {
            Some(stem) => out.extend(["'", "’"].map(|apostrophe| capitalised(stem) + apostrophe)),
            None => out.push(capitalised(a) + " "),
        }
    }
    out
});

/// Whether `text[start..end]` is a common phrase that a list entry opening with an article
/// takes for a name at the start of a sentence: it opens its sentence with `Le`, `La`,
/// `Les` or `L'` and writes every later word in lower case (`Le passage de…`, `La presse
/// a…`), where the entry capitalises a name (`Le Passage`, `La Presse`). A match anywhere
/// else needs the entry's capital on its first word, which rules these out already.
fn article_phrase(
    text: &str,
    tokens: &[Token],
    sentence_of: &[u32],
    start: usize,
    end: usize,
) -> bool {
    let span = &text[start..end];
    let rest = SENTENCE_ARTICLES
        .iter()
        .find_map(|a| span.strip_prefix(a.as_str()));
    let Some(rest) = rest else {
        return false;
    };
    rest.chars().any(char::is_alphabetic)
        && !rest.chars().any(char::is_uppercase)
        && starts_sentence(
            tokens,
            sentence_of,
            tokens.partition_point(|t| t.start() < start),
        )
}

/// Whether token `i` is the first word or number of its sentence (after any opening
/// punctuation: quotes, dashes, brackets).
fn starts_sentence(tokens: &[Token], sentence_of: &[u32], i: usize) -> bool {
    if i >= tokens.len() {
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

#[cfg(test)]
mod tests {
    use super::SENTENCE_ARTICLES;

    #[test]
    fn the_articles_of_the_data_file_open_a_sentence_capitalised() {
        assert_eq!(*SENTENCE_ARTICLES, ["Le ", "La ", "Les ", "L'", "L’"]);
    }
}
