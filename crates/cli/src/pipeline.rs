//! The terminal side of the ingest pipeline: a progress line on standard
//! error and each failure printed above it (the [`Sink`] the pipeline of
//! `monazite-app` reports to). The pipeline, the batch size and the one
//! brief of a text are `monazite_app::ingest`'s, re-exported for the
//! commands.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use monazite_types::error_code::Code;

pub use monazite_app::ingest::{brief, Pipeline, Sink, Tally, BATCH};

/// Prints each failure on standard error as `monazite: ORIGIN: PROBLEM
/// (error CODE)`, as `main` says a failed command's, and keeps a spinner
/// with the counts on a terminal; nothing is drawn when standard error is
/// redirected (the closing line says it all).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    pub fn new() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {pos} documents ({per_sec}) — {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Progress { bar }
    }

    /// Clears the progress line; the caller prints the closing line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Prints `monazite: LINE` on standard error above the progress line,
    /// counting nothing: what a folder walk left out without losing
    /// anything (a loop, a second link to a file), say.
    pub fn note_printer(&self) -> impl Fn(&dyn std::fmt::Display) + Clone + Send + 'static {
        let bar = self.bar.clone();
        move |line| bar.suspend(|| eprintln!("monazite: {line}"))
    }
}

impl Sink for Progress {
    fn failed(&mut self, origin: &str, message: &str, code: Code) {
        self.bar
            .suspend(|| eprintln!("monazite: {origin}: {message} (error {code})"));
    }

    fn progress(&mut self, tally: Tally) {
        self.bar.set_position(tally.handled());
        self.bar.set_message(tally.to_string());
    }
}
