//! The work of one document, done on a worker thread: read or parse it, tag it, render it.

use std::fmt;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};

use quidit::export::{self, Head, RenderedDocument};
use quidit::{Scratch, Tagger};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::config::{Config, JsonlFields};
use super::input::{self, Input};
use super::job::{Done, Job};
use super::output;
use super::report::Failure;

/// What every job needs.
pub struct Context<'a> {
    pub tagger: &'a Tagger,
    pub config: &'a Config,
}

impl Context<'_> {
    fn failure(&self, input: usize, line: Option<u64>, column: Option<u64>, error: String) -> Done {
        Done::Failed(Failure::new(
            &self.config.inputs[input],
            line,
            column,
            error,
        ))
    }
}

/// Does one job. A panic in the tagger (a bug) fails this document only, and its thread
/// gets fresh buffers.
pub fn work(ctx: &Context<'_>, job: Job, scratch: &mut Scratch) -> Done {
    let (input, line) = match &job {
        Job::File { input } | Job::Text { input, .. } => (*input, None),
        Job::Line { input, line, .. } => (*input, Some(*line)),
        Job::Failed(_) | Job::End { .. } => (0, None),
    };
    match panic::catch_unwind(AssertUnwindSafe(|| work_unguarded(ctx, job, scratch))) {
        Ok(done) => done,
        Err(_) => {
            *scratch = Scratch::default();
            ctx.failure(
                input,
                line,
                None,
                "internal error while tagging (a bug: please report it with this document)".into(),
            )
        }
    }
}

fn work_unguarded(ctx: &Context<'_>, job: Job, scratch: &mut Scratch) -> Done {
    let inputs = &ctx.config.inputs;
    let limit = ctx.config.max_doc_bytes;
    match job {
        Job::File { input } => plain(ctx, input, inputs[input].read_document(limit), scratch),
        Job::Text { input, bytes } => plain(ctx, input, Ok(bytes), scratch),
        Job::Line { input, line, bytes } => {
            let fields = ctx.config.jsonl.as_ref().expect("lines only with --jsonl");
            match tag_line(ctx, &inputs[input], line, &bytes, fields, scratch) {
                Ok(rendered) => Done::Tagged { input, rendered },
                Err((column, e)) => ctx.failure(input, Some(line), column, e),
            }
        }
        Job::Failed(failure) => Done::Failed(failure),
        Job::End { input, complete } => Done::End { input, complete },
    }
}

/// Tags a plain text, named by its input.
fn plain(
    ctx: &Context<'_>,
    input: usize,
    read: Result<Vec<u8>, String>,
    scratch: &mut Scratch,
) -> Done {
    let text = match read.and_then(input::utf8) {
        Ok(text) => text,
        Err(e) => return ctx.failure(input, None, None, e),
    };
    let id = &ctx.config.inputs[input].name;
    let doc = ctx.tagger.tag_with(&text, scratch);
    scratch.release_after(text.len());
    let format = ctx.config.output.format().export();
    let depth = output::depth(&ctx.config.inputs[input].relative);
    let rendered = if ctx.config.include_text && format == export::Format::Jsonl {
        // `id` then `text`, as a JSON Lines input's fields are carried over.
        let fields = serde_json::value::to_raw_value(id.as_str())
            .and_then(|id| Ok((id, serde_json::value::to_raw_value(text.as_str())?)));
        match fields {
            Ok((id, text_value)) => {
                let head = [("id", &*id), ("text", &*text_value)];
                export::render(format, Head::Fields(&head), depth, &text, &doc)
            }
            Err(e) => return ctx.failure(input, None, None, e.to_string()),
        }
    } else {
        export::render(format, Head::Id(id), depth, &text, &doc)
    };
    match rendered {
        Ok(rendered) => Done::Tagged { input, rendered },
        Err(e) => ctx.failure(input, None, None, e.to_string()),
    }
}

/// A JSON object's fields in their order, values kept as written.
struct Object<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Object<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Fields<'a> {
            type Value = Object<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'a>, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Object(fields))
            }
        }
        d.deserialize_map(Fields(PhantomData))
    }
}

/// Output keys that a carried field must not repeat.
const OURS: [&str; 4] = ["id", "entities", "attributions", "identities"];

/// Parses, tags and renders one JSON line; an error has its column when there is one.
fn tag_line(
    ctx: &Context<'_>,
    input: &Input,
    line: u64,
    bytes: &[u8],
    names: &JsonlFields,
    scratch: &mut Scratch,
) -> Result<RenderedDocument, (Option<u64>, String)> {
    let json = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        (
            Some(at as u64 + 1),
            format!("invalid UTF-8 at byte {at} of the line"),
        )
    })?;
    let object: Object<'_> = serde_json::from_str(json).map_err(|e| {
        let message = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&place).unwrap_or(&message);
        let column = (e.column() > 0).then_some(e.column() as u64);
        (column, format!("malformed JSON: {message}"))
    })?;
    let field = |name: &str| object.0.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let raw = field(&names.text).ok_or_else(|| (None, format!("no `{}` field", names.text)))?;
    let text: String = serde_json::from_str(raw.get())
        .map_err(|_| (None, format!("the `{}` field is not a string", names.text)))?;
    let fallback;
    let id = match field(&names.id) {
        Some(id) => id,
        None => {
            fallback = serde_json::value::to_raw_value(&format!("{}:{line}", input.name))
                .map_err(|e| (None, e.to_string()))?;
            &fallback
        }
    };
    let mut head: Vec<(&str, &RawValue)> = vec![("id", id)];
    head.extend(
        object
            .0
            .iter()
            .filter(|(k, _)| {
                (ctx.config.include_text || *k != names.text)
                    && *k != names.id
                    && !OURS.contains(&k.as_str())
            })
            .map(|(k, v)| (k.as_str(), *v)),
    );
    let doc = ctx.tagger.tag_with(&text, scratch);
    scratch.release_after(text.len());
    // JSON Lines only: `Output::new` refuses every other format for `--jsonl` inputs.
    export::render(export::Format::Jsonl, Head::Fields(&head), 0, &text, &doc)
        .map_err(|e| (None, e.to_string()))
}
