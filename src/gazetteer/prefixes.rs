//! Which texts can begin a form, word by word: a Bloom filter that lets a walk of the
//! automaton stop before it enters a word no form continues with.
//!
//! A walk from a word start steps through the automaton a byte at a time, and the
//! automaton of ~90,000 forms is far larger than a core's cache: in news text every other
//! word is the start of no form at all (or, after `de`, `la`, `le`, of no form going on
//! with the next word), yet the walk went down the trie letter by letter, a cache miss at
//! nearly every step. The filter holds every prefix of a form that ends where one of its
//! words ends (`saint`, `saint-denis`, `m`, `m. le maire`…); a walk hashes the next word of
//! the text ahead of it, and enters it only when the filter may hold the text so far.
//! The filter is a few hundred kilobytes and stays in cache; a false positive costs only
//! the walk that would have happened anyway, so matches are exactly those without it.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// A blocked Bloom filter over the word-end prefixes of the forms: a key sets three bits
/// of one 64-bit word, so a lookup reads one cache line.
#[derive(Clone, Debug)]
pub(super) struct Prefixes {
    words: Vec<u64>,
    /// log2 of the number of words.
    shift: u32,
}

/// Bits per key (rounded up to a power of two of words): with three bits in a word, 1% of
/// random keys pass the filter of all the built-in forms (measured).
const BITS_PER_KEY: usize = 12;

impl Prefixes {
    /// The filter of every word-end prefix of `forms`.
    pub(super) fn new<S: AsRef<str>>(forms: &[S]) -> Self {
        // The keys first (one pass over the forms, which is most of the work), then a
        // filter sized for them.
        let mut keys = Vec::with_capacity(forms.len() * 2);
        for form in forms {
            let form = form.as_ref();
            let bytes = form.as_bytes();
            let mut hasher = FxHasher::default();
            if form.is_ascii() {
                // Most forms once folded: the word ends found while hashing, byte by byte.
                for (i, &b) in bytes.iter().enumerate() {
                    hasher.write_u8(b);
                    let next = bytes.get(i + 1);
                    if next.is_none_or(|n| b.is_ascii_alphanumeric() && !n.is_ascii_alphanumeric())
                    {
                        keys.push(hasher.finish());
                    }
                }
                continue;
            }
            let mut from = 0;
            for end in word_ends(form) {
                feed(&mut hasher, &bytes[from..end]);
                from = end;
                keys.push(hasher.finish());
            }
        }
        // At least 4 KB: tiny filters would be crowded for nothing.
        let words = (keys.len() * BITS_PER_KEY / 64)
            .max(512)
            .next_power_of_two();
        let mut filter = Prefixes {
            words: vec![0; words],
            shift: words.trailing_zeros(),
        };
        for key in keys {
            let (word, bits) = filter.probe(key);
            filter.words[word] |= bits;
        }
        filter
    }

    /// Whether some form may begin with the text whose hash (by [`feed`]) is `hash`;
    /// `false` is certain.
    #[inline]
    pub(super) fn may_begin(&self, hash: u64) -> bool {
        let (word, bits) = self.probe(hash);
        self.words[word] & bits == bits
    }

    /// The word and the bits of a key, from slices of the hash mixed once more (the byte
    /// mixing leaves the low bits weak).
    #[inline]
    fn probe(&self, hash: u64) -> (usize, u64) {
        let mixed = hash.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The top bits pick the word (there are at least 512 words: `shift` is 9 or more).
        let word = (mixed >> (64 - self.shift)) as usize;
        let bits = (1 << (mixed & 63)) | (1 << ((mixed >> 6) & 63)) | (1 << ((mixed >> 12) & 63));
        (word, bits)
    }
}

/// Feeds `bytes` to `hasher` a byte at a time. The filter's keys are hashed word by word
/// and a walk hashes gaps and runs of letters apart, so the hash of a text must not depend
/// on where it was cut: FxHash's [`Hasher::write`] hashes a slice as one unit (its hash of
/// `ab` is not that of `a` then `b`), its [`Hasher::write_u8`] is one multiply-add.
#[inline]
pub(super) fn feed(hasher: &mut FxHasher, bytes: &[u8]) {
    for &b in bytes {
        hasher.write_u8(b);
    }
}

/// The byte lengths of the prefixes of `form` that end where one of its words (a run of
/// letters and digits) ends, and its whole length, in increasing order. [`Prefixes::new`]
/// finds those of an ASCII form itself, while hashing it.
fn word_ends(form: &str) -> impl Iterator<Item = usize> + '_ {
    let mut chars = form.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((at, c)) = chars.next() {
            let end = at + c.len_utf8();
            let next_alnum = chars.peek().map(|&(_, n)| n.is_alphanumeric());
            if end == form.len() || c.is_alphanumeric() && next_alnum == Some(false) {
                return Some(end);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> u64 {
        let mut h = FxHasher::default();
        feed(&mut h, text.as_bytes());
        h.finish()
    }

    #[test]
    fn word_ends_of_forms() {
        let ends = |f: &str| word_ends(f).collect::<Vec<_>>();
        assert_eq!(ends("paris"), [5]);
        assert_eq!(ends("saint-denis"), [5, 11]);
        assert_eq!(ends("m. le maire"), [1, 5, 11]);
        assert_eq!(ends("yahoo!"), [5, 6]);
        assert_eq!(ends("l'oreal"), [1, 7]);
        assert_eq!(ends("erdoğan x"), [8, 10]);
        assert_eq!(ends(""), Vec::<usize>::new());
    }

    #[test]
    fn holds_every_word_end_prefix() {
        let forms: Vec<String> = ["saint-denis", "m. le maire", "paris", "yahoo!"]
            .map(String::from)
            .into();
        let filter = Prefixes::new(&forms);
        for key in [
            "saint",
            "saint-denis",
            "m",
            "m. le",
            "m. le maire",
            "paris",
            "yahoo",
        ] {
            assert!(filter.may_begin(hash(key)), "{key}");
        }
        // Hashing piece by piece is hashing the whole.
        let mut h = FxHasher::default();
        feed(&mut h, b"m. ");
        feed(&mut h, b"le");
        assert_eq!(h.finish(), hash("m. le"));
        // With a few keys in 4 KB, unrelated texts are all rejected.
        let rejected = [
            "pari",
            "marseille",
            "saint-d",
            "m. la",
            "le",
            "denis",
            "yaho",
        ]
        .iter()
        .filter(|t| !filter.may_begin(hash(t)))
        .count();
        assert_eq!(rejected, 7);
    }
}
