//! Names of news outlets by the host of their pages: a built-in table of
//! major outlets, which a site extends or overrides in `site.toml`:
//!
//! ```toml
//! [outlets]
//! "example-news.com" = "Example News"
//! ```
//!
//! A host matches its own entry or that of any parent domain
//! (`hosted.ap.org` → `ap.org`), and a leading `www.` is ignored.

use std::collections::HashMap;
use std::path::Path;

/// Built-in hosts and the outlet each belongs to.
const BUILT_IN: &[(&str, &str)] = &[
    ("abcnews.go.com", "ABC News"),
    ("aljazeera.com", "Al Jazeera"),
    ("ap.org", "Associated Press"),
    ("apnews.com", "Associated Press"),
    ("axios.com", "Axios"),
    ("bbc.co.uk", "BBC News"),
    ("bbc.com", "BBC News"),
    ("bloomberg.com", "Bloomberg"),
    ("businessinsider.com", "Business Insider"),
    ("cbc.ca", "CBC News"),
    ("cbsnews.com", "CBS News"),
    ("chron.com", "Houston Chronicle"),
    ("cnbc.com", "CNBC"),
    ("cnn.com", "CNN"),
    ("dailymail.co.uk", "Daily Mail"),
    ("dw.com", "Deutsche Welle"),
    ("economist.com", "The Economist"),
    ("euronews.com", "Euronews"),
    ("express.co.uk", "Daily Express"),
    ("france24.com", "France 24"),
    ("ft.com", "Financial Times"),
    ("foxnews.com", "Fox News"),
    ("globalnews.ca", "Global News"),
    ("haaretz.com", "Haaretz"),
    ("hindustantimes.com", "Hindustan Times"),
    ("huffpost.com", "HuffPost"),
    ("independent.co.uk", "The Independent"),
    ("indiatimes.com", "The Times of India"),
    ("japantimes.co.jp", "The Japan Times"),
    ("jpost.com", "The Jerusalem Post"),
    ("latimes.com", "Los Angeles Times"),
    ("lemonde.fr", "Le Monde"),
    ("msnbc.com", "MSNBC"),
    ("nationalpost.com", "National Post"),
    ("nbcnews.com", "NBC News"),
    ("npr.org", "NPR"),
    ("nypost.com", "New York Post"),
    ("nytimes.com", "The New York Times"),
    ("politico.com", "POLITICO"),
    ("politico.eu", "POLITICO Europe"),
    ("reuters.com", "Reuters"),
    ("rt.com", "RT"),
    ("scmp.com", "South China Morning Post"),
    ("sfgate.com", "SFGATE"),
    ("sky.com", "Sky News"),
    ("smh.com.au", "The Sydney Morning Herald"),
    ("standard.co.uk", "Evening Standard"),
    ("straitstimes.com", "The Straits Times"),
    ("telegraph.co.uk", "The Telegraph"),
    ("theatlantic.com", "The Atlantic"),
    ("theaustralian.com.au", "The Australian"),
    ("theglobeandmail.com", "The Globe and Mail"),
    ("theguardian.com", "The Guardian"),
    ("theintercept.com", "The Intercept"),
    ("thehill.com", "The Hill"),
    ("themoscowtimes.com", "The Moscow Times"),
    ("timesofisrael.com", "The Times of Israel"),
    ("usatoday.com", "USA Today"),
    ("vox.com", "Vox"),
    ("washingtonpost.com", "The Washington Post"),
    ("wsj.com", "The Wall Street Journal"),
];

/// Outlet names by host: the built-in table, with the site's own entries
/// over it.
#[derive(Debug, Clone, Default)]
pub struct Outlets {
    by_host: HashMap<String, String>,
}

impl Outlets {
    /// The built-in table alone.
    pub fn built_in() -> Outlets {
        let by_host = BUILT_IN
            .iter()
            .map(|(host, name)| ((*host).to_string(), (*name).to_string()))
            .collect();
        Outlets { by_host }
    }

    /// The built-in table extended by the `[outlets]` table of `ROOT/site.toml`;
    /// the second value names each entry that is not `"host" = "Name"`.
    pub fn for_site(root: &Path) -> (Outlets, Vec<String>) {
        let mut outlets = Outlets::built_in();
        let mut problems = Vec::new();
        let Ok(text) = std::fs::read_to_string(root.join(crate::config::FILE_NAME)) else {
            return (outlets, problems);
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            return (outlets, problems);
        };
        let Some(entries) = table.get("outlets") else {
            return (outlets, problems);
        };
        let Some(entries) = entries.as_table() else {
            problems.push(
                "site.toml: [outlets] must be a table of \"host\" = \"Outlet name\"; ignored"
                    .to_string(),
            );
            return (outlets, problems);
        };
        for (host, name) in entries {
            match name.as_str().map(str::trim).filter(|n| !n.is_empty()) {
                Some(name) => outlets.add(host, name),
                None => problems.push(format!(
                    "site.toml: [outlets] \"{host}\" must be the outlet's name in quotes, like \"{host}\" = \"Example News\"; ignored"
                )),
            }
        }
        (outlets, problems)
    }

    /// Adds (or replaces) the outlet of `host`.
    pub fn add(&mut self, host: &str, name: &str) {
        self.by_host.insert(normal_host(host), name.to_string());
    }

    /// The outlet whose pages are on `host`, or on a parent domain of it.
    pub fn for_host(&self, host: &str) -> Option<&str> {
        let host = normal_host(host);
        let mut rest = host.as_str();
        loop {
            if let Some(name) = self.by_host.get(rest) {
                return Some(name);
            }
            let (_, parent) = rest.split_once('.')?;
            if !parent.contains('.') {
                return None;
            }
            rest = parent;
        }
    }

    /// The outlet of the page at `address` (`https://host/path`).
    pub fn for_address(&self, address: &str) -> Option<&str> {
        self.for_host(host_of(address)?)
    }
}

/// The host of an absolute `http(s)` address.
pub fn host_of(address: &str) -> Option<&str> {
    let rest = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"))
        .or_else(|| address.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then_some(host)
}

fn normal_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_matches_its_parent_domains_entry() {
        let outlets = Outlets::built_in();
        // The AP's pages for member papers are served from a sub-domain.
        assert_eq!(
            outlets.for_address(
                "https://hosted.ap.org/berkshireeagle/article/6486944b0/unpredictable-sondland"
            ),
            Some("Associated Press")
        );
        assert_eq!(
            outlets.for_address("https://www.theguardian.com/commentisfree/2019/nov/18/x"),
            Some("The Guardian")
        );
        assert_eq!(outlets.for_address("https://example.com/a"), None);
        assert_eq!(outlets.for_host("com"), None);
    }

    #[test]
    fn the_site_extends_and_overrides_the_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\n[outlets]\n\"www.example-news.com\" = \"Example News\"\n\"bbc.com\" = \"BBC\"\n\"bad.org\" = 3\n",
        )
        .expect("written");
        let (outlets, problems) = Outlets::for_site(dir.path());
        assert_eq!(
            outlets.for_address("https://example-news.com/2020/a"),
            Some("Example News")
        );
        assert_eq!(outlets.for_host("www.bbc.com"), Some("BBC"));
        assert_eq!(
            problems,
            ["site.toml: [outlets] \"bad.org\" must be the outlet's name in quotes, like \"bad.org\" = \"Example News\"; ignored"]
        );
    }
}
