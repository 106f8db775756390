//! The event-study engine against closed forms worked out here, against
//! the same quantities computed another way on real prices, and against an
//! independent numpy reference (`tests/reference/event_study.py`, run with
//! the interpreter named by `MONAZITE_REFERENCE_PYTHON`).
//!
//! The real prices are `../shared/data/prices-daily` beside the repository;
//! tests that need them say so on stderr and pass when it is absent.

use std::path::{Path, PathBuf};

use jiff::civil::{date, Date};
use monazite_market::returns::Panel;
use monazite_market::study::{
    self, event, EventInput, EventResult, Model, Skip, StudySpec, Window, WindowResult,
};
use monazite_market::{Bar, Series};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Hand-made series
// ---------------------------------------------------------------------------

/// `n` consecutive calendar days from 2020-01-01 (the calendar is whatever
/// the benchmark trades; weekends do not matter to the engine).
fn days(n: usize) -> Vec<Date> {
    let start = date(2020, 1, 1);
    (0..n)
        .map(|i| start.checked_add(jiff::Span::new().days(i as i64)).unwrap())
        .collect()
}

/// A series whose returns are `returns` (index 0 ignored: it has none),
/// with a bar on each of `dates` except where `skip` says so.
fn from_returns(ticker: &str, dates: &[Date], returns: &[f64], skip: &[usize]) -> Series {
    let mut price = 100.0;
    let mut bars = Vec::new();
    for (i, (&d, &r)) in dates.iter().zip(returns).enumerate() {
        if i > 0 {
            price *= 1.0 + r;
        }
        if !skip.contains(&i) {
            bars.push(Bar::close_only(d, price));
        }
    }
    Series::new(ticker, bars)
}

const N_DAYS: usize = 400;
const D0: usize = 300;
const ALPHA: f64 = 0.001;
const BETA: f64 = 1.5;
const C: f64 = 0.002;
const X_HI: f64 = 0.01;
const X_LO: f64 = -0.006;

/// The benchmark return of day `i`: the pattern `X_HI, X_LO, X_LO, X_HI`.
fn rm(i: usize) -> f64 {
    if matches!(i % 4, 0 | 3) {
        X_HI
    } else {
        X_LO
    }
}

/// The residual of day `i` in the estimation window (indices 50..=289 for
/// day 0 at 300): `C, C, -C, -C`, which sums to zero and is orthogonal to
/// the benchmark pattern over every four days. Zero elsewhere.
fn resid(i: usize) -> f64 {
    if !(D0 - 250..=D0 - 11).contains(&i) {
        0.0
    } else if i % 4 < 2 {
        C
    } else {
        -C
    }
}

/// A benchmark and tickers `R = ALPHA + BETA·Rm + resid + shock on day 0`.
fn hand_made(shocks: &[f64]) -> Panel {
    let dates = days(N_DAYS);
    let market: Vec<f64> = (0..N_DAYS).map(rm).collect();
    let spy = from_returns("SPY", &dates, &market, &[]);
    let tickers: Vec<Series> = shocks
        .iter()
        .enumerate()
        .map(|(k, &shock)| {
            let r: Vec<f64> = (0..N_DAYS)
                .map(|i| ALPHA + BETA * rm(i) + resid(i) + if i == D0 { shock } else { 0.0 })
                .collect();
            from_returns(&format!("T{k}"), &dates, &r, &[])
        })
        .collect();
    Panel::new(&spy, &tickers)
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0)
}

#[track_caller]
fn assert_close(got: f64, want: f64, tol: f64) {
    assert!(close(got, want, tol), "got {got:e}, want {want:e}");
}

/// Events of `(ticker, day index)` on the hand-made calendar.
fn events_at(placed: &[(usize, usize)]) -> Vec<EventInput> {
    let dates = days(N_DAYS);
    placed
        .iter()
        .map(|&(ticker, d)| EventInput {
            ticker,
            day0: dates[d],
        })
        .collect()
}

fn day0_date() -> Date {
    days(N_DAYS)[D0]
}

#[test]
fn market_model_closed_form() {
    let panel = hand_made(&[0.05]);
    let spec = StudySpec::default();
    let e = event(
        &spec,
        &panel,
        EventInput {
            ticker: 0,
            day0: day0_date(),
        },
    )
    .unwrap();

    // 240 estimation days (-250..=-11), all known.
    let n = 240.0;
    assert_eq!(e.estimation_n, 240);
    assert_close(e.beta, BETA, 1e-11);
    assert_close(e.alpha, ALPHA, 1e-11);
    // The residuals are exactly ±C: SSR = n·C², σ² = SSR/(n − 2).
    let sigma2 = n * C * C / (n - 2.0);
    assert_close(e.sigma, sigma2.sqrt(), 1e-10);

    // Outside the estimation window the ticker is exactly on the line, so
    // the AR is the shock on day 0 and zero on every other day.
    assert_eq!(e.span, Window::new(-1, 20));
    assert_close(e.ar_on(0).unwrap(), 0.05, 1e-12);
    for day in (-1..=20).filter(|&d| d != 0) {
        assert!(e.ar_on(day).unwrap().abs() < 1e-12, "AR on day {day}");
    }

    // Var(CAR) = σ²·[L + L²/n + (ΣRm_w − L·mean(Rm))²/Sxx] with mean(Rm) =
    // (X_HI + X_LO)/2 and Sxx = n·((X_HI − X_LO)/2)².
    let mean_x = (X_HI + X_LO) / 2.0;
    let sxx = n * ((X_HI - X_LO) / 2.0).powi(2);
    for (w, r) in spec.windows.iter().zip(&e.windows) {
        let r = r.expect("every window is known");
        let l = w.len() as f64;
        let sum_x: f64 = (w.from..=w.to).map(|k| rm((D0 as i32 + k) as usize)).sum();
        let var = sigma2 * (l + l * l / n + (sum_x - l * mean_x).powi(2) / sxx);
        assert_close(r.car, 0.05, 1e-11);
        assert_close(r.variance, var, 1e-10);
        assert_close(r.t, 0.05 / var.sqrt(), 1e-9);
    }
    // [-1, +1] over 3 days of a σ ≈ 0.2 % stock: a 5 % shock is ~14 sd.
    assert!(e.windows[0].unwrap().t > 13.0);
}

#[test]
fn market_adjusted_closed_form() {
    let panel = hand_made(&[0.05]);
    let spec = StudySpec {
        model: Model::MarketAdjusted,
        ..StudySpec::default()
    };
    let e = event(
        &spec,
        &panel,
        EventInput {
            ticker: 0,
            day0: day0_date(),
        },
    )
    .unwrap();
    assert_eq!((e.alpha, e.beta), (0.0, 1.0));
    // R − Rm = ALPHA + (BETA − 1)·Rm + resid; resid is orthogonal to Rm and
    // sums to zero, so its sum of squares about the mean splits in two.
    let n = 240.0;
    let sxx = n * ((X_HI - X_LO) / 2.0).powi(2);
    let sigma2 = ((BETA - 1.0).powi(2) * sxx + n * C * C) / (n - 1.0);
    assert_close(e.sigma, sigma2.sqrt(), 1e-10);
    let r = e.windows[0].unwrap();
    let car: f64 = (-1..=1)
        .map(|k: i32| ALPHA + (BETA - 1.0) * rm((D0 as i32 + k) as usize))
        .sum::<f64>()
        + 0.05;
    assert_close(r.car, car, 1e-11);
    assert_close(r.variance, 3.0 * sigma2, 1e-10);
    assert_close(r.t, car / (3.0 * sigma2).sqrt(), 1e-9);
}

#[test]
fn cross_section_closed_form() {
    // Four tickers identical but for their day-0 shock: equal variances, so
    // every statistic has a closed form in the shocks.
    let shocks = [0.05, 0.02, -0.01, 0.03];
    let panel = hand_made(&shocks);
    let spec = StudySpec::default();
    let events: Vec<EventInput> = (0..4)
        .map(|ticker| EventInput {
            ticker,
            day0: day0_date(),
        })
        .collect();
    let s = study::run(&spec, &panel, &events);
    assert_eq!(s.completed(), 4);
    let var = s.events[0].as_ref().unwrap().windows[0].unwrap().variance;

    let w = &s.windows[0];
    assert_eq!(w.window, Window::new(-1, 1));
    assert_eq!((w.n, w.positive), (4, 3));
    let mean = 0.0225;
    assert_close(w.mean_car.unwrap(), mean, 1e-11);
    assert_close(w.median_car.unwrap(), 0.025, 1e-11);
    let sd = (shocks.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
    let t = mean / (sd / 2.0);
    assert_close(w.cross_sectional_t.unwrap().statistic, t, 1e-9);
    // Standardising by one common variance does not change a t ratio.
    assert_close(w.bmp_t.unwrap().statistic, t, 1e-9);
    let patell = shocks.iter().sum::<f64>() / var.sqrt() / (4.0 * 238.0 / 236.0_f64).sqrt();
    assert_close(w.patell_z.unwrap().statistic, patell, 1e-9);
    // Three of four positive: Z = (3 − 2)/√1 = 1, two-sided p = 2·(1 − Φ(1)).
    let sign = w.sign_z.unwrap();
    assert_close(sign.statistic, 1.0, 1e-15);
    assert_close(sign.p_value, 0.317_310_507_862_914_15, 1e-14);
    // The four share their residuals day for day: one observation told
    // four times, which the correlation-adjusted BMP t does not count.
    assert_close(w.mean_correlation.unwrap(), 1.0, 1e-9);
    assert!(w.bmp_adjusted_t.is_none_or(|t| t.statistic.abs() < 1e-6));

    // The average path: the mean shock on day 0, nothing else.
    let p = &s.path;
    assert_eq!(p.len(), 22);
    assert_eq!((p[0].day, p[0].n), (-1, 4));
    assert!(p[0].caar.unwrap().abs() < 1e-12);
    assert_close(p[1].mean_ar.unwrap(), mean, 1e-11);
    assert_close(p[21].caar.unwrap(), mean, 1e-11);
}

#[test]
fn correlation_counts_the_days_windows_share() {
    // Market-adjusted residuals R − Rm of identical tickers are the same
    // on the same calendar day, so two events correlate fully where their
    // windows meet: two sessions apart, 4 of the 6 days of [0, +5]. A third
    // event 60 sessions later shares no window day.
    let panel = hand_made(&[0.05, 0.02, -0.01]);
    let spec = StudySpec {
        model: Model::MarketAdjusted,
        windows: vec![Window::new(0, 5)],
        ..StudySpec::default()
    };
    let events = events_at(&[(0, D0), (1, D0 + 2), (2, D0 + 60)]);
    let s = study::run(&spec, &panel, &events);
    assert_eq!(s.completed(), 3);
    assert_eq!(s.overlapping_pairs, 1);
    let w = &s.windows[0];
    // r̄ = (1 · 4/6 + 0 + 0) / 3 pairs.
    assert_close(w.mean_correlation.unwrap(), 2.0 / 9.0, 1e-12);
    // √((1 − 2/9) / (1 + 2 · 2/9)) = √(7/13).
    assert_close(
        w.bmp_adjusted_t.unwrap().statistic,
        w.bmp_t.unwrap().statistic * (7.0f64 / 13.0).sqrt(),
        1e-12,
    );

    // Apart, nothing to adjust.
    let apart = study::run(&spec, &panel, &[events[0], events[2]]);
    let w = &apart.windows[0];
    assert_eq!(w.mean_correlation, Some(0.0));
    assert_eq!(w.bmp_adjusted_t, w.bmp_t);
}

#[test]
fn by_ticker_summarises_each_tickers_own_events() {
    let panel = hand_made(&[0.05, 0.02]);
    let spec = StudySpec::default();
    let events = events_at(&[(1, D0), (0, D0), (0, D0 + 60)]);
    let s = study::run(&spec, &panel, &events);
    let car = |i: usize| s.events[i].as_ref().unwrap().windows[0].unwrap().car;
    let groups = study::by_ticker(&spec, &panel, &s);
    assert_eq!(groups.len(), 2);
    let (ticker, windows) = &groups[0];
    assert_eq!((*ticker, windows[0].n), (0, 2));
    assert_close(windows[0].mean_car.unwrap(), (car(1) + car(2)) / 2.0, 1e-12);
    let (ticker, windows) = &groups[1];
    assert_eq!((*ticker, windows[0].n), (1, 1));
    assert_eq!(windows[0].mean_car, Some(car(0)));
    assert!(windows[0].cross_sectional_t.is_none(), "one event: no test");
    // Its mean is tested by its own t.
    let own_t = s.events[0].as_ref().unwrap().windows[0].unwrap().t;
    assert_eq!(windows[0].mean_t.map(|t| t.statistic), Some(own_t));
    assert_eq!(groups[0].1[0].mean_t, groups[0].1[0].cross_sectional_t);
    // Together, the three.
    assert_eq!(s.windows[0].n, 3);
}

#[test]
fn too_many_overlapping_pairs_leave_the_correlation_unmeasured() {
    use monazite_market::clustering::MAX_OVERLAPPING_PAIRS;
    let n = 710; // 710 · 709 / 2 = 251,695 pairs on one day.
    let shocks: Vec<f64> = (0..n).map(|i| 0.01 * (i % 7) as f64 - 0.03).collect();
    let panel = hand_made(&shocks);
    let events: Vec<EventInput> = (0..n)
        .map(|ticker| EventInput {
            ticker,
            day0: day0_date(),
        })
        .collect();
    let s = study::run(&StudySpec::default(), &panel, &events);
    assert_eq!(s.completed(), n);
    assert_eq!(s.overlapping_pairs, n * (n - 1) / 2);
    assert!(s.overlapping_pairs > MAX_OVERLAPPING_PAIRS);
    for w in &s.windows {
        assert!(w.bmp_t.is_some());
        assert_eq!((w.mean_correlation, w.bmp_adjusted_t), (None, None));
    }
}

#[test]
fn one_event_has_a_mean_but_no_tests() {
    let panel = hand_made(&[0.05]);
    let s = study::run(
        &StudySpec::default(),
        &panel,
        &[EventInput {
            ticker: 0,
            day0: day0_date(),
        }],
    );
    let w = &s.windows[0];
    assert_eq!(w.n, 1);
    assert_close(w.mean_car.unwrap(), 0.05, 1e-11);
    assert!(w.cross_sectional_t.is_none() && w.patell_z.is_none());
    assert!(w.bmp_t.is_none() && w.sign_z.is_none());

    // No events at all: no numbers, no NaN.
    let s = study::run(&StudySpec::default(), &panel, &[]);
    assert_eq!(s.windows[0].n, 0);
    assert_eq!(s.windows[0].mean_car, None);
    assert_eq!(s.windows[0].median_car, None);
    assert!(s
        .path
        .iter()
        .all(|p| p.n == 0 && p.mean_ar.is_none() && p.caar.is_none()));
}

#[test]
fn a_missing_bar_leaves_the_windows_it_touches_without_a_car() {
    let dates = days(N_DAYS);
    let market: Vec<f64> = (0..N_DAYS).map(rm).collect();
    let spy = from_returns("SPY", &dates, &market, &[]);
    let r: Vec<f64> = (0..N_DAYS).map(|i| 0.002 * rm(i) + resid(i)).collect();
    // No bar on day +2: the returns of days +2 and +3 are unknown.
    let gap = from_returns("GAP", &dates, &r, &[D0 + 2]);
    let panel = Panel::new(&spy, &[gap]);
    let e = event(
        &StudySpec::default(),
        &panel,
        EventInput {
            ticker: 0,
            day0: day0_date(),
        },
    )
    .unwrap();
    assert!(e.windows[0].is_some(), "[-1, +1] is whole");
    assert_eq!(e.windows[1], None);
    assert_eq!(e.windows[2], None);
    assert_eq!(e.ar_on(2), None);
    assert_eq!(e.ar_on(3), None);
    assert!(e.ar_on(4).is_some());
    assert_eq!(e.ar_on(21), None, "outside the span");
}

#[test]
fn skips_say_why() {
    let dates = days(N_DAYS);
    let market: Vec<f64> = (0..N_DAYS).map(rm).collect();
    let spy = from_returns("SPY", &dates, &market, &[]);
    let normal: Vec<f64> = (0..N_DAYS).map(|i| BETA * rm(i) + resid(i)).collect();
    let flat = vec![0.0; N_DAYS];
    // Trades for the estimation window, then not from day -5 to day +25.
    let quiet: Vec<usize> = (D0 - 5..=D0 + 25).collect();
    let tickers = [
        from_returns("OK", &dates, &normal, &[]),
        from_returns("FLAT", &dates, &flat, &[]),
        from_returns("HALTED", &dates, &normal, &quiet),
    ];
    let panel = Panel::new(&spy, &tickers);
    let spec = StudySpec::default();
    let at = |ticker, day0| event(&spec, &panel, EventInput { ticker, day0 });
    let last = *dates.last().unwrap();

    assert_eq!(at(9, dates[D0]), Err(Skip::UnknownTicker { index: 9 }));
    let outside = at(0, date(2019, 12, 31)).unwrap_err();
    assert!(matches!(outside, Skip::Day0OutsideData { .. }));
    assert!(outside.to_string().contains("2019-12-31"), "{outside}");
    assert!(matches!(
        at(0, date(2030, 1, 1)),
        Err(Skip::Day0OutsideData { .. })
    ));
    // Day 0 on the last day: even [-1, +1] needs the day after.
    assert!(matches!(
        at(0, last),
        Err(Skip::EventWindowsOutsideData { .. })
    ));
    // The day before: [-1, +1] fits, the longer windows do not.
    let e = at(0, dates[N_DAYS - 2]).unwrap();
    assert!(e.windows[0].is_some() && e.windows[1].is_none() && e.windows[2].is_none());
    assert!(e.ar_on(1).is_some());
    assert_eq!(e.ar_on(2), None);
    // Day 0 at 50: the estimation window is cut by the start of the data
    // to days 0..=39, of which day 0 has no return.
    let few = at(0, dates[50]).unwrap_err();
    assert_eq!(
        few,
        Skip::TooFewEstimationReturns {
            have: 39,
            need: 100
        }
    );
    assert!(few.to_string().contains("39") && few.to_string().contains("100"));
    // A flat price fits the market exactly (β = 0, no residual).
    assert_eq!(at(1, dates[D0]), Err(Skip::NoResidualVariance));
    // ...but beats or trails the market every day when adjusted by it.
    let adjusted = StudySpec {
        model: Model::MarketAdjusted,
        ..StudySpec::default()
    };
    assert!(event(
        &adjusted,
        &panel,
        EventInput {
            ticker: 1,
            day0: dates[D0]
        }
    )
    .is_ok());
    assert_eq!(
        at(2, dates[D0]),
        Err(Skip::NoReturnsNearDay0 { day0: dates[D0] })
    );

    // A benchmark that never moves has no beta.
    let still = from_returns("SPY", &dates, &flat, &[]);
    let panel = Panel::new(&still, &tickers);
    assert_eq!(
        event(
            &spec,
            &panel,
            EventInput {
                ticker: 0,
                day0: dates[D0]
            }
        ),
        Err(Skip::FlatBenchmark)
    );
    // No data at all.
    let empty = Panel::new(&Series::new("SPY", vec![]), &tickers);
    assert_eq!(
        event(
            &spec,
            &empty,
            EventInput {
                ticker: 0,
                day0: dates[D0]
            }
        ),
        Err(Skip::NoData)
    );
    for skip in [Skip::NoData, Skip::FlatBenchmark, Skip::NoResidualVariance] {
        assert!(!skip.to_string().is_empty());
    }
}

#[test]
fn odd_specs_do_not_panic() {
    let panel = hand_made(&[0.05]);
    let input = EventInput {
        ticker: 0,
        day0: day0_date(),
    };
    let odd = [
        StudySpec {
            windows: vec![],
            ..StudySpec::default()
        },
        StudySpec {
            windows: vec![Window::new(3, 1)],
            ..StudySpec::default()
        },
        StudySpec {
            windows: vec![Window::new(i32::MIN, i32::MAX), Window::new(0, 0)],
            ..StudySpec::default()
        },
        StudySpec {
            estimation: Window::new(i32::MIN, i32::MAX),
            ..StudySpec::default()
        },
        StudySpec {
            estimation: Window::new(-11, -250),
            ..StudySpec::default()
        },
        StudySpec {
            min_estimation: 0,
            ..StudySpec::default()
        },
    ];
    for spec in &odd {
        let result = event(spec, &panel, input);
        let s = study::run(spec, &panel, &[input]);
        assert_eq!(s.events[0], result);
        for w in &s.windows {
            for x in [w.mean_car, w.median_car].into_iter().flatten() {
                assert!(x.is_finite());
            }
        }
    }
    // The huge window never fits, the one-day window does; the AR span is
    // bounded by the data rather than by the window.
    let e = event(&odd[2], &panel, input).unwrap();
    assert_eq!(e.windows[0], None);
    assert_close(e.windows[1].unwrap().car, 0.05, 1e-11);
    assert!(e.ar.len() <= 2 * N_DAYS + 1);
    // An empty estimation window has nothing to estimate from.
    assert!(matches!(
        event(&odd[4], &panel, input),
        Err(Skip::TooFewEstimationReturns { have: 0, .. })
    ));
    // The model's own minimum holds whatever the spec says.
    assert_eq!(odd[5].needed_estimation(), 5);
}

// ---------------------------------------------------------------------------
// Real prices
// ---------------------------------------------------------------------------

fn prices_dir() -> Option<PathBuf> {
    monazite_testdata::shared("data/prices-daily/close_adj_full_history/SPY.csv")?;
    monazite_testdata::shared("data/prices-daily")
}

/// A `Date,Close` file of `close_adj_full_history`, without its last row
/// (2026-08-03, an intraday snapshot: see the folder's SOURCE.md).
fn read_closes(dir: &Path, ticker: &str) -> Series {
    let path = dir.join(format!("close_adj_full_history/{ticker}.csv"));
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut bars = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let d: Date = row[0].parse().unwrap();
        let close: f64 = row[1].parse().unwrap();
        bars.push(Bar::close_only(d, close));
    }
    let last = bars.pop().expect("a non-empty file");
    assert_eq!(
        last.date,
        date(2026, 8, 3),
        "{ticker}: the last row is the snapshot"
    );
    Series::new(ticker, bars)
}

const TICKERS: [&str; 12] = [
    "MP", "USAR", "UUUU", "ALB", "LAC", "CRML", "TMC", "NB", "REMX", "FCX", "TMQ", "NAK",
];

fn real_dates() -> Vec<Date> {
    vec![
        date(2025, 10, 9),
        date(2025, 10, 13),
        date(2025, 7, 10),
        date(2025, 4, 4),
        date(2025, 11, 10),
        // A Saturday: day 0 is Monday 2025-10-13.
        date(2025, 10, 11),
        // Early USAR and LAC have too little history.
        date(2023, 9, 1),
        date(2024, 1, 10),
        // The end of the data: only [-1, +1] fits, then nothing.
        date(2026, 7, 30),
        date(2026, 7, 31),
        // The dropped snapshot day and a day before SPY existed.
        date(2026, 8, 3),
        date(1990, 1, 2),
    ]
}

#[test]
fn real_series_agree_with_the_normal_equations() {
    let Some(dir) = prices_dir() else { return };
    let spy = read_closes(&dir, "SPY");
    let series: Vec<Series> = TICKERS.iter().map(|t| read_closes(&dir, t)).collect();
    let panel = Panel::new(&spy, &series);
    let spec = StudySpec::default();
    let mut checked = 0;
    for (ti, s) in series.iter().enumerate() {
        for &day in &real_dates() {
            let Ok(e) = event(
                &spec,
                &panel,
                EventInput {
                    ticker: ti,
                    day0: day,
                },
            ) else {
                continue;
            };
            // Returns straight from the closes: on SPY's dates, both closes
            // present, the estimation window by position.
            let d = spy.position(e.day0).unwrap();
            let ret = |series: &Series, i: usize| -> Option<f64> {
                let now = series.bar(spy.bars()[i].date)?;
                let before = series.bar(spy.bars()[i - 1].date)?;
                Some(now.close / before.close - 1.0)
            };
            let pairs: Vec<(f64, f64)> = (d.saturating_sub(250)..=d - 11)
                .filter_map(|i| Some((ret(&spy, i)?, ret(s, i)?)))
                .collect();
            assert_eq!(pairs.len(), e.estimation_n);
            // [n Σx; Σx Σx²]·[α; β] = [Σy; Σxy] by Cramer's rule.
            let n = pairs.len() as f64;
            let sx: f64 = pairs.iter().map(|p| p.0).sum();
            let sy: f64 = pairs.iter().map(|p| p.1).sum();
            let sxx: f64 = pairs.iter().map(|p| p.0 * p.0).sum();
            let sxy: f64 = pairs.iter().map(|p| p.0 * p.1).sum();
            let det = n * sxx - sx * sx;
            let beta = (n * sxy - sx * sy) / det;
            let alpha = (sxx * sy - sx * sxy) / det;
            let ssr: f64 = pairs
                .iter()
                .map(|(x, y)| (y - alpha - beta * x).powi(2))
                .sum();
            let sigma2 = ssr / (n - 2.0);
            assert_close(e.beta, beta, 1e-9);
            assert_close(e.alpha, alpha, 1e-9);
            assert_close(e.sigma, sigma2.sqrt(), 1e-9);
            // Var(CAR) = σ²·(L + g'(X'X)⁻¹g), g = (L, ΣRm over the window).
            for (w, r) in spec.windows.iter().zip(&e.windows) {
                let Some(r) = r else { continue };
                let l = w.len() as f64;
                let days = (d as i32 + w.from) as usize..=(d as i32 + w.to) as usize;
                let g1: f64 = days.clone().map(|i| ret(&spy, i).unwrap()).sum();
                let car: f64 = days
                    .map(|i| ret(s, i).unwrap() - alpha - beta * ret(&spy, i).unwrap())
                    .sum();
                let quad = (sxx * l * l - 2.0 * sx * l * g1 + n * g1 * g1) / det;
                assert_close(r.car, car, 1e-9);
                assert_close(r.variance, sigma2 * (l + quad), 1e-9);
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} real events computed");

    // The 2025-10-10/13 anchor: MP closed 78.34 then 95.06 (+21.3 %) as
    // the market rose; day 0 on 2025-10-13 shows a large abnormal return.
    let mp = event(
        &spec,
        &panel,
        EventInput {
            ticker: 0,
            day0: date(2025, 10, 11),
        },
    )
    .unwrap();
    assert_eq!(mp.day0, date(2025, 10, 13));
    let ar0 = mp.ar_on(0).unwrap();
    assert!(ar0 > 0.15 && ar0 < 0.2134, "MP AR on 2025-10-13: {ar0}");
    assert!(mp.windows[0].unwrap().t > 2.0);
}

/// The Skip as the reference script names it.
fn skip_code(skip: &Skip) -> &'static str {
    match skip {
        Skip::UnknownTicker { .. } => "unknown_ticker",
        Skip::NoData => "no_data",
        Skip::Day0OutsideData { .. } => "day0_outside_data",
        Skip::EventWindowsOutsideData { .. } => "event_windows_outside_data",
        Skip::TooFewEstimationReturns { .. } => "too_few_estimation_returns",
        Skip::FlatBenchmark => "flat_benchmark",
        Skip::NoResidualVariance => "no_residual_variance",
        Skip::NoReturnsNearDay0 { .. } => "no_returns_near_day0",
    }
}

/// Compares numbers with a relative-or-absolute tolerance and keeps the
/// largest differences seen.
#[derive(Default)]
struct Agreement {
    compared: usize,
    max_abs: f64,
    max_rel: f64,
    failures: Vec<String>,
}

impl Agreement {
    const TOL: f64 = 1e-9;

    fn num(&mut self, what: &str, got: f64, want: &Value) {
        let Some(want) = want.as_f64() else {
            self.failures
                .push(format!("{what}: {got} vs reference {want}"));
            return;
        };
        let abs = (got - want).abs();
        let rel = if abs == 0.0 {
            0.0
        } else {
            abs / got.abs().max(want.abs())
        };
        self.compared += 1;
        self.max_abs = self.max_abs.max(abs);
        self.max_rel = self.max_rel.max(rel);
        if !(abs <= Self::TOL || rel <= Self::TOL) {
            self.failures
                .push(format!("{what}: {got:e} vs reference {want:e}"));
        }
    }

    fn opt(&mut self, what: &str, got: Option<f64>, want: &Value) {
        match (got, want.is_null()) {
            (Some(g), false) => self.num(what, g, want),
            (None, true) => {}
            _ => self
                .failures
                .push(format!("{what}: {got:?} vs reference {want}")),
        }
    }

    fn exact(&mut self, what: &str, got: impl ToString, want: &Value) {
        let want = want
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| want.to_string());
        if got.to_string() != want {
            self.failures
                .push(format!("{what}: {} vs reference {want}", got.to_string()));
        }
    }
}

fn compare_event(a: &mut Agreement, what: &str, got: &Result<EventResult, Skip>, want: &Value) {
    let e = match got {
        Err(skip) => {
            a.exact(&format!("{what} skip"), skip_code(skip), &want["skip"]);
            if let Skip::TooFewEstimationReturns { have, need } = skip {
                a.exact(&format!("{what} have"), have, &want["have"]);
                a.exact(&format!("{what} need"), need, &want["need"]);
            }
            return;
        }
        Ok(e) => e,
    };
    if !want["skip"].is_null() {
        a.failures.push(format!(
            "{what}: computed, but the reference skips: {}",
            want["skip"]
        ));
        return;
    }
    a.exact(&format!("{what} day0"), e.day0, &want["day0"]);
    a.exact(&format!("{what} n"), e.estimation_n, &want["n"]);
    a.num(&format!("{what} alpha"), e.alpha, &want["alpha"]);
    a.num(&format!("{what} beta"), e.beta, &want["beta"]);
    a.num(&format!("{what} sigma"), e.sigma, &want["sigma"]);
    for (i, w) in e.windows.iter().enumerate() {
        let want = &want["windows"][i];
        let (car, var, t) = match w {
            Some(WindowResult { car, variance, t }) => (Some(*car), Some(*variance), Some(*t)),
            None => (None, None, None),
        };
        a.opt(&format!("{what} w{i} car"), car, &want["car"]);
        a.opt(&format!("{what} w{i} variance"), var, &want["variance"]);
        a.opt(&format!("{what} w{i} t"), t, &want["t"]);
    }
    let ar = want["ar"].as_array().map_or(0, Vec::len);
    a.exact(&format!("{what} ar length"), e.ar.len(), &json!(ar));
    for (j, x) in e.ar.iter().enumerate() {
        a.opt(&format!("{what} ar[{j}]"), *x, &want["ar"][j]);
    }
}

#[test]
fn real_series_agree_with_the_numpy_reference() {
    let Some(dir) = prices_dir() else { return };
    let Some(python) = monazite_testdata::tool(
        "MONAZITE_REFERENCE_PYTHON",
        "a Python with numpy; .ci/run sets it",
    ) else {
        return;
    };
    let spy = read_closes(&dir, "SPY");
    let series: Vec<Series> = TICKERS.iter().map(|t| read_closes(&dir, t)).collect();
    let panel = Panel::new(&spy, &series);
    let mut events: Vec<EventInput> = Vec::new();
    for ticker in 0..series.len() {
        for &day0 in &real_dates() {
            events.push(EventInput { ticker, day0 });
        }
    }
    events.push(EventInput {
        ticker: 99,
        day0: date(2025, 10, 13),
    });
    let specs = [
        StudySpec::default(),
        StudySpec {
            model: Model::MarketAdjusted,
            ..StudySpec::default()
        },
        StudySpec {
            estimation: Window::new(-120, -2),
            windows: vec![Window::new(0, 0), Window::new(-5, 5), Window::new(1, 10)],
            min_estimation: 60,
            ..StudySpec::default()
        },
    ];

    let closes = |s: &Series| {
        json!({
            "ticker": s.ticker,
            "dates": s.bars().iter().map(|b| b.date.to_string()).collect::<Vec<_>>(),
            "closes": s.bars().iter().map(|b| b.close).collect::<Vec<_>>(),
        })
    };
    let model = |m: Model| match m {
        Model::MarketModel => "market_model",
        Model::MarketAdjusted => "market_adjusted",
    };
    let input = json!({
        "benchmark": closes(&spy),
        "tickers": series.iter().map(closes).collect::<Vec<_>>(),
        "events": events.iter().map(|e| json!({"ticker": e.ticker, "date": e.day0.to_string()})).collect::<Vec<_>>(),
        "studies": specs.iter().map(|s| json!({
            "model": model(s.model),
            "estimation": [s.estimation.from, s.estimation.to],
            "windows": s.windows.iter().map(|w| [w.from, w.to]).collect::<Vec<_>>(),
            "min_estimation": s.min_estimation,
        })).collect::<Vec<_>>(),
    });
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stem = format!("event_study_reference_{}", std::process::id());
    let in_path = tmp.join(format!("{stem}_in.json"));
    let out_path = tmp.join(format!("{stem}_out.json"));
    std::fs::write(&in_path, serde_json::to_vec(&input).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/event_study.py");
    let run = std::process::Command::new(&python)
        .arg(&script)
        .arg(&in_path)
        .arg(&out_path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.to_string_lossy()));
    assert!(
        run.status.success(),
        "the reference failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let reference: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    let _ = std::fs::remove_file(&in_path);
    let _ = std::fs::remove_file(&out_path);

    let mut a = Agreement::default();
    let mut computed = 0;
    // The real events cluster on the same days: the correlation is
    // measured, and it moves the BMP t.
    let mut adjusted = 0;
    let mut skips = std::collections::BTreeSet::new();
    for (si, spec) in specs.iter().enumerate() {
        let study = study::run(spec, &panel, &events);
        skips.extend(
            study
                .events
                .iter()
                .filter_map(|e| e.as_ref().err().map(skip_code)),
        );
        let want = &reference["studies"][si];
        for (ei, got) in study.events.iter().enumerate() {
            let what = format!("study {si} event {ei} ({:?})", events[ei]);
            compare_event(&mut a, &what, got, &want["events"][ei]);
            computed += usize::from(got.is_ok());
        }
        for (wi, w) in study.windows.iter().enumerate() {
            let want = &want["windows"][wi];
            let what = format!("study {si} window {}", w.window);
            a.exact(&format!("{what} n"), w.n, &want["n"]);
            a.exact(&format!("{what} positive"), w.positive, &want["positive"]);
            a.opt(&format!("{what} mean"), w.mean_car, &want["mean_car"]);
            a.opt(&format!("{what} median"), w.median_car, &want["median_car"]);
            if let (Some(bmp), Some(adj)) = (w.bmp_t, w.bmp_adjusted_t) {
                adjusted += usize::from((bmp.statistic - adj.statistic).abs() > 1e-6);
            }
            a.opt(
                &format!("{what} mean correlation"),
                w.mean_correlation,
                &want["mean_correlation"],
            );
            for (name, test) in [
                ("cross_sectional_t", w.cross_sectional_t),
                ("patell_z", w.patell_z),
                ("bmp_t", w.bmp_t),
                ("sign_z", w.sign_z),
                ("bmp_adjusted_t", w.bmp_adjusted_t),
            ] {
                let want = &want[name];
                a.opt(
                    &format!("{what} {name}"),
                    test.map(|t| t.statistic),
                    &want["statistic"],
                );
                a.opt(
                    &format!("{what} {name} p"),
                    test.map(|t| t.p_value),
                    &want["p_value"],
                );
            }
        }
        let path = want["path"].as_array().unwrap();
        a.exact(
            &format!("study {si} path length"),
            study.path.len(),
            &json!(path.len()),
        );
        for (p, want) in study.path.iter().zip(path) {
            let what = format!("study {si} path day {}", p.day);
            a.exact(&format!("{what} day"), p.day, &want["day"]);
            a.exact(&format!("{what} n"), p.n, &want["n"]);
            a.opt(&format!("{what} mean_ar"), p.mean_ar, &want["mean_ar"]);
            a.opt(&format!("{what} caar"), p.caar, &want["caar"]);
        }
    }
    eprintln!(
        "numpy {} reference: {} numbers compared over {computed} computed events, \
         max abs diff {:e}, max rel diff {:e}",
        reference["numpy"], a.compared, a.max_abs, a.max_rel
    );
    assert!(
        a.failures.is_empty(),
        "{} disagreements, first: {:#?}",
        a.failures.len(),
        &a.failures[..a.failures.len().min(20)]
    );
    assert!(computed >= 100, "only {computed} events computed");
    assert!(
        adjusted > 0,
        "no window's BMP t was adjusted for correlation"
    );
    // The real dates reach every way an event can fall off the data.
    for code in [
        "unknown_ticker",
        "day0_outside_data",
        "event_windows_outside_data",
        "too_few_estimation_returns",
    ] {
        assert!(
            skips.contains(code),
            "no event skipped as {code}: {skips:?}"
        );
    }
    assert!(a.compared > 5_000, "only {} numbers compared", a.compared);
}
