//! Server-sent events to the open pages: `reload` after a good rebuild,
//! `problem` (with the problems, one per line) after a bad one. A tab that
//! has gone is dropped at the next message or heartbeat, so closed tabs
//! leave no work behind.

use std::io::Write;
use std::sync::Mutex;

/// The open pages listening for reloads.
#[derive(Default)]
pub struct Listeners {
    open: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Listeners {
    /// Starts the event stream on `stream` (the raw connection, no response
    /// sent yet) and keeps it; a page opened while the site is broken is
    /// told at once.
    pub fn add(&self, mut stream: Box<dyn Write + Send>, problem: Option<&[String]>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        let mut opening = format!("{head}retry: 500\n\n");
        if let Some(lines) = problem {
            opening.push_str(&problem_event(lines));
        }
        if stream.write_all(opening.as_bytes()).is_ok() && stream.flush().is_ok() {
            self.lock().push(stream);
        }
    }

    /// How many pages are listening.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// Tells every page to reload.
    pub fn reload(&self) {
        self.send("event: reload\ndata: \n\n");
    }

    /// Shows `lines` over every page.
    pub fn problem(&self, lines: &[String]) {
        self.send(&problem_event(lines));
    }

    /// A comment that keeps connections open and finds the closed ones.
    pub fn heartbeat(&self) {
        self.send(": still here\n\n");
    }

    fn send(&self, message: &str) {
        self.lock()
            .retain_mut(|s| s.write_all(message.as_bytes()).is_ok() && s.flush().is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn problem_event(lines: &[String]) -> String {
    let data = serde_json::to_string(lines).unwrap_or_else(|_| "[]".into());
    format!("event: problem\ndata: {data}\n\n")
}

/// The script injected into served pages (never into a build's output).
pub const RELOAD_JS: &str = r#"(function () {
  var overlay = null;
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(lines) {
    clear();
    overlay = document.createElement("div");
    overlay.id = "briefing-problem";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = "The site did not rebuild";
    h.style.cssText = "font:bold 1.3rem system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a8";
    overlay.appendChild(h);
    lines.forEach(function (line) {
      var p = document.createElement("pre");
      p.textContent = line;
      p.style.cssText = "white-space:pre-wrap;margin:0 0 .8rem";
      overlay.appendChild(p);
    });
    var note = document.createElement("p");
    note.textContent = "Showing the last good build. Fix the file and save: this page reloads by itself.";
    note.style.cssText = "font-family:system-ui,sans-serif;color:#ccc";
    overlay.appendChild(note);
    document.body.appendChild(overlay);
  }
  var source = new EventSource("/__briefing/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problem", function (e) { show(JSON.parse(e.data)); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    /// A connection that records what it was sent, or fails once closed.
    struct Tab {
        sent: Arc<StdMutex<String>>,
        closed: bool,
    }

    impl Write for Tab {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.closed {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.sent
                .lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(buf));
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn open_tabs_hear_reloads_and_problems_and_closed_ones_are_dropped() {
        let listeners = Listeners::default();
        let sent = Arc::new(StdMutex::new(String::new()));
        listeners.add(
            Box::new(Tab {
                sent: sent.clone(),
                closed: false,
            }),
            None,
        );
        let gone = Arc::new(StdMutex::new(String::new()));
        listeners.add(
            Box::new(Tab {
                sent: gone,
                closed: false,
            }),
            Some(&["content/articles/a.md:2: date: not a date".to_string()]),
        );
        assert_eq!(listeners.count(), 2);
        listeners.reload();
        assert!(sent.lock().unwrap().ends_with("event: reload\ndata: \n\n"));
        listeners.add(
            Box::new(Tab {
                sent: Arc::default(),
                closed: true,
            }),
            None,
        );
        assert_eq!(
            listeners.count(),
            2,
            "a tab closed before it opened is not kept"
        );
        listeners.problem(&["x.md:1: bad".to_string()]);
        assert!(sent
            .lock()
            .unwrap()
            .ends_with("event: problem\ndata: [\"x.md:1: bad\"]\n\n"));
    }

    #[test]
    fn a_closed_tab_is_dropped_at_the_next_heartbeat() {
        struct Closing(bool);
        impl Write for Closing {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 {
                    return Err(std::io::ErrorKind::BrokenPipe.into());
                }
                self.0 = buf.starts_with(b"HTTP/1.1");
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let listeners = Listeners::default();
        listeners.add(Box::new(Closing(false)), None);
        assert_eq!(listeners.count(), 1);
        listeners.heartbeat();
        assert_eq!(listeners.count(), 0);
    }
}
