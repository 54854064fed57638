//! Splits a content file into its TOML front matter and Markdown body, and
//! reads typed fields out of the front matter. Every problem becomes a
//! [`Diagnostic`] that names the line of the field at fault, so an editor can
//! jump straight to it. Unknown fields are left in the table for templates.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use toml::{Table, Value};

use crate::diag::Diagnostic;
use crate::model::Said;

/// A content file cut in two at its `+++` lines.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the two `+++` lines.
    pub toml: &'a str,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
}

/// The line in a content file of the first line of its front matter TOML
/// (line 1 is the opening `+++`).
pub const FRONT_MATTER_FIRST_LINE: usize = 2;

/// Cuts `text` into front matter and body, or says why it cannot (as a line
/// number and a message).
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (text, ""),
    };
    if first.trim_end() != "+++" {
        let hint = if first.trim_end() == "---" {
            "front matter must be TOML between +++ lines, not YAML between --- lines"
        } else {
            "the file must start with a line `+++`, then TOML fields, then another `+++` line, then the Markdown body"
        };
        return Err((1, format!("missing front matter: {hint}")));
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                toml: &rest[..offset],
                body,
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "front matter is not closed: add a line `+++` after the last field, before the body"
            .to_string(),
    ))
}

/// The most items one front matter list may hold: every tag, actor or
/// event listed makes or lengthens a page, so a runaway list (50,000 tags
/// made 50,109 pages) is refused rather than built.
pub const MAX_LIST_ITEMS: usize = 10_000;

/// A calendar date, optionally with a time and offset (`2025-02-18T09:30:00+03:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub date: NaiveDate,
    pub datetime: Option<DateTime<FixedOffset>>,
}

/// A slug that refers to another file, with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub slug: String,
    pub line: Option<usize>,
}

/// Reads typed fields out of one table of a front matter, removing each field
/// it reads; what is left over at the end is the page's `extra`.
pub struct Fields<'a> {
    table: Table,
    lines: Rc<LineFinder<'a>>,
    /// The file line of the first line of the TOML text.
    first_line: usize,
    file: &'a Path,
    /// `quotes[2]` when reading the third `[[quotes]]` table.
    prefix: Option<(String, usize)>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Parses TOML that starts on line `first_line` of `file`, or returns the
/// problem with its line, and its field when the line defines one.
pub fn parse_table(toml_text: &str, first_line: usize, file: &Path) -> Result<Table, Diagnostic> {
    toml_text.parse::<Table>().map_err(|err| {
        let toml_line = err.span().map(|span| line_at(toml_text, span.start));
        let key = toml_line
            .and_then(|l| toml_text.lines().nth(l - 1))
            .and_then(key_defined_on);
        let reason = err.message().trim().trim_end_matches('.').to_string();
        let message = match reason.strip_prefix("invalid date") {
            Some(detail) => {
                format!("invalid date{detail}; write a real calendar date like 2025-02-18")
            }
            None => format!("invalid TOML: {reason}; fix the syntax of this line"),
        };
        let diagnostic =
            Diagnostic::new(file, message).at_line(toml_line.map(|l| l + first_line - 1));
        match key {
            Some(key) => diagnostic.field(key),
            None => diagnostic,
        }
    })
}

/// The key a `key = value` line defines.
fn key_defined_on(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| key.to_string())
}

fn line_at(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl<'a> Fields<'a> {
    pub fn new(
        table: Table,
        toml_text: &'a str,
        first_line: usize,
        file: &'a Path,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Fields {
            table,
            lines: Rc::new(LineFinder::new(toml_text)),
            first_line,
            file,
            prefix: None,
            diagnostics,
        }
    }

    /// The file these fields come from.
    pub fn file(&self) -> &Path {
        self.file
    }

    fn field_name(&self, key: &str) -> String {
        match &self.prefix {
            Some((array, index)) => format!("{array}[{index}].{key}"),
            None => key.to_string(),
        }
    }

    fn region(&self) -> (usize, usize) {
        match &self.prefix {
            Some((array, index)) => self.lines.array_table_region(array, *index),
            None => self.lines.top_region(),
        }
    }

    /// The file line of `key` in the current table.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let region = self.region();
        self.lines
            .key_line(region, key)
            .or_else(|| self.prefix.as_ref().map(|_| region.0 + 1))
            .map(|l| l + self.first_line - 1)
    }

    fn value_line(&self, key: &str, value: &str) -> Option<usize> {
        self.lines
            .value_line(self.region(), key, value)
            .map(|l| l + self.first_line - 1)
            .or_else(|| self.line_of(key))
    }

    /// Records a problem with `key`.
    pub fn error(&mut self, key: &str, message: impl Into<String>) {
        let diagnostic = Diagnostic::new(self.file, message)
            .at_line(self.line_of(key))
            .field(self.field_name(key));
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let message = format!("expected {expected}, found {}", describe(found));
        self.error(key, message);
    }

    /// An optional string; whitespace-only counts as absent.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.table.remove(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(key, "a string in quotes", &other);
                None
            }
        }
    }

    /// A string that must be there and must not be blank.
    pub fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let Some(value) = self.table.get(key) else {
            self.missing(key, example);
            return None;
        };
        let is_string = matches!(value, Value::String(_));
        let value = self.string(key);
        if value.is_none() && is_string {
            self.error(
                key,
                format!("must not be empty; write e.g. {key} = {example}"),
            );
        }
        value
    }

    /// Records that a required field is absent, at the line of the table's
    /// header (line 1, the opening `+++`, for the top level).
    fn missing(&mut self, key: &str, example: &str) {
        let line = match &self.prefix {
            Some(_) => self.region().0 + self.first_line,
            None => self.first_line.saturating_sub(1).max(1),
        };
        let diagnostic = Diagnostic::new(
            self.file,
            format!("missing required field; add e.g. {key} = {example}"),
        )
        .at_line(Some(line))
        .field(self.field_name(key));
        self.diagnostics.push(diagnostic);
    }

    /// An optional boolean.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.table.remove(key)? {
            Value::Boolean(b) => Some(b),
            other => {
                self.wrong_type(key, "true or false", &other);
                None
            }
        }
    }

    /// An optional whole number of at least `min`.
    pub fn integer(&mut self, key: &str, min: i64) -> Option<i64> {
        match self.table.remove(key)? {
            Value::Integer(n) if n >= min => Some(n),
            Value::Integer(n) => {
                self.error(key, format!("must be at least {min}, found {n}"));
                None
            }
            other => {
                self.wrong_type(key, "a whole number", &other);
                None
            }
        }
    }

    /// An optional list of strings; a single string is taken as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(value) = self.table.remove(key) else {
            return Vec::new();
        };
        match value {
            Value::String(s) => vec![s],
            Value::Array(items) if items.len() > MAX_LIST_ITEMS => {
                self.error(
                    key,
                    format!(
                        "lists {} items; one list may hold at most {MAX_LIST_ITEMS}: keep the ones that matter for this page",
                        items.len()
                    ),
                );
                Vec::new()
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s),
                        Value::String(_) => {}
                        other => {
                            self.wrong_type(key, "a list of strings in quotes", &other);
                            return Vec::new();
                        }
                    }
                }
                out
            }
            other => {
                self.wrong_type(key, "a list of strings, like [\"a\", \"b\"]", &other);
                Vec::new()
            }
        }
    }

    /// A list of slugs that refer to other files, each with its own line.
    pub fn refs(&mut self, key: &str) -> Vec<Ref> {
        let slugs = self.string_list(key);
        let lines = self.lines.value_lines(self.region(), key, &slugs);
        let fallback = self.line_of(key);
        slugs
            .into_iter()
            .zip(lines)
            .map(|(slug, line)| Ref {
                slug,
                line: line.map(|l| l + self.first_line - 1).or(fallback),
            })
            .collect()
    }

    /// A single slug that refers to another file.
    pub fn single_ref(&mut self, key: &str) -> Option<Ref> {
        let slug = self.string(key)?;
        let line = self.value_line(key, &slug);
        Some(Ref { slug, line })
    }

    /// A TOML date (`2025-02-18`) or date-time with offset.
    pub fn date(&mut self, key: &str, required: bool) -> Option<When> {
        let Some(value) = self.table.remove(key) else {
            if required {
                self.missing(key, "2025-02-18");
            }
            return None;
        };
        match value {
            Value::Datetime(dt) => self.checked_date(key, dt),
            Value::String(s) => {
                self.error(
                    key,
                    format!(
                        "expected a TOML date without quotes, like {key} = 2025-02-18, found the string \"{s}\""
                    ),
                );
                None
            }
            other => {
                self.wrong_type(key, "a date like 2025-02-18", &other);
                None
            }
        }
    }

    /// A day (`2021-12-21`, a TOML date) or a month alone (`"2022-03"`, a
    /// string), for when the text gives no day.
    pub fn day_or_month(&mut self, key: &str) -> Option<Said> {
        match self.table.remove(key)? {
            Value::Datetime(dt) => self.checked_date(key, dt).map(|w| Said::Day(w.date)),
            Value::String(s) => {
                let month = s
                    .trim()
                    .split_once('-')
                    .filter(|(y, m)| y.len() == 4 && m.len() == 2)
                    .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
                    .and_then(|(y, m)| Said::month(y, m));
                if month.is_none() {
                    self.error(
                        key,
                        format!(
                            "expected a date without quotes, like {key} = 2021-12-21, or a month in quotes when the text gives no day, like {key} = \"2022-03\"; found the string \"{s}\""
                        ),
                    );
                }
                month
            }
            other => {
                self.wrong_type(
                    key,
                    "a date like 2021-12-21 or a month like \"2022-03\"",
                    &other,
                );
                None
            }
        }
    }

    fn checked_date(&mut self, key: &str, dt: toml::value::Datetime) -> Option<When> {
        let Some(d) = dt.date else {
            self.error(
                key,
                format!("a time alone is not a date; write e.g. {key} = 2025-02-18"),
            );
            return None;
        };
        let Some(date) = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        else {
            self.error(
                key,
                format!(
                    "invalid date {:04}-{:02}-{:02}: there is no such day in the calendar",
                    d.year, d.month, d.day
                ),
            );
            return None;
        };
        let Some(t) = dt.time else {
            return Some(When {
                date,
                datetime: None,
            });
        };
        let Some(offset) = dt.offset else {
            self.error(
                key,
                "a date-time needs an offset, like 2025-02-18T09:30:00+03:00 or ...Z; or give the date alone",
            );
            return None;
        };
        let minutes = match offset {
            toml::value::Offset::Z => 0,
            toml::value::Offset::Custom { minutes } => i32::from(minutes),
        };
        let time = NaiveTime::from_hms_nano_opt(
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        );
        let offset = FixedOffset::east_opt(minutes * 60);
        let datetime = time
            .zip(offset)
            .and_then(|(time, offset)| date.and_time(time).and_local_timezone(offset).single());
        if datetime.is_none() {
            self.error(
                key,
                "invalid time of day; write e.g. 2025-02-18T09:30:00+03:00",
            );
        }
        Some(When { date, datetime })
    }

    /// An array of tables (`[[quotes]]`), each read by `read`.
    pub fn array_of_tables<T>(
        &mut self,
        key: &str,
        mut read: impl FnMut(&mut Fields<'_>) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = self.table.remove(key) else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.wrong_type(key, &format!("[[{key}]] tables"), &value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let Value::Table(table) = item else {
                self.wrong_type(key, &format!("[[{key}]] tables"), &item);
                continue;
            };
            let mut inner = Fields {
                table,
                lines: Rc::clone(&self.lines),
                first_line: self.first_line,
                file: self.file,
                prefix: Some((key.to_string(), index)),
                diagnostics: self.diagnostics,
            };
            if let Some(value) = read(&mut inner) {
                out.push(value);
            }
        }
        out
    }

    /// The fields nobody read: the page's `extra`.
    pub fn take_extra(&mut self) -> Table {
        std::mem::take(&mut self.table)
    }
}

/// How a value looks, for "expected X, found Y" messages.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string \"{s}\""),
        Value::Integer(n) => format!("the number {n}"),
        Value::Float(n) => format!("the number {n}"),
        Value::Boolean(b) => format!("{b}"),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Array(_) => "a list".to_string(),
        Value::Table(_) => "a table".to_string(),
    }
}

/// Finds the line of a key, or of a value within a key, in front matter text.
/// Lines are 0-based indexes into the TOML text here. The `[table]` headers
/// are found once, so that a file with thousands of `[[quotes]]` costs each
/// lookup only the lines of its own table.
struct LineFinder<'a> {
    lines: Vec<&'a str>,
    /// Indexes of every `[table]` or `[[array]]` header line.
    headers: Vec<usize>,
    /// For each `[[array]]` name, the indexes of its header lines.
    array_headers: HashMap<String, Vec<usize>>,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut headers = Vec::new();
        let mut array_headers: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, line) in lines.iter().enumerate() {
            if !Self::is_header(line) {
                continue;
            }
            headers.push(i);
            let compact = line.trim().replace(' ', "");
            if let Some(name) = compact
                .strip_prefix("[[")
                .and_then(|r| r.strip_suffix("]]"))
            {
                array_headers.entry(name.to_string()).or_default().push(i);
            }
        }
        LineFinder {
            lines,
            headers,
            array_headers,
        }
    }

    fn is_header(line: &str) -> bool {
        let t = line.trim_start();
        t.starts_with('[') && !t.starts_with("[\"") && t.trim_end().ends_with(']')
    }

    /// Lines before the first `[table]` header.
    fn top_region(&self) -> (usize, usize) {
        (0, self.headers.first().copied().unwrap_or(self.lines.len()))
    }

    /// Lines of the `index`-th `[[array]]` table, header included.
    fn array_table_region(&self, array: &str, index: usize) -> (usize, usize) {
        let Some(&start) = self.array_headers.get(array).and_then(|h| h.get(index)) else {
            return self.top_region();
        };
        let next = self.headers.partition_point(|&h| h <= start);
        let end = self.headers.get(next).copied().unwrap_or(self.lines.len());
        (start, end)
    }

    fn region_lines(
        &self,
        (start, end): (usize, usize),
    ) -> impl Iterator<Item = (usize, &&'a str)> {
        let end = end.min(self.lines.len());
        let start = start.min(end);
        self.lines[start..end]
            .iter()
            .enumerate()
            .map(move |(i, l)| (start + i, l))
    }

    fn key_line(&self, region: (usize, usize), key: &str) -> Option<usize> {
        self.region_lines(region)
            .find(|(_, l)| defines_key(l, key))
            .map(|(i, _)| i + 1)
    }

    fn value_line(&self, region: (usize, usize), key: &str, value: &str) -> Option<usize> {
        let from = self.key_line(region, key)? - 1;
        self.value_line_from(from, region.1, value)
    }
}

impl LineFinder<'_> {
    /// The lines of `values`, in the order a list holds them: each is
    /// looked for from the line of the one before, so a list of N values
    /// costs N lines read, not N times N. A value out of that order is
    /// looked for from the key again.
    fn value_lines(
        &self,
        region: (usize, usize),
        key: &str,
        values: &[String],
    ) -> Vec<Option<usize>> {
        let Some(from) = self.key_line(region, key).map(|l| l - 1) else {
            return vec![None; values.len()];
        };
        let mut cursor = from;
        values
            .iter()
            .map(|value| {
                let found = self
                    .value_line_from(cursor, region.1, value)
                    .or_else(|| self.value_line_from(from, region.1, value));
                if let Some(line) = found {
                    cursor = line - 1;
                }
                found
            })
            .collect()
    }

    fn value_line_from(&self, from: usize, end: usize, value: &str) -> Option<usize> {
        self.region_lines((from, end))
            .find(|(_, l)| quotes(l, value))
            .map(|(i, _)| i + 1)
    }
}

/// Whether `line` holds `value` in double or single quotes: `"value"` or
/// `'value'`. Looked for in place, with no quoted copy of `value` made for
/// each line (a site's load asks it of every slug in every file).
fn quotes(line: &str, value: &str) -> bool {
    let (line, value) = (line.as_bytes(), value.as_bytes());
    line.iter().enumerate().any(|(at, &quote)| {
        (quote == b'"' || quote == b'\'')
            && line[at + 1..].starts_with(value)
            && line.get(at + 1 + value.len()) == Some(&quote)
    })
}

fn defines_key(line: &str, key: &str) -> bool {
    let t = line.trim_start();
    let rest = t.strip_prefix(key).or_else(|| {
        t.strip_prefix('"')
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix('"'))
    });
    rest.is_some_and(|r| r.trim_start().starts_with('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_in_either_quotes_only() {
        let found = |line: &str, value: &str| {
            let copies = [format!("\"{value}\""), format!("'{value}'")];
            let by_copies = copies.iter().any(|quoted| line.contains(quoted.as_str()));
            assert_eq!(quotes(line, value), by_copies, "{line:?} {value:?}");
            by_copies
        };
        assert!(found("actors = [\"putin\", \"biden\"]", "biden"));
        assert!(found("actors = ['putin']", "putin"));
        assert!(!found("actors = [\"putin-2\"]", "putin"));
        assert!(!found("actors = [\"putin']", "putin"));
        assert!(found("x = \"a\"a\"a\"", "a"));
        assert!(found("x = \"aa\" + \"aaa\"", "aaa"));
        assert!(found("x = [\"ü\", \"é\"]", "é"));
        assert!(found("x = \"\"", ""));
        assert!(!found("x = ", ""));
        assert!(!found("", "a"));
    }

    #[test]
    fn a_key_is_defined_bare_or_quoted() {
        assert!(defines_key("  actors = []", "actors"));
        assert!(defines_key("\"actors\"= []", "actors"));
        assert!(!defines_key("actors_2 = []", "actors"));
        assert!(!defines_key("\"actors = []", "actors"));
        assert!(!defines_key("x = \"actors = 1\"", "actors"));
    }

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.toml, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        let crlf = split("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
        assert_eq!(crlf.toml, "title = \"A\"\r\n");
        assert_eq!(crlf.body, "Body");
    }

    #[test]
    fn says_what_is_missing() {
        let (line, msg) = split("title = \"A\"\n").unwrap_err();
        assert_eq!(line, 1);
        assert!(msg.starts_with("missing front matter"), "{msg}");
        let (_, yaml) = split("---\ntitle: A\n---\n").unwrap_err();
        assert!(yaml.contains("not YAML"), "{yaml}");
        let (_, open) = split("+++\ntitle = \"A\"\nBody\n").unwrap_err();
        assert!(open.starts_with("front matter is not closed"), "{open}");
    }

    #[test]
    fn finds_lines_of_keys_and_values() {
        let text = "title = \"A\"\nactors = [\n  \"a\",\n  \"b\",\n]\n\n[[quotes]]\nactor = \"a\"\n\n[[quotes]]\ntext = \"x\"\nactor = \"c\"\n";
        let finder = LineFinder::new(text);
        let top = finder.top_region();
        assert_eq!(finder.key_line(top, "title"), Some(1));
        assert_eq!(finder.value_line(top, "actors", "b"), Some(4));
        let second = finder.array_table_region("quotes", 1);
        assert_eq!(finder.key_line(second, "actor"), Some(12));
        assert_eq!(finder.key_line(top, "actor"), None);
    }

    #[test]
    fn an_impossible_date_names_its_field_and_line() {
        let text = "title = \"T\"\ndate = 2025-02-31\n";
        let err = parse_table(text, FRONT_MATTER_FIRST_LINE, Path::new("a.md")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:3: date: invalid date, expected day between 01 and 28; write a real calendar date like 2025-02-18"
        );
    }

    #[test]
    fn finds_lines_in_the_last_of_thousands_of_tables() {
        let text: String = (0..3000)
            .map(|i| format!("[[quotes]]\nactor = \"a{i}\"\ntext = \"t\"\n"))
            .collect();
        let finder = LineFinder::new(&text);
        let last = finder.array_table_region("quotes", 2999);
        assert_eq!(last, (8997, 9000));
        assert_eq!(finder.value_line(last, "actor", "a2999"), Some(8999));
        assert_eq!(finder.array_table_region("notes", 0), (0, 0));
    }

    #[test]
    fn reads_typed_fields_and_keeps_the_rest() {
        let text = "title = \"T\"\ndate = \"2025-02-18\"\nweight = 3\n";
        let table = parse_table(text, FRONT_MATTER_FIRST_LINE, Path::new("a.md")).unwrap();
        let mut diagnostics = Vec::new();
        let mut fields = Fields::new(
            table,
            text,
            FRONT_MATTER_FIRST_LINE,
            Path::new("a.md"),
            &mut diagnostics,
        );
        assert_eq!(
            fields.required_string("title", "\"x\"").as_deref(),
            Some("T")
        );
        assert_eq!(fields.date("date", true), None);
        let extra = fields.take_extra();
        assert_eq!(extra.get("weight"), Some(&Value::Integer(3)));
        assert_eq!(
            diagnostics[0].to_string(),
            "a.md:3: date: expected a TOML date without quotes, like date = 2025-02-18, found the string \"2025-02-18\""
        );
    }
}
