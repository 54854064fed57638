//! Writes an imported article as front matter plus body, and merges a
//! re-import into the file an editor may have changed: each generated field
//! carries the hash of the value import wrote, so a field whose value still
//! has that hash is import's to replace, and any other is the editor's to keep.

use toml::{Table, Value};

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

/// FNV-1a, 64 bits, as 16 hex digits: a stable fingerprint, not a secret.
pub fn fnv64(bytes: &[u8]) -> String {
    let hash = crate::fingerprint::fnv1a(bytes.iter().copied());
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

/// An article file as import last left it, possibly edited since.
#[derive(Debug, Clone)]
pub struct Existing {
    /// The front matter without its `[import]` table.
    pub fields: Table,
    pub body: String,
    /// `[import.generated]`: field name → hash of what import wrote.
    pub stored: Table,
}

impl Existing {
    /// Reads a file's text, or says why it cannot be merged into.
    pub fn parse(text: &str) -> Result<Existing, String> {
        let split =
            crate::frontmatter::split(text).map_err(|(line, m)| format!("line {line}: {m}"))?;
        let mut fields: Table = toml::from_str(split.toml).map_err(|e| e.message().to_string())?;
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

/// Merges `generated` (field → value, absent when import has none) and
/// `body` into `existing`, and renders the file.
pub fn merge(
    generated: &[(&str, Option<Value>)],
    body: &str,
    existing: Option<&Existing>,
    provenance: &Provenance,
) -> Merged {
    let mut merged = Merged::default();
    let mut fields: Vec<(String, Value)> = Vec::new();
    let mut hashes: Vec<(&str, String)> = Vec::new();
    let mut out_body = body.to_string();
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
        let Some(existing) = existing else {
            hashes.push((name, new_hash));
            fields.extend(new.map(|v| (name.to_string(), v)));
            continue;
        };
        let current = existing.fields.get(name);
        let current_hash = if name == "body" {
            body_hash(&existing.body)
        } else {
            field_hash(current)
        };
        let stored = existing
            .stored
            .get(name)
            .and_then(Value::as_str)
            .map_or_else(|| field_hash(None), str::to_string);
        if current_hash == stored || current_hash == new_hash {
            hashes.push((name, new_hash));
            fields.extend(new.map(|v| (name.to_string(), v)));
            continue;
        }
        merged.kept.push(name.to_string());
        // A conflict is reported once: the new generated value becomes the
        // base, so the next import keeps the editor's version silently.
        if new_hash != stored {
            merged.conflicts.push(name.to_string());
        }
        hashes.push((name, new_hash));
        if name == "body" {
            out_body = existing.body.clone();
        } else if let Some(value) = current {
            fields.push((name.to_string(), value.clone()));
        }
    }
    if let Some(existing) = existing {
        for (key, value) in &existing.fields {
            if !GENERATED.contains(&key.as_str()) {
                fields.push((key.clone(), value.clone()));
            }
        }
    }
    merged.text = render(&fields, &out_body, provenance, &hashes);
    merged
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
            let mut entries: Vec<(&String, &Value)> =
                item.as_table().into_iter().flatten().collect();
            entries.sort_by_key(|(k, _)| {
                ITEM_KEY_ORDER
                    .iter()
                    .position(|o| o == k)
                    .unwrap_or(ITEM_KEY_ORDER.len())
            });
            for (k, v) in entries {
                out.push_str(&format!("{} = {}\n", key_text(k), value_text(v)));
            }
        }
    }
    out.push_str("\n[import]\n");
    out.push_str(&format!(
        "raw = {}\n",
        Value::String(provenance.raw.clone())
    ));
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
        Value::String(key.to_string()).to_string()
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

fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
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
}
