//! The attribution stage: the settled entities join the annotations, the rules of phases 1
//! and after run, and the resolution of sources ([`crate::resolve::sources`]) turns what
//! they kept into the document's attributions, with each person's gender for pronouns.

use crate::document::{Document, Gender, Label};
use crate::resolve;
use crate::rules::{self, Ann};
use crate::syntax::{self, ChunkKind};
use crate::{Scratch, Tagger};

/// The noun phrases of the document into `s.chunks`, over its parts of speech (`s.pos`,
/// which must be tagged in the sentences chunked) and the settled entities' token ranges:
/// in the sentences `chunked` flags, in all without it.
pub(crate) fn chunk(
    text: &str,
    s: &mut Scratch,
    entity_tokens: &[Option<(u32, u32)>],
    chunked: Option<&[bool]>,
) {
    let n = s.tokens.len();
    s.entity_end.clear();
    s.entity_end.resize(n, 0);
    for &(a, b) in entity_tokens.iter().flatten() {
        let slot = &mut s.entity_end[a as usize];
        *slot = (*slot).max(b);
    }
    let tokens = &s.tokens;
    let word = |i: usize| tokens[i].text(text);
    syntax::noun_phrases(
        &s.pos,
        &word,
        &s.sentences,
        chunked,
        &s.entity_end,
        &mut s.chunks,
    );
}

impl Tagger {
    /// The noun phrases (`GN`, `SN`) join the annotations, made over the parts of speech
    /// and the settled entities, in the sentences where a rule that reads them could
    /// match ([`rules::RuleSet::chunk_sentences`]); those sentences are tagged first.
    fn annotate_chunks(&self, text: &str, s: &mut Scratch, entity_tokens: &[Option<(u32, u32)>]) {
        let mut chunked = std::mem::take(&mut s.chunked);
        self.rules.chunk_sentences(
            &s.word_ids,
            &s.starts,
            &s.sentence_of,
            s.sentences.len(),
            &mut chunked,
            &mut s.chunk_groups,
        );
        {
            let state = syntax::LazyState::new(&mut s.pos, &mut s.pos_done, &mut s.syntax);
            let pos = self.lazy_pos(text, &s.tokens, &s.sentences, &s.sentence_of, state);
            for (sentence, _) in s.sentences.iter().zip(&chunked).filter(|(_, c)| **c) {
                // Tags the sentence, once.
                pos.get(sentence.tokens.start);
            }
        }
        chunk(text, s, entity_tokens, Some(&chunked));
        s.chunked = chunked;
        for c in &s.chunks {
            s.starts.push(
                c.start as usize,
                Ann {
                    kind: match c.kind {
                        ChunkKind::Gn => rules::GN,
                        ChunkKind::Sn => rules::SN,
                    },
                    sub: 0,
                    end: c.end,
                    inner: (c.start, c.end),
                    entry: None,
                },
            );
        }
        s.starts.seal();
    }

    /// The rules stage and the resolution of sources: fills `doc.attributions`. `all`, when
    /// given, receives every rule candidate before conflicts are settled.
    pub(crate) fn attribute<'t>(
        &'t self,
        text: &str,
        s: &mut Scratch,
        doc: &mut Document<'t>,
        all: Option<&mut Vec<rules::Emitted>>,
    ) {
        if self.rules.rules().is_empty() {
            return;
        }
        // The settled entities join the annotations `annotate` made.
        let mut entity_tokens = Vec::with_capacity(doc.entities.len());
        let mut gender = Vec::with_capacity(doc.entities.len());
        for c in &s.chosen {
            let range = self.annotate_entity(&mut s.starts, c);
            entity_tokens.push(range);
            gender.push(None);
        }
        s.starts.seal();
        if self.rules.needs_chunks() {
            self.annotate_chunks(text, s, &entity_tokens);
        }
        // The gender of persons, from the lexicons' `genre` attribute: that of a civilité
        // right before the name (`M.`, `Mme`: lexicon `titres`, `type=civilite`), else that
        // of its first name (lexicon `prenoms`). `genre=mf` (`Dr`) says nothing.
        let entries = self.gazetteer.entries();
        let genre = |a: &Ann| Gender::from_genre(entries.get(a.entry? as usize)?.attr("genre")?);
        for (i, e) in doc.entities.iter().enumerate() {
            let Some((a, _)) = entity_tokens[i] else {
                continue;
            };
            if e.label != Label::Per {
                continue;
            }
            let from_name = s
                .starts
                .at(a as usize)
                .iter()
                .filter(|x| Some(x.kind) == self.prenoms)
                .find_map(genre);
            let from_title = (0..a as usize)
                .rev()
                .take(TITLE_TOKENS)
                .flat_map(|i| s.starts.at(i))
                .filter(|x| Some(x.kind) == self.titres && x.end == a)
                .filter(|x| {
                    x.entry.and_then(|e| entries.get(e as usize)?.attr("type")) == Some("civilite")
                })
                .find_map(genre);
            gender[i] = from_title.or(from_name);
        }
        self.run_rules(text, s, all, rules::Phases::Attributions);
        // Later entities win, as the last entity of a range is the one a mention names.
        s.entity_at.clear();
        s.entity_at.extend(
            entity_tokens
                .iter()
                .enumerate()
                .filter_map(|(i, r)| Some(((*r)?, i))),
        );
        // The parts of speech, for a noun phrase subject (tagged where the stage asks, if the
        // rules have not already).
        let state = syntax::LazyState::new(&mut s.pos, &mut s.pos_done, &mut s.syntax);
        let pos = self.lazy_pos(text, &s.tokens, &s.sentences, &s.sentence_of, state);
        let input = resolve::sources::Input {
            text,
            tokens: &s.tokens,
            sentence_of: &s.sentence_of,
            entities: &doc.entities,
            entity_tokens: &entity_tokens,
            entity_at: &s.entity_at,
            gender: &gender,
            rules: &self.rules,
            quotations: &s.quotations,
            turns: &s.turns,
            pos: &pos,
        };
        doc.attributions = resolve::sources::attributions(&input, &s.emitted);
    }
}

/// The most tokens a civilité takes (`M.`, `Mme`: one; a lexicon form of several words, a
/// few): where one that ends right before a name may start.
const TITLE_TOKENS: usize = 3;
