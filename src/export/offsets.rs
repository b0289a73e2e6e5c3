//! Offsets in the unit each tool counts: quidit keeps UTF-8 bytes (Rust's `&str`), brat,
//! Label Studio and spaCy count Unicode code points, UIMA (INCEpTION) and doccano's editor
//! count UTF-16 code units. The three agree on ASCII only: `é`, `«` and U+202F are one code
//! point and one UTF-16 unit but 2 or 3 bytes, and an emoji such as 🇫🇷 is two code points,
//! four UTF-16 units and eight bytes. So every export converts per document, here.

/// The unit an export counts offsets in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Unicode code points (brat, Label Studio, spaCy, `ANNOTATION.md`).
    CodePoint,
    /// UTF-16 code units (UIMA CAS XMI, WebAnno TSV, doccano's editor).
    Utf16,
}

/// Converts the byte offsets of one document into code points or UTF-16 units, in
/// O(log n) per offset after one pass over the text.
#[derive(Debug, Clone)]
pub struct Offsets {
    /// For each non-ASCII character: the byte just after it, and how many bytes more than
    /// code points, and than UTF-16 units, the text has up to there. An ASCII character
    /// counts one in every unit, so only these points matter.
    steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy)]
struct Step {
    end: usize,
    extra_cp: usize,
    extra_u16: usize,
}

impl Offsets {
    /// Reads the text once.
    pub fn new(text: &str) -> Offsets {
        let mut steps = Vec::new();
        let (mut extra_cp, mut extra_u16) = (0, 0);
        for (at, c) in text.char_indices() {
            let bytes = c.len_utf8();
            if bytes > 1 {
                extra_cp += bytes - 1;
                extra_u16 += bytes - c.len_utf16();
                steps.push(Step {
                    end: at + bytes,
                    extra_cp,
                    extra_u16,
                });
            }
        }
        Offsets { steps }
    }

    /// The offset of byte `at` (a character boundary) in `unit`.
    pub fn convert(&self, at: usize, unit: Unit) -> usize {
        // The last non-ASCII character that ends at or before `at`.
        let n = self.steps.partition_point(|s| s.end <= at);
        match n.checked_sub(1).map(|i| self.steps[i]) {
            None => at,
            Some(s) => match unit {
                Unit::CodePoint => at - s.extra_cp,
                Unit::Utf16 => at - s.extra_u16,
            },
        }
    }

    /// A byte range in `unit`.
    pub fn range(&self, start: usize, end: usize, unit: Unit) -> (usize, usize) {
        (self.convert(start, unit), self.convert(end, unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_units_differ_after_an_emoji() {
        let text = "🇫🇷 « Élisabeth\u{202f}» à Paris";
        let o = Offsets::new(text);
        let at = text.find("Élisabeth").unwrap();
        assert_eq!(at, 12);
        assert_eq!(o.convert(at, Unit::CodePoint), 5);
        assert_eq!(o.convert(at, Unit::Utf16), 7);
        let p = text.find("Paris").unwrap();
        assert_eq!(o.convert(p, Unit::CodePoint), text[..p].chars().count());
        assert_eq!(o.convert(p, Unit::Utf16), text[..p].encode_utf16().count());
        assert_eq!(o.convert(0, Unit::Utf16), 0);
        assert_eq!(
            o.convert(text.len(), Unit::Utf16),
            text.encode_utf16().count()
        );
    }
}
