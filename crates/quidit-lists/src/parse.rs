//! Reading one gazetteer file: the line format of `gazetteers/README.md`.
//!
//! ```text
//! # comment
//! %priority 10
//! Recep Tayyip Erdoğan | Erdoğan | Erdogan ; Q39259
//! Organisation des Nations unies | =ONU ; Q1065
//! turc | turque | turcs | turques ; pays=Turquie
//! ```

use std::fmt;

/// A line that does not follow the format: where it is, and why. The library turns it into
/// its own located error; the build script prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file's name, as given to [`parse`].
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column (in characters), from 1.
    pub column: usize,
    /// The text of the line.
    pub line_text: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    fn syntax(
        file: &str,
        line: usize,
        column: usize,
        line_text: &str,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.to_string(),
            line,
            column,
            line_text: line_text.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}\n    {}",
            self.file, self.line, self.column, self.message, self.line_text
        )
    }
}

impl std::error::Error for Error {}

/// One form of an entry as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The form without its `=` marker.
    pub text: String,
    /// Written with a leading `=`: must match with its case exactly.
    pub case_exact: bool,
}

/// One entry line, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub line: usize,
    /// The forms, canonical first.
    pub forms: Vec<Form>,
    /// A Wikidata id (`Q…`), if given.
    pub id: Option<String>,
    /// `key=value` attributes, in file order, `_` turned back into spaces.
    pub attrs: Vec<(String, String)>,
}

/// A whole file, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    /// `%priority N`, 0 when absent.
    pub priority: i32,
    /// The entry lines.
    pub lines: Vec<Line>,
}

/// Parses the text of the gazetteer file called `name` (the name is only used in errors).
pub fn parse(name: &str, text: &str) -> Result<File, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut file = File::default();
    let mut seen_priority = false;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |byte: usize, message: String| {
            let column = raw[..byte.min(raw.len())].chars().count() + 1;
            Error::syntax(name, number, column, raw, message)
        };
        // A comment runs from `#` at the start of a line, or after white space, to the end.
        let content = match comment_start(raw) {
            Some(at) => &raw[..at],
            None => raw,
        };
        if let Some(c) = content.chars().find(|c| c.is_control() && *c != '\t') {
            let at = content.find(c).unwrap_or(0);
            return Err(fail(
                at,
                format!("control character U+{:04X} in a gazetteer line", c as u32),
            ));
        }
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let offset = content.len() - content.trim_start().len();
        if let Some(directive) = trimmed.strip_prefix('%') {
            let mut words = directive.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("priority"), Some(n), None) => match n.parse::<i32>() {
                    Ok(n) if !seen_priority => {
                        file.priority = n;
                        seen_priority = true;
                    }
                    Ok(_) => return Err(fail(offset, "a second %priority line".into())),
                    Err(_) => {
                        let at = raw.find(n).unwrap_or(offset);
                        return Err(fail(at, format!("%priority takes an integer, not {n:?}")));
                    }
                },
                _ => {
                    return Err(fail(
                        offset,
                        "unknown directive: the only one is `%priority N`".into(),
                    ));
                }
            }
            continue;
        }
        file.lines.push(parse_entry(content, number, &fail)?);
    }
    Ok(file)
}

fn comment_start(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()))
}

fn parse_entry(
    content: &str,
    number: usize,
    fail: &dyn Fn(usize, String) -> Error,
) -> Result<Line, Error> {
    let (forms_part, attrs_part) = match content.find(';') {
        Some(at) => (&content[..at], Some((at + 1, &content[at + 1..]))),
        None => (content, None),
    };
    let mut forms = Vec::new();
    let mut at = 0;
    for piece in forms_part.split('|') {
        let lead = piece.len() - piece.trim_start().len();
        let form = piece.trim();
        let (text, case_exact) = match form.strip_prefix('=') {
            Some(rest) => (rest.trim(), true),
            None => (form, false),
        };
        if text.is_empty() {
            let message = if case_exact {
                "`=` must be followed by a form"
            } else {
                "empty form: two `|` in a row, or `|` at the start or end"
            };
            return Err(fail(at + lead, message.into()));
        }
        if let Some(inner) = text.find('=') {
            let key = text[..inner]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            if !key.is_empty() && key.chars().all(char::is_alphanumeric) && attrs_part.is_none() {
                return Err(fail(
                    at + lead + inner - key.len(),
                    "attributes go after `;`, as in `Paris ; Q90`".into(),
                ));
            }
        }
        if !text.chars().any(char::is_alphanumeric) {
            return Err(fail(
                at + lead,
                "a form needs at least one letter or digit".into(),
            ));
        }
        forms.push(Form {
            text: text.to_string(),
            case_exact,
        });
        at += piece.len() + 1;
    }
    let mut line = Line {
        line: number,
        forms,
        id: None,
        attrs: Vec::new(),
    };
    let Some((base, attrs)) = attrs_part else {
        return Ok(line);
    };
    let mut cursor = 0;
    for word in attrs.split_whitespace() {
        let within = attrs[cursor..].find(word).map_or(cursor, |i| cursor + i);
        cursor = within + word.len();
        let column = base + within;
        if let Some(digits) = word.strip_prefix('Q') {
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                if line.id.is_some() {
                    return Err(fail(column, "a second Wikidata id".into()));
                }
                line.id = Some(word.to_string());
                continue;
            }
        }
        match word.split_once('=') {
            Some((key, value)) if !key.is_empty() && !value.is_empty() => {
                if !key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(fail(column, format!("bad attribute name {key:?}")));
                }
                line.attrs.push((key.to_string(), value.replace('_', " ")));
            }
            _ => {
                return Err(fail(
                    column,
                    format!(
                        "expected a Wikidata id such as Q90 or key=value, found {word:?} \
                         (a `;` starts the attributes)"
                    ),
                ));
            }
        }
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms_ids_and_attributes() {
        let text = "\u{FEFF}# titre\n%priority 10\n\nRecep Tayyip Erdoğan | Erdoğan|Erdogan ; Q39259\n\
                    Organisation des Nations unies | =ONU ; Q1065 # ONU\nturc | turque ; pays=Côte_d'Ivoire\n";
        let file = parse("PER/x.txt", text).unwrap();
        assert_eq!(file.priority, 10);
        assert_eq!(file.lines.len(), 3);
        let l = &file.lines[0];
        assert_eq!(l.line, 4);
        assert_eq!(
            l.forms.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
            ["Recep Tayyip Erdoğan", "Erdoğan", "Erdogan"]
        );
        assert_eq!(l.id.as_deref(), Some("Q39259"));
        assert!(file.lines[1].forms[1].case_exact);
        assert!(!file.lines[1].forms[0].case_exact);
        assert_eq!(
            file.lines[2].attrs,
            [("pays".to_string(), "Côte d'Ivoire".to_string())]
        );
    }

    /// (line, expected column, a word of the expected message)
    const BAD: &[(&str, usize, &str)] = &[
        ("Paris || Lutèce", 8, "empty form"),
        ("| Paris", 1, "empty form"),
        ("Paris | = ", 9, "followed by a form"),
        ("Paris ; Q9 Q10", 12, "second Wikidata id"),
        ("Paris ; capitale", 9, "key=value"),
        ("%prio 3", 1, "unknown directive"),
        ("%priority haute", 11, "integer"),
        ("Paris | -- ", 9, "letter or digit"),
        ("Paris\u{7}", 6, "control character"),
        ("Paris pays=France", 7, "after `;`"),
    ];

    #[test]
    fn bad_lines_are_located() {
        for &(line, column, word) in BAD {
            let err = parse("LOC/t.txt", &format!("# ok\n{line}\n")).unwrap_err();
            assert_eq!((err.line, err.column), (2, column), "{line:?}: {err}");
            assert!(err.message.contains(word), "{line:?}: {err}");
        }
    }
}
