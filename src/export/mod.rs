//! Export: writing tagged documents for people and tools, and reading quidit's JSON Lines
//! back.
//!
//! This module is a facade, in the manner of `aho-corasick`'s crate root: the formats are
//! private submodules, and the API is what is re-exported here.
//!
//! - [`render`] turns one document into bytes in any [`Format`], JSON Lines included, headed
//!   by a [`Head`] (an id, or the fields of the input line it came from) and returned as a
//!   [`RenderedDocument`]: the files of that document, its part of the format's
//!   [`CorpusFile`] and its [`Summary`]. The command line calls nothing else to turn a
//!   document into bytes, so a format is added here and nowhere else.
//! - An HTML page comes back unrendered ([`RenderedDocument::page`]), for its writer to
//!   link it to the previous and next pages before rendering it.
//! - [`Format::configuration_files`] and [`html_index`] write what describes an export as a
//!   whole (brat's `annotation.conf`, INCEpTION's type system, the HTML index).
//! - [`Tagged`] reads a line of quidit's JSON Lines back into a [`Document`], so that
//!   `quidit export` converts what `quidit tag` wrote.
//!
//! All formats take the original text and the [`Document`] tagged from it; all but JSON Lines
//! and the token formats write from one portable model (`model.rs`) of spans and binary
//! relations.
//!
//! | format | offsets | relations |
//! |---|---|---|
//! | JSON Lines (`jsonl.rs`) | code points and bytes | yes |
//! | brat (`brat.rs`) | code points | yes, and accusations as events |
//! | XMI, INCEpTION (`xmi.rs`) | UTF-16 units | yes |
//! | Label Studio (`labelstudio.rs`) | code points | yes |
//! | doccano (`doccano.rs`) | UTF-16 units | yes |
//! | CoNLL-2003 IOB2, CoNLL-U (`conll.rs`) | tokens | **no**: entities only |
//! | spaCy (`spacy.rs`) | code points | as data (spaCy has no place for them) |
//! | HTML (`html.rs`) | — | shown |

mod brat;
mod conll;
mod doccano;
mod html;
mod jsonl;
mod labelstudio;
mod model;
mod offsets;
mod read;
mod spacy;
mod tokens;
mod xmi;

use std::borrow::Cow;
use std::io;

use serde_json::value::RawValue;

use crate::document::Document;

pub use html::{HtmlPage, Neighbour, Summary, index as html_index, relative_href};
pub use read::Tagged;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// quidit's JSON Lines.
    Jsonl,
    /// brat standoff: `NAME.txt` + `NAME.ann`, with `annotation.conf` and `visual.conf`.
    Brat,
    /// UIMA CAS XMI for INCEpTION: `NAME.xmi`, with `TypeSystem.xml` and layer definitions.
    Xmi,
    /// Label Studio tasks with predictions (`tasks.json`) and `labeling-config.xml`.
    LabelStudio,
    /// doccano JSONL with entities and relations (`doccano.jsonl`).
    Doccano,
    /// CoNLL-2003, IOB2 (`NAME.conll`), entities only.
    Conll,
    /// CoNLL-U with `NE=` in MISC (`NAME.conllu`), entities only.
    Conllu,
    /// spaCy/Prodigy JSONL (`spacy.jsonl`), for `scripts/spacy_docbin.py`.
    Spacy,
    /// A page a document (`NAME.html`) and `index.html`.
    Html,
}

/// A file that gathers every document of a run, one after the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorpusFile {
    /// Its name in the output folder.
    pub name: &'static str,
    /// Written before the first document.
    pub prefix: &'static str,
    /// Written between two documents.
    pub separator: &'static str,
    /// Written after the last document.
    pub suffix: &'static str,
}

impl Format {
    /// The file, in the output folder, that holds every document, for formats that have one.
    pub fn corpus_file(self) -> Option<CorpusFile> {
        let lines = |name| CorpusFile {
            name,
            prefix: "",
            separator: "",
            suffix: "",
        };
        match self {
            Format::LabelStudio => Some(CorpusFile {
                name: "tasks.json",
                prefix: "[\n",
                separator: ",\n",
                suffix: "\n]\n",
            }),
            Format::Doccano => Some(lines("doccano.jsonl")),
            Format::Spacy => Some(lines("spacy.jsonl")),
            _ => None,
        }
    }

    /// The extension of the last file written for each document, for formats that write
    /// files per document (a document whose file exists was exported).
    pub fn document_extension(self) -> Option<&'static str> {
        match self {
            Format::Brat => Some("ann"),
            Format::Xmi => Some("xmi"),
            Format::Conll => Some("conll"),
            Format::Conllu => Some("conllu"),
            Format::Html => Some("html"),
            Format::Jsonl | Format::LabelStudio | Format::Doccano | Format::Spacy => None,
        }
    }

    /// The files that describe the export as a whole (configurations, type system), written
    /// once in the output folder. The HTML index, which needs every document, is
    /// [`html_index`].
    pub fn configuration_files(self) -> Vec<(&'static str, String)> {
        match self {
            Format::Brat => vec![
                ("annotation.conf", brat::annotation_conf()),
                ("visual.conf", brat::visual_conf()),
            ],
            Format::Xmi => {
                let mut files = vec![("TypeSystem.xml", xmi::type_system())];
                files.extend(xmi::inception_layers());
                files
            }
            Format::LabelStudio => vec![("labeling-config.xml", labelstudio::config())],
            _ => Vec::new(),
        }
    }
}

/// What a document's output starts with: its id, or the fields of the JSON line it came
/// from.
#[derive(Clone, Copy, Debug)]
pub enum Head<'a> {
    /// The document's id, as text (a file's name, an id read back).
    Id(&'a str),
    /// Fields already in JSON, the id first, that JSON Lines writes byte for byte and in
    /// their order before `entities` (`quidit tag --jsonl` carries an input line's fields
    /// over). The caller keeps `entities`, `attributions` and `identities` out of them.
    /// Other formats take the first field's value as the id.
    Fields(&'a [(&'a str, &'a RawValue)]),
}

impl<'a> Head<'a> {
    /// The id as text: the string itself when the id is a JSON string, else its JSON as
    /// written (as [`Tagged::id_text`] reads it back); empty when there is none.
    pub fn id(&self) -> Cow<'a, str> {
        match self {
            Head::Id(id) => Cow::Borrowed(id),
            Head::Fields(fields) => match fields.first() {
                None => Cow::Borrowed(""),
                Some((_, raw)) => match serde_json::from_str::<String>(raw.get()) {
                    Ok(s) => Cow::Owned(s),
                    Err(_) => Cow::Borrowed(raw.get()),
                },
            },
        }
    }
}

/// One document rendered in a format, ready to write.
#[derive(Clone, Debug, Default)]
pub struct RenderedDocument {
    /// The document's files: the extension that replaces the input's, and the bytes, in the
    /// order to write them.
    pub files: Vec<(&'static str, Vec<u8>)>,
    /// Its part of the format's [`CorpusFile`]; for JSON Lines, its line, which the caller
    /// writes to its own stream (standard output, one file, a file per input).
    pub corpus: Option<Vec<u8>>,
    /// Its counts.
    pub summary: Summary,
    /// For HTML, the page, not yet rendered: its links to the previous and next documents
    /// are set by whoever writes the pages in order ([`HtmlPage::set_prev`], [`HtmlPage::set_next`]), who then
    /// writes [`HtmlPage::render`] as `NAME.html`. `files` is empty then.
    pub page: Option<Box<HtmlPage>>,
}

impl RenderedDocument {
    /// Its part of the corpus file, or its JSON line (empty for formats that write only
    /// files per document).
    pub fn corpus_part(&self) -> &[u8] {
        self.corpus.as_deref().unwrap_or_default()
    }

    /// The bytes of its file with extension `ext` (`"ann"` for brat), if the format writes one.
    pub fn file(&self, ext: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, bytes)| &bytes[..])
    }
}

/// Renders one document in `format`, headed by `head`; `depth` is how many folders below
/// the output folder its files go (for the HTML page's link to the index).
pub fn render(
    format: Format,
    head: Head<'_>,
    depth: usize,
    text: &str,
    doc: &Document<'_>,
) -> io::Result<RenderedDocument> {
    let id = &*head.id();
    let mut r = RenderedDocument {
        summary: Summary::new(id, doc),
        ..RenderedDocument::default()
    };
    let json = |v: serde_json::Value| -> io::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec(&v)?;
        bytes.push(b'\n');
        Ok(bytes)
    };
    match format {
        Format::Jsonl => {
            let mut line = Vec::new();
            match head {
                Head::Id(id) => jsonl::write_document(&mut line, id, text, doc)?,
                Head::Fields(fields) => {
                    jsonl::write_document_with_fields(&mut line, fields, text, doc)?
                }
            }
            r.corpus = Some(line);
        }
        Format::Brat => {
            let mut ann = Vec::new();
            brat::write_ann(&mut ann, text, doc)?;
            r.files = vec![("txt", text.as_bytes().to_vec()), ("ann", ann)];
        }
        Format::Xmi => r.files = vec![("xmi", xmi::write_xmi(id, text, doc).into_bytes())],
        Format::LabelStudio => {
            let mut task = serde_json::to_vec_pretty(&labelstudio::task(id, text, doc))?;
            // The corpus file's separator ends the line.
            task.truncate(task.trim_ascii_end().len());
            r.corpus = Some(task);
        }
        Format::Doccano => r.corpus = Some(json(doccano::line(id, text, doc))?),
        Format::Spacy => r.corpus = Some(json(spacy::line(id, text, doc))?),
        Format::Conll => r.files = vec![("conll", conll::conll2003(text, doc).into_bytes())],
        Format::Conllu => r.files = vec![("conllu", conll::conllu(id, text, doc).into_bytes())],
        Format::Html => {
            let index = format!("{}index.html", "../".repeat(depth));
            r.page = Some(Box::new(html::page(id, &index, text, doc)));
        }
    }
    Ok(r)
}
