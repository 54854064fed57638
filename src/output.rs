//! Atomic output: a build writes into a staging folder beside the output and
//! swaps it in only when everything is written, so a build that fails, or is
//! killed, leaves the previous output exactly as it was.
//!
//! The output it replaces is kept as a hidden spare (`.public.previous`) and
//! becomes the next build's staging folder: a file whose bytes have not
//! changed is not written again, and files no page produced any more are
//! removed before the swap. On most file systems creating files and folders
//! costs far more than reading them, so rebuilding a large site touches the
//! disk only where pages changed.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use walkdir::WalkDir;

/// A folder being filled that becomes the output on [`Staging::commit`].
/// Dropped before that, it is kept as the spare for the next build.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    /// Paths written (or found already right), relative to `dir`.
    kept: Mutex<HashSet<PathBuf>>,
    committed: bool,
    /// Held while staging exists, so that two builds into one output never
    /// take each other's folders; the system releases it if the build dies.
    _lock: std::fs::File,
}

/// What writing a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file was created or its bytes changed.
    Changed,
    /// The file already held these bytes.
    Unchanged,
}

impl Staging {
    /// Starts staging for `target`, reusing the spare from the last build, or
    /// a folder a killed build left behind, when there is one.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)?;
        let name = folder_name(target);
        let lock = lock_output(&parent, &name, target)?;
        let spare = parent.join(format!(".{name}.previous"));
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        let mut reusable = leftovers(&parent, &name);
        if spare.is_dir() {
            reusable.insert(0, spare.clone());
        }
        let mut reused = false;
        for candidate in reusable {
            if !reused && std::fs::rename(&candidate, &dir).is_ok() {
                reused = true;
            } else {
                let _ = std::fs::remove_dir_all(&candidate);
            }
        }
        if !reused {
            std::fs::create_dir(&dir)?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            spare,
            kept: Mutex::new(HashSet::new()),
            committed: false,
            _lock: lock,
        })
    }

    /// The folder being written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Makes `relative` inside the staging folder hold `bytes`, writing only
    /// when it does not already.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<Written> {
        let path = self.dir.join(relative);
        self.keep(PathBuf::from(relative));
        match std::fs::read(&path) {
            Ok(existing) if existing == bytes => return Ok(Written::Unchanged),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            Err(_) => {
                // A folder or something unreadable in the way: clear it.
                let _ = std::fs::remove_dir_all(&path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
            }
        }
        std::fs::write(&path, bytes)?;
        Ok(Written::Changed)
    }

    fn keep(&self, relative: PathBuf) {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.insert(relative);
    }

    /// Removes what this build did not write, then puts the staging folder in
    /// the output's place; the output it replaces becomes the spare.
    pub fn commit(mut self) -> io::Result<()> {
        self.remove_unkept()?;
        let had_output = self.target.exists();
        if had_output {
            let _ = std::fs::remove_dir_all(&self.spare);
            std::fs::rename(&self.target, &self.spare)?;
        }
        if let Err(err) = std::fs::rename(&self.dir, &self.target) {
            if had_output {
                let _ = std::fs::rename(&self.spare, &self.target);
            }
            return Err(err);
        }
        self.committed = true;
        Ok(())
    }

    /// Deletes every file and folder in staging that no page wrote this time.
    fn remove_unkept(&self) -> io::Result<()> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut folders = Vec::new();
        for entry in WalkDir::new(&self.dir).min_depth(1) {
            let entry = entry.map_err(io::Error::from)?;
            let relative = entry.path().strip_prefix(&self.dir).unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                folders.push(entry.into_path());
            } else if !kept.contains(relative) {
                std::fs::remove_file(entry.path())?;
            }
        }
        // Deepest first, so a folder is empty once its contents are gone.
        for folder in folders.iter().rev() {
            if std::fs::read_dir(folder)?.next().is_none() {
                std::fs::remove_dir(folder)?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && std::fs::rename(&self.dir, &self.spare).is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Takes the lock file beside the output, or says who holds it.
fn lock_output(parent: &Path, name: &str, target: &Path) -> io::Result<std::fs::File> {
    let path = parent.join(format!(".{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(io::Error::other(format!(
            "another build is writing {} right now; wait for it to finish and run again",
            target.display()
        ))),
        Err(std::fs::TryLockError::Error(err)) => Err(err),
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn folder_name(target: &Path) -> String {
    target.file_name().map_or_else(
        || "public".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Staging folders that killed builds left beside the output.
fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let building = format!(".{name}.building-");
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&building))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn an_uncommitted_build_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(files(&target), ["old.html"]);
        assert_eq!(
            names(dir.path()),
            [".public.lock", ".public.previous", "public"]
        );
    }

    #[test]
    fn commit_swaps_in_exactly_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::begin(&target).unwrap();
        first.write("a/index.html", b"one").unwrap();
        first.write("gone/index.html", b"old page").unwrap();
        first.commit().unwrap();

        let second = Staging::begin(&target).unwrap();
        second.write("a/index.html", b"two").unwrap();
        second.write("b/index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(files(&target), ["a/index.html", "b/index.html"]);
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "two"
        );

        // The third build reuses the first build's folder: stale pages go,
        // unchanged bytes are not rewritten.
        let third = Staging::begin(&target).unwrap();
        assert_eq!(
            third.write("a/index.html", b"two").unwrap(),
            Written::Changed
        );
        assert_eq!(
            third.write("b/index.html", b"new").unwrap(),
            Written::Changed
        );
        third.commit().unwrap();
        let fourth = Staging::begin(&target).unwrap();
        assert_eq!(
            fourth.write("a/index.html", b"two").unwrap(),
            Written::Unchanged
        );
        fourth.commit().unwrap();
        assert_eq!(files(&target), ["a/index.html"]);
        assert_eq!(
            names(dir.path()),
            [".public.lock", ".public.previous", "public"]
        );
    }

    #[test]
    fn a_second_build_into_the_same_output_waits_its_turn() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::begin(&target).unwrap();
        let second = Staging::begin(&target).err().unwrap();
        assert!(
            second.to_string().starts_with("another build is writing "),
            "{second}"
        );
        first.commit().unwrap();
        Staging::begin(&target).unwrap().commit().unwrap();
    }

    #[test]
    fn a_killed_builds_folder_is_reused_not_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.building-99999/x")).unwrap();
        std::fs::write(dir.path().join(".public.building-99999/x/junk"), "j").unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.write("index.html", b"i").unwrap();
        staging.commit().unwrap();
        assert_eq!(names(dir.path()), [".public.lock", "public"]);
        assert_eq!(files(&target), ["index.html"]);
    }
}
