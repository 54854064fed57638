//! The `briefing` command line: parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use briefing::build::{self, BuildOptions, BuildReport};
use briefing::import::{self, ImportOptions};
use briefing::render::plural;
use clap::{Parser, Subcommand};

/// A faster allocator: rendering makes many small strings and maps.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            quiet,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
            };
            match build::build(&options) {
                Ok(report) => {
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
            match import::import(&root, &paths, &options) {
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
        Command::Check { root, drafts } => match build::check(&root, drafts) {
            Ok(report) => {
                print_lines([summary("Checked", &report)]);
                ExitCode::SUCCESS
            }
            Err(err) => fail(&err, "fix these and run again"),
        },
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
