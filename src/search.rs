//! The offline search index: a JavaScript file (`search-index.js`) that a
//! page loads with a script tag, because `fetch` does not work from `file://`.
//!
//! It holds, per article, what a result shows (title, address, date, outlet
//! and a stretch of plain text for the snippet), and an inverted index from
//! each word to the articles that use it, as gaps between article numbers in
//! base 36. Words in a title, an actor's name or alias, or an event's name are
//! indexed apart so that such matches rank first. Words found in most
//! articles are listed as `common` and left out of the body index: they would
//! match everything and cost most of the bytes.

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::link::Briefing;
use crate::render::{display_date, Paths};

/// The file name of the index, at the top of the output.
pub const INDEX_FILE: &str = "search-index.js";

/// Characters of plain text kept per article for snippets, in all.
const TEXT_BUDGET: usize = 1_500_000;
/// Per-article bounds on the text kept for snippets.
const TEXT_MIN: usize = 150;
const TEXT_MAX: usize = 20_000;
/// A body word in more than this share of articles is `common` (only with
/// enough articles for the share to mean something).
const COMMON_SHARE: f64 = 0.4;
const COMMON_MIN_ARTICLES: usize = 50;
/// Stands for the slug in an article's address.
const SLUG_MARK: &str = "SLUG";
/// Articles prepared at once: bounds the memory the index takes to build.
const BATCH: usize = 1024;

#[derive(Serialize)]
struct Index {
    /// An article's address is `url[0] + slug + url[1]`.
    url: (String, String),
    /// Outlet names, which `docs` refer to by number.
    outlets: Vec<String>,
    /// `[title, slug, date, outlet number or -1, text]` per article, newest first.
    docs: Vec<Doc>,
    /// Word to articles where it names the article, an actor or an event.
    strong: BTreeMap<String, String>,
    /// Word to articles whose body or quotes use it.
    body: BTreeMap<String, String>,
    /// Words left out of `body` because most articles use them.
    common: Vec<String>,
}

/// Words of `text`: lowercase runs of letters and digits, possessive `'s`
/// dropped, one letter words skipped.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| {
            let w = w.trim_matches(|c| c == '\'' || c == '’');
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.to_lowercase()
        })
        .filter(|w| w.chars().count() > 1)
}

/// Plain text of Markdown, paragraphs separated by a space.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            Event::Start(Tag::Paragraph) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out
}

fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => text[..at].to_string(),
        None => text.to_string(),
    }
}

type Doc = (String, String, String, i64, String);

/// One article, ready to index.
struct Entry {
    strong: Vec<String>,
    body: Vec<String>,
    doc: Doc,
}

/// Builds `search-index.js` for `briefing`.
pub fn index_js(briefing: &Briefing, paths: &Paths) -> String {
    let count = briefing.articles.len();
    let text_chars = (TEXT_BUDGET / count.max(1)).clamp(TEXT_MIN, TEXT_MAX);
    let mut strong: HashMap<String, Vec<usize>> = HashMap::new();
    let mut body: HashMap<String, Vec<usize>> = HashMap::new();
    let mut docs = Vec::with_capacity(count);
    for start in (0..count).step_by(BATCH) {
        let entries: Vec<Entry> = (start..count.min(start + BATCH))
            .into_par_iter()
            .map(|i| entry(briefing, text_chars, i))
            .collect();
        for (e, i) in entries.into_iter().zip(start..) {
            for w in e.strong {
                strong.entry(w).or_default().push(i);
            }
            for w in e.body {
                body.entry(w).or_default().push(i);
            }
            docs.push(e.doc);
        }
    }
    let mut common: Vec<String> = Vec::new();
    if count >= COMMON_MIN_ARTICLES {
        let limit = (count as f64 * COMMON_SHARE) as usize;
        body.retain(|word, articles| {
            let keep = articles.len() <= limit;
            if !keep {
                common.push(word.clone());
            }
            keep
        });
    }
    let pattern = paths.article_url(SLUG_MARK);
    common.sort_unstable();
    let index = Index {
        url: match pattern.split_once(SLUG_MARK) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => ("articles/".to_string(), "/index.html".to_string()),
        },
        outlets: briefing.outlets.iter().map(|o| o.name.clone()).collect(),
        docs,
        strong: strong.into_iter().map(|(w, a)| (w, gaps(&a))).collect(),
        body: body.into_iter().map(|(w, a)| (w, gaps(&a))).collect(),
        common,
    };
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".into());
    format!("window.BRIEFING_SEARCH={json};\n")
}

fn entry(briefing: &Briefing, text_chars: usize, i: usize) -> Entry {
    let linked = &briefing.articles[i];
    let a = &linked.article;
    let mut strong: Vec<String> = words(&a.title).collect();
    for &actor in &linked.actors {
        let actor = &briefing.actors[actor].actor;
        strong.extend(words(&actor.name));
        for alias in &actor.aliases {
            strong.extend(words(&alias.name));
        }
    }
    for &event in &linked.events {
        strong.extend(words(&briefing.events[event].event.title));
    }
    let text = plain_text(&a.body);
    let mut body: Vec<String> = words(&text).collect();
    for quote in &a.quotes {
        body.extend(words(&quote.text));
        if let Some(speaker) = &quote.speaker {
            strong.extend(words(speaker));
        }
    }
    body.extend(a.tags.iter().flat_map(|t| words(t)));
    body.extend(a.source.iter().flat_map(|s| words(s)));
    strong.sort_unstable();
    strong.dedup();
    body.sort_unstable();
    body.dedup();
    let doc = (
        a.title.clone(),
        a.slug.clone(),
        display_date(linked.when.date),
        linked.outlet.map_or(-1, |o| o as i64),
        cut(text.trim(), text_chars),
    );
    Entry { strong, body, doc }
}

/// Article numbers as gaps from the one before, in base 36, comma-separated.
fn gaps(articles: &[usize]) -> String {
    let mut out = String::with_capacity(articles.len() * 2);
    let mut previous = 0;
    for (n, &a) in articles.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_base36(&mut out, a - previous);
        previous = a;
    }
    out
}

fn push_base36(out: &mut String, mut n: usize) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut len = 0;
    loop {
        buf[len] = DIGITS[n % 36];
        len += 1;
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[..len].iter().rev().map(|&b| b as char));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_possessives() {
        let w: Vec<String> = words("Putin's talks with U.S. officials, Erdoğan’s aide").collect();
        assert_eq!(
            w,
            ["putin", "talks", "with", "officials", "erdoğan", "aide"]
        );
    }

    #[test]
    fn gaps_are_base36_deltas() {
        assert_eq!(gaps(&[0, 1, 5, 41]), "0,1,4,10");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Head\n\nSome *bold* `code`.\n\n- a\n- b\n").trim(),
            "Head Some bold code. a b"
        );
    }
}
