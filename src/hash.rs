//! A fast hash for maps keyed by short words and gazetteer forms.
//!
//! The keys come from our own word lists and from gazetteer files the user chose, never
//! from the text being tagged, so SipHash's protection against chosen collisions buys
//! nothing here, and it cost a third of a lookup and a tenth of the load time.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`WordHasher`]s, for `HashMap<K, V, FastHash>`.
pub(crate) type FastHash = BuildHasherDefault<WordHasher>;

/// FxHash's mixing, a byte at a time (keys are short, so chunking them gains nothing).
#[derive(Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    /// A hasher that goes on from the state `finish` returned.
    pub(crate) fn resume(state: u64) -> WordHasher {
        WordHasher(state)
    }

    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
