#!/usr/bin/env python3
"""Build packs/critical-minerals/global-listed.csv from the global securities list.

Input: ../shared/data/securities-global/*.csv (FinanceDatabase equities of 42 non-US
exchanges, MIT licence, see its SOURCE.md). Output: `ticker,exchange,name,ordinary,
alternatives,us_ticker,finance`, one row per company:

- `ticker` is the symbol without its venue suffix ("0769" for 0769.HK), `exchange` the
  pack's code of the venue (markets.toml: HKEX, SSE, TSE_JP, KRX, TADAWUL...).
- Kept: listings that are not delisted, on a venue whose country is the company's
  (Chinese companies count as home in Hong Kong), or whose country the list leaves
  empty; left out: foreign lines (Apple on Mexico's BMV), warrants, certificates,
  rights and funds. A home listing of a company the US list also has (Toyota's 7203
  beside its NYSE line TM) names that US ticker in `us_ticker`: it is the company's
  other listing, not another company.
- One company per ISIN: the home listing first by the venue order below; its other
  listings go in `alternatives` as EXCHANGE:SYMBOL separated by ';'.
- `ordinary` is 1 when the name, its legal words set aside, is one ordinary English
  word (SCOWL's small American English list, as build-us-listed.py).
- `finance` is 1 when the list puts the company in the Financials sector (banks,
  insurers, asset managers): its stake in another company is a position it holds.

Usage: python3 scripts/build-global-listed.py [SECURITIES_GLOBAL_DIR] [OUT_CSV]
Standard library only.
"""

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_IN = REPO.parent / "shared/data/securities-global"
DEFAULT_OUT = REPO / "packs/critical-minerals/global-listed.csv"
US_LISTED = REPO / "packs/critical-minerals/us-listed.csv"
WORDS = Path("/usr/share/dict/american-english-small")

# File code -> (pack exchange code, home countries), in order of preference when
# one company is listed on several.
VENUES = {
    "HKG": ("HKEX", {"Hong Kong", "China"}), "SHH": ("SSE", {"China"}), "SHZ": ("SZSE", {"China"}),
    "JPX": ("TSE_JP", {"Japan"}), "KSC": ("KRX", {"South Korea"}), "KOE": ("KOSDAQ", {"South Korea"}),
    "TOR": ("TSX", {"Canada"}), "VAN": ("TSXV", {"Canada"}), "CNQ": ("CSE", {"Canada"}),
    "NEO": ("CBOE_CA", {"Canada"}), "ASX": ("ASX", {"Australia"}), "LSE": ("LSE", {"United Kingdom"}),
    "GER": ("XETRA", {"Germany"}), "PAR": ("EURONEXT_PARIS", {"France"}),
    "AMS": ("EURONEXT_AMSTERDAM", {"Netherlands"}), "BRU": ("EURONEXT_BRUSSELS", {"Belgium"}),
    "LIS": ("EURONEXT_LISBON", {"Portugal"}), "MIL": ("BORSA_ITALIANA", {"Italy"}),
    "MCE": ("BME", {"Spain"}), "STO": ("OMX_STOCKHOLM", {"Sweden"}), "OSL": ("OSLO", {"Norway"}),
    "HEL": ("OMX_HELSINKI", {"Finland"}), "CPH": ("OMX_COPENHAGEN", {"Denmark"}),
    "VIE": ("WIENER_BOERSE", {"Austria"}), "JNB": ("JSE", {"South Africa"}),
    "SAU": ("TADAWUL", {"Saudi Arabia"}), "NSE": ("NSE_IN", {"India"}), "BSE": ("NSE_IN", {"India"}),
    "SAO": ("B3", {"Brazil"}), "MEX": ("BMV", {"Mexico"}), "SGO": ("BCS_CL", {"Chile"}),
    "BUE": ("BYMA", {"Argentina"}), "SES": ("SGX", {"Singapore"}), "KLS": ("BURSA", {"Malaysia"}),
    "JKT": ("IDX", {"Indonesia"}), "TAI": ("TWSE", {"Taiwan"}), "TWO": ("TPEX", {"Taiwan"}),
    "SET": ("SET", {"Thailand"}), "NZE": ("NZX", {"New Zealand"}), "TLV": ("TASE", {"Israel"}),
    "IST": ("BIST", {"Turkey"}), "DOH": ("QSE", {"Qatar"}),
}
ORDER = list(VENUES)
NOT_SHARES = re.compile(r"\b(CW|CALL|PUT|WTS?|WARRANTS?|RIGHTS?|ETF|ETN|FUND|CERT|CERTIFICATE|TURBO|MINI|"
                        r"BEAR|BULL|TRACKER|INDEX|NOTES?|BOND|DEBENTURE|PREF|PREFERENCE)\b", re.I)
LEGAL = {"corp", "corporation", "inc", "incorporated", "ltd", "limited", "co", "company", "plc", "llc",
         "lp", "nv", "sa", "ag", "se", "holdings", "holding", "group", "trust", "the", "asa", "ab", "oyj",
         "spa", "s.p.a.", "s.a.", "n.v.", "a/s", "bhd", "berhad", "tbk", "pt", "pcl", "kgaa", "&", "co.,",
         "co.,ltd.", "ltd.", "inc.", "corp.", "co.", "plc.", "limited."}


def core_words(name: str) -> list:
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower().strip(".") in {w.strip(".") for w in LEGAL}:
        words.pop()
    return words


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_IN
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    if not WORDS.exists():
        sys.exit(f"{WORDS} is missing: apt-get install wamerican-small")
    ordinary = {w.strip() for w in WORDS.read_text(encoding="utf-8").splitlines() if w.strip().islower()}
    with US_LISTED.open(encoding="utf-8") as f:
        us_names = {}
        for row in csv.DictReader(f):
            us_names.setdefault(" ".join(core_words(row["name"])).lower(), row["ticker"])

    listings = []
    for code in ORDER:
        path = src / f"{code}.csv"
        if not path.exists():
            sys.exit(f"{path} is missing")
        exchange, homes = VENUES[code]
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                name = row["name"].strip()
                if row["delisted"] == "True" or not name or NOT_SHARES.search(name):
                    continue
                us = us_names.get(" ".join(core_words(name)).lower(), "")
                if row["country"] and row["country"] not in homes:
                    continue
                symbol = row["symbol"].rsplit(".", 1)[0]
                finance = row["sector"] == "Financials"
                listings.append((row["isin"] or f"{exchange}:{symbol}", exchange, symbol, name, us, finance))

    companies = {}
    for isin, exchange, symbol, name, us, finance in listings:
        companies.setdefault(isin, []).append((exchange, symbol, name, us, finance))
    seen = set()
    rows = []
    for lines in companies.values():
        exchange, symbol, name, us, finance = lines[0]
        if (exchange, symbol) in seen:
            continue
        seen.update((e, s) for e, s, _, _, _ in lines)
        words = core_words(name)
        one = words[0].lower() if len(words) == 1 else ""
        alternatives = ";".join(f"{e}:{s}" for e, s, _, _, _ in lines[1:] if (e, s) != (exchange, symbol))
        rows.append((symbol, exchange, name, "1" if one in ordinary else "0", alternatives, us,
                     "1" if finance else "0"))

    # A company's name goes to the first row that carries it: its common
    # shares ("CF") before its preferred or other lines ("CF-PA").
    rows.sort(key=lambda row: ("-" in row[0] or "." in row[0]))
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["ticker", "exchange", "name", "ordinary", "alternatives", "us_ticker", "finance"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    main()
