//! The tokeniser's and the sentence splitter's tests. The tables of cases (a text and
//! what it must give) are data, in `tests/data/tokenise/`, for a linguist to edit.

use super::*;
use proptest::prelude::*;

fn texts<'a>(text: &'a str, tokens: &[Token]) -> Vec<&'a str> {
    tokens.iter().map(|t| t.text(text)).collect()
}

fn sentence_texts(text: &str) -> Vec<&str> {
    let mut toks = Vec::new();
    let mut sents = Vec::new();
    tokenise(text, &mut toks);
    split_sentences(text, &toks, &mut sents);
    sents.iter().map(|s| &text[s.start..s.end]).collect()
}

fn tok(text: &str) -> Vec<Token> {
    let mut v = Vec::new();
    tokenise(text, &mut v);
    v
}

fn find<'a>(text: &str, toks: &'a [Token], s: &str) -> &'a Token {
    toks.iter()
        .find(|t| t.text(text) == s)
        .unwrap_or_else(|| panic!("no token {s:?} in {text:?}"))
}

/// A case of a table file: where it is, its text and the texts it must give.
struct Case {
    /// `tests/data/tokenise/NAME.txt:LINE`, for failure messages.
    at: String,
    text: String,
    want: Vec<String>,
}

/// The cases of `tests/data/tokenise/{name}.txt`, whose expectation lines start with
/// `{key}:` (the format is in the file's header). Read at run time, so that a linguist who
/// edits a file reruns the test without a rebuild; a malformed line fails with its place.
fn cases(name: &str, key: &str) -> Vec<Case> {
    let relative = format!("tests/data/tokenise/{name}.txt");
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let field = |line: &str, prefix: &str| -> Option<String> {
        let rest = line.strip_prefix(prefix)?.strip_prefix(':')?;
        Some(rest.strip_prefix(' ').unwrap_or(rest).to_owned())
    };
    let mut out = Vec::new();
    let mut lines = file.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((n, line)) = lines.next() {
        let at = format!("{relative}:{n}");
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let text = field(line, "text").unwrap_or_else(|| panic!("{at}: expected `text:`"));
        let want = lines
            .next()
            .and_then(|(_, l)| field(l, key))
            .unwrap_or_else(|| panic!("{at}: expected `{key}:` on the next line"));
        let want = if want.is_empty() {
            Vec::new()
        } else {
            want.split(" | ").map(|w| unescape(w, &at)).collect()
        };
        out.push(Case {
            text: unescape(&text, &at),
            want,
            at,
        });
    }
    assert!(!out.is_empty(), "{relative}: no cases");
    out
}

/// Reads the escapes of a table file: `\n`, `\t`, `\r`, `\\`, `\|`, `\u{HEX}`.
fn unescape(s: &str, at: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('|') => out.push('|'),
            Some('u') => {
                let rest = chars.as_str();
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(hex, _)| hex)
                    .unwrap_or_else(|| panic!("{at}: `\\u` without `{{HEX}}` in {s:?}"));
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("{at}: bad `\\u{{{hex}}}` in {s:?}"));
                out.push(c);
                chars = rest[hex.len() + 2..].chars();
            }
            other => panic!("{at}: unknown escape `\\{}` in {s:?}", other.unwrap_or(' ')),
        }
    }
    out
}

/// Runs the cases of a table file through `run`, and fails with every case that gave
/// something else, each named by its file and line.
fn check_table(name: &str, key: &str, run: impl Fn(&str) -> Vec<String>) {
    let failures: Vec<String> = cases(name, key)
        .into_iter()
        .filter_map(|case| {
            let got = run(&case.text);
            (got != case.want).then(|| {
                format!(
                    "{}: {:?}\n   got  {got:?}\n   want {:?}",
                    case.at, case.text, case.want
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn token_table() {
    check_table("tokens", "tokens", |text| {
        texts(text, &tok(text))
            .into_iter()
            .map(String::from)
            .collect()
    });
}

#[test]
fn sentence_table() {
    check_table("sentences", "sentences", |text| {
        sentence_texts(text).into_iter().map(String::from).collect()
    });
}

/// Straight marks glued on both sides face the way the text around them says.
#[test]
fn glued_straight_quotes() {
    let kinds = |text: &str| -> Vec<TokenKind> {
        tok(text)
            .iter()
            .filter(|t| t.text(text) == "\"")
            .map(|t| t.kind)
            .collect()
    };
    assert_eq!(
        kinds("Il a dit.\"Le danger.\"par France Inter"),
        [TokenKind::QuoteOpen, TokenKind::QuoteClose]
    );
    assert_eq!(
        kinds("a dit :\"oui\""),
        [TokenKind::QuoteOpen, TokenKind::QuoteClose]
    );
}

#[test]
fn kinds_and_flags() {
    let text = "« Oui », a-t-il dit à l'OTAN. M. Dupont \"x\" 66,1% 🇫🇷 U.S.A.\n\nFin";
    let t = tok(text);
    let k = |s: &str| find(text, &t, s).kind;
    assert_eq!(k("«"), TokenKind::QuoteOpen);
    assert_eq!(k("»"), TokenKind::QuoteClose);
    assert_eq!(k("-t-"), TokenKind::Punct);
    assert_eq!(k("66,1"), TokenKind::Number);
    assert_eq!(k("%"), TokenKind::Symbol);
    assert_eq!(k("🇫🇷"), TokenKind::Symbol);
    assert_eq!(k("."), TokenKind::Punct);
    let il = find(text, &t, "il");
    assert!(il.has(Token::INVERTED_SUBJECT) && !il.has(Token::SPACE_BEFORE));
    assert!(find(text, &t, "l'").has(Token::ELIDED | Token::SPACE_BEFORE));
    let otan = find(text, &t, "OTAN");
    assert!(otan.has(Token::CAPITALISED | Token::ALL_CAPS) && !otan.has(Token::SPACE_BEFORE));
    let dupont = find(text, &t, "Dupont");
    assert!(dupont.has(Token::CAPITALISED) && !dupont.has(Token::ALL_CAPS));
    assert!(find(text, &t, "M.").has(Token::ABBREVIATION));
    assert!(find(text, &t, "U.S.A.").has(Token::ABBREVIATION | Token::ALL_CAPS));
    assert!(t[0].has(Token::PARAGRAPH_START));
    assert!(!t[1].has(Token::PARAGRAPH_START));
    assert!(find(text, &t, "Fin").has(Token::PARAGRAPH_START));
    let quotes: Vec<_> = t
        .iter()
        .filter(|x| x.text(text) == "\"")
        .map(|x| x.kind)
        .collect();
    assert_eq!(quotes, [TokenKind::QuoteOpen, TokenKind::QuoteClose]);

    let text = "Il dit: \" oui \" et a\"b";
    let t = tok(text);
    let quotes: Vec<_> = t
        .iter()
        .filter(|x| x.text(text) == "\"")
        .map(|x| x.kind)
        .collect();
    assert_eq!(
        quotes,
        [TokenKind::Quote, TokenKind::Quote, TokenKind::Quote]
    );

    // A single line break is not a paragraph; `Me` is a title only before a name.
    let text = "a\nb Me Dupont. Me voici";
    let t = tok(text);
    assert!(!find(text, &t, "b").has(Token::PARAGRAPH_START));
    assert!(t[2].has(Token::ABBREVIATION));
    assert!(!t.last().unwrap().has(Token::ABBREVIATION));
    assert!(!t[t.len() - 2].has(Token::ABBREVIATION));
}

#[test]
fn buffers_are_cleared() {
    let mut toks = vec![Token::new(9..99, TokenKind::Word, 0)];
    tokenise("a b", &mut toks);
    assert_eq!(toks.len(), 2);
    let mut sents = vec![Sentence {
        start: 0,
        end: 1,
        tokens: 0..1,
    }];
    split_sentences("", &[], &mut sents);
    assert!(sents.is_empty());
}

#[test]
fn foreign_tokens_do_not_panic() {
    let toks = tok("Un texte assez long. Avec deux phrases.");
    let mut sents = Vec::new();
    split_sentences("é", &toks, &mut sents);
    assert_eq!(sents.last().map(|s| s.tokens.end), Some(toks.len()));
}

#[test]
fn huge_lines() {
    let mut out = Vec::new();
    let long = "a".repeat(1 << 20);
    tokenise(&long, &mut out);
    assert_eq!(out.len(), 1);
    let digits = "1 000".repeat(1 << 18);
    tokenise(&digits, &mut out);
    check_invariants(&digits, &out);
    let mixed = "Il a dit « l'OTAN ! » 948 000 😀\u{301}\u{200D} ".repeat(1 << 15);
    tokenise(&mixed, &mut out);
    check_invariants(&mixed, &out);
    let mut sents = Vec::new();
    split_sentences(&mixed, &out, &mut sents);
    check_sentences(&out, &sents);
}

fn check_invariants(text: &str, toks: &[Token]) {
    let mut prev_end = 0;
    for t in toks {
        assert!(t.start() < t.end(), "empty token {t:?}");
        assert!(t.start() >= prev_end, "overlap/unsorted {t:?}");
        assert!(text.is_char_boundary(t.start()) && text.is_char_boundary(t.end()));
        assert!(t.end() <= text.len());
        let s = t.text(text);
        if t.kind == TokenKind::Number {
            // Only single group separators between digits.
            let cs: Vec<char> = s.chars().collect();
            for (i, c) in cs.iter().enumerate() {
                if c.is_whitespace() {
                    assert!(i > 0 && cs[i - 1].is_ascii_digit(), "{s:?}");
                    assert!(cs.get(i + 1).is_some_and(char::is_ascii_digit), "{s:?}");
                }
            }
        } else {
            assert!(!s.chars().any(char::is_whitespace), "whitespace in {s:?}");
        }
        prev_end = t.end();
    }
}

fn check_sentences(toks: &[Token], sents: &[Sentence]) {
    let mut next = 0;
    for s in sents {
        assert_eq!(s.tokens.start, next);
        assert!(s.tokens.end > s.tokens.start);
        assert_eq!(s.start, toks[s.tokens.start].start());
        assert_eq!(s.end, toks[s.tokens.end - 1].end());
        next = s.tokens.end;
    }
    assert_eq!(next, toks.len());
}

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'a', 'E', 'é', 'L', 'l', 'q', 'u', 't', 'i', 'M', 'J', 'C', 'w', 'h', 'n', '0', '1', '9',
            ' ', ' ', '\n', '\r', '\t', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2029}',
            '.', ',', '!', '?', '…', ':', '-', '–', '—', '(', ')', '[', ']', '/', '°', '%', '_',
            '\'', '’', 'ʼ', '‘', '"', '«', '»', '“', '”', '„', '‹', '›',
            '\u{301}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{AD}', '\u{FE0F}',
            '😀', '🇫', '🇷', '\u{1F3FD}', 'ʼ', '北', 'и', '١', '²',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(tricky_char(), 0..120).prop_map(|v| v.into_iter().collect()),
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "a-t-il",
                "dit-elle",
                "l'",
                "qu’",
                "M.",
                "J.-C.",
                "U.S.",
                "948 000",
                "3,5",
                "www.",
                "https://",
                "etc.",
                " ",
                "  ",
                "\n\n",
                "« ",
                " »",
                "\"",
                ".",
                "Le",
                "hospitalière",
                "🇫🇷",
                "👨‍👩‍👧",
                "n°",
                "Me",
                "N'",
            ]),
            0..40,
        )
        .prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_invariants_hold(text in tricky_string()) {
        let mut toks = Vec::new();
        tokenise(&text, &mut toks);
        check_invariants(&text, &toks);
        let mut sents = Vec::new();
        split_sentences(&text, &toks, &mut sents);
        check_sentences(&toks, &sents);
    }
}
