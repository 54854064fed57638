//! Reads an article's metadata out of its lines: the headline, the outlet
//! (`REUTERS | Published ...`, `SOURCE: www.reuters.com`, `Source : The
//! Moscow Times`), the original address, the authors and the key points.
//! The lines that carried metadata are taken out; the rest is the story.

/// What the lines of one piece say about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// The text of an `OUTLET | Published DATE` header, for the dates stage.
    pub header: Option<String>,
    /// The bullet points under a `Key points` line.
    pub key_points: Vec<String>,
    /// The story's paragraphs, without headline, metadata and key points.
    pub paragraphs: Vec<String>,
    /// Metadata lines taken out of the text.
    pub removed: Vec<String>,
}

/// `REUTERS | Published February 19, 2023`: the outlet and the rest.
pub fn header(line: &str) -> Option<(&str, &str)> {
    let (outlet, rest) = line.split_once('|')?;
    let outlet = outlet.trim();
    let rest = rest.trim();
    let is_outlet = !outlet.is_empty()
        && outlet.len() <= 60
        && outlet
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || " .&'’-".contains(c));
    let is_dated = ["Published", "Updated", "PUBLISHED", "UPDATED"]
        .iter()
        .any(|w| rest.starts_with(w));
    (is_outlet && is_dated).then_some((outlet, rest))
}

/// Reads the metadata of a piece whose clutter is gone. `title` is the
/// headline given from outside (a digest's `RELATED:` line).
pub fn extract(title: Option<String>, lines: Vec<String>, authors: Vec<String>) -> Meta {
    let mut meta = Meta {
        authors,
        ..Meta::default()
    };
    let mut domain_outlet = None;
    let mut story = Vec::new();
    let mut in_key_points = false;
    for line in lines {
        if let Some((outlet, rest)) = header(&line) {
            meta.outlet = Some(title_case(outlet));
            meta.header = Some(rest.to_string());
        } else if let Some(value) = after_label(&line, &["SOURCE:", "Source:", "Source :"]) {
            if value.contains('.') && !value.contains(' ') {
                domain_outlet.get_or_insert_with(|| domain(value).to_string());
            } else {
                meta.outlet.get_or_insert_with(|| value.to_string());
            }
        } else if let Some(value) = after_label(&line, &["Original URL:", "URL:"]) {
            if value.starts_with("http://") || value.starts_with("https://") {
                meta.url = Some(value.to_string());
                domain_outlet.get_or_insert_with(|| domain(value).to_string());
            } else {
                story.push(line);
                continue;
            }
        } else if let Some(author) = byline(&line) {
            meta.authors.push(author.to_string());
        } else if is_key_points_label(&line) {
            in_key_points = true;
            continue;
        } else if in_key_points && bullet(&line).is_some() {
            meta.key_points.extend(bullet(&line).map(String::from));
            continue;
        } else {
            in_key_points = false;
            story.push(line);
            continue;
        }
        meta.removed.push(line);
    }
    if meta.outlet.is_none() {
        meta.outlet = domain_outlet;
    }
    meta.title = match title {
        Some(title) => title,
        None if !story.is_empty() => story.remove(0),
        None => String::new(),
    };
    meta.paragraphs = story;
    meta
}

fn after_label<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels
        .iter()
        .find_map(|l| line.strip_prefix(l))
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 300)
}

/// `https://www.theaustralian.com.au/world/...` → `theaustralian.com.au`.
fn domain(address: &str) -> &str {
    let host = address.split("://").nth(1).unwrap_or(address);
    let host = host.split(['/', '?', '#']).next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}

/// `By Jane Doe` or `By Jane Doe and John Roe`, on a short line.
fn byline(line: &str) -> Option<&str> {
    let name = line.strip_prefix("By ")?;
    let name = name.split([',', '|']).next().unwrap_or(name).trim();
    let words = name.split_whitespace().count();
    ((2..=6).contains(&words) && name.chars().next().is_some_and(char::is_uppercase))
        .then_some(name)
}

fn is_key_points_label(line: &str) -> bool {
    let lower = line.trim_end_matches(':').to_lowercase();
    lower == "key points" || lower == "highlights" || lower == "in brief"
}

/// The text of a bullet line (`• text`, `- text`, `* text`).
pub fn bullet(line: &str) -> Option<&str> {
    ["• ", "· ", "- ", "* ", "– "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// `THE STRAITS TIMES` → `The Straits Times`; mixed case is kept.
fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    let small = ["of", "and", "the", "for", "on", "in", "at"];
    name.split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && small.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn reads_headers_of_the_seeds() {
        assert_eq!(
            header("THE STRAITS TIMES | Published February 18, 2025"),
            Some(("THE STRAITS TIMES", "Published February 18, 2025"))
        );
        assert_eq!(header("Left | right"), None);
        assert_eq!(title_case("THE STRAITS TIMES"), "The Straits Times");
        assert_eq!(title_case("REUTERS"), "Reuters");
        assert_eq!(title_case("The Moscow Times"), "The Moscow Times");
    }

    #[test]
    fn the_header_outlet_wins_over_a_source_domain() {
        let meta = extract(
            None,
            lines("US and Russia forge ahead on peace talks, without Ukraine\nREUTERS | Published February 19, 2023\nRIYADH, Feb 18 (Reuters) – talks.\nSOURCE: www.reuters.com"),
            Vec::new(),
        );
        assert_eq!(
            meta.title,
            "US and Russia forge ahead on peace talks, without Ukraine"
        );
        assert_eq!(meta.outlet.as_deref(), Some("Reuters"));
        assert_eq!(meta.header.as_deref(), Some("Published February 19, 2023"));
        assert_eq!(meta.paragraphs, ["RIYADH, Feb 18 (Reuters) – talks."]);
        assert_eq!(meta.removed.len(), 2);
    }

    #[test]
    fn reads_source_credit_url_and_byline() {
        let meta = extract(
            Some("Given".into()),
            lines("By Jane Doe\nText.\nSource : The Moscow Times"),
            Vec::new(),
        );
        assert_eq!(meta.title, "Given");
        assert_eq!(meta.outlet.as_deref(), Some("The Moscow Times"));
        assert_eq!(meta.authors, ["Jane Doe"]);
        let meta = extract(
            None,
            lines("Title\nText.\nOriginal URL: https://www.theaustralian.com.au/world/x/news-story/78d1"),
            vec!["Jacquelin Magnay".into()],
        );
        assert_eq!(
            meta.url.as_deref(),
            Some("https://www.theaustralian.com.au/world/x/news-story/78d1")
        );
        assert_eq!(meta.outlet.as_deref(), Some("theaustralian.com.au"));
        assert_eq!(meta.authors, ["Jacquelin Magnay"]);
    }

    #[test]
    fn reads_key_points() {
        let meta = extract(
            None,
            lines("Russia is ready\nKey points\n• One.\n• Two.\nPresident Vladimir Putin is open to talks."),
            Vec::new(),
        );
        assert_eq!(meta.key_points, ["One.", "Two."]);
        assert_eq!(
            meta.paragraphs,
            ["President Vladimir Putin is open to talks."]
        );
    }
}
