//! Event studies: abnormal returns around news, per event and across
//! events.
//!
//! The method is the textbook one of MacKinlay (1997). For each event
//! (a ticker and a day 0) a model of normal returns is estimated over an
//! estimation window before the event, abnormal returns (AR) are the
//! returns the model does not explain, and their sums over event windows
//! (CAR) are tested against the model's prediction-error variance. Across
//! events, the CARs of a window are tested with the cross-sectional t,
//! Patell's (1976) standardised Z, the BMP t of Boehmer, Musumeci and
//! Poulsen (1991) and a sign test.
//!
//! Days are trading days of the [`Panel`]'s calendar, counted from day 0:
//! the first session on or after the event's date. A [`Window`] is a
//! closed range of them; the defaults are the estimation window `[-250,
//! -11]` and the event windows `[-1, +1]`, `[0, +5]` and `[0, +20]`.
//!
//! # One event ([`event`])
//!
//! Only days where both the ticker's return `R` and the benchmark's return
//! `Rm` are known count in the estimation window; there are `n` of them.
//!
//! **Market model** (MacKinlay 1997, §4.1 and §4.4): ordinary least
//! squares of `R` on `Rm`,
//!
//! ```text
//! β  = Sxy / Sxx,  α = mean(R) − β·mean(Rm)
//! Sxx = Σ (Rm − mean(Rm))²,  Sxy = Σ (Rm − mean(Rm))·(R − mean(R))
//! σ² = SSR / (n − 2),        SSR = Σ (R − α − β·Rm)²
//! AR_t = R_t − α − β·Rm_t
//! ```
//!
//! and for an event window of `L` days, `CAR = Σ AR_t` with the exact
//! variance of the prediction error (MacKinlay's eq. 15 summed over the
//! window, `γ'Vγ` with `V = σ²(I + X*(X'X)⁻¹X*')`):
//!
//! ```text
//! Var(CAR) = σ²·[L + L²/n + (Σ_window Rm − L·mean(Rm))² / Sxx]
//! ```
//!
//! **Market-adjusted** (MacKinlay's restricted model, `α = 0`, `β = 1`):
//! `AR_t = R_t − Rm_t`, `σ²` the sample variance (divisor `n − 1`) of
//! `R − Rm` over the estimation window, and `Var(CAR) = L·σ²`: no
//! parameter is estimated, so there is no estimation-error term.
//!
//! In both, `t = CAR / √Var(CAR)`. A window with a day whose return is
//! unknown (the ticker did not trade, or the window runs past the data)
//! has no CAR rather than a CAR over fewer days.
//!
//! # Across events ([`run`])
//!
//! For each event window, over the `N` events with a CAR there, with
//! `SCAR_i = CAR_i / √Var(CAR_i)` (the CAR standardised by its own
//! prediction-error variance, the CAR form of Patell's standardised
//! abnormal return used by Boehmer, Musumeci and Poulsen 1991):
//!
//! ```text
//! cross-sectional t = mean(CAR) / (sd(CAR) / √N)
//! Patell Z          = Σ SCAR_i / √(Σ k_i)
//! BMP t             = mean(SCAR) / (sd(SCAR) / √N)
//! sign Z            = (N⁺ − N/2) / √(N/4),   N⁺ = #{CAR_i > 0}
//! adjusted BMP t    = BMP t · √((1 − r̄) / (1 + (N − 1)·r̄))
//! ```
//!
//! `sd` divides by `N − 1`. `k_i` is the variance of `SCAR_i` under the
//! null: a Student t with `n_i − 2` degrees of freedom for the market
//! model, `k_i = (n_i − 2)/(n_i − 4)` (Patell 1976); for the
//! market-adjusted model `σ²` has `n_i − 1` degrees of freedom and the ARs
//! are independent of it, so `SCAR_i` is t with `n_i − 1` degrees of
//! freedom and `k_i = (n_i − 1)/(n_i − 3)`. The adjusted BMP t is Kolari
//! and Pynnönen's (2010) correction for events that share calendar days,
//! `r̄` the mean cross-correlation of their abnormal returns
//! ([`crate::clustering`]). The sign test takes a positive
//! CAR as even odds under the null (MacKinlay 1997, §8). p-values are
//! two-sided, from the standard normal for every statistic (the
//! large-sample approximation). A statistic needs `N ≥ 2` and a non-zero
//! spread; otherwise it is `None`.
//!
//! The average path over the span that covers all event windows gives,
//! per relative day, the mean AR of the events whose AR is known that day,
//! how many they are, and the cumulative average abnormal return (CAAR).
//!
//! # References
//!
//! - MacKinlay, A. C. (1997). Event Studies in Economics and Finance.
//!   *Journal of Economic Literature* 35(1), 13–39.
//! - Patell, J. M. (1976). Corporate Forecasts of Earnings per Share and
//!   Stock Price Behavior: Empirical Tests. *Journal of Accounting
//!   Research* 14(2), 246–276.
//! - Boehmer, E., Musumeci, J. and Poulsen, A. B. (1991). Event-study
//!   methodology under conditions of event-induced variance. *Journal of
//!   Financial Economics* 30(2), 253–272.
//! - Kolari, J. W. and Pynnönen, S. (2010). Event study testing with
//!   cross-sectional correlation of abnormal returns. *Review of Financial
//!   Studies* 23(11), 3996–4025.

use std::fmt;

use jiff::civil::Date;

use crate::clustering::{self, Clustering};
use crate::returns::Panel;
use crate::stats;

/// The model of normal returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Model {
    /// `R = α + β·Rm + ε`, estimated by least squares.
    #[default]
    MarketModel,
    /// `R = Rm + ε`: the abnormal return is the return over the benchmark.
    MarketAdjusted,
}

impl Model {
    /// The model's name in outputs: `market model`, `market-adjusted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::MarketModel => "market model",
            Model::MarketAdjusted => "market-adjusted",
        }
    }

    /// The fewest estimation days the model's statistics are defined for:
    /// Patell's variance factor needs `n > 4` for the market model and
    /// `n > 3` for the market-adjusted model.
    pub fn min_estimation(self) -> usize {
        match self {
            Model::MarketModel => 5,
            Model::MarketAdjusted => 4,
        }
    }

    /// The variance of a standardised CAR under the null (Patell's
    /// degrees-of-freedom factor) for `n` estimation days.
    fn scar_variance(self, n: usize) -> f64 {
        let n = n as f64;
        match self {
            Model::MarketModel => (n - 2.0) / (n - 4.0),
            Model::MarketAdjusted => (n - 1.0) / (n - 3.0),
        }
    }
}

/// A closed range of trading days relative to day 0: `from ..= to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i32,
    pub to: i32,
}

impl Window {
    pub const fn new(from: i32, to: i32) -> Window {
        Window { from, to }
    }

    /// Number of days; zero when `from > to`.
    pub fn len(self) -> usize {
        (i64::from(self.to) - i64::from(self.from) + 1).max(0) as usize
    }

    /// Whether the window holds no day (`from > to`).
    pub fn is_empty(self) -> bool {
        self.from > self.to
    }

    /// The smallest window covering every non-empty one of `windows`; an
    /// empty window (`[0, -1]`) when there is none.
    pub fn span(windows: &[Window]) -> Window {
        windows
            .iter()
            .filter(|w| !w.is_empty())
            .fold(None, |acc: Option<Window>, w| {
                Some(match acc {
                    None => *w,
                    Some(s) => Window::new(s.from.min(w.from), s.to.max(w.to)),
                })
            })
            .unwrap_or(Window::new(0, -1))
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{:+}, {:+}]", self.from, self.to)
    }
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudySpec {
    pub model: Model,
    /// The estimation window; `[-250, -11]` by default. Days before the
    /// start of the data are simply absent: what counts is how many days
    /// with known returns remain.
    pub estimation: Window,
    /// The event windows; `[-1, +1]`, `[0, +5]` and `[0, +20]` by default.
    pub windows: Vec<Window>,
    /// The fewest estimation days with known returns an event needs; 100
    /// by default, and never fewer than [`Model::min_estimation`].
    pub min_estimation: usize,
}

impl Default for StudySpec {
    fn default() -> StudySpec {
        StudySpec {
            model: Model::MarketModel,
            estimation: Window::new(-250, -11),
            windows: vec![Window::new(-1, 1), Window::new(0, 5), Window::new(0, 20)],
            min_estimation: 100,
        }
    }
}

impl StudySpec {
    /// The minimum number of estimation days actually required.
    pub fn needed_estimation(&self) -> usize {
        self.min_estimation.max(self.model.min_estimation())
    }
}

/// One event: a ticker of the [`Panel`] and the date of the news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventInput {
    /// The ticker's position in [`Panel::tickers`].
    pub ticker: usize,
    /// The date of the news; day 0 is the first session on or after it.
    pub day0: Date,
}

/// The CAR of one event window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowResult {
    /// The cumulative abnormal return (a fraction: 0.05 is 5 %).
    pub car: f64,
    /// Its variance under the model (always positive).
    pub variance: f64,
    /// `car / √variance`.
    pub t: f64,
}

/// The outcome of one event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventResult {
    /// The ticker's position in the panel.
    pub ticker: usize,
    /// Day 0: the session the event is measured from.
    pub day0: Date,
    /// Estimation days with both returns known.
    pub estimation_n: usize,
    /// The intercept (0 for the market-adjusted model).
    pub alpha: f64,
    /// The slope on the benchmark (1 for the market-adjusted model).
    pub beta: f64,
    /// The standard deviation of the abnormal return.
    pub sigma: f64,
    /// Per event window of the spec, in its order: the CAR, or `None` when
    /// the window holds a day with an unknown return.
    pub windows: Vec<Option<WindowResult>>,
    /// The relative days [`EventResult::ar`] covers: the span of the event
    /// windows (clipped to as many days either side of day 0 as the data
    /// has, which no sensible window reaches).
    pub span: Window,
    /// The abnormal return of each day of `span`, `None` when unknown.
    pub ar: Vec<Option<f64>>,
}

impl EventResult {
    /// The abnormal return on relative day `day`.
    pub fn ar_on(&self, day: i32) -> Option<f64> {
        let i = i64::from(day) - i64::from(self.span.from);
        usize::try_from(i)
            .ok()
            .and_then(|i| self.ar.get(i).copied().flatten())
    }
}

/// Why an event has no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The ticker index is not a position in the panel.
    UnknownTicker { index: usize },
    /// The benchmark has no trading day at all.
    NoData,
    /// The event's date is before the first or after the last trading day
    /// of the data.
    Day0OutsideData { date: Date, first: Date, last: Date },
    /// Every event window runs past the first or last trading day.
    EventWindowsOutsideData { day0: Date },
    /// Too few estimation days with known returns for the ticker and the
    /// benchmark.
    TooFewEstimationReturns { have: usize, need: usize },
    /// The benchmark's returns are constant over the estimation window, so
    /// no beta can be estimated.
    FlatBenchmark,
    /// The abnormal returns have no variance over the estimation window
    /// (a halted stock, a cash shell), so no CAR can be tested.
    NoResidualVariance,
    /// Every event window that lies within the data holds a day without a
    /// known return for the ticker.
    NoReturnsNearDay0 { day0: Date },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::UnknownTicker { index } => {
                write!(f, "no ticker at position {index} of the price panel")
            }
            Skip::NoData => f.write_str("the benchmark has no trading days"),
            Skip::Day0OutsideData { date, first, last } => write!(
                f,
                "the event date {date} is outside the price data ({first} to {last})"
            ),
            Skip::EventWindowsOutsideData { day0 } => write!(
                f,
                "every event window around {day0} runs past the ends of the price data"
            ),
            Skip::TooFewEstimationReturns { have, need } => write!(
                f,
                "only {have} days with known returns in the estimation window, {need} needed"
            ),
            Skip::FlatBenchmark => f.write_str(
                "the benchmark's returns do not vary over the estimation window, so there is no beta",
            ),
            Skip::NoResidualVariance => f.write_str(
                "the ticker's abnormal returns do not vary over the estimation window, \
                 so nothing measures what is abnormal",
            ),
            Skip::NoReturnsNearDay0 { day0 } => write!(
                f,
                "the ticker has a day without a known return in every event window around {day0}"
            ),
        }
    }
}

impl std::error::Error for Skip {}

impl monazite_types::error_code::ErrorCode for Skip {
    fn code(&self) -> monazite_types::error_code::Code {
        use monazite_types::error_code::Code;
        match self {
            Skip::UnknownTicker { .. }
            | Skip::NoData
            | Skip::Day0OutsideData { .. }
            | Skip::EventWindowsOutsideData { .. } => Code::StudyOutsideData,
            Skip::TooFewEstimationReturns { .. } | Skip::NoReturnsNearDay0 { .. } => {
                Code::StudyTooFewReturns
            }
            Skip::FlatBenchmark | Skip::NoResidualVariance => Code::StudyNoVariance,
        }
    }
}

/// The estimated model of one event.
struct Fit {
    n: usize,
    alpha: f64,
    beta: f64,
    sigma2: f64,
    /// Mean benchmark return and its centred sum of squares over the
    /// estimation days (market model only: the variance correction).
    mean_x: f64,
    sxx: f64,
}

/// Computes one event: the model over the estimation window, then the ARs
/// of the span of the event windows and the CAR of each window.
///
/// Checks, in order: the ticker exists, the date lies within the data,
/// some event window lies within the data, the estimation window has
/// enough known returns, the model is not degenerate, some window has a
/// CAR. The first that fails is the [`Skip`].
pub fn event(spec: &StudySpec, panel: &Panel, input: EventInput) -> Result<EventResult, Skip> {
    let y_all = panel.returns(input.ticker).ok_or(Skip::UnknownTicker {
        index: input.ticker,
    })?;
    let x_all = panel.market();
    let dates = panel.dates();
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return Err(Skip::NoData);
    };
    if input.day0 < first || input.day0 > last {
        return Err(Skip::Day0OutsideData {
            date: input.day0,
            first,
            last,
        });
    }
    // In range: `day0` finds a day.
    let d = panel.day0(input.day0).ok_or(Skip::NoData)?;
    let day0 = dates[d];
    let inside = |w: Window| {
        let (lo, hi) = absolute(d, w);
        !w.is_empty() && lo >= 0 && hi < dates.len() as i64
    };
    let any_window = spec.windows.iter().any(|w| !w.is_empty());
    if any_window && !spec.windows.iter().any(|&w| inside(w)) {
        return Err(Skip::EventWindowsOutsideData { day0 });
    }

    let (x, y) = match estimation_range(d, spec.estimation, dates.len()) {
        Some((lo, hi)) => (&x_all[lo..=hi], &y_all[lo..=hi]),
        None => (&x_all[..0], &y_all[..0]),
    };
    let fit = estimate(spec.model, x, y);
    let need = spec.needed_estimation();
    if fit.n < need {
        return Err(Skip::TooFewEstimationReturns { have: fit.n, need });
    }
    if spec.model == Model::MarketModel && !(fit.sxx > 0.0 && fit.sxx.is_finite()) {
        return Err(Skip::FlatBenchmark);
    }
    if !(fit.sigma2 > 0.0
        && fit.sigma2.is_finite()
        && fit.alpha.is_finite()
        && fit.beta.is_finite())
    {
        return Err(Skip::NoResidualVariance);
    }

    let span = ar_span(&spec.windows, dates.len());
    let ar: Vec<Option<f64>> = (span.from..=span.to)
        .map(|k| {
            let i = usize::try_from(d as i64 + i64::from(k)).ok()?;
            let (&rm, &r) = (x_all.get(i)?, y_all.get(i)?);
            let ar = r - fit.alpha - fit.beta * rm;
            ar.is_finite().then_some(ar)
        })
        .collect();
    let windows: Vec<Option<WindowResult>> = spec
        .windows
        .iter()
        .map(|&w| {
            if inside(w) {
                window_result(spec.model, &fit, d, w, span, &ar, x_all)
            } else {
                None
            }
        })
        .collect();
    if any_window && windows.iter().all(Option::is_none) {
        return Err(Skip::NoReturnsNearDay0 { day0 });
    }
    Ok(EventResult {
        ticker: input.ticker,
        day0,
        estimation_n: fit.n,
        alpha: fit.alpha,
        beta: fit.beta,
        sigma: fit.sigma2.sqrt(),
        windows,
        span,
        ar,
    })
}

/// The relative days an event's ARs cover: the span of the event windows,
/// clipped to `days` either side of day 0. No window reaching further can
/// lie within data of `days` days, and the clip keeps an absurd window from
/// making every event allocate its length.
fn ar_span(windows: &[Window], days: usize) -> Window {
    let span = Window::span(windows);
    if span.is_empty() {
        return span;
    }
    let days = i32::try_from(days).unwrap_or(i32::MAX);
    let clipped = Window::new(span.from.max(-days), span.to.min(days));
    if clipped.is_empty() {
        Window::new(0, -1)
    } else {
        clipped
    }
}

/// The absolute day range of `w` around day `d`, in `i64` so that no
/// window overflows.
fn absolute(d: usize, w: Window) -> (i64, i64) {
    (d as i64 + i64::from(w.from), d as i64 + i64::from(w.to))
}

/// The indices of the estimation window `w` around day `d` clipped to
/// `0..len`, `None` when nothing remains.
pub(crate) fn estimation_range(d: usize, w: Window, len: usize) -> Option<(usize, usize)> {
    let (lo, hi) = absolute(d, w);
    let lo = lo.max(0);
    let hi = hi.min(len as i64 - 1);
    (lo <= hi && !w.is_empty()).then_some((lo as usize, hi as usize))
}

/// The CAR of window `w`, which lies within the data and `span`; `None`
/// when any of its days has an unknown return.
fn window_result(
    model: Model,
    fit: &Fit,
    d: usize,
    w: Window,
    span: Window,
    ar: &[Option<f64>],
    x_all: &[f64],
) -> Option<WindowResult> {
    let start = (i64::from(w.from) - i64::from(span.from)) as usize;
    let mut car = 0.0;
    for a in &ar[start..start + w.len()] {
        car += (*a)?;
    }
    let l = w.len() as f64;
    let variance = match model {
        Model::MarketModel => {
            // Every day has a known AR, hence a known benchmark return.
            let from = (d as i64 + i64::from(w.from)) as usize;
            let sum_x: f64 = x_all[from..from + w.len()].iter().sum();
            let excess = sum_x - l * fit.mean_x;
            fit.sigma2 * (l + l * l / fit.n as f64 + excess * excess / fit.sxx)
        }
        Model::MarketAdjusted => l * fit.sigma2,
    };
    Some(WindowResult {
        car,
        variance,
        t: car / variance.sqrt(),
    })
}

/// The model over the estimation days where both `x` (the benchmark) and
/// `y` (the ticker) are known.
///
/// Nearly every estimation window has all its returns known, and a plain
/// sum over a NaN is NaN: finite plain sums of `x` and `y` prove there is
/// nothing to mask, and the loops run without the mask. The masked loops
/// add the same numbers in the same order when nothing is unknown, so both
/// paths give identical results there.
fn estimate(model: Model, x: &[f64], y: &[f64]) -> Fit {
    let [sx, sy] = sum_lanes::<2, false>(x, y, |a, b| [a, b]);
    if sx.is_finite() && sy.is_finite() {
        fit::<false>(model, x, y, x.len().min(y.len()), sx, sy)
    } else {
        let [n, sx, sy] = sum_lanes::<3, true>(x, y, |a, b| [1.0, a, b]);
        // The count is a sum of ones, exact far beyond any window's length.
        fit::<true>(model, x, y, n as usize, sx, sy)
    }
}

/// The model from the count and sums of the known days (`MASKED`: whether
/// unknown days must be left out of the second pass).
///
/// Two passes (sums, then centred sums) rather than raw sums of squares:
/// daily returns are small next to their spread, but the centred form
/// keeps full precision whatever the data, which the 1e-9 agreement with
/// the reference relies on.
#[inline(always)]
fn fit<const MASKED: bool>(model: Model, x: &[f64], y: &[f64], n: usize, sx: f64, sy: f64) -> Fit {
    let k = n as f64;
    let (mean_x, mean_y) = (sx / k, sy / k);
    match model {
        Model::MarketModel => {
            let [sxx, sxy, syy] = sum_lanes::<3, MASKED>(x, y, |a, b| {
                let (dx, dy) = (a - mean_x, b - mean_y);
                [dx * dx, dx * dy, dy * dy]
            });
            let beta = sxy / sxx;
            let alpha = mean_y - beta * mean_x;
            // SSR = Syy − β·Sxy; rounding can leave a tiny negative for a
            // perfect fit.
            let ssr = (syy - beta * sxy).max(0.0);
            Fit {
                n,
                alpha,
                beta,
                sigma2: ssr / (k - 2.0),
                mean_x,
                sxx,
            }
        }
        Model::MarketAdjusted => {
            let mean_d = mean_y - mean_x;
            let [ss] = sum_lanes::<1, MASKED>(x, y, |a, b| {
                let e = (b - a) - mean_d;
                [e * e]
            });
            Fit {
                n,
                alpha: 0.0,
                beta: 1.0,
                sigma2: ss / (k - 1.0),
                mean_x,
                sxx: f64::NAN,
            }
        }
    }
}

/// `Σ f(x_t, y_t)` over the days `t`, `K` sums at once; with `MASKED`,
/// only over the days where both `x_t` and `y_t` are known.
///
/// This is the hot loop of the engine. Each sum keeps four accumulators
/// over interleaved days: four independent chains of additions that the
/// processor overlaps and the compiler vectorises, where one accumulator
/// would make every addition wait for the one before (about four times
/// slower over 240 days). The terms of an unknown day are computed anyway
/// and replaced by zero, so the loop has no branch. The grouping of the
/// additions differs from a plain loop by rounding only.
#[inline(always)]
fn sum_lanes<const K: usize, const MASKED: bool>(
    x: &[f64],
    y: &[f64],
    f: impl Fn(f64, f64) -> [f64; K],
) -> [f64; K] {
    const LANES: usize = 4;
    let mut acc = [[0.0; K]; LANES];
    let add = |lane: &mut [f64; K], a: f64, b: f64| {
        let known = !MASKED || (a.is_finite() & b.is_finite());
        for (s, t) in lane.iter_mut().zip(f(a, b)) {
            *s += if known { t } else { 0.0 };
        }
    };
    let mut xs = x.chunks_exact(LANES);
    let mut ys = y.chunks_exact(LANES);
    for (xc, yc) in (&mut xs).zip(&mut ys) {
        for ((lane, &a), &b) in acc.iter_mut().zip(xc).zip(yc) {
            add(lane, a, b);
        }
    }
    for (&a, &b) in xs.remainder().iter().zip(ys.remainder()) {
        add(&mut acc[0], a, b);
    }
    let mut out = [0.0; K];
    for (k, o) in out.iter_mut().enumerate() {
        *o = (acc[0][k] + acc[1][k]) + (acc[2][k] + acc[3][k]);
    }
    out
}

/// A test statistic and its two-sided p-value under the standard normal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    pub statistic: f64,
    pub p_value: f64,
}

impl Test {
    /// `None` unless the statistic is a finite number.
    fn of(statistic: f64) -> Option<Test> {
        statistic.is_finite().then(|| Test {
            statistic,
            p_value: stats::two_sided_p(statistic),
        })
    }
}

/// The cross-section of one event window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSummary {
    pub window: Window,
    /// Events with a CAR over this window.
    pub n: usize,
    /// Of those, how many have a CAR above zero.
    pub positive: usize,
    /// `None` when `n` is zero.
    pub mean_car: Option<f64>,
    /// `None` when `n` is zero.
    pub median_car: Option<f64>,
    /// `mean(CAR) / (sd(CAR)/√N)`.
    pub cross_sectional_t: Option<Test>,
    /// The test of the mean CAR that reads for any `N`: the
    /// cross-sectional t, or with one event that event's own t.
    pub mean_t: Option<Test>,
    /// `Σ SCAR / √(Σ k_i)` (see the module docs for `k_i`).
    pub patell_z: Option<Test>,
    /// `mean(SCAR) / (sd(SCAR)/√N)`.
    pub bmp_t: Option<Test>,
    /// `(N⁺ − N/2) / √(N/4)`.
    pub sign_z: Option<Test>,
    /// The mean cross-correlation `r̄` of the events' CARs
    /// ([`crate::clustering`]); `None` when it cannot be measured.
    pub mean_correlation: Option<f64>,
    /// The BMP t adjusted for that correlation (Kolari–Pynnönen).
    pub bmp_adjusted_t: Option<Test>,
}

/// One relative day of the average path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    /// The relative day.
    pub day: i32,
    /// Events with a known AR that day.
    pub n: usize,
    /// Their mean AR; `None` when `n` is zero.
    pub mean_ar: Option<f64>,
    /// The sum of the mean ARs from the start of the span to this day;
    /// `None` from the first day without any AR on.
    pub caar: Option<f64>,
}

/// A whole study: every event, and the cross-section of each window.
#[derive(Debug, Clone, PartialEq)]
pub struct Study {
    pub model: Model,
    /// Per event, in the order given.
    pub events: Vec<Result<EventResult, Skip>>,
    /// Per event window of the spec, in its order.
    pub windows: Vec<WindowSummary>,
    /// The average path over the span of the event windows.
    pub path: Vec<PathPoint>,
    /// Pairs of completed events whose widest windows overlap; over
    /// [`clustering::MAX_OVERLAPPING_PAIRS`], no correlation is measured.
    pub overlapping_pairs: usize,
}

/// Standard errors either side of the average CAR in [`Study::car_band_pct`]:
/// a two-sided 95 % band under the normal approximation.
pub const BAND_Z: f64 = 1.96;

impl Study {
    /// Events with a result.
    pub fn completed(&self) -> usize {
        self.events.iter().filter(|e| e.is_ok()).count()
    }

    /// Per day of `days` (relative days, in order), the half-width of the
    /// band around the average CAR: [`BAND_Z`] cross-sectional standard
    /// errors of the completed events' CARs from the first of `days` to
    /// that day, in percent. NaN where fewer than two events have a known
    /// CAR: an event whose AR is unknown on a day drops out from that day
    /// on, as its running CAR is unknown.
    pub fn car_band_pct(&self, days: &[i32]) -> Vec<f64> {
        let ok: Vec<&EventResult> = self.events.iter().filter_map(|r| r.as_ref().ok()).collect();
        // NaN stays NaN under addition: an unknown AR makes the event's
        // running CAR unknown from then on.
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
                BAND_Z * (var / n).sqrt() * 100.0
            })
            .collect()
    }
}

/// Runs [`event`] on each event, then summarises each window across the
/// events and averages the AR path.
pub fn run(spec: &StudySpec, panel: &Panel, events: &[EventInput]) -> Study {
    let results: Vec<Result<EventResult, Skip>> =
        events.iter().map(|&e| event(spec, panel, e)).collect();
    let ok: Vec<&EventResult> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let (windows, overlapping_pairs) = cross_sections(spec, panel, &ok);
    let span = ar_span(&spec.windows, panel.len());
    let mut caar = Some(0.0);
    let path = (span.from..=span.to)
        .map(|day| {
            let ars: Vec<f64> = ok.iter().filter_map(|e| e.ar_on(day)).collect();
            let mean_ar = stats::mean(&ars);
            caar = caar.zip(mean_ar).map(|(c, m)| c + m);
            PathPoint {
                day,
                n: ars.len(),
                mean_ar,
                caar,
            }
        })
        .collect();
    Study {
        model: spec.model,
        events: results,
        windows,
        path,
        overlapping_pairs,
    }
}

/// Per ticker with a completed event, in panel order: the cross-section
/// of each window over that ticker's events alone ("what did these events
/// do to USAR, and to MP?").
pub fn by_ticker(
    spec: &StudySpec,
    panel: &Panel,
    study: &Study,
) -> Vec<(usize, Vec<WindowSummary>)> {
    let mut groups: std::collections::BTreeMap<usize, Vec<&EventResult>> = Default::default();
    for e in study.events.iter().filter_map(|r| r.as_ref().ok()) {
        groups.entry(e.ticker).or_default().push(e);
    }
    groups
        .into_iter()
        .map(|(ticker, events)| (ticker, cross_sections(spec, panel, &events).0))
        .collect()
}

/// The cross-section of each event window over completed events, and how
/// many pairs of them share window days.
fn cross_sections(
    spec: &StudySpec,
    panel: &Panel,
    events: &[&EventResult],
) -> (Vec<WindowSummary>, usize) {
    let Clustering {
        overlapping_pairs,
        mean_correlation,
    } = clustering::mean_correlations(spec, panel, events);
    let windows = spec
        .windows
        .iter()
        .zip(mean_correlation)
        .enumerate()
        .map(|(i, (&w, r))| {
            let cars: Vec<(usize, WindowResult)> = events
                .iter()
                .filter_map(|e| Some((e.estimation_n, e.windows[i]?)))
                .collect();
            summarise(spec.model, w, &cars, r)
        })
        .collect();
    (windows, overlapping_pairs)
}

/// The cross-sectional statistics of one window over the events' CARs,
/// each with its number of estimation days, and their mean correlation.
fn summarise(
    model: Model,
    window: Window,
    cars: &[(usize, WindowResult)],
    mean_correlation: Option<f64>,
) -> WindowSummary {
    let car: Vec<f64> = cars.iter().map(|(_, r)| r.car).collect();
    // The standardised CAR is the event's own t statistic.
    let scar: Vec<f64> = cars.iter().map(|(_, r)| r.t).collect();
    let k_sum: f64 = cars.iter().map(|&(n, _)| model.scar_variance(n)).sum();
    let n = car.len();
    let positive = car.iter().filter(|&&c| c > 0.0).count();
    let root_n = (n as f64).sqrt();
    let enough = n >= 2;
    let t_of = |xs: &[f64]| {
        let m = stats::mean(xs)?;
        let sd = stats::sample_sd(xs)?;
        (sd > 0.0).then(|| m / (sd / root_n)).and_then(Test::of)
    };
    let cross_sectional_t = t_of(&car);
    let mean_t = match cars {
        [(_, only)] => Test::of(only.t),
        _ => cross_sectional_t,
    };
    let bmp_t = t_of(&scar);
    let bmp_adjusted_t = bmp_t
        .zip(mean_correlation)
        .and_then(|(t, r)| clustering::bmp_scale(n, r).map(|scale| t.statistic * scale))
        .and_then(Test::of);
    WindowSummary {
        window,
        n,
        positive,
        mean_car: stats::mean(&car),
        median_car: stats::median(&car),
        cross_sectional_t,
        mean_t,
        patell_z: enough
            .then(|| scar.iter().sum::<f64>() / k_sum.sqrt())
            .and_then(Test::of),
        bmp_t,
        sign_z: enough
            .then(|| (positive as f64 - n as f64 / 2.0) / (n as f64 / 4.0).sqrt())
            .and_then(Test::of),
        mean_correlation,
        bmp_adjusted_t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_have_lengths_and_a_span() {
        assert_eq!(Window::new(-1, 1).len(), 3);
        assert_eq!(Window::new(2, 1).len(), 0);
        assert_eq!(Window::new(i32::MIN, i32::MAX).len(), 1 << 32);
        let spec = StudySpec::default();
        assert_eq!(Window::span(&spec.windows), Window::new(-1, 20));
        assert!(Window::span(&[]).is_empty());
        assert_eq!(Window::new(-1, 5).to_string(), "[-1, +5]");
    }

    fn result(ticker: usize, ar: &[Option<f64>]) -> EventResult {
        EventResult {
            ticker,
            day0: jiff::civil::date(2025, 10, 13),
            estimation_n: 100,
            alpha: 0.0,
            beta: 1.0,
            sigma: 0.01,
            windows: Vec::new(),
            span: Window::new(0, ar.len() as i32 - 1),
            ar: ar.to_vec(),
        }
    }

    #[test]
    fn the_car_band_is_standard_errors_of_the_running_cars() {
        let study = Study {
            model: Model::MarketModel,
            events: vec![
                Ok(result(0, &[Some(0.01), Some(0.02), Some(0.0)])),
                Ok(result(1, &[Some(0.03), None, Some(0.0)])),
                Ok(result(2, &[Some(-0.01), Some(0.0), Some(0.01)])),
                Err(Skip::FlatBenchmark),
            ],
            windows: Vec::new(),
            path: Vec::new(),
            overlapping_pairs: 0,
        };
        let band = study.car_band_pct(&[0, 1, 2]);
        // Day 0: CARs 1 %, 3 %, -1 %: sd 2 %, se 2/√3 %.
        let se0 = 0.02 / 3f64.sqrt();
        assert!((band[0] - BAND_Z * se0 * 100.0).abs() < 1e-9, "{band:?}");
        // Day 1: the second event's AR is unknown, so it drops out; the
        // others' CARs are 3 % and -1 %: sd 2√2 %, se 2 %.
        assert!((band[1] - BAND_Z * 0.02 * 100.0).abs() < 1e-9, "{band:?}");
        // It stays out: day 2's CARs are 3 % and 0 %.
        let se2 = (0.03f64 - 0.0).abs() / 2f64.sqrt() / 2f64.sqrt();
        assert!((band[2] - BAND_Z * se2 * 100.0).abs() < 1e-9, "{band:?}");
        // One event gives no band.
        let one = Study {
            events: vec![Ok(result(0, &[Some(0.01)]))],
            ..study
        };
        assert!(one.car_band_pct(&[0])[0].is_nan());
    }
}
