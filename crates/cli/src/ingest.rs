//! The commands that read inputs into documents: `extract` (print them),
//! `ingest` (analyse and store them), `reanalyze` and `watch`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use monazite_ingest::{Document, ItemError, ItemErrorKind, Skip};
use monazite_report::wire;
use monazite_report::{ENGINE_VERSION, SCHEMA_VERSION};
use monazite_store::Store;
use monazite_types::error_code::{Code, ErrorCode};

use std::cell::Cell;
use std::time::SystemTime;

use monazite_watch::{
    FeedConfig, Fetch, Fetched, HttpFetcher, PollOutcome, PollResult, Poller, Validators,
    WatchState,
};

use crate::config::Config;
use crate::flags::{ExtractFlags, IngestFlags, ReadFlags, ReanalyzeFlags, WatchFlags};
use monazite::pipeline::{Pipeline, Progress};

pub(crate) fn read_options(flags: &ReadFlags) -> anyhow::Result<monazite_ingest::ReadOptions> {
    let mut options = monazite_ingest::ReadOptions::default();
    if let Some(map) = &flags.csv_map {
        options.csv = Some(
            monazite_ingest::CsvMapping::parse(map)
                .map_err(|e| anyhow::Error::new(e).context(format!("--csv-map {map:?}")))?,
        );
    }
    Ok(options)
}

/// Every document the inputs hold, in order; files and folders stream.
/// `note` tells the user what a folder walk left out without losing
/// anything (a loop, a second link to a file read already); what it could
/// not read is an error among the documents.
pub(crate) fn documents<'a>(
    inputs: impl IntoIterator<Item = &'a Path> + 'a,
    options: &'a monazite_ingest::ReadOptions,
    note: impl Fn(&Skip) + Clone + Send + 'static,
) -> impl Iterator<Item = Result<Document, ItemError>> + 'a {
    inputs
        .into_iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = _>> {
            if path.as_os_str() == "-" {
                Box::new(monazite_ingest::read_stdin(options))
            } else {
                Box::new(monazite_ingest::read_path(path, options).on_skip(note.clone()))
            }
        })
}

pub fn extract(flags: &ExtractFlags) -> anyhow::Result<ExitCode> {
    let options = read_options(&flags.read)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    let note = |skip: &Skip| eprintln!("monazite: {skip}");
    for item in documents(flags.paths.iter().map(PathBuf::as_path), &options, note) {
        match item {
            Ok(doc) => {
                let record = wire::Extracted {
                    schema: wire::schema("extracted"),
                    path: doc.origin.clone(),
                    format: format!("{:?}", doc.format).to_lowercase(),
                    url: doc.url.clone(),
                    title: doc.title.clone(),
                    site: doc.site.clone(),
                    author: doc.author.clone(),
                    published: doc.published.map(|p| p.to_string()),
                    tickers: doc.tickers.clone(),
                    text: doc.text.clone(),
                };
                serde_json::to_writer(&mut out, &record)?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                out.flush()?;
                eprintln!("monazite: {e}");
                failed += 1;
            }
        }
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

/// Opens the store for writing with the pack's storyline types set.
fn open_with_storylines(config: &Config, db: &Path) -> anyhow::Result<Store> {
    let mut store = crate::queries::open_for_writing(db)?;
    // The pack says which events tell developments across outlets.
    monazite_app::ingest::set_storyline_types(&mut store, &config.pack);
    Ok(store)
}

pub(crate) fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

pub fn ingest(config: &Config, db: &Path, flags: &IngestFlags) -> anyhow::Result<ExitCode> {
    let options = read_options(&flags.read)?;
    let mut store = open_with_storylines(config, db)?;
    let pool = pool(flags.jobs)?;
    let mut pipeline = Pipeline::new(&config.pack, &mut store, &pool, Progress::new());
    pipeline.default_day = flags.published;
    for input in &flags.inputs {
        if is_url(input) {
            let items = fetch_url(input, flags.allow_private, &options);
            pipeline.run(items.into_iter())?;
        } else {
            let print = pipeline.sink().note_printer();
            let note = move |skip: &Skip| print(skip);
            pipeline.run(documents([Path::new(input)], &options, note))?;
        }
    }
    pipeline.sink().finish();
    let tally = pipeline.tally;
    if tally.near_duplicate > 0 {
        println!("near duplicates among the new: {}", tally.near_duplicate);
    }
    println!("{tally}");
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Fetches one URL (the address policy of `watch` applies) and reads what
/// it returns: a page, a feed, an archive.
pub(crate) fn fetch_url(
    url: &str,
    allow_private: bool,
    options: &monazite_ingest::ReadOptions,
) -> Vec<Result<Document, ItemError>> {
    let mut feed = FeedConfig::new(url, url);
    feed.policy.allow_private = allow_private;
    let failed = |code: Code, message: String| {
        vec![Err(ItemError::new(
            url,
            ItemErrorKind::Fetch { code, message },
        ))]
    };
    match HttpFetcher::new().fetch(&feed, &Validators::default()) {
        Ok(Fetched::Body {
            bytes,
            final_url,
            content_type,
            ..
        }) => read_fetched(&final_url, &bytes, content_type.as_deref(), options).collect(),
        Ok(Fetched::NotModified) => failed(
            Code::FeedStatus,
            "the server answered 304 to a plain request".into(),
        ),
        Err(e) => failed(e.code(), e.to_string()),
    }
}

/// Reads a body fetched from `url`; the URL's path breaks format ties and
/// the response's `Content-Type` gives a page its transport encoding.
fn read_fetched(
    url: &str,
    bytes: &[u8],
    content_type: Option<&str>,
    options: &monazite_ingest::ReadOptions,
) -> monazite_ingest::Documents {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    monazite_ingest::read_response(url, bytes, Some(Path::new(path)), content_type, options)
}

pub fn reanalyze(config: &Config, db: &Path, flags: &ReanalyzeFlags) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `monazite ingest` first, or pass --db)",
            db.display()
        );
    }
    let mut store = open_with_storylines(config, db)?;
    let pool = pool(flags.jobs)?;
    let done = monazite_app::ingest::reanalyze(&config.pack, &mut store, &pool, flags.all)?;
    println!(
        "reanalysed {} documents (engine {ENGINE_VERSION}, pack {}, schema {SCHEMA_VERSION})",
        done.documents, done.pack_version
    );
    Ok(ExitCode::SUCCESS)
}

/// Polls the feeds of a FEEDS.toml and ingests what is new, saving each
/// feed's validators and schedule in the store after every poll, so a
/// stopped watcher (Ctrl-C) resumes where it was.
pub fn watch(config: &Config, db: &Path, flags: &WatchFlags) -> anyhow::Result<ExitCode> {
    let feeds = monazite_watch::Config::load(&flags.feeds)?;
    let mut store = open_with_storylines(config, db)?;
    let mut state = WatchState::default();
    for (name, json) in store.feed_states()? {
        match serde_json::from_str(&json) {
            Ok(feed) => {
                state.feeds.insert(name, feed);
            }
            // A state this watcher cannot read is dropped: the feed is
            // simply fetched again in full.
            Err(e) => eprintln!(
                "monazite: saved state of feed {name} is unreadable ({e}); starting afresh"
            ),
        }
    }
    let pool = pool(flags.jobs)?;
    let mut watcher = Watcher {
        pipeline: Pipeline::new(&config.pack, &mut store, &pool, Progress::new()),
        options: monazite_ingest::ReadOptions::default(),
        failed_polls: 0,
    };
    if flags.once {
        let mut poller = Poller::new(&feeds, &state, SystemTime::now());
        let fetcher = HttpFetcher::new();
        for index in 0..feeds.feeds.len() {
            if let Some(outcome) = poller.poll_feed(index, SystemTime::now(), &fetcher) {
                watcher.handle(outcome, &mut poller)?;
            }
        }
    } else {
        let halted = Cell::new(false);
        let mut error = None;
        monazite_watch::run(
            &feeds,
            &state,
            || halted.get(),
            |outcome, poller| {
                if let Err(e) = watcher.handle(outcome, poller) {
                    error = Some(e);
                    halted.set(true);
                }
            },
        );
        if let Some(e) = error {
            return Err(e);
        }
    }
    watcher.pipeline.sink().finish();
    println!("{}", watcher.pipeline.tally);
    Ok(
        if watcher.failed_polls == 0 && watcher.pipeline.tally.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        },
    )
}

/// What `watch` does with each poll.
struct Watcher<'a> {
    pipeline: Pipeline<'a, Progress>,
    options: monazite_ingest::ReadOptions,
    failed_polls: usize,
}

impl Watcher<'_> {
    /// Ingests what a poll delivered, prints a line about it and saves the
    /// feed's state. A body that could not be stored is delivered again at
    /// the next poll.
    fn handle(&mut self, outcome: PollOutcome, poller: &mut Poller) -> anyhow::Result<()> {
        let before = self.pipeline.tally;
        let report = match outcome.result {
            PollResult::New {
                body,
                final_url,
                content_type,
                ..
            } => {
                let items = read_fetched(&final_url, &body, content_type.as_deref(), &self.options);
                if let Err(e) = self.pipeline.run(items) {
                    poller.redeliver(&outcome.feed);
                    return Err(anyhow::Error::new(e)
                        .context(format!("storing the items of feed {}", outcome.feed)));
                }
                self.pipeline.tally.since(before).to_string()
            }
            PollResult::NotModified => "not modified".into(),
            PollResult::Unchanged => "unchanged".into(),
            PollResult::Failed {
                error, retry_in, ..
            } => {
                self.failed_polls += 1;
                format!(
                    "failed: {error} (next try in {})",
                    monazite_watch::config::show_duration(retry_in)
                )
            }
        };
        println!("{}: {report}", outcome.feed);
        if let Some(feed) = poller.state().feeds.get(&outcome.feed) {
            let json = serde_json::to_string(feed)?;
            self.pipeline
                .store
                .save_feed_state(&outcome.feed, &feed.url, &json)?;
        }
        Ok(())
    }
}
