//! From what the attribution rules kept to [`Attribution`]s: spans in characters, kinds,
//! sources and targets tied to entities, pronouns resolved.
//!
//! - A source or target that is exactly an entity points to it; otherwise it is a mention.
//! - A pronoun (`il`, `elle`, `ils`, `elles`, in `a-t-il déclaré` too) refers to the most
//!   recent compatible candidate before it: first the speakers of earlier attributions,
//!   then persons, then organisations, within the last few sentences. Gender comes from the
//!   first-name lexicon and from `M.`/`Mme`; a person of the wrong gender is skipped.
//! - A direct quotation with no source in its sentence, and what a rule marks
//!   `source=previous`, goes to the previous speaker of the same or the previous paragraph;
//!   an attribution left with neither a cue nor a source is dropped.
//! - An object clitic as target (`l'accusant de`) refers to the nearest entity before it,
//!   not the speaker.
//! - A charge whose rule names no target takes the first entity inside its content
//!   (`dénonce l'ingérence de Paris` accuses Paris).
//! - A content that stops inside a quotation it opened runs on to the quotation's end.
//! - Trailing punctuation (`,` `;` `:` `.`) is trimmed from contents, and an incise inside a
//!   quotation (`« …, dit-il, … »`) is cut out of it, giving a discontinuous content.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::document::CharCounter;

use crate::document::{Attribution, Entity, Gender, Kind, Label, Mention, Span};
use crate::rules::quotes::{Quotation, Turn};
use crate::rules::{EmitKind, Emitted, RuleSet};
use crate::syntax::{LazyPos, Pos};
use crate::tokenise::{Token, TokenKind};
use crate::words;

/// The word lists of the stage, from `data/resolve/` (compiled in, parsed on first use), in
/// lower case with `'` for an apostrophe: compare a token's text with them as [`listed`].
struct Words {
    /// `que`, before a quotation that is then part of an indirect sentence.
    que: Vec<&'static str>,
    /// Prepositions that make the place after them no subject.
    prepositions: Vec<&'static str>,
    /// Prepositions that make the place after them the setting of a charge, not its target.
    settings: Vec<&'static str>,
    /// Object clitics that stand for a target.
    clitics: Vec<&'static str>,
    /// Subject pronouns that stand for an earlier speaker.
    pronouns: Vec<Pronoun>,
    /// First and second person words: the speaker's own words after a dialogue incise.
    interlocution: Vec<&'static str>,
}

/// A subject or demonstrative pronoun, with what it says of what it stands for.
struct Pronoun {
    word: &'static str,
    gender: Gender,
    plural: bool,
    /// `celui-ci`: the last one named, not the latest speaker.
    demonstrative: bool,
}

/// The pronouns of a compiled-in list (`file`, its `text`): `word gender number` a line.
fn pronouns(
    file: &'static str,
    text: &'static str,
    demonstrative: bool,
) -> impl Iterator<Item = Pronoun> {
    words::parse(text).into_iter().map(move |line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [word, gender, number] = fields[..] else {
            panic!("{file}: {line:?} is not `word gender number`");
        };
        Pronoun {
            word,
            gender: Gender::from_genre(gender)
                .unwrap_or_else(|| panic!("{file}: gender {gender:?}")),
            plural: number == "p",
            demonstrative,
        }
    })
}

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    que: words::parse(include_str!("../../data/resolve/que.txt")),
    prepositions: words::parse(include_str!("../../data/resolve/prepositions.txt")),
    settings: words::parse(include_str!("../../data/resolve/prepositions_cadre.txt")),
    clitics: words::parse(include_str!("../../data/resolve/clitiques.txt")),
    pronouns: pronouns(
        "data/resolve/pronoms.txt",
        include_str!("../../data/resolve/pronoms.txt"),
        false,
    )
    .chain(pronouns(
        "data/resolve/demonstratifs.txt",
        include_str!("../../data/resolve/demonstratifs.txt"),
        true,
    ))
    .collect(),
    interlocution: words::parse(include_str!("../../data/resolve/interlocution.txt")),
});

/// A token's text as the lists write it: in lower case, with `'` for `’`.
fn listed(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

/// How many tokens a content may run on to reach the end of a quotation it opened.
const MAX_QUOTATION_RUN: usize = 150;

/// How far back (in sentences) a pronoun looks for its referent.
const PRONOUN_WINDOW: u32 = 4;

/// Everything needed to turn kept emissions into attributions.
pub(crate) struct Input<'a, 't> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentence_of: &'a [u32],
    pub entities: &'a [Entity<'t>],
    /// Token range of each entity.
    pub entity_tokens: &'a [Option<(u32, u32)>],
    /// The last entity of each token range (sources and targets are looked up by range:
    /// scanning every entity for each would grow with the square of a long document).
    pub entity_at: &'a HashMap<(u32, u32), usize>,
    /// Grammatical gender of each entity, when known.
    pub gender: &'a [Option<Gender>],
    pub rules: &'t RuleSet,
    /// The paired quotations of the document, in order of their opening mark.
    pub quotations: &'a [Quotation],
    /// The dialogue turns of the document, in order.
    pub turns: &'a [Turn],
    /// The parts of speech, tagged as they are asked for (a noun phrase subject).
    pub pos: &'a LazyPos<'a>,
}

pub(crate) fn attributions<'t>(input: &Input<'_, 't>, emitted: &[Emitted]) -> Vec<Attribution<'t>> {
    if emitted.is_empty() {
        return Vec::new();
    }
    let mut counter = CharCounter::new(input.text);
    // The tokens that start a paragraph (after the first): a token's paragraph is how many
    // of them come at or before it. Few a document, where an index per token would be one
    // allocation and a push per token for a lookup or two per attribution.
    let breaks: Vec<u32> = input
        .tokens
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, t)| t.has(Token::PARAGRAPH_START))
        .map(|(i, _)| i as u32)
        .collect();
    let ctx = Context { breaks: &breaks };
    let mut out: Vec<(Attribution<'t>, u32)> = Vec::new();
    // (token where the speaker was named, entity or mention) of earlier attributions.
    let mut speakers: Vec<(u32, Option<usize>, Mention)> = Vec::new();
    for e in emitted {
        let rule = &input.rules.rules()[e.rule as usize];
        let Some(content) = e.roles.content else {
            continue;
        };
        let whole = run_to_quotation_end(input, content);
        let whole = run_to_turn_end(input, whole, e.roles.cue, e.roles.source);
        let content = trim(input, whole);
        if content.1 <= content.0 {
            continue;
        }
        let mut kind = match (rule.emit, rule.kind) {
            (EmitKind::Charge, _) => Kind::Accusation,
            (EmitKind::Quote, Some(k)) => k,
            (EmitKind::Quote, None) => infer_kind(input, whole),
            // Names are the tagger's, not attributions.
            (EmitKind::Entity(_), _) => continue,
        };
        let fragments = match e.roles.cue {
            Some(cue) if content.0 < cue.0 && cue.1 < content.1 => {
                cut_own_incise(input, content, cue, e.roles.source)
            }
            _ => cut_incise(input, content),
        };
        let mut fragments = fragments;
        if fragments.len() > 1 && strip_outer_marks(input, &mut fragments) && rule.kind.is_none() {
            // `"A, explique-t-il. B"`: one quotation cut by its incise.
            kind = Kind::Direct;
        }
        let content_spans: Vec<Span> = fragments
            .iter()
            .map(|&(a, b)| span_of(input, &mut counter, a, b))
            .collect();
        let cue = e.roles.cue.map(|(a, b)| span_of(input, &mut counter, a, b));
        let mut source = e
            .roles
            .source
            .map(|r| mention(input, &mut counter, r, &speakers));
        let mut target = e
            .roles
            .target
            .map(|r| mention(input, &mut counter, r, &speakers));
        if let (Some(t), Some(r)) = (target.as_mut(), e.roles.target) {
            if t.entity.is_none() && t.resolved.is_none() {
                let speaker = source.and_then(|m| m.entity.or(m.resolved));
                t.resolved = clitic(input, r, speaker);
            }
        }
        if target.is_none() && kind == Kind::Accusation && !rule.captures_target() {
            // `dénonce le geste agressif des alliés américains`: the accused is named inside
            // the charge; the first entity there stands for them, else the subject of a
            // relative clause in `dont` (`la façon dont le gouvernement fait la relance`).
            target = first_entity_within(input, &mut counter, content)
                .or_else(|| dont_subject(input, &mut counter, content));
        }
        if source.is_none() && (kind == Kind::Direct || rule.inherit) {
            // A floating quotation, or a participle continuing a speaker's words: the
            // previous speaker of this or the last paragraph. A participle whose sentence
            // has no speaker yet belongs to the sentence's subject (`Grégory Doucet a
            // déclenché une polémique en jugeant le Tour « machiste »`).
            let sentence = input.sentence_of[content.0 as usize];
            // A participle or a second verb continues a speaker of this sentence or the
            // one before; a floating quotation may follow one a paragraph back.
            let previous = speakers.last().filter(|(at, _, _)| {
                if rule.inherit {
                    sentence.abs_diff(input.sentence_of[*at as usize]) <= 1
                } else {
                    ctx.paragraph(content.0).abs_diff(ctx.paragraph(*at)) <= 1
                }
            });
            let in_sentence =
                previous.filter(|(at, _, _)| input.sentence_of[*at as usize] == sentence);
            let subject = if rule.inherit && in_sentence.is_none() {
                let before = e.roles.cue.map_or(content.0, |c| c.0);
                sentence_subject(input, &mut counter, (sentence, before), &speakers)
            } else {
                None
            };
            source = in_sentence
                .map(|(_, _, m)| *m)
                .or(subject)
                .or(previous.map(|(_, _, m)| *m));
        }
        if let Some(m) = source {
            speakers.push((content.0, m.entity.or(m.resolved), m));
        } else if cue.is_none() && turn_opened_at(input, content.0).is_none() {
            // Neither a cue nor a source: nothing says who speaks. A dialogue turn is
            // direct speech all the same, its dash says so.
            continue;
        }
        out.push((
            Attribution {
                kind,
                content: content_spans,
                cue,
                source,
                target,
                rule: &rule.id,
                matched: span_of(input, &mut counter, e.start, e.end),
            },
            content.0,
        ));
    }
    out.sort_by_key(|(a, at)| (*at, a.content[0].start));
    out.into_iter().map(|(a, _)| a).collect()
}

/// Without a `kind=` in the rule: no quoted words make it indirect; a content that is one
/// whole quotation is direct (`a appelé « toutes les parties à la retenue »`), except after
/// `que`, where it is mixed (`juge que « … »`); quoted and unquoted words make it mixed.
fn infer_kind(input: &Input<'_, '_>, (a, b): (u32, u32)) -> Kind {
    let (a, b) = (a as usize, b as usize);
    let quoted = (a..b).any(|i| is_quote_mark(&input.tokens[i]));
    if !quoted {
        return Kind::Indirect;
    }
    let whole = is_opening(&input.tokens[a]) && is_closing(&input.tokens[b - 1]);
    let after_que = a > 0 && {
        let t = &input.tokens[a - 1];
        WORDS.que.contains(&listed(&input.text[t.span()]).as_str())
    };
    if whole && !after_que {
        Kind::Direct
    } else {
        Kind::Mixed
    }
}

fn is_opening(t: &Token) -> bool {
    matches!(t.kind, TokenKind::QuoteOpen | TokenKind::Quote)
}

fn is_closing(t: &Token) -> bool {
    matches!(t.kind, TokenKind::QuoteClose | TokenKind::Quote)
}

fn is_quote_mark(t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::QuoteOpen | TokenKind::QuoteClose | TokenKind::Quote
    )
}

/// A content that opens a quotation and stops inside it runs on to the quotation's end:
/// rules end contents at the end of a sentence, and a quotation may hold several
/// (`Selon lui, « la grève va durer. Regardez les chiffres »`).
fn run_to_quotation_end(input: &Input<'_, '_>, (a, mut b): (u32, u32)) -> (u32, u32) {
    let first = input.quotations.partition_point(|q| q.open < a as usize);
    for q in &input.quotations[first..] {
        if q.open >= b as usize {
            break;
        }
        // A quotation closing far away is more likely a pairing gone wrong in a damaged
        // text than one quotation: the content then keeps its end.
        if q.closed && q.close >= b as usize && q.close - (b as usize) <= MAX_QUOTATION_RUN {
            b = q.close as u32 + 1;
        }
    }
    (a, b)
}

/// The dialogue turn whose speech starts at token `a`.
fn turn_opened_at(input: &Input<'_, '_>, a: u32) -> Option<Turn> {
    let i = input
        .turns
        .binary_search_by_key(&(a as usize), |t| t.dash + 1)
        .ok()?;
    Some(input.turns[i])
}

/// A content that starts a dialogue turn runs on to the turn's end while the speaker's
/// words go on: rules end contents at a sentence end or at an incise, and a turn may hold
/// several sentences (`— Ma foi ! si nous dînions ensemble ?`) and speech on both sides of
/// an incise (`— J'en avais l'idée ! reprit Pécuchet, mais je n'osais pas vous le
/// proposer !`). After an incise (a cue after the content), the words until the next
/// sentence end are speech when they hold a first or second person word or end with `!`
/// or `?`, and the narrator's otherwise (`s'écria Pécuchet, qui redoutait un courant
/// d'air.`); the run stops at the first such stretch that is not speech. The incise is cut
/// out later, as the rule's own cue inside its content.
fn run_to_turn_end(
    input: &Input<'_, '_>,
    (a, b): (u32, u32),
    cue: Option<(u32, u32)>,
    source: Option<(u32, u32)>,
) -> (u32, u32) {
    let Some(turn) = turn_opened_at(input, a) else {
        return (a, b);
    };
    let end = turn.end as u32;
    if b >= end {
        return (a, b);
    }
    let text_of = |i: u32| {
        let t = &input.tokens[i as usize];
        &input.text[t.span()]
    };
    let final_mark = |i: u32| matches!(text_of(i), "." | "!" | "?" | "…" | "...");
    let Some(c) = cue.filter(|c| c.0 >= b) else {
        // No incise after it: the whole turn is the speaker's.
        return (a, end);
    };
    let mut from = source.map_or(c.1, |s| s.1.max(c.1));
    let mut last = b;
    while from < end {
        let mut stop = from;
        while stop < end && !final_mark(stop) {
            stop += 1;
        }
        // The sentence's final marks belong to it (`?!`, `…`).
        while stop < end && final_mark(stop) {
            stop += 1;
        }
        let words = (from..stop).any(|i| input.tokens[i as usize].kind != TokenKind::Punct);
        if words {
            let speech = (from..stop).any(|i| {
                let w = text_of(i);
                matches!(w, "!" | "?") || WORDS.interlocution.contains(&listed(w).as_str())
            });
            if !speech {
                break;
            }
            last = stop;
        }
        from = stop;
    }
    (a, last)
}

/// Drops leading and trailing punctuation that is not a quotation mark.
fn trim(input: &Input<'_, '_>, (mut a, mut b): (u32, u32)) -> (u32, u32) {
    let weak = |i: u32| {
        let t = &input.tokens[i as usize];
        t.kind == TokenKind::Punct
            && matches!(
                &input.text[t.span()],
                "," | ";" | ":" | "." | "-" | "–" | "—"
            )
    };
    while a < b && weak(a) {
        a += 1;
    }
    // Outer quotation marks are not content (several quoted stretches captured together
    // come with the first opening and the last closing mark).
    if b >= a + 2
        && is_opening(&input.tokens[a as usize])
        && is_closing(&input.tokens[b as usize - 1])
    {
        a += 1;
        b -= 1;
    }
    // Inside quotation marks, the words stay as quoted, final full stop included.
    let quoted = input.tokens.get(b as usize).is_some_and(is_quote_mark);
    while b > a && weak(b - 1) && !quoted {
        b -= 1;
    }
    (a, b)
}

/// `« …, dit-il, … »`: the content without the incise, as two fragments.
fn cut_incise(input: &Input<'_, '_>, (a, b): (u32, u32)) -> Vec<(u32, u32)> {
    let tokens = input.tokens;
    for i in a..b {
        if !tokens[i as usize].has(Token::INVERTED_SUBJECT) {
            continue;
        }
        let comma = |j: u32| &input.text[tokens[j as usize].span()] == ",";
        let before = (a..i).rev().take(4).find(|&j| comma(j));
        let after = (i + 1..b).take(3).find(|&j| comma(j));
        if let (Some(x), Some(y)) = (before, after) {
            if x > a && y + 1 < b {
                return vec![(a, x), (y + 1, b)];
            }
        }
    }
    vec![(a, b)]
}

/// Fragments that open with a quotation mark and close with one (an incise cut out of one
/// quotation) lose the two marks; returns whether they did.
fn strip_outer_marks(input: &Input<'_, '_>, fragments: &mut [(u32, u32)]) -> bool {
    let (first, last) = (fragments[0], fragments[fragments.len() - 1]);
    let whole = input
        .quotations
        .iter()
        .any(|q| q.closed && q.open == first.0 as usize && q.close + 1 == last.1 as usize);
    if whole && first.1 > first.0 + 1 && last.1 > last.0 + 1 {
        fragments[0].0 += 1;
        let n = fragments.len();
        fragments[n - 1].1 -= 1;
    }
    whole
}

/// `— Moi, je suis veuf, dit Bouvard, et sans enfants !`: a content that holds its own
/// cue (and source) loses the incise, commas included, and keeps the two sides.
fn cut_own_incise(
    input: &Input<'_, '_>,
    (a, b): (u32, u32),
    cue: (u32, u32),
    source: Option<(u32, u32)>,
) -> Vec<(u32, u32)> {
    let text_of = |i: u32| {
        let t = &input.tokens[i as usize];
        &input.text[t.span()]
    };
    let mut start = cue.0;
    if start > a && text_of(start - 1) == "," {
        start -= 1;
    }
    let mut end = source.map_or(cue.1, |s| s.1.max(cue.1)).min(b);
    if end < b && text_of(end) == "," {
        end += 1;
    }
    [(a, start), (end, b)]
        .into_iter()
        .filter(|(x, y)| x < y)
        .map(|f| trim(input, f))
        .filter(|(x, y)| x < y)
        .collect()
}

/// The subject of a relative clause in `dont` inside `content` (`la façon « absurde » dont
/// le gouvernement « fait de la relance »`: `le gouvernement`), as a mention: the noun
/// phrase after `dont`, up to the clause's verb or a quotation mark.
fn dont_subject(
    input: &Input<'_, '_>,
    counter: &mut CharCounter<'_>,
    (a, b): (u32, u32),
) -> Option<Mention> {
    let d = (a..b).find(|&i| {
        input.tokens[i as usize]
            .text(input.text)
            .eq_ignore_ascii_case("dont")
    })?;
    // The parts of speech inside a quotation are the least reliable (`« fait de la
    // relance »`): one opening the predicate ends the subject as its verb would.
    let (x, y) = noun_phrase_subject(input, d + 1, b, true)?;
    Some(Mention {
        span: span_of(input, counter, x, y),
        entity: None,
        resolved: None,
        head: None,
    })
}

fn span_of(input: &Input<'_, '_>, counter: &mut CharCounter<'_>, a: u32, b: u32) -> Span {
    let start = input.tokens[a as usize].start();
    let end = input.tokens[(b as usize).max(a as usize + 1) - 1].end();
    counter.span(start, end)
}

/// Per-document lookups built once.
struct Context<'a> {
    /// The tokens that start a paragraph, but the first.
    breaks: &'a [u32],
}

impl Context<'_> {
    /// The paragraph index of a token.
    fn paragraph(&self, token: u32) -> usize {
        self.breaks.partition_point(|&b| b <= token)
    }
}

/// The first entity lying wholly inside `content`, as a mention: not a place after a
/// preposition of `data/resolve/prepositions_cadre.txt`.
fn first_entity_within(
    input: &Input<'_, '_>,
    counter: &mut CharCounter<'_>,
    (a, b): (u32, u32),
) -> Option<Mention> {
    // A place after `à`, `en`, `dans`… (and an article) is where, not whom (`commises dans
    // cinq églises en France`, `vers les Etats-Unis`).
    let setting = |e: usize, x: u32| {
        if input.entities[e].label != Label::Loc {
            return false;
        }
        let mut p = x;
        if p > a && matches!(input.pos.get(p as usize - 1), Some(Pos::Det)) {
            p -= 1;
        }
        p > a && {
            let t = &input.tokens[p as usize - 1];
            WORDS
                .settings
                .contains(&listed(t.text(input.text)).as_str())
        }
    };
    let e = input
        .entity_tokens
        .iter()
        .enumerate()
        .position(|(e, r)| r.is_some_and(|(x, y)| x >= a && y <= b && !setting(e, x)))?;
    let (x, y) = input.entity_tokens[e]?;
    Some(Mention {
        span: span_of(input, counter, x, y),
        entity: Some(e),
        resolved: None,
        head: None,
    })
}

/// The subject of `sentence` before token `before`, as a mention: a subject pronoun or a
/// noun phrase opening the clause (after a fronted phrase), else the first entity: not a
/// place after a preposition (`à Paris`, a setting) nor an entity of a phrase a
/// preposition opens at the start of the sentence (`Avant Jacques Zarbouli, le maire X
/// avait déclenché …`, a time). A pronoun is resolved against `speakers`.
fn sentence_subject(
    input: &Input<'_, '_>,
    counter: &mut CharCounter<'_>,
    (sentence, before): (u32, u32),
    speakers: &[(u32, Option<usize>, Mention)],
) -> Option<Mention> {
    let after_preposition = |x: u32| {
        x > 0 && {
            let t = &input.tokens[x as usize - 1];
            WORDS
                .prepositions
                .contains(&listed(&input.text[t.span()]).as_str())
        }
    };
    // Where the subject may start: after a fronted prepositional phrase and its comma.
    let start = input.sentence_of.partition_point(|&s| s < sentence) as u32;
    let comma = |upto: u32| {
        (start..before.min(upto)).find(|&i| input.tokens[i as usize].text(input.text) == ",")
    };
    let fronted_end = if after_preposition(start + 1) {
        comma(before).unwrap_or(start)
    } else if !matches!(input.pos.get(start as usize), Some(Pos::Det | Pos::Pron)) {
        // A short fronted adverbial, a date (`Samedi 14 septembre après-midi, une cinquantaine
        // de personnes …`): two words or more with no verb nor entity up to a comma (not a
        // connective alone: `Mais, ces projets …, reconnaît M. Bailey, et assure …`).
        comma(start + FRONTED_TOKENS)
            .filter(|&c| {
                c >= start + 2
                    && (start..c)
                        .all(|i| !matches!(input.pos.get(i as usize), Some(Pos::Verb | Pos::Aux)))
                    && !input
                        .entity_tokens
                        .iter()
                        .flatten()
                        .any(|&(x, _)| (start..c).contains(&x))
            })
            .unwrap_or(start)
    } else {
        start
    };
    // A noun phrase opening the clause, with no entity in it, is the subject (`Une partie de
    // ces groupes a pris les armes et réclame …`, `Le chauffeur veut … et demande …`).
    let np_start = if fronted_end > start {
        fronted_end + 1
    } else {
        start
    };
    // A subject pronoun opening the clause (`Ceux-ci ont déposé … et assurent qu'…`), resolved
    // as a pronoun is.
    if np_start + 1 < before && pronoun_at(input, np_start).is_some() {
        return Some(mention(input, counter, (np_start, np_start + 1), speakers));
    }
    if let Some((x, y)) = noun_phrase_subject(input, np_start, before, false)
        && !input
            .entity_tokens
            .iter()
            .any(|r| r.is_some_and(|(a, b)| a < y && x < b))
    {
        return Some(Mention {
            span: span_of(input, counter, x, y),
            entity: None,
            resolved: None,
            head: None,
        });
    }
    let mut e = input.entity_tokens.iter().enumerate().position(|(e, r)| {
        r.is_some_and(|(x, y)| {
            y <= before
                && x >= fronted_end
                && input.sentence_of[x as usize] == sentence
                && (input.entities[e].label != Label::Loc || !after_preposition(x))
        })
    })?;
    // The person a title names: `le maire EELV de Lyon Grégory Doucet` (an organisation
    // or a place, then the person, a few words apart with no punctuation between) is
    // Grégory Doucet.
    if input.entities[e].label != Label::Per {
        let mut end = input.entity_tokens[e]?.1;
        for (f, r) in input.entity_tokens.iter().enumerate().skip(e + 1) {
            let Some((x, y)) = *r else { continue };
            let between = input.tokens.get(end as usize..x as usize);
            if y > before
                || between
                    .is_none_or(|b| b.len() > 3 || b.iter().any(|t| t.kind != TokenKind::Word))
            {
                break;
            }
            if input.entities[f].label == Label::Per {
                e = f;
                break;
            }
            end = y;
        }
    }
    let (x, y) = input.entity_tokens[e]?;
    Some(Mention {
        span: span_of(input, counter, x, y),
        entity: Some(e),
        resolved: None,
        head: None,
    })
}

/// The tokens of a noun phrase that starts at `from` with a determiner and runs, without
/// punctuation, to the clause's first finite verb or auxiliary (before `before`, at most
/// [`SUBJECT_TOKENS`] tokens on), or to an opening quotation mark when `quotation_ends`:
/// the subject of that verb. The clitics and adverbs right before the verb (`l'`, `ne`)
/// are not part of it, and a phrase cut before its complement (`les campagnes autour de
/// « … »`) is none. `None` otherwise.
fn noun_phrase_subject(
    input: &Input<'_, '_>,
    from: u32,
    before: u32,
    quotation_ends: bool,
) -> Option<(u32, u32)> {
    if from >= before || input.pos.get(from as usize)? != Pos::Det {
        return None;
    }
    let limit = before.min(from + SUBJECT_TOKENS);
    let verb = (from + 1..limit).find(|&i| {
        matches!(input.pos.get(i as usize), Some(Pos::Verb | Pos::Aux))
            || input.tokens[i as usize].kind != TokenKind::Word
    })?;
    let t = &input.tokens[verb as usize];
    if t.kind != TokenKind::Word && !(quotation_ends && is_opening(t)) {
        return None;
    }
    let mut end = verb;
    while end > from + 1 && matches!(input.pos.get(end as usize - 1), Some(Pos::Pron | Pos::Adv)) {
        end -= 1;
    }
    let cut = matches!(
        input.pos.get(end as usize - 1),
        Some(Pos::Prep | Pos::PrepDet | Pos::Det)
    );
    (end > from + 1 && !cut).then_some((from, end))
}

/// The most tokens a fronted adverbial without a preposition spans before its comma
/// ([`sentence_subject`]).
const FRONTED_TOKENS: u32 = 8;

/// The most tokens a noun phrase subject spans before its verb ([`noun_phrase_subject`]).
const SUBJECT_TOKENS: u32 = 12;

/// The pronoun of data/resolve/ that token `at` is, if any.
fn pronoun_at(input: &Input<'_, '_>, at: u32) -> Option<&'static Pronoun> {
    let word = listed(input.tokens[at as usize].text(input.text));
    WORDS.pronouns.iter().find(|p| p.word == word)
}

/// A source or target: the entity it is, or a mention, resolved when it is a pronoun.
fn mention(
    input: &Input<'_, '_>,
    counter: &mut CharCounter<'_>,
    (a, b): (u32, u32),
    speakers: &[(u32, Option<usize>, Mention)],
) -> Mention {
    let span = span_of(input, counter, a, b);
    // The last entity with these tokens.
    let entity = input.entity_at.get(&(a, b)).copied();
    let resolved = if entity.is_none() && b == a + 1 {
        pronoun(input, a, speakers)
    } else {
        None
    };
    Mention {
        span,
        entity,
        resolved,
        head: None,
    }
}

/// An object clitic (`l'accusant de`, `lui reproche`) refers to the nearest entity before
/// it in its sentence or the one before, other than the speaker.
fn clitic(input: &Input<'_, '_>, (a, b): (u32, u32), speaker: Option<usize>) -> Option<usize> {
    if b != a + 1 {
        return None;
    }
    let t = &input.tokens[a as usize];
    if !WORDS
        .clitics
        .contains(&listed(&input.text[t.span()]).as_str())
    {
        return None;
    }
    let sentence = input.sentence_of[a as usize];
    input
        .entity_tokens
        .iter()
        .enumerate()
        .rev()
        .find(|&(e, r)| {
            r.is_some_and(|(x, y)| {
                y <= a
                    && sentence - input.sentence_of[x as usize].min(sentence) <= 1
                    && Some(e) != speaker
            })
        })
        .map(|(e, _)| e)
}

fn pronoun(
    input: &Input<'_, '_>,
    at: u32,
    speakers: &[(u32, Option<usize>, Mention)],
) -> Option<usize> {
    let &Pronoun {
        gender,
        plural,
        demonstrative,
        ..
    } = pronoun_at(input, at)?;
    let sentence = input.sentence_of[at as usize];
    let near =
        |tok: u32| sentence.saturating_sub(input.sentence_of[tok as usize]) <= PRONOUN_WINDOW;
    let fits = |e: usize| {
        let ent = &input.entities[e];
        match ent.label {
            Label::Per => !plural && input.gender[e].is_none_or(|g| g == gender),
            Label::Org => true,
            Label::Loc => false,
        }
    };
    // Speakers first: who was talking is who goes on talking (a demonstrative points at
    // the last one named instead).
    for (tok, entity, _) in speakers.iter().rev().filter(|_| !demonstrative) {
        if *tok < at && near(*tok) {
            if let Some(e) = entity.filter(|&e| fits(e)) {
                return Some(e);
            }
        }
    }
    // Then the nearest person, then the nearest organisation.
    for label in [Label::Per, Label::Org] {
        let found = input
            .entity_tokens
            .iter()
            .enumerate()
            .rev()
            .find(|&(e, r)| {
                r.is_some_and(|(_, end)| {
                    end <= at
                        && near(end.saturating_sub(1))
                        && input.entities[e].label == label
                        && fits(e)
                })
            });
        if let Some((e, _)) = found {
            return Some(e);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{WORDS, listed};

    #[test]
    fn the_word_lists_parse_and_read_tokens_as_written() {
        assert!(WORDS.que.contains(&listed("Qu’").as_str()));
        assert!(WORDS.prepositions.contains(&listed("À").as_str()));
        assert!(WORDS.clitics.contains(&listed("l’").as_str()));
        let ils = WORDS
            .pronouns
            .iter()
            .find(|p| p.word == "ils")
            .expect("ils");
        assert!(ils.plural && ils.gender == crate::Gender::Masculine);
        assert!(
            WORDS
                .pronouns
                .iter()
                .all(|p| p.plural == p.word.trim_end_matches("-ci").ends_with(['s', 'x']))
        );
        let celle = WORDS.pronouns.iter().find(|p| p.word == "celle-ci");
        assert!(celle.is_some_and(|p| p.demonstrative && p.gender == crate::Gender::Feminine));
        assert!(
            WORDS
                .pronouns
                .iter()
                .any(|p| p.word == "il" && !p.demonstrative)
        );
    }
}
