//! Property: any text as an article's title, an actor's alias, a quote, a
//! quote's speaker or a note renders with no element and no attribute that
//! the templates did not write. Each case builds the fixture site with the
//! text put in those fields, and every page's set of tags and attributes
//! must be one the same page has when the fields hold plain words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use briefing::build::{self, BuildOptions};
use proptest::prelude::*;

const FIXTURE: &str = "tests/fixtures/small-site";
const ARTICLE: &str = "content/articles/2022-12-02-kremlin-open-to-talks.md";
const ACTOR: &str = "content/actors/vladimir-putin.md";

mod common;
use common::copy_dir;

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `text` as a TOML basic string, quotes and escapes included.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The fields of the fixture site that hold editor's text.
struct Fields<'a> {
    title: &'a str,
    alias: &'a str,
    quote: &'a str,
    speaker: &'a str,
    note: &'a str,
}

/// Builds the fixture with `fields` in place; the tags and attributes of
/// every HTML page, by page.
fn markup_of_site(fields: &Fields<'_>) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(Path::new(FIXTURE), &root);
    replace(
        &root,
        ARTICLE,
        "title = \"Kremlin open to talks if West recognises 'new territories'\"",
        &format!("title = {}", toml_string(fields.title)),
    );
    replace(
        &root,
        ARTICLE,
        "text = \"We remain open to negotiations.\"",
        &format!("text = {}", toml_string(fields.quote)),
    );
    replace(
        &root,
        ARTICLE,
        "speaker = \"A diplomat\"",
        &format!("speaker = {}", toml_string(fields.speaker)),
    );
    replace(
        &root,
        ARTICLE,
        "text = \"The outlet does not give the day; established from the Kremlin's Friday statement.\"",
        &format!("text = {}", toml_string(fields.note)),
    );
    replace(
        &root,
        ACTOR,
        "aliases = [\"Putin\", \"Mr Putin\"]",
        &format!(
            "aliases = [\"Putin\", \"Mr Putin\", {}]",
            toml_string(fields.alias)
        ),
    );
    let output = dir.path().join("public");
    build::build(&BuildOptions {
        root: root.clone(),
        output: Some(output.clone()),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    walkdir::WalkDir::new(&output)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let html = std::fs::read_to_string(e.path()).unwrap();
            (
                e.path().strip_prefix(&output).unwrap().to_path_buf(),
                markup(&html),
            )
        })
        .collect()
}

/// Every element (`p`) and attribute (`a@href`) in `html`, read the way a
/// browser's tokenizer starts a tag: `<` then a letter.
fn markup(html: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        if !bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_start = j;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"/>".contains(&bytes[j]) {
            j += 1;
        }
        let tag = html[name_start..j].to_ascii_lowercase();
        found.insert(tag.clone());
        // Attributes up to the closing `>`.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            found.insert(format!(
                "{tag}@{}",
                html[attr_start..j].to_ascii_lowercase()
            ));
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&quote) if quote == b'"' || quote == b'\'' => {
                        j = html[j + 1..]
                            .find(quote as char)
                            .map_or(bytes.len(), |end| j + 1 + end + 1);
                    }
                    _ => {
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                    }
                }
            }
        }
        i = j;
    }
    found
}

fn baseline() -> &'static BTreeMap<PathBuf, BTreeSet<String>> {
    static BASELINE: std::sync::OnceLock<BTreeMap<PathBuf, BTreeSet<String>>> =
        std::sync::OnceLock::new();
    BASELINE.get_or_init(|| {
        markup_of_site(&Fields {
            title: "Plain title",
            alias: "Plain alias",
            // The fixture's own quote: long enough to stand as a card (a
            // fragment shows on no actor page) and found in its context, where
            // the article page marks it, so the plain page has all the markup
            // a quote can bring.
            quote: "We remain open to negotiations.",
            speaker: "Plain speaker",
            note: "Plain note.",
        })
    })
}

/// Text an attacker would try, mixed with anything at all.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("\"><img src=x onerror=alert(1)>".to_string()),
        Just("' onmouseover='alert(1)".to_string()),
        Just("</title><svg/onload=alert(1)>".to_string()),
        Just("{{ site.title }}{% raw %}".to_string()),
        Just("<!--".to_string()),
        Just("]]></script><a href=javascript:alert(1)>".to_string()),
        Just("&lt;b&gt; &amp; &#60;i&#62;".to_string()),
        Just("[link](javascript:alert(1)) **bold** <b>".to_string()),
        "[<>\"'&=/a-z ]{1,12}",
        "\\PC{1,12}",
    ];
    proptest::collection::vec(pieces, 1..4)
        .prop_map(|parts| parts.concat())
        .prop_filter("blank text counts as no text", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_text_in_a_field_adds_no_element_or_attribute(
        title in hostile(),
        alias in hostile(),
        quote in hostile(),
        speaker in hostile(),
        note in hostile(),
    ) {
        let fields = Fields { title: &title, alias: &alias, quote: &quote, speaker: &speaker, note: &note };
        let pages = markup_of_site(&fields);
        let baseline = baseline();
        for (page, markup) in &pages {
            let allowed = baseline.get(page);
            prop_assert!(allowed.is_some(), "a page the plain site has not: {}", page.display());
            let extra: Vec<&String> = markup.difference(allowed.unwrap()).collect();
            prop_assert!(extra.is_empty(), "{}: {extra:?}", page.display());
        }
    }
}

/// A one-letter quote is found inside its context and marked there; the
/// plain page's quote is marked too, so this adds nothing (once a failing
/// case of the property above).
#[test]
fn a_one_letter_quote_adds_no_element_or_attribute() {
    let pages = markup_of_site(&Fields {
        title: "Plain title",
        alias: "Plain alias",
        quote: "l",
        speaker: "Plain speaker",
        note: "Plain note.",
    });
    for (page, markup) in &pages {
        let allowed = &baseline()[page];
        let extra: Vec<&String> = markup.difference(allowed).collect();
        assert!(extra.is_empty(), "{}: {extra:?}", page.display());
    }
}

#[test]
fn the_markup_reader_sees_what_a_browser_would() {
    let html = "<p class=\"a\">x &lt;b&gt; <a href='y' data-x=1>z</a><!-- <i> --></p><br/>";
    let found: Vec<String> = markup(html).into_iter().collect();
    assert_eq!(found, ["a", "a@data-x", "a@href", "br", "p", "p@class"]);
}
