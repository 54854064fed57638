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

/// `text` with Cyrillic and Greek letters spelled in Latin ones (the
/// common romanisations: "Путин" → "Putin", "Αθήνα" → "Athina"), for
/// suggesting a slug that a reader can recognise.
pub fn transliterated(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let lower: String = ch.to_lowercase().collect();
        match latin_for(&lower) {
            Some(latin) if ch.is_uppercase() => {
                let mut letters = latin.chars();
                if let Some(first) = letters.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(letters.as_str());
                }
            }
            Some(latin) => out.push_str(latin),
            None => out.push(ch),
        }
    }
    out
}

fn latin_for(lower: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("а", "a"),
        ("б", "b"),
        ("в", "v"),
        ("г", "g"),
        ("ґ", "g"),
        ("д", "d"),
        ("е", "e"),
        ("ё", "yo"),
        ("є", "ye"),
        ("ж", "zh"),
        ("з", "z"),
        ("и", "i"),
        ("і", "i"),
        ("ї", "yi"),
        ("й", "y"),
        ("к", "k"),
        ("л", "l"),
        ("м", "m"),
        ("н", "n"),
        ("о", "o"),
        ("п", "p"),
        ("р", "r"),
        ("с", "s"),
        ("т", "t"),
        ("у", "u"),
        ("ў", "u"),
        ("ф", "f"),
        ("х", "kh"),
        ("ц", "ts"),
        ("ч", "ch"),
        ("ш", "sh"),
        ("щ", "shch"),
        ("ъ", ""),
        ("ы", "y"),
        ("ь", ""),
        ("э", "e"),
        ("ю", "yu"),
        ("я", "ya"),
        ("α", "a"),
        ("β", "v"),
        ("γ", "g"),
        ("δ", "d"),
        ("ε", "e"),
        ("ζ", "z"),
        ("η", "i"),
        ("θ", "th"),
        ("ι", "i"),
        ("κ", "k"),
        ("λ", "l"),
        ("μ", "m"),
        ("ν", "n"),
        ("ξ", "x"),
        ("ο", "o"),
        ("π", "p"),
        ("ρ", "r"),
        ("σ", "s"),
        ("ς", "s"),
        ("τ", "t"),
        ("υ", "y"),
        ("φ", "f"),
        ("χ", "ch"),
        ("ψ", "ps"),
        ("ω", "o"),
        ("ά", "a"),
        ("έ", "e"),
        ("ή", "i"),
        ("ί", "i"),
        ("ό", "o"),
        ("ύ", "y"),
        ("ώ", "o"),
    ];
    TABLE
        .iter()
        .find(|(c, _)| *c == lower)
        .map(|(_, latin)| *latin)
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

    #[test]
    fn transliterates_cyrillic_and_greek() {
        assert_eq!(transliterated("Путин-визит"), "Putin-vizit");
        assert_eq!(slugify(&transliterated("Москва, Щорс")), "moskva-shchors");
        assert_eq!(slugify(&transliterated("Αθήνα")), "athina");
        assert_eq!(transliterated("Biden 2024"), "Biden 2024");
    }
}
