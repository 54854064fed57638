//! The templates and static assets a site is rendered with: the built-in set
//! embedded in the binary (so a site needs no `templates/` folder), with any
//! file of the same name in the site's `templates/` taking its place. Errors
//! name the template file and, where it can be found, the line.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};

/// How the path of a built-in template starts in messages.
const BUILT_IN: &str = "(built-in)";

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "site_header.html",
        include_str!("../templates/site_header.html"),
    ),
    ("macros.html", include_str!("../templates/macros.html")),
    (
        "article_card.html",
        include_str!("../templates/article_card.html"),
    ),
    (
        "event_card.html",
        include_str!("../templates/event_card.html"),
    ),
    ("quote.html", include_str!("../templates/quote.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("actors.html", include_str!("../templates/actors.html")),
    ("actor.html", include_str!("../templates/actor.html")),
    (
        "actor_quotes.html",
        include_str!("../templates/actor_quotes.html"),
    ),
    ("events.html", include_str!("../templates/events.html")),
    ("event.html", include_str!("../templates/event.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
    ("month.html", include_str!("../templates/month.html")),
    ("groups.html", include_str!("../templates/groups.html")),
    ("group.html", include_str!("../templates/group.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    (
        "sitemap_index.xml",
        include_str!("../templates/sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("../templates/robots.txt")),
];

/// The built-in static files, copied as they are to the output's top.
pub const BUILTIN_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../templates/style.css")),
    ("search.js", include_bytes!("../templates/search.js")),
    ("visits.js", include_bytes!("../templates/visits.js")),
    ("page.js", include_bytes!("../templates/page.js")),
    ("favicon.svg", include_bytes!("../templates/favicon.svg")),
];

/// File endings that make a file in `templates/` a template; anything else
/// there is a static asset.
const TEMPLATE_ENDINGS: &[&str] = &["html", "xml", "txt"];

/// A template error: which template, and what went wrong.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub Diagnostic);

/// Templates ready to render, and the assets to copy.
pub struct Templates {
    tera: tera::Tera,
    /// Where each template came from, for error messages, and its text.
    sources: BTreeMap<String, (PathBuf, String)>,
    pub assets: Vec<(String, Vec<u8>)>,
    /// The longest page each template has rendered so far, in bytes: the
    /// next page is written into a buffer that size, which seldom has to
    /// grow (growing copied every page of a build about twice).
    longest: BTreeMap<String, AtomicUsize>,
}

impl Templates {
    /// The built-in templates overridden by those in `ROOT/templates/`.
    pub fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (
                        PathBuf::from(format!("{BUILT_IN} templates/{name}")),
                        text.to_string(),
                    ),
                )
            })
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = BUILTIN_ASSETS
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        let mut diagnostics = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(err) => {
                        diagnostics.push(Diagnostic::new(
                            display_path(root, &dir),
                            format!("cannot be read: {err}"),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file()
                    || entry.file_name().to_string_lossy().starts_with('.')
                {
                    continue;
                }
                let path = entry.path();
                let name = path
                    .strip_prefix(&dir)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let shown = display_path(root, path);
                let is_template = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| TEMPLATE_ENDINGS.contains(&e));
                if is_template {
                    match std::fs::read(path).map(String::from_utf8) {
                        Ok(Ok(text)) => {
                            sources.insert(name, (shown, text));
                        }
                        Ok(Err(_)) => diagnostics.push(Diagnostic::new(
                            shown,
                            "is not UTF-8 text; save the template as UTF-8",
                        )),
                        Err(err) => diagnostics.push(Diagnostic::new(
                            shown,
                            format!("cannot be read: {}", crate::load::io_reason(&err)),
                        )),
                    }
                } else {
                    match std::fs::read(path) {
                        Ok(bytes) => {
                            assets.insert(name, bytes);
                        }
                        Err(err) => diagnostics.push(Diagnostic::new(
                            shown,
                            format!("cannot be read: {}", crate::load::io_reason(&err)),
                        )),
                    }
                }
            }
        }
        diagnostics.extend(include_cycles(&sources));
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let tera = compile(&sources)?;
        let longest = sources
            .keys()
            .map(|name| (name.clone(), AtomicUsize::new(0)))
            .collect();
        Ok(Templates {
            tera,
            longest,
            sources,
            assets: assets.into_iter().collect(),
        })
    }

    /// The text of asset `name` (the site's own, or the built-in one).
    pub fn asset_text(&self, name: &str) -> String {
        self.assets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default()
    }

    /// True when template `name` reads as the built-in one: it is, or the
    /// site's own is a copy of it.
    pub fn is_built_in(&self, name: &str) -> bool {
        let built_in = BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == name);
        match (self.sources.get(name), built_in) {
            (Some((_, text)), Some((_, built_in))) => text == built_in,
            _ => false,
        }
    }

    /// Every template's name and text.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str()))
    }

    /// Makes `function` callable as `name` in every template.
    pub fn register_function(&mut self, name: &str, function: impl tera::Function + 'static) {
        self.tera.register_function(name, function);
    }

    /// Makes the interface texts of `catalogue` callable as `t(key=…)`, and
    /// those holding links as `t_html(key=…)` (see [`crate::i18n`]).
    pub fn register_interface(&mut self, catalogue: std::sync::Arc<crate::i18n::Catalogue>) {
        self.register_function(
            "t",
            crate::i18n::Translate {
                catalogue: catalogue.clone(),
                html: false,
            },
        );
        self.register_function(
            "t_html",
            crate::i18n::Translate {
                catalogue,
                html: true,
            },
        );
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        MACRO_DEPTH.with(|depth| depth.set(0));
        let longest = self.longest.get(name);
        let capacity = longest.map_or(0, |n| n.load(Ordering::Relaxed));
        let mut page = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|err| TemplateError(self.describe(name, &err)))?;
        if let Some(longest) = longest {
            longest.fetch_max(page.len(), Ordering::Relaxed);
        }
        // A page far shorter than the longest gives back the room it did
        // not use, for callers that keep pages (serve).
        if page.capacity() > 2 * page.len() {
            page.shrink_to_fit();
        }
        String::from_utf8(page).map_err(|err| {
            TemplateError(Diagnostic::new(
                self.sources
                    .get(name)
                    .map_or_else(|| PathBuf::from(name), |(file, _)| file.clone()),
                format!("template error: the page is not UTF-8 text: {err}"),
            ))
        })
    }

    fn describe(&self, name: &str, err: &tera::Error) -> Diagnostic {
        let message =
            error_chain(err).replace(&format!("Function call '{ENTER_MACRO}' failed: "), "");
        let culprit = template_named_in(&message).unwrap_or(name);
        let fallback = (PathBuf::from(format!("templates/{culprit}")), None);
        let (file, line) = named_in_error(&message)
            .and_then(|needle| self.locate(culprit, needle))
            .or_else(|| {
                self.sources
                    .get(culprit)
                    .map(|(file, _)| (file.clone(), None))
            })
            .unwrap_or(fallback);
        Diagnostic::new(file, format!("template error: {message}")).at_line(line)
    }

    /// Where `needle` (what an error names) is written: in the template Tera
    /// blamed, else in the template it extends, includes or imports — the
    /// site's own templates searched before the built-in ones.
    fn locate(&self, culprit: &str, needle: &str) -> Option<(PathBuf, Option<usize>)> {
        let line_in = |text: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        if let Some((file, text)) = self.sources.get(culprit) {
            if let Some(line) = line_in(text) {
                return Some((file.clone(), Some(line)));
            }
        }
        let (site, built_in): (Vec<_>, Vec<_>) = self
            .sources
            .values()
            .partition(|(file, _)| !file.to_string_lossy().starts_with(BUILT_IN));
        site.into_iter()
            .chain(built_in)
            .find_map(|(file, text)| line_in(text).map(|line| (file.clone(), Some(line))))
    }
}

fn compile(sources: &BTreeMap<String, (PathBuf, String)>) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    tera.set_escape_fn(crate::text::escape_html);
    tera.register_filter("shorten", shorten);
    tera.register_function(ENTER_MACRO, enter_macro);
    tera.register_function(LEAVE_MACRO, leave_macro);
    let recursive = macros_that_may_recurse(
        sources
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str())),
    );
    let instrumented: Vec<(&str, String)> = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), count_macro_depth(name, text, &recursive)))
        .collect();
    let templates = instrumented
        .iter()
        .map(|(name, text)| (*name, text.as_str()));
    tera.add_raw_templates(templates).map_err(|err| {
        let message = error_chain(&err);
        let name = template_named_in(&message).unwrap_or("");
        let (file, _) = sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| (PathBuf::from("templates"), String::new()));
        let line = parse_error_line(&message);
        vec![Diagnostic::new(
            file,
            format!("template syntax error: {}", syntax_reason(&message)),
        )
        .at_line(line)]
    })?;
    Ok(tera)
}

/// The `shorten(length=N)` filter: text cut to at most N characters at a
/// word boundary, with an ellipsis (Tera's `truncate` cuts inside words).
fn shorten(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("shorten: the value must be text"))?;
    let length = match args.get("length") {
        Some(n) => n
            .as_u64()
            .ok_or_else(|| tera::Error::msg("shorten: length must be a whole number"))?,
        None => 160,
    };
    let length = usize::try_from(length).unwrap_or(usize::MAX);
    Ok(tera::Value::String(crate::text::truncate_words(
        text, length,
    )))
}

/// How deep macros may call macros (themselves included) while one page
/// renders. Tera has no limit of its own: a macro that calls itself without
/// end overflows the stack and aborts the process, naming nothing.
pub const MAX_MACRO_DEPTH: usize = 64;

/// The functions every macro body calls on entry and on exit, to count.
const ENTER_MACRO: &str = "__briefing_enter_macro";
const LEAVE_MACRO: &str = "__briefing_leave_macro";

thread_local! {
    /// Macro calls open on this thread; a page renders on one thread.
    static MACRO_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn enter_macro(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let depth = MACRO_DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    if depth > MAX_MACRO_DEPTH {
        let name = args.get("name").and_then(|v| v.as_str()).unwrap_or("?");
        let template = args.get("template").and_then(|v| v.as_str()).unwrap_or("?");
        return Err(tera::Error::msg(format!(
            "macro `{name}` in '{template}' is {depth} calls deep (the limit is {MAX_MACRO_DEPTH}): a macro that calls itself, directly or through another, must stop; check the condition that ends the recursion"
        )));
    }
    Ok(tera::Value::String(String::new()))
}

fn leave_macro(_: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    MACRO_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    Ok(tera::Value::String(String::new()))
}

/// The opening (`{% macro name(…) %}`) and closing tags of macros.
static MACRO_TAGS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?s)\{%(-?)\s*(?:macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(.*?\)\s*(-?)%\}|endmacro\b)",
    )
    .expect("the macro tag pattern is valid")
});

/// The names of the macros that may call themselves, directly or through
/// other macros, in the templates `sources` (name and text). A call
/// `ns::name(` is taken to reach every macro called `name`, whatever its
/// namespace, and an include in a macro's body to reach every macro the
/// included template calls, so a macro left out can never be part of a
/// cycle. The others nest no deeper than the number of macros, so only
/// these need counting.
fn macros_that_may_recurse<'t>(
    sources: impl Iterator<Item = (&'t str, &'t str)> + Clone,
) -> HashSet<String> {
    static CALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[A-Za-z_][A-Za-z0-9_]*\s*::\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
            .expect("the macro call pattern is valid")
    });
    let texts: BTreeMap<&str, &str> = sources.clone().collect();
    // The macros `text` calls, and those its includes call, however deep.
    let reached = |text: &str| {
        let mut names: HashSet<String> = HashSet::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut pending = vec![text];
        while let Some(text) = pending.pop() {
            names.extend(CALL.captures_iter(text).map(|c| c[1].to_string()));
            for (included, _) in included_templates(text) {
                if let Some((name, text)) = texts.get_key_value(included.as_str()) {
                    if seen.insert(name) {
                        pending.push(text);
                    }
                }
            }
        }
        names
    };
    // Each macro's name and the names it may call.
    let mut calls: Vec<(String, HashSet<String>)> = Vec::new();
    for (_, text) in sources {
        let mut open: Option<(String, usize)> = None;
        for found in MACRO_TAGS.captures_iter(text) {
            let whole = found.get(0).expect("a match has a whole");
            match (found.get(2), open.take()) {
                (Some(name), _) => open = Some((name.as_str().to_string(), whole.end())),
                (None, Some((name, start))) => {
                    calls.push((name, reached(&text[start..whole.start()])));
                }
                (None, None) => {}
            }
        }
    }
    calls
        .iter()
        .filter(|(name, _)| {
            // Depth-first from the macros `name` calls, looking for `name`.
            let mut seen: HashSet<&str> = HashSet::new();
            let mut stack: Vec<&HashSet<String>> = calls
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, called)| called)
                .collect();
            while let Some(called) = stack.pop() {
                if called.contains(name) {
                    return true;
                }
                for (next, next_calls) in &calls {
                    if called.contains(next) && seen.insert(next.as_str()) {
                        stack.push(next_calls);
                    }
                }
            }
            false
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// `text` with a call to [`ENTER_MACRO`] at the start of the body of every
/// macro named in `recursive` and to [`LEAVE_MACRO`] at its end, on the
/// same lines (so error lines do not move) and with the same whitespace
/// control as the tags beside them. Other macros are left as they are: two
/// function calls on each call of a card cost a 10,000-article build 4 %.
fn count_macro_depth(template: &str, text: &str, recursive: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut copied = 0;
    let mut counted = false;
    for found in MACRO_TAGS.captures_iter(text) {
        let whole = found.get(0).expect("a match has a whole");
        match found.get(2) {
            Some(name) => {
                counted = recursive.contains(name.as_str());
                if !counted {
                    continue;
                }
                let trim = found.get(3).map_or("", |m| m.as_str());
                out.push_str(&text[copied..whole.end()]);
                out.push_str(&format!(
                    "{{{{ {ENTER_MACRO}(name=\"{}\", template=\"{}\") {trim}}}}}",
                    name.as_str(),
                    template.replace(['"', '\\'], "")
                ));
                copied = whole.end();
            }
            None if counted => {
                counted = false;
                let trim = found.get(1).map_or("", |m| m.as_str());
                out.push_str(&text[copied..whole.start()]);
                out.push_str(&format!("{{{{{trim} {LEAVE_MACRO}() }}}}"));
                copied = whole.start();
            }
            None => {}
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Templates that include themselves, directly or through others: Tera
/// would recurse until the stack overflows. One problem per cycle, at the
/// include that closes it.
fn include_cycles(sources: &BTreeMap<String, (PathBuf, String)>) -> Vec<Diagnostic> {
    let graph: BTreeMap<&str, Vec<(String, usize)>> = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), included_templates(text)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for start in graph.keys() {
        // Depth-first from each template, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<String>)> = vec![(start, vec![start.to_string()])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((name, chain)) = stack.pop() {
            for (next, line) in graph.get(name).into_iter().flatten() {
                if next == start {
                    let mut cycle = chain.clone();
                    cycle.sort();
                    if reported.insert(cycle) {
                        let (file, _) = &sources[name];
                        let path = format!("{} -> {next}", chain.join(" -> "));
                        diagnostics.push(
                            Diagnostic::new(
                                file,
                                format!("template error: '{name}' includes '{next}', which leads back to it ({path}); an include may not include itself, directly or through others"),
                            )
                            .at_line(Some(*line)),
                        );
                    }
                } else if seen.insert(next.as_str()) {
                    let mut longer = chain.clone();
                    longer.push(next.clone());
                    stack.push((next.as_str(), longer));
                }
            }
        }
    }
    diagnostics
}

/// The templates `text` includes, each with the line of its include.
fn included_templates(text: &str) -> Vec<(String, usize)> {
    static INCLUDE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*include\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#)
            .expect("the include pattern is valid")
    });
    INCLUDE
        .captures_iter(text)
        .flat_map(|c| {
            let whole = c.get(0).expect("a match has a whole");
            let line = text[..whole.start()].matches('\n').count() + 1;
            c[1].split(',')
                .map(|n| {
                    n.trim()
                        .trim_matches(['[', ']', '"', '\'', ' '])
                        .to_string()
                })
                .filter(|n| !n.is_empty())
                .map(move |n| (n, line))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The error and all its causes, in one message.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// What a parse error expected, from the `= expected ...` line of Tera's
/// message; the whole message, on one line, when it has none.
fn syntax_reason(message: &str) -> String {
    let reason = message
        .lines()
        .filter_map(|l| l.trim().strip_prefix("= "))
        .next_back()
        .unwrap_or(message);
    reason.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The innermost template Tera's message names (`'actor.html'`).
fn template_named_in(message: &str) -> Option<&str> {
    let mut found = None;
    let mut rest = message;
    while let Some(start) = rest.find('\'') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('\'') else { break };
        let candidate = &after[..end];
        if TEMPLATE_ENDINGS
            .iter()
            .any(|e| candidate.ends_with(&format!(".{e}")))
        {
            found = Some(candidate);
        }
        rest = &after[end + 1..];
    }
    found
}

/// The line of a syntax error, from Tera's ` --> 3:5` marker.
fn parse_error_line(message: &str) -> Option<usize> {
    let after = &message[message.find("--> ")? + 4..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// What a render error names: a variable (`` `foo.bar` ``), or a filter,
/// function or test (`Filter 'nosuch' not found`).
fn named_in_error(message: &str) -> Option<&str> {
    let quoted = |mark: char| {
        let start = message.find(mark)? + 1;
        let end = start + message[start..].find(mark)?;
        Some(&message[start..end]).filter(|s| !s.is_empty())
    };
    quoted('`').or_else(|| {
        ["Filter '", "Function '", "Test '"]
            .iter()
            .find_map(|kind| {
                let start = message.find(kind)? + kind.len();
                let end = start + message[start..].find('\'')?;
                Some(&message[start..end])
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_template(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates").join(name), text).unwrap();
        dir
    }

    #[test]
    fn shorten_cuts_at_a_word_boundary() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "t.html".to_string(),
            (
                PathBuf::from("t.html"),
                "{{ q | shorten(length=14) }}|{{ q | shorten(length=99) }}".to_string(),
            ),
        );
        let tera = compile(&sources).unwrap();
        let mut context = tera::Context::new();
        context.insert("q", "Territorial concessions were made");
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "Territorial…|Territorial concessions were made"
        );
    }

    #[test]
    fn dotted_lookups_find_keys_with_and_without_escapes() {
        // The patched tera (vendor/tera) unescapes `~1` and `~0` only in a
        // path segment that holds a `~`: a key with a `/` or a `~` is still
        // found, in the context and in a loop's item.
        let mut sources = BTreeMap::new();
        sources.insert(
            "t.html".to_string(),
            (
                PathBuf::from("t.html"),
                concat!(
                    "{{ m.plain }}|{{ m[\"a/b\"] }}|{{ m[\"c~d\"] }}|{{ m.deep.er }}",
                    "{% for x in list %}|{{ x.plain }}|{{ x[\"a/b\"] }}{% endfor %}"
                )
                .to_string(),
            ),
        );
        let tera = compile(&sources).unwrap();
        let m = serde_json::json!({
            "plain": "p", "a/b": "slash", "c~d": "tilde", "deep": { "er": "nested" }
        });
        let mut context = tera::Context::new();
        context.insert("m", &m);
        context.insert("list", &[&m]);
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "p|slash|tilde|nested|p|slash"
        );
    }

    #[test]
    fn a_test_for_truth_escapes_nothing() {
        // The patched tera (vendor/tera) tests a text for truth as it is: a
        // card's HTML is not escaped into a copy to see that it is there,
        // while what the page prints is escaped once.
        static ESCAPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn counting_escape(text: &str) -> String {
            ESCAPED.fetch_add(1, Ordering::Relaxed);
            crate::text::escape_html(text)
        }
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t.html",
            "{% if html %}[{{ html | safe }}]{% endif %}{% if empty %}no{% else %}|empty{% endif %}|{{ text }}",
        )
        .unwrap();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(counting_escape);
        let mut context = tera::Context::new();
        context.insert("html", "<b>card</b>");
        context.insert("empty", "");
        context.insert("text", "a<b");
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "[<b>card</b>]|empty|a&lt;b"
        );
        assert_eq!(ESCAPED.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_variable_not_found_is_false_defaulted_or_an_error_as_before() {
        // The patched tera (vendor/tera) looks a variable up without
        // building the message of one not found where that message would be
        // thrown away; truth, negation, `default`, `is defined` and the
        // error itself are as they were.
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t.html",
            concat!(
                "{% if gone %}1{% else %}0{% endif %}{% if not gone %}1{% else %}0{% endif %}",
                "{% if yes %}1{% else %}0{% endif %}{% if not yes %}1{% else %}0{% endif %}",
                "{% if no %}1{% else %}0{% endif %}{% if not no %}1{% else %}0{% endif %}",
                "{% if m.gone %}1{% else %}0{% endif %}{% if not m[k] %}1{% else %}0{% endif %}",
                "{% if gone or yes %}1{% endif %}{% if gone and yes %}2{% endif %}",
                "|{{ gone | default(value=\"d\") }}|{{ m.gone | default(value=m.a) }}",
                "|{% if gone is defined %}1{% else %}0{% endif %}{% if yes is defined %}1{% endif %}",
                "|{% if gone | length %}1{% else %}0{% endif %}"
            ),
        )
        .unwrap();
        tera.add_raw_template("e.html", "{{ m.gone }}").unwrap();
        let mut context = tera::Context::new();
        context.insert("yes", "a");
        context.insert("no", "");
        context.insert("k", "a");
        context.insert("m", &serde_json::json!({ "a": "x" }));
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "011001001|d|x|01|0"
        );
        let err = tera.render("e.html", &context).unwrap_err();
        assert_eq!(
            error_chain(&err),
            "Failed to render 'e.html': Variable `m.gone` not found in context while rendering 'e.html'"
        );
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let site = site_with_template(
            "article.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ article.title \n{% endblock %}\n",
        );
        let err = Templates::load(site.path()).err().unwrap();
        let text = err[0].to_string();
        assert_eq!(
            text,
            "templates/article.html:4: template syntax error: expected `or`, `and`, `not`, `<=`, `>=`, `<`, `>`, `==`, `!=`, `+`, `-`, `*`, `/`, `%`, a filter, or a variable end (`}}`)"
        );
    }

    #[test]
    fn a_render_error_names_the_file_and_line_of_the_variable() {
        let site = site_with_template("404.html", "<p>\n{{ nothing.here }}\n</p>\n");
        let templates = Templates::load(site.path()).unwrap();
        let err = templates
            .render("404.html", &tera::Context::new())
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("templates/404.html:2: template error:"),
            "{text}"
        );
        assert!(text.contains("nothing.here"), "{text}");
    }

    #[test]
    fn an_error_in_an_overridden_base_names_the_base_and_its_line() {
        let site = site_with_template(
            "base.html",
            "<!doctype html>\n<title>x</title>\n{% block main %}{% endblock main %}\n<p>{{ site.nosuch }}</p>\n",
        );
        std::fs::write(
            site.path().join("templates/404.html"),
            "{% extends \"base.html\" %}{% block main %}Not here{% endblock main %}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("site", &serde_json::json!({ "title": "x" }));
        let templates = Templates::load(site.path()).unwrap();
        let text = templates
            .render("404.html", &context)
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("templates/base.html:4: template error:"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_filter_names_its_line() {
        let site = site_with_template("404.html", "<p>\n\n{{ \"x\" | nosuchfilter }}\n</p>\n");
        let templates = Templates::load(site.path()).unwrap();
        let text = templates
            .render("404.html", &tera::Context::new())
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("templates/404.html:3: template error:"),
            "{text}"
        );
        assert!(text.contains("nosuchfilter"), "{text}");
    }

    #[test]
    fn other_files_in_templates_are_assets_that_override() {
        let site = site_with_template("style.css", "body{}");
        let templates = Templates::load(site.path()).unwrap();
        let css = templates
            .assets
            .iter()
            .find(|(n, _)| n == "style.css")
            .unwrap();
        assert_eq!(css.1, b"body{}");
    }

    #[test]
    fn a_macro_may_recurse_to_the_limit_and_no_further() {
        let site = site_with_template(
            "rec.html",
            "{% macro down(n) -%}\n  {%- if n > 0 %}<i>{{ self::down(n=n - 1) }}</i>{% endif -%}\n{%- endmacro down %}",
        );
        std::fs::write(
            site.path().join("templates/404.html"),
            "{% import \"rec.html\" as r %}{{ r::down(n=n) }}",
        )
        .unwrap();
        let templates = Templates::load(site.path()).unwrap();
        let mut context = tera::Context::new();
        context.insert("n", &2);
        assert_eq!(
            templates.render("404.html", &context).unwrap(),
            "<i><i></i></i>"
        );
        context.insert("n", &(MAX_MACRO_DEPTH - 1));
        let deepest = templates.render("404.html", &context).unwrap();
        assert_eq!(deepest.matches("<i>").count(), MAX_MACRO_DEPTH - 1);
        context.insert("n", &MAX_MACRO_DEPTH);
        let err = templates
            .render("404.html", &context)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("macro `down` in 'rec.html' is 65 calls deep"),
            "{err}"
        );
        // The count starts again for every render.
        context.insert("n", &2);
        assert_eq!(
            templates.render("404.html", &context).unwrap(),
            "<i><i></i></i>"
        );
    }

    #[test]
    fn only_macros_that_may_call_themselves_are_counted() {
        let built_in = macros_that_may_recurse(BUILTIN_TEMPLATES.iter().copied());
        assert!(built_in.is_empty(), "{built_in:?}");
        let recursive = macros_that_may_recurse(
            [
                ("a.html", "{% macro ping(n) %}{{ other::pong(n=n) }}{% endmacro ping %}{% macro card(a) %}{{ a }}{% endmacro card %}"),
                ("b.html", "{% macro pong(n) %}{% if n %}{{ m::ping(n=n - 1) }}{% endif %}{% endmacro pong %}"),
                ("c.html", "{% macro uses_card(a) %}{{ m::card(a=a) }}{% endmacro uses_card %}"),
                ("d.html", "{% macro wraps(a) %}{% include \"x.html\" %}{% endmacro wraps %}{% macro plain(a) %}{% include \"y.html\" %}{% endmacro plain %}"),
                ("x.html", "{% include \"z.html\" %}"),
                ("z.html", "{{ d::wraps(a=a) }}"),
                ("y.html", "{{ a }}"),
            ]
            .into_iter(),
        );
        let mut names: Vec<&str> = recursive.iter().map(String::as_str).collect();
        names.sort();
        assert_eq!(names, ["ping", "pong", "wraps"]);
    }

    #[test]
    fn macros_that_call_each_other_stop_at_the_limit() {
        let site = site_with_template(
            "rec.html",
            "{% macro ping(n) %}{% if n > 0 %}<i>{{ self::pong(n=n - 1) }}</i>{% endif %}{% endmacro ping %}\n{% macro pong(n) %}{% if n > 0 %}<b>{{ self::ping(n=n - 1) }}</b>{% endif %}{% endmacro pong %}",
        );
        std::fs::write(
            site.path().join("templates/404.html"),
            "{% import \"rec.html\" as r %}{{ r::ping(n=n) }}",
        )
        .unwrap();
        let templates = Templates::load(site.path()).unwrap();
        let mut context = tera::Context::new();
        context.insert("n", &3);
        assert_eq!(
            templates.render("404.html", &context).unwrap(),
            "<i><b><i></i></b></i>"
        );
        context.insert("n", &1000);
        let err = templates
            .render("404.html", &context)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is 65 calls deep (the limit is 64)"), "{err}");
    }

    #[test]
    fn includes_that_lead_back_are_refused_before_rendering() {
        let site = site_with_template("a.html", "x\n{% include \"b.html\" %}");
        std::fs::write(
            site.path().join("templates/b.html"),
            "{% include ['c.html', 'a.html'] %}",
        )
        .unwrap();
        std::fs::write(site.path().join("templates/c.html"), "c").unwrap();
        let err = Templates::load(site.path()).err().unwrap();
        assert_eq!(
            err.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["templates/b.html:1: template error: 'b.html' includes 'a.html', which leads back to it (a.html -> b.html -> a.html); an include may not include itself, directly or through others"]
        );
    }
}
