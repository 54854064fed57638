//! Answers HTTP requests from the site held in memory: only paths inside
//! the site (after decoding, `..` and absolute paths name nothing), the
//! right content type, GET and HEAD only, and the reload script added to
//! every HTML page on its way out.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::events::{Listeners, RELOAD_JS};

/// Where the reload script and the event stream are served.
pub const EVENTS_PATH: &str = "/__briefing/events";
pub const SCRIPT_PATH: &str = "/__briefing/reload.js";

/// The site as served: the files of the last good build, and the problems
/// of the last build when it failed.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Arc<[u8]>>,
    pub problem: Option<Vec<String>>,
}

/// What a request path names in the site: a file's key, or `None` when it
/// leaves the site or cannot be decoded. `/` and folders name their
/// `index.html`.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains(':') => return None,
            part => parts.push(part),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file, by its name.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match (path, extension) {
        _ if path == "atom.xml" || path.ends_with("/atom.xml") => {
            "application/atom+xml; charset=utf-8"
        }
        (_, "html" | "htm") => "text/html; charset=utf-8",
        (_, "css") => "text/css; charset=utf-8",
        (_, "js" | "mjs") => "text/javascript; charset=utf-8",
        (_, "xml") => "application/xml; charset=utf-8",
        (_, "json") => "application/json",
        (_, "txt" | "md") => "text/plain; charset=utf-8",
        (_, "svg") => "image/svg+xml",
        (_, "png") => "image/png",
        (_, "jpg" | "jpeg") => "image/jpeg",
        (_, "gif") => "image/gif",
        (_, "webp") => "image/webp",
        (_, "avif") => "image/avif",
        (_, "ico") => "image/x-icon",
        (_, "woff2") => "font/woff2",
        (_, "woff") => "font/woff",
        (_, "pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// `html` with the reload script before its closing body tag.
pub fn with_reload_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A header of ASCII text; every header here is made from constants or
/// from a path the site holds.
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Unsent"[..], &b"1"[..]).expect("constant header")
    })
}

/// Answers one request.
pub fn answer(request: Request, served: &RwLock<Served>, listeners: &Listeners) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD are served\n")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("");
    if path == EVENTS_PATH {
        let problem = read(served).problem.clone();
        listeners.add(request.into_writer(), problem.as_deref());
        return;
    }
    if path == SCRIPT_PATH {
        let response = Response::from_string(RELOAD_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let found = site_path(&url).and_then(|key| {
        let site = read(served);
        if let Some(bytes) = site.files.get(&key) {
            return Some((key, bytes.clone(), 200));
        }
        // A folder asked for without its closing `/`: send the reader there,
        // so relative links resolve.
        let index = format!("{key}/index.html");
        if site.files.contains_key(&index) {
            return Some((key, Arc::from(&b""[..]), 301));
        }
        None
    });
    let response = match found {
        Some((key, _, 301)) => Response::from_data(Vec::new())
            .with_status_code(StatusCode(301))
            .with_header(header("Location", &format!("/{key}/"))),
        Some((key, bytes, _)) => page(&key, &bytes, 200),
        None => {
            let not_found = read(served).files.get("404.html").cloned();
            match not_found {
                Some(bytes) => page("404.html", &bytes, 404),
                // No good build yet: a page for the problems to show on.
                None => page("index.html", NOTHING_BUILT.as_bytes(), 503),
            }
        }
    };
    let _ = request.respond(response);
}

const NOTHING_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><h1>The site has not built yet</h1></body></html>";

fn page(key: &str, bytes: &[u8], status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        with_reload_script(bytes)
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

fn read(served: &RwLock<Served>) -> std::sync::RwLockReadGuard<'_, Served> {
    served
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/actors/").as_deref(), Some("actors/index.html"));
        assert_eq!(
            site_path("/actors/x/?q=1").as_deref(),
            Some("actors/x/index.html")
        );
        assert_eq!(site_path("/style.css").as_deref(), Some("style.css"));
        assert_eq!(site_path("/a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
        for outside in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/actors/../../x",
            "/..%2fetc/passwd",
            "/%5c..%5cx",
            "/C:/Windows",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(site_path(outside), None, "{outside}");
        }
    }

    #[test]
    fn content_types_by_name() {
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("actors/vladimir-putin/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
    }

    #[test]
    fn the_reload_script_goes_before_the_body_closes() {
        assert_eq!(
            String::from_utf8(with_reload_script(b"<body><p>x</p></body></html>")).unwrap(),
            "<body><p>x</p><script src=\"/__briefing/reload.js\"></script></body></html>"
        );
    }
}
