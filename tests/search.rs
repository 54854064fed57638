//! The search index, read the way the page script (templates/search.js)
//! reads it: the default site finds every article by an alias of one of its
//! actors and by a phrase from its body; a small made-up site proves the
//! ranking tables, the common-word rule, folding and abbreviations, and the
//! actor and event entries. The folding cases are shared with the browser
//! test (tests/e2e/search.test.mjs), which runs them through the page's own
//! `words`, so both sides read text alike.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use briefing::build::{self, BuildOptions};
use briefing::search::words;

/// Text and the words both `words` functions read in it. JSON, read as is by
/// tests/e2e/search.test.mjs: keep the `FOLD_CASES` name and the raw string.
const FOLD_CASES: &str = r#"[
  ["Putin's talks with U.S. officials", ["putin", "talks", "with", "us", "officials"]],
  ["Erdoğan’s aide met Erdogan", ["erdogan", "aide", "met", "erdogan"]],
  ["Türkiye, TÜRKİYE and Turkiye", ["turkiye", "turkiye", "and", "turkiye"]],
  ["U.S. U.K. E.U. U.S.A. u.s", ["us", "uk", "eu", "usa", "us"]],
  ["U.S.-Russia talks; the U.S.'s role", ["us", "russia", "talks", "the", "us", "role"]],
  ["J.D. Vance and A. Smith", ["jd", "vance", "and", "smith"]],
  ["e.g. at 9 a.m.", ["eg", "at", "am"]],
  ["U.Sarah", ["sarah"]],
  ["Zelensky’s, ZELENSKIY'S and Zelenskyy’", ["zelensky", "zelenskiy", "and", "zelenskyy"]],
  ["Straße Łódź Ørsted Æsir œuvre", ["strasse", "lodz", "orsted", "aesir", "oeuvre"]],
  ["São Paulo, Curaçao, naïve café", ["sao", "paulo", "curacao", "naive", "cafe"]],
  ["decomposed Erdog\u0306an", ["decomposed", "erdogan"]],
  ["don't won’t", ["don't", "won't"]],
  ["x 1 22 2.5 G20 5G", ["22", "g20", "5g"]],
  ["Москва и Киев", ["москва", "киев"]],
  ["ΟΔΟΣ οδός", ["οδοσ", "οδοσ"]],
  ["İstanbul", ["istanbul"]],
  ["‘quoted’ 'single'", ["quoted", "single"]],
  ["R-us-sia they", ["us", "sia", "they"]],
  ["", []]
]"#;

#[test]
fn words_read_the_shared_folding_cases() {
    let cases: Vec<(String, Vec<String>)> = serde_json::from_str(FOLD_CASES).unwrap();
    assert!(cases.len() >= 15);
    for (text, expected) in cases {
        let got: Vec<String> = words(&text).collect();
        assert_eq!(got, expected, "words({text:?})");
    }
}

/// An article as the index shows it: title, slug, text, actor numbers,
/// event numbers.
type Doc = (String, String, String, Vec<usize>, Vec<usize>);

/// The index as the page sees it, every part read and every list of
/// numbers decoded.
struct Index {
    meta: serde_json::Value,
    docs: Vec<Doc>,
    title: BTreeMap<String, Vec<usize>>,
    near: BTreeMap<String, Vec<usize>>,
    body: BTreeMap<String, Vec<usize>>,
    actor_words: BTreeMap<String, Vec<usize>>,
    event_words: BTreeMap<String, Vec<usize>>,
    /// Per actor: name, slug, article count, aliases.
    actors: Vec<(String, String, u64, Vec<String>)>,
    /// Per event: title, slug, date, article count.
    events: Vec<(String, String, String, u64)>,
    common: BTreeSet<String>,
    /// Per `p` file: its words, in order, and its size in bytes.
    shards: Vec<(Vec<String>, usize)>,
    /// Per `p` file: the rows of actors and events it carries, by key
    /// (`" a<n>"`, `" e<n>"`).
    inlined: Vec<BTreeMap<String, serde_json::Value>>,
    /// Per first letter: the words of its `v` file.
    vocab: BTreeMap<String, Vec<String>>,
}

fn gaps(raw: &str) -> Vec<usize> {
    let mut at = 0;
    raw.split(',')
        .filter(|g| !g.is_empty())
        .map(|g| {
            at += usize::from_str_radix(g, 36).unwrap();
            at
        })
        .collect()
}

fn str_of(v: &serde_json::Value) -> String {
    v.as_str().unwrap().to_string()
}

/// The part `name` (`search/NAME.js`) and its size, or None when missing.
fn read_part(output: &Path, name: &str) -> Option<(serde_json::Value, usize)> {
    let js = std::fs::read_to_string(output.join(format!("search/{name}.js"))).ok()?;
    let prefix = format!("(window.BRIEFING_SEARCH=window.BRIEFING_SEARCH||{{}})[\"{name}\"]=");
    let json = js
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("search/{name}.js does not start with {prefix}"))
        .trim_end()
        .strip_suffix(';')
        .unwrap();
    Some((serde_json::from_str(json).unwrap(), js.len()))
}

fn part(output: &Path, name: &str) -> serde_json::Value {
    read_part(output, name)
        .unwrap_or_else(|| panic!("no search/{name}.js"))
        .0
}

/// Every row of the `a`, `d` or `e` files, in order.
fn rows(output: &Path, letter: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for n in 0.. {
        match read_part(output, &format!("{letter}{n}")) {
            Some((rows, _)) => out.extend(rows.as_array().unwrap().iter().cloned()),
            None => break,
        }
    }
    out
}

fn load_index(output: &Path) -> Index {
    let meta = part(output, "meta");
    let mut index = Index {
        docs: rows(output, "d")
            .iter()
            .map(|d| {
                (
                    str_of(&d[0]),
                    str_of(&d[1]),
                    str_of(&d[4]),
                    gaps(d[5].as_str().unwrap()),
                    gaps(d[6].as_str().unwrap()),
                )
            })
            .collect(),
        actors: rows(output, "a")
            .iter()
            .map(|a| {
                let a = a.as_array().unwrap();
                (
                    str_of(&a[0]),
                    str_of(&a[1]),
                    a[2].as_u64().unwrap(),
                    a[3..].iter().map(str_of).collect(),
                )
            })
            .collect(),
        events: rows(output, "e")
            .iter()
            .map(|e| {
                (
                    str_of(&e[0]),
                    str_of(&e[1]),
                    str_of(&e[2]),
                    e[3].as_u64().unwrap(),
                )
            })
            .collect(),
        common: meta["common"]
            .as_array()
            .unwrap()
            .iter()
            .map(str_of)
            .collect(),
        title: BTreeMap::new(),
        near: BTreeMap::new(),
        body: BTreeMap::new(),
        actor_words: BTreeMap::new(),
        event_words: BTreeMap::new(),
        shards: Vec::new(),
        inlined: Vec::new(),
        vocab: BTreeMap::new(),
        meta,
    };
    let shard_count = index.meta["shards"].as_array().unwrap().len();
    for n in 0..shard_count {
        let (shard, size) = read_part(output, &format!("p{n}")).unwrap();
        let mut words = Vec::new();
        let mut inlined = BTreeMap::new();
        for (word, lists) in shard.as_object().unwrap() {
            if word.starts_with(' ') {
                inlined.insert(word.clone(), lists.clone());
                continue;
            }
            words.push(word.clone());
            let lists: Vec<Vec<usize>> = lists
                .as_array()
                .unwrap()
                .iter()
                .map(|l| gaps(l.as_str().unwrap()))
                .collect();
            for (k, table) in [
                &mut index.title,
                &mut index.near,
                &mut index.body,
                &mut index.actor_words,
                &mut index.event_words,
            ]
            .into_iter()
            .enumerate()
            {
                if let Some(list) = lists.get(k).filter(|l| !l.is_empty()) {
                    table.insert(word.clone(), list.clone());
                }
            }
        }
        index.shards.push((words, size));
        index.inlined.push(inlined);
    }
    let letters: Vec<String> = index.meta["vocab"]
        .as_array()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    for letter in letters {
        let code = u32::from(letter.chars().next().unwrap());
        let words = str_of(&part(output, &format!("v{code:x}")));
        let words = words.split(' ').filter(|w| !w.is_empty());
        index
            .vocab
            .insert(letter, words.map(String::from).collect());
    }
    index
}

/// How article `doc` matches `word`, as the page ranks it: 3 in its title,
/// 2 through one of its actors or events or a quoted speaker, 1 in its body.
fn rank(index: &Index, word: &str, doc: usize) -> u8 {
    let has =
        |table: &BTreeMap<String, Vec<usize>>| table.get(word).is_some_and(|l| l.contains(&doc));
    if has(&index.title) {
        3
    } else if has(&index.near) {
        2
    } else if has(&index.body) {
        1
    } else {
        0
    }
}

/// The slugs of the articles that match every word of `query` exactly, best
/// first, by the page's rule: a match in a title scores 100, through an
/// actor or event 10, in the body 1; ties newest first (articles are newest
/// first). A common word is not in the body lists, so an article lacking it
/// is not left out; a query of common words only finds what has them
/// elsewhere. (Typos and joined words are the page's: tests/e2e.)
fn find(index: &Index, query: &str) -> Vec<String> {
    const WEIGHT: [u32; 4] = [0, 1, 10, 100];
    let terms: Vec<String> = words(query).collect();
    let mut found: Vec<(u32, usize)> = Vec::new();
    for doc in 0..index.docs.len() {
        let mut score = 0;
        let mut ok = !terms.is_empty();
        for t in &terms {
            let r = rank(index, t, doc);
            if r == 0 && !index.common.contains(t) {
                ok = false;
            }
            score += WEIGHT[r as usize];
        }
        if ok && score > 0 {
            found.push((score, doc));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found
        .into_iter()
        .map(|(_, doc)| index.docs[doc].1.clone())
        .collect()
}

fn build_site(root: &Path, output: &Path) {
    build::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        drafts: false,
        base_url: None,
    })
    .unwrap();
}

#[test]
fn every_default_article_is_found_by_an_alias_and_by_a_body_phrase() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    build_site(root, &out.path().join("public"));
    let index = load_index(&out.path().join("public"));
    assert_eq!(index.docs.len(), 7);
    let by_alias = [
        (
            "2022-12-02-russia-ready-for-negotiations-on-ukraine",
            "Mr. Putin",
        ),
        (
            "2022-12-02-biden-willing-to-talk-to-putin-but-unlikely",
            "Peskov",
        ),
        (
            "2022-10-12-putin-open-to-peace-talks-with-biden-at-g20-summit",
            "Erdogan",
        ),
        (
            "2023-05-08-us-prepares-for-talks-with-putin-after-ukrainian-offensive",
            "Blinken",
        ),
        (
            "2025-02-18-us-and-russia-forge-ahead-on-peace-talks-without-ukraine",
            "Zelenskiy",
        ),
        (
            "2025-02-18-us-russia-talks-begin-moscow-pours-cold-water-on-expectations",
            "Rubio",
        ),
        (
            "2025-02-18-russia-rules-out-territorial-concessions-on-eve-of-talks",
            "Starmer",
        ),
    ];
    let by_phrase = [
        (
            "2022-12-02-russia-ready-for-negotiations-on-ukraine",
            "seven Gepard tanks",
        ),
        (
            "2022-12-02-biden-willing-to-talk-to-putin-but-unlikely",
            "hypersonic missiles",
        ),
        (
            "2022-10-12-putin-open-to-peace-talks-with-biden-at-g20-summit",
            "Starlink internet terminals",
        ),
        (
            "2023-05-08-us-prepares-for-talks-with-putin-after-ukrainian-offensive",
            "Brookins Institution",
        ),
        (
            "2025-02-18-us-and-russia-forge-ahead-on-peace-talks-without-ukraine",
            "Palm Beach",
        ),
        (
            "2025-02-18-us-russia-talks-begin-moscow-pours-cold-water-on-expectations",
            "hard bargaining mindset",
        ),
        (
            "2025-02-18-russia-rules-out-territorial-concessions-on-eve-of-talks",
            "rare earth metals",
        ),
    ];
    for (slug, query) in by_alias.iter().chain(by_phrase.iter()) {
        assert!(index.docs.iter().any(|d| d.1 == *slug), "no article {slug}");
        let found = find(&index, query);
        assert!(
            found.iter().any(|s| s == slug),
            "{query:?} finds {found:?}, not {slug}"
        );
    }
    assert!(find(&index, "zzyzx").is_empty());
    // "U.S." and "Erdoğan" as typed find articles too.
    assert!(!find(&index, "U.S.").is_empty());
    assert!(find(&index, "Erdoğan")
        .contains(&"2022-10-12-putin-open-to-peace-talks-with-biden-at-g20-summit".to_string()));
}

// ------------------------------------------------------- a made-up site

const FILLERS: usize = 55;
const LONG_WORDS: usize = 12_000;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn article(root: &Path, slug: &str, title: &str, date: &str, extra: &str, body: &str) {
    write(
        root,
        &format!("content/articles/{slug}.md"),
        &format!("+++\ntitle = \"{title}\"\ndate = {date}\n{extra}+++\n{body}\n"),
    );
}

/// A site of 62 articles in which "ceasefire" is in every body (so it is
/// common) and in one title; "zorblax" is in two titles, an actor's name
/// and one body; a long article whose text is cut for the snippet; seven
/// actors named "Delegate" and seven events named "Summit".
fn made_up_site(root: &Path) {
    write(root, "site.toml", "title = \"Made up\"\n");
    let actors = [
        ("zorblax-quint", "Zorblax Quint", "[\"Quint\"]", "person"),
        ("turkey", "Turkey", "[\"Türkiye\"]", "country"),
        (
            "united-states",
            "United States",
            "[\"U.S.\", \"US\"]",
            "country",
        ),
        (
            "recep-tayyip-erdogan",
            "Recep Tayyip Erdoğan",
            "[\"Erdoğan\"]",
            "person",
        ),
    ];
    for (slug, name, aliases, kind) in actors {
        write(
            root,
            &format!("content/actors/{slug}.md"),
            &format!("+++\nname = \"{name}\"\nkind = \"{kind}\"\naliases = {aliases}\n+++\n"),
        );
    }
    write(
        root,
        "content/events/riyadh-talks.md",
        "+++\ntitle = \"Talks in Riyadh\"\ndate = 2025-02-18\nactors = [\"united-states\"]\n+++\n",
    );
    // More actors and events with a word in common than a query shows.
    for n in 1..=7 {
        write(
            root,
            &format!("content/actors/delegate-{n}.md"),
            &format!("+++\nname = \"Delegate Number{n}\"\nkind = \"person\"\n+++\n"),
        );
        write(
            root,
            &format!("content/events/summit-{n}.md"),
            &format!("+++\ntitle = \"Summit in Place{n}\"\ndate = 2024-03-{n:02}\n+++\n"),
        );
    }
    let filler = FILLER;
    article(
        root,
        "title-newer",
        "Zorblax plan announced",
        "2025-01-10",
        "",
        filler,
    );
    article(
        root,
        "title-older",
        "Zorblax plan revisited",
        "2025-01-05",
        "",
        filler,
    );
    article(
        root,
        "by-actor",
        "Envoy meets the council",
        "2025-01-20",
        "actors = [\"zorblax-quint\"]\n",
        filler,
    );
    article(
        root,
        "in-body",
        "Other news of the week",
        "2025-01-25",
        "",
        &format!("{filler} A zorblax was seen."),
    );
    article(
        root,
        "by-event",
        "Delegations meet",
        "2025-02-18",
        "events = [\"riyadh-talks\"]\n",
        filler,
    );
    article(
        root,
        "folding",
        "U.S. envoy travels to Türkiye",
        "2025-02-01",
        "actors = [\"united-states\", \"turkey\", \"recep-tayyip-erdogan\"]\n",
        &format!("{filler} Erdoğan spoke to the E.U. envoy."),
    );
    article(
        root,
        "ceasefire-title",
        "Ceasefire holds in the east",
        "2024-12-01",
        "",
        filler,
    );
    article(
        root,
        "long",
        "A long report",
        "2024-11-01",
        "",
        &long_body(),
    );
    for i in 0..FILLERS {
        article(
            root,
            &format!("filler-{i:02}"),
            &format!("Filler report {i}"),
            "2023-06-01",
            "",
            filler,
        );
    }
}

const FILLER: &str = "The ceasefire held and the talks went on.";

/// The body of the article too long to keep whole for its snippet.
fn long_body() -> String {
    let words: Vec<String> = (0..LONG_WORDS).map(|i| format!("word{i}")).collect();
    format!("{FILLER} {}", words.join(" "))
}

fn made_up_index() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    made_up_site(&dir.path().join("site"));
    build_site(&dir.path().join("site"), &dir.path().join("public"));
    let index = load_index(&dir.path().join("public"));
    (dir, index)
}

fn doc(index: &Index, slug: &str) -> usize {
    index.docs.iter().position(|d| d.1 == slug).unwrap()
}

#[test]
fn title_matches_rank_above_actor_and_event_matches_above_body_matches() {
    let (_dir, index) = made_up_index();
    // Titles have a table of their own; an actor's name is not in it.
    assert_eq!(
        index.title["zorblax"],
        [doc(&index, "title-newer"), doc(&index, "title-older")]
    );
    assert!(!index.title.contains_key("quint"));
    assert_eq!(index.body["zorblax"], [doc(&index, "in-body")]);
    // A title match first (ties newest first), then the actor, then the body,
    // whatever their dates.
    assert_eq!(
        find(&index, "zorblax"),
        ["title-newer", "title-older", "by-actor", "in-body"]
    );
    assert_eq!(find(&index, "Quint"), ["by-actor"]);
    assert_eq!(find(&index, "Riyadh"), ["by-event"]);
}

#[test]
fn common_words_are_left_out_of_the_body_table_only() {
    let (_dir, index) = made_up_index();
    assert_eq!(index.docs.len(), 8 + FILLERS - 1 + 1);
    assert!(index.common.contains("ceasefire"), "{:?}", index.common);
    assert!(!index.body.contains_key("ceasefire"));
    // Still in the title table, so a query for it finds the titled article.
    assert_eq!(index.title["ceasefire"], [doc(&index, "ceasefire-title")]);
    assert_eq!(find(&index, "ceasefire"), ["ceasefire-title"]);
    // With another word, a common word narrows nothing and raises titles.
    assert_eq!(find(&index, "zorblax ceasefire").len(), 4);
    assert_eq!(
        find(&index, "east ceasefire"),
        ["ceasefire-title"],
        "a common word never empties a query"
    );
}

#[test]
fn abbreviations_and_diacritics_are_indexed_folded() {
    let (_dir, index) = made_up_index();
    let folding = doc(&index, "folding");
    assert!(
        index.title["us"].contains(&folding),
        "U.S. in a title is \"us\""
    );
    assert!(index.title["turkiye"].contains(&folding));
    // Erdoğan is one of the article's actors: his name ranks it above a body.
    assert!(index.near["erdogan"].contains(&folding));
    assert!(!index
        .body
        .get("erdogan")
        .is_some_and(|l| l.contains(&folding)));
    assert!(index.body["eu"].contains(&folding));
    assert!(!index.title.contains_key("u") && !index.body.contains_key("erdoğan"));
    for query in [
        "U.S.", "US", "u.s", "Türkiye", "Turkiye", "Erdoğan", "Erdogan", "E.U.",
    ] {
        assert_eq!(find(&index, query), ["folding"], "{query}");
    }
    // Actor names and aliases are folded the same way.
    let turkey = index.actors.iter().position(|a| a.1 == "turkey").unwrap();
    assert_eq!(index.actor_words["turkiye"], [turkey]);
}

#[test]
fn actors_and_events_are_listed_with_their_pages_and_articles() {
    let (dir, index) = made_up_index();
    let out = dir.path().join("public");
    let json = &index.meta;
    let actor_url = |slug: &str| {
        format!(
            "{}{slug}{}",
            json["actor_url"][0].as_str().unwrap(),
            json["actor_url"][1].as_str().unwrap()
        )
    };
    let event_url = |slug: &str| {
        format!(
            "{}{slug}{}",
            json["event_url"][0].as_str().unwrap(),
            json["event_url"][1].as_str().unwrap()
        )
    };
    let (a, quint) = index
        .actors
        .iter()
        .enumerate()
        .find(|(_, a)| a.0 == "Zorblax Quint")
        .unwrap();
    assert_eq!(quint.1, "zorblax-quint");
    assert_eq!(quint.2, 1);
    assert_eq!(index.docs[doc(&index, "by-actor")].3, [a]);
    assert_eq!(quint.3, ["Quint"]);
    assert_eq!(actor_url(&quint.1), "actors/zorblax-quint/index.html");
    assert!(out.join(actor_url(&quint.1)).is_file());
    assert_eq!(index.actor_words["quint"], [a]);
    assert_eq!(index.actor_words["zorblax"], [a]);

    let (e, riyadh) = index
        .events
        .iter()
        .enumerate()
        .find(|(_, e)| e.1 == "riyadh-talks")
        .unwrap();
    assert_eq!(riyadh.0, "Talks in Riyadh");
    assert_eq!(riyadh.2, "18 February 2025");
    assert_eq!(riyadh.3, 1);
    assert_eq!(index.docs[doc(&index, "by-event")].4, [e]);
    assert!(out.join(event_url(&riyadh.1)).is_file());
    assert_eq!(index.event_words["riyadh"], [e]);

    // Every actor's and event's page exists, and lists the same articles.
    for actor in &index.actors {
        assert!(out.join(actor_url(&actor.1)).is_file(), "{}", actor.1);
    }
    let us = index
        .actors
        .iter()
        .find(|a| a.1 == "united-states")
        .unwrap();
    assert_eq!(us.2, 1);
    let us = index.actors.iter().position(|a| a.1 == "united-states");
    assert!(index.docs[doc(&index, "folding")].3.contains(&us.unwrap()));
    // Actors are numbered by how many articles name them, most first.
    assert!(index.actors.windows(2).all(|w| w[0].2 >= w[1].2));
    for event in &index.events {
        assert!(out.join(event_url(&event.1)).is_file(), "{}", event.1);
    }
}

#[test]
fn snippet_text_is_cut_at_a_word() {
    let (_dir, index) = made_up_index();
    let text = &index.docs[doc(&index, "long")].2;
    let kept = text.strip_suffix('…').expect("a cut text ends with …");
    // 400,000 characters for 62 articles: 6,451 each.
    assert!(kept.chars().count() <= 400_000 / 62);
    let full = long_body();
    assert!(
        full.len() > 400_000 / 62,
        "the article is long enough to cut"
    );
    assert!(full.starts_with(kept));
    assert_eq!(
        full[kept.len()..].chars().next(),
        Some(' '),
        "the text ends in a whole word: {:?}",
        &kept[kept.len() - 20..]
    );
}

#[test]
fn postings_are_split_by_sorted_word_ranges_and_words_listed_by_first_letter() {
    let (dir, index) = made_up_index();
    let output = &dir.path().join("public");
    let order = |a: &String, b: &String| a.encode_utf16().cmp(b.encode_utf16());
    let firsts: Vec<String> = index.meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    assert!(
        index.shards.len() >= 2,
        "12,000 distinct words make more than one postings file"
    );
    let mut all: Vec<String> = Vec::new();
    for (((words, size), first), inlined) in index.shards.iter().zip(&firsts).zip(&index.inlined) {
        assert_eq!(&words[0], first, "meta.shards names each file's first word");
        // Its words' postings; the rows of actors and events come after.
        let rows: usize = inlined
            .iter()
            .map(|(key, row)| format!(",\"{key}\":{row}").len())
            .sum();
        let size = size - rows;
        assert!(
            size <= 32 * 1024 + 200 || words.len() == 1,
            "a postings file of {size} bytes"
        );
        all.extend(words.iter().cloned());
    }
    assert!(
        all.windows(2)
            .all(|w| order(&w[0], &w[1]) == std::cmp::Ordering::Less),
        "words are in JavaScript's order across files"
    );
    // The word lists hold every word with postings, under its first letter.
    let mut listed: Vec<String> = Vec::new();
    for (letter, words) in &index.vocab {
        assert!(words.iter().all(|w| w.starts_with(letter.as_str())));
        assert!(words.windows(2).all(|w| order(&w[0], &w[1]).is_lt()));
        listed.extend(words.iter().cloned());
    }
    listed.sort_by(order);
    assert_eq!(listed, all);
    // Each postings file carries the rows of its words' first five actors
    // and last three events, as their own files have them, and no others.
    let (actor_rows, event_rows) = (rows(output, "a"), rows(output, "e"));
    for ((words, _), inlined) in index.shards.iter().zip(&index.inlined) {
        let mut expected = BTreeMap::new();
        for word in words {
            let actors = index.actor_words.get(word).cloned().unwrap_or_default();
            let events = index.event_words.get(word).cloned().unwrap_or_default();
            for &a in actors.iter().take(5) {
                expected.insert(format!(" a{a}"), actor_rows[a].clone());
            }
            for &e in events.iter().rev().take(3) {
                expected.insert(format!(" e{e}"), event_rows[e].clone());
            }
        }
        assert_eq!(inlined, &expected);
    }
    let carried = |kind: &str| {
        index
            .inlined
            .iter()
            .flatten()
            .any(|(k, _)| k.starts_with(kind))
    };
    assert!(
        carried(" a") && carried(" e"),
        "the made-up site's words name actors and events"
    );
    // Every ASCII letter and digit has a list, which the page asks for
    // before it reads `meta`: `v` and its code point in hexadecimal.
    for letter in "0123456789abcdefghijklmnopqrstuvwxyz".chars() {
        assert!(index.vocab.contains_key(&letter.to_string()), "{letter}");
    }
    // An article is listed once per word, at its best rank.
    for word in &all {
        let lists = [&index.title, &index.near, &index.body].map(|t| t.get(word));
        for (i, a) in lists.iter().enumerate() {
            for b in &lists[i + 1..] {
                if let (Some(a), Some(b)) = (a, b) {
                    assert!(
                        a.iter().all(|d| !b.contains(d)),
                        "{word} lists an article twice"
                    );
                }
            }
        }
    }
}
