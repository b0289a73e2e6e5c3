//! The editing loop of issue 18, as a user runs it: `quidit init`, then every command run in
//! the project (no flag) reads its lists. Texts and names are made up for these tests, so
//! that no built-in list has them.
//!
//! Each test runs quidit in a temporary folder with a temporary user folder
//! (`common::quidit_in`), so the machine's own project files and user folder are never read.

mod common;

use std::path::Path;

use common::{quidit_in, stderr, stdout};
use serde_json::Value;

const TEXT_A: &str = "Le groupe Talmarix a annoncé lundi la fermeture de son usine de Brenvoux. \
Selon Talmarix, la décision est définitive.\nLe maire de Brenvoux, Odile Fanchet, a dénoncé \
« un abandon ». Talmarix n'a pas répondu.\n";
const TEXT_B: &str = "À Brenvoux, les salariés de Talmarix manifestaient mardi. « Nous \
resterons », a déclaré Odile Fanchet.\nLes syndicats de Talmarix demandent une médiation à \
Brenvoux.\n";

/// A temporary folder with `work/` (the current folder of the runs) and `data/` (the user
/// data folder's parent, empty).
struct Place {
    _dir: tempfile::TempDir,
    work: std::path::PathBuf,
    data: std::path::PathBuf,
}

fn place() -> Place {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    Place {
        _dir: dir,
        work,
        data,
    }
}

impl Place {
    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
        quidit_in(&self.work, &self.data, args, stdin)
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> std::process::Output {
        quidit_in(cwd, &self.data, args, None)
    }
}

/// The entities of `quidit tag`'s JSON Lines output: (label, text, provenance file,
/// provenance line).
fn entities(out: &str) -> Vec<(String, String, String, u64)> {
    let mut found = Vec::new();
    for line in out.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        for e in doc["entities"].as_array().unwrap() {
            found.push((
                e["label"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
                e["provenance"]["file"].as_str().unwrap_or("").to_string(),
                e["provenance"]["line"].as_u64().unwrap_or(0),
            ));
        }
    }
    found
}

/// The `file:line` of an `added: FILE:LINE: ENTRY` line of `gazetteer add`.
fn added_at(out: &str, entry: &str) -> (String, u64) {
    let line = out
        .lines()
        .find(|l| l.starts_with("added: ") && l.ends_with(&format!(": {entry}")))
        .unwrap_or_else(|| panic!("{entry} added in:\n{out}"));
    let rest = &line["added: ".len()..];
    let mut parts = rest.splitn(3, ':');
    let file = parts.next().unwrap().to_string();
    let number = parts.next().unwrap().parse().unwrap();
    (file, number)
}

#[test]
fn init_coverage_add_tag_check_remove() {
    let p = place();
    let o = p.run(&["init"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p.work.join("quidit.toml").is_file());
    for folder in [
        "gazetteers/PER",
        "gazetteers/ORG",
        "gazetteers/LOC",
        "rules",
    ] {
        assert!(p.work.join(folder).is_dir(), "{folder}");
    }
    common::write(&p.work, "corpus/a.txt", TEXT_A);
    common::write(&p.work, "corpus/b.txt", TEXT_B);

    // What the lists miss, as a file to review.
    let o = p.run(&["coverage", "--format", "tsv", "corpus"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let tsv = stdout(&o);
    for name in ["ORG\tTalmarix", "LOC\tBrenvoux", "PER\tOdile Fanchet"] {
        assert!(tsv.contains(name), "{name} proposed:\n{tsv}");
    }
    common::write(&p.work, "candidates.tsv", &tsv);

    // Without --apply nothing is written; with it, the project's lists get the entries.
    let o = p.run(&["gazetteer", "add", "--from", "candidates.tsv"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("would add"), "{}", stdout(&o));
    assert!(!p.work.join("gazetteers/ORG/ajouts.txt").exists());
    let o = p.run(
        &["gazetteer", "add", "--from", "candidates.tsv", "--apply"],
        None,
    );
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let talmarix = added_at(&out, "Talmarix");
    let brenvoux = added_at(&out, "Brenvoux");
    let fanchet = added_at(&out, "Odile Fanchet");
    assert_eq!(talmarix.0, "./gazetteers/ORG/ajouts.txt");
    assert_eq!(brenvoux.0, "./gazetteers/LOC/ajouts.txt");
    assert_eq!(fanchet.0, "./gazetteers/PER/ajouts.txt");

    // `tag`, no flag: the new entries, with their file and line as provenance.
    let o = p.run(&["tag", "--quiet", "corpus/a.txt"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let found = entities(&stdout(&o));
    for (label, text, (file, line)) in [
        ("ORG", "Talmarix", &talmarix),
        ("LOC", "Brenvoux", &brenvoux),
        ("PER", "Odile Fanchet", &fanchet),
    ] {
        assert!(
            found
                .iter()
                .any(|e| e.0 == label && e.1 == text && &e.2 == file && e.3 == *line),
            "{label} {text} from {file}:{line} in {found:?}"
        );
    }
    // And `coverage` no longer proposes them.
    let o = p.run(&["coverage", "--format", "tsv", "corpus"], None);
    assert!(!stdout(&o).contains("Talmarix"), "{}", stdout(&o));

    // A line broken by hand in two files: `check` names both, file:line:column, exit 2.
    let loc = p.work.join("gazetteers/LOC/ajouts.txt");
    let per = p.work.join("gazetteers/PER/ajouts.txt");
    let (loc_text, per_text) = (
        std::fs::read_to_string(&loc).unwrap(),
        std::fs::read_to_string(&per).unwrap(),
    );
    let loc_lines = loc_text.lines().count();
    std::fs::write(&loc, format!("{loc_text}Brumaire | | Brum\n")).unwrap();
    std::fs::write(&per, format!("{per_text}| Jean Sansnom\n")).unwrap();
    let o = p.run(&["check"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "./gazetteers/LOC/ajouts.txt:{}:12:",
            loc_lines + 1
        )),
        "{err}"
    );
    assert!(err.contains("./gazetteers/PER/ajouts.txt:"), "{err}");
    // `tag` refuses to run on them too, located the same way.
    let o = p.run(&["tag", "--quiet", "corpus/a.txt"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("./gazetteers/"), "{}", stderr(&o));
    std::fs::write(&loc, &loc_text).unwrap();
    std::fs::write(&per, &per_text).unwrap();
    let o = p.run(&["check"], None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));

    // `remove` undoes the add: the file is as it was before, and `tag` no longer cites it.
    let org = p.work.join("gazetteers/ORG/ajouts.txt");
    let o = p.run(&["gazetteer", "remove", "ORG", "Talmarix"], None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!(
            "removed: ./gazetteers/ORG/ajouts.txt:{}",
            talmarix.1
        )),
        "{}",
        stdout(&o)
    );
    assert!(!std::fs::read_to_string(&org).unwrap().contains("Talmarix"));
    let o = p.run(&["tag", "--quiet", "corpus/a.txt"], None);
    let found = entities(&stdout(&o));
    assert!(
        !found.iter().any(|e| e.2.starts_with("./gazetteers/ORG")),
        "{found:?}"
    );
    // The other additions stay.
    assert!(found.iter().any(|e| e.1 == "Brenvoux" && e.2 == brenvoux.0));
}

/// The "done when", word for word.
#[test]
fn vexora_after_init_paris_refused_a_bad_line_located() {
    let p = place();
    assert!(p.run(&["init"], None).status.success());
    let o = p.run(&["gazetteer", "add", "ORG", "Vexora"], None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let (file, line) = added_at(&stdout(&o), "Vexora");
    let o = p.run(
        &["tag", "--quiet"],
        Some("Vexora a annoncé une hausse de ses ventes.".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let found = entities(&stdout(&o));
    assert!(
        found.contains(&("ORG".into(), "Vexora".into(), file.clone(), line)),
        "{found:?}"
    );

    // The project's list finds a name that a built-in rule's example shows the rule
    // finding: a note, not a failure (the example passes with the built-in lists alone).
    let o = p.run(&["check"], None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("note: rules/01-noms.rules:") && stdout(&o).contains("0 failed"),
        "{}",
        stdout(&o)
    );

    // Paris is built in: refused, naming the built-in entry's file and line.
    let o = p.run(&["gazetteer", "add", "LOC", "Paris"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("refused") && out.contains("gazetteers/LOC/") && out.contains("built-in"),
        "{out}"
    );
    assert!(!p.work.join("gazetteers/LOC/ajouts.txt").exists());
    // --force adds it anyway.
    let o = p.run(&["gazetteer", "add", "LOC", "Paris", "--force"], None);
    assert!(o.status.success(), "{}", stdout(&o));
    // Removing it takes the project's line; the built-in one is refused, with its place.
    let o = p.run(&["gazetteer", "remove", "LOC", "Paris"], None);
    assert!(stdout(&o).contains("removed: ./gazetteers/LOC/ajouts.txt"));
    let o = p.run(&["gazetteer", "remove", "LOC", "Paris"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("built-in entry, at gazetteers/LOC/"),
        "{}",
        stdout(&o)
    );

    // A malformed line in the user's lists.
    let path = p.work.join(&file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}Vexora Group | ; Q12\n")).unwrap();
    let o = p.run(&["check"], None);
    assert_eq!(o.status.code(), Some(2));
    let bad = text.lines().count() + 1;
    assert!(
        stderr(&o).contains(&format!("./gazetteers/ORG/ajouts.txt:{bad}:")),
        "{}",
        stderr(&o)
    );
    // `gazetteer lint` sees it too, without a folder argument.
    let o = p.run(&["gazetteer", "lint"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("./gazetteers/ORG/ajouts.txt:{bad}:")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn init_refuses_an_existing_project_and_config_lists_the_sources() {
    let p = place();
    assert!(p.run(&["init"], None).status.success());
    let o = p.run(&["init"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("quidit: error: ") && stderr(&o).contains("already exists"),
        "{}",
        stderr(&o)
    );
    assert!(
        p.run(&["gazetteer", "add", "ORG", "Vexora"], None)
            .status
            .success()
    );
    common::write(&p.work, "rules/mine.rules", "");
    let o = p.run(&["config"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "built-in data version ",
        "built in: ",
        "project file ./quidit.toml:",
        "./gazetteers/ORG/ajouts.txt: 1 entries",
        "./rules/mine.rules: 0 rule(s)",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    // --no-config: the project is not read.
    let o = p.run(&["config", "--no-config"], None);
    assert!(!stdout(&o).contains("./gazetteers/ORG"), "{}", stdout(&o));
    let o = p.run(&["tag", "--quiet", "--no-config"], Some(b"Vexora a vendu."));
    assert!(
        !entities(&stdout(&o))
            .iter()
            .any(|e| e.2.starts_with("./gazetteers")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_project_is_found_from_a_subfolder_and_a_bad_project_file_is_located() {
    let p = place();
    assert!(p.run(&["init", "projet"], None).status.success());
    let project = p.work.join("projet");
    assert!(project.join("quidit.toml").is_file());
    let sub = project.join("articles/2026");
    std::fs::create_dir_all(&sub).unwrap();
    let o = p.run_in(&project, &["gazetteer", "add", "ORG", "Vexora"]);
    assert!(o.status.success(), "{}", stderr(&o));
    common::write(&sub, "a.txt", "Vexora a annoncé une hausse.");
    let o = p.run_in(&sub, &["tag", "--quiet", "a.txt"]);
    let found = entities(&stdout(&o));
    assert!(
        found
            .iter()
            .any(|e| e.1 == "Vexora" && e.2 == "../../gazetteers/ORG/ajouts.txt"),
        "{found:?}"
    );

    std::fs::write(
        project.join("quidit.toml"),
        "gazetteers = \"gazetteers\"\nrulez = 1\n",
    )
    .unwrap();
    let o = p.run_in(&sub, &["tag", "--quiet", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("quidit: error: ../../quidit.toml:2:1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn which_says_what_tags_a_string_or_why_nothing_does() {
    let p = place();
    assert!(p.run(&["init"], None).status.success());
    assert!(
        p.run(&["gazetteer", "add", "ORG", "=VXR"], None)
            .status
            .success()
    );
    let o = p.run(&["gazetteer", "which", "VXR"], None);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("./gazetteers/ORG/ajouts.txt:4"),
        "{}",
        stdout(&o)
    );
    let o = p.run(&["gazetteer", "which", "vxr"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("case-exact entry"), "{}", stdout(&o));
    let o = p.run(&["gazetteer", "which", "VXRcorp"], None);
    assert!(stdout(&o).contains("word boundary"), "{}", stdout(&o));
    let o = p.run(&["gazetteer", "which", "Zorglubie"], None);
    assert!(stdout(&o).contains("no loaded list has"), "{}", stdout(&o));
    let o = p.run(&["gazetteer", "which", "barcelone"], None);
    assert!(
        stdout(&o).contains("written with a capital"),
        "{}",
        stdout(&o)
    );

    // A case-exact word (not an acronym) opening a sentence is set aside, and `which`
    // says so, in a passage and alone; inside a sentence it is found.
    assert!(
        p.run(&["gazetteer", "add", "ORG", "=Ondine"], None)
            .status
            .success()
    );
    let o = p.run(&["gazetteer", "which", "Ondine a vendu."], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("— set aside: a case-exact entry opening a sentence"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("is a passage, not a name"),
        "{}",
        stdout(&o)
    );
    let o = p.run(&["gazetteer", "which", "Ondine"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("the text opens a sentence with it"),
        "{}",
        stdout(&o)
    );
    let o = p.run(&["gazetteer", "which", "selon Ondine"], None);
    assert!(
        stdout(&o).contains("ORG \"Ondine\" (6..12) from ./gazetteers/ORG/ajouts.txt:"),
        "{}",
        stdout(&o)
    );
}

/// Without a project file, the user folder plays its part (Linux: `dirs` reads
/// `XDG_DATA_HOME` there; elsewhere the platform's place is not under the test's control).
#[cfg(target_os = "linux")]
#[test]
fn the_user_folder_without_a_project() {
    let p = place();
    let o = p.run(&["gazetteer", "add", "ORG", "Vexora"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let user = p.data.join("quidit/gazetteers/ORG/ajouts.txt");
    assert!(user.is_file());
    let o = p.run(&["tag", "--quiet"], Some(b"Vexora a vendu."));
    let found = entities(&stdout(&o));
    assert!(
        found
            .iter()
            .any(|e| e.1 == "Vexora" && e.2 == user.display().to_string()),
        "{found:?}"
    );
    let o = p.run(&["config"], None);
    assert!(stdout(&o).contains("user folder "), "{}", stdout(&o));
    // A project hides the user folder.
    assert!(p.run(&["init"], None).status.success());
    let o = p.run(&["tag", "--quiet"], Some(b"Vexora a vendu."));
    assert!(
        !entities(&stdout(&o))
            .iter()
            .any(|e| e.2.contains("quidit/gazetteers")),
        "{}",
        stdout(&o)
    );
}
