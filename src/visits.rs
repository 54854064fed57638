//! What a reader's browser needs to tell what was added since their last
//! visit: a short key per article and event (on its cards, as `data-key`),
//! and the keys the site holds, grouped by month, which `visits.js`
//! compares with the keys it remembered at the last visit.
//!
//! Every page loads `items.js`, a digest of a few bytes per month: how many
//! items the month holds and the sum of their keys. The keys themselves are
//! in one file per month, `items/YYYY-MM.js`, which `visits.js` loads (by
//! script tag, so it works from `file://`) only for the months whose digest
//! changed since the reader's last visit and, when that is little, one month
//! more, to learn the keys of months it has not read yet. A reader who comes back
//! after a week loads the digest and the latest month, not every key of the
//! site: at 100,000 articles the digest is about 1 KB and a month 20 KB,
//! where the single list of every key was 982 KB on every page.
//!
//! The sum lets `visits.js` check a month it never read: one item added is
//! the difference of the sums. Keys come from slugs, so they stay the same
//! from one build to the next.

use std::collections::BTreeMap;

use crate::link::Briefing;

/// The file name of the digest of keys by month, at the top of the output.
pub const ITEMS_FILE: &str = "items.js";

/// The folder of the files of keys, one per month, beside [`ITEMS_FILE`].
pub const MONTHS_DIR: &str = "items";

/// Keys are numbers below this (40 bits), and a month's sum is taken
/// modulo it, so that JavaScript's numbers hold it exactly.
const KEY_SPAN: u64 = 1 << 40;

/// The key of an article: 40 bits of a hash of its slug, in base 36.
pub fn article_key(slug: &str) -> String {
    crate::text::base36(key_number('a', slug))
}

/// The key of an event.
pub fn event_key(slug: &str) -> String {
    crate::text::base36(key_number('e', slug))
}

fn key_number(kind: char, slug: &str) -> u64 {
    let hash = crate::text::fnv1a_64(std::iter::once(kind as u8).chain(slug.bytes()));
    hash % KEY_SPAN
}

/// The keys of one month, as numbers, in the order of the site's lists.
type Month = Vec<u64>;

fn months(briefing: &Briefing) -> BTreeMap<String, Month> {
    let mut by_month: BTreeMap<String, Month> = BTreeMap::new();
    for linked in &briefing.articles {
        by_month
            .entry(linked.when.date.format("%Y-%m").to_string())
            .or_default()
            .push(key_number('a', &linked.article.slug));
    }
    for linked in &briefing.events {
        by_month
            .entry(linked.event.date.format("%Y-%m").to_string())
            .or_default()
            .push(key_number('e', &linked.event.slug));
    }
    by_month
}

/// A month's digest: `"COUNT SUM"`, its number of keys and their sum
/// modulo [`KEY_SPAN`] in base 36.
fn digest(keys: &[u64]) -> String {
    let sum = keys.iter().fold(0, |sum, key| (sum + key) % KEY_SPAN);
    format!("{} {}", keys.len(), crate::text::base36(sum))
}

/// The files of "new since your last visit", by their paths from the
/// output's top: [`ITEMS_FILE`],
/// `window.BRIEFING_MONTHS = {"YYYY-MM": "COUNT SUM", …}`, and per month
/// `items/YYYY-MM.js`, which adds `"key key …"` to
/// `window.BRIEFING_MONTH_KEYS` under its month.
pub fn items_files(briefing: &Briefing) -> Vec<(String, String)> {
    split(&months(briefing))
}

fn split(months: &BTreeMap<String, Month>) -> Vec<(String, String)> {
    let digests: BTreeMap<&str, String> = months
        .iter()
        .map(|(month, keys)| (month.as_str(), digest(keys)))
        .collect();
    let digests = serde_json::to_string(&digests).unwrap_or_else(|_| "{}".into());
    let mut files = Vec::with_capacity(months.len() + 1);
    files.push((
        ITEMS_FILE.to_string(),
        format!("window.BRIEFING_MONTHS={digests};\n"),
    ));
    for (month, keys) in months {
        let keys: Vec<String> = keys.iter().map(|&key| crate::text::base36(key)).collect();
        files.push((
            format!("{MONTHS_DIR}/{month}.js"),
            format!(
                "(window.BRIEFING_MONTH_KEYS=window.BRIEFING_MONTH_KEYS||{{}})[\"{month}\"]=\"{}\";\n",
                keys.join(" ")
            ),
        ));
    }
    files
}

/// Whether `name` (a path from the output's top) is one of the files
/// [`items_files`] makes.
pub fn is_items_file(name: &str) -> bool {
    name == ITEMS_FILE
        || name
            .strip_prefix(MONTHS_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|file| !file.contains('/') && file.ends_with(".js"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_stable_and_differ_by_kind() {
        let a = article_key("2025-02-18-riyadh");
        assert_eq!(a, article_key("2025-02-18-riyadh"));
        assert_ne!(a, event_key("2025-02-18-riyadh"));
        assert!(
            a.len() <= 8 && a.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{a}"
        );
    }

    #[test]
    fn a_digest_is_the_count_and_the_sum_below_the_span() {
        assert_eq!(digest(&[]), "0 0");
        assert_eq!(digest(&[35, 1]), "2 10");
        // The sum wraps at 2^40, as `(a + b) % 2^40` does in JavaScript.
        assert_eq!(digest(&[KEY_SPAN - 1, 2]), "2 1");
    }

    #[test]
    fn one_added_key_is_the_difference_of_the_sums() {
        let before = [key_number('a', "x"), key_number('e', "y")];
        let added = key_number('a', "z");
        let after = [before[0], added, before[1]];
        let sum = |keys: &[u64]| {
            let digest = digest(keys);
            let (_, sum) = digest.split_once(' ').unwrap_or_default();
            u64::from_str_radix(sum, 36).unwrap_or(u64::MAX)
        };
        let difference = (sum(&after) + KEY_SPAN - sum(&before)) % KEY_SPAN;
        assert_eq!(crate::text::base36(difference), article_key("z"));
    }

    /// A site the size of the 100k bench corpus: four years of articles.
    fn big_site() -> BTreeMap<String, Month> {
        let mut months: BTreeMap<String, Month> = BTreeMap::new();
        for i in 0..100_000u32 {
            let month = format!("{}-{:02}", 2022 + i / 25_000, 1 + i % 12);
            months
                .entry(month)
                .or_default()
                .push(key_number('a', &format!("article-{i}")));
        }
        months
    }

    #[test]
    fn the_split_writes_a_digest_and_one_file_per_month() {
        let mut months = BTreeMap::new();
        months.insert("2024-12".to_string(), vec![35, 36]);
        months.insert("2025-01".to_string(), vec![1]);
        assert_eq!(
            split(&months),
            [
                (
                    "items.js".to_string(),
                    "window.BRIEFING_MONTHS={\"2024-12\":\"2 1z\",\"2025-01\":\"1 1\"};\n".to_string()
                ),
                (
                    "items/2024-12.js".to_string(),
                    "(window.BRIEFING_MONTH_KEYS=window.BRIEFING_MONTH_KEYS||{})[\"2024-12\"]=\"z 10\";\n".to_string()
                ),
                (
                    "items/2025-01.js".to_string(),
                    "(window.BRIEFING_MONTH_KEYS=window.BRIEFING_MONTH_KEYS||{})[\"2025-01\"]=\"1\";\n".to_string()
                ),
            ]
        );
    }

    #[test]
    fn at_100k_articles_the_digest_and_a_month_stay_small() {
        let files = split(&big_site());
        assert_eq!(files.len(), 1 + 48);
        let (name, digest) = &files[0];
        assert_eq!(name, ITEMS_FILE);
        assert!(digest.len() < 1_500, "the digest is {} bytes", digest.len());
        let mut listed = 0;
        for (name, keys) in &files[1..] {
            assert!(keys.len() < 25_000, "{name} is {} bytes", keys.len());
            listed += keys.matches(' ').count() + 1;
        }
        assert_eq!(listed, 100_000);
    }

    #[test]
    fn items_files_are_recognised_and_nothing_else() {
        assert!(is_items_file("items.js"));
        assert!(is_items_file("items/2025-02.js"));
        assert!(!is_items_file("items/2025-02/index.html"));
        assert!(!is_items_file("itemsx/2025-02.js"));
        assert!(!is_items_file("search/meta.js"));
    }
}
