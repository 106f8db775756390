//! A folder of broken inputs beside good ones: each broken one is an error
//! naming it and the problem, and every good item still comes out.

use std::io::Write;

use monazite_ingest::{read_path, ReadOptions, MAX_RECORD_BYTES};
use monazite_types::error_code::ErrorCode;

#[test]
fn broken_inputs_do_not_stop_the_batch() {
    let dir = std::env::temp_dir().join(format!("monazite-ingest-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();

    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"lol\">\n");
    let mut prev = "a".to_string();
    for i in 0..9 {
        bomb.push_str(&format!(
            "<!ENTITY e{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = format!("e{i}");
    }
    bomb.push_str("]>\n<rss><channel><item><description>&e8;</description></item></channel></rss>");
    write("1-bomb.xml", bomb.as_bytes());
    write(
        "2-cut.rss",
        b"<rss><channel><title>C</title><item><description>Kept.</description></item><item><descr",
    );
    write("3-binary.txt", b"\x7fELF\x00\x01");
    write("4-latin1.md", b"# Caf\xe9\n\nText.");
    // A 20 MB line between two good records, written as a file.
    let mut f = std::fs::File::create(dir.join("5-long.jsonl")).unwrap();
    f.write_all(b"{\"text\":\"First.\"}\n{\"text\":\"").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..20 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(b"\"}\n{\"text\":\"Last.\"}\n").unwrap();
    drop(f);
    write("6-good.txt", b"Lithium prices rose.");

    let got: Vec<String> = read_path(&dir, &ReadOptions::default())
        .map(|item| {
            let (origin, what) = match item {
                Ok(d) => (d.origin, format!("ok {}", d.text)),
                Err(e) => {
                    let what = format!("error {} [{}]", e.kind, e.code());
                    (e.origin, what)
                }
            };
            let name = origin.rsplit('/').next().unwrap_or_default().to_string();
            format!("{name}: {what}")
        })
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = [
        "1-bomb.xml: error the feed's DOCTYPE declares entities; they are not expanded (that is how entity bombs work), so the feed is refused [input_bad_feed]".to_string(),
        "2-cut.rss#1: ok Kept.".to_string(),
        "2-cut.rss#2: error XML error at byte 81: syntax error: tag not closed: `>` not found before end of input; entry 2 and any after it are lost [input_bad_feed]".to_string(),
        "3-binary.txt: error binary data (NUL byte at offset 4), not text [input_binary]".to_string(),
        "4-latin1.md: error not valid UTF-8 (at byte 5) [input_not_utf8]".to_string(),
        "5-long.jsonl:1: ok First.".to_string(),
        format!("5-long.jsonl:2: error over the {MAX_RECORD_BYTES}-byte limit for one record; skipped to the next line [input_too_large]"),
        "5-long.jsonl:3: ok Last.".to_string(),
        "6-good.txt: ok Lithium prices rose.".to_string(),
    ];
    assert_eq!(got, expected);
}
