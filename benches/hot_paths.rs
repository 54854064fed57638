//! The hot paths of a build and of an import, one at a time, with
//! criterion: escaping text for HTML, rendering an article's Markdown with
//! its actors linked, reading words for the search index, loading and
//! linking a site, a whole build, and importing the real-world pastes.
//! Inputs are the repository's own site and `tests/realworld/text`, so the
//! figures need nothing generated. Run from the repository root:
//!
//! ```sh
//! cargo bench --bench hot_paths
//! ```
//!
//! The whole-site figures at scale, against Hugo, come from
//! `benches/scale.sh`; import rates on one core from
//! `benches/import-speed.sh`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use briefing::build::{build, prepare, BuildOptions};
use briefing::import::{import, ImportOptions};
use briefing::markdown::{plain_text, to_html, ActorLinker, Linking};
use briefing::search::words;
use briefing::text::escape_html;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bodies of the repository's articles (front matter left out), one
/// after the other.
fn bodies() -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("content/articles"))
        .expect("the repository's content/articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut all = String::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("an article file");
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        all.push_str(body);
        all.push_str("\n\n");
    }
    all
}

fn text_paths(c: &mut Criterion) {
    let bodies = bodies();
    let html = to_html(&bodies, None);
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("escape_html of rendered articles", |b| {
        b.iter(|| escape_html(black_box(&html)))
    });

    let actors = briefing::load::load_actors(root()).expect("the repository's actors");
    let linker = ActorLinker::for_actors(&actors);
    let href = |i: usize| format!("../../actors/{i}/");
    let linking = Linking {
        linker: &linker,
        href: &href,
        own: None,
    };
    group.throughput(Throughput::Bytes(bodies.len() as u64));
    group.bench_function("markdown to_html, actors linked", |b| {
        b.iter(|| to_html(black_box(&bodies), Some(&linking)))
    });
    group.bench_function("actor mentions", |b| {
        b.iter(|| linker.mentions(black_box(&bodies)).count())
    });
    let plain = plain_text(&bodies);
    group.bench_function("search words", |b| {
        b.iter(|| words(black_box(&plain)).count())
    });
    group.finish();
}

fn site_paths(c: &mut Criterion) {
    let mut group = c.benchmark_group("site");
    group.sample_size(20);
    group.bench_function("load and link the repository's site", |b| {
        b.iter(|| prepare(root(), false, None).map(|(site, _)| site.articles.len()))
    });
    // The output in a folder of its own: a build keeps its lock and its
    // previous output beside the output folder.
    let folder = std::env::temp_dir().join(format!("briefing-bench-{}", std::process::id()));
    let out = folder.join("public");
    group.bench_function("build the repository's site", |b| {
        b.iter(|| {
            build(&BuildOptions {
                root: root().to_path_buf(),
                output: Some(out.clone()),
                drafts: false,
                base_url: None,
            })
            .map(|report| report.pages)
        })
    });
    let _ = std::fs::remove_dir_all(&folder);
    group.finish();
}

fn import_paths(c: &mut Criterion) {
    let pastes = root().join("tests/realworld/text");
    let count = std::fs::read_dir(&pastes).map_or(0, |d| d.count());
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.throughput(Throughput::Elements(count as u64));
    let options = ImportOptions {
        dry_run: true,
        add_actors: false,
    };
    group.bench_function("whole-page pastes, dry run", |b| {
        b.iter(|| import(root(), std::slice::from_ref(&pastes), &options).map(|r| r.exit_code()))
    });
    group.finish();
}

criterion_group!(benches, text_paths, site_paths, import_paths);
criterion_main!(benches);
