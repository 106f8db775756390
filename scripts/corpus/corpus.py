#!/usr/bin/env python3
"""The labelled corpus's helpers: held-out check, part assignment, sampling, texts for labellers.

    corpus.py held-out URL            exit 0 (and say so) when the URL is kept for independent evaluation
    corpus.py part REF                dev or test for a document reference (a URL or a doc path)
    corpus.py sample                  the news-av records and press releases to label (JSON Lines on stdout)
    corpus.py texts OUT_DIR           writes each sampled item's text, as monazite analyses it, to OUT_DIR
    corpus.py page-record URL QUERY RANK FILE
                                      prints the index line of a page whose excerpt was saved to FILE
    corpus.py rebuild-plan            the search queries (corpus "pages") that bring back every labelled page,
                                      with the URLs each must return: a session with the search tool runs them
                                      and saves each excerpt as PAGES_DIR/pages/<url_sha256>.txt
    corpus.py verify PAGES_DIR        checks every labelled page's saved text against its recorded SHA-256

Everything is deterministic: the same ../shared gives the same sample and the same parts.
Nothing here copies an article into the repository: texts go to a folder outside it.
"""
import csv
import hashlib
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
NEWS_AV = "data/news-av-sentiment-dec2025/news_items.csv"
PRESS = "data/press-releases-critical-minerals"
SEED = 2026
NEWS_AV_RANDOM = 100
NEWS_AV_MINERALS = 20
PRESS_COUNT = 45
# At most this many sampled items from one outlet: the stream is dominated by a few.
SOURCE_CAP = 10
MINERAL_TICKERS = {"ALB", "UUUU", "MP", "USAR"}


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def held_out(url):
    with open(os.path.join(SHARED, "holdout", "urls.sha256")) as f:
        hashes = {line.strip() for line in f if line.strip()}
    return sha256(url) in hashes


def part(ref):
    """About a third of the items are the test part, chosen by the reference's hash."""
    return "test" if sha256(ref)[0] in "01234" else "dev"


def news_av_records():
    """(line, row) for each CSV record, with the line where the record starts (as ingest names it)."""
    path = os.path.join(SHARED, NEWS_AV)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1


def sample_news_av():
    seen = set()
    records = []
    for line, row in news_av_records():
        key = (row["title"].strip(), row["published_utc"])
        if key in seen or len(row["summary"].strip()) < 80:
            continue
        seen.add(key)
        records.append((line, row))
    rng = random.Random(SEED)
    rng.shuffle(records)
    per_source = {}
    chosen = []
    for line, row in records:
        if len(chosen) == NEWS_AV_RANDOM:
            break
        source = row["source"]
        if per_source.get(source, 0) >= SOURCE_CAP:
            continue
        per_source[source] = per_source.get(source, 0) + 1
        chosen.append((line, "random"))
    taken = {line for line, _ in chosen}
    minerals = [line for line, row in records if row["ticker"] in MINERAL_TICKERS and line not in taken]
    chosen += [(line, "minerals") for line in minerals[:NEWS_AV_MINERALS]]
    for line, stratum in chosen:
        doc = f"{NEWS_AV}:{line}"
        yield {"doc": doc, "part": part(doc), "source": "news-av", "stratum": stratum}


def sample_press():
    index = os.path.join(SHARED, PRESS, "index.csv")
    with open(index, newline="", encoding="utf-8") as f:
        paths = sorted(row["path"] for row in csv.DictReader(f))
    rng = random.Random(SEED)
    for path in rng.sample(paths, PRESS_COUNT):
        doc = f"{PRESS}/files/{path}"
        yield {"doc": doc, "part": part(doc), "source": "press-releases", "stratum": "random"}


def sample():
    yield from sample_news_av()
    yield from sample_press()


def monazite():
    return os.environ.get("MONAZITE", os.path.join(ROOT, "target", "release", "monazite"))


def extracted(path):
    """Documents as monazite's readers give them, keyed by origin."""
    out = subprocess.run([monazite(), "extract", path], check=True, capture_output=True, text=True).stdout
    return {d["path"]: d for d in map(json.loads, out.splitlines())}


def analysed_text(doc):
    """The text monazite analyses: the title, a blank line, the text (as the store keeps it)."""
    title = (doc.get("title") or "").strip()
    text = doc["text"]
    if title and not text.lstrip().startswith(title):
        return f"{title}\n\n{text}"
    return text


def texts(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    items = list(sample())
    news = extracted(os.path.join(SHARED, NEWS_AV))
    for item in items:
        origin = os.path.join(SHARED, item["doc"])
        doc = news.get(origin) if item["source"] == "news-av" else next(iter(extracted(origin).values()))
        name = sha256(item["doc"])[:16] + ".txt"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(analysed_text(doc))
        print(json.dumps({**item, "text_file": name, "published": doc.get("published")}))


def page_record(url, query, rank, file):
    with open(file, encoding="utf-8") as f:
        text = f.read()
    print(json.dumps({"url": url, "url_sha256": sha256(url), "query": query, "rank": int(rank),
                      "text_sha256": sha256(text), "part": part(url),
                      "doc": f"pages/{sha256(url)}.txt"}))


def sources():
    folder = os.path.join(ROOT, "corpus", "sources")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def rebuild_plan():
    queries = {}
    for record in sources():
        queries.setdefault(record["query"], []).append(record["url"])
    for query, urls in queries.items():
        print(json.dumps({"query": query, "urls": urls}))


def verify(pages_dir):
    missing = changed = 0
    for record in sources():
        path = os.path.join(pages_dir, record["doc"])
        if held_out(record["url"]):
            print(f"held out (must not be used): {record['url']}")
            return 1
        if not os.path.exists(path):
            missing += 1
            continue
        with open(path, encoding="utf-8") as f:
            if sha256(f.read()) != record["text_sha256"]:
                changed += 1
                print(f"changed: {record['doc']} ({record['url']})")
    total = sum(1 for _ in sources())
    print(f"{total} pages: {total - missing - changed} as labelled, {changed} changed, {missing} missing")
    return 0 if missing == 0 and changed == 0 else 1


def main(args):
    if args[:1] == ["held-out"] and len(args) == 2:
        if held_out(args[1]):
            print("held out: skip")
            return 0
        return 1
    if args[:1] == ["part"] and len(args) == 2:
        print(part(args[1]))
        return 0
    if args == ["sample"]:
        for item in sample():
            print(json.dumps(item))
        return 0
    if args[:1] == ["texts"] and len(args) == 2:
        texts(args[1])
        return 0
    if args[:1] == ["page-record"] and len(args) == 5:
        page_record(*args[1:])
        return 0
    if args == ["rebuild-plan"]:
        rebuild_plan()
        return 0
    if args[:1] == ["verify"] and len(args) == 2:
        return verify(args[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
