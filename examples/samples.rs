//! Writes the sample partner workbooks of `sample-workbooks/`.
//!
//! ```text
//! cargo run --example samples -- [DOSSIER]
//! ```
//!
//! Seven clean workbooks made with the real template writer, pre-filled with
//! the actions of MJC de Lavaur, RPE, Service Jeunesse, Espaces France
//! Services, LAEP, ALSH and CCTA; and two workbooks made without the
//! template, carrying the mistakes partners really make (CCAS de
//! Saint-Sulpice-la-Pointe, Mission Locale). See `samples/data.rs`.
//!
//! The output is the same, byte for byte, at every run. `scripts/samples.sh`
//! runs this generator, then has LibreOffice convert two of the clean
//! samples to .ods and .xls.

#[path = "samples/data.rs"]
mod data;

use std::path::PathBuf;

use ctg::referentiel::Config;

fn main() -> data::Res<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("sample-workbooks"), PathBuf::from);
    let config = Config::embedded()?;
    for path in data::generate(&dir, &config)? {
        println!("{}", path.display());
    }
    Ok(())
}
