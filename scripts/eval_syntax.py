#!/usr/bin/env python3
"""Measure the syntax stage against a UD French treebank: parts of speech, and noun phrases.

Usage (from the repository root, after `cargo build --release`):

    python3 scripts/eval_syntax.py ../shared/eval/ud-french/sequoia/fr_sequoia-ud-dev.conllu

The treebank's sentences (`# text`), one paragraph each, go through
`quidit explain --syntax -`, whose words (`word/TAG`) are found back in the text in order.
- Parts of speech: a UD surface token (a multiword token such as `du` = `de le` counts
  once, its words' tags joined by `+`) is compared with the quidit token of the same span,
  quidit's verb forms (`V:F`, `V:K`, `V:W`, `V:G`) counting as `VERB`; punctuation is left
  out, as in ../shared/notes/chunking-french.md.
- Noun phrases: quidit's outermost phrases (an `SN`, or a `GN` inside none) against the
  `np` units of ../shared/eval/ud-french/chunks.py (a noun with its determiner, adjectives
  and nominal complements) whose head is not a pronoun (pronouns are the rules' `<PRO>`,
  not phrases), exact spans.
Standard library only.
"""
import collections
import gzip
import subprocess
import sys
from pathlib import Path

CHUNKS = Path(__file__).resolve().parent.parent.parent / "shared/eval/ud-french/chunks.py"


def heads(path):
    """(sent_id, word id) -> UPOS, to know each gold phrase's head's part of speech."""
    opener = gzip.open if path.endswith(".gz") else open
    out, sid = {}, None
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("# sent_id = "):
                sid = line[12:].strip()
            elif line[:1].isdigit():
                cols = line.split("\t")
                out[(sid, cols[0])] = cols[3]
    return out


def sentences(path):
    opener = gzip.open if path.endswith(".gz") else open
    sid, text, toks, mwt_end = None, None, [], 0
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sid = line[12:].strip()
            elif line.startswith("# text = "):
                text = line[9:]
            elif line.startswith("#"):
                continue
            elif not line:
                if text is not None:
                    yield sid, text, toks
                sid, text, toks, mwt_end = None, None, [], 0
            else:
                cols = line.split("\t")
                if "-" in cols[0]:
                    mwt_end = int(cols[0].split("-")[1])
                    toks.append([cols[1], []])
                elif "." in cols[0]:
                    continue
                elif mwt_end and int(cols[0]) <= mwt_end:
                    toks[-1][1].append(cols[3])
                else:
                    toks.append([cols[1], [cols[3]]])


def main():
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/quidit"
    sents = list(sentences(path))
    joined, starts = "", []
    for _, text, _ in sents:
        starts.append(len(joined))
        joined += text + "\n\n"
    out = subprocess.run([binary, "explain", "--syntax", "-"], input=joined,
                         capture_output=True, text=True, check=True).stdout
    # quidit's tokens and phrases, as code-point offsets of `joined`.
    tags, phrases, at = {}, [], 0
    for line in out.split("\n"):
        if line.startswith("  "):
            kind, words = line.strip().split("  ", 1)
            k = joined.rfind(words, 0, at)
            k = joined.find(words, max(0, k)) if k >= 0 else joined.find(words)
            phrases.append((kind, k, k + len(words)))
            continue
        for item in line.split(" ") if line else []:
            word, _, tag = item.rpartition("/")
            k = joined.find(word, at)
            if k < 0:
                continue
            tags[(k, k + len(word))] = "VERB" if tag.startswith("V:") else tag
            at = k + len(word)
    # Parts of speech.
    total = right = aligned = 0
    confusions = collections.Counter()
    for (_, text, toks), base in zip(sents, starts):
        pos = 0
        for form, gold in toks:
            k = text.find(form, pos)
            if k < 0:
                continue
            pos = k + len(form)
            gold = "+".join(gold)
            if gold == "PUNCT":
                continue
            total += 1
            mine = tags.get((base + k, base + pos))
            aligned += mine is not None
            if mine == gold:
                right += 1
            elif mine is not None:
                confusions[(form.lower(), gold, mine)] += 1
    print(f"{path}")
    print(f"  parts of speech: {total} tokens, {aligned / total:.3f} aligned, "
          f"accuracy {right / total:.4f}")
    for (form, gold, mine), n in confusions.most_common(10):
        print(f"    {n:4}  {form!r}: gold {gold}, quidit {mine}")
    # Noun phrases: the outermost ones.
    outer = []
    for kind, a, b in phrases:
        if any(x <= a and b <= y for x, y in outer):
            continue
        outer = [(x, y) for x, y in outer if not (a <= x and y <= b)] + [(a, b)]
    mine = set(outer)
    gold = set()
    rows = subprocess.run([sys.executable, str(CHUNKS), path, "--kinds", "np"],
                          capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    by_id = {sid: base for (sid, _, _), base in zip(sents, starts)}
    upos = heads(path)
    for row in rows:
        c = row.split("\t")
        if upos.get((c[0], c[4].split(":")[0])) == "PRON":
            continue
        if c[0] in by_id:
            gold.add((by_id[c[0]] + int(c[2]), by_id[c[0]] + int(c[3])))
    tp = len(mine & gold)
    p, r = tp / max(1, len(mine)), tp / max(1, len(gold))
    print(f"  noun phrases: {len(gold)} gold, precision {p:.3f} recall {r:.3f} "
          f"F1 {2 * p * r / max(1e-9, p + r):.3f}")


if __name__ == "__main__":
    main()
