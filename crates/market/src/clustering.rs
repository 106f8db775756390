//! Events that share calendar days: the cross-correlation the BMP test
//! assumes away, and the Kolari–Pynnönen (2010) adjustment for it.
//!
//! One announcement moves many tickers on the same day, and the
//! cross-sectional tests count each (event, ticker) as an independent
//! observation. When abnormal returns are correlated across firms on the
//! same days, the SCARs are too, and the BMP t overstates significance.
//! Kolari and Pynnönen measure the average cross-correlation `r̄` of the
//! estimation-period abnormal returns and scale the BMP t by
//!
//! ```text
//! adjusted BMP t = BMP t · √((1 − r̄) / (1 + (N − 1)·r̄))
//! ```
//!
//! which is their formula for a fully clustered sample (all events on one
//! day). Samples here mix clusters, near-misses (notices two sessions
//! apart) and events months apart, so each pair gets the correlation its
//! CARs would have with independent days and contemporaneous correlation
//! `ρ_ij`: `r_ij = ρ_ij · overlap_ij / L`, where `overlap_ij` is how many
//! days of the `L`-day event windows the two share (`L − |d_i − d_j|`, or
//! zero). `r̄` is the mean of `r_ij` over all pairs of events with a CAR in
//! the window; pairs whose windows do not touch count as zero. With every
//! event on one day this is exactly Kolari–Pynnönen's `r̄`.
//!
//! `ρ_ij` is the Pearson correlation of the two events' estimation-period
//! abnormal returns (`R − α − β·Rm` with each event's own model) over the
//! calendar days both estimation windows hold with both known, which must
//! be at least [`MIN_COMMON_DAYS`]; a pair with fewer (or with a constant
//! residual there) leaves `r̄` unknown, and the adjusted test with it.
//!
//! Pairs of events whose windows overlap are enumerated by day 0, so
//! the work grows with the pairs that matter, not with all pairs; beyond
//! [`MAX_OVERLAPPING_PAIRS`] of them nothing is measured.
//!
//! Kolari, J. W. and Pynnönen, S. (2010). Event study testing with
//! cross-sectional correlation of abnormal returns. *Review of Financial
//! Studies* 23(11), 3996–4025.

use crate::returns::Panel;
use crate::study::{estimation_range, EventResult, StudySpec};

/// The most pairs of events with overlapping windows whose correlation is
/// measured: each costs a pass over about 240 estimation days.
pub const MAX_OVERLAPPING_PAIRS: usize = 250_000;

/// The fewest calendar days two estimation windows must share, with both
/// abnormal returns known, for their correlation to be measured.
pub const MIN_COMMON_DAYS: usize = 30;

/// What [`mean_correlations`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Pairs of events whose widest windows overlap.
    pub overlapping_pairs: usize,
    /// Per event window of the spec: `r̄`, `None` when fewer than two
    /// events have a CAR there, when some pair's correlation cannot be
    /// measured, or when the pairs are over [`MAX_OVERLAPPING_PAIRS`].
    pub mean_correlation: Vec<Option<f64>>,
}

/// A completed event and its day 0's index in the panel.
#[derive(Clone, Copy)]
struct Placed<'a> {
    event: &'a EventResult,
    d: usize,
}

/// `r̄` of each event window of `spec` over `events` (completed events of
/// [`crate::study::run`], in any order).
pub fn mean_correlations(spec: &StudySpec, panel: &Panel, events: &[&EventResult]) -> Clustering {
    let unknown = |overlapping_pairs| Clustering {
        overlapping_pairs,
        mean_correlation: vec![None; spec.windows.len()],
    };
    let widest = spec.windows.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut by_day: Vec<(usize, &EventResult)> = events
        .iter()
        .filter_map(|&e| Some((panel.day0(e.day0)?, e)))
        .collect();
    by_day.sort_by_key(|&(d, _)| d);

    let overlapping = |i: usize| {
        by_day[i + 1..]
            .iter()
            .take_while(|(d, _)| d - by_day[i].0 < widest)
            .count()
    };
    let overlapping_pairs: usize = (0..by_day.len()).map(overlapping).sum();
    if overlapping_pairs > MAX_OVERLAPPING_PAIRS {
        return unknown(overlapping_pairs);
    }

    // Per window: the sum of r_ij over overlapping pairs, `None` once a
    // pair cannot be measured. Residuals are computed per pair into one
    // scratch buffer: memory stays flat however many events there are.
    let mut sums: Vec<Option<f64>> = vec![Some(0.0); spec.windows.len()];
    let mut scratch = Vec::new();
    for (i, &(d, event)) in by_day.iter().enumerate() {
        let a = Placed { event, d };
        for &(d, event) in &by_day[i + 1..i + 1 + overlapping(i)] {
            let b = Placed { event, d };
            let gap = b.d - a.d;
            let rho = correlation(spec, panel, a, b, &mut scratch);
            for (w, (window, sum)) in spec.windows.iter().zip(&mut sums).enumerate() {
                let (len, both) = (
                    window.len(),
                    a.event.windows[w].is_some() && b.event.windows[w].is_some(),
                );
                if !both || gap >= len {
                    continue;
                }
                let share = (len - gap) as f64 / len as f64;
                *sum = sum.zip(rho).map(|(s, rho)| s + rho * share);
            }
        }
    }
    let mean_correlation = sums
        .iter()
        .enumerate()
        .map(|(w, sum)| {
            let n = events.iter().filter(|e| e.windows[w].is_some()).count();
            let pairs = n * n.saturating_sub(1) / 2;
            sum.filter(|_| pairs > 0).map(|s| s / pairs as f64)
        })
        .collect();
    Clustering {
        overlapping_pairs,
        mean_correlation,
    }
}

/// The Kolari–Pynnönen scale of the BMP t for `n` events with mean
/// correlation `r̄`; `None` where the formula has no meaning (`r̄ ≥ 1`, or
/// so negative that `1 + (n − 1)·r̄ ≤ 0`).
pub fn bmp_scale(n: usize, mean_correlation: f64) -> Option<f64> {
    let r = mean_correlation;
    let denominator = 1.0 + (n as f64 - 1.0) * r;
    (r < 1.0 && denominator > 0.0).then(|| ((1.0 - r) / denominator).sqrt())
}

/// The Pearson correlation of two events' estimation-period abnormal
/// returns over the calendar days both estimation windows hold with both
/// known; `None` below [`MIN_COMMON_DAYS`] or without spread. `scratch`
/// holds the pairs of residuals between the two passes.
fn correlation(
    spec: &StudySpec,
    panel: &Panel,
    a: Placed,
    b: Placed,
    scratch: &mut Vec<(f64, f64)>,
) -> Option<f64> {
    let days = panel.len();
    let (a_lo, a_hi) = estimation_range(a.d, spec.estimation, days)?;
    let (b_lo, b_hi) = estimation_range(b.d, spec.estimation, days)?;
    let (lo, hi) = (a_lo.max(b_lo), a_hi.min(b_hi));
    let x = panel.market();
    let (ya, yb) = (
        panel.returns(a.event.ticker)?,
        panel.returns(b.event.ticker)?,
    );
    // An unknown return is NaN, and so is its residual.
    let residual = |e: &EventResult, y: &[f64], t: usize| y[t] - e.alpha - e.beta * x[t];
    scratch.clear();
    scratch.extend(
        (lo..=hi)
            .map(|t| (residual(a.event, ya, t), residual(b.event, yb, t)))
            .filter(|(u, v)| u.is_finite() && v.is_finite()),
    );
    if scratch.len() < MIN_COMMON_DAYS {
        return None;
    }
    let n = scratch.len() as f64;
    let mean_u = scratch.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_v = scratch.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut suv, mut suu, mut svv) = (0.0, 0.0, 0.0);
    for &(u, v) in scratch.iter() {
        let (du, dv) = (u - mean_u, v - mean_v);
        suv += du * dv;
        suu += du * du;
        svv += dv * dv;
    }
    let rho = suv / (suu * svv).sqrt();
    rho.is_finite().then_some(rho)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_shrinks_with_correlation_and_refuses_the_meaningless() {
        assert_eq!(bmp_scale(10, 0.0), Some(1.0));
        let scale = bmp_scale(10, 0.1).unwrap();
        assert!((scale - (0.9f64 / 1.9).sqrt()).abs() < 1e-15);
        assert!(bmp_scale(10, -0.05).unwrap() > 1.0);
        assert_eq!(bmp_scale(10, 1.0), None);
        assert_eq!(bmp_scale(10, -0.2), None, "1 + 9·(−0.2) < 0");
    }
}
