//! Reads `site.toml`, the site's settings.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::frontmatter::{parse_table, Fields};
use crate::i18n::Catalogue;
use crate::model::SiteConfig;

pub const FILE_NAME: &str = "site.toml";

/// Reads `ROOT/site.toml`, or says what is wrong with it.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join(FILE_NAME);
    let file = Path::new(FILE_NAME);
    let text = std::fs::read_to_string(&path).map_err(|err| {
        let message = if err.kind() == std::io::ErrorKind::NotFound {
            format!(
                "not found in {}; create it with at least title = \"My briefing\" (or pass --root to point at the site folder)",
                root.display()
            )
        } else {
            format!("cannot be read: {err}")
        };
        vec![Diagnostic::new(file, message)]
    })?;
    let mut config = parse(&text, file)?;
    let loaded = Catalogue::for_site(root, &config.language, &text)?;
    config.interface = Arc::new(loaded.catalogue);
    config.warnings = loaded.warnings;
    Ok(config)
}

/// Parses the text of a `site.toml`.
pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let table = parse_table(text, 1, file).map_err(|d| vec![d])?;
    let mut diagnostics = Vec::new();
    let mut fields = Fields::new(table, text, 1, file, &mut diagnostics);
    let title = fields.required_string("title", "\"My briefing\"");
    let description = fields.string("description");
    let base_url = fields.string("base_url");
    let language = fields.string("language").unwrap_or_else(|| "en".into());
    let articles_per_page = fields.integer("articles_per_page", 1).unwrap_or(20);
    let pretty_urls = fields.boolean("pretty_urls").unwrap_or(false);
    let base_url = base_url.and_then(|url| match checked_base_url(&url) {
        Ok(url) => Some(url),
        Err(message) => {
            fields.error("base_url", message);
            None
        }
    });
    if !language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        fields.error(
            "language",
            format!("must be a language tag like \"en\" or \"pt-BR\", found \"{language}\""),
        );
    }
    let extra = fields.take_extra();
    match title {
        Some(title) if diagnostics.is_empty() => Ok(SiteConfig {
            title,
            description,
            base_url,
            articles_per_page: usize::try_from(articles_per_page).unwrap_or(20),
            pretty_urls,
            extra,
            interface: Arc::new(Catalogue::built_in(&language).unwrap_or_default()),
            warnings: Vec::new(),
            language,
        }),
        _ => Err(diagnostics),
    }
}

/// The site's absolute address without a trailing `/`, or why it is not one.
pub fn checked_base_url(url: &str) -> Result<String, String> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(url.trim_end_matches('/').to_string())
    } else {
        Err(format!(
            "must be an absolute address starting with https://, found \"{url}\""
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let config = parse("title = \"T\"\n", Path::new("site.toml")).unwrap();
        assert_eq!(config.language, "en");
        assert_eq!(config.articles_per_page, 20);
        assert!(!config.pretty_urls);
        assert!(config.base_url.is_none());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse(
            "title = \"T\"\nbase_url = \"example.org\"\narticles_per_page = 0\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        let lines: Vec<String> = err.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [
                "site.toml:3: articles_per_page: must be at least 1, found 0",
                "site.toml:2: base_url: must be an absolute address starting with https://, found \"example.org\"",
            ]
        );
    }

    #[test]
    fn a_missing_title_is_reported() {
        let err = parse("description = \"d\"\n", Path::new("site.toml")).unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "site.toml:1: title: missing required field; add e.g. title = \"My briefing\""
        );
    }
}
