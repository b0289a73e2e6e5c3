#!/usr/bin/env python3
"""Turn quidit's spaCy JSONL (`quidit export --format spacy`) into a spaCy DocBin.

Usage:
    python3 scripts/spacy_docbin.py OUT/spacy.jsonl corpus.spacy

Needs spaCy (`pip install spacy`; no model: a blank French pipeline gives the vocabulary).
Each document keeps quidit's tokens exactly (the text is rebuilt byte for byte), its
entities in `doc.ents` (the outermost ones: spaCy's entities cannot overlap), every span
(entities, quotes, charges, cues, mentions) in `doc.spans["quidit"]`, and in `doc.user_data`
its `id`, the `kind` of each span that has one, and the `relations`, which spaCy has no
place for, as [label, head span index, child span index] over `doc.spans["quidit"]`.
"""

import json
import sys

import spacy
from spacy.tokens import Doc, DocBin, Span

ENTITY_LABELS = {"PER", "ORG", "LOC"}


def to_doc(nlp, line):
    words = [t["text"] for t in line["tokens"]]
    spaces = [t["ws"] for t in line["tokens"]]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != line["text"]:
        raise SystemExit(f"{line['meta']['id']}: the tokens do not rebuild the text")
    spans, index = [], {}
    for s in line["spans"]:
        span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
        if span is None:
            raise SystemExit(f"{line['meta']['id']}: span {s['start']}-{s['end']} is not on token boundaries")
        index[(s["label"], s["start"], s["end"])] = len(spans)
        spans.append(span)
    doc.spans["quidit"] = spans
    ents = sorted((s for s in spans if s.label_ in ENTITY_LABELS), key=lambda s: (s.start, -s.end))
    outer = []
    for s in ents:
        if not any(o.start <= s.start and s.end <= o.end for o in outer):
            outer.append(s)
    doc.ents = [Span(doc, s.start, s.end, label=s.label_) for s in outer]
    key = lambda s: index[(s["label"], s["start"], s["end"])]
    doc.user_data["id"] = line["meta"]["id"]
    doc.user_data["kinds"] = [[i, s["kind"]] for i, s in enumerate(line["spans"]) if "kind" in s]
    doc.user_data["relations"] = [[r["label"], key(r["head_span"]), key(r["child_span"])]
                                  for r in line["relations"]]
    return doc


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    nlp = spacy.blank("fr")
    db = DocBin(store_user_data=True)
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                db.add(to_doc(nlp, json.loads(line)))
    db.to_disk(sys.argv[2])
    print(f"{len(db)} documents written to {sys.argv[2]}")


if __name__ == "__main__":
    main()
