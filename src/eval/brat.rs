//! A brat standoff reader for scoring, reading `.ann` files exactly as `eval/score.py` does
//! (the same lines skipped, with the same warnings), so that `quidit eval` and the scorer give
//! the same figures on the same files.

use std::collections::HashMap;

/// A text-bound annotation (`T` line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBound {
    /// Its id (`T3`).
    pub id: String,
    /// Its label (`PER`, `Quote`, `Cue`…).
    pub label: String,
    /// Its fragments in code points, sorted.
    pub frags: Vec<(usize, usize)>,
    /// The text field of the line, if any.
    pub ann_text: Option<String>,
    /// Its 1-based line in the `.ann` file.
    pub line: usize,
}

/// One parsed `.ann` file and the text of its document.
#[derive(Clone, Debug, Default)]
pub struct AnnDoc {
    /// The document text as code points (BOM dropped), when known.
    pub text: Option<Vec<char>>,
    /// Text-bound annotations in file order.
    pub tbs: Vec<TextBound>,
    /// Id → index in `tbs`.
    pub index: HashMap<String, usize>,
    /// Attributes: (name, target id, value).
    pub attrs: Vec<(String, String, Option<String>)>,
    /// Relations: (type, arg1 id, arg2 id).
    pub rels: Vec<(String, String, String)>,
}

impl AnnDoc {
    /// The annotation with id `id`.
    pub fn get(&self, id: &str) -> Option<&TextBound> {
        self.index.get(id).map(|&i| &self.tbs[i])
    }

    /// The text of a span's fragments, joined by a space (its `.ann` text when the document
    /// text is unknown).
    pub fn span_text(&self, tb: &TextBound) -> String {
        match &self.text {
            Some(text) => tb
                .frags
                .iter()
                .map(|&(s, e)| text[s.min(text.len())..e.min(text.len())].iter().collect())
                .collect::<Vec<String>>()
                .join(" "),
            None => tb.ann_text.clone().unwrap_or_default(),
        }
    }
}

/// The text of a `.txt` file as the scorer reads it: UTF-8, a leading BOM dropped.
pub fn read_text(bytes: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string())
}

fn flat(s: &str) -> String {
    s.replace(['\r', '\n', '\t'], " ")
}

/// Python's `str.strip()`: white space at both ends.
fn strip(s: &str) -> &str {
    s.trim_matches(char::is_whitespace)
}

/// Parses the `.ann` text `content` of the document `text`; every problem is passed to
/// `warn` as (`file:line`, message) and the line skipped, as the scorer does.
pub fn parse_ann(
    name: &str,
    content: &str,
    text: Option<&str>,
    warn: &mut dyn FnMut(String, String),
) -> AnnDoc {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    let mut doc = AnnDoc {
        text: text.map(|t| t.chars().collect()),
        ..AnnDoc::default()
    };
    for (n, raw) in content.split('\n').enumerate() {
        let lineno = n + 1;
        let line = raw.trim_end_matches('\r');
        let where_ = format!("{name}:{lineno}");
        let Some(kind) = line.chars().next() else {
            continue;
        };
        if strip(line).is_empty() || "#EN*".contains(kind) {
            continue;
        }
        match kind {
            'T' => parse_tb(&mut doc, line, lineno, &where_, warn),
            'A' | 'M' => {
                let parts: Vec<&str> = line.split('\t').collect();
                let fields: Vec<&str> = parts
                    .get(1)
                    .map_or(Vec::new(), |p| p.split_whitespace().collect());
                if fields.len() < 2 {
                    warn(where_, "malformed attribute line, skipped".into());
                    continue;
                }
                doc.attrs.push((
                    fields[0].to_string(),
                    fields[1].to_string(),
                    fields.get(2).map(|v| v.to_string()),
                ));
            }
            'R' => {
                let parts: Vec<&str> = line.split('\t').collect();
                let fields: Vec<&str> = parts
                    .get(1)
                    .map_or(Vec::new(), |p| p.split_whitespace().collect());
                if fields.len() < 3 {
                    warn(where_, "malformed relation line, skipped".into());
                    continue;
                }
                let mut args: HashMap<&str, &str> = HashMap::new();
                let mut order = Vec::new();
                let mut bad = None;
                for field in &fields[1..] {
                    match field.split_once(':') {
                        Some((key, val)) if !val.is_empty() => {
                            args.insert(key, val);
                            order.push(val);
                        }
                        _ => {
                            bad = Some(*field);
                            break;
                        }
                    }
                }
                if let Some(field) = bad {
                    warn(
                        where_,
                        format!("malformed relation argument {field:?}, skipped"),
                    );
                    continue;
                }
                let arg1 = args.get("Arg1").copied().unwrap_or(order[0]);
                let Some(arg2) = args.get("Arg2").copied().or(order.get(1).copied()) else {
                    warn(where_, "relation needs two arguments, skipped".into());
                    continue;
                };
                doc.rels
                    .push((fields[0].to_string(), arg1.to_string(), arg2.to_string()));
            }
            _ => warn(where_, format!("unknown line type {kind:?}, skipped")),
        }
    }
    doc
}

fn parse_frags(spec: &str) -> Option<Vec<(usize, usize)>> {
    let mut frags = Vec::new();
    for part in spec.split(';') {
        let part = strip(part);
        let (a, b) = part.split_once(' ')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if !digits(a) || !digits(b) {
            return None;
        }
        frags.push((a.parse().ok()?, b.parse().ok()?));
    }
    frags.sort();
    Some(frags)
}

fn parse_tb(
    doc: &mut AnnDoc,
    line: &str,
    lineno: usize,
    where_: &str,
    warn: &mut dyn FnMut(String, String),
) {
    let parts: Vec<&str> = line.split('\t').collect();
    if parts.len() < 2 || parts[0].len() <= 1 {
        warn(
            where_.into(),
            "malformed T line (expected 'Tn<TAB>LABEL START END<TAB>TEXT'), skipped".into(),
        );
        return;
    }
    let id = strip(parts[0]).to_string();
    let field = strip(parts[1]);
    let (label, spec) = field.split_once(' ').unwrap_or((field, ""));
    let frags = if spec.is_empty() {
        None
    } else {
        parse_frags(spec)
    };
    let (Some(frags), false) = (frags, label.is_empty()) else {
        warn(
            where_.into(),
            format!("malformed span {:?}, skipped", parts[1]),
        );
        return;
    };
    for &(s, e) in &frags {
        if s >= e {
            warn(
                where_.into(),
                format!("empty or reversed span {s} {e}, skipped"),
            );
            return;
        }
        if let Some(text) = &doc.text {
            if e > text.len() {
                warn(
                    where_.into(),
                    format!(
                        "span {s} {e} ends after the text ({} code points), skipped",
                        text.len()
                    ),
                );
                return;
            }
        }
    }
    if doc.index.contains_key(&id) {
        warn(where_.into(), format!("duplicate id {id}, skipped"));
        return;
    }
    let mut extra: Vec<&str> = parts.get(3..).map_or(Vec::new(), <[&str]>::to_vec);
    if !extra.is_empty() && extra.iter().all(|x| x.is_empty()) {
        extra.clear();
    }
    let ann_text = (parts.len() > 2).then(|| {
        let mut all = vec![parts[2]];
        all.extend(extra);
        all.join("\t")
    });
    let tb = TextBound {
        id: id.clone(),
        label: label.to_string(),
        frags,
        ann_text,
        line: lineno,
    };
    if let (Some(_), Some(ann)) = (&doc.text, &tb.ann_text) {
        let expected = doc.span_text(&tb);
        if flat(&expected) != flat(ann) {
            warn(
                where_.into(),
                format!("span text {ann:?} differs from the text at {spec}: {expected:?}"),
            );
        }
    }
    doc.index.insert(id, doc.tbs.len());
    doc.tbs.push(tb);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_skips_bad_ones_with_a_warning() {
        let text = "Selon l'OSDH, à Idlib.";
        let ann = "T1\tORG 8 12\tOSDH\nT2\tLOC 16 21\tIdlib\nT3\tLOC 5 5\tx\nT1\tPER 0 1\tS\n\
                   A1\tKind T9 direct\nR1\tSource Arg1:T1 Arg2:T2\nR2\tCue T1\n#note\nX\n";
        let mut warnings = Vec::new();
        let doc = parse_ann("a.ann", ann, Some(text), &mut |w, m| {
            warnings.push(format!("{w}: {m}"))
        });
        assert_eq!(doc.tbs.len(), 2);
        assert_eq!(doc.tbs[1].frags, [(16, 21)]);
        assert_eq!(doc.attrs.len(), 1);
        assert_eq!(doc.rels, [("Source".into(), "T1".into(), "T2".into())]);
        assert_eq!(warnings.len(), 4, "{warnings:#?}");
        assert!(warnings[0].starts_with("a.ann:3: empty or reversed"));
    }
}
