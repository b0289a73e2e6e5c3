//! Reading `.rules` files: the line structure (fields that start with a keyword), macros, and
//! the pattern language. Everything here reports faults as `file:line:column` with the line
//! and a caret, as an [`Error`] with its location.
//!
//! ```text
//! phase 2
//! define $DET = "le" | "la" | "les" | "l'"
//!
//! rule citation.directe.postposee
//!   priority 50
//!   match    contenu:QUOTE ","? verbe:(@auxiliaires? @verbes_parole) $DET? source:ACTEUR
//!   unless   "ne" _{0,2} @verbes_parole
//!   emit     Quote(kind=direct, content=contenu, cue=verbe, source)
//!   example  « Nous ne céderons pas », a déclaré Vladimir Poutine.
//!         => content="Nous ne céderons pas" cue="a déclaré" source="Vladimir Poutine"
//!   counter  « Non », a-t-il déclaré.
//! ```

use std::collections::HashMap;

use crate::error::Error;

/// A pattern, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// Elements one after the other.
    Seq(Vec<Pattern>),
    /// One of several.
    Alt(Vec<Pattern>),
    /// An element with its capture name and repetition.
    Item {
        /// `name:` before the element.
        capture: Option<String>,
        /// The element.
        atom: Atom,
        /// Least repetitions.
        min: u32,
        /// Most repetitions (`u32::MAX`: no limit).
        max: u32,
        /// `?` after the quantifier: as few as possible.
        lazy: bool,
        /// Where the element starts, for errors.
        pos: (usize, usize),
    },
}

/// A filter on a lexicon entry's attributes: `traits=P3` keeps the entries that have a
/// value starting with `P3`; `traits=P3|J3|I3` those that have one starting with any of
/// them; `ambigu!=oui` keeps those that do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Attribute name.
    pub key: String,
    /// The wanted values, alternatives (each a prefix of one of the entry's
    /// comma-separated values).
    pub values: Vec<String>,
    /// `!=`: the entry must not have the value.
    pub negated: bool,
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    /// `"déclaré"`: tokens equal to these after folding.
    Literal(String),
    /// `/accus.*/`: a token whose text matches, whole and ignoring case.
    Regex(String),
    /// `PER`, `LOC.pays`, `QUOTE`, `MAJ`, `DEBUT`…: a name in capitals.
    Name(String),
    /// `<N>`, `<V:K>`: a token of that part of speech (the code between the brackets).
    Pos(String),
    /// `@verbes_parole` with optional `[key=value]` (or `[key!=value]`) filters.
    Lexicon(String, Vec<Filter>),
    /// `_`: any one token.
    Any,
    /// `( … )`.
    Group(Box<Pattern>),
    /// `!x`: one token that `x` does not match.
    Not(Box<Atom>),
    /// `x & y`: a match of `x` from a token where `y` matches too.
    And(Box<Atom>, Box<Atom>),
}

/// An `emit` clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Emit {
    /// `Quote`, `Charge`.
    pub kind: String,
    /// role → capture name.
    pub roles: Vec<(String, String)>,
    /// Constant attributes (`kind=direct`).
    pub attrs: Vec<(String, String)>,
    /// Where the clause starts.
    pub pos: (usize, usize),
}

/// An `example` with its expected roles (`=>` lines), or a `counter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The sentence to tag.
    pub text: String,
    /// Each `=>` line: role → expected text. Empty for a counter.
    pub expect: Vec<Vec<(String, String)>>,
    /// A `counter`: the rule must not fire.
    pub counter: bool,
    /// 1-based line of the `example`/`counter` keyword.
    pub line: usize,
}

/// A rule, as written.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `rule ID`.
    pub id: String,
    /// Its phase (from the last `phase` line before it; 1 by default).
    pub phase: u32,
    /// `priority N` (0 by default).
    pub priority: i32,
    /// `group NAME` (by default the emitted kind).
    pub group: Option<String>,
    /// `match`.
    pub pattern: Pattern,
    /// `unless` antipatterns.
    pub unless: Vec<Pattern>,
    /// `emit`.
    pub emit: Emit,
    /// Examples and counters.
    pub examples: Vec<Example>,
    /// Line of the `rule` keyword.
    pub line: usize,
}

/// A whole rules file.
#[derive(Clone, Debug, Default)]
pub struct File {
    /// Its rules, in file order.
    pub rules: Vec<Rule>,
    /// The macros known at its end: those it inherited and those it defined (a file's
    /// definition replaces an inherited one of the same name). The files loaded after it
    /// inherit them.
    pub macros: HashMap<String, Pattern>,
}

/// The keyword of [`Field::faulty`]: not one a file can hold (it has a space).
const FAULTY: &str = "faulty line";

const KEYWORDS: &[&str] = &[
    "phase", "define", "rule", "priority", "group", "match", "unless", "emit", "example",
    "counter", "=>",
];

/// Parses the text of the rules file `name`, where the macros `inherited` (those of the
/// files loaded before it) are known; the first fault stops it.
pub fn parse(name: &str, text: &str, inherited: &HashMap<String, Pattern>) -> Result<File, Error> {
    let (file, mut faults) = parse_all(name, text, inherited);
    if faults.is_empty() {
        Ok(file)
    } else {
        Err(faults.swap_remove(0))
    }
}

/// Parses like [`parse`], but goes on after a fault and returns every fault, in line
/// order, beside what parsed (for `quidit check`, where a linguist wants the whole list).
///
/// Recovery is by rule: a fault in a rule's field drops that rule and skips its other
/// fields up to the next `rule`, `define` or `phase`, so one typo is one fault, not one per
/// line after it; a continuation line that continues nothing is skipped alone. A macro whose
/// definition is faulty is still defined, as an empty pattern, so that its uses are not
/// reported again as unknown macros. The file returned is complete only when there is no
/// fault.
pub fn parse_all(
    name: &str,
    text: &str,
    inherited: &HashMap<String, Pattern>,
) -> (File, Vec<Error>) {
    let mut faults = Vec::new();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let fail = |line: usize, byte: usize, message: String| {
        let raw = lines.get(line - 1).copied().unwrap_or("");
        let column = raw[..byte.min(raw.len())].chars().count() + 1;
        Error::syntax(name, line, column, raw, message)
    };
    // Group lines into fields; a field's value may run over several lines.
    let mut fields: Vec<Field> = Vec::new();
    for (index, raw) in lines.iter().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let word = trimmed.split_whitespace().next().unwrap_or("");
        if KEYWORDS.contains(&word) {
            let value_at = indent + word.len();
            let value = &raw[value_at..];
            let lead = value.len() - value.trim_start().len();
            fields.push(Field {
                keyword: word.to_string(),
                keyword_at: indent,
                value: value.trim().to_string(),
                segments: vec![Segment {
                    offset: 0,
                    line: number,
                    base: value_at + lead,
                }],
            });
        } else if let Some(last) = fields.last_mut() {
            if !matches!(last.keyword.as_str(), "match" | "unless" | "define") {
                faults.push(fail(
                    number,
                    indent,
                    format!(
                        "`{word}` is not a keyword; a line continues only a `match`, `unless` \
                         or `define` (keywords: {})",
                        KEYWORDS.join(", ")
                    ),
                ));
                // The rule it is in is faulty: left out, and not reported again for what
                // the line may have meant to give it (its `emit`, say).
                fields.push(Field::faulty(number));
                continue;
            }
            // A continuation line: joined with a space; positions still point into it.
            last.value.push(' ');
            last.segments.push(Segment {
                offset: last.value.len(),
                line: number,
                base: indent,
            });
            last.value.push_str(trimmed.trim_end());
        } else {
            faults.push(fail(
                number,
                indent,
                format!("expected a keyword, found `{word}`"),
            ));
        }
    }

    let mut file = File::default();
    let mut phase = 1;
    let mut macros: HashMap<String, Pattern> = inherited.clone();
    // Elements in the file's patterns and macros, macros counted wherever they are used.
    let mut elements = 0;
    let mut current: Option<Draft> = None;
    // After a fault, the rest of the rule or definition it is in is skipped.
    let mut skipping = false;
    for field in fields {
        let Field { keyword, value, .. } = &field;
        let (keyword, value) = (keyword.clone(), value.clone());
        let (line, at) = (field.segments[0].line, field.segments[0].base);
        let locate = |offset: usize| field.locate(offset);
        let need_rule = |current: &mut Option<Draft>| -> Result<(), Error> {
            if current.is_none() {
                return Err(fail(
                    line,
                    field.keyword_at,
                    format!("`{keyword}` outside a rule: start with `rule ID`"),
                ));
            }
            Ok(())
        };
        if matches!(keyword.as_str(), "phase" | "define" | "rule") {
            skipping = false;
            if let Err(e) = finish(&mut current, &mut file, &fail) {
                faults.push(e);
            }
        } else if skipping {
            continue;
        } else if keyword == FAULTY {
            skipping = true;
            current = None;
            continue;
        }
        let mut field_result = || -> Result<(), Error> {
            match keyword.as_str() {
                "phase" => {
                    phase = value.parse().map_err(|_| {
                        fail(line, at, format!("`phase` takes a number, not `{value}`"))
                    })?;
                }
                "define" => {
                    let Some((lhs, rhs)) = value.split_once('=') else {
                        return Err(fail(line, at, "expected `define $NAME = pattern`".into()));
                    };
                    let lhs = lhs.trim();
                    if !is_macro_name(lhs) {
                        return Err(fail(
                            line,
                            at,
                            format!("a macro name is `$` + letters, not `{lhs}`"),
                        ));
                    }
                    let rhs_at = value.find('=').unwrap_or(0) + 1;
                    let pattern = PatternParser::new(rhs, rhs_at, &locate, &macros, &fail)
                        .parse(&mut elements)?;
                    macros.insert(lhs.to_string(), pattern);
                }
                "rule" => {
                    if value.is_empty()
                        || value.contains(char::is_whitespace)
                        || !value
                            .chars()
                            .all(|c| is_name_char(c) || c == '.' || c == '-')
                    {
                        return Err(fail(
                            line,
                            at,
                            format!(
                                "a rule id is one word of letters, digits, `.`, `-`, `_`, not `{value}`"
                            ),
                        ));
                    }
                    if file.rules.iter().any(|r| r.id == value) {
                        return Err(fail(
                            line,
                            at,
                            format!("rule `{value}` is defined twice in this file"),
                        ));
                    }
                    current = Some(Draft {
                        id: value.clone(),
                        line,
                        phase,
                        ..Draft::default()
                    });
                }
                "priority" => {
                    need_rule(&mut current)?;
                    let n = value.parse().map_err(|_| {
                        fail(
                            line,
                            at,
                            format!("`priority` takes an integer, not `{value}`"),
                        )
                    })?;
                    if let Some(d) = current.as_mut() {
                        d.priority = n;
                    }
                }
                "group" => {
                    need_rule(&mut current)?;
                    if value.is_empty() || !value.chars().all(|c| is_name_char(c) || c == '.') {
                        return Err(fail(line, at, "a group is one word".into()));
                    }
                    if let Some(d) = current.as_mut() {
                        d.group = Some(value.clone());
                    }
                }
                "match" | "unless" => {
                    need_rule(&mut current)?;
                    let pattern = PatternParser::new(&value, 0, &locate, &macros, &fail)
                        .parse(&mut elements)?;
                    let draft = current.as_mut().expect("checked");
                    if keyword == "match" {
                        if draft.pattern.is_some() {
                            return Err(fail(line, at, "a rule has one `match`".into()));
                        }
                        draft.pattern = Some(pattern);
                    } else {
                        draft.unless.push(pattern);
                    }
                }
                "emit" => {
                    need_rule(&mut current)?;
                    let emit = parse_emit(&value, line, at, &fail)?;
                    let draft = current.as_mut().expect("checked");
                    if draft.emit.is_some() {
                        return Err(fail(line, at, "a rule has one `emit`".into()));
                    }
                    draft.emit = Some(emit);
                }
                "example" | "counter" => {
                    need_rule(&mut current)?;
                    if value.is_empty() {
                        return Err(fail(line, at, format!("`{keyword}` needs a sentence")));
                    }
                    current.as_mut().expect("checked").examples.push(Example {
                        text: value.clone(),
                        expect: Vec::new(),
                        counter: keyword == "counter",
                        line,
                    });
                }
                "=>" => {
                    need_rule(&mut current)?;
                    let draft = current.as_mut().expect("checked");
                    let Some(example) = draft.examples.last_mut().filter(|e| !e.counter) else {
                        return Err(fail(line, at, "`=>` follows an `example`".into()));
                    };
                    example
                        .expect
                        .push(parse_expectation(&value, line, at, &fail)?);
                }
                _ => unreachable!("every keyword is handled"),
            }
            Ok(())
        };
        if let Err(e) = field_result() {
            faults.push(e);
            skipping = true;
            current = None;
            if keyword == "define"
                && let Some((lhs, _)) = value.split_once('=')
                && is_macro_name(lhs.trim())
            {
                macros.insert(lhs.trim().to_string(), Pattern::Seq(Vec::new()));
            }
        }
    }
    if let Err(e) = finish(&mut current, &mut file, &fail) {
        faults.push(e);
    }
    file.macros = macros;
    // The continuation-line faults were found before the others.
    faults.sort_by_key(|e| e.location().map_or(0, |l| l.line));
    (file, faults)
}

/// One field: a keyword and its value, which may run over several lines.
struct Field {
    keyword: String,
    /// Byte column of the keyword in its line.
    keyword_at: usize,
    value: String,
    /// Where each line's part of `value` starts in `value` and in its line.
    segments: Vec<Segment>,
}

struct Segment {
    offset: usize,
    line: usize,
    base: usize,
}

impl Field {
    /// The mark a faulty line leaves in the field list (already reported): the rule it is
    /// in is dropped.
    fn faulty(line: usize) -> Field {
        Field {
            keyword: FAULTY.to_string(),
            keyword_at: 0,
            value: String::new(),
            segments: vec![Segment {
                offset: 0,
                line,
                base: 0,
            }],
        }
    }

    /// The line and byte column of an offset into the joined value.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let s = self
            .segments
            .iter()
            .rev()
            .find(|s| s.offset <= offset)
            .unwrap_or(&self.segments[0]);
        (s.line, s.base + offset - s.offset)
    }
}

/// `$` + letters, digits or `_`.
fn is_macro_name(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('$') && s[1..].chars().all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[derive(Default)]
struct Draft {
    id: String,
    line: usize,
    phase: u32,
    priority: i32,
    group: Option<String>,
    pattern: Option<Pattern>,
    unless: Vec<Pattern>,
    emit: Option<Emit>,
    examples: Vec<Example>,
}

fn finish(
    current: &mut Option<Draft>,
    file: &mut File,
    fail: &dyn Fn(usize, usize, String) -> Error,
) -> Result<(), Error> {
    let Some(d) = current.take() else {
        return Ok(());
    };
    let Some(pattern) = d.pattern else {
        return Err(fail(d.line, 0, format!("rule `{}` has no `match`", d.id)));
    };
    let Some(emit) = d.emit else {
        return Err(fail(d.line, 0, format!("rule `{}` has no `emit`", d.id)));
    };
    if !d.examples.iter().any(|e| !e.counter) {
        return Err(fail(
            d.line,
            0,
            format!(
                "rule `{}` has no `example`: every rule shows what it finds",
                d.id
            ),
        ));
    }
    file.rules.push(Rule {
        id: d.id,
        phase: d.phase,
        priority: d.priority,
        group: d.group,
        pattern,
        unless: d.unless,
        emit,
        examples: d.examples,
        line: d.line,
    });
    Ok(())
}

/// `Quote(kind=direct, content=contenu, cue, source)`.
fn parse_emit(
    value: &str,
    line: usize,
    at: usize,
    fail: &dyn Fn(usize, usize, String) -> Error,
) -> Result<Emit, Error> {
    let Some(open) = value.find('(') else {
        return Err(fail(
            line,
            at,
            "expected `Type(role, …)`, as in `Quote(content, cue, source)`".into(),
        ));
    };
    if !value.ends_with(')') {
        return Err(fail(
            line,
            at + value.len(),
            "missing `)` at the end of `emit`".into(),
        ));
    }
    let kind = value[..open].trim().to_string();
    if kind.is_empty() || !kind.chars().all(is_name_char) {
        return Err(fail(line, at, format!("`{kind}` is not a type name")));
    }
    let mut emit = Emit {
        kind,
        roles: Vec::new(),
        attrs: Vec::new(),
        pos: (line, at),
    };
    let inner = &value[open + 1..value.len() - 1];
    let mut offset = open + 1;
    for piece in inner.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let item = piece.trim();
        let item_at = at + offset + lead;
        offset += piece.len() + 1;
        if item.is_empty() {
            return Err(fail(line, item_at, "empty argument in `emit`".into()));
        }
        let (key, val) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (item, item),
        };
        if !key.chars().all(is_name_char) || !val.chars().all(|c| is_name_char(c) || c == '?') {
            return Err(fail(
                line,
                item_at,
                format!("expected `role` or `role=capture`, found `{item}`"),
            ));
        }
        if key == "kind" || (key == "source" && val == "previous") {
            emit.attrs.push((key.to_string(), val.to_string()));
        } else {
            emit.roles.push((key.to_string(), val.to_string()));
        }
    }
    Ok(emit)
}

/// `content="…" cue="a déclaré"`.
fn parse_expectation(
    value: &str,
    line: usize,
    at: usize,
    fail: &dyn Fn(usize, usize, String) -> Error,
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let role = &value[start..i];
        if i + 1 >= bytes.len() || bytes[i] != b'=' || bytes[i + 1] != b'"' {
            return Err(fail(line, at + start, "expected `role=\"text\"`".into()));
        }
        let known = super::examples::ATTRIBUTION_ROLES
            .iter()
            .chain(super::examples::NAME_ROLES);
        if !known.clone().any(|r| *r == role) {
            return Err(fail(
                line,
                at + start,
                format!(
                    "unknown role `{role}` in an expectation (roles: {})",
                    known.copied().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        i += 2;
        let text_start = i;
        while i < bytes.len() && bytes[i] != b'"' {
            i += 1;
        }
        if i >= bytes.len() {
            return Err(fail(line, at + text_start - 1, "unclosed `\"`".into()));
        }
        out.push((role.to_string(), value[text_start..i].to_string()));
        i += 1;
    }
    if out.is_empty() {
        return Err(fail(
            line,
            at,
            "expected at least one `role=\"text\"`".into(),
        ));
    }
    Ok(out)
}

/// How deeply elements may nest in one pattern, macros substituted: groups `( … )`,
/// negations `!x`, conditions `x & y`. The built-in rules nest at most 16 levels; the parser and
/// every pass over a pattern after it recurse once a level, so the bound keeps a hostile
/// rules file (5,000 nested parentheses) from overflowing the stack: it gets a located
/// error instead.
pub const MAX_DEPTH: usize = 64;

/// How many elements the patterns and macros of one rules file may hold once macros are
/// substituted. A macro is copied wherever it is used, so that 24 macros that each use the
/// previous one twice would make 16 million elements and gigabytes; each built-in pattern
/// holds fewer than 2,000.
pub const MAX_ELEMENTS: usize = 1_000_000;

/// How deeply `p`'s elements nest and how many there are: the parser's limits applied to a
/// macro where it is used. Recursion is safe: every pattern was built within those limits.
fn measure(p: &Pattern) -> (usize, usize) {
    fn atom(a: &Atom) -> (usize, usize) {
        match a {
            Atom::Group(p) => {
                let (d, n) = measure(p);
                (d + 1, n)
            }
            Atom::Not(a) => {
                let (d, n) = atom(a);
                (d + 1, n)
            }
            Atom::And(a, b) => {
                let ((da, na), (db, nb)) = (atom(a), atom(b));
                (da.max(db) + 1, na + nb)
            }
            _ => (0, 0),
        }
    }
    match p {
        Pattern::Seq(items) | Pattern::Alt(items) => items
            .iter()
            .map(measure)
            .fold((0, 0), |(d, n), (di, ni)| (d.max(di), n + ni)),
        Pattern::Item { atom: a, .. } => {
            let (d, n) = atom(a);
            (d, n + 1)
        }
    }
}

/// A recursive-descent parser over one field's value.
struct PatternParser<'a> {
    src: &'a str,
    at: usize,
    /// How many groups, negations and conditions enclose the element being read.
    depth: usize,
    /// Elements read so far in the file, macros counted with their whole size.
    elements: usize,
    /// Offset of `src` in its field's joined value.
    base: usize,
    locate: &'a dyn Fn(usize) -> (usize, usize),
    macros: &'a HashMap<String, Pattern>,
    fail: &'a dyn Fn(usize, usize, String) -> Error,
}

impl<'a> PatternParser<'a> {
    fn new(
        src: &'a str,
        base: usize,
        locate: &'a dyn Fn(usize) -> (usize, usize),
        macros: &'a HashMap<String, Pattern>,
        fail: &'a dyn Fn(usize, usize, String) -> Error,
    ) -> Self {
        PatternParser {
            src,
            at: 0,
            depth: 0,
            elements: 0,
            base,
            locate,
            macros,
            fail,
        }
    }

    fn position(&self, at: usize) -> (usize, usize) {
        (self.locate)(self.base + at)
    }

    fn error(&self, at: usize, message: impl Into<String>) -> Error {
        let (line, column) = self.position(at);
        (self.fail)(line, column, message.into())
    }

    /// Parses the whole value; `elements` counts those of the file so far, this pattern's
    /// added.
    fn parse(mut self, elements: &mut usize) -> Result<Pattern, Error> {
        self.elements = *elements;
        let p = self.alt()?;
        self.skip_ws();
        if self.at < self.src.len() {
            let c = self.rest().chars().next().unwrap_or(' ');
            return Err(self.error(self.at, format!("unexpected `{c}`")));
        }
        *elements = self.elements;
        Ok(p)
    }

    fn rest(&self) -> &'a str {
        &self.src[self.at..]
    }

    /// Enters an element that encloses others, `extra` levels deep (a macro's whole depth);
    /// refused past [`MAX_DEPTH`], before any recursion.
    fn deeper(&mut self, at: usize, extra: usize) -> Result<(), Error> {
        self.depth += extra;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                at,
                format!("elements nested more than {MAX_DEPTH} deep (groups, `!`, `&`, macros)"),
            ));
        }
        Ok(())
    }

    /// Counts `n` more elements; refused past [`MAX_ELEMENTS`].
    fn count(&mut self, at: usize, n: usize) -> Result<(), Error> {
        self.elements += n;
        if self.elements > MAX_ELEMENTS {
            return Err(self.error(
                at,
                format!(
                    "rules too large: more than {MAX_ELEMENTS} elements in this file once \
                     macros are substituted"
                ),
            ));
        }
        Ok(())
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn alt(&mut self) -> Result<Pattern, Error> {
        let mut branches = vec![self.seq()?];
        loop {
            self.skip_ws();
            if self.rest().starts_with('|') {
                self.at += 1;
                branches.push(self.seq()?);
            } else {
                break;
            }
        }
        Ok(if branches.len() == 1 {
            branches.pop().expect("one branch")
        } else {
            Pattern::Alt(branches)
        })
    }

    fn seq(&mut self) -> Result<Pattern, Error> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.rest().chars().next() {
                None | Some('|') | Some(')') => break,
                _ => items.push(self.item()?),
            }
        }
        if items.is_empty() {
            return Err(self.error(self.at, "empty pattern: expected an element"));
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Pattern::Seq(items)
        })
    }

    fn item(&mut self) -> Result<Pattern, Error> {
        // `name:` capture prefix.
        let mut capture = None;
        let word: String = self
            .rest()
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        if !word.is_empty()
            && word.chars().next().is_some_and(char::is_lowercase)
            && self.rest()[word.len()..].starts_with(':')
        {
            capture = Some(word.clone());
            self.at += word.len() + 1;
        }
        let atom_at = self.at;
        self.count(atom_at, 1)?;
        let depth = self.depth;
        let mut atom = self.atom()?;
        // `x & y & z`: conditions on the first token of `x`'s match, each one level deeper
        // in the tree.
        loop {
            let before = self.at;
            self.skip_ws();
            if !self.rest().starts_with('&') {
                self.at = before;
                break;
            }
            self.deeper(self.at, 1)?;
            self.at += 1;
            self.skip_ws();
            let condition = self.atom()?;
            atom = Atom::And(Box::new(atom), Box::new(condition));
        }
        self.depth = depth;
        let (min, max, lazy) = self.quantifier()?;
        if matches!(atom, Atom::Any) && max == u32::MAX {
            return Err(self.error(
                atom_at,
                "`_` repeated without a bound could swallow a whole text: write `_{0,20}`",
            ));
        }
        let pos = self.position(atom_at);
        // A macro used as an item is substituted (with the item's capture and quantifier).
        Ok(Pattern::Item {
            capture,
            atom,
            min,
            max,
            lazy,
            pos,
        })
    }

    fn atom(&mut self) -> Result<Atom, Error> {
        let at = self.at;
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Err(self.error(at, "expected an element"));
        };
        match c {
            '"' => {
                let Some(end) = rest[1..].find('"') else {
                    return Err(self.error(at, "unclosed `\"`"));
                };
                let lit = &rest[1..1 + end];
                if lit.trim().is_empty() {
                    return Err(self.error(at, "empty literal"));
                }
                self.at += end + 2;
                Ok(Atom::Literal(lit.to_string()))
            }
            '/' => {
                let mut end = None;
                let mut escaped = false;
                for (i, ch) in rest[1..].char_indices() {
                    if escaped {
                        escaped = false;
                    } else if ch == '\\' {
                        escaped = true;
                    } else if ch == '/' {
                        end = Some(i);
                        break;
                    }
                }
                let Some(end) = end else {
                    return Err(self.error(at, "unclosed `/` regular expression"));
                };
                let re = &rest[1..1 + end];
                // Checked by parsing alone (compiling `\p{Ll}` takes a millisecond; the rule
                // set compiles each distinct expression once).
                if let Err(e) = regex_syntax::Parser::new().parse(re) {
                    let msg = e.to_string();
                    let last = msg.lines().last().unwrap_or("").trim().to_string();
                    return Err(self.error(at + 1, format!("bad regular expression: {last}")));
                }
                self.at += end + 2;
                Ok(Atom::Regex(re.to_string()))
            }
            '<' => {
                let Some(close) = rest.find('>') else {
                    return Err(self.error(at, "unclosed `<`: a part of speech is `<N>`, `<V:K>`…"));
                };
                let code = &rest[1..close];
                self.at += close + 1;
                Ok(Atom::Pos(code.to_string()))
            }
            '@' => {
                let name: String = rest[1..].chars().take_while(|c| is_name_char(*c)).collect();
                if name.is_empty() {
                    return Err(self.error(at, "`@` is followed by a lexicon name (`@verbes_parole`)"));
                }
                self.at += 1 + name.len();
                let mut filters = Vec::new();
                if self.rest().starts_with('[') {
                    let Some(close) = self.rest().find(']') else {
                        return Err(self.error(self.at, "unclosed `[`"));
                    };
                    let inside = &self.rest()[1..close];
                    for f in inside.split(',') {
                        let Some((k, v)) = f.split_once('=') else {
                            return Err(self.error(
                                self.at + 1,
                                "a filter is `key=value` or `key!=value`",
                            ));
                        };
                        let (key, negated) = match k.strip_suffix('!') {
                            Some(k) => (k, true),
                            None => (k, false),
                        };
                        let values: Vec<String> =
                            v.split('|').map(|v| v.trim().to_string()).collect();
                        if key.trim().is_empty() || values.iter().any(String::is_empty) {
                            return Err(self.error(
                                self.at + 1,
                                "a filter is `key=value`, `key=value|value…` or `key!=value`",
                            ));
                        }
                        filters.push(Filter {
                            key: key.trim().to_string(),
                            values,
                            negated,
                        });
                    }
                    self.at += close + 1;
                }
                Ok(Atom::Lexicon(name, filters))
            }
            '$' => {
                let name: String = std::iter::once('$')
                    .chain(rest[1..].chars().take_while(|c| is_name_char(*c)))
                    .collect();
                let Some(p) = self.macros.get(&name) else {
                    return Err(self.error(at, format!("unknown macro `{name}`: define it first with `define {name} = …`")));
                };
                let (depth, elements) = measure(p);
                self.deeper(at, depth + 1)?;
                self.depth -= depth + 1;
                self.count(at, elements)?;
                self.at += name.len();
                Ok(Atom::Group(Box::new(p.clone())))
            }
            '_' if !rest[1..].starts_with(is_name_char) => {
                self.at += 1;
                Ok(Atom::Any)
            }
            '(' => {
                self.deeper(at, 1)?;
                self.at += 1;
                let inner = self.alt()?;
                self.skip_ws();
                if !self.rest().starts_with(')') {
                    return Err(self.error(at, "unclosed `(`"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(Atom::Group(Box::new(inner)))
            }
            '!' => {
                self.deeper(at, 1)?;
                self.at += 1;
                let inner = self.atom()?;
                self.depth -= 1;
                Ok(Atom::Not(Box::new(inner)))
            }
            c if c.is_uppercase() => {
                let name: String = rest
                    .chars()
                    .take_while(|c| is_name_char(*c) || *c == '.')
                    .collect();
                self.at += name.len();
                Ok(Atom::Name(name))
            }
            c if c.is_alphabetic() => {
                let word: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
                Err(self.error(
                    at,
                    format!(
                        "`{word}` is not a keyword nor an element: write a word to match in quotes \
                         (\"{word}\"), a capture as `{word}:ELEMENT`, or check the keyword \
                         (keywords: {})",
                        KEYWORDS.join(", ")
                    ),
                ))
            }
            c => Err(self.error(
                at,
                format!(
                    "unexpected `{c}`: an element is \"word\", /regex/, @lexicon, NAME, _, $MACRO or ( … )"
                ),
            )),
        }
    }

    fn quantifier(&mut self) -> Result<(u32, u32, bool), Error> {
        let rest = self.rest();
        let (min, max, len) = match rest.chars().next() {
            Some('?') => (0, 1, 1),
            Some('*') => (0, u32::MAX, 1),
            Some('+') => (1, u32::MAX, 1),
            Some('{') => {
                let Some(close) = rest.find('}') else {
                    return Err(self.error(self.at, "unclosed `{`"));
                };
                let inside = &rest[1..close];
                let bad = || {
                    self.error(
                        self.at,
                        format!("expected `{{m,n}}` or `{{n}}`, found `{{{inside}}}`"),
                    )
                };
                let (min, max) = match inside.split_once(',') {
                    Some((a, b)) => (
                        a.trim().parse::<u32>().map_err(|_| bad())?,
                        b.trim().parse::<u32>().map_err(|_| bad())?,
                    ),
                    None => {
                        let n = inside.trim().parse::<u32>().map_err(|_| bad())?;
                        (n, n)
                    }
                };
                if min > max {
                    return Err(self.error(
                        self.at,
                        format!("`{{{min},{max}}}`: the least is more than the most"),
                    ));
                }
                if max > 200 {
                    return Err(self.error(self.at, "at most 200 repetitions"));
                }
                (min, max, close + 1)
            }
            _ => return Ok((1, 1, false)),
        };
        self.at += len;
        let lazy = self.rest().starts_with('?');
        if lazy {
            self.at += 1;
        }
        Ok((min, max, lazy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
# Citations
phase 2
define $DET = "le" | "la" | "l'"

rule citation.test
  priority 5
  match    contenu:QUOTE ","? verbe:(@aux? @verbes_parole)
           $DET? source:PER
  unless   "ne" _{0,2} @verbes_parole
  emit     Quote(kind=direct, content=contenu, cue=verbe, source)
  example  « Non », a déclaré Jean Dupont.
        => content="Non" cue="a déclaré" source="Jean Dupont"
  counter  « Non », n'a pas déclaré Jean Dupont.
"#;

    #[test]
    fn parses_a_rule() {
        let f = parse("rules/t.rules", GOOD, &HashMap::new()).unwrap();
        assert_eq!(f.rules.len(), 1);
        let r = &f.rules[0];
        assert_eq!(
            (r.id.as_str(), r.phase, r.priority),
            ("citation.test", 2, 5)
        );
        assert_eq!(r.emit.kind, "Quote");
        assert_eq!(r.emit.attrs, [("kind".to_string(), "direct".to_string())]);
        assert_eq!(r.emit.roles.len(), 3);
        assert_eq!(r.examples.len(), 2);
        assert_eq!(
            r.examples[0].expect[0][1],
            ("cue".into(), "a déclaré".into())
        );
        assert!(r.examples[1].counter);
        let Pattern::Seq(items) = &r.pattern else {
            panic!("a sequence")
        };
        assert_eq!(items.len(), 5, "continuation line joined: {items:?}");
    }

    /// (file text, line, column, a word of the message)
    const BAD: &[(&str, usize, usize, &str)] = &[
        (
            "rule a\n  match \"x\n  emit Quote(content)\n  example x\n",
            2,
            9,
            "unclosed",
        ),
        (
            "rule a\n  match PER{3,1}\n  emit Quote(content)\n  example x\n",
            2,
            12,
            "least",
        ),
        (
            "rule a\n  match _*\n  emit Quote(content)\n  example x\n",
            2,
            9,
            "bound",
        ),
        (
            "rule a\n  match $X\n  emit Quote(content)\n  example x\n",
            2,
            9,
            "unknown macro",
        ),
        (
            "rule a\n  match PER\n  emit Quote(content)\n",
            1,
            1,
            "no `example`",
        ),
        (
            "rule a\n  match /(/\n  emit Quote(content)\n  example x\n",
            2,
            10,
            "regular expression",
        ),
        (
            "rule a\n  match \"x\" /\\p{Nope}+/\n  emit Quote(content)\n  example x\n",
            2,
            14,
            "regular expression",
        ),
        (
            "rule a\n  match PER\n  emits Quote\n",
            3,
            3,
            "not a keyword",
        ),
        ("  match PER\n", 1, 3, "outside a rule"),
        (
            "rule a\n  match PER )\n  emit Quote(content)\n  example x\n",
            2,
            13,
            "unexpected",
        ),
        (
            "rule a\n  match PER\n  emit Quote(content)\n  example x\n  => content=x\n",
            5,
            6,
            "role=\"",
        ),
        ("phase deux\n", 1, 7, "number"),
    ];

    /// Every faulty rule is reported once, in line order, and left out; the rules around
    /// it parse; a faulty macro's uses are not reported again.
    #[test]
    fn every_fault_is_reported_once() {
        let text = "rule a\n  priority x\n  match PER\n  emit Quote(content)\n  example x\n\
                    rule b\n  match PER\n  emit Quote(content)\n  example x\n\
                    define $M = ( PER\n\
                    rule c\n  match $M\n  emit Quote(content)\n  example x\n\
                    rule d\n  match PER )\n  emit Quote(content)\n  example x\n\
                    rule e\n  match PER\n  emits Quote(content)\n  example x\n";
        let (file, faults) = parse_all("rules/t.rules", text, &HashMap::new());
        let lines: Vec<usize> = faults
            .iter()
            .map(|e| e.location().expect("located").line)
            .collect();
        assert_eq!(lines, [2, 10, 16, 21], "{faults:?}");
        let ids: Vec<&str> = file.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        // The first fault is what `parse` reports.
        let first = parse("rules/t.rules", text, &HashMap::new()).unwrap_err();
        assert_eq!(first.location().unwrap().line, 2);
    }

    #[test]
    fn faults_are_located() {
        for &(text, line, column, word) in BAD {
            let err = parse("rules/bad.rules", text, &HashMap::new()).unwrap_err();
            let loc = err.location().expect("located");
            assert_eq!((loc.line, loc.column), (line, column), "{text:?}\n{err}");
            assert!(err.message().contains(word), "{text:?}: {err}");
        }
    }
}
