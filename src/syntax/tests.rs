//! The syntax stage's tests: the table of cases is data, in `tests/data/syntax/pos.txt`,
//! for a linguist to edit.

use super::*;
use crate::tokenise::{split_sentences, tokenise};

#[test]
fn the_table_of_parts_of_speech_holds() {
    let table = include_str!("../../tests/data/syntax/pos.txt");
    let classes = Classes::builtin();
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in table.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        cases += 1;
        let words: Vec<(&str, Option<&str>)> = line
            .split(' ')
            .map(|w| match w.rsplit_once('/') {
                Some((form, tag)) if !form.is_empty() => (form, Some(tag)),
                _ => (w, None),
            })
            .collect();
        let text = words.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(" ");
        let (mut tokens, mut sentences, mut scratch, mut pos) =
            (Vec::new(), Vec::new(), SyntaxScratch::default(), Vec::new());
        tokenise(&text, &mut tokens);
        split_sentences(&text, &tokens, &mut sentences);
        tag(&text, &tokens, &sentences, &classes, &mut scratch, &mut pos);
        let got: Vec<&str> = tokens.iter().map(|t| t.text(&text)).collect();
        let want: Vec<&str> = words.iter().map(|(f, _)| *f).collect();
        if got != want {
            failures.push(format!(
                "tests/data/syntax/pos.txt:{}: tokens {got:?}, the case writes {want:?}",
                n + 1
            ));
            continue;
        }
        for (i, (form, tag)) in words.iter().enumerate() {
            if let Some(tag) = tag {
                if pos[i].name() != *tag {
                    failures.push(format!(
                        "tests/data/syntax/pos.txt:{}: `{form}` is {}, not {tag}",
                        n + 1,
                        pos[i].name()
                    ));
                }
            }
        }
    }
    assert!(cases > 10, "the table has cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_context_set_is_read() {
    // Reading the sets panics on a set the rules do not name, or one missing.
    let _ = &*pos::CONTEXT;
}

#[test]
fn a_sentence_is_tagged_the_same_alone_or_in_any_order() {
    // What lets the rules' view tag sentences lazily (`LazyPos`): a sentence's tags do not
    // depend on the sentences around it, nor on what the scratch remembers.
    let text = "Le ministre l'accuse de mentir. Il a déclaré que la route était coupée. \
                Elle n'a que deux enfants. Le président annonce une annonce.";
    let classes = Classes::builtin();
    let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
    tokenise(text, &mut tokens);
    split_sentences(text, &tokens, &mut sentences);
    assert!(sentences.len() >= 4);
    let mut all = Vec::new();
    tag(
        text,
        &tokens,
        &sentences,
        &classes,
        &mut SyntaxScratch::default(),
        &mut all,
    );
    let mut lazy = vec![Pos::Other; tokens.len()];
    let mut scratch = SyntaxScratch::default();
    for s in sentences.iter().rev() {
        pos::tag_sentence(
            text,
            &tokens,
            s.tokens.clone(),
            &classes,
            &mut scratch,
            &mut lazy,
        );
    }
    assert_eq!(all, lazy);
}
