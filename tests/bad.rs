//! The bad-input corpus of issue 9: each case is a site, an output folder
//! or a file an editor or a deploy setup could really produce, run through
//! the `briefing` command with its exact expected message or outcome.
//!
//! Sites in `tests/bad/NAME/` are overlays on the fixture site: their files
//! replace or join the fixture's, a file named in `tests/bad/NAME/remove`
//! is deleted, and `tests/bad/NAME/expected` is the exact error output of
//! `briefing check`. Cases that need what a repository cannot hold (links,
//! pipes, devices, file names that are not UTF-8, permissions) are built
//! here in code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/small-site";
const CORPUS: &str = "tests/bad";

mod common;
use common::copy_dir;

/// A copy of the fixture site in `dir/site`.
fn site_in(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_dir(Path::new(FIXTURE), &site);
    site
}

fn briefing(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` with its bytes (links and special files by kind).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                format!("{:?}", e.file_type()).into_bytes()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A refused build: exit status 1, the message, and the closing line.
fn assert_refused(output: &Output, message: &str) {
    assert_eq!(
        stderr(output),
        format!(
            "{message}\nerror: 1 problem; nothing was written; the previous output is unchanged\n"
        )
    );
    assert_eq!(output.status.code(), Some(1));
}

fn deploy_folder(dir: &Path) -> PathBuf {
    let deploy = dir.join("deploy");
    std::fs::create_dir_all(deploy.join(".git")).unwrap();
    std::fs::write(deploy.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(deploy.join("CNAME"), "briefing.example.org\n").unwrap();
    std::fs::write(deploy.join("index.html"), "<p>someone's page</p>").unwrap();
    std::fs::write(deploy.join("notes.txt"), "mine").unwrap();
    deploy
}

// Case 1: `public` is a link to a deploy folder.
#[cfg(unix)]
#[test]
fn a_public_link_to_a_folder_is_refused_and_its_target_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let deploy = deploy_folder(dir.path());
    std::os::unix::fs::symlink(&deploy, site.join("public")).unwrap();
    let before = tree(&deploy);
    let real = deploy.canonicalize().unwrap();
    for _ in 0..2 {
        let output = briefing(&site, &["build"]);
        assert_refused(
            &output,
            &format!(
                "refusing to build into ./public: it is a symbolic link (to {}), and the build never writes through a link; pass --output {} to build into the folder it points to (it must be empty or an earlier build), or remove the link",
                deploy.display(),
                real.display()
            ),
        );
    }
    assert_eq!(tree(&deploy), before);
    assert!(std::fs::symlink_metadata(site.join("public"))
        .unwrap()
        .is_symlink());
    assert!(!names(&site).iter().any(|n| n.starts_with(".public")));
}

// Case 2: an unrelated folder that holds an index.html.
#[test]
fn a_folder_of_other_files_is_refused_even_with_an_index_html() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let deploy = deploy_folder(dir.path());
    let before = tree(&deploy);
    for _ in 0..2 {
        let output = briefing(
            dir.path(),
            &["build", "--root", "site", "--output", "deploy"],
        );
        assert_refused(
            &output,
            "refusing to build into deploy: it holds files and no .briefing-output marker, so it is not an earlier build and the build would replace them; choose another folder, or empty it (an output of a briefing older than the marker can simply be deleted), or, to publish into it (a deploy checkout, say), create an empty file deploy/.briefing-output: the build then replaces only what it writes and keeps every other top-level entry (.git, CNAME, ...)",
        );
    }
    assert_eq!(tree(&deploy), before);
    assert_eq!(names(dir.path()), ["deploy", "site"]);
    drop(site);
}

// Case 2, the way out: a deploy checkout marked for the build keeps its
// `.git`, `CNAME` and every other file the site does not write.
#[test]
fn a_marked_deploy_checkout_keeps_what_the_site_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    site_in(dir.path());
    let deploy = deploy_folder(dir.path());
    std::fs::write(deploy.join(".briefing-output"), "").unwrap();
    for _ in 0..3 {
        let output = briefing(
            dir.path(),
            &["build", "--root", "site", "--output", "deploy", "-q"],
        );
        assert_eq!(stderr(&output), "");
        assert!(output.status.success());
        assert_eq!(
            std::fs::read_to_string(deploy.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/main\n"
        );
        assert_eq!(
            std::fs::read_to_string(deploy.join("CNAME")).unwrap(),
            "briefing.example.org\n"
        );
        assert_eq!(
            std::fs::read_to_string(deploy.join("notes.txt")).unwrap(),
            "mine"
        );
        // The site's own index.html replaced the one that was there.
        assert!(std::fs::read_to_string(deploy.join("index.html"))
            .unwrap()
            .contains("Test Briefing"));
    }
}

// Case 3: a FIFO, a device node or a file as the output.
#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_file_is_never_touched() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    site_in(dir.path());
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let output = briefing(dir.path(), &["build", "--root", "site", "--output", "pipe"]);
    assert_refused(
        &output,
        "refusing to build into pipe: it is a named pipe (FIFO), not a folder; choose a folder (a missing one is created)",
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    std::fs::write(dir.path().join("page.html"), "mine").unwrap();
    let output = briefing(
        dir.path(),
        &["build", "--root", "site", "--output", "page.html"],
    );
    assert_refused(
        &output,
        "refusing to build into page.html: it is a file, not a folder; choose a folder (a missing one is created)",
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("page.html")).unwrap(),
        "mine"
    );

    // A device node made here (needs the right to make one; skipped without).
    let device = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let output = briefing(dir.path(), &["build", "--root", "site", "--output", "null"]);
        assert_refused(
            &output,
            "refusing to build into null: it is a device, not a folder; choose a folder (a missing one is created)",
        );
        assert!(std::fs::symlink_metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device());
    }
    let mut left = names(dir.path());
    left.retain(|n| n != "null");
    assert_eq!(left, ["page.html", "pipe", "site"]);
}

// Case 4: a relative output with missing parents inside templates/.
#[test]
fn a_relative_output_inside_the_site_is_refused_like_its_absolute_form() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let output = briefing(
        dir.path(),
        &["build", "--root", "site", "--output", "site/templates/x/y"],
    );
    let root = site.canonicalize().unwrap();
    assert_refused(
        &output,
        &format!(
            "refusing to build into site/templates/x/y: it is inside the site's templates/ folder, which the build would replace; choose an output folder such as {}",
            root.join("public").display()
        ),
    );
    assert!(!site.join("templates").exists());
    let output = briefing(
        &site,
        &["build", "--output", "content/../raw/../templates/./x"],
    );
    assert!(
        stderr(&output).contains("it is inside the site's templates/ folder"),
        "{}",
        stderr(&output)
    );
    assert!(!site.join("templates").exists());
}

// Case 5: `--output .` leaves nothing behind.
#[test]
fn a_refused_output_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let before = names(&site);
    let output = briefing(&site, &["build", "--output", "."]);
    let root = site.canonicalize().unwrap();
    assert_refused(
        &output,
        &format!(
            "refusing to build into .: it holds the site itself and would be replaced whole; choose an output folder such as {}",
            root.join("public").display()
        ),
    );
    assert_eq!(names(&site), before);
    assert_eq!(names(dir.path()), ["site"]);

    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("a.txt"), "a").unwrap();
    let output = briefing(&elsewhere, &["build", "--root", "../site", "--output", "."]);
    assert!(
        stderr(&output)
            .starts_with("refusing to build into .: it holds files and no .briefing-output marker"),
        "{}",
        stderr(&output)
    );
    assert_eq!(names(&elsewhere), ["a.txt"]);
    assert_eq!(names(dir.path()), ["elsewhere", "site"]);
}

// Case 7: no content/articles, or a file in its place.
#[test]
fn missing_articles_are_an_error_not_an_empty_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    assert!(briefing(&site, &["build", "-q"]).status.success());
    let before = tree(&site.join("public"));
    let articles = site.join("content/articles");
    std::fs::remove_dir_all(&articles).unwrap();
    let output = briefing(&site, &["build"]);
    assert_eq!(
        stderr(&output),
        "content/articles: is missing; a site needs its articles in the folder content/articles (an empty folder builds an empty site)\n\
         error: 1 problem; nothing was written; the previous output is unchanged\n"
    );
    std::fs::write(&articles, "").unwrap();
    let output = briefing(&site, &["build"]);
    assert_eq!(
        stderr(&output),
        "content/articles: is not a folder; a site needs its articles in the folder content/articles (an empty folder builds an empty site)\n\
         error: 1 problem; nothing was written; the previous output is unchanged\n"
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(tree(&site.join("public")), before);
}

/// Each site of the corpus: the fixture with the case's `site/` laid over
/// it gives exactly the case's `expected` error output from `check`.
#[test]
fn every_site_in_the_corpus_gives_its_exact_message() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        copy_dir(&case.join("site"), &site);
        let output = briefing(dir.path(), &["check", "--root", "site"]);
        let expected = std::fs::read_to_string(case.join("expected")).unwrap();
        let got = stderr(&output);
        if got != expected || output.status.code() != Some(1) {
            failures.push(format!(
                "{}: exit {:?}\n--- expected\n{expected}--- got\n{got}",
                case.display(),
                output.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An article listing `count` items under `key`, one per line.
fn long_list_article(site: &Path, key: &str, count: usize) {
    let mut text = format!("+++\ntitle = \"Many\"\ndate = 2022-12-08\n{key} = [\n");
    for i in 0..count {
        text.push_str(&format!("  \"item-{i}\",\n"));
    }
    text.push_str("]\n+++\nBody.\n");
    std::fs::write(site.join("content/articles/many.md"), text).unwrap();
}

// Case 14: one list of N actor slugs took time in N squared (each slug's
// line was looked for from the key again); now one pass, and a list of
// more than 10,000 items is refused.
#[test]
fn a_long_list_is_read_in_one_pass_and_a_runaway_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    long_list_article(&site, "actors", 10_000);
    let output = briefing(dir.path(), &["check", "--root", "site"]);
    let text = stderr(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10_001);
    assert_eq!(
        lines[9_999],
        "content/articles/many.md:10004: actors: unknown actor \"item-9999\"; create content/actors/item-9999.md or fix the slug"
    );
    long_list_article(&site, "tags", 10_001);
    let output = briefing(dir.path(), &["check", "--root", "site"]);
    assert_eq!(
        stderr(&output),
        "content/articles/many.md:4: tags: lists 10001 items; one list may hold at most 10000: keep the ones that matter for this page\n\
         error: 1 problem; fix these and run again\n"
    );
}

// Case 14: the size of one file.
#[test]
fn a_huge_content_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let mut text = String::from("+++\ntitle = \"Huge\"\ndate = 2022-12-08\n+++\n");
    text.push_str(&"word ".repeat((17 << 20) / 5));
    std::fs::write(site.join("content/articles/huge.md"), text).unwrap();
    let output = briefing(dir.path(), &["check", "--root", "site"]);
    assert_eq!(
        stderr(&output),
        "content/articles/huge.md: is 18 MiB; a content file may be at most 16 MiB: split it, or remove what is not the article\n\
         error: 1 problem; fix these and run again\n"
    );
}

// Case 17: a name that is not UTF-8 shown as it is (not `""`), a Cyrillic
// one given a transliterated slug (not `u.md`), a link loop said once.
#[cfg(target_os = "linux")]
#[test]
fn file_names_and_link_loops_are_reported_as_an_editor_sees_them() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    let articles = site.join("content/articles");
    let draft = std::fs::read(articles.join("2022-12-06-draft-piece.md")).unwrap();
    std::fs::write(articles.join("путин-визит.md"), &draft).unwrap();
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9-talks.md");
    std::fs::write(articles.join(latin1), &draft).unwrap();
    std::fs::write(articles.join("北京.md"), &draft).unwrap();
    std::os::unix::fs::symlink("..", articles.join("loop")).unwrap();
    let output = briefing(dir.path(), &["check", "--root", "site"]);
    assert_eq!(
        stderr(&output),
        "content/articles/caf\u{fffd}-talks.md: file name \"caf\u{fffd}-talks\" is not a valid slug (lowercase letters, digits and - only); rename the file to caf-talks.md\n\
         content/articles/loop: is a symbolic link to a folder that contains it, a loop: nothing below it was read; remove the link\n\
         content/articles/путин-визит.md: file name \"путин-визит\" is not a valid slug (lowercase letters, digits and - only); rename the file to putin-vizit.md\n\
         content/articles/北京.md: file name \"北京\" is not a valid slug (lowercase letters, digits and - only); rename the file to a slug in Latin letters that says what it is about, like talks-in-riyadh.md\n\
         error: 4 problems; fix these and run again\n"
    );
}

// Case 17: a full disk says that a build needs room for a second copy.
#[test]
fn a_full_disk_says_a_build_needs_room_for_two_copies() {
    let err = briefing::build::BuildError::Output {
        path: PathBuf::from("public/index.html"),
        source: std::io::Error::from(std::io::ErrorKind::StorageFull),
    };
    assert_eq!(
        err.lines(),
        ["cannot write public/index.html: no storage space; a build writes a complete second copy of the site beside the output before it swaps it in, so it needs free room for both: free some space and run again"]
    );
}

// Case 17: a template without read permission says so, not "cannot be read
// as UTF-8 text". (Skipped where permissions do not stop reading: root.)
#[cfg(unix)]
#[test]
fn an_unreadable_template_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path());
    std::fs::create_dir(site.join("templates")).unwrap();
    let template = site.join("templates/404.html");
    std::fs::write(&template, "<p>x</p>").unwrap();
    std::fs::set_permissions(&template, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&template).is_ok() {
        return;
    }
    let output = briefing(dir.path(), &["check", "--root", "site"]);
    assert_eq!(
        stderr(&output),
        "templates/404.html: cannot be read: permission denied; make it readable to the user running briefing\n\
         error: 1 problem; fix these and run again\n"
    );
}
