//! `quidit explain INPUT…`: every annotation of a text with the list entry or rule that made
//! it and the words it matched, as a report for people or as JSON Lines.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use crate::cli::documents;
use crate::cli::source::{JsonlArgs, SourceArgs};

/// Shown after `quidit explain --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit explain examples/depeche.txt
  quidit explain --format json corpus/ > why.jsonl       every *.txt below corpus/
  quidit explain --jsonl --text-field text news.jsonl   JSON Lines inputs, as for `tag`

Each entity is shown with its index, its gazetteer file and line, or its rule, and its
identity (with the link that brought it in: same name, Wikidata id, acronym, surname); then
the identities, each with its name; then each attribution with its rule, the words the rule
matched, and its roles (with the entity and identity a source or target is about).

With --syntax, each sentence is shown as its words with their parts of speech
(`Le/DET ministre/NOUN l'/PRON accuse/V:F`, the format of tests/data/syntax/pos.txt), then
its noun phrases (SN) and noun chunks (GN), the units the rules name. With --all, each
rule candidate lost in a conflict is listed with its roles, under it the kept candidates
it overlaps (`kept RULE: …`).";

/// Arguments of `quidit explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Text files, or directories searched for *.txt (*.jsonl with --jsonl); `-` for
    /// standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: JsonlArgs,
    /// The report for people (`text`), or one JSON object a document (`json`: entities
    /// with their provenance and identity, identities, attributions with their rule and
    /// the words it matched).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Show the syntax instead: each sentence's words with their parts of speech
    /// (`word/TAG`), then its noun phrases (`SN`) and noun chunks (`GN`).
    #[arg(long)]
    syntax: bool,
    /// Also list every rule candidate lost in a conflict or dropped, with its roles and
    /// the kept candidates that overlap it.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    sources: SourceArgs,
}

/// How `explain` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// A report for people.
    Text,
    /// One JSON object a document, a line each.
    Json,
}

/// Runs `quidit explain`.
pub fn run(args: ExplainArgs) -> ExitCode {
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut scratch = quidit::Scratch::default();
    let (mut documents, mut failed) = (0usize, 0usize);
    // Each report is headed by its document's name unless there is only one document.
    let headed =
        args.input.jsonl || args.inputs.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
    let mut explain = |id: &str, text: &str| {
        let inspection = tagger.inspect(text, &mut scratch);
        match args.format {
            ExplainFormat::Json => outln!("{}", as_json(id, text, &inspection, args.syntax)),
            ExplainFormat::Text => {
                if documents > 0 {
                    outln!("");
                }
                if headed {
                    outln!("== {id}");
                }
                report(text, &inspection, &args);
            }
        }
        documents += 1;
    };
    for input in &args.inputs {
        failed += documents::read(input, &args.input, "quidit explain", &mut explain);
    }
    if documents == 0 && failed == 0 {
        eprintln!("quidit: error: no document to explain in the inputs given");
        return ExitCode::from(2);
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The report for people of one document.
fn report(text: &str, inspection: &quidit::Inspection<'_>, args: &ExplainArgs) {
    if args.syntax {
        syntax(text, inspection);
        return;
    }
    let doc = &inspection.document;
    let slice = |s: quidit::Span| &text[s.start..s.end];
    outln!("entities ({}):", doc.entities.len());
    for (i, e) in doc.entities.iter().enumerate() {
        let identity = doc
            .identities
            .membership(i)
            .map(|m| match m.reason {
                quidit::Reason::Own => format!("  identity {}", m.identity.0),
                r => format!("  identity {} ({})", m.identity.0, r.describe()),
            })
            .unwrap_or_default();
        outln!(
            "  {i:>3} {:<3} {:>6}..{:<6} {:<40} {}{identity}",
            e.label.as_str(),
            e.span.char_start,
            e.span.char_end,
            format!("{:?}", slice(e.span)),
            e.provenance
        );
    }
    outln!("identities ({}):", doc.identities.len());
    for i in doc.identities.iter() {
        let wikidata = i.wikidata.map(|q| format!(" {q}")).unwrap_or_default();
        outln!(
            "  {:>3} {:<3} {:?}{wikidata}, {} mention{}",
            i.id.0,
            i.label.as_str(),
            i.name,
            i.mentions,
            if i.mentions == 1 { "" } else { "s" }
        );
    }
    outln!("attributions ({}):", doc.attributions.len());
    for a in &doc.attributions {
        outln!("  {} by rule {}", a.kind.as_str(), a.rule);
        outln!("    matched  {:?}", slice(a.matched));
        let content: Vec<&str> = a.content.iter().map(|s| slice(*s)).collect();
        outln!("    content  {:?}", content.join(" … "));
        if let Some(c) = a.cue {
            outln!("    cue      {:?}", slice(c));
        }
        for (role, m) in [("source", a.source), ("target", a.target)] {
            if let Some(m) = m {
                let refers = m
                    .resolved
                    .or(m.head)
                    .map(|e| format!(" → {:?}", slice(doc.entities[e].span)))
                    .unwrap_or_default();
                let identity = doc
                    .identities
                    .of_mention(&m)
                    .and_then(|id| doc.identities.get(id))
                    .map(|i| format!("  identity {} {:?}", i.id.0, i.name))
                    .unwrap_or_default();
                outln!("    {role:<8} {:?}{refers}{identity}", slice(m.span));
            }
        }
    }
    let candidates = inspection.candidates.len();
    let lost = candidates.saturating_sub(doc.attributions.len());
    outln!("rule candidates: {candidates} ({lost} lost in conflicts or dropped)");
    if args.all {
        lost_candidates(text, inspection);
    }
}

/// One document as JSON: what the report says, for programs (`--format json`); with
/// `--syntax`, each sentence's words with their parts of speech as well.
fn as_json(id: &str, text: &str, inspection: &quidit::Inspection<'_>, syntax: bool) -> String {
    let doc = &inspection.document;
    let slice = |s: quidit::Span| &text[s.start..s.end];
    let span =
        |s: quidit::Span| json!({"start": s.char_start, "end": s.char_end, "text": slice(s)});
    let entities: Vec<_> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let membership = doc.identities.membership(i);
            json!({
                "index": i,
                "label": e.label.as_str(),
                "span": span(e.span),
                "provenance": e.provenance.to_string(),
                "identity": membership.map(|m| m.identity.0),
                "identity_link": membership.map(|m| m.reason.describe()),
            })
        })
        .collect();
    let identities: Vec<_> = doc
        .identities
        .iter()
        .map(|i| {
            json!({"id": i.id.0, "label": i.label.as_str(), "name": i.name,
                   "wikidata": i.wikidata, "mentions": i.mentions})
        })
        .collect();
    let mention = |m: Option<quidit::Mention>| {
        m.map(|m| {
            json!({
                "span": span(m.span),
                "refers_to": m.resolved.or(m.head),
                "identity": doc.identities.of_mention(&m).map(|id| id.0),
            })
        })
    };
    let attributions: Vec<_> = doc
        .attributions
        .iter()
        .map(|a| {
            json!({
                "kind": a.kind.as_str(),
                "rule": a.rule,
                "matched": span(a.matched),
                "content": a.content.iter().map(|s| span(*s)).collect::<Vec<_>>(),
                "cue": a.cue.map(span),
                "source": mention(a.source),
                "target": mention(a.target),
            })
        })
        .collect();
    let mut out = json!({
        "id": id,
        "entities": entities,
        "identities": identities,
        "attributions": attributions,
        "rule_candidates": inspection.candidates.len(),
    });
    if syntax {
        out["sentences"] = inspection
            .sentences
            .iter()
            .map(|s| {
                inspection.tokens[s.tokens.clone()]
                    .iter()
                    .map(|t| json!([t.text(text), t.pos.name()]))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    out.to_string()
}

/// `--syntax`: a sentence a line, as the test table writes them (`word/TAG …`), then its
/// phrases, indented.
fn syntax(text: &str, inspection: &quidit::Inspection<'_>) {
    let mut phrases = inspection.phrases.iter().peekable();
    for sentence in &inspection.sentences {
        let words: Vec<String> = inspection.tokens[sentence.tokens.clone()]
            .iter()
            .map(|t| format!("{}/{}", t.text(text), t.pos.name()))
            .collect();
        outln!("{}", words.join(" "));
        while let Some(p) = phrases.next_if(|p| p.tokens.start < sentence.tokens.end) {
            let (a, b) = (
                &inspection.tokens[p.tokens.start],
                &inspection.tokens[p.tokens.end - 1],
            );
            let kind = match p.kind {
                quidit::inspect::PhraseKind::NounPhrase => "SN",
                _ => "GN",
            };
            outln!("  {kind}  {}", &text[a.span.start..b.span.end]);
        }
    }
}

/// `--all`: each candidate that was not kept, its roles, and the kept candidates of the
/// same phase that overlap it: among them the one it lost to (a rule of its group), or
/// the ones that made it redundant (another candidate of the same rule).
fn lost_candidates(text: &str, inspection: &quidit::Inspection<'_>) {
    let tokens = &inspection.tokens;
    let words = |r: &std::ops::Range<usize>| -> &str {
        match (
            tokens.get(r.start),
            r.end.checked_sub(1).and_then(|e| tokens.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => &text[a.span.start..b.span.end],
            _ => "",
        }
    };
    let roles = |c: &quidit::inspect::RuleCandidate<'_>| {
        [
            ("content", &c.content),
            ("cue", &c.cue),
            ("source", &c.source),
            ("target", &c.target),
        ]
        .iter()
        .filter_map(|(name, r)| r.as_ref().map(|r| format!("{name}={:?}", words(r))))
        .collect::<Vec<_>>()
        .join(" ")
    };
    for c in inspection.candidates.iter().filter(|c| !c.kept) {
        outln!("  lost   {} (phase {}): {}", c.rule, c.phase, roles(c));
        for w in inspection.candidates.iter().filter(|w| {
            w.kept
                && w.phase == c.phase
                && w.tokens.start < c.tokens.end
                && c.tokens.start < w.tokens.end
        }) {
            outln!("    kept {}: {}", w.rule, roles(w));
        }
    }
}
