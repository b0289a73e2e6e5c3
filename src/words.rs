//! Word lists that are linguistic data, in `data/`, compiled in with `include_str!` and
//! parsed once a run: one word a line, blank lines and `#` comments skipped. Each file's
//! header says what it holds and who reads it.

/// The words of a list file.
pub(crate) fn parse(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// An elided word (`l'`, `d'`) without its apostrophe, from a list that writes it with `'`.
pub(crate) fn elided(word: &str) -> Option<&str> {
    word.strip_suffix('\'')
}
