//! Finds quoted speech and who said it. The attribution is read from the
//! quote's own sentence: `"...," said X`, `"...," X told reporters`, `X
//! said: "..."`, `according to X`; a pronoun or `the minister` points back to
//! the last person named; a quote with no attribution of its own continues
//! the one before it in its paragraph, or a quotation left open at the end of
//! the paragraph before; a sentence cut in two by its attribution is one
//! quote; an unmarked block quote follows `X said:`. Speakers are named as
//! [`People`] resolves them; a quote whose speaker the text does not make
//! clear is left out and reported. Scare quotes with no verb of speech are
//! left alone.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use super::actors::{ActorMatcher, Mention};
pub use super::attribution::Speaker;
use super::attribution::{Named, People};

/// One quotation found in the text, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub speaker: Speaker,
    pub text: String,
    /// The sentence or two around the quote, as printed.
    pub context: String,
    /// The words of the quote's own sentences outside its quote marks,
    /// where the time it was said is read first.
    pub frame: String,
    /// The sentence before, when the quote opens its sentence (and so the
    /// context holds it too).
    pub lead: String,
    /// Who reported the words, when the text gives them second-hand.
    pub via: Option<String>,
    /// Index of the paragraph the quote starts in.
    pub paragraph: usize,
}

/// What [`find`] found: the quotes, and the quotes left out because the
/// text does not say clearly who spoke.
#[derive(Debug, Clone, Default)]
pub struct Quotes {
    pub found: Vec<Found>,
    pub unclear: Vec<String>,
}

impl Quotes {
    /// One warning for the editor per quote left out.
    pub fn warnings(&self) -> Vec<String> {
        self.unclear
            .iter()
            .map(|quote| {
                let mut short: String = quote.chars().take(60).collect();
                if short.len() < quote.len() {
                    short.push('…');
                }
                format!("quote left out, the text does not say clearly who spoke: “{short}”; add it to [[quotes]] if you know")
            })
            .collect()
    }
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
    "asks",
    "cautioned",
    "warned",
    "warning",
    "pledged",
    "warns",
    "insisted",
    "insists",
    "reiterated",
    "promised",
    "declared",
    "commented",
    "replied",
    "explained",
    "explains",
    "continued",
    "recalled",
    "argued",
    "argues",
    "acknowledged",
    "admitted",
    "announced",
    "tweeted",
    "testified",
    "responded",
    "answered",
    "called",
    "calls",
    "described",
    "urged",
    "stressed",
    "claimed",
    "concluded",
    "remarked",
    "conceded",
    "sighed",
    "joked",
];

/// [`VERBS`] as a set, for [`verbs`] to look every word up in.
static VERB_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| VERBS.iter().copied().collect());

/// Verbs after which the name is the listener, not the speaker (`told X`).
const TO_LISTENER: &[&str] = &["told", "tells", "asked", "asks", "urged"];

/// True when `paragraph` introduces a block quote: a verb of speech, then `:`.
pub fn introduces_block_quote(paragraph: &str) -> bool {
    paragraph.ends_with(':') && verbs(paragraph).last().is_some()
}

/// The quotations in a piece's paragraphs.
pub fn find(paragraphs: &[String], matcher: &ActorMatcher) -> Quotes {
    find_with_mentions(paragraphs, matcher, Vec::new())
}

/// [`find`], given the actor mentions of the paragraphs (`mentions[i]`
/// those of paragraph `i`) when they were found already.
pub fn find_with_mentions(
    paragraphs: &[String],
    matcher: &ActorMatcher,
    mentions: Vec<Vec<Mention>>,
) -> Quotes {
    let people = People::with_mentions(paragraphs, matcher, mentions);
    let mut quotes = Quotes::default();
    let mut last_person: Option<Speaker> = None;
    let mut last_subject: Option<Speaker> = None;
    let mut open: Option<Speaker> = None;
    let mut ends_in_quote: Option<Speaker> = None;
    let mut last_sentence = String::new();
    for (number, paragraph) in paragraphs.iter().enumerate() {
        let text = paragraph.as_str();
        let brackets = Brackets::of(text);
        let spans: Vec<Span> = quote_spans(text)
            .into_iter()
            .filter(|s| !is_named_term(text, s) && !is_in_markup(text, &brackets, s))
            .collect();
        let sentences = sentences(text, &spans);
        let persons: Vec<(usize, Speaker)> = people
            .persons_in(text)
            .into_iter()
            .filter(|(at, _)| !inside_a_quote(&spans, *at))
            .collect();
        let subjects = subjects(&people, text, &spans, &sentences, &persons);
        let intro = number
            .checked_sub(1)
            .map(|n| paragraphs[n].as_str())
            .filter(|p| introduces_block_quote(p));
        let intro_speaker = intro.and_then(|intro| {
            let start = sentence_start_of(intro, intro.len().saturating_sub(1));
            let head = &intro[start..];
            verbs(head)
                .last()
                .and_then(|(at, _)| people.named(&head[..at], false))
                .and_then(|n| resolve(n, last_subject.as_ref().or(last_person.as_ref())))
        });
        if spans.is_empty() {
            if let Some(intro) = intro.filter(|_| !is_markup(text)) {
                match intro_speaker.clone() {
                    Some(speaker) => quotes.found.push(Found {
                        speaker: speaker.clone(),
                        text: text.to_string(),
                        context: format!("{intro} {text}"),
                        frame: intro.to_string(),
                        lead: String::new(),
                        via: None,
                        paragraph: number,
                    }),
                    None => quotes.unclear.push(text.to_string()),
                }
            }
            if let Some((_, person)) = persons.last() {
                last_person = Some(person.clone());
            }
            if let Some((_, subject)) = subjects.last() {
                last_subject = Some(subject.clone());
            }
            open = None;
            ends_in_quote = None;
            last_sentence = last_of(text, &sentences);
            continue;
        }
        let mut spoken: Vec<(usize, Speaker)> = Vec::new();
        let mut attribution_end = 0;
        let mut joined_to_previous = false;
        for (i, span) in spans.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| spans[p]);
            let between = previous.map(|p| &text[p.after..span.open]);
            if let (Some(prev), Some(between)) = (previous, between) {
                let cut_in_two = text[prev.start..prev.end].trim_end().ends_with(',')
                    && between.trim_end().ends_with(',')
                    && verbs(between).next().is_some()
                    && between.split_whitespace().count() <= 8;
                if cut_in_two && !joined_to_previous {
                    if let Some(last) = quotes.found.last_mut().filter(|f| f.paragraph == number) {
                        last.text = format!(
                            "{}, {}",
                            last.text,
                            clean_quote(&text[span.start..span.end])
                        );
                        let tail = tail_of(text, span, spans.get(i + 1)).len();
                        let (from, to) = context_range(text, &sentences, span, tail, false);
                        extend_context(last, text, from, to, &spans);
                        joined_to_previous = true;
                        continue;
                    }
                }
            }
            joined_to_previous = false;
            let sentence_from = sentence_start(&sentences, span.open);
            let head_from = previous.map_or(sentence_from, |p| p.after.max(sentence_from));
            let head = &text[head_from..span.open];
            let tail = tail_of(text, span, spans.get(i + 1));
            let continues = i == 0 && span.open <= 3 && open.is_some();
            let (named, via) = if continues {
                (open.clone().map(Named::Speaker), None)
            } else {
                let (named, via) = attribution(&people, head, tail, &text[span.start..span.end]);
                (named, via)
            };
            // The lists are in text order: each is searched for the last
            // entry before `at`, not scanned (a paragraph may hold
            // thousands of quotes).
            let back = |at: usize| -> Option<Speaker> {
                let subject = match (
                    person_before(&people, &subjects, at),
                    person_before(&people, &spoken, at),
                ) {
                    (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
                    (a, b) => a.or(b),
                };
                let mention = persons[..persons.partition_point(|(p, _)| *p < at)].last();
                subject
                    .or(mention)
                    .map(|(_, s)| s.clone())
                    .or_else(|| last_subject.clone())
                    .or_else(|| last_person.clone())
            };
            let attributed = named.is_some();
            let speaker = match named {
                Some(Named::Speaker(s)) => Some(s),
                Some(Named::PointsBack) => back(span.open),
                Some(Named::Unnamed) => None,
                None => {
                    let whole = span.open <= 3 && text.len() - span.after <= 4;
                    let first = persons.partition_point(|(p, _)| *p < attribution_end);
                    let named_between = persons.get(first).is_some_and(|(p, _)| *p < span.open);
                    if let Some((_, s)) = spoken.last().filter(|_| !named_between) {
                        Some(s.clone())
                    } else if whole {
                        intro_speaker.clone().or_else(|| ends_in_quote.clone())
                    } else {
                        None
                    }
                }
            };
            let quote = clean_quote(&text[span.start..span.end]);
            if quote.is_empty() {
                continue;
            }
            let Some(speaker) = speaker else {
                if attributed || span.open <= 3 {
                    quotes.unclear.push(quote);
                }
                continue;
            };
            let (from, to) = context_range(text, &sentences, span, tail.len(), true);
            let starts_sentence = text[sentence_from..span.open].trim().is_empty();
            let lead = if starts_sentence {
                sentences[..sentences.partition_point(|(_, end)| *end <= sentence_from)]
                    .last()
                    .map_or(last_sentence.clone(), |(a, b)| {
                        text[*a..*b].trim().to_string()
                    })
            } else {
                String::new()
            };
            let mut found = Found {
                speaker: speaker.clone(),
                text: quote,
                context: String::new(),
                frame: String::new(),
                lead,
                via: via.map(|v| people.display(&v)),
                paragraph: number,
            };
            if !found.lead.is_empty() {
                found.context = format!("{} ", found.lead);
            }
            extend_context(&mut found, text, from, to, &spans);
            quotes.found.push(found);
            spoken.push((span.open, speaker));
            attribution_end = span.after + tail.len();
        }
        let last_span = spans.last();
        open = last_span
            .filter(|s| !s.closed)
            .and(spoken.last().map(|(_, s)| s.clone()));
        ends_in_quote = last_span
            .filter(|s| text.len() - s.after <= 4 || tail_is_attribution(text, s))
            .and(spoken.last().map(|(_, s)| s.clone()));
        let latest_subject = subjects
            .iter()
            .chain(&spoken)
            .filter(|(_, s)| people.is_person_speaker(s))
            .max_by_key(|(p, _)| *p);
        if let Some((_, subject)) = latest_subject {
            last_subject = Some(subject.clone());
        }
        let last_mention = persons.last().map(|(at, s)| (*at, s.clone()));
        last_person = match (last_mention, spoken.last().cloned()) {
            (Some(a), Some(b)) => Some(if a.0 > b.0 { a.1 } else { b.1 }),
            (Some(a), None) => Some(a.1),
            (None, Some(b)) => Some(b.1),
            (None, None) => last_person,
        };
        last_sentence = last_of(text, &sentences);
    }
    quotes
}

/// The last entry of `list` (in text order) before `at` that names a
/// person.
fn person_before<'l>(
    people: &People<'_>,
    list: &'l [(usize, Speaker)],
    at: usize,
) -> Option<&'l (usize, Speaker)> {
    list[..list.partition_point(|(p, _)| *p < at)]
        .iter()
        .rev()
        .find(|(_, s)| people.is_person_speaker(s))
}

/// The people a paragraph shows speaking or acting outside its quotes: the
/// subject of each verb of speech, and people named at the start of a
/// sentence (not in the possessive), with their byte offsets.
fn subjects(
    people: &People<'_>,
    text: &str,
    spans: &[Span],
    sentences: &[(usize, usize)],
    persons: &[(usize, Speaker)],
) -> Vec<(usize, Speaker)> {
    let mut possessives = people.possessives_in(text);
    possessives.sort_unstable();
    let mut found: Vec<(usize, Speaker)> = persons
        .iter()
        .filter(|(at, _)| {
            text[sentence_start(sentences, *at)..*at]
                .split_whitespace()
                .take(4)
                .count()
                <= 3
                && possessives.binary_search(at).is_err()
        })
        .cloned()
        .collect();
    for (at, _) in verbs(text) {
        if inside_a_quote(spans, at) {
            continue;
        }
        // After the sentence's start and the last quote closed before.
        let closed_before = spans.partition_point(|s| s.after <= at);
        let from = closed_before
            .checked_sub(1)
            .map_or(0, |last| spans[last].after)
            .max(sentence_start(sentences, at));
        if let Some(Named::Speaker(speaker)) = people.named(&text[from..at], false) {
            found.push((at, speaker));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// Who the words around a quote name as its speaker, and who reported it
/// when it is second-hand. `None`: the sentence attributes it to no one.
fn attribution(
    people: &People<'_>,
    head: &str,
    tail: &str,
    quote: &str,
) -> (Option<Named>, Option<Speaker>) {
    let according = according_to(people, head).or_else(|| according_to(people, tail));
    if let Some(named) = tail_named(people, tail, quote) {
        let via = according.filter(|v| Some(v) != named_speaker(&named).as_ref());
        return (Some(named), via);
    }
    let head_verbs: Vec<(usize, &str)> = verbs(head).collect();
    if let Some(&(at, _)) = head_verbs.last() {
        let named = people.named(&head[..at], false);
        let reported = head_verbs.first().filter(|(first, _)| {
            let between = &head[*first..at];
            head_verbs.len() >= 2 && between.contains(" that ") && !between.contains(", and ")
        });
        let first_subject = reported
            .and_then(|(first, _)| people.named(&head[..*first], false))
            .as_ref()
            .and_then(named_speaker);
        let via = according
            .or(first_subject)
            .filter(|v| named.as_ref().and_then(named_speaker).as_ref() != Some(v));
        return (named, via);
    }
    if let Some(speaker) = according {
        return (Some(Named::Speaker(speaker)), None);
    }
    let head = head.trim_end();
    if head.ends_with(':') {
        return (people.named(head.trim_end_matches(':'), false), None);
    }
    (None, None)
}

fn named_speaker(named: &Named) -> Option<Speaker> {
    match named {
        Named::Speaker(s) => Some(s.clone()),
        _ => None,
    }
}

/// `according to X`: who X is.
fn according_to(people: &People<'_>, text: &str) -> Option<Speaker> {
    let lower = text.to_lowercase();
    let at = lower.find("according to ")?;
    let rest = &text[at + "according to ".len()..];
    match people.named(rest, true)? {
        Named::Speaker(s) => Some(s),
        _ => None,
    }
}

/// The speaker named after a quote: `," Peskov said`, `," said Trump`.
fn tail_named(people: &People<'_>, tail: &str, quote: &str) -> Option<Named> {
    let (verb_at, verb) = verbs(tail).next()?;
    let before = &tail[..verb_at];
    let trimmed = before.trim().trim_matches(',').trim();
    let quote = quote.trim_end();
    let new_sentence = quote.ends_with('.')
        && trimmed.chars().next().is_some_and(char::is_uppercase)
        && !tail.trim_start().starts_with(',');
    if new_sentence || (quote.ends_with(['?', '!']) && before.split_whitespace().count() > 4) {
        return None;
    }
    const STARTS_NAME: &[&str] = &[
        "the", "he", "she", "a", "an", "one", "his", "her", "its", "their",
    ];
    let names_first = |phrase: &str| {
        let first = phrase.split_whitespace().next().unwrap_or("");
        first.starts_with(char::is_uppercase) || STARTS_NAME.contains(&first)
    };
    let before = if names_first(trimmed) {
        before
    } else {
        match before.rfind(',') {
            Some(comma) if names_first(&before[comma + 1..]) => &before[comma + 1..],
            _ if trimmed.is_empty() => before,
            _ => return None,
        }
    };
    if trimmed.is_empty() {
        if TO_LISTENER.contains(&verb) {
            return None;
        }
        let after = &tail[verb_at + verb.len()..];
        return people.named(after, true);
    }
    people.named(before, false)
}

/// True when the words after a span are only its attribution.
fn tail_is_attribution(text: &str, span: &Span) -> bool {
    let rest = &text[span.after..];
    let end = sentence_end(rest);
    end >= rest.trim_end().len() && verbs(&rest[..end]).next().is_some()
}

fn resolve(named: Named, last_person: Option<&Speaker>) -> Option<Speaker> {
    match named {
        Named::Speaker(s) => Some(s),
        Named::PointsBack => last_person.cloned(),
        Named::Unnamed => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Byte offset of the opening mark.
    open: usize,
    /// Byte range of the words inside the quote marks.
    start: usize,
    end: usize,
    /// Byte offset just after the closing mark.
    after: usize,
    closed: bool,
}

/// Whether byte `at` is inside the words of one of `spans` (see
/// [`quote_holding`]).
fn inside_a_quote(spans: &[Span], at: usize) -> bool {
    quote_holding(spans, at).is_some()
}

/// The one of `spans` whose words hold byte `at`. The spans are in the
/// order of the text and do not overlap (as [`quote_spans`] finds them):
/// only the last to start at or before `at` can hold it.
fn quote_holding(spans: &[Span], at: usize) -> Option<&Span> {
    let started = spans.partition_point(|s| s.start <= at);
    started
        .checked_sub(1)
        .map(|last| &spans[last])
        .filter(|span| at < span.end)
}

/// The outermost double-quoted spans of `text`. A quote closed by a single
/// mark before its attribution (`...transmission,’ he says.`) ends there;
/// two single marks written as one double (`voters,’’ Will Moy`) are one.
fn quote_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut open = 0;
    // Only `"` and the curly marks, which start with byte E2 in UTF-8, can
    // open or close a quote: the bytes between are passed over unread.
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(skipped) = bytes[at..].iter().position(|&b| b == b'"' || b == 0xe2) {
        let i = at + skipped;
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        let doubled = matches!(ch, '‘' | '’') && text[i + ch.len_utf8()..].starts_with(ch);
        let width = if doubled {
            2 * ch.len_utf8()
        } else {
            ch.len_utf8()
        };
        at = i + width;
        let before = text[..i].chars().next_back();
        let opens = ch == '“'
            || (doubled && ch == '‘')
            || (ch == '"' && before.is_none_or(|b| b.is_whitespace() || "([—–-".contains(b)));
        let closes = ch == '”' || (doubled && ch == '’') || (ch == '"' && !opens);
        if opens {
            if depth == 0 {
                open = i;
                start = i + width;
            }
            depth += 1;
        } else if closes && depth > 0 {
            depth -= 1;
            if depth == 0 {
                spans.push(Span {
                    open,
                    start,
                    end: i,
                    after: i + width,
                    closed: true,
                });
            }
        }
    }
    if depth > 0 {
        let rest = &text[start..];
        let stray = rest
            .match_indices(",’ ")
            .map(|(at, _)| at)
            .find(|at| verbs(&rest[at + 4..]).next().is_some_and(|(v, _)| v <= 12));
        match stray {
            Some(at) => spans.push(Span {
                open,
                start,
                end: start + at + 1,
                after: start + at + ",’".len(),
                closed: true,
            }),
            None => spans.push(Span {
                open,
                start,
                end: text.len(),
                after: text.len(),
                closed: false,
            }),
        }
    }
    spans
}

/// True for a term in quote marks after `so-called` (`the so-called
/// “special military operation”`), or of at most four words after a
/// possessive (`Putin says his “special military operation” was needed`,
/// `recognize Russia’s “new territories,”`): a name for something, not speech.
fn is_named_term(text: &str, span: &Span) -> bool {
    const POSSESSIVES: &[&str] = &["his", "her", "its", "their", "our", "my", "your"];
    let before = text[..span.open].trim_end();
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    let short = text[span.start..span.end].split_whitespace().count() <= 4;
    let possessive =
        POSSESSIVES.contains(&word.as_str()) || word.ends_with("’s") || word.ends_with("'s");
    word == "so-called" || (short && possessive)
}

/// True for quote marks that hold markup or code, or stand inside it
/// (`<script>alert("entity")</script>`, `"<img src=x onerror=alert(1)>"`,
/// `<a title="x">`): markup pasted into a story is not what anyone said.
fn is_in_markup(text: &str, brackets: &Brackets, span: &Span) -> bool {
    let word_start = text[..span.open]
        .rfind(char::is_whitespace)
        .map_or(0, |at| at + 1);
    let word_end = text[span.after..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| span.after + at);
    let before = &text[..span.open];
    let in_open_tag = match brackets.last_before(span.open) {
        (Some(open), closed) => {
            closed.is_none_or(|closed| closed < open) && starts_tag(&before[open + 1..])
        }
        (None, _) => false,
    };
    in_open_tag || is_markup(&text[word_start..word_end])
}

/// Where a paragraph's angle brackets are, in order: whether a quote stands
/// inside a tag is then a search, not a scan of the whole text before it
/// for every quote.
struct Brackets {
    opens: Vec<usize>,
    closes: Vec<usize>,
}

impl Brackets {
    fn of(text: &str) -> Brackets {
        let at = |mark| memchr::memchr_iter(mark, text.as_bytes()).collect();
        Brackets {
            opens: at(b'<'),
            closes: at(b'>'),
        }
    }

    /// The last `<` and the last `>` before byte `at`.
    fn last_before(&self, at: usize) -> (Option<usize>, Option<usize>) {
        let last = |list: &[usize]| list[..list.partition_point(|&p| p < at)].last().copied();
        (last(&self.opens), last(&self.closes))
    }
}

/// True for text holding a tag (`<name`, `</`), an event-handler
/// attribute (`onerror=`) or a `javascript:` link.
fn is_markup(text: &str) -> bool {
    let lower = crate::text::lowercase(text);
    let tag = lower
        .match_indices('<')
        .any(|(at, _)| starts_tag(&lower[at + 1..]));
    let handler = lower.match_indices("on").any(|(at, _)| {
        let word_start = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let name_len = lower[at + 2..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .count();
        word_start && name_len >= 3 && lower[at + 2 + name_len..].trim_start().starts_with('=')
    });
    tag || handler || lower.contains("javascript:")
}

/// True when the text after a `<` opens or closes a tag.
fn starts_tag(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

fn clean_quote(text: &str) -> String {
    text.trim().trim_end_matches(',').trim().to_string()
}

/// The words after a quote up to the next quote or the end of the sentence.
/// Nothing when the quote ends its sentence with a full stop and a new
/// sentence starts after it.
fn tail_of<'t>(text: &'t str, span: &Span, next: Option<&Span>) -> &'t str {
    let rest = &text[span.after..next.map_or(text.len(), |n| n.open)];
    let ended = text[span.start..span.end].trim_end().ends_with('.');
    let starts_new = rest
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if ended && starts_new {
        return &rest[..0];
    }
    &rest[..sentence_end(rest)]
}

/// The sentences of a paragraph as byte ranges; a full stop inside a
/// quote ends no sentence unless the quote ends with it.
fn sentences(text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    // The marks are ASCII, so read bytes: each one found is a character.
    for (i, &mark) in text.as_bytes().iter().enumerate() {
        if !matches!(mark, b'.' | b'?' | b'!') {
            continue;
        }
        let inside = quote_holding(spans, i);
        let mut end = i + 1;
        if let Some(span) = inside {
            if text[i + 1..span.end].trim().is_empty() {
                end = span.after;
            } else {
                continue;
            }
        }
        let rest = &text[end..];
        let next = rest.trim_start().chars().next();
        let breaks = rest.starts_with(' ')
            && next.is_some_and(|c| c.is_uppercase() || "“\"‘(".contains(c))
            && !is_abbreviation(&text[start..i]);
        if breaks {
            found.push((start, end));
            start = end + (rest.len() - rest.trim_start().len());
        }
    }
    if start < text.len() {
        found.push((start, text.len()));
    }
    found
}

/// Where the sentence holding `at` starts; 0 when `at` is in none. The
/// sentences are in order and none overlaps another (see [`sentences`]).
fn sentence_start(sentences: &[(usize, usize)], at: usize) -> usize {
    sentences
        .get(sentences.partition_point(|(_, to)| *to <= at))
        .filter(|(from, _)| at >= *from)
        .map_or(0, |(from, _)| *from)
}

fn sentence_start_of(text: &str, at: usize) -> usize {
    let spans = quote_spans(text);
    sentence_start(&sentences(text, &spans), at)
}

fn last_of(text: &str, sentences: &[(usize, usize)]) -> String {
    sentences
        .last()
        .map(|(from, to)| text[*from..*to].trim().to_string())
        .unwrap_or_default()
}

/// The byte range of the sentences a quote and its attribution stand in.
fn context_range(
    text: &str,
    sentences: &[(usize, usize)],
    span: &Span,
    tail: usize,
    from_sentence_start: bool,
) -> (usize, usize) {
    let from = if from_sentence_start {
        sentence_start(sentences, span.open)
    } else {
        span.open
    };
    let last = (span.after + tail).saturating_sub(1).max(span.open);
    let to = sentences
        .get(sentences.partition_point(|(_, end)| *end <= last))
        .map_or(text.len(), |(_, end)| *end);
    (from, to.max(span.after).min(text.len()))
}

/// Adds `text[from..to]` to a quote's context, and the words outside quote
/// marks to its frame.
fn extend_context(found: &mut Found, text: &str, from: usize, to: usize, spans: &[Span]) {
    let piece = text[from..to].trim();
    if !found.context.contains(piece) {
        if !found.context.is_empty() && !found.context.ends_with(' ') {
            found.context.push(' ');
        }
        found.context.push_str(piece);
    }
    let mut at = from;
    let first = spans.partition_point(|s| s.open < from);
    for span in spans[first..].iter().take_while(|s| s.open < to) {
        found.frame.push_str(&text[at..span.open]);
        found.frame.push(' ');
        at = span.after.min(to);
    }
    found.frame.push_str(&text[at..to]);
}

/// The verbs of speech in `text`, each with its byte offset, found one at a
/// time so that callers wanting only the first stop scanning there. Words
/// are runs of alphabetic characters, read byte by byte where the text is
/// ASCII; only a word that starts with a small ASCII letter, as every verb
/// does, is looked up.
fn verbs(text: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut start = None;
    std::iter::from_fn(move || {
        while at <= bytes.len() {
            let (alphabetic, width) = match bytes.get(at) {
                Some(byte) if byte.is_ascii() => (byte.is_ascii_alphabetic(), 1),
                Some(_) => text[at..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_alphabetic(), c.len_utf8())),
                None => (false, 1),
            };
            let here = at;
            at += width;
            if alphabetic {
                start.get_or_insert(here);
            } else if let Some(s) = start.take() {
                if !bytes[s].is_ascii_lowercase() {
                    continue;
                }
                if let Some(verb) = VERB_SET.get(&text[s..here]) {
                    return Some((s, *verb));
                }
            }
        }
        None
    })
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
        "Prof",
    ];
    word.contains('.')
        || SHORT.contains(&word)
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::actors::actor;
    use crate::model::ActorKind;

    #[test]
    fn a_place_is_inside_a_quote_as_a_scan_of_every_span_finds() {
        let text = "“Yes,” he said. \"No\" and “a “nested” one” then ‘‘doubled’’ and “open, \
                    to the end,’ he says.";
        let spans = quote_spans(text);
        assert!(spans.len() >= 4);
        for at in 0..=text.len() {
            let scanned = spans.iter().any(|s| at >= s.start && at < s.end);
            assert_eq!(inside_a_quote(&spans, at), scanned, "{at}");
        }
        assert!(!inside_a_quote(&[], 0));
    }

    #[test]
    fn sentences_and_brackets_are_found_by_search_as_a_scan_finds_them() {
        let text = "“Yes.” He said it. Then <b class=\"x\">“no,” she said</b>. \
                    Dr. Kim, in “a sentence. Inside” one, left! <a title=“t”> Is it? End";
        let spans = quote_spans(text);
        let sentences = sentences(text, &spans);
        assert!(sentences.len() >= 4, "{sentences:?}");
        let brackets = Brackets::of(text);
        for at in 0..=text.len() {
            let start = sentences
                .iter()
                .find(|(from, to)| at >= *from && at < *to)
                .map_or(0, |(from, _)| *from);
            assert_eq!(sentence_start(&sentences, at), start, "{at}");
            if text.is_char_boundary(at) {
                let before = &text[..at];
                assert_eq!(
                    brackets.last_before(at),
                    (before.rfind('<'), before.rfind('>'))
                );
            }
        }
        // A full stop inside a quote ends no sentence unless it ends the
        // quote; `Dr.` ends none.
        let read: Vec<&str> = sentences.iter().map(|(a, b)| &text[*a..*b]).collect();
        assert_eq!(
            read,
            [
                "“Yes.”",
                "He said it.",
                "Then <b class=\"x\">“no,” she said</b>.",
                "Dr. Kim, in “a sentence. Inside” one, left! <a title=“t”> Is it?",
                "End"
            ]
        );
    }

    /// The scan of `quote_spans` as first written, one character at a
    /// time, without the span of a quote left open at the end (added after
    /// the scan): the version that reads only the quote marks must find the
    /// same spans.
    fn closed_spans_per_char(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let (mut depth, mut start, mut open) = (0usize, 0, 0);
        let mut before: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            let doubled = matches!(ch, '‘' | '’') && chars.next_if(|(_, c)| *c == ch).is_some();
            let width = if doubled {
                2 * ch.len_utf8()
            } else {
                ch.len_utf8()
            };
            let opens = ch == '“'
                || (doubled && ch == '‘')
                || (ch == '"' && before.is_none_or(|b| b.is_whitespace() || "([—–-".contains(b)));
            let closes = ch == '”' || (doubled && ch == '’') || (ch == '"' && !opens);
            if opens {
                if depth == 0 {
                    open = i;
                    start = i + width;
                }
                depth += 1;
            } else if closes && depth > 0 {
                depth -= 1;
                if depth == 0 {
                    spans.push(Span {
                        open,
                        start,
                        end: i,
                        after: i + width,
                        closed: true,
                    });
                }
            }
            before = Some(ch);
        }
        spans
    }

    proptest::proptest! {
        #[test]
        fn quote_marks_are_read_as_by_character(
            text in "[ a.(\"“”‘’—–é-]{0,30}"
        ) {
            let by_char = closed_spans_per_char(&text);
            proptest::prop_assert_eq!(&quote_spans(&text)[..by_char.len()], &by_char[..]);
        }
    }

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
        find(&paragraphs, &m)
            .found
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
    fn verbs_are_found_as_whole_words_and_start_with_small_letters() {
        assert!(VERBS
            .iter()
            .all(|v| v.starts_with(|c: char| c.is_ascii_lowercase())));
        let found: Vec<(usize, &str)> =
            verbs("“No,” Müllersaid, said Éva; SAID toldsays. He told").collect();
        assert_eq!(found, [(23, "said"), (52, "told")]);
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
            quotes("“So far I have seen zero evidence,” Michael McFaul, who served as U.S. ambassador to Russia under former President Barack Obama, wrote on X.\n“Yes,” said Barack Obama."),
            [
                pair("michael-mcfaul", "So far I have seen zero evidence"),
                pair("Barack Obama", "Yes"),
            ]
        );
    }

    #[test]
    fn unnamed_speakers_are_left_out_and_reported() {
        let m = matcher();
        let text = "Sources familiar with the matter said the decision was made to avoid giving “legitimacy” to the U.S.-Russia talks.\nIn a Berlin report by telephone, Scholz’s spokeswoman said the chancellor called for a solution to the war, “including the withdrawal of Russian troops.”\nVice-chancellors reacted with fury. One, who asked not to be named, said: “The government looked to universities to sort out the post A-level mess.”\nAlong with Democratic rivals, President Bloomberg has gotten into the act.\n“What Mini Mike is doing is nothing less than a large scale illegal campaign contribution,” Bloomberg declared.";
        let paragraphs: Vec<String> = text.lines().map(String::from).collect();
        let found = find(&paragraphs, &m);
        assert!(found.found.is_empty(), "{:?}", found.found);
        assert_eq!(
            found.unclear,
            [
                "including the withdrawal of Russian troops.",
                "The government looked to universities to sort out the post A-level mess.",
                "What Mini Mike is doing is nothing less than a large scale illegal campaign contribution",
            ]
        );
    }

    #[test]
    fn organisations_speak_and_scare_quotes_are_left_alone() {
        assert_eq!(
            quotes("President Vladimir Putin is open to talks on Ukraine, but the West must recognize Russia’s “new territories,” the Kremlin said on Friday.\nNATO has carried out work on the “military development” of Ukraine.\n“Rail travel remains one of the most reliable and comfortable transportation options,” Amtrak said."),
            [pair("Amtrak", "Rail travel remains one of the most reliable and comfortable transportation options")]
        );
        assert_eq!(
            quotes("Putin said he did not regret launching the so-called “special military operation” to disarm Ukraine.\nPutin says his “special military operation” was needed to protect Russian speakers in Ukraine.\nPeskov said the so-called \"peace plan\" was \"not serious.\""),
            vec![pair("dmitry-peskov", "not serious.")]
        );
    }

    #[test]
    fn full_names_as_first_given_past_titles_appositions_and_openers() {
        assert_eq!(
            quotes("His Honour Judge Neil Ford QC sentenced sobbing Hartley to three years.\nJudge Ford said: \"There was absolutely no malicious or hostile intentions in this case.\"\n“For several days we have been talking about the lack of fuel and electricity inside the hospital,” Dr. Sobhi Skaik, the director of the Turkish Friendship Hospital in the Mughraqa area in the central Gaza Strip, said in an interview last week.\nChris Grayling warned on Monday that the sector is facing “mass job cuts” around the country.\nSpeaking in the Commons, the Conservative MP said: “It does not need to be like this.”\n“We dodged a bullet,” said Steve Cowan, a spokesman for the Pennsylvania Department of Transportation."),
            [
                pair("Neil Ford", "There was absolutely no malicious or hostile intentions in this case."),
                pair("Sobhi Skaik", "For several days we have been talking about the lack of fuel and electricity inside the hospital"),
                pair("Chris Grayling", "mass job cuts"),
                pair("Chris Grayling", "It does not need to be like this."),
                pair("Steve Cowan", "We dodged a bullet"),
            ]
        );
    }

    #[test]
    fn pronouns_point_back_to_the_last_person_not_a_place() {
        assert_eq!(
            quotes("In the wake of the warnings, one of the women to flee the north was 25-year-old Nesma Hajjaj, who was seven months pregnant at the time. “I am from Gaza City,” she said in an interview.\nBrian M. Good said he, too, was expecting a horrible trip when he departed New York for Newark to get a flight to San Diego.\n“Instead the roads were dead,” he said in an e-mail."),
            [
                pair("Nesma Hajjaj", "I am from Gaza City"),
                pair("Brian M. Good", "Instead the roads were dead"),
            ]
        );
    }

    #[test]
    fn family_names_first_possessives_and_organisations_in_pointing_back() {
        assert_eq!(
            quotes("China’s ambassador to Britain Liu Xiaming has said that China has the “resolution and power” to end Hong Kong unrest amid protests.\nLiu said that the army could be deployed, warning: “They are already there in the Hong Kong garrison.”\nSherine Abed, the doctor working at Al Aqsa Martyrs Hospital, explained that there were 22 infants. “Families have many difficulties,” she said.\nOne of the women was 25-year-old Nesma Hajjaj, who was seven months pregnant at the time.\nIn Hajjaj’s case, she decided to stay at the hospital to be near her child. “I am worried about him and afraid of losing him,” she continued.\nA spokesperson for Sheffield University urged struggling students to talk to the university, saying: “We understand this is difficult.”\n“Fun won’t kill you,” he says."),
            [
                pair("Liu Xiaming", "resolution and power"),
                pair("Liu Xiaming", "They are already there in the Hong Kong garrison."),
                pair("Sherine Abed", "Families have many difficulties"),
                pair("Nesma Hajjaj", "I am worried about him and afraid of losing him"),
                pair("Sheffield University", "We understand this is difficult."),
                pair("Nesma Hajjaj", "Fun won’t kill you"),
            ]
        );
    }

    #[test]
    fn further_sentences_continue_and_a_cut_sentence_is_one_quote() {
        assert_eq!(
            quotes("His hospital specializes in cancer treatments. “A cancer patient in Gaza dies three times,” Skaik said. “The first time because of cancer.”\nDr. Sobhi Skaik runs it.\n“They just want to help us with burial and not medicine,” he said, “or what we need inside the operating rooms.”\n“It is a big risk for Bloomberg to debate,” said Paul Begala, who was a longtime advisor to Bill and Hillary Clinton. “He has not debated since 2009.”"),
            [
                pair("Sobhi Skaik", "A cancer patient in Gaza dies three times"),
                pair("Sobhi Skaik", "The first time because of cancer."),
                pair("Sobhi Skaik", "They just want to help us with burial and not medicine, or what we need inside the operating rooms."),
                pair("Paul Begala", "It is a big risk for Bloomberg to debate"),
                pair("Paul Begala", "He has not debated since 2009."),
            ]
        );
    }

    #[test]
    fn context_and_second_hand_words() {
        let m = matcher();
        let text = "Vice journalist Ian Bremmer wrote that Mr Putin was prepared to negotiate a deal.\nAccording to Mr Bremmer, Mr Putin had told Mr Musk that the goals would be accomplished “no matter what”. That included the potential of a nuclear strike.\nOn December 21, 2021, at an expanded board of the Defense Ministry, Vladimir Putin explicitly stated that the minimum flight time is a serious challenge.\n“If this infrastructure moves forward, their flight time to Moscow will be reduced to seven to ten minutes,” said the Russian President.";
        let paragraphs: Vec<String> = text.lines().map(String::from).collect();
        let found = find(&paragraphs, &m).found;
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].speaker, Speaker::Actor(0));
        assert_eq!(found[0].via.as_deref(), Some("Ian Bremmer"));
        assert_eq!(
            found[0].context,
            "According to Mr Bremmer, Mr Putin had told Mr Musk that the goals would be accomplished “no matter what”."
        );
        assert_eq!(found[1].speaker, Speaker::Actor(0));
        assert_eq!(found[1].via, None);
        assert_eq!(
            found[1].lead,
            "On December 21, 2021, at an expanded board of the Defense Ministry, Vladimir Putin explicitly stated that the minimum flight time is a serious challenge."
        );
        assert!(found[1].context.starts_with("On December 21, 2021,"));
        assert!(found[1].context.ends_with("said the Russian President."));
        assert_eq!(found[1].frame.trim(), "said the Russian President.");
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
    fn a_possessive_is_not_the_subject_a_pronoun_points_back_to() {
        assert_eq!(
            quotes("Michael R. Bloomberg campaigns in Houston.\nSen. Elizabeth Warren of Massachusetts quickly accused Bloomberg of arguing it.\nWarren, who has spent most of the race avoiding personal attacks, makes an exception for Bloomberg. She compares him to Trump. Bloomberg’s presence in the Las Vegas debate will give voters “a live demonstration of how we each take on an egomaniac billionaire,” she said Tuesday."),
            [pair("Elizabeth Warren", "a live demonstration of how we each take on an egomaniac billionaire")]
        );
    }

    #[test]
    fn two_single_marks_close_a_quote() {
        assert_eq!(
            quotes("“It was an attempt to mislead voters,’’ Will Moy, chief executive of the London-based fact-checking website Full Fact, told the BBC. “And I think it is inappropriate.”"),
            [
                pair("Will Moy", "It was an attempt to mislead voters"),
                pair("Will Moy", "And I think it is inappropriate."),
            ]
        );
    }

    #[test]
    fn organisations_pledge_and_warn() {
        assert_eq!(
            quotes("Twitter pledged to take “decisive corrective action” against similar strategies in the future.\nIn a reflection of the confusion, the Electoral Commission, which regulates campaign finances, issued a statement warning that “voters are entitled to transparency and integrity from campaigners in the lead-up to an election.’’"),
            [
                pair("Twitter", "decisive corrective action"),
                pair("Electoral Commission", "voters are entitled to transparency and integrity from campaigners in the lead-up to an election."),
            ]
        );
    }

    #[test]
    fn markup_is_not_a_quotation() {
        assert_eq!(
            quotes("Vladimir Putin said: <script>alert(\"entity\")</script>\nPutin said \"<img src=x onerror=alert(1)>\" today.\nPutin said <a href=\"javascript:go()\" title=\"We will win\">here</a>.\nPeskov said: “Click <b>here</b> now.”\nPutin said:\n<iframe src=x></iframe>\nPutin said \"we will win\" today."),
            [pair("vladimir-putin", "we will win")]
        );
        assert!(is_markup("a onclick = go()"));
        assert!(!is_markup(
            "Only one condition: that 3 < 4 and nothing else."
        ));
    }

    #[test]
    fn straight_quotes_with_nested_curly_ones() {
        assert_eq!(
            quote_spans("x: \"He's wrong. Says “in concert,” not alone.” End"),
            [Span {
                open: 3,
                start: 4,
                end: 49,
                after: 52,
                closed: true
            }]
        );
    }
}
