//! Fuzz target `jsonl`: the check is `quidit::fuzzing::jsonl`, which
//! `tests/fuzz_regressions.rs` replays on the corpus in `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quidit::fuzzing::jsonl(data));
