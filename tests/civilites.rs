//! The civilités (`M.`, `Mme`, `Dr`…) are in three lists, for three purposes (`DESIGN.md`,
//! "Word lists"): the lexicon `gazetteers/lexique/titres.txt` (`type=civilite`: what
//! announces a person, with its gender), `data/identity/civilites.txt` (what a person's
//! identity key drops) and `data/tokenise/abreviations.txt` (which abbreviations keep their
//! period). The lexicon is the reference: these tests keep the other two from drifting away
//! from it without a word in the exceptions below.

use std::collections::HashSet;

/// Identity civilités that are no form of the lexicon, each with why.
const IDENTITY_ONLY: &[(&str, &str)] = &[(
    "mr",
    "`Mr Smith`: not in the lexicon, where a civilité makes the next name a person, so \
     adding it there changes tagging and wants an evaluation of its own",
)];

fn data(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
}

fn words(path: &str) -> Vec<String> {
    data(path)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// The forms of the lexicon's civilités, as written.
fn lexicon_civilites() -> Vec<String> {
    let path = "gazetteers/lexique/titres.txt";
    let file = quidit::gazetteer::parse::parse(path, &data(path)).expect("titres.txt parses");
    file.lines
        .iter()
        .filter(|l| l.attrs.iter().any(|(k, v)| k == "type" && v == "civilite"))
        .flat_map(|l| l.forms.iter().map(|f| f.text.clone()))
        .collect()
}

#[test]
fn every_identity_civilite_is_a_civilite_of_the_lexicon() {
    let lexicon: HashSet<String> = lexicon_civilites()
        .iter()
        .map(|f| f.to_lowercase())
        .collect();
    for word in words("data/identity/civilites.txt") {
        assert!(
            lexicon.contains(&word) || IDENTITY_ONLY.iter().any(|(w, _)| *w == word),
            "data/identity/civilites.txt: {word:?} is no civilité of gazetteers/lexique/titres.txt \
             (add it there, or to IDENTITY_ONLY in tests/civilites.rs with why)"
        );
    }
}

#[test]
fn every_abbreviated_civilite_of_the_lexicon_keeps_its_period_in_the_tokeniser() {
    let abbreviations: HashSet<String> = words("data/tokenise/abreviations.txt")
        .into_iter()
        .collect();
    let mut checked = 0;
    for form in lexicon_civilites() {
        // An abbreviation is a short form with a capital (`M.`, `Mme`, `Dr.`), not a word
        // (`monsieur`, `sir`).
        let bare = form.strip_suffix('.').unwrap_or(&form);
        if form.chars().next().is_some_and(char::is_uppercase) && bare.chars().count() <= 5 {
            assert!(
                abbreviations.contains(bare),
                "{form:?}, a civilité of gazetteers/lexique/titres.txt, is not in \
                 data/tokenise/abreviations.txt: its period would end the sentence"
            );
            checked += 1;
        }
    }
    // M., MM., Mme, Mmes, Mlle, Mlles, Dr, Dr., Me, Pr, Pr., Mgr.
    assert!(checked >= 12, "{checked} abbreviated civilités");
}
