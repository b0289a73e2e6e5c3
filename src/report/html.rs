//! The report's page, `index.html`: a minimal placeholder (counts and tables, no chart),
//! self-contained. The templated page with charts replaces [`render_index`] and keeps its
//! signature: it renders from the [`Summary`] alone.

use std::fmt::Write;

use super::summary::{GenderCounts, Speaker, Summary};

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn share(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1} %", 100.0 * x))
}

fn gender_row(out: &mut String, what: &str, g: &GenderCounts) {
    let _ = writeln!(
        out,
        "<tr><td>{what}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        g.female,
        g.male,
        g.unknown,
        share(g.female_share_of_known),
        share(g.unknown_share)
    );
}

fn speakers(out: &mut String, title: &str, list: &[Speaker]) {
    let _ = writeln!(
        out,
        "<h2>{}</h2><table><tr><th>name</th><th>quotes</th><th>documents</th><th>gender</th>\
         <th>evidence</th><th>example</th></tr>",
        esc(title)
    );
    for s in list {
        let example = s.examples.first().map_or(String::new(), |e| {
            format!("{}: {}", esc(&e.document), esc(&e.excerpt))
        });
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{example}</td></tr>",
            esc(&s.name),
            s.quotes.total,
            s.documents,
            s.gender.as_str(),
            s.evidence.as_str()
        );
    }
    out.push_str("</table>\n");
}

/// The page of a report, from its summary alone.
pub fn render_index(summary: &Summary) -> String {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>quidit report</title><style>body{font-family:sans-serif;margin:2em}\
         table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>\
         </head><body>\n<h1>Who speaks</h1>\n",
    );
    let a = &summary.attributions;
    let _ = writeln!(
        out,
        "<p>{} documents ({} failed), {} attributions: {} direct, {} indirect, {} mixed, \
         {} according to, {} accusations; {} with no identified source.</p>",
        summary.documents,
        summary.failed,
        a.total,
        a.direct,
        a.indirect,
        a.mixed,
        a.according,
        a.accusation,
        summary.unidentified_sources
    );
    out.push_str(
        "<h2>Women among quoted persons</h2><table><tr><th></th><th>female</th><th>male</th>\
         <th>unknown</th><th>women / known</th><th>unknown share</th></tr>\n",
    );
    gender_row(&mut out, "persons", &summary.gender.persons);
    gender_row(&mut out, "quotes", &summary.gender.quotes);
    out.push_str("</table>\n");
    if let Some(by) = &summary.by {
        let _ = writeln!(
            out,
            "<h2>By {}</h2><table><tr><th>value</th><th>documents</th><th>women (quotes)</th>\
             <th>men (quotes)</th><th>unknown (quotes)</th><th>women / known</th></tr>",
            esc(&by.field)
        );
        for g in &by.groups {
            let q = &g.gender.quotes;
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.value),
                g.documents,
                q.female,
                q.male,
                q.unknown,
                share(q.female_share_of_known)
            );
        }
        out.push_str("</table>\n");
    }
    speakers(&mut out, "Persons quoted most", &summary.persons);
    speakers(
        &mut out,
        "Organisations quoted most",
        &summary.organisations,
    );
    out.push_str(
        "<h2>Who accuses whom</h2><table><tr><th>source</th><th>target</th><th>count</th></tr>\n",
    );
    for p in &summary.accusations {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.source.name),
            esc(&p.target.name),
            p.count
        );
    }
    out.push_str("</table>\n</body></html>\n");
    out
}
