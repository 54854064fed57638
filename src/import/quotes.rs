//! Finds quoted speech and its speaker: `"...," Peskov said`, `said Trump`,
//! `X told reporters: "..."`, `X said: "..."`, a pronoun or `the Russian
//! President` pointing back to the last person speaking, a quote left open
//! and continued in the next paragraph, and an unmarked block quote after
//! `X said:`. Scare quotes with no verb of speech are left alone.

use super::actors::{ActorMatcher, Mention};

/// Who said it: an actor (by index in the matcher) or a named speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    Actor(usize),
    Name(String),
}

/// One quotation found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub speaker: Speaker,
    pub text: String,
}

const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "noted",
    "notes",
    "asked",
    "cautioned",
    "warned",
    "insisted",
    "reiterated",
    "promised",
    "declared",
    "commented",
    "replied",
];

/// How far around a quote to look for its speaker, in bytes.
const WINDOW: usize = 600;

/// True when `paragraph` introduces a block quote: a verb of speech, then `:`.
pub fn introduces_block_quote(paragraph: &str) -> bool {
    paragraph.ends_with(':') && last_verb(paragraph).is_some()
}

/// The quotations in a piece's paragraphs. `names` are people who are not
/// actors, so that their quotes keep their names.
pub fn find(paragraphs: &[String], matcher: &ActorMatcher, names: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut last_subject: Option<Speaker> = None;
    let mut open: Option<Speaker> = None;
    let mut previous_quote: Option<Speaker> = None;
    let mut previous: Option<&str> = None;
    for paragraph in paragraphs {
        let text = paragraph.as_str();
        let ctx = Context {
            text,
            mentions: matcher.mentions(text),
            matcher,
            names,
        };
        let spans = quote_spans(text);
        if spans.is_empty() {
            if previous.is_some_and(introduces_block_quote) {
                let intro = previous.unwrap_or_default();
                let intro_ctx = Context {
                    text: intro,
                    mentions: matcher.mentions(intro),
                    matcher,
                    names,
                };
                if let Some(speaker) = intro_ctx.subject(0, intro.len()) {
                    found.push(Found {
                        speaker,
                        text: text.to_string(),
                    });
                }
            }
            if let Some(subject) = ctx.subject(0, text.len()) {
                last_subject = Some(subject);
            }
            open = None;
            previous_quote = None;
            previous = Some(text);
            continue;
        }
        let mut quote_in_paragraph = None;
        for span in spans.iter().filter(|s| !is_named_term(text, s)) {
            let whole = span.start <= 3 && text.len() - span.end <= 4;
            let speaker = if span.start <= 3 && open.is_some() {
                open.clone()
            } else if let Some(tail) = ctx.tail_speaker(span) {
                tail
            } else if let Some(head) = ctx.head_speaker(span) {
                head
            } else if whole {
                match previous {
                    Some(p) if p.ends_with(':') => last_subject.clone(),
                    _ => previous_quote.clone(),
                }
            } else {
                None
            };
            let speaker = match speaker {
                Some(Speaker::Name(n)) if n == PRONOUN => {
                    let start = ctx.sentence_start(span.start.saturating_sub(1));
                    ctx.subject(0, start).or_else(|| last_subject.clone())
                }
                other => other,
            };
            if let Some(speaker) = speaker {
                let quote = clean_quote(&text[span.start..span.end]);
                if !quote.is_empty() {
                    found.push(Found {
                        speaker: speaker.clone(),
                        text: quote,
                    });
                }
                last_subject = Some(speaker.clone());
                quote_in_paragraph = Some(speaker);
            }
        }
        open = spans
            .last()
            .filter(|s| !s.closed)
            .and(quote_in_paragraph.clone());
        previous_quote = quote_in_paragraph;
        if previous_quote.is_none() {
            if let Some(subject) = ctx.subject(0, text.len()) {
                last_subject = Some(subject);
            }
        }
        previous = Some(text);
    }
    found
}

/// Marks "resolve me against the last person speaking".
const PRONOUN: &str = "\u{0}pronoun";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Byte range of the words inside the quote marks.
    start: usize,
    end: usize,
    /// Byte offset just after the closing mark.
    after: usize,
    closed: bool,
}

/// The outermost double-quoted spans of `text`.
fn quote_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut before: Option<char> = None;
    for (i, ch) in text.char_indices() {
        let opens = ch == '“'
            || (ch == '"' && before.is_none_or(|b| b.is_whitespace() || "([—–-".contains(b)));
        let closes = ch == '”' || (ch == '"' && !opens);
        if opens {
            if depth == 0 {
                start = i + ch.len_utf8();
            }
            depth += 1;
        } else if closes && depth > 0 {
            depth -= 1;
            if depth == 0 {
                spans.push(Span {
                    start,
                    end: i,
                    after: i + ch.len_utf8(),
                    closed: true,
                });
            }
        }
        before = Some(ch);
    }
    if depth > 0 {
        spans.push(Span {
            start,
            end: text.len(),
            after: text.len(),
            closed: false,
        });
    }
    spans
}

/// True for a term in quote marks after `so-called` (`the so-called
/// “special military operation”`): a name for something, not speech.
fn is_named_term(text: &str, span: &Span) -> bool {
    let before = &text[..span.start];
    let open = before.char_indices().last().map_or(0, |(i, _)| i);
    let words = before[..open].trim_end();
    words.len() >= 9
        && words.is_char_boundary(words.len() - 9)
        && words[words.len() - 9..].eq_ignore_ascii_case("so-called")
}

fn clean_quote(text: &str) -> String {
    text.trim().trim_end_matches(',').trim().to_string()
}

struct Context<'a> {
    text: &'a str,
    mentions: Vec<Mention>,
    matcher: &'a ActorMatcher,
    names: &'a [String],
}

impl Context<'_> {
    /// The speaker named after the quote: `," Peskov said`, `," said Trump`.
    /// `Some(None)` when the words after it attribute the quote to no person
    /// (`," the Kremlin said`).
    fn tail_speaker(&self, span: &Span) -> Option<Option<Speaker>> {
        let from = span.after;
        let rest = &self.text[from..];
        let stop = rest
            .find(['“', '"'])
            .unwrap_or(rest.len())
            .min(sentence_end(rest));
        let tail = &rest[..floor_boundary(rest, stop.min(WINDOW))];
        let (verb_at, verb) = first_verb(tail)?;
        let quote = &self.text[span.start..span.end];
        let ended = quote.trim_end().ends_with(['.', '?', '!']);
        if ended && tail[..verb_at].split_whitespace().count() > 4 {
            return None;
        }
        if tail[..verb_at].trim().trim_matches(',').trim().is_empty() {
            let after_start = from + verb_at + verb.len();
            let after = &self.text[after_start..from + tail.len()];
            let end = after.find([',', ';']).unwrap_or(after.len());
            return Some(self.phrase_speaker(after_start, after_start + end, true));
        }
        Some(self.phrase_speaker(from, from + verb_at, true))
    }

    /// The speaker named before the quote in its sentence: `X said: "..."`,
    /// `X said there was "..."`.
    fn head_speaker(&self, span: &Span) -> Option<Option<Speaker>> {
        let open_at = span.start.saturating_sub(1);
        let start = self.sentence_start(open_at);
        let head = &self.text[start..floor_boundary(self.text, open_at)];
        let (verb_at, _) = last_verb(head)?;
        Some(self.phrase_speaker(start, start + verb_at, false))
    }

    /// Who the words at `from..to` name as speaking: a person actor, a
    /// named person, a pronoun pointing back, or a description. `first`:
    /// the words follow the quote, so the first person named is the speaker.
    fn phrase_speaker(&self, from: usize, to: usize, first: bool) -> Option<Speaker> {
        let phrase = &self.text[from..to];
        let part_start = from + phrase.rfind(',').map_or(0, |i| i + 1);
        let last_part = self.text[part_start..to].trim().trim_end_matches('.');
        let persons = self.persons(from, to);
        let in_part: Vec<&Mention> = persons
            .iter()
            .filter(|m| m.start >= part_start && !m.possessive)
            .collect();
        let chosen = if first && !last_part.is_empty() {
            in_part.first().copied()
        } else if first {
            persons.iter().find(|m| !m.possessive)
        } else {
            persons.iter().rev().find(|m| !m.possessive)
        };
        if let Some(mention) = chosen {
            return Some(Speaker::Actor(mention.actor));
        }
        if let Some(name) = self.names.iter().find(|n| phrase.contains(n.as_str())) {
            return Some(Speaker::Name(name.clone()));
        }
        if let Some(possessive) = persons.iter().rev().find(|m| m.possessive) {
            let described = self.text[possessive.start..to].trim().trim_end_matches(',');
            return Some(Speaker::Name(described.to_string()));
        }
        let lower = last_part.to_lowercase();
        let ends_with_actor = self.within(part_start, to).iter().any(|m| {
            m.start >= part_start
                && m.end <= to
                && self.text[m.end..to].trim().trim_end_matches('.').is_empty()
        });
        if lower == "he" || lower == "she" || (lower.starts_with("the ") && !ends_with_actor) {
            return Some(Speaker::Name(PRONOUN.to_string()));
        }
        let words = last_part.split_whitespace().count();
        let names_actor = !self.within(from, to).is_empty();
        if names_actor || words == 0 || words > 7 || lower == "they" || lower == "it" {
            return None;
        }
        Some(Speaker::Name(capitalize(last_part)))
    }

    /// Actors named between byte `from` and `to`.
    fn within(&self, from: usize, to: usize) -> &[Mention] {
        let first = self.mentions.partition_point(|m| m.start < from);
        let last = self.mentions.partition_point(|m| m.end <= to).max(first);
        &self.mentions[first..last]
    }

    /// Person actors named between byte `from` and `to`.
    fn persons(&self, from: usize, to: usize) -> Vec<Mention> {
        self.within(from, to)
            .iter()
            .filter(|m| self.matcher.is_person(m.actor))
            .copied()
            .collect()
    }

    /// The person speaking in `from..to`: before its last verb of speech,
    /// else the first person named.
    fn subject(&self, from: usize, to: usize) -> Option<Speaker> {
        let window_from = ceil_boundary(self.text, from.max(to.saturating_sub(WINDOW)));
        let segment = &self.text[window_from..to];
        if let Some((verb_at, _)) = last_verb(segment) {
            let found = self
                .persons(window_from, window_from + verb_at)
                .into_iter()
                .rev()
                .find(|m| !m.possessive);
            if let Some(m) = found {
                return Some(Speaker::Actor(m.actor));
            }
        }
        self.persons(window_from, to)
            .into_iter()
            .find(|m| !m.possessive)
            .map(|m| Speaker::Actor(m.actor))
    }

    /// Where the sentence holding byte `at` starts (looking back a bounded way).
    fn sentence_start(&self, at: usize) -> usize {
        let at = floor_boundary(self.text, at);
        let from = ceil_boundary(self.text, at.saturating_sub(WINDOW));
        let before = &self.text[from..at];
        let mut start = from;
        for (i, ch) in before.char_indices() {
            if matches!(ch, '.' | '?' | '!')
                && before[i + 1..].starts_with(' ')
                && !is_abbreviation(&before[..i])
            {
                start = from + i + 2;
            }
        }
        start.min(at)
    }
}

/// The first verb of speech in `text`, as whole word: its byte offset.
fn first_verb(text: &str) -> Option<(usize, &'static str)> {
    verbs(text).next()
}

fn last_verb(text: &str) -> Option<(usize, &'static str)> {
    verbs(text).last()
}

fn verbs(text: &str) -> impl Iterator<Item = (usize, &'static str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            if let Some(verb) = VERBS.iter().find(|v| **v == &text[s..i]) {
                found.push((s, *verb));
            }
        }
    }
    found.into_iter()
}

/// The byte offset where the first sentence of `text` ends.
fn sentence_end(text: &str) -> usize {
    for (i, ch) in text.char_indices() {
        if matches!(ch, '.' | '?' | '!')
            && (text[i + 1..].is_empty() || text[i + 1..].starts_with(' '))
            && !is_abbreviation(&text[..i])
        {
            return i + 1;
        }
    }
    text.len()
}

/// True when the word that ends `before` is an abbreviation (`Mr`, `U.S`).
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or(before);
    const SHORT: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "No",
        "vs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    ];
    word.contains('.')
        || SHORT.contains(&word)
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::actors::actor;
    use crate::model::ActorKind;

    fn matcher() -> ActorMatcher {
        let p = ActorKind::Person;
        ActorMatcher::new(&[
            actor(
                "vladimir-putin",
                "Vladimir Putin",
                p,
                &["Putin", "Mr Putin", "Mr. Putin"],
            ),
            actor("dmitry-peskov", "Dmitry Peskov", p, &["Peskov"]),
            actor("donald-trump", "Donald Trump", p, &["Trump"]),
            actor("mike-waltz", "Mike Waltz", p, &["Waltz"]),
            actor(
                "sergei-lavrov",
                "Sergei Lavrov",
                p,
                &["Lavrov", "Mr Lavrov"],
            ),
            actor("olaf-scholz", "Olaf Scholz", p, &["Scholz"]),
            actor(
                "jeremy-fleming",
                "Jeremy Fleming",
                p,
                &["Sir Jeremy Fleming"],
            ),
            actor("michael-mcfaul", "Michael McFaul", p, &["McFaul"]),
            actor("antony-blinken", "Antony Blinken", p, &["Blinken"]),
            actor(
                "russia",
                "Russia",
                ActorKind::Country,
                &["Kremlin", "Moscow"],
            ),
        ])
    }

    fn quotes(text: &str) -> Vec<(String, String)> {
        let m = matcher();
        let paragraphs: Vec<String> = text.lines().map(String::from).collect();
        find(&paragraphs, &m, &["Barack Obama".to_string()])
            .into_iter()
            .map(|f| {
                let who = match f.speaker {
                    Speaker::Actor(a) => m.slug(a).to_string(),
                    Speaker::Name(n) => n,
                };
                (who, f.text)
            })
            .collect()
    }

    fn pair(who: &str, text: &str) -> (String, String) {
        (who.to_string(), text.to_string())
    }

    #[test]
    fn quote_then_speaker() {
        assert_eq!(
            quotes("“The special military operation continues. At the same time, President Putin remains open to negotiations,” said Peskov.\n“Russia wants to do something,” Trump told reporters in Palm Beach, Florida.\n“How should we give in – with Russian people or with rare earth metals?” Lavrov said."),
            [
                pair("dmitry-peskov", "The special military operation continues. At the same time, President Putin remains open to negotiations"),
                pair("donald-trump", "Russia wants to do something"),
                pair("sergei-lavrov", "How should we give in – with Russian people or with rare earth metals?"),
            ]
        );
        assert_eq!(
            quotes("Other positions included Lavrov saying Kyiv is a “Nazi regime”. Ukraine has committed war crimes “worse than Hitler’s murderers” in the course of their defence against Russia’s invasion, he said.\nBut is it true that Biden is ready? Or is it just a figure of speech? Putin spoke.\n“I’m prepared to speak with Mr. Putin,” the U.S. president said."),
            [
                pair("sergei-lavrov", "Nazi regime"),
                pair("sergei-lavrov", "worse than Hitler’s murderers"),
                pair("vladimir-putin", "I’m prepared to speak with Mr. Putin"),
            ]
        );
    }

    #[test]
    fn speaker_then_quote_and_continued_quotes() {
        assert_eq!(
            quotes("In Moscow’s first public response to the overture, Kremlin spokesman Dmitry Peskov told reporters: “The President of the Russian Federation has always been open.”\nGCHQ director Sir Jeremy Fleming told the RUSI security conference: “Russia is the only nation talking about using nuclear weapons.\n“I would like to think that we would have a good chance of spotting it.”"),
            [
                pair("dmitry-peskov", "The President of the Russian Federation has always been open."),
                pair("jeremy-fleming", "Russia is the only nation talking about using nuclear weapons."),
                pair("jeremy-fleming", "I would like to think that we would have a good chance of spotting it."),
            ]
        );
    }

    #[test]
    fn pronouns_and_descriptions_point_back() {
        assert_eq!(
            quotes("U.S. National Security Adviser Mike Waltz told reporters in Riyadh that the war must end.\n“Just a practical reality is that there is going to be some discussion of territory,” he said.\nUkraine has said it will not accept any deal, and German Chancellor Olaf Scholz reiterated “there must be no decision over the heads of Ukraine.”"),
            [
                pair("mike-waltz", "Just a practical reality is that there is going to be some discussion of territory"),
                pair("olaf-scholz", "there must be no decision over the heads of Ukraine."),
            ]
        );
    }

    #[test]
    fn speakers_who_are_not_actors_keep_their_names() {
        assert_eq!(
            quotes("Sources familiar with the matter said the decision was made to avoid giving “legitimacy” to the U.S.-Russia talks.\nIn a Berlin report by telephone, Scholz’s spokeswoman said the chancellor called for a solution to the war, “including the withdrawal of Russian troops.”\n“So far I have seen zero evidence,” Michael McFaul, who served as U.S. ambassador to Russia under former President Barack Obama, wrote on X.\n“Yes,” said Barack Obama."),
            [
                pair("Sources familiar with the matter", "legitimacy"),
                pair("Scholz’s spokeswoman", "including the withdrawal of Russian troops."),
                pair("michael-mcfaul", "So far I have seen zero evidence"),
                pair("Barack Obama", "Yes"),
            ]
        );
    }

    #[test]
    fn scare_quotes_and_organisations_are_left_alone() {
        assert!(quotes("President Vladimir Putin is open to talks on Ukraine, but the West must recognize Russia’s “new territories,” the Kremlin said on Friday.\nNATO has carried out work on the “military development” of Ukraine.").is_empty());
        assert_eq!(
            quotes("Putin said he did not regret launching the so-called “special military operation” to disarm Ukraine.\nPeskov said the so-called \"peace plan\" was \"not serious.\""),
            vec![pair("dmitry-peskov", "not serious.")]
        );
    }

    #[test]
    fn block_quote_after_said_colon() {
        assert_eq!(
            quotes("Blinken said at a forum hosted by The Washington Post:\nIf countries are ready to participate, we will welcome this."),
            [pair("antony-blinken", "If countries are ready to participate, we will welcome this.")]
        );
        assert!(introduces_block_quote(
            "Lavrov said he saw no role for Europe at the table:"
        ));
        assert!(!introduces_block_quote("Key points:"));
    }

    #[test]
    fn straight_quotes_with_nested_curly_ones() {
        assert_eq!(
            quote_spans("x: \"He's wrong. Says “in concert,” not alone.” End"),
            [Span {
                start: 4,
                end: 49,
                after: 52,
                closed: true
            }]
        );
    }
}
