//! Building a [`Tagger`]: every fallible step (reading and compiling the gazetteers and the
//! rules, and the per-file tables the stages read) happens here, so that tagging cannot fail.

use std::path::PathBuf;

use crate::builtin;
use crate::gazetteer::{self, FileKind, Gazetteer};
use crate::rules::{
    self,
    names::{self, Lex},
};
use crate::{Error, Tagger};

/// Configures and builds a [`Tagger`].
#[derive(Clone, Debug)]
pub struct TaggerBuilder {
    builtin: bool,
    dirs: Vec<PathBuf>,
    texts: Vec<(String, String)>,
    builtin_rules: bool,
    rule_dirs: Vec<PathBuf>,
    rule_texts: Vec<(String, String)>,
    pruning: bool,
}

impl TaggerBuilder {
    /// Whether to load the built-in gazetteers (yes by default). Without them, the built-in
    /// lexicons (`gazetteers/lexique/`) are still loaded while the built-in rules are, since
    /// the rules are written against them.
    pub fn builtin_gazetteers(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Adds the gazetteer files under `dir` (`PER/`, `ORG/`, `LOC/`, `lexique/`), after the
    /// built-in ones.
    pub fn gazetteer_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one gazetteer file from memory, named as if relative to a gazetteer folder
    /// (`LOC/villes.txt`).
    pub fn gazetteer_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.texts.push((name.into(), text.into()));
        self
    }

    /// Whether to load the built-in rules (yes by default).
    pub fn builtin_rules(mut self, yes: bool) -> Self {
        self.builtin_rules = yes;
        self
    }

    /// Adds the `*.rules` files under `dir`, after the built-in ones.
    pub fn rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rule_dirs.push(dir.into());
        self
    }

    /// Adds one rules file from memory, under a name used in errors and provenance.
    pub fn rules_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.rule_texts.push((name.into(), text.into()));
        self
    }

    /// Whether the rule engine rules out, before matching, the starts and the tokens where
    /// a rule cannot match (yes by default). Without, the rules find exactly the same, only
    /// slower: a setting for the tests that check that (`tests/pruning.rs`).
    pub fn pruning(mut self, yes: bool) -> Self {
        self.pruning = yes;
        self
    }

    /// Loads and compiles everything; the first fault stops it ([`Self::build_reporting_all`]
    /// lists them all).
    pub fn build(self) -> Result<Tagger, Error> {
        let mut sources = rules::Sources::default();
        if self.builtin_rules {
            for (name, text) in builtin::FILES {
                if name.starts_with("rules/") {
                    sources.add_file(name, text)?;
                }
            }
        }
        for dir in &self.rule_dirs {
            sources.add_dir(dir)?;
        }
        for (name, text) in &self.rule_texts {
            sources.add_file(name, text)?;
        }
        let gaz = self.gazetteers_for(&sources)?;
        // The rules compile while the automaton does (they only need files and entries).
        let (gazetteer, rules) = gaz.build_with(|g| sources.compile(g))?;
        self.assemble(gazetteer, rules?)
    }

    /// The gazetteer builder, given the rules (which say which lexicons to load).
    fn gazetteers_for(&self, sources: &rules::Sources) -> Result<gazetteer::Builder, Error> {
        let mut lexicons = sources.lexicons();
        lexicons.extend(names::LEXICONS.iter().map(|s| s.to_string()));
        let lexicons: Vec<&str> = lexicons.iter().map(String::as_str).collect();
        let mut gaz = gazetteer::Builder::new();
        gaz.only_lexicons(&lexicons);
        gaz.word_lists(names::WORD_LISTS);
        // Without the built-in gazetteers, the built-in rules still get the built-in
        // lexicons they are written against (entity lists are what users replace).
        gaz.add_builtin(self.builtin, self.builtin_rules);
        for dir in &self.dirs {
            gaz.add_dir(dir)?;
        }
        for (name, text) in &self.texts {
            gaz.add_file(name, text)?;
        }
        Ok(gaz)
    }

    /// The tagger from its compiled parts.
    fn assemble(self, gazetteer: Gazetteer, rules: rules::RuleSet) -> Result<Tagger, Error> {
        let rules = if self.pruning {
            rules
        } else {
            rules.unpruned()
        };
        let file_lex = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => Lex::of_lexicon(name),
                FileKind::Entity { .. } => Lex::default(),
            })
            .collect();
        let file_priority = gazetteer.files().iter().map(|f| f.priority).collect();
        let file_kind = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Lexicon { name } => rules.lexicon_kind(name),
                FileKind::Entity { .. } => None,
            })
            .collect();
        // The sub-type is a file's: looked up once per file, not per entry.
        let file_sub: Vec<u16> = gazetteer
            .files()
            .iter()
            .map(|f| match &f.kind {
                FileKind::Entity { subtype, .. } => rules.sub_of(subtype),
                FileKind::Lexicon { .. } => 0,
            })
            .collect();
        let entry_sub = gazetteer
            .entries()
            .iter()
            .map(|e| file_sub[e.file as usize])
            .collect();
        let prenoms = rules.lexicon_kind("prenoms");
        let titres = rules.lexicon_kind("titres");
        Ok(Tagger {
            gazetteer,
            file_lex,
            file_priority,
            rules,
            file_kind,
            entry_sub,
            prenoms,
            titres,
            word_classes: crate::syntax::Classes::builtin(),
        })
    }
}

impl TaggerBuilder {
    /// Builds like [`Self::build`], but reports every fault rather than the first, in load
    /// order: every file is read, every faulty line of every gazetteer file and every
    /// faulty rule of every rules file is returned (a faulty rule is left out and the file
    /// read on). Rules are compiled against the lists
    /// only when every file reads and parses, and then every rule's compile fault (an
    /// unknown lexicon, a role no capture gives) is reported. For `quidit check`, where a
    /// linguist wants the whole list of what to fix at once.
    pub fn build_reporting_all(self) -> Result<Tagger, Vec<Error>> {
        let mut errors = Vec::new();
        let mut sources = rules::Sources::default();
        if self.builtin_rules {
            for (name, text) in builtin::FILES {
                if name.starts_with("rules/") {
                    // Checked when quidit was built; reported anyway rather than ignored.
                    errors.extend(sources.add_file_reporting_all(name, text));
                }
            }
        }
        for dir in &self.rule_dirs {
            for (_, shown, text) in read_dir_texts(dir, "rules", &mut errors) {
                errors.extend(sources.add_file_reporting_all(&shown, &text));
            }
        }
        for (name, text) in &self.rule_texts {
            errors.extend(sources.add_file_reporting_all(name, text));
        }
        for dir in &self.dirs {
            for (name, shown, text) in read_dir_texts(dir, "txt", &mut errors) {
                errors.extend(gazetteer::file_faults(&name, &shown, &text));
            }
        }
        for (name, text) in &self.texts {
            errors.extend(gazetteer::file_faults(name, name, text));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let gaz = self.gazetteers_for(&sources).map_err(|e| vec![e])?;
        let (gazetteer, rules) = gaz
            .build_with(|g| sources.compile_reporting_all(g))
            .map_err(|e| vec![e])?;
        self.assemble(gazetteer, rules?).map_err(|e| vec![e])
    }
}

/// The files with `extension` below `dir` as (name relative to `dir`, path as shown,
/// text); a folder or a file that cannot be read is pushed to `errors` and left out.
fn read_dir_texts(
    dir: &std::path::Path,
    extension: &str,
    errors: &mut Vec<Error>,
) -> Vec<(String, String, String)> {
    let paths = match crate::walk::files_with_extension(dir, extension) {
        Ok(p) => p,
        Err(e) => {
            errors.push(Error::io(dir, e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for path in paths {
        let name = crate::walk::relative_name(dir, &path);
        let shown = path.display().to_string();
        match Error::read_text(&path, &shown) {
            Ok(text) => out.push((name, shown, text)),
            Err(e) => errors.push(e),
        }
    }
    out
}

impl Tagger {
    /// A builder with the built-in gazetteers.
    pub fn builder() -> TaggerBuilder {
        TaggerBuilder {
            builtin: true,
            dirs: Vec::new(),
            texts: Vec::new(),
            builtin_rules: true,
            rule_dirs: Vec::new(),
            rule_texts: Vec::new(),
            pruning: true,
        }
    }
}
