//! The built-in `QUOTE` annotation: quotation marks paired into spans.
//!
//! `«` pairs with `»`, `“` and `„` with `”`, `‹` with `›`, and straight `"` with the next
//! straight `"` (the tokeniser already guesses which way a straight mark faces from the
//! spaces around it). Nested quotations give nested spans. A quotation still open at the
//! end of its paragraph ends there, unless the next paragraph opens with the same mark, as
//! French typography does for a quotation that runs over several paragraphs.

use crate::tokenise::{Token, TokenKind};

/// A paired quotation, in token offsets: `open` is the opening mark, `close` the closing
/// mark or, for a quotation left open, one past its last token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// The opening mark.
    pub open: usize,
    /// The closing mark (or the end of an unclosed quotation's paragraph).
    pub close: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

impl Quotation {
    /// Token range of the content, without the marks.
    pub fn inner(&self) -> (usize, usize) {
        (self.open + 1, self.close)
    }

    /// Token range of the whole quotation, marks included.
    pub fn outer(&self) -> (usize, usize) {
        (
            self.open,
            if self.closed {
                self.close + 1
            } else {
                self.close
            },
        )
    }
}

/// The family of the straight mark `"`.
const STRAIGHT: u8 = 2;

fn family(mark: &str) -> Option<u8> {
    match mark {
        "«" | "»" => Some(0),
        "“" | "”" | "„" => Some(1),
        "\"" => Some(STRAIGHT),
        "‹" | "›" => Some(3),
        _ => None,
    }
}

/// Pairs the quotation marks of `text`'s `tokens` into `out` (cleared first), in order of
/// their opening mark.
pub fn pair(text: &str, tokens: &[Token], out: &mut Vec<Quotation>) {
    out.clear();
    let mut open: Vec<(usize, u8)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.has(Token::PARAGRAPH_START) && i > 0 && !open.is_empty() {
            let continues = family(&text[t.start..t.end])
                .is_some_and(|f| open.iter().any(|o| o.1 == f))
                && matches!(t.kind, TokenKind::QuoteOpen | TokenKind::Quote);
            if continues {
                // « at the start of a paragraph inside a quotation: the quotation goes on.
                continue;
            }
            for (o, _) in open.drain(..).rev() {
                out.push(Quotation {
                    open: o,
                    close: i,
                    closed: false,
                });
            }
        }
        if !matches!(
            t.kind,
            TokenKind::QuoteOpen | TokenKind::QuoteClose | TokenKind::Quote
        ) {
            continue;
        }
        let Some(f) = family(&text[t.start..t.end]) else {
            continue;
        };
        // Straight marks do not nest: one while another is open closes it, whichever way
        // the spaces around it suggest (`pas."Le` closes in scraped text).
        let closes = match t.kind {
            TokenKind::QuoteClose => true,
            TokenKind::QuoteOpen if f != STRAIGHT => false,
            _ => open.iter().any(|o| o.1 == f),
        };
        if closes {
            if let Some(at) = open.iter().rposition(|o| o.1 == f) {
                // Marks opened inside and never closed end here too.
                for (o, _) in open.drain(at + 1..).rev() {
                    out.push(Quotation {
                        open: o,
                        close: i,
                        closed: false,
                    });
                }
                let (o, _) = open.pop().expect("found above");
                out.push(Quotation {
                    open: o,
                    close: i,
                    closed: true,
                });
            }
        } else {
            open.push((i, f));
        }
    }
    for (o, _) in open.drain(..).rev() {
        out.push(Quotation {
            open: o,
            close: tokens.len(),
            closed: false,
        });
    }
    out.retain(|q| q.close > q.open + 1);
    out.sort_by_key(|q| (q.open, std::cmp::Reverse(q.close)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenise::tokenise;

    fn quotes(text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        tokenise(text, &mut tokens);
        let mut out = Vec::new();
        pair(text, &tokens, &mut out);
        out.iter()
            .map(|q| {
                let (a, b) = q.inner();
                text[tokens[a].start..tokens[b - 1].end].to_string()
            })
            .collect()
    }

    /// (text, contents of the quotations found)
    const TABLE: &[(&str, &[&str])] = &[
        ("« Non », dit-il.", &["Non"]),
        (
            "«Toutes les positions [syrien] ont été prises»,",
            &["Toutes les positions [syrien] ont été prises"],
        ),
        ("Il a dit “oui” puis \"non\".", &["oui", "non"]),
        (
            "« Il a crié “au feu” dans la rue », dit-elle.",
            &["Il a crié “au feu” dans la rue", "au feu"],
        ),
        (
            "« Première phrase. Deuxième phrase. » a-t-il ajouté.",
            &["Première phrase. Deuxième phrase."],
        ),
        (
            "« Un paragraphe\n\n« Et la suite », conclut-il.",
            &["Un paragraphe\n\n« Et la suite"],
        ),
        ("« Jamais fermée\n\nAutre paragraphe.", &["Jamais fermée"]),
        ("Un » isolé et « un autre", &["un autre"]),
        ("« »", &[]),
        (
            "\"Je ne comprends pas.\"Le \"but\", selon la mairie.",
            &["Je ne comprends pas.", "but"],
        ),
    ];

    #[test]
    fn pairing_table() {
        for &(text, want) in TABLE {
            assert_eq!(quotes(text), want, "in {text:?}");
        }
    }
}
