//! End-to-end tests of the folder walk every command shares: a folder with
//! a link back to itself and a second link to a file is read once, file by
//! file, by `analyze`, `ingest` and `prices import`, each saying on standard
//! error what it skipped and going on.

#![cfg(unix)]

mod support;

use std::os::unix::fs::symlink;

use support::Dir;

const MP: &str = "MP Materials shares rose 12% on Tuesday after the company signed a magnet supply deal with a carmaker.\n";
const LYNAS: &str =
    "Lynas Rare Earths shares fell 4% on Wednesday as the price of neodymium slipped in China.\n";

/// `loopt/` with two articles, a link back to itself (`d/up -> ..`) and a
/// second link to one of its files (`d/again.txt -> ../a.txt`).
fn looping_folder(dir: &Dir) {
    dir.create("loopt/a.txt", MP);
    dir.create("loopt/d/b.md", LYNAS);
    symlink("..", dir.path("loopt/d/up")).unwrap();
    symlink("../a.txt", dir.path("loopt/d/again.txt")).unwrap();
}

/// The stderr lines that tell what the walk of `loopt` skipped.
fn skip_lines() -> [String; 2] {
    [
        "monazite: loopt/d/again.txt: skipped: the same file as loopt/a.txt, read there".into(),
        "monazite: loopt/d/up: skipped: a link back to loopt, which encloses it (a loop)".into(),
    ]
}

#[test]
fn analyze_reads_each_file_of_a_looping_folder_once() {
    let dir = Dir::new("walk-analyze");
    looping_folder(&dir);
    let out = dir
        .command()
        .args(["analyze", "loopt"])
        .run()
        .expect_code(0);
    let paths: Vec<String> = out
        .json_lines()
        .iter()
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["loopt/a.txt", "loopt/d/b.md"], "{out}");
    let stderr: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(stderr, skip_lines(), "{out}");

    // A broken link is a failure of its own; the rest go on.
    symlink("gone.txt", dir.path("loopt/broken.txt")).unwrap();
    let out = dir
        .command()
        .args(["analyze", "loopt"])
        .run()
        .expect_code(2);
    assert_eq!(out.json_lines().len(), 2, "{out}");
    assert!(
        out.error_for("loopt/broken.txt").contains("broken link"),
        "{out}"
    );
    assert!(out.stderr.contains("1 of 3 inputs failed"), "{out}");
}

#[test]
fn ingest_stores_each_file_of_a_looping_folder_once() {
    let dir = Dir::new("walk-ingest");
    looping_folder(&dir);
    let out = dir.command().args(["ingest", "loopt"]).run().expect_code(0);
    // Two documents, neither seen twice: the second link was not read.
    assert_eq!(out.stdout.trim(), "new 2, duplicate 0, failed 0", "{out}");
    let stderr: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(stderr, skip_lines(), "{out}");
    // `extract` walks the same way.
    let out = dir
        .command()
        .args(["extract", "loopt"])
        .run()
        .expect_code(0);
    assert_eq!(out.json_lines().len(), 2, "{out}");
    assert_eq!(out.stderr.lines().collect::<Vec<_>>(), skip_lines());
}

#[test]
fn prices_import_reads_each_file_of_a_looping_folder_once() {
    let dir = Dir::new("walk-prices");
    dir.create(
        "prices/MP.csv",
        "Date,Close\n2025-10-09,70.1\n2025-10-10,64.2\n2025-10-13,77.9\n",
    );
    std::fs::create_dir_all(dir.path("prices/d")).unwrap();
    symlink("..", dir.path("prices/d/up")).unwrap();
    symlink("../MP.csv", dir.path("prices/d/again.csv")).unwrap();
    let out = dir
        .command()
        .args(["prices", "import", "prices"])
        .run()
        .expect_code(0);
    assert!(
        out.stdout.lines().last().unwrap().starts_with(
            "imported 3 rows (new 3, replaced 0, changed close 0) for 1 ticker from 1 file, failed 0"
        ),
        "{out}"
    );
    assert_eq!(
        out.stderr.lines().collect::<Vec<_>>(),
        [
            "monazite: prices/d/again.csv: skipped: the same file as prices/MP.csv, read there",
            "monazite: prices/d/up: skipped: a link back to prices, which encloses it (a loop)",
        ],
        "{out}"
    );
}
