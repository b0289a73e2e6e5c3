//! The memory budget of a run (`--max-memory`): how much a document is expected to take
//! while it is tagged, and whether it may be tagged beside others, alone, or not at all.
//!
//! Tagging keeps, for a document, its text, the normalised view, the tokens and their
//! annotations, every candidate and entity, and finally the rendered output: all linear in
//! the document's size, with a factor that depends on how dense its names are. Measured
//! peak working sets (`scripts/bench`, "one document" lines; peak RSS minus the RSS of a
//! run on a one-word document), in multiples of the document's size:
//!
//! | document | working set |
//! |---|---|
//! | news articles pasted into one document (1 to 50 MB) | 17–23× |
//! | invented names, two a sentence (`Jean Xaba a rencontré…`) | 60–67× |
//! | `PARIS PARIS …` (an entity every six bytes) | ~113× |
//!
//! The last is the worst case found; its JSON output alone is 39 times the text. So a
//! document is charged [`FACTOR`] times its size, the worst measured rounded up: a charge
//! that no document measured exceeds, at the price of refusing, under a small budget,
//! documents that would in fact fit.

/// What tagging a document costs, in multiples of its size (see the module's table).
pub const FACTOR: u64 = 150;

/// The memory a document of `bytes` bytes is expected to take while it is tagged.
pub fn estimate(bytes: u64) -> u64 {
    bytes.saturating_mul(FACTOR)
}

/// How a document is scheduled under the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Tagged beside others: one such document per worker fits in the budget.
    Shared,
    /// Tagged alone, every other worker idle: it fits the budget only by itself.
    Alone,
    /// Refused: it would not fit even alone (the bytes it is expected to take).
    TooLarge(u64),
}

/// How a document of `bytes` bytes is tagged by `threads` workers within `budget` bytes.
pub fn plan(bytes: u64, threads: usize, budget: u64) -> Plan {
    let need = estimate(bytes);
    if need > budget {
        Plan::TooLarge(need)
    } else if need.saturating_mul(threads as u64) > budget {
        Plan::Alone
    } else {
        Plan::Shared
    }
}

/// The default budget: half the machine's memory (Linux: `MemTotal` in `/proc/meminfo`),
/// 4 GB when it cannot be read. Half, because the rest belongs to the system and to what
/// else runs; the user says otherwise with `--max-memory`.
pub fn default_budget() -> u64 {
    const FALLBACK: u64 = 4_000_000_000;
    let Ok(info) = std::fs::read_to_string("/proc/meminfo") else {
        return FALLBACK;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map_or(FALLBACK, |kb| kb.saturating_mul(1024) / 2)
}

/// A size for a message: `1.5 GB`, `320 MB`.
pub fn human(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else {
        format!("{} MB", bytes.div_ceil(1_000_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_shared_alone_or_refused_by_their_estimate() {
        let budget = 1_500_000_000;
        // 1 MB: 150 MB, eight of them fit.
        assert_eq!(plan(1_000_000, 8, budget), Plan::Shared);
        // 6 MB: 900 MB, two would not fit beside each other.
        assert_eq!(plan(6_000_000, 2, budget), Plan::Alone);
        assert_eq!(plan(6_000_000, 1, budget), Plan::Shared);
        // 5 MB: 750 MB, two fit exactly.
        assert_eq!(plan(5_000_000, 2, budget), Plan::Shared);
        // 20 MB: 3 GB, over the budget even alone.
        assert_eq!(plan(20_000_000, 2, budget), Plan::TooLarge(3_000_000_000));
        assert_eq!(plan(u64::MAX, 2, budget), Plan::TooLarge(u64::MAX));
    }

    #[test]
    fn the_default_budget_is_some_memory() {
        assert!(default_budget() >= 1_000_000);
        assert_eq!(human(1_500_000_000), "1.5 GB");
        assert_eq!(human(320_000_000), "320 MB");
    }
}
