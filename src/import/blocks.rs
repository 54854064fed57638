//! Finds the article in a whole-page paste (select-all + copy of a news
//! page), in the manner of jusText: every line is classed as story prose or
//! page furniture from its own evidence (length, share of stop words, how it
//! ends), the story is the longest run of prose lines with little furniture
//! between them, and the headline is the line above it that the byline and
//! date follow. Menus, related-story cards, share bars and footers stay out.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::{dates, meta};

/// The parts of a page, in the page's order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub headline: String,
    /// The lines around the headline that may carry byline, date and outlet:
    /// the line just above it, and those between it and the story.
    pub head: Vec<String>,
    /// The index in `head` of the first line below the headline.
    pub under: usize,
    /// The story's lines: its paragraphs and the subheadings between them.
    pub story: Vec<String>,
    /// Every other line of the page, as it was.
    pub removed: Vec<String>,
}

/// How far below its head a headline's story may start, in lines.
const STORY_REACH: usize = 60;
/// How many furniture lines may stand between two paragraphs of one story.
const MAX_GAP: usize = 4;
/// How far below a headline its byline and date are looked for.
const HEAD_REACH: usize = 10;
/// How far around a headline other headlines make it one of a list.
const LIST_REACH: usize = 6;
/// How much prose, in bytes, makes a run a story rather than a caption.
const MIN_STORY: usize = 300;
/// How many one- or two-word lines in a row make a menu.
const MENU_LINES: usize = 5;
/// How many lines of furniture may stand between two parts of one story.
const CHAIN_GAP: usize = 10;

/// What one line looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A sentence or more of running text.
    Prose,
    /// A byline (`By Jane Doe`, `By`) or a line that is mostly a date.
    Meta,
    /// Anything else: menus, headings, credits, buttons.
    Short,
}

/// How many words `line` has, as `split_whitespace` counts them, by one
/// pass over its characters (over its bytes when it is plain ASCII)
/// without a searcher.
fn words(line: &str) -> usize {
    if line.is_ascii() {
        let mut count = 0;
        let mut in_word = false;
        for &byte in line.as_bytes() {
            let space = is_ascii_space(byte);
            count += usize::from(!space && !in_word);
            in_word = !space;
        }
        return count;
    }
    let mut count = 0;
    let mut in_word = false;
    for ch in line.chars() {
        let space = ch.is_whitespace();
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
    }
    count
}

/// The ASCII bytes that `char::is_whitespace` calls space (unlike
/// `u8::is_ascii_whitespace`, it counts the vertical tab).
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Whether `word` is a stop word, in any case. Every stop word is short
/// plain ASCII; the `match` compiles to a test of the length and a few
/// byte comparisons.
fn is_stop_word(word: &str) -> bool {
    is_stop_bytes(word.as_bytes())
}

/// [`is_stop_word`] of a word's bytes.
fn is_stop_bytes(bytes: &[u8]) -> bool {
    if bytes.is_empty() || bytes.len() > 5 {
        return false;
    }
    let mut lower = [0u8; 5];
    for (to, from) in lower.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    matches!(
        &lower[..bytes.len()],
        b"a" | b"about"
            | b"after"
            | b"all"
            | b"also"
            | b"an"
            | b"and"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"been"
            | b"but"
            | b"by"
            | b"can"
            | b"could"
            | b"did"
            | b"do"
            | b"for"
            | b"from"
            | b"had"
            | b"has"
            | b"have"
            | b"he"
            | b"her"
            | b"his"
            | b"i"
            | b"if"
            | b"in"
            | b"into"
            | b"is"
            | b"it"
            | b"its"
            | b"last"
            | b"more"
            | b"not"
            | b"of"
            | b"on"
            | b"one"
            | b"or"
            | b"our"
            | b"out"
            | b"over"
            | b"said"
            | b"says"
            | b"she"
            | b"so"
            | b"than"
            | b"that"
            | b"the"
            | b"their"
            | b"them"
            | b"there"
            | b"they"
            | b"this"
            | b"to"
            | b"up"
            | b"was"
            | b"we"
            | b"were"
            | b"what"
            | b"when"
            | b"which"
            | b"who"
            | b"will"
            | b"with"
            | b"would"
            | b"you"
    )
}

/// The share of stop words among the words of `line`, in percent. The
/// line is cut at ASCII spaces byte by byte; only a piece with other
/// characters in it is cut again at other spaces and trimmed by character.
fn stop_share(line: &str) -> usize {
    let (mut all, mut stop) = (0, 0);
    for piece in line.as_bytes().split(|&byte| is_ascii_space(byte)) {
        if piece.is_empty() {
            continue;
        }
        if piece.is_ascii() {
            let from = piece.iter().position(u8::is_ascii_alphanumeric);
            let to = piece.iter().rposition(u8::is_ascii_alphanumeric);
            let word = match (from, to) {
                (Some(from), Some(to)) => &piece[from..=to],
                _ => &[],
            };
            all += 1;
            stop += usize::from(is_stop_bytes(word));
            continue;
        }
        // Cut at ASCII bytes, the piece is whole characters.
        let Ok(piece) = std::str::from_utf8(piece) else {
            continue;
        };
        for word in piece.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            all += 1;
            stop += usize::from(is_stop_word(word));
        }
    }
    (stop * 100).checked_div(all).unwrap_or(0)
}

/// `The authorities’ repression has only fuelled the crisis. It is up to
/// them`: a sentence ends inside the line, so it is a standfirst.
fn has_two_sentences(line: &str) -> bool {
    line.match_indices(". ").any(|(at, _)| {
        let before = line[..at].rsplit(' ').next().unwrap_or_default();
        let after = line[at + 2..].chars().next();
        before.chars().count() > 2
            && before.chars().any(char::is_lowercase)
            && after.is_some_and(char::is_uppercase)
    })
}

/// `Civic Amenity Sites will continue to operate.`
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?'])
}

/// Story prose: ten words or more, with stop words, ending like a sentence
/// (or long enough that it must be text), not cut short with `..`.
/// `count` is the line's number of words.
fn is_prose(line: &str, count: usize) -> bool {
    let ends = line
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':', '…']);
    let cut = line.ends_with("..") && !line.ends_with("...");
    // The cheap tests first: stop_share reads every word. A line in
    // capitals is a label, however long.
    count >= 10
        && (ends || count >= 25)
        && !cut
        && stop_share(line) >= 15
        && line.chars().any(char::is_lowercase)
}

/// `By Jane Doe`, `BY ORHAN COSKUN AND ...`, or `By` alone.
pub fn is_byline(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed == "By"
        || trimmed == "BY"
        || ((trimmed.starts_with("By ") || trimmed.starts_with("BY ")) && words(trimmed) <= 20)
}

/// A short line that is mostly a date: `Nov. 20, 2019 5:52 AM EST`,
/// `Updated 10:01 pm PST, Tuesday, November 19, 2019`.
/// A date glued to the word before it (`Online News EditorJune 11, 2020`)
/// counts too.
pub fn is_date_line(line: &str) -> bool {
    words(line) <= 16 && dates::date_line_date(line).is_some()
}

/// A short line (`count` words) with a date in a form that is read as a
/// date, or that could be either day or month first (`02/10/2020`): it
/// marks a head even when its date cannot be read.
fn has_date_form(line: &str, count: usize) -> bool {
    count <= 16 && (dates::date_line_date(line).is_some() || dates::has_slashed_date(line))
}

/// The class of `line`, which has `count` words.
fn class(line: &str, count: usize) -> Class {
    if count <= 20 && (is_byline(line) || has_date_form(line, count)) {
        Class::Meta
    } else if is_prose(line, count) {
        Class::Prose
    } else {
        Class::Short
    }
}

/// Joins a drop capital split from its word (`H` / `ong Kong is burning`)
/// and drops the empty lines.
pub fn join_drop_capitals(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut pending: Option<&str> = None;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        if let Some(capital) = pending.take() {
            if line.chars().next().is_some_and(char::is_lowercase) {
                out.push(format!("{capital}{line}"));
                continue;
            }
            out.push(capital.to_string());
        }
        let mut chars = line.chars();
        if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
            pending = Some(line);
            continue;
        }
        out.push(line.clone());
    }
    out.extend(pending.map(String::from));
    out
}

/// Where a line of the page goes.
enum Place {
    Headline,
    Head,
    Story,
    Removed,
}

/// The article of a page, when it has a story and a headline above it.
pub fn locate(lines: &[String]) -> Option<Located> {
    let lines = join_drop_capitals(lines);
    // Each line's words are counted once, for every test that asks.
    let counts: Vec<usize> = lines.iter().map(|l| words(l)).collect();
    let classes: Vec<Class> = lines
        .iter()
        .zip(&counts)
        .map(|(l, &count)| class(l, count))
        .collect();
    let runs = runs(&lines, &classes);
    let seen = Seen::new(&lines);
    let (headline, mut head_end, (_, end, _)) =
        best_headline(&lines, &counts, &classes, &runs, &seen)?;
    // A name alone under the head is the byline (`Rodrigo Campos`).
    if lines.get(head_end).is_some_and(|l| meta::is_name_line(l)) {
        head_end += 1;
    }
    let above = headline
        .checked_sub(1)
        .filter(|&i| classes[i] == Class::Meta);
    // A text that opens with its headline (after a line or two of chrome)
    // was copied from the article, not the whole page: all of it after the
    // head is story, credits and author boxes included.
    let whole = headline <= 2;
    let end = if whole { lines.len() } else { end };
    // A paragraph the page prints twice inside the story (a live post
    // quoting an earlier one) keeps its first place.
    let mut printed: FxHashSet<&str> = FxHashSet::default();
    let places: Vec<Place> = (0..lines.len())
        .map(|i| {
            let line = lines[i].as_str();
            if i == headline {
                Place::Headline
            } else if Some(i) == above
                || (i > headline && i < head_end && classes[i] == Class::Meta)
            {
                Place::Head
            } else if i >= head_end
                && i < end
                && (whole
                    || (keeps(&lines, &counts, &classes, i)
                        && (seen.count(line) == 1
                            || (classes[i] == Class::Prose && printed.insert(line)))))
            {
                Place::Story
            } else if i > headline && i < head_end && counts[i] <= 6 && !has_digit(line) {
                // A name alone under the headline may be the byline.
                Place::Head
            } else {
                Place::Removed
            }
        })
        .collect();
    drop(seen);
    let mut located = Located {
        under: usize::from(above.is_some()),
        ..Located::default()
    };
    for (line, place) in lines.into_iter().zip(places) {
        match place {
            Place::Headline => located.headline = line,
            Place::Head => located.head.push(line),
            Place::Story => located.story.push(line),
            Place::Removed => located.removed.push(line),
        }
    }
    (!located.story.is_empty()).then_some(located)
}

fn has_digit(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
}

/// How often each line stands on the page, and the lines cut short with
/// `..` (a headline shortened for a breadcrumb or a list).
struct Seen<'a> {
    counts: FxHashMap<&'a str, usize>,
    cut: Vec<&'a str>,
}

impl<'a> Seen<'a> {
    fn new(lines: &'a [String]) -> Self {
        let mut counts = FxHashMap::default();
        for line in lines {
            *counts.entry(line.as_str()).or_insert(0) += 1;
        }
        let cut = lines
            .iter()
            .filter_map(|l| l.strip_suffix(".."))
            .map(str::trim_end)
            .filter(|l| l.len() >= 20)
            .collect();
        Seen { counts, cut }
    }

    fn count(&self, line: &str) -> usize {
        self.counts.get(line).copied().unwrap_or(0)
    }

    /// Whether the headline at hand stands elsewhere on the page too (the
    /// page title, a share box, a breadcrumb cut with `..`). `count` is
    /// the line's number of words.
    fn elsewhere(&self, line: &str, count: usize) -> bool {
        count >= 5 && (self.count(line) > 1 || self.cut.iter().any(|cut| line.starts_with(cut)))
    }
}

/// A run of prose: its first line, the line after its last, its size.
type Run = (usize, usize, usize);

/// The runs of prose lines, furniture gaps of at most [`MAX_GAP`] lines
/// inside each.
fn runs(lines: &[String], classes: &[Class]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut gap = usize::MAX;
    for (i, class) in classes.iter().enumerate() {
        if *class != Class::Prose {
            gap = gap.saturating_add(1);
            continue;
        }
        let size = lines[i].len();
        match runs.last_mut() {
            Some(run) if gap <= MAX_GAP => {
                run.1 = i + 1;
                run.2 += size;
            }
            _ => runs.push((i, i + 1, size)),
        }
        gap = 0;
    }
    runs
}

/// The headline: the line that a byline, a date and the story follow. Gives
/// the headline, the line after its head, and the story's run.
fn best_headline(
    lines: &[String],
    counts: &[usize],
    classes: &[Class],
    runs: &[Run],
    seen: &Seen<'_>,
) -> Option<(usize, usize, Run)> {
    candidates(lines, counts, classes, runs, seen)
        .into_iter()
        .max_by_key(|c| (c.0, c.1))
        .map(|(_, i, head_end, run)| (i, head_end, run))
}

/// Every line that could be the headline, with its score, the line after
/// its head and the run of its story. `counts` are the lines' numbers of
/// words.
fn candidates(
    lines: &[String],
    counts: &[usize],
    classes: &[Class],
    runs: &[Run],
    seen: &Seen<'_>,
) -> Vec<(i64, usize, usize, Run)> {
    let shapes: Vec<Option<i32>> = lines
        .iter()
        .zip(counts)
        .zip(classes)
        .map(|((l, &count), c)| {
            (*c == Class::Short)
                .then(|| headline_shape(l, count))
                .flatten()
        })
        .collect();
    let mut prose_before = Vec::with_capacity(lines.len() + 1);
    prose_before.push(0usize);
    for (line, class) in lines.iter().zip(classes) {
        let size = if *class == Class::Prose {
            line.len()
        } else {
            0
        };
        prose_before.push(prose_before.last().copied().unwrap_or(0) + size);
    }
    let cards: Vec<bool> = (0..lines.len())
        .map(|j| is_card(lines, counts, classes, &shapes, seen, j))
        .collect();
    // Furniture between two parts of a live story: short lines that end no
    // sentence. A list inside the story (`Planning services continue to
    // operate.`) does not part it.
    let mut loose_before = Vec::with_capacity(lines.len() + 1);
    loose_before.push(0usize);
    for (line, class) in lines.iter().zip(classes) {
        let loose = *class != Class::Prose && !ends_sentence(line);
        loose_before.push(loose_before.last().copied().unwrap_or(0) + usize::from(loose));
    }
    // The length of the run of one- and two-word lines that ends at each
    // line: five of them in a row are a menu (`More On`, `Coronavirus`,
    // `Facebook`, `Twitter`, `Most Read`), which no story runs through.
    let mut menu_streak = Vec::with_capacity(lines.len());
    for (count, class) in counts.iter().zip(classes) {
        let before = menu_streak.last().copied().unwrap_or(0);
        let item = *class != Class::Prose && *count <= 2;
        menu_streak.push(if item { before + 1 } else { 0 });
    }
    let mut once_before = Vec::with_capacity(lines.len() + 1);
    once_before.push(0usize);
    for line in lines {
        let once = usize::from(seen.count(line) == 1);
        once_before.push(once_before.last().copied().unwrap_or(0) + once);
    }
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(shape) = shapes[i] else {
            continue;
        };
        let (head_end, head_score) = head(lines, classes, &shapes, i);
        // The runs are in page order and do not overlap, so those that end
        // below the head and start within reach of it are a slice.
        let first_near = runs.partition_point(|r| r.1 <= head_end);
        let near_end = runs.partition_point(|r| r.0 <= head_end + STORY_REACH);
        let near_runs = runs[first_near..near_end.max(first_near)].iter();
        // The first run with some story in it, or the largest.
        let Some(mut run) = near_runs
            .clone()
            .find(|r| prose_before[r.1] - prose_before[r.0.max(head_end)] >= MIN_STORY)
            .or_else(|| near_runs.max_by_key(|r| r.2))
            .copied()
        else {
            continue;
        };
        // A live story goes on after a short list or box inside it.
        let after_run = runs.partition_point(|r| r.0 < run.1);
        for next in &runs[after_run..] {
            let cards = (run.1..next.0).any(|j| cards[j] || menu_streak[j] >= MENU_LINES);
            if loose_before[next.0] - loose_before[run.1] > CHAIN_GAP || cards {
                break;
            }
            run = (run.0, next.1, run.2 + next.2);
        }
        // Only the story below the head counts: a line inside a story
        // (an embedded post) has little of it left.
        let story = prose_before[run.1] - prose_before[run.0.max(head_end)];
        let size = i64::try_from(story / 100).unwrap_or(i64::MAX).min(60);
        // Lines between head and story that the page repeats (share
        // buttons) do not set them apart.
        let between = once_before[run.0.max(head_end)] - once_before[head_end.min(run.0)];
        let late = i64::try_from(between).unwrap_or(i64::MAX);
        // A headline among headlines is a list of other stories.
        let near = i.saturating_sub(LIST_REACH)..lines.len().min(i + LIST_REACH + 1);
        let listed = near.filter(|&j| j != i && cards[j]).count();
        let listed = if listed >= 2 {
            i64::try_from(listed).unwrap_or(0)
        } else {
            0
        };
        let mut score = i64::from(shape) + head_score + size - late - 10 * listed;
        if seen.elsewhere(line, counts[i]) {
            score += 15;
        }
        found.push((score, i, head_end, run));
    }
    found
}

/// A card of a list of other stories: a headline seen once on the page,
/// with a date, a byline or a repeated source label under it.
fn is_card(
    lines: &[String],
    counts: &[usize],
    classes: &[Class],
    shapes: &[Option<i32>],
    seen: &Seen<'_>,
    at: usize,
) -> bool {
    let label = |j: usize| {
        classes[j] == Class::Meta
            || (counts[j] <= 4
                && seen.count(&lines[j]) >= 2
                && lines[j].chars().any(char::is_alphabetic))
    };
    shapes[at].is_some_and(|s| s >= 10)
        && seen.count(&lines[at]) == 1
        && lines.get(at + 1).is_some_and(|_| label(at + 1))
}

/// The head under a headline at `at`: the line after its last byline or
/// date line, and how strongly it says "article": a byline and a date,
/// close under the headline. A next headline ends the search.
fn head(lines: &[String], classes: &[Class], shapes: &[Option<i32>], at: usize) -> (usize, i64) {
    let reach = classes.len().min(at + 1 + HEAD_REACH);
    let mut end = at + 1;
    let (mut byline, mut date, mut first) = (false, false, None);
    for j in at + 1..reach {
        if classes[j] == Class::Meta {
            end = j + 1;
            first.get_or_insert(j - at - 1);
            if is_byline(&lines[j]) {
                byline = true;
            } else {
                date = true;
            }
        } else if shapes[j].is_some_and(|s| s >= 10) {
            break;
        }
    }
    let score = 30 * i64::from(byline) + 25 * i64::from(date)
        - 3 * first.map_or(0, |d| i64::try_from(d).unwrap_or(0));
    (end, score)
}

/// How much a line of `count` words looks like a headline, or `None` when
/// it cannot be one.
fn headline_shape(line: &str, count: usize) -> Option<i32> {
    let first = line.chars().next()?;
    if count == 0
        || count > 30
        || !(first.is_uppercase() || first.is_ascii_digit() || "‘'\"“".contains(first))
        || (line.ends_with(['.', ',', ';', ':']) && !line.ends_with("..."))
        || line.contains(" | ")
        || line.contains('»')
        || line.contains("Home/")
        || !line.chars().any(char::is_lowercase)
    {
        return None;
    }
    if count <= 2 {
        return Some(-30);
    }
    if has_two_sentences(line) || is_credit(line) || meta::is_name_line(line) {
        return None;
    }
    let standfirst = count > 16 && stop_share(line) >= 40;
    Some(match count {
        _ if standfirst => -25,
        3 => -10,
        4..=20 => 10,
        _ => 0,
    })
}

static GLUED_SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z]{2}\.[A-Z][a-z]").expect("valid regex"));
static DATELINE_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z.,' ]{2,} [—–-] ").expect("valid regex"));

/// Credits that stand near a headline but are none: an agency credit
/// (`AFP/The Local - [email protected]`), an address, a caption glued to
/// its photo credit (`Austria.Leonhard Foeger / Reuters file`), a dateline
/// credit (`WASHINGTON — The Globe and Mail`).
fn is_credit(line: &str) -> bool {
    line.contains('@')
        || line.contains("[email")
        || line
            .split(['/', ',', '(', '-'])
            .next()
            .and_then(meta::agency)
            .is_some()
        || GLUED_SENTENCE.is_match(line)
        || DATELINE_CREDIT.is_match(line)
}

/// Whether line `i` of the story run belongs to the story: prose does; a
/// short line does when it reads like a subheading between two paragraphs.
fn keeps(lines: &[String], counts: &[usize], classes: &[Class], i: usize) -> bool {
    if classes[i] == Class::Prose {
        return true;
    }
    let line = lines[i].as_str();
    let count = counts[i];
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let visible = line.chars().filter(|c| !c.is_whitespace()).count();
    i > 0
        && classes[i - 1] == Class::Prose
        && classes.get(i + 1) == Some(&Class::Prose)
        && (2..=12).contains(&count)
        && line.chars().next().is_some_and(char::is_uppercase)
        && letters * 100 >= visible * 85
        && !line.contains(['(', ')', '|'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `stop_share` as first written, word by word.
    fn stop_share_per_word(line: &str) -> usize {
        let (mut all, mut stop) = (0, 0);
        for word in line.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            all += 1;
            stop += usize::from(is_stop_word(word));
        }
        (stop * 100).checked_div(all).unwrap_or(0)
    }

    proptest::proptest! {
        #[test]
        fn stop_share_matches_word_by_word(line in "[ a-zA-Z.,’“é\t\u{b}\u{a0}\u{2028}\u{3000}]{0,40}|(the|The|said|of|Putin|“The|é|,| |\u{a0}|\u{2009})*") {
            proptest::prop_assert_eq!(stop_share(&line), stop_share_per_word(&line));
        }

        #[test]
        fn word_count_matches_split_whitespace(line in "[ a-z.\t\n\u{b}\u{c}\r\u{1}\u{85}\u{a0}\u{2028}\u{3000}’é]{0,40}|[ a-z.\t\n\u{b}\u{c}\r\u{1}]{0,40}") {
            proptest::prop_assert_eq!(words(&line), line.split_whitespace().count());
        }
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn stop_words_are_found_in_any_case() {
        assert!(is_stop_word("The") && is_stop_word("WOULD") && is_stop_word("a"));
        assert!(!is_stop_word("Sondland") && !is_stop_word("") && !is_stop_word("é"));
    }

    #[test]
    fn joins_a_drop_capital() {
        assert_eq!(
            join_drop_capitals(&lines(
                "H\n\nong Kong is burning. The authorities continue.\nA\nB c"
            )),
            [
                "Hong Kong is burning. The authorities continue.",
                "A",
                "B c"
            ]
        );
    }

    #[test]
    fn finds_the_headline_the_byline_and_date_follow() {
        let page = lines(
            "Skip to main content\nOpinion\nObituaries\nPublications\nNov. 20, 2019 5:52 AM EST\nUnpredictable Sondland faces questions about Trump, Ukraine\nBy LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER\nAssociated Press\n\nPatrick Semansky, ASSOCIATED PRESS\n\nWASHINGTON (AP) — Ambassador Gordon Sondland, the most anticipated witness in the impeachment inquiry, is likely to be unpredictable.\n\nView all (23)\n\nSondland, a wealthy hotelier Trump tapped as his ambassador to the European Union, is more directly entangled than any witness yet.\nTop Stories\n'Tarzan' actor Ron Ely's wife killed; son shot by deputies\nAbout\nContact\nTerms\nPrivacy",
        );
        let found = locate(&page).unwrap();
        assert_eq!(
            found.headline,
            "Unpredictable Sondland faces questions about Trump, Ukraine"
        );
        assert_eq!(
            found.head,
            [
                "Nov. 20, 2019 5:52 AM EST",
                "By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER"
            ]
        );
        assert_eq!(found.story.len(), 2, "{:?}", found.story);
        assert!(found.removed.contains(&"View all (23)".to_string()));
    }

    #[test]
    fn a_standfirst_is_not_the_headline() {
        let page = lines(
            "Opinion\nHong Kong\nThe Guardian view on Hong Kong: a city on the brink\nEditorial\nThe authorities’ repression has only fuelled the crisis. It is up to them to de-escalate, as others should tell them\n\nMon 18 Nov 2019 18.54 GMT\nLast modified on Mon 18 Nov 2019 18.56 GMT\n\nH\n\nong Kong is burning. The authorities continue to pour fuel on the fire, and the city is on the brink.\nOn Monday, the People’s Daily, the mouthpiece of the Communist party, said it was time to act.",
        );
        let found = locate(&page).unwrap();
        assert_eq!(
            found.headline,
            "The Guardian view on Hong Kong: a city on the brink"
        );
        assert!(found.story[0].starts_with("Hong Kong is burning."));
    }
    #[test]
    fn cards_of_other_stories_are_not_the_headline() {
        let page = lines(
            "Login\nLog Out\nIsrael Elections Gaza News\nBREAKING NEWS\nSon of former German president stabbed to death in Berlin\nBy JERUSALEM POST STAFF\nNOVEMBER 20, 2019 10:43\nThe son of former German President Richard von Weizsäcker, Fritz Eckart von Weizsäcker was stabbed to death, while another man was seriously injured.\nThe stabbing occurred during a presentation led by von Weizsäcker at the Schlosspark-Klinik in Berlin, where he worked as a chief physician.\nLiberman: Both parties are to blame for lack of unity government\nBy JERUSALEM POST STAFF\n11/20/2019 01:14 PM\nRussia: Israeli strikes on Syria wrong move\nBy REUTERS\n11/20/2019 10:08 AM\n11 dead in Israeli strike on Syria - reports\nBy JERUSALEM POST STAFF\n11/20/2019 09:39 AM\nNetanyahu, Katz: 'There will be no Likud primaries in case of elections', the two said in a statement on Wednesday night.",
        );
        let found = locate(&page).unwrap();
        assert_eq!(
            found.headline,
            "Son of former German president stabbed to death in Berlin"
        );
        assert_eq!(
            found.head,
            ["By JERUSALEM POST STAFF", "NOVEMBER 20, 2019 10:43"]
        );
        assert_eq!(found.story.len(), 2, "{:?}", found.story);
    }

    #[test]
    fn a_live_story_goes_on_after_a_box_of_links() {
        let mut text = String::from("Sections\nArchive\nSubscribe\nLog in\nThe Latest: Spain's vaccination plan to kick off in January\nThe Associated Press\nNov 23, 2020 at 5:02 AM\nMADRID -- Spanish Prime Minister Pedro Sánchez says a national COVID-19 vaccination plan will be launched in January.\n___\nHERE'S WHAT YOU NEED TO KNOW ABOUT THE VIRUS OUTBREAK:\nCut off: School closings leave rural students isolated\nJury duty? No thanks, say many, forcing trials to be delayed\n___\n");
        for day in ["Monday", "Tuesday", "Wednesday", "Thursday"] {
            text.push_str(&format!("LONDON -- AstraZeneca said on {day} that late-stage trials showed its COVID-19 vaccine was up to 90% effective, giving public health officials hope.\n"));
        }
        let found = locate(&lines(&text)).unwrap();
        assert_eq!(
            found.headline,
            "The Latest: Spain's vaccination plan to kick off in January"
        );
        assert_eq!(found.story.len(), 5, "{:?}", found.story);
        assert!(found
            .removed
            .contains(&"Cut off: School closings leave rural students isolated".to_string()));
    }

    /// Cork Beo's live page: a post's list and the stamps and titles of the
    /// next posts part two runs by more than ten lines, but most of them
    /// end a sentence; a post quoting an earlier one prints its paragraph
    /// twice; a menu under the last post ends the story.
    #[test]
    fn a_live_story_runs_through_its_lists_and_stops_at_a_menu() {
        let post = "Cork County Council have given an update this evening on arrangements for their services as the country moves to level 3 restrictions.";
        let quoted = "\"So we thought that this is not the right way to do things, land something like this on a Sunday night, without any engagement.\"";
        let mut text = String::from("News\nSport\nWhat's On\nLevel 3 LIVE: Cork reacts as pubs and restaurants close\nGavin O'Callaghan\nUpdated21:22, 6 OCT 2020\n");
        text.push_str("Tonight at midnight Cork will be moved into Level 3 and some harsher restrictions will come into place across the county.\n");
        text.push_str(&format!(
            "{quoted}\n{post}\nIncluded in the list of services are:\n"
        ));
        for service in ["Planning", "Roads", "Housing", "Water", "Parks", "Library"] {
            text.push_str(&format!("{service} services continue to operate.\n"));
        }
        text.push_str("19:29Frances Watkins\nPrinces Street is very quiet this evening\n19:17Frances Watkins\nOne of Cork's oldest pubs to remain open for next three weeks\n");
        text.push_str("The Oval on South Main Street will still be serving customers during level 3 lockdown but with outside service only.\n");
        text.push_str(&format!(
            "{quoted}\nMore On\nCoronavirus\nFacebook\nTwitter\nMost Read\n"
        ));
        text.push_str("Local NewsEmergency services at scene of search and rescue operation in city. Road users are advised to approach with caution.\n");
        let found = locate(&lines(&text)).unwrap();
        assert!(
            found.story.iter().any(|l| l.starts_with("The Oval")),
            "{:?}",
            found.story
        );
        assert_eq!(found.story.iter().filter(|l| *l == quoted).count(), 1);
        assert!(!found.story.iter().any(|l| l.starts_with("Local News")));
    }
}
