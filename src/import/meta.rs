//! Reads an article's metadata out of its lines: the headline, the outlet
//! (`REUTERS | Published ...`, `SOURCE: www.reuters.com`, `Source : The
//! Moscow Times`), the original address, the authors and the key points.
//! The lines that carried metadata are taken out; the rest is the story.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// What the lines of one piece say about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// The text of an `OUTLET | Published DATE` header, for the dates stage.
    pub header: Option<String>,
    /// The bullet points under a `Key points` line.
    pub key_points: Vec<String>,
    /// The story's paragraphs, without headline, metadata and key points.
    pub paragraphs: Vec<String>,
    /// Metadata lines taken out of the text.
    pub removed: Vec<String>,
}

/// `REUTERS | Published February 19, 2023`: the outlet and the rest.
pub fn header(line: &str) -> Option<(&str, &str)> {
    let (outlet, rest) = line.split_once('|')?;
    let outlet = outlet.trim();
    let rest = rest.trim();
    let is_outlet = !outlet.is_empty()
        && outlet.len() <= 60
        && outlet
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || " .&'’-".contains(c));
    let is_dated = ["Published", "Updated", "PUBLISHED", "UPDATED"]
        .iter()
        .any(|w| rest.starts_with(w));
    (is_outlet && is_dated).then_some((outlet, rest))
}

/// Reads the metadata of a piece whose clutter is gone. `title` is the
/// headline given from outside (a digest's `RELATED:` line).
pub fn extract(title: Option<String>, lines: Vec<String>, authors: Vec<String>) -> Meta {
    let mut meta = Meta {
        authors,
        ..Meta::default()
    };
    let mut domain_outlet = None;
    let mut story = Vec::new();
    let mut in_key_points = false;
    for line in lines {
        if let Some((outlet, rest)) = header(&line) {
            meta.outlet = Some(title_case(outlet));
            meta.header = Some(rest.to_string());
        } else if let Some(value) = after_label(&line, &["SOURCE:", "Source:", "Source :"]) {
            if value.contains('.') && !value.contains(' ') {
                domain_outlet.get_or_insert_with(|| domain(value).to_string());
            } else {
                meta.outlet.get_or_insert_with(|| value.to_string());
            }
        } else if let Some(value) = after_label(&line, &["Original URL:", "URL:"]) {
            if value.starts_with("http://") || value.starts_with("https://") {
                meta.url = Some(value.to_string());
                domain_outlet.get_or_insert_with(|| domain(value).to_string());
            } else {
                story.push(line);
                continue;
            }
        } else if let Some(author) = byline(&line) {
            meta.authors.push(author.to_string());
        } else if is_key_points_label(&line) {
            in_key_points = true;
            continue;
        } else if in_key_points && bullet(&line).is_some() {
            meta.key_points.extend(bullet(&line).map(String::from));
            continue;
        } else {
            in_key_points = false;
            story.push(line);
            continue;
        }
        meta.removed.push(line);
    }
    if meta.outlet.is_none() {
        meta.outlet = domain_outlet;
    }
    meta.title = match title {
        Some(title) => title,
        None if !story.is_empty() => story.remove(0),
        None => String::new(),
    };
    meta.paragraphs = story;
    meta
}

/// Wire agencies and the name each is written under in `source`.
const AGENCIES: &[(&str, &str)] = &[
    ("AP", "Associated Press"),
    ("Associated Press", "Associated Press"),
    ("The Associated Press", "Associated Press"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Agence France-Presse", "AFP"),
    ("PTI", "PTI"),
    ("Press Trust of India", "PTI"),
    ("JIJI", "Jiji Press"),
    ("Jiji Press", "Jiji Press"),
    ("EFE", "EFE"),
    ("efe-epa", "EFE"),
    ("Sputnik", "Sputnik"),
    ("UPI", "UPI"),
    ("Xinhua", "Xinhua"),
    ("TASS", "TASS"),
    ("dpa", "dpa"),
    ("Kyodo", "Kyodo"),
    ("IANS", "IANS"),
    ("ANI", "ANI"),
    ("CNN", "CNN"),
    ("Bloomberg", "Bloomberg"),
];

/// The agency a credit names: `Reuters`, `(AP)`, `By Reuters`, `JIJI`.
pub fn agency(credit: &str) -> Option<&'static str> {
    let bare = credit
        .trim()
        .trim_start_matches("By ")
        .trim_start_matches("BY ")
        .trim_matches(|c: char| c == '(' || c == ')' || c == ',' || c.is_whitespace());
    AGENCIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(bare))
        .map(|(_, outlet)| *outlet)
}

static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][A-Za-z0-9 .,'-]{0,40}?)?\(([^()]{2,60})\)").expect("valid regex")
});

/// The agency of a dateline credit: `WASHINGTON (AP) —`, `NEW YORK
/// (Reuters) -`, `London, Jun 11 (efe-epa).-`, `MOSCOW (UrduPoint News /
/// Sputnik - 29th April, 2020)`, `(CNN) --`.
pub fn wire_credit(paragraph: &str) -> Option<&'static str> {
    let inside = WIRE_CREDIT.captures(paragraph)?.get(1)?.as_str();
    agency(inside).or_else(|| inside.split(['/', '-', ',']).find_map(agency))
}

static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(@[^)]*\)|@[a-z0-9_]+").expect("valid regex"));

/// Words that make a byline part a role or a desk, not a person.
const ROLE_WORDS: &[&str] = &[
    "writer",
    "correspondent",
    "editor",
    "reporter",
    "staff",
    "producer",
    "contributor",
    "columnist",
    "analyst",
    "bureau",
    "desk",
    "reports",
    "service",
    "team",
    "professor",
    "assistant",
    "senior",
    "chief",
    "news",
    "press",
    "post",
    "times",
];

/// Month and weekday names: a byline part with one is a date, not a name
/// (months that are also first names, like April, are left out).
const CALENDAR_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "jun",
    "jul",
    "july",
    "aug",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// The people of a byline: `By LISA MASCARO, MARY CLARE JALONICK and ERIC
/// TUCKER` gives three; roles, handles, e-mail, dates and `Updated ...` are
/// left out. The second value is the agency the byline credits, if any.
pub fn byline_people(line: &str) -> (Vec<String>, Option<&'static str>) {
    let text = line.trim();
    let text = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))
        .unwrap_or(text);
    let text = HANDLE.replace_all(text, ", ");
    let mut end = text.len();
    for stop in [
        "Updated",
        "UPDATED",
        "Published",
        "PUBLISHED",
        " | ",
        " - ",
        " – ",
        "[email",
    ] {
        if let Some(at) = text.find(stop) {
            end = end.min(at);
        }
    }
    if let Some(at) = text.find(|c: char| c.is_ascii_digit()) {
        end = end.min(at);
    }
    let text = &text[..end];
    let mut credit = None;
    let mut people = Vec::new();
    for part in text
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" AND "))
        .flat_map(|p| p.split(" & "))
    {
        let part = part.trim().trim_matches(',').trim();
        let part = part
            .strip_prefix("and ")
            .or_else(|| part.strip_prefix("AND "))
            .unwrap_or(part);
        let mut part = part.to_string();
        let last = part.rsplit(' ').next().unwrap_or_default().to_string();
        if let Some(outlet) = agency(&part) {
            credit = Some(outlet);
            continue;
        }
        if words_count(&part) > 2 {
            if let Some(outlet) = agency(&last) {
                credit = Some(outlet);
                part = part[..part.len() - last.len()].trim().to_string();
            }
        }
        if let Some(name) = person_name(&part) {
            people.push(name);
        }
    }
    (people, credit)
}

/// A line that is only people's names, maybe with roles: `Robert Burns,
/// Ap National Security Writer`, `Ibtisam Mahdi, Ruwaida Kamal Amer`,
/// `Rodrigo Campos`.
pub fn is_name_line(line: &str) -> bool {
    if has_non_name_mark(line) || words_count(line) > 12 {
        return false;
    }
    let mut names = 0;
    for part in line
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
    {
        let part = part.trim().trim_matches(',').trim();
        if person_name(part).is_some_and(|n| words_count(&n) <= 4) {
            names += 1;
        } else if !part
            .split_whitespace()
            .any(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()))
        {
            return false;
        }
    }
    names > 0
}

/// True when `line` holds a digit or a mark no list of names holds: `:`,
/// `;`, `!`, `?`, `|`, `/`, brackets, dashes (`—`, `–`) or double quotes
/// (`"`, `“`, `”`). Read byte by byte: the dashes and curly quotes are
/// `E2 80 94`, `E2 80 93`, `E2 80 9C` and `E2 80 9D` in UTF-8.
fn has_non_name_mark(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_digit()
            || matches!(
                b,
                b':' | b';' | b'!' | b'?' | b'|' | b'/' | b'(' | b')' | b'"'
            )
            || (b == 0xe2
                && bytes.get(i + 1) == Some(&0x80)
                && bytes
                    .get(i + 2)
                    .is_some_and(|c| matches!(c, 0x93 | 0x94 | 0x9c | 0x9d)))
    })
}

fn words_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A person's name out of one byline part, in title case when it was
/// written in capitals; a role glued to it (`Evan HalperStaff Writer`) is
/// cut off. `None` for a role, a desk or a place.
fn person_name(part: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in part.split_whitespace() {
        let glued = word
            .char_indices()
            .skip(1)
            .find(|&(i, c)| {
                c.is_uppercase()
                    && word[..i].chars().last().is_some_and(char::is_lowercase)
                    && !word[..i].ends_with("Mc")
                    && !word[..i].ends_with("Mac")
            })
            .map(|(i, _)| i);
        match glued {
            Some(at) => {
                words.push(&word[..at]);
                break;
            }
            None => words.push(word),
        }
    }
    let count = words.len();
    let valid = (2..=5).contains(&count)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
        })
        && !words.iter().any(|w| {
            let lower = w.trim_end_matches('.').to_lowercase();
            ROLE_WORDS.contains(&lower.as_str()) || CALENDAR_WORDS.contains(&lower.as_str())
        });
    valid.then(|| {
        words
            .iter()
            .map(|w| name_case(w))
            .collect::<Vec<String>>()
            .join(" ")
    })
}

/// `MASCARO` → `Mascaro`, `AL-KHALIDI` → `Al-Khalidi`, `O'CALLAGHAN` →
/// `O'Callaghan`; a word in mixed case is kept.
fn name_case(word: &str) -> String {
    if word.chars().any(char::is_lowercase)
        || word.chars().filter(|c| c.is_alphabetic()).count() <= 2
    {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut upper = true;
    for c in word.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        upper = !c.is_alphabetic();
    }
    out
}

/// Reads the lines around a page's headline (see `blocks`): the bylines,
/// a name alone next to a date, under `By` or under the headline, wire
/// credits, `OUTLET DATE NAME` syndication lines, and the date for the
/// dates stage (a published date before an `Updated` one). `under` is the
/// index of the first head line below the headline.
pub fn read_head(head: &[String], under: usize, meta: &mut Meta) {
    use super::blocks::{is_byline, is_date_line};
    use super::dates::date_line_date;
    let mut published: Option<NaiveDate> = None;
    let mut updated: Option<NaiveDate> = None;
    let mut outlet: Option<String> = None;
    for (i, line) in head.iter().enumerate() {
        if let Some((name, rest)) = header(line) {
            outlet = Some(title_case(name));
            published = published.or_else(|| date_line_date(rest));
            meta.removed.push(line.clone());
            continue;
        }
        let is_date = is_date_line(line);
        let after_by = i > 0 && matches!(head[i - 1].trim(), "By" | "BY");
        let by_date =
            |j: Option<usize>| j.and_then(|j| head.get(j)).is_some_and(|l| is_date_line(l));
        if is_byline(line) || after_by {
            let (people, credit) = byline_people(line);
            meta.authors.extend(people);
            if let Some(credit) = credit {
                outlet.get_or_insert_with(|| credit.to_string());
            }
        } else if let Some(credit) =
            agency(line).or_else(|| line.split([',', '/']).next().and_then(agency))
        {
            outlet.get_or_insert_with(|| credit.to_string());
        } else if is_date {
            // `Fahad Shabbir (@FahadShabbir) 12 minutes ago Wed 29th April 2020`
            meta.authors.extend(byline_people(line).0);
        } else if i == under || by_date(Some(i + 1)) || by_date(i.checked_sub(1)) {
            if let Some((name, people)) = syndication(line) {
                outlet.get_or_insert(name);
                meta.authors.extend(people);
            } else {
                meta.authors.extend(byline_people(line).0);
            }
        }
        if is_date {
            let part = published_part(line);
            match date_line_date(part) {
                Some(date) if !part.trim().is_empty() => {
                    published.get_or_insert(date);
                }
                _ => {
                    updated = updated.or_else(|| date_line_date(line));
                }
            }
            if let Some(name) = trailing_outlet(line).or_else(|| leading_site(line)) {
                outlet.get_or_insert(name);
            }
        } else if let Some(name) = trailing_outlet(line) {
            outlet.get_or_insert(name);
        }
        meta.removed.push(line.clone());
    }
    meta.authors.dedup();
    if outlet.is_some() {
        meta.outlet = outlet;
    }
    if let Some(date) = published.or(updated) {
        meta.header = Some(date.to_string());
    }
}

/// `The Guardian 02/10/2020 Anna Fazackerley`: the outlet a story was
/// syndicated from, its date and its author.
fn syndication(line: &str) -> Option<(String, Vec<String>)> {
    let first_digit = line.find(|c: char| c.is_ascii_digit())?;
    let last_digit = line.rfind(|c: char| c.is_ascii_digit())?;
    let name = line[..first_digit].trim();
    let people = byline_people(line[last_digit + 1..].trim()).0;
    let is_outlet = name.starts_with("The ") && words_count(name) <= 4;
    (is_outlet && !people.is_empty()).then(|| (name.to_string(), people))
}

/// `TIMESOFINDIA.COM / Dec 6, 2020, 15:48 IST` → `TIMESOFINDIA.COM`.
fn leading_site(line: &str) -> Option<String> {
    let (site, _) = line.split_once(" / ")?;
    let site = site.trim();
    let is_site = site.contains('.')
        && !site.contains(' ')
        && site.len() >= 5
        && !site.chars().any(|c| c.is_ascii_digit());
    is_site.then(|| site.to_string())
}

fn dates_in(text: &str) -> bool {
    super::dates::first_full_date(text).is_some()
}

/// The part of a date line before its `Updated`/`Last modified` part.
fn published_part(line: &str) -> &str {
    let lower = line.to_lowercase();
    ["updated", "last modified", "modified"]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .map_or(line, |at| &line[..at])
}

/// `November 20, 2019 / 1:07 AM / CBS News` → `CBS News`;
/// `WASHINGTON — The Globe and Mail` → `The Globe and Mail`.
fn trailing_outlet(line: &str) -> Option<String> {
    let (before, name) = line
        .rsplit_once(" / ")
        .or_else(|| line.rsplit_once(" — "))?;
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = (1..=5).contains(&words.len())
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && !name.chars().any(|c| c.is_ascii_digit())
        && words.iter().any(|w| w.len() > 2);
    let before_ok = dates_in(before)
        || before
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == ',');
    (named && before_ok && !name.contains("Updated")).then(|| name.to_string())
}

/// The metadata and story of a page found by `blocks::locate`. The page's
/// furniture is added to `removed`.
pub fn from_page(page: super::blocks::Located, outlets: &super::outlets::Outlets) -> Meta {
    let cleaned = super::text::remove_clutter(&page.story);
    let mut meta = extract(Some(page.headline), cleaned.lines, cleaned.authors);
    meta.removed.extend(cleaned.removed);
    read_head(&page.head, page.under, &mut meta);
    if meta.outlet.is_none() {
        meta.outlet = meta
            .paragraphs
            .iter()
            .take(3)
            .find_map(|p| wire_credit(p))
            .map(String::from);
    }
    if meta.outlet.is_none() {
        let holder = page
            .removed
            .iter()
            .rev()
            .find_map(|l| copyright_holder(l).map(|h| (h, l)));
        // A holder the page names nowhere else, not even by its own address
        // on the copyright line (`Al Bawaba (www.albawaba.com)`), is a
        // company, not the outlet (`Hearst Communications`).
        meta.outlet = holder
            .filter(|(name, line)| {
                let name = letters_and_digits(name);
                let own_site = line
                    .split_whitespace()
                    .filter(|w| w.contains('.') && w.len() > 4)
                    .any(|w| letters_and_digits(w).contains(&name));
                own_site
                    || page
                        .removed
                        .iter()
                        .chain(&page.story)
                        .chain(std::iter::once(&meta.title))
                        .filter(|l| !l.contains('©') && !l.starts_with("Copyright"))
                        .any(|l| letters_and_digits(l).contains(&name))
            })
            .map(|(name, _)| name);
    }
    if meta.outlet.is_none() {
        // The page's furniture, around the story and inside it.
        let furniture = || page.removed.iter().chain(&meta.removed);
        meta.outlet = furniture()
            .flat_map(|l| l.split_whitespace())
            .filter_map(address_host)
            .find_map(|host| outlets.for_host(host))
            .map(String::from)
            .or_else(|| furniture().find_map(|l| self_reference(l)));
    }
    meta.removed.extend(page.removed);
    meta
}

/// The host of a web or e-mail address written as a word of a page's
/// furniture: `letters@theatlantic.com`, `https://www.rt.com/news/`,
/// `www.albawaba.com`, or bare as in `Also on rt.com` and
/// `TheAtlantic.com Copyright (c) 2020`.
fn address_host(word: &str) -> Option<&str> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let host = match word.rsplit_once('@') {
        Some((_, domain)) => domain,
        None => super::outlets::host_of(word)
            .unwrap_or_else(|| word.split(['/', '?', '#']).next().unwrap_or(word)),
    };
    let (label, tld) = host.rsplit_once('.')?;
    let is_host = !label.is_empty()
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    is_host.then_some(host)
}

/// The site's own name where its sign-up and follow furniture speaks of
/// itself: `Sign up for the CorkBeo newsletter`, `Subscribe to RT
/// newsletter to get stories ...`, `Evening Standard would like to keep you
/// informed about offers ...`, `... the latest news & offers from The Times
/// of Israel and its partners`, `Follow RT on`. `Follow us on` names no one.
fn self_reference(line: &str) -> Option<String> {
    static SELF: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"((?:[A-Z][\w.&'-]*)(?: (?:of|and|&|[A-Z][\w.&'-]*)){0,4})";
        Regex::new(&format!(
            r"(?:^|\. |, )(?:Sign up (?:for|to)|Subscribe to)(?: the)? {name} [Nn]ewsletters?\b|^{name} would like to keep you informed\b|\boffers from {name}(?: and its\b|[.,]|$)|^Follow {name} on\b"
        ))
        .expect("self-reference pattern")
    });
    // Each way of speaking of itself holds one of these words; a line
    // without any is passed over before the pattern, whose Unicode word
    // boundaries send most lines to the slow search for capture groups.
    let may_speak_of_itself = [
        "Sign up ",
        "Subscribe to",
        " would like to keep you informed",
        "offers from ",
    ]
    .iter()
    .any(|words| line.contains(words))
        || line.starts_with("Follow ");
    if !may_speak_of_itself {
        return None;
    }
    let found = SELF.captures(line)?;
    let name = found.iter().skip(1).flatten().next()?.as_str();
    let generic = ["Us", "Our", "Newsletters", "Daily", "Weekly"];
    (!generic.contains(&name.split(' ').next().unwrap_or(name))).then(|| name.to_string())
}

/// `Al Bawaba` and `www.albawaba.com` alike as `albawaba`.
fn letters_and_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The holder of a page footer's copyright: `© 2019 Guardian News & Media
/// Limited or its affiliated companies.` → `Guardian`; `© Copyright of
/// Telegraph Media Group Limited 2015` → `Telegraph`. Credits of photos and
/// charts (`© Provided by ... Photograph: ...`) are not the outlet.
pub fn copyright_holder(line: &str) -> Option<String> {
    let rest = line
        .trim()
        .strip_prefix('©')
        .or_else(|| line.trim().strip_prefix("Copyright"))?;
    let lower = rest.to_lowercase();
    if ["photo", "image", "chart", "provided by", "getty"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let rest = rest.trim_start_matches(|c: char| !c.is_alphabetic());
    let rest = rest.strip_prefix("Copyright").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("of ").unwrap_or(rest);
    // `2019`, `2000 - 2019`, `2009-2020`, `2005–2019`
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || "-–—".contains(c));
    // A dot ends the name unless a letter follows it (`NEWS.AZ`).
    let mut end = rest.len();
    for (at, c) in rest.char_indices() {
        let next = rest[at + c.len_utf8()..].chars().next();
        if ",(|•".contains(c) || (c == '.' && !next.is_some_and(char::is_alphabetic)) {
            end = at;
            break;
        }
    }
    let name = &rest[..end];
    let name = name.split(" or ").next()?.split(" All ").next()?;
    let mut words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    const CORPORATE: &[&str] = &[
        "Limited", "Ltd", "Inc", "LLC", "plc", "PLC", "Group", "Media", "News", "&", "Corp",
        "Company", "Private", "Pvt",
    ];
    while words.len() > 1 && words.last().is_some_and(|w| CORPORATE.contains(w)) {
        words.pop();
    }
    let named = !words.is_empty()
        && words.len() <= 5
        && words[0].chars().next().is_some_and(char::is_uppercase);
    named.then(|| words.join(" "))
}

fn after_label<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels
        .iter()
        .find_map(|l| line.strip_prefix(l))
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 300)
}

/// `https://www.theaustralian.com.au/world/...` → `theaustralian.com.au`.
fn domain(address: &str) -> &str {
    let host = address.split("://").nth(1).unwrap_or(address);
    let host = host.split(['/', '?', '#']).next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}

/// `By Jane Doe` or `By Jane Doe and John Roe`, on a short line.
fn byline(line: &str) -> Option<&str> {
    let name = line.strip_prefix("By ")?;
    let name = name.split([',', '|']).next().unwrap_or(name).trim();
    let words = name.split_whitespace().count();
    ((2..=6).contains(&words) && name.chars().next().is_some_and(char::is_uppercase))
        .then_some(name)
}

fn is_key_points_label(line: &str) -> bool {
    // Compared a small letter at a time, so a paragraph is let go at its
    // first letter that differs rather than lowercased whole.
    let label = line.trim_end_matches(':');
    ["key points", "highlights", "in brief"]
        .iter()
        .any(|name| label.chars().flat_map(char::to_lowercase).eq(name.chars()))
}

/// The text of a bullet line (`• text`, `- text`, `* text`).
pub fn bullet(line: &str) -> Option<&str> {
    ["• ", "· ", "- ", "* ", "– "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// `THE STRAITS TIMES` → `The Straits Times`; mixed case is kept.
fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    let small = ["of", "and", "the", "for", "on", "in", "at"];
    name.split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && small.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    proptest::proptest! {
        #[test]
        fn non_name_marks_are_found_as_by_character(
            line in "[ a-zA-Z0-9:;!?|/()\"—–“”’‘é\u{2014}\u{201e}\u{e280}-]{0,30}"
        ) {
            let by_char = line.chars().any(|c| {
                c.is_ascii_digit()
                    || matches!(
                        c,
                        ':' | ';' | '!' | '?' | '|' | '/' | '(' | ')' | '—' | '–' | '"' | '“' | '”'
                    )
            });
            proptest::prop_assert_eq!(has_non_name_mark(&line), by_char);
        }
    }

    #[test]
    fn key_points_labels_are_known_in_any_case() {
        for label in [
            "Key Points:",
            "KEY POINTS",
            "Highlights",
            "In brief:",
            "HIGHLIGHTS::",
        ] {
            assert!(is_key_points_label(label), "{label}");
        }
        for line in [
            "Key points of the plan were agreed.",
            "Key",
            "In briefs",
            "",
        ] {
            assert!(!is_key_points_label(line), "{line}");
        }
    }

    #[test]
    fn a_site_names_itself_in_its_sign_up_furniture() {
        assert_eq!(
            self_reference("Sign up for the CorkBeo newsletter").as_deref(),
            Some("CorkBeo")
        );
        assert_eq!(
            self_reference(
                "Subscribe to RT newsletter to get stories the mainstream media won’t tell you"
            )
            .as_deref(),
            Some("RT")
        );
        assert_eq!(
            self_reference("Evening Standard would like to keep you informed about offers, events and updates by email, please tick the box if you would like to be contacted").as_deref(),
            Some("Evening Standard")
        );
        assert_eq!(
            self_reference("By signing up, you agree to our terms You hereby accept The Times of Israel Terms of Use and Privacy Policy, and you agree to receive the latest news & offers from The Times of Israel and its partners or ad sponsors.").as_deref(),
            Some("The Times of Israel")
        );
        assert_eq!(self_reference("Follow RT on").as_deref(), Some("RT"));
        assert_eq!(self_reference("Follow Us On Twitter"), None);
        assert_eq!(self_reference("Sign up for Newsletters and Alerts"), None);
        assert_eq!(
            self_reference("Get our Essential Politics newsletter"),
            None
        );
    }

    #[test]
    fn a_page_address_in_the_furniture_is_mapped_to_its_outlet() {
        let outlets = super::super::outlets::Outlets::built_in();
        let outlet = |line: &str| {
            line.split_whitespace()
                .filter_map(address_host)
                .find_map(|h| outlets.for_host(h))
        };
        assert_eq!(
            outlet("We want to hear what you think about this article. Submit a letter to the editor or write to letters@theatlantic.com."),
            Some("The Atlantic")
        );
        assert_eq!(
            outlet("Also on rt.com Journalists & politicians from Morales’ party threatened"),
            Some("RT")
        );
        assert_eq!(
            outlet("TheAtlantic.com Copyright (c) 2020 by The Atlantic Monthly Group."),
            Some("The Atlantic")
        );
        assert_eq!(
            outlet("https://www.facebook.com/DwyersOfCork/posts/2800731780195723"),
            None
        );
        assert_eq!(address_host("e.g."), None);
    }

    #[test]
    fn reads_headers_of_the_seeds() {
        assert_eq!(
            header("THE STRAITS TIMES | Published February 18, 2025"),
            Some(("THE STRAITS TIMES", "Published February 18, 2025"))
        );
        assert_eq!(header("Left | right"), None);
        assert_eq!(title_case("THE STRAITS TIMES"), "The Straits Times");
        assert_eq!(title_case("REUTERS"), "Reuters");
        assert_eq!(title_case("The Moscow Times"), "The Moscow Times");
    }

    #[test]
    fn the_header_outlet_wins_over_a_source_domain() {
        let meta = extract(
            None,
            lines("US and Russia forge ahead on peace talks, without Ukraine\nREUTERS | Published February 19, 2023\nRIYADH, Feb 18 (Reuters) – talks.\nSOURCE: www.reuters.com"),
            Vec::new(),
        );
        assert_eq!(
            meta.title,
            "US and Russia forge ahead on peace talks, without Ukraine"
        );
        assert_eq!(meta.outlet.as_deref(), Some("Reuters"));
        assert_eq!(meta.header.as_deref(), Some("Published February 19, 2023"));
        assert_eq!(meta.paragraphs, ["RIYADH, Feb 18 (Reuters) – talks."]);
        assert_eq!(meta.removed.len(), 2);
    }

    #[test]
    fn reads_source_credit_url_and_byline() {
        let meta = extract(
            Some("Given".into()),
            lines("By Jane Doe\nText.\nSource : The Moscow Times"),
            Vec::new(),
        );
        assert_eq!(meta.title, "Given");
        assert_eq!(meta.outlet.as_deref(), Some("The Moscow Times"));
        assert_eq!(meta.authors, ["Jane Doe"]);
        let meta = extract(
            None,
            lines("Title\nText.\nOriginal URL: https://www.theaustralian.com.au/world/x/news-story/78d1"),
            vec!["Jacquelin Magnay".into()],
        );
        assert_eq!(
            meta.url.as_deref(),
            Some("https://www.theaustralian.com.au/world/x/news-story/78d1")
        );
        assert_eq!(meta.outlet.as_deref(), Some("theaustralian.com.au"));
        assert_eq!(meta.authors, ["Jacquelin Magnay"]);
    }

    #[test]
    fn reads_the_copyright_holder_of_a_footer() {
        let cases = [
            ("© 2019 Guardian News & Media Limited or its affiliated companies. All rights reserved.", Some("Guardian")),
            ("© Copyright of Telegraph Media Group Limited 2015", Some("Telegraph")),
            ("© 2000 - 2019 Al Bawaba (www.albawaba.com)", Some("Al Bawaba")),
            ("© 2009-2020 NEWS.AZ. All Rights Reserved.", Some("NEWS.AZ")),
            ("Copyright © 2019 Jpost Inc. All rights reserved • Terms of Use", Some("Jpost")),
            ("© 2020 a Reach plc subsidiary", None),
            ("© Provided by The Guardian Photograph: Paul Ellis/AFP/Getty", None),
        ];
        for (line, holder) in cases {
            assert_eq!(copyright_holder(line).as_deref(), holder, "{line}");
        }
    }

    #[test]
    fn splits_bylines_into_people() {
        let cases: [(&str, &[&str], Option<&str>); 6] = [
            (
                "By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER",
                &["Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker"],
                None,
            ),
            (
                "BY ORHAN COSKUN AND SULEIMAN AL-KHALIDI REUTERS",
                &["Orhan Coskun", "Suleiman Al-Khalidi"],
                Some("Reuters"),
            ),
            (
                "By April Roach@aprilroach28Daniel O'Mahony",
                &["April Roach", "Daniel O'Mahony"],
                None,
            ),
            ("By Evan HalperStaff Writer ", &["Evan Halper"], None),
            (
                "By Emily Burack 8 January 2020, 3:51 pm 11 Edit",
                &["Emily Burack"],
                None,
            ),
            (
                "By Dana A. Ford , James S.A. Corey, Chien-Ming Wang, and Tom Watkins, CNN",
                &[
                    "Dana A. Ford",
                    "James S.A. Corey",
                    "Chien-Ming Wang",
                    "Tom Watkins",
                ],
                Some("CNN"),
            ),
        ];
        for (line, people, credit) in cases {
            assert_eq!(
                byline_people(line),
                (people.iter().map(|p| p.to_string()).collect(), credit),
                "{line}"
            );
        }
        assert_eq!(
            byline_people("By STAFF AND NEWS SERVICE REPORTS").0,
            Vec::<String>::new()
        );
        assert!(is_name_line("Robert Burns, Ap National Security Writer"));
        assert!(!is_name_line(
            "Julian Assange: Sweden drops rape investigation"
        ));
    }

    fn head(lines: &[&str]) -> Meta {
        let mut meta = Meta::default();
        let head: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        read_head(&head, 0, &mut meta);
        meta
    }

    #[test]
    fn the_published_date_beats_the_updated_one() {
        let meta = head(&[
            "PUBLISHED: November 8, 2023 at 11:30 p.m. | UPDATED: November 9, 2023 at 12:21 a.m.",
        ]);
        assert_eq!(meta.header.as_deref(), Some("2023-11-08"));
        let meta = head(&["Updated 5:27 am CST, Wednesday, November 20, 2019"]);
        assert_eq!(meta.header.as_deref(), Some("2019-11-20"));
        let meta = head(&["November 20, 2019 / 1:07 AM / CBS News"]);
        assert_eq!(meta.header.as_deref(), Some("2019-11-20"));
        assert_eq!(meta.outlet.as_deref(), Some("CBS News"));
    }

    #[test]
    fn reads_names_beside_dates_and_syndication_lines() {
        let meta = head(&[
            "Robert Burns, Ap National Security Writer",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
        ]);
        assert_eq!(meta.authors, ["Robert Burns"]);
        let meta = head(&["The Guardian 02/10/2020 Anna Fazackerley"]);
        assert_eq!(meta.authors, ["Anna Fazackerley"]);
        assert_eq!(meta.outlet.as_deref(), Some("The Guardian"));
        assert_eq!(
            meta.header, None,
            "02/10/2020 may be either day or month first"
        );
        let meta =
            head(&["Fahad Shabbir (@FahadShabbir) 12 minutes ago Wed 29th April 2020 | 03:32 PM"]);
        assert_eq!(meta.authors, ["Fahad Shabbir"]);
        let meta = head(&["TIMESOFINDIA.COM / Dec 6, 2020, 15:48 IST"]);
        assert_eq!(meta.outlet.as_deref(), Some("TIMESOFINDIA.COM"));
        let meta = head(&["By", "Gavin O'Callaghan", "Updated21:22, 6 OCT 2020"]);
        assert_eq!(meta.authors, ["Gavin O'Callaghan"]);
        assert_eq!(meta.header.as_deref(), Some("2020-10-06"));
        let meta = head(&["PTI, Washington,"]);
        assert_eq!(meta.outlet.as_deref(), Some("PTI"));
    }

    #[test]
    fn reads_wire_credits() {
        assert_eq!(
            wire_credit("WASHINGTON (AP) — Ambassador Gordon Sondland"),
            Some("Associated Press")
        );
        assert_eq!(
            wire_credit("NEW YORK (Reuters) - Oil prices fell"),
            Some("Reuters")
        );
        assert_eq!(
            wire_credit("London, Jun 11 (efe-epa).- The coronavirus pandemic"),
            Some("EFE")
        );
        assert_eq!(
            wire_credit("MOSCOW (UrduPoint News / Sputnik - 29th April, 2020) It is"),
            Some("Sputnik")
        );
        assert_eq!(
            wire_credit("Russian President Vladimir Putin (left) and Joe Biden."),
            None
        );
    }

    #[test]
    fn reads_key_points() {
        let meta = extract(
            None,
            lines("Russia is ready\nKey points\n• One.\n• Two.\nPresident Vladimir Putin is open to talks."),
            Vec::new(),
        );
        assert_eq!(meta.key_points, ["One.", "Two."]);
        assert_eq!(
            meta.paragraphs,
            ["President Vladimir Putin is open to talks."]
        );
    }
}
