//! Property: every stretch of the normalised view maps back to the exact original text that
//! produced it, whatever the input (combining marks, ligatures, every kind of space and
//! apostrophe, emoji…).

use proptest::prelude::*;
use quidit_lists::normalise::{Case, Normalised, fold};

const ALPHABET: &[char] = &[
    'a', 'é', 'E', 'É', 'l', '\'', '’', 'ʼ', '´', ' ', '\u{00A0}', '\u{202F}', '\t', '\n', '-',
    '–', '—', '\u{0301}', '\u{0327}', '\u{200B}', '\u{00AD}', '\u{FEFF}', 'œ', 'Œ', 'ß', 'ﬁ', 'İ',
    'ı', 'Ø', '🇫', '🇷', '😀', '\u{FE0F}', '«', '»', '1', '½', 'Ⅻ', 'ǅ', 'ﬀ',
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(ALPHABET), 1 => any::<char>()],
        0..80,
    )
    .prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn view_ranges_map_back_exactly(original in text(), picks in prop::collection::vec((0usize..100, 0usize..100), 8)) {
        let mut view = Normalised::new();
        view.fill(&original, Case::Fold);
        let v = view.as_str();
        // Where each view byte comes from.
        let origin: Vec<usize> = (0..v.len()).map(|k| view.to_original(&original, k..k + 1).start).collect();
        // View offsets that start (or end) the output of one original character.
        let starts: Vec<usize> = (0..v.len())
            .filter(|&k| v.is_char_boundary(k) && (k == 0 || origin[k] != origin[k - 1]))
            .collect();
        let ends: Vec<usize> = (1..=v.len())
            .filter(|&k| v.is_char_boundary(k) && (k == v.len() || origin[k] != origin[k - 1]))
            .collect();
        prop_assume!(!starts.is_empty() && !ends.is_empty());
        for (a, b) in picks {
            let i = starts[a % starts.len()];
            let j = ends[b % ends.len()];
            if j <= i || v[i..j].starts_with(' ') || v[i..j].ends_with(' ') {
                continue;
            }
            let back = view.to_original(&original, i..j);
            prop_assert!(original.is_char_boundary(back.start) && original.is_char_boundary(back.end));
            // Nothing that folded to nothing (an accent, a zero-width space) is left out at the
            // end: the span stops where the next visible character starts.
            let next = origin.get(j).copied().unwrap_or(original.len());
            prop_assert_eq!(back.end, next, "{:?} in {:?}", &v[i..j], &original);
            prop_assert_eq!(back.start, origin[i]);
            prop_assert_eq!(fold(&original[back.clone()], Case::Fold), &v[i..j], "{:?} -> {:?}", &v[i..j], &original[back]);
        }
    }
}
