//! Telling whether a folder sits on a file system where change
//! notifications do not reach us: inotify only sees changes made by this
//! machine, so a share written by other machines must be polled.

use std::path::Path;

/// The name of the network or virtual file system `path` is on, when its
/// changes cannot be trusted to be notified.
#[cfg(target_os = "linux")]
pub fn remote_file_system(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: zeroed statfs is a valid value; statfs fills it and only reads
    // the NUL-terminated path.
    let mut info: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the duration of the call.
    if unsafe { libc::statfs(c_path.as_ptr(), &mut info) } != 0 {
        return None;
    }
    // Magic numbers from statfs(2): compared as u32, the width they have.
    match info.f_type as u32 {
        0x6969 => Some("NFS"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x517B => Some("SMB"),
        0x6573_5546 => Some("FUSE (sshfs, partage de machine virtuelle…)"),
        0x0102_1997 => Some("9p (partage WSL ou machine virtuelle)"),
        0x6A65_6A63 => Some("virtiofs (partage de machine virtuelle ou Docker)"),
        0x0BD0_0BD0 => Some("Lustre"),
        _ => None,
    }
}

/// Windows: a UNC path (`\\serveur\partage`) or a drive letter mapped to a
/// network share. Notifications from such a share depend on its server,
/// so it is polled.
#[cfg(windows)]
pub fn remote_file_system(path: &Path) -> Option<&'static str> {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Prefix};
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    // DRIVE_REMOTE in the Windows headers (GetDriveTypeW's answer for a
    // network drive).
    const DRIVE_REMOTE: u32 = 4;
    let absolute = std::path::absolute(path).ok()?;
    let Some(Component::Prefix(prefix)) = absolute.components().next() else {
        return None;
    };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => Some("SMB (partage réseau Windows)"),
        Prefix::Disk(_) | Prefix::VerbatimDisk(_) => {
            let mut root: Vec<u16> = prefix.as_os_str().encode_wide().collect();
            root.extend("\\\0".encode_utf16());
            // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives
            // the call, which only reads it.
            let kind = unsafe { GetDriveTypeW(root.as_ptr()) };
            (kind == DRIVE_REMOTE).then_some("SMB (lecteur réseau Windows)")
        }
        _ => None,
    }
}

/// Other systems (macOS…): notifications are trusted, with the watcher's
/// safety re-listing behind them; `--poll` remains available.
#[cfg(not(any(target_os = "linux", windows)))]
pub fn remote_file_system(_path: &Path) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_folder_is_not_remote() {
        assert_eq!(remote_file_system(&std::env::temp_dir()), None);
    }
}
