//! An incremental rebuild gives the same site, byte for byte, as a full
//! build, after each kind of edit an editor makes, and renders fewer pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing::incremental::{Rebuilt, Snapshot};

const FIXTURE: &str = "tests/fixtures/small-site";

mod common;
use common::copy_dir;

fn sorted(rebuilt: &Rebuilt) -> BTreeMap<&str, &[u8]> {
    rebuilt
        .snapshot
        .files
        .iter()
        .map(|(k, v)| (k.as_str(), &v[..]))
        .collect()
}

/// Rebuilds after `changed` and checks the result against a full build.
fn step(root: &Path, before: &mut Snapshot, changed: &[&str]) -> Rebuilt {
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
    let mut first = Snapshot::build(root, false).unwrap();
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
    let mut body = step(root, &mut first.snapshot, &[nato]);
    assert!(
        body.rendered < total / 2,
        "a body edit rendered {} of {total} pages",
        body.rendered
    );
    assert!(
        !body.relinked,
        "an edit of the text is made without linking"
    );

    // An edit of the text whose summary is its first paragraph, shown on
    // other pages: still no linking, and those pages follow.
    let kremlin = "content/articles/2022-12-02-kremlin-open-to-talks.md";
    edit(root, kremlin, "is open to talks", "is ready for talks");
    let mut summary = step(root, &mut body.snapshot, &[kremlin]);
    assert!(!summary.relinked);

    // A body that names another actor changes that actor's list of
    // articles: linked again.
    edit(
        root,
        nato,
        "must leave first",
        "must leave first, Biden said",
    );
    let mut named = step(root, &mut summary.snapshot, &[nato]);
    assert!(named.relinked, "naming an actor in the body links again");

    // Front matter: the actors listed, then the date (the article moves to
    // another month and its neighbours change).
    edit(
        root,
        nato,
        "actors = [\"nato\", \"russia\"]",
        "actors = [\"nato\"]",
    );
    let mut listed = step(root, &mut named.snapshot, &[nato]);
    assert!(listed.relinked);
    edit(
        root,
        nato,
        "date = 2022-12-05T09:30:00+01:00",
        "date = 2023-01-15",
    );
    let mut moved = step(root, &mut listed.snapshot, &[nato]);
    assert!(moved.relinked);

    // A renamed file is another article: the old one's pages go.
    let renamed = "content/articles/2023-01-15-nato-answer.md";
    std::fs::rename(root.join(nato), root.join(renamed)).unwrap();
    let mut rename = step(root, &mut moved.snapshot, &[nato, renamed]);
    std::fs::rename(root.join(renamed), root.join(nato)).unwrap();
    let mut body = step(root, &mut rename.snapshot, &[nato, renamed]);

    // A broken article stays reported while other articles' text is edited,
    // until it is fixed.
    let good = std::fs::read_to_string(root.join(kremlin)).unwrap();
    std::fs::write(root.join(kremlin), good.replace("date = ", "date = \"")).unwrap();
    let broken = body
        .snapshot
        .rebuild(root, false, &[PathBuf::from(kremlin)]);
    assert!(broken.is_err());
    edit(root, nato, "must leave first", "must go first");
    let still = body.snapshot.rebuild(root, false, &[PathBuf::from(nato)]);
    let lines = still
        .err()
        .expect("the broken article is still reported")
        .lines();
    assert!(lines.iter().any(|l| l.contains(kremlin)), "{lines:#?}");
    std::fs::write(root.join(kremlin), good).unwrap();
    let mut body = step(root, &mut body.snapshot, &[kremlin]);

    let added = "content/articles/2022-12-04-new-talks.md";
    std::fs::write(
        root.join(added),
        "+++\ntitle = \"New talks\"\ndate = 2022-12-04\nsource = \"Reuters\"\nactors = [\"joe-biden\"]\ntags = [\"Peace talks\"]\n+++\nPutin and Biden spoke.\n",
    )
    .unwrap();
    let mut add = step(root, &mut body.snapshot, &[added]);

    std::fs::remove_file(root.join(nato)).unwrap();
    let mut delete = step(root, &mut add.snapshot, &[nato]);

    let putin = "content/actors/vladimir-putin.md";
    edit(
        root,
        putin,
        "\"Mr Putin\"",
        "\"President Putin\", \"Spoke\"",
    );
    let mut alias = step(root, &mut delete.snapshot, &[putin]);

    // An event between two others becomes their neighbour, and a renamed
    // event renames the links on its neighbours' pages.
    let between = "content/events/paris-talks.md";
    std::fs::write(
        root.join(between),
        "+++\ntitle = \"Talks in Paris\"\ndate = 2022-11-20\n+++\n",
    )
    .unwrap();
    let mut inserted = step(root, &mut alias.snapshot, &[between]);
    let bali = "content/events/g20-bali.md";
    edit(root, bali, "G20 summit in Bali", "G20 leaders in Bali");
    let mut renamed = step(root, &mut inserted.snapshot, &[bali]);
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
    let mut changed = step(root, &mut renamed.snapshot, &[template]);
    assert!(
        changed.rendered < changed.pages,
        "only article pages use article.html"
    );
    assert!(!changed.relinked, "a template change keeps the linked site");

    edit(
        root,
        "site.toml",
        "title = ",
        "title = \"Renamed\"\nold_title = ",
    );
    let mut retitled = step(root, &mut changed.snapshot, &["site.toml"]);

    edit(
        root,
        "site.toml",
        "description = ",
        "language = \"uk\"\ndescription = ",
    );
    let mut ukrainian = step(root, &mut retitled.snapshot, &["site.toml"]);
    let front = String::from_utf8_lossy(&ukrainian.snapshot.files["index.html"]).into_owned();
    assert!(front.contains("Останні новини"), "{front}");

    let catalogue = "i18n/uk.toml";
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(root.join(catalogue), "[front]\nlatest = \"Найсвіжіше\"\n").unwrap();
    let own = step(root, &mut ukrainian.snapshot, &[catalogue]);
    let front = String::from_utf8_lossy(&own.snapshot.files["index.html"]).into_owned();
    assert!(front.contains("Найсвіжіше"), "{front}");
}
