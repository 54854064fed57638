//! Slugs: the stable lowercase keys that name pages and that other files use
//! to refer to them, and the "did you mean" suggestion for a wrong one.

/// True when `s` is a valid slug: non-empty, lowercase ASCII letters, digits
/// and `-` only.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns any text into a slug: lowercase ASCII letters and digits, with one
/// `-` for each run of anything else. Letters with accents lose them where a
/// plain ASCII letter is obvious (folded as
/// search folds them, [`crate::text::fold_char`]). Text with no ASCII letter or digit at all
/// gets a stable hash-based slug so that it still has a page.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for ch in crate::text::fold(text) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
            dash = false;
        } else if !dash && !out.is_empty() && ch != '\'' {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() && !text.trim().is_empty() {
        return format!("x-{:08x}", crate::text::fnv1a_32(text.trim().bytes()));
    }
    out
}

/// The existing slug nearest to `wanted`, when one is near enough to be a
/// plausible typo (or `wanted` is a prefix of it, or the other way round).
pub fn nearest<'a>(wanted: &str, existing: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for candidate in existing {
        let score = strsim::jaro_winkler(wanted, candidate);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.filter(|&(candidate, score)| {
        score >= 0.85 || candidate.starts_with(wanted) || wanted.starts_with(candidate)
    })
    .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_case_punctuation_and_accents() {
        assert_eq!(slugify("Oil price cap"), "oil-price-cap");
        assert_eq!(slugify("The Moscow Times"), "the-moscow-times");
        assert_eq!(slugify("  Erdoğan's  visit! "), "erdogans-visit");
        assert_eq!(slugify("U.S.-Russia talks"), "u-s-russia-talks");
        assert_eq!(slugify("Łukaszenka’s Straße"), "lukaszenkas-strasse");
    }

    #[test]
    fn slugify_gives_non_latin_text_a_stable_slug() {
        let kyiv = slugify("Київ");
        assert!(kyiv.starts_with("x-") && is_valid(&kyiv), "{kyiv}");
        assert_eq!(kyiv, slugify("Київ"));
        assert_eq!(slugify("   "), "");
    }

    #[test]
    fn valid_slugs() {
        assert!(is_valid("vladimir-putin"));
        assert!(is_valid("2025-02-18-riyadh"));
        assert!(!is_valid("Vladimir-Putin"));
        assert!(!is_valid("putin_v"));
        assert!(!is_valid(""));
    }

    #[test]
    fn nearest_suggests_typos_only() {
        let slugs = ["vladimir-putin", "joe-biden", "dmitry-peskov"];
        assert_eq!(nearest("vladimir-putn", slugs), Some("vladimir-putin"));
        assert_eq!(nearest("joe-bidn", slugs), Some("joe-biden"));
        assert_eq!(nearest("zzz", slugs), None);
    }
}
