//! The site's lock: one command at a time changes a site. A command that
//! writes into the site holds an exclusive lock on `ROOT/.briefing.lock` for
//! as long as it runs; a second one finds it held and stops with a message
//! instead of writing over the first one's files.
//!
//! The lock is the operating system's file lock, not the file's existence:
//! it is released when the holder ends, even by a crash or a kill, so a stale
//! lock never blocks a site. The file itself stays (empty) between runs;
//! deleting it is harmless when no command is running.
//!
//! A lock found held is tried again for half a second before the command
//! gives up: between `fork` and `exec`, a child process that any thread of
//! the holder starts shares the lock's open file for a moment, so a lock
//! just let go can look held for that moment. A command that really holds
//! the site is still reported, half a second later.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name in the site root.
pub const LOCK_FILE: &str = ".briefing.lock";

/// How often a held lock is tried, 25 ms apart, before it counts as busy.
const LOCK_ATTEMPTS: u32 = 20;

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
    /// Takes the lock of the site in `root`, or says why not within half a
    /// second.
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
        for attempt in 1..=LOCK_ATTEMPTS {
            match file.try_lock() {
                Ok(()) => return Ok(SiteLock { _file: file }),
                Err(TryLockError::WouldBlock) if attempt < LOCK_ATTEMPTS => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => break,
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        Err(LockError::Busy(path))
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
