//! `quidit explain FILE`: every annotation of a text with the list entry or rule that made it
//! and the words it matched.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::cli::source::SourceArgs;

/// Shown after `quidit explain --help`.
pub const AFTER_HELP: &str = "\
Example:
  quidit explain examples/depeche.txt

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
    /// The text file to explain (`-` for standard input).
    file: PathBuf,
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

/// Runs `quidit explain`.
pub fn run(args: ExplainArgs) -> ExitCode {
    let text = if args.file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| e.to_string())
    } else {
        std::fs::read(&args.file)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                String::from_utf8(b)
                    .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
            })
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("quidit: error: {}: {e}", args.file.display());
            return ExitCode::from(2);
        }
    };
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let inspection = tagger.inspect(&text, &mut quidit::Scratch::default());
    if args.syntax {
        syntax(&text, &inspection);
        return ExitCode::SUCCESS;
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
        lost_candidates(&text, &inspection);
    }
    ExitCode::SUCCESS
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
