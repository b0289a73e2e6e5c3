//! Compiles the built-in data into the binary.
//!
//! - `rules/*.rules` are listed so that `src/builtin.rs` can `include_str!` them.
//! - `gazetteers/**/*.txt` are parsed and folded *here*, with the same parser and folding
//!   as the library's (the workspace crate `crates/quidit-lists`, a build-dependency), into
//!   one binary blob in the format that `src/gazetteer/compiled.rs` reads: start-up then
//!   skips reading and folding ~100,000 lines. A fault in a built-in file fails the build
//!   with its `file:line:column`.
//!
//! - `data/syntax/classes.gen.tsv` and `classes.txt` (the word classes of the
//!   part-of-speech layer, the second file replacing the first's classes of a form) are
//!   built into a finite-state map (`fst`) that `src/syntax/` reads in place.
//!
//! - `builtin_version.rs`: the built-in data's version, a hash of every file above (see
//!   [`data_version`]), which `quidit config` prints so that a user can tell which lists a
//!   binary holds.
//!
//! Files are sorted, for a reproducible build.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use quidit_lists::{classes, normalise, parse};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    for dir in ["gazetteers", "rules"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let relative = |path: &Path| {
        let rel = path.strip_prefix(&root).expect("under the root");
        rel.to_string_lossy().replace('\\', "/")
    };

    let mut rules = Vec::new();
    collect(&root.join("rules"), "rules", &mut rules);
    rules.sort();
    for path in &rules {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    write_text_list(
        &out_dir.join("builtin_files.rs"),
        "Built-in rules files",
        "FILES",
        &rules,
        &relative,
    );

    let mut gazetteers = Vec::new();
    collect(&root.join("gazetteers"), "txt", &mut gazetteers);
    gazetteers.sort();
    let mut blob = Blob::default();
    for path in &gazetteers {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = relative(path);
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file = parse::parse(&name, &text).unwrap_or_else(|e| panic!("{e}"));
        blob.put_str(&name);
        let mut body = Blob::default();
        encode(&file, &mut body);
        blob.put_u32(body.bytes.len());
        blob.put_u32(blob.strings.len());
        blob.put_u32(blob.strings.len() + body.strings.len());
        blob.bytes.extend_from_slice(&body.bytes);
        blob.strings.push_str(&body.strings);
    }
    std::fs::write(out_dir.join("gazetteers.bin"), blob.bytes).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("gazetteers.str"), blob.strings).expect("OUT_DIR is writable");

    word_classes(&root, &out_dir);

    let mut data = rules.clone();
    data.extend(gazetteers.iter().cloned());
    data.extend(
        ["classes.gen.tsv", "classes.txt"]
            .iter()
            .map(|n| root.join("data/syntax").join(n)),
    );
    data_version(&out_dir, &data, &relative);

    // Their text as well, for `quidit gazetteer lint`, which reports lines and columns of
    // the files as written (the tagger never reads these).
    write_text_list(
        &out_dir.join("builtin_gazetteer_texts.rs"),
        "Built-in gazetteer files as written",
        "GAZETTEER_TEXTS",
        &gazetteers,
        &relative,
    );
}

/// Writes `to`: a static `name` listing `paths` as (path relative to the crate root,
/// text included at compile time).
fn write_text_list(
    to: &Path,
    what: &str,
    name: &str,
    paths: &[PathBuf],
    relative: &dyn Fn(&Path) -> String,
) {
    let mut out = format!("/// {what}: (path relative to the crate root, text).\n");
    out.push_str(&format!("pub(crate) static {name}: &[(&str, &str)] = &[\n"));
    for path in paths {
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            relative(path),
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    std::fs::write(to, out).expect("OUT_DIR is writable");
}

/// Writes `builtin_version.rs`: the built-in data's version, the 64-bit FNV-1a hash of each
/// file's path (relative to the crate root) and bytes, in path order, as 16 hex digits.
/// The crate version says which code a binary runs, not which lists: these change more
/// often than releases. A hash needs no one to remember to bump it, and two builds from the
/// same files give the same version (line endings count: a checkout that converts them
/// hashes differently). FNV is written out here because build.rs has no hashing crate and
/// this is not a security matter.
fn data_version(out_dir: &Path, paths: &[PathBuf], relative: &dyn Fn(&Path) -> String) {
    let mut paths: Vec<(String, &PathBuf)> = paths.iter().map(|p| (relative(p), p)).collect();
    paths.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for (name, path) in &paths {
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        // Name and length first, so that moving bytes from one file to the next changes it.
        feed(name.as_bytes());
        feed(&[0]);
        feed(&(bytes.len() as u64).to_le_bytes());
        feed(&bytes);
    }
    let out = format!(
        "/// The built-in data's version: a hash of the built-in gazetteers, rules and word\n\
         /// classes as built (see build.rs).\n\
         pub const BUILTIN_DATA_VERSION: &str = \"{hash:016x}\";\n"
    );
    std::fs::write(out_dir.join("builtin_version.rs"), out).expect("OUT_DIR is writable");
    // The same, as a literal for `quidit --version` (clap's version string is built with
    // `concat!`, which takes literals, not constants).
    println!("cargo:rustc-env=QUIDIT_DATA_VERSION={hash:016x}");
}

/// What `src/gazetteer/compiled.rs` reads: the structure, and the strings apart.
#[derive(Default)]
struct Blob {
    bytes: Vec<u8>,
    strings: String,
}

impl Blob {
    fn put_u32(&mut self, n: usize) {
        let n = u32::try_from(n).expect("built-in gazetteers are small");
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn put_str(&mut self, s: &str) {
        self.put_u32(s.len());
        self.strings.push_str(s);
    }
}

/// One file's body, as `src/gazetteer/compiled.rs` documents it.
fn encode(file: &parse::File, out: &mut Blob) {
    use normalise::{Case, fold};
    out.bytes.extend_from_slice(&file.priority.to_le_bytes());
    out.put_u32(file.lines.len());
    for line in &file.lines {
        out.put_u32(line.line);
        out.put_str(&line.forms[0].text);
        out.put_str(line.id.as_deref().unwrap_or(""));
        out.put_u32(line.attrs.len());
        for (key, value) in &line.attrs {
            out.put_str(key);
            out.put_str(value);
        }
        out.put_u32(line.forms.len());
        for form in &line.forms {
            let capital = form.text.chars().next().is_some_and(char::is_uppercase);
            out.bytes
                .push(u8::from(form.case_exact) | u8::from(capital) << 1);
            out.put_str(&fold(&form.text, Case::Fold));
            if form.case_exact {
                out.put_str(&fold(&form.text, Case::Keep));
            }
        }
    }
}

fn collect(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for item in read.flatten() {
        let path = item.path();
        if path.is_dir() {
            collect(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// Builds `OUT_DIR/classes.fst` from `data/syntax/classes.gen.tsv`, then `classes.txt`,
/// whose lines replace the generated classes of their form.
fn word_classes(root: &Path, out_dir: &Path) {
    let mut forms: BTreeMap<String, u64> = BTreeMap::new();
    for name in ["classes.gen.tsv", "classes.txt"] {
        let path = root.join("data/syntax").join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for (i, line) in text.lines().enumerate() {
            match classes::parse_line(line) {
                Ok(Some((form, bits))) => {
                    forms.insert(form.to_string(), u64::from(bits));
                }
                Ok(None) => {}
                Err(e) => panic!("data/syntax/{name}:{}:1: {e}", i + 1),
            }
        }
    }
    let mut map = fst::MapBuilder::memory();
    for (form, bits) in &forms {
        map.insert(form, *bits).expect("sorted, distinct forms");
    }
    let bytes = map.into_inner().expect("in memory");
    std::fs::write(out_dir.join("classes.fst"), bytes).expect("OUT_DIR is writable");
}
