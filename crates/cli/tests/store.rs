//! End-to-end tests of the store commands: `ingest` (idempotence, a kill
//! in the middle, malformed input), `reanalyze` and the queries, running the
//! real binary on files written to a fresh temporary folder.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::Value;
use support::{workspace_root, Dir, Outcome};

/// Every row of every table, in a stable order: two stores with the same
/// dump hold the same data.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("opening the store");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        if table == "documents_fts" {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let columns = stmt.column_count();
        let mut table_rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        table_rows.sort();
        rows.extend(table_rows);
    }
    rows
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn last_line(outcome: &Outcome) -> &str {
    outcome.stdout.lines().last().unwrap_or("")
}

fn ingest(dir: &Dir, db: &Path, inputs: &[&Path]) -> Outcome {
    let mut args: Vec<PathBuf> = vec!["ingest".into(), "--db".into(), db.to_path_buf()];
    args.extend(inputs.iter().map(|p| p.to_path_buf()));
    dir.command().args(args).run()
}

#[test]
fn ingesting_twice_stores_once_and_changes_nothing() {
    let dir = Dir::new("ingest-twice");
    let db = dir.path("store.db");
    let news = workspace_root().join("examples/news");
    let first = ingest(&dir, &db, &[&news]).expect_code(0);
    assert_eq!(
        last_line(&first),
        "new 16, duplicate 0, failed 0",
        "{first}"
    );
    let before = dump(&db);
    let second = ingest(&dir, &db, &[&news]).expect_code(0);
    assert_eq!(
        last_line(&second),
        "new 0, duplicate 16, failed 0",
        "{second}"
    );
    assert_eq!(dump(&db), before, "the second ingest changed the store");
}

#[test]
fn the_press_release_archive_ingests_cleanly_and_idempotently() {
    // Reads ../shared (the real press releases); skipped when it is absent.
    let Some(folder) = monazite_testdata::shared("data/press-releases-critical-minerals") else {
        return;
    };
    let dir = Dir::new("press-releases");
    let db = dir.path("store.db");
    let first = ingest(&dir, &db, &[&folder]).expect_code(0);
    // One release was issued twice with the same text (ibn, 2025-10-31 and
    // 2025-11-03; only the trailing links differ): one document, seen twice.
    assert_eq!(
        last_line(&first),
        "new 628, duplicate 1, failed 0",
        "{first}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 628);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT origin) FROM sightings"),
        629
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM documents WHERE published_day IS NULL OR title IS NULL"
        ),
        0
    );
    let before = dump(&db);
    let second = ingest(&dir, &db, &[&folder]).expect_code(0);
    assert_eq!(
        last_line(&second),
        "new 0, duplicate 629, failed 0",
        "{second}"
    );
    assert_eq!(dump(&db), before);
}

/// A JSON Lines archive of `n` distinct articles written for this test.
fn archive(n: usize) -> String {
    let materials = ["gallium", "germanium", "antimony", "graphite", "dysprosium"];
    let mut out = String::new();
    for i in 0..n {
        let material = materials[i % materials.len()];
        let record = serde_json::json!({
            "url": format!("https://example.test/{i}"),
            "title": format!("Dispatch {i} on {material}"),
            "published": format!("2025-10-{:02}", 1 + i % 28),
            "source": "Test Wire",
            "text": format!(
                "China said on Thursday it would restrict exports of {material}, item {i}. \
                 Shares of MP Materials rose {}% in New York while USA Rare Earth gained {}%. \
                 Analysts expect talks between Washington and Beijing to resume, note {i}.",
                1 + i % 30, 2 + i % 17
            ),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn a_kill_in_the_middle_loses_nothing_and_stores_nothing_twice() {
    let dir = Dir::new("sigkill");
    let db = dir.path("store.db");
    let total = 4000;
    let input = dir.create("archive.jsonl", archive(total));
    let mut child = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(["ingest", "-j", "1", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the ingest");
    // Wait for at least one committed batch, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut stored = 0;
    while Instant::now() < deadline {
        if db.exists() {
            if let Ok(conn) = Connection::open(&db) {
                stored = conn
                    .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
                    .unwrap_or(0);
            }
        }
        if stored > 0 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    assert!(stored > 0, "no batch was committed before the deadline");
    let after_kill = count(&db, "SELECT count(*) FROM documents");
    assert!(
        after_kill < total as i64,
        "the ingest finished before the kill"
    );

    let again = ingest(&dir, &db, &[&input]).expect_code(0);
    let expected = format!(
        "new {}, duplicate {after_kill}, failed 0",
        total as i64 - after_kill
    );
    assert_eq!(last_line(&again), expected, "{again}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), total as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT origin) FROM sightings"),
        total as i64
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.doc_id = d.id)"),
        0,
        "every document has its brief"
    );
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// Peak resident memory of a running process, sampled until it exits.
fn run_sampling_memory(mut cmd: Command) -> (std::process::Output, u64) {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the command");
    let status = format!("/proc/{}/status", child.id());
    let sampler = std::thread::spawn(move || {
        let mut peak_kb = 0u64;
        while let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        peak_kb
    });
    let output = child.wait_with_output().expect("waiting for the command");
    (output, sampler.join().unwrap())
}

#[test]
fn malformed_inputs_get_an_error_each_while_the_batch_goes_on() {
    let dir = Dir::new("malformed");
    let db = dir.path("store.db");
    let inputs = dir.path("inputs");
    dir.create(
        "inputs/a-truncated.html",
        "<html><head><title>Gallium curbs</title></head><body><article><p>China curbed gall",
    );
    dir.create(
        "inputs/b-deep.html",
        format!("<html><body>{}deep</body></html>", "<div>".repeat(100_000)),
    );
    dir.create(
        "inputs/c-bomb.xml",
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>Bomb</title>
<item><title>&g;</title><description>&g;</description></item>
</channel></rss>"#,
    );
    let mut invalid = b"China restricts antimony exports. ".to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe, 0xfd]);
    dir.create("inputs/d-invalid.txt", invalid);
    // A 100 MB line, then a good record.
    let huge = dir.path("inputs/e-huge.jsonl");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(b"{\"title\": \"huge\", \"text\": \"").unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"}\n").unwrap();
        f.write_all(
            serde_json::json!({
                "title": "Antimony prices",
                "published": "2025-10-09",
                "text": "Antimony prices rose 5% after China restricted exports of the metal."
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        f.write_all(b"\n").unwrap();
    }
    dir.create(
        "inputs/f-good.md",
        "# Lynas expands\n\nLynas Rare Earths said it would expand its Malaysian plant.\n",
    );

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_monazite"));
    cmd.current_dir(&dir.root)
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&inputs);
    let (output, peak_kb) = run_sampling_memory(cmd);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let show = format!("--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
    assert!(!stderr.contains("panicked"), "{show}");
    assert_eq!(output.status.code(), Some(2), "{show}");
    let error = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no error for {name}\n{show}"))
            .to_string()
    };
    assert!(error("d-invalid.txt").contains("UTF-8"), "{show}");
    assert!(error("e-huge.jsonl:1").contains("limit"), "{show}");
    error("c-bomb.xml");
    // The good inputs around the bad ones are stored.
    let titles: Vec<String> = Connection::open(&db)
        .unwrap()
        .prepare("SELECT coalesce(title, '') FROM documents ORDER BY title")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        titles.contains(&"Antimony prices".to_string()),
        "{titles:?}\n{show}"
    );
    assert!(
        titles.contains(&"Lynas expands".to_string()),
        "{titles:?}\n{show}"
    );
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        last.starts_with("new ") && last.contains("failed "),
        "{show}"
    );
    // The 100 MB line was never held in memory: the peak stays within the
    // per-record limit (16 MiB) and some slack of an ingest of one small
    // file (the pack alone takes tens of megabytes).
    let mut baseline = Command::new(env!("CARGO_BIN_EXE_monazite"));
    baseline
        .current_dir(&dir.root)
        .args(["ingest", "--db"])
        .arg(dir.path("baseline.db"))
        .arg(dir.path("inputs/f-good.md"));
    let (_, baseline_kb) = run_sampling_memory(baseline);
    assert!(
        peak_kb > 0 && peak_kb < baseline_kb + 48 * 1024,
        "peak {peak_kb} kB against {baseline_kb} kB for one small file\n{show}"
    );
}

fn json_lines(outcome: &Outcome) -> Vec<Value> {
    outcome.json_lines()
}

#[test]
fn the_queries_read_what_was_ingested() {
    let dir = Dir::new("queries");
    let db = dir.path("store.db");
    ingest(&dir, &db, &[&workspace_root().join("examples/news")]).expect_code(0);
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        dir.command().args(all).run().expect_code(0)
    };

    let hits = json_lines(&run(&["search", "--json", "export", "controls"]));
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h["snippet"].as_str().unwrap().contains('«')));
    let table = run(&["search", "dysprosium"]);
    assert!(table.stdout.starts_with("id"), "{table}");

    let events = json_lines(&run(&[
        "events",
        "--json",
        "--type",
        "export_control",
        "--country",
        "CN",
    ]));
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["type"] == "export_control"));
    assert!(events
        .iter()
        .all(|e| e["actor"] == "CN" || e["target"] == "CN"));

    let timeline = json_lines(&run(&["timeline", "--json", "MP"]));
    assert!(!timeline.is_empty());
    let days: Vec<&str> = timeline.iter().filter_map(|t| t["day"].as_str()).collect();
    assert!(
        days.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {days:?}"
    );

    let storylines = json_lines(&run(&["storylines", "--json"]));
    assert!(!storylines.is_empty());
    let first = &storylines[0];
    let id = first["first_report"]["id"].as_i64().unwrap();

    let shown = json_lines(&run(&["show", "--json", &id.to_string()]));
    assert_eq!(shown[0]["id"].as_i64(), Some(id));
    assert!(shown[0]["brief"]["tickers"].is_array());
    let readable = run(&["show", &id.to_string()]);
    assert!(
        readable.stdout.starts_with(&format!("# {id} ")),
        "{readable}"
    );

    let missing = dir
        .command()
        .args(["--db", db.to_str().unwrap(), "show", "999999"])
        .run()
        .expect_code(2);
    assert!(missing.stderr.contains("no document 999999"), "{missing}");
}

fn dump_storylines(db: &Path) -> Vec<String> {
    dump(db)
        .into_iter()
        .filter(|row| row.starts_with("storylines:"))
        .collect()
}

#[test]
fn reanalyze_redoes_stale_briefs_only() {
    let dir = Dir::new("reanalyze");
    let db = dir.path("store.db");
    ingest(&dir, &db, &[&workspace_root().join("examples/news")]).expect_code(0);
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        dir.command().args(all).run().expect_code(0)
    };
    let none = run(&["reanalyze"]);
    assert!(none.stdout.starts_with("reanalysed 0 documents"), "{none}");
    // Storylines rebuilt in publication order do not depend on which
    // documents were reanalysed.
    let all = run(&["reanalyze", "--all"]);
    assert!(all.stdout.starts_with("reanalysed 16 documents"), "{all}");
    let storylines_before = dump_storylines(&db);
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE briefs SET engine = '0.0.1' WHERE doc_id IN (1, 2)",
            [],
        )
        .unwrap();
    let two = run(&["reanalyze"]);
    assert!(two.stdout.starts_with("reanalysed 2 documents"), "{two}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM briefs WHERE engine = '0.0.1'"),
        0
    );
    assert_eq!(dump_storylines(&db), storylines_before);
}

#[test]
fn queries_on_a_missing_store_say_so() {
    let dir = Dir::new("no-store");
    let out = dir
        .command()
        .args(["--db", "nowhere.db", "storylines"])
        .run()
        .expect_code(2);
    assert!(out.stderr.contains("no store at nowhere.db"), "{out}");
    assert!(!dir.path("nowhere.db").exists());
}

#[test]
fn a_file_that_is_not_a_store_is_said_once_with_its_code() {
    let dir = Dir::new("not-a-store");
    dir.create(
        "notdb.db",
        "a text file, not an SQLite database\n".repeat(40),
    );
    let out = dir
        .command()
        .args(["--db", "notdb.db", "search", "lithium"])
        .run()
        .expect_code(2);
    assert_eq!(
        out.stderr.trim_end(),
        "monazite: opening the store notdb.db: file is not a database \
         (error store_not_a_database)",
        "{out}"
    );
}

#[test]
fn each_failed_input_of_a_batch_names_its_code() {
    let dir = Dir::new("batch-codes");
    dir.create("latin.txt", b"caf\xe9");
    dir.create("empty.md", b"");
    dir.create("good.txt", "Lithium prices rose.");
    let out = dir
        .command()
        .args([
            "--db",
            "m.db",
            "ingest",
            "latin.txt",
            "empty.md",
            "good.txt",
        ])
        .run()
        .expect_code(2);
    assert!(
        out.stderr
            .contains("monazite: latin.txt: not valid UTF-8 (at byte 3) (error input_not_utf8)"),
        "{out}"
    );
    assert!(
        out.stderr
            .contains("monazite: empty.md: empty: no text (error input_empty)"),
        "{out}"
    );
}
