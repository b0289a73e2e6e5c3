//! Opt-in: quidit under Apache Spark's `RDD.pipe` (local mode) gives the same lines as the
//! CLI, and a tagger that fails makes the Spark job fail. Runs `scripts/spark_pipe.py` on a
//! sample made from the project's own texts (never data from outside the repository).
//!
//! Ignored by default, because it needs Java and PySpark, which CI does not install, and
//! takes a minute (a JVM, and one tagger load a partition with the debug binary):
//!
//! ```sh
//! python3 -m venv .venv-spark && .venv-spark/bin/pip install pyspark   # once
//! cargo test --test spark -- --ignored --nocapture
//! ```
//!
//! The Python that has PySpark is `$QUIDIT_SPARK_PYTHON`, else `.venv-spark/bin/python`,
//! else `python3`. Without Java or PySpark the test says so and passes: it checks Spark, not
//! the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("QUIDIT_SPARK_PYTHON") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-spark/bin/python");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

/// Why Spark cannot run here, if it cannot.
fn missing(python: &Path) -> Option<String> {
    let java = std::env::var_os("JAVA_HOME")
        .map(|h| PathBuf::from(h).join("bin/java"))
        .unwrap_or_else(|| "java".into());
    if !Command::new(&java)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(format!("no Java ({} -version failed)", java.display()));
    }
    if !Command::new(python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(format!("{} cannot import pyspark", python.display()));
    }
    None
}

#[test]
#[ignore = "needs Java and PySpark; run with --ignored"]
fn spark_pipe_matches_the_cli() {
    let python = python();
    if let Some(why) = missing(&python) {
        eprintln!("SKIPPED spark_pipe_matches_the_cli: {why}");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spark_pipe.py");
    // A small sample over three partitions: enough for several tagger processes and for
    // documents to be split among them, without minutes of debug-build tagging.
    let out = Command::new(&python)
        .arg(&script)
        .args(["--generated", "--docs", "300", "--partitions", "3"])
        .arg("--check-failure")
        .arg(env!("CARGO_BIN_EXE_quidit"))
        // Hermetic, as tests/common's helper: no project file nor user folder of the machine.
        .env("QUIDIT_NO_CONFIG", "1")
        .output()
        .expect("the script runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    match out.status.code() {
        Some(0) => assert!(stdout.contains("OK: 300 documents"), "{stdout}"),
        // The script's own finding that Spark cannot start here (a probe above passed, yet
        // the JVM or PySpark would not do): said, not failed.
        Some(3) => eprintln!(
            "SKIPPED spark_pipe_matches_the_cli: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        _ => panic!(
            "spark_pipe.py failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
