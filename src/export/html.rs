//! HTML: a page a document to read what quidit found, and an index page with counts. Each
//! page is self-contained: its style is inline, it loads nothing and runs no script.
//!
//! The pages are askama templates (`templates/document.html`, `templates/documents.html`,
//! one style sheet `templates/page.css` included in both), filled from the typed structs
//! of this module; every value is HTML-escaped by the template engine, and every link is
//! percent-encoded by it.
//!
//! **One language: French.** Every label a reader sees (headings, column names, the kinds
//! of attribution, the legend, tooltips, navigation) is French, as the news it shows is.
//! What is not UI stays as quidit writes it elsewhere: rule ids, gazetteer paths, and the
//! class names (`k-PER`, `k-Quote`) that the export checks look for.
//!
//! Entities are coloured by label; each content is highlighted with its kind (a charge in
//! red) and numbered, its cue framed and its source or target underlined; hovering any of
//! them shows its provenance (gazetteer `file:line` or rule), the entity's canonical form
//! and Wikidata id, the identity of an entity or a mention about one, and the attribution's
//! roles. Everything is linked both ways:
//! - each **source** (a speaker or accuser: one identity, or one wording when the text
//!   names no entity) is numbered `S1`, `S2`… in order of first appearance; its mentions
//!   carry the number in the text, the list of sources links each to its attributions, and
//!   each row of the tables links back to its source;
//! - each attribution's number in the text links to its **row**, and each row's number,
//!   source, cue, content and target link to the **span** in the text (anchors `m0`, `m1`…
//!   on every mark's first fragment, `r1`… on rows, `s1`… on sources);
//! - the pages of one export link to the **previous and next** document, in the order they
//!   were written, and to the index. A page is therefore returned unrendered
//!   ([`HtmlPage`]): its neighbours are known only to whoever writes the pages in order,
//!   who sets them ([`HtmlPage::set_prev`], [`HtmlPage::set_next`]) and renders it ([`HtmlPage::render`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use askama::Template;

use super::model::{MarkType, Model};
use crate::document::{Document, Kind, Label};
use crate::identity::IdentityId;

/// The French label of a mark type, for the legend and tooltips.
fn type_label(t: MarkType) -> &'static str {
    match t {
        MarkType::Entity(Label::Per) => "personne",
        MarkType::Entity(Label::Org) => "organisation",
        MarkType::Entity(Label::Loc) => "lieu",
        MarkType::Quote => "propos",
        MarkType::Charge => "grief",
        MarkType::Cue => "indice",
        MarkType::Mention => "mention",
    }
}

/// The French name of an attribution kind.
pub(crate) fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Direct => "citation directe",
        Kind::Indirect => "discours indirect",
        Kind::Mixed => "citation partielle",
        Kind::According => "selon",
        Kind::Accusation => "accusation",
    }
}

/// A mark opened in the text: a `<span>`.
#[derive(Clone, Debug)]
struct Open {
    class: String,
    /// `m{index}` on the mark's first fragment, the target of the tables' links.
    anchor: Option<String>,
    /// The tooltip: what the mark is and where it comes from.
    title: String,
    /// The source number, on the first fragment of a source's mention.
    source: Option<usize>,
    /// The attribution numbers, on the first fragment of a content.
    numbers: Vec<usize>,
}

/// A piece of the text as the template writes it: a flat sequence, since marks nest and a
/// mark that crosses the end of another is closed and opened again.
#[derive(Clone, Debug)]
enum Piece {
    Open(Open),
    Close,
    Text(String),
}

/// A table cell that shows a span: its text and, when it is one, the mark it links to.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    mark: Option<usize>,
}

impl Cell {
    fn none() -> Cell {
        Cell {
            text: "—".into(),
            mark: None,
        }
    }
}

/// A source or target cell: the mention and, for a pronoun or a noun phrase, the entity it
/// refers to.
#[derive(Clone, Debug)]
struct Who {
    said: Cell,
    refers: Option<Cell>,
}

/// A row of the tables of quotes and accusations.
#[derive(Clone, Debug)]
struct Row {
    number: usize,
    kind: &'static str,
    source: Who,
    source_number: Option<usize>,
    cue: Cell,
    content: Cell,
    content_mark: usize,
    target: Who,
    rule: String,
}

/// A numbered source and the attributions it made.
#[derive(Clone, Debug)]
struct Source {
    number: usize,
    name: String,
    /// Its first mention's mark, where its number links to.
    mark: usize,
    attributions: Vec<usize>,
}

/// A neighbouring page: the link to it, relative to this page, and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neighbour {
    /// The relative link (`other.html`, `../b/other.html`), not yet percent-encoded.
    pub href: String,
    /// The document's id, shown on hover.
    pub id: String,
}

/// The page of one document, built and ready to render once its neighbours are known.
#[derive(Clone, Debug, Template)]
#[template(path = "document.html")]
pub struct HtmlPage {
    id: String,
    index: String,
    prev: Option<Neighbour>,
    next: Option<Neighbour>,
    legend: Vec<(&'static str, &'static str)>,
    body: Vec<Piece>,
    sources: Vec<Source>,
    quotes: Vec<Row>,
    accusations: Vec<Row>,
}

impl HtmlPage {
    /// Sets the link to the previous document.
    pub fn set_prev(&mut self, prev: Neighbour) {
        self.prev = Some(prev);
    }

    /// Sets the link to the next document.
    pub fn set_next(&mut self, next: Neighbour) {
        self.next = Some(next);
    }

    /// The document's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The page, as HTML.
    pub fn render(&self) -> String {
        // The template only writes to a String, and every value it writes is a plain
        // string or number: rendering cannot fail.
        Template::render(self).expect("rendering into a String cannot fail")
    }
}

/// One mark's fragment, to be written as an element.
#[derive(Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    mark: usize,
    /// Whether this fragment is the mark's first (which carries the anchor and numbers).
    first: bool,
}

/// The page of one document, whose id is `id`; `index` is the relative link to the index.
/// It has no neighbours until [`HtmlPage::set_prev`], [`HtmlPage::set_next`].
pub fn page(id: &str, index: &str, text: &str, doc: &Document<'_>) -> HtmlPage {
    let model = Model::new(doc);
    let slice = |m: usize| -> String {
        model.marks[m]
            .fragments
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect::<Vec<_>>()
            .join(" … ")
    };
    let cell = |m: Option<usize>| match m {
        Some(m) => Cell {
            text: slice(m),
            mark: Some(m),
        },
        None => Cell::none(),
    };
    let who = |m: Option<usize>, r: Option<usize>| Who {
        said: cell(m),
        refers: r.map(|r| cell(Some(r))),
    };
    // What hovering each mark says.
    let mut info: Vec<Vec<String>> = model
        .marks
        .iter()
        .map(|m| {
            let mut lines = vec![type_label(m.ty).to_string()];
            if let Some(e) = m.entity.and_then(|e| doc.entities.get(e)) {
                let mut l = format!("forme canonique : {}", e.canonical_or(text));
                if let Some(q) = e.id {
                    let _ = write!(l, " ({q})");
                }
                lines.push(l);
                lines.push(format!("sous-type : {}", e.subtype));
            }
            if let Some(i) = m.identity.and_then(|i| doc.identities.get(i)) {
                lines.push(format!("identité : {} {}", i.id.0, i.name));
            }
            lines.push(format!("provenance : {}", m.provenance));
            lines
        })
        .collect();
    // Sources, numbered in order of first appearance: one an identity, or one a wording
    // when the source is about no entity.
    #[derive(PartialEq, Eq, Hash)]
    enum SourceKey {
        Identity(IdentityId),
        Words(String),
    }
    let mut source_of: HashMap<SourceKey, usize> = HashMap::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut source_mark: Vec<Option<usize>> = vec![None; model.marks.len()];
    let mut numbers: Vec<Vec<usize>> = vec![Vec::new(); model.marks.len()];
    let mut role: Vec<Option<&str>> = vec![None; model.marks.len()];
    let mut quotes = Vec::new();
    let mut accusations = Vec::new();
    for (n, a) in model.attributions.iter().enumerate() {
        let n = n + 1;
        numbers[a.content].push(n);
        info[a.content].push(format!("[{n}] {}", kind_label(a.kind)));
        let said = |m: Option<usize>, r: Option<usize>| match (m, r) {
            (Some(m), Some(r)) => format!("{} → {}", slice(m), slice(r)),
            (Some(m), None) => slice(m),
            _ => "—".into(),
        };
        info[a.content].push(format!("  source : {}", said(a.source, a.resolved_source)));
        if let Some(c) = a.cue {
            info[a.content].push(format!("  indice : {}", slice(c)));
            info[c].push(format!("indice de [{n}]"));
        }
        if a.kind == Kind::Accusation {
            info[a.content].push(format!("  cible : {}", said(a.target, a.resolved_target)));
        }
        let source_number = a.source.map(|s| {
            info[s].push(format!("source de [{n}]"));
            role[s].get_or_insert("source");
            let identity = model.marks[s]
                .identity
                .or_else(|| a.resolved_source.and_then(|r| model.marks[r].identity));
            let key = match identity {
                Some(i) => SourceKey::Identity(i),
                None => SourceKey::Words(slice(s).to_lowercase()),
            };
            let number = *source_of.entry(key).or_insert_with(|| {
                let name = identity
                    .and_then(|i| doc.identities.get(i))
                    .map_or_else(|| slice(s), |i| i.name.clone());
                sources.push(Source {
                    number: sources.len() + 1,
                    name,
                    mark: s,
                    attributions: Vec::new(),
                });
                sources.len()
            });
            sources[number - 1].attributions.push(n);
            source_mark[s].get_or_insert(number);
            number
        });
        if let Some(t) = a.target {
            info[t].push(format!("cible de [{n}]"));
            role[t].get_or_insert("target");
        }
        let row = Row {
            number: n,
            kind: kind_label(a.kind),
            source: who(a.source, a.resolved_source),
            source_number,
            cue: cell(a.cue),
            content: cell(Some(a.content)),
            content_mark: a.content,
            target: who(a.target, a.resolved_target),
            rule: a.rule.clone(),
        };
        if a.kind == Kind::Accusation {
            accusations.push(row);
        } else {
            quotes.push(row);
        }
    }
    let mut items: Vec<Item> = Vec::new();
    for (m, mark) in model.marks.iter().enumerate() {
        for (k, f) in mark.fragments.iter().enumerate() {
            if f.start < f.end {
                items.push(Item {
                    start: f.start,
                    end: f.end,
                    mark: m,
                    first: k == 0,
                });
            }
        }
    }
    // Outer elements first: by start, then longest.
    items.sort_by_key(|i| (i.start, std::cmp::Reverse(i.end), i.mark));
    let open = |i: &Item| {
        let mark = &model.marks[i.mark];
        let mut class = format!("m k-{}", mark.ty.name());
        if let Some(r) = role[i.mark] {
            let _ = write!(class, " role-{r}");
        }
        Piece::Open(Open {
            class,
            anchor: i.first.then(|| format!("m{}", i.mark)),
            title: info[i.mark].join("\n"),
            source: source_mark[i.mark].filter(|_| i.first),
            numbers: if i.first {
                numbers[i.mark].clone()
            } else {
                Vec::new()
            },
        })
    };
    let mut body = Vec::with_capacity(items.len() * 3 + 1);
    let mut bounds: Vec<usize> = items.iter().flat_map(|i| [i.start, i.end]).collect();
    bounds.push(0);
    bounds.push(text.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut stack: Vec<usize> = Vec::new();
    let mut next_item = 0;
    for (b, &at) in bounds.iter().enumerate() {
        // Close what ends here; what was opened inside it and goes on is reopened.
        if let Some(lowest) = stack.iter().position(|&i| items[i].end <= at) {
            let reopen: Vec<usize> = stack[lowest..]
                .iter()
                .copied()
                .filter(|&i| items[i].end > at)
                .collect();
            for _ in lowest..stack.len() {
                body.push(Piece::Close);
            }
            stack.truncate(lowest);
            for i in reopen {
                body.push(open(&Item {
                    first: false,
                    ..items[i]
                }));
                stack.push(i);
            }
        }
        while next_item < items.len() && items[next_item].start == at {
            body.push(open(&items[next_item]));
            stack.push(next_item);
            next_item += 1;
        }
        if let Some(&to) = bounds.get(b + 1)
            && at < to
        {
            body.push(Piece::Text(text[at..to].to_string()));
        }
    }
    for _ in &stack {
        body.push(Piece::Close);
    }
    HtmlPage {
        id: id.to_string(),
        index: index.to_string(),
        prev: None,
        next: None,
        legend: MarkType::ALL
            .iter()
            .map(|&t| (t.name(), type_label(t)))
            .collect(),
        body,
        sources,
        quotes,
        accusations,
    }
}

/// The link from the page `from` to the page `to`, both relative to the export's folder
/// and written with `/` (`a/b.html`, `c.html` → `../c.html`).
pub fn relative_href(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut href = "../".repeat(from_dirs.len() - common);
    href.push_str(&to_parts[common..].join("/"));
    href
}

/// The index page's template: one row a document, and the totals.
#[derive(Template)]
#[template(path = "documents.html")]
struct IndexPage<'a> {
    docs: &'a [(String, Summary)],
    total: Summary,
}

/// The index page: one row a document with its counts, and the totals; `docs` are the
/// pages' links (relative to the index) with their counts.
pub fn index(docs: &[(String, Summary)]) -> String {
    let mut total = Summary::default();
    for (_, s) in docs {
        total.per += s.per;
        total.org += s.org;
        total.loc += s.loc;
        total.quotes += s.quotes;
        total.accusations += s.accusations;
    }
    IndexPage { docs, total }
        .render()
        .expect("rendering into a String cannot fail")
}

/// What a document holds, for the HTML index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The document's id.
    pub id: String,
    /// Persons.
    pub per: usize,
    /// Organisations.
    pub org: usize,
    /// Places.
    pub loc: usize,
    /// Attributions other than accusations.
    pub quotes: usize,
    /// Accusations.
    pub accusations: usize,
}

impl Summary {
    /// Counts what `doc` holds.
    pub fn new(id: &str, doc: &Document<'_>) -> Summary {
        let count = |l: Label| doc.entities.iter().filter(|e| e.label == l).count();
        let accusations = doc
            .attributions
            .iter()
            .filter(|a| a.kind == Kind::Accusation)
            .count();
        Summary {
            id: id.to_string(),
            per: count(Label::Per),
            org: count(Label::Org),
            loc: count(Label::Loc),
            quotes: doc.attributions.len() - accusations,
            accusations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_are_relative() {
        assert_eq!(relative_href("a.html", "b.html"), "b.html");
        assert_eq!(relative_href("x/a.html", "x/b.html"), "b.html");
        assert_eq!(relative_href("x/a.html", "b.html"), "../b.html");
        assert_eq!(relative_href("a.html", "y/b.html"), "y/b.html");
        assert_eq!(relative_href("x/z/a.html", "x/y/b.html"), "../y/b.html");
    }
}
