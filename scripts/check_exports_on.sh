#!/usr/bin/env bash
# Runs the export checks of tests/export_readers.rs on other texts, by default the project's
# seed articles in ../shared/seeds (when that folder is there), and proves the brat round
# trip: scoring `quidit tag --format brat` and `quidit export --format brat` (from the JSON
# Lines) with ../shared/eval/score.py gives the same figures.
#
# Usage: scripts/check_exports_on.sh [DIR...]     (from the project's root; builds --release)
# Needs the readers' environment (.venv-readers, made by .ci/run) or QUIDIT_READERS_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  if [ ! -d ../shared/seeds ]; then echo "no ../shared/seeds here: nothing to check"; exit 0; fi
  dirs=(../shared/seeds)
fi
python=${QUIDIT_READERS_PYTHON:-.venv-readers/bin/python}
cargo build --release -q
bin=$PWD/target/release/quidit
score=../shared/eval/score.py
status=0
for dir in "${dirs[@]}"; do
  out=$(mktemp -d)
  echo "== $dir"
  # Ids are the paths as given: tag from the folder's parent so that they name the files.
  "$bin" tag -q "$dir" --output "$out/tagged.jsonl"
  for f in brat xmi labelstudio doccano conll conllu spacy html; do
    "$bin" export --format "$f" --output "$out/export/$f" "$out/tagged.jsonl"
  done
  "$python" scripts/validate_exports.py "$out/tagged.jsonl" "$out/export" || status=1
  if [ -f "$score" ]; then
    "$bin" tag -q --format brat --output "$out/tag-brat" "$dir"
    python3 "$score" "$dir" "$out/tag-brat" --json > "$out/score-tag.json"
    python3 "$score" "$dir" "$out/export/brat" --json > "$out/score-export.json"
    if cmp -s "$out/score-tag.json" "$out/score-export.json"; then
      echo "round trip: score.py gives identical figures for tag --format brat and export --format brat"
      python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); e = d['entities']; a = d['attributions']
f = lambda x: '-' if x is None else '%.3f' % x
print('  entities strict F1 %s, quote content F1 %s, quote attribution F1 %s, charge attribution F1 %s (%d documents)' % (
  f(e['strict']['micro']['f1']), f(a['quote']['content_f1']), f(a['quote']['attribution_f1']),
  f(a['charge']['attribution_f1']), d['documents']['with_prediction']))" "$out/score-tag.json"
    else
      echo "round trip: score.py figures DIFFER"; diff "$out/score-tag.json" "$out/score-export.json" || true
      status=1
    fi
  fi
  rm -rf "$out"
done
exit $status
