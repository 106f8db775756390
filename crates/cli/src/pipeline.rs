//! The ingest pipeline: documents from the readers, fingerprinted and
//! analysed in parallel, written to the store in batches.
//!
//! Per batch: fingerprints (parallel) → exact duplicates looked up (known
//! documents are only recorded as sightings, never analysed again) →
//! analysis of the rest (parallel) → one write transaction. Memory stays
//! bounded by the batch size whatever the size of the input.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::civil::Date;
use monazite_analysis::{analyze, Article};
use monazite_ingest::{Document, ItemError};
use monazite_pack::Pack;
use monazite_report::json::BriefRecord;
use monazite_store::{Added, Analysed, Incoming, Store};
use monazite_types::error_code::{Code, ErrorCode};
use rayon::prelude::*;

/// Inputs per batch, analysed in parallel and then handled in input order:
/// for ingest one write transaction each, so a killed process loses at
/// most one batch, which the next ingest stores again; for analyze the
/// output stays in input order while memory stays bounded on large folders.
pub const BATCH: usize = 256;

/// What an ingest did, for its closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub new: u64,
    pub duplicate: u64,
    pub failed: u64,
    /// New documents that nearly repeat a stored one (counted in `new`).
    pub near_duplicate: u64,
}

impl Tally {
    /// What was tallied since `before` (a feed's poll within a watch).
    pub fn since(self, before: Tally) -> Tally {
        Tally {
            new: self.new - before.new,
            duplicate: self.duplicate - before.duplicate,
            failed: self.failed - before.failed,
            near_duplicate: self.near_duplicate - before.near_duplicate,
        }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "new {}, duplicate {}, failed {}",
            self.new, self.duplicate, self.failed
        )
    }
}

/// Analyses one document's text as the store keeps it.
pub fn brief(pack: &Pack, origin: &str, text: &str, day: Option<Date>) -> BriefRecord {
    let mut article = Article::new(text);
    article.published = day;
    let analysis = analyze(pack, &article);
    BriefRecord::new(origin, text, &analysis, pack)
}

/// Ingests documents into the store, printing each failure on standard
/// error as `monazite: ORIGIN: PROBLEM`.
#[derive(Debug)]
pub struct Pipeline<'a> {
    pub pack: &'a Pack,
    pub store: &'a mut Store,
    pub pool: &'a rayon::ThreadPool,
    /// Publication day for documents that carry none.
    pub default_day: Option<Date>,
    pub tally: Tally,
    progress: ProgressBar,
}

impl<'a> Pipeline<'a> {
    pub fn new(pack: &'a Pack, store: &'a mut Store, pool: &'a rayon::ThreadPool) -> Self {
        Pipeline {
            pack,
            store,
            pool,
            default_day: None,
            tally: Tally::default(),
            progress: progress_bar(),
        }
    }

    /// Ingests everything `items` yields.
    pub fn run(
        &mut self,
        items: impl Iterator<Item = Result<Document, ItemError>>,
    ) -> anyhow::Result<()> {
        let mut batch = Vec::with_capacity(BATCH);
        for item in items {
            match item {
                Ok(doc) if doc.text.trim().is_empty() => {
                    self.fail(&doc.origin, "no text to analyse", Code::InputNoText)
                }
                Ok(doc) => batch.push(doc),
                Err(e) => self.fail(&e.origin, &e.message(), e.code()),
            }
            if batch.len() == BATCH {
                self.ingest_batch(std::mem::take(&mut batch))?;
            }
        }
        if !batch.is_empty() {
            self.ingest_batch(batch)?;
        }
        Ok(())
    }

    /// Clears the progress bar; the caller prints the closing line.
    pub fn finish(&self) {
        self.progress.finish_and_clear();
    }

    /// Prints `monazite: LINE` on standard error above the progress bar,
    /// counting nothing: what a folder walk left out without losing
    /// anything (a loop, a second link to a file), say.
    pub fn note_printer(&self) -> impl Fn(&dyn std::fmt::Display) + Clone + Send + 'static {
        let progress = self.progress.clone();
        move |line| progress.suspend(|| eprintln!("monazite: {line}"))
    }

    /// One input failed: said with its code, as `main` says a failed
    /// command's.
    fn fail(&mut self, origin: &str, message: &str, code: Code) {
        self.tally.failed += 1;
        self.progress
            .suspend(|| eprintln!("monazite: {origin}: {message} (error {code})"));
        self.tick();
    }

    fn tick(&self) {
        let t = self.tally;
        self.progress.set_position(t.new + t.duplicate + t.failed);
        self.progress.set_message(t.to_string());
    }

    fn ingest_batch(&mut self, docs: Vec<Document>) -> anyhow::Result<()> {
        let mut incoming: Vec<Incoming> = self
            .pool
            .install(|| docs.into_par_iter().map(Incoming::new).collect());
        if let Some(day) = self.default_day {
            for item in &mut incoming {
                if item.doc.published.is_none() {
                    item.doc.published = Some(monazite_ingest::Published::Day(day));
                }
            }
        }
        // Known content is a sighting, not work: it is not analysed again.
        let mut fresh = Vec::with_capacity(incoming.len());
        let mut seen = Vec::new();
        for item in incoming {
            match self.store.find_exact(&item.fingerprint)? {
                Some(id) => seen.push((id, item.doc)),
                // A repeat within the batch is settled by the write, which
                // finds the first copy already stored.
                None => fresh.push(item),
            }
        }
        let seen_refs: Vec<(i64, &Document)> = seen.iter().map(|(id, d)| (*id, d)).collect();
        self.store.add_sightings(&seen_refs)?;
        self.tally.duplicate += seen.len() as u64;
        let pack = self.pack;
        let analysed: Vec<Analysed> = self.pool.install(|| {
            fresh
                .into_par_iter()
                .map(|incoming| {
                    let brief = brief(pack, &incoming.doc.origin, &incoming.text, incoming.day());
                    Analysed { incoming, brief }
                })
                .collect()
        });
        for added in self.store.add_batch(&analysed)? {
            match added {
                Added::New {
                    near_duplicate_of, ..
                } => {
                    self.tally.new += 1;
                    if near_duplicate_of.is_some() {
                        self.tally.near_duplicate += 1;
                    }
                }
                Added::Duplicate { .. } => self.tally.duplicate += 1,
            }
        }
        self.tick();
        Ok(())
    }
}

/// A spinner with counts on a terminal; nothing when standard error is
/// redirected (the closing line says it all).
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {pos} documents ({per_sec}) — {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}
