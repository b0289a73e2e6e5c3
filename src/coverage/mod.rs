//! Coverage: what the gazetteers and rules miss in a corpus, ranked by frequency, so that
//! the people who keep the lists know what to add first. Feed a [`Coverage`] each
//! document's [`Inspection`], then read its [`Report`]:
//!
//! - **missed names**: capitalised sequences that no list entry covers (a rule may still
//!   have tagged them: the report says which), with a label suggested by their contexts — a
//!   title or civility before, or a known first name, gives PER; an organisation head as
//!   first word (`Ministère`, `Parti`), an organisation noun before (`le syndicat`), or an
//!   acronym gives ORG; `à`, `en`, `vers`, `près de` before give LOC;
//! - **near misses**: missed names that differ from a form of the lists by case, accents,
//!   hyphens or spaces, or by vowels and transliterated consonants (`Saraqib`/`Saraqeb`):
//!   the entry exists, the variant is missing ([`ListForms`]);
//! - **quotations no rule attributes**: the reporting verbs (from the lexicon) or the words
//!   after `», a …` next to a quotation that no attribution covers.
//!
//! A sentence's first word is capitalised for that reason alone, so a frequent French word
//! there (`Pour`, `Le`) never starts a name; a capitalised frequent word alone elsewhere
//! (`État`) is not a name either. Runs of all-capital words are headlines.
//!
//! Everything is read from what the tagger found ([`Tagger::inspect`](crate::Tagger::inspect)):
//! its tokens and sentences, its lexicon matches, its paired quotations, its entities and
//! attributions. The word lists are data, each where it fits best:
//!
//! - titles and civilités before a name: the lexicon `titres` (`lexique/titres.txt`, whose
//!   `type=civilite` entries are `M.`, `Mme`, `Dr`…), as the name rules read it;
//! - first names, demonyms and reporting verbs (with their `lemme`): the lexicons
//!   `prenoms`, `gentiles`, `verbes_parole`;
//! - organisation heads, the first word of a name that makes it an organisation: the
//!   lexicon `tetes_org` (`lexique/tetes_org.txt`), the one the name rule `org.tete` reads;
//! - the words that join the capitalised words of one name (`de`, `al`, `van`): the rules'
//!   class `PARTICULE` (`lexique/particules.txt`);
//! - the words before a name that suggest ORG or LOC: `data/coverage/avant_org.txt` and
//!   `data/coverage/avant_lieu.txt`, compiled in. They are no lexicon, as their headers
//!   say: no rule reads them, and matching `à` or `en` in every text would cost the tagger.

mod near;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::document::{Label, Provenance};
use crate::gazetteer::lint::is_frequent_word;
use crate::inspect::{Inspection, Token, TokenKind};
use crate::normalise::{Case, fold};
pub use near::{ListForms, Listed, NearKind};

/// The words before a name that suggest a label, each entry its words in order.
struct Before {
    org: Vec<Vec<&'static str>>,
    loc: Vec<Vec<&'static str>>,
}

static BEFORE: LazyLock<Before> = LazyLock::new(|| Before {
    org: entries(include_str!("../../data/coverage/avant_org.txt")),
    loc: entries(include_str!("../../data/coverage/avant_lieu.txt")),
});

/// The entries of a list file: one a line, its words separated by spaces; blank lines and
/// `#` comments skipped.
fn entries(text: &'static str) -> Vec<Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(' ').collect())
        .collect()
}

/// Gathers, document by document, the evidence of what the lists and rules miss.
#[derive(Debug, Default)]
pub struct Coverage {
    documents: usize,
    names: HashMap<String, NameEvidence>,
    gaps: HashMap<String, Gap>,
}

/// What the corpus says about a name the lists may miss.
#[derive(Default, Debug)]
struct NameEvidence {
    count: usize,
    docs: usize,
    last_doc: usize,
    votes: [usize; 3],
    rules: HashMap<String, usize>,
    contexts: Vec<String>,
}

/// A reporting word or pattern near quotations nothing attributes.
#[derive(Default, Debug)]
struct Gap {
    count: usize,
    contexts: Vec<String>,
}

/// What the lexicons say of each token of a document.
#[derive(Clone, Default)]
struct Facts {
    /// A title or civility ends here.
    title_end: bool,
    /// A first name starts here.
    first_name: bool,
    /// A demonym starts here.
    demonym: bool,
    /// An organisation head starts here.
    org_head: bool,
    /// A reporting verb starts here: its lemma.
    saying: Option<String>,
}

impl Coverage {
    /// An empty accumulator.
    pub fn new() -> Coverage {
        Coverage::default()
    }

    /// Adds one document: `text` and what the tagger found in it.
    pub fn add(&mut self, text: &str, inspection: &Inspection<'_>) {
        let d = self.documents;
        self.documents += 1;
        let tokens = &inspection.tokens;
        let doc = &inspection.document;
        let facts = facts(inspection);
        let is_cap = |t: &Token| t.kind == TokenKind::Word && t.capitalised && !t.abbreviation;
        let fold_token = |i: usize| fold(tokens[i].text(text), Case::Fold);
        for sentence in &inspection.sentences {
            let range = sentence.tokens.clone();
            let mut i = range.start;
            while i < range.end {
                if !is_cap(&tokens[i]) {
                    i += 1;
                    continue;
                }
                // Extend over capitalised words and particles followed by one, on single
                // spaces.
                let first = i;
                let mut last = i;
                let mut j = i + 1;
                while j < range.end {
                    let t = &tokens[j];
                    let gap = &text[tokens[j - 1].span.end..t.span.start];
                    if !(gap == " " || gap.is_empty() && tokens[j - 1].elided) {
                        break;
                    }
                    if is_cap(t) {
                        last = j;
                        j += 1;
                    } else if t.particule && j + 1 < range.end && is_cap(&tokens[j + 1]) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                i = last + 1;
                let mut start = first;
                // A sentence's first word, when it is a common word, is capitalised as such.
                let opens = tokens[range.start..first]
                    .iter()
                    .all(|t| t.kind != TokenKind::Word && t.kind != TokenKind::Number);
                if opens && is_frequent_word(tokens[start].text(text)) {
                    start += 1;
                }
                // Titles inside the run are context, not name (`Président Macron`).
                while start <= last && facts[start].title_end {
                    start += 1;
                }
                // Elided words (`L'`, `C'`) open clauses, not names.
                while start <= last && tokens[start].elided {
                    start += 1;
                }
                if start > last {
                    continue;
                }
                let words = &tokens[start..=last];
                // Units, models and figures (`V8`, `Covid-19`) are not what the lists hold.
                if words
                    .iter()
                    .any(|t| t.text(text).bytes().any(|b| b.is_ascii_digit()))
                {
                    continue;
                }
                if words.len() > 1 && words.iter().all(|t| t.all_caps) {
                    continue;
                }
                let (s, e) = (tokens[start].span.start, tokens[last].span.end);
                let name = &text[s..e];
                // Capitalised demonyms (`les Tchétchènes`) are nouns, not names.
                if words.len() == 1 && (is_frequent_word(name) || facts[start].demonym) {
                    continue;
                }
                let mut rule = None;
                let mut listed = false;
                let mut vote = None;
                for ent in doc
                    .entities
                    .iter()
                    .filter(|x| x.span.start < e && s < x.span.end)
                {
                    match ent.provenance {
                        Provenance::List { .. } => listed = true,
                        Provenance::Rule { id } => {
                            rule = Some(id.to_string());
                            vote = Some(ent.label);
                        }
                    }
                }
                if listed {
                    continue;
                }
                // The words right before the name, in its sentence, nearest last.
                let preceded_by = |list: &[Vec<&str>]| {
                    list.iter().any(|words| {
                        words.len() <= start - range.start
                            && words
                                .iter()
                                .rev()
                                .zip((range.start..start).rev())
                                .all(|(w, k)| fold_token(k) == *w)
                    })
                };
                let before = start.checked_sub(1).filter(|b| *b >= range.start);
                if before.is_some_and(|b| facts[b].title_end)
                    || words.len() > 1 && facts[start].first_name
                {
                    vote = Some(Label::Per);
                } else if preceded_by(&BEFORE.org)
                    || facts[start].org_head
                    || words.len() == 1 && tokens[start].all_caps
                {
                    vote = Some(Label::Org);
                } else if preceded_by(&BEFORE.loc) {
                    vote = Some(Label::Loc);
                }
                let c = self
                    .names
                    .entry(name.split_whitespace().collect::<Vec<_>>().join(" "))
                    .or_default();
                c.count += 1;
                if c.docs == 0 || c.last_doc != d {
                    c.docs += 1;
                    c.last_doc = d;
                    if c.contexts.len() < 3 {
                        c.contexts.push(context(text, s, e));
                    }
                }
                if let Some(l) = vote {
                    c.votes[l as usize] += 1;
                }
                if let Some(r) = rule {
                    *c.rules.entry(r).or_default() += 1;
                }
            }
        }
        self.quote_gaps(text, inspection, &facts);
    }

    /// Quotations that no attribution covers, and the reporting words around them.
    fn quote_gaps(&mut self, text: &str, inspection: &Inspection<'_>, facts: &[Facts]) {
        let tokens = &inspection.tokens;
        for q in &inspection.quotations {
            let inner = q.inner();
            if !q.closed || inner.end <= inner.start + 2 {
                continue;
            }
            let (qs, qe) = (
                tokens[inner.start].span.start,
                tokens[inner.end - 1].span.end,
            );
            let attributed = inspection
                .document
                .attributions
                .iter()
                .any(|at| at.content.iter().any(|s| s.start < qe && qs < s.end));
            if attributed {
                continue;
            }
            let outer = q.outer();
            let (o, c) = (outer.start, outer.end);
            let window = c..(c + 6).min(tokens.len());
            let mut key = None;
            for k in window.clone().chain(o.saturating_sub(6)..o) {
                if let Some(lemma) = &facts[k].saying {
                    key = Some(format!("verb {lemma} (in the lexicon)"));
                    break;
                }
            }
            if key.is_none() {
                // `», a tonné X` / `», tonne-t-il`: a word of saying the lexicon lacks.
                let w: Vec<&str> = window.clone().map(|k| tokens[k].text(text)).collect();
                let aux = ["a", "ont", "avait", "avaient", "aurait"];
                if w.len() >= 3
                    && w[0] == ","
                    && aux.contains(&w[1])
                    && tokens[c + 2].kind == TokenKind::Word
                {
                    key = Some(format!("word {:?} after », {}", w[2], w[1]));
                } else if w.len() >= 2 && w[0] == "," && w[1].contains("-t-") {
                    key = Some(format!("inversion {:?}", w[1]));
                } else if o > 0 && tokens[o - 1].text(text) == ":" {
                    key = Some("colon before the quotation".into());
                }
            }
            if let Some(key) = key {
                let gap = self.gaps.entry(key).or_default();
                gap.count += 1;
                if gap.contexts.len() < 3 {
                    gap.contexts.push(context(text, qs, qe.min(qs + 80)));
                }
            }
        }
    }

    /// The report, every section ranked by frequency (then alphabetically); `lists` tells
    /// near misses from missed names.
    pub fn report(&self, lists: &ListForms) -> Report {
        let mut ranked: Vec<(&String, &NameEvidence)> = self.names.iter().collect();
        ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        let (mut missed, mut near) = (Vec::new(), Vec::new());
        for (name, c) in ranked {
            let found = Found {
                name: name.clone(),
                count: c.count,
                docs: c.docs,
                contexts: c.contexts.clone(),
            };
            match lists.near(name) {
                Some((kind, listed)) => near.push(NearMiss {
                    found,
                    kind,
                    listed: listed.clone(),
                }),
                None => missed.push(MissedName {
                    found,
                    label: label_of(c),
                    rule: c
                        .rules
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(r, n)| RuleFound {
                            rule: r.clone(),
                            count: *n,
                        }),
                }),
            }
        }
        let mut gaps: Vec<QuoteGap> = self
            .gaps
            .iter()
            .map(|(key, g)| QuoteGap {
                key: key.clone(),
                count: g.count,
                contexts: g.contexts.clone(),
            })
            .collect();
        gaps.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        Report {
            documents: self.documents,
            missed,
            near,
            quote_gaps: gaps,
        }
    }
}

/// The label most contexts of a name vote for, if more than half do.
fn label_of(c: &NameEvidence) -> Option<Label> {
    let best = (0..3).max_by_key(|&l| c.votes[l]).unwrap_or(0);
    let total: usize = c.votes.iter().sum();
    if total == 0 || 2 * c.votes[best] <= total {
        None
    } else {
        Some([Label::Per, Label::Org, Label::Loc][best])
    }
}

/// What the lexicons matched, token by token: a title ends at its last token, the other
/// lexicons are read at their first.
fn facts(inspection: &Inspection<'_>) -> Vec<Facts> {
    let tokens = &inspection.tokens;
    let tok_at = |byte: usize, end: bool| {
        let i = tokens.partition_point(|t: &Token| {
            if end {
                t.span.end < byte
            } else {
                t.span.start < byte
            }
        });
        tokens
            .get(i)
            .filter(|t| {
                if end {
                    t.span.end == byte
                } else {
                    t.span.start == byte
                }
            })
            .map(|_| i)
    };
    let mut facts = vec![Facts::default(); tokens.len()];
    for m in &inspection.lexicon_matches {
        let at = |end| tok_at(if end { m.end } else { m.start }, end);
        match m.lexicon {
            "titres" => {
                if let Some(i) = at(true) {
                    facts[i].title_end = true;
                }
            }
            "gentiles" => {
                if let Some(i) = at(false) {
                    facts[i].demonym = true;
                }
            }
            "prenoms" => {
                if let Some(i) = at(false) {
                    facts[i].first_name = true;
                }
            }
            "tetes_org" => {
                if let Some(i) = at(false) {
                    facts[i].org_head = true;
                }
            }
            "verbes_parole" => {
                if let Some(i) = at(false) {
                    let lemma = m.entry.attr("lemme").unwrap_or("?");
                    facts[i].saying = Some(lemma.to_string());
                }
            }
            _ => {}
        }
    }
    facts
}

/// Sixty bytes either side of `start..end`, the span in brackets, on one line.
fn context(text: &str, start: usize, end: usize) -> String {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (floor(start), floor(end));
    let mut a = start.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "…{}[{}]{}…",
        &text[a..start],
        &text[start..end],
        &text[end..b]
    )
    .replace(['\n', '\r', '\t'], " ")
}

/// What [`Coverage`] found across the documents it was fed.
#[derive(Clone, Debug)]
pub struct Report {
    /// How many documents.
    pub documents: usize,
    /// Names no list covers and no list form is near, most frequent first.
    pub missed: Vec<MissedName>,
    /// Names no list covers that are near a form of a list, most frequent first.
    pub near: Vec<NearMiss>,
    /// Reporting words or patterns next to quotations no rule attributes, most frequent
    /// first.
    pub quote_gaps: Vec<QuoteGap>,
}

/// A name found in the corpus: how often, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The name, its white space made single spaces.
    pub name: String,
    /// How many times it occurs.
    pub count: usize,
    /// In how many documents.
    pub docs: usize,
    /// Its context in its first documents (three at most), the name in brackets.
    pub contexts: Vec<String>,
}

/// A name no list covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissedName {
    /// The name and where it occurs.
    pub found: Found,
    /// The label more than half its contexts suggest, if any.
    pub label: Option<Label>,
    /// The rule that tagged it most often, if a rule did.
    pub rule: Option<RuleFound>,
}

/// A rule that tagged a missed name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFound {
    /// The rule's id.
    pub rule: String,
    /// How many of the name's occurrences it tagged.
    pub count: usize,
}

/// A name no list covers, near a form of a list: a variant to add to that entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    /// The name and where it occurs.
    pub found: Found,
    /// How it differs from the listed form.
    pub kind: NearKind,
    /// The entry it is near.
    pub listed: Listed,
}

/// Quotations no rule attributes, by the reporting word or pattern next to them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteGap {
    /// The word or pattern: `verb LEMMA (in the lexicon)`, `word "W" after », AUX`,
    /// `inversion "W"`, `colon before the quotation`.
    pub key: String,
    /// How many quotations.
    pub count: usize,
    /// The first quotations' contexts (three at most).
    pub contexts: Vec<String>,
}
