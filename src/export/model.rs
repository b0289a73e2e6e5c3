//! The portable annotation model every export writes from: labelled spans ("marks") and
//! binary labelled relations between them, as `ANNOTATION.md` describes for brat.
//!
//! - marks: the entities (`PER`, `ORG`, `LOC`), each attribution's content (`Quote`, or
//!   `Charge` for an accusation; several fragments when an incise cuts it), its `Cue`, and a
//!   `Mention` for a source or target that is not exactly an entity;
//! - relations: `Source` and `Target` (speaker or accuser, accused → content), `Cue`
//!   (cue → content) and `Coref` (mention → the entity it refers to).
//!
//! A span used twice (one cue for two contents, one speaker for several quotes) is one mark.
//! The model also keeps, in [`Model::steps`], the order in which brat writes the lines, so
//! that the brat file reads attribution by attribution.

use std::collections::HashMap;

use crate::document::{Document, Kind, Label, Mention, Span};
use crate::identity::{Identities, IdentityId};

/// What a mark is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkType {
    /// A named entity.
    Entity(Label),
    /// The content of a quotation, reported speech or `selon` claim.
    Quote,
    /// The charge of an accusation.
    Charge,
    /// The reporting or accusing words.
    Cue,
    /// A source or target that is not exactly an entity (a pronoun, a noun phrase).
    Mention,
}

impl MarkType {
    /// The label written in every format: `PER`, `ORG`, `LOC`, `Quote`, `Charge`, `Cue`,
    /// `Mention`.
    pub fn name(self) -> &'static str {
        match self {
            MarkType::Entity(l) => l.as_str(),
            MarkType::Quote => "Quote",
            MarkType::Charge => "Charge",
            MarkType::Cue => "Cue",
            MarkType::Mention => "Mention",
        }
    }

    /// Every type, in the order configuration files list them.
    pub const ALL: [MarkType; 7] = [
        MarkType::Entity(Label::Per),
        MarkType::Entity(Label::Org),
        MarkType::Entity(Label::Loc),
        MarkType::Quote,
        MarkType::Charge,
        MarkType::Cue,
        MarkType::Mention,
    ];
}

/// A labelled span of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// What it is.
    pub ty: MarkType,
    /// Its pieces, in text order (one, unless an incise cuts a content).
    pub fragments: Vec<Span>,
    /// The attribution kind, for contents.
    pub kind: Option<Kind>,
    /// Where it comes from: a gazetteer `file:line` or `rule ID`, several joined by `; `.
    pub provenance: String,
    /// For an entity, its index in [`Document::entities`].
    pub entity: Option<usize>,
    /// The identity of an entity, or of a mention that is about one
    /// ([`crate::identity::Identities::of_mention`]).
    pub identity: Option<IdentityId>,
}

/// The label of a relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelationType {
    /// The speaker or accuser → the content.
    Source,
    /// The accused → the charge.
    Target,
    /// The cue → the content.
    Cue,
    /// A mention → the entity it refers to.
    Coref,
}

impl RelationType {
    /// The label written in every format.
    pub fn name(self) -> &'static str {
        match self {
            RelationType::Source => "Source",
            RelationType::Target => "Target",
            RelationType::Cue => "Cue",
            RelationType::Coref => "Coref",
        }
    }

    /// Every type, in the order configuration files list them.
    pub const ALL: [RelationType; 4] = [
        RelationType::Source,
        RelationType::Target,
        RelationType::Cue,
        RelationType::Coref,
    ];
}

/// A relation between two marks (indices in [`Model::marks`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Relation {
    /// Its label.
    pub ty: RelationType,
    /// The mark it starts from (`Arg1`, the governor).
    pub from: usize,
    /// The mark it points to (`Arg2`, the dependent).
    pub to: usize,
}

/// One line of a brat file, in the order written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A mark (`T`), the first time it is used.
    Mark(usize),
    /// The `Kind` attribute of a content mark (`A`).
    Kind(usize, Kind),
    /// A relation (`R`), by index in [`Model::relations`].
    Relation(usize),
}

/// One attribution in terms of marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributionMarks {
    /// Its kind.
    pub kind: Kind,
    /// The content mark.
    pub content: usize,
    /// The cue mark.
    pub cue: Option<usize>,
    /// The source mark (an entity or a mention).
    pub source: Option<usize>,
    /// The entity the source refers to, when it is a mention that the text resolves.
    pub resolved_source: Option<usize>,
    /// The target mark (accusations).
    pub target: Option<usize>,
    /// The entity the target refers to, when it is a resolved mention.
    pub resolved_target: Option<usize>,
    /// The rule that found it.
    pub rule: String,
}

/// Marks and relations of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    /// Every mark, entities first (in the order of [`Document::entities`]).
    pub marks: Vec<Mark>,
    /// Every relation.
    pub relations: Vec<Relation>,
    /// The attributions, in document order.
    pub attributions: Vec<AttributionMarks>,
    /// The order brat writes marks, attributes and relations in.
    pub steps: Vec<Step>,
}

impl Model {
    /// Builds the model of `doc`, tagged from `text`.
    pub fn new(doc: &Document<'_>) -> Model {
        let mut b = Builder {
            model: Model::default(),
            seen: HashMap::new(),
            relations: HashMap::new(),
        };
        for (i, e) in doc.entities.iter().enumerate() {
            let id = b.mark(
                MarkType::Entity(e.label),
                vec![e.span],
                e.provenance.to_string(),
            );
            b.model.marks[id].entity = Some(i);
            b.model.marks[id].identity = doc.identities.of_entity(i);
        }
        let entity_marks: Vec<usize> = (0..doc.entities.len()).collect();
        for at in &doc.attributions {
            let rule = format!("rule {}", at.rule);
            let ty = match at.kind {
                Kind::Accusation => MarkType::Charge,
                _ => MarkType::Quote,
            };
            let content = b.mark(ty, at.content.clone(), rule.clone());
            b.model.marks[content].kind.get_or_insert(at.kind);
            b.model.steps.push(Step::Kind(content, at.kind));
            let cue = at.cue.map(|cue| {
                let id = b.mark(MarkType::Cue, vec![cue], rule.clone());
                b.relation(RelationType::Cue, id, content);
                id
            });
            let mut ends = [None, None];
            for (slot, role, mention) in [
                (0, RelationType::Source, at.source),
                (1, RelationType::Target, at.target),
            ] {
                if let Some(m) = mention {
                    let (id, resolved) = b.mention(&m, &entity_marks, &rule, &doc.identities);
                    b.relation(role, id, content);
                    ends[slot] = Some((id, resolved));
                }
            }
            b.model.attributions.push(AttributionMarks {
                kind: at.kind,
                content,
                cue,
                source: ends[0].map(|e| e.0),
                resolved_source: ends[0].and_then(|e| e.1),
                target: ends[1].map(|e| e.0),
                resolved_target: ends[1].and_then(|e| e.1),
                rule: at.rule.to_string(),
            });
        }
        b.model
    }

    /// Every byte offset where a fragment of a mark starts or ends: where the token formats
    /// cut tokens so that every mark is whole tokens.
    pub fn edges(&self) -> Vec<usize> {
        self.marks
            .iter()
            .flat_map(|m| m.fragments.iter().flat_map(|f| [f.start, f.end]))
            .collect()
    }

    /// The relations between the items of formats that write one item per fragment:
    /// `items[m]` are mark `m`'s items, and each relation links every item of its `from`
    /// with every item of its `to`. Yields the type, both items and the `to` fragment.
    pub fn fan_out<'a, T>(
        &'a self,
        items: &'a [Vec<T>],
    ) -> impl Iterator<Item = (RelationType, &'a T, &'a T, Span)> + 'a {
        self.relations.iter().flat_map(move |r| {
            items[r.from].iter().flat_map(move |from| {
                items[r.to]
                    .iter()
                    .zip(&self.marks[r.to].fragments)
                    .map(move |(to, f)| (r.ty, from, to, *f))
            })
        })
    }

    /// The entity marks, in text order.
    pub fn entities(&self) -> impl Iterator<Item = &Mark> {
        self.marks.iter().filter(|m| m.entity.is_some())
    }

    /// The entity marks that lie inside no other entity mark: what a format with one flat
    /// layer of labels (IOB2) can hold. Entities nest only inside another entity (a place
    /// in an organisation's name), never across its edge.
    pub fn outer_entities(&self) -> Vec<&Mark> {
        let mut out: Vec<&Mark> = Vec::new();
        for m in self.entities() {
            let s = m.fragments[0];
            let inside = out.iter().any(|o| {
                let o = o.fragments[0];
                o.start <= s.start && s.end <= o.end
            });
            if !inside {
                out.push(m);
            }
        }
        out
    }
}

struct Builder {
    model: Model,
    /// (type, byte ranges) → mark, so that a span used twice is one mark.
    seen: HashMap<(MarkType, Vec<(usize, usize)>), usize>,
    relations: HashMap<Relation, usize>,
}

impl Builder {
    fn mark(&mut self, ty: MarkType, fragments: Vec<Span>, provenance: String) -> usize {
        let key = (ty, fragments.iter().map(|s| (s.start, s.end)).collect());
        if let Some(&id) = self.seen.get(&key) {
            let p = &mut self.model.marks[id].provenance;
            if !p.split("; ").any(|x| x == provenance) {
                p.push_str("; ");
                p.push_str(&provenance);
            }
            return id;
        }
        let id = self.model.marks.len();
        self.model.marks.push(Mark {
            ty,
            fragments,
            kind: None,
            provenance,
            entity: None,
            identity: None,
        });
        self.model.steps.push(Step::Mark(id));
        self.seen.insert(key, id);
        id
    }

    fn relation(&mut self, ty: RelationType, from: usize, to: usize) {
        let r = Relation { ty, from, to };
        // A relation given twice (a mention that refers to the same entity in two
        // attributions) is written once; any other repeat is written again, as brat did.
        if ty == RelationType::Coref && self.relations.contains_key(&r) {
            return;
        }
        let id = self.model.relations.len();
        self.model.relations.push(r);
        self.relations.insert(r, id);
        self.model.steps.push(Step::Relation(id));
    }

    /// The mark of a source or target, and the entity mark it refers to.
    fn mention(
        &mut self,
        m: &Mention,
        entity_marks: &[usize],
        rule: &str,
        identities: &Identities<'_>,
    ) -> (usize, Option<usize>) {
        if let Some(e) = m.entity.and_then(|e| entity_marks.get(e)) {
            return (*e, None);
        }
        let id = self.mark(MarkType::Mention, vec![m.span], rule.to_string());
        let mark = &mut self.model.marks[id];
        mark.identity = mark.identity.or(identities.of_mention(m));
        let resolved = m.resolved.and_then(|e| entity_marks.get(e)).copied();
        if let Some(e) = resolved {
            self.relation(RelationType::Coref, id, e);
        }
        (id, resolved)
    }
}
