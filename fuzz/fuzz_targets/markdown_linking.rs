//! Any text as an article body, rendered to HTML with actor mentions
//! linked; the first bytes choose the actors' names. Must never panic, and
//! no `<script` may come out of any input.
#![no_main]

use briefing::markdown::{self, ActorLinker, Linking};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // "name|alias|other\nbody": the first line names the actors.
    let (names, body) = text.split_once('\n').unwrap_or(("Putin|Biden", text));
    let names: Vec<Vec<&str>> = names.split('|').map(|n| vec![n]).collect();
    let linker = ActorLinker::new(&names);
    let href = |actor: usize| format!("../actors/a{actor}/index.html");
    let linking = Linking {
        linker: &linker,
        href: &href,
        own: None,
    };
    let html = markdown::to_html(body, Some(&linking));
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    let plain = markdown::first_paragraph_text(body);
    let _ = markdown::truncate_words(&plain, 40);
    for (start, end, _) in linker.mentions(body) {
        assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
    }
});
