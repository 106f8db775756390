//! Snapshots of the sample articles' briefs (examples/news), whole: any
//! change to the wire format or to what the engine finds in them shows up
//! here as a diff to review (`cargo insta review`, or INSTA_UPDATE=always).
//! The engine and pack versions are redacted, so a version bump alone
//! changes nothing.

use std::path::Path;

use monazite_analysis::{analyze as analyze_article, Article};
use monazite_pack::Pack;
use monazite_report::json::BriefRecord;
use monazite_report::{markdown, pack_id, ENGINE_VERSION};

fn samples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("listing examples/news").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| !p.ends_with("README.md"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect();
    out.sort();
    out
}

/// `text` with the versions that change on every release blanked.
fn redacted(text: &str, pack: &Pack) -> String {
    text.replace(&format!("\"{ENGINE_VERSION}\""), "\"[engine]\"")
        .replace(&pack_id(pack), "[pack]")
}

#[test]
fn every_sample_brief_is_as_reviewed() {
    let pack = Pack::embedded().expect("the embedded pack compiles");
    let samples = samples();
    assert!(samples.len() >= 16, "examples/news holds the samples");
    for (name, text) in &samples {
        let analysis = analyze_article(&pack, &Article::new(text));
        let record = BriefRecord::new(&format!("{name}.txt"), text, &analysis, &pack);
        let json = serde_json::to_string_pretty(&record).expect("a brief encodes");
        insta::assert_snapshot!(format!("brief-{name}"), redacted(&json, &pack));
        // What a person reads, from the same analysis.
        let md = markdown::render(&record);
        insta::assert_snapshot!(format!("markdown-{name}"), redacted(&md, &pack));
    }
}

#[test]
fn a_brief_reads_back_as_it_was_written() {
    let pack = Pack::embedded().expect("the embedded pack compiles");
    let (name, text) = samples().remove(0);
    let analysis = analyze_article(&pack, &Article::new(&text));
    let record = BriefRecord::new(&name, &text, &analysis, &pack);
    let json = serde_json::to_string(&record).expect("a brief encodes");
    let back: BriefRecord = serde_json::from_str(&json).expect("a brief decodes");
    assert_eq!(back, record);
    assert_eq!(back.schema, monazite_report::SCHEMA_VERSION);
}
