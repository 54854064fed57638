//! Saved web pages (`.html`, `.htm`): the story is found with Readability
//! (the `dom_smoothie` crate) and written as Markdown (paragraphs, headings,
//! lists, block quotes, links; no scripts, forms, media, captions, share
//! bars or related-story cards); the metadata comes from the page's own data
//! ([`super::html_meta`]), then from the lines around the story's start.
//! The result has the shape the pasted-text path gives, so the shared
//! actors, events and quotes stages run on it unchanged.

use std::path::Path;
use std::sync::LazyLock;

use dom_query::{Document, NodeRef};
use regex::Regex;

use super::dates::{self, Dating};
use super::html_meta::{self, clean_text, split_names};
use super::outlets::{host_of, Outlets};

/// One saved page, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    pub dating: Dating,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    /// The story's paragraphs as plain text, for the shared stages.
    pub paragraphs: Vec<String>,
    /// The story as Markdown.
    pub body: String,
    /// Lines taken out above the story (headline, byline, date lines).
    pub removed: Vec<String>,
}

/// Whether `path` names a saved page, by its extension.
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Reads a saved page, or says why it holds no article.
pub fn read(html: &str, outlets: &Outlets) -> Result<Page, String> {
    let doc = Document::from(html);
    let found = html_meta::candidates(&doc);
    let url = html_meta::choose_url(&found);
    let mut outlet = html_meta::choose_outlet(&found, outlets);
    let host = url.as_deref().and_then(host_of).map(String::from);
    let site_names: Vec<&str> = [
        outlet.as_deref(),
        found.site_name.as_deref(),
        found.publisher.as_deref(),
        host.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let meta_title = html_meta::choose_title(&found, &site_names);
    let mut readability =
        dom_smoothie::Readability::with_document(doc, None, Some(readability_config()))
            .map_err(|e| format!("the page cannot be read: {e}"))?;
    let article = readability.parse().map_err(|_| {
        "no article text found in the page: it may be an index or a page of links, not a story"
            .to_string()
    })?;
    let title = meta_title
        .or_else(|| Some(clean_text(&article.title)).filter(|t| !t.is_empty()))
        .unwrap_or_default();
    let mut blocks = markdown_blocks(&article.content);
    let removed = take_header_lines(&mut blocks, &title);
    let paragraphs: Vec<String> = blocks
        .iter()
        .filter(|b| b.kind != Kind::Heading)
        .map(|b| b.plain.clone())
        .collect();
    if paragraphs.is_empty() {
        return Err("no article text found in the page: only page furniture".to_string());
    }
    let dating = page_date(&found, &removed, &paragraphs);
    let mut authors = html_meta::choose_authors(&found, outlet.as_deref());
    if authors.is_empty() {
        authors = removed
            .iter()
            .filter(|l| l.starts_with("By ") || l.starts_with("BY "))
            .chain(article.byline.iter())
            .map(|l| split_names(l))
            .find(|names| !names.is_empty())
            .unwrap_or_default();
    }
    if outlet.is_none() {
        outlet = paragraphs
            .iter()
            .take(2)
            .find_map(|p| wire_credit(p))
            .map(String::from)
            .or(host.map(|h| h.trim_start_matches("www.").to_string()));
    }
    let summary = found
        .description
        .clone()
        .filter(|d| is_standfirst(d, &paragraphs));
    Ok(Page {
        title,
        dating,
        outlet,
        url,
        authors,
        summary,
        body: render(&blocks),
        paragraphs,
        removed,
    })
}

/// Readability keeping class names, so that furniture inside the story's
/// container can still be told by them.
fn readability_config() -> dom_smoothie::Config {
    dom_smoothie::Config {
        keep_classes: true,
        ..dom_smoothie::Config::default()
    }
}

/// The publication date: from the page's data when it has one, else from
/// the date lines above the story and its dateline. Where the data and the
/// visible date disagree by more than a day, the editor is told.
fn page_date(found: &html_meta::Candidates, header: &[String], paragraphs: &[String]) -> Dating {
    let (chosen, mut warnings) = html_meta::choose_date(found);
    let header_text = header.join(" | ");
    let visible = dates::publication_date(
        (!header_text.is_empty()).then_some(header_text.as_str()),
        paragraphs,
    );
    match chosen {
        Some((date, from)) => {
            if let Some(seen) = visible.date {
                if (seen - date).num_days().abs() > 1 {
                    warnings.push(format!(
                        "the page's data gives {date} but the page shows {seen} ({}): check which is right",
                        visible.how
                    ));
                }
            }
            Dating {
                date: Some(date),
                how: format!("from the page's {from} data"),
                warnings,
            }
        }
        None => {
            warnings.extend(visible.warnings);
            Dating {
                date: visible.date,
                how: visible.how,
                warnings,
            }
        }
    }
}

/// Wire agencies named in a dateline: `WASHINGTON (AP) —`, `(Reuters) -`.
fn wire_credit(paragraph: &str) -> Option<&'static str> {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^a-z]{2,80}?\((AP|Reuters|AFP|PTI|IANS|UPI|EFE|dpa)\)\s*[-–—:]")
            .expect("valid regex")
    });
    let caps = CREDIT.captures(paragraph)?;
    Some(match caps.get(1)?.as_str() {
        "AP" => "Associated Press",
        "Reuters" => "Reuters",
        "AFP" => "AFP",
        "PTI" => "PTI",
        "IANS" => "IANS",
        "UPI" => "UPI",
        "EFE" => "EFE",
        _ => "dpa",
    })
}

/// A page description that reads as a standfirst: a sentence of its own,
/// not the first paragraph cut short.
fn is_standfirst(description: &str, paragraphs: &[String]) -> bool {
    let start: String = description.chars().take(40).collect();
    description.split_whitespace().count() >= 8
        && !paragraphs.iter().take(3).any(|p| p.starts_with(&start))
}

/// Lines above the story that repeat the headline, or carry the byline or
/// the date, are taken out and returned (they are read for metadata).
fn take_header_lines(blocks: &mut Vec<Block>, title: &str) -> Vec<String> {
    let mut removed = Vec::new();
    while let Some(first) = blocks.first() {
        let text = &first.plain;
        let words = text.split_whitespace().count();
        let is_header = (first.kind != Kind::Quote && text.eq_ignore_ascii_case(title))
            || (words <= 14
                && (text.starts_with("By ")
                    || text.starts_with("BY ")
                    || text.starts_with("Updated")
                    || text.starts_with("Published")
                    || text.starts_with("PUBLISHED")
                    || is_date_line(text)));
        if !is_header {
            break;
        }
        removed.push(text.clone());
        blocks.remove(0);
    }
    removed
}

/// A short line that is mostly a date: `Nov. 20, 2019 5:52 AM EST`.
fn is_date_line(line: &str) -> bool {
    let Some(first) = dates::mentions(line).into_iter().find(|m| m.year.is_some()) else {
        return false;
    };
    let _ = first;
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 30
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    Item,
    Quote,
}

/// One block of the story: its Markdown (inline links kept) and its text.
#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    markdown: String,
    plain: String,
}

/// Elements that are never story text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "figure",
    "figcaption",
    "img",
    "picture",
    "video",
    "audio",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "nav",
    "aside",
    "footer",
    "header",
    "menu",
    "dialog",
];

/// Elements that break text into blocks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "dl",
    "dt",
    "dd",
    "pre",
    "hr",
    "body",
    "html",
    "center",
    "details",
    "summary",
];

/// Words in a class or id that mark page furniture inside the story's
/// container: share bars, related-story cards, promos, captions, credits.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)share|social|related|promo|newsletter|advert|\bads?\b|caption|credit|subscribe|signup|sign-up|outbrain|taboola|recommend|read-?more|more-?on|byline|dateline|timestamp|toolbar|breadcrumb")
        .expect("valid regex")
});

/// The story's HTML (Readability's output) as blocks.
fn markdown_blocks(content: &str) -> Vec<Block> {
    let doc = Document::from(content);
    let mut out = Writer::default();
    if let Some(body) = doc.body() {
        out.walk(&body, Kind::Paragraph);
    }
    out.flush(Kind::Paragraph);
    out.blocks
}

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    markdown: String,
    plain: String,
}

impl Writer {
    fn walk(&mut self, node: &NodeRef, kind: Kind) {
        for child in node.children_it(false) {
            if child.is_text() {
                let text = child.text();
                self.push_text(&text, &text);
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if SKIPPED.contains(&name.as_str()) || is_furniture(&child) {
                continue;
            }
            match name.as_str() {
                "br" => self.flush(kind),
                "a" => {
                    let text = clean_text(&child.text());
                    let href = child.attr("href").map(|h| h.trim().to_string());
                    match href.filter(|h| is_web_address(h) && !text.is_empty()) {
                        Some(href) => {
                            let link =
                                format!(" [{}]({}) ", escape_link_text(&text), escape_href(&href));
                            self.push_text(&link, &format!(" {text} "));
                        }
                        None => {
                            let text = child.text();
                            self.push_text(&text, &text);
                        }
                    }
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Heading);
                    self.flush(Kind::Heading);
                }
                "li" | "dd" | "dt" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Item);
                    self.flush(Kind::Item);
                }
                "blockquote" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Quote);
                    self.flush(Kind::Quote);
                }
                block if BLOCKS.contains(&block) => {
                    self.flush(kind);
                    self.walk(&child, kind);
                    self.flush(kind);
                }
                _ => self.walk(&child, kind),
            }
        }
    }

    fn push_text(&mut self, markdown: &str, plain: &str) {
        self.markdown.push_str(markdown);
        self.plain.push_str(plain);
    }

    fn flush(&mut self, kind: Kind) {
        let plain = clean_text(&self.plain);
        let markdown = clean_text(&self.markdown)
            .replace(" ,", ",")
            .replace(" .", ".");
        self.plain.clear();
        self.markdown.clear();
        if plain.is_empty() {
            return;
        }
        let plain = plain.replace(" ,", ",").replace(" .", ".");
        self.blocks.push(Block {
            kind,
            markdown,
            plain,
        });
    }
}

fn is_furniture(node: &NodeRef) -> bool {
    let class = node.attr("class").unwrap_or_default();
    let id = node.attr("id").unwrap_or_default();
    let role = node.attr("role").unwrap_or_default();
    FURNITURE.is_match(&class)
        || FURNITURE.is_match(&id)
        || ["navigation", "complementary"].contains(&&*role)
        || node.attr("aria-hidden").is_some_and(|v| &*v == "true")
}

fn is_web_address(href: &str) -> bool {
    href.starts_with("https://") || href.starts_with("http://")
}

fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

fn escape_href(href: &str) -> String {
    href.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

/// The blocks as a Markdown body; every block's start is escaped so that
/// text never turns into structure it did not have.
fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<Kind> = None;
    for block in blocks {
        let text = escape_start(&block.markdown);
        let separator = match (previous, block.kind) {
            (None, _) => "",
            (Some(Kind::Item), Kind::Item) => "\n",
            _ => "\n\n",
        };
        out.push_str(separator);
        match block.kind {
            Kind::Paragraph => out.push_str(&text),
            Kind::Heading => {
                out.push_str("## ");
                out.push_str(&text);
            }
            Kind::Item => {
                out.push_str("- ");
                out.push_str(&text);
            }
            Kind::Quote => {
                out.push_str("> ");
                out.push_str(&text);
            }
        }
        previous = Some(block.kind);
    }
    out.push('\n');
    out
}

/// Keeps a block's start from reading as Markdown structure or a front
/// matter fence (`# `, `> `, `- `, `1. `, `+++`).
fn escape_start(line: &str) -> String {
    if line.trim() == "+++" || line.starts_with(['#', '>', '*', '+', '-', '=', '|', '<']) {
        return format!("\\{line}");
    }
    if let Some((number, rest)) = line.split_once(". ") {
        if !number.is_empty() && number.len() <= 9 && number.chars().all(|c| c.is_ascii_digit()) {
            return format!("{number}\\. {rest}");
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        render(&markdown_blocks(html))
    }

    #[test]
    fn writes_paragraphs_headings_lists_quotes_and_links() {
        assert_eq!(
            body("<div><h2>What next</h2><p>The envoy faces <a href=\"https://apnews.com/x\">the impeachment inquiry,</a> today.</p><ul><li>One</li><li>Two</li></ul><blockquote><p>Quoted.</p></blockquote></div>"),
            "## What next\n\nThe envoy faces [the impeachment inquiry,](https://apnews.com/x) today.\n\n- One\n- Two\n\n> Quoted.\n"
        );
    }

    #[test]
    fn drops_media_captions_and_share_bars() {
        // The Guardian: a picture and its caption inside the first paragraph's container.
        assert_eq!(
            body("<div><figure><img src=\"a.jpg\"><figcaption>‘Excessive force and police brutality have accelerated’ Photograph: AFP via Getty</figcaption></figure><div class=\"share-bar\">Share on Facebook</div><p>Hong Kong is burning.</p><form><input></form><script>var x;</script></div>"),
            "Hong Kong is burning.\n"
        );
    }

    #[test]
    fn escapes_text_that_would_read_as_markdown() {
        assert_eq!(
            body("<p>+++</p><p># 1</p><p>1991. The year</p>"),
            "\\+++\n\n\\# 1\n\n1991\\. The year\n"
        );
    }

    #[test]
    fn header_lines_above_the_story_are_taken_out() {
        // AP: the date line that Readability keeps above the dateline.
        let mut blocks = markdown_blocks("<p>Unpredictable Sondland faces questions</p><p>Nov. 20, 2019 5:52 AM EST</p><p>WASHINGTON (AP) — Ambassador Gordon Sondland, the most anticipated witness.</p>");
        let removed = take_header_lines(&mut blocks, "Unpredictable Sondland faces questions");
        assert_eq!(
            removed,
            [
                "Unpredictable Sondland faces questions",
                "Nov. 20, 2019 5:52 AM EST"
            ]
        );
        assert_eq!(blocks.len(), 1);
        assert_eq!(wire_credit(&blocks[0].plain), Some("Associated Press"));
    }

    #[test]
    fn recognises_saved_pages_by_extension() {
        assert!(is_page(Path::new("a/Story.HTML")));
        assert!(is_page(Path::new("b.htm")));
        assert!(!is_page(Path::new("c.txt")));
    }
}
