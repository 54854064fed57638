//! Atomic output: a build writes into a fresh folder beside the output and
//! swaps it in only when everything is written. A build that fails, or is
//! killed, leaves the previous output exactly as it was; a folder left behind
//! by a killed build is removed by the next one.

use std::io;
use std::path::{Path, PathBuf};

/// A half-built output folder that becomes the output on [`Staging::commit`],
/// and is removed if dropped before that.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts a new staging folder for `target`, clearing any left behind.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)?;
        let name = folder_name(target);
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The folder being written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `relative` inside the staging folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Puts the staging folder in the output's place.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = parent_of(&self.target);
        let old = parent.join(format!(
            ".{}.old-{}",
            folder_name(&self.target),
            std::process::id()
        ));
        let had_output = self.target.exists();
        if had_output {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(err) = std::fs::rename(&self.dir, &self.target) {
            if had_output {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(err);
        }
        self.committed = true;
        if had_output {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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

/// Removes staging and old-output folders that a killed build left beside
/// the output.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&building) || file_name.starts_with(&old) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert!(target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_a_killed_build_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(dir.path().join(".public.building-99999")).unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.commit().unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["public"]);
    }
}
