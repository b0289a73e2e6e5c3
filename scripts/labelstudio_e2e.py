#!/usr/bin/env python3
"""Opt-in end-to-end check of the Label Studio export against a real Label Studio server.

Starts `label-studio` (PyPI) on 127.0.0.1 with a fresh data folder, creates a project with
OUT/labeling-config.xml, imports OUT/tasks.json with its predictions through the HTTP API,
reads every prediction back and checks that each region (label, offsets, text), each kind and
each relation came back as sent. Stops the server at the end.

Usage (from the project's root):
    python3 -m venv /tmp/ls && /tmp/ls/bin/pip install label-studio==1.23.2
    target/release/quidit tag tests/exports/ -o /tmp/t.jsonl
    target/release/quidit export --format labelstudio -o /tmp/ls-out /tmp/t.jsonl
    /tmp/ls/bin/python scripts/labelstudio_e2e.py /tmp/ls-out [--port 18080]

The server needs about a minute to start on a fresh database (migrations).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TOKEN = "quidit-e2e-token"


def call(port, method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Authorization", f"Token {TOKEN}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"null")


def wait_up(port, proc, limit=300):
    start = time.time()
    while time.time() - start < limit:
        if proc.poll() is not None:
            raise SystemExit(f"label-studio exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                if r.status == 200:
                    return time.time() - start
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(2)
    raise SystemExit("label-studio did not answer /health in time")


def regions_of(result):
    """(label, start, end, text) of each region, kinds by region, and relations."""
    regions, kinds, rels = {}, {}, set()
    for r in result:
        if r["type"] == "labels":
            v = r["value"]
            regions[r["id"]] = (v["labels"][0], v["start"], v["end"], v.get("text"))
        elif r["type"] == "choices":
            kinds[r["id"]] = r["value"]["choices"][0]
    for r in result:
        if r["type"] == "relation":
            rels.add((r["labels"][0], regions[r["from_id"]], regions[r["to_id"]]))
    return set(regions.values()), {(regions[k], v) for k, v in kinds.items()}, rels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export_dir")
    ap.add_argument("--port", type=int, default=18080)
    args = ap.parse_args()
    config = open(os.path.join(args.export_dir, "labeling-config.xml"), encoding="utf-8").read()
    tasks = json.load(open(os.path.join(args.export_dir, "tasks.json"), encoding="utf-8"))
    data = tempfile.mkdtemp(prefix="ls-e2e-")
    env = dict(os.environ, LATEST_VERSION_CHECK="false", COLLECT_ANALYTICS="false",
               LABEL_STUDIO_BASE_DATA_DIR=data)
    exe = shutil.which("label-studio", path=os.path.dirname(sys.executable)) or "label-studio"
    log = open(os.path.join(data, "server.log"), "w")
    proc = subprocess.Popen(
        [exe, "start", "--no-browser", "--internal-host", "127.0.0.1", "-p", str(args.port),
         "--data-dir", data, "--username", "admin@example.com", "--password", "quidit-e2e-pass",
         "--user-token", TOKEN, "--enable-legacy-api-token"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    problems = []
    try:
        took = wait_up(args.port, proc)
        print(f"label-studio answered /health after {took:.0f} s")
        project = call(args.port, "POST", "/api/projects", {"title": "quidit e2e", "label_config": config})
        pid = project["id"]
        imported = call(args.port, "POST", f"/api/projects/{pid}/import?commit_to_project=true", tasks)
        print(f"import: task_count={imported.get('task_count')} prediction_count={imported.get('prediction_count')}")
        if imported.get("task_count") != len(tasks) or imported.get("prediction_count") != len(tasks):
            problems.append(f"import answered {imported}")
        listed = call(args.port, "GET", f"/api/tasks?project={pid}&page_size=1000")
        listed = listed["tasks"] if isinstance(listed, dict) else listed
        by_doc = {t["data"]["id"]: t for t in listed}
        for sent in tasks:
            doc = sent["data"]["id"]
            task = by_doc.get(doc)
            if not task:
                problems.append(f"{doc}: no task came back")
                continue
            if task["data"]["text"] != sent["data"]["text"]:
                problems.append(f"{doc}: text changed")
            preds = call(args.port, "GET", f"/api/predictions?task={task['id']}")
            if len(preds) != 1:
                problems.append(f"{doc}: {len(preds)} predictions")
                continue
            want = regions_of(sent["predictions"][0]["result"])
            got = regions_of(preds[0]["result"])
            for name, w, g in zip(("regions", "kinds", "relations"), want, got):
                if w != g:
                    problems.append(f"{doc}: {name} differ: sent {len(w)}, got {len(g)}")
            print(f"{doc}: {len(got[0])} regions, {len(got[1])} kinds, {len(got[2])} relations read back"
                  + (" identical" if want == got else " DIFFERENT"))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(tasks)} passed, {len(problems)} failed" if not problems else f"{len(tasks) - len(problems)} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
