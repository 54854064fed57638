//! How counts read in the command line's messages (`1 article`), feed
//! timestamps, and front matter tables as template values. Dates and counts
//! on pages are in the site's language (see [`crate::i18n`]).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::When;

/// `1 article`, `2 articles`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A feed timestamp: the time given, or midnight UTC of the date.
pub fn rfc3339(when: &When) -> String {
    match when.datetime {
        Some(dt) => dt.to_rfc3339(),
        None => format!("{}T00:00:00Z", when.date),
    }
}

/// A front matter table (`extra`) as a template sees it, borrowed: values
/// as they are, dates as their TOML text.
pub struct Extra<'a>(pub &'a toml::Table);

struct TomlValue<'a>(&'a toml::Value);

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, &TomlValue(value))?;
        }
        map.end()
    }
}

impl Serialize for TomlValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            toml::Value::String(s) => serializer.serialize_str(s),
            toml::Value::Integer(n) => serializer.serialize_i64(*n),
            toml::Value::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            toml::Value::Float(_) => serializer.serialize_unit(),
            toml::Value::Boolean(b) => serializer.serialize_bool(*b),
            toml::Value::Datetime(d) => serializer.serialize_str(&d.to_string()),
            toml::Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&TomlValue(item))?;
                }
                seq.end()
            }
            toml::Value::Table(table) => Extra(table).serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(plural(0, "article"), "0 articles");
        assert_eq!(plural(1, "article"), "1 article");
        assert_eq!(plural(2, "event"), "2 events");
    }

    #[test]
    fn extra_fields_keep_their_values_and_dates_read_as_toml() {
        let table: toml::Table = toml::from_str(
            "n = 3\nf = 1.5\nok = true\nday = 2025-02-18\n[inner]\nlist = [\"a\", 2]",
        )
        .unwrap();
        let json = serde_json::to_value(Extra(&table)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "n": 3, "f": 1.5, "ok": true, "day": "2025-02-18",
                "inner": { "list": ["a", 2] }
            })
        );
    }
}
