//! HTML: a page a document to read what quidit found, and an index page with counts. Each
//! page is self-contained: its style is inline, it loads nothing and runs no script.
//!
//! Entities are coloured by label; each content is highlighted with its kind (a charge in
//! red) and numbered, its cue framed and its source or target underlined; hovering any of
//! them shows its provenance (gazetteer `file:line` or rule), the entity's canonical form and
//! Wikidata id, the identity of an entity or a mention about one, and the attribution's roles. Under the text, a table lists every
//! attribution with its source (and the entity a pronoun refers to), cue, content and rule,
//! and another every accusation with accuser, accused and charge.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::model::{MarkType, Model};
use crate::document::{Document, Kind, Label};

/// Escapes text for HTML content and attribute values (XML's rules serve: a line break as
/// a character reference is still a line break, in the text and in a tooltip).
fn esc(s: &str) -> String {
    super::xmi::escape(s)
}

fn style() -> String {
    let mut css = String::from(
        "body{font:16px/1.5 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}\
         .text{white-space:pre-wrap;line-height:2.1;border:1px solid #ccc;padding:1em;border-radius:6px}\
         .m{border-radius:3px;padding:1px 0}\
         .k-Quote{background:#fff6bf;border-bottom:2px solid #d4b000}\
         .k-Charge{background:#ffe0e0;border-bottom:2px solid #d03030}\
         .k-Cue{outline:2px solid #8a5cd6;background:none}\
         .k-Mention{border-bottom:2px dotted #555;background:none}\
         .role-source{text-decoration:underline 2px #1f5fbf}\
         .role-target{text-decoration:underline 2px #c0392b}\
         .n{font-size:70%;vertical-align:super;color:#555;font-weight:bold}\
         .m:hover{filter:brightness(.9)}\
         table{border-collapse:collapse;margin:1em 0;width:100%}\
         td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\
         th{background:#f3f3f3}.legend span{margin-right:.8em;padding:0 .3em}\
         .num{text-align:right}",
    );
    for t in [
        MarkType::Entity(crate::document::Label::Per),
        MarkType::Entity(crate::document::Label::Org),
        MarkType::Entity(crate::document::Label::Loc),
    ] {
        let _ = write!(
            css,
            ".k-{}{{background:{}}}",
            t.name(),
            super::brat::colour(t)
        );
    }
    css
}

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        esc(title),
        style()
    )
}

/// One mark's fragment, to be written as an element.
#[derive(Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    mark: usize,
    /// Whether this fragment is the mark's first (which carries the attribution numbers).
    first: bool,
}

/// The page of one document, whose id is `id`; `index` is the relative link to the index.
pub fn page(id: &str, index: &str, text: &str, doc: &Document<'_>) -> String {
    let model = Model::new(doc);
    let slice = |m: usize| -> String {
        model.marks[m]
            .fragments
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect::<Vec<_>>()
            .join(" … ")
    };
    // What hovering each mark says, and the attribution numbers of each content.
    let mut info: Vec<Vec<String>> = model
        .marks
        .iter()
        .map(|m| {
            let mut lines = vec![m.ty.name().to_string()];
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
    let mut numbers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut role: Vec<Option<&str>> = vec![None; model.marks.len()];
    for (n, a) in model.attributions.iter().enumerate() {
        let n = n + 1;
        numbers.entry(a.content).or_default().push(n);
        info[a.content].push(format!("[{n}] {}", a.kind.as_str()));
        let who = |m: Option<usize>, r: Option<usize>| match (m, r) {
            (Some(m), Some(r)) => format!("{} → {}", slice(m), slice(r)),
            (Some(m), None) => slice(m),
            _ => "—".into(),
        };
        info[a.content].push(format!("  source : {}", who(a.source, a.resolved_source)));
        if let Some(c) = a.cue {
            info[a.content].push(format!("  indice : {}", slice(c)));
            info[c].push(format!("indice de [{n}]"));
        }
        if a.kind == Kind::Accusation {
            info[a.content].push(format!("  cible : {}", who(a.target, a.resolved_target)));
        }
        if let Some(s) = a.source {
            info[s].push(format!("source de [{n}]"));
            role[s].get_or_insert("source");
        }
        if let Some(t) = a.target {
            info[t].push(format!("cible de [{n}]"));
            role[t].get_or_insert("target");
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
    let open = |i: &Item, out: &mut String| {
        let mark = &model.marks[i.mark];
        let mut class = format!("m k-{}", mark.ty.name());
        if let Some(r) = role[i.mark] {
            let _ = write!(class, " role-{r}");
        }
        let _ = write!(
            out,
            "<span class=\"{class}\" title=\"{}\">",
            esc(&info[i.mark].join("\n"))
        );
        if i.first
            && let Some(ns) = numbers.get(&i.mark)
        {
            let ns: Vec<String> = ns.iter().map(usize::to_string).collect();
            let _ = write!(out, "<span class=\"n\">[{}]</span>", ns.join(","));
        }
    };
    let mut body = String::with_capacity(text.len() * 3);
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
                body.push_str("</span>");
            }
            stack.truncate(lowest);
            for i in reopen {
                open(
                    &Item {
                        first: false,
                        ..items[i]
                    },
                    &mut body,
                );
                stack.push(i);
            }
        }
        while next_item < items.len() && items[next_item].start == at {
            open(&items[next_item], &mut body);
            stack.push(next_item);
            next_item += 1;
        }
        if let Some(&to) = bounds.get(b + 1) {
            body.push_str(&esc(&text[at..to]));
        }
    }
    for _ in &stack {
        body.push_str("</span>");
    }
    let mut out = head(id);
    let _ = write!(
        out,
        "<p><a href=\"{}\">← index</a></p>\n<h1>{}</h1>\n",
        esc(index),
        esc(id)
    );
    out.push_str("<p class=\"legend\">");
    for t in MarkType::ALL {
        let _ = write!(out, "<span class=\"m k-{0}\">{0}</span>", t.name());
    }
    out.push_str("</p>\n");
    let _ = writeln!(out, "<div class=\"text\">{body}</div>");
    out.push_str("<h2>Citations et propos rapportés</h2>\n<table>\n<tr><th>#</th><th>type</th><th>source</th><th>indice</th><th>contenu</th><th>règle</th></tr>\n");
    let cell = |m: Option<usize>| m.map_or("—".to_string(), |m| esc(&slice(m)));
    let who = |m: Option<usize>, r: Option<usize>| match (m, r) {
        (Some(_), Some(r)) => format!("{} → {}", cell(m), cell(Some(r))),
        _ => cell(m),
    };
    for (n, a) in model.attributions.iter().enumerate() {
        if a.kind == Kind::Accusation {
            continue;
        }
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n + 1,
            a.kind.as_str(),
            who(a.source, a.resolved_source),
            cell(a.cue),
            cell(Some(a.content)),
            esc(&a.rule)
        );
    }
    out.push_str("</table>\n<h2>Accusations</h2>\n<table>\n<tr><th>#</th><th>accusateur</th><th>indice</th><th>accusé</th><th>grief</th><th>règle</th></tr>\n");
    for (n, a) in model.attributions.iter().enumerate() {
        if a.kind != Kind::Accusation {
            continue;
        }
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n + 1,
            who(a.source, a.resolved_source),
            cell(a.cue),
            who(a.target, a.resolved_target),
            cell(Some(a.content)),
            esc(&a.rule)
        );
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

/// The index page: one row a document with its counts, and the totals.
pub fn index(docs: &[(String, Summary)]) -> String {
    let mut out = head("quidit — index");
    out.push_str("<h1>quidit</h1>\n<table>\n<tr><th>document</th><th>PER</th><th>ORG</th><th>LOC</th><th>citations</th><th>accusations</th></tr>\n");
    let mut total = Summary::default();
    for (href, s) in docs {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(href),
            esc(&s.id),
            s.per,
            s.org,
            s.loc,
            s.quotes,
            s.accusations
        );
        total.per += s.per;
        total.org += s.org;
        total.loc += s.loc;
        total.quotes += s.quotes;
        total.accusations += s.accusations;
    }
    let _ = writeln!(
        out,
        "<tr><th>{} documents</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        docs.len(),
        total.per,
        total.org,
        total.loc,
        total.quotes,
        total.accusations
    );
    out.push_str("</table>\n</body>\n</html>\n");
    out
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
