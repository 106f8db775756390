//! Event studies: abnormal returns of tickers around stored events or the
//! days of a file, with the observations built as the statistics need
//! them (one ticker on one day 0 once) and the report every front end
//! renders (its wire record, its chart).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use monazite_market::calendar::Calendar;
use monazite_market::chart::CarChart;
use monazite_market::event_dates::DatedEvent;
use monazite_market::returns::Panel;
use monazite_market::session::MarketClock;
use monazite_market::study::{self, EventInput, Study, StudySpec, Test, WindowSummary};
use monazite_market::Series;
use monazite_report::wire;
use monazite_store::evidence::StudyEvent;
use monazite_store::query::EventFilter;
use monazite_store::Store;

use crate::market::{clock, published, required_us_calendar};
use crate::{AppError, Result};

/// Tickers studied per event at most when they come from its document.
pub const MAX_TICKERS_PER_EVENT: usize = 10;

/// What to study.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyRequest {
    pub events: EventSource,
    /// Tickers to study (any case); empty: each event's own (the
    /// document's for stored events, the file's ticker column for days).
    pub tickers: Vec<String>,
    /// The market the abnormal returns are measured against (any case).
    pub benchmark: String,
    pub spec: StudySpec,
}

/// Where the events come from.
#[derive(Debug, Clone, PartialEq)]
pub enum EventSource {
    /// The store's events that pass the filter; without tickers named,
    /// the tickers each document names or bears on at least `min_impact`.
    Stored {
        filter: EventFilter,
        min_impact: f64,
    },
    /// The days of a file (`monazite_market::event_dates`).
    Dates(DateSelection),
}

/// The days of a file of event days, as read, and which of them to study.
#[derive(Debug, Clone, PartialEq)]
pub struct DateSelection {
    /// The file's name, for the report's selection.
    pub name: String,
    pub events: Vec<DatedEvent>,
    /// Only rows whose text contains one of these (case-insensitive);
    /// empty: every row.
    pub matching: Vec<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// One (event, ticker) pair to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// What the event was, in a few words.
    pub label: String,
    pub event: Option<i64>,
    pub doc: Option<i64>,
    pub ticker: String,
    /// The session the news first reached (before day-0 alignment).
    pub date: Date,
}

/// An observation left out before the study, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub label: String,
    pub ticker: Option<String>,
    pub date: Option<String>,
    pub reason: String,
}

/// Refuses a spec whose event windows start before the estimation window
/// ends: the model would be fitted on the reaction it measures. [`study()`]
/// asks it first, and a front end may ask before it opens the store.
pub fn check_spec(spec: &StudySpec) -> Result<()> {
    let estimation = spec.estimation;
    match spec.windows.iter().find(|w| w.from <= estimation.to) {
        Some(&window) => Err(AppError::WindowsOverlap { window, estimation }),
        None => Ok(()),
    }
}

/// Runs the study the request describes on the store's prices (which must
/// hold US prices and the benchmark's).
pub fn study(store: &Store, request: &StudyRequest) -> Result<StudyReport> {
    check_spec(&request.spec)?;
    let calendar = required_us_calendar(store)?;
    let clock = clock()?;
    let tickers: Vec<String> = request.tickers.iter().map(|t| t.to_uppercase()).collect();
    let mut skipped = Vec::new();
    let (mut observations, selection) = match &request.events {
        EventSource::Dates(dates) => (
            observations_of_dates(dates, &tickers, &calendar)?,
            describe_dates(dates),
        ),
        EventSource::Stored { filter, min_impact } => {
            let events = store.study_events(filter)?;
            let observations = observations_of_events(
                &events,
                &tickers,
                *min_impact,
                &clock,
                &calendar,
                &mut skipped,
            );
            (observations, describe_filter(filter))
        }
    };
    let panel = panel_for(
        store,
        &request.benchmark.to_uppercase(),
        &mut observations,
        &mut skipped,
    )?;
    let result = study::run(&request.spec, &panel, &inputs(&panel, &observations));
    let by_ticker = study::by_ticker(&request.spec, &panel, &result);
    Ok(StudyReport {
        selection,
        spec: request.spec.clone(),
        benchmark: panel.benchmark().to_string(),
        observations,
        tickers: panel.tickers().to_vec(),
        by_ticker,
        skipped,
        study: result,
    })
}

/// Turns stored events into observations: day 0 is the session the
/// document's publication first reached, tickers are the given ones or
/// those the document names or bears on strongly enough. A ticker and day 0
/// count once, whatever the number of events and retellings on it.
pub fn observations_of_events(
    events: &[StudyEvent],
    tickers: &[String],
    min_impact: f64,
    clock: &MarketClock,
    calendar: &Calendar,
    skipped: &mut Vec<Skipped>,
) -> Vec<Observation> {
    let mut seen: BTreeMap<(String, Date), usize> = BTreeMap::new();
    let mut out: Vec<Observation> = Vec::new();
    for e in events {
        let ev = &e.event;
        let mut label = format!("{} {}", ev.kind, ev.actor);
        if let Some(t) = &ev.target {
            label.push_str(&format!(" → {t}"));
        }
        label.push_str(&format!(" ({})", ev.status));
        let Some(date) = e
            .published
            .as_deref()
            .and_then(published)
            .and_then(|p| clock.reaction_session(p, calendar))
        else {
            skipped.push(Skipped {
                label,
                ticker: None,
                date: None,
                reason: match &e.published {
                    None => "the document has no publication date".into(),
                    Some(p) => format!("no session in the prices on or after {p}"),
                },
            });
            continue;
        };
        let chosen: Vec<String> = if tickers.is_empty() {
            e.exposed
                .iter()
                .filter(|(_, impact, named)| *named || impact.abs() >= min_impact)
                .take(MAX_TICKERS_PER_EVENT)
                .map(|(t, _, _)| t.clone())
                .collect()
        } else {
            tickers.to_vec()
        };
        for ticker in chosen {
            // One ticker on one day 0 is one observation, however many
            // events or retellings fall on it: counting it twice would
            // overstate every cross-sectional statistic.
            match seen.get(&(ticker.clone(), date)) {
                Some(&i) => {
                    let o: &mut Observation = &mut out[i];
                    if !o.label.split("; ").any(|l| l == label) {
                        o.label.push_str("; ");
                        o.label.push_str(&label);
                    }
                }
                None => {
                    seen.insert((ticker.clone(), date), out.len());
                    out.push(Observation {
                        label: label.clone(),
                        event: Some(ev.id),
                        doc: Some(ev.doc.id),
                        ticker,
                        date,
                    });
                }
            }
        }
    }
    out
}

/// Observations from a file of event days: its ticker column, else the
/// given tickers (upper case).
pub fn observations_of_dates(
    dates: &DateSelection,
    tickers: &[String],
    calendar: &Calendar,
) -> Result<Vec<Observation>> {
    let needles: Vec<String> = dates.matching.iter().map(|m| m.to_lowercase()).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in &dates.events {
        if dates.from.is_some_and(|f| e.date < f) || dates.to.is_some_and(|t| e.date > t) {
            continue;
        }
        let label = e.label.to_lowercase();
        if !needles.is_empty() && !needles.iter().any(|n| label.contains(n)) {
            continue;
        }
        let chosen: Vec<String> = match &e.ticker {
            Some(t) if tickers.is_empty() => vec![t.clone()],
            Some(t) => tickers.iter().filter(|x| *x == t).cloned().collect(),
            None if tickers.is_empty() => return Err(AppError::NoTickerColumn),
            None => tickers.to_vec(),
        };
        // A day without a session counts from the next one; a day outside
        // the prices stays as it is, for the study to say so.
        let date = match calendar.covers(e.date) {
            true => calendar.on_or_after(e.date).unwrap_or(e.date),
            false => e.date,
        };
        for ticker in chosen {
            // Several notices on one day are one event for a ticker.
            if seen.insert((ticker.clone(), date)) {
                out.push(Observation {
                    label: format!("line {}: {}", e.line, e.label),
                    event: None,
                    doc: None,
                    ticker,
                    date,
                });
            }
        }
    }
    Ok(out)
}

/// The benchmark and the observed tickers' prices, as a panel; the
/// observations whose ticker has no prices are moved to `skipped`.
pub fn panel_for(
    store: &Store,
    benchmark: &str,
    observations: &mut Vec<Observation>,
    skipped: &mut Vec<Skipped>,
) -> Result<Panel> {
    let Some(market) = store.series(benchmark)? else {
        return Err(AppError::NoBenchmark {
            benchmark: benchmark.to_string(),
        });
    };
    let tickers: BTreeSet<&str> = observations.iter().map(|o| o.ticker.as_str()).collect();
    let mut series: Vec<Series> = Vec::new();
    for ticker in tickers {
        if let Some(s) = store.series(ticker)? {
            series.push(s);
        }
    }
    let panel = Panel::new(&market, &series);
    observations.retain(|o| {
        let known = panel.ticker_index(&o.ticker).is_some();
        if !known {
            skipped.push(Skipped {
                label: o.label.clone(),
                ticker: Some(o.ticker.clone()),
                date: Some(o.date.to_string()),
                reason: format!("no prices for {}", o.ticker),
            });
        }
        known
    });
    Ok(panel)
}

/// The study's inputs for observations that all have a panel ticker.
pub fn inputs(panel: &Panel, observations: &[Observation]) -> Vec<EventInput> {
    observations
        .iter()
        .filter_map(|o| {
            Some(EventInput {
                ticker: panel.ticker_index(&o.ticker)?,
                day0: o.date,
            })
        })
        .collect()
}

/// What was studied, in words: `days of events.csv matching tariff`.
fn describe_dates(dates: &DateSelection) -> String {
    let mut selection = format!("days of {}", dates.name);
    if !dates.matching.is_empty() {
        selection.push_str(&format!(" matching {}", dates.matching.join(" or ")));
    }
    selection
}

/// What was studied, in words: `export_control events, status announced`.
fn describe_filter(filter: &EventFilter) -> String {
    let mut parts = vec![filter.kind.clone().unwrap_or_else(|| "all".into()) + " events"];
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{name} {v}"));
        }
    };
    add("status", filter.status.clone());
    add("country", filter.country.clone());
    add("material", filter.element.clone());
    add("from", filter.from.map(|d| d.to_string()));
    add("to", filter.to.map(|d| d.to_string()));
    if filter.first_reports {
        parts.push("first reports only".into());
    }
    parts.join(", ")
}

/// Everything a study found, for a front end to render.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyReport {
    /// What was studied, in words.
    pub selection: String,
    pub spec: StudySpec,
    pub benchmark: String,
    /// The observations measured, in the order of `study.events`.
    pub observations: Vec<Observation>,
    pub study: Study,
    /// The panel's tickers, by position.
    pub tickers: Vec<String>,
    /// Each ticker's own cross-section, by position in the panel.
    pub by_ticker: Vec<(usize, Vec<WindowSummary>)>,
    /// Observations left out before the study.
    pub skipped: Vec<Skipped>,
}

/// Returns to 1e-10 on the wire, statistics to 1e-6.
pub fn rounded10(x: f64) -> f64 {
    wire::rounded(x, 10)
}

/// Statistics to 1e-6 on the wire.
pub fn rounded6(x: f64) -> f64 {
    wire::rounded(x, 6)
}

fn window_record(w: &WindowSummary) -> wire::StudyWindow {
    wire::StudyWindow {
        window: [w.window.from, w.window.to],
        n: w.n,
        positive: w.positive,
        mean_car: w.mean_car.map(rounded10),
        median_car: w.median_car.map(rounded10),
        cross_sectional_t: test_record(w.cross_sectional_t),
        patell_z: test_record(w.patell_z),
        bmp_t: test_record(w.bmp_t),
        mean_correlation: w.mean_correlation.map(rounded10),
        bmp_adjusted_t: test_record(w.bmp_adjusted_t),
        sign_z: test_record(w.sign_z),
    }
}

fn test_record(t: Option<Test>) -> Option<wire::TestResult> {
    t.map(|t| wire::TestResult {
        statistic: rounded6(t.statistic),
        p_value: rounded6(t.p_value),
    })
}

impl StudyReport {
    /// Observations asked for: measured or skipped.
    pub fn observed(&self) -> usize {
        self.observations.len() + self.skipped.len()
    }

    /// The wire record (`study --format json`, the server).
    pub fn to_wire(&self) -> wire::Study {
        let by_ticker = self
            .by_ticker
            .iter()
            .map(|(ticker, windows)| wire::TickerWindows {
                ticker: self.tickers[*ticker].clone(),
                windows: windows.iter().map(window_record).collect(),
            })
            .collect();
        let events = self
            .observations
            .iter()
            .zip(&self.study.events)
            .map(|(o, r)| wire::StudyEvent {
                event: o.event,
                doc: o.doc,
                label: o.label.clone(),
                ticker: o.ticker.clone(),
                date: o.date.to_string(),
                outcome: match r {
                    Ok(e) => wire::StudyOutcome::Computed {
                        day0: e.day0.to_string(),
                        estimation_n: e.estimation_n,
                        alpha: rounded10(e.alpha),
                        beta: rounded10(e.beta),
                        sigma: rounded10(e.sigma),
                        windows: e
                            .windows
                            .iter()
                            .zip(&self.spec.windows)
                            .map(|(r, w)| wire::EventWindow {
                                window: [w.from, w.to],
                                car: r.map(|r| rounded10(r.car)),
                                variance: r.map(|r| r.variance),
                                t: r.map(|r| rounded6(r.t)),
                            })
                            .collect(),
                    },
                    Err(skip) => wire::StudyOutcome::Skipped {
                        skipped: skip.to_string(),
                    },
                },
            })
            .collect();
        let path = self
            .study
            .path
            .iter()
            .map(|p| wire::PathPoint {
                day: p.day,
                n: p.n,
                mean_ar: p.mean_ar.map(rounded10),
                caar: p.caar.map(rounded10),
            })
            .collect();
        wire::Study {
            schema: wire::schema("study"),
            selection: self.selection.clone(),
            model: self.spec.model.as_str().to_string(),
            benchmark: self.benchmark.clone(),
            estimation: [self.spec.estimation.from, self.spec.estimation.to],
            min_estimation: self.spec.needed_estimation(),
            windows: self.study.windows.iter().map(window_record).collect(),
            overlapping_pairs: self.study.overlapping_pairs,
            by_ticker,
            path,
            events,
            skipped: self
                .skipped
                .iter()
                .map(|s| wire::StudySkip {
                    label: s.label.clone(),
                    ticker: s.ticker.clone(),
                    date: s.date.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
        }
    }

    /// The average CAR path as SVG, with its band of
    /// [`study::BAND_Z`] cross-sectional standard errors.
    pub fn chart(&self) -> String {
        let path = &self.study.path;
        let days: Vec<i32> = path.iter().map(|p| p.day).collect();
        let car: Vec<f64> = path
            .iter()
            .map(|p| p.caar.map_or(f64::NAN, |c| c * 100.0))
            .collect();
        let band = self.study.car_band_pct(&days);
        let events: Vec<usize> = path.iter().map(|p| p.n).collect();
        let title = format!(
            "Average CAR around day 0: {} ({}, vs {})",
            self.selection,
            self.spec.model.as_str(),
            self.benchmark
        );
        CarChart {
            title: &title,
            days: &days,
            car_pct: &car,
            band_pct: Some(&band),
            events: &events,
        }
        .to_svg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use monazite_market::study::Window;

    fn dated(line: u64, day: Date, ticker: Option<&str>, label: &str) -> DatedEvent {
        DatedEvent {
            line,
            date: day,
            ticker: ticker.map(Into::into),
            label: label.into(),
        }
    }

    fn selection(events: Vec<DatedEvent>) -> DateSelection {
        DateSelection {
            name: "events.csv".into(),
            events,
            matching: Vec::new(),
            from: None,
            to: None,
        }
    }

    #[test]
    fn an_event_window_may_not_reach_into_the_estimation() {
        let mut spec = StudySpec::default();
        assert!(check_spec(&spec).is_ok());
        spec.windows = vec![Window::new(0, 1), Window::new(-20, 0)];
        let err = check_spec(&spec).unwrap_err();
        assert!(
            matches!(err, AppError::WindowsOverlap { window, .. } if window == Window::new(-20, 0)),
            "{err}"
        );
    }

    #[test]
    fn file_days_move_to_their_session_and_count_once_per_ticker() {
        // Friday and Monday sessions; Saturday's notice counts from Monday.
        let calendar = Calendar::from_days(vec![date(2025, 10, 10), date(2025, 10, 13)]);
        let mut dates = selection(vec![
            dated(2, date(2025, 10, 11), Some("MP"), "tariff notice"),
            dated(3, date(2025, 10, 13), Some("MP"), "tariff retold"),
            dated(4, date(2025, 10, 10), Some("USAR"), "export ban"),
            // Outside the prices: kept as it is for the study to say so.
            dated(5, date(2019, 1, 2), Some("MP"), "old tariff"),
        ]);
        let got = observations_of_dates(&dates, &[], &calendar).unwrap();
        let seen: Vec<(&str, Date, &str)> = got
            .iter()
            .map(|o| (o.ticker.as_str(), o.date, o.label.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("MP", date(2025, 10, 13), "line 2: tariff notice"),
                ("USAR", date(2025, 10, 10), "line 4: export ban"),
                ("MP", date(2019, 1, 2), "line 5: old tariff"),
            ]
        );
        // Matching text and a day range narrow it; named tickers filter
        // the file's.
        dates.matching = vec!["TARIFF".into()];
        dates.from = Some(date(2025, 1, 1));
        let got = observations_of_dates(&dates, &["MP".into()], &calendar).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].label, "line 2: tariff notice");
        assert_eq!(describe_dates(&dates), "days of events.csv matching TARIFF");
    }

    #[test]
    fn a_file_without_tickers_needs_them_named() {
        let calendar = Calendar::from_days(vec![date(2025, 10, 13)]);
        let dates = selection(vec![dated(2, date(2025, 10, 13), None, "ban")]);
        assert!(matches!(
            observations_of_dates(&dates, &[], &calendar),
            Err(AppError::NoTickerColumn)
        ));
        let got = observations_of_dates(&dates, &["MP".into(), "USAR".into()], &calendar).unwrap();
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn the_filter_is_said_in_words() {
        let filter = EventFilter {
            kind: Some("export_control".into()),
            status: Some("announced".into()),
            from: Some(date(2025, 1, 1)),
            first_reports: true,
            ..EventFilter::default()
        };
        assert_eq!(
            describe_filter(&filter),
            "export_control events, status announced, from 2025-01-01, first reports only"
        );
        assert_eq!(describe_filter(&EventFilter::default()), "all events");
    }
}
