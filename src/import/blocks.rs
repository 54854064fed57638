//! Finds the article in a whole-page paste (select-all + copy of a news
//! page), in the manner of jusText: every line is classed as story prose or
//! page furniture from its own evidence (length, share of stop words, how it
//! ends), the story is the longest run of prose lines with little furniture
//! between them, and the headline is the line above it that the byline and
//! date follow. Menus, related-story cards, share bars and footers stay out.

use super::dates;

/// The parts of a page, in the page's order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub headline: String,
    /// The lines around the headline that may carry byline, date and outlet:
    /// the line just above it, and those between it and the story.
    pub head: Vec<String>,
    /// The story's lines: its paragraphs and the subheadings between them.
    pub story: Vec<String>,
    /// Every other line of the page, as it was.
    pub removed: Vec<String>,
}

/// How far above the story the headline is looked for, in non-empty lines.
const HEADLINE_REACH: usize = 45;
/// How many furniture lines may stand between two paragraphs of one story.
const MAX_GAP: usize = 4;
/// How far below a headline its byline and date are looked for.
const HEAD_REACH: usize = 8;

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her", "his",
    "i", "if", "in", "into", "is", "it", "its", "last", "more", "not", "of", "on", "one", "or",
    "our", "out", "over", "said", "says", "she", "so", "than", "that", "the", "their", "them",
    "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "who",
    "will", "with", "would", "you",
];

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

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// The share of stop words among the words of `line`, in percent.
fn stop_share(line: &str) -> usize {
    let (mut all, mut stop) = (0, 0);
    for word in line.split_whitespace() {
        let word = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        all += 1;
        stop += usize::from(STOP_WORDS.contains(&word.as_str()));
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

/// Story prose: ten words or more, with stop words, ending like a sentence
/// (or long enough that it must be text).
fn is_prose(line: &str) -> bool {
    let count = words(line);
    let ends = line
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', ':', '…']);
    count >= 10 && stop_share(line) >= 15 && (ends || count >= 25)
}

/// `By Jane Doe`, `BY ORHAN COSKUN AND ...`, or `By` alone.
pub fn is_byline(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed == "By"
        || trimmed == "BY"
        || ((trimmed.starts_with("By ") || trimmed.starts_with("BY ")) && words(trimmed) <= 12)
}

/// A short line that is mostly a date: `Nov. 20, 2019 5:52 AM EST`,
/// `Updated 10:01 pm PST, Tuesday, November 19, 2019`.
pub fn is_date_line(line: &str) -> bool {
    words(line) <= 16 && dates::first_full_date(line).is_some()
}

fn class(line: &str) -> Class {
    if is_byline(line) || is_date_line(line) {
        Class::Meta
    } else if is_prose(line) {
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

/// The article of a page, when it has a story and a headline above it.
pub fn locate(lines: &[String]) -> Option<Located> {
    let lines = join_drop_capitals(lines);
    let classes: Vec<Class> = lines.iter().map(|l| class(l)).collect();
    let (start, end) = main_run(&lines, &classes)?;
    let headline = best_headline(&lines, &classes, start)?;
    let head_end = head_end(&classes, headline);
    let mut located = Located {
        headline: lines[headline].clone(),
        ..Located::default()
    };
    let above = headline
        .checked_sub(1)
        .filter(|&i| classes[i] == Class::Meta);
    // A text that opens with its headline (after a line or two of chrome)
    // was copied from the article, not the whole page: all of it after the
    // head is story, credits and author boxes included.
    let whole = headline <= 2;
    let end = if whole { lines.len() } else { end };
    for (i, line) in lines.iter().enumerate() {
        if i == headline {
            continue;
        }
        if Some(i) == above || (i > headline && i < head_end && classes[i] == Class::Meta) {
            located.head.push(line.clone());
        } else if i >= head_end && i < end && (whole || keeps(&lines, &classes, i)) {
            located.story.push(line.clone());
        } else if i > headline && i < head_end && words(line) <= 6 && !has_digit(line) {
            // A name alone under the headline may be the byline.
            located.head.push(line.clone());
        } else {
            located.removed.push(line.clone());
        }
    }
    (!located.story.is_empty()).then_some(located)
}

fn has_digit(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
}

/// The run of prose lines with the most text, furniture gaps of at most
/// [`MAX_GAP`] lines inside it: its first line and the line after its last.
fn main_run(lines: &[String], classes: &[Class]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    let mut current: Option<(usize, usize, usize)> = None;
    let mut gap = 0;
    for (i, class) in classes.iter().enumerate() {
        if *class == Class::Prose {
            let size = lines[i].len();
            current = match current {
                Some((start, _, total)) if gap <= MAX_GAP => Some((start, i + 1, total + size)),
                _ => Some((i, i + 1, size)),
            };
            gap = 0;
            if current.map(|c| c.2) > best.map(|b| b.2) {
                best = current;
            }
        } else {
            gap += 1;
        }
    }
    best.map(|(start, end, _)| (start, end))
}

/// The headline: the line above the story that the byline and date follow.
fn best_headline(lines: &[String], classes: &[Class], start: usize) -> Option<usize> {
    let from = start.saturating_sub(HEADLINE_REACH);
    let mut best: Option<(i32, usize)> = None;
    for i in from..start {
        let Some(mut score) = headline_shape(&lines[i]) else {
            continue;
        };
        if classes[i] != Class::Short {
            continue;
        }
        let anchor =
            (i + 1..lines.len().min(i + 1 + HEAD_REACH)).find(|&j| classes[j] == Class::Meta);
        if let Some(j) = anchor {
            score += 40 - 5 * i32::try_from(j - i - 1).unwrap_or(8);
        }
        if i > 0 && classes[i - 1] == Class::Meta {
            score += 20;
        }
        if appears_elsewhere(lines, i) {
            score += 20;
        }
        score -= i32::try_from(start - i).unwrap_or(i32::MAX / 2);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// How much a line looks like a headline, or `None` when it cannot be one.
fn headline_shape(line: &str) -> Option<i32> {
    let count = words(line);
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
    if has_two_sentences(line) {
        return None;
    }
    let standfirst = count > 16 && stop_share(line) >= 40;
    Some(match count {
        _ if standfirst => -25,
        1 | 2 => -30,
        3 => -10,
        4..=20 => 10,
        _ => 0,
    })
}

/// Whether the same headline stands elsewhere on the page (the page title,
/// a share box, a breadcrumb cut with `..`).
fn appears_elsewhere(lines: &[String], at: usize) -> bool {
    let line = lines[at].as_str();
    words(line) >= 4
        && lines.iter().enumerate().any(|(i, other)| {
            i != at
                && (other == line
                    || other
                        .strip_suffix("..")
                        .is_some_and(|cut| cut.len() >= 20 && line.starts_with(cut.trim_end())))
        })
}

/// The line after the headline's head: its byline and date lines, and
/// whatever stands between them and the headline.
fn head_end(classes: &[Class], headline: usize) -> usize {
    let reach = classes.len().min(headline + 1 + HEAD_REACH);
    (headline + 1..reach)
        .rfind(|&j| classes[j] == Class::Meta)
        .map_or(headline + 1, |j| j + 1)
}

/// Whether line `i` of the story run belongs to the story: prose does; a
/// short line does when it reads like a subheading between two paragraphs.
fn keeps(lines: &[String], classes: &[Class], i: usize) -> bool {
    if classes[i] == Class::Prose {
        return true;
    }
    let line = lines[i].as_str();
    let count = words(line);
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

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
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
}
