//! The hash of the crate's maps keyed by words and gazetteer forms: FxHash, from the
//! `rustc-hash` crate.
//!
//! The keys come from our own word lists and from gazetteer files the user chose, never
//! from the text being tagged, so SipHash's protection against chosen collisions buys
//! nothing here, and it cost a third of a lookup and a tenth of the load time.
//!
//! Decision (issue 15): two hand-written hashers (an FxHash-like `WordHasher` here and an
//! FNV in the rules) gave way to one kept crate. `rustc-hash` was chosen over `foldhash`
//! because its hasher is a plain multiply-add with no seed, so that it can also be fed a
//! text a byte at a time and give the same hash however the text is cut, which the
//! gazetteer's filter of word prefixes needs (see `gazetteer/prefixes.rs`); and because
//! it measured faster. Callgrind, whole pipeline, 300 articles of the bench corpus, one
//! thread: the hand-written hasher 1,501,380,772 instructions, `rustc-hash` 1,498,994,653
//! (-0.16%), `foldhash` (`fast::FixedState`, fed the same way) 1,528,488,928 (+2.0%).

/// Builds FxHash hashers, for `HashMap<K, V, FastHash>`: every map keyed by words or
/// forms uses it, so that the choice is made in one place.
pub(crate) type FastHash = rustc_hash::FxBuildHasher;
