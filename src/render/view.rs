//! What every page kind builds its context from: [`View`], the briefing as
//! seen from one page (links relative to it, and a record of what it read),
//! and the typed pieces many pages show: links, article and event cards,
//! quotes with their source, month links and pagination.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::ahead::Ahead;
use super::charts;
use super::deps::{At, Reads};
use super::routes::{page_count, Page, Paths};
use crate::diag::Diagnostic;
use crate::i18n::Catalogue;
use crate::link::{Briefing, QuoteRef};
use crate::markdown::{self, Linking};
use crate::model::Said;
use crate::templates::Templates;

/// The events' time line, made once for all the pages whose links to the
/// events are the same (see [`View::events_chart_key`]): every event on it
/// is a link, so it is the same on every page of the events' index but the
/// first, and at 100,000 articles it holds 10,000 events, on each of 50
/// pages.
#[derive(Default)]
pub(crate) struct EventsCharts(Mutex<HashMap<String, String>>);

impl EventsCharts {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().ok()?.get(key).cloned()
    }

    fn keep(&self, key: &str, chart: &str) {
        if let Ok(mut charts) = self.0.lock() {
            charts.insert(key.to_string(), chart.to_string());
        }
    }
}

/// Which template shows a card, for [`Cards`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CardKind {
    Article,
    Event,
    Quote,
}

impl CardKind {
    fn template(self) -> &'static str {
        match self {
            CardKind::Article => "article_card.html",
            CardKind::Event => "event_card.html",
            CardKind::Quote => "quote.html",
        }
    }

    /// The name the template gives the card.
    fn variable(self) -> &'static str {
        match self {
            CardKind::Article => "a",
            CardKind::Event => "e",
            CardKind::Quote => "q",
        }
    }

    /// The page-wide variable the card's template reads besides the card:
    /// a heading's level, or whether a quote names who said it.
    fn setting(self) -> &'static str {
        match self {
            CardKind::Article | CardKind::Event => "level",
            CardKind::Quote => "speaker",
        }
    }
}

/// A card a list shows, of the one type its kind's cards are (so that the
/// kind and the key of a card's shape, see [`ShapeWriter`], tell its shape).
trait Card: Serialize {
    const KIND: CardKind;
}

impl Card for ArticleCard<'_> {
    const KIND: CardKind = CardKind::Article;
}

impl Card for EventCard<'_> {
    const KIND: CardKind = CardKind::Event;
}

impl Card for QuoteCard<'_> {
    const KIND: CardKind = CardKind::Quote;
}

/// Stands for a text of a card rendered once for every card of its shape:
/// `MARK`, the text's place among the card's texts, `MARK`. Escaping
/// leaves it as it is.
const MARK: char = '\u{1}';

/// Writes a card's fields split in two: its shape, which decides the
/// card's markup, and its texts, escaped as a template escapes them,
/// aside. Cards of one shape differ only in their texts (titles, dates,
/// links relative to the page), so one is rendered and the others filled
/// in. Cards hold texts, numbers, flags, lists, options and structs;
/// anything else (a float, bytes, a map, an enum) is refused, and the card
/// is then given by its fields.
///
/// The shape is written in one of two ways. As JSON (`json`), the fields
/// with each text that is not empty replaced by a [`MARK`]ed place, it is
/// what the card's template renders once for the shape. Else it is only
/// the card's key among the shapes of its type (see [`Card`]): a letter
/// for each text (`T`, or `E` when empty), flag (`t`, `f`) and missing
/// value (`N`), each number ended by `;`, lists and structs between their
/// brackets, and no field names, which the type decides. Each value's
/// mark ends where it starts to be read, so two cards of a type have the
/// same key only when they have the same shape; the key is a tenth of the
/// JSON, and was cheaper to write, hash and compare.
#[derive(Default)]
struct ShapeWriter {
    json: bool,
    shape: String,
    texts: Texts,
}

/// A card's texts escaped, one after the other; text `k` ends at `ends[k]`.
#[derive(Default)]
struct Texts {
    all: String,
    ends: Vec<usize>,
}

impl Texts {
    fn text(&self, k: usize) -> &str {
        let start = k.checked_sub(1).map_or(0, |j| self.ends[j]);
        &self.all[start..self.ends[k]]
    }
}

thread_local! {
    /// The writer each thread splits its cards with, kept between cards:
    /// a new shape and texts for each of the 120,000 cards of a build of
    /// 10,000 articles were two allocations a card.
    static SHAPE_WRITER: std::cell::Cell<ShapeWriter> = std::cell::Cell::default();
}

impl ShapeWriter {
    /// The thread's writer, empty (a new one when it is in use).
    fn take() -> ShapeWriter {
        SHAPE_WRITER.take()
    }

    /// Gives the writer back to the thread for its next card.
    fn give_back(mut self) {
        self.shape.clear();
        self.texts.all.clear();
        self.texts.ends.clear();
        SHAPE_WRITER.set(self);
    }
}

/// A text of a card filled in without making the card (see
/// [`View::split_card`]): a text as it is, or a link from the page to an
/// address from the site's top; each with whether it escapes to itself.
#[derive(Clone, Copy)]
enum CardText<'t> {
    Text(&'t str, bool),
    Link(&'t str, bool),
}

/// Why a card cannot be split (see [`ShapeWriter`]).
#[derive(Debug)]
struct Unsplittable;

impl std::fmt::Display for Unsplittable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a card holds a value a shape does not take")
    }
}

impl std::error::Error for Unsplittable {}

impl serde::ser::Error for Unsplittable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsplittable
    }
}

impl ShapeWriter {
    fn number(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.shape
            .extend(digits[at..].iter().map(|&d| char::from(d)));
    }

    /// A JSON key, or a text between quotes; cards' keys are field names.
    fn quoted(&mut self, text: &str) {
        self.shape.push('"');
        for c in text.chars() {
            if matches!(c, '"' | '\\') || c < ' ' {
                self.shape.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                self.shape.push(c);
            }
        }
        self.shape.push('"');
    }
}

/// A list or struct being written: whether an item was written yet.
struct Compound<'w> {
    writer: &'w mut ShapeWriter,
    first: bool,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) && self.writer.json {
            self.writer.shape.push(',');
        }
    }
}

type Written = Result<(), Unsplittable>;

impl<'w> serde::Serializer for &'w mut ShapeWriter {
    type Ok = ();
    type Error = Unsplittable;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = serde::ser::Impossible<(), Unsplittable>;
    type SerializeMap = serde::ser::Impossible<(), Unsplittable>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = serde::ser::Impossible<(), Unsplittable>;

    fn serialize_bool(self, v: bool) -> Written {
        self.shape.push_str(match (self.json, v) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "t",
            (false, false) => "f",
        });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Written {
        if v < 0 {
            self.shape.push('-');
        }
        self.serialize_u64(v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Written {
        self.number(v);
        if !self.json {
            self.shape.push(';');
        }
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Written {
        Err(Unsplittable)
    }
    fn serialize_f64(self, _: f64) -> Written {
        Err(Unsplittable)
    }
    fn serialize_char(self, v: char) -> Written {
        self.serialize_str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Written {
        if v.is_empty() {
            self.shape.push_str(if self.json { "\"\"" } else { "E" });
            return Ok(());
        }
        let texts = &mut self.texts;
        let place = texts.ends.len();
        crate::text::escape_html_into(v, &mut texts.all);
        texts.ends.push(texts.all.len());
        if !self.json {
            self.shape.push('T');
            return Ok(());
        }
        self.shape.push_str("\"\\u0001");
        self.number(place as u64);
        self.shape.push_str("\\u0001\"");
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Written {
        Err(Unsplittable)
    }
    fn serialize_none(self) -> Written {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Written {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Written {
        self.shape.push_str(if self.json { "null" } else { "N" });
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Written {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Written {
        Err(Unsplittable)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Written {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Written {
        Err(Unsplittable)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Unsplittable> {
        self.shape.push('[');
        Ok(Compound {
            writer: self,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Unsplittable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, Unsplittable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsplittable> {
        Err(Unsplittable)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsplittable> {
        Err(Unsplittable)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, Unsplittable> {
        self.shape.push('{');
        Ok(Compound {
            writer: self,
            first: true,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsplittable> {
        Err(Unsplittable)
    }
}

impl serde::ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsplittable;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Written {
        self.comma();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Written {
        self.writer.shape.push(']');
        Ok(())
    }
}

impl serde::ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsplittable;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Written {
        serde::ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Written {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsplittable;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Written {
        serde::ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Written {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsplittable;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Written {
        if self.writer.json {
            self.comma();
            self.writer.quoted(key);
            self.writer.shape.push(':');
        }
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Written {
        self.writer.shape.push('}');
        Ok(())
    }
}

/// A card rendered from a shape: its HTML, and where each text goes in it
/// (at a byte offset, the text at a place among the card's texts).
struct Marked {
    html: String,
    texts: Vec<(u32, u16)>,
}

impl Marked {
    /// The card `rendered` from a shape of `text_count` texts; `None` when
    /// it holds a [`MARK`] that is not one of them.
    fn parse(rendered: &str, text_count: usize) -> Option<Marked> {
        let mut html = String::with_capacity(rendered.len());
        let mut texts = Vec::new();
        let mut rest = rendered;
        while let Some(at) = rest.find(MARK) {
            html.push_str(&rest[..at]);
            let after = &rest[at + MARK.len_utf8()..];
            let end = after.find(MARK)?;
            let place: u16 = after[..end].parse().ok()?;
            if usize::from(place) >= text_count {
                return None;
            }
            texts.push((u32::try_from(html.len()).ok()?, place));
            rest = &after[end + MARK.len_utf8()..];
        }
        html.push_str(rest);
        html.shrink_to_fit();
        Some(Marked { html, texts })
    }

    /// The card of `texts`.
    fn fill(&self, texts: &Texts) -> String {
        self.fill_with(texts.all.len(), |place, out| {
            out.push_str(texts.text(usize::from(place)));
        })
    }

    /// The card whose text at each place `write` writes, about
    /// `text_bytes` of them.
    fn fill_with(&self, text_bytes: usize, mut write: impl FnMut(u16, &mut String)) -> String {
        let mut out = String::with_capacity(self.html.len() + text_bytes);
        let mut copied = 0;
        for &(at, place) in &self.texts {
            let at = at as usize;
            out.push_str(&self.html[copied..at]);
            write(place, &mut out);
            copied = at;
        }
        out.push_str(&self.html[copied..]);
        out
    }

    fn bytes(&self) -> usize {
        self.html.len() + 8 * self.texts.len()
    }
}

/// Cards rendered once for each shape (see [`ShapeWriter`]) and filled in
/// for every card of that shape on every page (an article's card is on
/// about ten pages, and rendering cards was a sixth of a build). Used when
/// the templates that list cards are the built-in ones, which show a card
/// by its `html`. Shapes are few (a few hundred) and all met early, so
/// cards are filled in under a lock shared by all threads.
#[derive(Default)]
pub(crate) struct Cards {
    held: RwLock<CardsHeld>,
    reused: AtomicUsize,
}

/// A card's template and its setting (see [`CardKind::setting`]).
type CardSetting = (CardKind, u8);

#[derive(Default)]
struct CardsHeld {
    /// By template and setting, then by shape; `None` for a shape whose
    /// cards are rendered one by one.
    cards: rustc_hash::FxHashMap<CardSetting, rustc_hash::FxHashMap<String, Option<Marked>>>,
    bytes: usize,
    rendered: usize,
}

impl Cards {
    /// The card of `shape` filled in with `texts`: `None` when the shape
    /// was not rendered yet, `Some(None)` when its cards are rendered one
    /// by one.
    fn filled(&self, kind: CardSetting, shape: &str, texts: &Texts) -> Option<Option<String>> {
        self.filled_by(kind, shape, |marked| marked.fill(texts))
    }

    /// [`Cards::filled`], the card filled in by `fill`.
    fn filled_by(
        &self,
        kind: CardSetting,
        shape: &str,
        fill: impl FnOnce(&Marked) -> String,
    ) -> Option<Option<String>> {
        let held = self.held.read().ok()?;
        let found = held.cards.get(&kind)?.get(shape)?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(found.as_ref().map(fill))
    }

    fn keep(&self, kind: CardSetting, shape: &str, card: Option<Marked>) {
        if let Ok(mut held) = self.held.write() {
            held.rendered += 1;
            held.bytes += shape.len() + card.as_ref().map_or(0, Marked::bytes);
            held.cards
                .entry(kind)
                .or_default()
                .insert(shape.to_string(), card);
        }
    }
}

#[cfg(test)]
impl Cards {
    /// How many shapes of cards were rendered.
    pub fn shapes(&self) -> usize {
        self.held.read().map_or(0, |held| {
            held.cards.values().map(|shapes| shapes.len()).sum()
        })
    }
}

impl Drop for Cards {
    fn drop(&mut self) {
        if crate::timings::enabled() {
            if let Ok(held) = self.held.read() {
                eprintln!(
                    "timings: render/cards {} shapes rendered, {} cards filled in, {} KB held",
                    held.rendered,
                    self.reused.load(Ordering::Relaxed),
                    held.bytes / 1024
                );
            }
        }
    }
}

/// An item of a list as the page's template sees it: the HTML of its card
/// when the built-in templates list it, else its card's fields, for a
/// site's own templates.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Listed<T> {
    Html { html: String },
    Fields(T),
}

/// What pages make once and share: the events' charts, and the cards when
/// lists show cards by their HTML.
#[derive(Default)]
pub(crate) struct MadeOnce {
    pub events_charts: EventsCharts,
    pub cards: Option<Cards>,
    /// Whether an article's page shows the articles before and after it by
    /// their title, link and date only, as the built-in templates do: they
    /// are then given as a [`NeighbourLink`], not as a whole card.
    pub neighbours_linked: bool,
    /// The pages the sitemap lists, each with the newest date it shows,
    /// which its index and each of its parts read (100,000 articles:
    /// 178,631 pages, 4 parts).
    pub sitemap_pages: std::sync::OnceLock<Vec<(Page, Option<NaiveDate>)>>,
}

/// The briefing as one page sees it: every link relative to the page (or
/// starting with `root` where that is absolute), and every item read is
/// recorded.
pub(crate) struct View<'a> {
    pub briefing: &'a Briefing,
    pub templates: &'a Templates,
    pub paths: Paths,
    pub root: String,
    items: &'a ItemTexts,
    /// The folders of the page's own file, when its links are relative to
    /// it.
    here: Option<Folders>,
    made: Arc<MadeOnce>,
    reads: RefCell<Reads>,
    /// Why the page cannot be made, found while its context was built.
    problem: RefCell<Option<Diagnostic>>,
    /// The plain text of the article body the page shows, read as it was
    /// rendered (see [`View::article_markdown`]).
    body_text: RefCell<Option<String>>,
}

/// What each article, actor, event and outlet shows alike on every page
/// that lists it: its address from the site's top, its key, its dates and
/// the other texts of its card, made once for all pages (a card was made ten
/// times a build on average, each time formatting its address and dates
/// again), with which of them escape to themselves.
pub(crate) struct ItemTexts {
    articles: Packed<ArticleText>,
    /// Each article's actors, one article's after another (see
    /// [`ArticleText::actors`]).
    article_actors: Vec<usize>,
    events: Packed<EventText>,
    actors: Packed<ActorText>,
    /// Addresses of outlets' first pages, from the top.
    outlets: Vec<String>,
    /// Whether each outlet's address escapes to itself.
    outlets_plain: Vec<bool>,
}

/// Texts of many items, written one item after another into one buffer, in
/// the briefing's order, with what else is known of each item. A tag's or an
/// actor's page lists articles from all over the briefing: read from one
/// stretch of memory, a card's texts cost one or two misses of the caches
/// instead of one for each of the eight allocations they were in (pages of
/// tags took 12.8 times as long at 100,000 articles as at 10,000; 10.1
/// times packed).
struct Packed<T> {
    buffer: String,
    items: Vec<T>,
}

impl<T> Packed<T> {
    fn with_capacity(items: usize) -> Self {
        Packed {
            buffer: String::new(),
            items: Vec::with_capacity(items),
        }
    }
}

/// Where `N` texts written one after another into a buffer are: where the
/// first starts and where each ends.
#[derive(Clone, Copy)]
struct Spans<const N: usize> {
    start: usize,
    ends: [usize; N],
}

impl<const N: usize> Spans<N> {
    /// `texts` written at the end of `buffer`.
    fn write(buffer: &mut String, texts: [&str; N]) -> Self {
        let start = buffer.len();
        let ends = texts.map(|text| {
            buffer.push_str(text);
            buffer.len()
        });
        Spans { start, ends }
    }

    /// Text `k` of those written, in `buffer`.
    fn get<'b>(&self, buffer: &'b str, k: usize) -> &'b str {
        let start = match k {
            0 => self.start,
            _ => self.ends[k - 1],
        };
        &buffer[start..self.ends[k]]
    }

    /// The bytes of all the texts written, one after another, in `buffer`.
    fn all<'b>(&self, buffer: &'b str) -> &'b [u8] {
        let end = self.ends.last().copied().unwrap_or(self.start);
        buffer.as_bytes().get(self.start..end).unwrap_or_default()
    }
}

/// What an article's card shows of it, but its actors' links: its texts
/// (key, title, address from the top, date, date as shown, source or an
/// empty text, summary) and the rest.
struct ArticleText {
    spans: Spans<7>,
    plain: Plain,
    /// Whether it names its source (an empty text when not).
    has_source: bool,
    draft: bool,
    outlet: Option<usize>,
    /// Where its actors are in [`ItemTexts::article_actors`].
    actors: std::ops::Range<usize>,
}

/// An article's card's texts and the rest of what it shows (see
/// [`ItemTexts::article`]).
struct ArticleTexts<'t> {
    key: &'t str,
    title: &'t str,
    /// Its address from the site's top.
    url: &'t str,
    date: &'t str,
    date_display: &'t str,
    source: Option<&'t str>,
    summary: &'t str,
    plain: Plain,
    draft: bool,
    outlet: Option<usize>,
    actors: &'t [usize],
}

/// What an actor's link on a card shows of it: its name, its first page's
/// address from the top, its kind and its role (empty when none).
struct ActorText {
    spans: Spans<4>,
    plain: Plain,
    has_role: bool,
}

/// An actor's link's texts (see [`ItemTexts::actor`]).
struct ActorTexts<'t> {
    name: &'t str,
    url: &'t str,
    kind: &'t str,
    role: Option<&'t str>,
    plain: Plain,
}

/// Which of an item's texts escape to themselves (see
/// [`crate::text::escapes_to_itself`]), a bit each: most do, and those are
/// copied into a card as they are.
#[derive(Clone, Copy)]
struct Plain(u8);

impl Plain {
    const KEY: u8 = 1;
    const TITLE: u8 = 1 << 1;
    const URL: u8 = 1 << 2;
    const DATE: u8 = 1 << 3;
    const DATE_DISPLAY: u8 = 1 << 4;
    const SOURCE: u8 = 1 << 5;
    const SUMMARY: u8 = 1 << 6;
    const NAME: u8 = 1;
    const KIND: u8 = 1 << 1;
    const ROLE: u8 = 1 << 2;

    /// The bits of `texts` that escape to themselves.
    fn of<'t>(texts: impl IntoIterator<Item = (u8, &'t str)>) -> Plain {
        Plain(
            texts
                .into_iter()
                .filter(|(_, text)| crate::text::escapes_to_itself(text))
                .fold(0, |bits, (bit, _)| bits | bit),
        )
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// What an event's card shows of it: its texts (key, title, address from
/// the top, date, first and last day as shown, place; the last two empty
/// when it has none) and the rest.
struct EventText {
    spans: Spans<7>,
    has_end: bool,
    has_place: bool,
    article_count: usize,
}

/// An event's card's texts (see [`ItemTexts::event`]).
struct EventTexts<'t> {
    key: &'t str,
    title: &'t str,
    url: &'t str,
    date: &'t str,
    date_display: &'t str,
    /// Its last day, when it is not its first.
    end_date_display: Option<&'t str>,
    place: Option<&'t str>,
    article_count: usize,
}

impl ItemTexts {
    pub fn new(briefing: &Briefing, paths: &Paths) -> Self {
        let i18n = &briefing.config.interface;
        let mut articles = Packed::with_capacity(briefing.articles.len());
        let mut article_actors = Vec::new();
        for linked in &briefing.articles {
            let a = &linked.article;
            let url = paths.url(&Page::Article(linked.id()));
            let key = crate::visits::article_key(&a.slug);
            let date = linked.when.date.to_string();
            let date_display = i18n.date(linked.when.date);
            let source = a.source.as_deref().unwrap_or("");
            let texts = [
                key.as_str(),
                &a.title,
                &url,
                &date,
                &date_display,
                source,
                &a.summary,
            ];
            let plain = Plain::of(
                [
                    Plain::KEY,
                    Plain::TITLE,
                    Plain::URL,
                    Plain::DATE,
                    Plain::DATE_DISPLAY,
                    Plain::SOURCE,
                    Plain::SUMMARY,
                ]
                .into_iter()
                .zip(texts),
            );
            let from = article_actors.len();
            article_actors.extend_from_slice(&linked.actors);
            articles.items.push(ArticleText {
                spans: Spans::write(&mut articles.buffer, texts),
                plain,
                has_source: a.source.is_some(),
                draft: a.draft,
                outlet: linked.outlet,
                actors: from..article_actors.len(),
            });
        }
        let mut events = Packed::with_capacity(briefing.events.len());
        for linked in &briefing.events {
            let e = &linked.event;
            let url = paths.url(&Page::Event(linked.id()));
            let key = crate::visits::event_key(&e.slug);
            let date = e.date.to_string();
            let date_display = i18n.date(e.date);
            let end_date_display = e.end_date.filter(|&d| d != e.date).map(|d| i18n.date(d));
            let texts = [
                key.as_str(),
                &e.title,
                &url,
                &date,
                &date_display,
                end_date_display.as_deref().unwrap_or(""),
                e.place.as_deref().unwrap_or(""),
            ];
            events.items.push(EventText {
                spans: Spans::write(&mut events.buffer, texts),
                has_end: end_date_display.is_some(),
                has_place: e.place.is_some(),
                article_count: linked.articles.len(),
            });
        }
        let mut actors = Packed::with_capacity(briefing.actors.len());
        for linked in &briefing.actors {
            let actor = &linked.actor;
            let url = paths.url(&Page::Actor(linked.id(), 1));
            let texts = [
                actor.name.as_str(),
                &url,
                actor.kind.as_str(),
                actor.role.as_deref().unwrap_or(""),
            ];
            let plain = Plain::of(
                [Plain::NAME, Plain::URL, Plain::KIND, Plain::ROLE]
                    .into_iter()
                    .zip(texts),
            );
            actors.items.push(ActorText {
                spans: Spans::write(&mut actors.buffer, texts),
                plain,
                has_role: actor.role.is_some(),
            });
        }
        let outlets: Vec<String> = briefing
            .outlets
            .iter()
            .map(|o| paths.url(&Page::Outlet(o.id(), 1)))
            .collect();
        let outlets_plain = outlets
            .iter()
            .map(|url| crate::text::escapes_to_itself(url))
            .collect();
        ItemTexts {
            articles,
            article_actors,
            events,
            actors,
            outlets,
            outlets_plain,
        }
    }

    /// Article `i`'s texts as its card shows them.
    fn article(&self, i: usize) -> ArticleTexts<'_> {
        let at = &self.articles.items[i];
        let text = |k| at.spans.get(&self.articles.buffer, k);
        ArticleTexts {
            key: text(0),
            title: text(1),
            url: text(2),
            date: text(3),
            date_display: text(4),
            source: at.has_source.then(|| text(5)),
            summary: text(6),
            plain: at.plain,
            draft: at.draft,
            outlet: at.outlet,
            actors: &self.article_actors[at.actors.clone()],
        }
    }

    /// Reads ahead (see [`Ahead`]) what the cards of `articles` read of
    /// their texts and their actors'.
    fn read_ahead_articles(&self, ahead: &mut Ahead, articles: impl IntoIterator<Item = usize>) {
        let items = articles
            .into_iter()
            .filter_map(|i| self.articles.items.get(i));
        for at in items {
            ahead.bytes(at.spans.all(&self.articles.buffer));
            let article_actors = self.article_actors.get(at.actors.clone());
            for actor in article_actors.unwrap_or_default() {
                if let Some(actor) = self.actors.items.get(*actor) {
                    let texts = self.actors.buffer.get(actor.spans.start..);
                    ahead.start_of(texts.unwrap_or_default());
                }
            }
        }
    }

    /// Reads ahead (see [`Ahead`]) what the cards of `events` read.
    fn read_ahead_events(&self, events: &[usize]) {
        let mut ahead = Ahead::new();
        for at in events.iter().filter_map(|&i| self.events.items.get(i)) {
            ahead.bytes(at.spans.all(&self.events.buffer));
        }
    }

    /// Event `i`'s texts as its card shows them.
    fn event(&self, i: usize) -> EventTexts<'_> {
        let at = &self.events.items[i];
        let text = |k| at.spans.get(&self.events.buffer, k);
        EventTexts {
            key: text(0),
            title: text(1),
            url: text(2),
            date: text(3),
            date_display: text(4),
            end_date_display: at.has_end.then(|| text(5)),
            place: at.has_place.then(|| text(6)),
            article_count: at.article_count,
        }
    }

    /// Actor `i`'s texts as a link to it on a card shows them.
    fn actor(&self, i: usize) -> ActorTexts<'_> {
        let at = &self.actors.items[i];
        let text = |k| at.spans.get(&self.actors.buffer, k);
        ActorTexts {
            name: text(0),
            url: text(1),
            kind: text(2),
            role: at.has_role.then(|| text(3)),
            plain: at.plain,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct ActorLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub kind: &'a str,
    pub role: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ArticleCard<'a> {
    /// For "new since your last visit" (see [`crate::visits`]).
    pub key: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: &'a str,
    pub date_display: &'a str,
    pub source: Option<&'a str>,
    pub outlet_url: Option<String>,
    pub summary: &'a str,
    pub actors: Vec<ActorLink<'a>>,
    pub draft: bool,
}

/// The article before or after an article's page's own, as the page shows
/// it (see [`View::neighbour`]).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Neighbour<'a> {
    Link(NeighbourLink<'a>),
    Card(ArticleCard<'a>),
}

/// What the built-in article page shows of the article before or after it.
#[derive(Serialize)]
pub(crate) struct NeighbourLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date_display: &'a str,
}

#[derive(Serialize)]
pub(crate) struct EventCard<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: &'a str,
    pub date_display: &'a str,
    pub end_date_display: Option<&'a str>,
    pub place: Option<&'a str>,
    pub article_count: usize,
}

/// A statement as a card: the fullest copy's words, the sentence around
/// them, when they were said, and every article that reports them.
#[derive(Serialize)]
pub(crate) struct QuoteCard<'a> {
    pub text: &'a str,
    /// The sentence around the words, the words themselves cut to "…".
    pub context: Option<String>,
    pub speaker: Speaker<'a>,
    /// `2021-12-21`, or `2022-03` when only the month is known.
    pub said: String,
    pub said_display: String,
    /// False when the date is only the first report's.
    pub said_given: bool,
    /// Second-hand: who reported the words.
    pub via: Option<&'a str>,
    pub disputed: Option<&'a str>,
    pub sources: Vec<Source<'a>>,
}

/// Who said something: an actor (with a link) or a speaker named in the text.
#[derive(Serialize)]
pub(crate) struct Speaker<'a> {
    pub name: &'a str,
    pub url: Option<String>,
}

/// An article that reports a quote.
#[derive(Serialize)]
pub(crate) struct Source<'a> {
    /// The outlet, else the article's title.
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date_display: &'a str,
}

#[derive(Serialize)]
pub(crate) struct MonthLink {
    pub name: String,
    /// `YYYY-MM`, for "new since your last visit".
    pub key: String,
    pub month_name: String,
    pub year: i32,
    pub url: String,
    pub article_count: usize,
    pub event_count: usize,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    /// The first and last pages and those around the current one; a gap
    /// (no number, no url) stands for the pages left out between them.
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub name: String,
    pub url: Option<String>,
    pub current: bool,
}

impl<'a> View<'a> {
    pub fn new(
        briefing: &'a Briefing,
        templates: &'a Templates,
        paths: Paths,
        root: String,
        items: &'a ItemTexts,
        here: Option<String>,
        made: Arc<MadeOnce>,
    ) -> Self {
        View {
            briefing,
            templates,
            paths,
            root,
            items,
            here: here.map(|file| Folders::of(&file)),
            made,
            reads: RefCell::new(Reads::default()),
            problem: RefCell::new(None),
            body_text: RefCell::new(None),
        }
    }

    /// The first problem met while building the page's context, if any.
    pub fn take_problem(&self) -> Option<Diagnostic> {
        self.problem.borrow_mut().take()
    }

    /// Article `i`'s body as HTML; empty, with the problem kept for
    /// [`View::take_problem`], when its file cannot be read again.
    pub fn article_body(&self, i: usize) -> String {
        match self.briefing.articles[i].body() {
            Ok(body) => self.markdown(&body, None),
            Err(problem) => {
                self.problem.borrow_mut().get_or_insert(problem);
                String::new()
            }
        }
    }

    /// The interface's texts in the site's language.
    pub fn i18n(&self) -> &'a Catalogue {
        &self.briefing.config.interface
    }

    /// What the page read, once it is built.
    pub fn into_reads(self) -> Reads {
        self.reads.into_inner()
    }

    /// Records that the page shows article `i`'s fields.
    pub fn reads_article(&self, i: usize) {
        self.reads.borrow_mut().articles.push(i);
    }

    pub fn reads_actor(&self, i: usize) {
        self.reads.borrow_mut().actors.push(i);
    }

    pub fn reads_state_of_play(&self) {
        self.reads.borrow_mut().state_of_play = true;
    }

    pub fn reads_event(&self, i: usize) {
        self.reads.borrow_mut().events.push(i);
    }

    /// Records that the page shows the lists of the item at `at`.
    pub fn reads_lists(&self, at: At) {
        self.reads.borrow_mut().lists.push(at);
    }

    /// Records that the page links actors' names in Markdown.
    pub fn reads_actor_names(&self) {
        self.reads.borrow_mut().actor_names = true;
    }

    /// Records that the page shows which items exist.
    pub fn reads_counts(&self) {
        self.reads.borrow_mut().counts = true;
    }

    /// Records that the page shows every article's date, and nothing else
    /// of the articles.
    pub fn reads_dates(&self) {
        self.reads.borrow_mut().dates = true;
    }

    /// Records that the page shows asset `name`.
    pub fn reads_asset(&self, name: &'static str) {
        self.reads.borrow_mut().assets.push(name);
    }

    /// A link from this page to `page`.
    pub fn href(&self, page: &Page) -> String {
        self.rooted(&self.paths.url(page))
    }

    /// A link from this page to the page whose address from the top is
    /// `from_top`.
    fn rooted(&self, from_top: &str) -> String {
        if let Some(here) = &self.here {
            return here.link_to(from_top);
        }
        let mut href = String::with_capacity(self.root.len() + from_top.len());
        href.push_str(&self.root);
        href.push_str(from_top);
        href
    }

    /// A link from this page to actor `i`'s first page.
    pub fn actor_href(&self, i: usize) -> String {
        self.rooted(self.items.actor(i).url)
    }

    /// A link from this page to event `i`'s page.
    pub fn event_href(&self, i: usize) -> String {
        self.rooted(self.items.event(i).url)
    }

    /// A link from this page to outlet `i`'s first page, whose list the
    /// page then shows.
    pub fn outlet_href(&self, i: usize) -> String {
        self.reads_lists(At::Outlet(i));
        self.rooted(&self.items.outlets[i])
    }

    /// The outlet of article `i`, by its position in the briefing's.
    pub fn article_outlet(&self, i: usize) -> Option<usize> {
        self.items.articles.items[i].outlet
    }

    pub fn article_page(&self, i: usize) -> Page {
        Page::Article(self.briefing.articles[i].id())
    }

    pub fn outlet_page(&self, i: usize) -> Page {
        self.reads_lists(At::Outlet(i));
        Page::Outlet(self.briefing.outlets[i].id(), 1)
    }

    pub fn actor_link(&self, i: usize) -> ActorLink<'a> {
        self.reads_actor(i);
        let actor = self.items.actor(i);
        ActorLink {
            name: actor.name,
            url: self.rooted(actor.url),
            kind: actor.kind,
            role: actor.role,
        }
    }

    pub fn actor_links(&self, actors: &[usize]) -> Vec<ActorLink<'a>> {
        actors.iter().map(|&i| self.actor_link(i)).collect()
    }

    pub fn card(&self, i: usize) -> ArticleCard<'a> {
        self.reads_article(i);
        self.reads_lists(At::Article(i));
        let linked = &self.briefing.articles[i];
        let a = &linked.article;
        let texts = self.items.article(i);
        ArticleCard {
            key: texts.key,
            title: &a.title,
            url: self.rooted(texts.url),
            date: texts.date,
            date_display: texts.date_display,
            source: a.source.as_deref(),
            outlet_url: linked.outlet.map(|o| self.outlet_href(o)),
            summary: &a.summary,
            actors: self.actor_links(&linked.actors),
            draft: a.draft,
        }
    }

    /// Article `i` as the article before or after the page's own: a link
    /// when that is all the page shows of it (see [`MadeOnce`]), else its
    /// card. It reads what its card reads either way.
    pub fn neighbour(&self, i: usize) -> Neighbour<'a> {
        if !self.made.neighbours_linked {
            return Neighbour::Card(self.card(i));
        }
        self.reads_card(i);
        let texts = self.items.article(i);
        Neighbour::Link(NeighbourLink {
            title: texts.title,
            url: self.rooted(texts.url),
            date_display: texts.date_display,
        })
    }

    /// Records what article `i`'s card reads: the article, its lists, its
    /// outlet's list and its actors.
    fn reads_card(&self, i: usize) {
        self.reads_article(i);
        self.reads_lists(At::Article(i));
        let linked = &self.briefing.articles[i];
        if let Some(o) = linked.outlet {
            self.reads_lists(At::Outlet(o));
        }
        for &x in &linked.actors {
            self.reads_actor(x);
        }
    }

    /// Articles `articles` as a list shows them, their titles headings of
    /// `level`. When lists show cards by their HTML, a card whose shape was
    /// rendered is filled in from its article's texts (see
    /// [`View::split_card`]) without making its [`ArticleCard`].
    pub fn listed_cards(&self, articles: &[usize], level: u8) -> Vec<Listed<ArticleCard<'a>>> {
        let Some(cards) = &self.made.cards else {
            return articles
                .iter()
                .map(|&i| Listed::Fields(self.card(i)))
                .collect();
        };
        let ahead = &mut Ahead::new();
        self.items
            .read_ahead_articles(ahead, articles.iter().copied());
        let (mut shape, mut texts) = (String::new(), Vec::new());
        let listed = |&i: &usize| {
            shape.clear();
            texts.clear();
            let text_bytes = self.split_card(i, &mut shape, &mut texts);
            #[cfg(debug_assertions)]
            self.assert_split_as_card(i, &shape, &texts);
            let fill = |marked: &Marked| {
                marked.fill_with(text_bytes, |place, out| {
                    if let Some(&text) = texts.get(usize::from(place)) {
                        self.write_card_text(text, out);
                    }
                })
            };
            match cards.filled_by((CardKind::Article, level), &shape, fill) {
                Some(Some(html)) => Listed::Html { html },
                _ => self.listed(level, self.card(i)),
            }
        };
        articles.iter().map(listed).collect()
    }

    /// Article `i`'s card split as [`ShapeWriter`] splits [`View::card`]'s
    /// [`ArticleCard`], field by field in its order: its shape key into
    /// `shape`, and where each text that is not empty comes from into
    /// `texts`, recording what the card reads; gives about how many bytes
    /// the texts are. An article's card is on a dozen pages: its texts'
    /// escaping is known from [`ItemTexts`], and only the texts the card
    /// shows are written, into the card itself (see [`CardText`]).
    fn split_card(&self, i: usize, shape: &mut String, texts: &mut Vec<CardText<'a>>) -> usize {
        self.reads_article(i);
        self.reads_lists(At::Article(i));
        let items = self.items;
        let article = items.article(i);
        let plain = article.plain;
        let mut bytes = 0;
        let mut split = |text: CardText<'a>, shape: &mut String| {
            let (CardText::Text(written, _) | CardText::Link(written, _)) = text;
            let empty = match text {
                CardText::Text(..) => written.is_empty(),
                CardText::Link(..) => self.link_is_empty(written),
            };
            if empty {
                shape.push('E');
            } else {
                shape.push('T');
                bytes += written.len();
                texts.push(text);
            }
        };
        shape.push('{');
        split(CardText::Text(article.key, plain.has(Plain::KEY)), shape);
        split(
            CardText::Text(article.title, plain.has(Plain::TITLE)),
            shape,
        );
        split(CardText::Link(article.url, plain.has(Plain::URL)), shape);
        split(CardText::Text(article.date, plain.has(Plain::DATE)), shape);
        split(
            CardText::Text(article.date_display, plain.has(Plain::DATE_DISPLAY)),
            shape,
        );
        match article.source {
            Some(source) => split(CardText::Text(source, plain.has(Plain::SOURCE)), shape),
            None => shape.push('N'),
        }
        match article.outlet {
            Some(o) => {
                self.reads_lists(At::Outlet(o));
                split(
                    CardText::Link(&items.outlets[o], items.outlets_plain[o]),
                    shape,
                );
            }
            None => shape.push('N'),
        }
        split(
            CardText::Text(article.summary, plain.has(Plain::SUMMARY)),
            shape,
        );
        shape.push('[');
        for &x in article.actors {
            self.reads_actor(x);
            let actor = items.actor(x);
            let plain = actor.plain;
            shape.push('{');
            split(CardText::Text(actor.name, plain.has(Plain::NAME)), shape);
            split(CardText::Link(actor.url, plain.has(Plain::URL)), shape);
            split(CardText::Text(actor.kind, plain.has(Plain::KIND)), shape);
            match actor.role {
                Some(role) => split(CardText::Text(role, plain.has(Plain::ROLE)), shape),
                None => shape.push('N'),
            }
            shape.push('}');
        }
        shape.push(']');
        shape.push(if article.draft { 't' } else { 'f' });
        shape.push('}');
        bytes
    }

    /// Checks that [`View::split_card`] splits article `i`'s card as its
    /// [`ArticleCard`] is split.
    #[cfg(debug_assertions)]
    fn assert_split_as_card(&self, i: usize, shape: &str, texts: &[CardText<'a>]) {
        let mut by_fields = ShapeWriter::default();
        if self.card(i).serialize(&mut by_fields).is_ok() {
            assert_eq!(shape, by_fields.shape);
            let written: Vec<String> = texts
                .iter()
                .map(|&text| {
                    let mut out = String::new();
                    self.write_card_text(text, &mut out);
                    out
                })
                .collect();
            let by_fields: Vec<&str> = (0..by_fields.texts.ends.len())
                .map(|k| by_fields.texts.text(k))
                .collect();
            assert_eq!(written, by_fields);
        }
    }

    /// `text` written at the end of `out`, escaped.
    fn write_card_text(&self, text: CardText, out: &mut String) {
        match text {
            CardText::Text(text, plain) => write_escaped(text, plain, out),
            CardText::Link(from_top, plain) => self.write_rooted(from_top, plain, out),
        }
    }

    /// Whether the link from this page to `from_top` is empty: a link
    /// relative to the page never is (`./` to itself).
    fn link_is_empty(&self, from_top: &str) -> bool {
        self.here.is_none() && self.root.is_empty() && from_top.is_empty()
    }

    /// A link from this page to the page whose address from the top is
    /// `from_top`, escaped, written at the end of `out`; `plain` when the
    /// address escapes to itself (a link from a page's folders is then
    /// `../` and the end of the address, which need no escaping either).
    fn write_rooted(&self, from_top: &str, plain: bool, out: &mut String) {
        match &self.here {
            Some(here) if plain => here.link_into(from_top, out),
            None if plain && crate::text::escapes_to_itself(&self.root) => {
                out.push_str(&self.root);
                out.push_str(from_top);
            }
            _ => crate::text::escape_html_into(&self.rooted(from_top), out),
        }
    }

    /// Events `events` as a list shows them, their titles headings of
    /// `level`.
    pub fn listed_event_cards(&self, events: &[usize], level: u8) -> Vec<Listed<EventCard<'a>>> {
        self.items.read_ahead_events(events);
        let listed = |&i: &usize| self.listed(level, self.event_card(i));
        events.iter().map(listed).collect()
    }

    /// Statements `statements` as a list shows them, naming who said them
    /// when `speaker`.
    pub fn listed_quote_cards(
        &self,
        statements: &[usize],
        speaker: bool,
    ) -> Vec<Listed<QuoteCard<'a>>> {
        self.read_ahead_quotes(statements);
        let setting = u8::from(speaker);
        let listed = |&s: &usize| self.listed(setting, self.quote_card(s));
        statements.iter().map(listed).collect()
    }

    /// `card` as a list shows it: when lists show cards by their HTML, the
    /// card of its shape filled in with its texts (see [`Cards`]).
    fn listed<T: Card>(&self, setting: u8, card: T) -> Listed<T> {
        let kind = T::KIND;
        let Some(cards) = &self.made.cards else {
            return Listed::Fields(card);
        };
        let mut writer = ShapeWriter::take();
        if card.serialize(&mut writer).is_err() {
            writer.give_back();
            return Listed::Fields(card);
        }
        let found = match cards.filled((kind, setting), &writer.shape, &writer.texts) {
            Some(found) => found,
            None => {
                let mut json = ShapeWriter {
                    json: true,
                    ..ShapeWriter::default()
                };
                let marked = card
                    .serialize(&mut json)
                    .ok()
                    .and_then(|()| serde_json::from_str::<serde_json::Value>(&json.shape).ok())
                    .and_then(|shape| {
                        let html = self.render_card(kind, setting, &shape);
                        Marked::parse(&html, writer.texts.ends.len())
                    });
                let html = marked.as_ref().map(|marked| marked.fill(&writer.texts));
                cards.keep((kind, setting), &writer.shape, marked);
                html
            }
        };
        writer.give_back();
        let html = found.unwrap_or_else(|| self.render_card(kind, setting, &card));
        Listed::Html { html }
    }

    /// `card` rendered by its template on its own; empty, with the problem
    /// kept for [`View::take_problem`], when the template fails.
    fn render_card(&self, kind: CardKind, setting: u8, card: &impl Serialize) -> String {
        let mut context = tera::Context::new();
        context.insert(kind.variable(), card);
        match kind.setting() {
            "level" => context.insert("level", &setting),
            name => context.insert(name, &(setting != 0)),
        }
        match self.templates.render(kind.template(), &context) {
            Ok(html) => html,
            Err(problem) => {
                self.problem.borrow_mut().get_or_insert(problem.0);
                String::new()
            }
        }
    }

    pub fn event_card(&self, i: usize) -> EventCard<'a> {
        self.reads_event(i);
        self.reads_lists(At::Event(i));
        let texts = self.items.event(i);
        EventCard {
            key: texts.key,
            title: texts.title,
            url: self.rooted(texts.url),
            date: texts.date,
            date_display: texts.date_display,
            end_date_display: texts.end_date_display,
            place: texts.place,
            article_count: texts.article_count,
        }
    }

    pub fn event_cards(&self, events: &[usize]) -> Vec<EventCard<'a>> {
        events.iter().map(|&i| self.event_card(i)).collect()
    }

    /// Who said statement `s`: its actor's name, else the speaker its
    /// first copy names (empty when it names none).
    pub fn speaker_name(&self, s: usize) -> &'a str {
        let b = self.briefing;
        let statement = &b.statements[s];
        match statement.actor {
            Some(actor) => &b.actors[actor].actor.name,
            None => {
                let q = &statement.sources[0];
                b.articles[q.article].article.quotes[q.index]
                    .speaker
                    .as_deref()
                    .unwrap_or("")
            }
        }
    }

    /// Reads ahead (see [`Ahead`]) what the cards of `statements` read: each
    /// statement, its copies' words and context, its sources' texts.
    fn read_ahead_quotes(&self, statements: &[usize]) {
        let b = self.briefing;
        let mut ahead = Ahead::new();
        for statement in statements.iter().filter_map(|&s| b.statements.get(s)) {
            for q in &statement.sources {
                let quote = b
                    .articles
                    .get(q.article)
                    .and_then(|a| a.article.quotes.get(q.index));
                if let Some(quote) = quote {
                    ahead.start_of(&quote.text);
                    ahead.start_of(quote.context.as_deref().unwrap_or_default());
                }
            }
            let sources = statement.sources.iter().map(|q| q.article);
            self.items.read_ahead_articles(&mut ahead, sources);
        }
    }

    /// Statement `s` as a card.
    pub fn quote_card(&self, s: usize) -> QuoteCard<'a> {
        let b = self.briefing;
        let statement = &b.statements[s];
        let quote = |q: &QuoteRef| &b.articles[q.article].article.quotes[q.index];
        let first = quote(&statement.sources[0]);
        let speaker = Speaker {
            name: self.speaker_name(s),
            url: statement.actor.map(|actor| {
                self.reads_actor(actor);
                self.actor_href(actor)
            }),
        };
        let context = first.context.as_deref().or_else(|| {
            statement
                .sources
                .iter()
                .find_map(|q| quote(q).context.as_deref())
        });
        QuoteCard {
            text: &first.text,
            context: context.and_then(|c| context_around(c, &first.text)),
            speaker,
            said: statement.said.iso(),
            said_display: said_display(self.i18n(), statement.said),
            said_given: statement.said_given,
            via: first.via.as_deref(),
            disputed: statement
                .sources
                .iter()
                .find_map(|q| quote(q).disputed.as_deref()),
            sources: statement
                .sources
                .iter()
                .map(|q| self.source(q.article))
                .collect(),
        }
    }

    /// Article `i` as the source of a quote.
    pub fn source(&self, i: usize) -> Source<'a> {
        self.reads_article(i);
        let texts = self.items.article(i);
        Source {
            name: texts.source.unwrap_or(texts.title),
            title: texts.title,
            url: self.rooted(texts.url),
            date_display: texts.date_display,
        }
    }

    /// Markdown with actor mentions linked relative to this page; `own`,
    /// the actor whose page this is, is not linked.
    pub fn markdown(&self, text: &str, own: Option<usize>) -> String {
        self.markdown_keeping_text(text, own, false)
    }

    /// An article's body as [`View::markdown`] renders it; the plain text
    /// the same parse reads, when it can, is kept for the search index
    /// (see [`View::take_body_text`]), which then parses the body no more.
    pub fn article_markdown(&self, body: &str) -> String {
        self.markdown_keeping_text(body, None, true)
    }

    /// The pages the sitemap lists, made by `make` for the first page of
    /// the build that asks (see [`MadeOnce::sitemap_pages`]).
    pub fn sitemap_pages(
        &self,
        make: impl FnOnce() -> Vec<(Page, Option<NaiveDate>)>,
    ) -> &[(Page, Option<NaiveDate>)] {
        self.made.sitemap_pages.get_or_init(make)
    }

    /// The plain text [`View::article_markdown`] kept.
    pub fn take_body_text(&self) -> Option<String> {
        self.body_text.take()
    }

    fn markdown_keeping_text(&self, text: &str, own: Option<usize>, keep: bool) -> String {
        self.reads_actor_names();
        let href = |actor: usize| self.actor_href(actor);
        let linking = Linking {
            linker: &self.briefing.linker,
            href: &href,
            own,
        };
        if !keep {
            return markdown::to_html(text, Some(&linking));
        }
        let (html, plain) = markdown::to_html_and_text(text, Some(&linking));
        *self.body_text.borrow_mut() = plain;
        html
    }

    pub fn month_link(&self, i: usize) -> MonthLink {
        self.reads_lists(At::Month(i));
        let m = &self.briefing.months[i];
        MonthLink {
            name: self.i18n().month_title(m.year, m.month),
            key: format!("{}-{:02}", m.year, m.month),
            month_name: self.i18n().month_name(m.month),
            year: m.year,
            url: self.href(&Page::Month(m.year, m.month, 1)),
            article_count: m.days.iter().map(|d| d.articles.len()).sum(),
            event_count: m.days.iter().map(|d| d.events.len()).sum(),
        }
    }

    /// What the links of the events' chart depend on: a link to
    /// `events/SLUG/` from a page made relative to it depends only on the
    /// first two folders of the page's own and on how deep it is (so the
    /// pages `events/page/N/` share one chart); an absolute link, on `root`.
    fn events_chart_key(&self) -> String {
        match &self.here {
            Some(here) => {
                let first_two: Vec<&str> = here.path.split('/').take(2).collect();
                format!("{} {}", here.depth, first_two.join("/"))
            }
            None => format!("root {}", self.root),
        }
    }

    /// Every event as a dot on a time line, each a link to its page; made
    /// once for all the pages whose links to the events are the same (see
    /// [`EventsCharts`]).
    pub fn events_chart(&self) -> String {
        self.reads_counts();
        let events = &self.briefing.events;
        for i in 0..events.len() {
            self.reads_event(i);
        }
        let key = self.events_chart_key();
        if let Some(chart) = self.made.events_charts.get(&key) {
            return chart;
        }
        let dots: Vec<(NaiveDate, &str, String)> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.event.date, e.event.title.as_str(), self.event_href(i)))
            .collect();
        let chart = charts::events_on_axis(self.i18n(), &self.i18n().get("event.chart"), &dots);
        self.made.events_charts.keep(&key, &chart);
        chart
    }

    /// Links to the other pages of a list of `total_items`, from page
    /// `current`; `page_of` names page n of the list.
    pub fn pagination(
        &self,
        total_items: usize,
        current: usize,
        page_of: impl Fn(usize) -> Page,
    ) -> Pagination {
        let per_page = self.briefing.config.articles_per_page;
        self.pagination_by(per_page, total_items, current, page_of)
    }

    /// [`View::pagination`] for a list shown `per_page` items to a page.
    pub fn pagination_by(
        &self,
        per_page: usize,
        total_items: usize,
        current: usize,
        page_of: impl Fn(usize) -> Page,
    ) -> Pagination {
        let total = page_count(total_items, per_page);
        Pagination {
            current,
            total,
            previous_url: (current > 1).then(|| self.href(&page_of(current - 1))),
            next_url: (current < total).then(|| self.href(&page_of(current + 1))),
            pages: page_window(current, total)
                .into_iter()
                .map(|p| match p {
                    Some(p) => PageLink {
                        name: p.to_string(),
                        url: (p != current).then(|| self.href(&page_of(p))),
                        current: p == current,
                    },
                    None => PageLink {
                        name: "…".to_string(),
                        url: None,
                        current: false,
                    },
                })
                .collect(),
        }
    }

    /// The articles of page `page` of a list.
    pub fn page_slice<'s, T>(&self, items: &'s [T], page: usize) -> &'s [T] {
        page_slice(items, page, self.briefing.config.articles_per_page)
    }
}

/// The link from the file `from` to the address `to`, both relative to the
/// site's top: up only out of the folders `to` is not in, so a page links
/// its neighbours in the same folder without spelling the folder.
#[cfg(test)]
pub(crate) fn relative(from: &str, to: &str) -> String {
    Folders::of(from).link_to(to)
}

/// The folders a page's file is in, where each of their names ends, and
/// how many they are: worked out once for the page, whose every link
/// starts from them.
struct Folders {
    path: String,
    /// Where each `/` between the folders' names is in `path`.
    slashes: Vec<usize>,
    depth: usize,
}

impl Folders {
    fn of(file: &str) -> Folders {
        let path = folders_of(file);
        let slashes: Vec<usize> = path.match_indices('/').map(|(at, _)| at).collect();
        let depth = if path.is_empty() {
            0
        } else {
            1 + slashes.len()
        };
        Folders {
            path: path.to_string(),
            slashes,
            depth,
        }
    }

    /// The link from a file in these folders to the address `to`, from
    /// the site's top (see [`relative`]).
    fn link_to(&self, to: &str) -> String {
        let mut link = String::new();
        self.link_into(to, &mut link);
        link
    }

    /// [`Folders::link_to`] written at the end of `out`.
    fn link_into(&self, to: &str, out: &mut String) {
        // Read as bytes: a page makes a link for every card, actor and
        // event it lists, and splitting on '/' by `char` was a twentieth of
        // a build.
        let (from_folders, to_folders) = (self.path.as_bytes(), folders_of(to).as_bytes());
        // The folders both paths share are those that end, in both, within
        // the bytes they have alike: at a '/' there, or where the bytes
        // alike end if both paths' folders end or go on with a '/' there.
        // Compared at once, not folder by folder.
        let alike = bytes_alike(from_folders, to_folders);
        let folder_ends = |path: &[u8]| alike == path.len() || path[alike] == b'/';
        let last_end = (folder_ends(from_folders) && folder_ends(to_folders)).then_some(alike);
        let ends = self
            .slashes
            .iter()
            .copied()
            .take_while(|&at| at < alike)
            .chain(last_end);
        let (mut shared, mut shared_bytes) = (0, 0);
        for end in ends {
            if end == shared_bytes {
                // An empty folder name is no folder shared.
                break;
            }
            shared += 1;
            shared_bytes = end + 1;
        }
        let rest = &to[shared_bytes.min(to.len())..];
        let up = self.depth - shared;
        if up == 0 && rest.is_empty() {
            out.push_str("./");
            return;
        }
        out.reserve(3 * up + rest.len());
        match UPS.get(..3 * up) {
            Some(ups) => out.push_str(ups),
            None => (0..up).for_each(|_| out.push_str("../")),
        }
        out.push_str(rest);
    }
}

/// The way up out of as many folders as a page is usually in, of which a
/// link takes the start it needs.
const UPS: &str = "../../../../../../../../";

/// How many bytes `a` and `b` start with alike, compared eight at a time
/// (the folders of a page and of a link share a name or two at most).
fn bytes_alike(a: &[u8], b: &[u8]) -> usize {
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut alike = 0;
    for (a_word, b_word) in a_words.zip(b_words) {
        let word = |bytes: &[u8]| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(bytes);
            u64::from_le_bytes(eight)
        };
        let differ = word(a_word) ^ word(b_word);
        if differ != 0 {
            return alike + differ.trailing_zeros() as usize / 8;
        }
        alike += 8;
    }
    alike
        + a[alike..]
            .iter()
            .zip(&b[alike..])
            .take_while(|(a, b)| a == b)
            .count()
}

/// `text` written at the end of `out`, escaped unless it is `plain` (it
/// escapes to itself).
fn write_escaped(text: &str, plain: bool, out: &mut String) {
    if plain {
        out.push_str(text);
    } else {
        crate::text::escape_html_into(text, out);
    }
}

/// The folders of `path`: all but its last part (a file, or empty for a
/// folder's address).
fn folders_of(path: &str) -> &str {
    path.as_bytes()
        .iter()
        .rposition(|&b| b == b'/')
        .map_or("", |end| &path[..end])
}

/// The items of page `page` (from 1) of a list shown `per_page` to a page.
pub(crate) fn page_slice<T>(items: &[T], page: usize, per_page: usize) -> &[T] {
    let per = per_page.max(1);
    let start = page.saturating_sub(1) * per;
    &items[start.min(items.len())..(start + per).min(items.len())]
}

/// A card shows the quoted words, so their context shows what is around
/// them: the words cut to "…" when the context holds them, and nothing
/// when little more than an attribution is left ("“…,” said Joe Biden.").
fn context_around(context: &str, text: &str) -> Option<String> {
    let text = text.trim();
    let around = match context.find(text).filter(|_| !text.is_empty()) {
        Some(at) => format!("{}…{}", &context[..at], &context[at + text.len()..]),
        None => return Some(context.to_string()),
    };
    let words = around
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    (words >= CONTEXT_WORDS).then_some(around)
}

/// The fewest words a context must add to the quote to be shown with it:
/// "Putin told reporters on Friday" (5) is shown, "said Joe Biden" (3) is not.
const CONTEXT_WORDS: usize = 4;

/// `21 December 2021`, or `March 2022` when only the month is known.
pub(crate) fn said_display(i18n: &Catalogue, said: Said) -> String {
    match said {
        Said::Day(day) => i18n.date(day),
        Said::Month(first) => i18n.month_title(first.year(), first.month()),
    }
}

/// Page numbers to link from page `current` of `total`: the first, the last
/// and two either side of the current one, `None` for each gap between. A
/// list of every page would make each page as long as the number of pages.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    let mut shown: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .filter(|&p| p >= 1 && p <= total)
        .collect();
    shown.dedup();
    let mut window = Vec::with_capacity(shown.len() + 2);
    for (i, &p) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|j| shown[j]) {
            // One page left out is shown rather than a gap as wide as it.
            Some(before) if p == before + 2 => window.push(Some(before + 1)),
            Some(before) if p > before + 2 => window.push(None),
            _ => {}
        }
        window.push(Some(p));
    }
    window
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_written_one_after_another_are_read_back_each_whole() {
        let mut buffer = String::from("before");
        let first = Spans::write(&mut buffer, ["Zelensky’s", "", "talks"]);
        let second = Spans::write(&mut buffer, ["", "Київ"]);
        assert_eq!(buffer, "beforeZelensky’stalksКиїв");
        let read = |spans: Spans<3>| [0, 1, 2].map(|k| spans.get(&buffer, k));
        assert_eq!(read(first), ["Zelensky’s", "", "talks"]);
        assert_eq!([0, 1].map(|k| second.get(&buffer, k)), ["", "Київ"]);
        assert_eq!(first.all(&buffer), "Zelensky’stalks".as_bytes());
        assert_eq!(second.all(&buffer), "Київ".as_bytes());
    }

    /// A card's shape key and texts, as [`View::listed`] looks it up.
    fn key_of(card: &impl Serialize) -> (String, Vec<String>) {
        let mut writer = ShapeWriter::default();
        card.serialize(&mut writer).unwrap();
        let texts = (0..writer.texts.ends.len())
            .map(|k| writer.texts.text(k).to_string())
            .collect();
        (writer.shape, texts)
    }

    #[test]
    fn cards_differing_only_in_texts_share_a_shape_key_and_others_do_not() {
        let card = |place: Option<&'static str>, article_count| EventCard {
            key: "e1",
            title: "Talks <resume>",
            url: "../events/talks/".to_string(),
            date: "2022-03-01",
            date_display: "1 March 2022",
            end_date_display: None,
            place,
            article_count,
        };
        let (shape, texts) = key_of(&card(Some("Minsk"), 12));
        assert_eq!(shape, "{TTTTTNT12;}");
        assert_eq!(texts[1], "Talks &lt;resume&gt;");
        assert_eq!(texts[5], "Minsk");
        let other_texts = EventCard {
            title: "Other",
            ..card(Some("Geneva"), 12)
        };
        assert_eq!(key_of(&other_texts).0, shape);
        for different in [card(None, 12), card(Some(""), 12), card(Some("Minsk"), 1)] {
            assert_ne!(key_of(&different).0, shape);
        }
    }

    #[test]
    fn links_go_up_only_out_of_the_folders_they_leave() {
        let article = "articles/a/index.html";
        assert_eq!(
            relative(article, "articles/b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative(article, "actors/x/index.html"),
            "../../actors/x/index.html"
        );
        assert_eq!(
            relative("index.html", "actors/index.html"),
            "actors/index.html"
        );
        assert_eq!(
            relative("actors/index.html", "actors/x/index.html"),
            "x/index.html"
        );
        assert_eq!(
            relative(
                "timeline/2022-12/index.html",
                "timeline/2022-12/page/2/index.html"
            ),
            "page/2/index.html"
        );
        assert_eq!(
            relative("actors/x/page/2/index.html", "actors/x/"),
            "../../"
        );
        assert_eq!(
            relative("actors/x/page/2/index.html", "actors/y/"),
            "../../../y/"
        );
        assert_eq!(relative("index.html", ""), "./");
        assert_eq!(relative("actors/x/index.html", "actors/x/"), "./");
        assert_eq!(relative(article, ""), "../../");
        assert_eq!(
            relative("actors/ab/index.html", "actors/abc/index.html"),
            "../abc/index.html"
        );
        // Deeper than the ways up kept written out, and alike for more
        // than eight bytes.
        assert_eq!(
            relative("a/b/c/d/e/f/g/h/i/index.html", "z/"),
            "../".repeat(9) + "z/"
        );
        assert_eq!(
            relative("timeline/2022-12/page/2/index.html", "timeline/2022-11/"),
            "../../../2022-11/"
        );
    }

    /// [`relative`] as its doc says it, one folder name at a time.
    fn relative_by_folders(from: &str, to: &str) -> String {
        let folders = |path: &str| -> Vec<String> {
            let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
            parts.pop();
            parts
        };
        let (from_folders, to_folders) = (folders(from), folders(to));
        let shared = from_folders
            .iter()
            .zip(&to_folders)
            .take_while(|(a, b)| a == b && !a.is_empty())
            .count();
        let rest: Vec<&str> = to.split('/').skip(shared).collect();
        let link = "../".repeat(from_folders.len() - shared) + &rest.join("/");
        if link.is_empty() {
            "./".to_string()
        } else {
            link
        }
    }

    proptest::proptest! {
        #[test]
        fn links_match_going_up_folder_by_folder(
            from in "([ab]{1,2}/){0,4}[ab.]{0,3}",
            to in "([ab]{1,2}/){0,4}[ab.]{0,3}",
        ) {
            proptest::prop_assert_eq!(relative(&from, &to), relative_by_folders(&from, &to));
        }
    }

    #[test]
    fn a_cards_context_cuts_out_the_words_it_shows() {
        assert_eq!(
            context_around(
                "Later on Tuesday, Trump said he was more confident. “Russia wants to do something,” Trump told reporters.",
                "Russia wants to do something"
            )
            .as_deref(),
            Some("Later on Tuesday, Trump said he was more confident. “…,” Trump told reporters.")
        );
        assert_eq!(
            context_around(
                "“There’s one way for this war to end — the rational way,” said Joe Biden.",
                "There’s one way for this war to end — the rational way"
            ),
            None
        );
        assert_eq!(
            context_around(
                "Blinken said at a forum hosted by The Washington Post:",
                "If countries…"
            )
            .as_deref(),
            Some("Blinken said at a forum hosted by The Washington Post:")
        );
    }

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(2, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(1, 500),
            [Some(1), Some(2), Some(3), None, Some(500)]
        );
        assert_eq!(
            page_window(250, 500),
            [
                Some(1),
                None,
                Some(248),
                Some(249),
                Some(250),
                Some(251),
                Some(252),
                None,
                Some(500)
            ]
        );
        // A gap of one page shows the page instead.
        assert_eq!(
            page_window(5, 7),
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7)
            ]
        );
        assert_eq!(page_window(500, 500).len(), 5);
    }
}
