#!/usr/bin/env python3
"""Runs `quidit tag --jsonl` under Apache Spark's RDD.pipe (local mode) and checks that it
gives the same lines as the single-machine CLI.

usage: spark_pipe.py [options] QUIDIT_BINARY

QUIDIT_BINARY is a built quidit (normally target/release/quidit); this script builds
nothing. The sample is, in this order of preference: --input FILE (JSON Lines with `id`
and `text`), the first --docs documents of ../shared/bench/orangesum.jsonl.gz when it is
there (unless --generated), else documents made from the project's own texts
(examples/*.txt, tests/golden/*.txt).

Exit status: 0 when Spark's output and the CLI's are the same lines for the same ids, 1
when they differ (the first differences are printed), 2 on bad usage, 3 when Spark cannot
run here (no PySpark or no Java: the message says which).

Why compare by id and not by position: RDD.pipe answers each partition in order, and
collect() returns partitions in order, so here the positions happen to match; but a real
job writes part files, or shuffles, and its results come back in any order. The output's
`id` is the join key a real pipeline uses, so that is what is checked (ids must be unique,
which is checked too). zipWithIndex would keep positions only if the index travelled
through the tagger inside each line (quidit copies unknown fields through), which changes
the very bytes we want to compare with the CLI's. Whether the collected order was the
input order is still printed, for information.
"""

import argparse
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORANGESUM = ROOT.parent / "shared" / "bench" / "orangesum.jsonl.gz"


def generated_sample(n: int, path: Path) -> str:
    """Writes `n` JSON lines made from the project's own texts: whole texts and single
    paragraphs, with a title field (copied through by quidit) and unique ids."""
    texts = []
    for pattern in ("examples/*.txt", "tests/golden/*.txt"):
        for f in sorted(ROOT.glob(pattern)):
            whole = f.read_text(encoding="utf-8")
            texts.append((f.stem, whole))
            paragraphs = [p for p in whole.split("\n\n") if p.strip()]
            texts.extend((f"{f.stem}-p{i}", p) for i, p in enumerate(paragraphs))
    if not texts:
        sys.exit("spark_pipe: no texts under examples/ or tests/golden/")
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            name, text = texts[i % len(texts)]
            # ensure_ascii=False: the lines carry UTF-8 as real corpora do, so the pipe's
            # encoding is exercised, not just ASCII escapes.
            # The title holds a raw U+2028 (a line separator to Python, not to JSON Lines),
            # copied through by quidit: line splitting must be on \n alone everywhere.
            line = {"id": f"gen-{i:06d}-{name}", "title": f"{name}\u2028{i}", "text": text}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return "generated from examples/ and tests/golden/"


def orangesum_sample(n: int, path: Path) -> str:
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as src, path.open(
        "w", encoding="utf-8"
    ) as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            out.write(line if line.endswith("\n") else line + "\n")
    return f"first {n} documents of {ORANGESUM}"


def keyed(lines, what):
    """{id: line} for JSON lines; exits if an id repeats (the comparison needs them unique)."""
    out = {}
    for line in lines:
        if not line.strip():
            continue
        key = json.dumps(json.loads(line).get("id"), ensure_ascii=False)
        if key in out:
            print(f"spark_pipe: {what}: id {key} appears twice", file=sys.stderr)
            sys.exit(1)
        out[key] = line
    return out


def job_fails(sc, command: str, sample: Path) -> bool:
    """Pipes two good lines around a malformed one: quidit tags the good ones and exits 1,
    and with checkCode=True the job must fail rather than return two lines of three."""
    with sample.open(encoding="utf-8") as f:
        good = next(line for line in f if line.strip()).rstrip("\n")
    try:
        got = sc.parallelize([good, '{"id": "broken", "text": ', good], 1).pipe(
            command, checkCode=True
        ).collect()
    except Exception as e:  # Py4JJavaError or PySparkRuntimeError, depending on the version
        why = [l for l in str(e).splitlines() if "PIPE_FUNCTION_EXITED" in l]
        print(f"expected failure: {type(e).__name__}: {(why or str(e).splitlines())[0][:200]}")
        return True
    print(f"the job with a malformed line succeeded with {len(got)} lines of 3")
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", help="path of a built quidit (e.g. target/release/quidit)")
    ap.add_argument("--input", type=Path, help="JSON Lines to tag (default: see above)")
    ap.add_argument("--docs", type=int, default=2000, help="sample size (default 2000)")
    ap.add_argument(
        "--generated",
        action="store_true",
        help="use the sample made from the project's texts even if ../shared is there",
    )
    ap.add_argument("--partitions", type=int, default=4, help="Spark partitions (default 4)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument(
        "--check-failure",
        action="store_true",
        help="also check that a malformed line fails the Spark job (an expected task "
        "failure is then logged on stderr)",
    )
    args = ap.parse_args()

    binary = Path(args.binary).resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(f"spark_pipe: {args.binary}: not an executable file", file=sys.stderr)
        return 2
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError:
        print(
            "spark_pipe: SKIP: PySpark is not importable by "
            f"{sys.executable} (python3 -m venv .venv-spark && "
            ".venv-spark/bin/pip install pyspark)",
            file=sys.stderr,
        )
        return 3
    java_home = os.environ.get("JAVA_HOME")
    java = Path(java_home, "bin", "java") if java_home else None
    if not ((java and java.exists()) or shutil.which("java")):
        print("spark_pipe: SKIP: no Java (Spark needs a JDK 17 or later)", file=sys.stderr)
        return 3

    with tempfile.TemporaryDirectory(prefix="quidit-spark.") as tmp:
        tmp = Path(tmp)
        if args.input:
            sample, origin = args.input.resolve(), str(args.input)
        else:
            sample = tmp / "sample.jsonl"
            if ORANGESUM.exists() and not args.generated:
                origin = orangesum_sample(args.docs, sample)
            else:
                origin = generated_sample(args.docs, sample)
        size = sample.stat().st_size
        print(f"sample: {origin}: {size / 1e6:.1f} MB")

        # Spark pipes with a fresh, empty environment (env={} in PySpark, none of the
        # executor's variables in Scala): no PATH, so the tagger is named by absolute path.
        # --threads 1: Spark already runs one task a core; a tagger on every core in every
        # task would only oversubscribe them. --quiet: the summary line would go to the
        # executor's log, not to the data, but it is noise there too.
        argv = [str(binary), "tag", "--jsonl", "--threads", "1", "--quiet"]
        # PySpark's pipe takes one string and splits it with shlex (Scala's takes a Seq),
        # so the path is quoted in case it holds spaces.
        command = " ".join(shlex.quote(a) for a in argv)

        # The Python workers must import pyspark as this interpreter does.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # Local mode: stay on the loopback rather than the address the host name resolves
        # to (Spark warns and picks an outside interface otherwise).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf = (
            SparkConf()
            .setMaster(args.master)
            .setAppName("quidit-spark-pipe")
            # Local mode on a machine without a routable name: bind to the loopback, and no
            # web UI (it would look for a free port and serve nothing we read).
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            # The console progress bar would interleave with the figures printed below.
            .set("spark.ui.showConsoleProgress", "false")
        )
        t0 = time.perf_counter()
        sc = SparkContext(conf=conf)
        sc.setLogLevel("ERROR")
        t_start = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            rdd = sc.textFile(sample.as_uri(), minPartitions=args.partitions)
            # checkCode=True: a tagger that exits non-zero (a malformed line, a crash) fails
            # the task and so the job; without it the partition's output is silently short.
            spark_lines = rdd.pipe(command, checkCode=True).collect()
            parts = rdd.getNumPartitions()
            t_spark = time.perf_counter() - t0
            if args.check_failure:
                failure_fails = job_fails(sc, command, sample)
        finally:
            sc.stop()

        t0 = time.perf_counter()
        with sample.open("rb") as stdin:
            cli = subprocess.run(
                [str(binary), "tag", "--jsonl", "--quiet"],
                stdin=stdin,
                stdout=subprocess.PIPE,
                check=True,
            )
        t_cli = time.perf_counter() - t0
        # Lines end at \n only, as for Spark's pipe: str.splitlines() would also cut at
        # U+2028 and U+0085, which JSON strings may hold unescaped.
        cli_lines = cli.stdout.decode("utf-8").split("\n")[:-1]

        with sample.open("rb") as f:
            n_in = sum(1 for line in f if line.strip())

    spark = keyed(spark_lines, "spark")
    single = keyed(cli_lines, "cli")
    print(
        f"input: {n_in} documents; spark ({args.master}, {parts} partitions): "
        f"{len(spark_lines)} lines; cli: {len(cli_lines)} lines"
    )
    print(
        f"timings: spark start {t_start:.1f} s; spark pipe job {t_spark:.1f} s "
        f"({size / 1e6 / t_spark:.3g} MB/s, {n_in / t_spark:.0f} docs/s); "
        f"cli {t_cli:.1f} s ({size / 1e6 / t_cli:.3g} MB/s, {n_in / t_cli:.0f} docs/s); "
        "both include loading the tagger (once per partition for spark)"
    )
    print(f"collected order same as input order: {spark_lines == cli_lines}")
    if args.check_failure:
        print(f"a malformed line fails the Spark job (checkCode=True): {failure_fails}")

    only_spark = sorted(spark.keys() - single.keys())
    only_cli = sorted(single.keys() - spark.keys())
    differ = sorted(k for k in spark.keys() & single.keys() if spark[k] != single[k])
    ok = not (only_spark or only_cli or differ) and len(single) == n_in
    ok = ok and (failure_fails if args.check_failure else True)
    for name, keys in (("only in spark", only_spark), ("only in cli", only_cli), ("differ", differ)):
        if keys:
            print(f"{name}: {len(keys)} ids, first: {', '.join(keys[:5])}")
    if len(single) != n_in:
        print(f"cli answered {len(single)} documents of {n_in}")
    print(f"{'OK' if ok else 'FAIL'}: {len(spark)} documents, same lines by id: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
