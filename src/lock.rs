//! The site's lock: one command at a time changes a site. A command that
//! writes into the site holds an exclusive lock on `ROOT/.briefing.lock` for
//! as long as it runs; a second one finds it held and stops with a message
//! instead of writing over the first one's files.
//!
//! The lock is the operating system's file lock, not the file's existence:
//! it is released when the holder ends, even by a crash or a kill, so a stale
//! lock never blocks a site. The file itself stays (empty) between runs;
//! deleting it is harmless when no command is running.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name in the site root.
pub const LOCK_FILE: &str = ".briefing.lock";

/// A held lock on a site; released when dropped.
#[derive(Debug)]
pub struct SiteLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{0}: another briefing command is changing this site right now (it holds this lock); wait for it to finish, then run this one again")]
    Busy(PathBuf),
    #[error(
        "{path}: cannot take the site's lock ({message}); check that the site folder is writable"
    )]
    Io { path: PathBuf, message: String },
}

impl SiteLock {
    /// Takes the lock of the site in `root`, or says why not at once
    /// (never waits).
    pub fn acquire(root: &Path) -> Result<SiteLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |e: std::io::Error| LockError::Io {
            path: path.clone(),
            message: e.to_string(),
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(SiteLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy(path)),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = SiteLock::acquire(dir.path()).unwrap();
        let second = SiteLock::acquire(dir.path()).unwrap_err();
        assert_eq!(
            second.to_string(),
            format!(
                "{}: another briefing command is changing this site right now (it holds this lock); wait for it to finish, then run this one again",
                dir.path().join(".briefing.lock").display()
            )
        );
        drop(first);
        SiteLock::acquire(dir.path()).unwrap();
    }
}
