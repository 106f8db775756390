//! Command-line flags, parsed before anything is built (the second stage,
//! [`crate::config`], owns the compiled pack).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "monazite",
    version,
    about = "Reads critical-minerals news and turns it into structured, market-linked briefs."
)]
pub struct Flags {
    /// Knowledge pack folder (default: $MONAZITE_PACK, else the bundled critical-minerals pack).
    #[arg(long, global = true, value_name = "DIR")]
    pub pack: Option<PathBuf>,
    /// The store (default: $MONAZITE_DB, else $XDG_DATA_HOME/monazite/monazite.db, else ~/.local/share/monazite/monazite.db).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse articles (.txt and .md files, folders, or - for standard input) into briefs.
    Analyze(AnalyzeFlags),
    /// Score briefs against gold labels (shared/gold/README.md).
    Eval(EvalFlags),
    /// Score sentence sentiment on a Financial PhraseBank file (sentence@label lines, Latin-1).
    EvalSentiment(EvalSentimentFlags),
    /// Check a knowledge pack and print what it holds.
    Pack,
    /// Score main-content extraction on the article-extraction benchmark (html/*.html.gz, ground-truth.json).
    EvalExtract(EvalExtractFlags),
    /// Print what the readers recover from pages, feeds and archives (JSON Lines), without analysing.
    Extract(ExtractFlags),
    /// Read, analyse and store documents: files, folders, feeds, archives, URLs, or - for standard input.
    Ingest(IngestFlags),
    /// Analyse stored documents again whose brief an older engine or pack made.
    Reanalyze(ReanalyzeFlags),
    /// Full-text search of the stored documents.
    Search(SearchFlags),
    /// Stored events, filtered.
    Events(EventsFlags),
    /// What the stored documents say about one ticker, oldest first.
    Timeline(TimelineFlags),
    /// Developments told across outlets and days, with first reports and the outlets' figures.
    Storylines(StorylinesFlags),
    /// One stored document in full: metadata, sightings, novelty, events, claims, brief.
    Show(ShowFlags),
    /// Poll live feeds and ingest their new items.
    Watch(WatchFlags),
}

#[derive(Debug, clap::Args)]
pub struct EvalExtractFlags {
    /// The benchmark folder, e.g. ../shared/data/article-extraction-benchmark.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Fail (exit 1) below this F1.
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// List this many of the weakest pages.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub worst: usize,
}

#[derive(Debug, clap::Args)]
pub struct ReadFlags {
    /// CSV column mapping, e.g. text=summary,published=published_utc (keys: text, title, published, source, ticker, url, author).
    #[arg(long, value_name = "KEY=COLUMN,...")]
    pub csv_map: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExtractFlags {
    /// Files, folders (recursively), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadFlags,
}

#[derive(Debug, clap::Args)]
pub struct IngestFlags {
    /// Files, folders (recursively), http(s) URLs, or - for standard input.
    #[arg(required = true, value_name = "PATH|URL")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub read: ReadFlags,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<jiff::civil::Date>,
    /// Fetch URLs on loopback, private and link-local addresses too.
    #[arg(long)]
    pub allow_private: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReanalyzeFlags {
    /// Analyse every stored document again, not only those of another engine or pack version.
    #[arg(long)]
    pub all: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct OutputFlags {
    /// JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// At most this many rows.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, clap::Args)]
pub struct SearchFlags {
    /// Words that must all appear; "quoted phrases" stay phrases.
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,
    #[command(flatten)]
    pub output: OutputFlags,
}

#[derive(Debug, clap::Args)]
pub struct EventsFlags {
    /// Events of documents about this ticker.
    #[arg(long)]
    pub ticker: Option<String>,
    /// Event type (export_control, tariff, truce_deal, …).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Status (threatened, announced, delayed, …).
    #[arg(long)]
    pub status: Option<String>,
    /// Material id (dysprosium, gallium, …).
    #[arg(long, value_name = "MATERIAL")]
    pub element: Option<String>,
    /// Country (ISO code) acting or acted upon.
    #[arg(long)]
    pub country: Option<String>,
    /// From this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<jiff::civil::Date>,
    /// Up to this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<jiff::civil::Date>,
    /// Events of one storyline.
    #[arg(long, value_name = "ID")]
    pub storyline: Option<i64>,
    #[command(flatten)]
    pub output: OutputFlags,
}

#[derive(Debug, clap::Args)]
pub struct TimelineFlags {
    #[arg(value_name = "TICKER")]
    pub ticker: String,
    #[command(flatten)]
    pub output: OutputFlags,
}

#[derive(Debug, clap::Args)]
pub struct StorylinesFlags {
    /// Event type.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Actor (country code, ticker or material id).
    #[arg(long)]
    pub actor: Option<String>,
    /// Storylines with documents about this ticker.
    #[arg(long)]
    pub ticker: Option<String>,
    /// Storylines told by at least N documents.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_documents: usize,
    #[command(flatten)]
    pub output: OutputFlags,
}

#[derive(Debug, clap::Args)]
pub struct ShowFlags {
    /// Document id (as the other commands list it).
    #[arg(value_name = "ID")]
    pub id: i64,
    /// JSON instead of a readable view.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct WatchFlags {
    /// The feeds to poll (docs/watch.md).
    #[arg(value_name = "FEEDS.toml")]
    pub feeds: PathBuf,
    /// Poll each feed once and stop.
    #[arg(long)]
    pub once: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeFlags {
    /// Files, folders (searched recursively for .txt and .md), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Publication date of the articles (YYYY-MM-DD), when the text does not say.
    #[arg(long, value_name = "DATE")]
    pub published: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line (schema: docs/brief-schema.md).
    Jsonl,
    /// A Markdown brief per article.
    Md,
}

#[derive(Debug, clap::Args)]
pub struct EvalFlags {
    /// Gold labels, JSON Lines.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder the labels' `doc` paths are relative to (default: the gold file's folder, else its parent).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Fail (exit 1) when a facet's F1 is below a bar, e.g. --min tickers=0.95.
    #[arg(long = "min", value_name = "FACET=X", value_parser = parse_bar)]
    pub bars: Vec<(String, f64)>,
}

#[derive(Debug, clap::Args)]
pub struct EvalSentimentFlags {
    /// A Financial PhraseBank file such as Sentences_AllAgree.txt.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail (exit 1) below this accuracy.
    #[arg(long, value_name = "X")]
    pub min_accuracy: Option<f64>,
    /// Fail (exit 1) below this macro-F1.
    #[arg(long, value_name = "X")]
    pub min_macro_f1: Option<f64>,
}

fn parse_bar(s: &str) -> Result<(String, f64), String> {
    let (facet, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FACET=X, got {s:?}"))?;
    if !monazite_eval::score::FACETS.contains(&facet) {
        return Err(format!(
            "unknown facet {facet:?}; facets are {}",
            monazite_eval::score::FACETS.join(", ")
        ));
    }
    let value: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    Ok((facet.to_string(), value))
}
