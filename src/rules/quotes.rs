//! The built-in `QUOTE` annotation: quotation marks paired into spans.
//!
//! `«` pairs with `»`, `“` and `„` with `”`, `‹` with `›`, and straight `"` with the next
//! straight `"` (the tokeniser already guesses which way a straight mark faces from the
//! spaces around it). Nested quotations give nested spans. A quotation still open at the
//! end of its paragraph ends there, unless the next paragraph opens with the same mark, as
//! French typography does for a quotation that runs over several paragraphs.
//!
//! Dialogue also writes direct speech without quotation marks: a dash (`—`, `–`) opens a
//! speaker's turn ([`Turn`], the `TOUR` annotation), which runs across sentence ends to the
//! end of its line or to the next turn (`— Entrez, dit-il. — Oui.`).

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

/// A dialogue turn, in token offsets: `dash` is the dash that opens it, `end` one past its
/// last token. A dash opens a turn at the start of a line, or after the end of a sentence
/// on a line a turn opened (`— Entrez, dit-il. — Oui.`); the turn runs to the end of the line or
/// to the next dash that opens one, whatever sentences it holds (`— Ma foi ! si nous
/// dînions ensemble ?`). A dash after a comma sets off a parenthesis inside a turn
/// (`Un garçon comme lui, – je peux bien le dire, – élevé avec soin`), not a turn. The
/// hyphen `-` opens none: at a line start it marks the items of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The dash.
    pub dash: usize,
    /// One past the turn's last token.
    pub end: usize,
}

impl Turn {
    /// Token range of the speech, without the dash.
    pub fn inner(&self) -> (usize, usize) {
        (self.dash + 1, self.end)
    }
}

/// Whether a line break lies between the end of one token and the start of the next.
fn line_break(text: &str, from: usize, to: usize) -> bool {
    text[from..to]
        .chars()
        .any(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
}

/// Where a dash stands, for a turn it may open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dash {
    /// At the start of a line.
    LineStart,
    /// After the end of a sentence, on its line.
    AfterSentence,
}

/// Whether token `i` is a dash that may open a turn, and where it stands (see [`Turn`]).
fn dash(text: &str, tokens: &[Token], i: usize) -> Option<Dash> {
    let t = &tokens[i];
    if t.kind != TokenKind::Punct || !matches!(&text[t.span()], "—" | "–") {
        return None;
    }
    // Something must be said after it, on its line.
    let said = tokens
        .get(i + 1)
        .is_some_and(|n| !line_break(text, t.end(), n.start()) && n.kind != TokenKind::Number);
    if !said {
        return None;
    }
    let Some(p) = i.checked_sub(1).map(|p| &tokens[p]) else {
        return Some(Dash::LineStart);
    };
    if line_break(text, p.end(), t.start()) {
        return Some(Dash::LineStart);
    }
    // After the end of a sentence, a closing quotation mark after it included.
    let ends = |x: &Token| matches!(&text[x.span()], "." | "!" | "?" | "…" | "...");
    let after_end = ends(p)
        || (matches!(p.kind, TokenKind::QuoteClose | TokenKind::Quote)
            && i >= 2
            && ends(&tokens[i - 2]));
    after_end.then_some(Dash::AfterSentence)
}

/// The dialogue turns of `text`'s `tokens` into `out` (cleared first), in order. A dash
/// after a sentence end opens a turn only on a line that a turn opened (`— Entrez,
/// dit-il. — Oui.`): inside a line of narration, novelists set off a new movement of the
/// narration with it (`Il s'endort. — Les mois passent…`).
pub fn turns(text: &str, tokens: &[Token], out: &mut Vec<Turn>) {
    out.clear();
    let mut open: Option<usize> = None;
    // Whether the current line opened with a turn.
    let mut dialogue_line = false;
    for i in 0..tokens.len() {
        // Where a line starts matters only inside a turn or a line of dialogue: news has
        // neither, and the bytes between its tokens are not read.
        let starts_line = (open.is_some() || dialogue_line)
            && (i == 0 || line_break(text, tokens[i - 1].end(), tokens[i].start()));
        if starts_line {
            dialogue_line = false;
        }
        let opens = match dash(text, tokens, i) {
            Some(Dash::LineStart) => {
                dialogue_line = true;
                true
            }
            Some(Dash::AfterSentence) => dialogue_line,
            None => false,
        };
        if let Some(d) = open.filter(|_| starts_line || opens) {
            out.push(Turn { dash: d, end: i });
            open = None;
        }
        if opens {
            open = Some(i);
        }
    }
    if let Some(d) = open {
        out.push(Turn {
            dash: d,
            end: tokens.len(),
        });
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
            let continues = family(&text[t.span()]).is_some_and(|f| open.iter().any(|o| o.1 == f))
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
        let Some(f) = family(&text[t.span()]) else {
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
                text[tokens[a].start()..tokens[b - 1].end()].to_string()
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

    fn turns_of(text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        tokenise(text, &mut tokens);
        let mut out = Vec::new();
        turns(text, &tokens, &mut out);
        out.iter()
            .map(|t| {
                let (a, b) = t.inner();
                text[tokens[a].start()..tokens[b - 1].end()].to_string()
            })
            .collect()
    }

    #[test]
    fn dialogue_turns() {
        assert_eq!(
            turns_of("Il dit :\n— Ma foi ! si nous dînions ?\n— Oui. Volontiers.\nIls sortirent."),
            ["Ma foi ! si nous dînions ?", "Oui. Volontiers."]
        );
        assert_eq!(
            turns_of("– Entrez, dit-il. – Oui, merci."),
            ["Entrez, dit-il.", "Oui, merci."]
        );
        // In a line of narration, a dash after a sentence sets off narration.
        assert_eq!(
            turns_of("Il s'endort. – Les mois passent."),
            [] as [&str; 0]
        );
        // A dash after a comma is a parenthesis; a hyphen opens a list item, not a turn.
        assert_eq!(
            turns_of("– Un garçon, – je le dis, – élevé avec soin.\n- Un item\n– 3 000 euros"),
            ["Un garçon, – je le dis, – élevé avec soin."]
        );
    }

    #[test]
    fn pairing_table() {
        for &(text, want) in TABLE {
            assert_eq!(quotes(text), want, "in {text:?}");
        }
    }
}
