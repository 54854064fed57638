//! The offline search index: small JavaScript files under `search/` that
//! the page (templates/search.js) loads with script tags as a query needs
//! them, because `fetch` does not work from `file://`. Each file adds one
//! part to `window.BRIEFING_SEARCH`, under its own name:
//!
//! - `meta`: what every query needs: address patterns, outlet names, how
//!   many articles, actors and events there are, the first letters that have
//!   a word list, the first word of each postings file, the common words,
//!   and a filter of the words (see [`KnownWords`]).
//! - `v<hex>`: the indexed words that begin with the letter whose code
//!   point is `hex` (`v78` for `x`), sorted, space-separated. Every ASCII
//!   letter and digit has one, if empty, so a query asks for those with
//!   `meta`, not after it; `meta.vocab` lists the letters that have one. A
//!   query looks its words up here, with their near spellings (one typo in
//!   a word of four letters or more, two from eight), before it asks for
//!   any postings.
//! - `p<i>`: per word, in sorted order from `meta.shards[i]` on,
//!   `[title, near, body, actors, events]`: the articles with the word in
//!   their title, else through an actor, event or quoted speaker of that
//!   name, else in their body (body, quotes, tags, outlet); the actors and
//!   events named by it. Each article is in one list per word, at its best
//!   rank. A file holds about `SHARD_BYTES` of postings, then the rows of
//!   the actors and events its words name that a query shows first (see
//!   [`Inlined`]).
//! - `d<i>`, `a<i>`, `e<i>`: what a result shows of articles (newest first;
//!   with their actors and events), actors (most named first) and events.
//!
//! Why words are split by sorted ranges and listed by first letter: a
//! range keeps the words that share a beginning together (the word being
//! typed reads one or two files) and every file near the same size, where
//! fixed prefixes make `s` ten times `x`. A typo search must see every word
//! that could be one or two edits away, so the lists it scans are by first
//! letter: a typo in the first letter is not forgiven (Lucene's fuzzy
//! queries take a prefix length for the same reason), and one letter's list
//! is a small part of the index.
//!
//! Lists of numbers are gaps from the number before, in base 36. Words found
//! in most articles are listed as `common` and left out of the body lists
//! only: they would match everything and cost most of the bytes.
//!
//! `words` folds case and diacritics and reads dotted abbreviations (`U.S.`)
//! as one word; `templates/search.js` has the same function, so a query is
//! read the way the text was. A hyphenated word is also indexed joined
//! (`cease-fire` as `ceasefire`); the page joins adjacent query words and
//! splits one into two, so `cease-fire`, `cease fire` and `ceasefire` meet.

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::link::{Briefing, LinkedArticle};
use crate::markdown::plain_text;
use crate::render::{Page, Paths};
use crate::text::{fold_char, push_base36, truncate_words};

/// The folder of the index files, at the top of the output.
pub const INDEX_DIR: &str = "search";

/// Characters of plain text kept for snippets, in all: a small site keeps
/// each article whole (its snippets show any match), a big one the first
/// few sentences (a file of 16 articles stays near 11 KB).
const TEXT_BUDGET: usize = 400_000;
/// Per-article bounds on the text kept for snippets.
const TEXT_MIN: usize = 500;
const TEXT_MAX: usize = 20_000;
/// A body word in more than this share of articles is `common` (only with
/// enough articles for the share to mean something).
const COMMON_SHARE: f64 = 0.4;
const COMMON_MIN_ARTICLES: usize = 50;
/// Bytes of postings per `p` file, about (a word's postings are never cut).
const SHARD_BYTES: usize = 32 * 1024;
/// The first letters that have a word list whether or not a word begins
/// with them, in this order: the page asks for these lists before it has
/// read `meta`.
const ALWAYS_LISTED: &str = "0123456789abcdefghijklmnopqrstuvwxyz";

/// The name of the word list of the words that begin with `letter`: `v`
/// and the letter's code point in hexadecimal (`x` is `v78`), which the
/// page works out alone.
fn vocab_part(letter: &str) -> String {
    let code = letter.chars().next().map_or(0, u32::from);
    format!("v{code:x}")
}

/// Articles per `d` file; actors or events per `a` or `e` file.
const DOC_CHUNK: usize = 16;
const ENTITY_CHUNK: usize = 64;
/// Stands for the slug in an article's address.
const SLUG_MARK: &str = "SLUG";
/// Articles prepared at once: bounds the memory the index takes to build.
const BATCH: usize = 1024;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Words of `text`: runs of letters and digits, case and diacritics folded
/// (`Erdoğan` is `erdogan`), possessive `'s` dropped, one letter words
/// skipped; single letters joined by dots are one word (`U.S.` is `us`).
/// `words` in templates/search.js reads text the same way.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_string()));
    out.into_iter()
}

/// Calls `each` with every word of `text`, in order, as [`words`] reads
/// them. The folded text is cut at the characters that can be in no word
/// (all but letters, digits, `'` and `.`) and each piece read on its own,
/// so the work needs buffers the size of a word, not of the text. Most of
/// any text is ASCII: a piece that is all ASCII is found with a table
/// lookup per byte and, when it is one word already in lower case (as most
/// are), passed as a slice of `text`; a piece that folds to ASCII is read
/// byte by byte, its words passed as slices of it.
fn each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut piece = String::new();
    let mut piece_is_ascii = true;
    let mut folded: Vec<char> = Vec::new();
    let mut word = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let class = BYTE_CLASS[usize::from(bytes[i])];
        if class & IN_PIECE != 0 {
            let start = i;
            let mut seen = class;
            i += 1;
            while let Some(&b) = bytes.get(i) {
                let class = BYTE_CLASS[usize::from(b)];
                if class & IN_PIECE == 0 {
                    break;
                }
                seen |= class;
                i += 1;
            }
            let run = &text[start..i];
            // The run is the whole piece unless a character before or
            // after it folds to letters too.
            let whole = piece.is_empty() && bytes.get(i).is_none_or(u8::is_ascii);
            if whole {
                // Most pieces are one word, maybe at the end of a sentence.
                let core = if seen & MARK == 0 {
                    run
                } else {
                    run.trim_end_matches('.')
                };
                if seen & MARK == 0 || core.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    if core.len() > 1 && seen & UPPER == 0 {
                        each(core);
                    } else if core.len() > 1 {
                        word.clear();
                        word.push_str(core);
                        word.make_ascii_lowercase();
                        each(&word);
                    }
                    continue;
                }
                if seen & UPPER == 0 {
                    ascii_piece_words(run, &mut word, &mut each);
                    continue;
                }
            }
            let from = piece.len();
            piece.push_str(run);
            piece[from..].make_ascii_lowercase();
            continue;
        }
        if bytes[i].is_ascii() {
            if !piece.is_empty() {
                flush_piece(&mut piece, &mut piece_is_ascii, &mut word, &mut each);
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        folded.clear();
        fold_char(c, &mut folded);
        for &d in &folded {
            if is_word_char(d) || d == '.' {
                piece.push(d);
                piece_is_ascii &= d.is_ascii();
            } else if !piece.is_empty() {
                flush_piece(&mut piece, &mut piece_is_ascii, &mut word, &mut each);
            }
        }
    }
    if !piece.is_empty() {
        flush_piece(&mut piece, &mut piece_is_ascii, &mut word, &mut each);
    }
}

/// An ASCII byte that can be in a piece of words: a letter, a digit, `'`
/// or `.`.
const IN_PIECE: u8 = 1;
/// An upper-case ASCII letter.
const UPPER: u8 = 2;
/// `'` or `.`, which a piece of one plain word does not hold.
const MARK: u8 = 4;

/// What each byte is to [`each_word`]; 0 for every other byte: other ASCII
/// characters, and every byte of a character beyond ASCII.
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_uppercase() {
            IN_PIECE | UPPER
        } else if c.is_ascii_alphanumeric() {
            IN_PIECE
        } else if c == b'\'' || c == b'.' {
            IN_PIECE | MARK
        } else {
            0
        };
        b += 1;
    }
    class
};

/// Reads the words of `piece`, folded text, and empties it.
fn flush_piece(
    piece: &mut String,
    piece_is_ascii: &mut bool,
    word: &mut String,
    each: &mut impl FnMut(&str),
) {
    if *piece_is_ascii {
        ascii_piece_words(piece, word, each);
    } else {
        let chars: Vec<char> = piece.chars().collect();
        piece_words(&chars, word, each);
    }
    piece.clear();
    *piece_is_ascii = true;
}

/// The words of one piece of folded text that holds only ASCII letters,
/// digits, `'` and `.`, as [`piece_words`] reads them: a word is passed as
/// a slice of `piece`, a dotted abbreviation through `word`.
fn ascii_piece_words(piece: &str, word: &mut String, each: &mut impl FnMut(&str)) {
    let bytes = piece.as_bytes();
    let n = bytes.len();
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'\'';
    let mut i = 0;
    while i < n {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A dotted abbreviation: single letters, each but maybe the last
        // followed by a dot.
        let mut j = i;
        let mut count = 0;
        while j < n && bytes[j].is_ascii_alphabetic() && (j + 1 == n || !is_word_byte(bytes[j + 1]))
        {
            if count == 0 {
                word.clear();
            }
            word.push(char::from(bytes[j]));
            count += 1;
            if j + 1 < n && bytes[j + 1] == b'.' {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        if count >= 2 {
            each(word);
            i = j;
            continue;
        }
        let mut j = i;
        while j < n && is_word_byte(bytes[j]) {
            j += 1;
        }
        let mut w = &bytes[i..j];
        while let [rest @ .., b'\''] = w {
            w = rest;
        }
        if let [rest @ .., b'\'', b's'] = w {
            w = rest;
        }
        if w.len() > 1 {
            each(&piece[i..i + w.len()]);
        }
        i = j;
    }
}

/// The words of one piece of folded text that holds only letters, digits,
/// `'` and `.`, passed to `each` through `word`.
fn piece_words(chars: &[char], word: &mut String, each: &mut impl FnMut(&str)) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        // A dotted abbreviation: single letters, each but maybe the last
        // followed by a dot.
        word.clear();
        let mut j = i;
        let mut count = 0;
        while j < n && chars[j].is_alphabetic() && (j + 1 == n || !is_word_char(chars[j + 1])) {
            word.push(chars[j]);
            count += 1;
            if j + 1 < n && chars[j + 1] == '.' {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        if count >= 2 {
            each(word);
            i = j;
            continue;
        }
        let mut j = i;
        while j < n && is_word_char(chars[j]) {
            j += 1;
        }
        let mut w = &chars[i..j];
        while let [rest @ .., '\''] = w {
            w = rest;
        }
        if let [rest @ .., '\'', 's'] = w {
            w = rest;
        }
        if w.len() > 1 {
            word.clear();
            word.extend(w);
            each(word);
        }
        i = j;
    }
}

/// Hyphenated words of `text` joined, as `words` reads them:
/// `cease-fire` is `ceasefire`, `Erdoğan-led` is `erdoganled`. Only where
/// every part is one word, so `U.S.-led` is `usled` but `a-b` is nothing.
pub fn compounds(text: &str) -> impl Iterator<Item = String> + '_ {
    hyphenated_chunks(text).filter_map(|chunk| {
        let mut joined = String::new();
        let mut parts = 0;
        for part in chunk.split(is_hyphen) {
            let mut found = 0;
            each_word(part, |word| {
                if found == 0 {
                    joined.push_str(word);
                }
                found += 1;
            });
            if found != 1 {
                return None;
            }
            parts += 1;
        }
        (parts >= 2).then_some(joined)
    })
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn ends_chunk(c: char) -> bool {
    c.is_whitespace() || matches!(c, '—' | '–' | '/')
}

/// The pieces of `text` between whitespace, dashes and slashes that hold a
/// hyphen, in order. A body has a few: they are found from the hyphens,
/// looked for byte by byte, rather than by reading every piece.
fn hyphenated_chunks(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + next_hyphen(&text[from..])?;
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| ends_chunk(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..].find(ends_chunk).map_or(text.len(), |i| at + i);
        from = end;
        Some(&text[start..end])
    })
}

/// Where the first hyphen (`-`, U+2010 or U+2011) of `text` is.
fn next_hyphen(text: &str) -> Option<usize> {
    // U+2010 and U+2011 are E2 80 90 and E2 80 91 in UTF-8.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'-', 0xE2, bytes).find(|&at| {
        bytes[at] == b'-' || matches!(bytes.get(at + 1..at + 3), Some([0x80, 0x90 | 0x91]))
    })
}

/// One article, ready to index.
struct Entry {
    title: Vec<String>,
    names: Vec<String>,
    body: WordSet,
    actors: Vec<usize>,
    events: Vec<usize>,
    /// The start of the article's row in a `d` file, as JSON: title, slug,
    /// date, outlet number or -1, text for snippets (its actors and events
    /// follow). Made here, in parallel.
    doc: String,
}

/// What uses one word: articles by rank (title; names, actors, events or a
/// quoted speaker; body), and the actors and events whose names have it.
/// Numbers are `u32`: the lists of every word of every article are the
/// biggest thing an index build holds.
#[derive(Default)]
struct Postings {
    title: Vec<u32>,
    near: Vec<u32>,
    body: Vec<u32>,
    actors: Vec<u32>,
    events: Vec<u32>,
}

impl Postings {
    /// `[title, near, body, actors, events]` as gap lists, trailing empty
    /// lists left out.
    fn to_json(&self) -> String {
        let lists = [
            &self.title,
            &self.near,
            &self.body,
            &self.actors,
            &self.events,
        ];
        let used = lists
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        let mut out = String::from("[");
        for (n, list) in lists[..used].iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(&gaps(list));
            out.push('"');
        }
        out.push(']');
        out
    }

    fn is_empty(&self) -> bool {
        self.title.is_empty()
            && self.near.is_empty()
            && self.body.is_empty()
            && self.actors.is_empty()
            && self.events.is_empty()
    }
}

/// What every query loads first: see the module documentation.
#[derive(Serialize)]
struct Meta {
    /// An article's address is `url[0] + slug + url[1]`.
    url: (String, String),
    /// An actor's address is `actor_url[0] + slug + actor_url[1]`.
    actor_url: (String, String),
    /// An event's address is `event_url[0] + slug + event_url[1]`.
    event_url: (String, String),
    /// Outlet names, which articles refer to by number.
    outlets: Vec<String>,
    /// How many articles, actors and events there are.
    docs: usize,
    actors: usize,
    events: usize,
    /// Articles per `d` file, actors per `a` file, events per `e` file.
    doc_chunk: usize,
    entity_chunk: usize,
    /// The first letters that have a `v` file: every ASCII letter and
    /// digit, then the others words begin with.
    vocab: Vec<String>,
    /// The first word of each `p` file, in sorted order.
    shards: Vec<String>,
    /// Words left out of the body lists because most articles use them.
    common: Vec<String>,
    /// Which words may be indexed (see [`KnownWords`]), when the site's
    /// words are few enough for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    known: Option<KnownWords>,
}

/// The shortest part a query word is split into, as `templates/search.js`
/// splits a word into two indexed ones (its `MIN_PART`).
const SPLIT_PART_MIN: usize = 3;
/// Bits of [`KnownWords`] per word, and bits set per word: about one word
/// in a hundred that is not indexed passes.
const KNOWN_BITS_PER_WORD: usize = 10;
const KNOWN_HASHES: u32 = 4;
/// The most bits [`KnownWords`] may take (64 KB as hexadecimal, in
/// `meta.js`): a site with more words goes without it.
const KNOWN_MAX_BITS: usize = 1 << 18;

/// A Bloom filter of the indexed words of [`SPLIT_PART_MIN`] characters or
/// more, in `meta.js`. To find a query word split in two (`ceasefire` for
/// `cease fire`), the page needs to know whether the second part is a word
/// of the index; that part may begin with any letter, so the page asked for
/// the word list of each letter it could begin with, a script each (2.5 ms
/// apiece from disk in Chromium, whatever its size). The filter answers
/// from `meta.js`, which the query loads anyway; a part that passes by
/// chance is dropped once its postings file, which it is looked up in,
/// shows it is not there.
#[derive(Serialize)]
struct KnownWords {
    /// How many bits: bit `b` is bit `b % 32` of the `b / 32`-th 32-bit
    /// number of `hex`.
    bits: usize,
    /// The bits, as 32-bit numbers in hexadecimal, eight digits each.
    hex: String,
}

impl KnownWords {
    /// The filter of `words`, or `None` when it would take more than
    /// [`KNOWN_MAX_BITS`].
    fn of<'w>(words: impl Iterator<Item = &'w str> + Clone) -> Option<KnownWords> {
        let long = || {
            words
                .clone()
                .filter(|w| w.chars().count() >= SPLIT_PART_MIN)
        };
        let bits = (long().count() * KNOWN_BITS_PER_WORD)
            .max(32)
            .next_multiple_of(32);
        if bits > KNOWN_MAX_BITS {
            return None;
        }
        let mut numbers = vec![0u32; bits / 32];
        for word in long() {
            for b in known_bits(word, bits) {
                numbers[b / 32] |= 1 << (b % 32);
            }
        }
        let mut hex = String::with_capacity(numbers.len() * 8);
        for n in numbers {
            hex.push_str(&format!("{n:08x}"));
        }
        Some(KnownWords { bits, hex })
    }
}

/// The bits of `word` in a [`KnownWords`] of `bits` bits: FNV-1a over its
/// UTF-16 code units, and a second hash mixed from it, combined as
/// `h1 + k * h2` for each of [`KNOWN_HASHES`] (`templates/search.js` does
/// the same, in 32-bit arithmetic).
fn known_bits(word: &str, bits: usize) -> impl Iterator<Item = usize> {
    let h1 = word.encode_utf16().fold(2_166_136_261u32, |h, unit| {
        (h ^ u32::from(unit)).wrapping_mul(16_777_619)
    });
    let h2 = ((h1 ^ (h1 >> 15)).wrapping_mul(0x2c1b_3c6d)) | 1;
    (0..KNOWN_HASHES).map(move |k| (h1.wrapping_add(k.wrapping_mul(h2)) as usize) % bits)
}

/// The index files for `briefing`: names relative to the output's top
/// (all under [`INDEX_DIR`]) and contents.
pub fn index_files(briefing: &Briefing, paths: &Paths) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let kept = write_index_files(briefing, paths, |name, text| {
        files.push((name, text));
        Ok::<(), std::convert::Infallible>(())
    });
    match kept {
        Ok(()) => files,
        Err(never) => match never {},
    }
}

/// Makes the index files for `briefing` as [`index_files`] does, handing
/// each to `put` as soon as it is made, so that a build does not hold them
/// all (8 MB at 10,000 articles) beside the site while it renders; stops at
/// `put`'s first error.
pub fn write_index_files<E: Send>(
    briefing: &Briefing,
    paths: &Paths,
    put: impl FnMut(String, String) -> Result<(), E> + Send,
) -> Result<(), E> {
    write_index_files_reading(briefing, paths, put, |_, _| Ok(None))
}

/// Makes the index files as [`write_index_files`] does, and hands each
/// article's body, as the index reads it, to `with_body` (with the
/// article's number, or the problem met reading it), so that a build that
/// renders the article's page there reads each body once. Bodies are read
/// in batches of [`BATCH`] articles in order, in parallel within a batch,
/// so `with_body` is called from several threads; the index stops at its
/// first error as at `put`'s. `with_body` may give back the body's plain
/// text (as [`plain_text`] reads it) when it parsed the body anyway.
pub fn write_index_files_reading<E: Send>(
    briefing: &Briefing,
    paths: &Paths,
    mut put: impl FnMut(String, String) -> Result<(), E> + Send,
    with_body: impl Fn(usize, Result<&str, Diagnostic>) -> Result<Option<String>, E> + Sync,
) -> Result<(), E> {
    let count = briefing.articles.len();
    let text_chars = (TEXT_BUDGET / count.max(1)).clamp(TEXT_MIN, TEXT_MAX);
    let mut put_part = |name: &str, data: &str| {
        let (path, text) = part(name, data);
        put(path, text)
    };
    // The articles of each actor and event, known before any body is read,
    // so that actors are numbered and each `d` file written as its rows
    // are made rather than all rows held until the end.
    let mut actor_docs: Vec<Vec<u32>> = vec![Vec::new(); briefing.actors.len()];
    let mut event_docs: Vec<Vec<u32>> = vec![Vec::new(); briefing.events.len()];
    for (i, linked) in (0u32..).zip(&briefing.articles) {
        for a in article_actors(linked) {
            actor_docs[a].push(i);
        }
        for x in article_events(linked) {
            event_docs[x].push(i);
        }
    }
    // Actors are numbered by how many articles name them, most first, so
    // that the page ranks actor results by number alone.
    let mut actor_order: Vec<usize> = (0..briefing.actors.len()).collect();
    actor_order.sort_by_key(|&a| std::cmp::Reverse(actor_docs[a].len()));
    let mut actor_id = vec![0; briefing.actors.len()];
    for (id, &a) in actor_order.iter().enumerate() {
        actor_id[a] = id;
    }
    let mut gathered = Gathered::default();
    // One batch's entries are indexed, in order, while the next batch's
    // are made: the indexing, which cannot be shared out, does not leave
    // the other threads waiting.
    let mut made: Vec<Entry> = Vec::new();
    let mut made_from = 0;
    for start in (0..count).step_by(BATCH) {
        let (indexed, making) = rayon::join(
            || gathered.add(made, made_from, &actor_id, &mut put_part),
            || {
                (start..count.min(start + BATCH))
                    .into_par_iter()
                    .map(|i| {
                        let body = briefing.articles[i].body();
                        // A body that cannot be read fails the build on
                        // its article's page, so the index need not say
                        // so too.
                        let read = with_body(i, body.as_deref().map_err(Clone::clone))?;
                        let text = read
                            .unwrap_or_else(|| body.as_deref().map(plain_text).unwrap_or_default());
                        Ok(entry(briefing, text_chars, i, &text))
                    })
                    .collect::<Result<Vec<Entry>, E>>()
            },
        );
        indexed?;
        made = making?;
        made_from = start as u32;
    }
    gathered.add(made, made_from, &actor_id, &mut put_part)?;
    let Gathered {
        mut words_to,
        mut rows,
        rows_held,
        doc_files,
    } = gathered;
    if rows_held > 0 {
        rows.push(']');
        put_part(&format!("d{doc_files}"), &rows)?;
    }
    drop(rows);
    let mut common: Vec<String> = Vec::new();
    if count >= COMMON_MIN_ARTICLES {
        let limit = (count as f64 * COMMON_SHARE) as usize;
        for (word, postings) in &mut words_to {
            if postings.body.len() > limit {
                // The longest lists of all: their room is freed, not kept.
                postings.body = Vec::new();
                common.push(word.clone());
            }
        }
    }
    common.sort_unstable_by(|a, b| utf16_order(a, b));

    for &a in &actor_order {
        let actor = &briefing.actors[a].actor;
        let mut names: Vec<String> = words(&actor.name).chain(compounds(&actor.name)).collect();
        for alias in &actor.aliases {
            names.extend(words(&alias.name).chain(compounds(&alias.name)));
        }
        names.sort_unstable();
        names.dedup();
        for w in &names {
            add_posting(&mut words_to, w, |p| &mut p.actors, actor_id[a] as u32);
        }
    }
    for (x, e) in briefing.events.iter().enumerate() {
        let mut names: Vec<String> = words(&e.event.title)
            .chain(compounds(&e.event.title))
            .collect();
        names.sort_unstable();
        names.dedup();
        for w in &names {
            add_posting(&mut words_to, w, |p| &mut p.events, x as u32);
        }
    }
    // Each article is listed once per word, at its best rank.
    words_to.par_iter_mut().for_each(|(_, p)| {
        for &a in &p.actors {
            p.near.extend(&actor_docs[actor_order[a as usize]]);
        }
        for &x in &p.events {
            p.near.extend(&event_docs[x as usize]);
        }
        p.near.sort_unstable();
        p.near.dedup();
        p.near.retain(|d| p.title.binary_search(d).is_err());
        let (title, near) = (&p.title, &p.near);
        p.body
            .retain(|d| title.binary_search(d).is_err() && near.binary_search(d).is_err());
    });
    let mut words_sorted: Vec<(String, Postings)> = words_to
        .into_iter()
        .filter(|(_, p)| !p.is_empty())
        .collect();
    words_sorted.par_sort_unstable_by(|a, b| utf16_order(&a.0, &b.0));

    // One word list per first letter, named after the letter (see
    // [`vocab_part`]); every letter and digit of ASCII has one, empty when
    // no word begins with it, so that the page can ask for it together
    // with `meta` instead of after it.
    let mut vocab: Vec<String> = ALWAYS_LISTED.chars().map(String::from).collect();
    let mut lists: Vec<String> = vec![String::new(); vocab.len()];
    for (word, _) in &words_sorted {
        let Some(letter) = word.chars().next() else {
            continue;
        };
        let k = match ALWAYS_LISTED.find(letter) {
            Some(k) => k,
            None if vocab.last().is_some_and(|l| l.starts_with(letter)) => vocab.len() - 1,
            None => {
                vocab.push(letter.to_string());
                lists.push(String::new());
                vocab.len() - 1
            }
        };
        let list = &mut lists[k];
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(word);
    }
    for (letter, list) in vocab.iter().zip(&lists) {
        put_part(&vocab_part(letter), &json(list))?;
    }

    let (actor_url, actor_slugs) = url_pattern(actor_order.iter().map(|&a| {
        (
            briefing.actors[a].actor.slug.as_str(),
            paths.url(&Page::Actor(briefing.actors[a].id(), 1)),
        )
    }));
    let actor_rows: Vec<String> = actor_order
        .iter()
        .zip(&actor_slugs)
        .map(|(&a, slug)| {
            let actor = &briefing.actors[a].actor;
            let mut row = vec![
                json(&actor.name),
                json(slug),
                actor_docs[a].len().to_string(),
            ];
            row.extend(actor.aliases.iter().map(|alias| json(&alias.name)));
            format!("[{}]", row.join(","))
        })
        .collect();
    for (n, chunk) in actor_rows.chunks(ENTITY_CHUNK).enumerate() {
        put_part(&format!("a{n}"), &format!("[{}]", chunk.join(",")))?;
    }
    let (event_url, event_slugs) = url_pattern(
        briefing
            .events
            .iter()
            .map(|e| (e.event.slug.as_str(), paths.url(&Page::Event(e.id())))),
    );
    let event_rows: Vec<String> = briefing
        .events
        .iter()
        .zip(&event_slugs)
        .zip(&event_docs)
        .map(|((e, slug), articles)| {
            format!(
                "[{},{},{},{}]",
                json(&e.event.title),
                json(slug),
                json(&briefing.config.interface.date(e.event.date)),
                articles.len()
            )
        })
        .collect();
    for (n, chunk) in event_rows.chunks(ENTITY_CHUNK).enumerate() {
        put_part(&format!("e{n}"), &format!("[{}]", chunk.join(",")))?;
    }

    let known = KnownWords::of(words_sorted.iter().map(|(word, _)| word.as_str()));
    // The rows of the actors and events a query shows first go with the
    // words that name them (see [`Inlined`]).
    let mut shards: Vec<String> = Vec::new();
    let mut shard = String::new();
    let mut inlined = Inlined::default();
    // Each word's postings are let go of as they are written out.
    for (word, postings) in words_sorted {
        let item = format!("{}:{}", json(&word), postings.to_json());
        if !shard.is_empty() && shard.len() + item.len() > SHARD_BYTES {
            inlined.close(&mut shard);
            put_part(&format!("p{}", shards.len() - 1), &shard)?;
            shard.clear();
        }
        if shard.is_empty() {
            shards.push(word);
            shard.push('{');
        } else {
            shard.push(',');
        }
        shard.push_str(&item);
        inlined.add(&postings, &actor_rows, &event_rows);
    }
    if !shard.is_empty() {
        inlined.close(&mut shard);
        put_part(&format!("p{}", shards.len() - 1), &shard)?;
    }

    let pattern = paths.article_url(SLUG_MARK);
    let meta = Meta {
        url: match pattern.split_once(SLUG_MARK) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => ("articles/".to_string(), "/index.html".to_string()),
        },
        actor_url,
        event_url,
        outlets: briefing.outlets.iter().map(|o| o.name.clone()).collect(),
        docs: count,
        actors: briefing.actors.len(),
        events: briefing.events.len(),
        doc_chunk: DOC_CHUNK,
        entity_chunk: ENTITY_CHUNK,
        vocab,
        shards,
        common,
        known,
    };
    put_part(
        "meta",
        &serde_json::to_string(&meta).unwrap_or_else(|_| "{}".into()),
    )
}

/// How many of a word's actors, from the most named, and of its events,
/// from the last, have their rows in its postings file: as many as the
/// page shows for a query of one word (its `MAX_ACTORS` and `MAX_EVENTS`).
const INLINED_ACTORS: usize = 5;
const INLINED_EVENTS: usize = 3;

/// The rows of actors and events that a postings file carries besides its
/// words, under the keys `" a<n>"` and `" e<n>"` (no word has a space):
/// those of the first [`INLINED_ACTORS`] actors and the last
/// [`INLINED_EVENTS`] events of each of its words, each once. A query of one
/// word then shows the actors and events it names without asking for their
/// `a` and `e` files, a script each (2.5 ms apiece from disk in Chromium).
#[derive(Default)]
struct Inlined {
    /// The rows, each `," a<n>":row`, of the file being filled.
    rows: String,
    /// The actors and events whose rows are in `rows`.
    actors: FxHashSet<u32>,
    events: FxHashSet<u32>,
}

impl Inlined {
    /// Adds the rows of the actors and events of `postings`, a word's,
    /// that the file does not carry yet.
    fn add(&mut self, postings: &Postings, actor_rows: &[String], event_rows: &[String]) {
        for &n in postings.actors.iter().take(INLINED_ACTORS) {
            carry(&mut self.rows, &mut self.actors, 'a', n, actor_rows);
        }
        for &n in postings.events.iter().rev().take(INLINED_EVENTS) {
            carry(&mut self.rows, &mut self.events, 'e', n, event_rows);
        }
    }

    /// Ends the postings file `shard` with the rows and starts again.
    fn close(&mut self, shard: &mut String) {
        shard.push_str(&self.rows);
        shard.push('}');
        self.rows.clear();
        self.actors.clear();
        self.events.clear();
    }
}

/// Writes row `n` of `table` into `rows` under the key `" <kind><n>"`,
/// unless `seen` holds it already.
fn carry(rows: &mut String, seen: &mut FxHashSet<u32>, kind: char, n: u32, table: &[String]) {
    if let Some(row) = table.get(n as usize).filter(|_| seen.insert(n)) {
        rows.push_str(&format!(",\" {kind}{n}\":{row}"));
    }
}

/// What the index has gathered of the articles so far: the postings of
/// their words, and the rows of the `d` file being filled.
#[derive(Default)]
struct Gathered {
    words_to: FxHashMap<String, Postings>,
    rows: String,
    rows_held: usize,
    doc_files: usize,
}

impl Gathered {
    /// Adds `entries`, articles `first` on, in order, and writes each `d`
    /// file its rows fill.
    fn add<E>(
        &mut self,
        entries: Vec<Entry>,
        first: u32,
        actor_id: &[usize],
        put_part: &mut impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let words_to = &mut self.words_to;
        for (e, i) in entries.into_iter().zip(first..) {
            for w in &e.title {
                add_posting(words_to, w, |p| &mut p.title, i);
            }
            for w in &e.names {
                add_posting(words_to, w, |p| &mut p.near, i);
            }
            for w in e.body.iter() {
                add_posting(words_to, w, |p| &mut p.body, i);
            }
            let mut actors: Vec<u32> = e.actors.iter().map(|&a| actor_id[a] as u32).collect();
            actors.sort_unstable();
            let events: Vec<u32> = e.events.iter().map(|&x| x as u32).collect();
            self.rows.push(if self.rows_held == 0 { '[' } else { ',' });
            self.rows.push_str(&e.doc);
            self.rows
                .push_str(&format!(",\"{}\",\"{}\"]", gaps(&actors), gaps(&events)));
            self.rows_held += 1;
            if self.rows_held == DOC_CHUNK {
                self.rows.push(']');
                put_part(&format!("d{}", self.doc_files), &self.rows)?;
                self.doc_files += 1;
                self.rows.clear();
                self.rows_held = 0;
            }
        }
        Ok(())
    }
}

/// Strings in the order JavaScript's `<` gives them (by UTF-16 code units),
/// which the page's binary searches rely on.
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `text` as a JSON string.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// One index file: it adds `data` to `window.BRIEFING_SEARCH` as `name`.
fn part(name: &str, data: &str) -> (String, String) {
    const BEFORE: &str = "(window.BRIEFING_SEARCH=window.BRIEFING_SEARCH||{})[\"";
    const BETWEEN: &str = "\"]=";
    const AFTER: &str = ";\n";
    // Made to its size: `format!` would grow it to twice a big part's size
    // for the last two bytes.
    let mut text =
        String::with_capacity(BEFORE.len() + name.len() + BETWEEN.len() + data.len() + AFTER.len());
    for piece in [BEFORE, name, BETWEEN, data, AFTER] {
        text.push_str(piece);
    }
    (format!("{INDEX_DIR}/{name}.js"), text)
}

/// The addresses of pages named by slug as one pattern `(before, after)` and
/// the slug of each, when every address is `before + slug + after`; else
/// `("", "")` and each whole address.
fn url_pattern<'s>(
    pages: impl Iterator<Item = (&'s str, String)>,
) -> ((String, String), Vec<String>) {
    let pages: Vec<(&str, String)> = pages.collect();
    let pattern = pages.first().and_then(|(slug, url)| {
        let (before, after) = url.rsplit_once(slug)?;
        Some((before.to_string(), after.to_string()))
    });
    match pattern {
        Some((before, after))
            if pages
                .iter()
                .all(|(slug, url)| *url == format!("{before}{slug}{after}")) =>
        {
            let slugs = pages.iter().map(|(slug, _)| slug.to_string()).collect();
            ((before, after), slugs)
        }
        _ => (
            (String::new(), String::new()),
            pages.into_iter().map(|(_, url)| url).collect(),
        ),
    }
}

/// The actors an article's results list: those it names and those it
/// quotes, each once, in order.
fn article_actors(linked: &LinkedArticle) -> Vec<usize> {
    let mut actors = linked.actors.clone();
    actors.extend(linked.quote_actors.iter().flatten());
    actors.sort_unstable();
    actors.dedup();
    actors
}

/// The events an article is in, each once, in order.
fn article_events(linked: &LinkedArticle) -> Vec<usize> {
    let mut events = linked.events.clone();
    events.sort_unstable();
    events.dedup();
    events
}

/// Article `i` ready to index, `text` being its body as plain text.
fn entry(briefing: &Briefing, text_chars: usize, i: usize, text: &str) -> Entry {
    let linked = &briefing.articles[i];
    let a = &linked.article;
    let mut title: Vec<String> = words(&a.title).chain(compounds(&a.title)).collect();
    let mut names: Vec<String> = Vec::new();
    let mut body = WordSet::default();
    body.add_words(text);
    body.add_compounds(text);
    for (quote, actor) in a.quotes.iter().zip(&linked.quote_actors) {
        body.add_words(&quote.text);
        body.add_compounds(&quote.text);
        if let (None, Some(speaker)) = (actor, &quote.speaker) {
            names.extend(words(speaker));
        }
    }
    for tag in &a.tags {
        body.add_words(tag);
        body.add_compounds(tag);
    }
    if let Some(source) = &a.source {
        body.add_words(source);
    }
    body.finish();
    for list in [&mut title, &mut names] {
        list.sort_unstable();
        list.dedup();
    }
    let doc = format!(
        "[{},{},{},{},{}",
        json(&a.title),
        json(&a.slug),
        json(&briefing.config.interface.date(linked.when.date)),
        linked.outlet.map_or(-1, |o| o as i64),
        json(&truncate_words(text.trim(), text_chars)),
    );
    Entry {
        title,
        names,
        body,
        actors: article_actors(linked),
        events: article_events(linked),
        doc,
    }
}

/// Adds article, actor or event `n` to the list `list` picks of `word`'s
/// postings, copying the word only when the index does not have it yet.
fn add_posting(
    words_to: &mut FxHashMap<String, Postings>,
    word: &str,
    list: fn(&mut Postings) -> &mut Vec<u32>,
    n: u32,
) {
    match words_to.get_mut(word) {
        Some(postings) => list(postings).push(n),
        None => {
            let mut postings = Postings::default();
            list(&mut postings).push(n);
            words_to.insert(word.to_owned(), postings);
        }
    }
}

/// The distinct words of some texts, in the order first seen, all in one
/// buffer: an article's thousand words cost a few allocations, not one per
/// word, and a batch of articles waiting to be indexed stays small.
#[derive(Default)]
struct WordSet {
    text: String,
    /// Where each word ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
    /// While words are added, an open-addressed table of the words by
    /// hash: each slot holds a word's number plus one, or 0 when free; at
    /// most half the slots are used, so a look-up probes one or two.
    slots: Vec<u32>,
}

/// Slots a word set starts with: room for an article of 256 distinct
/// words before the table grows.
const FIRST_SLOTS: usize = 512;

impl WordSet {
    fn add_words(&mut self, text: &str) {
        each_word(text, |w| self.add(w));
    }

    fn add_compounds(&mut self, text: &str) {
        for w in compounds(text) {
            self.add(&w);
        }
    }

    fn add(&mut self, word: &str) {
        if self.ends.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = FxBuildHasher.hash_one(word) as usize & mask;
        loop {
            match self.slots[at] {
                0 => break,
                k if self.word(k - 1) == word => return,
                _ => at = (at + 1) & mask,
            }
        }
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
        self.slots[at] = self.ends.len() as u32;
    }

    /// Doubles the table and puts every word back in it.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(FIRST_SLOTS);
        let mask = size - 1;
        let mut slots = vec![0; size];
        for k in 0..self.ends.len() as u32 {
            let mut at = FxBuildHasher.hash_one(self.word(k)) as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = k + 1;
        }
        self.slots = slots;
    }

    fn word(&self, k: u32) -> &str {
        let k = k as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }

    /// Lets go of what only adding needs.
    fn finish(&mut self) {
        self.slots = Vec::new();
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|k| self.word(k))
    }
}

/// Numbers in base 36, comma-separated.
fn numbers(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    for (n, &x) in list.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_base36(&mut out, x as u64);
    }
    out
}

/// Article numbers as gaps from the one before, in base 36, comma-separated.
fn gaps(articles: &[u32]) -> String {
    let mut previous = 0;
    let deltas: Vec<u32> = articles
        .iter()
        .map(|&a| {
            let d = a - previous;
            previous = a;
            d
        })
        .collect();
    numbers(&deltas)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words(text).collect()
    }

    #[test]
    fn words_fold_case_diacritics_possessives_and_abbreviations() {
        assert_eq!(
            w("Putin's talks with U.S. officials, Erdoğan’s aide"),
            [
                "putin",
                "talks",
                "with",
                "us",
                "officials",
                "erdogan",
                "aide"
            ]
        );
        assert_eq!(w("Türkiye, TÜRKIYE, Turkiye"), ["turkiye"; 3]);
        assert_eq!(
            w("the U.K. and E.U.-led talks"),
            ["the", "uk", "and", "eu", "led", "talks"]
        );
        assert_eq!(w("Straße Łódź Ørsted"), ["strasse", "lodz", "orsted"]);
        assert_eq!(w("a b. c U.Sarah"), ["sarah"]);
    }

    /// Whether `word` passes `filter`, read as `templates/search.js` reads
    /// it: eight hexadecimal digits a 32-bit number.
    fn passes(filter: &KnownWords, word: &str) -> bool {
        known_bits(word, filter.bits).all(|b| {
            let digits = &filter.hex[b / 32 * 8..b / 32 * 8 + 8];
            u32::from_str_radix(digits, 16).unwrap() >> (b % 32) & 1 == 1
        })
    }

    #[test]
    fn the_known_words_filter_passes_every_word_and_few_others() {
        let words: Vec<String> = (0..5000).map(|n| format!("word{n}")).collect();
        let with_short = words.iter().map(String::as_str).chain(["ab", "x"]);
        let filter = KnownWords::of(with_short).unwrap();
        // Two-letter words are never a split's part: left out.
        assert_eq!(
            filter.bits,
            (5000 * KNOWN_BITS_PER_WORD).next_multiple_of(32)
        );
        assert_eq!(filter.hex.len(), filter.bits / 4);
        assert!(words.iter().all(|w| passes(&filter, w)));
        let others = (0..20_000).filter(|n| passes(&filter, &format!("other{n}")));
        let passed = others.count();
        assert!(passed < 400, "{passed} of 20,000 other words passed");
        // Not ASCII: hashed by UTF-16 code units, as the page reads them.
        let filter = KnownWords::of(["москва", "𝔘nicode"].into_iter()).unwrap();
        assert!(passes(&filter, "москва") && passes(&filter, "𝔘nicode"));
    }

    #[test]
    fn a_site_with_too_many_words_has_no_known_words_filter() {
        let most = KNOWN_MAX_BITS / KNOWN_BITS_PER_WORD;
        let words: Vec<String> = (0..=most).map(|n| format!("word{n}")).collect();
        assert!(KnownWords::of(words[..most].iter().map(String::as_str)).is_some());
        assert!(KnownWords::of(words.iter().map(String::as_str)).is_none());
    }

    #[test]
    fn a_postings_file_carries_the_first_actors_and_last_events_of_its_words_once() {
        let rows = |kind: &str| {
            (0..7)
                .map(|n| format!("[\"{kind}{n}\"]"))
                .collect::<Vec<_>>()
        };
        let (actor_rows, event_rows) = (rows("actor "), rows("event "));
        let postings = Postings {
            actors: (0..7).collect(),
            events: (0..7).collect(),
            ..Postings::default()
        };
        let mut inlined = Inlined::default();
        inlined.add(&postings, &actor_rows, &event_rows);
        // A second word naming the same ones adds nothing.
        inlined.add(&postings, &actor_rows, &event_rows);
        let mut shard = String::from("{\"word\":[]");
        inlined.close(&mut shard);
        let read: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&shard).unwrap();
        let keys: Vec<&str> = read.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [" a0", " a1", " a2", " a3", " a4", " e4", " e5", " e6", "word"]
        );
        assert_eq!(read[" e6"], serde_json::json!(["event 6"]));
        assert_eq!(shard.matches(" a0").count(), 1);
        // The next file starts with none.
        let mut next = String::from("{");
        inlined.close(&mut next);
        assert_eq!(next, "{}");
    }

    #[test]
    fn compounds_join_hyphenated_words() {
        let c = |text: &str| compounds(text).collect::<Vec<_>>();
        assert_eq!(c("a cease-fire, the Cease\u{2011}Fire"), ["ceasefire"; 2]);
        assert_eq!(
            c("long-range drone-strike talks"),
            ["longrange", "dronestrike"]
        );
        assert_eq!(c("U.S.-led; Erdoğan-backed"), ["usled", "erdoganbacked"]);
        // A dash between words, a lone hyphen or a one-letter part is no word.
        assert_eq!(c("talks — truce, 2022-2023 x-ray - a-b"), ["20222023"]);
        // Chunks end at whitespace, dashes and slashes, at either end of the
        // text too; other characters (here `’`, whose UTF-8 begins with the
        // byte U+2010 begins with) are inside.
        assert_eq!(
            c("pro-Kremlin’s\u{a0}well-known/long-term—short-lived"),
            ["prokremlin", "wellknown", "longterm", "shortlived"]
        );
    }

    proptest::proptest! {
        #[test]
        fn hyphenated_chunks_are_the_pieces_with_a_hyphen(
            text in "[a /\u{2010}\u{2011}\u{2012}—–’\u{a0}\u{3000}é-]{0,40}"
        ) {
            let expected: Vec<&str> = text
                .split(ends_chunk)
                .filter(|chunk| chunk.contains(is_hyphen))
                .collect();
            proptest::prop_assert_eq!(hyphenated_chunks(&text).collect::<Vec<_>>(), expected);
        }
    }

    /// Words as [`each_word`] reads them, the plain way: the whole text
    /// folded, cut into pieces, each piece read char by char.
    fn words_read_plainly(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let folded = crate::text::fold(text);
        for piece in folded.split(|&c| !(is_word_char(c) || c == '.')) {
            piece_words(piece, &mut word, &mut |w: &str| out.push(w.to_string()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_are_read_as_from_the_folded_text(
            text in "[aZs0'. ,\\-éÉß’\u{301}ıX]{0,24}"
        ) {
            proptest::prop_assert_eq!(w(&text), words_read_plainly(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_pieces_are_read_as_any_piece_is(piece in "[abs0'.]{0,12}") {
            let mut word = String::new();
            let mut by_bytes = Vec::new();
            ascii_piece_words(&piece, &mut word, &mut |w: &str| by_bytes.push(w.to_string()));
            let chars: Vec<char> = piece.chars().collect();
            let mut by_chars = Vec::new();
            piece_words(&chars, &mut word, &mut |w: &str| by_chars.push(w.to_string()));
            proptest::prop_assert_eq!(by_bytes, by_chars);
        }
    }

    #[test]
    fn word_sets_keep_each_word_once_in_the_order_first_seen() {
        let mut set = WordSet::default();
        set.add_words("Talks, talks and Erdoğan’s talks; Erdogan");
        set.add_compounds("a cease-fire");
        set.add("talks");
        set.add("ceasefire");
        set.finish();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            ["talks", "and", "erdogan", "ceasefire"]
        );
    }

    #[test]
    fn word_sets_stay_whole_as_their_table_grows() {
        let many: Vec<String> = (0..2000).map(|n| format!("w{n}")).collect();
        let mut set = WordSet::default();
        for _ in 0..2 {
            for w in &many {
                set.add(w);
            }
        }
        set.finish();
        assert_eq!(set.iter().collect::<Vec<_>>(), many);
    }

    #[test]
    fn gaps_are_base36_deltas() {
        assert_eq!(gaps(&[0, 1, 5, 41]), "0,1,4,10");
        assert_eq!(numbers(&[3, 36, 400]), "3,10,b4");
    }

    #[test]
    fn url_pattern_splits_around_the_slug_or_keeps_whole_addresses() {
        let (pattern, slugs) = url_pattern(
            [
                ("actors", "actors/actors/index.html".to_string()),
                ("x", "actors/x/index.html".to_string()),
            ]
            .into_iter(),
        );
        assert_eq!(pattern, ("actors/".into(), "/index.html".into()));
        assert_eq!(slugs, ["actors", "x"]);
        let (pattern, urls) =
            url_pattern([("a", "a/".to_string()), ("b", "other/b.html".to_string())].into_iter());
        assert_eq!(pattern, (String::new(), String::new()));
        assert_eq!(urls, ["a/", "other/b.html"]);
    }

    /// The fixture site loaded as a build loads it: bodies let go, read
    /// again from their files.
    fn small_site_reading_from_files() -> Briefing {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-site");
        let loaded = crate::load::load_partial_with(&root, &crate::load::Cache::lean(), &[]);
        crate::link::link(loaded.site.unwrap(), false).unwrap_or_else(|d| panic!("{d:#?}"))
    }

    #[test]
    fn an_index_that_hands_out_bodies_hands_each_once_and_is_the_same() {
        let briefing = small_site_reading_from_files();
        assert!(briefing.articles.iter().all(|a| a.article.body.is_empty()));
        let paths = Paths::new(false);
        let seen = std::sync::Mutex::new(Vec::new());
        let mut files = Vec::new();
        write_index_files_reading(
            &briefing,
            &paths,
            |name, text| {
                files.push((name, text));
                Ok::<(), Diagnostic>(())
            },
            |i, body| {
                let body = body?;
                seen.lock().unwrap().push((i, body.to_string()));
                // The plain text a renderer read as it parsed the body.
                Ok(Some(crate::markdown::plain_text(body)))
            },
        )
        .unwrap();
        let mut seen = seen.into_inner().unwrap();
        seen.sort();
        let expected: Vec<(usize, String)> = briefing
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i, a.body().unwrap().into_owned()))
            .collect();
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|(_, body)| !body.is_empty()));
        assert_eq!(seen, expected);
        assert_eq!(files, index_files(&briefing, &paths));
    }

    #[test]
    fn the_text_handed_back_for_a_body_is_what_the_index_reads() {
        let briefing = small_site_reading_from_files();
        let mut files = Vec::new();
        write_index_files_reading(
            &briefing,
            &Paths::new(false),
            |name, text| {
                files.push((name, text));
                Ok::<(), Diagnostic>(())
            },
            |i, _| Ok((i == 0).then(|| "Quokkas".to_string())),
        )
        .unwrap();
        assert!(files.iter().any(|(_, text)| text.contains("quokkas")));
        assert!(!index_files(&briefing, &Paths::new(false))
            .iter()
            .any(|(_, text)| text.contains("quokkas")));
    }

    #[test]
    fn a_body_that_cannot_be_read_again_stops_the_index_with_its_problem() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("site.toml"), "title = \"T\"\n").unwrap();
        let articles = site.path().join("content/articles");
        std::fs::create_dir_all(&articles).unwrap();
        for name in ["a", "b"] {
            let text =
                format!("+++\ntitle = \"{name}\"\ndate = 2025-01-01\n+++\nText of {name}.\n");
            std::fs::write(articles.join(format!("{name}.md")), text).unwrap();
        }
        let loaded = crate::load::load_partial_with(site.path(), &crate::load::Cache::lean(), &[]);
        let briefing = crate::link::link(loaded.site.unwrap(), false).unwrap();
        std::fs::write(
            articles.join("b.md"),
            "+++\ntitle = \"b\"\n+++\nLonger now.\n",
        )
        .unwrap();
        let mut files = Vec::new();
        let stopped = write_index_files_reading(
            &briefing,
            &Paths::new(false),
            |name, _| {
                files.push(name);
                Ok(())
            },
            |_, body| body.map(|_| None),
        );
        assert_eq!(
            stopped.unwrap_err().to_string(),
            "content/articles/b.md: changed while the site was being built; build again once it is saved"
        );
        assert!(files.iter().all(|name| !name.contains("/p")), "{files:?}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Head\n\nSome *bold* `code`.\n\n- a\n- b\n").trim(),
            "Head Some bold code. a b"
        );
    }
}
