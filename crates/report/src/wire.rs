//! The JSON of every output besides the brief: the queries (`search`,
//! `events`, `timeline`, `storylines`, `show`), `extract`, `prices list`,
//! `verify` and `study`. Documented in `docs/wire-schema.md`.
//!
//! These types are the contracts; the store's rows and the market crate's
//! results are converted into them, so that a change to a store struct
//! cannot change an output silently. Every record opens with `schema`,
//! `"<record>/<version>"` (`"event/1.0"`): the record's name says what a
//! line is in a mixed stream, and [`WIRE_VERSION`] follows the brief's
//! rule (a new major version changes or removes a field; minor versions
//! only add fields).

use serde::{Deserialize, Serialize};

/// Version of the records below (docs/wire-schema.md).
pub const WIRE_VERSION: &str = "1.0";

/// The `schema` of a record named `record`: `"event/1.0"`.
pub fn schema(record: &str) -> String {
    format!("{record}/{WIRE_VERSION}")
}

/// `x` rounded to `decimals` places: the one rounding of every figure the
/// outputs print (briefs to 3 places, percentages to 2, study returns
/// to 10), so that a figure does not carry float noise onto the wire.
pub fn rounded(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// A document as the queries list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRef {
    /// The store's id of the document (`show ID`).
    pub id: i64,
    /// Publication day, `YYYY-MM-DD`.
    pub day: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
}

/// One line of `search --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub schema: String,
    #[serde(flatten)]
    pub doc: DocRef,
    /// The matching passage, matches between « and ».
    pub snippet: String,
}

/// One line of `events --json`, and the events of `show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub schema: String,
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: String,
    pub target: Option<String>,
    pub status: String,
    pub magnitude: Option<String>,
    pub date: Option<String>,
    pub materials: Vec<String>,
    pub storyline: Option<i64>,
    /// The document is the storyline's first report.
    pub first_report: bool,
    pub sentence: String,
    pub doc: DocRef,
}

/// A stored price-move claim, in a timeline or a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub ticker: String,
    /// `up` or `down`.
    pub direction: String,
    pub pct: Option<f64>,
    pub price: Option<f64>,
    pub when: Option<String>,
    pub day: Option<String>,
    pub sentence: String,
}

/// One line of `timeline TICKER --json`: a document about the ticker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub schema: String,
    #[serde(flatten)]
    pub doc: DocRef,
    /// The brief's impact on the ticker in [0, 1], when it is exposed.
    pub impact: Option<f64>,
    pub sentiment: f64,
    pub claims: Vec<Claim>,
    /// The document's events, each as `type actor → target magnitude`.
    pub events: Vec<String>,
}

/// What the outlets' figures for one fact say together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Agreement {
    /// Only one document gives a figure.
    Single { value: f64 },
    /// All figures agree within the tolerance; `value` is their median.
    Consensus { value: f64 },
    /// Some figures differ by more than the tolerance.
    Conflict { low: f64, high: f64 },
}

/// One outlet's figure for a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub doc_id: i64,
    pub site: Option<String>,
    pub value: f64,
}

/// The outlets' figures for one price move of a storyline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveFigures {
    pub ticker: String,
    pub day: Option<String>,
    pub agreement: Agreement,
    pub figures: Vec<Figure>,
}

/// One magnitude of a storyline's event and the documents that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Magnitude {
    pub magnitude: String,
    pub docs: Vec<i64>,
}

/// One line of `storylines --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyline {
    pub schema: String,
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: String,
    pub target: Option<String>,
    pub materials: Vec<String>,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub statuses: Vec<String>,
    pub documents: usize,
    pub outlets: Vec<String>,
    pub first_report: DocRef,
    /// Several distinct magnitudes means the outlets disagree.
    pub magnitudes: Vec<Magnitude>,
    pub moves: Vec<MoveFigures>,
}

/// Where else a document was seen (another feed, file or URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    pub origin: String,
    pub site: Option<String>,
    pub published: Option<String>,
}

/// A document this one nearly repeats, and how similar they are (0–1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearDuplicate {
    pub id: i64,
    pub similarity: f64,
}

/// `show ID --json`: one document in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema: String,
    #[serde(flatten)]
    pub doc: DocRef,
    pub url: Option<String>,
    pub author: Option<String>,
    /// As the source gave it: an instant (RFC 3339) or a day.
    pub published: Option<String>,
    /// How it was read: `html`, `text`, `markdown`, `feed_item`, ….
    pub format: String,
    /// Tickers the source itself tagged the document with.
    pub source_tickers: Vec<String>,
    pub ingested_at: String,
    pub sightings: Vec<Sighting>,
    pub near_duplicate_of: Option<NearDuplicate>,
    /// Share of the document's events it is the first report of; null
    /// without events. A near duplicate is a retelling (0).
    pub novelty: Option<f64>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub text: String,
    /// The stored brief (docs/brief-schema.md), with `history` when the
    /// store holds prices.
    pub brief: serde_json::Value,
    /// Each claim checked against stored prices; absent without prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<CheckedClaim>>,
}

/// A ticker of a [`BriefSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefTicker {
    pub ticker: String,
    /// How much the document is about it, 0–100; null when not known (a
    /// ticker the brief only bears on, or a brief stored before relevance).
    pub relevance: Option<u8>,
    /// The brief's signed impact on it (its `ticker_impacts`), when it is
    /// exposed.
    pub impact: Option<f64>,
}

/// One item of `GET /v1/briefs` (docs/api.md): a stored brief in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefSummary {
    pub schema: String,
    /// The store's id of the document (`GET /v1/briefs/{id}`).
    pub id: i64,
    /// As the source gave it: an instant (RFC 3339) or a day.
    pub published: Option<String>,
    /// Publication day, `YYYY-MM-DD`.
    pub day: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
    /// Mentioned or exposed tickers, the most relevant first.
    pub tickers: Vec<BriefTicker>,
    /// The brief's overall impact in [0, 1].
    pub impact: f64,
    /// The brief's sentiment in [-1, 1].
    pub sentiment: f64,
    /// The types of its events, each once, in the order of the text.
    pub event_types: Vec<String>,
}

/// One line of `extract`: a document as read, before analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub schema: String,
    /// The input: a path, `path:LINE` of an archive's record, or a URL.
    pub path: String,
    pub format: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub tickers: Vec<String>,
    pub text: String,
}

/// One line of `prices list --json`: the stored prices of one ticker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceSeries {
    pub schema: String,
    pub ticker: String,
    /// First and last day, `YYYY-MM-DD`.
    pub first: String,
    pub last: String,
    pub days: usize,
    /// Days with open, high and low besides the close.
    pub ohlc_days: usize,
    pub has_ohlc: bool,
}

/// One line of `verify --json`, and each of `show --json`'s `checks`: a
/// claimed move against the stored prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedClaim {
    pub schema: String,
    pub claim: i64,
    pub doc: i64,
    pub ticker: String,
    pub outlet: Option<String>,
    /// The claim's sentence.
    pub text: String,
    pub published: Option<String>,
    /// What the claim measures (the brief's `scope`).
    pub scope: String,
    /// The session the claim is checked on, `YYYY-MM-DD`.
    pub session: Option<String>,
    /// What the actual figure compares: `close`, `open`, `intraday`, ….
    pub basis: Option<String>,
    pub claimed_pct: Option<f64>,
    pub actual_pct: Option<f64>,
    /// The session's low and high against the previous close, in percent.
    pub range_pct: Option<[f64; 2]>,
    /// `confirmed`, `contradicted`, `unverifiable`, ….
    pub verdict: String,
    pub note: String,
}

/// A test statistic and its two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub statistic: f64,
    pub p_value: f64,
}

/// The study's figures for one window of days around day 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyWindow {
    /// `[from, to]` in trading days relative to day 0.
    pub window: [i32; 2],
    pub n: usize,
    /// Events whose CAR is positive.
    pub positive: usize,
    pub mean_car: Option<f64>,
    pub median_car: Option<f64>,
    pub cross_sectional_t: Option<TestResult>,
    pub patell_z: Option<TestResult>,
    pub bmp_t: Option<TestResult>,
    pub mean_correlation: Option<f64>,
    pub bmp_adjusted_t: Option<TestResult>,
    pub sign_z: Option<TestResult>,
}

/// The windows of one ticker's events alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TickerWindows {
    pub ticker: String,
    pub windows: Vec<StudyWindow>,
}

/// The average abnormal return on one day relative to day 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathPoint {
    pub day: i32,
    pub n: usize,
    pub mean_ar: Option<f64>,
    pub caar: Option<f64>,
}

/// One event's CAR over one window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventWindow {
    pub window: [i32; 2],
    pub car: Option<f64>,
    pub variance: Option<f64>,
    pub t: Option<f64>,
}

/// One observation of the study: computed, or skipped with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyEvent {
    /// The store's event id, when the observation is a stored event.
    pub event: Option<i64>,
    pub doc: Option<i64>,
    pub label: String,
    pub ticker: String,
    pub date: String,
    #[serde(flatten)]
    pub outcome: StudyOutcome,
}

/// What became of one observation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StudyOutcome {
    Computed {
        day0: String,
        estimation_n: usize,
        alpha: f64,
        beta: f64,
        sigma: f64,
        windows: Vec<EventWindow>,
    },
    Skipped {
        skipped: String,
    },
}

/// An observation left out before the study (no prices for its ticker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudySkip {
    pub label: String,
    pub ticker: Option<String>,
    pub date: Option<String>,
    pub reason: String,
}

/// `study --format json`: an event study of a selection of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Study {
    pub schema: String,
    /// What was studied, in words ("events of type export_control").
    pub selection: String,
    /// `market model` or `market-adjusted`.
    pub model: String,
    pub benchmark: String,
    /// The estimation window `[from, to]` relative to day 0.
    pub estimation: [i32; 2],
    pub min_estimation: usize,
    pub windows: Vec<StudyWindow>,
    /// Pairs of events whose windows overlap on one ticker.
    pub overlapping_pairs: usize,
    pub by_ticker: Vec<TickerWindows>,
    pub path: Vec<PathPoint>,
    pub events: Vec<StudyEvent>,
    pub skipped: Vec<StudySkip>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_name_themselves_with_the_version() {
        assert_eq!(schema("event"), format!("event/{WIRE_VERSION}"));
    }

    #[test]
    fn a_study_event_is_flat_on_the_wire_and_reads_back() {
        let skipped = StudyEvent {
            event: Some(3),
            doc: Some(9),
            label: "export_control CN".into(),
            ticker: "MP".into(),
            date: "2025-10-09".into(),
            outcome: StudyOutcome::Skipped {
                skipped: "too few estimation returns".into(),
            },
        };
        let json = serde_json::to_value(&skipped).unwrap();
        assert_eq!(json["skipped"], "too few estimation returns");
        assert_eq!(json["ticker"], "MP");
        assert_eq!(serde_json::from_value::<StudyEvent>(json).unwrap(), skipped);
    }

    #[test]
    fn agreement_carries_its_verdict_as_a_tag() {
        let json = serde_json::to_value(Agreement::Conflict {
            low: 20.0,
            high: 25.0,
        })
        .unwrap();
        assert_eq!(json["verdict"], "conflict");
        assert_eq!(json["low"], 20.0);
    }

    #[test]
    fn checks_are_left_out_of_a_document_without_prices() {
        let doc = Document {
            schema: schema("document"),
            doc: DocRef {
                id: 1,
                day: None,
                site: None,
                title: None,
            },
            url: None,
            author: None,
            published: None,
            format: "text".into(),
            source_tickers: vec![],
            ingested_at: "2026-01-01T00:00:00Z".into(),
            sightings: vec![],
            near_duplicate_of: None,
            novelty: None,
            events: vec![],
            claims: vec![],
            text: String::new(),
            brief: serde_json::Value::Null,
            checks: None,
        };
        let json = serde_json::to_value(&doc).unwrap();
        assert!(json.get("checks").is_none(), "{json}");
        assert_eq!(json["id"], 1);
    }
}
