//! The subcommands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use monazite::pipeline;
use monazite_report::json::BriefRecord;
use monazite_store::Store;
use rayon::prelude::*;

use crate::config::Config;
use crate::flags::{AnalyzeFlags, EvalExtractFlags, EvalFlags, EvalSentimentFlags, Format};
use monazite_app::history::History;
use monazite_app::{market::us_calendar, verify::MoveChecker};
use monazite_ingest::{Document, ItemError, Skip};
use monazite_types::error_code::{Code, ErrorCode};

/// One failed input of `analyze`: its origin, what is wrong and, when a
/// reader said it, the error's stable code.
struct Failed {
    origin: String,
    message: String,
    code: Option<Code>,
}

impl Failed {
    fn of(e: &ItemError) -> Failed {
        Failed {
            origin: e.origin.clone(),
            message: e.message(),
            code: Some(e.code()),
        }
    }
}

/// Briefs of every document the inputs hold, read as `ingest` reads them
/// (pages, feeds, JSON Lines, CSV, text, Markdown, folders, URLs, `-`),
/// one per document, in input order; nothing is stored.
pub fn analyze(
    config: &Config,
    db: Option<&Path>,
    flags: &AnalyzeFlags,
) -> anyhow::Result<ExitCode> {
    let options = crate::ingest::read_options(&flags.read)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(flags.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    // With prices in a store the user named, briefs say what such events
    // did before and whether the prices bear out the moves they claim.
    let store = history_store(db, flags.history)?;
    let (mut history, mut checker) = match &store {
        Some(store) => {
            // The sessions the stored prices show, read once for both.
            let calendar = us_calendar(store)?;
            (
                History::load(store, &calendar)?,
                MoveChecker::load(store, &calendar)?,
            )
        }
        None => (None, None),
    };
    let note = |skip: &Skip| eprintln!("monazite: {skip}");
    let mut items = flags.paths.iter().flat_map(
        |path| -> Box<dyn Iterator<Item = Result<Document, ItemError>>> {
            match path.to_str().filter(|p| crate::ingest::is_url(p)) {
                Some(url) => Box::new(
                    crate::ingest::fetch_url(url, flags.allow_private, &options).into_iter(),
                ),
                None => Box::new(crate::ingest::documents([path.as_path()], &options, note)),
            }
        },
    );
    let (mut failed, mut total) = (0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    loop {
        // Read a batch (the readers stream), analyse it in parallel, print
        // it in input order: memory stays bounded on large archives.
        let batch: Vec<Result<Document, ItemError>> =
            items.by_ref().take(pipeline::BATCH).collect();
        if batch.is_empty() {
            break;
        }
        total += batch.len();
        let results: Vec<Result<BriefRecord, Failed>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|item| brief(config, flags, item))
                .collect()
        });
        for result in results {
            let rendered = result.and_then(|mut record| {
                let origin = record.path.clone();
                let failed = |message: String| Failed {
                    origin: origin.clone(),
                    message,
                    code: None,
                };
                if let Some(history) = &mut history {
                    if let Err(e) = history.annotate(&mut record, None, None) {
                        return Err(failed(format!("looking up past events: {e:#}")));
                    }
                }
                if let Some(checker) = &mut checker {
                    if let Err(e) = checker.annotate(&mut record) {
                        return Err(failed(format!("checking claimed moves: {e:#}")));
                    }
                }
                render(flags.format, &record).map_err(failed)
            });
            match rendered {
                Ok(text) => out.write_all(text.as_bytes())?,
                Err(problem) => {
                    out.flush()?;
                    let code = problem
                        .code
                        .map(|c| format!(" (error {c})"))
                        .unwrap_or_default();
                    eprintln!("monazite: {}: {}{code}", problem.origin, problem.message);
                    failed += 1;
                }
            }
        }
    }
    out.flush()?;
    if failed == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("monazite: {failed} of {total} inputs failed");
        Ok(ExitCode::from(2))
    }
}

/// The store `analyze` reads past events and prices from: only one the
/// user named, with `--db` or with `--history` (the default store, which
/// `$MONAZITE_DB` may place). Never the default store unasked: the briefs
/// would then depend on a file the user never named, and the same inputs
/// and pack would not give the same output. `$MONAZITE_DB` alone does not
/// count as naming one for the same reason: it is set once in a shell's
/// profile and forgotten. Read-only: analysing writes nothing to the store
/// and migrates nothing.
fn history_store(db: Option<&Path>, history: bool) -> anyhow::Result<Option<Store>> {
    let path = match (db, history) {
        (Some(db), _) => db.to_path_buf(),
        (None, true) => monazite_store::default_path(),
        (None, false) => return Ok(None),
    };
    if !path.exists() {
        anyhow::bail!(
            "no store at {} to read past events and prices from (fill one with `monazite ingest` \
             and `monazite prices import`, or leave out --history and --db)",
            path.display()
        );
    }
    let store = Store::open_read_only(&path)
        .with_context(|| format!("opening the store {}", path.display()))?;
    if store.needs_migration()? {
        anyhow::bail!(
            "the store {} was written by an older monazite, and analyze only reads it: \
             any command that writes to it (`monazite reanalyze`, say) upgrades it",
            path.display()
        );
    }
    Ok(Some(store))
}

/// Analyses one document as `ingest` does (the same text, title line
/// first, and the same brief function), with `--published` before the
/// date the document carries.
fn brief(
    config: &Config,
    flags: &AnalyzeFlags,
    item: Result<Document, ItemError>,
) -> Result<BriefRecord, Failed> {
    let doc = item.map_err(|e| Failed::of(&e))?;
    if doc.text.trim().is_empty() {
        return Err(Failed {
            origin: doc.origin,
            message: "no text to analyse".into(),
            code: Some(Code::InputNoText),
        });
    }
    let day = flags.published.or_else(|| doc.day());
    Ok(pipeline::brief(
        &config.pack,
        &doc.origin,
        &doc.full_text(),
        day,
    ))
}

/// One brief in the output format.
fn render(format: Format, record: &BriefRecord) -> Result<String, String> {
    Ok(match format {
        Format::Jsonl => {
            let mut line = serde_json::to_string(record)
                .map_err(|e| format!("cannot encode the brief: {e}"))?;
            line.push('\n');
            line
        }
        Format::Md => {
            let mut md = monazite_report::markdown::render(record);
            md.push_str("\n---\n\n");
            md
        }
    })
}

/// Where the labels' `doc` paths start: the gold file's folder if the first
/// doc is there, else its parent (`shared/gold/seeds.jsonl` → `shared/`).
fn gold_root(gold: &Path, first_doc: Option<&str>) -> PathBuf {
    let folder = gold.parent().unwrap_or(Path::new(".")).to_path_buf();
    match first_doc {
        Some(doc) if !folder.join(doc).exists() => {
            folder.parent().map_or(folder.clone(), Path::to_path_buf)
        }
        _ => folder,
    }
}

pub fn eval(config: &Config, flags: &EvalFlags) -> anyhow::Result<ExitCode> {
    let contents = std::fs::read_to_string(&flags.gold)
        .with_context(|| format!("reading {}", flags.gold.display()))?;
    let mut gold = monazite_eval::gold::parse(&contents)
        .with_context(|| format!("parsing {}", flags.gold.display()))?;
    if let Some(part) = &flags.part {
        gold.retain(|g| g.part.as_ref().is_none_or(|p| p == part));
    }
    let root = flags
        .root
        .clone()
        .unwrap_or_else(|| gold_root(&flags.gold, gold.first().map(|g| g.doc.as_str())));
    let mut reader = crate::corpus::GoldReader::new(&root);
    let texts: Vec<crate::corpus::GoldText> = gold
        .iter()
        .map(|g| reader.read(&g.doc))
        .collect::<anyhow::Result<_>>()?;
    let records: Vec<BriefRecord> = gold
        .par_iter()
        .zip(&texts)
        .map(|(g, doc)| {
            let published = g
                .published
                .as_deref()
                .and_then(|d| d.parse().ok())
                .or(doc.published);
            pipeline::brief(&config.pack, &g.doc, &doc.text, published)
        })
        .collect();
    let report = monazite_eval::score::score(&gold, &records);
    print!("{report}");
    let mut below = Vec::new();
    for (facet, bar) in &flags.bars {
        let f1 = report.counts(facet).map_or(0.0, |c| c.f1());
        if f1 < *bar {
            below.push(format!("{facet} F1 {f1:.3} < {bar}"));
        }
    }
    if below.is_empty() {
        if !flags.bars.is_empty() {
            println!("\nall bars met");
        }
        Ok(ExitCode::SUCCESS)
    } else {
        println!("\nbelow the bar: {}", below.join("; "));
        Ok(ExitCode::from(1))
    }
}

pub fn eval_sentiment(config: &Config, flags: &EvalSentimentFlags) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&flags.file).with_context(|| format!("reading {}", flags.file.display()))?;
    // The PhraseBank ships as Latin-1: every byte is one character.
    let contents: String = bytes.iter().map(|&b| char::from(b)).collect();
    let (sentences, skipped) = monazite_eval::phrasebank::parse(&contents);
    for line in &skipped {
        eprintln!("monazite: {}: skipped {line}", flags.file.display());
    }
    let pack = &config.pack;
    let report = monazite_eval::phrasebank::evaluate(&sentences, |text: &str| {
        let tokens = monazite_analysis::text::tokenize(text);
        monazite_analysis::sentiment::score_sentence(text, &tokens, &pack.sentiment).label
    });
    print!("{report}");
    let below = flags.min_accuracy.is_some_and(|m| report.accuracy < m)
        || flags.min_macro_f1.is_some_and(|m| report.macro_f1 < m);
    Ok(if below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn eval_extract(flags: &EvalExtractFlags) -> anyhow::Result<ExitCode> {
    // The error names the file of the benchmark folder that failed.
    let report = monazite_eval::extraction::run_benchmark(&flags.dir)?;
    let s = &report.score;
    println!(
        "pages {}  precision {:.3}  recall {:.3}  F1 {:.3}  exact {:.3}",
        s.pages, s.precision, s.recall, s.f1, s.accuracy
    );
    println!(
        "extraction: {:.1} MB of HTML in {:.3} s ({:.1} MB/s, this build, all pages in one thread)",
        report.html_bytes as f64 / 1e6,
        report.extract_seconds,
        report.html_bytes as f64 / 1e6 / report.extract_seconds.max(1e-9)
    );
    if flags.worst > 0 {
        println!("\nweakest pages:");
        for page in report.worst(flags.worst) {
            println!(
                "  {}  F1 {:.3}  {}{}",
                page.id,
                page.score.f1(),
                page.url,
                page.error
                    .as_deref()
                    .map(|e| format!("  ({e})"))
                    .unwrap_or_default()
            );
        }
    }
    let below = flags.min_f1.is_some_and(|m| s.f1 < m);
    Ok(if below {
        println!(
            "\nbelow the bar: F1 {:.3} < {}",
            s.f1,
            flags.min_f1.unwrap_or(0.0)
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn pack(config: &Config) -> anyhow::Result<ExitCode> {
    let pack = &config.pack;
    let curated = pack
        .companies
        .iter()
        .filter(|c| c.source == monazite_pack::CompanySource::Pack)
        .count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {}: {}",
        pack.manifest.name, pack.manifest.version, pack.manifest.description
    )?;
    writeln!(
        out,
        "companies: {curated} curated, {} from the US list",
        pack.companies.len() - curated
    )?;
    writeln!(
        out,
        "materials: {}, groups: {}",
        pack.materials.len(),
        pack.groups.len()
    )?;
    writeln!(
        out,
        "countries: {}, organisations: {}, people: {}",
        pack.countries.len(),
        pack.organizations.len(),
        pack.people.len()
    )?;
    writeln!(
        out,
        "exchanges: {}, indices: {}",
        pack.exchanges.len(),
        pack.indices.len()
    )?;
    writeln!(
        out,
        "event types: {}, statuses: {}, exposure rules: {}",
        pack.events.types.len(),
        pack.events.statuses.len(),
        pack.events.exposure_rules.len()
    )?;
    writeln!(
        out,
        "categories: {}, name patterns: {}",
        pack.categories.len(),
        pack.names.pattern_count()
    )?;
    Ok(ExitCode::SUCCESS)
}
