//! "What happened last time": for a brief's event types and exposed
//! tickers, the average abnormal return after the past events of that type
//! in the store, when the store holds prices.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use monazite_market::calendar::Calendar;
use monazite_market::returns::Panel;
use monazite_market::session::{MarketClock, Published};
use monazite_market::study::{self, EventInput, StudySpec};
use monazite_market::Series;
use monazite_report::json::{BriefRecord, HistoryItem};
use monazite_report::wire;
use monazite_store::query::EventFilter;
use monazite_store::Store;

use crate::market::{clock, published};
use crate::Result;

/// The benchmark of the history.
pub const BENCHMARK: &str = "SPY";
/// Event types of a brief looked up at most.
pub const MAX_TYPES: usize = 3;
/// Tickers of a brief looked up at most: those it names or bears on at
/// least [`MIN_IMPACT`], strongest first.
pub const MAX_TICKERS: usize = 5;
pub const MIN_IMPACT: f64 = 0.3;

/// A past event: its day 0 and document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Past {
    day0: Date,
    doc: i64,
}

/// What the history needs from the store, loaded once.
#[derive(Debug)]
pub struct History<'a> {
    store: &'a Store,
    spec: StudySpec,
    clock: MarketClock,
    calendar: Calendar,
    benchmark: Series,
    /// First reports by event type, one per storyline and day 0, oldest
    /// first.
    past: BTreeMap<String, Vec<Past>>,
    /// One-ticker panels, built on first use (`None`: no prices).
    panels: BTreeMap<String, Option<Panel>>,
}

impl<'a> History<'a> {
    /// `None` when the store holds no prices of the benchmark. `calendar`
    /// is the US sessions of the store's prices.
    pub fn load(store: &'a Store, calendar: &Calendar) -> Result<Option<History<'a>>> {
        let Some(benchmark) = store.series(BENCHMARK)? else {
            return Ok(None);
        };
        let calendar = calendar.clone();
        let clock = clock()?;
        let events = store.study_events(&EventFilter {
            first_reports: true,
            ..EventFilter::default()
        })?;
        let mut seen = BTreeSet::new();
        let mut past: BTreeMap<String, Vec<Past>> = BTreeMap::new();
        for e in events {
            let Some(day0) = e
                .published
                .as_deref()
                .and_then(published)
                .and_then(|p| clock.reaction_session(p, &calendar))
            else {
                continue;
            };
            let storyline = e.event.storyline.unwrap_or(-e.event.id);
            if seen.insert((storyline, day0)) {
                past.entry(e.event.kind.clone()).or_default().push(Past {
                    day0,
                    doc: e.event.doc.id,
                });
            }
        }
        for list in past.values_mut() {
            list.sort();
        }
        Ok(Some(History {
            store,
            spec: StudySpec::default(),
            clock,
            calendar,
            benchmark,
            past,
            panels: BTreeMap::new(),
        }))
    }

    fn panel(&mut self, ticker: &str) -> Result<Option<&Panel>> {
        if !self.panels.contains_key(ticker) {
            let panel = self
                .store
                .series(ticker)?
                .map(|s| Panel::new(&self.benchmark, &[s]));
            self.panels.insert(ticker.to_string(), panel);
        }
        Ok(self.panels[ticker].as_ref())
    }

    /// Adds to `record` what past events of its types did to its exposed
    /// tickers: events whose day 0 comes before the article's (all of them
    /// when its date is unknown), other documents' only.
    pub fn annotate(
        &mut self,
        record: &mut BriefRecord,
        doc: Option<i64>,
        when: Option<Published>,
    ) -> Result<()> {
        let when = when.or_else(|| record.published.as_deref().and_then(published));
        let cutoff = when.and_then(|p| self.clock.reaction_session(p, &self.calendar));
        let mut kinds: Vec<&str> = Vec::new();
        for e in &record.events {
            if !kinds.contains(&e.kind.as_str()) && kinds.len() < MAX_TYPES {
                kinds.push(&e.kind);
            }
        }
        let tickers: Vec<String> = record
            .ticker_impacts
            .iter()
            .filter(|t| t.named || t.impact.abs() >= MIN_IMPACT)
            .take(MAX_TICKERS)
            .map(|t| t.ticker.clone())
            .collect();
        let mut items = Vec::new();
        for kind in kinds {
            let days: Vec<Date> = self
                .past
                .get(kind)
                .into_iter()
                .flatten()
                .filter(|p| Some(p.doc) != doc && cutoff.is_none_or(|c| p.day0 < c))
                .map(|p| p.day0)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if days.is_empty() {
                continue;
            }
            for ticker in &tickers {
                let spec = self.spec.clone();
                let Some(panel) = self.panel(ticker)? else {
                    continue;
                };
                let inputs: Vec<EventInput> = days
                    .iter()
                    .map(|&day0| EventInput { ticker: 0, day0 })
                    .collect();
                let result = study::run(&spec, panel, &inputs);
                let ok: Vec<Date> = result
                    .events
                    .iter()
                    .filter_map(|r| r.as_ref().ok().map(|e| e.day0))
                    .collect();
                for summary in &result.windows {
                    let Some(mean) = summary.mean_car else {
                        continue;
                    };
                    let t = summary.mean_t.map(|t| t.statistic);
                    items.push(HistoryItem {
                        kind: kind.to_string(),
                        ticker: ticker.clone(),
                        window: [summary.window.from, summary.window.to],
                        events: summary.n,
                        mean_car_pct: wire::rounded(mean * 100.0, 2),
                        t: t.map(|t| wire::rounded(t, 2)),
                        first: ok.first().map(Date::to_string).unwrap_or_default(),
                        last: ok.last().map(Date::to_string).unwrap_or_default(),
                        benchmark: BENCHMARK.to_string(),
                        model: spec.model.as_str().to_string(),
                    });
                }
            }
        }
        record.history = items;
        Ok(())
    }
}
