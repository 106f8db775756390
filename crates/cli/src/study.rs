//! `monazite study`: abnormal returns of tickers around stored events (or
//! the days of a CSV file), as a table, CSV or JSON, with an SVG chart of
//! the average CAR.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use monazite_market::calendar::Calendar;
use monazite_market::chart::CarChart;
use monazite_market::clustering::MAX_OVERLAPPING_PAIRS;
use monazite_market::returns::Panel;
use monazite_market::session::MarketClock;
use monazite_market::study::{
    self, EventInput, Model, Study, StudySpec, Test, Window, WindowSummary,
};
use monazite_market::{event_dates, Series};
use monazite_report::wire;
use monazite_store::evidence::StudyEvent;
use monazite_store::Store;

use crate::flags::{ModelChoice, StudyFlags, StudyFormat};
use crate::market::{clock, published, required_us_calendar};
use crate::queries::open_existing;
use crate::table::Table;

/// Tickers studied per event at most when they come from its document.
const MAX_TICKERS_PER_EVENT: usize = 10;

/// One (event, ticker) pair to measure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Observation {
    /// What the event was, in a few words.
    pub label: String,
    pub event: Option<i64>,
    pub doc: Option<i64>,
    pub ticker: String,
    /// The session the news first reached (before day-0 alignment).
    pub date: Date,
}

/// Turns stored events into observations: day 0 is the session the
/// document's publication first reached, tickers are the given ones or
/// those the document names or bears on strongly enough. A ticker and day 0
/// count once, whatever the number of events and retellings on it.
pub(crate) fn observations_of_events(
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

/// An observation left out before the study, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Skipped {
    pub label: String,
    pub ticker: Option<String>,
    pub date: Option<String>,
    pub reason: String,
}

/// The benchmark and the observed tickers' prices, as a panel; the
/// observations whose ticker has no prices are moved to `skipped`.
pub(crate) fn panel_for(
    store: &Store,
    benchmark: &str,
    observations: &mut Vec<Observation>,
    skipped: &mut Vec<Skipped>,
) -> anyhow::Result<Panel> {
    let Some(market) = store.series(benchmark)? else {
        anyhow::bail!(
            "no prices for the benchmark {benchmark}: import them (`monazite prices import`) \
             or choose another with --benchmark"
        );
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
pub(crate) fn inputs(panel: &Panel, observations: &[Observation]) -> Vec<EventInput> {
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

fn spec_of(flags: &StudyFlags) -> anyhow::Result<StudySpec> {
    let (from, to) = flags.estimation;
    let estimation = Window::new(from, to);
    let mut spec = StudySpec {
        model: match flags.model {
            ModelChoice::MarketModel => Model::MarketModel,
            ModelChoice::MarketAdjusted => Model::MarketAdjusted,
        },
        estimation,
        min_estimation: flags.min_estimation,
        ..StudySpec::default()
    };
    if !flags.windows.is_empty() {
        spec.windows = flags
            .windows
            .iter()
            .map(|&(from, to)| Window::new(from, to))
            .collect();
    }
    if let Some(w) = spec.windows.iter().find(|w| w.from <= estimation.to) {
        anyhow::bail!(
            "the event window {w} overlaps the estimation window {estimation}: \
             move one of them (--estimation, --window)"
        );
    }
    Ok(spec)
}

pub fn study(db: &Path, flags: &StudyFlags) -> anyhow::Result<ExitCode> {
    let spec = spec_of(flags)?;
    let store = open_existing(db)?;
    let calendar = required_us_calendar(&store, db)?;
    let clock = clock()?;
    let tickers: Vec<String> = flags.tickers.iter().map(|t| t.to_uppercase()).collect();
    let mut skipped = Vec::new();
    let (mut observations, selection) = match &flags.dates {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("reading event days from {}", path.display()))?;
            let read = event_dates::read(&bytes)
                .with_context(|| format!("reading event days from {}", path.display()))?;
            for (line, why) in &read.skipped {
                eprintln!("monazite: {}:{line}: {why}", path.display());
            }
            let observations = observations_of_dates(flags, &read.events, &tickers, &calendar)?;
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let mut selection = format!("days of {name}");
            if !flags.matching.is_empty() {
                selection.push_str(&format!(" matching {}", flags.matching.join(" or ")));
            }
            (observations, selection)
        }
        None => {
            let filter = flags.select.filter();
            let events = store.study_events(&filter)?;
            let observations = observations_of_events(
                &events,
                &tickers,
                flags.min_impact,
                &clock,
                &calendar,
                &mut skipped,
            );
            (observations, describe_filter(flags))
        }
    };
    let panel = panel_for(
        &store,
        &flags.benchmark.to_uppercase(),
        &mut observations,
        &mut skipped,
    )?;
    let result = study::run(&spec, &panel, &inputs(&panel, &observations));
    let by_ticker = study::by_ticker(&spec, &panel, &result);
    let report = Report {
        selection,
        spec: &spec,
        benchmark: panel.benchmark(),
        observations: &observations,
        study: &result,
        tickers: panel.tickers(),
        by_ticker: &by_ticker,
        skipped: &skipped,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match flags.format {
        StudyFormat::Table => report.write_table(&mut out)?,
        StudyFormat::Csv => report.write_csv(&mut out)?,
        StudyFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report.json())?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    if let Some(path) = &flags.chart {
        std::fs::write(path, report.chart())
            .with_context(|| format!("writing the chart to {}", path.display()))?;
        eprintln!("chart written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Observations from a file of event days: its ticker column, else the
/// `--ticker` list.
fn observations_of_dates(
    flags: &StudyFlags,
    events: &[event_dates::DatedEvent],
    tickers: &[String],
    calendar: &Calendar,
) -> anyhow::Result<Vec<Observation>> {
    let needles: Vec<String> = flags.matching.iter().map(|m| m.to_lowercase()).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in events {
        if flags.select.from.is_some_and(|f| e.date < f)
            || flags.select.to.is_some_and(|t| e.date > t)
        {
            continue;
        }
        let label = e.label.to_lowercase();
        if !needles.is_empty() && !needles.iter().any(|n| label.contains(n)) {
            continue;
        }
        let chosen: Vec<String> = match &e.ticker {
            Some(t) if tickers.is_empty() => vec![t.clone()],
            Some(t) => tickers.iter().filter(|x| *x == t).cloned().collect(),
            None if tickers.is_empty() => anyhow::bail!(
                "the file has no ticker column: name the tickers to study with --ticker"
            ),
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

fn describe_filter(flags: &StudyFlags) -> String {
    let mut parts = vec![flags.select.kind.clone().unwrap_or_else(|| "all".into()) + " events"];
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{name} {v}"));
        }
    };
    add("status", flags.select.status.clone());
    add("country", flags.select.country.clone());
    add("material", flags.select.element.clone());
    add("from", flags.select.from.map(|d| d.to_string()));
    add("to", flags.select.to.map(|d| d.to_string()));
    if flags.select.first_reports {
        parts.push("first reports only".into());
    }
    parts.join(", ")
}

/// Everything a study prints.
struct Report<'a> {
    selection: String,
    spec: &'a StudySpec,
    benchmark: &'a str,
    observations: &'a [Observation],
    study: &'a Study,
    /// The panel's tickers, by position.
    tickers: &'a [String],
    /// Each ticker's own cross-section, by position in the panel.
    by_ticker: &'a [(usize, Vec<WindowSummary>)],
    skipped: &'a [Skipped],
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{:+.2}%", x * 100.0))
}

fn stat(t: Option<Test>) -> String {
    t.map_or_else(
        || "-".into(),
        |t| {
            let stars = match t.p_value {
                p if p < 0.01 => "**",
                p if p < 0.05 => "*",
                _ => "",
            };
            format!("{:.2}{stars}", t.statistic)
        },
    )
}

/// Returns to 1e-10 on the wire, statistics to 1e-6.
fn rounded10(x: f64) -> f64 {
    wire::rounded(x, 10)
}

fn rounded6(x: f64) -> f64 {
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

impl Report<'_> {
    fn headline(&self) -> String {
        format!(
            "{}; {} observations, {} computed, {} skipped; {} vs {}, estimation {}, at least {} days",
            self.selection,
            self.observations.len() + self.skipped.len(),
            self.study.completed(),
            self.skipped.len() + self.observations.len() - self.study.completed(),
            self.spec.model.as_str(),
            self.benchmark,
            self.spec.estimation,
            self.spec.needed_estimation(),
        )
    }

    fn write_table(&self, out: &mut impl Write) -> anyhow::Result<()> {
        writeln!(out, "{}", self.headline())?;
        writeln!(out)?;
        let mut table = Table::new(&[
            "window", "N", "mean CAR", "median", "t (cs)", "Patell Z", "BMP t", "corr", "adj. BMP",
            "sign Z", "positive",
        ]);
        for w in &self.study.windows {
            table.row(vec![
                w.window.to_string(),
                w.n.to_string(),
                pct(w.mean_car),
                pct(w.median_car),
                stat(w.cross_sectional_t),
                stat(w.patell_z),
                stat(w.bmp_t),
                w.mean_correlation
                    .map_or_else(|| "-".into(), |r| format!("{r:.3}")),
                stat(w.bmp_adjusted_t),
                stat(w.sign_z),
                format!("{}/{}", w.positive, w.n),
            ]);
        }
        out.write_all(table.render().as_bytes())?;
        writeln!(
            out,
            "(* p < 0.05, ** p < 0.01, two-sided, normal approximation; corr: the CARs' mean \
             correlation, adj. BMP: the BMP t corrected for it, Kolari–Pynnönen)"
        )?;
        if self.study.overlapping_pairs > MAX_OVERLAPPING_PAIRS {
            writeln!(
                out,
                "(corr not measured: {} pairs of events share window days, over the limit of {})",
                self.study.overlapping_pairs, MAX_OVERLAPPING_PAIRS
            )?;
        }
        if self.by_ticker.len() > 1 {
            self.write_by_ticker(out)?;
        }
        writeln!(out)?;
        let mut header: Vec<String> = ["day 0", "ticker", "event", "n", "alpha", "beta"]
            .map(String::from)
            .to_vec();
        header.extend(self.spec.windows.iter().map(|w| format!("CAR {w} (t)")));
        let mut events = Table::new(&header);
        let mut errors: Vec<String> = Vec::new();
        for (o, r) in self.observations.iter().zip(&self.study.events) {
            match r {
                Ok(e) => {
                    let mut row = vec![
                        e.day0.to_string(),
                        o.ticker.clone(),
                        o.label.clone(),
                        e.estimation_n.to_string(),
                        format!("{:+.4}", e.alpha),
                        format!("{:.2}", e.beta),
                    ];
                    for w in &e.windows {
                        row.push(w.map_or_else(
                            || "-".into(),
                            |w| format!("{:+.2}% ({:.2})", w.car * 100.0, w.t),
                        ));
                    }
                    events.row(row);
                }
                Err(skip) => errors.push(format!("{} {} {}: {skip}", o.date, o.ticker, o.label)),
            }
        }
        if !events.is_empty() {
            out.write_all(events.render().as_bytes())?;
        }
        let skipped: Vec<String> = self
            .skipped
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}: {}",
                    s.date.as_deref().unwrap_or("-"),
                    s.ticker.as_deref().unwrap_or("-"),
                    s.label,
                    s.reason
                )
            })
            .chain(errors)
            .collect();
        if !skipped.is_empty() {
            writeln!(out)?;
            writeln!(out, "skipped:")?;
            for s in skipped {
                writeln!(out, "  {s}")?;
            }
        }
        Ok(())
    }

    /// Each ticker's mean CAR per window with its t (cross-sectional, or
    /// the event's own when the ticker has one event).
    fn write_by_ticker(&self, out: &mut impl Write) -> anyhow::Result<()> {
        writeln!(out)?;
        let mut header = vec!["ticker".to_string(), "events".to_string()];
        header.extend(self.spec.windows.iter().map(|w| format!("CAR {w} (t)")));
        let mut table = Table::new(&header);
        for (ticker, windows) in self.by_ticker {
            let events = self
                .study
                .events
                .iter()
                .filter(|r| r.as_ref().is_ok_and(|e| e.ticker == *ticker))
                .count();
            let mut row = vec![self.tickers[*ticker].clone(), events.to_string()];
            row.extend(windows.iter().map(|w| match w.mean_car {
                Some(_) => format!("{} ({})", pct(w.mean_car), stat(w.mean_t)),
                None => "-".into(),
            }));
            table.row(row);
        }
        writeln!(
            out,
            "by ticker (t: cross-sectional, or the event's own when the ticker has one):"
        )?;
        out.write_all(table.render().as_bytes())?;
        Ok(())
    }

    fn write_csv(&self, out: &mut impl Write) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = [
            "event",
            "doc",
            "label",
            "ticker",
            "date",
            "day0",
            "estimation_n",
            "alpha",
            "beta",
            "sigma",
        ]
        .map(String::from)
        .to_vec();
        for win in &self.spec.windows {
            header.push(format!("car_{}_{}", win.from, win.to));
            header.push(format!("t_{}_{}", win.from, win.to));
        }
        header.push("skipped".into());
        w.write_record(&header)?;
        let blank = |n: usize| vec![String::new(); n];
        for (o, r) in self.observations.iter().zip(&self.study.events) {
            let mut row = vec![
                o.event.map(|e| e.to_string()).unwrap_or_default(),
                o.doc.map(|d| d.to_string()).unwrap_or_default(),
                o.label.clone(),
                o.ticker.clone(),
                o.date.to_string(),
            ];
            match r {
                Ok(e) => {
                    row.extend([
                        e.day0.to_string(),
                        e.estimation_n.to_string(),
                        rounded10(e.alpha).to_string(),
                        rounded10(e.beta).to_string(),
                        rounded10(e.sigma).to_string(),
                    ]);
                    for win in &e.windows {
                        match win {
                            Some(win) => row.extend([
                                rounded10(win.car).to_string(),
                                rounded6(win.t).to_string(),
                            ]),
                            None => row.extend(blank(2)),
                        }
                    }
                    row.push(String::new());
                }
                Err(skip) => {
                    row.extend(blank(5 + 2 * self.spec.windows.len()));
                    row.push(skip.to_string());
                }
            }
            w.write_record(&row)?;
        }
        for s in self.skipped {
            let mut row = vec![
                String::new(),
                String::new(),
                s.label.clone(),
                s.ticker.clone().unwrap_or_default(),
                s.date.clone().unwrap_or_default(),
            ];
            row.extend(blank(5 + 2 * self.spec.windows.len()));
            row.push(s.reason.clone());
            w.write_record(&row)?;
        }
        w.flush()?;
        Ok(())
    }

    fn json(&self) -> wire::Study {
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
            benchmark: self.benchmark.to_string(),
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

    /// The average CAR path with a band of ±1.96 cross-sectional standard
    /// errors of the day's CAR.
    fn chart(&self) -> String {
        let path = &self.study.path;
        let days: Vec<i32> = path.iter().map(|p| p.day).collect();
        let car: Vec<f64> = path
            .iter()
            .map(|p| p.caar.map_or(f64::NAN, |c| c * 100.0))
            .collect();
        let band = self.car_band(&days);
        let events: Vec<usize> = path.iter().map(|p| p.n).collect();
        let title = format!(
            "Average CAR around day 0: {} ({}, vs {})",
            self.selection,
            Model::as_str(self.spec.model),
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

    /// Per day of the path, 1.96 standard errors of the events' CARs from
    /// the start of the path to that day, in percent.
    fn car_band(&self, days: &[i32]) -> Vec<f64> {
        let ok: Vec<&study::EventResult> = self
            .study
            .events
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .collect();
        // An unknown AR makes the event's running CAR unknown from then on
        // (NaN stays NaN under addition).
        let mut sums = vec![0.0; ok.len()];
        days.iter()
            .map(|&day| {
                for (sum, e) in sums.iter_mut().zip(&ok) {
                    *sum += e.ar_on(day).unwrap_or(f64::NAN);
                }
                let cars: Vec<f64> = sums.iter().copied().filter(|s| s.is_finite()).collect();
                let n = cars.len() as f64;
                if cars.len() < 2 {
                    return f64::NAN;
                }
                let mean = cars.iter().sum::<f64>() / n;
                let var = cars.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0);
                1.96 * (var / n).sqrt() * 100.0
            })
            .collect()
    }
}
