//! Any bytes as one raw file, imported into a small site (text, or HTML
//! when the bytes look like it); then the site must still load, and every
//! article import wrote must parse. Must never panic.
#![no_main]

use std::path::PathBuf;

use briefing::import::{self, ImportOptions};
use libfuzzer_sys::fuzz_target;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    for kind in ["articles", "actors", "events"] {
        std::fs::create_dir_all(root.join("content").join(kind)).expect("content folders");
    }
    std::fs::write(root.join("site.toml"), "title = \"Fuzz\"\n").expect("site.toml");
    std::fs::write(
        root.join("content/actors/vladimir-putin.md"),
        "+++\nname = \"Vladimir Putin\"\naliases = [\"Putin\"]\n+++\n",
    )
    .expect("an actor");
    dir
}

fuzz_target!(|data: &[u8]| {
    let dir = site();
    let root = dir.path();
    let looks_like_html = data.iter().take(512).any(|&b| b == b'<');
    let raw: PathBuf = root.join(if looks_like_html { "raw.html" } else { "raw.txt" });
    std::fs::write(&raw, data).expect("the raw file");
    let options = ImportOptions {
        dry_run: false,
        add_actors: true,
    };
    if import::import(root, &[raw], &options).is_ok() {
        if let Err(problems) = briefing::load::load(root) {
            // Import may write an article an editor must finish (a draft
            // without a date is fine); it must not write one that does
            // not parse.
            for p in problems {
                let text = p.to_string();
                assert!(
                    !text.contains("invalid TOML") && !text.contains("front matter"),
                    "import wrote a file that does not parse: {text}"
                );
            }
        }
    }
});
