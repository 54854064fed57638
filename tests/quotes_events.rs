//! What a reader can trust about quotes: each rule of issue 11 on a small
//! site written for it (a quote about another event is left off, a quote
//! is dated when it was said, two outlets' copies are one statement, an
//! analyst is not a government), and the default site walked page by page
//! against the same rules.

use std::path::Path;

use briefing::build::{self, BuildOptions};
use briefing::link::{self, Briefing};
use briefing::model::Said;
use chrono::NaiveDate;

/// A site in a temporary folder with `files` (path, text) besides site.toml.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"Quotes\"\n").unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn linked(root: &Path) -> Briefing {
    let site = briefing::load::load(root).unwrap_or_else(|d| panic!("{d:#?}"));
    link::link(site, false).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn problems(root: &Path) -> Vec<String> {
    match build::check(root, false) {
        Ok(_) => panic!("the broken site passed the check"),
        Err(err) => err.lines(),
    }
}

/// Builds the site in `root` into a temporary folder and returns the page at `path`.
fn page(root: &Path, path: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.clone()),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::read_to_string(output.join(path)).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const ACTORS: &[(&str, &str)] = &[
    (
        "content/actors/russia.md",
        "+++\nname = \"Russia\"\nkind = \"country\"\n+++\n",
    ),
    (
        "content/actors/ukraine.md",
        "+++\nname = \"Ukraine\"\nkind = \"country\"\n+++\n",
    ),
    (
        "content/actors/sergei-lavrov.md",
        "+++\nname = \"Sergei Lavrov\"\nrole = \"Foreign Minister of Russia\"\ncountry = \"russia\"\naliases = [\"Lavrov\"]\n+++\n",
    ),
    (
        "content/actors/stanislav-byshok.md",
        "+++\nname = \"Stanislav Byshok\"\nrole = \"Russian political analyst\"\ncountry = \"russia\"\naliases = [\"Byshok\"]\n+++\n",
    ),
    (
        "content/actors/joe-biden.md",
        "+++\nname = \"Joe Biden\"\nrole = \"President of the United States\"\naliases = [\"Biden\"]\n+++\n",
    ),
    (
        "content/events/riyadh-talks.md",
        "+++\ntitle = \"Talks in Riyadh\"\ndate = 2025-02-18\nplace = \"Riyadh, Saudi Arabia\"\nkeywords = [\"Riyadh\"]\nparties = [\"Russia\", \"Ukraine\"]\n+++\n",
    ),
    (
        "content/events/paris-summit.md",
        "+++\ntitle = \"Summit in Paris\"\ndate = 2025-02-17\nplace = \"Paris, France\"\nkeywords = [\"Paris\"]\n+++\n",
    ),
];

fn with_actors(more: &[(&'static str, &'static str)]) -> tempfile::TempDir {
    let mut files: Vec<(&str, &str)> = ACTORS.to_vec();
    files.extend_from_slice(more);
    site(&files)
}

#[test]
fn a_quote_about_another_event_is_left_off() {
    let root = with_actors(&[(
        "content/articles/2025-02-18-two-meetings.md",
        "+++\ntitle = \"Two meetings\"\ndate = 2025-02-18\nevents = [\"riyadh-talks\", \"paris-summit\"]\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"Of course, this is unacceptable to us\"\n\
         context = \"Lavrov said in Riyadh that Moscow would not accept NATO troops.\"\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"Europe has no place at this table at all\"\n\
         context = \"Lavrov said of the summit in Paris that Europe had nothing to offer.\"\n+++\nBody.\n",
    )]);
    let b = linked(root.path());
    let shown = |slug: &str| -> Vec<String> {
        let event = b.events.iter().find(|e| e.event.slug == slug).unwrap();
        event
            .statements
            .iter()
            .map(|&s| {
                let q = b.statements[s].sources[0];
                b.articles[q.article].article.quotes[q.index].text.clone()
            })
            .collect()
    };
    assert_eq!(
        shown("riyadh-talks"),
        ["Of course, this is unacceptable to us"]
    );
    assert_eq!(
        shown("paris-summit"),
        ["Europe has no place at this table at all"]
    );
    let html = page(root.path(), "events/riyadh-talks/index.html");
    assert!(html.contains("Of course, this is unacceptable to us"));
    assert!(!html.contains("Europe has no place"), "{html}");
}

#[test]
fn a_quote_said_before_the_window_is_left_off_though_it_names_the_event() {
    let root = with_actors(&[(
        "content/articles/2025-02-18-looking-back.md",
        "+++\ntitle = \"Looking back\"\ndate = 2025-02-18\nevents = [\"riyadh-talks\"]\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"Riyadh is a fine place for talks one day\"\n\
         said = 2025-01-20\ncontext = \"In January, Lavrov said of Riyadh:\"\n+++\nBody.\n",
    )]);
    let b = linked(root.path());
    assert!(b.events.iter().all(|e| e.statements.is_empty()));
    // The actor page still has it, dated when it was said.
    assert_eq!(b.statements[0].said, Said::Day(day(2025, 1, 20)));
    let lavrov = b
        .actors
        .iter()
        .find(|a| a.actor.slug == "sergei-lavrov")
        .unwrap();
    assert_eq!(lavrov.statements, [0]);
}

#[test]
fn a_march_quote_in_a_december_article_is_dated_march() {
    let root = with_actors(&[(
        "content/articles/2022-12-02-biden.md",
        "+++\ntitle = \"Biden\"\ndate = 2022-12-02\n\n\
         [[quotes]]\nactor = \"joe-biden\"\ntext = \"For God's sake, this man cannot remain in power.\"\n\
         said = \"2022-03\"\ncontext = \"In March, Biden said of Putin:\"\n\n\
         [[quotes]]\nactor = \"joe-biden\"\ntext = \"We are ready to talk if he wants to end the war.\"\n+++\nBody.\n",
    )]);
    let b = linked(root.path());
    let said: Vec<(Said, bool)> = b
        .statements
        .iter()
        .map(|s| (s.said, s.said_given))
        .collect();
    assert_eq!(
        said,
        [
            (Said::month(2022, 3).unwrap(), true),
            (Said::Day(day(2022, 12, 2)), false)
        ]
    );
    // Latest said first on the actor page: December, then March.
    let biden = b
        .actors
        .iter()
        .find(|a| a.actor.slug == "joe-biden")
        .unwrap();
    assert_eq!(biden.statements, [1, 0]);
}

#[test]
fn two_outlets_copies_of_one_statement_are_one_quote_with_two_sources() {
    let root = with_actors(&[
        (
            "content/articles/2022-12-01-first.md",
            "+++\ntitle = \"First\"\ndate = 2022-12-01\nsource = \"Outlet A\"\n\n\
             [[quotes]]\nactor = \"joe-biden\"\ntext = \"I’m prepared to speak with Mr. Putin if in fact there is an interest in him deciding he’s looking for a way to end the war. He hasn’t done that yet.\"\n+++\nBody.\n",
        ),
        (
            "content/articles/2022-12-02-second.md",
            "+++\ntitle = \"Second\"\ndate = 2022-12-02\nsource = \"Outlet B\"\n\n\
             [[quotes]]\nactor = \"joe-biden\"\ntext = \"if there’s actually an interest in him deciding he’s looking for a way to end the war.\"\n\n\
             [[quotes]]\nactor = \"joe-biden\"\ntext = \"There’s one way for this war to end, the rational way.\"\n+++\nBody.\n",
        ),
    ]);
    let b = linked(root.path());
    assert_eq!(b.statements.len(), 2, "two statements, not three");
    let merged = b.statements.iter().find(|s| s.sources.len() == 2).unwrap();
    let outlets: Vec<&str> = merged
        .sources
        .iter()
        .map(|q| b.articles[q.article].article.source.as_deref().unwrap())
        .collect();
    // The fuller copy first; dated by the first report.
    assert_eq!(outlets, ["Outlet A", "Outlet B"]);
    assert_eq!(merged.said, Said::Day(day(2022, 12, 1)));
}

#[test]
fn an_analyst_without_a_side_is_not_in_a_governments_column() {
    let root = with_actors(&[(
        "content/articles/2025-02-18-riyadh.md",
        "+++\ntitle = \"Riyadh\"\ndate = 2025-02-18\nevents = [\"riyadh-talks\"]\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"Of course, this is unacceptable to us\"\n\
         context = \"Lavrov said in Riyadh that Moscow would not accept NATO troops.\"\n\n\
         [[quotes]]\nactor = \"stanislav-byshok\"\ntext = \"Neither side will rule out the question of negotiations\"\n\
         context = \"Byshok said of the talks in Riyadh that both sides were signalling.\"\n+++\nBody.\n",
    )]);
    let b = linked(root.path());
    let side = |slug: &str| {
        let actor = b.actors.iter().find(|a| a.actor.slug == slug).unwrap();
        actor.side.clone()
    };
    assert_eq!(side("sergei-lavrov").as_deref(), Some("Russia"));
    assert_eq!(side("stanislav-byshok"), None);
    let html = page(root.path(), "events/riyadh-talks/index.html");
    let columns = columns(&html);
    assert_eq!(
        columns,
        [
            ("Russia".to_string(), vec!["Sergei Lavrov".to_string()]),
            ("Ukraine".to_string(), vec![]),
            (
                "Others (analysts, press)".to_string(),
                vec!["Stanislav Byshok".to_string()]
            ),
        ]
    );
    assert!(
        html.contains("No statement from Ukraine in our sources"),
        "{html}"
    );
}

#[test]
fn same_as_joins_two_translations_and_names_a_wrong_reference() {
    let root = with_actors(&[
        (
            "content/articles/2025-02-18-a.md",
            "+++\ntitle = \"A\"\ndate = 2025-02-18\n\n\
             [[quotes]]\nactor = \"sergei-lavrov\"\nid = \"crafty-ideas\"\ntext = \"If they come up with crafty ideas about freezing the conflict, why invite them?\"\n+++\nBody.\n",
        ),
        (
            "content/articles/2025-02-18-b.md",
            "+++\ntitle = \"B\"\ndate = 2025-02-18\n\n\
             [[quotes]]\nactor = \"sergei-lavrov\"\nid = \"weasel-out\"\nsame_as = [\"2025-02-18-a#crafty-ideas\"]\ntext = \"If they weasel out cunning ideas on a freeze, why should we invite them at all?\"\n+++\nBody.\n",
        ),
    ]);
    let b = linked(root.path());
    assert_eq!(b.statements.len(), 1);
    assert_eq!(b.statements[0].sources.len(), 2);

    let file = root.path().join("content/articles/2025-02-18-b.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("#crafty-ideas", "#crafty-idea")).unwrap();
    assert_eq!(
        problems(root.path()),
        ["content/articles/2025-02-18-b.md:8: quotes[0].same_as: article \"2025-02-18-a\" has no quote with id = \"crafty-idea\"; did you mean \"2025-02-18-a#crafty-ideas\"?"]
    );
    std::fs::write(&file, text.replace("2025-02-18-a#", "2025-02-18-aa#")).unwrap();
    assert_eq!(
        problems(root.path()),
        ["content/articles/2025-02-18-b.md:8: quotes[0].same_as: unknown article \"2025-02-18-aa\"; did you mean \"2025-02-18-a\"?"]
    );
}

#[test]
fn bad_provenance_fields_are_named_with_their_line() {
    let root = with_actors(&[(
        "content/articles/2025-02-18-a.md",
        "+++\ntitle = \"A\"\ndate = 2025-02-18\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"Of course, this is unacceptable to us\"\n\
         said = \"last March\"\nevents = [\"riyadh-talk\"]\n\n\
         [[quotes]]\nactor = \"sergei-lavrov\"\ntext = \"We said so a long time before the talks\"\n\
         said = 2024-06-01\nevents = [\"riyadh-talks\"]\n+++\nBody.\n",
    )]);
    assert_eq!(
        problems(root.path()),
        ["content/articles/2025-02-18-a.md:8: quotes[0].said: expected a date without quotes, like said = 2021-12-21, or a month in quotes when the text gives no day, like said = \"2022-03\"; found the string \"last March\""]
    );
    let file = root.path().join("content/articles/2025-02-18-a.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("said = \"last March\"\n", "")).unwrap();
    assert_eq!(
        problems(root.path()),
        ["content/articles/2025-02-18-a.md:8: quotes[0].events: unknown event \"riyadh-talk\"; did you mean \"riyadh-talks\"?"]
    );
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("riyadh-talk\"", "riyadh-talks\"")).unwrap();
    assert_eq!(
        problems(root.path()),
        [
            "content/articles/2025-02-18-a.md:14: quotes[1].events: this quote was said 2024-06-01, outside the window of event \"riyadh-talks\" (2025-02-15 to 2025-03-11); correct `said`, or remove \"riyadh-talks\" from `events`",
        ]
    );
}

#[test]
fn the_state_of_play_needs_its_date() {
    let root = with_actors(&[(
        "content/briefing.md",
        "+++\ntitle = \"Where things stand\"\n+++\nTalks go on.\n",
    )]);
    std::fs::create_dir_all(root.path().join("content/articles")).unwrap();
    assert_eq!(
        problems(root.path()),
        ["content/briefing.md:1: updated: missing required field; add e.g. updated = 2025-02-18"]
    );
}

/// The columns of an event page: (side, [speakers in it]).
fn columns(html: &str) -> Vec<(String, Vec<String>)> {
    let Some(start) = html.find("<div class=\"sides\">") else {
        return Vec::new();
    };
    let block = &html[start..];
    let block = &block[..block.find("</section>\n</div>").unwrap_or(block.len())];
    block
        .split("<h3 class=\"side-name\">")
        .skip(1)
        .map(|piece| {
            let name = piece.split("</h3>").next().unwrap_or_default();
            let name = strip_tags(name);
            let speakers = piece
                .split("<h4>")
                .skip(1)
                .map(|h| strip_tags(h.split("</h4>").next().unwrap_or_default()))
                .collect();
            (name, speakers)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The default site, built once per test into a temporary folder.
struct DefaultSite {
    _out: tempfile::TempDir,
    public: std::path::PathBuf,
    briefing: Briefing,
}

fn default_site() -> DefaultSite {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(public.clone()),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    DefaultSite {
        _out: out,
        public,
        briefing: linked(root),
    }
}

impl DefaultSite {
    fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.public.join(path)).unwrap()
    }
}

/// The quote cards of a page: (data-said, the quoted words).
fn cards(html: &str) -> Vec<(String, String)> {
    html.split("<figure class=\"quote\" data-said=\"")
        .skip(1)
        .map(|piece| {
            let said = piece.split('"').next().unwrap_or_default().to_string();
            let words = piece
                .split("<blockquote><p>")
                .nth(1)
                .and_then(|b| b.split("</p></blockquote>").next())
                .unwrap_or_default();
            (said, words.to_string())
        })
        .collect()
}

/// Lowercased words of `text`, as one string with single spaces, padded.
fn plain(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!(" {} ", words.join(" "))
}

#[test]
fn every_event_page_shows_only_quotes_said_in_its_window_and_about_it() {
    let site = default_site();
    let b = &site.briefing;
    let mut shown = 0;
    for event in &b.events {
        let e = &event.event;
        let html = site.page(&format!("events/{}/index.html", e.slug));
        let from = e.date - chrono::Days::new(3);
        let to = e.end_date.unwrap_or(e.date) + chrono::Days::new(21);
        let on_page = cards(&html);
        assert_eq!(on_page.len(), event.statements.len(), "{}", e.slug);
        for (said, words) in &on_page {
            let first = NaiveDate::parse_from_str(&format!("{said}-01")[..10], "%Y-%m-%d").unwrap();
            assert!(
                first <= to && (said.len() == 7 || first >= from),
                "{}: \"{words}\" said {said}, outside {from} to {to}",
                e.slug
            );
        }
        for &s in &event.statements {
            let statement = &b.statements[s];
            let about = statement.sources.iter().any(|q| {
                let quote = &b.articles[q.article].article.quotes[q.index];
                let context = plain(quote.context.as_deref().unwrap_or(&quote.text));
                let listed = quote.events.iter().any(|r| r.slug == e.slug);
                let place = e.place.iter().flat_map(|p| p.split(',')).take(1);
                let named = e
                    .keywords
                    .iter()
                    .map(String::as_str)
                    .chain(place)
                    .any(|k| context.contains(&plain(k)));
                listed || named
            });
            let q = statement.sources[0];
            assert!(
                about,
                "{}: {:?} is not about it",
                e.slug, b.articles[q.article].article.quotes[q.index].text
            );
            shown += 1;
        }
    }
    // Not an empty site: Biden's answer at the White House, six on Riyadh.
    assert!(shown >= 7, "{shown}");
}

#[test]
fn putins_seven_to_ten_minutes_is_dated_21_december_2021() {
    let site = default_site();
    let html = site.page("actors/vladimir-putin/index.html");
    let card = html
        .split("<figure class=\"quote\"")
        .find(|c| c.contains("seven to ten minutes"))
        .expect("the quote on Putin's page");
    assert!(card.contains("data-said=\"2021-12-21\""), "{card}");
    assert!(card.contains("Said 21 December 2021"), "{card}");
    // His only quote that stands on its own (the others are fragments:
    // "destructive", "no matter what") is his latest on the front page,
    // dated when he said it, not when it was reported.
    let front = site.page("index.html");
    let key_actors = front
        .split("<ul class=\"key-actors\">")
        .nth(1)
        .unwrap_or_default();
    let entry = key_actors
        .split("<li>")
        .find(|li| li.contains(">Vladimir Putin</a>"))
        .expect("Putin among the key actors");
    assert!(entry.contains("seven to ten minutes"), "{entry}");
    assert!(entry.contains("said 21 December 2021"), "{entry}");
    assert!(!entry.contains("2022"), "{entry}");
}

#[test]
fn no_stand_alone_quote_card_has_fewer_than_four_words() {
    let site = default_site();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&site.public) {
        let entry = entry.unwrap();
        let path = entry.path();
        let relative = path
            .strip_prefix(&site.public)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if !relative.ends_with(".html") || relative.starts_with("articles/") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let mut words: Vec<String> = cards(&html).into_iter().map(|(_, w)| w).collect();
        words.extend(
            html.split("<q>")
                .skip(1)
                .map(|q| q.split("</q>").next().unwrap_or_default().to_string()),
        );
        for quote in words {
            checked += 1;
            let count = quote.split_whitespace().count();
            assert!(
                count >= 4,
                "{relative}: \"{quote}\" stands alone with {count} words"
            );
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn every_event_page_shows_every_party_and_says_when_one_is_silent() {
    let site = default_site();
    for event in &site.briefing.events {
        let e = &event.event;
        let html = site.page(&format!("events/{}/index.html", e.slug));
        let columns = columns(&html);
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            &names[..e.parties.len()],
            e.parties.as_slice(),
            "{}",
            e.slug
        );
        for (name, speakers) in &columns {
            let line = format!("No statement from {name} in our sources");
            assert_eq!(
                speakers.is_empty(),
                html.contains(&line),
                "{}: {name}",
                e.slug
            );
        }
    }
    let riyadh = columns(&site.page("events/riyadh-talks-2025/index.html"));
    assert_eq!(
        riyadh,
        [
            (
                "United States".to_string(),
                vec!["Donald Trump".to_string(), "Mike Waltz".to_string()]
            ),
            ("Russia".to_string(), vec!["Sergei Lavrov".to_string()]),
            ("Ukraine".to_string(), vec![]),
            ("Europe".to_string(), vec!["Olaf Scholz".to_string()]),
        ]
    );
}
