//! Inline examples run as tests: every rule's `example` must produce, through the whole
//! pipeline, an attribution by that rule with the roles its `=>` lines give, and every
//! `counter` must make the rule propose nothing at all.
//!
//! Roles compared: `content` (fragments of a discontinuous content joined with ` … `),
//! `cue`, `source`, `target`, `resolved` (the entity a pronoun source refers to) and `kind`.
//! Roles a line does not name are not checked.

use std::fmt;

use crate::Tagger;
use crate::document::{Attribution, Document};

/// An example or counter that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The rule's id.
    pub rule: String,
    /// Its file and the line of the example.
    pub file: String,
    /// Line of the `example` or `counter`.
    pub line: usize,
    /// The example's text.
    pub text: String,
    /// What was expected.
    pub expected: String,
    /// What the rule produced.
    pub found: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FAIL {}  {}:{}", self.rule, self.file, self.line)?;
        writeln!(f, "  text:     {}", self.text)?;
        writeln!(f, "  expected: {}", self.expected)?;
        write!(f, "  found:    {}", self.found)
    }
}

/// The roles an attribution rule's example can expect (`=> content="…" source="…"`).
pub(crate) const ATTRIBUTION_ROLES: &[&str] =
    &["content", "cue", "source", "target", "resolved", "kind"];

/// The roles a name rule's example can expect (`=> name="…" label="…"`).
pub(crate) const NAME_ROLES: &[&str] = &["name", "label"];

/// The text of one role of an attribution, as examples write it.
pub fn role_text(
    text: &str,
    doc: &Document<'_>,
    a: &Attribution<'_>,
    role: &str,
) -> Option<String> {
    let slice = |s: crate::Span| text[s.start..s.end].to_string();
    match role {
        "content" => Some(
            a.content
                .iter()
                .map(|s| slice(*s))
                .collect::<Vec<_>>()
                .join(" … "),
        ),
        "cue" => a.cue.map(slice),
        "source" => a.source.map(|m| slice(m.span)),
        "target" => a.target.map(|m| slice(m.span)),
        "resolved" => a
            .source
            .and_then(|m| m.resolved)
            .map(|e| slice(doc.entities[e].span)),
        "kind" => Some(a.kind.as_str().to_string()),
        _ => None,
    }
}

fn describe(text: &str, doc: &Document<'_>, a: &Attribution<'_>) -> String {
    ATTRIBUTION_ROLES
        .iter()
        .filter_map(|r| role_text(text, doc, a, r).map(|t| format!("{r}=\"{t}\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs every example of every rule; returns the failures and how many examples ran.
pub fn check(tagger: &Tagger) -> (Vec<Failure>, usize) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (index, rule) in tagger.rules().rules().iter().enumerate() {
        for ex in &rule.examples {
            ran += 1;
            let (doc, candidates) = tagger.tag_with_candidates(&ex.text);
            if let super::EmitKind::Entity(_) = rule.emit {
                let proposed = candidates
                    .iter()
                    .filter(|c| c.rule as usize == index)
                    .count();
                if let Some(f) = check_name(rule, ex, &doc, proposed) {
                    failures.push(f);
                }
                continue;
            }
            let mine: Vec<&Attribution<'_>> = doc
                .attributions
                .iter()
                .filter(|a| a.rule == rule.id)
                .collect();
            let fail = |expected: String, found: String| failure(rule, ex, expected, found);
            if ex.counter {
                let proposed = candidates
                    .iter()
                    .filter(|c| c.rule as usize == index)
                    .count();
                if proposed > 0 {
                    let found = if mine.is_empty() {
                        lost(tagger, &ex.text, &doc, &candidates, index)
                    } else {
                        mine.iter()
                            .map(|a| describe(&ex.text, &doc, a))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    };
                    failures.push(fail("nothing (counter)".into(), found));
                }
                continue;
            }
            for expect in &ex.expect {
                let ok = mine.iter().any(|a| {
                    expect.iter().all(|(role, want)| {
                        role_text(&ex.text, &doc, a, role).as_deref() == Some(want.as_str())
                    })
                });
                if !ok {
                    let expected = expect
                        .iter()
                        .map(|(r, t)| format!("{r}=\"{t}\""))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let found = if mine.is_empty() {
                        lost(tagger, &ex.text, &doc, &candidates, index)
                    } else {
                        mine.iter()
                            .map(|a| describe(&ex.text, &doc, a))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    };
                    failures.push(fail(expected, found));
                }
            }
            if ex.expect.is_empty() && mine.is_empty() {
                failures.push(fail("at least one attribution".into(), "nothing".into()));
            }
        }
    }
    (failures, ran)
}

/// What became of rule `index`'s candidates on an example where it kept nothing: each
/// candidate's roles, and the attribution of another rule that won over it (the one that
/// overlaps it), with its roles, so that the author sees which rule to look at.
fn lost(
    tagger: &Tagger,
    text: &str,
    doc: &Document<'_>,
    candidates: &[super::Emitted],
    index: usize,
) -> String {
    let mine: Vec<&super::Emitted> = candidates
        .iter()
        .filter(|c| c.rule as usize == index)
        .collect();
    if mine.is_empty() {
        return "nothing".into();
    }
    let mut tokens = Vec::new();
    crate::tokenise::tokenise(text, &mut tokens);
    let bytes = |(a, b): (u32, u32)| {
        let start = tokens.get(a as usize).map_or(text.len(), |t| t.start());
        let end = (b as usize)
            .checked_sub(1)
            .and_then(|i| tokens.get(i))
            .map_or(start, |t| t.end());
        start..end.max(start)
    };
    let rules = tagger.rules().rules();
    let mut out = Vec::new();
    for c in mine {
        let roles: Vec<String> = super::Role::ALL
            .iter()
            .filter_map(|&r| {
                let span = bytes(c.roles.get(r)?);
                Some(format!("{}=\"{}\"", r.name(), &text[span]))
            })
            .collect();
        let matched = bytes((c.start, c.end));
        let winners: Vec<String> = doc
            .attributions
            .iter()
            .filter(|a| a.matched.start < matched.end && matched.start < a.matched.end)
            .map(|a| format!("rule {} with {}", a.rule, describe(text, doc, a)))
            .collect();
        let id = &rules[index].id;
        out.push(if winners.is_empty() {
            format!("{id} proposed {} and it was dropped", roles.join(" "))
        } else {
            format!(
                "{id} proposed {} but lost to {}",
                roles.join(" "),
                winners.join("; ")
            )
        });
    }
    out.join(" | ")
}

fn failure(
    rule: &super::Rule,
    ex: &super::parse::Example,
    expected: String,
    found: String,
) -> Failure {
    Failure {
        rule: rule.id.clone(),
        file: rule.file.clone(),
        line: ex.line,
        text: ex.text.clone(),
        expected,
        found,
    }
}

/// An example of a rule that emits names: the entities it made, by their `name` (their
/// text) and `label`.
fn check_name(
    rule: &super::Rule,
    ex: &super::parse::Example,
    doc: &Document<'_>,
    proposed: usize,
) -> Option<Failure> {
    let mine: Vec<(String, &str)> = doc
        .entities
        .iter()
        .filter(|e| e.provenance == crate::Provenance::Rule { id: &rule.id })
        .map(|e| (e.text(&ex.text).to_string(), e.label.as_str()))
        .collect();
    let found = || {
        if mine.is_empty() && proposed > 0 {
            format!("{proposed} candidate(s), all lost in conflicts")
        } else if mine.is_empty() {
            "nothing".into()
        } else {
            mine.iter()
                .map(|(t, l)| format!("name=\"{t}\" label=\"{l}\""))
                .collect::<Vec<_>>()
                .join(" | ")
        }
    };
    let fail = |expected: String, found: String| failure(rule, ex, expected, found);
    if ex.counter {
        return (proposed > 0).then(|| fail("nothing (counter)".into(), found()));
    }
    for expect in &ex.expect {
        let ok = mine.iter().any(|(t, l)| {
            expect.iter().all(|(role, want)| match role.as_str() {
                "name" => t == want,
                "label" => l == want,
                _ => false,
            })
        });
        if !ok {
            let expected = expect
                .iter()
                .map(|(r, t)| format!("{r}=\"{t}\""))
                .collect::<Vec<_>>()
                .join(" ");
            return Some(fail(expected, found()));
        }
    }
    (ex.expect.is_empty() && mine.is_empty()).then(|| fail("at least one name".into(), found()))
}

#[cfg(test)]
mod tests {
    /// Every built-in rule's inline `example` and `counter` holds, through the whole
    /// pipeline with the built-in gazetteers: a linguist's edit that breaks one fails here
    /// (and in `quidit check`). A rule without an example does not compile. Here rather than
    /// in `tests/`, because the rules are the library's internals.
    #[test]
    fn every_builtin_rule_example_holds() {
        let tagger = crate::Tagger::builder().build().expect("built-ins load");
        let rules = tagger.rules().rules();
        assert!(!rules.is_empty());
        let (failures, ran) = tagger.check_examples();
        assert!(ran >= rules.len());
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "{}", report.join("\n\n"));
    }
}
