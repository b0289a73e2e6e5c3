//! The annotations of one document by start token, as the matcher reads them.
//!
//! One array of annotations, ordered by start token and, at each token, longest first, and
//! the offset of each token's part in it: rather than a list per token, whose header alone
//! (24 bytes a token, and an allocation for every token that has an annotation) weighed
//! more than the annotations of a large document. Annotations are added in batches, as the
//! stages make them (the lexicons and quotations, the entities, the phrases, what each
//! phase keeps): [`Starts::push`] puts one aside, [`Starts::seal`] merges those put aside
//! into the array, in one pass over it. Reading between a push and the seal is a logic
//! error (the pushed annotations are not seen yet), checked in debug builds.
//!
//! What must stay true: at each token, the annotations are ordered longest first, and
//! those of equal length in the order they were pushed (as a stable sort of each token's
//! list after every push gave before).

use super::ir::Ann;

/// The annotations of one document by start token ([module docs](self)).
#[derive(Debug, Default)]
pub struct Starts {
    /// The annotations starting at token `i` are `anns[at[i]..at[i + 1]]`.
    at: Vec<u32>,
    /// Every annotation, by start token, longest first at each.
    anns: Vec<Ann>,
    /// Annotations pushed since the last seal, with their start token.
    pending: Vec<(u32, Ann)>,
}

impl Starts {
    /// Readies the annotations of a document of `tokens` tokens: none yet. The buffers are
    /// kept from one document to the next.
    pub fn reset(&mut self, tokens: usize) {
        self.at.clear();
        self.at.resize(tokens + 1, 0);
        self.anns.clear();
        self.pending.clear();
    }

    /// How many tokens the document has.
    pub fn tokens(&self) -> usize {
        self.at.len().saturating_sub(1)
    }

    /// The annotations starting at token `i`, longest first (none past the end).
    #[inline]
    pub fn at(&self, i: usize) -> &[Ann] {
        debug_assert!(self.pending.is_empty(), "annotations read before a seal");
        match self.at.get(i..i + 2) {
            Some(&[a, b]) => &self.anns[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Each token's annotations, in token order.
    pub fn by_token(&self) -> impl Iterator<Item = &[Ann]> + '_ {
        (0..self.tokens()).map(move |i| self.at(i))
    }

    /// Every annotation, by start token (for what does not ask where each starts).
    pub fn anns(&self) -> &[Ann] {
        debug_assert!(self.pending.is_empty(), "annotations read before a seal");
        &self.anns
    }

    /// Every annotation with its start token, by start token.
    pub fn all(&self) -> impl Iterator<Item = (usize, &Ann)> + '_ {
        debug_assert!(self.pending.is_empty(), "annotations read before a seal");
        self.at.windows(2).enumerate().flat_map(move |(i, w)| {
            self.anns[w[0] as usize..w[1] as usize]
                .iter()
                .map(move |a| (i, a))
        })
    }

    /// Puts `ann`, starting at token `start`, aside until the next [`Starts::seal`]. An
    /// annotation past the document's tokens is dropped.
    pub fn push(&mut self, start: usize, ann: Ann) {
        if start < self.tokens() {
            self.pending.push((start as u32, ann));
        }
    }

    /// Merges the annotations pushed since the last seal into the array, each token's
    /// longest first, the earlier pushed first among equals: in place, from the last
    /// token back (the array grows by what was pushed, and the write cursor never passes
    /// an old annotation not yet read, as the pushed ones still to write lie between), so
    /// that no second array is needed. The annotations between two tokens that receive
    /// some move in one copy; linear in the annotations and tokens after the first token
    /// that receives one, plus the sort of those pushed.
    pub fn seal(&mut self) {
        let Some(&(_, filler)) = self.pending.first() else {
            return;
        };
        // Stable: equal annotations keep the order of their pushes.
        self.pending
            .sort_by_key(|&(start, a)| (start, std::cmp::Reverse(a.end)));
        let Starts { at, anns, pending } = self;
        let tokens = at.len() - 1;
        let mut old_end = anns.len();
        anns.resize(old_end + pending.len(), filler);
        // `added`: the pushed annotations of the tokens before those done; `shifted`: the
        // first offset already new (that of the end included).
        let (mut added, mut shifted) = (pending.len(), tokens + 1);
        let mut rest = &pending[..];
        while let Some(&(last, _)) = rest.last() {
            let s = last as usize;
            // The tokens after `s` not yet done received nothing: their annotations move
            // by `added` places in one copy.
            // (The old offset after `s`: that of the token done last, if it is the next.)
            let from = if s + 1 < shifted {
                at[s + 1] as usize
            } else {
                old_end
            };
            anns.copy_within(from..old_end, from + added);
            for offset in &mut at[s + 1..shifted] {
                *offset += added as u32;
            }
            let mine = rest.iter().rev().take_while(|p| p.0 == last).count();
            let (before, here) = rest.split_at(rest.len() - mine);
            // Backwards, the last of the merged run first: of two, the shorter, and the
            // pushed one when they are equal (forwards, the old one goes first).
            let old_start = at[s] as usize;
            let (mut old, mut new, mut write) = (from, here.len(), from + added);
            while old > old_start || new > 0 {
                write -= 1;
                if new > 0 && (old == old_start || here[new - 1].1.end <= anns[old - 1].end) {
                    new -= 1;
                    anns[write] = here[new].1;
                } else {
                    old -= 1;
                    anns[write] = anns[old];
                }
            }
            added -= here.len();
            at[s] = (old_start + added) as u32;
            (old_end, shifted, rest) = (old_start, s, before);
        }
        pending.clear();
    }

    /// Keeps only the annotations that `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Ann) -> bool) {
        debug_assert!(self.pending.is_empty(), "annotations changed before a seal");
        let mut count = 0usize;
        let mut from = 0usize;
        for i in 0..self.tokens() {
            let to = self.at[i + 1] as usize;
            self.at[i] = count as u32;
            for k in from..to {
                let a = self.anns[k];
                if keep(&a) {
                    self.anns[count] = a;
                    count += 1;
                }
            }
            from = to;
        }
        if let Some(last) = self.at.last_mut() {
            *last = count as u32;
        }
        self.anns.truncate(count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(kind: u16, end: u32) -> Ann {
        Ann {
            kind,
            sub: 0,
            end,
            inner: (0, end),
            entry: None,
        }
    }

    /// What a list per token, sorted (stably) by length after each push, holds.
    fn lists(tokens: usize, batches: &[Vec<(usize, Ann)>]) -> Vec<Vec<Ann>> {
        let mut lists = vec![Vec::new(); tokens];
        for batch in batches {
            for &(i, a) in batch {
                if let Some(list) = lists.get_mut(i) {
                    list.push(a);
                    list.sort_by_key(|a: &Ann| std::cmp::Reverse(a.end));
                }
            }
        }
        lists
    }

    #[test]
    fn merged_batches_keep_the_order_of_sorted_lists() {
        let batches = vec![
            vec![
                (0, ann(1, 2)),
                (0, ann(2, 5)),
                (3, ann(1, 4)),
                (0, ann(3, 2)),
            ],
            vec![
                (0, ann(4, 2)),
                (2, ann(1, 3)),
                (0, ann(5, 9)),
                (3, ann(2, 4)),
            ],
            vec![(1, ann(6, 2)), (3, ann(3, 6)), (9, ann(7, 10))],
        ];
        let mut starts = Starts::default();
        starts.reset(4);
        for batch in &batches {
            for &(i, a) in batch {
                starts.push(i, a);
            }
            starts.seal();
        }
        let want = lists(4, &batches);
        let got: Vec<Vec<Ann>> = starts.by_token().map(<[Ann]>::to_vec).collect();
        assert_eq!(got, want);
        assert_eq!(starts.at(4), &[]);
        assert_eq!(starts.all().count(), 10);
    }

    #[test]
    fn random_batches_keep_the_order_of_sorted_lists() {
        // A small linear congruential generator: the cases are the same on every run.
        let mut seed = 0x2545_f491_u64;
        let mut next = |bound: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % bound
        };
        for _ in 0..300 {
            let tokens = 1 + next(12) as usize;
            let batches: Vec<Vec<(usize, Ann)>> = (0..1 + next(4))
                .map(|_| {
                    (0..next(8))
                        .map(|_| {
                            (
                                next(tokens as u64 + 1) as usize,
                                ann(next(5) as u16, next(6) as u32),
                            )
                        })
                        .collect()
                })
                .collect();
            let mut starts = Starts::default();
            starts.reset(tokens);
            for batch in &batches {
                for &(i, a) in batch {
                    starts.push(i, a);
                }
                starts.seal();
            }
            let got: Vec<Vec<Ann>> = starts.by_token().map(<[Ann]>::to_vec).collect();
            assert_eq!(got, lists(tokens, &batches), "batches {batches:?}");
        }
    }

    #[test]
    fn retain_keeps_order_and_offsets() {
        let mut starts = Starts::default();
        starts.reset(3);
        for (i, a) in [
            (0, ann(1, 3)),
            (0, ann(2, 1)),
            (1, ann(2, 2)),
            (2, ann(1, 3)),
        ] {
            starts.push(i, a);
        }
        starts.seal();
        starts.retain(|a| a.kind == 1);
        assert_eq!(starts.at(0), &[ann(1, 3)]);
        assert_eq!(starts.at(1), &[]);
        assert_eq!(starts.at(2), &[ann(1, 3)]);
        // Reused for another document: nothing of the first is left.
        starts.reset(2);
        assert_eq!(starts.all().count(), 0);
        // Before any document: nothing to read, and nothing taken.
        let mut empty = Starts::default();
        empty.push(0, ann(1, 1));
        empty.seal();
        empty.retain(|_| true);
        assert_eq!(empty.at(0), &[]);
    }
}
