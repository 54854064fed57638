//! The import ledger, `content/.imported`: one line for each raw piece
//! import has written as an article, so that a piece whose article the editor
//! deleted is not written again by the next import. The file is import's
//! own; each line is a JSON object (`raw`, `title`, `body`, `file`), where
//! `title` and `body` are the fingerprints import records in
//! `[import.generated]`. Deleting a line lets import write that piece again.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Where the ledger lives, relative to the site root.
pub const LEDGER: &str = "content/.imported";

/// One piece import wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `[import] raw` of the article.
    pub raw: String,
    /// Fingerprint of the title import generated.
    pub title: String,
    /// Fingerprint of the body import generated.
    pub body: String,
    /// The article file it was written to, relative to the site root.
    pub file: String,
}

/// The ledger's lines as read, plus the entries added by this import.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The file's text as read (kept as it is, lines import cannot read
    /// included).
    text: String,
    /// Every entry, read or added, by raw file.
    by_raw: HashMap<String, Vec<Entry>>,
    added: Vec<Entry>,
}

impl Ledger {
    /// Reads the site's ledger; a site without one has an empty ledger.
    pub fn read(root: &Path) -> Ledger {
        let text = std::fs::read_to_string(root.join(LEDGER)).unwrap_or_default();
        let mut by_raw: HashMap<String, Vec<Entry>> = HashMap::new();
        for entry in text
            .lines()
            .filter_map(|line| serde_json::from_str::<Entry>(line).ok())
        {
            by_raw.entry(entry.raw.clone()).or_default().push(entry);
        }
        Ledger {
            text,
            by_raw,
            added: Vec::new(),
        }
    }

    /// The entries of pieces of `raw` written before that may be this
    /// one: same title or same body.
    pub fn written_before<'a>(
        &'a self,
        raw: &'a str,
        title: &'a str,
        body: &'a str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.by_raw
            .get(raw)
            .into_iter()
            .flatten()
            .filter(move |e| e.title == title || e.body == body)
    }

    /// Records a written piece (once).
    pub fn record(&mut self, entry: Entry) {
        let same_raw = self.by_raw.entry(entry.raw.clone()).or_default();
        if !same_raw.contains(&entry) {
            same_raw.push(entry.clone());
            self.added.push(entry);
        }
    }

    /// Writes the ledger when this import added to it.
    pub fn save(&self, root: &Path) -> Result<(), String> {
        if self.added.is_empty() {
            return Ok(());
        }
        let mut text = self.text.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for entry in &self.added {
            let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
            text.push_str(&line);
            text.push('\n');
        }
        super::write_whole(&root.join(LEDGER), text.as_bytes())
            .map_err(|e| format!("cannot write the import ledger: {e}"))
    }
}
