//! Text hygiene and clutter removal for raw articles: repairs the encoding,
//! drops HTML tags, decodes entities (unknown ones are kept as written),
//! normalises whitespace into one paragraph per line, and takes out site
//! chrome, captions, comment prompts and author boxes. It never decides what the story says; that is for the later stages.

use std::sync::LazyLock;

use regex::Regex;

/// Raw bytes as text: invalid UTF-8 is replaced by U+FFFD, and the second
/// value says how many bytes were bad.
pub fn decode(bytes: &[u8]) -> (String, usize) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), 0),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let bad = text.chars().filter(|&c| c == '\u{fffd}').count();
            (text, bad)
        }
    }
}

static SCRIPT_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(script|style)(?-u:\b)[^>]*>.*?</(script|style)\s*>").expect("valid regex")
});
static BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(p|br|div|li|h[1-6]|tr|blockquote)(?-u:\b)[^<>]*>").expect("valid regex")
});
static ANY_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[a-zA-Z][a-zA-Z0-9]*(?-u:\b)[^<>]*>").expect("valid regex"));
/// Decodes HTML remnants, normalises whitespace and returns one trimmed line
/// per line of text (empty lines included, so paragraphs stay visible).
pub fn clean_lines(text: &str) -> Vec<String> {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let text = if text.contains('<') {
        let text = SCRIPT_BLOCK.replace_all(&text, "");
        let text = BREAK_TAG.replace_all(&text, "\n");
        ANY_TAG.replace_all(&text, "").into_owned()
    } else {
        text
    };
    let text = htmlize::unescape(text.as_str());
    text.split('\n').map(normalize_spaces).collect()
}

/// One line with every kind of space made a plain space, runs collapsed,
/// invisible and control characters dropped, and the ends trimmed. Runs of
/// characters kept as they are are copied whole.
fn normalize_spaces(line: &str) -> String {
    if is_normal(line) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    let mut kept_from = None;
    for (i, ch) in line.char_indices() {
        let replacement = match ch {
            ' '
            | '\t'
            | '\u{a0}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}' => Some(' '),
            '\u{2011}' | '\u{2010}' => Some('-'),
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => None,
            c if c.is_control() => None,
            _ => {
                if kept_from.is_none() {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    kept_from = Some(i);
                }
                continue;
            }
        };
        if let Some(from) = kept_from.take() {
            out.push_str(&line[from..i]);
        }
        match replacement {
            Some(' ') => space = true,
            Some(ch) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(ch);
            }
            None => {}
        }
    }
    if let Some(from) = kept_from {
        out.push_str(&line[from..]);
    }
    out
}

/// Whether [`normalize_spaces`] would give `line` back as it is: no space
/// at either end or next to another, no other kind of space, no invisible
/// or control character. Plain ASCII is tested byte by byte.
fn is_normal(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte.is_ascii() {
            match byte {
                b' ' if after_space => return false,
                b' ' => after_space = true,
                0..=0x1f | 0x7f => return false,
                _ => after_space = false,
            }
            i += 1;
            continue;
        }
        let Some(ch) = line[i..].chars().next() else {
            return false;
        };
        let changed = matches!(
            ch,
            '\u{a0}' | '\u{2000}'
                ..='\u{200d}'
                    | '\u{2010}'
                    | '\u{2011}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{2060}'
                    | '\u{3000}'
                    | '\u{feff}'
                    | '\u{ad}'
        ) || ch.is_control();
        if changed {
            return false;
        }
        after_space = false;
        i += ch.len_utf8();
    }
    !after_space || bytes.is_empty()
}

/// The lines of one piece with clutter taken out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The non-empty lines that are left, one paragraph each.
    pub lines: Vec<String>,
    /// Every line removed, as it was.
    pub removed: Vec<String>,
    /// Authors named by an author box that was removed.
    pub authors: Vec<String>,
}

/// Removes clutter from the lines of one piece.
pub fn remove_clutter(lines: &[String]) -> Cleaned {
    let lines: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !l.is_empty())
        .collect();
    let mut cleaned = Cleaned::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(taken) = author_box(&lines[i..]) {
            cleaned.authors.push(line.to_string());
            cleaned
                .removed
                .extend(lines[i..i + taken].iter().map(|l| l.to_string()));
            i += taken;
            continue;
        }
        if is_breadcrumb(line) {
            cleaned.removed.push(line.to_string());
            if lines.get(i + 1).is_some_and(|next| is_category_list(next)) {
                cleaned.removed.push(lines[i + 1].to_string());
                i += 1;
            }
        } else if is_clutter(line) {
            cleaned.removed.push(line.to_string());
        } else {
            cleaned.lines.push(line.to_string());
        }
        i += 1;
    }
    cleaned
}

/// Lines that are never part of a story: site chrome, captions, credits,
/// comment prompts, sharing and newsletter lines, tag and link tails.
pub fn is_clutter(line: &str) -> bool {
    const WHOLE: &[&str] = &[
        "we are in social",
        "newsbite",
        "live updates",
        "read full article",
        "share this article",
        "share",
        "advertisement",
        "advertisment",
        "story continues below advertisement",
        "be the first to comment",
        "leave a reply",
        "add your comment to this story",
        "comments",
        "skip to content",
        "listen to this article",
    ];
    const STARTS: &[&str] = &[
        "tags:",
        "read also:",
        "read more:",
        "related articles",
        "sign up for",
        "subscribe to",
        "to join the conversation",
        "join the conversation",
        "file photo:",
        "photo:",
        "image:",
        "advertisement",
    ];
    const CONTAINS: &[&str] = &[
        "purchase licensing rights",
        "pictures: file",
        "picture: file",
        "newsletter",
        "would like to keep you informed",
        "via reuters/file photo",
        "getty images",
        "(photo by",
    ];
    let lower = crate::text::lowercase(line);
    let bare = lower.trim_end_matches(['.', '!', ':']);
    WHOLE.contains(&bare)
        || STARTS.iter().any(|s| lower.starts_with(s))
        || CONTAINS.iter().any(|s| lower.contains(s))
        || is_photo_credit(line)
        || is_contact_offer(&lower)
        || is_columnist_link(line)
}

/// A link to another piece set between a story's paragraphs, named by its
/// writer and headline: `Annie Lowrey: California is becoming unlivable`.
/// A headline ends without a full stop; a speaker's words in a transcript
/// end with one.
fn is_columnist_link(line: &str) -> bool {
    let Some((writer, headline)) = line.split_once(": ") else {
        return false;
    };
    let names: Vec<&str> = writer.split(' ').collect();
    let is_name = (2..=3).contains(&names.len())
        && names.iter().all(|n| {
            let mut chars = n.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || "'’-.".contains(c))
        });
    let words = headline.split_whitespace().count();
    is_name
        && (3..=12).contains(&words)
        && line.len() <= 100
        && !headline.ends_with(['.', '!', '?', '"', '”', '’', ')', ':'])
        && !headline.contains(['"', '“'])
}

/// A line that gives the reader an e-mail address to write to: `We want to
/// hear what you think about this article. Submit a letter to the editor or
/// write to letters@theatlantic.com.` A story quoting an address speaks of
/// someone else, not to "you".
fn is_contact_offer(lower: &str) -> bool {
    if !lower.contains('@') {
        return false;
    }
    let has_address = lower.split_whitespace().any(|word| {
        word.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .split_once('.')
                    .is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2)
        })
    });
    has_address
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "you" || w == "your" || w.starts_with("contact"))
}

/// `... Source: AARP / Michael Brochstein/Sipa USA` or a caption ending in
/// `(Evelyn Hockstein/Pool Photo via AP)`.
fn is_photo_credit(line: &str) -> bool {
    if let Some((_, credit)) = line.rsplit_once("Source: ") {
        if credit.contains('/') && credit.split_whitespace().count() <= 8 {
            return true;
        }
    }
    let trimmed = line.trim_end_matches('.');
    if let Some(open) = trimmed.rfind('(') {
        let last = &trimmed[open..];
        if last.ends_with(')') {
            let lower = last.to_lowercase();
            return lower.contains("photo")
                || lower.contains(" via ap")
                || lower.contains("/ap")
                || lower.contains("/reuters");
        }
    }
    false
}

/// `Home » World » ...`
fn is_breadcrumb(line: &str) -> bool {
    line.starts_with("Home »") || line.starts_with("Home >") || line.matches(" » ").count() >= 2
}

/// The category line under a breadcrumb: capitalised words, no punctuation.
fn is_category_list(line: &str) -> bool {
    // Counted as they are read, so prose is let go at its first small word.
    let mut count = 0;
    line.split_whitespace().all(|w| {
        count += 1;
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphanumeric() || c == '-')
    }) && count >= 3
}

/// An author box: a name alone on a line, the name glued to a role on the
/// next (`Jacquelin MagnayEurope Correspondent`), then optionally a bio that
/// starts with the name. Returns how many lines it takes.
fn author_box(lines: &[&str]) -> Option<usize> {
    let name = *lines.first()?;
    // Counted as they are read, so a paragraph is let go at its fifth
    // word or its first that is not a name's.
    let mut count = 0;
    let looks_like_name = name.split_whitespace().all(|w| {
        count += 1;
        count <= 4
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    }) && count >= 2;
    if !looks_like_name {
        return None;
    }
    let next = lines.get(1)?;
    let glued = next.strip_prefix(name)?;
    if !glued.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let bio = lines.get(2).is_some_and(|l| {
        l.starts_with(&format!("{name} is ")) || l.starts_with(&format!("{name} has "))
    });
    Some(if bio { 3 } else { 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn repairs_invalid_utf8() {
        let (text, bad) = decode(b"Kyiv \xff\xfe says");
        assert_eq!(bad, 2);
        assert_eq!(text, "Kyiv \u{fffd}\u{fffd} says");
        assert_eq!(decode("Erdoğan".as_bytes()), ("Erdoğan".to_string(), 0));
    }

    #[test]
    fn decodes_html_remnants_and_keeps_typographic_quotes() {
        let out = clean_lines("<p>Talks&nbsp;in Riyadh&#8209;style</p><p>“Russia wants,” he&#39;s said &amp; left</p>");
        let kept: Vec<&String> = out.iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            kept,
            ["Talks in Riyadh-style", "“Russia wants,” he's said & left"]
        );
        assert_eq!(
            clean_lines("Caf&eacute; &madeup; &amp;c"),
            ["Café &madeup; &c"]
        );
        let script = clean_lines("a<script>alert(1)</script>b <b>bold</b> <...>");
        assert_eq!(script, ["ab bold <...>"]);
    }

    /// `normalize_spaces` as first written, one character at a time: the
    /// run-copying version must give the same line.
    fn normalize_spaces_per_char(line: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for ch in line.chars() {
            let ch = match ch {
                '\u{2011}' | '\u{2010}' => '-',
                '\t'
                | '\u{a0}'
                | '\u{2000}'..='\u{200a}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}' => ' ',
                '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
                c if c.is_control() => continue,
                c => c,
            };
            if ch == ' ' {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn run_copying_matches_per_character_normalizing(
            line in "[ a-zA-Z.,\t\u{1}\u{85}\u{a0}\u{ad}\u{2009}\u{2010}\u{2011}\u{200b}\u{3000}’é-]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize_spaces(&line), normalize_spaces_per_char(&line));
        }
    }

    #[test]
    fn normalizes_whitespace_but_keeps_paragraphs() {
        let out = clean_lines("  one\u{a0}\u{a0}two\t three \n\u{a0}\n\nfour\u{200b}");
        assert_eq!(out, ["one two three", "", "", "four"]);
    }

    #[test]
    fn removes_the_clutter_of_the_seeds() {
        let seeds = [
            "We are in social",
            "NewsBite",
            "LIVE UPDATES",
            "French President Emmanuel Macron stands with US President Joe Biden at the White House. Source: AARP / Michael Brochstein/Sipa USA",
            "Russian President Vladimir Putin (left) and his US counterpart Joe Biden. Pictures: File",
            "U.S. Secretary of State Marco Rubio sits next to U.S. National Security Advisor Mike Waltz… Purchase Licensing Rights",
            "U.S. Secretary of State Marco Rubio, second left, meets with Saudi Foreign Minister Prince Faisal bin Farhan Al Saud at Diriyah Palace, in Riyadh, Saudi Arabia, Tuesday Feb. 18, 2025. (Evelyn Hockstein/Pool Photo via AP)",
            "FILE PHOTO: Russia’s Foreign Minister Sergei Lavrov attends a joint press conference. Alexander Nemenov/Pool via REUTERS/File Photo",
            "READ FULL ARTICLE",
            "Add your comment to this story",
            "To join the conversation, please Don't have an account? Register",
            "Join the conversation, you are commenting as Logout",
            "Be the first to comment",
            "Leave a Reply",
            "Share this article",
            "Sign up for our daily newsletter",
            "Advertisement",
            "Tags: Russia, Ukraine",
            "Read also: Kremlin says talks possible",
        ];
        // A newsletter's consent line left inside the Evening Standard's story.
        let pages = [
            "We want to hear what you think about this article. Submit a letter to the editor or write to letters@theatlantic.com.",
            "Annie Lowrey: California is becoming unlivable",
            "You can contact CorkBeo on Facebook, Twitter, Instagram, or email news@corkbeo.ie",
            "Evening Standard would like to keep you informed about offers, events and updates by email, please tick the box if you would like to be contacted"];
        for line in seeds.iter().chain(&pages) {
            assert!(is_clutter(line), "not clutter: {line}");
        }
        let story = [
            "Be Prepared!",
            "Kremlin: West’s line towards Ukraine is “destructive”",
            "Source : The Moscow Times",
            "“Of course, this is unacceptable to us,” he said.",
            "Russia (and its allies) said talks would continue (on Tuesday).",
            "By April Roach@aprilroach28Daniel O'Mahony",
            "Gordon Sondland: I followed the president's orders.",
            "Breaking News: Live",
            "The leaked e-mail from aide@example.gov told staff to stay home.",
        ];
        for line in story {
            assert!(!is_clutter(line), "clutter: {line}");
        }
    }

    #[test]
    fn removes_breadcrumbs_with_their_category_line() {
        let cleaned = remove_clutter(&lines(
            "Home » US Prepares for Talks With Putin After Ukrainian Offensive\nEurope France Global News Politics Russia Ukraine US War\n\nUS Prepares for Talks With Putin After Ukrainian Offensive\n",
        ));
        assert_eq!(
            cleaned.lines,
            ["US Prepares for Talks With Putin After Ukrainian Offensive"]
        );
        assert_eq!(cleaned.removed.len(), 2);
    }

    #[test]
    fn removes_the_author_box_and_keeps_the_author() {
        let cleaned = remove_clutter(&lines(
            "Another 13 drones had also been downed, it said.\n\nJacquelin Magnay\nJacquelin MagnayEurope Correspondent\n\nJacquelin Magnay is the Europe Correspondent for The Australian.\n",
        ));
        assert_eq!(
            cleaned.lines,
            ["Another 13 drones had also been downed, it said."]
        );
        assert_eq!(cleaned.authors, ["Jacquelin Magnay"]);
        assert_eq!(cleaned.removed.len(), 3);
    }
}
