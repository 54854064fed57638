//! Atomic output that the build owns: a build writes into a staging folder
//! beside the output and swaps it in only when everything is written, so a
//! build that fails, or is killed, leaves the previous output exactly as it
//! was, and the output is never missing, not even for an instant.
//!
//! The build replaces only what it owns. An output folder it wrote carries a
//! marker file, [`MARKER`], listing the top-level names the build wrote; a
//! folder without it is replaced only when empty or missing (see
//! [`check_target`]). Top-level entries the build did not write (a deploy
//! checkout's `.git`, `CNAME`, `.nojekyll`) move into each new output as
//! they are. Nothing in the output is followed through a symbolic link:
//! links and other special files inside the build's own folders are removed,
//! never written through.
//!
//! The output it replaces is kept as a hidden spare (`.public.previous`) and
//! becomes the next build's staging folder: a file whose bytes have not
//! changed is not written again, and files no page produced any more are
//! removed before the swap. On most file systems creating files and folders
//! costs far more than reading them, so rebuilding a large site touches the
//! disk only where pages changed.
//!
//! A list of the files each build wrote, kept beside its folder (see
//! [`manifest`]), spares the reading: a later build trusts a file that has
//! not changed since without opening it, and does not list a folder whose
//! entries have not changed.
//!
//! A build that finds no spare (the first after a cold one) fills a new
//! staging folder, and a file whose bytes the live output already holds is
//! a hard link to the output's file rather than a copy. A file with more
//! than one link is never written into: a page whose bytes changed replaces
//! its name with a new file, so the live output, and any file linked from
//! outside, keep their bytes.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

mod manifest;
use manifest::Recorded;

/// The file that marks a folder as a build's output and lists what it owns.
pub const MARKER: &str = ".briefing-output";

/// The first lines of [`MARKER`]; every later line names one top-level entry
/// the build wrote.
const MARKER_HEADER: &str =
    "# Written by `briefing build`, which replaces this folder on every build.\n\
# It owns the top-level names below and keeps anything else here as it is.\n";

/// `path` made absolute against the current folder, with every folder that
/// exists resolved through its links and `.`/`..` applied to the rest, so
/// that a relative path with missing parents is checked like its absolute
/// form. The last component, when it exists, is not followed.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = std::env::current_dir()?.join(path);
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let Some(name) = lexical.file_name().map(OsString::from) else {
        return Ok(lexical);
    };
    let parent = lexical.parent().unwrap_or(Path::new("/"));
    let mut missing = Vec::new();
    let mut existing = parent.to_path_buf();
    let resolved = loop {
        match existing.canonicalize() {
            Ok(resolved) => break resolved,
            Err(_) => match (existing.file_name(), existing.parent()) {
                (Some(last), Some(up)) => {
                    missing.push(last.to_os_string());
                    existing = up.to_path_buf();
                }
                _ => break existing,
            },
        }
    };
    let mut out = resolved;
    out.extend(missing.iter().rev());
    out.push(name);
    Ok(out)
}

/// Why an output folder may not be replaced, as a message that says what to
/// do; `None` when the build may write there. `target` is absolute (see
/// [`absolute`]); `shown` is how the user wrote it.
pub fn check_target(target: &Path, shown: &Path) -> Option<String> {
    let shown = shown.display();
    let metadata = match std::fs::symlink_metadata(target) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return None,
        Err(err) => return Some(format!("cannot build into {shown}: {err}")),
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        let to = std::fs::read_link(target)
            .map(|to| format!(" (to {})", to.display()))
            .unwrap_or_default();
        let real = target.canonicalize().map_or_else(
            |_| "the folder itself".to_string(),
            |p| p.display().to_string(),
        );
        return Some(format!(
            "refusing to build into {shown}: it is a symbolic link{to}, and the build never writes through a link; pass --output {real} to build into the folder it points to (it must be empty or an earlier build), or remove the link"
        ));
    }
    if !kind.is_dir() {
        return Some(format!(
            "refusing to build into {shown}: it is {}, not a folder; choose a folder (a missing one is created)",
            describe_kind(&kind)
        ));
    }
    let marked = std::fs::symlink_metadata(target.join(MARKER)).is_ok_and(|m| m.is_file());
    if marked {
        return None;
    }
    match std::fs::read_dir(target).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "refusing to build into {shown}: it holds files and no {MARKER} marker, so it is not an earlier build and the build would replace them; choose another folder, or empty it (an output of a briefing older than the marker can simply be deleted), or, to publish into it (a deploy checkout, say), create an empty file {shown}/{MARKER}: the build then replaces only what it writes and keeps every other top-level entry (.git, CNAME, ...)"
        )),
        Err(err) => Some(format!("cannot build into {shown}: {err}")),
    }
}

fn describe_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_file() {
        "a file"
    } else {
        "not a folder"
    }
}

/// A folder being filled that becomes the output on [`Staging::commit`].
/// Dropped before that, it is kept as the spare for the next build.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    /// Top-level names the build that last filled `dir` wrote; `None` when
    /// `dir` is new or an old spare without a marker (all of it the build's).
    owned_before: Option<BTreeSet<OsString>>,
    /// True when `dir` was made for this build, so that nothing but the
    /// build's own files can be in a write's way (see [`Staging::write`]).
    fresh: bool,
    /// Makes the files and folders of a fresh `dir`.
    maker: Maker,
    /// What the folder held when the build began, as its manifest says:
    /// of `dir` when it is reused, of the live output when `dir` is new
    /// and links to it (see [`manifest`]).
    known: Option<manifest::Manifest>,
    /// The key of the digests of this build's manifest: the one of `known`.
    seed: u64,
    kept: Mutex<Kept>,
    committed: bool,
    /// Held while staging exists, so that two builds into one output never
    /// take each other's folders; the system releases it if the build dies.
    _lock: std::fs::File,
}

/// A folder's key in [`Kept::folders`]: a hash of its path. Should two
/// paths share one, the second folder is taken as made; writing a file in
/// it then fails, and the file is written the careful way, which makes its
/// folders (see [`Staging::write`]).
fn folder_key(relative: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(relative)
}

/// What a build has written into its staging folder so far.
#[derive(Default)]
struct Kept {
    /// The top-level names.
    names: BTreeSet<OsString>,
    /// The paths written (or found already right), relative to the folder,
    /// with what the folder's manifest records of each (see [`manifest`]).
    /// In a reused folder, every other file is removed at the end.
    files: rustc_hash::FxHashMap<Box<str>, Recorded>,
    /// The folders made, relative to the folder, of a fresh folder only, by
    /// a hash of each (see [`folder_key`]): at 100,000 articles they are
    /// 180,000, and every page written looks its folder up.
    folders: rustc_hash::FxHashSet<u64>,
}

/// Makes new files and folders inside one folder, by paths relative to it.
/// On Linux and macOS it does so through a handle of the folder, so that
/// the system does not look up the folder's own path again for each of
/// thousands of files (a third of the lookups of a 10k build's writes).
struct Maker {
    dir: PathBuf,
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    handle: Option<std::os::fd::OwnedFd>,
    /// True when the system opens a path below the folder refusing every
    /// link on the way (Linux's `openat2`), so that no open of an existing
    /// file can go through one.
    refuses_links: bool,
    /// The live output a new folder's files are linked from when their
    /// bytes are the same (see [`Maker::link_from`]).
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    source: Option<Source>,
    /// How many files a manifest vouched for (see [`Maker::vouched`]).
    vouched: std::sync::atomic::AtomicUsize,
}

/// The live output, as a new staging folder's source of unchanged files.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
struct Source {
    handle: std::os::fd::OwnedFd,
    /// The top-level names its marker says the build owns: nothing else is
    /// linked.
    owned: BTreeSet<OsString>,
}

impl Maker {
    fn new(dir: &Path) -> Maker {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        let handle = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            rustix::fs::open(dir, flags, Mode::empty()).ok()
        };
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let refuses_links = handle.as_ref().is_some_and(|handle| {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            open_beneath(handle, ".", flags, Mode::empty()).is_ok()
        });
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let refuses_links = false;
        Maker {
            dir: dir.to_path_buf(),
            #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
            handle,
            refuses_links,
            #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
            source: None,
            vouched: Default::default(),
        }
    }

    /// Makes the files of this new folder hard links to the same files of
    /// the live output `target` wherever their bytes are the same, for the
    /// entries that the output's marker says the build owns. The first
    /// build after a cold one then writes only what changed, as a build
    /// that reuses its spare does, and adds no copy of what did not.
    /// Only where no open can go through a link (see
    /// [`Maker::refuses_links`]): a link inside the output must not lead a
    /// foreign file into it.
    fn link_from(&mut self, target: &Path) {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let Some(owned) = owned_names(target).filter(|_| self.refuses_links) {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            if let Ok(handle) = rustix::fs::open(target, flags, Mode::empty()) {
                self.source = Some(Source { handle, owned });
            }
        }
        let _ = target;
    }

    /// Makes the file `relative`, which does not exist in this folder yet,
    /// a link to the live output's file of that path when that holds
    /// exactly `bytes` (see [`Maker::link_from`]), and returns its inode.
    /// The live output's manifest `known`, with the digest of `bytes`,
    /// spares reading the file when it vouches for it. `None` when it is
    /// not there, differs, or cannot be linked: the file is then written.
    fn link_same(
        &self,
        relative: &str,
        bytes: &[u8],
        known: Option<(&manifest::Manifest, u128)>,
    ) -> Option<u64> {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let (Some(source), Some(handle)) = (&self.source, &self.handle) {
            use rustix::fs::{AtFlags, OFlags};
            let top = relative.split('/').next().unwrap_or(relative);
            if !source.owned.contains(std::ffi::OsStr::new(top)) {
                return None;
            }
            let link =
                || rustix::fs::linkat(&source.handle, relative, handle, relative, AtFlags::empty());
            if let Some((manifest, digest)) = known {
                if let Some(inode) = self.vouched(&source.handle, manifest, relative, digest) {
                    return link().is_ok().then_some(inode);
                }
            }
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = self.open_existing(&source.handle, relative, flags)?;
            let mut file = std::fs::File::from(fd);
            let metadata = file.metadata().ok()?;
            let same = metadata.is_file() && holds(&mut file, &metadata, bytes);
            return (same && link().is_ok()).then(|| inode(&metadata));
        }
        let _ = (relative, bytes, known);
        None
    }

    /// The inode of the file `relative` below `handle` when the manifest
    /// `known` of that folder vouches that it holds the bytes of digest
    /// `digest` (see [`manifest`]), found without reading it. Only where
    /// no lookup can go through a link (see [`Maker::refuses_links`]).
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    fn vouched(
        &self,
        handle: &std::os::fd::OwnedFd,
        known: &manifest::Manifest,
        relative: &str,
        digest: u128,
    ) -> Option<u64> {
        let recorded = known.files.get(relative)?;
        if recorded.digest != digest || !self.refuses_links {
            return None;
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            use rustix::fs::{FileType, Mode, OFlags};
            let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = open_beneath(handle, relative, flags, Mode::empty()).ok()?;
            let stat = rustix::fs::fstat(&fd).ok()?;
            let same = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && u64::try_from(stat.st_size).ok() == Some(recorded.len)
                && stat.st_ino == recorded.inode
                && manifest::Stamp::modified(&stat) < known.stamp;
            if same {
                self.vouched
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            return same.then_some(recorded.inode);
        }
        #[allow(unreachable_code)]
        {
            let _ = handle;
            None
        }
    }

    /// Opens the existing `relative` from the folder's handle, through no
    /// link when the system can refuse them (see [`Maker::refuses_links`]).
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    fn open_existing(
        &self,
        handle: &std::os::fd::OwnedFd,
        relative: &str,
        flags: rustix::fs::OFlags,
    ) -> Option<std::os::fd::OwnedFd> {
        let mode = rustix::fs::Mode::empty();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if self.refuses_links {
            return open_beneath(handle, relative, flags, mode).ok();
        }
        rustix::fs::openat(handle, relative, flags, mode).ok()
    }

    /// The manifest of the folder this build reuses (when `reused`), or of
    /// the live output it links from (see [`manifest`]).
    fn known(&self, parent: &Path, name: &str, reused: bool) -> Option<manifest::Manifest> {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        {
            if reused {
                let folder = manifest::inode_of(self.handle.as_ref()?)?;
                let candidates = [
                    manifest::spare(parent, name),
                    manifest::next(parent, name),
                    manifest::live(parent, name),
                ];
                return manifest::find(&candidates, folder);
            }
            let folder = manifest::inode_of(&self.source.as_ref()?.handle)?;
            return manifest::find(&[manifest::live(parent, name)], folder);
        }
        #[allow(unreachable_code)]
        {
            let _ = (parent, name, reused);
            None
        }
    }

    /// How many files a manifest vouched for so far.
    fn vouched_files(&self) -> usize {
        self.vouched.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Makes the folder `relative`, whose parent exists.
    fn folder(&self, relative: &str) -> io::Result<()> {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let Some(handle) = &self.handle {
            let mode = rustix::fs::Mode::from_raw_mode(0o777);
            return Ok(rustix::fs::mkdirat(handle, relative, mode)?);
        }
        std::fs::create_dir(self.dir.join(relative))
    }

    /// Makes the regular file `relative`, which exists, hold `bytes`: reads
    /// it when it is of their size and writes only when its bytes differ,
    /// through one handle of the file. `None` when there is no such file
    /// (missing, a folder, a link, a special file): the careful way then
    /// deals with it. A warm build does this for every page, so it looks
    /// the path up once, from the folder's handle.
    fn rewrite(&self, relative: &str, bytes: &[u8]) -> Option<io::Result<Landed>> {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let Some(handle) = &self.handle {
            use std::os::unix::fs::FileExt;

            use rustix::fs::OFlags;
            let flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = self.open_existing(handle, relative, flags)?;
            let mut file = std::fs::File::from(fd);
            let metadata = file.metadata().ok()?;
            if !metadata.is_file() {
                return None;
            }
            if holds(&mut file, &metadata, bytes) {
                return Some(Ok((Written::Unchanged, inode(&metadata))));
            }
            if is_shared(&metadata) {
                drop(file);
                return Some(self.replace(handle, relative, bytes));
            }
            let written = file
                .set_len(0)
                .and_then(|()| file.write_all_at(bytes, 0))
                .map(|()| (Written::Changed, inode(&metadata)));
            return Some(written);
        }
        let _ = (relative, bytes);
        None
    }

    /// Puts a new file holding `bytes` in the place of the file `relative`,
    /// which another name shares (see [`is_shared`]): that name keeps the
    /// old bytes.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    fn replace(
        &self,
        handle: &std::os::fd::OwnedFd,
        relative: &str,
        bytes: &[u8],
    ) -> io::Result<Landed> {
        rustix::fs::unlinkat(handle, relative, rustix::fs::AtFlags::empty())?;
        self.create(relative, bytes)
    }

    /// Creates the file `relative`, which must not exist yet, holding
    /// `bytes`.
    fn create(&self, relative: &str, bytes: &[u8]) -> io::Result<Landed> {
        written_new(&mut self.new_file(relative)?, bytes)
    }

    /// Creates the file `relative`, which must not exist yet, for writing.
    fn new_file(&self, relative: &str) -> io::Result<std::fs::File> {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let Some(handle) = &self.handle {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(handle, relative, flags, Mode::from_raw_mode(0o666))?;
            return Ok(std::fs::File::from(fd));
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.dir.join(relative))
    }
}

/// `openat2` of `relative` below `handle`'s folder, refusing any link on
/// the way and any path that leads out of the folder.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_beneath(
    handle: &std::os::fd::OwnedFd,
    relative: &str,
    flags: rustix::fs::OFlags,
    mode: rustix::fs::Mode,
) -> rustix::io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::ResolveFlags;
    let resolve = ResolveFlags::NO_SYMLINKS | ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS;
    rustix::fs::openat2(handle, relative, flags, mode, resolve)
}

/// What writing a file did, and the inode of the file (0 when unknown).
type Landed = (Written, u64);

/// The inode of the file of `metadata`, or 0 where there are none.
fn inode(metadata: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::ino(metadata)
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        0
    }
}

/// Writes `bytes` into the new, empty `file`.
fn written_new(file: &mut std::fs::File, bytes: &[u8]) -> io::Result<Landed> {
    file.write_all(bytes)?;
    Ok((Written::Changed, file.metadata().map_or(0, |m| inode(&m))))
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
    /// Starts staging for `target` (an absolute path that [`check_target`]
    /// accepted), reusing a folder a killed build left behind, or the spare
    /// from the last build, when there is one.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)?;
        let name = folder_name(target);
        let lock = lock_output(&parent, &name, target)?;
        let spare = parent.join(format!(".{name}.previous"));
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        // A killed build's folder first: it may hold entries carried over
        // from the output that it was about to publish.
        let mut reusable = leftovers(&parent, &name);
        reusable.push(spare.clone());
        let mut reused = false;
        for candidate in reusable {
            let is_folder = std::fs::symlink_metadata(&candidate).is_ok_and(|m| m.is_dir());
            if !is_folder {
                continue;
            }
            if !reused && std::fs::rename(&candidate, &dir).is_ok() {
                reused = true;
            } else {
                discard(&candidate);
            }
        }
        if !reused {
            std::fs::create_dir(&dir)?;
        }
        let mut maker = Maker::new(&dir);
        if !reused {
            maker.link_from(target);
        }
        // Writes that cannot go through a link meet each one on their way
        // and remove it (see [`Staging::write`]); the commit removes the
        // rest. Otherwise every link goes first.
        if reused && !maker.refuses_links {
            remove_special_files(&dir)?;
        }
        let owned_before = if reused { owned_names(&dir) } else { None };
        let known = maker.known(&parent, &name, reused);
        let seed = known.as_ref().map_or_else(manifest::new_seed, |k| k.seed);
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            spare,
            owned_before,
            fresh: !reused,
            maker,
            known,
            seed,
            kept: Mutex::new(Kept::default()),
            committed: false,
            _lock: lock,
        })
    }

    /// The folder being written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Makes `relative` inside the staging folder hold `bytes`, writing only
    /// when it does not already. Whatever else is in the way (a folder, a
    /// link) is removed first, never written through.
    ///
    /// In a fresh folder, a file is created without a look first, each
    /// folder made once: on a cold build of 10,000 articles that saves a
    /// `stat` per file and a `mkdir` per file in a folder already made.
    ///
    /// A file of a reused folder that the folder's manifest vouches for is
    /// not read at all (see [`manifest`]).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<Written> {
        let digest = manifest::digest(self.seed, bytes);
        let (written, inode) = self.land(relative, bytes, digest)?;
        let len = bytes.len() as u64;
        self.keep(relative, Recorded { len, digest, inode });
        Ok(written)
    }

    /// Writes `relative` (see [`Staging::write`]), whose bytes have the
    /// digest `digest`.
    fn land(&self, relative: &str, bytes: &[u8], digest: u128) -> io::Result<Landed> {
        if self.fresh {
            if let Some(done) = self.write_new(relative, bytes, digest) {
                return done;
            }
        }
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let (Some(known), Some(handle), false) = (&self.known, &self.maker.handle, self.fresh) {
            if let Some(inode) = self.maker.vouched(handle, known, relative, digest) {
                return Ok((Written::Unchanged, inode));
            }
        }
        if let Some(done) = self.maker.rewrite(relative, bytes) {
            return done;
        }
        self.clear_the_way(relative)?;
        let path = self.dir.join(relative);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_file() => {
                // A file of another size has other bytes: only one of the
                // same size is read to compare.
                let same_size = metadata.len() == bytes.len() as u64;
                if same_size && std::fs::read(&path).is_ok_and(|existing| existing == bytes) {
                    return Ok((Written::Unchanged, inode(&metadata)));
                }
                if is_shared(&metadata) {
                    std::fs::remove_file(&path)?;
                }
            }
            Ok(metadata) => {
                if metadata.is_dir() {
                    std::fs::remove_dir_all(&path)?;
                } else {
                    std::fs::remove_file(&path)?;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            Err(err) => return Err(err),
        }
        std::fs::write(&path, bytes)?;
        let metadata = std::fs::symlink_metadata(&path)?;
        Ok((Written::Changed, inode(&metadata)))
    }

    /// Removes whatever stands where a folder of `relative` goes and is not
    /// a folder (a link, a file, a special file), outermost first, so that
    /// nothing after goes through a link.
    fn clear_the_way(&self, relative: &str) -> io::Result<()> {
        let mut end = 0;
        while let Some(slash) = relative[end..].find('/') {
            end += slash;
            let path = self.dir.join(&relative[..end]);
            match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {}
                // Nothing is below it now.
                Ok(_) => return std::fs::remove_file(&path),
                Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(err) => return Err(err),
            }
            end += 1;
        }
        Ok(())
    }

    /// Creates `relative` inside a fresh folder holding `bytes`, making its
    /// folders first unless this build already made them. `None` when
    /// something is in the way after all (a path written twice, a file where
    /// a folder goes): the careful way then deals with it.
    fn write_new(&self, relative: &str, bytes: &[u8], digest: u128) -> Option<io::Result<Landed>> {
        if let Some((folder, _)) = relative.rsplit_once('/') {
            let mut missing = Vec::new();
            {
                let kept = self.kept();
                let mut up = folder;
                while !kept.folders.contains(&folder_key(up)) {
                    missing.push(up);
                    match up.rsplit_once('/') {
                        Some((parent, _)) => up = parent,
                        None => break,
                    }
                }
            }
            // Outermost first; another thread may have just made one.
            for up in missing.iter().rev() {
                match self.maker.folder(up) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(_) => return None,
                }
            }
            if !missing.is_empty() {
                let mut kept = self.kept();
                kept.folders.extend(missing.into_iter().map(folder_key));
            }
        }
        let known = self.known.as_ref().map(|known| (known, digest));
        if let Some(inode) = self.maker.link_same(relative, bytes, known) {
            return Some(Ok((Written::Unchanged, inode)));
        }
        let mut file = self.maker.new_file(relative).ok()?;
        Some(written_new(&mut file, bytes))
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn keep(&self, relative: &str, recorded: Recorded) {
        let mut kept = self.kept();
        if let Some(name) = Path::new(relative).components().next() {
            if !kept.names.contains(name.as_os_str()) {
                kept.names.insert(name.as_os_str().to_os_string());
            }
        }
        kept.files.insert(relative.into(), recorded);
    }

    /// Top-level names written so far.
    fn written_names(&self) -> BTreeSet<OsString> {
        self.kept().names.clone()
    }

    /// Removes what this build did not write, marks the folder as the
    /// build's own, then puts it in the output's place in one step; the
    /// output it replaces becomes the spare, after its entries that the
    /// build does not own have moved into the new output.
    pub fn commit(mut self) -> io::Result<()> {
        let mut names = self.written_names();
        names.insert(OsString::from(MARKER));
        let mut marker = MARKER_HEADER.to_string();
        for name in &names {
            marker.push_str(&name.to_string_lossy());
            marker.push('\n');
        }
        self.write(MARKER, marker.as_bytes())?;
        let mut w = crate::timings::Stopwatch::start("commit");
        // A fresh folder holds only what this build wrote.
        if !self.fresh {
            self.remove_unkept(&names)?;
        }
        w.lap("sweep");
        if crate::timings::enabled() {
            let vouched = self.maker.vouched_files();
            eprintln!("timings: output/vouched {vouched} files found right unread");
        }
        let (parent, name) = (parent_of(&self.target), folder_name(&self.target));
        let next = manifest::next(&parent, &name);
        let saved = self.save_manifest(&next);
        w.lap("save");
        let mut spare_kept = false;
        match std::fs::symlink_metadata(&self.target) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                std::fs::rename(&self.dir, &self.target)?;
            }
            Err(err) => return Err(err),
            Ok(_) => {
                if let Some(refusal) = check_target(&self.target, &self.target) {
                    return Err(io::Error::other(refusal));
                }
                let old = swap(&self.dir, &self.target)?;
                move_foreign(&old, &self.target)?;
                spare_kept = old == self.spare || std::fs::rename(&old, &self.spare).is_ok();
                if !spare_kept {
                    discard(&old);
                }
            }
        }
        self.committed = true;
        // Each manifest follows its folder; one that cannot names a folder
        // of another inode, which no build then reads it for.
        let live = manifest::live(&parent, &name);
        let spare = manifest::spare(&parent, &name);
        if !spare_kept || std::fs::rename(&live, &spare).is_err() {
            let _ = std::fs::remove_file(&spare);
        }
        if !saved || std::fs::rename(&next, &live).is_err() {
            let _ = std::fs::remove_file(&live);
        }
        Ok(())
    }

    /// Writes the manifest of the folder as it now is to `path` (see
    /// [`manifest`]); false when it cannot, and then there is none.
    fn save_manifest(&self, path: &Path) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        if let Some(folder) = self.maker.handle.as_ref().and_then(manifest::inode_of) {
            let kept = self.kept();
            let files = kept.files.iter().map(|(path, file)| (&**path, file));
            if manifest::save(path, folder, self.seed, files).is_ok() {
                return true;
            }
        }
        let _ = std::fs::remove_file(path);
        false
    }

    /// Deletes every file and folder in staging that no page wrote this
    /// time, except top-level entries an earlier build did not write. A
    /// folder that the manifest says is as it was is not listed.
    fn remove_unkept(&self, names: &BTreeSet<OsString>) -> io::Result<()> {
        let kept = self.kept();
        let owned = |name: &std::ffi::OsStr| {
            names.contains(name)
                || self
                    .owned_before
                    .as_ref()
                    .is_none_or(|before| before.contains(name))
        };
        let unkept = |relative: &Path, _: bool| {
            relative
                .to_str()
                .is_none_or(|relative| !kept.files.contains_key(relative))
        };
        let listing = self.known.as_ref().map(|known| {
            manifest::Listing::new(
                known,
                #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
                self.maker.handle.as_ref(),
            )
        });
        sweep_top(&self.dir, &owned, &unkept, listing.as_ref())
    }
}

/// What [`sweep`] removes: a file (or link, or special file) at a path
/// relative to the swept folder, and whether it is a regular file.
type Unwanted<'a> = dyn Fn(&Path, bool) -> bool + Sync + 'a;

/// Sweeps the top-level entries of `dir` that `owned` accepts (see
/// [`sweep`]); the top-level folder itself stays.
fn sweep_top(
    dir: &Path,
    owned: &(dyn Fn(&std::ffi::OsStr) -> bool + Sync),
    unwanted: &Unwanted<'_>,
    listing: Option<&manifest::Listing<'_>>,
) -> io::Result<()> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !owned(&name) {
            continue;
        }
        let kind = entry.file_type()?;
        let relative = PathBuf::from(&name);
        if kind.is_dir() {
            folders.push(relative);
        } else if unwanted(&relative, kind.is_file()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    folders
        .par_iter()
        .try_for_each(|relative| sweep(dir, relative, unwanted, listing).map(drop))
}

/// Removes every entry below `dir/relative` that is not a folder and that
/// `unwanted` names, then each folder left empty, deepest first, and says
/// whether `relative` itself went. Folders are swept in parallel: a site's
/// output has a folder for almost every page, and reading them one after
/// the other took a 100,000-article build well over a second. A folder
/// that `listing` says holds what a manifest lists is not read but taken
/// from there.
fn sweep(
    dir: &Path,
    relative: &Path,
    unwanted: &Unwanted<'_>,
    listing: Option<&manifest::Listing<'_>>,
) -> io::Result<bool> {
    let path = dir.join(relative);
    let mut entries = 0;
    let mut removed = 0;
    let mut folders = Vec::new();
    let mut visit = |name: &std::ffi::OsStr, is_folder: bool, is_file: bool| -> io::Result<()> {
        entries += 1;
        let inner = relative.join(name);
        if is_folder {
            folders.push(inner);
        } else if unwanted(&inner, is_file) {
            std::fs::remove_file(dir.join(&inner))?;
            removed += 1;
        }
        Ok(())
    };
    match listing.and_then(|listing| listing.unchanged(relative)) {
        Some(listed) => {
            for &(name, is_folder) in listed {
                visit(std::ffi::OsStr::new(name), is_folder, !is_folder)?;
            }
        }
        None => {
            for entry in std::fs::read_dir(&path)? {
                let entry = entry?;
                let kind = entry.file_type()?;
                visit(&entry.file_name(), kind.is_dir(), kind.is_file())?;
            }
        }
    }
    let gone: Vec<bool> = if folders.len() > 1 {
        folders
            .par_iter()
            .map(|inner| sweep(dir, inner, unwanted, listing))
            .collect::<io::Result<_>>()?
    } else {
        folders
            .iter()
            .map(|inner| sweep(dir, inner, unwanted, listing))
            .collect::<io::Result<_>>()?
    };
    removed += gone.into_iter().filter(|&g| g).count();
    if removed == entries {
        std::fs::remove_dir(&path)?;
        return Ok(true);
    }
    Ok(false)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && std::fs::rename(&self.dir, &self.spare).is_err() {
            discard(&self.dir);
        }
    }
}

/// Puts folder `new` in the place of folder `target` and returns where the
/// old `target` is now. On Linux and macOS the two are exchanged in one
/// step, so `target` is never missing; elsewhere the old one is renamed
/// aside first.
fn swap(new: &Path, target: &Path) -> io::Result<PathBuf> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(new.to_path_buf()),
            // A file system without the exchange falls back to two renames.
            Err(err) if err == rustix::io::Errno::INVAL || err == rustix::io::Errno::NOSYS => {}
            Err(err) => return Err(err.into()),
        }
    }
    // Named like a staging folder, so that a build killed between the two
    // renames leaves a folder the next build finds and reuses.
    let mut aside = new.as_os_str().to_os_string();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(target, &aside)?;
    if let Err(err) = std::fs::rename(new, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(err);
    }
    Ok(aside)
}

/// Moves the top-level entries of the old output `old` that the build does
/// not own into the new output `new` (unless the build now writes that name).
fn move_foreign(old: &Path, new: &Path) -> io::Result<()> {
    for name in foreign_entries(old)? {
        let to = new.join(&name);
        if std::fs::symlink_metadata(&to).is_err() {
            std::fs::rename(old.join(&name), to)?;
        }
    }
    Ok(())
}

/// Top-level entries of a build folder that its marker does not list.
fn foreign_entries(dir: &Path) -> io::Result<Vec<OsString>> {
    let Some(owned) = owned_names(dir) else {
        return Ok(Vec::new());
    };
    let mut foreign = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        if !owned.contains(&name) {
            foreign.push(name);
        }
    }
    Ok(foreign)
}

/// The names [`MARKER`] in `dir` lists; `None` when it has none.
fn owned_names(dir: &Path) -> Option<BTreeSet<OsString>> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(OsString::from)
            .collect(),
    )
}

/// Removes a staging or spare folder, unless it holds entries the build
/// does not own (carried from an output by a swap that was interrupted):
/// then only the build's own entries go.
fn discard(dir: &Path) {
    match foreign_entries(dir) {
        Ok(foreign) if foreign.is_empty() => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Ok(_) => {
            for name in owned_names(dir).unwrap_or_default() {
                let path = dir.join(name);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    let _ = std::fs::remove_dir_all(&path);
                } else {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        Err(_) => {}
    }
}

/// Whether `file`, opened at its start, of `metadata`, holds exactly
/// `bytes`. A file of another size has other bytes: only one of the same
/// size is read to compare.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn holds(file: &mut std::fs::File, metadata: &std::fs::Metadata, bytes: &[u8]) -> bool {
    use std::io::Read;
    if metadata.len() != bytes.len() as u64 {
        return false;
    }
    let mut existing = vec![0; bytes.len()];
    file.read_exact(&mut existing).is_ok() && existing == bytes
}

/// True when another name links to the file too (a staging folder filled
/// from the live output, or a file an editor linked in): the build then
/// replaces the file instead of writing into it.
fn is_shared(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// Removes symbolic links and special files (pipes, devices, sockets) from
/// the build's own entries of a reused folder, so that no later write goes
/// through one: the build writes only regular files and folders.
fn remove_special_files(dir: &Path) -> io::Result<()> {
    let owned = owned_names(dir);
    let owned = |name: &std::ffi::OsStr| owned.as_ref().is_none_or(|o| o.contains(name));
    let special = |_: &Path, is_file: bool| !is_file;
    sweep_top(dir, &owned, &special, None)
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
    use walkdir::WalkDir;

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
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
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
            [
                ".public.files",
                ".public.lock",
                ".public.previous",
                ".public.previous.files",
                "public"
            ]
        );
    }

    /// Waits past the file system's clock tick, so that what is written
    /// next is stamped later than what was written before (see
    /// [`manifest`]: a file changed in the tick of its manifest's stamp is
    /// never trusted, so without the wait nothing would be).
    fn next_tick() {
        std::thread::sleep(std::time::Duration::from_millis(30));
    }

    /// Writes each page, with its path as its bytes, into a new staging of
    /// `target`, and says how many files a manifest vouched for.
    fn build_pages(target: &Path, pages: &[&str]) -> usize {
        let staging = Staging::begin(target).unwrap();
        for page in pages {
            staging.write(page, page.as_bytes()).unwrap();
        }
        let vouched = staging.maker.vouched_files();
        next_tick();
        staging.commit().unwrap();
        next_tick();
        vouched
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn files_a_manifest_vouches_for_are_not_read_and_the_rest_are() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let pages = ["a/index.html", "b/index.html", "c/d/index.html", "e.css"];
        assert_eq!(build_pages(&target, &pages), 0);
        // Linked from the live output, then its folder reused, then the
        // second build's: every page.
        assert_eq!(build_pages(&target, &pages), 4);
        assert_eq!(build_pages(&target, &pages), 4);
        assert_eq!(build_pages(&target, &pages), 4);

        // Changed by hand in the live output: bytes of the same length,
        // a file renamed into place with an old time, a file added.
        std::fs::write(target.join("a/index.html"), "A/INDEX.HTML").unwrap();
        let renamed = dir.path().join("renamed");
        std::fs::write(&renamed, "B/INDEX.HTML").unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        std::fs::File::options()
            .write(true)
            .open(&renamed)
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::fs::rename(&renamed, target.join("b/index.html")).unwrap();
        std::fs::write(target.join("c/d/extra.html"), "x").unwrap();
        // The next build takes the spare, which shares its files with the
        // output (the first's were linked into the second): the file
        // written into is written into in both. The one after takes the
        // folder changed.
        assert_eq!(build_pages(&target, &pages), 3);
        assert_eq!(build_pages(&target, &pages), 2);
        assert_eq!(files(&target), pages);
        for page in pages {
            assert_eq!(std::fs::read_to_string(target.join(page)).unwrap(), page);
        }
        assert_eq!(build_pages(&target, &pages), 4);
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    #[test]
    fn a_manifest_not_written_whole_or_of_another_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("files");
        let file = Recorded {
            len: 3,
            digest: manifest::digest(7, b"one"),
            inode: 42,
        };
        manifest::save(&path, 9, 7, [("a/index.html", &file)].into_iter()).unwrap();
        let read = manifest::find(std::slice::from_ref(&path), 9).unwrap();
        assert_eq!((read.seed, read.files["a/index.html"]), (7, file));
        assert!(manifest::find(std::slice::from_ref(&path), 10).is_none());
        let text = std::fs::read_to_string(&path).unwrap();
        let cut = text.trim_end().rsplit_once('\n').unwrap().0;
        std::fs::write(&path, cut).unwrap();
        assert!(manifest::find(std::slice::from_ref(&path), 9).is_none());
    }

    #[test]
    fn a_file_where_a_folder_was_and_a_folder_where_a_file_was_leave_nothing_stale() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut pages: Vec<&str> = vec!["a", "b/c/index.html", "b/d/index.html", "e/f/g"];
        // The third and fourth builds reuse the first and second's folders,
        // with the lists of what they wrote (see `build_pages`).
        for round in 0..4 {
            build_pages(&target, &pages);
            assert_eq!(files(&target), pages, "round {round}");
            pages = match round {
                0 => vec!["a/index.html", "b", "e/f/h"],
                1 => vec!["a", "b/c/index.html", "e/i"],
                _ => vec!["a/index.html", "b/c"],
            };
        }
        assert_eq!(names(&target), [MARKER, "a", "b"]);
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
        assert_eq!(
            names(dir.path()),
            [".public.files", ".public.lock", "public"]
        );
        assert_eq!(files(&target), ["index.html"]);
    }

    #[test]
    fn the_marker_lists_what_the_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"a").unwrap();
        staging.write("style.css", b"s").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join(MARKER)).unwrap(),
            format!("{MARKER_HEADER}.briefing-output\na\nstyle.css\n")
        );
    }

    #[test]
    fn entries_the_build_did_not_write_stay_through_every_build() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join(".git/objects")).unwrap();
        std::fs::write(target.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(target.join("CNAME"), "example.org").unwrap();
        std::fs::write(target.join(MARKER), "").unwrap();
        for round in 0..3 {
            let staging = Staging::begin(&target).unwrap();
            staging
                .write("index.html", format!("{round}").as_bytes())
                .unwrap();
            staging.commit().unwrap();
            assert_eq!(files(&target), [".git/HEAD", "CNAME", "index.html"]);
            assert_eq!(
                std::fs::read_to_string(target.join("CNAME")).unwrap(),
                "example.org"
            );
        }
    }

    /// A temporary folder holding `outside/index.html` with `bytes`, a file
    /// no build owns, and the path of an output beside it.
    #[cfg(unix)]
    fn outside_and_output(bytes: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("index.html"), bytes).unwrap();
        let target = dir.path().join("public");
        (dir, outside, target)
    }

    #[cfg(unix)]
    #[test]
    fn a_link_left_in_a_spare_is_removed_not_written_through() {
        let (dir, outside, target) = outside_and_output("precious");
        for _ in 0..2 {
            let staging = Staging::begin(&target).unwrap();
            staging.write("a/index.html", b"page").unwrap();
            staging.commit().unwrap();
        }
        let spare = dir.path().join(".public.previous");
        std::fs::remove_dir_all(spare.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("a")).unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new page").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(outside.join("index.html")).unwrap(),
            "precious"
        );
        assert!(std::fs::symlink_metadata(target.join("a"))
            .unwrap()
            .is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn no_link_in_a_spare_is_written_through_wherever_it_is() {
        let (dir, outside, target) = outside_and_output("precious");
        for _ in 0..2 {
            let staging = Staging::begin(&target).unwrap();
            staging.write("a/index.html", b"page").unwrap();
            staging.write("b/c/index.html", b"page").unwrap();
            staging.commit().unwrap();
        }
        let spare = dir.path().join(".public.previous");
        // A link in a file's place, one in a folder's, and a stale one.
        std::fs::remove_file(spare.join("a/index.html")).unwrap();
        std::os::unix::fs::symlink(outside.join("index.html"), spare.join("a/index.html")).unwrap();
        std::fs::remove_dir_all(spare.join("b/c")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("b/c")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("d")).unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new page").unwrap();
        staging.write("b/c/index.html", b"new page").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(outside.join("index.html")).unwrap(),
            "precious"
        );
        assert_eq!(names(&outside), ["index.html"]);
        assert_eq!(files(&target), ["a/index.html", "b/c/index.html"]);
        for written in ["a/index.html", "b/c/index.html"] {
            let metadata = std::fs::symlink_metadata(target.join(written)).unwrap();
            assert!(metadata.is_file(), "{written}");
        }
        assert!(std::fs::symlink_metadata(target.join("b/c"))
            .unwrap()
            .is_dir());
    }

    #[cfg(unix)]
    fn links(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path).unwrap().nlink()
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_build_without_a_spare_links_what_did_not_change_and_never_writes_into_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let read = |path: &str| std::fs::read_to_string(target.join(path)).unwrap();
        let cold = Staging::begin(&target).unwrap();
        cold.write("a/index.html", b"same").unwrap();
        cold.write("b/index.html", b"old").unwrap();
        cold.write("gone/index.html", b"gone").unwrap();
        cold.commit().unwrap();
        std::fs::write(target.join("CNAME"), "example.org").unwrap();

        // No spare yet: the same bytes are linked, the rest written anew.
        let second = Staging::begin(&target).unwrap();
        let same = second.write("a/index.html", b"same").unwrap();
        let changed = second.write("b/index.html", b"new").unwrap();
        assert_eq!((same, changed), (Written::Unchanged, Written::Changed));
        assert_eq!(
            (read("a/index.html"), read("b/index.html")),
            ("same".into(), "old".into())
        );
        second.commit().unwrap();
        assert_eq!(files(&target), ["CNAME", "a/index.html", "b/index.html"]);
        assert_eq!(links(&target.join("a/index.html")), 2);
        assert_eq!(links(&target.join("b/index.html")), 1);
        assert_eq!(links(&target.join("CNAME")), 1);

        // The spare it left shares `a` with the output: the next build
        // replaces it there and leaves the live output's bytes alone.
        let third = Staging::begin(&target).unwrap();
        assert_eq!(
            third.write("a/index.html", b"edit").unwrap(),
            Written::Changed
        );
        assert_eq!(
            third.write("b/index.html", b"old").unwrap(),
            Written::Unchanged
        );
        assert_eq!(read("a/index.html"), "same");
        third.commit().unwrap();
        assert_eq!(
            (read("a/index.html"), read("b/index.html")),
            ("edit".into(), "old".into())
        );
        assert_eq!(files(&target), ["CNAME", "a/index.html", "b/index.html"]);
        let spare = dir.path().join(".public.previous");
        assert_eq!(
            std::fs::read_to_string(spare.join("a/index.html")).unwrap(),
            "same"
        );
    }

    #[cfg(unix)]
    #[test]
    fn no_file_is_linked_from_outside_through_a_link_in_the_output() {
        let (_dir, outside, target) = outside_and_output("page");
        let cold = Staging::begin(&target).unwrap();
        cold.write("a/index.html", b"page").unwrap();
        cold.commit().unwrap();
        std::fs::remove_dir_all(target.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, target.join("a")).unwrap();
        let second = Staging::begin(&target).unwrap();
        second.write("a/index.html", b"page").unwrap();
        second.commit().unwrap();
        let written = target.join("a/index.html");
        assert!(std::fs::symlink_metadata(target.join("a"))
            .unwrap()
            .is_dir());
        assert_eq!(
            (links(&written), links(&outside.join("index.html"))),
            (1, 1)
        );
        assert_eq!(std::fs::read_to_string(written).unwrap(), "page");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_linked_in_from_outside_is_replaced_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("notes.html");
        std::fs::write(&outside, "precious").unwrap();
        let target = dir.path().join("public");
        for _ in 0..2 {
            let staging = Staging::begin(&target).unwrap();
            staging.write("a/index.html", b"page").unwrap();
            staging.commit().unwrap();
        }
        let spare = dir.path().join(".public.previous");
        std::fs::remove_file(spare.join("a/index.html")).unwrap();
        std::fs::hard_link(&outside, spare.join("a/index.html")).unwrap();
        let staging = Staging::begin(&target).unwrap();
        staging.write("a/index.html", b"new page").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new page"
        );
        assert_eq!(links(&outside), 1);
    }

    #[test]
    fn relative_paths_resolve_through_missing_parents() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let resolved = absolute(&dir.path().join("x/../y/./z")).unwrap();
        assert_eq!(resolved, real.join("y/z"));
    }

    /// Case 6 of issue 9: with two renames, a kill between them left no
    /// output at all. A watcher looks for the output through 300 swaps.
    #[test]
    fn the_output_is_never_missing_during_a_swap() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::begin(&target).unwrap();
        first.write("index.html", b"0").unwrap();
        first.commit().unwrap();
        let done = AtomicBool::new(false);
        let missing = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if std::fs::symlink_metadata(&target).is_err() {
                        missing.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
            for round in 1..300 {
                let staging = Staging::begin(&target).unwrap();
                staging
                    .write("index.html", format!("{round}").as_bytes())
                    .unwrap();
                staging.commit().unwrap();
            }
            done.store(true, Ordering::Relaxed);
        });
        assert_eq!(missing.load(Ordering::Relaxed), 0);
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "299"
        );
    }
}
