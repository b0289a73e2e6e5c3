//! The output formats as the command line names them ([`Format`]), for `quidit tag --format`
//! and `quidit export --format`, and the help text that lists them.
//!
//! A module of its own so that `tag` and `export` share it without importing each other;
//! each value maps to the library's [`quidit::export::Format`], which does the rendering.

use clap::ValueEnum;
use quidit::export;

/// Shown after `quidit export --help` (and, for the formats, `quidit tag --help`).
pub const FORMATS_HELP: &str = "\
Formats (offsets converted per document: code points, UTF-16 units or tokens):
  jsonl        quidit's JSON Lines (a file, or standard output)
  brat         OUT/NAME.txt + NAME.ann, OUT/annotation.conf + visual.conf; relations,
               Kind attribute, accusations also as events, provenance as notes
  xmi          INCEpTION/UIMA: OUT/NAME.xmi (UTF-16 offsets), OUT/TypeSystem.xml, and
               OUT/inception-layer-span.json + inception-layer-relation.json: create these
               two layers in the INCEpTION project first (its import drops unknown types)
  labelstudio  OUT/tasks.json (tasks with predictions: labels, kind, relations) and
               OUT/labeling-config.xml to create the project with
  doccano      OUT/doccano.jsonl (entities + relations): import as \"JSONL (Relation)\" in a
               sequence-labelling project with relations AND \"Allow overlapping spans\",
               or doccano silently drops the entities inside quotations
  conll        OUT/NAME.conll, CoNLL-2003 IOB2: entities only (outermost), NO attributions
               or relations (the format cannot hold them)
  conllu       OUT/NAME.conllu, NE=B-PER in MISC: entities only, NO attributions or relations
  spacy        OUT/spacy.jsonl (tokens, spans, relations); scripts/spacy_docbin.py makes a
               .spacy DocBin (entities in doc.ents, all spans in doc.spans[\"quidit\"],
               relations as user data: spaCy has no place for them)
  html         OUT/NAME.html per document and OUT/index.html: a page to read the result";

/// Output formats, for `quidit tag` and `quidit export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object a document: id, entities with offsets, label, canonical form,
    /// provenance, attributions.
    Jsonl,
    /// brat standoff: OUT/NAME.txt + NAME.ann, annotation.conf, visual.conf.
    Brat,
    /// UIMA CAS XMI for INCEpTION: OUT/NAME.xmi, TypeSystem.xml, layer definitions.
    Xmi,
    /// Label Studio: OUT/tasks.json with predictions, labeling-config.xml.
    Labelstudio,
    /// doccano JSONL with relations: OUT/doccano.jsonl (allow overlapping spans!).
    Doccano,
    /// CoNLL-2003 IOB2: OUT/NAME.conll; entities only, no relations.
    Conll,
    /// CoNLL-U, NE= in MISC: OUT/NAME.conllu; entities only, no relations.
    Conllu,
    /// spaCy/Prodigy JSONL: OUT/spacy.jsonl (scripts/spacy_docbin.py makes a DocBin).
    Spacy,
    /// HTML pages: OUT/NAME.html and OUT/index.html.
    Html,
}

impl Format {
    /// The library's format.
    pub fn export(self) -> export::Format {
        match self {
            Format::Jsonl => export::Format::Jsonl,
            Format::Brat => export::Format::Brat,
            Format::Xmi => export::Format::Xmi,
            Format::Labelstudio => export::Format::LabelStudio,
            Format::Doccano => export::Format::Doccano,
            Format::Conll => export::Format::Conll,
            Format::Conllu => export::Format::Conllu,
            Format::Spacy => export::Format::Spacy,
            Format::Html => export::Format::Html,
        }
    }

    /// Its name on the command line.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}
