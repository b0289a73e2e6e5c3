//! Evaluation against gold data, as `ANNOTATION.md` defines the scores: a port of the
//! project's scorer (`eval/score.py`) that gives the same figures on the same files, plus the
//! list of errors behind them (what `quidit eval` prints).
//!
//! Entities: for each label only the outermost spans count; *strict* needs the same label and
//! span, *overlap* one shared character, one-to-one, greedy by largest overlap. Attributions: a
//! predicted content matches a gold content of the same family (`Quote` or `Charge`) when they
//! share at least half of the longer span, one-to-one, greedy by largest overlap; a pair's
//! source (and a charge's target) is right when the spans overlap or the names agree (through
//! `Coref`, lower-cased, without accents, as a contiguous run of words).
//!
//! The public surface is what `quidit eval` needs and no more: reading gold ([`brat`]'s
//! `.ann` files, [`conll`]'s IOB2 files), turning annotations into what is scored ([`build`]
//! → [`Scored`]), scoring one document after another ([`score_document`] into [`Totals`],
//! returning the [`Matching`] that the error list reads), and the figures ([`Scores`], with
//! its report and its JSON). The matching itself (outermost spans, greedy one-to-one
//! matching, name agreement) is internal: it is the scorer's definition, not an API. It
//! stays in the library rather than the command line because it is the reference for the
//! figures the project publishes, and its tests pin it to `eval/score.py`; what only the
//! command does (choosing files, `--only` patterns, the error list) is in `src/cli/eval.rs`.

pub mod brat;
pub mod conll;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use brat::AnnDoc;

/// The entity labels scored.
pub const ENTITY_LABELS: [&str; 3] = ["PER", "ORG", "LOC"];
/// The attribution families scored.
pub const FAMILIES: [&str; 2] = ["quote", "charge"];

/// Code-point fragments of a span, sorted.
pub type Frags = Vec<(usize, usize)>;

/// A source, target or cue: its spans and its name (the text of the entity it refers to
/// through `Coref`, else its own).
#[derive(Clone, Debug)]
pub struct Role {
    /// Its fragments.
    pub frags: Frags,
    /// Its name.
    pub name: String,
    /// Id of its annotation.
    pub id: String,
}

/// A content span with its kind and roles.
#[derive(Clone, Debug)]
pub struct Attribution {
    /// `quote` or `charge`.
    pub family: &'static str,
    /// The content's fragments.
    pub frags: Frags,
    /// The `Kind` attribute.
    pub kind: Option<String>,
    /// Sources.
    pub sources: Vec<Role>,
    /// Targets.
    pub targets: Vec<Role>,
    /// Cues.
    pub cues: Vec<Role>,
    /// Id of the content annotation.
    pub id: String,
}

/// What is scored in one document: outermost entities per label, attributions per family.
#[derive(Clone, Debug, Default)]
pub struct Scored {
    /// Entities of each of [`ENTITY_LABELS`].
    pub entities: [Vec<Frags>; 3],
    /// Attributions of each of [`FAMILIES`], sorted by span.
    pub attributions: [Vec<Attribution>; 2],
}

fn merge(frags: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = frags.to_vec();
    sorted.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Characters covered by a span.
pub(crate) fn length(frags: &[(usize, usize)]) -> usize {
    merge(frags).iter().map(|(s, e)| e - s).sum()
}

/// Characters two spans share.
pub fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (a, b) = (merge(a), merge(b));
    let mut total = 0;
    for &(s1, e1) in &a {
        for &(s2, e2) in &b {
            total += e1.min(e2).saturating_sub(s1.max(s2));
        }
    }
    total
}

/// First start and last end.
pub fn extent(frags: &[(usize, usize)]) -> (usize, usize) {
    (
        frags.first().map_or(0, |f| f.0),
        frags.iter().map(|f| f.1).max().unwrap_or(0),
    )
}

/// Duplicates and spans whose extent lies inside another span's extent dropped.
pub(crate) fn outermost(spans: &[Frags]) -> Vec<Frags> {
    let mut uniq: Vec<Frags> = spans.to_vec();
    uniq.sort();
    uniq.dedup();
    uniq.sort_by(|a, b| {
        let (ea, eb) = (extent(a), extent(b));
        (ea.0, std::cmp::Reverse(ea.1), a).cmp(&(eb.0, std::cmp::Reverse(eb.1), b))
    });
    let mut kept = Vec::new();
    let mut max_end: Option<usize> = None;
    for frags in uniq {
        let (_, end) = extent(&frags);
        if max_end.is_some_and(|m| end <= m) {
            continue;
        }
        max_end = Some(end);
        kept.push(frags);
    }
    kept
}

/// One-to-one matching, greedy by largest overlap, then closest length, then order;
/// `accept(gold, pred, shared)` says whether a pair may match. Returns (gold, pred) indices.
pub(crate) fn greedy_match(
    gold: &[Frags],
    pred: &[Frags],
    accept: impl Fn(&Frags, &Frags, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let (gs, _) = extent(g);
        for (pi, p) in pred.iter().enumerate() {
            if extent(p).1 <= gs {
                continue;
            }
            let shared = overlap(g, p);
            if shared > 0 && accept(g, p, shared) {
                let diff = length(g).abs_diff(length(p));
                candidates.push((std::cmp::Reverse(shared), diff, gi, pi));
            }
        }
    }
    candidates.sort();
    let (mut used_g, mut used_p) = (HashSet::new(), HashSet::new());
    let mut pairs = Vec::new();
    for (_, _, gi, pi) in candidates {
        if used_g.contains(&gi) || used_p.contains(&pi) {
            continue;
        }
        used_g.insert(gi);
        used_p.insert(pi);
        pairs.push((gi, pi));
    }
    pairs
}

/// Lower-cased words without accents, as the scorer compares names.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    let plain: String = s
        .nfkd()
        .filter(|c| canonical_combining_class(*c) == 0)
        .collect::<String>()
        .to_lowercase();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the words of one name are a contiguous run inside the words of the other.
pub(crate) fn names_agree(a: &str, b: &str) -> bool {
    let (wa, wb) = (name_words(a), name_words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (big, small) = if wa.len() >= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    big.windows(small.len()).any(|w| w == small.as_slice())
}

/// Whether a role is right: both sides without one, or overlapping spans, or (by name)
/// agreeing names.
pub(crate) fn role_right(gold: &[Role], pred: &[Role], by_name: bool) -> bool {
    if gold.is_empty() && pred.is_empty() {
        return true;
    }
    gold.iter().any(|g| {
        pred.iter()
            .any(|p| overlap(&g.frags, &p.frags) > 0 || by_name && names_agree(&g.name, &p.name))
    })
}

/// Entities and attributions of a parsed document; unusable relations are passed to `warn`.
pub fn build(doc: &AnnDoc, where_: &str, warn: &mut dyn FnMut(String, String)) -> Scored {
    let mut scored = Scored::default();
    for (i, label) in ENTITY_LABELS.iter().enumerate() {
        let spans: Vec<Frags> = doc
            .tbs
            .iter()
            .filter(|t| t.label == *label)
            .map(|t| t.frags.clone())
            .collect();
        scored.entities[i] = outermost(&spans);
    }
    let mut coref: HashMap<&str, &str> = HashMap::new();
    for (rtype, a1, a2) in &doc.rels {
        if rtype == "Coref" && doc.index.contains_key(a1) && doc.index.contains_key(a2) {
            coref.entry(a1).or_insert(a2);
        }
    }
    let name_of = |id: &str| {
        let mut seen = HashSet::new();
        let mut cur = id;
        while let Some(next) = coref.get(cur) {
            if !seen.insert(cur) {
                break;
            }
            cur = next;
        }
        doc.get(cur).map(|t| doc.span_text(t)).unwrap_or_default()
    };
    let family_of = |label: &str| match label {
        "Quote" => Some("quote"),
        "Charge" => Some("charge"),
        _ => None,
    };
    let mut contents: Vec<Attribution> = Vec::new();
    let mut content_index: HashMap<&str, usize> = HashMap::new();
    for t in &doc.tbs {
        if let Some(family) = family_of(&t.label) {
            content_index.insert(&t.id, contents.len());
            contents.push(Attribution {
                family,
                frags: t.frags.clone(),
                kind: None,
                sources: Vec::new(),
                targets: Vec::new(),
                cues: Vec::new(),
                id: t.id.clone(),
            });
        }
    }
    for (name, target, value) in &doc.attrs {
        if name == "Kind" {
            if let Some(&c) = content_index.get(target.as_str()) {
                contents[c].kind = value.clone();
            } else if !doc.index.contains_key(target) {
                warn(
                    where_.into(),
                    format!("attribute on unknown id {target}, skipped"),
                );
            }
        }
    }
    const SCHEME: [&str; 7] = ["PER", "ORG", "LOC", "Quote", "Charge", "Cue", "Mention"];
    for (rtype, a1, a2) in &doc.rels {
        let (a1, a2) = (a1.as_str(), a2.as_str());
        if !doc.index.contains_key(a1) || !doc.index.contains_key(a2) {
            let missing = if doc.index.contains_key(a1) { a2 } else { a1 };
            warn(
                where_.into(),
                format!("relation {rtype} refers to unknown id {missing}, skipped"),
            );
            continue;
        }
        if !["Source", "Target", "Cue"].contains(&rtype.as_str()) {
            continue;
        }
        let (a1, a2) = if !content_index.contains_key(a2) && content_index.contains_key(a1) {
            warn(
                where_.into(),
                format!("relation {rtype} has the content as Arg1; read as Arg1:{a2} Arg2:{a1}"),
            );
            (a2, a1)
        } else {
            (a1, a2)
        };
        let Some(&c) = content_index.get(a2) else {
            if doc
                .get(a2)
                .is_some_and(|t| SCHEME.contains(&t.label.as_str()))
            {
                warn(
                    where_.into(),
                    format!("relation {rtype}: Arg2 {a2} is not a Quote/Charge, skipped"),
                );
            }
            continue;
        };
        let Some(arg) = doc.get(a1) else { continue };
        let role = Role {
            frags: arg.frags.clone(),
            name: name_of(a1),
            id: a1.to_string(),
        };
        match rtype.as_str() {
            "Source" => contents[c].sources.push(role),
            "Target" => contents[c].targets.push(role),
            _ => contents[c].cues.push(role),
        }
    }
    // A stable sort by span, as the scorer's `sorted`.
    contents.sort_by(|a, b| a.frags.cmp(&b.frags));
    for a in contents {
        let f = usize::from(a.family == "charge");
        scored.attributions[f].push(a);
    }
    scored
}

/// Gold, predicted and true-positive counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub pred: usize,
    /// True positives.
    pub tp: usize,
}

/// Attribution counts of one family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AttrCounts {
    /// Gold contents.
    pub gold: usize,
    /// Predicted contents.
    pub pred: usize,
    /// Gold contents with a source.
    pub gold_with_source: usize,
    /// Predicted contents with a source.
    pub pred_with_source: usize,
    /// Matched content pairs.
    pub matched: usize,
    /// Pairs whose source is right.
    pub source_correct: usize,
    /// Pairs whose content and source are right.
    pub attribution_tp: usize,
    /// Matched charges.
    pub target_pairs: usize,
    /// Matched charges whose target is right.
    pub target_correct: usize,
    /// Pairs whose cue is right.
    pub cue_correct: usize,
    /// Pairs whose kind is right.
    pub kind_correct: usize,
}

impl AttrCounts {
    fn add(&mut self, o: &AttrCounts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.gold_with_source += o.gold_with_source;
        self.pred_with_source += o.pred_with_source;
        self.matched += o.matched;
        self.source_correct += o.source_correct;
        self.attribution_tp += o.attribution_tp;
        self.target_pairs += o.target_pairs;
        self.target_correct += o.target_correct;
        self.cue_correct += o.cue_correct;
        self.kind_correct += o.kind_correct;
    }
}

/// Every count of a whole evaluation.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    /// Strict entity counts per label.
    pub(crate) strict: [Counts; 3],
    /// Overlap entity counts per label.
    pub(crate) overlap: [Counts; 3],
    /// Attribution counts per family.
    pub(crate) attributions: [AttrCounts; 2],
}

/// How one document's items were matched, for the error list.
#[derive(Clone, Debug, Default)]
pub struct Matching {
    /// Per label: gold entity indices found strictly, predicted ones found strictly.
    pub strict_gold: [HashSet<usize>; 3],
    /// Per label: predicted entity indices that are strictly right.
    pub strict_pred: [HashSet<usize>; 3],
    /// Per family: matched (gold, pred) pairs with (source right, target right).
    pub pairs: [Vec<(usize, usize, bool, bool)>; 2],
}

/// Scores one document into `totals`; returns how its items matched.
pub fn score_document(gold: &Scored, pred: &Scored, totals: &mut Totals) -> Matching {
    let mut m = Matching::default();
    for l in 0..3 {
        let (g, p) = (&gold.entities[l], &pred.entities[l]);
        for c in [&mut totals.strict[l], &mut totals.overlap[l]] {
            c.gold += g.len();
            c.pred += p.len();
        }
        let pset: HashMap<&Frags, usize> = p.iter().enumerate().map(|(i, f)| (f, i)).collect();
        for (gi, f) in g.iter().enumerate() {
            if let Some(&pi) = pset.get(f) {
                m.strict_gold[l].insert(gi);
                m.strict_pred[l].insert(pi);
            }
        }
        totals.strict[l].tp += m.strict_gold[l].len();
        totals.overlap[l].tp += greedy_match(g, p, |_, _, _| true).len();
    }
    for f in 0..2 {
        let (g, p) = (&gold.attributions[f], &pred.attributions[f]);
        let c = &mut totals.attributions[f];
        c.gold += g.len();
        c.pred += p.len();
        c.gold_with_source += g.iter().filter(|a| !a.sources.is_empty()).count();
        c.pred_with_source += p.iter().filter(|a| !a.sources.is_empty()).count();
        let gf: Vec<Frags> = g.iter().map(|a| a.frags.clone()).collect();
        let pf: Vec<Frags> = p.iter().map(|a| a.frags.clone()).collect();
        let pairs = greedy_match(&gf, &pf, |a, b, shared| {
            2 * shared >= length(a).max(length(b))
        });
        for (gi, pi) in pairs {
            let (ga, pa) = (&g[gi], &p[pi]);
            c.matched += 1;
            let source = role_right(&ga.sources, &pa.sources, true);
            c.source_correct += usize::from(source);
            c.attribution_tp += usize::from(source);
            let mut target = true;
            if f == 1 {
                c.target_pairs += 1;
                target = role_right(&ga.targets, &pa.targets, true);
                c.target_correct += usize::from(target);
            }
            c.cue_correct += usize::from(role_right(&ga.cues, &pa.cues, false));
            c.kind_correct += usize::from(ga.kind == pa.kind);
            m.pairs[f].push((gi, pi, source, target));
        }
    }
    m
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Precision, recall and F1 of an entity count, as the scorer's JSON has them.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Prf {
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub pred: usize,
    /// True positives.
    pub tp: usize,
    /// tp / pred.
    pub precision: Option<f64>,
    /// tp / gold.
    pub recall: Option<f64>,
    /// 2tp / (gold + pred).
    pub f1: Option<f64>,
}

impl From<Counts> for Prf {
    fn from(c: Counts) -> Self {
        Prf {
            gold: c.gold,
            pred: c.pred,
            tp: c.tp,
            precision: ratio(c.tp, c.pred),
            recall: ratio(c.tp, c.gold),
            f1: ratio(2 * c.tp, c.gold + c.pred),
        }
    }
}

/// The figures of one attribution family, with the scorer's JSON keys.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct AttrScores {
    /// Gold contents.
    pub gold: usize,
    /// Predicted contents.
    pub pred: usize,
    /// Gold contents with a source.
    pub gold_with_source: usize,
    /// Predicted contents with a source.
    pub pred_with_source: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Content precision.
    pub content_precision: Option<f64>,
    /// Content recall.
    pub content_recall: Option<f64>,
    /// Content F1.
    pub content_f1: Option<f64>,
    /// Pairs with the right source.
    pub source_correct: usize,
    /// Over matched pairs.
    pub source_accuracy: Option<f64>,
    /// Pairs right in content and source.
    pub attribution_tp: usize,
    /// Attribution precision.
    pub attribution_precision: Option<f64>,
    /// Attribution recall.
    pub attribution_recall: Option<f64>,
    /// Attribution F1.
    pub attribution_f1: Option<f64>,
    /// Matched charges.
    pub target_pairs: usize,
    /// Charges with the right target.
    pub target_correct: usize,
    /// Over matched charges.
    pub target_accuracy: Option<f64>,
    /// Pairs with the right cue.
    pub cue_correct: usize,
    /// Over matched pairs (informative).
    pub cue_accuracy: Option<f64>,
    /// Pairs with the right kind.
    pub kind_correct: usize,
    /// Over matched pairs (informative).
    pub kind_accuracy: Option<f64>,
}

impl From<AttrCounts> for AttrScores {
    fn from(c: AttrCounts) -> Self {
        AttrScores {
            gold: c.gold,
            pred: c.pred,
            gold_with_source: c.gold_with_source,
            pred_with_source: c.pred_with_source,
            matched: c.matched,
            content_precision: ratio(c.matched, c.pred),
            content_recall: ratio(c.matched, c.gold),
            content_f1: ratio(2 * c.matched, c.gold + c.pred),
            source_correct: c.source_correct,
            source_accuracy: ratio(c.source_correct, c.matched),
            attribution_tp: c.attribution_tp,
            attribution_precision: ratio(c.attribution_tp, c.pred),
            attribution_recall: ratio(c.attribution_tp, c.gold),
            attribution_f1: ratio(2 * c.attribution_tp, c.gold + c.pred),
            target_pairs: c.target_pairs,
            target_correct: c.target_correct,
            target_accuracy: ratio(c.target_correct, c.target_pairs),
            cue_correct: c.cue_correct,
            cue_accuracy: ratio(c.cue_correct, c.matched),
            kind_correct: c.kind_correct,
            kind_accuracy: ratio(c.kind_correct, c.matched),
        }
    }
}

/// Per label (and `micro`) figures of one entity mode.
#[derive(Clone, Debug, Serialize)]
pub struct EntityScores {
    /// Persons.
    #[serde(rename = "PER")]
    pub per: Prf,
    /// Organisations.
    #[serde(rename = "ORG")]
    pub org: Prf,
    /// Places.
    #[serde(rename = "LOC")]
    pub loc: Prf,
    /// The three together.
    pub micro: Prf,
}

impl EntityScores {
    fn new(c: &[Counts; 3]) -> Self {
        let total = Counts {
            gold: c.iter().map(|x| x.gold).sum(),
            pred: c.iter().map(|x| x.pred).sum(),
            tp: c.iter().map(|x| x.tp).sum(),
        };
        EntityScores {
            per: c[0].into(),
            org: c[1].into(),
            loc: c[2].into(),
            micro: total.into(),
        }
    }

    fn rows(&self) -> [(&'static str, &Prf); 4] {
        [
            ("PER", &self.per),
            ("ORG", &self.org),
            ("LOC", &self.loc),
            ("micro", &self.micro),
        ]
    }
}

/// Document counts, as the scorer reports them.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct DocCounts {
    /// Gold documents.
    pub gold: usize,
    /// With a prediction.
    pub with_prediction: usize,
    /// Scored as empty predictions.
    pub without_prediction: usize,
    /// Prediction files no gold document claims.
    pub unmatched_predictions: usize,
}

/// The scores of an evaluation, with the keys of the scorer's `--json` output.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    /// Format version (1, as the scorer's).
    pub version: u32,
    /// Documents.
    pub documents: DocCounts,
    /// Warnings written to standard error.
    pub warnings: usize,
    /// `strict` and `overlap`.
    pub entities: HashMap<&'static str, EntityScores>,
    /// `quote`, `charge` and `all`.
    pub attributions: HashMap<&'static str, AttrScores>,
}

impl Scores {
    /// The scores from the totals.
    pub fn new(documents: DocCounts, warnings: usize, t: &Totals) -> Self {
        let mut all = AttrCounts::default();
        for c in &t.attributions {
            all.add(c);
        }
        Scores {
            version: 1,
            documents,
            warnings,
            entities: HashMap::from([
                ("strict", EntityScores::new(&t.strict)),
                ("overlap", EntityScores::new(&t.overlap)),
            ]),
            attributions: HashMap::from([
                ("quote", t.attributions[0].into()),
                ("charge", t.attributions[1].into()),
                ("all", all.into()),
            ]),
        }
    }

    /// The text report, line for line as the scorer prints it.
    pub fn report(&self) -> String {
        let f = |x: Option<f64>| x.map_or("n/a".to_string(), |x| format!("{x:.3}"));
        let d = &self.documents;
        let mut lines = vec![
            format!(
                "Documents: {} gold, {} with a prediction, {} scored as empty, {} prediction \
                 file(s) without gold",
                d.gold, d.with_prediction, d.without_prediction, d.unmatched_predictions
            ),
            format!("Warnings: {} (see stderr)", self.warnings),
            String::new(),
            "ENTITIES          gold   pred     tp   prec    rec     f1".to_string(),
        ];
        for mode in ["strict", "overlap"] {
            for (label, c) in self.entities[mode].rows() {
                lines.push(format!(
                    "{mode:<8} {label:<5} {:>6} {:>6} {:>6}  {:>5}  {:>5}  {:>5}",
                    c.gold,
                    c.pred,
                    c.tp,
                    f(c.precision),
                    f(c.recall),
                    f(c.f1)
                ));
            }
        }
        lines.push(String::new());
        lines.push(
            "ATTRIBUTIONS (content matches: same family, shared chars >= half of the longer span)"
                .into(),
        );
        lines.push(
            "family    gold   pred  match   c-P    c-R    c-F1  | src-acc  attr-P attr-R attr-F1 \
             | tgt-acc  cue-acc kind-acc"
                .into(),
        );
        for family in ["quote", "charge", "all"] {
            let c = &self.attributions[family];
            lines.push(format!(
                "{family:<7} {:>6} {:>6} {:>6}  {:>5}  {:>5}  {:>5}  |  {:>5}   {:>5}  {:>5}  {:>5}  |  {:>5}   {:>5}   {:>5}",
                c.gold,
                c.pred,
                c.matched,
                f(c.content_precision),
                f(c.content_recall),
                f(c.content_f1),
                f(c.source_accuracy),
                f(c.attribution_precision),
                f(c.attribution_recall),
                f(c.attribution_f1),
                f(c.target_accuracy),
                f(c.cue_accuracy),
                f(c.kind_accuracy)
            ));
        }
        let a = &self.attributions["all"];
        lines.push(String::new());
        lines.push(format!(
            "counts: gold contents with a source {}, predicted with a source {}; source right on \
             {} of {} matched; target right on {} of {} matched charges",
            a.gold_with_source,
            a.pred_with_source,
            a.source_correct,
            a.matched,
            a.target_correct,
            a.target_pairs
        ));
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_and_matching_follow_the_scorer() {
        let spans = vec![vec![(0, 10)], vec![(2, 5)], vec![(0, 10)], vec![(12, 15)]];
        assert_eq!(outermost(&spans), [vec![(0, 10)], vec![(12, 15)]]);
        let pairs = greedy_match(
            &[vec![(0, 10)]],
            &[vec![(0, 4)], vec![(2, 10)]],
            |_, _, _| true,
        );
        assert_eq!(pairs, [(0, 1)]);
        assert!(names_agree("Stoltenberg", "Jens Stoltenberg"));
        assert!(names_agree("ÉLYSÉE", "l'Élysée"));
        assert!(!names_agree("Jens", "Stoltenberg"));
    }
}
