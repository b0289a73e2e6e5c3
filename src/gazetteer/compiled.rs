//! The built-in gazetteers, parsed and folded by `build.rs` into one blob, so that start-up
//! does not read and fold ~100,000 lines.
//!
//! The blob is a sequence of files, each `name` then `body length: u32` then the body
//! (so that a lexicon no rule reads is skipped unread). A body is
//!
//! ```text
//! priority: i32, lines: u32, then each line:
//!   line: u32, canonical: str, id: str (empty: none), attrs: u32, attrs × (key: str, value: str),
//!   forms: u32, then each form: flags: u8 (1: `=` case-exact, 2: starts with a capital),
//!   folded: str, then, for a case-exact form, folded with its case kept: str
//! ```
//!
//! where `u32` and `i32` are little-endian and `str` is its byte length (`u32`) then its
//! UTF-8 bytes. `build.rs` writes it with the same parser and folding as run time, and a
//! test checks every built-in file against its text.

/// The blob written by `build.rs`.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteers.bin"));

/// The built-in gazetteer files: (path relative to the crate root, compiled body).
pub(crate) fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let mut r = Reader::new(BLOB);
    std::iter::from_fn(move || {
        if r.done() {
            return None;
        }
        let name = r.str();
        let len = r.u32() as usize;
        Some((name, r.bytes(len)))
    })
}

/// The number of lines of a compiled body (read from its header).
pub(crate) fn lines(body: &[u8]) -> usize {
    let mut r = Reader::new(body);
    r.i32();
    r.u32() as usize
}

/// Reads the blob. It was written by `build.rs` for this very binary, so a malformed blob
/// is a bug: reading one panics.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, at: 0 }
    }

    pub(crate) fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    pub(crate) fn bytes(&mut self, len: usize) -> &'a [u8] {
        let bytes = &self.data[self.at..self.at + len];
        self.at += len;
        bytes
    }

    pub(crate) fn u8(&mut self) -> u8 {
        self.bytes(1)[0]
    }

    pub(crate) fn u32(&mut self) -> u32 {
        let mut word = [0; 4];
        word.copy_from_slice(self.bytes(4));
        u32::from_le_bytes(word)
    }

    pub(crate) fn i32(&mut self) -> i32 {
        self.u32() as i32
    }

    pub(crate) fn str(&mut self) -> &'a str {
        let len = self.u32() as usize;
        std::str::from_utf8(self.bytes(len)).expect("build.rs writes UTF-8")
    }
}
