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

/// The invariants of every tagged document, shared with the fuzz targets.
fn check(text: &str, doc: &Document<'_>) {
    quidit::fuzzing::check_document(text, doc);
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
