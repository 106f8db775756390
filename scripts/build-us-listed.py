#!/usr/bin/env python3
"""Build packs/critical-minerals/us-listed.csv from the SEC ticker list.

Input: the SEC's company_tickers_exchange.json (public domain), as copied into
shared/data/securities-master/. Output: `ticker,exchange,name,ordinary` for every
security the SEC lists on Nasdaq, NYSE or Cboe, one row per ticker, in the SEC's
order (by company size, a company's primary ticker before its other classes and
preferreds: the first row of a name is the one that claims it). OTC and unlisted
(null) rows are dropped. Of one issuer's lines the S&P 500 member's comes first.

`ordinary` is 1 when the name, its legal words set aside, is one ordinary English
word ("Target", "Block", "Visa"): such names need company context in text. The
words are the lower-case entries of SCOWL's small American English list (Debian package
`wamerican-small`, /usr/share/dict/american-english-small; copyright 2000-2011 Kevin Atkinson,
permission to use, copy, modify and distribute granted with this notice).

`fund` is 1 for exchange-traded funds, notes and trusts of securities (the name says
ETF, ETN, Fund, iShares, SPDR, ProShares...): they are not companies, and a text that
names one names no company.

`alias` is the name the S&P 500 constituents lists give a member ("Coca-Cola Company",
"McDonald's"; ../shared/data/securities-master/sp500_constituents_*.csv, from
github.com/datasets/s-and-p-500-companies, PDDL), when it differs from the legal name;
`finance` is 1 for members of the GICS Financials sector there (banks, brokers, asset
managers, insurers: the analysis reads a bank named only as a forecaster as a source, and
its stake in a company as a position it holds), for companies whose other lines the
global list (../shared/data/securities-global, FinanceDatabase, MIT) puts in one of its
industries: capital markets, banks, insurance, consumer or mortgage finance ("BlackRock,
Inc." on XETRA, "HSBC Holdings plc" in London), and for companies whose legal name says so ("Valley National
Bancorp", "SEI Investments", "Hercules Capital").

`short` is a shorter name news uses, when one can be told from the legal name and no
other company of the list would share it: the first two words of a name of three or
more ("Royal Caribbean" for ROYAL CARIBBEAN CRUISES LTD), or the first word of a name
whose second word is a generic business word ("Uber" for Uber Technologies, "Costco"
for COSTCO WHOLESALE CORP); `short_ordinary` says whether that short name is one
ordinary English word.

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
WORDS = Path("/usr/share/dict/american-english-small")
# Legal and generic words dropped from a name before asking whether it is
# one ordinary word (the engine's names.rs drops the same).
LEGAL = {"corp", "corporation", "inc", "incorporated", "ltd", "limited", "co", "company", "plc", "llc",
         "lp", "nv", "sa", "ag", "se", "holdings", "holding", "group", "trust", "the", "class", "a", "b",
         "common", "stock", "shares", "ordinary", "ads", "adr", "&", "co.,"}


# Second words that a name can lose: "Uber Technologies" is "Uber".
GENERIC = {"technologies", "technology", "wholesale", "financial", "bancorp", "bancshares", "worldwide",
           "international", "industries", "enterprises", "brands", "systems", "networks", "communications",
           "platforms", "therapeutics", "pharmaceuticals", "entertainment", "resorts", "athletica",
           "interactive", "software", "semiconductor", "semiconductors", "solutions", "properties", "realty",
           "hotels", "cruises", "services", "corporation", "companies", "partners", "labs", "laboratories",
           "biosciences", "sciences", "biotherapeutics", "pharma", "medical", "health", "healthcare",
           "computer", "computers", "outdoor", "energy", "motors", "motor", "airlines", "automotive", "foods",
           "materials", "minerals", "mining", "metals", "resources", "petroleum", "chemicals", "electric",
           "power", "devices", "instruments", "robotics", "genomics", "aerospace", "defense"}
LINKS = {"of", "&", "and", "de", "the", "for"}
# A short name that is a place names the place ("New Jersey" for New Jersey
# Resources, "California" for California Resources).
PLACES = {"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
          "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
          "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
          "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york",
          "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
          "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
          "west virginia", "wisconsin", "wyoming", "america", "american", "canada", "canadian", "china",
          "chinese", "texas pacific", "pacific", "atlantic", "southern", "northern", "western", "eastern"}
FUND_WORDS = {"etf", "etn", "etns", "fund", "funds", "ishares", "spdr", "proshares", "direxion", "etfs",
              "portfolio", "index", "income", "municipal", "bond", "treasury", "strategy", "daily", "2x",
              "3x", "-1x", "leveraged", "inverse", "bull", "bear"}


def is_fund(name: str) -> bool:
    words = {w.strip(",.()").lower() for w in name.split()}
    return bool(words & {"etf", "etn", "etns", "etfs", "fund", "funds", "ishares", "spdr", "proshares", "direxion"})


def core_words(name: str) -> list:
    """The name's words without state tags and legal words (as names.rs core_name)."""
    name = name.split(" /")[0].split(" - ")[0].replace("\\", " ").strip()
    head, _, tag = name.rpartition("/")
    if head and len(tag) <= 3 and tag.isalpha():
        name = head
    words = name.split()
    if len(words) > 2 and words[-2:] == ["A", "S"]:
        words = words[:-2]
    while len(words) > 1 and words[-1].lower().strip(",.") in LEGAL:
        words.pop()
    return [w.strip(",") for w in words]


def one_word(words: list) -> str:
    return words[0].strip(",.").lower() if len(words) == 1 else ""


def short_name(words: list) -> str:
    """The name without its trailing generic words, down to two words for a longer
    name ("Royal Caribbean" for Royal Caribbean Cruises, "PNC Financial" for PNC
    Financial Services) or one for a two-word name ("Uber" for Uber Technologies)."""
    floor = 1 if len(words) == 2 else 2
    short = list(words)
    while len(short) > floor and short[-1].lower().strip(",.") in GENERIC:
        short.pop()
    if len(short) == len(words) or short[-1].lower() in LINKS | LEGAL or len(short[0]) < 2:
        return ""
    return " ".join(short)

# SEC exchange label -> exchange code used by the pack (markets.toml).
EXCHANGES = {"Nasdaq": "NASDAQ", "NYSE": "NYSE", "CBOE": "CBOE"}


SP500 = [REPO.parent / "shared/data/securities-master/sp500_constituents_2026-08-08.csv",
         REPO.parent / "shared/data/securities-master/sp500_constituents_2025-08-12.csv"]


def sp500() -> dict:
    """Symbol -> (name, GICS sector), the newer list first."""
    members = {}
    for path in SP500:
        if not path.exists():
            sys.exit(f"{path} is missing")
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                members.setdefault(row["Symbol"].replace(".", "-"), (row["Security"].strip(), row["GICS Sector"]))
    return members


GLOBAL = REPO.parent / "shared/data/securities-global"
# Words of a legal name that make the company a bank, insurer or asset manager.
FINANCIAL_WORDS = {"financial", "bancorp", "bancorporation", "bancshares", "bankshares", "bank", "investment",
                   "investments", "insurance", "assurance", "securities", "capital", "managers", "advisors"}
FINANCIAL_INDUSTRIES = {"Capital Markets", "Banks", "Insurance", "Consumer Finance", "Thrifts & Mortgage Finance"}


def name_key(name: str) -> str:
    """A name without case, punctuation or trailing legal words: the key that joins
    an SEC name to the same company's foreign lines."""
    words = [w.strip(",.()").lower() for w in name.replace(",", " ").split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in LEGAL:
        words.pop()
    return " ".join(words)


def us_financials() -> set:
    """Name keys of the companies the global list puts in a financial industry, at home
    or on a foreign line (HSBC Holdings on the LSE, for its NYSE line HSBC)."""
    keys = set()
    for path in sorted(GLOBAL.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # Foreign certificates of US companies of every trade are filed
                # under "Diversified Financial Services" or no industry
                # (Arista Networks on the BMV): only a named financial
                # industry tells.
                # A short foreign name may be another company's too (EQT AB, the
                # Swedish investor, beside EQT Corp, the US gas producer).
                key = name_key(row["name"])
                distinct = row["country"] == "United States" or " " in key or len(key) > 4
                if row["industry"] in FINANCIAL_INDUSTRIES and distinct:
                    keys.add(key)
    if not keys:
        sys.exit(f"{GLOBAL} holds no US Financials lines")
    return keys


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_IN
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT

    table = json.loads(src.read_text(encoding="utf-8"))
    col = {field: i for i, field in enumerate(table["fields"])}  # cik, name, ticker, exchange

    if not WORDS.exists():
        sys.exit(f"{WORDS} is missing: apt-get install wamerican-small")
    ordinary = {w.strip() for w in WORDS.read_text(encoding="utf-8").splitlines() if w.strip().islower()}

    members = sp500()
    financials = us_financials()
    rows = {}
    for record in table["data"]:
        exchange = EXCHANGES.get(record[col["exchange"]])
        if exchange is None:  # OTC, null and anything unexpected
            continue
        ticker = record[col["ticker"]].strip()
        # The SEC file is ordered by company size: keep the first row of a ticker.
        name = record[col["name"]].strip()
        rows.setdefault(ticker, [ticker, exchange, name, "1" if one_word(core_words(name)) in ordinary else "0"])

    # A short name two companies would share belongs to neither; nor does one
    # that is another company's full name.
    shorts = {}
    fulls = {" ".join(core_words(row[2])).lower() for row in rows.values()}
    for row in rows.values():
        short = short_name(core_words(row[2]))
        if short:
            shorts.setdefault(short.lower(), set()).add(row[2])
    for row in rows.values():
        short = short_name(core_words(row[2]))
        # A one-word short name that is an ordinary word ("Global" for Global
        # Partners) or a mere initial ("IF") names nothing.
        plain = short and len(short.split()) == 1 and (one_word(short.split()) in ordinary or len(short) < 4)
        unique = (short and not plain and len(shorts[short.lower()]) == 1 and short.lower() not in fulls
                  and short.lower() not in PLACES)
        row.append(short if unique else "")
        row.append("1" if unique and one_word(short.split()) in ordinary else "0")
        row.append("1" if is_fund(row[2]) else "0")
        member = members.get(row[0])
        alias = member[0] if member else ""
        core = " ".join(core_words(row[2])).lower()
        row.append(alias if alias and alias.lower() != core and alias.lower() != short.lower() else "")
        finance = ((member and member[1] == "Financials") or name_key(row[2]) in financials
                   or (not is_fund(row[2]) and bool(set(name_key(row[2]).split()) & FINANCIAL_WORDS)))
        row.append("1" if finance else "0")

    # The first row of a name claims it: of one issuer's lines, the S&P 500
    # member's before the others (the common stock before preferreds the
    # SEC may list first: FITB before FITBI), else the SEC's order.
    by_name = {}
    for row in rows.values():
        by_name.setdefault(row[2], []).append(row)
    claims = {name: min(group, key=lambda r: (r[0] not in members, group.index(r)))
              for name, group in by_name.items()}
    ordered, seen = [], set()
    for row in rows.values():
        if row[2] not in seen:
            seen.add(row[2])
            ordered.append(claims[row[2]])
        if row is not claims[row[2]]:
            ordered.append(row)

    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["ticker", "exchange", "name", "ordinary", "short", "short_ordinary", "fund", "alias",
                         "finance"])
        writer.writerows(ordered)
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    main()
