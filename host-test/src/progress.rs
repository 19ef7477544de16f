//! A live progress line on a terminal, from a session's events (`crate::events`): requests made,
//! items received, the last page's latency, and a countdown while the block waits out Okta's
//! rate limit. It appears only once an operation makes a second request, and is cleared at the
//! end, so a one-request operation never shows it. The CLI draws it on stderr when stderr is a
//! terminal; stdout stays the operation's JSON alone.

use crate::events::{Event, Observer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the line shows, as the events tell it.
#[derive(Default, Debug)]
struct Tally {
    requests: usize,
    answers: usize,
    items: usize,
    last: Option<Duration>,
    /// When the block's wait for the rate limit ends, while it waits.
    waiting_until: Option<Instant>,
}

impl Tally {
    fn line(&self, operation: &str) -> String {
        let mut line = format!("{operation}: ");
        if let Some(until) = self.waiting_until {
            let left = until.saturating_duration_since(Instant::now());
            let _ = write!(
                line,
                "waiting {} s for Okta's rate limit, {} pages so far, {} items so far",
                left.as_secs() + u64::from(left.subsec_millis() > 0),
                self.answers,
                self.items
            );
        } else {
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let _ = write!(
                line,
                "{}, {}",
                count(self.requests, "request", "requests"),
                count(self.items, "item", "items")
            );
            if let Some(last) = self.last {
                let _ = write!(line, ", last page {} ms", last.as_millis());
            }
        }
        line
    }
}

/// The progress line of one operation's run.
pub struct TerminalProgress {
    bar: ProgressBar,
    tally: Arc<Mutex<Tally>>,
    target: fn() -> ProgressDrawTarget,
}

impl TerminalProgress {
    /// A line for `operation` drawn on stderr (indicatif draws nothing when stderr is not a
    /// terminal).
    pub fn stderr(operation: &str) -> Arc<Self> {
        Self::new(operation, ProgressDrawTarget::stderr)
    }

    fn new(operation: &str, target: fn() -> ProgressDrawTarget) -> Arc<Self> {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let shown = tally.clone();
        let operation = operation.to_string();
        let style = ProgressStyle::with_template("{spinner} {status}")
            .expect("a fixed template")
            .with_key(
                "status",
                move |_: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = out.write_str(&shown.lock().unwrap().line(&operation));
                },
            );
        // Hidden until a second request: a one-request operation never shows a line.
        let bar =
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style);
        Arc::new(Self { bar, tally, target })
    }

    /// The observer to give the session (`Session::observe`).
    pub fn observer(self: &Arc<Self>) -> Observer {
        let this = self.clone();
        Arc::new(move |event: &Event| this.record(event))
    }

    fn record(&self, event: &Event) {
        let mut tally = self.tally.lock().unwrap();
        match event {
            Event::Sent { index, .. } => {
                tally.requests = tally.requests.max(*index);
                tally.waiting_until = None;
                if *index == 2 {
                    self.bar.set_draw_target((self.target)());
                    // Redrawn four times a second, so the countdown counts down.
                    self.bar.enable_steady_tick(Duration::from_millis(250));
                }
            }
            Event::Answered { elapsed, items, .. } => {
                tally.answers += 1;
                tally.items += items.unwrap_or(0);
                tally.last = Some(*elapsed);
            }
            Event::RateLimited { wait } => tally.waiting_until = Some(Instant::now() + *wait),
            Event::Failed { .. } => {}
        }
        drop(tally);
        self.bar.tick();
    }

    /// Clears the line (call it before printing the output).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_pages_and_shows_the_wait() {
        let progress = TerminalProgress::new("list_users", ProgressDrawTarget::hidden);
        let observer = progress.observer();
        for index in 1..=3 {
            observer(&Event::Sent {
                index,
                method: "GET".into(),
                url: "https://acme.okta.com/api/v1/users".into(),
            });
            observer(&Event::Answered {
                index,
                status: 200,
                elapsed: Duration::from_millis(40),
                items: Some(200),
            });
        }
        let line = progress.tally.lock().unwrap().line("list_users");
        assert_eq!(line, "list_users: 3 requests, 600 items, last page 40 ms");
        observer(&Event::RateLimited {
            wait: Duration::from_secs(42),
        });
        let line = progress.tally.lock().unwrap().line("list_users");
        assert_eq!(
            line,
            "list_users: waiting 42 s for Okta's rate limit, 3 pages so far, 600 items so far"
        );
        progress.finish();
    }
}
