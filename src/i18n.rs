//! The interface's words in the site's language: a catalogue of texts by
//! key (`nav.timeline`, `count.articles`), built into the binary for English
//! and Ukrainian (`i18n/en.toml`, `i18n/uk.toml`), which a site can change
//! or extend with its own `i18n/<language>.toml`. Counts take the plural
//! form the language's CLDR rules choose; dates read as the language writes
//! them. Templates call [`Catalogue`] as `t(key=…, n=…)`, the browser's
//! scripts get their texts in `strings.js`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::diag::{display_path, Diagnostic};

/// The catalogues built in, by language.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.toml")),
    ("uk", include_str!("../i18n/uk.toml")),
];

/// The catalogue every other one starts from: the language with every key.
const BASE_LANGUAGE: &str = "en";

/// The script that gives the browser its texts.
pub const SCRIPT_FILE: &str = "strings.js";

/// The catalogue keys whose texts the browser's scripts use.
const SCRIPT_SECTION: &str = "script.";

/// Texts of the `nav` section the scripts show too, under their names in
/// that section: the header's search box and the bar of new items, which
/// the scripts make.
const SCRIPT_TOO: [&str; 3] = ["nav.search", "nav.search_placeholder", "nav.mark_read"];

/// One text of the catalogue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    /// Month and weekday names.
    List(Vec<String>),
    /// Forms by CLDR plural category (`one`, `few`, `many`, `other`).
    Plural(BTreeMap<String, String>),
}

/// The interface's texts in one language.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The site's language tag, as `site.toml` gives it.
    language: String,
    texts: BTreeMap<String, Text>,
}

/// A catalogue, with anything the editor should know about it.
pub struct Loaded {
    pub catalogue: Catalogue,
    pub warnings: Vec<Diagnostic>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue::built_in(BASE_LANGUAGE).expect("English is built in")
    }
}

impl Catalogue {
    /// The built-in catalogue of `language` over English, if there is one.
    pub fn built_in(language: &str) -> Option<Catalogue> {
        let own = BUILT_IN
            .iter()
            .find(|(lang, _)| *lang == primary(language))?;
        let mut catalogue = Catalogue {
            language: language.to_string(),
            texts: BTreeMap::new(),
        };
        for (lang, text) in BUILT_IN {
            if *lang == BASE_LANGUAGE || *lang == own.0 {
                let table: toml::Table = toml::from_str(text).expect("built-in catalogues parse");
                flatten(&table, "", &mut catalogue.texts);
            }
        }
        Some(catalogue)
    }

    /// The catalogue for the site in `root` whose `site.toml` (its text
    /// `settings`) names `language`: the built-in one, with the site's own
    /// `i18n/<language>.toml` over it. A language with neither falls back
    /// to English, with a warning.
    pub fn for_site(
        root: &Path,
        language: &str,
        settings: &str,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        let path = root.join("i18n").join(format!("{language}.toml"));
        let shown = display_path(root, &path);
        let own = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                return Err(vec![Diagnostic::new(
                    shown,
                    format!("cannot be read: {}", crate::load::io_reason(&err)),
                )])
            }
        };
        let built_in = Catalogue::built_in(language);
        let mut warnings = Vec::new();
        let mut catalogue = match (&built_in, &own) {
            (Some(catalogue), _) => catalogue.clone(),
            (None, own) => {
                if own.is_none() {
                    let languages: Vec<&str> = BUILT_IN.iter().map(|(l, _)| *l).collect();
                    warnings.push(
                        Diagnostic::new(
                            crate::config::FILE_NAME,
                            format!(
                                "no interface catalogue for \"{language}\" (built in: {}); pages use English. Add i18n/{language}.toml to the site (keys as in the built-in en.toml, see the README) or set one of those",
                                languages.join(", ")
                            ),
                        )
                        .field("language")
                        .at_line(line_of_key(settings, "language")),
                    );
                }
                Catalogue {
                    language: language.to_string(),
                    ..Catalogue::default()
                }
            }
        };
        if let Some(text) = own {
            let given = catalogue.overlay(&text, &shown)?;
            let missing: Vec<&String> = catalogue
                .texts
                .keys()
                .filter(|key| !given.contains(*key))
                .collect();
            if built_in.is_none() && !missing.is_empty() {
                warnings.push(Diagnostic::new(
                    shown,
                    format!(
                        "{} interface texts not given show in English (first: {}); add them, with the keys of the built-in en.toml",
                        missing.len(),
                        missing[0]
                    ),
                ));
            }
        }
        Ok(Loaded {
            catalogue,
            warnings,
        })
    }

    /// Puts the texts of a site's catalogue file over this one's: every key
    /// must be one this catalogue has, of the same shape. Gives the keys set.
    fn overlay(
        &mut self,
        text: &str,
        file: &Path,
    ) -> Result<std::collections::BTreeSet<String>, Vec<Diagnostic>> {
        let table: toml::Table = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            vec![
                Diagnostic::new(file, format!("is not valid TOML: {}", err.message()))
                    .at_line(line),
            ]
        })?;
        let mut own = BTreeMap::new();
        flatten(&table, "", &mut own);
        let given = own.keys().cloned().collect();
        let categories = plural_categories(&self.language);
        let mut problems = Vec::new();
        for (key, value) in own {
            let last = key.rsplit('.').next().unwrap_or(&key);
            let at = |message: String| {
                Diagnostic::new(file, message)
                    .field(key.clone())
                    .at_line(line_of_key(text, last))
            };
            match (self.texts.get(&key), &value) {
                (None, _) => problems.push(at(
                    "is not an interface text; check the spelling against the built-in en.toml"
                        .into(),
                )),
                (Some(Text::Plain(_)), Text::Plain(_)) => {}
                (Some(Text::List(old)), Text::List(new)) if old.len() != new.len() => problems
                    .push(at(format!(
                        "must list {} names, found {}",
                        old.len(),
                        new.len()
                    ))),
                (Some(Text::List(_)), Text::List(_)) => {}
                (Some(Text::Plural(_)), Text::Plural(forms)) => {
                    let missing: Vec<&str> = categories
                        .iter()
                        .filter(|c| !forms.contains_key(**c))
                        .copied()
                        .collect();
                    if !missing.is_empty() {
                        problems.push(at(format!(
                            "needs the plural forms {} for \"{}\" (missing: {})",
                            categories.join(", "),
                            self.language,
                            missing.join(", ")
                        )));
                    }
                }
                (Some(old), _) => problems.push(at(format!(
                    "must be {}, as in the built-in en.toml",
                    shape(old)
                ))),
            }
            self.texts.insert(key, value);
        }
        if problems.is_empty() {
            Ok(given)
        } else {
            Err(problems)
        }
    }

    /// The site's language tag.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Every key, for checking that catalogues agree.
    pub fn texts(&self) -> &BTreeMap<String, Text> {
        &self.texts
    }

    /// The text of `key` with each `{name}` filled in from `args`; `{n}`,
    /// when `n` is given, is the count, whose plural form is chosen.
    pub fn text(&self, key: &str, n: Option<u64>, args: &[(&str, &str)]) -> Result<String, String> {
        let template = match (self.texts.get(key), n) {
            (Some(Text::Plain(text)), _) => text.as_str(),
            (Some(Text::Plural(forms)), Some(n)) => {
                let category = plural_category(&self.language, n);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .or_else(|| forms.values().next())
                    .map_or("", String::as_str)
            }
            (Some(Text::Plural(_)), None) => {
                return Err(format!("interface text `{key}` is a count: give it n=…"))
            }
            (Some(Text::List(_)), _) => {
                return Err(format!("interface text `{key}` is a list of names"))
            }
            (None, _) => return Err(format!("no interface text `{key}` in the catalogue")),
        };
        let count = n.map(|n| n.to_string());
        let mut marks = args.to_vec();
        if let Some(count) = &count {
            marks.push(("n", count));
        }
        Ok(fill(template, &marks))
    }

    /// The text of `key`, which the catalogues are known to hold.
    pub fn get(&self, key: &str) -> String {
        self.text(key, None, &[])
            .unwrap_or_else(|_| key.to_string())
    }

    /// The text of `key` with its marks filled in.
    pub fn with(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.text(key, None, args)
            .unwrap_or_else(|_| key.to_string())
    }

    /// `5 articles`: the count `key` for `n`.
    pub fn count(&self, key: &str, n: usize) -> String {
        self.text(key, Some(n as u64), &[])
            .unwrap_or_else(|_| format!("{n}"))
    }

    fn name(&self, key: &str, i: usize) -> &str {
        match self.texts.get(key) {
            Some(Text::List(names)) => names.get(i).map_or("", String::as_str),
            _ => "",
        }
    }

    /// `18 February 2025`, `18 лютого 2025`.
    pub fn date(&self, date: NaiveDate) -> String {
        self.with(
            "date.day",
            &[
                ("day", &date.day().to_string()),
                (
                    "month",
                    self.name("date.months_in_date", date.month0() as usize),
                ),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// `February`, `Лютий`.
    pub fn month_name(&self, month: u32) -> String {
        self.name("date.months", month.clamp(1, 12) as usize - 1)
            .to_string()
    }

    /// `February 2025`.
    pub fn month_title(&self, year: i32, month: u32) -> String {
        self.with(
            "date.month",
            &[
                ("month", &self.month_name(month)),
                ("year", &year.to_string()),
            ],
        )
    }

    /// `Feb 2025`.
    pub fn month_short(&self, year: i32, month: u32) -> String {
        self.with(
            "date.month_short",
            &[
                (
                    "month",
                    self.name("date.months_short", month.clamp(1, 12) as usize - 1),
                ),
                ("year", &year.to_string()),
            ],
        )
    }

    /// `Tuesday`.
    pub fn weekday(&self, date: NaiveDate) -> &str {
        self.name(
            "date.weekdays",
            date.weekday().num_days_from_monday() as usize,
        )
    }

    /// `strings.js`: the texts the browser's scripts show, and a function
    /// that picks and fills one, as `window.briefingText(key, n, args)`.
    pub fn script(&self) -> String {
        let texts: BTreeMap<&str, &Text> = self
            .texts
            .iter()
            .filter_map(|(k, v)| {
                let shared = SCRIPT_TOO
                    .contains(&k.as_str())
                    .then(|| k.strip_prefix("nav."));
                k.strip_prefix(SCRIPT_SECTION)
                    .or(shared.flatten())
                    .map(|k| (k, v))
            })
            .collect();
        let json = serde_json::to_string(&texts).unwrap_or_else(|_| "{}".into());
        let language = serde_json::to_string(&self.language).unwrap_or_else(|_| "\"en\"".into());
        format!(
            "// briefing: the interface texts of this site's language, for search.js and visits.js.\n\
             (function () {{\n  \"use strict\";\n  var texts = {json};\n  var rules = null;\n  \
             try {{ rules = new Intl.PluralRules({language}); }} catch (e) {{ rules = null; }}\n  \
             window.briefingText = function (key, n, args) {{\n    var text = texts[key];\n    \
             if (text === undefined) return key;\n    if (typeof text === \"object\") {{\n      \
             var form = rules ? rules.select(n) : (n === 1 ? \"one\" : \"other\");\n      \
             text = text[form] || text.other || text.many || \"\";\n    }}\n    \
             text = String(text).split(\"{{n}}\").join(String(n));\n    \
             Object.keys(args || {{}}).forEach(function (name) {{ text = text.split(\"{{\" + name + \"}}\").join(String(args[name])); }});\n    \
             return text;\n  }};\n}}());\n"
        )
    }
}

/// The `t(key="…", n=…, name=…)` function of templates: the text of `key`,
/// the count `n` (if any) choosing its plural form, the other arguments
/// filling their `{marks}`. Links written `[label](name)` in the text become
/// `<a href="…">` only through `t_html`, whose result is markup (everything
/// else in it escaped).
pub struct Translate {
    pub catalogue: std::sync::Arc<Catalogue>,
    pub html: bool,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let name = if self.html { "t_html" } else { "t" };
        let key = args.get("key").and_then(|k| k.as_str()).ok_or_else(|| {
            tera::Error::msg(format!(
                "{name}: give the text's key, as key=\"nav.timeline\""
            ))
        })?;
        let n = match args.get("n") {
            None => None,
            Some(value) => Some(value.as_u64().ok_or_else(|| {
                tera::Error::msg(format!("{name}: n must be a whole number, found {value}"))
            })?),
        };
        let values: Vec<(String, String)> = args
            .iter()
            .filter(|(k, _)| *k != "key" && *k != "n")
            .map(|(k, v)| {
                let text = match v {
                    tera::Value::String(s) => s.clone(),
                    tera::Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        let text = if self.html {
            let escaped: Vec<(String, String)> = values
                .iter()
                .map(|(k, v)| (k.clone(), crate::text::escape_html(v)))
                .collect();
            let template = self.catalogue.text(key, n, &[]).map_err(tera::Error::msg)?;
            with_links(&crate::text::escape_html(&template), &escaped)
        } else {
            let borrowed: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            self.catalogue
                .text(key, n, &borrowed)
                .map_err(tera::Error::msg)?
        };
        Ok(tera::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        self.html
    }
}

/// Escaped `text` with each `[label](name)` a link to the address `name`
/// is given in `args`, and each `{name}` filled in.
fn with_links(text: &str, args: &[(String, String)]) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[([^\]]+)\]\(([A-Za-z_][A-Za-z0-9_]*)\)")
            .expect("the link pattern is valid")
    });
    let linked = LINK.replace_all(text, |c: &regex::Captures<'_>| {
        match args.iter().find(|(k, _)| k == &c[2]) {
            Some((_, href)) => format!("<a href=\"{href}\">{}</a>", &c[1]),
            None => c[1].to_string(),
        }
    });
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fill(&linked, &borrowed)
}

/// `template` with each `{name}` of `args` replaced by its value, in one
/// pass over the template: a value is never read for placeholders itself (an
/// actor called "{count}" stays "{count}"). A `{...}` that names no argument
/// is kept as it is.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // Searched byte by byte: interface texts are short, and most have no
    // mark at all, where `str::find(char)`'s setup cost more than the search.
    let find = |text: &str, byte: u8| text.bytes().position(|b| b == byte);
    while let Some(open) = find(rest, b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = find(after, b'}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The keys of `table`, nested tables joined with dots; a table whose keys
/// are all plural categories is one text.
fn flatten(table: &toml::Table, prefix: &str, out: &mut BTreeMap<String, Text>) {
    for (key, value) in table {
        let key = format!("{prefix}{key}");
        match value {
            toml::Value::String(s) => {
                out.insert(key, Text::Plain(s.clone()));
            }
            toml::Value::Array(items) => {
                let names = items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect();
                out.insert(key, Text::List(names));
            }
            toml::Value::Table(inner)
                if !inner.is_empty()
                    && inner
                        .iter()
                        .all(|(k, v)| CATEGORIES.contains(&k.as_str()) && v.is_str()) =>
            {
                let forms = inner
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect();
                out.insert(key, Text::Plural(forms));
            }
            toml::Value::Table(inner) => flatten(inner, &format!("{key}."), out),
            other => {
                out.insert(key, Text::Plain(other.to_string()));
            }
        }
    }
}

fn shape(text: &Text) -> &'static str {
    match text {
        Text::Plain(_) => "a text in quotes",
        Text::List(_) => "a list of names in [ ]",
        Text::Plural(_) => "a table of plural forms like { one = \"…\", other = \"…\" }",
    }
}

/// The 1-based line where `key = …` is written in `text`.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('"');
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// CLDR's plural categories.
const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// `uk` of `uk-UA`, in lower case.
fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The plural categories a language uses for whole numbers (CLDR).
pub fn plural_categories(language: &str) -> &'static [&'static str] {
    match primary(language).as_str() {
        "uk" | "ru" | "be" | "pl" => &["one", "few", "many"],
        "cs" | "sk" => &["one", "few", "other"],
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" => &["other"],
        _ => &["one", "other"],
    }
}

/// The CLDR plural category of the whole number `n` in `language`:
/// Ukrainian 1, 21, 31 are `one`, 2–4, 22–24 `few`, 0, 5–20, 25–30 `many`.
pub fn plural_category(language: &str, n: u64) -> &'static str {
    let (ten, hundred) = (n % 10, n % 100);
    match primary(language).as_str() {
        "uk" | "ru" | "be" => {
            if ten == 1 && hundred != 11 {
                "one"
            } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                "few"
            } else {
                "many"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                "few"
            } else {
                "many"
            }
        }
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "fr" | "pt" if n <= 1 => "one",
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" => "other",
        _ if n == 1 => "one",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_filled_in_one_pass_and_values_are_not_read_for_marks() {
        // An actor's name is a value; a later mark's name inside it stays.
        assert_eq!(
            fill(
                "{name} said {count} times",
                &[("name", "Agent {count}"), ("count", "3")]
            ),
            "Agent {count} said 3 times"
        );
        assert_eq!(fill("{a}{b}", &[("a", "{"), ("b", "}")]), "{}");
        assert_eq!(fill("{unknown} and {", &[("a", "x")]), "{unknown} and {");
        assert_eq!(fill("{{a}}", &[("a", "x")]), "{x}");
    }

    fn uk() -> Catalogue {
        Catalogue::built_in("uk").unwrap()
    }

    #[test]
    fn ukrainian_counts_take_three_forms() {
        let uk = uk();
        let read: Vec<String> = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 0]
            .iter()
            .map(|&n| uk.count("count.articles", n))
            .collect();
        assert_eq!(
            read,
            [
                "1 стаття",
                "2 статті",
                "4 статті",
                "5 статей",
                "11 статей",
                "12 статей",
                "14 статей",
                "21 стаття",
                "22 статті",
                "25 статей",
                "101 стаття",
                "111 статей",
                "0 статей"
            ]
        );
    }

    #[test]
    fn the_scripts_get_their_texts_and_the_header_box_and_new_bar_texts() {
        let strings = uk().script();
        for text in [
            "\"search\":\"Пошук\"",
            "\"search_placeholder\":\"Статті, учасники, цитати…\"",
            "\"mark_read\":\"Позначити все як прочитане\"",
            "\"show_more\":\"Показати більше\"",
        ] {
            assert!(strings.contains(text), "{text} missing in {strings}");
        }
        assert!(!strings.contains("Хронологія"), "{strings}");
    }

    #[test]
    fn english_counts_take_two_forms() {
        let en = Catalogue::default();
        assert_eq!(en.count("count.events", 1), "1 event");
        assert_eq!(en.count("count.events", 0), "0 events");
        assert_eq!(en.count("count.events", 21), "21 events");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let (en, uk) = (Catalogue::default(), uk());
        assert_eq!(en.date(date), "24 November 2026");
        assert_eq!(uk.date(date), "24 листопада 2026");
        assert_eq!(uk.month_title(2026, 11), "Листопад 2026");
        assert_eq!(uk.month_short(2025, 2), "лют. 2025");
        assert_eq!(en.month_short(2025, 2), "Feb 2025");
        assert_eq!(uk.weekday(date), "Вівторок");
    }

    #[test]
    fn built_in_catalogues_have_the_same_keys_and_the_forms_their_language_needs() {
        let parsed = |text: &str| {
            let mut texts = BTreeMap::new();
            flatten(&toml::from_str(text).unwrap(), "", &mut texts);
            texts
        };
        let english = parsed(BUILT_IN[0].1);
        for (language, text) in BUILT_IN {
            let texts = parsed(text);
            let keys = |t: &BTreeMap<String, Text>| t.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&texts), keys(&english), "keys of {language}.toml");
            for (key, value) in &texts {
                match (value, &english[key]) {
                    (Text::Plural(forms), Text::Plural(_)) => {
                        let have: Vec<&str> = forms.keys().map(String::as_str).collect();
                        let mut need = plural_categories(language).to_vec();
                        need.sort_unstable();
                        assert_eq!(have, need, "{language}.toml {key}");
                    }
                    (Text::List(names), Text::List(base)) => {
                        assert_eq!(names.len(), base.len(), "{language}.toml {key}")
                    }
                    (Text::Plain(_), Text::Plain(_)) => {}
                    _ => panic!("{language}.toml {key} is not shaped as in en.toml"),
                }
            }
        }
    }

    #[test]
    fn an_unknown_language_falls_back_to_english_with_a_warning_at_its_line() {
        let site = tempfile::tempdir().unwrap();
        let loaded =
            Catalogue::for_site(site.path(), "xx", "title = \"T\"\nlanguage = \"xx\"\n").unwrap();
        assert_eq!(loaded.catalogue.get("nav.timeline"), "Timeline");
        assert_eq!(
            loaded.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["site.toml:2: language: no interface catalogue for \"xx\" (built in: en, uk); pages use English. Add i18n/xx.toml to the site (keys as in the built-in en.toml, see the README) or set one of those"]
        );
    }

    #[test]
    fn a_site_catalogue_changes_texts_and_names_its_mistakes() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("i18n")).unwrap();
        let file = site.path().join("i18n/uk.toml");
        std::fs::write(&file, "[nav]\ntimeline = \"Літопис\"\n").unwrap();
        let loaded = Catalogue::for_site(site.path(), "uk", "").unwrap();
        assert_eq!(loaded.catalogue.get("nav.timeline"), "Літопис");
        assert_eq!(loaded.catalogue.get("nav.actors"), "Учасники");
        assert!(loaded.warnings.is_empty());

        std::fs::write(
            &file,
            "[nav]\ntimline = \"Літопис\"\n[count]\narticles = { one = \"{n} стаття\", other = \"{n} статей\" }\n",
        )
        .unwrap();
        let problems = Catalogue::for_site(site.path(), "uk", "").err().unwrap();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "i18n/uk.toml:4: count.articles: needs the plural forms one, few, many for \"uk\" (missing: few, many)",
                "i18n/uk.toml:2: nav.timline: is not an interface text; check the spelling against the built-in en.toml",
            ]
        );
    }

    #[test]
    fn a_site_catalogue_gives_a_new_language() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("i18n")).unwrap();
        std::fs::write(
            site.path().join("i18n/pl.toml"),
            "[count]\narticles = { one = \"{n} artykuł\", few = \"{n} artykuły\", many = \"{n} artykułów\" }\n",
        )
        .unwrap();
        let loaded = Catalogue::for_site(site.path(), "pl", "language = \"pl\"").unwrap();
        let total = Catalogue::default().texts().len();
        assert_eq!(
            loaded.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!("i18n/pl.toml: {} interface texts not given show in English (first: actor.all_quotes); add them, with the keys of the built-in en.toml", total - 1)]
        );
        let read: Vec<String> = [1, 3, 5, 22]
            .iter()
            .map(|&n| loaded.catalogue.count("count.articles", n))
            .collect();
        assert_eq!(
            read,
            ["1 artykuł", "3 artykuły", "5 artykułów", "22 artykuły"]
        );
        assert_eq!(loaded.catalogue.get("nav.timeline"), "Timeline");
    }

    #[test]
    fn template_functions_escape_what_they_are_given() {
        let catalogue = std::sync::Arc::new(uk());
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        for html in [false, true] {
            let name = if html { "t_html" } else { "t" };
            let function = Translate {
                catalogue: catalogue.clone(),
                html,
            };
            tera.register_function(name, function);
        }
        tera.add_raw_template(
            "page.html",
            "{{ t(key=\"actor.said\", name=who) }}|{{ t(key=\"count.events\", n=22) }}|{{ t_html(key=\"not_found.body\", front=\"a.html?x=<\", timeline=\"t\", actors=\"z\") }}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("who", "<script>{{ x }}</script>");
        assert_eq!(
            tera.render("page.html", &context).unwrap(),
            "Висловлювання: &lt;script&gt;{{ x }}&lt;&#x2F;script&gt;|22 події|Такої сторінки немає. Спробуйте <a href=\"a.html?x=&lt;\">головну сторінку</a>, <a href=\"t\">хронологію</a> або <a href=\"z\">список учасників</a>."
        );
    }

    #[test]
    fn links_in_a_text_are_made_and_everything_else_is_escaped() {
        let html = with_links(
            &crate::text::escape_html("Try the [front page](front) <b>{x}</b>"),
            &[
                ("front".into(), "../index.html".into()),
                ("x".into(), "&lt;i&gt;".into()),
            ],
        );
        assert_eq!(
            html,
            "Try the <a href=\"../index.html\">front page</a> &lt;b&gt;&lt;i&gt;&lt;/b&gt;"
        );
    }
}
