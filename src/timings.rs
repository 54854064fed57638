//! Where a build's time goes, stage by stage: with `BRIEFING_TIMINGS` set in
//! the environment, each [`Stopwatch::lap`] prints the time since the last
//! one to standard error (`timings: link/mentions 12.3 ms`). Unset, a lap
//! costs a clock read and nothing is printed.

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that turns the printing on.
pub const VARIABLE: &str = "BRIEFING_TIMINGS";

/// True when `BRIEFING_TIMINGS` is set.
pub fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os(VARIABLE).is_some())
}

/// Times the stages of one piece of work, named `scope/stage`.
pub struct Stopwatch {
    scope: &'static str,
    last: Instant,
}

impl Stopwatch {
    pub fn start(scope: &'static str) -> Stopwatch {
        Stopwatch {
            scope,
            last: Instant::now(),
        }
    }

    /// Ends `stage`, which began at the previous lap (or the start).
    pub fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        if enabled() {
            let ms = (now - self.last).as_secs_f64() * 1000.0;
            eprintln!("timings: {}/{stage} {ms:.1} ms", self.scope);
        }
        self.last = now;
    }
}

/// Prints the `count` slowest of `timed` (a name and how long it took).
pub fn slowest(scope: &str, mut timed: Vec<(String, std::time::Duration)>, count: usize) {
    if !enabled() {
        return;
    }
    timed.sort_by_key(|t| std::cmp::Reverse(t.1));
    for (name, took) in timed.into_iter().take(count) {
        eprintln!(
            "timings: {scope}/{name} {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}
