//! The built-in gazetteers (and, later, rules), compiled into the binary by `build.rs` so
//! that the tool works from anywhere without its source tree.

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
