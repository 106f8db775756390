#!/usr/bin/env python3
"""Build packs/critical-minerals/us-listed.csv from the SEC ticker list.

Input: the SEC's company_tickers_exchange.json (public domain), as copied into
shared/data/securities-master/. Output: `ticker,exchange,name` for every
security the SEC lists on Nasdaq, NYSE or Cboe, sorted by ticker, one row per
ticker. OTC and unlisted (null) rows are dropped.

Usage: python3 scripts/build-us-listed.py [SEC_JSON] [OUT_CSV]
Standard library only.
"""

import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_IN = REPO.parent / "shared/data/securities-master/sec_company_tickers_exchange.json"
DEFAULT_OUT = REPO / "packs/critical-minerals/us-listed.csv"

# SEC exchange label -> exchange code used by the pack (markets.toml).
EXCHANGES = {"Nasdaq": "NASDAQ", "NYSE": "NYSE", "CBOE": "CBOE"}


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_IN
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT

    table = json.loads(src.read_text(encoding="utf-8"))
    col = {field: i for i, field in enumerate(table["fields"])}  # cik, name, ticker, exchange

    rows = {}
    for record in table["data"]:
        exchange = EXCHANGES.get(record[col["exchange"]])
        if exchange is None:  # OTC, null and anything unexpected
            continue
        ticker = record[col["ticker"]].strip()
        # The SEC file is ordered by company size: keep the first row of a ticker.
        rows.setdefault(ticker, (ticker, exchange, record[col["name"]].strip()))

    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["ticker", "exchange", "name"])
        writer.writerows(rows[t] for t in sorted(rows))
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    main()
