//! Value mutations of legacy .xls files: BIFF8 records patched in place in
//! their compound file. Records are found by their header (type and length),
//! which is enough to aim: a false match is one more random change.

use rand::RngExt;
use rand::seq::IndexedRandom;

use super::{Kind, Rng};

/// `NUMBER`: row, column, format, then an IEEE double.
const NUMBER: [u8; 4] = [0x03, 0x02, 0x0E, 0x00];
/// `RK`: row, column, format, then a packed number.
const RK: [u8; 4] = [0x7E, 0x02, 0x0A, 0x00];
/// `LABELSST`: row, column, format, then an index into the string table.
const LABELSST: [u8; 4] = [0xFD, 0x00, 0x0A, 0x00];
/// `DIMENSIONS`: first and last rows (32 bits), first and last columns.
const DIMENSIONS: [u8; 4] = [0x00, 0x02, 0x0E, 0x00];
/// `ROW`: row, first and last columns.
const ROW: [u8; 4] = [0x08, 0x02, 0x10, 0x00];
/// `MERGEDCELLS` (type only: its length varies).
const MERGEDCELLS: [u8; 2] = [0xE5, 0x00];
/// `SST` (type only): total and unique string counts.
const SST: [u8; 2] = [0xFC, 0x00];

fn sites(bytes: &[u8], header: &[u8]) -> Vec<usize> {
    memchr::memmem::find_iter(bytes, header).collect()
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The number an RK value packs.
fn rk_value(rk: u32) -> f64 {
    let v = if rk & 2 != 0 {
        f64::from((rk as i32) >> 2)
    } else {
        f64::from_bits(u64::from(rk & !3) << 32)
    };
    if rk & 1 != 0 { v / 100.0 } else { v }
}

fn patch(out: &mut [u8], at: usize, value: &[u8]) -> Option<()> {
    out.get_mut(at..at + value.len())?.copy_from_slice(value);
    Some(())
}

/// Doubles a decoder must survive.
const DOUBLES: [f64; 12] = [
    f64::MAX,
    -f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MIN_POSITIVE,
    5e-324,
    -0.0,
    1e300,
    9.007_199_254_740_993e15,
    -45_000.0,
    1e20,
];

/// Date serials around the ends of what spreadsheets allow.
const DATES: [f64; 12] = [
    -1.0,
    0.0,
    0.5,
    59.0,
    60.0,
    61.0,
    -693_594.0,
    2_958_465.0,
    2_958_466.0,
    1e10,
    f64::NAN,
    f64::INFINITY,
];

/// Packed numbers: NaN, ±infinity, the largest and smallest integers, and
/// the same divided by 100.
const RKS: [u32; 6] = [
    0xFFFF_FFFC,
    0x7FF0_0000,
    0xFFF0_0000,
    0x7FFF_FFFE,
    0x8000_0002,
    0x8000_0003,
];

/// Applies a value mutation of `kind`; `None` when the file has no record
/// of the sort (an encrypted workbook, for one).
pub fn mutate(kind: Kind, bytes: &[u8], rng: &mut Rng) -> Option<(Vec<u8>, String)> {
    let mut out = bytes.to_vec();
    let what = match kind {
        Kind::NumberLimits => {
            if rng.random_bool(0.7) {
                let at = *sites(bytes, &NUMBER).choose(rng)?;
                let v = *DOUBLES.choose(rng)?;
                patch(&mut out, at + 10, &v.to_le_bytes())?;
                format!("NUMBER en {at} : {v}")
            } else {
                let at = *sites(bytes, &RK).choose(rng)?;
                let v = *RKS.choose(rng)?;
                patch(&mut out, at + 10, &v.to_le_bytes())?;
                format!("RK en {at} : {v:#x}")
            }
        }
        Kind::DateLimits => {
            let dates: Vec<usize> = sites(bytes, &NUMBER)
                .into_iter()
                .filter(|&at| {
                    f64_at(bytes, at + 10).is_some_and(|v| (20_000.0..80_000.0).contains(&v))
                })
                .chain(sites(bytes, &RK).into_iter().filter(|&at| {
                    bytes
                        .get(at + 10..at + 14)
                        .and_then(|b| b.try_into().ok())
                        .map(u32::from_le_bytes)
                        .is_some_and(|rk| (20_000.0..80_000.0).contains(&rk_value(rk)))
                }))
                .collect();
            let at = *dates.choose(rng)?;
            let v = *DATES.choose(rng)?;
            if bytes[at..at + 4] == NUMBER {
                patch(&mut out, at + 10, &v.to_le_bytes())?;
            } else {
                // An RK record becomes a NUMBER one of the same length
                // would not fit: write the date as a packed integer.
                let packed = ((v as i32) << 2) as u32 | 2;
                patch(&mut out, at + 10, &packed.to_le_bytes())?;
            }
            format!("date en {at} : {v}")
        }
        Kind::SharedStringIndex => {
            if rng.random_bool(0.7) {
                let at = *sites(bytes, &LABELSST).choose(rng)?;
                let v = *[u32::MAX, 0x7FFF_FFFF, 65_535, 1 << 24, 100_000].choose(rng)?;
                patch(&mut out, at + 10, &v.to_le_bytes())?;
                format!("LABELSST en {at} : index {v}")
            } else {
                let at = *sites(bytes, &SST).choose(rng)?;
                let v = *[u32::MAX, 0x7FFF_FFFF, 0].choose(rng)?;
                let field = at + 4 + 4 * rng.random_range(0..2);
                patch(&mut out, field, &v.to_le_bytes())?;
                format!("SST en {at} : nombre de textes {v}")
            }
        }
        Kind::CellReference => match rng.random_range(0..4) {
            0 => {
                let cells: Vec<usize> = [NUMBER, RK, LABELSST]
                    .iter()
                    .flat_map(|h| sites(bytes, h))
                    .collect();
                let at = *cells.choose(rng)?;
                let v = *[0xFFFFu16, 0x4000, 0x0100, 0x8000].choose(rng)?;
                let field = at + 4 + 2 * rng.random_range(0..2);
                patch(&mut out, field, &v.to_le_bytes())?;
                format!("cellule en {at} : ligne ou colonne {v}")
            }
            1 => {
                let at = *sites(bytes, &DIMENSIONS).choose(rng)?;
                let v = *[u32::MAX, 0x0010_0001, 0x7FFF_FFFF].choose(rng)?;
                patch(&mut out, at + 8, &v.to_le_bytes())?;
                patch(&mut out, at + 14, &0xFFFFu16.to_le_bytes())?;
                format!("DIMENSIONS en {at} : {v} lignes")
            }
            2 => {
                let at = *sites(bytes, &ROW).choose(rng)?;
                let v = *[0xFFFFu16, 0x4000, 0].choose(rng)?;
                patch(
                    &mut out,
                    at + 4 + 2 * rng.random_range(0..3),
                    &v.to_le_bytes(),
                )?;
                format!("ROW en {at} : {v}")
            }
            _ => {
                let at = *sites(bytes, &MERGEDCELLS).choose(rng)?;
                let v = *[0xFFFFu16, 0x4000, 0].choose(rng)?;
                // One bound of the first merged range (or of what follows).
                patch(
                    &mut out,
                    at + 6 + 2 * rng.random_range(0..4),
                    &v.to_le_bytes(),
                )?;
                format!("MERGEDCELLS en {at} : {v}")
            }
        },
        _ => return None,
    };
    Some((out, what))
}
