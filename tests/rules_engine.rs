//! The rule language end to end, on small gazetteers and rules written here: what each
//! construct matches, how conflicts settle, and that faults are located.

use quidit::Tagger;

const GAZ: &[(&str, &str)] = &[
    ("PER/t.txt", "Jens Stoltenberg\nFahrettin Altun\n"),
    ("ORG/t.txt", "=OSDH\n=OTAN\n"),
    ("LOC/pays.txt", "Turquie\nRussie\n"),
    (
        "lexique/verbes_parole.txt",
        "déclaré ; traits=Kms\ndéclare ; traits=P3s\naffirmé ; traits=Kms\nindique ; traits=P3s\n",
    ),
    ("lexique/aux.txt", "a\navait\n"),
    ("lexique/accuser.txt", "accuse\naccusé\n"),
];

const RULES: &str = r#"
define $ACTEUR = PER | ORG | LOC

rule test.direct
  priority 10
  match    content:QUOTE ","? cue:(@aux? @verbes_parole) source:$ACTEUR
  unless   ("ne" | "n'") _{0,2} @verbes_parole
  emit     Quote(content, cue, source, kind=direct)
  example  « Nous agirons », a déclaré Jens Stoltenberg.
        => content="Nous agirons" cue="a déclaré" source="Jens Stoltenberg" kind="direct"
  counter  « Nous agirons », n'a pas déclaré Jens Stoltenberg.

rule test.selon
  match    cue:"selon" "l'"? source:ORG "," content:_{1,40}? FIN
  emit     Quote(content, cue, source, kind=according)
  example  selon l'OSDH, 16 combattants ont été tués.
        => content="16 combattants ont été tués" source="OSDH"

rule test.accuse
  match    source:LOC cue:@accuser "la"? target:LOC ("de" | "d'") content:_{1,30}? ("," | FIN)
  emit     Charge(content, cue, source, target)
  example  la Russie accuse la Turquie de soutenir des groupes terroristes.
        => content="soutenir des groupes terroristes" source="Russie" target="Turquie" cue="accuse"

rule test.pronom
  match    source:"il" cue:@verbes_parole "que" content:_{1,30}? FIN
  emit     Quote(content, cue, source, kind=indirect)
  example  Jens Stoltenberg est arrivé. Puis il déclare que la Turquie est une alliée.
        => source="il" resolved="Jens Stoltenberg" content="la Turquie est une alliée"
"#;

/// Runs `t`'s examples: there are `count` and every one holds.
fn examples_hold(t: &Tagger, count: usize) {
    let (failures, ran) = t.check_examples();
    assert_eq!(ran, count);
    let failures: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn tagger(rules: &str) -> Result<Tagger, quidit::Error> {
    tagger_with(rules, &[])
}

/// A tagger of [`GAZ`] and `more` lists, and `rules`.
fn tagger_with(rules: &str, more: &[(&str, &str)]) -> Result<Tagger, quidit::Error> {
    let mut b = Tagger::builder()
        .builtin_gazetteers(false)
        .builtin_rules(false);
    for (name, text) in GAZ.iter().chain(more) {
        b = b.gazetteer_text(*name, *text);
    }
    b.rules_text("rules/test.rules", rules).build()
}

#[test]
fn inline_examples_hold() {
    let t = tagger(RULES).unwrap();
    let (failures, ran) = t.check_examples();
    assert_eq!(ran, 5);
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_failing_example_is_reported_with_what_was_found() {
    let bad = RULES.replace(
        "content=\"Nous agirons\" cue",
        "content=\"Nous partirons\" cue",
    );
    let t = tagger(&bad).unwrap();
    let (failures, _) = t.check_examples();
    assert_eq!(failures.len(), 1);
    let f = failures[0].to_string();
    assert!(f.contains("FAIL test.direct  rules/test.rules:9"), "{f}");
    assert!(f.contains("found:    content=\"Nous agirons\""), "{f}");
}

/// A literal's accents must agree with the text's: `"à"` is not the verb `a`, `"a"` is not
/// the preposition `à`; a capital that lost its accent (`A Turquie`) still matches.
#[test]
fn literals_keep_their_accents() {
    let rules = r#"
rule test.accent
  match    cue:"à" content:LOC
  emit     Quote(content, cue, kind=indirect)
  example  Il va à Turquie.
        => cue="à" content="Turquie"
  example  A Turquie.
        => cue="A" content="Turquie"
  counter  Il a Turquie.

rule test.sans_accent
  match    cue:"ou" content:LOC
  emit     Quote(content, cue, kind=indirect)
  example  Russie ou Turquie.
        => cue="ou" content="Turquie"
  counter  Le pays où Turquie.
"#;
    let t = tagger(rules).unwrap();
    examples_hold(&t, 5);
}

#[test]
fn a_quotation_over_several_sentences_and_an_incise() {
    let t = tagger(RULES).unwrap();
    let text = "« Nous agirons. Nous serons là, déclare-t-il, avec la Turquie », a déclaré Fahrettin Altun.";
    let doc = t.tag(text);
    assert_eq!(doc.attributions.len(), 1);
    let a = &doc.attributions[0];
    let parts: Vec<&str> = a.content.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(parts, ["Nous agirons. Nous serons là", "avec la Turquie"]);
    assert_eq!(
        &text[a.source.unwrap().span.start..a.source.unwrap().span.end],
        "Fahrettin Altun"
    );
    assert_eq!(
        a.source.unwrap().entity.map(|e| doc.entities[e].span),
        Some(a.source.unwrap().span)
    );
}

#[test]
fn unknown_names_are_located_errors() {
    // (rule text change, file line, column, message word)
    let cases = [
        (
            "source:$ACTEUR\n",
            "source:PERS\n",
            6,
            65,
            "unknown name `PERS`",
        ),
        (
            "@verbes_parole)",
            "@verbes_parol)",
            6,
            42,
            "unknown lexicon `@verbes_parol`",
        ),
        (
            "emit     Quote(content, cue, source, kind=direct)",
            "emit     Quote(content, cue, locuteur)",
            8,
            12,
            "unknown role `locuteur`",
        ),
        (
            "emit     Quote(content, cue, source, kind=direct)",
            "emit     Quote(content, cue, orateur=source, kind=direct)",
            8,
            12,
            "unknown role",
        ),
        (
            "kind=direct)",
            "kind=directe)",
            8,
            12,
            "unknown kind `directe`",
        ),
        ("LOC.pays", "LOC.paysage", 2, 30, "sub-type"),
    ];
    for (from, to, line, column, word) in cases {
        let text = if from == "LOC.pays" {
            RULES.replace(
                "define $ACTEUR = PER | ORG | LOC",
                "define $ACTEUR = PER | ORG | LOC.paysage",
            )
        } else {
            RULES.replacen(from, to, 1)
        };
        let err = tagger(&text).unwrap_err();
        let loc = err.location().unwrap_or_else(|| panic!("{err}"));
        assert!(err.message().contains(word), "{to:?}: {err}");
        assert_eq!((loc.line, loc.column), (line, column), "{to:?}: {err}");
    }
}

#[test]
fn a_pathological_rule_stays_bounded() {
    // Nested bounded repetitions that can never succeed: without a step budget, this is
    // exponential in the length of the sentence.
    let rules = r#"
rule test.explosif
  match    content:(_{0,9} _{0,9}){0,9} cue:"zzz"
  emit     Quote(content, cue)
  example  a b zzz
        => content="a b"
"#;
    let t = tagger(rules).unwrap();
    let text = "mot ".repeat(3000);
    let doc = t.tag(&text);
    assert!(doc.attributions.is_empty());
    let doc = t.tag("a b zzz");
    assert_eq!(doc.attributions.len(), 1);
}

#[test]
fn the_step_budget_bounds_an_attempt_that_the_prefilters_let_through() {
    // The words the pattern needs are all in the sentence, so no anchor or first-token
    // set skips the attempts: only the step budget keeps each one bounded.
    let rules = r#"
rule test.explosif.ancre
  match    content:(_{0,9} _{0,9}){0,9} cue:"zzz" "mot"
  emit     Quote(content, cue)
  example  a b zzz mot
        => content="a b"
"#;
    let t = tagger(rules).unwrap();
    let text = format!("{}zzz.", "mot ".repeat(3000));
    let doc = t.tag(&text);
    assert!(doc.attributions.is_empty());
    let doc = t.tag("a b zzz mot");
    assert_eq!(doc.attributions.len(), 1);
}

#[test]
fn an_alternative_with_a_literal_of_several_tokens_still_matches() {
    // `d'après` is two tokens: the rule's anchors must still let its sentences through,
    // and a guard after a lazy repetition must still let the match end at FIN.
    let rules = r#"
rule test.selon.variantes
  match    cue:("selon" | "d'après") "l'"? source:ORG "," content:_{1,40}? "."? FIN
  emit     Quote(content, cue, source, kind=according)
  example  d'après l'OSDH, 16 combattants ont été tués.
        => content="16 combattants ont été tués" source="OSDH" cue="d'après"
"#;
    let t = tagger(rules).unwrap();
    let (failures, ran) = t.check_examples();
    assert_eq!(ran, 1);
    assert!(failures.is_empty(), "{}", failures[0]);
}

/// Names emitted in phase 0 join the entities before the attribution rules read them: a
/// name replaces the entities of its label it holds, and yields to one of another label.
#[test]
fn names_of_phase_0_join_the_entities() {
    let rules = r#"
phase 0
rule test.lieu
  match    name:(("golfe" | "place") "de"? MAJ MAJ?)
  emit     LOC(name)
  example  Le golfe de Turquie.
        => name="golfe de Turquie" label="LOC"

phase 1
rule test.selon
  match    cue:"selon" "le"? source:LOC "," content:_{1,20}? FIN
  emit     Quote(content, cue, source, kind=according)
  example  selon le golfe de Turquie, tout va bien.
        => source="golfe de Turquie"
"#;
    let t = tagger(rules).unwrap();
    examples_hold(&t, 2);

    let text = "Le golfe de Turquie et la place Jens Stoltenberg.";
    let doc = t.tag(text);
    let found: Vec<(&str, String)> = doc
        .entities
        .iter()
        .map(|e| (e.text(text), e.provenance.to_string()))
        .collect();
    // One policy for lists and rules: the leftmost, then the longest, wins; a name inside
    // a longer one of another label is not kept (`place Jens Stoltenberg` is a place).
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "golfe de Turquie");
    assert_eq!(found[0].1, "rule test.lieu");
    assert_eq!(found[1].0, "place Jens Stoltenberg");
    assert_eq!(found[1].1, "rule test.lieu");
    // A list entry of exactly the rule's span and label is kept, with its entry.
    let text = "Le golfe de Gascogne.";
    let lists = "%priority 10
golfe de Gascogne ; Q129286
";
    let t = quidit::Tagger::builder()
        .builtin_gazetteers(false)
        .gazetteer_text("LOC/test.txt", lists)
        .builtin_rules(false)
        .rules_text("rules/test.rules", rules)
        .build()
        .unwrap();
    let doc = t.tag(text);
    assert_eq!(doc.entities.len(), 1);
    assert_eq!(doc.entities[0].id, Some("Q129286"));
}

/// The name classes, `COLLE` and `x & y`, each a pattern that finds a name and one that
/// must not.
#[test]
fn name_classes_glue_and_conditions() {
    let rules = r#"
phase 0
rule test.nom
  match    "chez" name:(NOM (COLLE NOM)*)
  emit     PER(name)
  example  Il dîne chez Paul Vernier ce soir.
        => name="Paul Vernier"
  counter  Il dîne chez Mais ce soir.
rule test.sigle
  match    "la" name:(SIGLE & /(?-i:[A-Z]{4})/)
  emit     ORG(name)
  example  Il a rejoint la FNTQ hier.
        => name="FNTQ"
  counter  Il a rejoint la FNT hier.
"#;
    let t = quidit::Tagger::builder()
        .builtin_gazetteers(false)
        .gazetteer_text("lexique/non_noms.txt", "=Mais\n")
        .builtin_rules(false)
        .rules_text("rules/test.rules", rules)
        .build()
        .unwrap();
    examples_hold(&t, 4);
    // Two spaces are no glue: a headline and the line after it are two names.
    let text = "Il dîne chez Paul  Vernier.";
    let doc = t.tag(text);
    let names: Vec<&str> = doc.entities.iter().map(|e| e.text(text)).collect();
    assert_eq!(names, ["Paul"]);
    // A condition holds no capture.
    let bad =
        "phase 0\nrule a\n  match \"la\" n:(SIGLE & (x:NOM))\n  emit ORG(n)\n  example la X.\n";
    let e = tagger(bad).unwrap_err().to_string();
    assert!(e.contains("cannot hold a capture"), "{e}");
}

#[test]
fn names_belong_to_phase_0_and_attributions_to_later_phases() {
    for (rules, message) in [
        (
            "phase 1\nrule a\n  match name:MAJ\n  emit LOC(name)\n  example A.\n",
            "names (`PER`, `ORG`, `LOC`) are emitted in `phase 0`",
        ),
        (
            "phase 0\nrule a\n  match content:MAJ\n  emit Quote(content)\n  example A.\n",
            "`phase 0` is for names",
        ),
    ] {
        let e = tagger(rules).unwrap_err().to_string();
        assert!(e.contains(message), "{e}");
        assert!(e.contains("rules/test.rules:"), "{e}");
    }
}

/// A capture inside a negation would name tokens that are not there: a located error when
/// the rules load, never a panic when a text is tagged.
#[test]
fn a_capture_inside_a_negation_is_refused() {
    let rules =
        "phase 1\nrule a\n  match content:_ !(x:\"chat\")\n  emit Quote(content)\n  example A b.\n";
    let e = tagger(rules).unwrap_err().to_string();
    assert!(e.contains("`!` cannot hold a capture"), "{e}");
    assert!(e.contains("rules/test.rules:3:"), "{e}");
}

/// Lexicon filters are tested through a bit per entry worked out when the rules compile,
/// for the first 64 distinct filters; the others read the entry's attribute. Both ways
/// must keep the same meaning: a prefix of one comma-separated value, `!=` its negation.
#[test]
fn lexicon_filters_mean_the_same_with_or_without_their_bit() {
    // 64 filters that match nothing in the examples take the bits first, so that the
    // filters of the rules below are read from the attributes. Their values exist (a filter
    // on a value no entry has is a load error), on a word the examples do not use.
    // (`déclaré` and `déclare` fold alike: a token of either is both entries, one of each
    // tense.)
    let fillers: String = (0..64)
        .map(|i| format!(" | @bouche[traits=Z{i}]"))
        .collect();
    let fillers = format!(
        "rule test.bouche\n  match    content:PER cue:(\"dit\"{fillers})\n  \
         emit     Quote(content, cue, kind=indirect)\n  \
         example  Jens Stoltenberg dit.\n        => cue=\"dit\" content=\"Jens Stoltenberg\"\n"
    );
    let filtered = r#"
rule test.present
  match    content:PER cue:@verbes_parole[traits=P3]
  emit     Quote(content, cue, kind=indirect)
  example  Jens Stoltenberg indique.
        => cue="indique" content="Jens Stoltenberg"
  counter  Jens Stoltenberg affirmé.

rule test.pas_participe
  match    content:LOC cue:@verbes_parole[traits!=K]
  emit     Quote(content, cue, kind=indirect)
  example  Turquie déclare.
        => cue="déclare" content="Turquie"
  counter  Turquie affirmé.
"#;
    let traits: Vec<String> = (0..64).map(|i| format!("Z{i}")).collect();
    let bouche = format!("bouchée ; traits={}\n", traits.join(","));
    for (rules, examples) in [
        (filtered.to_string(), 4),
        (format!("{fillers}{filtered}"), 5),
    ] {
        let t = tagger_with(&rules, &[("lexique/bouche.txt", &bouche)]).unwrap();
        examples_hold(&t, examples);
    }
}

#[test]
fn a_filter_takes_alternatives() {
    let temps = "dit ; traits=P3s\ndisait ; traits=I3s\ndira ; traits=F3s\n";
    let rules = r#"
rule test.passe_present
  match    content:PER cue:@temps[traits=P3|I3]
  emit     Quote(content, cue, kind=indirect)
  example  Jens Stoltenberg dit.
        => cue="dit" content="Jens Stoltenberg"
  example  Jens Stoltenberg disait.
        => cue="disait" content="Jens Stoltenberg"
  counter  Jens Stoltenberg dira.
"#;
    let t = tagger_with(rules, &[("lexique/temps.txt", temps)]).unwrap();
    examples_hold(&t, 3);
}

#[test]
fn a_filter_that_can_match_nothing_is_a_located_error() {
    // (filter, message words): an attribute the lexicon lacks, a value no entry has, and
    // one alternative that no entry has among good ones.
    let cases = [
        (
            "temps=P3",
            "has no attribute `temps` (its entries have: traits)",
        ),
        (
            "traits=Q3",
            "no entry of `@verbes_parole` has a `traits` value that starts with `Q3`",
        ),
        ("traits=P3|Q3", "starts with `Q3`"),
    ];
    for (filter, words) in cases {
        let rules = RULES.replacen("@verbes_parole)", &format!("@verbes_parole[{filter}])"), 1);
        let err = tagger(&rules).unwrap_err();
        let loc = err.location().unwrap_or_else(|| panic!("{err}"));
        assert!(err.message().contains(words), "{filter}: {err}");
        assert_eq!((loc.line, loc.column), (6, 42), "{filter}: {err}");
    }
    // A negated filter on a value no entry has holds everywhere, which is not a fault; on
    // an attribute the lexicon lacks, it is.
    let rules = RULES.replacen("@verbes_parole)", "@verbes_parole[traits!=Q3])", 1);
    assert!(tagger(&rules).is_ok());
    let rules = RULES.replacen("@verbes_parole)", "@verbes_parole[temps!=P3])", 1);
    assert!(tagger(&rules).is_err());
}

#[test]
fn an_expectation_names_only_roles_the_rule_has() {
    // A role no rule has is located at the role; a role this kind of rule lacks (a quote
    // has no target) at its example.
    let bad = RULES.replacen(
        "source=\"Jens Stoltenberg\" kind",
        "locuteur=\"Jens Stoltenberg\" kind",
        1,
    );
    let err = tagger(&bad).unwrap_err();
    let loc = err.location().unwrap_or_else(|| panic!("{err}"));
    assert!(
        err.message()
            .contains("unknown role `locuteur` in an expectation"),
        "{err}"
    );
    assert_eq!((loc.line, loc.column), (10, 51), "{err}");
    let bad = RULES.replacen(
        "source=\"Jens Stoltenberg\" kind",
        "target=\"Jens Stoltenberg\" kind",
        1,
    );
    let err = tagger(&bad).unwrap_err();
    let loc = err.location().unwrap_or_else(|| panic!("{err}"));
    assert!(err.message().contains("has no role `target`"), "{err}");
    assert_eq!(loc.line, 9, "{err}");
}

#[test]
fn an_example_lost_in_a_conflict_names_the_winner() {
    // A second rule finds the same quotation with a higher priority: the first rule's
    // example fails, and the failure says which rule won and what each captured.
    let winner = r#"
rule test.gagnant
  priority 50
  match    content:QUOTE "," cue:(@aux @verbes_parole) source:PER
  emit     Quote(content, cue, source, kind=direct)
  example  « Nous agirons », a déclaré Jens Stoltenberg.
        => source="Jens Stoltenberg"
"#;
    let t = tagger(&format!("{RULES}{winner}")).unwrap();
    let (failures, _) = t.check_examples();
    let lost: Vec<String> = failures
        .iter()
        .filter(|f| f.rule == "test.direct")
        .map(|f| f.found.clone())
        .collect();
    assert_eq!(lost.len(), 1, "{failures:?}");
    assert!(
        lost[0].starts_with("test.direct proposed content=\"Nous agirons\" cue=\"a déclaré\"")
            && lost[0].contains("but lost to rule test.gagnant with content=\"Nous agirons\""),
        "{}",
        lost[0]
    );
}

#[test]
fn parts_of_speech_are_elements() {
    // `<V:F>`: a finite verb, from the built-in word classes (DELA) and the context
    // rules; `estime` is a verb after its subject, a noun after an article.
    let rules = r#"
rule test.verbe_que
  match    source:PER cue:<V:F> "que" content:_{1,20}? FIN
  emit     Quote(content, cue, source, kind=indirect)
  example  Jens Stoltenberg estime que la route est coupée.
        => source="Jens Stoltenberg" cue="estime" content="la route est coupée"
  counter  Jens Stoltenberg et l'estime que la route a gagnée.
"#;
    let t = tagger(rules).unwrap();
    examples_hold(&t, 2);
    let err = tagger(&rules.replace("<V:F>", "<VERBE>")).unwrap_err();
    let loc = err.location().unwrap_or_else(|| panic!("{err}"));
    assert!(
        err.message().contains("unknown part of speech `<VERBE>`"),
        "{err}"
    );
    assert_eq!((loc.line, loc.column), (3, 27), "{err}");
}

#[test]
fn noun_phrases_are_annotations() {
    // `SN`: a noun chunk and its chain of `de` complements; `GN`: a noun chunk alone.
    let rules = r#"
phase 1
rule test.sn_que
  match    source:SN cue:<V:F> "que" content:_{1,20}? FIN
  emit     Quote(content, cue, source, kind=indirect)
  example  Le porte-parole du ministère de l'Intérieur estime que la route est coupée.
        => source="Le porte-parole du ministère de l'Intérieur" content="la route est coupée"
  example  Selon lui, la nouvelle ministre de la Santé Jens Stoltenberg juge que rien ne change.
        => source="Jens Stoltenberg" cue="juge"

rule test.gn_dit
  match    source:GN cue:"affirme" content:QUOTE
  emit     Quote(content, cue, source, kind=direct)
  example  Un conseiller municipal affirme « Non ».
        => source="Un conseiller municipal" content="Non"
"#;
    let t = tagger(rules).unwrap();
    examples_hold(&t, 3);
    let err = tagger(&rules.replace("phase 1\n", "phase 0\n").replace(
        "emit     Quote(content, cue, source, kind=indirect)",
        "emit     PER(source)",
    ))
    .unwrap_err();
    assert!(
        err.message()
            .contains("`GN` and `SN` are read by the attribution rules"),
        "{err}"
    );
}

#[test]
fn a_macro_is_known_in_the_files_loaded_after_it() {
    let shared = "define $ACTEUR = PER | ORG\n";
    let user = r#"
rule test.herite
  match    source:$ACTEUR cue:@verbes_parole content:QUOTE
  emit     Quote(content, cue, source, kind=direct)
  example  Jens Stoltenberg déclare « Non ».
        => source="Jens Stoltenberg" content="Non"
"#;
    let build = |files: &[(&str, &str)]| {
        let mut b = Tagger::builder()
            .builtin_gazetteers(false)
            .builtin_rules(false);
        for (name, text) in GAZ {
            b = b.gazetteer_text(*name, *text);
        }
        for (name, text) in files {
            b = b.rules_text(*name, *text);
        }
        b.build()
    };
    let t = build(&[
        ("rules/00-commun.rules", shared),
        ("rules/perso.rules", user),
    ])
    .unwrap();
    let (failures, _) = t.check_examples();
    assert!(failures.is_empty(), "{failures:?}");
    // Loaded the other way round, the macro is not known where it is used.
    let err = build(&[
        ("rules/perso.rules", user),
        ("rules/00-commun.rules", shared),
    ])
    .unwrap_err();
    assert!(err.message().contains("unknown macro `$ACTEUR`"), "{err}");
    // A file's own definition replaces the one it inherits (here, one that matches no person).
    let own = format!("define $ACTEUR = LOC\n{user}");
    let t = build(&[
        ("rules/00-commun.rules", shared),
        ("rules/perso.rules", &own),
    ])
    .unwrap();
    let (failures, _) = t.check_examples();
    assert_eq!(failures.len(), 1, "{failures:?}");
}

/// A charge whose rule names no accused takes the first entity inside it, but not a place
/// after `à`, `en`, `dans`… (`data/resolve/prepositions_cadre.txt`): that is where, not
/// whom; without one, the subject of a relative clause in `dont`.
#[test]
fn the_accused_inside_a_charge() {
    let t = tagger_with(
        r#"
rule test.denonce
  priority 10
  match    source:LOC cue:@denoncer content:_{1,20}? FIN
  emit     Charge(content, cue, source)
  example  Russie dénonce l'attitude de la Turquie.
        => content="l'attitude de la Turquie" source="Russie"
"#,
        &[("lexique/denoncer.txt", "dénonce\n")],
    )
    .unwrap();
    let target = |text: &str| {
        let doc = t.tag(text);
        let a = doc.attributions.first().expect("a charge");
        a.target.map(|m| text[m.span.start..m.span.end].to_string())
    };
    assert_eq!(
        target("Russie dénonce l'attitude de la Turquie."),
        Some("Turquie".to_string())
    );
    assert_eq!(
        target("Russie dénonce les frappes commises en Turquie."),
        None
    );
    assert_eq!(
        target("Russie dénonce les frappes commises à Turquie contre la Turquie."),
        Some("Turquie".to_string())
    );
    // An article between the preposition and the place.
    assert_eq!(target("Russie dénonce les ventes vers la Turquie."), None);
    // No entity inside: the subject of a relative clause in `dont`, up to its verb or a
    // quotation, not a phrase cut before its complement.
    assert_eq!(
        target("Russie dénonce la façon dont le gouvernement agit."),
        Some("le gouvernement".to_string())
    );
    assert_eq!(
        target("Russie dénonce la façon dont le gouvernement « fait la relance »."),
        Some("le gouvernement".to_string())
    );
    assert_eq!(
        target(
            "Russie dénonce les industriels dont les campagnes autour de « voitures vertes » échouent."
        ),
        None
    );
}
