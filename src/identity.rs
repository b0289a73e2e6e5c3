//! Identity: who is who across one document. Every entity mention gets a document-level
//! [`Identity`] — a number, a label, a canonical name and the Wikidata id when a gazetteer
//! gives one — so that `Maëlle Kerbrat`, `Mme Kerbrat`, `Kerbrat` and the `elle` resolved to
//! her are one speaker; and a source or target that is a noun phrase around an entity
//! (`la CGT`, `le président turc Recep Tayyip Erdoğan`) gets that entity as its
//! [`Mention::head`].
//!
//! The stage runs last, after the entities are final and the sources resolved, and reads
//! only the text, the entities and the attributions: [`assign`] is a function of them (so
//! `quidit export` recomputes it from a JSON line and gets what `quidit tag` wrote).
//!
//! Two mentions share an identity when (each link is tried in this order, and a link is
//! refused when it would join two different labels or two different Wikidata ids):
//! 1. they have the same label and the same canonical form (the gazetteer's, else the text),
//!    folded (case, accents, apostrophes, white space) and without a leading `M.`/`Mme`;
//! 2. they have the same label and Wikidata id;
//! 3. one is an acronym (one word in capitals) in parentheses right after or right before
//!    the other, of the same label, several words starting with its first letter
//!    (`Syndicat national … (SNTPC)`, `SNTPC (Syndicat national …)`);
//! 4. one is a person named by the trailing words of the other's full name, particles kept
//!    (`Kerbrat`, `Le Pen`, `de Gaulle`; never `Pen` or `Gaulle` alone), with or without
//!    `M.`/`Mme`; when those trailing words end the names of two different identities, the
//!    mention is **ambiguous** and keeps its own identity: no guess.
//!
//! An identity's name is the longest gazetteer canonical form among its mentions, else its
//! longest mention (for a person, the full name); ties go to the earlier mention.
//!
//! What must stay true:
//! - every entity has exactly one identity, and all the members of an identity share its
//!   label and carry no other Wikidata id than its own;
//! - identities are numbered `0, 1, …` in the order of their first mention, and identity
//!   `n` is the `n`-th of [`Identities::iter`];
//! - the stage changes no entity, span, [`Mention::entity`] or [`Mention::resolved`]: it
//!   only fills [`Document::identities`] and [`Mention::head`];
//! - it is deterministic, and linear in the number of entities and attributions: names are
//!   looked up in hash maps, a person's name adds as many keys as it has words, and the text
//!   is read only between neighbouring entities (never rescanned for each name).
//!
//! Decision (issue 15): the civility titles and the particles of names are data, in
//! `data/identity/`, compiled in. They are not read from the gazetteer's lexicons
//! (`gazetteers/lexique/titres.txt`, `type=civilite`; `particules.txt`): [`assign`] is a
//! function of the text and the document alone (so that `quidit export` recomputes it from
//! a JSON line), with no gazetteer at hand, and those lexicons hold other words (`lady`,
//! `cheikh`; no `mr`, no `les`), so that reading them would change identities. Making the
//! two agree is a change of output, to be evaluated on its own.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Serialize;

use crate::document::{Document, Entity, Label, Mention};
use crate::hash::FastHash;
use crate::normalise::{self, Case};

/// An identity's number in its document: `0, 1, …` in the order of first mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct IdentityId(pub usize);

/// Why an entity is in its identity: the first link that brought it in, with the entity at
/// the other end (an index in [`Document::entities`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No link is recorded on it: it founded its identity (others joined it), or stands
    /// alone.
    Own,
    /// The same label and canonical form as that entity.
    SameName(usize),
    /// The same Wikidata id as that entity.
    SameWikidata(usize),
    /// An acronym defined in parentheses next to that entity, or the expansion of one.
    Acronym(usize),
    /// The trailing surname of that person's full name (`Kerbrat`, `Mme Kerbrat`).
    Surname(usize),
}

impl Reason {
    /// A short English explanation, for `quidit explain`.
    pub fn describe(self) -> String {
        match self {
            Reason::Own => "own".to_string(),
            Reason::SameName(e) => format!("same name as entity {e}"),
            Reason::SameWikidata(e) => format!("same Wikidata id as entity {e}"),
            Reason::Acronym(e) => format!("acronym or expansion of entity {e}"),
            Reason::Surname(e) => format!("surname of entity {e}"),
        }
    }
}

/// One speaker, organisation or place of a document, however many ways it is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity<'t> {
    /// Its number.
    pub id: IdentityId,
    /// The label of all its mentions.
    pub label: Label,
    /// Its canonical name: the longest gazetteer canonical form of its mentions, else its
    /// longest mention, white space collapsed.
    pub name: String,
    /// The Wikidata id, when a gazetteer gives one for any of its mentions.
    pub wikidata: Option<&'t str>,
    /// How many entities of the document are mentions of it.
    pub mentions: usize,
    /// Its first mention (index in [`Document::entities`]).
    pub first: usize,
}

/// The identity of one entity and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The identity.
    pub identity: IdentityId,
    /// The link that brought the entity in.
    pub reason: Reason,
}

/// The identities of a document and the identity of each of its entities. Empty until
/// the identity stage runs (the tagger runs it on every document).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identities<'t> {
    /// Identity `n` at position `n`.
    list: Vec<Identity<'t>>,
    /// One per entity of the document, in the same order.
    members: Vec<Membership>,
}

impl<'t> Identities<'t> {
    /// Every identity, in order of number (that is, of first mention).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Identity<'t>> {
        self.list.iter()
    }

    /// How many identities the document has.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether the document has none (no entity, or the stage did not run).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The identity numbered `id`.
    pub fn get(&self, id: IdentityId) -> Option<&Identity<'t>> {
        self.list.get(id.0)
    }

    /// The identity of entity `entity` (an index in [`Document::entities`]) and why.
    pub fn membership(&self, entity: usize) -> Option<Membership> {
        self.members.get(entity).copied()
    }

    /// The identity of entity `entity`.
    pub fn of_entity(&self, entity: usize) -> Option<IdentityId> {
        self.membership(entity).map(|m| m.identity)
    }

    /// The identity of a source or target: that of the entity it is, else of the entity it
    /// refers to, else of the entity at its head.
    pub fn of_mention(&self, m: &Mention) -> Option<IdentityId> {
        m.entity
            .or(m.resolved)
            .or(m.head)
            .and_then(|e| self.of_entity(e))
    }
}

/// Fills `doc.identities` and the [`Mention::head`] of every source and target of
/// `doc`, tagged from `text`. Anything the stage filled before is replaced.
pub fn assign(text: &str, doc: &mut Document<'_>) {
    let names: Vec<Name<'_>> = doc.entities.iter().map(|e| Name::of(e, text)).collect();
    let members = cluster(&names, text);
    doc.identities = build(&doc.entities, &names, members);
    for a in &mut doc.attributions {
        if let Some(m) = a.source.as_mut() {
            m.head = head(&doc.entities, m, &[Label::Per, Label::Org]);
        }
        if let Some(m) = a.target.as_mut() {
            m.head = head(&doc.entities, m, &[Label::Per, Label::Org, Label::Loc]);
        }
    }
}

/// What clustering reads of one entity.
#[derive(Clone, Debug)]
struct Name<'a> {
    label: Label,
    /// Byte span in the text.
    start: usize,
    end: usize,
    /// The canonical form folded, title stripped: the key of link 1.
    key: String,
    /// The text folded, title stripped: what a person's surname mention is matched on.
    text_key: String,
    /// The gazetteer canonical form.
    canonical: Option<&'a str>,
    /// The text as written.
    text: &'a str,
    wikidata: Option<&'a str>,
}

impl<'a> Name<'a> {
    fn of(e: &Entity<'a>, text: &'a str) -> Name<'a> {
        let own = e.text(text);
        let text_key = key(own);
        let key = match e.canonical {
            Some(c) if c != own => self::key(c),
            _ => text_key.clone(),
        };
        Name {
            label: e.label,
            start: e.span.start,
            end: e.span.end,
            key,
            text_key,
            canonical: e.canonical,
            text: own,
            wikidata: e.id,
        }
    }
}

/// The word lists of the stage, from `data/identity/` (compiled in, parsed on first use):
/// civility titles that may open a person's mention (`M. Dupont`), and particles that
/// belong to the surname after them (`Le Pen`, `de Gaulle`), both folded. Why they are not
/// read from the gazetteer's lexicons is said in the files' headers.
struct Words {
    titles: HashSet<&'static str, FastHash>,
    particles: HashSet<&'static str, FastHash>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    titles: word_list(include_str!("../data/identity/civilites.txt")),
    particles: word_list(include_str!("../data/identity/particules.txt")),
});

/// The words of a list file: one a line, blank lines and `#` comments skipped.
fn word_list(text: &'static str) -> HashSet<&'static str, FastHash> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A name folded (case, accents, apostrophes, white space), without a leading title.
fn key(name: &str) -> String {
    let mut folded = normalise::fold(name.trim(), Case::Fold);
    // Folding makes a run of white space one space; a dropped zero-width character may
    // still leave two.
    if folded.contains("  ") || folded.starts_with(' ') || folded.ends_with(' ') {
        folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if let Some((first, _)) = folded.split_once(' ') {
        if WORDS.titles.contains(first) {
            folded.drain(..first.len() + 1);
        }
    }
    folded
}

/// The trailing surnames of a person's full name folded by [`key`]: every run of its last
/// words but the whole, that does not start right after a particle (`le pen` of
/// `jean-marie le pen`, not `pen`).
fn surnames(key: &str) -> impl Iterator<Item = &str> {
    key.match_indices(' ')
        .scan(0, move |word_start, (at, _)| {
            let before = &key[*word_start..at];
            *word_start = at + 1;
            Some((!WORDS.particles.contains(before)).then(|| &key[at + 1..]))
        })
        .flatten()
}

/// Union-find over entities, a group keeping its first entity as root.
struct Groups<'n, 'a> {
    names: &'n [Name<'a>],
    parent: Vec<usize>,
    /// The Wikidata id of each root's group.
    wikidata: Vec<Option<&'a str>>,
    reason: Vec<Reason>,
}

impl<'n, 'a> Groups<'n, 'a> {
    fn new(names: &'n [Name<'a>]) -> Self {
        Groups {
            names,
            parent: (0..names.len()).collect(),
            wikidata: names.iter().map(|n| n.wikidata).collect(),
            reason: vec![Reason::Own; names.len()],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Puts `x` in the group of `to`, unless the labels or the Wikidata ids differ; the
    /// reason goes to `x` when it has none yet, else to `to` when it has none and the link
    /// reads both ways (not a surname). Whether the groups were joined.
    fn link(&mut self, x: usize, to: usize, reason: Reason) -> bool {
        let (a, b) = (self.find(x), self.find(to));
        if a == b || self.names[x].label != self.names[to].label {
            return false;
        }
        if let (Some(p), Some(q)) = (self.wikidata[a], self.wikidata[b]) {
            if p != q {
                return false;
            }
        }
        let (root, child) = if a < b { (a, b) } else { (b, a) };
        self.parent[child] = root;
        self.wikidata[root] = self.wikidata[root].or(self.wikidata[child]);
        if self.reason[x] == Reason::Own {
            self.reason[x] = reason;
        } else if self.reason[to] == Reason::Own {
            // The links that read the same both ways; a full name is not its surname's.
            self.reason[to] = match reason {
                Reason::SameName(_) => Reason::SameName(x),
                Reason::SameWikidata(_) => Reason::SameWikidata(x),
                Reason::Acronym(_) => Reason::Acronym(x),
                Reason::Surname(_) | Reason::Own => Reason::Own,
            };
        }
        true
    }
}

/// The root (first entity) of each entity's group, and why each entity is in it.
fn cluster(names: &[Name<'_>], text: &str) -> Vec<(usize, Reason)> {
    let mut g = Groups::new(names);
    // 1. Same label and canonical form.
    let mut by_key: HashMap<(Label, &str), usize> = HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        if n.key.is_empty() {
            continue;
        }
        let first = *by_key.entry((n.label, n.key.as_str())).or_insert(i);
        if first != i {
            g.link(i, first, Reason::SameName(first));
        }
    }
    // 2. Same Wikidata id.
    let mut by_qid: HashMap<(Label, &str), usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(q) = n.wikidata {
            let first = *by_qid.entry((n.label, q)).or_insert(i);
            if first != i {
                g.link(i, first, Reason::SameWikidata(first));
            }
        }
    }
    // 3. Acronyms in parentheses beside their expansion.
    for i in 0..names.len() {
        // The next entity that is not inside this one.
        let Some(j) = (i + 1..names.len().min(i + 4)).find(|&j| names[j].start >= names[i].end)
        else {
            continue;
        };
        let (a, b) = (&names[i], &names[j]);
        let between = text.get(a.end..b.start).unwrap_or("");
        let closed = text
            .get(b.end..)
            .is_some_and(|rest| rest.trim_start().starts_with(')'));
        if between.len() > 8 || between.trim() != "(" || !closed {
            continue;
        }
        if let Some((acronym, expansion)) = [(j, i), (i, j)]
            .into_iter()
            .find(|&(x, y)| defines(names[x].text, names[y].text))
        {
            g.link(acronym, expansion, Reason::Acronym(expansion));
        }
    }
    // 4. Surnames. Every trailing surname of a longer person's name, once for each group…
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if n.label != Label::Per {
            continue;
        }
        let keys = [Some(n.key.as_str()), Some(n.text_key.as_str())];
        let keys = if n.key == n.text_key {
            &keys[..1]
        } else {
            &keys[..]
        };
        for k in keys.iter().flatten() {
            for s in surnames(k) {
                let root = g.find(i);
                let owners = by_surname.entry(s).or_default();
                if !owners.iter().any(|&o| g.find(o) == root) {
                    owners.push(i);
                }
            }
        }
    }
    // … then each person's mention, those of most words first, so that `Tayyip Erdoğan`
    // joins `Recep Tayyip Erdoğan` before `Erdoğan` is looked up.
    let mut persons: Vec<usize> = (0..names.len())
        .filter(|&i| {
            names[i].label == Label::Per && by_surname.contains_key(names[i].text_key.as_str())
        })
        .collect();
    persons.sort_by_cached_key(|&i| (std::cmp::Reverse(names[i].text_key.matches(' ').count()), i));
    for i in persons {
        let owners = &by_surname[names[i].text_key.as_str()];
        let mut roots: Vec<usize> = owners.iter().map(|&o| g.find(o)).collect();
        roots.sort_unstable();
        roots.dedup();
        // Two full names end so: ambiguous, the mention keeps its own identity.
        if let [_] = roots[..] {
            let owner = owners[0];
            g.link(i, owner, Reason::Surname(owner));
        }
    }
    (0..names.len()).map(|i| (g.find(i), g.reason[i])).collect()
}

/// Whether `short` is an acronym (one word, two or more capitals, nothing in lower case) of
/// `long`, several words whose first letter is the acronym's.
fn defines(short: &str, long: &str) -> bool {
    let letters = short.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = !short.contains(char::is_whitespace)
        && letters >= 2
        && short.chars().count() <= 12
        && !short.chars().any(char::is_lowercase);
    let words = long.split_whitespace().count();
    let first = |s: &str| {
        normalise::fold(s, Case::Fold)
            .chars()
            .find(|c| c.is_alphanumeric())
    };
    acronym && words >= 2 && first(short).is_some() && first(short) == first(long)
}

/// Numbers the groups in order of first mention and names them.
fn build<'t>(
    entities: &[Entity<'t>],
    names: &[Name<'_>],
    members: Vec<(usize, Reason)>,
) -> Identities<'t> {
    // The identity of each group, by its root.
    let mut number: Vec<Option<IdentityId>> = vec![None; members.len()];
    let mut list: Vec<Identity<'t>> = Vec::new();
    // The entity that names each identity: (has a canonical form, its length, earliest).
    let mut namer: Vec<usize> = Vec::new();
    let rank = |i: usize| {
        let n = &names[i];
        let name = n.canonical.unwrap_or(n.text);
        (n.canonical.is_some(), name.chars().count())
    };
    let mut out = Vec::with_capacity(members.len());
    for (i, &(root, reason)) in members.iter().enumerate() {
        let id = *number[root].get_or_insert_with(|| {
            let id = IdentityId(list.len());
            list.push(Identity {
                id,
                label: entities[i].label,
                name: String::new(),
                wikidata: None,
                mentions: 0,
                first: i,
            });
            namer.push(i);
            id
        });
        let identity = &mut list[id.0];
        identity.mentions += 1;
        identity.wikidata = identity.wikidata.or(entities[i].id);
        if rank(i) > rank(namer[id.0]) {
            namer[id.0] = i;
        }
        out.push(Membership {
            identity: id,
            reason,
        });
    }
    for (identity, &i) in list.iter_mut().zip(&namer) {
        let n = &names[i];
        let name = n.canonical.unwrap_or(n.text);
        let mut words = name.split_whitespace();
        identity.name.extend(words.next());
        for w in words {
            identity.name.push(' ');
            identity.name.push_str(w);
        }
    }
    Identities { list, members: out }
}

/// The entity a noun-phrase mention is about: the last one inside it of the first of
/// `labels` found there (`le président turc Recep Tayyip Erdoğan` → the person, `la CGT du
/// port de Brest` → the union). `None` for a mention that is an entity or refers to one.
fn head(entities: &[Entity<'_>], m: &Mention, labels: &[Label]) -> Option<usize> {
    if m.entity.is_some() || m.resolved.is_some() {
        return None;
    }
    let from = entities.partition_point(|e| e.span.start < m.span.start);
    let to = from + entities[from..].partition_point(|e| e.span.start < m.span.end);
    labels.iter().find_map(|&l| {
        (from..to)
            .rev()
            .find(|&e| entities[e].label == l && entities[e].span.end <= m.span.end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Provenance, Span};

    /// Entities `(label, text, canonical, wikidata)` laid out in a text one after the other,
    /// separated by `sep`.
    fn doc_of<'t>(
        mentions: &[(Label, &'t str, Option<&'t str>, Option<&'t str>)],
        sep: &str,
    ) -> (String, Document<'t>) {
        let mut text = String::new();
        let mut doc = Document::default();
        for &(label, t, canonical, id) in mentions {
            if !text.is_empty() {
                text.push_str(sep);
            }
            let start = text.len();
            text.push_str(t);
            let span = Span {
                start,
                end: text.len(),
                char_start: text[..start].chars().count(),
                char_end: text.chars().count(),
            };
            doc.entities.push(Entity {
                span,
                label,
                subtype: "",
                canonical,
                id,
                provenance: Provenance::Rule { id: "test" },
            });
        }
        (text, doc)
    }

    /// The groups of entity indices, each in order, in order of first mention.
    fn groups(doc: &Document<'_>) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); doc.identities.len()];
        for i in 0..doc.entities.len() {
            out[doc.identities.of_entity(i).unwrap().0].push(i);
        }
        out
    }

    #[test]
    fn mentions_cluster_into_identities() {
        use Label::*;
        type M = (
            Label,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
        );
        let p = |t| (Per, t, None, None);
        let o = |t| (Org, t, None, None);
        // (mentions, expected groups)
        type Row = (Vec<M>, Vec<Vec<usize>>);
        let table: Vec<Row> = vec![
            // Full name, title + surname, surname alone.
            (
                vec![
                    p("Maëlle Kerbrat"),
                    p("Mme Kerbrat"),
                    p("Kerbrat"),
                    p("KERBRAT"),
                ],
                vec![vec![0, 1, 2, 3]],
            ),
            // Two people share the surname: the surname alone is ambiguous, on its own.
            (
                vec![
                    p("Marine Le Pen"),
                    p("Jean-Marie Le Pen"),
                    p("Le Pen"),
                    p("Marine Le Pen"),
                ],
                vec![vec![0, 3], vec![1], vec![2]],
            ),
            // A particle belongs to the surname: `Gaulle` alone is not `de Gaulle`.
            (
                vec![p("Charles de Gaulle"), p("de Gaulle"), p("Gaulle")],
                vec![vec![0, 1], vec![2]],
            ),
            // Longer surnames first: `Tayyip Erdoğan` joins the full name before `Erdogan`.
            (
                vec![p("Erdogan"), p("Tayyip Erdoğan"), p("Recep Tayyip Erdoğan")],
                vec![vec![0, 1, 2]],
            ),
            // A surname never joins another label, and a first name is not a surname.
            (
                vec![p("Jean Dupont"), o("Dupont"), p("Jean")],
                vec![vec![0], vec![1], vec![2]],
            ),
            // The same canonical form, case and accents aside.
            (
                vec![
                    o("CGT"),
                    o("cgt"),
                    (Org, "Confédération générale du travail", Some("CGT"), None),
                ],
                vec![vec![0, 1, 2]],
            ),
            // The same Wikidata id; different ids never join.
            (
                vec![
                    (Per, "Poutine", None, Some("Q7747")),
                    (Per, "Vladimir Poutine", None, Some("Q7747")),
                    (Per, "Jean Poutine", None, Some("Q1")),
                    p("Poutine"),
                ],
                vec![vec![0, 1, 3], vec![2]],
            ),
        ];
        for (mentions, want) in table {
            let (text, mut doc) = doc_of(&mentions, ". ");
            assign(&text, &mut doc);
            assert_eq!(groups(&doc), want, "{text}");
        }
    }

    #[test]
    fn an_acronym_in_parentheses_joins_its_expansion() {
        use Label::*;
        let table: &[(&str, &str, &str, bool)] = &[
            ("Syndicat national des techniciens", " (", "SNTPC", true),
            ("SNTPC", " (", "Syndicat national des techniciens", true),
            ("Syndicat national des techniciens", ", ", "SNTPC", false),
            ("Parti socialiste", " (", "UMP", false),
            (
                "Observatoire syrien des droits de l'homme",
                " (",
                "Osdh",
                false,
            ),
        ];
        for &(a, sep, b, joined) in table {
            let (mut text, mut doc) = doc_of(&[(Org, a, None, None), (Org, b, None, None)], sep);
            text.push_str(") a dit.");
            assign(&text, &mut doc);
            assert_eq!(doc.identities.len() == 1, joined, "{text}");
        }
    }

    #[test]
    fn identities_are_named_and_numbered_by_first_mention() {
        use Label::*;
        let (text, mut doc) = doc_of(
            &[
                (Per, "Kerbrat", None, None),
                (Loc, "Brest", Some("Brest"), Some("Q12193")),
                (Per, "Maëlle\nKerbrat", None, None),
                (
                    Org,
                    "ONU",
                    Some("Organisation des Nations unies"),
                    Some("Q1065"),
                ),
            ],
            ". ",
        );
        assign(&text, &mut doc);
        let got: Vec<_> = doc
            .identities
            .iter()
            .map(|i| {
                (
                    i.id.0,
                    i.label,
                    i.name.as_str(),
                    i.wikidata,
                    i.mentions,
                    i.first,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, Per, "Maëlle Kerbrat", None, 2, 0),
                (1, Loc, "Brest", Some("Q12193"), 1, 1),
                (
                    2,
                    Org,
                    "Organisation des Nations unies",
                    Some("Q1065"),
                    1,
                    3
                ),
            ]
        );
        assert_eq!(
            doc.identities.membership(0).unwrap().reason,
            Reason::Surname(2)
        );
        assert_eq!(doc.identities.membership(2).unwrap().reason, Reason::Own);
    }

    #[test]
    fn a_noun_phrase_mention_gets_the_entity_at_its_head() {
        use crate::document::{Attribution, Kind};
        use Label::*;
        let (text, mut doc) = doc_of(
            &[
                (Org, "CGT", None, None),
                (Loc, "Brest", None, None),
                (Per, "Jean Dupont", None, None),
            ],
            " du port de ",
        );
        let span_of = |s: &str| {
            let start = text.find(s).unwrap();
            Span {
                start,
                end: start + s.len(),
                char_start: text[..start].chars().count(),
                char_end: text[..start + s.len()].chars().count(),
            }
        };
        let mention = |s: &str| Mention {
            span: span_of(s),
            entity: None,
            resolved: None,
            head: None,
        };
        let at = |source, target| Attribution {
            kind: Kind::Accusation,
            content: vec![span_of("port")],
            cue: None,
            source: Some(source),
            target: Some(target),
            rule: "test",
            matched: span_of("port"),
        };
        doc.attributions
            .push(at(mention("CGT du port de Brest"), mention("Brest")));
        doc.attributions.push(at(
            mention("CGT du port de Brest du port de Jean Dupont"),
            mention("port"),
        ));
        assign(&text, &mut doc);
        let a = &doc.attributions;
        assert_eq!(a[0].source.unwrap().head, Some(0));
        // A place is a target, never a speaker.
        assert_eq!(a[0].target.unwrap().head, Some(1));
        // A person before an organisation.
        assert_eq!(a[1].source.unwrap().head, Some(2));
        assert_eq!(a[1].target.unwrap().head, None);
        let id = doc.identities.of_mention(&a[0].source.unwrap());
        assert_eq!(id, doc.identities.of_entity(0));
    }
}
