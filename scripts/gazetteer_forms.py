#!/usr/bin/env python3
"""Prints every entity form of quidit's gazetteers, one a line, for tools that take a plain
list of names (../shared/bench/peers.sh): the same names quidit matches, so a comparison
measures the engines, not the lists.

usage: gazetteer_forms.py [DIR...]   (default: the built-in gazetteers/)

Follows gazetteers/README.md and crates/quidit-lists/src/parse.rs: only PER/, ORG/ and LOC/ (lexique/
lists feed rules, never entities); blank lines and `%` directives skipped; `#` at a line's
start or after white space begins a comment; forms are the part before the first `;`,
separated by `|` and trimmed; a leading `=` (case-exact) is dropped, since the peers have no
such notion. Forms are printed once each, in the order first met.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def forms(line: str):
    # A comment starts at a `#` at the line's start or after white space, as in parse.rs.
    for i, c in enumerate(line):
        if c == "#" and (i == 0 or line[i - 1].isspace()):
            line = line[:i]
            break
    line = line.strip()
    if not line or line.startswith("%"):
        return
    for piece in line.split(";", 1)[0].split("|"):
        form = piece.strip()
        if form.startswith("="):
            form = form[1:].strip()
        if form:
            yield form


def main() -> None:
    dirs = [Path(d) for d in sys.argv[1:]] or [ROOT / "gazetteers"]
    seen = set()
    out = sys.stdout
    for d in dirs:
        for kind in ("PER", "ORG", "LOC"):
            for f in sorted((d / kind).glob("*.txt")):
                for line in f.read_text(encoding="utf-8").splitlines():
                    for form in forms(line):
                        if form not in seen:
                            seen.add(form)
                            out.write(form + "\n")


if __name__ == "__main__":
    main()
