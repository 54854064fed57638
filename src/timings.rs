//! Where a build's time goes, stage by stage: with `BRIEFING_TIMINGS` set in
//! the environment, each [`Stopwatch::lap`] prints the time since the last
//! one to standard error, and the processor time all threads spent in it
//! (`timings: link/mentions 12.3 ms (cpu 20.0 ms)`): cpu near twice the
//! time on two cores is a stage that runs in parallel, near the time one
//! that does not. Unset, a lap costs a clock read and nothing is printed.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

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
    last_cpu: Duration,
}

impl Stopwatch {
    pub fn start(scope: &'static str) -> Stopwatch {
        Stopwatch {
            scope,
            last: Instant::now(),
            last_cpu: process_cpu(),
        }
    }

    /// Ends `stage`, which began at the previous lap (or the start).
    pub fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        if enabled() {
            let cpu = process_cpu();
            let ms = (now - self.last).as_secs_f64() * 1000.0;
            let cpu_ms = cpu.saturating_sub(self.last_cpu).as_secs_f64() * 1000.0;
            eprintln!(
                "timings: {}/{stage} {ms:.1} ms (cpu {cpu_ms:.1} ms)",
                self.scope
            );
            self.last_cpu = cpu;
        }
        self.last = now;
    }
}

/// The processor time (user and system) of every thread of this process so
/// far, from `/proc/self/stat` in clock ticks of 10 ms; zero where there is
/// no such file, or when timings are not printed.
fn process_cpu() -> Duration {
    if !enabled() {
        return Duration::ZERO;
    }
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command's closing parenthesis, from the third on:
    // utime and stime are the 14th and 15th.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Prints the `count` slowest of `timed` (a name and how long it took).
pub fn slowest(scope: &str, mut timed: Vec<(String, Duration)>, count: usize) {
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

/// Adds up, from several threads, how long each kind of work took and how
/// many times it was done; a no-op unless `BRIEFING_TIMINGS` is set.
#[derive(Default)]
pub struct Tally {
    totals: std::sync::Mutex<std::collections::BTreeMap<&'static str, (Duration, usize)>>,
}

impl Tally {
    /// The start of one piece of work, when timings are printed.
    pub fn begin(&self) -> Option<Instant> {
        enabled().then(Instant::now)
    }

    /// Counts one piece of `kind` that began at `began`.
    pub fn add(&self, kind: &'static str, began: Option<Instant>) {
        let Some(began) = began else { return };
        let took = began.elapsed();
        if let Ok(mut totals) = self.totals.lock() {
            let entry = totals.entry(kind).or_default();
            entry.0 += took;
            entry.1 += 1;
        }
    }

    /// Prints each kind's total, most first, as `scope/kind`.
    pub fn print(&self, scope: &str) {
        if !enabled() {
            return;
        }
        let Ok(totals) = self.totals.lock() else {
            return;
        };
        let mut kinds: Vec<_> = totals.iter().collect();
        kinds.sort_by_key(|(_, (took, _))| std::cmp::Reverse(*took));
        for (kind, (took, count)) in kinds {
            eprintln!(
                "timings: {scope}/{kind} {:.1} ms in {count}",
                took.as_secs_f64() * 1000.0
            );
        }
    }
}
