//! One run at a time per folder: a second `ctg consolider` (or a watcher)
//! waits a bounded time for the first, then says why it stops.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Held for the whole run; released when dropped (or when the process dies:
/// the lock belongs to the open file, never left stale).
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// Takes the lock of the state folder `dir`, waiting at most `wait`.
pub fn acquire(dir: &Path, wait: Duration) -> Result<FolderLock> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
    let path = dir.join("verrou");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io("Impossible d'ouvrir le verrou", &path, &e))?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(200))
            }
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() {
                    String::new()
                } else {
                    format!(" ({holder})")
                };
                return Err(Error::Usage(format!(
                    "Une autre consolidation est en cours sur ce dossier{who}. ctg a attendu {} secondes sans qu'elle se termine : relancez la commande dans un moment.",
                    wait.as_secs()
                )));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::io("Impossible de verrouiller", &path, &e));
            }
        }
    }
    // Say who holds the lock, for the message of a run that waits.
    let note = format!(
        "processus {}, lancé le {}",
        std::process::id(),
        chrono::Local::now().format("%d/%m/%Y à %H:%M:%S")
    );
    let _ = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(note.as_bytes()));
    Ok(FolderLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_waits_then_explains() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let first = acquire(dir.path(), Duration::ZERO)?;
        let second = acquire(dir.path(), Duration::from_millis(300));
        assert!(
            matches!(&second, Err(Error::Usage(m)) if m.contains("Une autre consolidation est en cours") && m.contains("processus")),
            "{second:?}"
        );
        drop(first);
        assert!(acquire(dir.path(), Duration::ZERO).is_ok());
        Ok(())
    }
}
