//! Saved web pages (`.html`, `.htm`): the story is found with Readability
//! (the `dom_smoothie` crate) and written as Markdown (paragraphs, headings,
//! lists, block quotes, links; no scripts, forms, media, captions, share
//! bars or related-story cards); the metadata comes from the page's own data
//! ([`super::html_meta`]), then from the lines around the story's start.
//! The result has the shape the pasted-text path gives, so the shared
//! actors, events and quotes stages run on it unchanged.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use dom_query::{Document, NodeId, NodeRef};
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

/// The deepest a page may nest its elements and still be read: as deep as
/// Chromium's parser builds a page (it puts elements deeper than 512 beside
/// their parent), so that a page a browser saved is always read. Finding
/// the story costs time with the square of the depth: a page of 8,000
/// nested elements took 9 s.
pub const MAX_DEPTH: usize = 512;

/// Whether `doc` nests its elements more than `limit` deep.
fn nests_deeper(doc: &Document, limit: usize) -> bool {
    let mut open = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = open.pop() {
        if depth > limit {
            return true;
        }
        open.extend(
            node.children_it(false)
                .filter(|child| child.is_element())
                .map(|child| (child, depth + 1)),
        );
    }
    false
}

/// Elements that never hold others, or whose end tag the next one of their
/// kind implies: left open, they do not nest.
const UNNESTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
    "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Whether the tags of `html` open more than `limit` deep inside each
/// other, read from the text as a parser would read them: an end tag
/// closes the elements opened inside its own; an end tag that matches no
/// open element, the elements of [`UNNESTED`], and script, style and
/// comments open nothing.
fn tags_nest_deeper(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut open_by_name: HashMap<String, usize> = HashMap::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        at += found + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name: String = rest[usize::from(closing)..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        if closing {
            if open_by_name.get(&name).is_some_and(|&n| n > 0) {
                while let Some(inner) = open.pop() {
                    if let Some(count) = open_by_name.get_mut(&inner) {
                        *count -= 1;
                    }
                    if inner == name {
                        break;
                    }
                }
            }
        } else if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let end = format!("</{name}");
            at += memchr::memmem::find(&bytes[at..], end.as_bytes()).unwrap_or(bytes.len() - at);
        } else if !UNNESTED.contains(&name.as_str()) {
            *open_by_name.entry(name.clone()).or_default() += 1;
            open.push(name);
            if open.len() > limit {
                return true;
            }
        }
    }
    false
}

/// Whether `path` names a saved page, by its extension.
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Reads a saved page, or says why it holds no article.
pub fn read(html: &str, outlets: &Outlets) -> Result<Page, String> {
    // Parsing, too, takes time with the square of the depth, so a page
    // whose tags nest far too deep is refused before it is parsed.
    let too_deep = || {
        format!(
            "the page nests its elements more than {MAX_DEPTH} deep (news pages nest a few \
             dozen): paste the article's text into a .txt file and import that"
        )
    };
    if tags_nest_deeper(html, 4 * MAX_DEPTH) {
        return Err(too_deep());
    }
    let doc = Document::from(html);
    if nests_deeper(&doc, MAX_DEPTH) {
        return Err(too_deep());
    }
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
    let page_lines = doc
        .body()
        .map(|body| Writer::page().blocks_of(&body))
        .unwrap_or_default();
    let under_headline = meta_title
        .as_deref()
        .map(|t| lines_under_headline(&page_lines, t))
        .unwrap_or_default();
    let page_paragraphs = page_paragraphs(&doc);
    let day_first = day_first(&doc);
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
    let mut blocks = markdown_blocks(&article.content, &page_paragraphs);
    let removed = take_header_lines(&mut blocks, &title);
    let paragraphs: Vec<String> = blocks
        .iter()
        .filter(|b| b.kind != Kind::Heading)
        .map(|b| b.plain.clone())
        .collect();
    if paragraphs.is_empty() {
        return Err("no article text found in the page: only page furniture".to_string());
    }
    let header: Vec<&String> = under_headline.iter().chain(&removed).collect();
    let visible_byline = header
        .iter()
        .filter(|l| is_byline(l))
        .map(|l| split_names(l))
        .find(|names| !names.is_empty())
        .unwrap_or_default();
    let short_lines = || header.iter().filter(|l| l.split_whitespace().count() <= 16);
    let visible_date = short_lines()
        .find_map(|l| dates::first_full_date(l))
        .or_else(|| short_lines().find_map(|l| numeric_date(l, day_first)));
    let dating = page_date(&found, visible_date, &paragraphs);
    let mut authors = html_meta::choose_authors(&found, outlet.as_deref(), &visible_byline);
    if authors.is_empty() {
        if let Some(byline) = &article.byline {
            authors = html_meta::choose_authors(
                &html_meta::Candidates::default(),
                outlet.as_deref(),
                &split_names(byline),
            );
        }
    }
    if outlet.is_none() {
        outlet = paragraphs
            .iter()
            .take(2)
            .find_map(|p| wire_credit(p))
            .map(String::from)
            .or(host.map(|h| h.trim_start_matches("www.").to_string()));
    }
    let mut summary = found
        .description
        .clone()
        .filter(|d| is_standfirst(d, &paragraphs));
    let mut paragraphs = paragraphs;
    if let Some(standfirst) = summary.take_if(|s| page_lines.iter().any(|l| l.plain == *s)) {
        paragraphs.insert(0, standfirst.clone());
        blocks.insert(
            0,
            Block {
                kind: Kind::Paragraph,
                markdown: standfirst.clone(),
                plain: standfirst,
                link_chars: 0,
                emphasis_chars: 0,
            },
        );
    }
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

/// The short lines right under the headline, where pages put the byline
/// and the date (and not the masthead's "today" above it, nor the dates of
/// embedded posts far below). A page may show its headline more than once
/// (a sticky bar, then the `<h1>`): the lines under each are taken, in page
/// order. A headline line may run on past the title (`... Add to ...`).
fn lines_under_headline(lines: &[Block], title: &str) -> Vec<String> {
    let title = title.to_lowercase();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !line.plain.to_lowercase().starts_with(&title) {
            continue;
        }
        found.extend(
            lines[at + 1..]
                .iter()
                .take(12)
                .map(|l| l.plain.clone())
                .filter(|l| l.split_whitespace().count() <= 25),
        );
    }
    found
}

/// Whether the page's language writes the day first in `02/10/2020`: yes
/// for British, Irish, Indian and Commonwealth English and for other
/// languages, no for American English, unknown for plain `en`.
fn day_first(doc: &Document) -> Option<bool> {
    let html = doc.select("html");
    let lang = html
        .attr("lang")
        .or_else(|| html.attr("xml:lang"))?
        .trim()
        .to_ascii_lowercase();
    match lang.as_str() {
        "en-us" => Some(false),
        "en" | "" => None,
        l if l.starts_with("en-") => ["en-gb", "en-ie", "en-in", "en-au", "en-nz", "en-za"]
            .contains(&l)
            .then_some(true),
        _ => Some(true),
    }
}

/// `02/10/2020` (MSN's date under the headline): day and month in the
/// order the page's language writes them, or whichever order is the only
/// one possible; never a guess.
fn numeric_date(line: &str, day_first: Option<bool>) -> Option<chrono::NaiveDate> {
    static NUMERIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("valid regex"));
    let caps = NUMERIC.captures(line)?;
    let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (a, b) = (number(1)?, number(2)?);
    let year = caps.get(3)?.as_str().parse::<i32>().ok()?;
    let day_first = match (a > 12, b > 12) {
        (true, false) => true,
        (false, true) => false,
        (false, false) => day_first?,
        (true, true) => return None,
    };
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

/// `By Jane Doe`, `BY JANE DOE AND JOHN ROE`.
fn is_byline(line: &str) -> bool {
    ["By ", "BY ", "by "].iter().any(|p| line.starts_with(p))
        && line.split_whitespace().count() <= 20
}

/// Readability keeping class names, so that furniture inside the story's
/// container can still be told by them.
fn readability_config() -> dom_smoothie::Config {
    dom_smoothie::Config {
        keep_classes: true,
        ..dom_smoothie::Config::default()
    }
}

/// The publication date: from the page's data and the date under its
/// headline ([`html_meta::choose_date`]), else from the story's dateline.
fn page_date(
    found: &html_meta::Candidates,
    visible: Option<chrono::NaiveDate>,
    paragraphs: &[String],
) -> Dating {
    let (chosen, warnings) = html_meta::choose_date(found, visible);
    if let Some((date, how)) = chosen {
        return Dating {
            date: Some(date),
            how,
            warnings,
        };
    }
    let start = &paragraphs[..paragraphs.len().min(3)];
    let mut from_text = dates::publication_date(None, start);
    from_text.warnings.extend(warnings);
    from_text
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
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 30 && dates::first_full_date(line).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    Item,
    Quote,
}

/// One block of text: its Markdown (inline links kept), its plain text, and
/// how much of that text is link text or bold/italic.
#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    markdown: String,
    plain: String,
    link_chars: usize,
    emphasis_chars: usize,
}

impl Block {
    fn words(&self) -> usize {
        self.plain.split_whitespace().count()
    }

    /// Most of its text is links: a related-story card or a link list
    /// (`SEE MORE: <link>`, `- <link to another story>`).
    fn is_link_list(&self) -> bool {
        let chars = self.plain.chars().count();
        self.words() < 40 && self.link_chars * 10 >= chars * 7
    }

    /// Short, bold or italic from end to end: a call-out to the reader.
    fn is_call_out(&self) -> bool {
        let chars = self.plain.chars().count();
        self.words() <= 15 && self.emphasis_chars * 10 >= chars * 9
    }

    /// Ends like a sentence of the story.
    fn is_sentence(&self) -> bool {
        self.words() >= 12
            && self
                .plain
                .trim_end_matches(['"', '”', '’', '\'', ')'])
                .ends_with(['.', '!', '?'])
    }
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

/// Elements that are never text of a page.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "object", "embed", "iframe",
    "select", "textarea", "head",
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
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "form",
    "address",
    "time",
];

/// Words in a class or id that mark page furniture inside the story's
/// container: share bars, related-story cards, promos, captions, credits,
/// calls to action.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)share|social|related|promo|newsletter|advert|\bads?\b|caption|credit|subscribe|signup|sign-up|outbrain|taboola|recommend|read-?more|more-?on|byline|timestamp|toolbar|breadcrumb|\bcta\b|cta[_-]|[_-]cta")
        .expect("valid regex")
});

/// The story's HTML (Readability's output) as blocks, with the paragraphs
/// Readability left in other parts of a story split over several
/// containers ([`restore_split_story`]), without link lists, short lines
/// repeated (a gallery's title under every picture) and the furniture after
/// the story's last sentence.
fn markdown_blocks(content: &str, page: &[PageParagraph]) -> Vec<Block> {
    let doc = Document::from(content);
    let mut blocks = doc
        .body()
        .map(|body| Writer::story().blocks_of(&body))
        .unwrap_or_default();
    restore_split_story(&mut blocks, page);
    let repeated: Vec<String> = blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| b.words() < 15 && blocks[..*i].iter().any(|o| o.plain == b.plain))
        .map(|(_, b)| b.plain.clone())
        .collect();
    blocks.retain(|b| !b.is_link_list() && !repeated.contains(&b.plain));
    drop_pull_quotes(&mut blocks);
    join_drop_capitals(&mut blocks);
    trim_tail(&mut blocks);
    blocks
}

/// A `<p>` of the page, before Readability: its text, its place in the
/// page, and the container it sits in.
struct PageParagraph {
    order: usize,
    block: Block,
    container: Option<NodeId>,
    container_class: String,
    container_parent: Option<NodeId>,
}

/// Every visible paragraph of the page outside furniture.
fn page_paragraphs(doc: &Document) -> Vec<PageParagraph> {
    let mut found = Vec::new();
    // Whether an element is page furniture, media or hidden, by element:
    // paragraphs share their ancestors, and a furniture check may look
    // through a whole container.
    let mut excluded: HashMap<NodeId, bool> = HashMap::new();
    for (order, p) in doc.select("p").nodes().iter().enumerate() {
        let outside_story = std::iter::once(*p).chain(p.ancestors_it(None)).any(|a| {
            *excluded.entry(a.id).or_insert_with(|| {
                a.node_name()
                    .is_some_and(|n| SKIPPED.contains(&&*n.to_ascii_lowercase()))
                    || is_hidden(&a)
                    || (a.id != p.id && is_furniture(&a))
            })
        });
        if outside_story {
            continue;
        }
        let container = p.parent();
        let mut writer = Writer::story();
        writer.walk(p, Kind::Paragraph, false);
        writer.flush(Kind::Paragraph);
        for block in writer.blocks {
            found.push(PageParagraph {
                order,
                block,
                container: container.as_ref().map(|c| c.id),
                container_class: container
                    .as_ref()
                    .and_then(|c| c.attr("class"))
                    .map(|c| c.trim().to_string())
                    .unwrap_or_default(),
                container_parent: container.as_ref().and_then(|c| c.parent()).map(|g| g.id),
            });
        }
    }
    found
}

/// A story split over several containers (POLITICO's `story-text` parts on
/// either side of an ad; a live blog's entries, one `<div>` each): the
/// paragraphs of the containers that share a class or a parent with one
/// Readability took are put back in their place, when they are prose.
fn restore_split_story(blocks: &mut Vec<Block>, page: &[PageParagraph]) {
    let taken: HashSet<&str> = blocks.iter().map(|b| b.plain.as_str()).collect();
    let used: Vec<&PageParagraph> = page
        .iter()
        .filter(|p| taken.contains(p.block.plain.as_str()))
        .collect();
    let classes: HashSet<&str> = used
        .iter()
        .map(|p| p.container_class.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    let containers: HashSet<NodeId> = used.iter().filter_map(|p| p.container).collect();
    let parents: HashSet<NodeId> = used.iter().filter_map(|p| p.container_parent).collect();
    let mut missing: Vec<&PageParagraph> = page
        .iter()
        .filter(|p| !taken.contains(p.block.plain.as_str()))
        .filter(|p| {
            classes.contains(p.container_class.as_str())
                || p.container.is_some_and(|c| containers.contains(&c))
                || p.container_parent.is_some_and(|g| parents.contains(&g))
        })
        .filter(|p| p.block.words() >= 8 && !p.block.is_link_list() && !p.block.is_call_out())
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut merged = Vec::with_capacity(blocks.len() + missing.len());
    for block in blocks.drain(..) {
        if let Some(p) = used.iter().find(|p| p.block.plain == block.plain) {
            while let Some(first) = missing.first().filter(|m| m.order < p.order) {
                merged.push(first.block.clone());
                missing.remove(0);
            }
        }
        merged.push(block);
    }
    merged.extend(missing.into_iter().map(|m| m.block.clone()));
    *blocks = merged;
}

/// A pull quote (a block quote whose words the story prints again in one
/// of its paragraphs) repeats the story, and goes.
fn drop_pull_quotes(blocks: &mut Vec<Block>) {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let story: Vec<String> = blocks
        .iter()
        .filter(|b| b.kind != Kind::Quote)
        .map(|b| letters(&b.plain))
        .collect();
    blocks.retain(|b| {
        let quote = letters(&b.plain);
        b.kind != Kind::Quote || quote.len() < 20 || !story.iter().any(|p| p.contains(&quote))
    });
}

/// A drop capital set apart from its word (`T` / `urkey, Poland and the
/// Caribbean islands...`) is joined to it again.
fn join_drop_capitals(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i + 1 < blocks.len() {
        let is_capital = {
            let mut chars = blocks[i].plain.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
        };
        let next_is_lower = blocks[i + 1].plain.starts_with(char::is_lowercase);
        if is_capital && next_is_lower {
            let capital = blocks.remove(i);
            let next = &mut blocks[i];
            next.plain.insert_str(0, &capital.plain);
            next.markdown.insert_str(0, &capital.markdown);
        }
        i += 1;
    }
}

/// Takes off the end of the story what follows its last sentence: headings,
/// list items and short lines (`## Trending`, a list of other stories) and
/// calls to the reader.
fn trim_tail(blocks: &mut Vec<Block>) {
    while let Some(last) = blocks.last() {
        let trailing_list = last.kind == Kind::Item && !last.is_sentence() && {
            let run_start = blocks.iter().rposition(|b| b.kind != Kind::Item);
            run_start.is_some_and(|i| blocks[i].kind == Kind::Heading)
        };
        let furniture = last.kind == Kind::Heading
            || last.is_call_out()
            || trailing_list
            || (last.words() <= 3 && !last.plain.ends_with('.'));
        if !furniture {
            break;
        }
        blocks.pop();
    }
}

/// Splits a part of a page into blocks of text.
struct Writer {
    /// Skips what is not story text (media, forms, page chrome, furniture)
    /// rather than only what is never text.
    story: bool,
    blocks: Vec<Block>,
    markdown: String,
    plain: String,
    link_chars: usize,
    emphasis_chars: usize,
}

impl Writer {
    fn story() -> Writer {
        Writer::new(true)
    }

    /// For every visible line of a page, chrome included.
    fn page() -> Writer {
        Writer::new(false)
    }

    fn new(story: bool) -> Writer {
        Writer {
            story,
            blocks: Vec::new(),
            markdown: String::new(),
            plain: String::new(),
            link_chars: 0,
            emphasis_chars: 0,
        }
    }

    fn blocks_of(mut self, node: &NodeRef) -> Vec<Block> {
        self.walk(node, Kind::Paragraph, false);
        self.flush(Kind::Paragraph);
        self.blocks
    }

    fn walk(&mut self, node: &NodeRef, kind: Kind, emphasised: bool) {
        for child in node.children_it(false) {
            if child.is_text() {
                let text = child.text();
                self.push_text(&text, &text, false, emphasised);
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            let skipped = if self.story {
                SKIPPED.contains(&name.as_str()) || is_furniture(&child)
            } else {
                NEVER_TEXT.contains(&name.as_str())
            };
            if skipped || is_hidden(&child) {
                continue;
            }
            match name.as_str() {
                "br" => self.flush(kind),
                "a" => self.link(&child, emphasised),
                "strong" | "b" | "em" | "i" => self.walk(&child, kind, true),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Heading, emphasised);
                    self.flush(Kind::Heading);
                }
                "li" | "dd" | "dt" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Item, emphasised);
                    self.flush(Kind::Item);
                }
                "blockquote" => {
                    self.flush(kind);
                    self.walk(&child, Kind::Quote, emphasised);
                    self.flush(Kind::Quote);
                }
                block if BLOCKS.contains(&block) => {
                    self.flush(kind);
                    self.walk(&child, kind, emphasised);
                    self.flush(kind);
                }
                _ => self.walk(&child, kind, emphasised),
            }
        }
    }

    /// A link: `[text](address)` for an absolute web address, its text alone
    /// otherwise; counted as link text either way.
    fn link(&mut self, node: &NodeRef, emphasised: bool) {
        let text = clean_text(&node.text());
        if text.is_empty() {
            return;
        }
        let href = node.attr("href").map(|h| h.trim().to_string());
        let markdown = match href.filter(|h| is_web_address(h)) {
            Some(href) => format!(" [{}]({}) ", escape_link_text(&text), escape_href(&href)),
            None => format!(" {text} "),
        };
        self.push_text(&markdown, &format!(" {text} "), true, emphasised);
    }

    fn push_text(&mut self, markdown: &str, plain: &str, link: bool, emphasised: bool) {
        let chars = plain.chars().filter(|c| !c.is_whitespace()).count();
        if link {
            self.link_chars += chars;
        }
        if emphasised {
            self.emphasis_chars += chars;
        }
        self.markdown.push_str(markdown);
        self.plain.push_str(plain);
    }

    fn flush(&mut self, kind: Kind) {
        let plain = tidy(&self.plain);
        let markdown = tidy(&self.markdown);
        let counted = self.plain.chars().filter(|c| !c.is_whitespace()).count();
        let spaces = plain.chars().filter(|c| c.is_whitespace()).count();
        let (link_chars, emphasis_chars) = (self.link_chars, self.emphasis_chars);
        self.plain.clear();
        self.markdown.clear();
        self.link_chars = 0;
        self.emphasis_chars = 0;
        if plain.is_empty() {
            return;
        }
        // Counts are of non-space characters; scale them to the tidy text.
        let scale = |n: usize| n * (counted + spaces) / counted.max(1);
        self.blocks.push(Block {
            kind,
            markdown,
            plain,
            link_chars: scale(link_chars),
            emphasis_chars: scale(emphasis_chars),
        });
    }
}

/// Whitespace runs as one space, no space left before a comma or full stop
/// where a link ended, and a pair of single quotation marks standing for a
/// double one (AP's `misleading voters,’’`) written as the double one.
fn tidy(text: &str) -> String {
    clean_text(text)
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace("’’", "”")
        .replace("‘‘", "“")
}

/// Named like furniture, and not holding the story: a container whose name
/// only mentions furniture (`entry-content entry-content-read-more`) but
/// holds paragraphs of prose is kept.
fn is_furniture(node: &NodeRef) -> bool {
    let class = node.attr("class").unwrap_or_default();
    let id = node.attr("id").unwrap_or_default();
    let role = node.attr("role").unwrap_or_default();
    let named = FURNITURE.is_match(&class)
        || FURNITURE.is_match(&id)
        || ["navigation", "complementary"].contains(&&*role);
    named && !holds_prose(node)
}

/// Holds at least two paragraphs of 150 characters or more.
fn holds_prose(node: &NodeRef) -> bool {
    node.descendants_it()
        .filter(|d| d.has_name("p") && d.text().chars().count() >= 150)
        .nth(1)
        .is_some()
}

/// Hidden from the reader: `display: none`, `hidden`, `aria-hidden`.
fn is_hidden(node: &NodeRef) -> bool {
    let style = node
        .attr("style")
        .map(|s| s.to_ascii_lowercase().replace(' ', ""))
        .unwrap_or_default();
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || node.has_attr("hidden")
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
        render(&markdown_blocks(html, &[]))
    }

    #[test]
    fn tags_nest_as_a_parser_opens_them() {
        let nested = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(!tags_nest_deeper(&nested(3), 3));
        assert!(tags_nest_deeper(&nested(4), 3));
        // Closed siblings, unclosed paragraphs and items, and void elements
        // open nothing deeper.
        assert!(!tags_nest_deeper(&"<div>a</div>".repeat(100), 1));
        assert!(!tags_nest_deeper(
            &"<p>a<li>b<br><img src=x>".repeat(100),
            1
        ));
        // An end tag closes what was left open inside it; one that matches
        // nothing open closes nothing.
        assert!(!tags_nest_deeper(&"<div><span><b>a</div>".repeat(100), 3));
        assert!(tags_nest_deeper(&"</section><div>".repeat(4), 3));
        // Tags inside comments and scripts are text.
        let hidden = format!(
            "<!-- {} --><script>let s = '{}';</script><STYLE>{}</style>",
            "<div>".repeat(9),
            "<div>".repeat(9),
            "<div>".repeat(9)
        );
        assert!(!tags_nest_deeper(&hidden, 1));
        // Names are read without case; `<3` and `< b` are no tags.
        assert!(!tags_nest_deeper(&"<DIV>a</div>".repeat(9), 1));
        assert!(!tags_nest_deeper(&"I <3 it, 1 < b".repeat(9), 0));
    }

    #[test]
    fn a_page_nested_deeper_than_a_browser_builds_it_is_refused_at_once() {
        let page = |depth: usize| {
            format!(
                "<html><head><title>Talks resume</title></head><body>{}<p>{}</p>{}</body></html>",
                "<div>".repeat(depth),
                "Delegations met in Geneva on Monday to resume the talks. ".repeat(4),
                "</div>".repeat(depth)
            )
        };
        let refused = "the page nests its elements more than 512 deep (news pages nest a few \
                       dozen): paste the article's text into a .txt file and import that";
        let outlets = Outlets::default();
        assert!(read(&page(500), &outlets).is_ok());
        // Past the limit, caught after parsing; far past it (parsing would
        // take minutes), before.
        assert_eq!(read(&page(600), &outlets).err().as_deref(), Some(refused));
        assert!(nests_deeper(&Document::from(page(600).as_str()), 512));
        assert!(!tags_nest_deeper(&page(600), 4 * 512));
        assert_eq!(
            read(&page(1_000_000), &outlets).err().as_deref(),
            Some(refused)
        );
    }

    fn sentence(n: usize) -> String {
        format!(
            "<p>{}</p>",
            "The minister said the talks would go on for another week. ".repeat(n)
        )
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
        let html = format!("<p>+++</p><p># 1</p><p>1991. The year</p>{}", sentence(1));
        assert_eq!(
            body(&html),
            "\\+++\n\n\\# 1\n\n1991\\. The year\n\nThe minister said the talks would go on for another week.\n"
        );
    }

    #[test]
    fn drops_link_lists_repeated_lines_and_hidden_text() {
        // The Local: a link to another story between two paragraphs; Daily
        // Express: `SEE MORE: <link>`; CNN: a gallery's title under each
        // picture, and captions hidden until clicked.
        let html = format!(
            "{}<ul><li><a href=\"https://www.thelocal.se/20200310/timeline\">The latest news about the coronavirus outbreak in Sweden (paywall-free)</a></li></ul><p><strong>SEE MORE</strong>: <a href=\"/news/world/1205899/hong-kong\">Hong Kong protests: 800 students under siege in university</a></p><p>Weather threatens holiday plans</p><cite style=\"display:none\">Passengers wait for a BoltBus to arrive.</cite><p>Weather threatens holiday plans</p>{}",
            sentence(2),
            sentence(1)
        );
        assert_eq!(
            body(&html),
            format!(
                "{}\n\nThe minister said the talks would go on for another week.\n",
                "The minister said the talks would go on for another week. "
                    .repeat(2)
                    .trim_end()
            )
        );
    }

    #[test]
    fn keeps_datelines_joins_drop_capitals_and_keeps_prose_in_oddly_named_containers() {
        // The Japan Times: the dateline in its own span.
        assert_eq!(
            body("<p><span class=\"dateline\">KOBE &#8211; </span>A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was learned Tuesday.</p>"),
            "KOBE – A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was learned Tuesday.\n"
        );
        // Evening Standard: the drop capital apart from its word.
        assert_eq!(
            body("<div><span class=\"drop\">T</span><p><a href=\"/topic/turkey\">urkey</a>, Poland and the Caribbean islands of Bonaire, St Eustatius and Saba have been removed from the list.</p></div>"),
            "Turkey, Poland and the Caribbean islands of Bonaire, St Eustatius and Saba have been removed from the list.\n"
        );
        // New York Post: the story's container is `entry-content-read-more`.
        let story = "Two hostages, an American and an Australian, who had been held by the Taliban in Afghanistan since 2016 were released on Tuesday in exchange for three Taliban prisoners. ";
        let html = format!("<div class=\"entry-content entry-content-read-more\"><p>{story}</p><p>{story}</p></div>");
        assert!(body(&html).starts_with("Two hostages"));
    }

    #[test]
    fn a_story_split_over_two_containers_is_joined_again() {
        // POLITICO: the story's first paragraphs in a `story-text` part of
        // their own, ahead of an ad; Readability keeps only the larger part.
        let first = "Rep. Mark Meadows' shock retirement, revealed just 30 hours before the filing deadline in North Carolina, has roiled the race.";
        let later = "Wary Republicans in the state quickly speculated that she had advance notice of Meadows' retirement from the House.";
        let doc = Document::from(format!(
            "<div><div class=\"story-text\"><p>{first}</p></div></div><div class=\"ad\"><p>Advertisement for something else entirely, not part of the story at all.</p></div><div><div class=\"story-text\"><p>{later}</p><p>{later}</p></div></div>"
        ));
        let page = page_paragraphs(&doc);
        let blocks = markdown_blocks(
            &format!("<div class=\"story-text\"><p>{later}</p></div>"),
            &page,
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.plain.as_str()).collect();
        assert_eq!(texts, [first, later]);
    }

    #[test]
    fn a_pair_of_single_quotation_marks_is_a_double_one() {
        // AP: “It was an attempt to mislead voters,’’ Will Moy ... told the BBC.
        assert_eq!(
            body("<p>“It was an attempt to mislead voters,’’ Will Moy, chief executive of Full Fact, told the BBC.</p>"),
            "“It was an attempt to mislead voters,” Will Moy, chief executive of Full Fact, told the BBC.\n"
        );
    }

    #[test]
    fn a_pull_quote_that_repeats_the_story_goes() {
        // The Intercept: the director's words set large above their paragraph.
        let said =
            "“We ran out of fuel and the electricity is cut off. The hospital is out of service.”";
        let html = format!(
            "<blockquote><p>{said}</p></blockquote><p>Dr. Sobhi Skaik said: {said} He spoke last week.</p><blockquote><p>A quotation the story prints only here, set apart.</p></blockquote>"
        );
        assert_eq!(
            body(&html),
            format!("Dr. Sobhi Skaik said: {said} He spoke last week.\n\n> A quotation the story prints only here, set apart.\n")
        );
    }

    #[test]
    fn the_furniture_after_the_last_sentence_goes() {
        // AP: `## Trending` and its list of other stories; RT: a bold call
        // to share; The Atlantic: a call for letters in a `c-letters-cta`.
        let html = format!(
            "{}<p><strong><em>Like this story? Share it with a friend!</em></strong></p><section class=\"c-letters-cta\"><p>We want to hear what you think about this article.</p></section><h2>Trending</h2><ul><li>'Tarzan' actor Ron Ely's wife killed; son shot by deputies</li><li>Iowa man finds 5 inches of animal blood flooding basement</li></ul>",
            sentence(1)
        );
        assert_eq!(
            body(&html),
            "The minister said the talks would go on for another week.\n"
        );
    }

    #[test]
    fn the_date_and_byline_are_read_under_the_headline_not_above_it() {
        // News.az: the masthead's "today" above the headline.
        let lines = Writer::page().blocks_of(
            &Document::from("<div>15 November 2020</div><h1>Azerbaijan launches counteroffensive</h1><div>13 October 2020 12:34</div><p>Text.</p>")
                .body()
                .expect("a body"),
        );
        assert_eq!(
            lines_under_headline(&lines, "Azerbaijan launches counteroffensive"),
            ["13 October 2020 12:34", "Text."]
        );
        // The Times of Israel: the headline in a bar over the menus first.
        let lines = Writer::page().blocks_of(
            &Document::from("<div>State of Washington swears in justice</div><ul><li>Home</li></ul><h1>State of Washington swears in justice</h1><div class=\"under-headline\"><span class=\"byline\">By Emily Burack</span> <span class=\"date\">8 January 2020, 3:51 pm</span></div>")
                .body()
                .expect("a body"),
        );
        assert_eq!(
            lines_under_headline(&lines, "State of Washington swears in justice"),
            [
                "Home",
                "State of Washington swears in justice",
                "By Emily Burack 8 January 2020, 3:51 pm",
                "By Emily Burack 8 January 2020, 3:51 pm"
            ]
        );
    }

    #[test]
    fn header_lines_above_the_story_are_taken_out() {
        // AP: the date line that Readability keeps above the dateline.
        let mut blocks = markdown_blocks(
            "<p>Unpredictable Sondland faces questions</p><p>Nov. 20, 2019 5:52 AM EST</p><p>WASHINGTON (AP) — Ambassador Gordon Sondland, the most anticipated witness.</p>",
            &[],
        );
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
    fn reads_numeric_dates_in_the_pages_order_only() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        // MSN (en-GB): "The Guardian 02/10/2020 Anna Fazackerley".
        let gb = Document::from("<html xml:lang=\"en-GB\"><body></body></html>");
        assert_eq!(
            numeric_date("The Guardian 02/10/2020", day_first(&gb)),
            day(2020, 10, 2)
        );
        let us = Document::from("<html lang=\"en-US\"><body></body></html>");
        assert_eq!(
            numeric_date("12/30/2019 05:03 AM EST", day_first(&us)),
            day(2019, 12, 30)
        );
        let unknown = Document::from("<html lang=\"en\"><body></body></html>");
        assert_eq!(numeric_date("02/10/2020", day_first(&unknown)), None);
        assert_eq!(
            numeric_date("30/12/2019", day_first(&unknown)),
            day(2019, 12, 30)
        );
    }

    #[test]
    fn recognises_saved_pages_by_extension() {
        assert!(is_page(Path::new("a/Story.HTML")));
        assert!(is_page(Path::new("b.htm")));
        assert!(!is_page(Path::new("c.txt")));
    }
}
