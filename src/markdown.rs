//! Markdown to HTML for article bodies and profiles, with three jobs on top
//! of pulldown-cmark: raw HTML in content is printed as text (content is
//! untrusted), links with script-running schemes are neutralised, and the
//! first mention of each actor becomes a link to the actor's page (never
//! inside a link, an image, a heading or code).

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream};
use rustc_hash::{FxHashMap, FxHashSet};

/// The longest summary taken from a first paragraph, in characters.
const SUMMARY_CHARS: usize = 320;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Finds actor names and aliases in text. Built once per site.
///
/// A search looks names up only where one can begin (at a byte some name
/// starts with: capitals, in most text) and skips the rest of the text byte
/// by byte; what it finds is the leftmost-longest match at each step, as an
/// Aho-Corasick automaton's scan of every byte finds it. Where the first
/// byte fits, the next few must fit too ([`NameStarts`]) before the names
/// with those first bytes are compared ([`NameTable`]).
pub struct ActorLinker {
    names: NameTable,
    /// For each byte, whether some name starts with it.
    starts_a_name: [bool; 256],
    /// The first few bytes of every name.
    name_starts: NameStarts,
    /// The bytes other than `A`-`Z` and those of 0x80 or more that names
    /// start with, when they are few (see [`may_start_a_name`]); `None`
    /// when they are many, and bytes are then tried one by one.
    other_starts: Option<Vec<u8>>,
    /// For each pattern, the index of the actor it names.
    actor_of_pattern: Vec<usize>,
    actor_count: usize,
    /// Some name holds a line feed.
    name_across_lines: bool,
}

impl ActorLinker {
    /// `names[i]` holds every name actor `i` goes by.
    pub fn new(names: &[Vec<&str>]) -> Self {
        let mut patterns = Vec::new();
        let mut actor_of_pattern = Vec::new();
        for (actor, actor_names) in names.iter().enumerate() {
            for name in actor_names {
                if !name.trim().is_empty() {
                    patterns.push(name.trim());
                    actor_of_pattern.push(actor);
                }
            }
        }
        let name_across_lines = patterns.iter().any(|p| p.contains('\n'));
        let mut starts_a_name = [false; 256];
        let mut name_starts = NameStarts::new();
        for pattern in &patterns {
            starts_a_name[usize::from(pattern.as_bytes()[0])] = true;
            name_starts.insert(pattern.as_bytes());
        }
        let others: Vec<u8> = (0..0x80u8)
            .filter(|b| starts_a_name[usize::from(*b)] && !b.is_ascii_uppercase())
            .collect();
        let other_starts = (others.len() <= MAX_OTHER_STARTS).then_some(others);
        ActorLinker {
            names: NameTable::new(&patterns),
            starts_a_name,
            name_starts,
            other_starts,
            actor_of_pattern,
            actor_count: names.len(),
            name_across_lines,
        }
    }

    /// A linker for `actors`, by name and aliases; actor `i` is `actors[i]`.
    pub fn for_actors(actors: &[crate::model::Actor]) -> Self {
        crate::model::ActorNames::of(actors).linker()
    }

    /// True when some name or alias holds a line feed.
    pub fn has_name_across_lines(&self) -> bool {
        self.name_across_lines
    }

    /// The actors `text` names, each once, in the order first named.
    pub fn actors_named(&self, text: &str) -> Vec<usize> {
        let mut actors = Vec::new();
        for (_, _, actor) in self.mentions(text) {
            if !actors.contains(&actor) {
                actors.push(actor);
            }
        }
        actors
    }

    /// Whole-word mentions in `text`: (start, end, actor), left to right.
    pub fn mentions<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        self.matches(text)
            .filter(move |m| crate::text::is_whole_word(text, m.start, m.end))
            .map(|m| (m.start, m.end, self.actor_of_pattern[m.pattern]))
    }

    /// Every name in `text`, whole word or not, left to right and never
    /// overlapping: at each step the one that starts first, the longest of
    /// those.
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Found> + 't {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                if let Some(others) = &self.other_starts {
                    // Most of a text is lower case: eight bytes at a time.
                    while let Some(eight) = bytes.get(at..at + 8) {
                        let word = <[u8; 8]>::try_from(eight).map_or(0, u64::from_le_bytes);
                        if may_start_a_name(word, others) {
                            break;
                        }
                        at += 8;
                    }
                    if at >= bytes.len() {
                        break;
                    }
                }
                if !self.starts_a_name[usize::from(bytes[at])]
                    || !self.name_starts.may_begin(&bytes[at..])
                {
                    at += 1;
                    continue;
                }
                let shorter = self.name_starts.shorter_names(bytes[at]);
                match self.names.longest_at(bytes, at, shorter) {
                    Some(found) => {
                        at = found.end;
                        return Some(found);
                    }
                    None => at += 1,
                }
            }
            None
        })
    }
}

/// A name found in a text: where it starts and ends, and which pattern it
/// is (see [`ActorLinker::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    pattern: usize,
}

/// Every name, grouped by its first [`WINDOW`] bytes (all of a shorter
/// one): a look-up where a name may begin reads one group, the longest
/// names first, and compares their bytes with the text's.
///
/// It takes the place of an anchored Aho-Corasick automaton. The 10,095
/// names of the 100,000-article corpus made an automaton of 742 KB, whose
/// states a match walks one byte at a time, each in a cache line of its
/// own; with the actors' texts beside it the automaton no longer fit the
/// processor's second cache, and its look-ups took 32 times as long as at
/// 10,000 articles. A look-up here reads a slot of the map, the group's
/// entries and the names' bytes, three or four lines.
struct NameTable {
    /// The entries of each group, by the group's key (see [`NameTable::key`]).
    groups: FxHashMap<u64, std::ops::Range<u32>>,
    /// In groups; within a group, the longest name first, then the pattern
    /// given first.
    entries: Vec<NameEntry>,
    /// The names, one after another, in the order of `entries`.
    text: Vec<u8>,
}

struct NameEntry {
    /// Where the name ends in [`NameTable::text`]; it starts where the
    /// entry before it ends.
    end: u32,
    pattern: u32,
}

impl NameTable {
    /// The table of `patterns`, none of them empty, pattern `k` being
    /// `patterns[k]`.
    fn new(patterns: &[&str]) -> Self {
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (patterns[x].as_bytes(), patterns[y].as_bytes());
            Self::key(window(a))
                .cmp(&Self::key(window(b)))
                .then(b.len().cmp(&a.len()))
                .then(x.cmp(&y))
        });
        let mut table = NameTable {
            groups: FxHashMap::default(),
            entries: Vec::with_capacity(order.len()),
            text: Vec::new(),
        };
        for k in order {
            let name = patterns[k].as_bytes();
            // A name of 4 GiB cannot be an actor's; it could only be cut.
            let (Ok(end), Ok(pattern)) = (
                u32::try_from(table.text.len() + name.len()),
                u32::try_from(k),
            ) else {
                break;
            };
            let at = table.entries.len() as u32;
            let group = table
                .groups
                .entry(Self::key(window(name)))
                .or_insert(at..at);
            group.end = at + 1;
            table.text.extend_from_slice(name);
            table.entries.push(NameEntry { end, pattern });
        }
        table
    }

    /// A group's key: its names' first bytes and how many they are.
    fn key(start: &[u8]) -> u64 {
        u64::from(window_word(start)) | (start.len() as u64) << 32
    }

    /// The longest name `text` holds from `at`, the pattern given first
    /// among names as long; `shorter` has bit `n` set when a name of `n`
    /// bytes, shorter than the window, starts with the byte at `at` (see
    /// [`NameStarts::shorter_names`]), and only those lengths are looked up.
    fn longest_at(&self, text: &[u8], at: usize, shorter: u8) -> Option<Found> {
        let rest = &text[at..];
        // Names of WINDOW bytes or more first: any of them is longer than
        // one of the shorter names.
        let mut lengths = (1..=WINDOW.min(rest.len()))
            .rev()
            .filter(|&n| n == WINDOW || shorter & (1 << n) != 0);
        let longest = lengths.find_map(|n| {
            let group = self.groups.get(&Self::key(&rest[..n]))?;
            self.entries[group.start as usize..group.end as usize]
                .iter()
                .zip(group.start as usize..)
                .find(|(entry, k)| begins_with(rest, self.name(*k, entry)))
                .map(|(entry, k)| (self.name(k, entry).len(), entry.pattern))
        })?;
        Some(Found {
            start: at,
            end: at + longest.0,
            pattern: longest.1 as usize,
        })
    }

    /// The name of entry `k`, which is `entry`.
    fn name(&self, k: usize, entry: &NameEntry) -> &[u8] {
        let start = match k {
            0 => 0,
            _ => self.entries[k - 1].end as usize,
        };
        &self.text[start..entry.end as usize]
    }
}

/// Whether `text` begins with `name`, eight bytes at a time: a name is a
/// dozen bytes, too few for the call to the C library's `memcmp` that
/// `starts_with` makes to pay (at 100k it took more time than the look-ups
/// themselves).
fn begins_with(text: &[u8], name: &[u8]) -> bool {
    let Some(mut text) = text.get(..name.len()) else {
        return false;
    };
    let mut name = name;
    while let (Some((a, rest_of_text)), Some((b, rest_of_name))) =
        (text.split_first_chunk::<8>(), name.split_first_chunk::<8>())
    {
        if a != b {
            return false;
        }
        (text, name) = (rest_of_text, rest_of_name);
    }
    text.iter().zip(name).all(|(a, b)| a == b)
}

/// How many bytes of a name's start [`NameStarts`] holds.
const WINDOW: usize = 4;

/// The first [`WINDOW`] bytes of `text`, or all of a shorter one.
fn window(text: &[u8]) -> &[u8] {
    &text[..text.len().min(WINDOW)]
}

/// `start`, at most [`WINDOW`] bytes, as a number, padded with zeros.
fn window_word(start: &[u8]) -> u32 {
    let mut word = [0; WINDOW];
    word[..start.len()].copy_from_slice(start);
    u32::from_le_bytes(word)
}

/// How many bits [`NameStarts`] sets a name's start in: 4 KB, which stays in
/// the processor's first cache.
const NAME_START_BITS: usize = 1 << 15;

/// The first [`WINDOW`] bytes of every name (all of a shorter one), each
/// hashed to one bit: a text that can begin with a name has the bit of its
/// own first bytes set, and most that cannot find theirs clear. A name
/// shorter than the window is looked for by its own length, which also
/// serves a text that ends inside the window.
struct NameStarts {
    bits: Vec<u64>,
    /// For each first byte, bit `n` is set when a name of `n` bytes,
    /// shorter than the window, starts with it.
    shorter_names: [u8; 256],
}

impl NameStarts {
    fn new() -> Self {
        NameStarts {
            bits: vec![0; NAME_START_BITS / 64],
            shorter_names: [0; 256],
        }
    }

    /// Adds the start of `name`, which is not empty.
    fn insert(&mut self, name: &[u8]) {
        let start = window(name);
        if start.len() < WINDOW {
            self.shorter_names[usize::from(start[0])] |= 1 << start.len();
        }
        let bit = Self::bit(start);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// False when no name begins `text`, which is not empty; true when one
    /// may.
    fn may_begin(&self, text: &[u8]) -> bool {
        let start = window(text);
        if start.len() == WINDOW && self.holds(start) {
            return true;
        }
        let shorter = self.shorter_names(start[0]);
        shorter != 0
            && (1..=start.len().min(WINDOW - 1))
                .any(|n| shorter & (1 << n) != 0 && self.holds(&start[..n]))
    }

    /// Bit `n` set for each length `n` of the names shorter than the
    /// window that start with `first`.
    fn shorter_names(&self, first: u8) -> u8 {
        self.shorter_names[usize::from(first)]
    }

    fn holds(&self, start: &[u8]) -> bool {
        let bit = Self::bit(start);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The bit of a name's start of at most [`WINDOW`] bytes.
    fn bit(start: &[u8]) -> usize {
        let hash = window_word(start).wrapping_mul(0x9E37_79B1);
        (hash >> (32 - NAME_START_BITS.trailing_zeros())) as usize
    }
}

/// How many ASCII bytes other than `A`-`Z` names may start with for a
/// search to pass eight bytes at a time (see [`may_start_a_name`]).
const MAX_OTHER_STARTS: usize = 4;

/// Eight bytes at a time: `0x01` in each byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// Eight bytes at a time: the top bit of each byte.
const TOPS: u64 = 0x8080_8080_8080_8080;

/// Whether the eight bytes of `word` hold one of 0x80 or more, an `A`-`Z`
/// or one of `others`: false means no name starts in them. Each test works
/// on all eight bytes at once, none carrying into the next.
fn may_start_a_name(word: u64, others: &[u8]) -> bool {
    if word & TOPS != 0 {
        return true;
    }
    // With every top bit clear, the top bit of `0xDA - b` is set for b up
    // to `Z` (0x5A), that of `b + 0x3F` for b from `A` (0x41) up.
    let up_to_z = (ONES * 0xDA).wrapping_sub(word);
    let from_a = word + ONES * 0x3F;
    if up_to_z & from_a & TOPS != 0 {
        return true;
    }
    others
        .iter()
        .any(|&b| crate::text::bytes_equal_to(word, b) != 0)
}

/// How actor mentions become links: the linker, and the `href` of each actor's
/// page as seen from the page being rendered.
pub struct Linking<'a> {
    pub linker: &'a ActorLinker,
    pub href: &'a dyn Fn(usize) -> String,
    /// The actor whose own page this is: its name is never a link to itself.
    pub own: Option<usize>,
}

/// Renders Markdown to safe HTML, linking first mentions of actors when
/// `linking` is given.
pub fn to_html(markdown: &str, linking: Option<&Linking<'_>>) -> String {
    to_html_reading(markdown, linking, None)
}

/// [`to_html`], and the text [`plain_text`] gives, read from the same parse:
/// `None` for a text that the parse with tables, footnotes and
/// strikethrough reads otherwise (one with `|`, `~` or `[^`).
pub fn to_html_and_text(markdown: &str, linking: Option<&Linking<'_>>) -> (String, Option<String>) {
    if memchr::memchr2(b'|', b'~', markdown.as_bytes()).is_some()
        || memchr::memmem::find(markdown.as_bytes(), b"[^").is_some()
    {
        return (to_html(markdown, linking), None);
    }
    let mut text = PlainText::with_capacity(markdown.len());
    let html = to_html_reading(markdown, linking, Some(&mut text));
    (html, Some(text.out))
}

fn to_html_reading(
    markdown: &str,
    linking: Option<&Linking<'_>>,
    mut plain: Option<&mut PlainText>,
) -> String {
    let parser = TextMergeStream::new(Parser::new_ext(markdown, options()));
    let mut events: Vec<Event<'_>> = Vec::new();
    // The actors linked so far: a set, not a flag per actor of the site,
    // which every body paid for, however few it names.
    let mut linked: FxHashSet<usize> = linking
        .and_then(|l| l.own.filter(|&o| o < l.linker.actor_count))
        .into_iter()
        .collect();
    let mut no_links_depth = 0usize;
    for event in parser {
        if let Some(plain) = plain.as_deref_mut() {
            plain.read(&event);
        }
        match event {
            Event::Start(tag) => {
                if forbids_links(&tag) {
                    no_links_depth += 1;
                }
                events.push(Event::Start(safe_tag(tag)));
            }
            Event::End(end) => {
                if forbids_links_end(end) {
                    no_links_depth = no_links_depth.saturating_sub(1);
                }
                let end = if end == TagEnd::HtmlBlock {
                    TagEnd::Paragraph
                } else {
                    end
                };
                events.push(Event::End(end));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Text(text) if no_links_depth == 0 => match linking {
                Some(linking) => link_mentions(text, linking, &mut linked, &mut events),
                None => events.push(Event::Text(text)),
            },
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn forbids_links(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_)
    )
}

fn forbids_links_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock
    )
}

/// Raw HTML blocks become paragraphs of text; links and images lose
/// addresses that would run script.
fn safe_tag(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::HtmlBlock => Tag::Paragraph,
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        },
        other => other,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    let dangerous = ["javascript:", "vbscript:", "data:", "file:"];
    if dangerous.iter().any(|d| scheme.starts_with(d)) {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

fn link_mentions<'e>(
    text: CowStr<'e>,
    linking: &Linking<'_>,
    linked: &mut FxHashSet<usize>,
    events: &mut Vec<Event<'e>>,
) {
    let mut cut = 0;
    let mut pieces: Vec<Event<'e>> = Vec::new();
    for (start, end, actor) in linking.linker.mentions(&text) {
        if start < cut || !linked.insert(actor) {
            continue;
        }
        if start > cut {
            pieces.push(Event::Text(CowStr::from(text[cut..start].to_string())));
        }
        let href = crate::text::escape_html(&(linking.href)(actor));
        pieces.push(Event::Html(CowStr::from(format!(
            "<a class=\"actor-link\" href=\"{href}\">"
        ))));
        pieces.push(Event::Text(CowStr::from(text[start..end].to_string())));
        pieces.push(Event::Html(CowStr::Borrowed("</a>")));
        cut = end;
    }
    if pieces.is_empty() {
        events.push(Event::Text(text));
        return;
    }
    if cut < text.len() {
        pieces.push(Event::Text(CowStr::from(text[cut..].to_string())));
    }
    events.extend(pieces);
}

/// The first paragraph of `markdown` as plain text, cut at a word boundary
/// near [`SUMMARY_CHARS`]: the summary of an article that gives none.
///
/// A Markdown parser reads the whole text before its first event, and an
/// article's first paragraph is in its first few hundred bytes; so the
/// start of the text, up to a blank line, is parsed first. A paragraph
/// found there outside any list, quote or footnote is the whole text's:
/// every block before it closed before it began, and a blank line ends it.
/// Only a link or footnote defined further on (`[x]: ...`) can change how
/// a start reads, so a text with `]:` anywhere is parsed whole.
pub fn first_paragraph_text(markdown: &str) -> String {
    summary_reading_from(markdown, SUMMARY_START)
}

/// [`first_paragraph_text`], with a start that reaches at least `from`.
fn summary_reading_from(markdown: &str, from: usize) -> String {
    let start = match memchr::memmem::find(markdown.as_bytes(), b"]:") {
        None => through_blank_line(markdown, from),
        Some(_) => None,
    };
    let found = start.and_then(|start| first_paragraph(start, true));
    let text = found.or_else(|| first_paragraph(markdown, false));
    crate::text::truncate_words(text.unwrap_or_default().trim(), SUMMARY_CHARS)
}

/// How far into a text the start parsed for its summary reaches at least.
const SUMMARY_START: usize = 512;

/// The text of the first paragraph of `markdown`, if it has one; with
/// `top_level`, `None` as well when that paragraph is inside a list, a
/// quote or a footnote.
fn first_paragraph(markdown: &str, top_level: bool) -> Option<String> {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) if top_level && depth > 0 => return None,
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => return Some(text),
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1;
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    (!top_level).then_some(text)
}

/// `markdown` up to and with the first blank line that begins after byte
/// `from`; `None` when no blank line ends there.
fn through_blank_line(markdown: &str, from: usize) -> Option<&str> {
    let bytes = markdown.as_bytes();
    let mut line = from + 1 + memchr::memchr(b'\n', bytes.get(from..)?)?;
    loop {
        let end = line + memchr::memchr(b'\n', &bytes[line..])?;
        if bytes[line..end]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
        {
            return Some(&markdown[..=end]);
        }
        line = end + 1;
    }
}

/// Plain text of Markdown, paragraphs separated by a space: what search
/// indexes.
pub fn plain_text(markdown: &str) -> String {
    let mut text = PlainText::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        text.read(&event);
    }
    text.out
}

/// The plain text of Markdown as its events are read (see [`plain_text`]).
struct PlainText {
    out: String,
}

impl PlainText {
    fn with_capacity(capacity: usize) -> Self {
        PlainText {
            out: String::with_capacity(capacity),
        }
    }

    fn read(&mut self, event: &Event<'_>) {
        let out = &mut self.out;
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            Event::Start(Tag::Paragraph) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn linker() -> ActorLinker {
        ActorLinker::new(&[
            vec!["Vladimir Putin", "Putin", "Mr. Putin"],
            vec!["Joe Biden", "Biden"],
            vec!["Russia"],
        ])
    }

    fn render(md: &str) -> String {
        let linker = linker();
        let href = |actor: usize| format!("../../actors/a{actor}/index.html");
        to_html(
            md,
            Some(&Linking {
                linker: &linker,
                href: &href,
                own: None,
            }),
        )
    }

    /// Where names are found in a text: the start and end of each, and
    /// which name it is.
    type Spans = Vec<(usize, usize, usize)>;

    /// Where a linker of `names` finds them in `text`, and where an
    /// Aho-Corasick automaton's scan of every byte does.
    fn found_and_full_scan(names: &[&str], text: &str) -> (Spans, Spans) {
        let linker = ActorLinker::new(&[names.to_vec()]);
        let full_scan = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names)
            .unwrap();
        let found = linker
            .matches(text)
            .map(|m| (m.start, m.end, m.pattern))
            .collect();
        let expected = full_scan
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        (found, expected)
    }

    proptest::proptest! {
        /// The summary read from a text's start is the one the whole text
        /// gives, whatever blocks the text has and wherever the start ends.
        #[test]
        fn a_summary_read_from_the_start_is_the_whole_texts(
            lines in proptest::collection::vec(
                proptest::sample::select(
                    &[
                        "Some *text* and `code`.\n", "More text\n", "\n", " \n", "\t\n",
                        "Text\r\n", "\r\n", "- item\n", "1. one\n", "  continued\n",
                        "> quote\n", "```\n", "    code\n", "# Head\n", "===\n", "---\n",
                        "| a | b |\n", "|---|---|\n", "<div>\n", "</div>\n", "<!--\n",
                        "-->\n", "[^1] and [x]\n", "[^1]: note\n", "[x]: /url\n",
                    ][..],
                ),
                0..30,
            ),
            from in 0usize..200,
        ) {
            let text = lines.concat();
            let whole = first_paragraph(&text, false).unwrap_or_default();
            let expected = crate::text::truncate_words(whole.trim(), SUMMARY_CHARS);
            proptest::prop_assert_eq!(summary_reading_from(&text, from), expected);
        }

        /// The text read from the parse that renders a body is the one
        /// its own parse gives, or none when the two parses differ.
        #[test]
        fn the_text_read_while_rendering_is_the_plain_text(
            lines in proptest::collection::vec(
                proptest::sample::select(
                    &[
                        "Some *text* and `code`.\n", "More text  \n", "\n", "- item\n",
                        "1. one\n", "  continued\n", "> quote\n", "```\n", "    code\n",
                        "# Head\n", "===\n", "<div>\n", "</div>\n", "a <b>c</b>\n",
                        "[x](/u) ![i](/p)\n", "| a | b |\n", "|---|---|\n", "~~gone~~\n",
                        "[^1] note\n", "[^1]: note\n", "Putin and Biden\n", "&amp; \\*\n",
                    ][..],
                ),
                0..20,
            )
        ) {
            let body = lines.concat();
            let linker = linker();
            let href = |actor: usize| format!("a{actor}.html");
            let linking = Linking { linker: &linker, href: &href, own: None };
            let (html, text) = to_html_and_text(&body, Some(&linking));
            proptest::prop_assert_eq!(&html, &to_html(&body, Some(&linking)));
            let differs = body.contains(['|', '~']) || body.contains("[^");
            proptest::prop_assert_eq!(text, (!differs).then(|| plain_text(&body)));
        }

        /// Passing eight bytes at a time finds what the automaton's own
        /// scan of every byte finds, over long texts.
        #[test]
        fn names_are_found_as_a_full_scan_finds_them_eight_bytes_at_a_time(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    &["Putin", "Mr Putin", "Zelensky", "Éric", "de Gaulle", "Kyiv", "the ", "talks ",
                      "and ", "é", ". ", "P", "Mr", "d", "x"][..],
                ),
                0..60,
            )
        ) {
            let names = ["Putin", "Mr Putin", "Zelensky", "Éric", "de Gaulle", "Kyiv"];
            proptest::prop_assert!(ActorLinker::new(&[names.to_vec()]).other_starts.is_some());
            let (found, expected) = found_and_full_scan(&names, &pieces.concat());
            proptest::prop_assert_eq!(found, expected);
        }

        /// Checking a name's first bytes before comparing names finds what the
        /// automaton's own scan finds, whatever the names: one or two bytes
        /// long, longer than the checked start, not ASCII, sharing starts.
        #[test]
        fn names_are_found_as_a_full_scan_finds_them_whatever_the_names(
            names in proptest::strategy::Strategy::prop_union(
                proptest::collection::vec("[ABé][ABa é]{0,6}[ABaé]", 1..8),
                proptest::collection::vec("[ABé]{1,2}", 1..4),
            ),
            text in "[ABa é.]{0,40}",
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let (found, expected) = found_and_full_scan(&names, &text);
            proptest::prop_assert_eq!(found, expected);
        }

        /// Trying names only where one can begin finds what the automaton's
        /// own scan of every byte finds.
        #[test]
        fn names_are_found_as_a_full_scan_finds_them(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    &["Putin", "Mr. Putin", "Put", "tin", "Éric", "r. P", "M", "r", ". ", "é", "a"][..],
                ),
                0..12,
            )
        ) {
            let names = ["Putin", "Mr. Putin", "Put", "tin", "Éric", "r. P"];
            let (found, expected) = found_and_full_scan(&names, &pieces.concat());
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// Every text of up to six bytes over a few letters: a name is found
    /// wherever it is, whether shorter than the checked start, as long, or
    /// longer, and at the end of the text.
    #[test]
    fn names_of_every_length_are_found_at_every_place() {
        let name_sets: [&[&str]; 6] = [
            &["A"],
            &["AB"],
            &["ABA", "B"],
            &["ABAB"],
            &["ABABA", "AB", "BAx"],
            &["Aé", "é"],
        ];
        let letters = ["A", "B", "x", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| letters.iter().map(move |l| format!("{t}{l}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        for names in name_sets {
            for text in texts.iter().filter(|t| t.len() <= 6) {
                let (found, expected) = found_and_full_scan(names, text);
                assert_eq!(found, expected, "{names:?} in {text:?}");
            }
        }
    }

    #[test]
    fn a_text_begins_with_a_name_only_when_every_byte_is_the_same() {
        let name = b"Volodymyr Oleksandrovych Zelensky";
        for cut in 0..=name.len() {
            assert!(begins_with(&name[..], &name[..cut]), "{cut}");
            assert_eq!(begins_with(&name[..cut], &name[..]), cut == name.len());
            let mut other = name.to_vec();
            if let Some(byte) = other.get_mut(cut) {
                *byte ^= 0x20;
                assert!(!begins_with(&other, &name[..]), "{cut}");
                assert!(begins_with(&other, &name[..cut]), "{cut}");
            }
        }
    }

    #[test]
    fn a_name_is_tried_only_where_its_first_bytes_are() {
        let mut starts = NameStarts::new();
        for name in ["Putin", "G7", "Éric"] {
            starts.insert(name.as_bytes());
        }
        for begins in ["Putin", "Puti", "G7", "G7 and", "Éri", "Éric"] {
            assert!(starts.may_begin(begins.as_bytes()), "{begins}");
        }
        for does_not in ["Put", "Pxtin", "G", "G8", "Gabon", "Ér", "Élan"] {
            assert!(!starts.may_begin(does_not.as_bytes()), "{does_not}");
        }
    }

    #[test]
    fn eight_bytes_may_start_a_name_when_one_of_them_can() {
        let others = [b'd', b'7'];
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut eight = *b"abc xyz.";
                eight[at] = b;
                let expected = b >= 0x80 || b.is_ascii_uppercase() || others.contains(&b);
                let found = may_start_a_name(u64::from_le_bytes(eight), &others);
                assert_eq!(found, expected, "byte {b:#x} at {at}");
            }
        }
        // Names starting with many other bytes are tried byte by byte.
        let linker = ActorLinker::new(&[vec!["al-Assad", "bin X", "con", "de Y", "el Z"]]);
        assert!(linker.other_starts.is_none());
        assert_eq!(linker.matches("the el Z and de Y").count(), 2);
    }

    #[test]
    fn links_the_first_mention_of_each_actor_only() {
        assert_eq!(
            render("Mr. Putin met Biden. Putin's aides and Biden left."),
            "<p><a class=\"actor-link\" href=\"../../actors/a0/index.html\">Mr. Putin</a> met \
             <a class=\"actor-link\" href=\"../../actors/a1/index.html\">Biden</a>. \
             Putin's aides and Biden left.</p>\n"
        );
    }

    #[test]
    fn an_actors_own_page_does_not_link_its_name_to_itself() {
        let linker = linker();
        let href = |actor: usize| format!("a{actor}.html");
        let html = to_html(
            "Vladimir Putin has led Russia.",
            Some(&Linking {
                linker: &linker,
                href: &href,
                own: Some(0),
            }),
        );
        assert_eq!(
            html,
            "<p>Vladimir Putin has led <a class=\"actor-link\" href=\"a2.html\">Russia</a>.</p>\n"
        );
    }

    #[test]
    fn never_links_inside_links_headings_code_or_partial_words() {
        let html =
            render("## Putin\n\n[Putin](https://x.org) `Putin` Russian\n\n```\nPutin\n```\n");
        assert!(!html.contains("actor-link"), "{html}");
        let later = render("## Putin\n\nThen Putin spoke.");
        assert!(later.contains("Then <a class=\"actor-link\""), "{later}");
    }

    #[test]
    fn raw_html_and_script_urls_are_inert() {
        let html =
            render("<script>alert(1)</script>\n\nHi <b>x</b> [y](javascript:alert(1)) {{ site }}");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
        assert!(html.contains("<a href=\"#\">y</a>"), "{html}");
        assert!(html.contains("{{ site }}"), "{html}");
    }

    #[test]
    fn tables_footnotes_and_strikethrough_are_on() {
        let html = to_html(
            "|a|b|\n|-|-|\n|1|2|\n\n~~gone~~ x[^1]\n\n[^1]: note\n",
            None,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn a_summary_reads_the_start_up_to_a_blank_line() {
        let text = "Intro line\n\n- a\n\n- b\n\nFirst *real* one.\n\nLater.\n";
        assert_eq!(through_blank_line(text, 0), Some("Intro line\n\n"));
        assert_eq!(
            through_blank_line(text, 17),
            Some("Intro line\n\n- a\n\n- b\n\n")
        );
        assert_eq!(through_blank_line("No blank line\nat all\n", 0), None);
        // The first paragraph is a loose list's first item, a list the
        // start cut short reads as tight: the whole text is parsed.
        assert_eq!(first_paragraph(&text[12..17], true), None);
        assert_eq!(summary_reading_from(&text[12..], 0), "a");
        assert_eq!(summary_reading_from(text, 14), "Intro line");
    }

    #[test]
    fn first_paragraph_is_plain_and_short() {
        let md = "## Head\n\nPresident *Vladimir Putin* is open\nto talks.\n\nSecond.";
        assert_eq!(
            first_paragraph_text(md),
            "President Vladimir Putin is open to talks."
        );
        let long = "word ".repeat(200);
        let summary = first_paragraph_text(&long);
        assert!(
            summary.ends_with("word…") && summary.chars().count() <= 321,
            "{summary}"
        );
    }
}
