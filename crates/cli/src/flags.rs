//! Command-line flags, parsed before anything is built (the second stage,
//! [`crate::config`], owns the compiled pack).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use monazite_store::query::EventFilter;

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
    /// Analyse what ingest reads (pages, feeds, JSON Lines, CSV, text, Markdown, folders, URLs, -) into one brief per document, without storing; reads no store unless --db or --history names one.
    Analyze(AnalyzeFlags),
    /// Score briefs against gold labels (shared/gold/README.md).
    Eval(EvalFlags),
    /// Score sentence sentiment on a Financial PhraseBank file (sentence@label lines, Latin-1).
    EvalSentiment(EvalSentimentFlags),
    /// Check a knowledge pack and print what it holds.
    Pack,
    /// Score main-content extraction on the article-extraction benchmark (html/*.html.gz, ground-truth.json).
    EvalExtract(EvalExtractFlags),
    /// Silver ticker evaluations on data sets that tag tickers (docs/measurements.md says how each samples).
    EvalTickers(EvalTickersFlags),
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
    /// Daily prices in the store: import, list.
    #[command(subcommand)]
    Prices(PricesCommand),
    /// Check the stored price-move claims against the stored prices.
    Verify(VerifyFlags),
    /// Event study: abnormal returns of tickers around stored events (or dates from a file).
    Study(StudyFlags),
    /// Precision audits: draw stored events and claims into a sheet to judge, score a judged sheet.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Serve the store and the analysis as a JSON API under /v1 (docs/api.md); loopback only unless --addr says otherwise.
    Serve(ServeFlags),
}

#[derive(Debug, clap::Args)]
pub struct ServeFlags {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "IP:PORT", default_value = monazite_serve::DEFAULT_ADDR)]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Draw events and claims at random from the store into a CSV sheet (docs/audit.md).
    Draw(AuditDrawFlags),
    /// Precision of a judged sheet, with 95% Wilson intervals.
    Score(AuditScoreFlags),
}

#[derive(Debug, clap::Args)]
pub struct AuditDrawFlags {
    /// Events to draw.
    #[arg(long, default_value_t = 120, value_name = "N")]
    pub events: usize,
    /// Price-move claims to draw.
    #[arg(long, default_value_t = 120, value_name = "N")]
    pub claims: usize,
    /// Seed of the draw: the same store and seed give the same sheet.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
    /// Draw only events of these types (comma-separated), or of a family of the pack (`minerals`, `wire`).
    #[arg(long = "type", value_name = "TYPE|FAMILY", value_delimiter = ',')]
    pub types: Vec<String>,
    /// The sheet to write (CSV); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AuditScoreFlags {
    /// A judged sheet (CSV, as `audit draw` writes it, with the judgement columns filled).
    #[arg(value_name = "FILE")]
    pub sheet: PathBuf,
    /// Also write the sheet without the article text (title, sentence): the form to commit.
    #[arg(long, value_name = "FILE")]
    pub strip: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Import daily prices from CSV files or folders (Yahoo, Stooq, close-only or long ticker,date,close).
    Import(PricesImportFlags),
    /// The tickers with prices in the store: first and last day, number of days.
    List(PricesListFlags),
}

#[derive(Debug, clap::Args)]
pub struct PricesImportFlags {
    /// CSV files, or folders searched recursively for .csv and .txt files.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Ticker for single-ticker files whose name does not give it (default: the file name, e.g. MP.csv, mp.us.txt).
    #[arg(long, value_name = "TICKER")]
    pub ticker: Option<String>,
    /// Leave out rows before this day (e.g. a SPAC's history before its merger).
    #[arg(long, value_name = "DATE")]
    pub from: Option<jiff::civil::Date>,
    /// Leave out rows after this day (e.g. a last row taken before the close).
    #[arg(long, value_name = "DATE")]
    pub until: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct PricesListFlags {
    /// JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct VerifyFlags {
    /// Claims about this ticker only.
    #[arg(long)]
    pub ticker: Option<String>,
    /// Claims of this stored document only (an id from `search`, `events` or `timeline`).
    #[arg(long, value_name = "ID")]
    pub doc: Option<i64>,
    /// Largest gap, in percentage points, between a claimed and an actual move that still confirms it.
    #[arg(long, value_name = "POINTS", default_value_t = 0.5)]
    pub tolerance: f64,
    /// One JSON object per claim instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Which stored events a command takes: the flags `events` and `study`
/// share, read into one [`EventFilter`].
#[derive(Debug, clap::Args)]
pub struct EventSelection {
    /// Events of this type (export_control, tariff, truce_deal, …).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Events with this status (threatened, announced, delayed, …).
    #[arg(long)]
    pub status: Option<String>,
    /// Events about this material (dysprosium, rare_earths, …).
    #[arg(long, value_name = "MATERIAL")]
    pub element: Option<String>,
    /// Events with this country (ISO code) as actor or target.
    #[arg(long)]
    pub country: Option<String>,
    /// Events from this day on (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<jiff::civil::Date>,
    /// Events up to this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<jiff::civil::Date>,
    /// Only events of the document that first reported each storyline.
    #[arg(long)]
    pub first_reports: bool,
}

impl EventSelection {
    /// The store's filter for these flags; the other fields filter nothing.
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            kind: self.kind.clone(),
            status: self.status.clone(),
            element: self.element.clone(),
            country: self.country.clone(),
            from: self.from,
            to: self.to,
            first_reports: self.first_reports,
            ..EventFilter::default()
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct StudyFlags {
    #[command(flatten)]
    pub select: EventSelection,
    /// Tickers to study (repeat or separate by commas; default: the tickers each event's document names or bears on).
    #[arg(long = "ticker", value_name = "TICKER", value_delimiter = ',')]
    pub tickers: Vec<String>,
    /// Without --ticker: also the tickers a document does not name whose impact is at least this (0 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.3)]
    pub min_impact: f64,
    /// Event days from a CSV file instead of the store (a date column; a ticker column if it has one).
    #[arg(long, value_name = "FILE")]
    pub dates: Option<PathBuf>,
    /// With --dates: only rows whose text contains this (case-insensitive; repeat for any of several).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Vec<String>,
    /// The market the abnormal returns are measured against.
    #[arg(long, value_name = "TICKER", default_value = "SPY")]
    pub benchmark: String,
    /// Expected returns: a market model fitted by OLS, or the market's return itself.
    #[arg(long, value_enum, default_value_t = ModelChoice::MarketModel)]
    pub model: ModelChoice,
    /// Estimation window in trading days relative to day 0.
    #[arg(long, value_name = "FROM,TO", value_parser = parse_window, default_value = "-250,-11", allow_hyphen_values = true)]
    pub estimation: (i32, i32),
    /// Event windows in trading days relative to day 0 (repeatable).
    #[arg(long = "window", value_name = "FROM,TO", value_parser = parse_window, allow_hyphen_values = true)]
    pub windows: Vec<(i32, i32)>,
    /// Fewest estimation-window returns an event needs.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub min_estimation: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StudyFormat::Table)]
    pub format: StudyFormat,
    /// Also write an SVG chart of the average CAR around day 0 to this file.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelChoice {
    /// R = alpha + beta * Rm + e, estimated by OLS over the estimation window.
    MarketModel,
    /// R - Rm (no estimation).
    MarketAdjusted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StudyFormat {
    Table,
    Csv,
    Json,
}

/// "-1,1" or "0,+5": a window of trading days relative to day 0.
fn parse_window(s: &str) -> Result<(i32, i32), String> {
    let (from, to) = s
        .split_once(',')
        .ok_or_else(|| format!("expected FROM,TO (e.g. -1,1), got {s:?}"))?;
    let day = |d: &str| {
        d.trim()
            .trim_start_matches('+')
            .parse::<i32>()
            .map_err(|_| format!("{d:?} is not a whole number of days"))
    };
    let (from, to) = (day(from)?, day(to)?);
    if from > to {
        return Err(format!("the window {s:?} ends before it starts"));
    }
    Ok((from, to))
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
    /// With --ticker: only documents about it at least this much (0–100, the brief's relevance).
    #[arg(long, value_name = "N", requires = "ticker")]
    pub min_relevance: Option<u8>,
    #[command(flatten)]
    pub select: EventSelection,
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
    /// Only documents about the ticker at least this much (0–100, the brief's relevance).
    #[arg(long, value_name = "N")]
    pub min_relevance: Option<u8>,
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
    /// What `ingest` reads: HTML pages, RSS/Atom feeds, JSON Lines, CSV, text and Markdown files (the format detected from the content), folders (recursively: links followed, each file once), http(s) URLs, or - for standard input.
    #[arg(required = true, value_name = "PATH|URL")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadFlags,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Publication date of the articles (YYYY-MM-DD), in place of any the documents give (a page's metadata, a dateline, a record's column, a dated path).
    #[arg(long, value_name = "DATE")]
    pub published: Option<jiff::civil::Date>,
    /// Add what the store's prices say: what past events of the same types did to the tickers, and a check of each claimed move. Reads the store read-only: the one --db names (which implies this), else $MONAZITE_DB, else the default store. Without --history or --db no store is read: the briefs depend only on the inputs and the pack.
    #[arg(long)]
    pub history: bool,
    /// Fetch URLs on loopback, private and link-local addresses too.
    #[arg(long)]
    pub allow_private: bool,
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
    /// Score only the labels of this corpus part (`dev`, `test`); labels without a part are kept.
    #[arg(long, value_name = "PART")]
    pub part: Option<String>,
    /// Fail (exit 1) when a facet's F1 is below a bar, e.g. --min tickers=0.95.
    #[arg(long = "min", value_name = "FACET=X", value_parser = parse_bar)]
    pub bars: Vec<(String, f64)>,
}

#[derive(Debug, clap::Args)]
pub struct EvalTickersFlags {
    /// Which data set the file is: `news-av` (news_items.csv), `benzinga`
    /// (analyst_ratings_processed*.csv), `sentfin` (SEntFiN-v1.0.csv), `fiqa` (task1_headline_ABSA_*.json),
    /// `off-topic` (Financial PhraseBank sentences: false tickers).
    #[arg(long, value_name = "SET")]
    pub set: String,
    /// The data set's file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail (exit 1) below this recall (or, for `off-topic`, above this many false tickers per 1,000 items).
    #[arg(long, value_name = "X")]
    pub min_recall: Option<f64>,
    /// For `off-topic`: fail (exit 1) above this many items with a ticker.
    #[arg(long, value_name = "N")]
    pub max_false: Option<usize>,
    /// Print this many missed items.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub worst: usize,
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
