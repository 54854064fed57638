//! `briefing serve`: builds the site into memory, serves it over HTTP on a
//! loopback address, watches `content/`, `templates/`, `static/`, `i18n/` and
//! `site.toml`, rebuilds after each save and tells the open pages to reload
//! (or shows them what is wrong, over the last good site). It never writes
//! `public/` or any other file.

mod events;
mod http;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::incremental::Snapshot;
pub use events::Listeners;
pub use http::{content_type, site_path, Served};

/// How long the files must be quiet after a save before a rebuild starts:
/// an editor's save is often several writes.
const QUIET: Duration = Duration::from_millis(30);
/// How often open pages are pinged, which finds the closed ones.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// Threads answering requests (event streams do not hold one).
const WORKERS: usize = 4;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
}

/// Why serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {message}; pick another port with --port")]
    Listen {
        address: SocketAddr,
        message: String,
    },
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("{0} is not a site folder (no site.toml in it); pass the site with --root, or make one with `briefing init DIR`")]
    NoSite(PathBuf),
}

/// What happened in a rebuild, for the terminal.
pub enum Outcome {
    Built {
        pages: usize,
        /// Pages rendered again; the others kept their bytes.
        rendered: usize,
        /// Time to load and link the site.
        loaded: Duration,
        /// Time from the start of the rebuild to the reload event.
        reloaded: Duration,
        /// What the editor should know, though the site was built.
        warnings: Vec<String>,
    },
    Failed(Vec<String>),
}

/// A running server: its address, and the site it serves.
pub struct Server {
    pub address: SocketAddr,
    root: PathBuf,
    drafts: bool,
    served: Arc<RwLock<Served>>,
    listeners: Arc<Listeners>,
    http: Arc<tiny_http::Server>,
    /// Watching starts with the server, so no save after `start` is missed.
    watcher: Mutex<Watcher>,
    /// The last good build, which the next rebuild starts from.
    snapshot: Mutex<Option<Snapshot>>,
    changes: Mutex<mpsc::Receiver<DebounceEventResult>>,
}

type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

impl Server {
    /// Builds the site and starts answering on `options.bind:options.port`.
    /// A site that does not build is served as its problems.
    pub fn start(options: &ServeOptions) -> Result<(Server, Outcome), ServeError> {
        if !options.root.join(crate::config::FILE_NAME).is_file() {
            return Err(ServeError::NoSite(options.root.clone()));
        }
        let address = SocketAddr::new(options.bind, options.port);
        let http = tiny_http::Server::http(address).map_err(|e| ServeError::Listen {
            address,
            message: e.to_string(),
        })?;
        let address = http.server_addr().to_ip().unwrap_or(address);
        let (watcher, changes) = watch(&options.root)?;
        let server = Server {
            address,
            root: options.root.clone(),
            drafts: options.drafts,
            served: Arc::default(),
            listeners: Arc::default(),
            http: Arc::new(http),
            watcher: Mutex::new(watcher),
            snapshot: Mutex::default(),
            changes: Mutex::new(changes),
        };
        let outcome = server.rebuild(&[]);
        for _ in 0..WORKERS {
            let (http, served, listeners) = (
                server.http.clone(),
                server.served.clone(),
                server.listeners.clone(),
            );
            std::thread::spawn(move || {
                for request in http.incoming_requests() {
                    http::answer(request, &served, &listeners);
                }
            });
        }
        let listeners = server.listeners.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(HEARTBEAT);
            listeners.heartbeat();
        });
        Ok((server, outcome))
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// How many pages listen for reloads.
    pub fn listening(&self) -> usize {
        self.listeners.count()
    }

    /// Builds the site again after `changed` (all of it the first time,
    /// then only the pages that depend on what changed); on success serves
    /// it and reloads the open pages, on failure keeps the last good site
    /// and shows the problems.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Outcome {
        let mut last = self
            .snapshot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let built = match last.as_mut() {
            Some(snapshot) => snapshot.rebuild_pages(&self.root, self.drafts, changed),
            None => Snapshot::build(&self.root, self.drafts),
        };
        match built {
            Ok(rebuilt) => {
                let mut watch = crate::timings::Stopwatch::start("serve");
                self.serve_files(rebuilt.snapshot.files.clone());
                self.listeners.reload();
                watch.lap("swap and reload");
                // The previous snapshot goes after the reload: freeing it takes time.
                *last = Some(rebuilt.snapshot);
                watch.lap("free the previous build");
                let reloaded = rebuilt.elapsed;
                // The pages reload first; search catches up a moment later.
                if let (Some(indexes), Some(snapshot)) = (rebuilt.indexes, last.as_mut()) {
                    snapshot.replace_indexes(indexes.make());
                    self.serve_files(snapshot.files.clone());
                    watch.lap("search index");
                }
                Outcome::Built {
                    pages: rebuilt.pages,
                    rendered: rebuilt.rendered,
                    loaded: rebuilt.loaded,
                    reloaded,
                    warnings: rebuilt.warnings.iter().map(ToString::to_string).collect(),
                }
            }
            Err(err) => {
                drop(last);
                let lines = err.lines();
                let mut served = self
                    .served
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                served.problem = Some(lines.clone());
                drop(served);
                self.listeners.problem(&lines);
                Outcome::Failed(lines)
            }
        }
    }

    /// Serves `files` from now on, with no problem over them.
    fn serve_files(&self, files: HashMap<String, Arc<[u8]>>) {
        let mut served = self
            .served
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        served.files = files;
        served.problem = None;
    }

    /// Rebuilds after each change to the site's files, calling `report`
    /// with what changed and how the rebuild went; returns only when the
    /// watcher stops.
    pub fn watch(&self, mut report: impl FnMut(&[PathBuf], &Outcome)) {
        let receiver = self
            .changes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for events in receiver.iter() {
            let Ok(events) = events else { continue };
            self.watch_new_folders(&events);
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter_map(|path| relevant(&self.root, path))
                .collect();
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            let outcome = self.rebuild(&changed);
            report(&changed, &outcome);
        }
    }
}

impl Server {
    /// Watches `content/`, `templates/` or `static/` when `events` made
    /// it after the server started (the folders below those are watched
    /// with them, whenever made).
    fn watch_new_folders(&self, events: &[notify_debouncer_full::DebouncedEvent]) {
        let made = events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Create(_)))
            .flat_map(|e| e.paths.iter())
            .filter(|path| {
                relevant(&self.root, path)
                    .is_some_and(|r| r.components().count() == 1 && path.is_dir())
            });
        let mut watcher = self
            .watcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for path in made {
            if let Err(err) = watcher.watch(path, RecursiveMode::Recursive) {
                eprintln!("cannot watch {} for changes: {err}", path.display());
            }
        }
    }
}

/// Starts watching the site's files.
fn watch(root: &Path) -> Result<(Watcher, mpsc::Receiver<DebounceEventResult>), ServeError> {
    let (sender, receiver) = mpsc::channel();
    let mut watcher = new_debouncer(QUIET, None, sender).map_err(|source| ServeError::Watch {
        path: root.to_path_buf(),
        source,
    })?;
    for (path, mode) in watched(root) {
        watcher
            .watch(&path, mode)
            .map_err(|source| ServeError::Watch { path, source })?;
    }
    Ok((watcher, receiver))
}

/// True for an event that changes a file: reading one (as every rebuild
/// does) is not a change.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// The folders watched (those that exist) and the site's folder itself, for
/// `site.toml` and for folders made later.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "templates", "static", "i18n"] {
        let path = root.join(dir);
        if path.is_dir() {
            paths.push((path, RecursiveMode::Recursive));
        }
    }
    paths
}

/// `path` relative to the site when a change to it changes the site.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relative = path
        .strip_prefix(&root)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let parent = path.parent()?.canonicalize().ok()?;
            Some(parent.strip_prefix(&root).ok()?.join(path.file_name()?))
        })?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let hidden = relative
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'));
    // Content is Markdown: an editor's temporary copy (`a.md.tmp`, renamed
    // over `a.md` when saved) is not, and its rename is the one change.
    let not_content = first == "content"
        && relative
            .extension()
            .is_some_and(|extension| extension != "md");
    let wanted = matches!(first, "content" | "templates" | "static" | "i18n")
        || relative == Path::new(crate::config::FILE_NAME);
    (wanted && !hidden && !not_content).then_some(relative)
}
