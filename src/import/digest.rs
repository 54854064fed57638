//! Splits the lines of one raw file into the articles it holds. A digest
//! separates its pieces with `READ FULL ARTICLE` / `SOURCE:` / `RELATED:`
//! lines, with `***` lines, or by starting each piece with its own
//! `OUTLET | Published DATE` header. A plain article is one piece, and so is
//! a whole page whose `Related:` links or `---` rules (a video player's)
//! look like separators: a file is split only when at least two of its
//! pieces name their own source.

use super::meta;

/// One article's lines, still with their clutter.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Piece {
    /// The headline given by a `RELATED:` line that introduced the piece.
    pub title: Option<String>,
    pub lines: Vec<String>,
}

impl Piece {
    fn has_text(&self) -> bool {
        self.lines.iter().any(|l| !l.is_empty())
    }
}

/// The pieces of a raw file, and the separator lines that were dropped.
pub fn split(lines: Vec<String>) -> (Vec<Piece>, Vec<String>) {
    let separated = lines.iter().any(|l| {
        is_read_full_article(l)
            || is_rule(l)
            || related_title(l).is_some()
            || meta::header(l).is_some()
    });
    if !separated {
        return (vec![Piece { title: None, lines }], Vec::new());
    }
    let (pieces, dropped) = split_at_separators(lines.clone());
    let sourced = pieces.iter().filter(|p| has_source(p)).count();
    if pieces.len() > 1 && sourced < 2 {
        return (vec![Piece { title: None, lines }], Vec::new());
    }
    (pieces, dropped)
}

/// Whether a piece names where it comes from: a `SOURCE:` or `Original
/// URL:` line, or an `OUTLET | Published DATE` header.
fn has_source(piece: &Piece) -> bool {
    piece.lines.iter().any(|l| {
        let l = l.trim_start();
        ["SOURCE:", "SOURCE :", "ORIGINAL URL:"]
            .iter()
            .any(|label| starts_with_label(l, label))
            || meta::header(l).is_some()
    })
}

fn split_at_separators(lines: Vec<String>) -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut dropped = Vec::new();
    let mut current = Piece::default();
    // After `READ FULL ARTICLE`, the `SOURCE:` lines still belong to the
    // piece that ended; anything else starts the next one.
    let mut closing = false;
    for line in lines {
        if is_read_full_article(&line) {
            dropped.push(line);
            closing = true;
            continue;
        }
        if is_rule(&line) {
            dropped.push(line);
            finish(&mut pieces, &mut current);
            closing = false;
            continue;
        }
        if let Some(title) = related_title(&line) {
            finish(&mut pieces, &mut current);
            current.title = Some(title.to_string());
            closing = false;
            continue;
        }
        if closing && !line.is_empty() && !starts_with_label(&line, "SOURCE:") {
            finish(&mut pieces, &mut current);
            closing = false;
        }
        if meta::header(&line).is_some() && has_header_and_text(&current) {
            let title = take_last_line(&mut current);
            finish(&mut pieces, &mut current);
            current.lines.extend(title);
        }
        current.lines.push(line);
    }
    finish(&mut pieces, &mut current);
    (pieces, dropped)
}

fn is_read_full_article(line: &str) -> bool {
    line.trim_end_matches(['.', '!'])
        .eq_ignore_ascii_case("READ FULL ARTICLE")
}

/// Whether `line` starts with `label` in any case.
fn starts_with_label(line: &str, label: &str) -> bool {
    line.get(..label.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(label))
}

fn finish(pieces: &mut Vec<Piece>, current: &mut Piece) {
    let piece = std::mem::take(current);
    if piece.has_text() || piece.title.is_some() {
        pieces.push(piece);
    }
}

/// `***`, `* * *`, `---`: a rule between two pieces.
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && (compact.chars().all(|c| c == '*') || compact.chars().all(|c| c == '-'))
}

fn related_title(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("RELATED:")
        .or_else(|| line.strip_prefix("Related:"))?;
    Some(rest.trim()).filter(|t| !t.is_empty())
}

fn has_header_and_text(piece: &Piece) -> bool {
    let Some(at) = piece.lines.iter().position(|l| meta::header(l).is_some()) else {
        return false;
    };
    piece.lines[at + 1..].iter().any(|l| !l.is_empty())
}

/// The last non-empty line (the next piece's headline, above its header).
fn take_last_line(piece: &mut Piece) -> Option<String> {
    while piece.lines.last().is_some_and(String::is_empty) {
        piece.lines.pop();
    }
    piece.lines.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn splits_at_read_full_article_source_and_related() {
        let (pieces, dropped) = split(lines(
            "First headline\nREUTERS | Published February 19, 2023\nBody one.\n\nREAD FULL ARTICLE\n\nSOURCE: www.reuters.com\n\nRELATED: Second headline\n\nStandfirst.\nBREITBART | Published February 18, 2025\nBody two.\nREAD FULL ARTICLE\nSOURCE: www.breitbart.com\n\nBe the first to comment\n",
        ));
        assert_eq!(dropped, ["READ FULL ARTICLE", "READ FULL ARTICLE"]);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0].title, None);
        assert!(pieces[0]
            .lines
            .contains(&"SOURCE: www.reuters.com".to_string()));
        assert_eq!(pieces[1].title.as_deref(), Some("Second headline"));
        assert!(pieces[1]
            .lines
            .contains(&"SOURCE: www.breitbart.com".to_string()));
        assert_eq!(pieces[2].lines, ["Be the first to comment"]);
    }

    #[test]
    fn splits_at_rules_between_sourced_pieces() {
        let (pieces, _) = split(lines(
            "One\nText one.\nSource: The Moscow Times\n***\nTwo\nText two.\nSOURCE: www.reuters.com\n* * *\n",
        ));
        assert_eq!(pieces.len(), 2);
        assert_eq!(
            pieces[1].lines,
            ["Two", "Text two.", "SOURCE: www.reuters.com"]
        );
    }

    #[test]
    fn a_page_with_related_links_and_rules_is_one_piece() {
        let page = lines(
            "Sondland faces questions\nWASHINGTON (AP) — Ambassador Gordon Sondland is likely to be unpredictable.\n---\nRelated: Trump impeachment inquiry\nThe hearing starts at 9 a.m.\n___\nMore stories",
        );
        let (pieces, dropped) = split(page.clone());
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].lines, page);
        assert!(dropped.is_empty());
    }

    #[test]
    fn splits_at_repeated_headers_taking_the_headline_along() {
        let (pieces, _) = split(lines(
            "Headline one\nREUTERS | Published May 15, 2025\nText one.\n\nHeadline two\nAP | Published May 16, 2025\nText two.\n",
        ));
        assert_eq!(pieces.len(), 2);
        assert_eq!(
            pieces[0].lines,
            [
                "Headline one",
                "REUTERS | Published May 15, 2025",
                "Text one.",
                ""
            ]
        );
        assert_eq!(
            pieces[1].lines,
            ["Headline two", "AP | Published May 16, 2025", "Text two."]
        );
    }

    #[test]
    fn a_plain_article_is_one_piece() {
        let (pieces, dropped) = split(lines("Title\n\nText.\n"));
        assert_eq!(pieces.len(), 1);
        assert!(dropped.is_empty());
    }
}
