//! End-to-end tests of the `monazite` program: each test runs the real
//! binary on files written to a fresh temporary folder and checks what it
//! prints and how it exits.

mod support;

use std::ffi::OsStr;
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use monazite_analysis::MAX_TEXT_BYTES;
use serde_json::Value;
use support::{workspace_root, Dir, TestCommand};

/// The string field `key` of a JSON object.
fn str_field<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

/// The array field `key` of a JSON object.
fn array<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array in {value}"))
}

/// A `[start, end]` span as a byte range.
fn span(value: &Value) -> (usize, usize) {
    match value.as_array().map(Vec::as_slice) {
        Some([start, end]) => (
            start.as_u64().expect("span start is a number") as usize,
            end.as_u64().expect("span end is a number") as usize,
        ),
        _ => panic!("not a [start, end] span: {value}"),
    }
}

/// Checks a span is a range of `text` on character boundaries and returns
/// the text it covers.
fn span_text<'t>(text: &'t str, value: &Value, what: &str) -> &'t str {
    let (start, end) = span(value);
    assert!(
        start <= end && end <= text.len(),
        "{what}: span [{start}, {end}] is not a range of the {} byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span [{start}, {end}] is not on character boundaries of {text:?}"
    );
    &text[start..end]
}

/// Checks every span of a brief record against the text it was read from;
/// returns how many spans were checked.
fn check_all_spans(record: &Value, text: &str) -> usize {
    let mut checked = 0;
    let mut check = |value: &Value, what: String| {
        span_text(text, value, &what);
        checked += 1;
    };
    for facet in [
        "tickers",
        "elements",
        "groups",
        "countries",
        "organizations",
        "people",
        "indices",
        "categories",
    ] {
        for (i, item) in array(record, facet).iter().enumerate() {
            for s in array(item, "spans") {
                check(s, format!("{facet}[{i}].spans"));
            }
        }
    }
    for (i, m) in array(record, "price_moves").iter().enumerate() {
        check(&m["span"], format!("price_moves[{i}].span"));
    }
    for (i, e) in array(record, "events").iter().enumerate() {
        check(&e["span"], format!("events[{i}].span"));
        check(&e["trigger"], format!("events[{i}].trigger"));
        for key in ["actor_span", "status_span"] {
            if !e[key].is_null() {
                check(&e[key], format!("events[{i}].{key}"));
            }
        }
    }
    for (i, q) in array(record, "quantities").iter().enumerate() {
        check(&q["span"], format!("quantities[{i}].span"));
    }
    for (i, s) in array(&record["sentiment"], "sentences").iter().enumerate() {
        check(&s["span"], format!("sentiment.sentences[{i}].span"));
    }
    for (i, s) in array(record, "summary").iter().enumerate() {
        check(&s["span"], format!("summary[{i}].span"));
    }
    checked
}

// ---------------------------------------------------------------------------
// Articles written for these tests.

/// Curly quotes, an em dash and an ellipsis before and between the facts,
/// so that offsets in the original differ from the normalised text's.
const MP_ARTICLE: &str = "Beijing tightens its grip on rare earths \u{2014} MP Materials jumps

Shares of MP Materials (NYSE: MP) rallied 20% on Monday after China\u{2019}s Commerce Ministry added five rare earth elements to its export control list. The company said it \u{201C}welcomes\u{201D} the clarity: its Mountain Pass mine in California remains the only U.S. source of neodymium\u{2026} for now.
";

const LYNAS_ARTICLE: &str =
    "Lynas Rare Earths (ASX: LYC) fell 4% on Tuesday after the company cut its output forecast.\n";
const USAR_ARTICLE: &str =
    "USA Rare Earth (NASDAQ: USAR) jumped 12% after the Pentagon signed a supply deal.\n";
const UUUU_ARTICLE: &str =
    "Energy Fuels (NYSE American: UUUU) slid 7% on Friday as uranium prices eased.\n";
const CRML_ARTICLE: &str = "Critical Metals Corp (NASDAQ: CRML) soared 35% in premarket trading.\n";

/// The tickers of a record, in order.
fn tickers(record: &Value) -> Vec<&str> {
    array(record, "tickers")
        .iter()
        .map(|t| str_field(t, "ticker"))
        .collect()
}

// ---------------------------------------------------------------------------
// analyze

#[test]
fn analyze_prints_one_json_line_with_spans_on_char_boundaries() {
    let dir = Dir::new("analyze-one");
    dir.create("news/mp.txt", MP_ARTICLE);
    let out = dir
        .command()
        .args(["analyze", "news/mp.txt"])
        .run()
        .expect_code(0);
    assert!(out.stderr.is_empty(), "nothing on stderr\n{out}");
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1, "one line per article\n{out}");
    let record = &lines[0];

    assert_eq!(str_field(record, "path"), "news/mp.txt", "path as given");
    assert_eq!(
        str_field(record, "schema"),
        monazite_report::SCHEMA_VERSION,
        "schema version"
    );
    for key in [
        "tickers",
        "elements",
        "groups",
        "countries",
        "price_moves",
        "events",
    ] {
        assert!(
            !array(record, key).is_empty(),
            "{key} is empty in {record:#}"
        );
    }

    // Every span is a character range of the file's bytes.
    let checked = check_all_spans(record, MP_ARTICLE);
    assert!(checked >= 10, "only {checked} spans in {record:#}");

    // The ticker, with spans covering what the text says.
    assert_eq!(tickers(record), ["MP"]);
    let mp = &array(record, "tickers")[0];
    for s in array(mp, "spans") {
        let covered = span_text(MP_ARTICLE, s, "tickers[0]");
        assert!(covered.contains("MP"), "MP span covers {covered:?}");
    }

    // The claimed move.
    let moves = array(record, "price_moves");
    let mp_move = moves
        .iter()
        .find(|m| str_field(m, "ticker") == "MP")
        .unwrap_or_else(|| panic!("no MP move in {record:#}"));
    assert_eq!(str_field(mp_move, "direction"), "up");
    assert_eq!(mp_move["pct"].as_f64(), Some(20.0));
    let claim = span_text(MP_ARTICLE, &mp_move["span"], "price_moves[MP]");
    assert!(
        claim.contains("MP") && claim.contains("20%"),
        "move span covers {claim:?}"
    );

    // The event: China's export controls, anchored in the right sentence.
    let event = array(record, "events")
        .iter()
        .find(|e| str_field(e, "type") == "export_control" && str_field(e, "actor") == "CN")
        .unwrap_or_else(|| panic!("no export_control event by CN in {record:#}"));
    let sentence = span_text(MP_ARTICLE, &event["span"], "event span");
    assert!(
        sentence.contains("export control list"),
        "event sentence {sentence:?}"
    );
    let trigger = span_text(MP_ARTICLE, &event["trigger"], "event trigger");
    assert!(
        sentence.contains(trigger) && !trigger.is_empty(),
        "trigger {trigger:?} inside {sentence:?}"
    );
    if !event["actor_span"].is_null() {
        let actor = span_text(MP_ARTICLE, &event["actor_span"], "event actor");
        assert!(actor.contains("China"), "actor span covers {actor:?}");
    }

    // Materials and places, by what their spans cover.
    let groups = array(record, "groups");
    assert!(
        groups.iter().any(|g| str_field(g, "id") == "rare_earths"),
        "rare_earths group in {record:#}"
    );
    let neodymium = array(record, "elements")
        .iter()
        .find(|e| str_field(e, "id") == "neodymium")
        .unwrap_or_else(|| panic!("no neodymium in {record:#}"));
    let covered = span_text(MP_ARTICLE, &array(neodymium, "spans")[0], "neodymium");
    assert_eq!(covered, "neodymium");
    let us = array(record, "countries")
        .iter()
        .find(|c| str_field(c, "code") == "US")
        .unwrap_or_else(|| panic!("no US in {record:#}"));
    assert_eq!(span_text(MP_ARTICLE, &array(us, "spans")[0], "US"), "U.S.");

    // Text copied into the record is the text under its span.
    for q in array(record, "quantities") {
        assert_eq!(
            span_text(MP_ARTICLE, &q["span"], "quantity"),
            str_field(q, "text")
        );
    }
    for s in array(record, "summary") {
        assert_eq!(
            span_text(MP_ARTICLE, &s["span"], "summary").trim(),
            str_field(s, "text")
        );
    }
    assert_eq!(
        str_field(record, "title"),
        "Beijing tightens its grip on rare earths \u{2014} MP Materials jumps"
    );
}

#[test]
fn folders_are_analysed_in_sorted_order_and_dash_reads_standard_input() {
    let dir = Dir::new("folder-order");
    // Written out of order. A folder is read as `ingest` reads it: text,
    // Markdown and archives (the CSV's record is a document of its own,
    // named `file:LINE`), not the .json file, which no reader takes.
    dir.create("news/sub/c.txt", CRML_ARTICLE);
    dir.create("news/b.md", USAR_ARTICLE);
    dir.create("news/a.txt", LYNAS_ARTICLE);
    dir.create("news/d.markdown", UUUU_ARTICLE);
    dir.create(
        "news/data.json",
        r#"{"text": "MP Materials (NYSE: MP) rose 3%."}"#,
    );
    dir.create(
        "news/notes.csv",
        "title,text\nMP note,MP Materials (NYSE: MP) rose 3% on Monday.\n",
    );
    dir.create("last.txt", LYNAS_ARTICLE);

    let out = dir
        .command()
        .args(["analyze", "--jobs", "2", "news", "-", "last.txt"])
        .stdin(MP_ARTICLE)
        .run()
        .expect_code(0);
    assert!(out.stderr.is_empty(), "nothing on stderr\n{out}");
    let lines = out.json_lines();
    let paths: Vec<&str> = lines.iter().map(|r| str_field(r, "path")).collect();
    let sep = std::path::MAIN_SEPARATOR;
    assert_eq!(
        paths,
        [
            format!("news{sep}a.txt"),
            format!("news{sep}b.md"),
            format!("news{sep}d.markdown"),
            format!("news{sep}notes.csv:2"),
            format!("news{sep}sub{sep}c.txt"),
            "-".to_string(),
            "last.txt".to_string(),
        ],
        "inputs in order, folders sorted, the .json skipped\n{out}"
    );
    // Each line is the analysis of its own input.
    let expected = [
        ("LYC", "down", 4.0),
        ("USAR", "up", 12.0),
        ("UUUU", "down", 7.0),
        ("MP", "up", 3.0),
        ("CRML", "up", 35.0),
        ("MP", "up", 20.0),
        ("LYC", "down", 4.0),
    ];
    let texts = [
        LYNAS_ARTICLE,
        USAR_ARTICLE,
        UUUU_ARTICLE,
        // The record's title line, then its text, as ingest analyses it.
        "MP note\n\nMP Materials (NYSE: MP) rose 3% on Monday.",
        CRML_ARTICLE,
        MP_ARTICLE,
        LYNAS_ARTICLE,
    ];
    for ((record, (ticker, direction, pct)), text) in lines.iter().zip(expected).zip(texts) {
        assert_eq!(tickers(record), [ticker], "tickers of {record}");
        let m = &array(record, "price_moves")[0];
        assert_eq!(str_field(m, "ticker"), ticker);
        assert_eq!(str_field(m, "direction"), direction);
        assert_eq!(m["pct"].as_f64(), Some(pct));
        check_all_spans(record, text);
    }
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = Dir::new("bad-inputs");
    dir.create("good1.txt", LYNAS_ARTICLE);
    dir.create("empty.txt", "");
    dir.create("blank.md", " \n\t\r\n ");
    dir.create("binary.txt", b"MP rose 5%\0\0\x01\x02\x03 more");
    dir.create("latin1.txt", b"Lynas rose 4% \xe0 Perth \xff on Tuesday.\n");
    // Over the limit with real text, written in 1 MiB chunks.
    {
        let mut big = File::create(dir.path("big.txt")).expect("creating big.txt");
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..(MAX_TEXT_BYTES >> 20) + 1 {
            big.write_all(&chunk).expect("writing big.txt");
        }
    }
    dir.create("good2.md", USAR_ARTICLE);

    // A file that cannot be read: without read permission, or, for a user
    // that reads anything anyway (root), a link to itself.
    let unreadable = unreadable_file(&dir, "locked.txt", CRML_ARTICLE);
    if unreadable.is_none() {
        eprintln!("the unreadable-file check cannot run on this platform");
    }

    let mut args = vec![
        "analyze",
        "--jobs",
        "2",
        "empty.txt",
        "good1.txt",
        "binary.txt",
        "blank.md",
        "latin1.txt",
        "missing.txt",
        "big.txt",
        "good2.md",
    ];
    if unreadable.is_some() {
        args.insert(6, "locked.txt");
    }
    let out = dir.command().args(&args).run().expect_code(2);

    // The good files are analysed and printed, in order.
    let lines = out.json_lines();
    let paths: Vec<&str> = lines.iter().map(|r| str_field(r, "path")).collect();
    assert_eq!(
        paths,
        ["good1.txt", "good2.md"],
        "good files printed\n{out}"
    );
    assert_eq!(tickers(&lines[0]), ["LYC"]);
    assert_eq!(tickers(&lines[1]), ["USAR"]);

    // Each bad input has an error line naming it and the problem.
    // (The limit is said as the readers `ingest` shares say it.)
    let problems = [
        ("empty.txt", "empty", "input_empty"),
        ("blank.md", "empty", "input_empty"),
        ("binary.txt", "NUL byte at offset 10", "input_binary"),
        (
            "latin1.txt",
            "not valid UTF-8 (at byte 14)",
            "input_not_utf8",
        ),
        ("missing.txt", "cannot read", "input_unreadable"),
        ("big.txt", "over the 16777216-byte limit", "input_too_large"),
    ];
    for (name, problem, code) in problems {
        let line = out.error_for(name);
        assert!(
            line.contains(problem) && line.ends_with(&format!("(error {code})")),
            "{name}: expected {problem:?} and {code} in {line:?}"
        );
    }
    let big = out.error_for("big.txt");
    let big_len = ((MAX_TEXT_BYTES >> 20) + 1) << 20;
    assert!(big.contains(&big_len.to_string()), "size named in {big:?}");
    if unreadable.is_some() {
        let line = out.error_for("locked.txt");
        // Without permission the file cannot be read; as a link to itself
        // it leads nowhere.
        assert!(
            line.contains("cannot read") || line.contains("broken link"),
            "locked.txt: {line:?}"
        );
    }

    // A summary at the end counts the failures.
    let failed = if unreadable.is_some() { 7 } else { 6 };
    let inputs = failed + 2;
    let last = out.stderr.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("monazite: {failed} of {inputs} inputs failed"),
        "summary line\n{out}"
    );
}

/// Creates `rel` without read permission; `None` when this process can read
/// it anyway (root), or on platforms without Unix permissions.
#[cfg(unix)]
fn unreadable_file(dir: &Dir, rel: &str, contents: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.create(rel, contents);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
        .expect("removing read permission");
    if File::open(&path).is_ok() {
        // Permissions do not stop this user: no one can open a link that
        // points at itself.
        std::fs::remove_file(&path).expect("removing the readable file");
        std::os::unix::fs::symlink(rel, &path).expect("linking the file to itself");
    }
    Some(path)
}

#[cfg(not(unix))]
fn unreadable_file(_dir: &Dir, _rel: &str, _contents: &str) -> Option<PathBuf> {
    None
}

#[test]
fn a_100_megabyte_file_is_refused_before_reading() {
    let dir = Dir::new("huge");
    // Sparse: the file claims 100 MB but takes no disk space. Its first
    // 8 KiB are text: the readers look at them to tell the format (an
    // archive streams whatever its size), and all NULs would be binary.
    let path = dir.create_sparse("huge.txt", 100_000_000);
    {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("opening huge.txt");
        let head = LYNAS_ARTICLE.repeat(8 * 1024 / LYNAS_ARTICLE.len() + 1);
        file.write_all(head.as_bytes()).expect("writing its head");
    }
    let out = dir
        .command()
        .args(["analyze", "huge.txt"])
        .run()
        .expect_code(2);
    assert!(out.stdout.is_empty(), "no brief\n{out}");
    let line = out.error_for("huge.txt");
    assert!(
        line.contains("100000000 bytes") && line.contains("over the 16777216-byte limit"),
        "clear error: {line:?}"
    );
}

#[test]
fn standard_input_over_the_limit_is_refused() {
    let dir = Dir::new("stdin-limit");
    let out = dir
        .command()
        .args(["analyze", "-"])
        .stdin(vec![b'a'; MAX_TEXT_BYTES + 4096])
        .run()
        .expect_code(2);
    assert!(out.stdout.is_empty(), "no brief\n{out}");
    let line = out.error_for("-");
    assert!(
        line.contains("over the 16777216-byte limit"),
        "clear error: {line:?}"
    );
}

#[test]
fn markdown_format_prints_a_brief_with_title_and_sections() {
    let dir = Dir::new("markdown");
    dir.create("mp.txt", MP_ARTICLE);
    dir.create("lynas.txt", LYNAS_ARTICLE);
    let out = dir
        .command()
        .args(["analyze", "--format", "md", "mp.txt", "lynas.txt"])
        .run()
        .expect_code(0);
    let md = &out.stdout;
    let briefs: Vec<&str> = md
        .split("\n---\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(briefs.len(), 2, "two briefs separated by rules\n{out}");

    let mp = briefs[0];
    assert_eq!(
        mp.lines().next(),
        Some("# Beijing tightens its grip on rare earths \u{2014} MP Materials jumps"),
        "title line\n{out}"
    );
    assert!(mp.contains("`mp.txt` \u{b7} published unknown \u{b7} impact **"));
    for section in [
        "## Summary",
        "## Exposed tickers",
        "## Events",
        "## Claimed moves",
        "## Facts",
    ] {
        assert!(
            mp.lines().any(|l| l == section),
            "section {section:?} missing\n{out}"
        );
    }
    assert!(mp.contains("| export_control | CN |"), "event row\n{out}");
    assert!(mp.contains("| MP | up 20% |"), "move row\n{out}");
    assert!(mp.contains("| MP | +"), "MP exposed, positively\n{out}");
    assert!(mp.contains("- **Companies:** MP Materials (MP)"));
    assert!(mp.contains("- **Countries:** "));
    assert!(mp.contains("neodymium"));

    // A one-sentence article has no title line of its own: the path is the title.
    let lynas = briefs[1].trim_start();
    assert_eq!(lynas.lines().next(), Some("# lynas.txt"), "\n{out}");
    assert!(lynas.contains("| LYC | down 4% |"), "move row\n{out}");
    assert!(lynas.contains("## Facts"));
}

// ---------------------------------------------------------------------------
// eval

/// The F1 of each facet in an evaluation table.
fn facet_f1(table: &str) -> Vec<(String, f64)> {
    table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            if cells.len() != 7 {
                return None;
            }
            let numbers: Vec<f64> = cells[1..].iter().filter_map(|c| c.parse().ok()).collect();
            (numbers.len() == 6).then(|| (cells[0].to_string(), numbers[2]))
        })
        .collect()
}

use monazite_eval::score::FACETS;

#[test]
fn eval_prints_a_table_of_the_facets() {
    let out = TestCommand::new(&workspace_root())
        .args(["eval", "--gold", "examples/gold.jsonl"])
        .run()
        .expect_code(0);
    let header = out
        .stdout
        .lines()
        .find(|l| l.starts_with("facet"))
        .unwrap_or_else(|| panic!("no table header\n{out}"));
    for column in ["precision", "recall", "F1", "tp", "fp", "fn"] {
        assert!(header.contains(column), "column {column} in {header:?}");
    }
    let rows = facet_f1(&out.stdout);
    let names: Vec<&str> = rows.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, FACETS, "one row per facet\n{out}");
    for (facet, f1) in &rows {
        assert!((0.0..=1.0).contains(f1), "{facet} F1 {f1}");
    }
    assert!(out.stdout.contains(" documents"), "document count\n{out}");
}

#[test]
fn eval_below_a_bar_exits_1() {
    let out = TestCommand::new(&workspace_root())
        .args([
            "eval",
            "--gold",
            "examples/gold.jsonl",
            "--min",
            "tickers=1.01",
        ])
        .run()
        .expect_code(1);
    assert!(
        out.stdout.contains("below the bar: tickers F1"),
        "names the facet below its bar\n{out}"
    );
}

#[test]
fn eval_with_an_unknown_facet_is_a_usage_error() {
    let out = TestCommand::new(&workspace_root())
        .args([
            "eval",
            "--gold",
            "examples/gold.jsonl",
            "--min",
            "bogus=0.5",
        ])
        .run()
        .expect_code(2);
    assert!(out.stdout.is_empty(), "no table\n{out}");
    assert!(
        out.stderr.contains("unknown facet \"bogus\""),
        "names the facet\n{out}"
    );
}

#[test]
fn eval_meets_the_bars_on_the_shared_seed_gold() {
    // The shared gold labels live beside the repository (../shared), not in
    // it: a checkout without them skips this test.
    let root = workspace_root();
    if monazite_testdata::shared("gold/seeds.jsonl").is_none() {
        return;
    }
    let out = TestCommand::new(&root)
        .args([
            "eval",
            "--gold",
            "../shared/gold/seeds.jsonl",
            "--min",
            "tickers=0.95",
            "--min",
            "price_moves=0.90",
            "--min",
            "events=0.80",
            "--min",
            "elements=0.90",
            "--min",
            "groups=0.90",
        ])
        .run()
        .expect_code(0);
    assert!(out.stdout.contains("all bars met"), "\n{out}");
}

// ---------------------------------------------------------------------------
// pack

#[test]
fn pack_prints_what_the_bundled_pack_holds() {
    let dir = Dir::new("pack");
    let out = dir.command().args(["pack"]).run().expect_code(0);
    let count = |prefix: &str| -> usize {
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} line\n{out}"));
        let digits: String = line[prefix.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("no count after {prefix:?} in {line:?}"))
    };
    assert!(out.stdout.starts_with("critical-minerals "), "\n{out}");
    for prefix in [
        "companies: ",
        "materials: ",
        "countries: ",
        "exchanges: ",
        "event types: ",
        "categories: ",
    ] {
        assert!(count(prefix) > 0, "{prefix} count is zero\n{out}");
    }
}

#[test]
fn a_missing_pack_folder_is_an_error_naming_it() {
    let dir = Dir::new("missing-pack");
    dir.create("x.txt", LYNAS_ARTICLE);
    let missing = dir.path("no-such-pack");
    let missing_name = missing.display().to_string();

    let out = dir
        .command()
        .args([
            OsStr::new("--pack"),
            missing.as_os_str(),
            OsStr::new("analyze"),
            OsStr::new("x.txt"),
        ])
        .run()
        .expect_code(2);
    assert!(out.stdout.is_empty(), "no brief\n{out}");
    assert!(
        out.stderr.contains(&missing_name) && out.stderr.contains("knowledge pack"),
        "names the folder\n{out}"
    );

    // The same through the environment.
    let out = dir
        .command()
        .env("MONAZITE_PACK", &missing)
        .args(["analyze", "x.txt"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr.contains(&missing_name),
        "names the folder\n{out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = Dir::new("usage");
    let out = dir.command().args(["analyze"]).run().expect_code(2);
    assert!(out.stdout.is_empty(), "\n{out}");
    let out = dir.command().args(["frobnicate"]).run().expect_code(2);
    assert!(out.stdout.is_empty(), "\n{out}");
}

#[test]
fn a_folders_readme_is_left_out_unless_named() {
    let dir = Dir::new("readme");
    dir.create(
        "news/README.md",
        "# About these articles\nThey cover MP Materials (NYSE: MP).\n",
    );
    dir.create("news/a.txt", LYNAS_ARTICLE);

    let out = dir.command().args(["analyze", "news"]).run().expect_code(0);
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1, "only the article\n{out}");
    assert!(str_field(&lines[0], "path").ends_with("a.txt"));

    let sep = std::path::MAIN_SEPARATOR;
    let named = format!("news{sep}README.md");
    let out = dir
        .command()
        .args(["analyze", named.as_str()])
        .run()
        .expect_code(0);
    assert_eq!(
        out.json_lines().len(),
        1,
        "a README named on the command line is analysed\n{out}"
    );
}
