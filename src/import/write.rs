//! Writes an imported article as front matter plus body, and merges a
//! re-import into the file an editor may have changed: each generated field
//! carries the hash of the value import wrote, so a field whose value still
//! has that hash is import's to replace, and any other is the editor's to keep.
//! A merge edits the existing front matter in place with `toml_edit`: the
//! editor's comments, key order, formatting and line ends (CRLF stays CRLF)
//! survive, and only values import replaces are written, each on one line.

use toml::{Table, Value};
use toml_edit::{DocumentMut, Item};

/// The fields import generates, in the order they are written. `body` is
/// the Markdown after the front matter.
pub const GENERATED: &[&str] = &[
    "title", "date", "draft", "source", "url", "authors", "summary", "actors", "events", "quotes",
    "notes", "body",
];

/// The order of the keys of a `[[quotes]]` or `[[notes]]` entry: who and
/// what first, the long `context` last; other keys after them, by name.
const ITEM_KEY_ORDER: &[&str] = &[
    "actor", "speaker", "author", "text", "said", "via", "disputed", "events", "context",
];

/// The keys of one entry in [`ITEM_KEY_ORDER`].
fn item_entries(table: &Table) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = table.iter().collect();
    entries.sort_by_key(|(k, _)| {
        ITEM_KEY_ORDER
            .iter()
            .position(|o| o == k)
            .unwrap_or(ITEM_KEY_ORDER.len())
    });
    entries
}

/// FNV-1a, 64 bits, as 16 hex digits: a stable fingerprint, not a secret.
pub fn fnv64(bytes: &[u8]) -> String {
    let hash = crate::text::fnv1a_64(bytes.iter().copied());
    format!("{hash:016x}")
}

/// A field's value in a canonical text form (absent is empty).
fn canonical(value: Option<&Value>) -> String {
    fn walk(value: &Value, out: &mut String) {
        match value {
            Value::String(s) => {
                out.push('s');
                out.push_str(s.trim());
            }
            Value::Array(items) => {
                out.push('[');
                for item in items {
                    walk(item, out);
                    out.push('\u{1f}');
                }
                out.push(']');
            }
            Value::Table(table) => {
                let mut keys: Vec<&String> = table.keys().collect();
                keys.sort();
                out.push('{');
                for key in keys {
                    out.push_str(key);
                    out.push('=');
                    if let Some(v) = table.get(key) {
                        walk(v, out);
                    }
                    out.push('\u{1f}');
                }
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    if let Some(value) = value {
        walk(value, &mut out);
    }
    out
}

fn field_hash(value: Option<&Value>) -> String {
    fnv64(canonical(value).as_bytes())
}

fn body_hash(body: &str) -> String {
    fnv64(body.trim().as_bytes())
}

/// The fingerprints a piece is known by when it is imported again: of the
/// title and of the body import generated from it, as recorded in
/// `[import.generated]`.
pub fn piece_keys(title: Option<&Value>, body: &str) -> (String, String) {
    (field_hash(title), body_hash(body))
}

/// An article file as import last left it, possibly edited since.
#[derive(Debug, Clone)]
pub struct Existing {
    /// The front matter without its `[import]` table.
    pub fields: Table,
    /// The body, with `\n` line ends whatever the file uses.
    pub body: String,
    /// `[import.generated]`: field name → hash of what import wrote.
    pub stored: Table,
    /// The front matter as written, comments and layout included, so that
    /// a merge changes only the values it must.
    document: DocumentMut,
    /// The text before the front matter: the opening `+++` line (and a
    /// byte order mark, when the file has one).
    head: String,
    /// The closing `+++` line.
    closing: String,
    /// The file's lines end in `\r\n`.
    crlf: bool,
}

impl Existing {
    /// Reads a file's text, or says why it cannot be merged into.
    pub fn parse(text: &str) -> Result<Existing, String> {
        let crlf = text
            .split_once('\n')
            .is_some_and(|(first, _)| first.ends_with('\r'));
        let text = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        let split =
            crate::frontmatter::split(&text).map_err(|(line, m)| format!("line {line}: {m}"))?;
        let toml_start = split.toml.as_ptr() as usize - text.as_ptr() as usize;
        let toml_end = toml_start + split.toml.len();
        let body_start = text.len() - split.body.len();
        let mut fields: Table = toml::from_str(split.toml).map_err(|e| e.message().to_string())?;
        let document: DocumentMut = split
            .toml
            .parse()
            .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
        let stored = match fields.remove("import") {
            Some(Value::Table(mut import)) => match import.remove("generated") {
                Some(Value::Table(generated)) => generated,
                _ => Table::new(),
            },
            _ => Table::new(),
        };
        Ok(Existing {
            fields,
            body: split.body.to_string(),
            stored,
            document,
            head: text[..toml_start].to_string(),
            closing: text[toml_end..body_start].to_string(),
            crlf,
        })
    }
}

/// Provenance written under `[import]`.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub raw: String,
    pub piece: usize,
    pub raw_hash: String,
}

/// The outcome of merging newly generated fields into a file.
#[derive(Debug, Default)]
pub struct Merged {
    pub text: String,
    /// Fields where the editor's value was kept.
    pub kept: Vec<String>,
    /// Fields the editor changed that import would now also change.
    pub conflicts: Vec<String>,
}

/// What a merge does with one generated field.
enum Outcome {
    /// Import's new value (absent when import has none) replaces the file's.
    Replace(Option<Value>),
    /// The editor's value stays.
    Keep,
}

/// Merges `generated` (field → value, absent when import has none) and
/// `body` into `existing`, and renders the file. A new file is written in
/// import's own layout; an existing one keeps its comments, key order,
/// formatting and line ends, and only the values import replaces change.
pub fn merge(
    generated: &[(&str, Option<Value>)],
    body: &str,
    existing: Option<&Existing>,
    provenance: &Provenance,
) -> Merged {
    let mut merged = Merged::default();
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    let mut hashes: Vec<(&str, String)> = Vec::new();
    for &name in GENERATED {
        let new = if name == "body" {
            None
        } else {
            generated
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.clone())
        };
        let new_hash = if name == "body" {
            body_hash(body)
        } else {
            field_hash(new.as_ref())
        };
        hashes.push((name, new_hash.clone()));
        let Some(existing) = existing else {
            outcomes.push((name, Outcome::Replace(new)));
            continue;
        };
        let current_hash = if name == "body" {
            body_hash(&existing.body)
        } else {
            field_hash(existing.fields.get(name))
        };
        let stored = existing
            .stored
            .get(name)
            .and_then(Value::as_str)
            .map_or_else(|| field_hash(None), str::to_string);
        if current_hash == stored || current_hash == new_hash {
            outcomes.push((name, Outcome::Replace(new)));
            continue;
        }
        merged.kept.push(name.to_string());
        // A conflict is reported once: the new generated value becomes the
        // base, so the next import keeps the editor's version silently.
        if new_hash != stored {
            merged.conflicts.push(name.to_string());
        }
        outcomes.push((name, Outcome::Keep));
    }
    merged.text = match existing {
        None => {
            let fields: Vec<(String, Value)> = outcomes
                .into_iter()
                .filter_map(|(name, outcome)| match outcome {
                    Outcome::Replace(Some(value)) => Some((name.to_string(), value)),
                    _ => None,
                })
                .collect();
            render(&fields, body, provenance, &hashes)
        }
        Some(existing) => edit(existing, &outcomes, body, provenance, &hashes),
    };
    merged
}

/// The existing file with the replaced values, provenance and hashes set in
/// place; everything else as the editor left it.
fn edit(
    existing: &Existing,
    outcomes: &[(&str, Outcome)],
    body: &str,
    provenance: &Provenance,
    hashes: &[(&str, String)],
) -> String {
    let mut document = existing.document.clone();
    let mut out_body = existing.body.clone();
    // The piece changed since import last wrote the file: then (only) the
    // file's provenance is brought up to date too.
    let mut changed = hashes
        .iter()
        .any(|(name, hash)| existing.stored.get(*name).and_then(Value::as_str) != Some(hash));
    for (name, outcome) in outcomes {
        let Outcome::Replace(new) = outcome else {
            continue;
        };
        if *name == "body" {
            if body_hash(&existing.body) != body_hash(body) {
                out_body = format!("{}\n", body.trim_end());
                changed = true;
            }
            continue;
        }
        let current = existing.fields.get(*name);
        if current.is_some() == new.is_some() && field_hash(current) == field_hash(new.as_ref()) {
            continue;
        }
        set_field(&mut document, name, new.as_ref());
        changed = true;
    }
    if changed {
        set_provenance(&mut document, provenance, hashes);
    }
    let mut text = existing.head.clone();
    text.push_str(&document.to_string());
    text.push_str(&existing.closing);
    if !existing.closing.ends_with('\n') && !out_body.is_empty() {
        text.push('\n');
    }
    text.push_str(&out_body);
    if existing.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// Sets (or removes) one top-level field. A value that replaces another
/// keeps the old one's comments and place.
fn set_field(document: &mut DocumentMut, name: &str, new: Option<&Value>) {
    let Some(new) = new else {
        document.remove(name);
        return;
    };
    let mut item = edit_item(new);
    match document.get_mut(name) {
        Some(slot) => {
            match (&mut item, &*slot) {
                (Item::Value(value), Item::Value(old)) => *value.decor_mut() = old.decor().clone(),
                (Item::ArrayOfTables(tables), Item::ArrayOfTables(old)) => {
                    if let Some(first) = old.get(0) {
                        for table in tables.iter_mut() {
                            table.set_position(first.position());
                        }
                        if let Some(table) = tables.get_mut(0) {
                            *table.decor_mut() = first.decor().clone();
                        }
                    }
                }
                _ => {}
            }
            *slot = item;
        }
        None => insert_in_order(document, name, item),
    }
}

/// Adds a field the file does not have in import's order: after the
/// generated fields that come before it, before those that come after it
/// and always before `[import]`. The editor's fields keep their order and
/// formatting (they are taken out and put back as they were).
fn insert_in_order(document: &mut DocumentMut, name: &str, item: Item) {
    let rank = |key: &str| GENERATED.iter().position(|g| *g == key);
    let mine = rank(name);
    let keys: Vec<String> = document.iter().map(|(k, _)| k.to_string()).collect();
    let after_earlier = keys
        .iter()
        .rposition(|k| rank(k).is_some_and(|r| Some(r) < mine))
        .map(|at| at + 1);
    let before_later = keys
        .iter()
        .position(|k| rank(k).is_some_and(|r| Some(r) > mine));
    let import = keys.iter().position(|k| k == "import");
    let at = after_earlier
        .or(before_later)
        .unwrap_or(keys.len())
        .min(import.unwrap_or(keys.len()));
    let tail: Vec<(toml_edit::Key, Item)> = keys[at..]
        .iter()
        .filter_map(|k| document.remove_entry(k))
        .collect();
    document.insert(name, item);
    for (key, item) in tail {
        document.insert_formatted(&key, item);
    }
}

/// `[import]` and `[import.generated]`, each value set only when it
/// differs. `piece` and `raw_hash` say where the piece was and what the raw
/// file was when import last changed the article.
fn set_provenance(document: &mut DocumentMut, provenance: &Provenance, hashes: &[(&str, String)]) {
    let import = document
        .entry("import")
        .or_insert_with(|| Item::Table(toml_edit::Table::new()));
    if !import.is_table_like() {
        *import = Item::Table(toml_edit::Table::new());
    }
    let Some(import) = import.as_table_like_mut() else {
        return;
    };
    set_value(import, "raw", &Value::String(provenance.raw.clone()));
    set_value(
        import,
        "piece",
        &Value::Integer(i64::try_from(provenance.piece).unwrap_or(i64::MAX)),
    );
    set_value(
        import,
        "raw_hash",
        &Value::String(provenance.raw_hash.clone()),
    );
    let generated = import
        .entry("generated")
        .or_insert_with(|| Item::Table(toml_edit::Table::new()));
    if !generated.is_table_like() {
        *generated = Item::Table(toml_edit::Table::new());
    }
    let Some(generated) = generated.as_table_like_mut() else {
        return;
    };
    for (name, hash) in hashes {
        set_value(generated, name, &Value::String(hash.clone()));
    }
}

/// Sets `key` in `table` to `value` unless it already has that value.
fn set_value(table: &mut dyn toml_edit::TableLike, key: &str, value: &Value) {
    let same = table
        .get(key)
        .and_then(Item::as_value)
        .is_some_and(|old| same_scalar(old, value));
    if same {
        return;
    }
    let mut new = edit_value(value);
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        Some(slot) => *slot = Item::Value(new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

fn same_scalar(old: &toml_edit::Value, value: &Value) -> bool {
    match value {
        Value::String(s) => old.as_str() == Some(s.as_str()),
        Value::Integer(i) => old.as_integer() == Some(*i),
        _ => false,
    }
}

/// A value as `toml_edit` holds it, written on one line the way [`render`]
/// writes it (so no value can bring a `+++` line into the front matter).
fn edit_value(value: &Value) -> toml_edit::Value {
    value_text(value)
        .parse()
        .unwrap_or_else(|_| toml_edit::Value::from(value_text(value)))
}

/// A field as `toml_edit` holds it: a non-empty list of tables as
/// `[[name]]` tables, anything else as a value.
fn edit_item(value: &Value) -> Item {
    let tables: Option<Vec<&Table>> = value
        .as_array()
        .filter(|items| !items.is_empty())
        .and_then(|items| items.iter().map(Value::as_table).collect());
    let Some(tables) = tables else {
        return Item::Value(edit_value(value));
    };
    let mut array = toml_edit::ArrayOfTables::new();
    for table in tables {
        let mut out = toml_edit::Table::new();
        for (key, value) in item_entries(table) {
            out.insert(key, Item::Value(edit_value(value)));
        }
        array.push(out);
    }
    Item::ArrayOfTables(array)
}

fn render(
    fields: &[(String, Value)],
    body: &str,
    provenance: &Provenance,
    hashes: &[(&str, String)],
) -> String {
    let mut out = String::from("+++\n");
    let is_table_array = |v: &Value| {
        v.as_array()
            .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_table))
    };
    for (key, value) in fields.iter().filter(|(_, v)| !is_table_array(v)) {
        out.push_str(&format!("{} = {}\n", key_text(key), value_text(value)));
    }
    for (key, value) in fields.iter().filter(|(_, v)| is_table_array(v)) {
        for item in value.as_array().into_iter().flatten() {
            out.push_str(&format!("\n[[{}]]\n", key_text(key)));
            for (k, v) in item.as_table().map(item_entries).unwrap_or_default() {
                out.push_str(&format!("{} = {}\n", key_text(k), value_text(v)));
            }
        }
    }
    out.push_str("\n[import]\n");
    out.push_str(&format!("raw = {}\n", basic_string(&provenance.raw)));
    out.push_str(&format!("piece = {}\n", provenance.piece));
    out.push_str(&format!("raw_hash = \"{}\"\n", provenance.raw_hash));
    out.push_str("\n[import.generated]\n");
    for (name, hash) in hashes {
        out.push_str(&format!("{name} = \"{hash}\"\n"));
    }
    out.push_str("+++\n");
    out.push_str(body.trim_end());
    out.push('\n');
    out
}

fn key_text(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        basic_string(key)
    }
}

/// A value on one line; strings always as basic strings, so that no value
/// can spread over lines and bring a `+++` line into the front matter.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => basic_string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(value_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(table) => {
            let items: Vec<String> = table
                .iter()
                .map(|(k, v)| format!("{} = {}", key_text(k), value_text(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// `text` as a TOML basic string on one line.
pub fn quoted(text: &str) -> String {
    basic_string(text)
}

/// The runs of bytes that need no escape are copied whole; a byte below
/// space, DEL, a quote mark, a backslash and the C1 controls (`C2 80` to
/// `C2 9F`) are the characters that are escaped.
fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    let mut kept_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let c1 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        if !(b < 0x20 || b == 0x7f || b == b'"' || b == b'\\' || c1) {
            continue;
        }
        out.push_str(&text[kept_from..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            _ if c1 => out.push_str(&format!("\\u{:04X}", bytes[i + 1])),
            other => out.push_str(&format!("\\u{other:04X}")),
        }
        kept_from = if c1 { i + 2 } else { i + 1 };
    }
    out.push_str(&text[kept_from..]);
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance() -> Provenance {
        Provenance {
            raw: "raw/a.txt".into(),
            piece: 1,
            raw_hash: fnv64(b"raw"),
        }
    }

    fn string(s: &str) -> Option<Value> {
        Some(Value::String(s.into()))
    }

    /// `basic_string` as first written, one character at a time: the
    /// run-copying version must give the same string.
    fn basic_string_per_char(text: &str) -> String {
        let mut out = String::from('"');
        for ch in text.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        #[test]
        fn run_copying_matches_per_character_escaping(
            text in "[ a-z\"\\\\\n\t\r\u{1}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{c2}é’]{0,40}"
        ) {
            proptest::prop_assert_eq!(basic_string(&text), basic_string_per_char(&text));
        }
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv64(b""), "cbf29ce484222325");
        assert_eq!(fnv64(b"a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn writes_loadable_front_matter_with_provenance() {
        let merged = merge(
            &[("title", string("A \"quoted\" title\n+++"))],
            "Body.\n",
            None,
            &provenance(),
        );
        let existing = Existing::parse(&merged.text).unwrap();
        assert_eq!(
            existing.fields.get("title").and_then(Value::as_str),
            Some("A \"quoted\" title\n+++")
        );
        assert_eq!(existing.body, "Body.\n");
        assert_eq!(existing.stored.len(), GENERATED.len());
    }

    #[test]
    fn reimport_replaces_untouched_fields_and_keeps_edited_ones() {
        let first = merge(
            &[("title", string("Old")), ("summary", string("Sum"))],
            "Body.",
            None,
            &provenance(),
        );
        let edited = first
            .text
            .replace("summary = \"Sum\"", "summary = \"Editor's\"")
            .replace("Body.", "Edited body.")
            .replace("+++\ntitle", "+++\ntags = [\"x\"]\ntitle");
        let existing = Existing::parse(&edited).unwrap();
        let second = merge(
            &[("title", string("New")), ("summary", string("Sum"))],
            "Body.",
            Some(&existing),
            &provenance(),
        );
        let reread = Existing::parse(&second.text).unwrap();
        assert_eq!(
            reread.fields.get("title").and_then(Value::as_str),
            Some("New")
        );
        assert_eq!(
            reread.fields.get("summary").and_then(Value::as_str),
            Some("Editor's")
        );
        assert!(reread.fields.contains_key("tags"));
        assert_eq!(reread.body, "Edited body.\n");
        assert_eq!(second.kept, ["summary", "body"]);
        assert!(second.conflicts.is_empty());
        let third = merge(
            &[("title", string("New")), ("summary", string("Changed"))],
            "Body 2.",
            Some(&reread),
            &provenance(),
        );
        assert_eq!(third.conflicts, ["summary", "body"]);
        let again = Existing::parse(&third.text).unwrap();
        assert_eq!(
            again.fields.get("summary").and_then(Value::as_str),
            Some("Editor's")
        );
        let fourth = merge(
            &[("title", string("New")), ("summary", string("Changed"))],
            "Body 2.",
            Some(&again),
            &provenance(),
        );
        assert!(fourth.conflicts.is_empty(), "a conflict is reported once");
        assert_eq!(fourth.kept, ["summary", "body"]);
        assert_eq!(fourth.text, third.text);
    }

    #[test]
    fn a_new_field_goes_in_imports_order_and_the_editors_stay_put() {
        let first = merge(
            &[
                ("title", string("T")),
                ("actors", Some(Value::Array(vec![]))),
            ],
            "Body.",
            None,
            &provenance(),
        );
        let edited = first.text.replace(
            "title = \"T\"\n",
            "title = \"T\"  # wire\ntags = [ \"x\" ]\n",
        );
        let existing = Existing::parse(&edited).unwrap();
        let mut quote = Table::new();
        quote.insert("speaker".into(), Value::String("Jane Doe".into()));
        quote.insert("text".into(), Value::String("Yes".into()));
        let second = merge(
            &[
                ("title", string("T")),
                ("source", string("Reuters")),
                ("quotes", Some(Value::Array(vec![Value::Table(quote)]))),
            ],
            "Body.",
            Some(&existing),
            &provenance(),
        );
        assert!(
            second.text.starts_with(
                "+++\ntitle = \"T\"  # wire\nsource = \"Reuters\"\ntags = [ \"x\" ]\n\n[[quotes]]\nspeaker = \"Jane Doe\"\ntext = \"Yes\"\n\n[import]\n"
            ),
            "{}",
            second.text
        );
    }

    fn quote(said: &str, context: &str) -> Value {
        let mut quote = Table::new();
        quote.insert("actor".into(), Value::String("vladimir-putin".into()));
        quote.insert("text".into(), Value::String("seven to ten minutes".into()));
        quote.insert("said".into(), Value::String(said.into()));
        quote.insert("context".into(), Value::String(context.into()));
        Value::Table(quote)
    }

    #[test]
    fn an_editors_correction_of_a_quotes_provenance_survives_reimport() {
        let generated = |said: &str, context: &str| {
            vec![
                ("title", string("T")),
                ("quotes", Some(Value::Array(vec![quote(said, context)]))),
            ]
        };
        let first = merge(
            &generated("2022-12", "Said the Russian President."),
            "Body.",
            None,
            &provenance(),
        );
        assert!(
            first.text.contains("[[quotes]]\nactor = \"vladimir-putin\"\ntext = \"seven to ten minutes\"\nsaid = \"2022-12\"\ncontext = \"Said the Russian President.\"\n"),
            "{}",
            first.text
        );
        let edited = first
            .text
            .replace("said = \"2022-12\"", "said = 2021-12-21");
        let existing = Existing::parse(&edited).unwrap();
        let second = merge(
            &generated("2022-12", "Said the Russian President."),
            "Body.",
            Some(&existing),
            &provenance(),
        );
        assert_eq!(second.kept, ["quotes"]);
        assert!(second.text.contains("said = 2021-12-21"), "{}", second.text);
        let reread = Existing::parse(&second.text).unwrap();
        let third = merge(
            &generated("2022-12", "A new context."),
            "Body.",
            Some(&reread),
            &provenance(),
        );
        assert_eq!(third.conflicts, ["quotes"]);
        assert!(third.text.contains("said = 2021-12-21"), "{}", third.text);
        assert!(!third.text.contains("A new context."), "{}", third.text);
    }
}
