//! One line of `quidit tag`'s JSON Lines, read for the report: only the fields it counts,
//! strings borrowed from the line where they have no escape, every other field skipped
//! without being built (the report reads hundreds of MB of tag output in a fraction of the
//! time tagging took).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A tagged document, as the report reads it.
#[derive(Debug, Default)]
pub(crate) struct Line<'a> {
    /// The id as text (a JSON string's value, else the JSON as written).
    pub id: Option<Cow<'a, str>>,
    /// The value of the `--by` field, as text (`None` when the line has no such field or it
    /// is `null`).
    pub by: Option<Cow<'a, str>>,
    /// The document's text, when the line carries it (`quidit tag --include-text`).
    pub text: Option<Cow<'a, str>>,
    pub entities: Vec<EntityRec<'a>>,
    pub attributions: Vec<AttributionRec<'a>>,
    pub identities: Vec<IdentityRec<'a>>,
    /// Whether the line had the keys of tag output (`entities`, `attributions`).
    pub tagged: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct EntityRec<'a> {
    pub start: u64,
    #[serde(default)]
    pub byte_start: usize,
    #[serde(borrow)]
    pub label: Cow<'a, str>,
    pub identity: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AttributionRec<'a> {
    #[serde(borrow)]
    pub kind: Cow<'a, str>,
    #[serde(borrow, default)]
    pub content: Vec<SpanRec<'a>>,
    #[serde(borrow)]
    pub source: Option<MentionRec<'a>>,
    #[serde(borrow)]
    pub target: Option<MentionRec<'a>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SpanRec<'a> {
    #[serde(borrow)]
    pub text: Cow<'a, str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MentionRec<'a> {
    pub start: u64,
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    pub entity: Option<usize>,
    pub resolved: Option<usize>,
    pub head: Option<usize>,
    pub identity: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct IdentityRec<'a> {
    #[serde(borrow)]
    pub label: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub wikidata: Option<Cow<'a, str>>,
    #[serde(default)]
    pub mentions: u64,
}

/// Reads a line, keeping the field `by` (when given) as text.
pub(crate) fn parse<'a>(json: &'a str, by: Option<&str>) -> serde_json::Result<Line<'a>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let line = LineSeed { by }.deserialize(&mut de)?;
    de.end()?;
    Ok(line)
}

struct LineSeed<'b> {
    by: Option<&'b str>,
}

/// A JSON value as text: a string's value, else the JSON as written (`2020`, `true`).
fn text_of(raw: &RawValue) -> Option<Cow<'_, str>> {
    let s = raw.get();
    if s == "null" {
        return None;
    }
    if s.starts_with('"') {
        return serde_json::from_str::<Cow<'_, str>>(s).ok();
    }
    Some(Cow::Borrowed(s))
}

impl<'de, 'b> DeserializeSeed<'de> for LineSeed<'b> {
    type Value = Line<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Line<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 'b> Visitor<'de> for LineSeed<'b> {
    type Value = Line<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object (a line of `quidit tag`'s output)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Line<'de>, A::Error> {
        let mut line = Line::default();
        let mut saw = (false, false);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "entities" => {
                    line.entities = map.next_value()?;
                    saw.0 = true;
                }
                "attributions" => {
                    line.attributions = map.next_value()?;
                    saw.1 = true;
                }
                "identities" => line.identities = map.next_value()?,
                "text" => line.text = map.next_value()?,
                k if Some(k) == self.by || k == "id" => {
                    let raw: &'de RawValue = map.next_value()?;
                    let value = text_of(raw);
                    if k == "id" {
                        line.id = value.clone();
                    }
                    if Some(k) == self.by {
                        line.by = value;
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        line.tagged = saw.0 && saw.1;
        Ok(line)
    }
}
