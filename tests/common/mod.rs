//! Helpers shared by the tests that run the `quidit` binary.
#![allow(dead_code)] // each test file uses a part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `quidit` binary, hermetic: `QUIDIT_NO_CONFIG` set, so that no project file
/// (`quidit.toml` in a parent of the test's folder) nor user folder of the machine running
/// the tests is read; the tests of the project file use [`quidit_in`] instead.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_quidit"));
    c.env("QUIDIT_NO_CONFIG", "1");
    c
}

/// Runs `quidit` with `args`, feeding `stdin` (from another thread, so that a large input
/// and a large output cannot block each other).
pub fn quidit(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run(command(), args, stdin)
}

/// Runs `quidit` in the folder `cwd` with the project file and user folder read, as a user
/// runs it: the user folder is `data_home/quidit` (`XDG_DATA_HOME` and `HOME` point into
/// `data_home`, so the machine's own is never read), and `QUIDIT_NO_CONFIG` is unset.
pub fn quidit_in(cwd: &Path, data_home: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_quidit"));
    c.current_dir(cwd)
        .env_remove("QUIDIT_NO_CONFIG")
        .env("XDG_DATA_HOME", data_home)
        .env("HOME", data_home);
    run(c, args, stdin)
}

fn run(mut command: Command, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("piped");
    let bytes = stdin.unwrap_or_default().to_vec();
    let feeder = std::thread::spawn(move || input.write_all(&bytes));
    let output = child.wait_with_output().expect("the binary finishes");
    // A run that stops before reading its input (a refused output, bad usage) closes the
    // pipe: the text is then not needed, and a broken pipe is no failure of the test.
    match feeder.join().expect("the feeder ends") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            panic!("stdin does not accept the text: {e}")
        }
        _ => {}
    }
    output
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A small gazetteer folder, so that tests do not depend on the built-in lists.
pub fn gazetteers(dir: &Path) -> String {
    let g = dir.join("gaz");
    write(&g, "LOC/villes.txt", "Idlib | Idleb ; Q170017\n=Tours\n");
    write(
        &g,
        "ORG/sigles.txt",
        "Observatoire syrien des droits de l'homme | =OSDH\n",
    );
    g.display().to_string()
}

/// Every file below `dir` (recursively), sorted by path.
pub fn files_below(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(folder)? {
            let path = item?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
