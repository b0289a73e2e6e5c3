//! Noun phrases over the parts of speech, for the rules' `GN` and `SN`.
//!
//! Chunks are minimal, as the French chunk inventories (EASy/PASSAGE) make them, and the
//! longer unit is built from them rather than matched by a longer pattern:
//! - `GN`: a noun chunk: a determiner or numeral (optional), adverbs and adjectives
//!   before the head, the head (nouns and proper nouns, or an entity, whole), and the
//!   adjectives after it: `le porte-parole`, `la nouvelle ministre française`,
//!   `Jean Zarbouli`; a title and the name after it are two chunks;
//! - `SN`: a noun phrase: a `GN` with its chain of `de` complements, if it has any
//!   (`de`, `d'`, `du`, `des` then a `GN`): `le porte-parole du ministère de l'Intérieur`,
//!   and `Jean Zarbouli` too (a chunk with no complement is a phrase of its own).
//!
//! Both stop at a sentence's end. An entity's span is a head however its words were
//! tagged (a list or a rule found it), so that a name the tagger would split stays whole.

use crate::tokenise::Sentence;

use super::Pos;

/// What kind of phrase a [`Chunk`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChunkKind {
    /// A noun chunk (`GN`).
    Gn,
    /// A noun phrase with its `de` complements (`SN`).
    Sn,
}

/// A phrase: its kind and its tokens, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub kind: ChunkKind,
    pub start: u32,
    pub end: u32,
}

/// The noun chunks and noun phrases of each sentence, in order of start; a noun phrase
/// comes before the chunks it is made of. `pos` are the
/// tokens' parts of speech; `entity_end[i]` is the end token of an entity that starts at
/// token `i` (0 when none starts there); `words` the text of each token. Only the
/// sentences that `chunked` flags (one flag per sentence) are chunked, all of them without it.
pub(crate) fn noun_phrases<'t>(
    pos: &[Pos],
    words: &dyn Fn(usize) -> &'t str,
    sentences: &[Sentence],
    chunked: Option<&[bool]>,
    entity_end: &[u32],
    out: &mut Vec<Chunk>,
) {
    out.clear();
    for (n, s) in sentences.iter().enumerate() {
        if chunked.is_some_and(|c| !c.get(n).copied().unwrap_or(false)) {
            continue;
        }
        let end = s.tokens.end.min(pos.len());
        let mut i = s.tokens.start;
        while i < end {
            let Some(gn_end) = noun_chunk(pos, words, entity_end, i, end) else {
                i += 1;
                continue;
            };
            // The phrase first (its end known once the chain is walked), then the chunks
            // it is made of (`du ministère` holds `ministère`).
            let phrase = out.len();
            out.push(Chunk {
                kind: ChunkKind::Sn,
                start: i as u32,
                end: gn_end as u32,
            });
            out.push(Chunk {
                kind: ChunkKind::Gn,
                start: i as u32,
                end: gn_end as u32,
            });
            // The `de` chain: each link a `de` word then a chunk.
            let mut sn_end = gn_end;
            while sn_end < end && is_de(pos[sn_end], words(sn_end)) {
                let Some(e) = noun_chunk(pos, words, entity_end, sn_end + 1, end) else {
                    break;
                };
                out.push(Chunk {
                    kind: ChunkKind::Gn,
                    start: (sn_end + 1) as u32,
                    end: e as u32,
                });
                sn_end = e;
            }
            out[phrase].end = sn_end as u32;
            i = sn_end;
        }
    }
}

/// Whether a token links a `de` complement: `de`, `d'` (either apostrophe), `du`, or
/// `des` fused.
fn is_de(p: Pos, word: &str) -> bool {
    match p {
        Pos::PrepDet => word.eq_ignore_ascii_case("du") || word.eq_ignore_ascii_case("des"),
        Pos::Prep => {
            word.eq_ignore_ascii_case("de")
                || word.eq_ignore_ascii_case("d'")
                || word.eq_ignore_ascii_case("d’")
        }
        _ => false,
    }
}

/// Whether a word is the predeterminer `tout` (any gender and number, any case).
fn is_tout(word: &str) -> bool {
    ["tout", "toute", "tous", "toutes"]
        .iter()
        .any(|t| word.eq_ignore_ascii_case(t))
}

/// The end of the noun chunk that starts at `i`, if one does.
fn noun_chunk<'t>(
    pos: &[Pos],
    words: &dyn Fn(usize) -> &'t str,
    entity_end: &[u32],
    i: usize,
    end: usize,
) -> Option<usize> {
    let mut k = i;
    // `tout`, `toute`, `tous`, `toutes` before a determiner (`toutes les mesures`).
    if k + 1 < end && pos[k + 1] == Pos::Det && is_tout(words(k)) {
        k += 1;
    }
    // Determiner or numeral, then adverbs and adjectives (`la très grande`); a chunk
    // does not open with an adverb.
    if k < end && matches!(pos[k], Pos::Det | Pos::Num) {
        k += 1;
        while k < end && matches!(pos[k], Pos::Adv | Pos::Adj | Pos::Num) && entity_end[k] == 0 {
            k += 1;
        }
    } else {
        while k < end && pos[k] == Pos::Adj && entity_end[k] == 0 {
            k += 1;
        }
    }
    // The head: nouns and names, or an entity, whole. A title and the name after it are
    // two chunks (`le ministre` `Bruno Le Maire`), the name in apposition: a source or a
    // target is the name.
    let head_start = k;
    if k < end && entity_end[k] as usize > k {
        k = (entity_end[k] as usize).min(end);
    } else {
        while k < end && entity_end[k] == 0 && matches!(pos[k], Pos::Noun | Pos::Propn) {
            k += 1;
        }
    }
    if k == head_start {
        return None;
    }
    // Adjectives after the head, coordinated ones too (`cliniques et biologiques`).
    loop {
        while k < end && pos[k] == Pos::Adj && entity_end[k] == 0 {
            k += 1;
        }
        let coordinated = k + 1 < end
            && pos[k] == Pos::Cconj
            && pos[k + 1] == Pos::Adj
            && k > head_start
            && pos[k - 1] == Pos::Adj;
        if !coordinated {
            break;
        }
        k += 1;
    }
    Some(k)
}
