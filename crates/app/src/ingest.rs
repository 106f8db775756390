//! Documents into the store: the ingest pipeline and reanalysis.
//!
//! Per batch: fingerprints (parallel) → exact duplicates looked up (known
//! documents are only recorded as sightings, never analysed again) →
//! analysis of the rest (parallel) → one write transaction. Memory stays
//! bounded by the batch size whatever the size of the input.
//!
//! The pipeline prints nothing: it tells a [`Sink`] of each input that
//! failed and of its counts as it goes (the command line draws a progress
//! bar and writes failures to standard error; a server logs them or
//! answers with them).

use jiff::civil::Date;
use monazite_analysis::{analyze, Article};
use monazite_ingest::{Document, ItemError};
use monazite_pack::Pack;
use monazite_report::json::BriefRecord;
use monazite_report::ENGINE_VERSION;
use monazite_store::{Added, Analysed, Incoming, Store};
use monazite_types::error_code::{Code, ErrorCode};
use rayon::prelude::*;

use crate::Result;

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

    /// Inputs handled: stored, seen before or failed.
    pub fn handled(self) -> u64 {
        self.new + self.duplicate + self.failed
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

/// Where a [`Pipeline`] reports as it goes.
pub trait Sink {
    /// One input was not ingested: `origin` names it, `message` says why,
    /// `code` is the stable code of the failure. The batch goes on.
    fn failed(&mut self, origin: &str, message: &str, code: Code);

    /// The counts so far: after each failure and each stored batch.
    fn progress(&mut self, tally: Tally) {
        let _ = tally;
    }
}

/// A sink that reports nothing (the counts are in [`Pipeline::tally`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Sink for Quiet {
    fn failed(&mut self, _origin: &str, _message: &str, _code: Code) {}
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn failed(&mut self, origin: &str, message: &str, code: Code) {
        (**self).failed(origin, message, code);
    }

    fn progress(&mut self, tally: Tally) {
        (**self).progress(tally);
    }
}

/// Analyses one document's text as the store keeps it: one brief from a
/// text, the same for analyze, eval and the pipeline.
pub fn brief(pack: &Pack, origin: &str, text: &str, day: Option<Date>) -> BriefRecord {
    let mut article = Article::new(text);
    article.published = day;
    let analysis = analyze(pack, &article);
    BriefRecord::new(origin, text, &analysis, pack)
}

/// Tells the store which events join storylines: the pack's `storyline`
/// types (fund positions and insider trades tell no development across
/// outlets). Every store that is written to gets it before the first write.
pub fn set_storyline_types(store: &mut Store, pack: &Pack) {
    store.set_storyline_types(
        pack.events
            .types
            .iter()
            .filter(|t| t.storyline)
            .map(|t| t.id.clone()),
    );
}

/// Ingests documents into the store, telling `sink` of each failure.
#[derive(Debug)]
pub struct Pipeline<'a, S: Sink> {
    pub pack: &'a Pack,
    pub store: &'a mut Store,
    pub pool: &'a rayon::ThreadPool,
    /// Publication day for documents that carry none.
    pub default_day: Option<Date>,
    pub tally: Tally,
    sink: S,
}

impl<'a, S: Sink> Pipeline<'a, S> {
    pub fn new(pack: &'a Pack, store: &'a mut Store, pool: &'a rayon::ThreadPool, sink: S) -> Self {
        Pipeline {
            pack,
            store,
            pool,
            default_day: None,
            tally: Tally::default(),
            sink,
        }
    }

    /// The sink, for what the caller reports beside the pipeline.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// Ingests everything `items` yields. An item that is an error, or a
    /// document without text, is a failure told to the sink; a store that
    /// fails stops the run (the batches before it are stored).
    pub fn run(&mut self, items: impl Iterator<Item = Result<Document, ItemError>>) -> Result<()> {
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

    fn fail(&mut self, origin: &str, message: &str, code: Code) {
        self.tally.failed += 1;
        self.sink.failed(origin, message, code);
        self.sink.progress(self.tally);
    }

    fn ingest_batch(&mut self, docs: Vec<Document>) -> Result<()> {
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
        self.sink.progress(self.tally);
        Ok(())
    }
}

/// What a reanalysis did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reanalysed {
    /// Documents whose brief was replaced.
    pub documents: usize,
    /// The pack the new briefs were made with (`monazite_report::pack_id`).
    pub pack_version: String,
}

/// Analyses again the stored documents whose brief an older engine or
/// another pack made (every document with `all`), in batches of
/// [`BATCH`] (one transaction each), then rebuilds the storylines once.
/// The store should have its storyline types ([`set_storyline_types`]).
pub fn reanalyze(
    pack: &Pack,
    store: &mut Store,
    pool: &rayon::ThreadPool,
    all: bool,
) -> Result<Reanalysed> {
    let pack_version = monazite_report::pack_id(pack);
    let stale = store.stale_documents(ENGINE_VERSION, &pack_version, all)?;
    let mut documents = 0usize;
    for ids in stale.chunks(BATCH) {
        let mut texts = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some((text, day)) = store.document_text(id)? {
                texts.push((id, text, day));
            }
        }
        let briefs: Vec<_> = pool.install(|| {
            texts
                .par_iter()
                .map(|(id, text, day)| {
                    let origin = format!("document {id}");
                    (*id, brief(pack, &origin, text, *day))
                })
                .collect()
        });
        store.replace_briefs(&briefs)?;
        documents += briefs.len();
    }
    // Storylines depend on every event: rebuilt once, in publication order.
    store.rebuild_storylines()?;
    Ok(Reanalysed {
        documents,
        pack_version,
    })
}
