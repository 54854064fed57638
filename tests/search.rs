//! The search index of the default site finds every article by an alias of
//! one of its actors and by a phrase from its body, the way the page script
//! looks words up: each word's postings, intersected.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use briefing::build::{self, BuildOptions};
use briefing::search::words;

struct Index {
    slugs: Vec<String>,
    strong: BTreeMap<String, Vec<usize>>,
    body: BTreeMap<String, Vec<usize>>,
}

fn decode(table: &serde_json::Value) -> BTreeMap<String, Vec<usize>> {
    let mut out = BTreeMap::new();
    for (word, gaps) in table.as_object().unwrap() {
        let mut at = 0;
        let list = gaps
            .as_str()
            .unwrap()
            .split(',')
            .map(|g| {
                at += usize::from_str_radix(g, 36).unwrap();
                at
            })
            .collect();
        out.insert(word.clone(), list);
    }
    out
}

fn load_index(output: &Path) -> Index {
    let js = std::fs::read_to_string(output.join("search-index.js")).unwrap();
    let json = js
        .strip_prefix("window.BRIEFING_SEARCH=")
        .unwrap()
        .trim_end()
        .trim_end_matches(';');
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    Index {
        slugs: value["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d[1].as_str().unwrap().to_string())
            .collect(),
        strong: decode(&value["strong"]),
        body: decode(&value["body"]),
    }
}

/// The articles that have every word of `query`, in titles, names or bodies.
fn find(index: &Index, query: &str) -> BTreeSet<String> {
    let mut found: Option<BTreeSet<usize>> = None;
    for word in words(query) {
        let mut docs: BTreeSet<usize> = BTreeSet::new();
        docs.extend(index.strong.get(&word).into_iter().flatten());
        docs.extend(index.body.get(&word).into_iter().flatten());
        found = Some(match found {
            None => docs,
            Some(before) => before.intersection(&docs).copied().collect(),
        });
    }
    found
        .unwrap_or_default()
        .into_iter()
        .map(|i| index.slugs[i].clone())
        .collect()
}

#[test]
fn every_default_article_is_found_by_an_alias_and_by_a_body_phrase() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    build::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        drafts: false,
    })
    .unwrap();
    let index = load_index(&out.path().join("public"));
    assert_eq!(index.slugs.len(), 7);
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
        assert!(index.slugs.iter().any(|s| s == slug), "no article {slug}");
        let found = find(&index, query);
        assert!(
            found.contains(*slug),
            "{query:?} finds {found:?}, not {slug}"
        );
    }
    assert!(find(&index, "zzyzx").is_empty());
}
