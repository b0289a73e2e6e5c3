//! `quidit explain FILE`: every annotation of a text with the list entry or rule that made it
//! and the words it matched.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::SourceArgs;

/// Shown after `quidit explain --help`.
pub const AFTER_HELP: &str = "\
Example:
  quidit explain examples/depeche.txt

Each entity is shown with its gazetteer file and line, or its rule; each attribution with
its rule, the words the rule matched, and its roles.";

/// Arguments of `quidit explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The text file to explain (`-` for standard input).
    file: PathBuf,
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
            eprintln!("quidit explain: {}: {e}", args.file.display());
            return ExitCode::from(2);
        }
    };
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (doc, candidates) = tagger.tag_with_candidates(&text);
    let slice = |s: quidit::Span| &text[s.start..s.end];
    println!("entities ({}):", doc.entities.len());
    for e in &doc.entities {
        println!(
            "  {:<3} {:>6}..{:<6} {:<40} {}",
            e.label.as_str(),
            e.span.char_start,
            e.span.char_end,
            format!("{:?}", slice(e.span)),
            e.provenance
        );
    }
    println!("attributions ({}):", doc.attributions.len());
    for a in &doc.attributions {
        println!("  {} by rule {}", a.kind.as_str(), a.rule);
        println!("    matched  {:?}", slice(a.matched));
        let content: Vec<&str> = a.content.iter().map(|s| slice(*s)).collect();
        println!("    content  {:?}", content.join(" … "));
        if let Some(c) = a.cue {
            println!("    cue      {:?}", slice(c));
        }
        for (role, m) in [("source", a.source), ("target", a.target)] {
            if let Some(m) = m {
                let refers = m
                    .resolved
                    .map(|e| format!(" → {:?}", slice(doc.entities[e].span)))
                    .unwrap_or_default();
                println!("    {role:<8} {:?}{refers}", slice(m.span));
            }
        }
    }
    let lost = candidates.len().saturating_sub(doc.attributions.len());
    println!(
        "rule candidates: {} ({} lost in conflicts or dropped)",
        candidates.len(),
        lost
    );
    ExitCode::SUCCESS
}
