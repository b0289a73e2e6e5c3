//! The built-in rules, compiled into the binary by `build.rs` so that the tool works from
//! anywhere without its source tree (the built-in gazetteers are compiled further, into
//! `gazetteer::compiled`).

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
include!(concat!(env!("OUT_DIR"), "/builtin_gazetteer_texts.rs"));
