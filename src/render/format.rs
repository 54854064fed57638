//! How numbers, dates and counts read on a page: `1 article`, `18 February
//! 2025`, `February 2025`, feed timestamps, and front matter tables as
//! template values. Pages and charts both use these; nothing here knows
//! where a page goes.

use chrono::{Datelike, NaiveDate};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::calendar::{self, MONTHS};
use crate::model::When;

/// `1 article`, `2 articles`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `18 February 2025`.
pub fn display_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        calendar::month_name(date),
        date.year()
    )
}

/// `February 2025`.
pub fn month_title(year: i32, month: u32) -> String {
    format!("{} {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
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
    fn dates_read_like_a_newspaper() {
        let date = NaiveDate::from_ymd_opt(2025, 2, 18).unwrap();
        assert_eq!(display_date(date), "18 February 2025");
        assert_eq!(month_title(2025, 2), "February 2025");
    }

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
