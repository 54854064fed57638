//! Any text to a slug: the result is always a valid slug, or empty for
//! blank text, and slugging a slug changes nothing.
#![no_main]

use briefing::slug;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let latin = slug::transliterated(text);
    for (source, candidate) in [(text, slug::slugify(text)), (latin.as_str(), slug::slugify(&latin))] {
        if source.trim().is_empty() {
            assert!(candidate.is_empty(), "{source:?} -> {candidate:?}");
        } else {
            assert!(slug::is_valid(&candidate), "{source:?} -> {candidate:?}");
            assert_eq!(slug::slugify(&candidate), candidate);
        }
    }
    let _ = slug::nearest(text, ["vladimir-putin", "joe-biden", ""]);
});
