//! Paths written into the commands ctg suggests (« lancez ctg rapport
//! "CTG Tarn-Agout" --depuis-run 3 »): pasted as they are, they must reach
//! ctg as one argument, unchanged, in the user's shell.
//!
//! Two sets of rules, chosen when ctg is built:
//!
//! - Linux and macOS (sh, bash, zsh): a path of letters, digits and
//!   `/ . _ - + , : @ % =` is written as is; any other is put between
//!   single quotes, inside which nothing is special, an apostrophe being
//!   written `'\''`.
//! - Windows: the same command must work in the « invite de commandes »
//!   (cmd.exe) and in PowerShell, whichever the coordinator opens. A path
//!   of letters, digits and `\ / . _ - + :` is written as is; any other is
//!   put between double quotes, the only quotes both shells know: they keep
//!   spaces, apostrophes (« Plan d'actions »), parentheses, `&` and `;`
//!   together. Backslashes just before the closing quote are doubled, as
//!   programs read their command line (`"C:\CTG Tarn\\"` gives
//!   `C:\CTG Tarn\`). Left as they are: `%NOM%` in cmd.exe and `$nom` in
//!   PowerShell, which neither shell lets one quoting protect for the other
//!   (a `$` before `\` or at the end, as in a hidden share `\\serveur\ctg$`,
//!   stays itself in both).

use std::path::Path;

/// `path` as it must be written in a command the user will paste into the
/// shell of this system.
pub fn shell_arg(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        windows_arg(&text)
    } else {
        posix_arg(&text)
    }
}

/// A relative path starting with `-` would be taken for an option, quoted
/// or not: it is written from the current folder instead (`./-x`).
fn not_an_option(text: &str, here: &str) -> String {
    if text.starts_with('-') {
        format!("{here}{text}")
    } else {
        text.to_owned()
    }
}

/// The argument for a POSIX shell (sh, bash, zsh).
pub fn posix_arg(text: &str) -> String {
    let text = not_an_option(text, "./");
    let plain = |c: char| c.is_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text;
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The argument for cmd.exe and PowerShell alike.
pub fn windows_arg(text: &str) -> String {
    let text = not_an_option(text, ".\\");
    let plain = |c: char| c.is_alphanumeric() || "\\/._-+:".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text;
    }
    // Command-line parsing: backslashes are literal except before a double
    // quote, where 2n of them give n and n + 1 of them escape the quote.
    let mut out = String::from('"');
    let mut backslashes = 0;
    for c in text.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.push_str(&"\\".repeat(2 * backslashes + 1));
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
        out.push(c);
    }
    out.push_str(&"\\".repeat(backslashes));
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a POSIX shell gives back for a word, by the rules of the
    /// standard (single quotes, backslash outside them): the test parses
    /// the quoted form the way sh would.
    fn posix_parse(word: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = word.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => loop {
                    match chars.next()? {
                        '\'' => break,
                        c => out.push(c),
                    }
                },
                '\\' => out.push(chars.next()?),
                // Unquoted, these would split the word, expand or redirect.
                c if " \t\"$`*?[]{}()<>|&;!#~'".contains(c) => return None,
                c => out.push(c),
            }
        }
        Some(out)
    }

    /// What a Windows program reads from its command line for one word
    /// (the rules of `CommandLineToArgvW` and of the C runtime), and
    /// whether cmd.exe and PowerShell leave the word alone: outside double
    /// quotes, cmd.exe splits or redirects on `& | < > ( ) ^ ;` and spaces,
    /// PowerShell on those and `' $ @ # { } , `` ` ``.
    fn windows_parse(word: &str) -> Option<String> {
        let mut out = String::new();
        let mut quoted = false;
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let run = chars[i..].iter().take_while(|c| **c == '\\').count();
                if chars.get(i + run) == Some(&'"') {
                    out.push_str(&"\\".repeat(run / 2));
                    if run % 2 == 1 {
                        out.push('"');
                        i += run + 1;
                    } else {
                        i += run;
                    }
                } else {
                    out.push_str(&"\\".repeat(run));
                    i += run;
                }
                continue;
            }
            if c == '"' {
                quoted = !quoted;
            } else if !quoted && " \t&|<>()^;'$@#{},`".contains(c) {
                return None;
            } else {
                out.push(c);
            }
            i += 1;
        }
        (!quoted).then_some(out)
    }

    const PATHS: [&str; 11] = [
        "CTG",
        "/srv/partage/CTG Tarn-Agout",
        "CTG Tarn-Agout",
        "Plan d'actions (2024)",
        "C:\\Users\\Élodie\\Documents partagés\\CTG Tarn-Agout",
        "\\\\serveur\\ctg$\\CTG & co",
        "C:\\CTG Tarn\\",
        "dossier;rm -rf",
        "$HOME `date` *",
        "~coordination",
        "Dossier \"cité\"",
    ];

    #[test]
    fn posix_arguments_come_back_as_typed() {
        for path in PATHS {
            let quoted = posix_arg(path);
            assert_eq!(posix_parse(&quoted).as_deref(), Some(path), "{quoted}");
        }
        assert_eq!(posix_arg("/srv/CTG"), "/srv/CTG");
        assert_eq!(posix_arg("CTG Tarn-Agout"), "'CTG Tarn-Agout'");
        assert_eq!(posix_arg("Plan d'actions"), r"'Plan d'\''actions'");
        assert_eq!(posix_arg("-dossier"), "./-dossier");
    }

    #[test]
    fn windows_arguments_come_back_as_typed_in_cmd_and_powershell() {
        for path in PATHS {
            let quoted = windows_arg(path);
            assert_eq!(windows_parse(&quoted).as_deref(), Some(path), "{quoted}");
        }
        assert_eq!(windows_arg("C:\\CTG\\Tarn-Agout"), "C:\\CTG\\Tarn-Agout");
        assert_eq!(windows_arg("C:\\CTG Tarn-Agout"), "\"C:\\CTG Tarn-Agout\"");
        assert_eq!(windows_arg("C:\\CTG Tarn\\"), "\"C:\\CTG Tarn\\\\\"");
        // An apostrophe opens a string in PowerShell: quoted.
        assert_eq!(windows_arg("Plan d'actions"), "\"Plan d'actions\"");
        assert_eq!(windows_arg("-dossier"), ".\\-dossier");
    }

    #[test]
    fn this_systems_rules_are_used() {
        let path = Path::new("CTG Tarn-Agout");
        let expected = if cfg!(windows) {
            "\"CTG Tarn-Agout\""
        } else {
            "'CTG Tarn-Agout'"
        };
        assert_eq!(shell_arg(path), expected);
    }
}
