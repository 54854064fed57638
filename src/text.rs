//! Small text utilities the whole crate shares, each in one place: HTML
//! escaping, FNV-1a hashes, base 36, accent folding, whole-word matching,
//! truncation, `-2` suffixes for taken names and counts per month. Nothing
//! here knows about articles or pages.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Escapes text for HTML and XML, in element content and quoted attributes.
/// Unlike Tera's default it leaves `/` alone, so relative links stay readable.
///
/// Feeds escape whole article bodies, hundreds of megabytes in a big build,
/// so the text is looked at eight bytes at a time: [`may_escape`] marks in
/// one step the bytes of a word that may need escaping, and only those are
/// looked at one by one. The five characters are ASCII, which never occurs
/// inside a multi-byte character, so the text is copied in runs between them.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 8);
    escape_html_into(text, &mut out);
    out
}

/// [`escape_html`] written at the end of `out`.
pub fn escape_html_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    out.reserve(text.len());
    let mut run = 0;
    let mut escape_at = |at: usize, out: &mut String| {
        let entity = match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => return,
        };
        out.push_str(&text[run..at]);
        out.push_str(entity);
        run = at + 1;
    };
    let mut words = bytes.chunks_exact(8);
    let mut start = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let mut marks = may_escape(u64::from_le_bytes(eight));
        while marks != 0 {
            escape_at(start + marks.trailing_zeros() as usize / 8, out);
            marks &= marks - 1;
        }
        start += 8;
    }
    // The last bytes, fewer than eight, are read as one word padded with
    // zeros (which need no escaping), not looked at one by one.
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut eight = [0u8; 8];
        eight[..rest.len()].copy_from_slice(rest);
        // Only the text's own bytes, never the padding.
        let mut marks = may_escape(u64::from_le_bytes(eight)) & ((1u64 << (8 * rest.len())) - 1);
        while marks != 0 {
            escape_at(start + marks.trailing_zeros() as usize / 8, out);
            marks &= marks - 1;
        }
    }
    out.push_str(&text[run..]);
}

/// The five characters [`escape_html`] replaces.
const ESCAPED: [u8; 5] = [b'&', b'<', b'>', b'"', b'\''];

/// Whether [`escape_html`] leaves `text` as it is: it holds none of the five
/// characters it replaces.
pub fn escapes_to_itself(text: &str) -> bool {
    !text.bytes().any(|b| ESCAPED.contains(&b))
}

/// The high bit of each byte of `word` that is one of the five characters
/// [`escape_html`] replaces, and maybe of some bytes above such a byte,
/// never of a byte in a word without them (see [`bytes_equal_to`]).
fn may_escape(word: u64) -> u64 {
    ESCAPED
        .iter()
        .fold(0, |marks, &byte| marks | bytes_equal_to(word, byte))
}

/// Eight bytes at a time: `0x01` in each byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each of the eight bytes of `word` (little-endian) that
/// equals `byte`, and maybe of some bytes above such a byte (the zero-byte
/// test borrows); none when no byte equals it. No byte carries into the
/// next word.
pub fn bytes_equal_to(word: u64, byte: u8) -> u64 {
    let zero_where_equal = word ^ (ONES * u64::from(byte));
    zero_where_equal.wrapping_sub(ONES) & !zero_where_equal & (ONES << 7)
}

/// FNV-1a, 64 bits: a stable fingerprint of bytes (not a secret), for
/// import's record of what it generated and for the keys of items.
pub fn fnv1a_64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// FNV-1a, 32 bits: the short stable hash in the slug of text with no
/// ASCII letter.
pub fn fnv1a_32(bytes: impl IntoIterator<Item = u8>) -> u32 {
    bytes.into_iter().fold(0x811c_9dc5u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Appends `n` in base 36 (digits, then lowercase letters).
pub fn push_base36(out: &mut String, mut n: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut len = 0;
    loop {
        buf[len] = DIGITS[(n % 36) as usize];
        len += 1;
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[..len].iter().rev().map(|&b| b as char));
}

/// `n` in base 36.
pub fn base36(n: u64) -> String {
    let mut out = String::with_capacity(8);
    push_base36(&mut out, n);
    out
}

/// Folds one character for comparison, appending the result to `out`:
/// lowercase, canonical decomposition without its marks, and the letters
/// that do not decompose (`ß`, `ø`, `ł`…) spelt out. `fold` in
/// templates/search.js does the same, and slugs use it too, so `Erdoğan`
/// is `erdogan` in a slug, the search index and a query alike.
pub fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'ß' => out.extend(['s', 's']),
                'æ' => out.extend(['a', 'e']),
                'œ' => out.extend(['o', 'e']),
                'þ' => out.extend(['t', 'h']),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ı' => out.push('i'),
                'ħ' => out.push('h'),
                'ς' => out.push('σ'),
                '’' => out.push('\''),
                _ => out.push(d),
            }
        });
    }
}

/// `text` folded as [`fold_char`] folds each character.
pub fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// True when `text[start..end]` is not part of a longer word: no letter or
/// digit touches it on either side.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// `text` in small letters, as [`str::to_lowercase`] gives it, with the
/// ASCII between other characters lowered a run at a time (the standard
/// library lowers all that follows the first other character one character
/// at a time). Text with a capital sigma, whose small form depends on the
/// letters around it, is left to the standard library.
pub fn lowercase(text: &str) -> String {
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (plain, other) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(plain);
        out[from..].make_ascii_lowercase();
        let Some(ch) = other.chars().next() else {
            break;
        };
        out.extend(ch.to_lowercase());
        rest = &other[ch.len_utf8()..];
    }
    out
}

/// `needle` in `haystack` as whole words.
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack
        .match_indices(needle)
        .any(|(at, m)| is_whole_word(haystack, at, at + m.len()))
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis.
pub fn truncate_words(text: &str, max: usize) -> String {
    // Counting stops at the cut: a long text is not read to its end.
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

/// `text` cut to its first `max` characters, with an ellipsis when cut:
/// for one-line reports, where a word boundary matters less than the width.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// `base`, or the first of `base-2`, `base-3`… that `taken` says is free.
pub fn with_free_suffix(base: &str, taken: impl Fn(&str) -> bool) -> String {
    with_free_suffix_from(base, &mut 2, taken)
}

/// [`with_free_suffix`], trying suffixes from `next` on, and leaving `next`
/// after the one given: for a caller whose taken names only grow, which
/// can keep each base's `next` and so gives the hundredth name of one base
/// in one look-up, not a hundred.
pub fn with_free_suffix_from(base: &str, next: &mut usize, taken: impl Fn(&str) -> bool) -> String {
    let mut candidate = base.to_string();
    while taken(&candidate) {
        candidate = format!("{base}-{next}");
        *next += 1;
    }
    candidate
}

/// How many of `dates` fall in each month, as `((year, month), count)`,
/// months in order, months with none left out.
pub fn count_per_month(dates: impl IntoIterator<Item = NaiveDate>) -> Vec<((i32, u32), usize)> {
    let mut counts: Vec<((i32, u32), usize)> = Vec::new();
    for date in dates {
        let month = (date.year(), date.month());
        match counts.last_mut() {
            Some((m, n)) if *m == month => *n += 1,
            _ => counts.push((month, 1)),
        }
    }
    counts.sort_unstable();
    // Dates out of order leave a month in more than one run; merge them.
    counts.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 += later.1;
            true
        } else {
            false
        }
    });
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lowercase_is_the_standard_librarys(
            text in "[ aZ.’éÉΣσİKẞÅ\u{212a}\u{130}\u{3a3}-]{0,30}"
        ) {
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }

    #[test]
    fn escape_html_escapes_the_five_and_keeps_the_rest() {
        assert_eq!(
            escape_html("Erdoğan's <b>\"A&B\"</b> ../x/"),
            "Erdoğan&#39;s &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; ../x/"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("ü&"), "ü&amp;");
        // Runs longer than the 8 bytes looked at at once, with the characters
        // to escape at either end of a run and none at all.
        let long = "Zelensky’s talks in Kyiv continued into the night";
        assert_eq!(escape_html(long), long);
        assert_eq!(
            escape_html(&format!("<{long}&{long}>'")),
            format!("&lt;{long}&amp;{long}&gt;&#39;")
        );
        for at in 0..40 {
            let mut text = "x".repeat(40);
            text.insert(at, '"');
            let escaped = escape_html(&text);
            assert_eq!(escaped.replace("&quot;", "\""), text, "{at}");
            assert_eq!(escaped.find("&quot;"), Some(at));
        }
    }

    proptest::proptest! {
        /// The eight-at-a-time escaping against one character at a time,
        /// on text dense with the five, their neighbours in ASCII (whose
        /// bytes differ from theirs by one bit or one borrow) and
        /// multi-byte characters.
        #[test]
        fn escaping_matches_escaping_one_character_at_a_time(
            text in "[&<>\"'%;=?()a0 é’\u{1F600}\u{7f}]{0,70}"
        ) {
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    other => other.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escapes_to_itself(&text), expected == text);
            proptest::prop_assert_eq!(escape_html(&text), expected);
        }
    }

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        assert_eq!(fnv1a_64(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_32(*b""), 0x811c_9dc5);
        assert_eq!(fnv1a_32(*b"a"), 0xe40c_292c);
    }

    #[test]
    fn base36_uses_digits_then_letters() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36 * 36 - 1), "zz");
        let mut out = String::from("x");
        push_base36(&mut out, 36);
        assert_eq!(out, "x10");
    }

    #[test]
    fn folding_drops_case_and_accents_and_spells_out_the_rest() {
        let folded = |t: &str| fold(t).into_iter().collect::<String>();
        assert_eq!(folded("Erdoğan"), "erdogan");
        assert_eq!(folded("Łukaszenka Straße"), "lukaszenka strasse");
        assert_eq!(folded("İstanbul Ørsted Œuvre"), "istanbul orsted oeuvre");
        assert_eq!(folded("Zelensky’s"), "zelensky's");
        assert_eq!(folded("Київ"), "киів");
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_words("talks in Riyadh.", "Riyadh"));
        assert!(!contains_words("the Riyadhi delegation", "Riyadh"));
        assert!(is_whole_word("(Putin)", 1, 6));
        assert!(!is_whole_word("Putinism", 0, 5));
    }

    #[test]
    fn truncation_at_words_or_characters() {
        assert_eq!(truncate_words("one two three", 20), "one two three");
        assert_eq!(truncate_words("one two three", 13), "one two three");
        assert_eq!(truncate_words("one two three", 12), "one two…");
        assert_eq!(truncate_words("one two, three", 9), "one two…");
        assert_eq!(truncate_chars("abcdef", 3), "abc…");
        assert_eq!(truncate_chars("abc", 3), "abc");
    }

    #[test]
    fn free_suffix_counts_from_two() {
        let taken = ["a", "a-2"];
        assert_eq!(with_free_suffix("b", |s| taken.contains(&s)), "b");
        assert_eq!(with_free_suffix("a", |s| taken.contains(&s)), "a-3");
        let mut taken = vec!["a".to_string(), "a-3".to_string()];
        let mut next = 2;
        for expected in ["a-2", "a-4", "a-5"] {
            let name = with_free_suffix_from("a", &mut next, |s| taken.iter().any(|t| t == s));
            assert_eq!(name, expected);
            taken.push(name);
        }
        assert_eq!(next, 6);
    }

    #[test]
    fn counts_per_month_in_month_order() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let dates = [d(2025, 3, 2), d(2025, 3, 1), d(2025, 1, 5), d(2025, 3, 9)];
        assert_eq!(count_per_month(dates), [((2025, 1), 1), ((2025, 3), 3)]);
        assert!(count_per_month([]).is_empty());
    }
}
