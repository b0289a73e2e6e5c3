//! The command line under hostile files (issue 17): outputs that are links, FIFOs, devices
//! or folders; inputs that would block; interrupted runs; exit codes that tell failures
//! apart; rules files that nest or expand without bound; data files that are not UTF-8.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{gazetteers, quidit, stderr, stdout, write};

const TEXT: &str = "Selon l'OSDH, les combats continuent à Idlib.\n";

/// `tag` with the small test gazetteers, then `args`.
fn tag(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let g = gazetteers(dir);
    let mut all = vec!["tag", "--no-builtin-gazetteers", "--gazetteers", &g];
    all.extend_from_slice(args);
    quidit(&all, stdin)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temporary paths")
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo runs");
    assert!(ok.success());
}

/// Waits for `child` at most `seconds`; a run that hangs is killed and fails the test.
fn finish(mut child: Child, seconds: u64) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("quidit did not finish within {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Files whose name ends with `.quidit-tmp` below `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    common::files_below(dir)
        .unwrap()
        .iter()
        .map(|p| p.display().to_string())
        .filter(|p| p.ends_with(".quidit-tmp"))
        .collect()
}

#[test]
fn a_symlinked_output_replaces_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TEXT);
    let real = dir.path().join("real.jsonl");
    let link = dir.path().join("link.jsonl");
    std::fs::write(&real, "old\n").unwrap();
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    let a = dir.path().join("a.txt");
    let o = tag(dir.path(), &["--quiet", "-o", path(&link), path(&a)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    let written = std::fs::read_to_string(&real).unwrap();
    assert!(written.contains("\"OSDH\""), "{written}");
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_fifo_and_a_device_are_written_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TEXT);
    write(dir.path(), "bad.txt", b"\xE0 Idlib");
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let (a, bad) = (dir.path().join("a.txt"), dir.path().join("bad.txt"));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = tag(
        dir.path(),
        &[
            "--quiet",
            "-o",
            path(&fifo),
            "--failures",
            "/dev/null",
            path(&a),
            path(&bad),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(reader.join().unwrap().contains("\"OSDH\""));
    assert!(fifo.metadata().unwrap().file_type().is_fifo());
    assert!(
        Path::new("/dev/null")
            .metadata()
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn outputs_that_are_no_file_or_lack_a_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TEXT);
    let a = dir.path().join("a.txt");
    // A folder as the failures file.
    let o = tag(
        dir.path(),
        &["--failures", path(dir.path()), path(&a)],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("a folder"), "{}", stderr(&o));
    // A file in a folder that does not exist: not made.
    let missing = dir.path().join("nowhere/out.jsonl");
    let o = tag(dir.path(), &["-o", path(&missing), path(&a)], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no such folder"), "{}", stderr(&o));
    assert!(!dir.path().join("nowhere").exists());
    // A directory output is made with its parents: the user asked for a folder.
    let out = format!("{}/", dir.path().join("made/here").display());
    let o = tag(dir.path(), &["--quiet", "-o", &out, path(&a)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("made/here/a.jsonl").is_file());
    // Standard output by name.
    let o = tag(dir.path(), &["--quiet", "-o", "-", path(&a)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"OSDH\""));
}

#[test]
fn an_output_that_cannot_be_written_exits_with_3() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TEXT);
    let a = dir.path().join("a.txt");
    let o = tag(dir.path(), &["--quiet", "-o", "/dev/full", path(&a)], None);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write the output"));
}

#[test]
fn a_fifo_in_a_folder_is_skipped_and_one_named_is_read_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", TEXT);
    mkfifo(&corpus.join("b.txt"));
    let g = gazetteers(dir.path());
    let mut child = common::command()
        .args(["tag", "--no-builtin-gazetteers", "--gazetteers", &g])
        .arg(&corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let status = finish(child, 60);
    let mut err = String::new();
    pipe.read_to_string(&mut err).unwrap();
    assert!(status.success(), "{err}");
    assert!(err.contains("b.txt: skipped, a FIFO"), "{err}");
    assert!(err.contains("1 document tagged"), "{err}");

    // Named on the command line, a FIFO is read to its end, in order.
    let fifo = dir.path().join("in.fifo");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, TEXT).unwrap())
    };
    let o = tag(dir.path(), &["--quiet", path(&fifo)], None);
    writer.join().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"OSDH\""), "{}", stdout(&o));
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let temp = dir.path().join(".out.jsonl.quidit-tmp");
    let g = gazetteers(dir.path());
    let mut child = common::command()
        .args(["tag", "--quiet", "--jsonl", "--no-builtin-gazetteers"])
        .args(["--gazetteers", &g, "-o", path(&out)])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Standard input stays open: the run waits for more lines, its output half-written.
    let mut input = child.stdin.take().unwrap();
    writeln!(input, "{{\"text\": \"Selon l'OSDH, à Idlib.\"}}").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !temp.exists() {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = finish(child, 30);
    drop(input);
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert!(!temp.exists());
    assert!(!out.exists());
}

#[test]
fn a_bom_before_the_first_json_line_is_no_fault() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(b"{\"id\": 1, \"text\": \"Selon l'OSDH.\"}\n");
    write(dir.path(), "in.jsonl", &bytes);
    let input = dir.path().join("in.jsonl");
    let o = tag(dir.path(), &["--quiet", "--jsonl", path(&input)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("{\"id\":1,"), "{}", stdout(&o));
}

#[test]
fn names_that_are_not_utf8_give_distinct_ids() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for name in [&b"a\xFF.txt"[..], b"a\xFE.txt"] {
        let name = std::ffi::OsStr::from_bytes(name);
        if std::fs::write(corpus.join(name), TEXT).is_err() {
            return; // a file system that takes only UTF-8 names
        }
    }
    let o = tag(dir.path(), &["--quiet", path(&corpus)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].ends_with("a\\\\xFE.txt\""), "{ids:?}");
    assert!(ids[1].ends_with("a\\\\xFF.txt\""), "{ids:?}");
}

#[test]
fn the_summary_counts_only_the_bytes_of_tagged_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = vec![b'a'; 3_000_000];
    bad[10] = 0xFF;
    write(dir.path(), "bad.txt", &bad);
    write(dir.path(), "a.txt", TEXT);
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("bad.txt"));
    let o = tag(dir.path(), &[path(&a), path(&b)], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("1 document tagged, 1 failed; 0.0 MB"), "{err}");
}

/// `check` with only the rules under `dir`.
fn check_rules(dir: &Path) -> std::process::Output {
    quidit(&["check", "--no-builtin-rules", "--rules", path(dir)], None)
}

#[test]
fn deep_nesting_is_a_located_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "rule deep.x\n  match {}PER{}\n  emit Quote(source=PER)\n",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    write(dir.path(), "deep.rules", deep);
    let o = check_rules(dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("deep.rules:2:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nested more than"), "{}", stderr(&o));
    // The same with negations and with a macro inside a macro.
    write(
        dir.path(),
        "deep.rules",
        format!("define $X = {}PER\n", "!".repeat(5_000)),
    );
    assert_eq!(check_rules(dir.path()).status.code(), Some(2));
    let nested = (1..40)
        .map(|i| format!("define $M{i} = (((($M{})))) \"x\"\n", i - 1))
        .collect::<String>();
    write(
        dir.path(),
        "deep.rules",
        format!("define $M0 = \"a\"\n{nested}"),
    );
    let o = check_rules(dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nested more than"), "{}", stderr(&o));
}

#[test]
fn doubling_macros_are_refused_before_they_fill_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = String::from("define $M0 = \"a\" \"b\"\n");
    for i in 1..=24 {
        rules.push_str(&format!("define $M{i} = $M{} $M{}\n", i - 1, i - 1));
    }
    write(dir.path(), "big.rules", rules);
    let start = Instant::now();
    let o = check_rules(dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("big.rules:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("rules too large"), "{}", stderr(&o));
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn data_files_that_are_not_utf8_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r/a.rules",
        b"# r\xC3\xA8gles\ndefine $A = \"caf\xE9\"\n",
    );
    let o = check_rules(&dir.path().join("r"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a.rules:2:17: invalid UTF-8: byte 0xE9 at byte 17 of the line"),
        "{}",
        stderr(&o)
    );
    write(dir.path(), "g/PER/x.txt", b"Jean Dupont\nL\xE9on Blum\n");
    let g = dir.path().join("g");
    let o = quidit(&["check", "--gazetteers", path(&g)], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("x.txt:2:2: invalid UTF-8: byte 0xE9 at byte 2 of the line (14 of the file)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_tells_an_unwritable_output_apart() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let line = b"{\"id\":\"a\",\"text\":\"Idlib\",\"entities\":[],\"attributions\":[]}\n";
    let o = quidit(
        &["export", "--format", "jsonl", "-o", "/dev/full"],
        Some(line),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere/out.jsonl");
    let o = quidit(
        &["export", "--format", "jsonl", "-o", path(&missing)],
        Some(line),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_fifo_among_the_data_files_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "g/PER/x.txt", "Jean Dupont\n");
    mkfifo(&dir.path().join("g/PER/y.txt"));
    let g = dir.path().join("g");
    let child = common::command()
        .args(["check", "--gazetteers", path(&g)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(finish(child, 60).code(), Some(2));
}

#[test]
fn a_socket_is_neither_read_nor_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TEXT);
    let a = dir.path().join("a.txt");
    let socket = dir.path().join("s.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    // Named as an input: that input fails, the others are tagged.
    let o = tag(dir.path(), &["--quiet", path(&socket), path(&a)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("a socket"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"OSDH\""));
    // In a folder: skipped with a note.
    let o = tag(dir.path(), &["--quiet", path(dir.path())], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("s.txt: skipped, a socket"),
        "{}",
        stderr(&o)
    );
    // As an output: refused before anything is tagged.
    let o = tag(dir.path(), &["-o", path(&socket), path(&a)], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A loop of links.
    let (l1, l2) = (dir.path().join("l1"), dir.path().join("l2"));
    std::os::unix::fs::symlink(&l2, &l1).unwrap();
    std::os::unix::fs::symlink(&l1, &l2).unwrap();
    let o = tag(dir.path(), &["-o", path(&l1), path(&a)], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn the_memory_budget_tags_a_large_document_alone_or_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    // 100 kB: charged 15 MB (150 times its size).
    let large = TEXT.repeat(100_000 / TEXT.len());
    write(dir.path(), "a.txt", TEXT);
    write(dir.path(), "b.txt", &large);
    write(dir.path(), "c.txt", TEXT);
    let files: Vec<String> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|f| path(&dir.path().join(f)).to_owned())
        .collect();
    let run = |budget: &str| {
        let mut args = vec!["--threads", "2", "--max-memory", budget];
        args.extend(files.iter().map(String::as_str));
        tag(dir.path(), &args, None)
    };
    // Ample: the reference output.
    let ample = run("10G");
    assert!(ample.status.success(), "{}", stderr(&ample));
    // 20 MB: two such documents would not fit beside each other, one does: it is tagged
    // alone, and the output is the same, in the same order.
    let alone = run("20M");
    assert!(alone.status.success(), "{}", stderr(&alone));
    assert_eq!(stdout(&alone), stdout(&ample));
    // 10 MB: it does not fit at all; it fails with a message, the others are tagged.
    let refused = run("10M");
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(
        err.contains("b.txt") && err.contains("--max-memory"),
        "{err}"
    );
    assert_eq!(stdout(&refused).lines().count(), 2);
    // A document limit beyond 32-bit offsets is bad usage.
    let too_far = tag(dir.path(), &["--max-doc-bytes", "5G", &files[0]], None);
    assert_eq!(too_far.status.code(), Some(2));
}
