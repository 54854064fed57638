//! What a reader's browser needs to tell what was added since their last
//! visit: a short key per article and event (on its cards, as `data-key`),
//! and `items.js`, every key the site holds, grouped by month, which
//! `visits.js` compares with the keys it remembered at the last visit.
//! Keys come from slugs, so they stay the same from one build to the next.

use std::collections::BTreeMap;

use crate::link::Briefing;

/// The file name of the list of keys, at the top of the output.
pub const ITEMS_FILE: &str = "items.js";

/// The key of an article: 40 bits of a hash of its slug, in base 36.
pub fn article_key(slug: &str) -> String {
    key('a', slug)
}

/// The key of an event.
pub fn event_key(slug: &str) -> String {
    key('e', slug)
}

fn key(kind: char, slug: &str) -> String {
    let hash = crate::text::fnv1a_64(std::iter::once(kind as u8).chain(slug.bytes()));
    crate::text::base36(hash & 0xff_ffff_ffff)
}

/// `items.js`: `window.BRIEFING_ITEMS = {"YYYY-MM": "key key …", …}`, the
/// keys of every article and event by the month of its date.
pub fn items_js(briefing: &Briefing) -> String {
    let mut by_month: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for linked in &briefing.articles {
        let date = linked.when.date;
        by_month
            .entry(date.format("%Y-%m").to_string())
            .or_default()
            .push(article_key(&linked.article.slug));
    }
    for linked in &briefing.events {
        by_month
            .entry(linked.event.date.format("%Y-%m").to_string())
            .or_default()
            .push(event_key(&linked.event.slug));
    }
    let months: BTreeMap<String, String> = by_month
        .into_iter()
        .map(|(month, keys)| (month, keys.join(" ")))
        .collect();
    let json = serde_json::to_string(&months).unwrap_or_else(|_| "{}".into());
    format!("window.BRIEFING_ITEMS={json};\n")
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
}
