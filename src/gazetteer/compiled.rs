//! The built-in gazetteers, parsed and folded by `build.rs` into one blob, so that start-up
//! does not read and fold ~100,000 lines.
//!
//! The blob is two files. `gazetteers.bin` is a sequence of files, each `name` then `body
//! length: u32` then where the body's strings begin and end in the other file (two `u32`)
//! then the body (so that a lexicon no rule reads is skipped unread). A body is
//!
//! ```text
//! priority: i32, lines: u32, then each line:
//!   line: u32, canonical: str, id: str (empty: none), attrs: u32, attrs × (key: str, value: str),
//!   forms: u32, then each form: flags: u8 (1: `=` case-exact, 2: starts with a capital),
//!   folded: str, then, for a case-exact form, folded with its case kept: str
//! ```
//!
//! where `u32` and `i32` are little-endian and `str` is a byte length (`u32`): the string
//! is the next that many bytes of `gazetteers.str`, every string of the blob one after the
//! other in the order they are read. Keeping the text apart lets the compiler check it is
//! UTF-8 once (`include_str!`), instead of start-up checking ~300,000 strings one by one.
//! `build.rs` writes both with the same parser and folding as run time, and a test checks
//! every built-in file against its text.

/// The structure written by `build.rs`.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteers.bin"));

/// The strings of [`BLOB`], one after the other.
static STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteers.str"));

/// One file's compiled body and its strings.
#[derive(Clone, Copy)]
pub(crate) struct Body {
    bytes: &'static [u8],
    strings: &'static str,
}

/// The built-in gazetteer files: (path relative to the crate root, compiled body).
pub(crate) fn files() -> impl Iterator<Item = (&'static str, Body)> {
    let mut r = Reader::new(Body {
        bytes: BLOB,
        strings: STRINGS,
    });
    std::iter::from_fn(move || {
        if r.done() {
            return None;
        }
        let name = r.str();
        let len = r.u32() as usize;
        let (from, to) = (r.u32() as usize, r.u32() as usize);
        // The next name follows the body's strings.
        r.strings = &STRINGS[to..];
        Some((
            name,
            Body {
                bytes: r.bytes(len),
                strings: &STRINGS[from..to],
            },
        ))
    })
}

/// The number of lines of a compiled body (read from its header).
pub(crate) fn lines(body: Body) -> usize {
    let mut r = Reader::new(body);
    r.i32();
    r.u32() as usize
}

/// Reads the blob. It was written by `build.rs` for this very binary, so a malformed blob
/// is a bug: reading one panics.
pub(crate) struct Reader {
    data: &'static [u8],
    at: usize,
    /// The strings from the next one to read.
    strings: &'static str,
}

impl Reader {
    pub(crate) fn new(body: Body) -> Self {
        Reader {
            data: body.bytes,
            at: 0,
            strings: body.strings,
        }
    }

    pub(crate) fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    pub(crate) fn bytes(&mut self, len: usize) -> &'static [u8] {
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

    pub(crate) fn str(&mut self) -> &'static str {
        let len = self.u32() as usize;
        let (s, rest) = self.strings.split_at(len);
        self.strings = rest;
        s
    }
}
