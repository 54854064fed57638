//! Any bytes as a content file: split, parse and read every kind of field
//! the way the loader does. Must never panic, whatever the text.
#![no_main]

use std::path::Path;

use briefing::frontmatter::{self, parse_table, Fields, FRONT_MATTER_FIRST_LINE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(split) = frontmatter::split(text) else {
        return;
    };
    let file = Path::new("content/articles/fuzz.md");
    let Ok(table) = parse_table(split.toml, FRONT_MATTER_FIRST_LINE, file) else {
        return;
    };
    let mut diagnostics = Vec::new();
    let mut fields = Fields::new(table, split.toml, FRONT_MATTER_FIRST_LINE, file, &mut diagnostics);
    let _ = fields.required_string("title", "\"x\"");
    let _ = fields.boolean("draft");
    let _ = fields.date("date", true);
    let _ = fields.integer("weight", 0);
    let _ = fields.string_list("tags");
    let _ = fields.refs("actors");
    let _ = fields.single_ref("country");
    let _ = fields.array_of_tables("quotes", |q| {
        let _ = q.single_ref("actor");
        q.required_string("text", "\"x\"")
    });
    let _ = fields.take_extra();
    for d in &diagnostics {
        let _ = d.to_string();
    }
});
