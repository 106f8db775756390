"""An independent event-study reference for monazite-market's tests.

Usage: event_study.py INPUT.json OUTPUT.json

INPUT holds raw closes (the benchmark's and each ticker's, as dates and
prices), the events (ticker position and date) and one or more study specs.
This script does everything from there on its own, with numpy and written
without looking at the Rust code's numerics:

- returns on the benchmark's calendar (a ticker's return needs a close on
  the day and on the previous calendar day, both finite and positive);
- day 0 as the first calendar day on or after the event date (bisect);
- the market model by numpy least squares (np.linalg.lstsq on [1, Rm]),
  sigma^2 = SSR / (n - 2) from the residual vector;
- Var(CAR) as the quadratic form 1' V 1 with the prediction-error
  covariance V = sigma^2 (I + X* (X'X)^-1 X*'), an explicit matrix inverse
  (MacKinlay 1997, eqs. 10 and 15), not the closed form the Rust code uses;
- the market-adjusted model: AR = R - Rm, sigma^2 = var(R - Rm, ddof=1),
  V = sigma^2 I;
- the cross-section: mean, median, sd (ddof=1), cross-sectional t, Patell Z
  with (n-2)/(n-4) (market model) or (n-1)/(n-3) (market-adjusted), the
  BMP t, the sign Z, two-sided normal p-values from math.erfc;
- the average AR path and its running sum;
- the Kolari-Pynnonen adjusted BMP t: r-bar as the mean over all pairs of
  events with a CAR of rho_ij * (L - |d_i - d_j|) / L (zero for pairs
  whose windows do not overlap), rho_ij from np.corrcoef of the two
  events' estimation residuals on their common calendar days (at least 30
  with both known, else r-bar is unknown).

The skip reasons are reproduced as codes so that the two implementations
also agree on which events have no result, and why.
"""

import bisect
import itertools
import json
import math
import sys

import numpy as np


def returns_on(calendar, dates, closes):
    """Simple returns of (dates, closes) on each calendar day; NaN if unknown."""
    price = {}
    for d, c in zip(dates, closes):
        price[d] = c if (math.isfinite(c) and c > 0) else math.nan
    out = np.full(len(calendar), np.nan)
    for i in range(1, len(calendar)):
        p = price.get(calendar[i], math.nan)
        q = price.get(calendar[i - 1], math.nan)
        if math.isfinite(p) and math.isfinite(q):
            out[i] = p / q - 1.0
    return out


def one_event(spec, calendar, rm, r, date):
    n_days = len(calendar)
    if n_days == 0:
        return {"skip": "no_data"}
    if date < calendar[0] or date > calendar[-1]:
        return {"skip": "day0_outside_data"}
    d = bisect.bisect_left(calendar, date)
    windows = [tuple(w) for w in spec["windows"]]
    nonempty = [w for w in windows if w[0] <= w[1]]

    def inside(w):
        return w[0] <= w[1] and d + w[0] >= 0 and d + w[1] < n_days

    if nonempty and not any(inside(w) for w in nonempty):
        return {"skip": "event_windows_outside_data"}

    e_from, e_to = spec["estimation"]
    lo, hi = max(d + e_from, 0), min(d + e_to, n_days - 1)
    idx = np.arange(lo, hi + 1) if (e_from <= e_to and lo <= hi) else np.arange(0)
    x, y = rm[idx], r[idx]
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(x)
    model = spec["model"]
    need = max(spec["min_estimation"], 5 if model == "market_model" else 4)
    if n < need:
        return {"skip": "too_few_estimation_returns", "have": n, "need": need}

    if model == "market_model":
        if np.sum((x - x.mean()) ** 2) <= 0:
            return {"skip": "flat_benchmark"}
        X = np.column_stack([np.ones(n), x])
        coef, _, _, _ = np.linalg.lstsq(X, y, rcond=None)
        alpha, beta = float(coef[0]), float(coef[1])
        resid = y - X @ coef
        sigma2 = float(resid @ resid) / (n - 2)
        xtx_inv = np.linalg.inv(X.T @ X)
    else:
        alpha, beta = 0.0, 1.0
        sigma2 = float(np.var(y - x, ddof=1))
        xtx_inv = None
    if not (sigma2 > 0 and math.isfinite(sigma2)):
        return {"skip": "no_residual_variance"}

    span_from, span_to = span_of(spec, n_days)
    ar = []
    for k in range(span_from, span_to + 1):
        i = d + k
        if 0 <= i < n_days and math.isfinite(r[i]) and math.isfinite(rm[i]):
            ar.append(float(r[i] - alpha - beta * rm[i]))
        else:
            ar.append(None)

    results = []
    for w in windows:
        if not inside(w):
            results.append(None)
            continue
        days = np.arange(d + w[0], d + w[1] + 1)
        rw, rmw = r[days], rm[days]
        if not (np.all(np.isfinite(rw)) and np.all(np.isfinite(rmw))):
            results.append(None)
            continue
        length = len(days)
        car = float(np.sum(rw - alpha - beta * rmw))
        if model == "market_model":
            xs = np.column_stack([np.ones(length), rmw])
            v = sigma2 * (np.eye(length) + xs @ xtx_inv @ xs.T)
        else:
            v = sigma2 * np.eye(length)
        ones = np.ones(length)
        var = float(ones @ v @ ones)
        results.append({"car": car, "variance": var, "t": car / math.sqrt(var)})
    if nonempty and all(res is None for res in results):
        return {"skip": "no_returns_near_day0"}
    e_lo = int(idx[0]) if len(idx) else d
    resid_all = r[idx] - alpha - beta * rm[idx]
    return {
        "day0": calendar[d],
        "d": d,
        "resid_from": e_lo,
        "resid": resid_all,
        "n": n,
        "alpha": alpha,
        "beta": beta,
        "sigma": math.sqrt(sigma2),
        "windows": results,
        "span": [span_from, span_to],
        "ar": ar,
    }


def p_two_sided(z):
    return math.erfc(abs(z) / math.sqrt(2.0))


def test(stat):
    if stat is None or not math.isfinite(stat):
        return None
    return {"statistic": stat, "p_value": p_two_sided(stat)}


MIN_COMMON_DAYS = 30


def pair_correlation(a, b):
    lo = max(a["resid_from"], b["resid_from"])
    hi = min(a["resid_from"] + len(a["resid"]), b["resid_from"] + len(b["resid"]))
    if hi <= lo:
        return None
    u = a["resid"][lo - a["resid_from"]:hi - a["resid_from"]]
    v = b["resid"][lo - b["resid_from"]:hi - b["resid_from"]]
    keep = np.isfinite(u) & np.isfinite(v)
    u, v = u[keep], v[keep]
    if len(u) < MIN_COMMON_DAYS:
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = float(np.corrcoef(u, v)[0, 1])
    return rho if math.isfinite(rho) else None


def mean_correlation(spec, events, w_index):
    w = spec["windows"][w_index]
    length = w[1] - w[0] + 1
    members = [e for e in events if "skip" not in e and e["windows"][w_index] is not None]
    n = len(members)
    if n < 2:
        return None
    total = 0.0
    for a, b in itertools.combinations(members, 2):
        gap = abs(a["d"] - b["d"])
        if gap >= length:
            continue
        rho = pair_correlation(a, b)
        if rho is None:
            return None
        total += rho * (length - gap) / length
    return total / (n * (n - 1) / 2)


def cross_section(model, events, w_index, r_bar):
    pairs = [
        (e["n"], e["windows"][w_index])
        for e in events
        if "skip" not in e and e["windows"][w_index] is not None
    ]
    car = np.array([p[1]["car"] for p in pairs])
    scar = np.array([p[1]["car"] / math.sqrt(p[1]["variance"]) for p in pairs])
    ns = np.array([p[0] for p in pairs], dtype=float)
    n = len(pairs)
    out = {
        "n": n,
        "positive": int(np.sum(car > 0)),
        "mean_car": float(np.mean(car)) if n else None,
        "median_car": float(np.median(car)) if n else None,
        "cross_sectional_t": None,
        "patell_z": None,
        "bmp_t": None,
        "sign_z": None,
        "mean_correlation": r_bar,
        "bmp_adjusted_t": None,
    }
    if n >= 2:
        sd = float(np.std(car, ddof=1))
        if sd > 0:
            out["cross_sectional_t"] = test(float(np.mean(car)) / (sd / math.sqrt(n)))
        if model == "market_model":
            k = (ns - 2) / (ns - 4)
        else:
            k = (ns - 1) / (ns - 3)
        out["patell_z"] = test(float(np.sum(scar)) / math.sqrt(float(np.sum(k))))
        sd_s = float(np.std(scar, ddof=1))
        if sd_s > 0:
            bmp = float(np.mean(scar)) / (sd_s / math.sqrt(n))
            out["bmp_t"] = test(bmp)
            if r_bar is not None and r_bar < 1 and 1 + (n - 1) * r_bar > 0:
                out["bmp_adjusted_t"] = test(bmp * math.sqrt((1 - r_bar) / (1 + (n - 1) * r_bar)))
        out["sign_z"] = test((out["positive"] - n / 2) / math.sqrt(n / 4))
    return out


def span_of(spec, n_days):
    nonempty = [w for w in spec["windows"] if w[0] <= w[1]]
    if not nonempty:
        return 0, -1
    span_from = max(min(w[0] for w in nonempty), -n_days)
    span_to = min(max(w[1] for w in nonempty), n_days)
    return (span_from, span_to) if span_from <= span_to else (0, -1)


def path(span, events):
    ok = [e for e in events if "skip" not in e]
    span_from, span_to = span
    points, caar = [], 0.0
    for j, day in enumerate(range(span_from, span_to + 1)):
        ars = [e["ar"][j] for e in ok if e["ar"][j] is not None]
        mean = float(np.mean(ars)) if ars else None
        caar = None if (caar is None or mean is None) else caar + mean
        points.append({"day": day, "n": len(ars), "mean_ar": mean, "caar": caar})
    return points


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    calendar = data["benchmark"]["dates"]
    rm = returns_on(calendar, calendar, data["benchmark"]["closes"])
    rs = [returns_on(calendar, t["dates"], t["closes"]) for t in data["tickers"]]
    studies = []
    for spec in data["studies"]:
        events = []
        for ev in data["events"]:
            if not 0 <= ev["ticker"] < len(rs):
                events.append({"skip": "unknown_ticker"})
                continue
            events.append(one_event(spec, calendar, rm, rs[ev["ticker"]], ev["date"]))
        windows = [
            cross_section(spec["model"], events, i, mean_correlation(spec, events, i))
            for i in range(len(spec["windows"]))
        ]
        for e in events:
            e.pop("resid", None)
        studies.append({"events": events, "windows": windows, "path": path(span_of(spec, len(calendar)), events)})
    with open(sys.argv[2], "w") as f:
        json.dump({"numpy": np.__version__, "studies": studies}, f)


if __name__ == "__main__":
    main()
