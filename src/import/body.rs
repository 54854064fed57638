//! Turns a story's cleaned paragraphs into the Markdown body: key points as
//! a list, short unpunctuated lines as subheadings, an unmarked quotation
//! after `X said:` as a block quote, and every other line as inert text
//! (a leading `#`, `>`, `*`, `+`, `-`, `=` or a `+++` line is escaped).

use super::quotes;

/// The Markdown body of a piece.
pub fn markdown(key_points: &[String], paragraphs: &[String]) -> String {
    let mut blocks = Vec::new();
    if !key_points.is_empty() {
        blocks.push("## Key points".to_string());
        let items: Vec<String> = key_points
            .iter()
            .map(|p| format!("- {}", escape(p)))
            .collect();
        blocks.push(items.join("\n"));
    }
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| paragraphs.get(p));
        let is_last = i + 1 == paragraphs.len();
        let block = if previous.is_some_and(|p| quotes::introduces_block_quote(p))
            && !paragraph.contains(['“', '"'])
        {
            format!("> {}", escape(paragraph))
        } else if !is_last && is_subheading(paragraph) {
            format!("## {}", escape(paragraph))
        } else if let Some(item) = paragraph.strip_prefix(['•', '·']) {
            format!("- {}", escape(item.trim()))
        } else {
            escape(paragraph)
        };
        blocks.push(block);
    }
    let mut body = blocks.join("\n\n");
    body.push('\n');
    body
}

/// A short line that does not end like a sentence: a section heading.
fn is_subheading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=10).contains(&words)
        && line.chars().count() <= 80
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ';', ':'])
        && !line.starts_with(['“', '"'])
}

/// Keeps a line from being read as Markdown structure or front matter.
fn escape(line: &str) -> String {
    if line.trim() == "+++" || line.starts_with(['#', '>', '*', '+', '-', '=', '|', '<']) {
        format!("\\{line}")
    } else if let Some((number, _)) = line.split_once(". ") {
        if !number.is_empty() && number.len() <= 9 && number.chars().all(|c| c.is_ascii_digit()) {
            format!("{number}\\. {}", &line[number.len() + 2..])
        } else {
            line.to_string()
        }
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn builds_key_points_headings_and_block_quotes() {
        let body = markdown(
            &strings(&["One."]),
            &strings(&[
                "Text.",
                "RUSSIA OFFERS NO CONCESSIONS",
                "Blinken said at a forum hosted by The Washington Post:",
                "If countries are ready, we will welcome this.",
                "Last line",
            ]),
        );
        assert_eq!(
            body,
            "## Key points\n\n- One.\n\nText.\n\n## RUSSIA OFFERS NO CONCESSIONS\n\nBlinken said at a forum hosted by The Washington Post:\n\n> If countries are ready, we will welcome this.\n\nLast line\n"
        );
    }

    #[test]
    fn escapes_markdown_structure_and_front_matter_fences() {
        assert_eq!(escape("+++"), "\\+++");
        assert_eq!(
            escape("* Sergei Markelov was included"),
            "\\* Sergei Markelov was included"
        );
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("1991. The year"), "1991\\. The year");
        assert_eq!(
            escape("{{ page.title }} {% raw %}"),
            "{{ page.title }} {% raw %}"
        );
    }
}
