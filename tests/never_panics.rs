//! Tagging never panics and always returns spans that slice the input, whatever the input:
//! combining marks, lone quotes and apostrophes, every kind of space, emoji, empty text,
//! very long lines.

use std::sync::LazyLock;

use proptest::prelude::*;
use quidit::{Document, Tagger};

static BUILTIN: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::builder().build().expect("built-in gazetteers load"));

/// Characters that stress folding, tokenising and offsets.
const ALPHABET: &[char] = &[
    'a', 'é', 'E', 'É', 'l', 'd', 'M', '.', ' ', '\u{00A0}', '\u{202F}', '\u{2009}', '\t', '\n',
    '\'', '’', 'ʼ', '´', '«', '»', '“', '”', '"', '-', '–', '—', '\u{0301}', '\u{0308}',
    '\u{200B}', '\u{00AD}', '\u{FEFF}', '🇫', '🇷', '😀', '\u{200D}', 'İ', 'ß', 'œ', 'Œ', 'ﬁ', '0',
    '9', ',', ':', '(', ')', 'I', 'O', 'T', 'A', 'N', 'S', 'D', 'H', 'u', 'n', 'i', 's',
];

fn check(text: &str, doc: &Document<'_>) {
    let mut outer = (0, 0);
    for e in &doc.entities {
        let s = e.span;
        assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        // Either after the previous outer entity, or nested inside it: never across an edge.
        let nested = s.start >= outer.0 && s.end <= outer.1;
        assert!(
            nested || s.start >= outer.1,
            "entities cross or are out of order in {text:?}"
        );
        if !nested {
            outer = (s.start, s.end);
        }
        assert_eq!(text[..s.start].chars().count(), s.char_start);
        assert_eq!(text[..s.end].chars().count(), s.char_end);
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
            assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
            assert_eq!(text[..s.start].chars().count(), s.char_start);
            assert_eq!(text[..s.end].chars().count(), s.char_end);
        }
        for m in a.source.iter().chain(a.target.iter()) {
            assert!(m.entity.is_none_or(|e| e < doc.entities.len()));
            assert!(m.resolved.is_none_or(|e| e < doc.entities.len()));
        }
    }
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(ALPHABET),
            1 => any::<char>(),
        ],
        0..200,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Words that the gazetteers know, to make matches (and their edges) likely.
fn newsy_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "l’OTAN",
        "d'Idlib",
        "ONU",
        "Erdoğan",
        "M.",
        "Mme",
        "le président",
        "Jean",
        "Dupont",
        "à",
        "Saraqeb",
        "«",
        "»",
        "ministère",
        "de",
        "la",
        "défense",
        "russe",
        "(OSDH)",
        "Syrie",
        "É\u{0301}",
        "\u{00A0}",
        "\u{202F}:",
        "\n\n",
        "    ",
        "Tours",
        "tours",
        "-t-il",
        "🇫🇷",
    ]);
    prop::collection::vec(
        (words, prop::sample::select(vec![" ", "", "\u{00A0}", "\n"])),
        0..60,
    )
    .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_strings_never_panic(text in arbitrary_text()) {
        let doc = BUILTIN.tag(&text);
        check(&text, &doc);
    }

    #[test]
    fn news_like_strings_never_panic(text in newsy_text()) {
        let doc = BUILTIN.tag(&text);
        check(&text, &doc);
    }
}

#[test]
fn edge_inputs() {
    let long_line = "Selon l’OSDH, à Idlib, M. Dupont a déclaré « non ». ".repeat(20_000);
    assert!(long_line.len() > 1_000_000);
    for text in [
        "",
        " ",
        "'",
        "«",
        "»»»«««",
        "\u{0301}",
        "\u{0301}\u{0301}Idlib",
        "Idlib\u{0301}",
        "l'",
        "M.",
        "\u{FEFF}Idlib",
        "🇫🇷🇫🇷 ONU",
        long_line.as_str(),
        "\u{0000}\u{FFFF}\u{10FFFF}",
    ] {
        let doc = BUILTIN.tag(text);
        check(text, &doc);
    }
}
