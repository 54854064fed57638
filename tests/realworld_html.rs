//! Saved pages on real news sites: runs the real-world scorer
//! (`../shared/realworld/score.py --html`) on this build and fails below the
//! accuracy floors of the HTML path, so no later change quietly undoes them:
//! title, outlet and clutter on at least 38 of the 39 pages, authors on 37,
//! body on 35, and not one wrong date (at most 4 pages left as drafts).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

#[test]
fn saved_real_pages_import_above_the_floors() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scorer = repo.join("../shared/realworld/score.py");
    assert!(
        scorer.is_file(),
        "{} is missing: the real-world pages live in ../shared/realworld beside the repository",
        scorer.display()
    );
    let out = tempfile::tempdir().expect("a temp folder");
    let json = out.path().join("results.json");
    let status = Command::new("python3")
        .arg(&scorer)
        .arg(env!("CARGO_BIN_EXE_briefing"))
        .arg("--html")
        .arg("--json")
        .arg(&json)
        .output()
        .expect("python3 runs the scorer");
    assert!(
        status.status.success(),
        "the scorer failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&json).expect("the scorer wrote its results");
    let results: Value = serde_json::from_str(&text).expect("results are JSON");
    let points = |field: &str| results["by_field"][field]["points"].as_u64().unwrap_or(0);
    let notes: Vec<String> = results["files"]
        .as_object()
        .expect("per-file results")
        .iter()
        .flat_map(|(name, file)| {
            file["notes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(move |n| format!("{name}: {n}"))
        })
        .collect();
    let wrong: Vec<&String> = notes.iter().filter(|n| n.contains("date=WRONG")).collect();
    let drafts = notes
        .iter()
        .filter(|n| n.contains("date=SAFE-MISS"))
        .count();
    assert!(wrong.is_empty(), "wrong dates: {wrong:#?}");
    assert!(drafts <= 4, "{drafts} pages without a date: {notes:#?}");
    for (field, floor) in [
        ("title", 38),
        ("outlet", 38),
        ("clutter", 38),
        ("authors", 37),
        ("body", 35),
    ] {
        assert!(
            points(field) >= floor,
            "{field}: {} of 39 pages, below the floor of {floor}; per-file notes: {notes:#?}",
            points(field)
        );
    }
}
