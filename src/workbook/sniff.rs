//! Naming a file's format from its first bytes, whatever its extension says.

use serde::{Deserialize, Serialize};

use super::ReadError;

/// Spreadsheet formats ctg reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 2007+ workbook with macros.
    Xlsm,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice).
    Ods,
}

impl Format {
    /// The usual name of the format, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel (.xlsx)",
            Format::Xlsm => "Excel avec macros (.xlsm)",
            Format::Xlsb => "Excel binaire (.xlsb)",
            Format::Xls => "Excel 97-2003 (.xls)",
            Format::Ods => "LibreOffice (.ods)",
        }
    }
}

/// What the first bytes say.
#[derive(Debug)]
pub enum Detected {
    /// A spreadsheet format known from the header alone.
    Workbook(Format),
    /// A zip container: its entries tell what it holds.
    Zip,
    /// Not something ctg reads, with the message to give.
    Other(ReadError),
}

/// File extensions ctg picks up in a folder (compared case-insensitively).
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Names the format of `bytes`.
pub fn sniff(bytes: &[u8]) -> Detected {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let not = |what: &str| Detected::Other(ReadError::NotAWorkbook(what.to_owned()));
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Detected::Zip;
    }
    if bytes.starts_with(CFB) {
        // Legacy .xls, or an encrypted .xlsx (which also lives in a CFB
        // container); the decoder tells them apart.
        return Detected::Workbook(Format::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return not("un document PDF");
    }
    if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"GIF8")
    {
        return not("une image");
    }
    if bytes.starts_with(b"{\\rtf") {
        return not("un document texte RTF");
    }
    if bytes.starts_with(b"Rar!")
        || bytes.starts_with(b"7z\xBC\xAF")
        || bytes.starts_with(b"\x1F\x8B")
    {
        return not("une archive compressée");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Detected::Other(ReadError::Unsupported(
                "XML 2003 (« Feuille de calcul XML »)".to_owned(),
            ));
        }
        if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") {
            return not(
                "une page web (HTML) renommée en classeur, comme en produisent certains logiciels d'export",
            );
        }
        return not("un fichier XML");
    }
    if looks_like_text(bytes) {
        let first_line = text.lines().next().unwrap_or("");
        if first_line.contains(';') || first_line.contains(',') || first_line.contains('\t') {
            return not(
                "un fichier texte au format CSV (valeurs séparées par des virgules ou des points-virgules)",
            );
        }
        return not("un fichier texte");
    }
    not("un fichier d'un type inconnu")
}

/// True when the start of the file reads as text in a common encoding.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        match sniff(bytes) {
            Detected::Other(e) => e.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn other_files_are_named() {
        assert!(message(b"%PDF-1.7\n...").contains("un document PDF"));
        assert!(message(b"numero;intitule\nMJCL-001;Atelier\n").contains("CSV"));
        assert!(message(b"\xEF\xBB\xBF<html><table><tr>").contains("page web"));
        assert!(message(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">").contains("XML 2003"));
        assert!(message(&[0u8, 1, 2, 3, 255, 254]).contains("type inconnu"));
    }

    #[test]
    fn containers_are_recognised() {
        assert!(matches!(sniff(b"PK\x03\x04rest"), Detected::Zip));
        assert!(matches!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Detected::Workbook(Format::Xls)
        ));
    }
}
