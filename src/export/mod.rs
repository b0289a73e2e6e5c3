//! Export: writing tagged documents for people and tools. Each format is a module; all of
//! them take the original text and the [`Document`](crate::Document) tagged from it.

pub mod brat;
pub mod jsonl;
