//! An incremental rebuild gives the same site, byte for byte, as a full
//! build, after each kind of edit an editor makes, and renders fewer pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing::incremental::{Rebuilt, Snapshot};

const FIXTURE: &str = "tests/fixtures/small-site";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn sorted(rebuilt: &Rebuilt) -> BTreeMap<&str, &[u8]> {
    rebuilt
        .snapshot
        .files
        .iter()
        .map(|(k, v)| (k.as_str(), &v[..]))
        .collect()
}

/// Rebuilds after `changed` and checks the result against a full build.
fn step(root: &Path, before: &Snapshot, changed: &[&str]) -> Rebuilt {
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let incremental = before
        .rebuild(root, false, &changed)
        .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    let full = Snapshot::build(root, false).unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    let (got, want) = (sorted(&incremental), sorted(&full));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "after {changed:?}"
    );
    for (path, bytes) in &want {
        assert!(
            got[path] == *bytes,
            "{path} differs after {changed:?}:\n{}",
            String::from_utf8_lossy(got[path])
        );
    }
    incremental
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn incremental_rebuilds_match_full_builds_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(Path::new(FIXTURE), root);
    let first = Snapshot::build(root, false).unwrap();
    let total = first.pages;

    // The full build in memory is the build written to disk.
    let output = root.join("out");
    briefing::build::build(&briefing::build::BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.clone()),
        drafts: false,
        base_url: None,
    })
    .unwrap();
    for (path, bytes) in sorted(&first) {
        assert_eq!(std::fs::read(output.join(path)).unwrap(), bytes, "{path}");
    }
    std::fs::remove_dir_all(&output).unwrap();

    let nato = "content/articles/2022-12-05-nato-response.md";
    edit(root, nato, "must withdraw first", "must leave first");
    let body = step(root, &first.snapshot, &[nato]);
    assert!(
        body.rendered < total / 2,
        "a body edit rendered {} of {total} pages",
        body.rendered
    );

    let added = "content/articles/2022-12-04-new-talks.md";
    std::fs::write(
        root.join(added),
        "+++\ntitle = \"New talks\"\ndate = 2022-12-04\nsource = \"Reuters\"\nactors = [\"joe-biden\"]\ntags = [\"Peace talks\"]\n+++\nPutin and Biden spoke.\n",
    )
    .unwrap();
    let add = step(root, &body.snapshot, &[added]);

    std::fs::remove_file(root.join(nato)).unwrap();
    let delete = step(root, &add.snapshot, &[nato]);

    let putin = "content/actors/vladimir-putin.md";
    edit(
        root,
        putin,
        "\"Mr Putin\"",
        "\"President Putin\", \"Spoke\"",
    );
    let alias = step(root, &delete.snapshot, &[putin]);

    // An event between two others becomes their neighbour, and a renamed
    // event renames the links on its neighbours' pages.
    let between = "content/events/paris-talks.md";
    std::fs::write(
        root.join(between),
        "+++\ntitle = \"Talks in Paris\"\ndate = 2022-11-20\n+++\n",
    )
    .unwrap();
    let inserted = step(root, &alias.snapshot, &[between]);
    let bali = "content/events/g20-bali.md";
    edit(root, bali, "G20 summit in Bali", "G20 leaders in Bali");
    let renamed = step(root, &inserted.snapshot, &[bali]);
    let paris = std::str::from_utf8(sorted(&renamed)["events/paris-talks/index.html"])
        .unwrap()
        .to_string();
    assert!(paris.contains(">G20 leaders in Bali</a>"), "{paris}");

    std::fs::create_dir_all(root.join("templates")).unwrap();
    let template = "templates/article.html";
    std::fs::write(
        root.join(template),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ article.title }}</h1>{{ article.body | safe }}{% endblock main %}",
    )
    .unwrap();
    let changed = step(root, &renamed.snapshot, &[template]);
    assert!(
        changed.rendered < changed.pages,
        "only article pages use article.html"
    );

    edit(
        root,
        "site.toml",
        "title = ",
        "title = \"Renamed\"\nold_title = ",
    );
    let renamed = step(root, &changed.snapshot, &["site.toml"]);

    edit(
        root,
        "site.toml",
        "description = ",
        "language = \"uk\"\ndescription = ",
    );
    let ukrainian = step(root, &renamed.snapshot, &["site.toml"]);
    let front = String::from_utf8_lossy(&ukrainian.snapshot.files["index.html"]).into_owned();
    assert!(front.contains("Останні новини"), "{front}");

    let catalogue = "i18n/uk.toml";
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(root.join(catalogue), "[front]\nlatest = \"Найсвіжіше\"\n").unwrap();
    let own = step(root, &ukrainian.snapshot, &[catalogue]);
    let front = String::from_utf8_lossy(&own.snapshot.files["index.html"]).into_owned();
    assert!(front.contains("Найсвіжіше"), "{front}");
}
