//! Reads full names, one a line, and prints the gender their first name gives, by the very
//! code `quidit report` runs (`quidit::report::gender::name_gender`): `female`, `male` or
//! `unknown`. `scripts/gender-eval` feeds it the French elected officials to measure it.
//!
//! ```sh
//! printf 'Claire Duval\nCamille Martin\n' | cargo run --release --example gender_of_names
//! ```

use std::io::{BufRead, Write};

use quidit::report::Gender;
use quidit::report::gender::name_gender;

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let g = name_gender(line?.trim()).unwrap_or(Gender::Unknown);
        writeln!(out, "{}", g.as_str())?;
    }
    out.flush()
}
