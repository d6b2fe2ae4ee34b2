//! Checks on a compound file (legacy .xls, or an encrypted workbook) before
//! calamine reads it.
//!
//! calamine follows the sector chains of a compound file as written: a
//! chain that leaves the file, loops, or points past the allocation table
//! makes it panic or grow without end; and it reserves room for every cell a
//! sheet's DIMENSIONS record declares, so that one record can claim more
//! memory than a reader has. These checks walk the chains calamine walks,
//! the same way, with bounds; then the records of the workbook stream.

use super::{Limits, ReadError};

/// End of a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Ids from here on are markers, not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;
/// DIFAT entries from here on name no FAT sector.
const DIF_SECT: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

fn damaged(what: &str) -> ReadError {
    ReadError::Corrupt(format!("{what}, format Excel 97-2003"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The sectors of a compound file, after its header.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    /// Sector `id`, which may be cut short at the end of the data (calamine
    /// reads such a sector as far as it goes); `None` past the end.
    fn get(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_mul(self.size)?;
        (start < self.data.len()).then(|| &self.data[start..self.data.len().min(start + self.size)])
    }

    /// Sector `id`, whole: tables of sector ids must be.
    fn whole(&self, id: u32) -> Result<&'a [u8], ReadError> {
        self.get(id)
            .filter(|s| s.len() == self.size)
            .ok_or_else(|| damaged("table d'allocation hors du fichier"))
    }

    /// The bytes of the chain from `start`, at most `len`, as calamine
    /// gathers them; refuses a chain that leaves the data, the table, or
    /// loops.
    fn chain(&self, start: u32, table: &[u32], len: usize) -> Result<Vec<u8>, ReadError> {
        let broken = || damaged("chaîne de secteurs invalide");
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN {
            let sector = self.get(id).ok_or_else(broken)?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            steps += 1;
            if steps > table.len() {
                return Err(broken());
            }
            id = *table.get(id as usize).ok_or_else(broken)?;
        }
        Ok(out)
    }
}

/// Checks a compound file the way calamine will read it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let header = bytes
        .get(..512)
        .ok_or_else(|| damaged("en-tête incomplet"))?;
    let size = match u16_at(header, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        // calamine refuses other sector sizes itself.
        _ => return Ok(()),
    };
    let sectors = Sectors {
        data: bytes.get(size..).unwrap_or_default(),
        size,
    };
    let field = |at| u32_at(header, at).unwrap_or(END_OF_CHAIN);

    // The allocation table: sectors listed in the header, then in the
    // DIFAT chain, each a whole sector of ids.
    let mut difat: Vec<u32> = u32s(&header[76..]).collect();
    let mut next = field(68);
    let mut count = 0usize;
    while next < RESERVED {
        count += 1;
        if count > sectors.data.len() / size + 1 {
            return Err(damaged("table d'allocation en boucle"));
        }
        difat.extend(u32s(sectors.whole(next)?));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIF_SECT) {
        fat.extend(u32s(sectors.whole(id)?));
    }

    // Directory entries, 128 bytes each; the first is the root, whose
    // stream is the mini stream.
    let directory = sectors.chain(field(48), &fat, usize::MAX)?;
    let entries: Vec<(String, u32, usize)> = directory
        .chunks_exact(128)
        .map(|e| {
            let name: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&c| c != 0)
                .collect();
            let len = if size == 512 {
                u32_at(e, 120).map_or(0, |l| l as usize)
            } else {
                u32_at(e, 120).map_or(0, |l| l as usize)
                    | (u32_at(e, 124).map_or(0, |h| h as usize) << 32)
            };
            (
                String::from_utf16_lossy(&name),
                u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                len,
            )
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    let mini_fat_sectors = field(64) as usize;
    let (mini_stream, mini_fat) = if mini_fat_sectors > 0 {
        let stream = sectors.chain(root.1, &fat, root.2)?;
        let table = sectors.chain(field(60), &fat, mini_fat_sectors.saturating_mul(size))?;
        if table.len() % 4 != 0 {
            return Err(damaged("table des petits secteurs incomplète"));
        }
        (stream, u32s(&table).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Sectors {
        data: &mini_stream,
        size: MINI_SECTOR,
    };

    // The stream calamine decodes (an empty one is never read).
    for (name, start, len) in &entries {
        let lower = name.to_lowercase();
        if (lower != "workbook" && lower != "book") || *len == 0 {
            continue;
        }
        let stream = if *len < MINI_CUTOFF {
            mini.chain(*start, &mini_fat, *len)?
        } else {
            sectors.chain(*start, &fat, *len)?
        };
        check_sheets(&stream, limits)?;
    }
    Ok(())
}

/// Most sheets a workbook may list: checking each one walks its records.
const MAX_SHEETS: usize = 10_000;

/// Cell records, whose data starts with the cell's row and column (16 bits
/// each); a MULRK (0x00BD) ends with its last column.
const CELLS: [u16; 9] = [
    0x0203, 0x0204, 0x00D6, 0x0205, 0x0207, 0x027E, 0x00FD, 0x00BD, 0x0006,
];

/// calamine reserves room for the cells a sheet's DIMENSIONS record (0x0200)
/// declares, then lays the sheet out densely over the rectangle its cells
/// span: checks both, walking the stream as calamine does (the globals up
/// to their EOF, for the sheets' offsets; then each sheet from its offset up
/// to its own EOF, skipping embedded substreams).
fn check_sheets(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut sheets = std::collections::BTreeSet::new();
    let mut encrypted = false;
    walk(stream, 0, &mut |typ, data| {
        match typ {
            0x0085 => sheets.extend(u32_at(data, 0)),
            // FILEPASS: the rest is encrypted, and calamine stops here to
            // ask for the password.
            0x002F if u16_at(data, 0) != Some(0) => encrypted = true,
            _ => {}
        }
        Ok(typ != 0x000A && !encrypted)
    })?;
    if encrypted {
        return Ok(());
    }
    if sheets.len() > MAX_SHEETS {
        return Err(ReadError::Hostile(format!("{} feuilles", sheets.len())));
    }
    let max_area = limits.max_cells as u64 * 20;
    for offset in sheets {
        let (mut bof_seen, mut depth) = (false, 0usize);
        // Top row, left column, bottom row, right column of the cells.
        let mut span: Option<(u64, u64, u64, u64)> = None;
        walk(stream, offset as usize, &mut |typ, data| {
            match (typ, depth) {
                (0x0809, _) if bof_seen => depth += 1,
                (0x0809, _) => bof_seen = true,
                (0x000A, 0) => return Ok(false),
                (0x000A, _) => depth -= 1,
                (0x0200, 0) => check_declared(data, max_area)?,
                (t, 0) if CELLS.contains(&t) => {
                    let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        return Ok(true);
                    };
                    let (row, col) = (u64::from(row), u64::from(col));
                    let last = match t {
                        0x00BD => data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                        _ => None,
                    }
                    .map_or(col, u64::from);
                    let (r0, c0, r1, c1) = span.unwrap_or((row, col, row, col));
                    let s = (r0.min(row), c0.min(col), r1.max(row), c1.max(col).max(last));
                    span = Some(s);
                    let (rows, cols) = (s.2 - s.0 + 1, s.3 - s.1 + 1);
                    if rows.saturating_mul(cols) > max_area {
                        return Err(ReadError::Hostile(format!(
                            "une feuille s'étend sur {rows} lignes et {cols} colonnes remplies"
                        )));
                    }
                }
                _ => {}
            }
            Ok(true)
        })?;
    }
    Ok(())
}

/// Calls `record` with each record's type and data from `at`, while it
/// answers true and the stream holds whole records.
fn walk<F>(stream: &[u8], mut at: usize, record: &mut F) -> Result<(), ReadError>
where
    F: FnMut(u16, &[u8]) -> Result<bool, ReadError>,
{
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else {
            break;
        };
        if !record(typ, data)? {
            break;
        }
        at += 4 + len as usize;
    }
    Ok(())
}

/// One DIMENSIONS record, read as calamine reads it.
fn check_declared(data: &[u8], max_area: u64) -> Result<(), ReadError> {
    let field16 = |at| u16_at(data, at).map_or(0, u64::from);
    let field32 = |at| u32_at(data, at).map_or(0, u64::from);
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (field16(0), field16(2), field16(4), field16(6)),
        14 | 16 => (field32(0), field32(4), field16(8), field16(10)),
        _ => return Ok(()),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    // calamine counts `(last - 1) - first + 1` rows and columns, in 32 bits.
    let count = |last: u64, first: u64| (last - 1).checked_sub(first).map(|n| n + 1);
    let (Some(rows), Some(cols)) = (count(last_row, first_row), count(last_col, first_col)) else {
        return Err(damaged("dimensions d'une feuille incohérentes"));
    };
    if rows.saturating_mul(cols) > max_area {
        return Err(ReadError::Hostile(format!(
            "une feuille annonce {rows} lignes et {cols} colonnes"
        )));
    }
    Ok(())
}
