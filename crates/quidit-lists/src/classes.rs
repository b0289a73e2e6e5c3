//! The word classes of the part-of-speech layer, as the data files write them
//! (`data/syntax/classes*.tsv`, `scripts/gen_syntaxe.py`) and as bits: the build script
//! stores each form's classes as a bit set, the library reads it.

/// The class codes of the data files, in bit order: code `CODES[i]` is bit `1 << i`.
pub const CODES: [&str; 17] = [
    "DET", "PREP", "PREPDET", "PRO", "CONJC", "CONJS", "ADV", "N", "A", "INTJ", "VF", "VK", "VW",
    "VG", "AUX", "NPR", "NUM",
];

/// The bit of a class code, if it is one.
pub fn bit(code: &str) -> Option<u32> {
    CODES.iter().position(|c| *c == code).map(|i| 1 << i)
}

/// One line of a classes file: `form<TAB>CODE CODE…` → the form and its bits; `Err` names
/// the first unknown code. Blank lines and `#` comments give `Ok(None)`.
pub fn parse_line(line: &str) -> Result<Option<(&str, u32)>, String> {
    let line = line.trim_end();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let Some((form, codes)) = line.split_once('\t') else {
        return Err("expected `form<TAB>classes`".into());
    };
    let mut bits = 0;
    for code in codes.split_whitespace() {
        bits |= bit(code)
            .ok_or_else(|| format!("unknown class `{code}` (classes: {})", CODES.join(", ")))?;
    }
    Ok(Some((form, bits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_give_forms_and_bits() {
        assert_eq!(
            parse_line("a\tAUX VF"),
            Ok(Some(("a", bit("AUX").unwrap() | bit("VF").unwrap())))
        );
        assert_eq!(parse_line("# note"), Ok(None));
        assert!(
            parse_line("a\tVERBE")
                .unwrap_err()
                .contains("unknown class `VERBE`")
        );
        assert!(parse_line("a VF").is_err());
    }
}
