//! Accuracy floors of `briefing import` on real news pages: runs the scorer of
//! `tests/realworld/` (40 pages from public extraction benchmarks, with
//! hand-checked answers) on the binary under test, in text and HTML mode, and
//! fails below the floors issue 10 set, so no later change can quietly undo
//! them. Needs
//! `python3` (3.11+, for `tomllib`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What one scorer run must reach.
struct Floors {
    /// Share of all points.
    score: f64,
    /// Share of files whose headline is right.
    title: f64,
    /// Files allowed to have no date where the page shows one (a draft).
    safe_misses: usize,
    /// Share of true quotations found with the right speaker.
    quote_recall: f64,
    /// Largest share of found quotations given to a wrong speaker.
    wrong_speaker: f64,
}

fn score(html: bool) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let json = out.path().join("results.json");
    let mut command = Command::new("python3");
    command
        .arg(root.join("tests/realworld/score.py"))
        .arg(env!("CARGO_BIN_EXE_briefing"))
        .arg("--json")
        .arg(&json);
    if html {
        command.arg("--html");
    }
    let run = command
        .output()
        .expect("python3 runs the scorer (install Python 3.11 or later)");
    let printed = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "the scorer failed:\n{printed}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&json).expect("the scorer wrote its JSON");
    let mut results: Value = serde_json::from_str(&text).expect("the scorer's JSON parses");
    results["printed"] = Value::String(printed);
    results
}

fn ratio(points: &Value, of: &Value) -> f64 {
    let of = of.as_f64().unwrap_or(0.0);
    if of == 0.0 {
        return 0.0;
    }
    points.as_f64().unwrap_or(0.0) / of
}

/// Every failure of `results` against `floors`, as lines to print.
fn shortfalls(results: &Value, floors: &Floors) -> Vec<String> {
    let mut failures = Vec::new();
    let score = ratio(&results["score"], &results["max"]);
    if score < floors.score {
        failures.push(format!(
            "score {:.1}% is under {:.0}%",
            score * 100.0,
            floors.score * 100.0
        ));
    }
    let title = &results["by_field"]["title"];
    let title_share = ratio(&title["points"], &title["of"]);
    if title_share < floors.title {
        failures.push(format!(
            "title {}/{} is under {:.0}%",
            title["points"],
            title["of"],
            floors.title * 100.0
        ));
    }
    let mut wrong_dates = Vec::new();
    let mut safe_misses = Vec::new();
    if let Some(files) = results["files"].as_object() {
        for (name, file) in files {
            let notes = file["notes"].as_array().into_iter().flatten();
            for note in notes.filter_map(Value::as_str) {
                if note.starts_with("date=WRONG") {
                    wrong_dates.push(name.clone());
                }
                if note.starts_with("date=SAFE-MISS") {
                    safe_misses.push(name.clone());
                }
            }
        }
    }
    if !wrong_dates.is_empty() {
        failures.push(format!("wrong dates: {}", wrong_dates.join(", ")));
    }
    if safe_misses.len() > floors.safe_misses {
        failures.push(format!(
            "{} files lost their date (at most {}): {}",
            safe_misses.len(),
            floors.safe_misses,
            safe_misses.join(", ")
        ));
    }
    let quotes = &results["quotes"];
    let recall = ratio(&quotes["right"], &quotes["truth"]);
    if recall < floors.quote_recall {
        failures.push(format!(
            "quotes {}/{} with the right speaker is under {:.0}%",
            quotes["right"],
            quotes["truth"],
            floors.quote_recall * 100.0
        ));
    }
    let right = quotes["right"].as_f64().unwrap_or(0.0);
    let wrong = quotes["wrong_speaker"].as_f64().unwrap_or(0.0);
    if right + wrong > 0.0 && wrong / (right + wrong) > floors.wrong_speaker {
        failures.push(format!(
            "{wrong} of {} found quotes have a wrong speaker (at most {:.0}%)",
            right + wrong,
            floors.wrong_speaker * 100.0
        ));
    }
    failures
}

fn assert_floors(html: bool, floors: Floors) {
    let results = score(html);
    let failures = shortfalls(&results, &floors);
    assert!(
        failures.is_empty(),
        "import on real pages ({} mode) fell below its floors:\n- {}\n\n{}",
        if html { "html" } else { "text" },
        failures.join("\n- "),
        results["printed"].as_str().unwrap_or("")
    );
}

#[test]
fn pasted_pages_meet_the_floors() {
    assert_floors(
        false,
        Floors {
            score: 0.90,
            title: 0.95,
            safe_misses: 4,
            quote_recall: 0.70,
            wrong_speaker: 0.10,
        },
    );
}

#[test]
fn saved_pages_meet_the_floors() {
    assert_floors(
        true,
        Floors {
            score: 0.95,
            title: 0.95,
            safe_misses: 4,
            quote_recall: 0.70,
            wrong_speaker: 0.10,
        },
    );
}
