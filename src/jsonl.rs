//! The line reader of `quidit tag --jsonl`: one line at a time, never more than a bounded
//! part of a line in memory.
//!
//! It belongs to the command line, and lives here only so that the fuzz target `jsonl`
//! (`fuzz/`, see [`crate::fuzzing`]), which can link the library but not the binary, runs the
//! very code that `quidit tag` runs. Hidden from the documentation: no API.

use std::io::{self, BufRead, BufReader, Read};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One line of a JSON Lines input.
pub struct Line {
    /// Its number, from 1.
    pub number: u64,
    /// Its length in bytes, with the line break.
    pub len: u64,
    /// Its bytes without the line break, or `None` when it is longer than the limit.
    pub bytes: Option<Vec<u8>>,
}

/// Reads lines, keeping at most `limit` bytes of each: a 10 GB line costs no memory.
pub struct Lines<R = Box<dyn Read>> {
    reader: BufReader<R>,
    limit: u64,
    number: u64,
}

impl<R: Read> Lines<R> {
    /// Reads `reader`, keeping at most `limit` bytes of a line (`--max-doc-bytes`).
    pub fn new(reader: BufReader<R>, limit: u64) -> Lines<R> {
        Lines {
            reader,
            limit,
            number: 0,
        }
    }

    /// The number of the line being read (the last one returned, or the one that failed).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Whether everything read so far has been returned, so the next line may have to wait
    /// for the writer at the other end of a pipe.
    pub fn drained(&self) -> bool {
        self.reader.buffer().is_empty()
    }

    /// The next line, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        let mut bytes = Vec::new();
        let mut len = 0u64;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.number += 1;
                    return Err(e);
                }
            };
            if chunk.is_empty() && len == 0 {
                return Ok(None);
            }
            let (take, ends) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), chunk.is_empty()),
            };
            // Room for the longest line that fits, its `\r\n` and, on the first line, a
            // byte-order mark, which is dropped below and so no part of the limit (the check
            // of the fuzz target `jsonl` showed a first line of exactly the limit after a
            // mark refused as too long); past that, only count.
            let mark = if self.number == 0 {
                BOM.len() as u64
            } else {
                0
            };
            if len + take as u64 <= self.limit + 2 + mark {
                bytes.extend_from_slice(&chunk[..take]);
            }
            len += take as u64;
            self.reader.consume(take);
            if ends {
                self.number += 1;
                // A byte-order mark before the first line (files saved by some editors) is
                // no part of the JSON.
                let mut dropped = 0;
                if self.number == 1 && bytes.starts_with(BOM) {
                    bytes.drain(..BOM.len());
                    dropped = BOM.len() as u64;
                }
                let whole = bytes.len() as u64 + dropped == len;
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                }
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                let fits = whole && bytes.len() as u64 <= self.limit;
                return Ok(Some(Line {
                    number: self.number,
                    len,
                    bytes: fits.then_some(bytes),
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &'static [u8], limit: u64) -> Vec<(u64, u64, Option<String>)> {
        let reader: Box<dyn Read> = Box::new(text);
        let mut lines = Lines::new(BufReader::with_capacity(4, reader), limit);
        let mut out = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            let text = l.bytes.map(|b| String::from_utf8(b).unwrap());
            out.push((l.number, l.len, text));
        }
        out
    }

    #[test]
    fn long_lines_are_cut_out_and_the_rest_read() {
        assert_eq!(
            lines(b"ab\r\n0123456789\nxyz", 5),
            vec![
                (1, 4, Some("ab".into())),
                (2, 11, None),
                (3, 3, Some("xyz".into()))
            ]
        );
        assert_eq!(lines(b"12345\r\n", 5), vec![(1, 7, Some("12345".into()))]);
        assert_eq!(lines(b"123456\n", 5), vec![(1, 7, None)]);
        assert_eq!(lines(b"", 5), vec![]);
    }

    #[test]
    fn a_bom_does_not_count_against_the_limit() {
        assert_eq!(
            lines(b"\xEF\xBB\xBF12345\r\n123456\n", 5),
            vec![(1, 10, Some("12345".into())), (2, 7, None)]
        );
        assert_eq!(lines(b"\xEF\xBB\xBF123456\n", 5), vec![(1, 10, None)]);
    }

    #[test]
    fn a_bom_before_the_first_line_is_dropped() {
        assert_eq!(
            lines(b"\xEF\xBB\xBF{}\n\xEF\xBB\xBF{}", 5),
            vec![(1, 6, Some("{}".into())), (2, 5, Some("\u{feff}{}".into()))]
        );
    }
}
