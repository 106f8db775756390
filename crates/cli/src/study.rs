//! `monazite study`: abnormal returns of tickers around stored events (or
//! the days of a CSV file), as a table, CSV or JSON, with an SVG chart of
//! the average CAR.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use monazite_app::study::{
    rounded10, rounded6, DateSelection, EventSource, StudyReport, StudyRequest,
};
use monazite_market::clustering::MAX_OVERLAPPING_PAIRS;
use monazite_market::event_dates;
use monazite_market::study::{Model, StudySpec, Test, Window};

use crate::flags::{ModelChoice, StudyFlags, StudyFormat};
use crate::queries::open_existing;
use crate::table::Table;

/// The study the flags describe; a spec no store could answer is refused
/// here, before the store is opened.
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
    monazite_app::study::check_spec(&spec)?;
    Ok(spec)
}

/// The days of the `--dates` file, its unreadable rows said on standard
/// error.
fn read_dates(path: &Path, flags: &StudyFlags) -> anyhow::Result<DateSelection> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("reading event days from {}", path.display()))?;
    let read = event_dates::read(&bytes)
        .with_context(|| format!("reading event days from {}", path.display()))?;
    for (line, why) in &read.skipped {
        eprintln!("monazite: {}:{line}: {why}", path.display());
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(DateSelection {
        name,
        events: read.events,
        matching: flags.matching.clone(),
        from: flags.select.from,
        to: flags.select.to,
    })
}

pub fn study(db: &Path, flags: &StudyFlags) -> anyhow::Result<ExitCode> {
    let spec = spec_of(flags)?;
    let store = open_existing(db)?;
    let events = match &flags.dates {
        Some(path) => EventSource::Dates(read_dates(path, flags)?),
        None => EventSource::Stored {
            filter: flags.select.filter(),
            min_impact: flags.min_impact,
        },
    };
    let request = StudyRequest {
        events,
        tickers: flags.tickers.clone(),
        benchmark: flags.benchmark.clone(),
        spec,
    };
    let report = monazite_app::study::study(&store, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match flags.format {
        StudyFormat::Table => write_table(&report, &mut out)?,
        StudyFormat::Csv => write_csv(&report, &mut out)?,
        StudyFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report.to_wire())?;
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

fn headline(report: &StudyReport) -> String {
    format!(
        "{}; {} observations, {} computed, {} skipped; {} vs {}, estimation {}, at least {} days",
        report.selection,
        report.observations.len() + report.skipped.len(),
        report.study.completed(),
        report.skipped.len() + report.observations.len() - report.study.completed(),
        report.spec.model.as_str(),
        report.benchmark,
        report.spec.estimation,
        report.spec.needed_estimation(),
    )
}

fn write_table(report: &StudyReport, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "{}", headline(report))?;
    writeln!(out)?;
    let mut table = Table::new(&[
        "window", "N", "mean CAR", "median", "t (cs)", "Patell Z", "BMP t", "corr", "adj. BMP",
        "sign Z", "positive",
    ]);
    for w in &report.study.windows {
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
    if report.study.overlapping_pairs > MAX_OVERLAPPING_PAIRS {
        writeln!(
            out,
            "(corr not measured: {} pairs of events share window days, over the limit of {})",
            report.study.overlapping_pairs, MAX_OVERLAPPING_PAIRS
        )?;
    }
    if report.by_ticker.len() > 1 {
        write_by_ticker(report, out)?;
    }
    writeln!(out)?;
    let mut header: Vec<String> = ["day 0", "ticker", "event", "n", "alpha", "beta"]
        .map(String::from)
        .to_vec();
    header.extend(report.spec.windows.iter().map(|w| format!("CAR {w} (t)")));
    let mut events = Table::new(&header);
    let mut errors: Vec<String> = Vec::new();
    for (o, r) in report.observations.iter().zip(&report.study.events) {
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
    let skipped: Vec<String> = report
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
fn write_by_ticker(report: &StudyReport, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out)?;
    let mut header = vec!["ticker".to_string(), "events".to_string()];
    header.extend(report.spec.windows.iter().map(|w| format!("CAR {w} (t)")));
    let mut table = Table::new(&header);
    for (ticker, windows) in &report.by_ticker {
        let events = report
            .study
            .events
            .iter()
            .filter(|r| r.as_ref().is_ok_and(|e| e.ticker == *ticker))
            .count();
        let mut row = vec![report.tickers[*ticker].clone(), events.to_string()];
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

fn write_csv(report: &StudyReport, out: &mut impl Write) -> anyhow::Result<()> {
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
    for win in &report.spec.windows {
        header.push(format!("car_{}_{}", win.from, win.to));
        header.push(format!("t_{}_{}", win.from, win.to));
    }
    header.push("skipped".into());
    w.write_record(&header)?;
    let blank = |n: usize| vec![String::new(); n];
    for (o, r) in report.observations.iter().zip(&report.study.events) {
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
                        Some(win) => row
                            .extend([rounded10(win.car).to_string(), rounded6(win.t).to_string()]),
                        None => row.extend(blank(2)),
                    }
                }
                row.push(String::new());
            }
            Err(skip) => {
                row.extend(blank(5 + 2 * report.spec.windows.len()));
                row.push(skip.to_string());
            }
        }
        w.write_record(&row)?;
    }
    for s in &report.skipped {
        let mut row = vec![
            String::new(),
            String::new(),
            s.label.clone(),
            s.ticker.clone().unwrap_or_default(),
            s.date.clone().unwrap_or_default(),
        ];
        row.extend(blank(5 + 2 * report.spec.windows.len()));
        row.push(s.reason.clone());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
