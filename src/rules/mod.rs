//! The rule engine stage. For now it holds the rules, written in code, that find names no
//! gazetteer has ([`names`]); the rule language of `rules/*.rules` replaces them where it
//! can express them.

pub(crate) mod names;
