//! `quidit eval GOLD [--pred DIR]`: the scores of `ANNOTATION.md` (the same figures as
//! `eval/score.py` on the same files), then the errors behind them, with their context and
//! the list entry or rule responsible.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use quidit::eval::{self, Frags, Scored, Totals, brat, conll};
use quidit::export::{self, Head};
use serde::Serialize;

use crate::cli::source::SourceArgs;

/// Shown after `quidit eval --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit eval gold/sequoia                                    tag the gold texts, score, list errors
  quidit eval gold/sequoia --only 'estrep-*'                  only the documents whose name matches
  quidit eval GOLD --pred OUT/                                score brat predictions already made
  quidit eval GOLD --json > scores.json                       the scorer's JSON keys, plus \"errors\"

GOLD holds brat (NAME.txt + NAME.ann, searched recursively) or CoNLL/IOB2 files (*.conll,
*.iob, *.iob2, *.bio: token first, tag last; the text is rebuilt with one space between tokens).
A prediction is OUT/<same relative path>.ann, else the only <basename>.ann under OUT.
Errors are grouped by kind (missed, spurious, boundary, label, source, target), at most
--max-errors a group in the text report (all of them in --json).
Exit codes: 0 scored, 2 bad usage or unreadable gold.";

/// Arguments of `quidit eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The gold folder.
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    /// Read brat predictions from DIR instead of tagging the gold texts.
    #[arg(long, value_name = "DIR")]
    pred: Option<PathBuf>,
    /// Score only the documents whose name (relative path, or base name) matches PATTERN.
    #[arg(long, value_name = "PATTERN")]
    only: Option<String>,
    /// One JSON object: the scorer's keys, and `errors`.
    #[arg(long)]
    json: bool,
    /// At most N errors of each kind in the text report.
    #[arg(long, value_name = "N", default_value_t = 25)]
    max_errors: usize,
    #[command(flatten)]
    sources: SourceArgs,
}

/// A gold document: its name, text and annotations.
struct GoldDoc {
    name: String,
    /// The text to tag (as read, BOM kept, as `quidit tag` would read it).
    raw: String,
    text: Option<String>,
    ann: brat::AnnDoc,
}

/// One error, for people and for scripts.
#[derive(Serialize, Debug)]
struct ErrorItem {
    /// entity, quote or charge.
    what: &'static str,
    /// missed, spurious, boundary, label, source, target.
    kind: &'static str,
    doc: String,
    /// The gold label or kind (entities: PER/ORG/LOC).
    label: String,
    gold: Option<String>,
    pred: Option<String>,
    /// The list entry or rule behind the prediction, when known.
    responsible: Option<String>,
    context: String,
}

fn relative_names(root: &Path, ext: &str) -> Vec<String> {
    let files = crate::cli::files::with_extension(root, ext)
        .map(|f| f.noted("quidit eval"))
        .unwrap_or_default();
    files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p).with_extension("");
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

fn selected(name: &str, only: &Option<String>) -> bool {
    only.as_ref()
        .is_none_or(|p| glob(p, name) || glob(p, name.rsplit('/').next().unwrap_or(name)))
}

/// Shell-style pattern matching (`*`, `?`, `[…]` as literal), as the scorer's `--only`.
fn glob(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn read_gold(
    root: &Path,
    only: &Option<String>,
    warn: &mut dyn FnMut(String, String),
) -> Vec<GoldDoc> {
    let mut docs = Vec::new();
    for name in relative_names(root, "ann") {
        if !selected(&name, only) {
            continue;
        }
        let base = root.join(&name);
        let txt = base.with_extension("txt");
        let ann_path = base.with_extension("ann");
        let (raw, text) = match fs::read(&txt) {
            Ok(bytes) => match brat::read_text(&bytes) {
                Ok(t) => (String::from_utf8_lossy(&bytes).into_owned(), Some(t)),
                Err(e) => {
                    warn(txt.display().to_string(), format!("cannot read: {e}"));
                    (String::new(), None)
                }
            },
            Err(_) => {
                warn(
                    ann_path.display().to_string(),
                    "no .txt beside the gold .ann; span texts not checked".into(),
                );
                (String::new(), None)
            }
        };
        let content = fs::read(&ann_path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| {
                warn(ann_path.display().to_string(), "cannot read".into());
                String::new()
            });
        let ann = brat::parse_ann(
            &ann_path.display().to_string(),
            &content,
            text.as_deref(),
            warn,
        );
        docs.push(GoldDoc {
            name,
            raw,
            text,
            ann,
        });
    }
    for ext in conll::EXTENSIONS {
        for name in relative_names(root, ext) {
            if !selected(&name, only) {
                continue;
            }
            let path = root.join(format!("{name}.{ext}"));
            let Ok(content) = fs::read_to_string(&path) else {
                warn(path.display().to_string(), "cannot read as UTF-8".into());
                continue;
            };
            let (text, ann) = conll::read(&content);
            docs.push(GoldDoc {
                name,
                raw: text.clone(),
                text: Some(text),
                ann,
            });
        }
    }
    docs
}

/// Runs `quidit eval`.
pub fn run(args: EvalArgs) -> ExitCode {
    if !args.gold.is_dir() {
        eprintln!("quidit: error: {}: not a directory", args.gold.display());
        return ExitCode::from(2);
    }
    if let Some(p) = &args.pred {
        if !p.is_dir() {
            eprintln!("quidit: error: {}: not a directory", p.display());
            return ExitCode::from(2);
        }
    }
    let mut warnings = 0usize;
    let mut warn = |where_: String, message: String| {
        warnings += 1;
        eprintln!("warning: {where_}: {message}");
    };
    let gold_docs = read_gold(&args.gold, &args.only, &mut warn);
    if gold_docs.is_empty() {
        // Scores over nothing would print a table of n/a and exit 0: a wrong folder, not
        // an evaluation.
        eprintln!(
            "quidit: error: {}: no gold document (brat .txt/.ann pairs or CoNLL files)",
            args.gold.display()
        );
        return ExitCode::from(2);
    }
    let tagger = match &args.pred {
        Some(_) => None,
        None => match args.sources.tagger() {
            Ok(t) => Some(t),
            Err(code) => return code,
        },
    };
    let pred_names: Vec<String> = args
        .pred
        .as_ref()
        .map(|p| relative_names(p, "ann"))
        .unwrap_or_default();
    let mut by_base: HashMap<&str, Vec<&str>> = HashMap::new();
    for n in &pred_names {
        by_base
            .entry(n.rsplit('/').next().unwrap_or(n))
            .or_default()
            .push(n);
    }
    let mut used = Vec::new();
    let mut totals = Totals::default();
    let mut docs = eval::DocCounts::default();
    let mut errors = Vec::new();
    let mut scratch = quidit::Scratch::default();
    for g in &gold_docs {
        let gold = eval::build(&g.ann, &g.name, &mut warn);
        // The prediction's annotations, and who made each (entity or content span → provenance).
        let mut made_by: HashMap<(String, usize, usize), String> = HashMap::new();
        let pred_ann = if let Some(tagger) = &tagger {
            docs.with_prediction += 1;
            let doc = tagger.tag_with(&g.raw, &mut scratch);
            let Ok(brat) = export::render(export::Format::Brat, Head::Id(&g.name), 0, &g.raw, &doc)
            else {
                continue;
            };
            let ann = brat.file("ann").unwrap_or_default();
            for e in &doc.entities {
                made_by.insert(
                    (e.label.as_str().into(), e.span.char_start, e.span.char_end),
                    e.provenance.to_string(),
                );
            }
            for a in &doc.attributions {
                let start = a.content.iter().map(|s| s.char_start).min().unwrap_or(0);
                let end = a.content.iter().map(|s| s.char_end).max().unwrap_or(0);
                made_by.insert(("content".into(), start, end), format!("rule {}", a.rule));
            }
            let content = String::from_utf8_lossy(ann).into_owned();
            brat::parse_ann(
                &format!("{}.ann (tagged)", g.name),
                &content,
                g.text.as_deref(),
                &mut warn,
            )
        } else {
            let base = g.name.rsplit('/').next().unwrap_or(&g.name);
            let found = if pred_names.contains(&g.name) {
                Some(g.name.clone())
            } else {
                by_base
                    .get(base)
                    .filter(|v| v.len() == 1)
                    .map(|v| v[0].to_string())
            };
            match (found, &args.pred) {
                (Some(p), Some(dir)) => {
                    docs.with_prediction += 1;
                    used.push(p.clone());
                    let path = dir.join(format!("{p}.ann"));
                    let txt = dir.join(format!("{p}.txt"));
                    let mut text = g.text.clone();
                    if let Ok(bytes) = fs::read(&txt) {
                        match brat::read_text(&bytes) {
                            Ok(t) => {
                                if g.text.as_ref().is_some_and(|gt| *gt != t) {
                                    warn(
                                        txt.display().to_string(),
                                        "prediction text differs from the gold text".into(),
                                    );
                                }
                                text = Some(t);
                            }
                            Err(e) => warn(txt.display().to_string(), format!("cannot read: {e}")),
                        }
                    }
                    let content = fs::read(&path)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    brat::parse_ann(
                        &path.display().to_string(),
                        &content,
                        text.as_deref(),
                        &mut warn,
                    )
                }
                _ => brat::AnnDoc {
                    text: g.text.as_ref().map(|t| t.chars().collect()),
                    ..Default::default()
                },
            }
        };
        let pred = eval::build(&pred_ann, &g.name, &mut warn);
        let m = eval::score_document(&gold, &pred, &mut totals);
        let text: Vec<char> = g.text.as_deref().unwrap_or("").chars().collect();
        list_errors(g, &text, &gold, &pred, &m, &made_by, &mut errors);
    }
    docs.gold = gold_docs.len();
    docs.without_prediction = docs.gold - docs.with_prediction.min(docs.gold);
    let unmatched = pred_names
        .iter()
        .filter(|n| !used.contains(n) && selected(n, &args.only))
        .count();
    if unmatched > 0 {
        warn(
            args.pred
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string()),
            format!("{unmatched} prediction file(s) without a gold document"),
        );
    }
    docs.unmatched_predictions = unmatched;
    let scores = eval::Scores::new(docs, warnings, &totals);
    if args.json {
        let mut value = serde_json::to_value(&scores).unwrap_or_default();
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "errors".into(),
                serde_json::to_value(&errors).unwrap_or_default(),
            );
        }
        outln!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        outln!("{}", scores.report());
        print_errors(&errors, args.max_errors);
    }
    ExitCode::SUCCESS
}

/// Forty characters of context either side, the span in brackets, on one line.
fn context(text: &[char], frags: &Frags) -> String {
    let (s, e) = eval::extent(frags);
    let (s, e) = (s.min(text.len()), e.min(text.len()));
    let before: String = text[s.saturating_sub(40)..s].iter().collect();
    let inner: String = text[s..e].iter().collect();
    let after: String = text[e..(e + 40).min(text.len())].iter().collect();
    format!("…{before}[{inner}]{after}…").replace(['\n', '\r', '\t'], " ")
}

fn span_text(text: &[char], frags: &Frags) -> String {
    frags
        .iter()
        .map(|&(s, e)| {
            text[s.min(text.len())..e.min(text.len())]
                .iter()
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" … ")
}

fn list_errors(
    g: &GoldDoc,
    text: &[char],
    gold: &Scored,
    pred: &Scored,
    m: &eval::Matching,
    made_by: &HashMap<(String, usize, usize), String>,
    out: &mut Vec<ErrorItem>,
) {
    let who = |label: &str, frags: &Frags| {
        let (s, e) = eval::extent(frags);
        made_by.get(&(label.to_string(), s, e)).cloned()
    };
    let labels = eval::ENTITY_LABELS;
    for (l, label) in labels.iter().enumerate() {
        for (gi, gf) in gold.entities[l].iter().enumerate() {
            if m.strict_gold[l].contains(&gi) {
                continue;
            }
            // The prediction closest to it: the same span under another label, else any overlap.
            let mut best: Option<(usize, &Frags)> = None;
            for (pl, spans) in pred.entities.iter().enumerate() {
                for pf in spans {
                    let shared = eval::overlap(gf, pf);
                    let same = pf == gf;
                    if same || shared > 0 && best.is_none_or(|(b, _)| b != l && pl == l) {
                        best = Some((pl, pf));
                        if same {
                            break;
                        }
                    }
                }
            }
            let (kind, pred_text, responsible) = match best {
                Some((pl, pf)) => (
                    if pl == l { "boundary" } else { "label" },
                    Some(format!("{} {}", labels[pl], span_text(text, pf))),
                    who(labels[pl], pf),
                ),
                None => ("missed", None, None),
            };
            out.push(ErrorItem {
                what: "entity",
                kind,
                doc: g.name.clone(),
                label: label.to_string(),
                gold: Some(span_text(text, gf)),
                pred: pred_text,
                responsible,
                context: context(text, gf),
            });
        }
        for (pi, pf) in pred.entities[l].iter().enumerate() {
            let overlaps_gold = gold
                .entities
                .iter()
                .any(|spans| spans.iter().any(|gf| eval::overlap(gf, pf) > 0));
            if m.strict_pred[l].contains(&pi) || overlaps_gold {
                continue;
            }
            out.push(ErrorItem {
                what: "entity",
                kind: "spurious",
                doc: g.name.clone(),
                label: label.to_string(),
                gold: None,
                pred: Some(span_text(text, pf)),
                responsible: who(label, pf),
                context: context(text, pf),
            });
        }
    }
    for (f, family) in eval::FAMILIES.iter().enumerate() {
        let (ga, pa) = (&gold.attributions[f], &pred.attributions[f]);
        let matched_g: Vec<usize> = m.pairs[f].iter().map(|p| p.0).collect();
        let matched_p: Vec<usize> = m.pairs[f].iter().map(|p| p.1).collect();
        let names = |roles: &[eval::Role]| {
            let v: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
            (!v.is_empty()).then(|| v.join(" / "))
        };
        let item = |kind, a: &eval::Attribution, gold_text, pred_text, responsible| ErrorItem {
            what: family,
            kind,
            doc: g.name.clone(),
            label: a.kind.clone().unwrap_or_default(),
            gold: gold_text,
            pred: pred_text,
            responsible,
            context: context(text, &a.frags),
        };
        for (gi, a) in ga.iter().enumerate() {
            if !matched_g.contains(&gi) {
                let src = names(&a.sources)
                    .map(|s| format!(" (source {s})"))
                    .unwrap_or_default();
                out.push(item(
                    "missed",
                    a,
                    Some(format!("{}{src}", span_text(text, &a.frags))),
                    None,
                    None,
                ));
            }
        }
        for (pi, a) in pa.iter().enumerate() {
            if !matched_p.contains(&pi) {
                out.push(item(
                    "spurious",
                    a,
                    None,
                    Some(span_text(text, &a.frags)),
                    who("content", &a.frags),
                ));
            }
        }
        for &(gi, pi, source, target) in &m.pairs[f] {
            let (g_a, p_a) = (&ga[gi], &pa[pi]);
            if !source {
                out.push(item(
                    "source",
                    g_a,
                    names(&g_a.sources).or(Some("(none)".into())),
                    names(&p_a.sources).or(Some("(none)".into())),
                    who("content", &p_a.frags),
                ));
            }
            if !target {
                out.push(item(
                    "target",
                    g_a,
                    names(&g_a.targets).or(Some("(none)".into())),
                    names(&p_a.targets).or(Some("(none)".into())),
                    who("content", &p_a.frags),
                ));
            }
        }
    }
}

fn print_errors(errors: &[ErrorItem], max: usize) {
    let groups: [(&str, &str, &str); 11] = [
        (
            "entity",
            "missed",
            "entities in the gold that nothing predicted",
        ),
        ("entity", "boundary", "entities predicted with other limits"),
        ("entity", "label", "entities predicted under another label"),
        (
            "entity",
            "spurious",
            "predicted entities that overlap no gold entity",
        ),
        ("quote", "missed", "quotes in the gold that no rule found"),
        (
            "quote",
            "spurious",
            "quotes found that the gold does not have",
        ),
        ("quote", "source", "quotes found with a wrong source"),
        ("charge", "missed", "charges in the gold that no rule found"),
        (
            "charge",
            "spurious",
            "charges found that the gold does not have",
        ),
        ("charge", "source", "charges found with a wrong source"),
        ("charge", "target", "charges found with a wrong target"),
    ];
    outln!("\nERRORS");
    for (what, kind, title) in groups {
        let items: Vec<&ErrorItem> = errors
            .iter()
            .filter(|e| e.what == what && e.kind == kind)
            .collect();
        if items.is_empty() {
            continue;
        }
        outln!("\n== {what} {kind} ({}): {title}", items.len());
        for e in items.iter().take(max) {
            let mut line = format!("{}  {}", e.doc, e.label);
            if let Some(gold) = &e.gold {
                line.push_str(&format!("  gold: {gold}"));
            }
            if let Some(pred) = &e.pred {
                line.push_str(&format!("  predicted: {pred}"));
            }
            line.push_str(&format!(
                "  [{}]",
                e.responsible.as_deref().unwrap_or("no entry or rule")
            ));
            outln!("{line}\n    {}", e.context);
        }
        if items.len() > max {
            outln!(
                "  (… {} more; --max-errors or --json for all)",
                items.len() - max
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_follows_the_scorer() {
        assert!(glob("estrep-*", "estrep-12"));
        assert!(!glob("estrep-*", "emea-1"));
        assert!(glob("a?c*", "abcdef"));
    }
}
