//! The `briefing` command line: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use briefing::build::{self, BuildOptions, BuildReport};
use briefing::import::{self, ImportOptions};
use briefing::render::plural;
use briefing::scaffold;
use briefing::serve::{Outcome, ServeOptions, Server};
use clap::{Parser, Subcommand};
use indicatif::{ProgressDrawTarget, ProgressStyle};

/// A faster allocator: rendering makes many small strings and maps.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// Sets one of mimalloc's options (its C library, which the `mimalloc`
    /// crate links in, exports it; that crate does not wrap it).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// mimalloc's `mi_option_purge_delay`: how long, in milliseconds, memory
/// it no longer uses stays with the process before it goes back to the
/// system (its place in mimalloc 3's `mi_option_t`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// The purge delay a build runs with. mimalloc 3's own, 1,000 ms, held what
/// a build had let go of a second ago: loading and linking, then the search
/// index, then the biggest pages each let go of megabytes well inside that.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Gives memory back to the system [`PURGE_DELAY_MS`] after mimalloc stops
/// using it, unless `MIMALLOC_PURGE_DELAY` sets a delay of its own, and
/// uses small pages only, unless `MIMALLOC_ALLOW_THP` is set.
fn set_allocator_options() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option, before any other thread runs.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
    use_small_pages();
}

/// Turns transparent huge pages off for the process.
fn use_small_pages() {
    // mimalloc asks for transparent huge pages, 2 MiB each and zeroed whole
    // when first touched: they raised a build's peak memory by a quarter
    // (10k articles: 89 -> 117 MiB) and saved no time. Set first thing in
    // `main`, this holds for all memory touched after.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // Without it (an old kernel), pages are as the system gives them.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

#[derive(Parser)]
#[command(
    name = "briefing",
    version,
    about = "Turns news articles into a cross-linked briefing website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Turn raw article text or saved web pages (files, or folders of them) into article pages.
    /// Exit status: 0 clean, 1 written with warnings, 2 nothing written.
    Import {
        /// Raw text files or saved pages (.html, .htm), or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The site folder, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also write the suggested actor files for people who are not actors yet.
        #[arg(long)]
        add_actors: bool,
    },
    /// Build the site into its output folder (ROOT/public by default).
    Build {
        /// The site folder, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaced whole, atomically.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include articles marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// The site's address for this build, instead of base_url in site.toml
        /// (feed, sitemap).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Make a new site in DIR that builds at once: site.toml and an example
    /// article, actor and event. DIR must be new or empty.
    Init {
        /// The folder for the new site.
        dir: PathBuf,
    },
    /// Write a new article, actor or event file named after NAME, with the
    /// front matter it needs; never replaces a file.
    New {
        /// What to make.
        kind: NewKind,
        /// The article's or event's title, or the actor's name.
        name: String,
        /// The site folder, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site into memory and serve it on this machine, rebuilding
    /// and reloading open pages after each save; writes no file.
    Serve {
        /// The site folder, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; another than 127.0.0.1 lets other
        /// machines see the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include articles marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check every file and template as a build would, and write nothing.
    Check {
        /// The site folder, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check as a build with --drafts would.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Article,
    Actor,
    Event,
}

impl From<NewKind> for scaffold::Kind {
    fn from(kind: NewKind) -> Self {
        match kind {
            NewKind::Article => scaffold::Kind::Article,
            NewKind::Actor => scaffold::Kind::Actor,
            NewKind::Event => scaffold::Kind::Event,
        }
    }
}

fn main() -> ExitCode {
    set_allocator_options();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            quiet,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
                base_url,
            };
            build::exits_after_build();
            let bar = ProgressBar::new(quiet, "pages");
            let built = build::build_with_progress(&options, &|p| bar.show(p.done, p.total));
            bar.finish();
            match built {
                Ok(report) => {
                    warn(&report);
                    if !quiet {
                        print_lines([summary("Built", &report)]);
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => fail(
                    &err,
                    "nothing was written; the previous output is unchanged",
                ),
            }
        }
        Command::Import {
            paths,
            root,
            dry_run,
            add_actors,
        } => {
            let options = ImportOptions {
                dry_run,
                add_actors,
            };
            let bar = ProgressBar::new(false, "files");
            let imported = import::import_with_progress(&root, &paths, &options, &|done, total| {
                bar.show(done, total)
            });
            bar.finish();
            match imported {
                Ok(report) => {
                    print_lines(report.lines());
                    ExitCode::from(report.exit_code())
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir, scaffold::today()) {
            Ok(files) => {
                let mut lines = vec![format!("Made a new site in {}:", dir.display())];
                lines.extend(files.iter().map(|f| format!("  {}", f.display())));
                lines.push(format!(
                    "Build it with `briefing build --root {0}`, or preview it with `briefing serve --root {0}`",
                    dir.display()
                ));
                print_lines(lines);
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        Command::New { kind, name, root } => {
            match scaffold::new_file(&root, kind.into(), &name, scaffold::today()) {
                Ok(file) => {
                    print_lines([format!("Wrote {}", root.join(file).display())]);
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => serve(
            ServeOptions {
                root,
                bind,
                port,
                drafts,
            },
            open,
        ),
        Command::Check { root, drafts } => match build::check(&root, drafts) {
            Ok(report) => {
                warn(&report);
                print_lines([summary("Checked", &report)]);
                ExitCode::SUCCESS
            }
            Err(err) => fail(&err, "fix these and run again"),
        },
    }
}

fn serve(options: ServeOptions, open: bool) -> ExitCode {
    let (server, first) = match Server::start(&options) {
        Ok(started) => started,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    print_lines([format!(
        "Serving {} at {} (Ctrl-C stops); watching content/, templates/, static/ and site.toml",
        options.root.display(),
        server.url()
    )]);
    print_outcome(&[], &first);
    if open {
        open_in_browser(&server.url());
    }
    server.watch(print_outcome);
    ExitCode::SUCCESS
}

fn print_outcome(changed: &[PathBuf], outcome: &Outcome) {
    let after = match changed {
        [] => String::new(),
        [one] => format!(" after {} changed", one.display()),
        many => format!(" after {} files changed", many.len()),
    };
    match outcome {
        Outcome::Built {
            pages,
            rendered,
            loaded,
            reloaded,
            warnings,
        } => {
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            print_lines([format!(
                "Built {}{after} in {:.0} ms ({rendered} rendered; loading and linking {:.0} ms)",
                plural(*pages, "page"),
                reloaded.as_secs_f64() * 1000.0,
                loaded.as_secs_f64() * 1000.0
            )])
        }
        Outcome::Failed(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            eprintln!(
                "error: the site did not build{after}; still serving the last good build, and the page shows the problem until it is fixed"
            );
        }
    }
}

/// Opens `url` in the browser `$BROWSER` names (its first choice, with
/// `%s` standing for the address or the address added last), else in the
/// system's default browser, if there is one to ask.
fn open_in_browser(url: &str) {
    let default = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let chosen = std::env::var("BROWSER").unwrap_or_default();
    let command = chosen
        .split(':')
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or(default);
    let mut words: Vec<String> = command.split_whitespace().map(String::from).collect();
    if words.iter().any(|w| w.contains("%s")) {
        words = words.iter().map(|w| w.replace("%s", url)).collect();
    } else {
        words.push(url.to_string());
    }
    let started = std::process::Command::new(&words[0])
        .args(&words[1..])
        .spawn();
    if started.is_err() {
        eprintln!("could not start {}; open {url} yourself", words[0]);
    }
}

/// A progress bar on standard error for a build or an import that takes
/// over a second, on a terminal only.
struct ProgressBar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    visible: std::sync::atomic::AtomicBool,
    wanted: bool,
}

impl ProgressBar {
    /// A bar counting `unit` ("pages", "files").
    fn new(quiet: bool, unit: &str) -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:40}} {{pos}}/{{len}} {unit} {{eta}} left"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        ProgressBar {
            bar,
            started: std::time::Instant::now(),
            visible: std::sync::atomic::AtomicBool::new(false),
            wanted: !quiet && std::io::stderr().is_terminal(),
        }
    }

    fn show(&self, done: usize, total: usize) {
        use std::sync::atomic::Ordering;
        if self.wanted
            && !self.visible.load(Ordering::Relaxed)
            && self.started.elapsed() > std::time::Duration::from_secs(1)
            && !self.visible.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The build's warnings, on standard error.
fn warn(report: &BuildReport) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
}

fn summary(verb: &str, report: &BuildReport) -> String {
    let target = if report.output.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" into {}", report.output.display())
    };
    format!(
        "{verb} {}, {}, {}: {}{target} in {:.2} s",
        plural(report.articles, "article"),
        plural(report.actors, "actor"),
        plural(report.events, "event"),
        plural(report.pages, "page"),
        report.elapsed.as_secs_f64()
    )
}

/// Prints to standard output, stopping quietly when the reader has gone
/// (`briefing import raw | head`), where `println!` would panic.
fn print_lines(lines: impl IntoIterator<Item = String>) {
    let mut out = std::io::stdout().lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}

fn fail(err: &build::BuildError, what_now: &str) -> ExitCode {
    let lines = err.lines();
    for line in &lines {
        eprintln!("{line}");
    }
    let count = lines.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    eprintln!("error: {count} {noun}; {what_now}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_mimallocs() {
        // mimalloc 3 purges after 1,000 ms by default, and no other option
        // of its defaults to 1,000: a new mimalloc whose options moved
        // fails here rather than setting some other option.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an integer option.
            assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn the_allocator_options_turn_transparent_huge_pages_off() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
            use_small_pages();
            assert_eq!(
                rustix::thread::transparent_huge_pages_are_disabled().ok(),
                Some(true)
            );
        }
    }
}
