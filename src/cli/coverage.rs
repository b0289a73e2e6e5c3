//! `quidit coverage CORPUS…`: what the gazetteers and rules miss in a corpus, ranked by
//! frequency, so that the people who keep the lists know what to add first:
//!
//! - **missed names**: capitalised sequences that no list entry covers (a rule may still have
//!   tagged them: the column says which), with a label suggested by their contexts — a title
//!   or civility before, or a known first name, gives PER; `ministère`, `parti` and other
//!   organisation heads give ORG, as an acronym does; `à`, `en`, `vers`, `près de` give LOC;
//! - **near misses**: missed names that differ from a form of the lists by case, accents,
//!   hyphens or spaces, or by vowels and transliterated consonants (`Saraqib`/`Saraqeb`,
//!   `Idleb`/`Idlib`): the entry exists, the variant is missing;
//! - **quotations no rule attributes**: the reporting verbs (from the lexicon) or the words
//!   after `», a …` next to a quotation that no attribution covers.
//!
//! A sentence's first word is capitalised for that reason alone, so a frequent French word
//! there (`Pour`, `Le`) never starts a name; a capitalised frequent word alone elsewhere
//! (`État`) is not a name either. Runs of all-capital words are headlines.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use quidit::gazetteer::lint::{self, is_frequent_word};
use quidit::gazetteer::{FileKind, parse};
use quidit::normalise::{Case, Normalised, fold};
use quidit::tokenise::{self, Token, TokenKind};
use quidit::{Label, Provenance};

use crate::cli::source::SourceArgs;

/// Shown after `quidit coverage --help`.
pub const AFTER_HELP: &str = "\
Examples:
  quidit coverage corpus/                                 every *.txt below corpus/
  zcat orangesum.jsonl.gz | quidit coverage --jsonl text -    JSON Lines, the field `text`
  quidit coverage --format tsv corpus/ > candidates.tsv   then review, and:
  quidit gazetteer add --from candidates.tsv --apply

The TSV has a header and one candidate a line: label (suggested; `?` when the contexts do
not say, and for near misses, which belong as variants of the entry named in `note`), form,
variants, id, count, kind, note, context. Rows labelled `?` are skipped by `gazetteer add`.
Exit codes: 0 done, 1 some documents unreadable, 2 bad usage.";

/// Arguments of `quidit coverage`.
#[derive(Args, Debug)]
pub struct CoverageArgs {
    /// Files, or directories searched for *.txt; `-` for standard input.
    #[arg(value_name = "CORPUS", required = true)]
    inputs: Vec<PathBuf>,
    /// The inputs are JSON Lines: each line a document, its text in this field.
    #[arg(long, value_name = "FIELD")]
    jsonl: Option<String>,
    /// Read at most N documents.
    #[arg(long, value_name = "N")]
    max_docs: Option<usize>,
    /// How many candidates of each section.
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Tables for people, with contexts.
    Table,
    /// One candidate a line, a header first, readable by `quidit gazetteer add --from`.
    Tsv,
}

/// What the corpus says about a name the lists may miss: how often, in how many documents,
/// which label its contexts vote for, which rules found it, where.
#[derive(Default, Debug)]
struct NameEvidence {
    count: usize,
    docs: usize,
    last_doc: usize,
    votes: [usize; 3],
    rules: HashMap<String, usize>,
    contexts: Vec<String>,
}

/// A reporting word or pattern near a quotation nothing attributes.
#[derive(Default, Debug)]
struct QuoteGap {
    count: usize,
    contexts: Vec<String>,
}

/// Words before a name that make it an organisation.
const ORG_BEFORE: &[&str] = &[
    "ministere",
    "parti",
    "societe",
    "groupe",
    "association",
    "federation",
    "agence",
    "comite",
    "syndicat",
    "entreprise",
    "journal",
    "quotidien",
    "chaine",
    "club",
    "banque",
    "mouvement",
    "organisation",
    "compagnie",
    "constructeur",
    "laboratoire",
    "equipe",
];
/// First words of a name that make it an organisation.
const ORG_HEADS: &[&str] = &[
    "ministere",
    "parti",
    "union",
    "association",
    "federation",
    "agence",
    "comite",
    "conseil",
    "banque",
    "front",
    "mouvement",
    "groupe",
    "societe",
    "institut",
    "universite",
    "club",
    "syndicat",
    "fondation",
    "commission",
    "office",
    "autorite",
    "assemblee",
    "cour",
    "tribunal",
    "parlement",
    "armee",
    "police",
    "direction",
    "centre",
    "observatoire",
];
/// Words before a name that make it a place.
const LOC_BEFORE: &[&str] = &["a", "en", "vers", "depuis", "via"];
/// Words that join the capitalised words of one name.
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "d'", "la", "le", "el", "al", "ben", "bin", "von", "van", "der", "y",
];
/// Civilities before a person's name.
const CIVILITIES: &[&str] = &["M.", "Mme", "Mlle", "MM.", "Dr", "Me", "Pr", "Mgr"];

/// A form of the lists, for near misses.
struct Known {
    form: String,
    label: &'static str,
    place: String,
}

/// The keys under which two spellings are near: no case or accents; no hyphens, spaces or
/// apostrophes; and a skeleton of consonants with transliteration variants merged.
fn near_keys(text: &str) -> [String; 3] {
    let folded = fold(text, Case::Fold);
    let joined: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut s = joined.clone();
    for (from, to) in [
        ("ph", "f"),
        ("kh", "k"),
        ("gh", "g"),
        ("dh", "d"),
        ("sh", "ch"),
        ("dj", "j"),
        ("ou", "u"),
        ("q", "k"),
        ("c", "k"),
        ("w", "v"),
        ("y", "i"),
        ("z", "s"),
    ] {
        s = s.replace(from, to);
    }
    let mut skeleton = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && "aeiouh".contains(c) || skeleton.ends_with(c) {
            continue;
        }
        skeleton.push(c);
    }
    // A skeleton says little about a short name: Ali and Ala are not variants.
    if joined.chars().count() < 5 {
        skeleton.clear();
    }
    [folded, joined, skeleton]
}

/// Whether two names with the same skeleton are spelt closely enough to be variants: word
/// for word, one edit apart (two for words of eight letters or more). A skeleton alone
/// equates `Porsche` and `Prayssac`.
fn close_spelling(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<Vec<char>> {
        fold(s, Case::Fold)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().collect())
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            let limit = if x.len().max(y.len()) >= 8 { 2 } else { 1 };
            edit_distance(x, y) <= limit
        })
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

fn read_documents(args: &CoverageArgs) -> (Vec<(String, String)>, usize) {
    let mut docs = Vec::new();
    let mut failed = 0;
    let max = args.max_docs.unwrap_or(usize::MAX);
    let push = |id: String, text: String, docs: &mut Vec<(String, String)>| {
        if docs.len() < max {
            docs.push((id, text));
        }
    };
    for input in &args.inputs {
        let is_stdin = input.as_os_str() == "-";
        if let Some(field) = &args.jsonl {
            let reader: Box<dyn BufRead> = if is_stdin {
                Box::new(io::stdin().lock())
            } else {
                match fs::File::open(input) {
                    Ok(f) => Box::new(io::BufReader::new(f)),
                    Err(e) => {
                        eprintln!("quidit coverage: {}: {e}", input.display());
                        failed += 1;
                        continue;
                    }
                }
            };
            for (n, line) in reader.lines().enumerate() {
                let where_ = format!("{}:{}", input.display(), n + 1);
                let Ok(line) = line else {
                    eprintln!("quidit coverage: {where_}: unreadable line");
                    failed += 1;
                    break;
                };
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<serde_json::Value>(&line) {
                    Ok(v) => match v.get(field).and_then(|t| t.as_str()) {
                        Some(t) => push(where_, t.to_string(), &mut docs),
                        None => {
                            eprintln!("quidit coverage: {where_}:1: no string field {field:?}");
                            failed += 1;
                        }
                    },
                    Err(e) => {
                        eprintln!("quidit coverage: {where_}:{}: {e}", e.column());
                        failed += 1;
                    }
                }
            }
            continue;
        }
        let paths = if is_stdin {
            let mut text = String::new();
            match io::Read::read_to_string(&mut io::stdin(), &mut text) {
                Ok(_) => push("stdin".into(), text, &mut docs),
                Err(e) => {
                    eprintln!("quidit coverage: stdin: {e}");
                    failed += 1;
                }
            }
            continue;
        } else if input.is_dir() {
            crate::cli::files::with_extension(input, "txt").unwrap_or_default()
        } else {
            vec![input.clone()]
        };
        for path in paths {
            match fs::read_to_string(&path) {
                Ok(t) => push(path.display().to_string(), t, &mut docs),
                Err(e) => {
                    eprintln!("quidit coverage: {}: {e}", path.display());
                    failed += 1;
                }
            }
        }
    }
    (docs, failed)
}

/// Forty characters either side of `start..end`, the span in brackets, on one line.
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

/// Runs `quidit coverage`.
pub fn run(args: CoverageArgs) -> ExitCode {
    if args.jsonl.is_none() {
        for input in &args.inputs {
            if input.as_os_str() != "-" && !input.exists() {
                eprintln!(
                    "quidit coverage: error: {}: no such file or directory",
                    input.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let tagger = match args.sources.tagger() {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (docs, failed) = read_documents(&args);
    let g = tagger.gazetteer();
    let lexicon_of = |entry: u32| -> Option<&str> {
        let e = &g.entries()[entry as usize];
        match &g.file_of(e).kind {
            FileKind::Lexicon { name } => Some(name.as_str()),
            FileKind::Entity { .. } => None,
        }
    };
    let mut names: HashMap<String, NameEvidence> = HashMap::new();
    let mut gaps: HashMap<String, QuoteGap> = HashMap::new();
    let (mut tokens, mut sentences, mut quotations) = (Vec::new(), Vec::new(), Vec::new());
    let (mut view, mut hits, mut lex) = (Normalised::new(), Vec::new(), Vec::new());
    let mut scratch = quidit::Scratch::default();
    for (d, (_, text)) in docs.iter().enumerate() {
        let doc = tagger.tag_with(text, &mut scratch);
        tokenise::tokenise(text, &mut tokens);
        tokenise::split_sentences(text, &tokens, &mut sentences);
        view.fill(text, Case::Fold);
        g.find(text, &view, &mut hits, &mut lex);
        // Lexicon facts by token: a title or civility ends here, a first name starts here.
        let tok_at = |byte: usize, end: bool| {
            let i =
                tokens.partition_point(|t: &Token| if end { t.end < byte } else { t.start < byte });
            tokens
                .get(i)
                .filter(|t| if end { t.end == byte } else { t.start == byte })
                .map(|_| i)
        };
        let mut title_end = vec![false; tokens.len()];
        let mut first_name = vec![false; tokens.len()];
        let mut demonym = vec![false; tokens.len()];
        let mut saying = vec![None; tokens.len()];
        for h in &lex {
            match lexicon_of(h.entry) {
                Some("titres") => {
                    if let Some(i) = tok_at(h.end, true) {
                        title_end[i] = true;
                    }
                }
                Some("gentiles") => {
                    if let Some(i) = tok_at(h.start, false) {
                        demonym[i] = true;
                    }
                }
                Some("prenoms") => {
                    if let Some(i) = tok_at(h.start, false) {
                        first_name[i] = true;
                    }
                }
                Some("verbes_parole") => {
                    if let Some(i) = tok_at(h.start, false) {
                        let lemma = g.entries()[h.entry as usize].attr("lemme").unwrap_or("?");
                        saying[i] = Some(lemma.to_string());
                    }
                }
                _ => {}
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            if CIVILITIES.contains(&t.text(text)) {
                title_end[i] = true;
            }
        }
        let covering = |start: usize, end: usize| {
            doc.entities
                .iter()
                .filter(move |e| e.span.start < end && start < e.span.end)
        };
        for sentence in &sentences {
            let range = sentence.tokens.clone();
            let mut i = range.start;
            while i < range.end {
                let is_cap = |t: &Token| {
                    t.kind == TokenKind::Word
                        && t.has(Token::CAPITALISED)
                        && !t.has(Token::ABBREVIATION)
                };
                if !is_cap(&tokens[i]) {
                    i += 1;
                    continue;
                }
                // Extend over capitalised words and connectors followed by one, on single spaces.
                let first = i;
                let mut last = i;
                let mut j = i + 1;
                while j < range.end {
                    let t = &tokens[j];
                    let gap = &text[tokens[j - 1].end..t.start];
                    if !(gap == " " || gap.is_empty() && tokens[j - 1].has(Token::ELIDED)) {
                        break;
                    }
                    if is_cap(t) {
                        last = j;
                        j += 1;
                    } else if CONNECTORS.contains(&fold(t.text(text), Case::Fold).as_str())
                        && j + 1 < range.end
                        && is_cap(&tokens[j + 1])
                    {
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
                while start <= last && title_end[start] {
                    start += 1;
                }
                if start > last {
                    continue;
                }
                // Elided words (`L'`, `C'`) open clauses, not names.
                while start <= last && tokens[start].has(Token::ELIDED) {
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
                if words.len() > 1 && words.iter().all(|t| t.has(Token::ALL_CAPS)) {
                    continue;
                }
                let (s, e) = (tokens[start].start, tokens[last].end);
                let name = &text[s..e];
                // Capitalised demonyms (`les Tchétchènes`) are nouns, not names.
                if words.len() == 1 && (is_frequent_word(name) || demonym[start]) {
                    continue;
                }
                let mut rule = None;
                let mut listed = false;
                let mut vote = None;
                for ent in covering(s, e) {
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
                let before = start.checked_sub(1).filter(|b| *b >= range.start);
                let word_before = before.map(|b| fold(tokens[b].text(text), Case::Fold));
                let two_before = before
                    .and_then(|b| b.checked_sub(1))
                    .filter(|b| *b >= range.start)
                    .map(|b| fold(tokens[b].text(text), Case::Fold));
                let head = fold(tokens[start].text(text), Case::Fold);
                if before.is_some_and(|b| title_end[b]) || words.len() > 1 && first_name[start] {
                    vote = Some(Label::Per);
                } else if word_before
                    .as_deref()
                    .is_some_and(|w| ORG_BEFORE.contains(&w))
                    || ORG_HEADS.contains(&head.as_str())
                    || words.len() == 1 && tokens[start].has(Token::ALL_CAPS)
                {
                    vote = Some(Label::Org);
                } else if word_before
                    .as_deref()
                    .is_some_and(|w| LOC_BEFORE.contains(&w))
                    || word_before.as_deref() == Some("de") && two_before.as_deref() == Some("pres")
                {
                    vote = Some(Label::Loc);
                }
                let c = names
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
        // Quotations that no attribution covers, and the reporting words around them.
        quidit::rules::quotes::pair(text, &tokens, &mut quotations);
        for q in &quotations {
            let (a, b) = q.inner();
            if !q.closed || b <= a + 2 {
                continue;
            }
            let (qs, qe) = (tokens[a].start, tokens[b - 1].end);
            let attributed = doc
                .attributions
                .iter()
                .any(|at| at.content.iter().any(|s| s.start < qe && qs < s.end));
            if attributed {
                continue;
            }
            let (o, c) = q.outer();
            let window = c..(c + 6).min(tokens.len());
            let mut key = None;
            for k in window.clone().chain(o.saturating_sub(6)..o) {
                if let Some(lemma) = &saying[k] {
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
                let gap = gaps.entry(key).or_default();
                gap.count += 1;
                if gap.contexts.len() < 3 {
                    gap.contexts.push(context(text, qs, qe.min(qs + 80)));
                }
            }
        }
    }
    // Near misses: the forms of every list, under the three keys.
    let mut known: [HashMap<String, Known>; 3] = Default::default();
    let mut inputs = if args.sources.no_builtin_gazetteers {
        Vec::new()
    } else {
        lint::builtin_inputs()
    };
    for dir in &args.sources.dirs {
        for path in crate::cli::files::with_extension(dir, "txt").unwrap_or_default() {
            if let Ok(text) = fs::read_to_string(&path) {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                inputs.push(lint::Input {
                    name,
                    shown: path.display().to_string(),
                    text,
                    report: true,
                });
            }
        }
    }
    for input in &inputs {
        let Some(label) = input.name.split('/').next().and_then(Label::from_name) else {
            continue;
        };
        for (n, raw) in input.text.lines().enumerate() {
            let Ok(file) = parse::parse(&input.shown, raw) else {
                continue;
            };
            let Some(line) = file.lines.first() else {
                continue;
            };
            for f in &line.forms {
                for (k, key) in near_keys(&f.text).into_iter().enumerate() {
                    if !key.is_empty() {
                        known[k].entry(key).or_insert_with(|| Known {
                            form: line.forms[0].text.clone(),
                            label: label.as_str(),
                            place: format!("{}:{}", input.shown, n + 1),
                        });
                    }
                }
            }
        }
    }
    let mut ranked: Vec<(&String, &NameEvidence)> = names.iter().collect();
    ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let near_of = |name: &str| {
        let kinds = [
            "case or accents",
            "hyphens or spaces",
            "spelling (transliteration)",
        ];
        near_keys(name).iter().enumerate().find_map(|(k, key)| {
            known[k]
                .get(key)
                .filter(|x| !key.is_empty() && (k < 2 || close_spelling(name, &x.form)))
                .map(|x| (kinds[k], x))
        })
    };
    let label_of = |c: &NameEvidence| {
        let best = (0..3).max_by_key(|&l| c.votes[l]).unwrap_or(0);
        let total: usize = c.votes.iter().sum();
        if total == 0 || 2 * c.votes[best] <= total {
            "?"
        } else {
            [Label::Per, Label::Org, Label::Loc][best].as_str()
        }
    };
    let rule_of = |c: &NameEvidence| {
        c.rules
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(r, n)| format!("{r} ({n}/{})", c.count))
    };
    let (mut missed, mut near) = (Vec::new(), Vec::new());
    for (name, c) in ranked {
        match near_of(name) {
            Some(n) => near.push((name, c, n)),
            None => missed.push((name, c)),
        }
    }
    let mut gaps: Vec<(String, QuoteGap)> = gaps.into_iter().collect();
    gaps.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    match args.format {
        Format::Tsv => {
            outln!("label\tform\tvariants\tid\tcount\tkind\tnote\tcontext");
            for (name, c) in missed.iter().take(args.top) {
                let note = rule_of(c).map_or(String::new(), |r| format!("also found by rule {r}"));
                outln!(
                    "{}\t{name}\t\t\t{}\tname\t{note}\t{}",
                    label_of(c),
                    c.count,
                    c.contexts[0]
                );
            }
            for (name, c, (kind, k)) in near.iter().take(args.top) {
                outln!(
                    "?\t{name}\t\t\t{}\tnear\tvariant of {} {:?} at {} ({kind})\t{}",
                    c.count,
                    k.label,
                    k.form,
                    k.place,
                    c.contexts[0]
                );
            }
        }
        Format::Table => {
            outln!(
                "{} documents. MISSED NAMES: capitalised sequences no list covers, by frequency",
                docs.len()
            );
            outln!(
                "{:>6} {:>5}  {:<5}  {:<32}  also found by rule",
                "count",
                "docs",
                "label",
                "name"
            );
            for (name, c) in missed.iter().take(args.top) {
                outln!(
                    "{:>6} {:>5}  {:<5}  {:<32}  {}",
                    c.count,
                    c.docs,
                    label_of(c),
                    name,
                    rule_of(c).unwrap_or_else(|| "-".into())
                );
                for ctx in &c.contexts {
                    outln!("{:>16}{ctx}", "");
                }
            }
            outln!(
                "\nNEAR MISSES: names that differ from a form of the lists (add them as variants)"
            );
            for (name, c, (kind, k)) in near.iter().take(args.top) {
                outln!(
                    "{:>6} {:>5}  {:<32}  ~ {} {:?} at {} ({kind})",
                    c.count,
                    c.docs,
                    name,
                    k.label,
                    k.form,
                    k.place
                );
                outln!("{:>16}{}", "", c.contexts[0]);
            }
            outln!(
                "\nQUOTATIONS NO RULE ATTRIBUTES, by the reporting word or pattern next to them"
            );
            for (key, gap) in gaps.iter().take(args.top) {
                outln!("{:>6}  {key}", gap.count);
                for ctx in &gap.contexts {
                    outln!("{:>10}{ctx}", "");
                }
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
