//! Runs the whole pipeline: load the site, link it, render every page in
//! parallel, and write the result atomically. Also `check`, which does all of
//! that but the writing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{self, Diagnostic};
use crate::link::{self, Briefing};
use crate::output::{self, Staging};
use crate::render::{self, Page, Renderer};
use crate::templates::{TemplateError, Templates};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder; `ROOT/public` when not given.
    pub output: Option<PathBuf>,
    /// Build articles marked `draft = true` too.
    pub drafts: bool,
    /// The site's address for this build instead of `base_url` in
    /// `site.toml` (feed, sitemap, the 404 page's links).
    pub base_url: Option<String>,
}

/// What a build made.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub actors: usize,
    pub events: usize,
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// What the editor should know, though the site was built.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build made nothing.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the site's files, every one of them.
    #[error("{} problem(s) in the site's files", .0.len())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error("cannot write {}: {source}{}", .path.display(), room_hint(.source))]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output folder would replace the site itself.
    #[error("{0}")]
    UnsafeOutput(String),
    /// A command-line option is wrong.
    #[error("{0}")]
    Argument(String),
}

/// What a full disk means for a build, which writes a whole second copy of
/// the site before it swaps it in.
fn room_hint(err: &std::io::Error) -> &'static str {
    if err.kind() == std::io::ErrorKind::StorageFull {
        "; a build writes a complete second copy of the site beside the output before it swaps it in, so it needs free room for both: free some space and run again"
    } else {
        ""
    }
}

impl BuildError {
    /// Every problem, one per line, for printing.
    pub fn lines(&self) -> Vec<String> {
        match self {
            BuildError::Content(diagnostics) => {
                diagnostics.iter().map(ToString::to_string).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

/// Loads, links and prepares templates: everything a build needs before it
/// renders. Every stage runs on whatever the stages before it could read,
/// so one file's problem never hides another's. Articles let go of their
/// bodies once read, and read them again from their files when a page needs
/// them (see [`crate::model::Article::body`]).
pub fn prepare(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
) -> Result<(Briefing, Templates), BuildError> {
    prepare_cached(root, drafts, base_url, &crate::load::Cache::lean(), &[])
}

/// Prepares as [`prepare`] does, reading again only the content files in
/// `changed` or not in `cache` as they are now.
pub fn prepare_cached(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    cache: &crate::load::Cache,
    changed: &[PathBuf],
) -> Result<(Briefing, Templates), BuildError> {
    let base_url = base_url
        .map(crate::config::checked_base_url)
        .transpose()
        .map_err(|message| BuildError::Argument(format!("--base-url {message}")))?;
    let mut watch = crate::timings::Stopwatch::start("prepare");
    // The templates are parsed while the content loads: parsing them is
    // one thread's work that nothing in loading waits for.
    let (mut loaded, templates) = rayon::join(
        || crate::load::load_partial_with(root, cache, changed),
        || Templates::load(root),
    );
    watch.lap("load and templates");
    if let (Some(site), Some(url)) = (&mut loaded.site, base_url) {
        site.config.base_url = Some(url);
    }
    let mut all = loaded.diagnostics;
    let templates = templates.map_err(|d| all.extend(d)).ok();
    let briefing = loaded.site.and_then(|site| {
        link::link_around(site, drafts, &loaded.broken)
            .map_err(|d| all.extend(d))
            .ok()
    });
    watch.lap("link");
    match (briefing, templates) {
        (Some(briefing), Some(mut templates)) if all.is_empty() => {
            with_site_functions(&mut templates, &briefing);
            Ok((briefing, templates))
        }
        _ => Err(BuildError::Content(diag::sorted(all))),
    }
}

/// Loads the templates again for a site already linked, as [`prepare`]
/// would: a save of a template changes nothing else.
pub fn prepare_templates(root: &Path, briefing: &Briefing) -> Result<Templates, BuildError> {
    let mut templates = Templates::load(root).map_err(|d| BuildError::Content(diag::sorted(d)))?;
    with_site_functions(&mut templates, briefing);
    Ok(templates)
}

/// Gives the templates the `url_for` function, with the site's routes, and
/// `t` and `t_html`, with the interface texts of the site's language.
fn with_site_functions(templates: &mut Templates, briefing: &Briefing) {
    let paths = render::Paths::new(briefing.config.pretty_urls);
    templates.register_function("url_for", render::UrlFor::new(paths));
    templates.register_interface(briefing.config.interface.clone());
}

/// Whether the process ends once its build is done (see [`exits_after_build`]).
static EXITS_AFTER_BUILD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells builds that the process ends once its build is done, as the
/// `build` command does: a build then leaves its model for the system to
/// take back at exit, all at once, rather than free it piece by piece (14 ms
/// at 10,000 articles, 120 ms at 100,000). A process that goes on (`serve`,
/// tests) frees it.
pub fn exits_after_build() {
    EXITS_AFTER_BUILD.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Builds the site in `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(options, &|_| {})
}

/// How far a build has got: pages rendered of all pages.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Builds as [`build`] does, calling `progress` as pages are rendered (from
/// several threads at once).
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildReport, BuildError> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let target = resolve_output(root, &output)?;
    let mut watch = crate::timings::Stopwatch::start("output");
    let staging = Staging::begin(&target).map_err(io_error(&output))?;
    watch.lap("begin");
    let report = produce(
        root,
        options.drafts,
        options.base_url.as_deref(),
        &|name: &str, bytes: &[u8]| {
            staging
                .write(name, bytes)
                .map(drop)
                .map_err(io_error(&staging.path().join(name)))
        },
        progress,
    )?;
    let mut watch = crate::timings::Stopwatch::start("output");
    staging.commit().map_err(io_error(&output))?;
    watch.lap("commit");
    Ok(BuildReport { output, ..report })
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError {
    let path = path.to_path_buf();
    move |source| BuildError::Output { path, source }
}

/// Where a build puts each output file, by its path relative to the output's
/// top; a later file of the same path replaces an earlier one.
pub type Put<'a> = dyn Fn(&str, &[u8]) -> Result<(), BuildError> + Sync + 'a;

/// Renders the whole site in `root` and hands every output file to `put`:
/// static files, assets, pages (in parallel), the search index and the
/// list of items. The report's `output` is empty.
pub fn produce(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    put: &Put<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (briefing, templates) = prepare(root, drafts, base_url)?;
    let mut watch = crate::timings::Stopwatch::start("produce");
    let renderer = Renderer::new(&briefing, &templates);
    let mut pages = render::pages(&briefing);
    // The sitemap, which holds every page's address at once, is made
    // first, before the search index has grown: made last, it raised a
    // build's peak memory (10k articles: by about 10 MiB).
    if let Some(at) = pages.iter().position(|p| matches!(p, Page::Sitemap)) {
        pages[..=at].rotate_right(1);
    }
    put_site_files(root, &briefing, &templates, put)?;
    watch.lap("pages and site files");
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = pages.len();
    let by_kind = crate::timings::Tally::default();
    // A page rendered (begun at `began`) written and counted.
    let finish = |kind: &'static str, began, rendered: Result<(String, String), TemplateError>| {
        let (path, content) = rendered.map_err(|e| BuildError::Content(vec![e.0]))?;
        put(&path, content.as_bytes())?;
        by_kind.add(kind, began);
        let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(Progress { done, total });
        Ok::<(), BuildError>(())
    };
    let (written, index) = on_render_threads(|| {
        rayon::join(
            || {
                pages
                    .par_iter()
                    .filter(|page| !matches!(page, Page::Article(_)))
                    .try_for_each(|page| {
                        let began = by_kind.begin();
                        finish(page.kind(), began, renderer.render_content(page))
                    })
            },
            // The articles' pages are rendered as the index reads their
            // bodies, so each body is read once; each index file is
            // written as soon as it is made, so that the index is not held
            // while the rest of the pages render.
            || {
                let began = by_kind.begin();
                let written = crate::search::write_index_files_reading(
                    &briefing,
                    renderer.paths(),
                    |name, text| put(&name, text.as_bytes()),
                    |i, body| {
                        let began = by_kind.begin();
                        let body = body.map_err(|problem| BuildError::Content(vec![problem]))?;
                        let mut text = None;
                        let rendered = renderer.render_article(i, body).map(|article| {
                            text = article.text;
                            (article.path, article.content)
                        });
                        finish("article", began, rendered)?;
                        Ok(text)
                    },
                );
                by_kind.add("search index and articles", began);
                written
            },
        )
    });
    written?;
    index?;
    watch.lap("render");
    by_kind.print("render");
    for (name, text) in &crate::visits::items_files(&briefing) {
        put(name, text.as_bytes())?;
    }
    watch.lap("items files");
    let report = BuildReport {
        articles: briefing.articles.len(),
        actors: briefing.actors.len(),
        events: briefing.events.len(),
        pages: pages.len(),
        output: PathBuf::new(),
        elapsed: started.elapsed(),
        warnings: briefing.config.warnings.clone(),
    };
    drop(renderer);
    let model = (pages, templates, briefing);
    if EXITS_AFTER_BUILD.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(model);
    } else {
        drop(model);
    }
    watch.lap("free");
    Ok(report)
}

/// Runs `work` on threads with stacks deep enough for templates that nest
/// macros up to [`crate::templates::MAX_MACRO_DEPTH`], and for saved pages
/// that nest their elements thousands deep (a thread's stack is only
/// reserved, and used as it grows); on the global pool when such threads
/// cannot be made.
pub(crate) fn on_render_threads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(RENDER_STACK)
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The stack of a rendering thread: 64 MiB.
const RENDER_STACK: usize = 64 << 20;

/// Checks the site in `root` as a build would, rendering every page, but
/// writes nothing.
pub fn check(root: &Path, drafts: bool) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (briefing, templates) = prepare(root, drafts, None)?;
    let renderer = Renderer::new(&briefing, &templates);
    let pages = render::pages(&briefing);
    let problems: Vec<Diagnostic> = on_render_threads(|| {
        pages
            .par_iter()
            .filter_map(|page| renderer.render_content(page).err().map(|e| e.0))
            .collect()
    });
    if !problems.is_empty() {
        return Err(BuildError::Content(diag::sorted(problems)));
    }
    Ok(BuildReport {
        articles: briefing.articles.len(),
        actors: briefing.actors.len(),
        events: briefing.events.len(),
        pages: pages.len(),
        output: PathBuf::new(),
        elapsed: started.elapsed(),
        warnings: briefing.config.warnings.clone(),
    })
}

/// Where the output really is, or why the build may not write there: it
/// must not hold the site or lie inside one of its folders (checked on the
/// resolved path, so a relative path with missing parents is refused like
/// its absolute form), and it must be the build's own (see
/// [`output::check_target`]).
fn resolve_output(root: &Path, output: &Path) -> Result<PathBuf, BuildError> {
    let cannot = |err: std::io::Error| BuildError::Output {
        path: output.to_path_buf(),
        source: err,
    };
    let root = output::absolute(root).map_err(cannot)?;
    let root = root.canonicalize().unwrap_or(root);
    let resolved = output::absolute(output).map_err(cannot)?;
    if root.starts_with(&resolved) {
        return Err(BuildError::UnsafeOutput(format!(
            "refusing to build into {}: it holds the site itself and would be replaced whole; choose an output folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    if let Some(source) = SOURCES
        .iter()
        .find(|dir| resolved.starts_with(root.join(dir)))
    {
        return Err(BuildError::UnsafeOutput(format!(
            "refusing to build into {}: it is inside the site's {source}/ folder, which the build would replace; choose an output folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    match output::check_target(&resolved, output) {
        Some(refusal) => Err(BuildError::UnsafeOutput(refusal)),
        None => Ok(resolved),
    }
}

/// The site's own folders: an output inside one of them would replace it.
const SOURCES: [&str; 4] = ["content", "templates", "static", "raw"];

/// Puts the files every build writes besides its pages: `ROOT/static/` as
/// it is, the interface texts for the scripts, and the templates' assets
/// (stylesheet, scripts, favicon).
pub fn put_site_files(
    root: &Path,
    briefing: &Briefing,
    templates: &Templates,
    put: &Put<'_>,
) -> Result<(), BuildError> {
    copy_static(root, put)?;
    put(
        crate::i18n::SCRIPT_FILE,
        briefing.config.interface.script().as_bytes(),
    )?;
    for (name, bytes) in &templates.assets {
        put(name, bytes)?;
    }
    Ok(())
}

/// Copies `ROOT/static/` as it is to the output's top.
fn copy_static(root: &Path, put: &Put<'_>) -> Result<(), BuildError> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir) {
        let entry = entry.map_err(|e| BuildError::Output {
            path: dir.clone(),
            source: e.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|source| BuildError::Output {
            path: entry.path().to_path_buf(),
            source,
        })?;
        put(&relative.to_string_lossy(), &bytes)?;
    }
    Ok(())
}
