//! Reads the paths given (files, folders, `-`) and prints how many
//! documents and errors came out, how long it took, and the first errors.
//! `cargo run --release -p monazite-ingest --example ingest_count -- PATH...`

use std::path::Path;
use std::time::Instant;

use monazite_ingest::{read_path, read_stdin, ReadOptions};

fn main() {
    let options = ReadOptions::default();
    let show: usize = std::env::var("SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    for arg in std::env::args().skip(1) {
        let start = Instant::now();
        let items: Box<dyn Iterator<Item = _>> = if arg == "-" {
            Box::new(read_stdin(&options))
        } else {
            Box::new(read_path(Path::new(&arg), &options))
        };
        let (mut docs, mut errors, mut bytes) = (0usize, 0usize, 0usize);
        for item in items {
            match item {
                Ok(doc) => {
                    if docs < show {
                        println!(
                            "{} | {:?} | {:?} | {:?} | {:?}",
                            doc.origin, doc.title, doc.published, doc.site, doc.tickers
                        );
                    }
                    docs += 1;
                    bytes += doc.text.len();
                }
                Err(e) => {
                    if errors < 10 {
                        eprintln!("error: {e}");
                    }
                    errors += 1;
                }
            }
        }
        println!(
            "{arg}: {docs} documents ({bytes} bytes of text), {errors} errors in {:.3} s",
            start.elapsed().as_secs_f64()
        );
    }
}
