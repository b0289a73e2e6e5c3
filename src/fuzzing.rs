//! The checks of the fuzz targets, in one place: `fuzz/fuzz_targets/*.rs` (run by
//! `cargo fuzz` on nightly) call them on what libFuzzer generates, and
//! `tests/fuzz_regressions.rs` (plain `cargo test`, stable) calls the same functions on every
//! file of the checked-in corpora (`fuzz/corpus/TARGET/`) and on every input that once failed
//! (`tests/data/fuzz/TARGET/`), so that the two cannot drift apart.
//!
//! Each check takes raw bytes and panics (an `assert!`) on anything wrong: a panic in quidit
//! itself, an offset off a character boundary, out of order or that does not map back to the
//! text, a load error that names no place. Time and memory are not asserted here: libFuzzer's
//! `-timeout=` and `-rss_limit_mb=` report a slow or greedy input.
//!
//! Why this module is public: the stages it reaches (the tokeniser, the rule loader) are
//! private, and a fuzz target or an integration test is another crate. It is hidden from the
//! documentation and is no API: nothing but the fuzz targets and their replay should call it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::BufReader;
use std::sync::LazyLock;

use serde_json::value::RawValue;

use crate::export::{self, Head};
use crate::gazetteer::{self, Gazetteer};
use crate::normalise::{Case, Normalised, fold};
use crate::rules::{self, names};
use crate::tokenise::{self, Token, TokenKind};
use crate::{Document, Scratch, Span, Tagger, builtin};

/// A fuzz target's check: panics when the input shows a fault.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name (the folder of their corpus), and their checks.
pub const TARGETS: [(&str, Check); 5] = [
    ("tokens", tokens),
    ("gazetteer", gazetteer),
    ("rules", rules),
    ("jsonl", jsonl),
    ("pipeline", pipeline),
];

/// The tagger with the built-in gazetteers and rules, built once.
pub static BUILTIN: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::builder().build().expect("the built-in data loads"));

/// Asserts that `span` is a non-empty slice of `text` on character boundaries, with code point
/// offsets that agree with its byte offsets.
pub fn check_span(text: &str, s: Span) {
    assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{s:?} is not on character boundaries in {text:?}"
    );
    assert_eq!(text[..s.start].chars().count(), s.char_start, "{s:?}");
    assert_eq!(text[..s.end].chars().count(), s.char_end, "{s:?}");
}

/// Asserts what every tagged document must hold: entities are slices of the text, in order,
/// nested or apart but never crossing; every span of every attribution is a slice of the text;
/// every entity index points at an entity.
pub fn check_document(text: &str, doc: &Document<'_>) {
    let mut outer = (0, 0);
    for e in &doc.entities {
        let s = e.span;
        check_span(text, s);
        // Either after the previous outer entity, or nested inside it: never across an edge.
        let nested = s.start >= outer.0 && s.end <= outer.1;
        assert!(
            nested || s.start >= outer.1,
            "entities cross or are out of order in {text:?}"
        );
        if !nested {
            outer = (s.start, s.end);
        }
        assert!(!e.text(text).is_empty());
    }
    for a in &doc.attributions {
        assert!(!a.content.is_empty());
        let spans = a
            .content
            .iter()
            .chain(a.cue.iter())
            .copied()
            .chain(a.source.map(|m| m.span))
            .chain(a.target.map(|m| m.span));
        for s in spans {
            check_span(text, s);
        }
        for m in a.source.iter().chain(a.target.iter()) {
            assert!(m.entity.is_none_or(|e| e < doc.entities.len()));
            assert!(m.resolved.is_none_or(|e| e < doc.entities.len()));
        }
    }
}

/// The tokeniser, the sentence splitter and the normalised view: tokens are non-empty slices
/// of the text on character boundaries, in order and apart, without white space (but for a
/// number's group separators); sentences cover runs of tokens in order; every byte of the
/// view maps back to the original character it came from, and each token's range of the view
/// is the token folded alone.
pub fn tokens(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = &*text;
    let mut tokens = Vec::new();
    tokenise::tokenise(text, &mut tokens);
    let mut last = 0;
    for t in &tokens {
        assert!(
            t.start() < t.end() && t.end() <= text.len(),
            "{t:?} in {text:?}"
        );
        assert!(
            t.start() >= last,
            "tokens overlap or are out of order: {t:?}"
        );
        assert!(text.is_char_boundary(t.start()) && text.is_char_boundary(t.end()));
        last = t.end();
        let word = t.text(text);
        if t.kind != TokenKind::Number {
            assert!(
                !word.chars().any(char::is_whitespace),
                "white space in {t:?} {word:?}"
            );
        }
    }
    let mut sentences = Vec::new();
    tokenise::split_sentences(text, &tokens, &mut sentences);
    let mut next = 0;
    for s in &sentences {
        assert!(s.start <= s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(
            s.tokens.start >= next && s.tokens.end <= tokens.len(),
            "{s:?}"
        );
        next = s.tokens.end;
        for t in &tokens[s.tokens.clone()] {
            assert!(
                s.start <= t.start() && t.end() <= s.end,
                "{t:?} outside {s:?}"
            );
        }
    }
    check_view(text, &tokens, Case::Fold);
    check_view(text, &tokens, Case::Keep);
}

/// The normalised view of `text` against the original (see [`tokens`]).
fn check_view(text: &str, tokens: &[Token], case: Case) {
    let mut view = Normalised::new();
    view.fill(text, case);
    let folded = view.as_str();
    if case == Case::Fold && !text.starts_with(char::is_whitespace) {
        assert_eq!(folded, fold(text, case), "fill and fold disagree");
    }
    // Each character of the view came from one original character, in order, and is part of
    // what that character (and the ones after it that fold to nothing) folds to.
    let mut previous = 0;
    for (i, c) in folded.char_indices() {
        let back = view.to_original(text, i..i + c.len_utf8());
        assert!(back.start < back.end && back.end <= text.len(), "{back:?}");
        assert!(text.is_char_boundary(back.start) && text.is_char_boundary(back.end));
        assert!(
            back.start >= previous,
            "the view goes back in the text at {i}"
        );
        previous = back.start;
        if c != ' ' {
            assert!(
                fold(&text[back.clone()], case).contains(c),
                "view {c:?} at {i} does not come from {:?}",
                &text[back]
            );
        }
    }
    // A token's range of the view is the token folded alone, and maps back onto the token.
    let mut from = 0;
    for t in tokens {
        let range = view.view_range(t.span(), from);
        assert!(range.start <= range.end && range.end <= folded.len());
        assert!(folded.is_char_boundary(range.start) && folded.is_char_boundary(range.end));
        from = range.end;
        assert_eq!(&folded[range.clone()], fold(t.text(text), case), "{t:?}");
        if !range.is_empty() {
            let back = view.to_original(text, range);
            assert!(
                t.start() <= back.start && back.end >= t.end(),
                "{t:?} maps to {back:?}"
            );
            assert!(text.is_char_boundary(back.end) && back.end <= text.len());
        }
    }
}

/// The folders a fuzzed gazetteer file may be in: each gives its entries another path.
const GAZETTEER_NAMES: [&str; 4] = [
    "LOC/villes.txt",
    "PER/personnes.txt",
    "ORG/organisations.txt",
    "lexique/prenoms.txt",
];

/// The gazetteer file parser and the builder: a file's text gives a located error or a
/// tagger, never a panic; the tagger then tags the file's own text (where its forms are) with
/// valid spans.
pub fn gazetteer(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let name = GAZETTEER_NAMES[data.len() % GAZETTEER_NAMES.len()];
    match gazetteer::parse::parse(name, &text) {
        Ok(file) => {
            for l in &file.lines {
                assert!(
                    l.line >= 1 && l.line <= text.lines().count().max(1),
                    "{}",
                    l.line
                );
            }
        }
        Err(e) => {
            assert_eq!(e.file, name);
            assert!(
                e.line >= 1 && e.line <= text.lines().count().max(1),
                "{e:?}"
            );
        }
    }
    let built = Tagger::builder()
        .builtin_gazetteers(false)
        .builtin_rules(false)
        .gazetteer_text(name, text.as_str())
        .build();
    match built {
        Ok(tagger) => {
            let doc = tagger.tag(&text);
            check_document(&text, &doc);
        }
        Err(e) => assert!(
            e.to_string().contains(name),
            "an error that does not name the file: {e}"
        ),
    }
}

/// The built-in rules files, parsed once, and a gazetteer to compile them against, built
/// as [`TaggerBuilder::build`](crate::TaggerBuilder::build) builds it.
static RULES_BASE: LazyLock<(rules::Sources, Gazetteer)> = LazyLock::new(|| {
    let mut sources = rules::Sources::default();
    for (name, text) in builtin::FILES {
        if name.starts_with("rules/") {
            sources.add_file(name, text).expect("built-in rules parse");
        }
    }
    let mut gaz = gazetteer::Builder::new();
    gaz.word_lists(names::WORD_LISTS);
    gaz.add_builtin(true, true);
    let (gazetteer, ()) = gaz.build_with(|_| ()).expect("built-in gazetteers load");
    (sources, gazetteer)
});

/// The rule parser and compiler: a user's rules file, loaded after the built-in ones (whose
/// macros it may use), gives a located error or a rule set, never a panic. The loader's
/// limits (nesting depth, elements once macros are substituted) keep time and memory
/// bounded; libFuzzer's `-timeout` and `-rss_limit_mb` tell when they do not.
pub fn rules(data: &[u8]) {
    const NAME: &str = "fuzz.rules";
    let text = String::from_utf8_lossy(data);
    let (base, gazetteer) = &*RULES_BASE;
    let mut sources = base.clone();
    let located = |e: crate::Error| {
        let message = e.to_string();
        assert!(
            message.contains(NAME),
            "an error that does not name the file: {message}"
        );
    };
    if let Err(e) = sources.add_file(NAME, &text) {
        return located(e);
    }
    let _ = sources.lexicons();
    if let Err(e) = sources.compile(gazetteer) {
        located(e)
    }
}

/// Buffer capacities for [`jsonl`]: a line that spans several refills of the buffer is where
/// the line reader keeps or drops bytes.
const CAPACITIES: [usize; 4] = [1, 3, 16, 8192];

/// The JSON Lines reader of `quidit tag --jsonl` ([`crate::jsonl::Lines`]) and the carrying of
/// a line's fields to the output. The first byte gives the line limit (`--max-doc-bytes`,
/// 0 to 255) and the buffer size, the rest is the input: lines are numbered in order, their
/// lengths add up to the input, each is the bytes between two line breaks less the break, a
/// `\r` before it and a byte-order mark at the start, kept if and only if it is within the
/// limit. A line that is a JSON object with a `text` string is tagged and written as
/// `quidit tag --jsonl` writes it: valid JSON that carries every other field unchanged.
pub fn jsonl(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let limit = u64::from(head);
    let capacity = CAPACITIES[usize::from(head) % CAPACITIES.len()];
    let reader: Box<dyn std::io::Read + '_> = Box::new(input);
    let mut lines = crate::jsonl::Lines::new(BufReader::with_capacity(capacity, reader), limit);
    let mut at = 0usize;
    let mut number = 0;
    while let Some(line) = lines.next_line().expect("reading from memory") {
        number += 1;
        assert_eq!(line.number, number);
        assert_eq!(lines.number(), number);
        let len = line.len as usize;
        assert!(
            len > 0 && at + len <= input.len(),
            "line {number}: {len} bytes"
        );
        let raw = &input[at..at + len];
        at += len;
        let ends = raw.last() == Some(&b'\n');
        assert!(
            ends || at == input.len(),
            "line {number} cut before its end"
        );
        assert!(
            !raw[..len - 1].contains(&b'\n'),
            "line {number} has a line break"
        );
        let mut expected = raw.strip_suffix(b"\n").unwrap_or(raw);
        expected = expected.strip_suffix(b"\r").unwrap_or(expected);
        if number == 1 {
            expected = expected.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(expected);
        }
        let fits = expected.len() as u64 <= limit;
        assert_eq!(
            line.bytes.as_deref(),
            fits.then_some(expected),
            "line {number} of {input:?} (limit {limit})"
        );
        if let Some(bytes) = &line.bytes {
            carry(bytes);
        }
    }
    assert_eq!(at, input.len(), "bytes left unread");
    assert!(lines.drained());
}

/// Tags a line that is a JSON object with a `text` string and writes it with its other
/// fields, as `quidit tag --jsonl` does; checks that the output is one JSON object that carries
/// them.
fn carry(line: &[u8]) {
    let Ok(json) = std::str::from_utf8(line) else {
        return;
    };
    let Ok(object) = serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(json) else {
        return;
    };
    let Some(Ok(text)) = object
        .get("text")
        .map(|t| serde_json::from_str::<String>(t.get()))
    else {
        return;
    };
    let fallback = RawValue::from_string("\"fuzz:1\"".into()).expect("a JSON string");
    let id = object.get("id").unwrap_or(&fallback);
    let mut head: Vec<(&str, &RawValue)> = vec![("id", id)];
    head.extend(
        object
            .iter()
            .filter(|(k, _)| {
                !["id", "text", "entities", "attributions", "identities"].contains(&k.as_str())
            })
            .map(|(k, v)| (k.as_str(), &**v)),
    );
    let doc = BUILTIN.tag(&text);
    check_document(&text, &doc);
    let rendered = export::render(export::Format::Jsonl, Head::Fields(&head), 0, &text, &doc)
        .expect("JSON Lines renders");
    let out: serde_json::Value =
        serde_json::from_slice(rendered.corpus_part()).expect("valid JSON");
    for (k, v) in &head {
        let v: serde_json::Value = serde_json::from_str(v.get()).expect("valid JSON");
        assert_eq!(out.get(k), Some(&v), "field {k} not carried");
    }
}

thread_local! {
    /// A scratch reused from one input to the next, as a worker thread reuses it.
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// The whole pipeline with the built-in tagger: any text is tagged without a panic, every
/// span is a slice of the text with agreeing offsets, and buffers reused from the previous
/// document change nothing.
pub fn pipeline(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = &*text;
    let doc = BUILTIN.tag(text);
    check_document(text, &doc);
    let fresh = export::render(export::Format::Jsonl, Head::Id("fuzz"), 0, text, &doc)
        .expect("JSON Lines renders");
    let reused = SCRATCH.with_borrow_mut(|scratch| {
        let doc = BUILTIN.tag_with(text, scratch);
        export::render(export::Format::Jsonl, Head::Id("fuzz"), 0, text, &doc)
            .expect("JSON Lines renders")
    });
    assert!(!fresh.corpus_part().is_empty());
    assert!(
        fresh.corpus_part() == reused.corpus_part(),
        "a reused scratch changes the output of {text:?}"
    );
}
