//! Fuzz target `tokens`: the check is `quidit::fuzzing::tokens`, which
//! `tests/fuzz_regressions.rs` replays on the corpus in `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quidit::fuzzing::tokens(data));
