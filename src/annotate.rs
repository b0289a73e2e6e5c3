//! The document as the rules see it, shared by the entity stage (phase 0) and the
//! attribution stage: each token's vocabulary id, and the annotations by start token
//! (lexicon matches, quotations, dialogue turns, inverted subjects, entities), then the rules run over it.

use crate::document::Label;
use crate::normalise::{self, Case};
use crate::resolve::{Candidate, Origin};
use crate::rules::{self, Ann};
use crate::tokenise::{Sentence, Token, token_range};
use crate::{Scratch, Tagger};

impl Tagger {
    /// The vocabulary id of each token, for rule literals. A token's folded form is its
    /// part of the view, which the gazetteers' pass made already (folding one alone is the
    /// same work again).
    pub(crate) fn word_ids(&self, text: &str, s: &mut Scratch) {
        s.word_ids.clear();
        let mut from = 0;
        for t in &s.tokens {
            let word = &text[t.span()];
            let first = text.as_bytes()[t.start()];
            let spaced = if first < 0x80 {
                first.is_ascii_whitespace()
            } else {
                text[t.start()..].starts_with(char::is_whitespace)
            };
            let id = if spaced {
                s.folded.clear();
                normalise::fold_into(word, Case::Fold, &mut s.folded);
                self.rules.word_id(word, &s.folded, &mut s.accented)
            } else {
                let range = s.view.view_range(t.span(), from);
                from = range.end;
                let folded = &s.view.as_str()[range];
                debug_assert_eq!(folded, normalise::fold(word, Case::Fold));
                self.rules.word_id(word, folded, &mut s.accented)
            };
            s.word_ids.push(id);
        }
    }

    /// The annotations that do not depend on the entities, by start token: lexicon
    /// matches, quotations, inverted subjects. The lists are kept from one document to the
    /// next with their buffers (never dropped); only the first `n` are this document's,
    /// cleared first.
    pub(crate) fn annotate(&self, text: &str, s: &mut Scratch) {
        s.starts.reset(s.tokens.len());
        for h in &s.lexicon_hits {
            let entry = &self.gazetteer.entries()[h.entry as usize];
            let Some(kind) = self.file_kind[entry.file as usize] else {
                continue;
            };
            let Some((a, b)) = token_range(&s.tokens, h.start, h.end) else {
                continue;
            };
            s.starts.push(
                a as usize,
                Ann {
                    kind,
                    sub: 0,
                    end: b,
                    inner: (a, b),
                    entry: Some(h.entry),
                },
            );
        }
        rules::quotes::pair(text, &s.tokens, &mut s.quotations);
        for q in &s.quotations {
            let (a, b) = q.outer();
            let (x, y) = q.inner();
            s.starts.push(
                a,
                Ann {
                    kind: rules::QUOTE,
                    sub: 0,
                    end: b as u32,
                    inner: (x as u32, y as u32),
                    entry: None,
                },
            );
        }
        rules::quotes::turns(text, &s.tokens, &mut s.turns);
        for t in &s.turns {
            let (x, y) = t.inner();
            s.starts.push(
                t.dash,
                Ann {
                    kind: rules::TOUR,
                    sub: 0,
                    end: t.end as u32,
                    inner: (x as u32, y as u32),
                    entry: None,
                },
            );
        }
        for (i, t) in s.tokens.iter().enumerate() {
            if t.has(Token::INVERTED_SUBJECT) {
                s.starts.push(
                    i,
                    Ann {
                        kind: rules::INV,
                        sub: 0,
                        end: i as u32 + 1,
                        inner: (i as u32, i as u32 + 1),
                        entry: None,
                    },
                );
            }
        }
        s.starts.seal();
    }

    /// Adds the annotation of the entity candidate `c` at its first token (with its list
    /// entry's sub-type) and returns its token range; nothing when its span does not fall on
    /// token boundaries.
    pub(crate) fn annotate_entity(
        &self,
        starts: &mut rules::Starts,
        c: &Candidate,
    ) -> Option<(u32, u32)> {
        let (a, b) = c.tokens?;
        let sub = match c.origin {
            Origin::List(entry) => self.entry_sub[entry as usize],
            Origin::Rule(_) | Origin::Pass(_) => 0,
        };
        starts.push(
            a as usize,
            Ann {
                kind: entity_kind(c.label),
                sub,
                end: b,
                inner: (a, b),
                entry: None,
            },
        );
        Some((a, b))
    }

    /// The parts of speech of a document's tokens and sentences, tagged as they are asked
    /// for into `state` (kept in the scratch: a sentence tagged by one stage, the rules or
    /// the noun phrases, is not tagged again by the next, the sources).
    pub(crate) fn lazy_pos<'a>(
        &'a self,
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [Sentence],
        sentence_of: &'a [u32],
        state: crate::syntax::LazyState<'a>,
    ) -> crate::syntax::LazyPos<'a> {
        crate::syntax::LazyPos::new(
            text,
            tokens,
            sentences,
            sentence_of,
            &self.word_classes,
            state,
        )
    }

    /// Runs the rules of `phases` over the document in `s` (its tokens, word ids, name
    /// classes and annotations by start token); what they keep goes to `s.emitted`.
    pub(crate) fn run_rules(
        &self,
        text: &str,
        s: &mut Scratch,
        all: Option<&mut Vec<rules::Emitted>>,
        phases: rules::Phases,
    ) {
        let entries = self.gazetteer.entries();
        let attr = |entry: u32, key: &str| entries.get(entry as usize).and_then(|e| e.attr(key));
        let state = crate::syntax::LazyState::new(&mut s.pos, &mut s.pos_done, &mut s.syntax);
        let pos = self.lazy_pos(text, &s.tokens, &s.sentences, &s.sentence_of, state);
        let view = rules::DocView {
            text,
            tokens: &s.tokens,
            sentence_of: &s.sentence_of,
            word_ids: &s.word_ids,
            attr: &attr,
            entry_filters: self.rules.entry_filters(),
            classes: &s.classes,
            pos: &pos,
        };
        self.rules.run(
            &view,
            &mut s.starts,
            &mut s.emitted,
            all,
            &mut s.run,
            phases,
        );
    }
}

/// The rules' annotation kind of an entity label.
pub(crate) fn entity_kind(label: Label) -> u16 {
    match label {
        Label::Per => rules::PER,
        Label::Org => rules::ORG,
        Label::Loc => rules::LOC,
    }
}
