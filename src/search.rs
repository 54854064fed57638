//! The offline search index: a JavaScript file (`search-index.js`) that a
//! page loads with a script tag, because `fetch` does not work from `file://`.
//!
//! It holds, per article, what a result shows (title, address, date, outlet
//! and a stretch of plain text for the snippet); per actor and per event what
//! a result shows (name and aliases, or title and date; address) and the
//! articles that name it; and inverted indexes from each word to what uses
//! it. Lists of numbers are gaps from the number before, in base 36. Articles
//! match a word in one of three ranks: in their `title`, above through an
//! actor or event (`actor_words`, `event_words`, whose articles are listed in
//! `actors` and `events`) or a quoted speaker who is not an actor (`names`),
//! above in their `body` (body, quotes, tags, outlet). An article matched
//! through an actor or event can show which one, when its text does not.
//!
//! Words found in most articles are listed as `common` and left out of the
//! body index only: they would match everything and cost most of the bytes.
//! They stay in every other table, so a title or a name still finds them.
//!
//! `words` folds case and diacritics and reads dotted abbreviations (`U.S.`)
//! as one word; `templates/search.js` has the same function, so a query is
//! read the way the text was.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::link::Briefing;
use crate::markdown::plain_text;
use crate::render::{display_date, Page, Paths};
use crate::text::{fold, push_base36, truncate_words};

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
    /// An actor's address is `actor_url[0] + actors[i][1] + actor_url[1]`.
    actor_url: (String, String),
    /// An event's address is `event_url[0] + events[i][1] + event_url[1]`.
    event_url: (String, String),
    /// Outlet names, which `docs` refer to by number.
    outlets: Vec<String>,
    /// `[name, slug, articles, alias…]` per actor: the articles that name or
    /// quote it.
    actors: Vec<Vec<String>>,
    /// `[title, slug, date, articles]` per event: the articles that cover it.
    events: Vec<(String, String, String, String)>,
    /// `[title, slug, date, outlet number or -1, text]` per article, newest
    /// first.
    docs: Vec<Doc>,
    /// Word to the actors with that word in their name or an alias.
    actor_words: BTreeMap<String, String>,
    /// Word to the events with that word in their title.
    event_words: BTreeMap<String, String>,
    /// Word to articles whose title uses it.
    title: BTreeMap<String, String>,
    /// Word to articles that quote a speaker (not an actor) of that name.
    names: BTreeMap<String, String>,
    /// Word to articles whose body, quotes, tags or outlet use it.
    body: BTreeMap<String, String>,
    /// Words left out of `body` because most articles use them.
    common: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Words of `text`: runs of letters and digits, case and diacritics folded
/// (`Erdoğan` is `erdogan`), possessive `'s` dropped, one letter words
/// skipped; single letters joined by dots are one word (`U.S.` is `us`).
/// `words` in templates/search.js reads text the same way.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let chars = fold(text);
    let mut out = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        // A dotted abbreviation: single letters, each but maybe the last
        // followed by a dot.
        let (mut j, mut letters) = (i, String::new());
        let mut count = 0;
        while j < n && chars[j].is_alphabetic() && (j + 1 == n || !is_word_char(chars[j + 1])) {
            letters.push(chars[j]);
            count += 1;
            if j + 1 < n && chars[j + 1] == '.' {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        if count >= 2 {
            out.push(letters);
            i = j;
            continue;
        }
        let mut j = i;
        while j < n && is_word_char(chars[j]) {
            j += 1;
        }
        let mut w = &chars[i..j];
        while let [rest @ .., '\''] = w {
            w = rest;
        }
        if let [rest @ .., '\'', 's'] = w {
            w = rest;
        }
        if w.len() > 1 {
            out.push(w.iter().collect());
        }
        i = j;
    }
    out.into_iter()
}

type Doc = (String, String, String, i64, String);

/// One article, ready to index.
struct Entry {
    title: Vec<String>,
    names: Vec<String>,
    body: Vec<String>,
    actors: Vec<usize>,
    events: Vec<usize>,
    doc: Doc,
}

/// Builds `search-index.js` for `briefing`.
pub fn index_js(briefing: &Briefing, paths: &Paths) -> String {
    let count = briefing.articles.len();
    let text_chars = (TEXT_BUDGET / count.max(1)).clamp(TEXT_MIN, TEXT_MAX);
    let mut title: HashMap<String, Vec<usize>> = HashMap::new();
    let mut names: HashMap<String, Vec<usize>> = HashMap::new();
    let mut body: HashMap<String, Vec<usize>> = HashMap::new();
    let mut actor_docs: Vec<Vec<usize>> = vec![Vec::new(); briefing.actors.len()];
    let mut event_docs: Vec<Vec<usize>> = vec![Vec::new(); briefing.events.len()];
    let mut docs = Vec::with_capacity(count);
    for start in (0..count).step_by(BATCH) {
        let entries: Vec<Entry> = (start..count.min(start + BATCH))
            .into_par_iter()
            .map(|i| entry(briefing, text_chars, i))
            .collect();
        for (e, i) in entries.into_iter().zip(start..) {
            for (words, table) in [
                (e.title, &mut title),
                (e.names, &mut names),
                (e.body, &mut body),
            ] {
                for w in words {
                    table.entry(w).or_default().push(i);
                }
            }
            for a in e.actors {
                actor_docs[a].push(i);
            }
            for x in e.events {
                event_docs[x].push(i);
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
    common.sort_unstable();
    let pattern = paths.article_url(SLUG_MARK);
    let (actor_url, actor_slugs) = url_pattern(
        briefing
            .actors
            .iter()
            .map(|a| (a.actor.slug.as_str(), paths.url(&Page::Actor(a.id(), 1)))),
    );
    let (event_url, event_slugs) = url_pattern(
        briefing
            .events
            .iter()
            .map(|e| (e.event.slug.as_str(), paths.url(&Page::Event(e.id())))),
    );
    let mut actor_words: HashMap<String, Vec<usize>> = HashMap::new();
    let mut actors = Vec::with_capacity(briefing.actors.len());
    for (i, ((a, slug), articles)) in briefing
        .actors
        .iter()
        .zip(actor_slugs)
        .zip(&actor_docs)
        .enumerate()
    {
        let mut entry = vec![a.actor.name.clone(), slug, gaps(articles)];
        entry.extend(a.actor.aliases.iter().map(|alias| alias.name.clone()));
        let mut names: Vec<String> = words(&a.actor.name).collect();
        for alias in &a.actor.aliases {
            names.extend(words(&alias.name));
        }
        names.sort_unstable();
        names.dedup();
        for w in names {
            actor_words.entry(w).or_default().push(i);
        }
        actors.push(entry);
    }
    let mut event_words: HashMap<String, Vec<usize>> = HashMap::new();
    let mut events = Vec::with_capacity(briefing.events.len());
    for (i, ((e, slug), articles)) in briefing
        .events
        .iter()
        .zip(event_slugs)
        .zip(&event_docs)
        .enumerate()
    {
        let mut names: Vec<String> = words(&e.event.title).collect();
        names.sort_unstable();
        names.dedup();
        for w in names {
            event_words.entry(w).or_default().push(i);
        }
        events.push((
            e.event.title.clone(),
            slug,
            display_date(e.event.date),
            gaps(articles),
        ));
    }
    let table =
        |t: HashMap<String, Vec<usize>>| t.into_iter().map(|(w, a)| (w, gaps(&a))).collect();
    let index = Index {
        url: match pattern.split_once(SLUG_MARK) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => ("articles/".to_string(), "/index.html".to_string()),
        },
        actor_url,
        event_url,
        outlets: briefing.outlets.iter().map(|o| o.name.clone()).collect(),
        actors,
        events,
        docs,
        actor_words: table(actor_words),
        event_words: table(event_words),
        title: table(title),
        names: table(names),
        body: table(body),
        common,
    };
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".into());
    format!("window.BRIEFING_SEARCH={json};\n")
}

/// The addresses of pages named by slug as one pattern `(before, after)` and
/// the slug of each, when every address is `before + slug + after`; else
/// `("", "")` and each whole address.
fn url_pattern<'s>(
    pages: impl Iterator<Item = (&'s str, String)>,
) -> ((String, String), Vec<String>) {
    let pages: Vec<(&str, String)> = pages.collect();
    let pattern = pages.first().and_then(|(slug, url)| {
        let (before, after) = url.rsplit_once(slug)?;
        Some((before.to_string(), after.to_string()))
    });
    match pattern {
        Some((before, after))
            if pages
                .iter()
                .all(|(slug, url)| *url == format!("{before}{slug}{after}")) =>
        {
            let slugs = pages.iter().map(|(slug, _)| slug.to_string()).collect();
            ((before, after), slugs)
        }
        _ => (
            (String::new(), String::new()),
            pages.into_iter().map(|(_, url)| url).collect(),
        ),
    }
}

fn entry(briefing: &Briefing, text_chars: usize, i: usize) -> Entry {
    let linked = &briefing.articles[i];
    let a = &linked.article;
    let mut title: Vec<String> = words(&a.title).collect();
    let mut actors: Vec<usize> = linked.actors.clone();
    let mut names: Vec<String> = Vec::new();
    let text = plain_text(&a.body);
    let mut body: Vec<String> = words(&text).collect();
    for (quote, actor) in a.quotes.iter().zip(&linked.quote_actors) {
        body.extend(words(&quote.text));
        match (actor, &quote.speaker) {
            (Some(actor), _) => actors.push(*actor),
            (None, Some(speaker)) => names.extend(words(speaker)),
            (None, None) => {}
        }
    }
    body.extend(a.tags.iter().flat_map(|t| words(t)));
    body.extend(a.source.iter().flat_map(|s| words(s)));
    for list in [&mut title, &mut names, &mut body] {
        list.sort_unstable();
        list.dedup();
    }
    actors.sort_unstable();
    actors.dedup();
    let mut events = linked.events.clone();
    events.sort_unstable();
    events.dedup();
    let doc = (
        a.title.clone(),
        a.slug.clone(),
        display_date(linked.when.date),
        linked.outlet.map_or(-1, |o| o as i64),
        truncate_words(text.trim(), text_chars),
    );
    Entry {
        title,
        names,
        body,
        actors,
        events,
        doc,
    }
}

/// Numbers in base 36, comma-separated.
fn numbers(list: &[usize]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    for (n, &x) in list.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_base36(&mut out, x as u64);
    }
    out
}

/// Article numbers as gaps from the one before, in base 36, comma-separated.
fn gaps(articles: &[usize]) -> String {
    let mut previous = 0;
    let deltas: Vec<usize> = articles
        .iter()
        .map(|&a| {
            let d = a - previous;
            previous = a;
            d
        })
        .collect();
    numbers(&deltas)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words(text).collect()
    }

    #[test]
    fn words_fold_case_diacritics_possessives_and_abbreviations() {
        assert_eq!(
            w("Putin's talks with U.S. officials, Erdoğan’s aide"),
            [
                "putin",
                "talks",
                "with",
                "us",
                "officials",
                "erdogan",
                "aide"
            ]
        );
        assert_eq!(w("Türkiye, TÜRKIYE, Turkiye"), ["turkiye"; 3]);
        assert_eq!(
            w("the U.K. and E.U.-led talks"),
            ["the", "uk", "and", "eu", "led", "talks"]
        );
        assert_eq!(w("Straße Łódź Ørsted"), ["strasse", "lodz", "orsted"]);
        assert_eq!(w("a b. c U.Sarah"), ["sarah"]);
    }

    #[test]
    fn gaps_are_base36_deltas() {
        assert_eq!(gaps(&[0, 1, 5, 41]), "0,1,4,10");
        assert_eq!(numbers(&[3, 36, 400]), "3,10,b4");
    }

    #[test]
    fn url_pattern_splits_around_the_slug_or_keeps_whole_addresses() {
        let (pattern, slugs) = url_pattern(
            [
                ("actors", "actors/actors/index.html".to_string()),
                ("x", "actors/x/index.html".to_string()),
            ]
            .into_iter(),
        );
        assert_eq!(pattern, ("actors/".into(), "/index.html".into()));
        assert_eq!(slugs, ["actors", "x"]);
        let (pattern, urls) =
            url_pattern([("a", "a/".to_string()), ("b", "other/b.html".to_string())].into_iter());
        assert_eq!(pattern, (String::new(), String::new()));
        assert_eq!(urls, ["a/", "other/b.html"]);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Head\n\nSome *bold* `code`.\n\n- a\n- b\n").trim(),
            "Head Some bold code. a b"
        );
    }
}
