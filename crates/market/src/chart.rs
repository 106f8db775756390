//! An SVG chart of the average cumulative abnormal return around day 0.
//!
//! Hand-written SVG: one line, an optional confidence band, axes with
//! labelled ticks, a zero line and a marker at day 0. The output depends on
//! the numbers only (fixed precision), so the same study draws the same
//! bytes.

use std::fmt::Write;

/// The average path to draw, in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct CarChart<'a> {
    pub title: &'a str,
    /// Relative trading days, increasing.
    pub days: &'a [i32],
    /// Average CAR per day, in percent; `NaN` where unknown (not drawn).
    pub car_pct: &'a [f64],
    /// Half-width of a confidence band per day, in percent, if known.
    pub band_pct: Option<&'a [f64]>,
    /// Events behind each day's average.
    pub events: &'a [usize],
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 48.0;
/// Title characters that fit the width at its font size.
const MAX_TITLE_CHARS: usize = 84;

/// Escapes text for SVG content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about
/// `target` ticks over `span`.
fn tick_step(span: f64, target: f64) -> f64 {
    let raw = (span / target).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

impl CarChart<'_> {
    /// The chart as an SVG document.
    pub fn to_svg(&self) -> String {
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
             viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"sans-serif\" font-size=\"12\">\n\
             <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
             <text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n",
            WIDTH / 2.0,
            escape(&fit(self.title))
        );
        let points: Vec<(i32, f64, f64)> = self
            .days
            .iter()
            .zip(self.car_pct)
            .enumerate()
            .filter(|(_, (_, v))| v.is_finite())
            .map(|(i, (d, v))| {
                let band = self
                    .band_pct
                    .and_then(|b| b.get(i).copied())
                    .filter(|b| b.is_finite())
                    .unwrap_or(0.0);
                (*d, *v, band)
            })
            .collect();
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no events with known returns</text>\n</svg>\n",
                WIDTH / 2.0,
                HEIGHT / 2.0
            );
            return svg;
        };
        let (day_min, day_max) = (first.0.min(0), last.0.max(0));
        let day_span = f64::from((day_max - day_min).max(1));
        let low = points.iter().map(|p| p.1 - p.2).fold(0.0, f64::min);
        let high = points.iter().map(|p| p.1 + p.2).fold(0.0, f64::max);
        let step = tick_step((high - low).max(1e-9), 6.0);
        let (low, high) = ((low / step).floor() * step, (high / step).ceil() * step);
        let (low, high) = if high > low {
            (low, high)
        } else {
            (low - step, high + step)
        };
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let x = |d: f64| LEFT + (d - f64::from(day_min)) / day_span * plot_w;
        let y = |v: f64| TOP + (high - v) / (high - low) * plot_h;

        // Value ticks and grid.
        let mut tick = low;
        while tick <= high + step / 2.0 {
            let _ = writeln!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#e5e5e5\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}%</text>",
                LEFT,
                y(tick),
                WIDTH - RIGHT,
                y(tick),
                LEFT - 6.0,
                y(tick) + 4.0,
                format_tick(tick, step)
            );
            tick += step;
        }
        // Day ticks.
        let day_step = tick_step(day_span, 10.0).max(1.0) as i32;
        let mut d = day_min.div_euclid(day_step) * day_step;
        while d <= day_max {
            if d >= day_min {
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{d}</text>",
                    x(f64::from(d)),
                    HEIGHT - BOTTOM + 18.0
                );
            }
            d += day_step;
        }
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">trading days relative to the event (day 0)</text>",
            LEFT + plot_w / 2.0,
            HEIGHT - 10.0
        );
        // Zero line and day 0.
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT:.1}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#888\"/>\n\
             <line x1=\"{2:.1}\" y1=\"{TOP:.1}\" x2=\"{2:.1}\" y2=\"{3:.1}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>",
            y(0.0),
            WIDTH - RIGHT,
            x(0.0),
            HEIGHT - BOTTOM
        );
        // Band.
        if self.band_pct.is_some() {
            let mut path = String::new();
            for (i, (d, v, b)) in points.iter().enumerate() {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1} ",
                    if i == 0 { "M" } else { "L" },
                    x(f64::from(*d)),
                    y(v + b)
                );
            }
            for (d, v, b) in points.iter().rev() {
                let _ = write!(path, "L{:.1},{:.1} ", x(f64::from(*d)), y(v - b));
            }
            let _ = writeln!(
                svg,
                "<path d=\"{}Z\" fill=\"#1f77b4\" fill-opacity=\"0.15\" stroke=\"none\"/>",
                path
            );
        }
        // The average CAR.
        let line: Vec<String> = points
            .iter()
            .map(|(d, v, _)| format!("{:.1},{:.1}", x(f64::from(*d)), y(*v)))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>",
            line.join(" ")
        );
        for (d, v, _) in &points {
            let n = self
                .days
                .iter()
                .position(|day| day == d)
                .and_then(|i| self.events.get(i))
                .copied()
                .unwrap_or(0);
            let _ = writeln!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#1f77b4\"><title>day {d}: {v:+.2}% (n={n})</title></circle>",
                x(f64::from(*d)),
                y(*v)
            );
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// The title, cut with an ellipsis when it would not fit.
fn fit(title: &str) -> String {
    if title.chars().count() <= MAX_TITLE_CHARS {
        return title.to_string();
    }
    let mut cut: String = title.chars().take(MAX_TITLE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// A tick label with as many decimals as the step needs.
fn format_tick(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let value = if value.abs() < step / 1e6 { 0.0 } else { value };
    format!("{value:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_draws_every_known_day_and_escapes_the_title() {
        let days = [-2, -1, 0, 1, 2];
        let car = [0.0, 0.5, 4.0, f64::NAN, 6.5];
        let band = [0.5, 0.6, 1.0, 1.0, 1.2];
        let events = [3, 3, 3, 0, 2];
        let draw = || {
            CarChart {
                title: "export_control <CN> & MP",
                days: &days,
                car_pct: &car,
                band_pct: Some(&band),
                events: &events,
            }
            .to_svg()
        };
        let svg = draw();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        assert!(svg.contains("export_control &lt;CN&gt; &amp; MP"));
        assert_eq!(
            svg.matches("<circle").count(),
            4,
            "the unknown day is not drawn"
        );
        assert!(svg.contains("day 2: +6.50% (n=2)"));
        assert!(svg.contains("fill-opacity"));
        // Deterministic.
        let again = draw();
        assert_eq!(svg, again);
    }

    #[test]
    fn an_empty_path_says_so() {
        let svg = CarChart {
            title: "t",
            days: &[0],
            car_pct: &[f64::NAN],
            band_pct: None,
            events: &[0],
        }
        .to_svg();
        assert!(svg.contains("no events with known returns"));
    }

    #[test]
    fn long_titles_are_cut_to_fit() {
        let long = "x".repeat(200);
        assert_eq!(fit(&long).chars().count(), MAX_TITLE_CHARS);
        assert!(fit(&long).ends_with('…'));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(tick_step(10.0, 5.0), 2.0);
        assert_eq!(tick_step(0.7, 6.0), 0.2);
        assert_eq!(tick_step(30.0, 10.0), 5.0);
        assert_eq!(format_tick(0.4, 0.2), "0.4");
        assert_eq!(format_tick(-10.0, 5.0), "-10");
    }
}
