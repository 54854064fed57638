//! What a build left in a folder, kept in a file beside the output, so that
//! a later build that reuses the folder can trust a file without reading it
//! and sweep a folder without listing it.
//!
//! A manifest lists every file the build wrote: its path, length, inode and
//! a digest of its bytes. It is written once the folder holds exactly those
//! files, and the time it was written is its stamp. Later, a file is taken
//! to still hold the bytes listed when it is the same inode, of the same
//! length, and its bytes were last modified before the stamp; a folder is
//! taken to still hold exactly the entries listed when its status (which
//! any entry added, removed or renamed changes, and which no one can set
//! back) last changed before the stamp. Anything modified in the same clock
//! tick as the stamp counts as modified after it.
//!
//! A file's modification time, unlike its status time, can be set back by
//! hand (`touch -d`, `cp -p`): a file overwritten in place with bytes of the
//! same length and its old time restored is not noticed. Its status time
//! cannot serve instead, because linking a page from the live output into a
//! new build (see [`super::Maker::link_from`]) changes it.
//!
//! The digest is XXH3 (128 bits) keyed with a random seed kept in the
//! manifest, beside the output and not in it, so that article text cannot
//! be made to collide with a page it does not know the key of.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

/// The first line of a manifest; a file that starts otherwise is ignored.
const HEADER: &str = "# briefing output manifest 1";

/// The start of the last line, which counts the files listed; a manifest
/// without it was not written whole and is ignored.
const END: &str = "# files: ";

/// A point in time as the file system keeps it, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Stamp {
    seconds: i64,
    nanos: i64,
}

impl Stamp {
    fn new(seconds: i64, nanos: i64) -> Stamp {
        Stamp { seconds, nanos }
    }

    /// When `stat` was last modified.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    pub(super) fn modified(stat: &rustix::fs::Stat) -> Stamp {
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        Stamp::new(stat.st_mtime as i64, stat.st_mtime_nsec as i64)
    }

    /// When `stat`'s status (its entries, links, owner) last changed.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    pub(super) fn changed(stat: &rustix::fs::Stat) -> Stamp {
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        Stamp::new(stat.st_ctime as i64, stat.st_ctime_nsec as i64)
    }
}

/// One file as a build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Recorded {
    pub len: u64,
    pub digest: u128,
    pub inode: u64,
}

/// A folder's manifest, as read back.
pub(super) struct Manifest {
    pub seed: u64,
    /// When it was written: what changed before was the build's doing.
    pub stamp: Stamp,
    pub files: FxHashMap<Box<str>, Recorded>,
}

/// The digest of `bytes` under `seed`.
pub(super) fn digest(seed: u64, bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128_with_seed(bytes, seed)
}

/// A seed no one outside this machine can know.
pub(super) fn new_seed() -> u64 {
    use std::hash::BuildHasher;
    let time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_nanos());
    std::collections::hash_map::RandomState::new().hash_one((time, std::process::id()))
}

/// The manifests beside the output `name` in `parent`: of the live output,
/// of the spare, and of a staging folder about to be swapped in.
pub(super) fn live(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.files"))
}

pub(super) fn spare(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.previous.files"))
}

pub(super) fn next(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.next.files"))
}

/// The inode of the folder `handle`.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
pub(super) fn inode_of(handle: &std::os::fd::OwnedFd) -> Option<u64> {
    rustix::fs::fstat(handle).ok().map(|stat| stat.st_ino)
}

/// The manifest among `candidates` that describes the folder of inode
/// `folder`, if one does and reads whole.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
pub(super) fn find(candidates: &[PathBuf], folder: u64) -> Option<Manifest> {
    candidates.iter().find_map(|path| load(path, folder))
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn load(path: &Path, folder: u64) -> Option<Manifest> {
    let file = std::fs::File::open(path).ok()?;
    let stat = rustix::fs::fstat(&file).ok()?;
    // The earlier of the two: a time set back by hand only makes less
    // trusted.
    let stamp = Stamp::modified(&stat).min(Stamp::changed(&stat));
    let mut lines = io::BufReader::new(file).lines();
    if lines.next()?.ok()? != HEADER {
        return None;
    }
    let head = lines.next()?.ok()?;
    let mut head = head.split(' ');
    let (Some("folder"), Some(inode), Some("seed"), Some(seed), None) = (
        head.next(),
        head.next(),
        head.next(),
        head.next(),
        head.next(),
    ) else {
        return None;
    };
    if inode.parse::<u64>().ok()? != folder {
        return None;
    }
    let seed = u64::from_str_radix(seed, 16).ok()?;
    let mut files = FxHashMap::default();
    for line in lines {
        let line = line.ok()?;
        if let Some(count) = line.strip_prefix(END) {
            // Written whole: the count is the last line.
            return (count.parse::<usize>().ok()? == files.len()).then_some(Manifest {
                seed,
                stamp,
                files,
            });
        }
        let mut fields = line.splitn(4, ' ');
        let digest = u128::from_str_radix(fields.next()?, 16).ok()?;
        let len = fields.next()?.parse().ok()?;
        let inode = fields.next()?.parse().ok()?;
        let path = fields.next()?;
        files.insert(path.into(), Recorded { len, digest, inode });
    }
    None
}

/// Writes the manifest of the folder of inode `folder` to `path`.
pub(super) fn save<'a>(
    path: &Path,
    folder: u64,
    seed: u64,
    files: impl Iterator<Item = (&'a str, &'a Recorded)>,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "{HEADER}\nfolder {folder} seed {seed:x}")?;
    let mut count = 0;
    for (relative, file) in files {
        // No page has a line break in its path; one that did would make
        // the manifest unreadable, so none is written.
        if relative.contains(['\n', '\r']) {
            return Err(io::Error::other("a path with a line break"));
        }
        let Recorded { len, digest, inode } = file;
        writeln!(out, "{digest:032x} {len} {inode} {relative}")?;
        count += 1;
    }
    writeln!(out, "{END}{count}")?;
    out.flush()
}

/// The entries of each folder a manifest lists, by the folder's path
/// (`""` for the top): a folder whose status has not changed since the
/// manifest was written holds exactly these.
pub(super) struct Listing<'a> {
    stamp: Stamp,
    entries: FxHashMap<&'a str, Vec<(&'a str, bool)>>,
    /// The folder the manifest describes, which paths are looked up from.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    folder: Option<&'a std::os::fd::OwnedFd>,
}

impl<'a> Listing<'a> {
    pub(super) fn new(
        manifest: &'a Manifest,
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))] folder: Option<
            &'a std::os::fd::OwnedFd,
        >,
    ) -> Listing<'a> {
        fn split(path: &str) -> (&str, &str) {
            path.rsplit_once('/').unwrap_or(("", path))
        }
        let mut entries: FxHashMap<&str, Vec<(&str, bool)>> = FxHashMap::default();
        let mut folders: FxHashSet<&str> = FxHashSet::default();
        for path in manifest.files.keys() {
            let (mut folder, name) = split(path);
            entries.entry(folder).or_default().push((name, false));
            // Each folder is listed in its parent once, with its first file.
            while !folder.is_empty() && folders.insert(folder) {
                let (parent, name) = split(folder);
                entries.entry(parent).or_default().push((name, true));
                folder = parent;
            }
        }
        Listing {
            stamp: manifest.stamp,
            entries,
            #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
            folder,
        }
    }

    /// The entries of the folder `relative` (to the top of the manifest's
    /// folder) when nothing was added, removed or renamed in it since the
    /// manifest was written; `None` when it may have been, or the manifest
    /// lists no such folder.
    pub(super) fn unchanged(&self, relative: &Path) -> Option<&[(&'a str, bool)]> {
        let listed = self.entries.get(relative.to_str()?)?;
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        {
            use rustix::fs::{AtFlags, FileType};
            let stat =
                rustix::fs::statat(self.folder?, relative, AtFlags::SYMLINK_NOFOLLOW).ok()?;
            let folder = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
            return (folder && Stamp::changed(&stat) < self.stamp).then_some(&listed[..]);
        }
        #[allow(unreachable_code)]
        {
            let _ = listed;
            None
        }
    }
}
