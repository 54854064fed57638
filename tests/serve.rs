//! `briefing serve` as the real binary on a free loopback port: pages and
//! their types, HEAD, paths that try to leave the site, the reload event
//! after a save, the problem overlay after a bad save and its clearing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Serving {
    child: Child,
    address: String,
    /// What the server prints after the line with its address.
    output: BufReader<ChildStdout>,
}

impl Serving {
    /// The next line the server prints that starts with `start`.
    fn printed(&mut self, start: &str) -> String {
        loop {
            let mut line = String::new();
            let read = self.output.read_line(&mut line).unwrap();
            assert!(read > 0, "the server stopped before printing {start:?}");
            if line.starts_with(start) {
                return line;
            }
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Serving {
    serve_with(root, &[], &[])
}

/// Serves `root` with more arguments and environment variables.
fn serve_with(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    output.read_line(&mut first).unwrap();
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    Serving {
        child,
        address,
        output,
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

fn request(address: &str, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head[9..12].parse().unwrap(),
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(address: &str, path: &str) -> Reply {
    request(address, "GET", path)
}

fn header<'r>(reply: &'r Reply, name: &str) -> Option<&'r str> {
    reply.head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The event stream of an open page.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /__briefing/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut events = Events(BufReader::new(stream));
        // The stream is open once the server says how soon to retry.
        events.line_starting("retry:");
        events
    }

    fn line_starting(&mut self, start: &str) -> String {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) if line.starts_with(start) => return line,
                _ => {}
            }
        }
        panic!("no line starting {start} within 20 s");
    }

    /// The next event named `name`, with its data; waits up to 20 s.
    fn next(&mut self, name: &str) -> String {
        let started = Instant::now();
        let mut current = String::new();
        while started.elapsed() < Duration::from_secs(20) {
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) => {}
                Err(_) => continue,
            }
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if current == name {
                    return data.trim_end().to_string();
                }
            }
        }
        panic!("no {name} event within 20 s");
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["init", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(made.status.success());
    let toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(toml, format!("{text}base_url = \"https://example.org\"\n")).unwrap();
    dir
}

fn article(root: &Path) -> std::path::PathBuf {
    std::fs::read_dir(root.join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap()
}

#[test]
fn serves_the_site_with_its_types_and_nothing_outside_it() {
    let dir = site();
    std::fs::create_dir(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/notes.txt"), "kept").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("static/outside")).unwrap();
    let server = serve(dir.path());
    let a = &server.address;

    let front = get(a, "/");
    assert_eq!(front.status, 200);
    assert_eq!(
        header(&front, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(front.body.contains("My briefing"));
    assert!(front
        .body
        .contains("<script src=\"/__briefing/reload.js\"></script></body>"));
    let feed = get(a, "/atom.xml");
    assert_eq!(feed.status, 200);
    assert_eq!(
        header(&feed, "Content-Type"),
        Some("application/atom+xml; charset=utf-8")
    );
    assert!(!feed.body.contains("__briefing"), "no script in a feed");
    assert_eq!(
        header(&get(a, "/style.css"), "Content-Type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(get(a, "/notes.txt").body, "kept");
    let actor = get(a, "/actors/alex-example/index.html");
    assert_eq!(actor.status, 200);
    let folder = get(a, "/actors");
    assert_eq!(folder.status, 301);
    assert_eq!(header(&folder, "Location"), Some("/actors/"));

    let head = request(a, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(
        header(&head, "Content-Length"),
        Some(front.body.len().to_string().as_str())
    );
    assert_eq!(request(a, "POST", "/").status, 405);

    for outside in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/actors/%2E%2E/%2E%2E/%2E%2E/etc/hostname",
        "/..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/outside",
        "/%00",
    ] {
        let reply = get(a, outside);
        assert_eq!(reply.status, 404, "{outside}");
        assert!(reply.body.contains("Page not found"), "{outside}");
    }
    assert!(
        !dir.path().join("public").exists(),
        "serve writes no public/"
    );
}

#[test]
fn a_save_reloads_open_pages_and_a_broken_file_shows_its_problem_until_fixed() {
    let dir = site();
    let server = serve(dir.path());
    let a = &server.address;
    let mut events = Events::open(a);
    let file = article(dir.path());
    let slug = file.file_stem().unwrap().to_str().unwrap().to_string();
    let page = format!("/articles/{slug}/index.html");
    let text = std::fs::read_to_string(&file).unwrap();

    std::fs::write(
        &file,
        text.replace("This is an example article.", "Talks resumed today."),
    )
    .unwrap();
    events.next("reload");
    assert!(get(a, &page).body.contains("Talks resumed today."));

    let broken = text.replace("date = ", "date = \"");
    std::fs::write(&file, &broken).unwrap();
    let problem = events.next("problem");
    assert!(
        problem.contains(&format!("content/articles/{slug}.md:3: date: invalid TOML"))
            && problem.contains("fix the syntax of this line"),
        "{problem}"
    );
    // The last good site is still served, and a page opened now hears the
    // problem at once.
    assert!(get(a, &page).body.contains("Talks resumed today."));
    Events::open(a).next("problem");

    std::fs::write(&file, &text).unwrap();
    events.next("reload");
    assert!(get(a, &page).body.contains("This is an example article."));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn folders_made_while_serving_are_watched_and_a_temporary_copy_renamed_is_one_change() {
    let dir = site();
    let root = dir.path();
    assert!(!root.join("templates").exists());
    let mut server = serve(root);
    server.printed("Built");
    let a = server.address.clone();
    let mut events = Events::open(&a);
    let text = std::fs::read_to_string(article(root)).unwrap();

    // A folder of articles by year, made after the server started.
    let year = root.join("content/articles/2026");
    std::fs::create_dir(&year).unwrap();
    events.next("reload");
    let late = year.join("late-news.md");
    std::fs::write(
        &late,
        text.replace("This is an example article.", "Late news."),
    )
    .unwrap();
    events.next("reload");
    assert!(get(&a, "/articles/late-news/index.html")
        .body
        .contains("Late news."));

    // templates/ did not exist when serving started.
    std::fs::create_dir(root.join("templates")).unwrap();
    events.next("reload");
    std::fs::write(
        root.join("templates/article.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Own template: {{ article.title }}</h1>{% endblock main %}",
    )
    .unwrap();
    events.next("reload");
    assert!(get(&a, "/articles/late-news/index.html")
        .body
        .contains("Own template: "));

    // An editor's save: a temporary copy, renamed over the file. The
    // rebuild names the article alone.
    let temporary = year.join("late-news.md.tmp");
    std::fs::write(
        &temporary,
        text.replace("This is an example article.", "Later news."),
    )
    .unwrap();
    std::fs::rename(&temporary, &late).unwrap();
    events.next("reload");
    assert!(get(&a, "/articles/late-news/index.html")
        .body
        .contains("Later news."));
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let mut printed = String::new();
    server.output.read_to_string(&mut printed).unwrap();
    let rebuilds: Vec<&str> = printed.lines().filter(|l| l.starts_with("Built")).collect();
    assert!(
        rebuilds
            .iter()
            .all(|l| !l.contains(".tmp") && !l.contains("files changed")),
        "{rebuilds:#?}"
    );
    assert!(
        rebuilds
            .iter()
            .any(|l| l.contains("after content/articles/2026/late-news.md changed")),
        "{rebuilds:#?}"
    );
}

#[test]
fn open_runs_the_browser_browser_names_with_the_address() {
    let dir = site();
    let record = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let server = serve_with(dir.path(), &["--open"], &[("BROWSER", &browser)]);
    let started = Instant::now();
    while !record.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        format!("http://{}/", server.address)
    );
}
