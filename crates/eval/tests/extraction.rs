//! The extraction bar: F1 ≥ 0.95 on the article-extraction benchmark's
//! 181 real pages, scored as its SOURCE.md describes. Skipped (with a
//! message) when the shared data folder is not beside the repository.

use monazite_eval::extraction::run_benchmark;

#[test]
fn benchmark_f1_at_least_0_95() {
    let Some(dir) = monazite_testdata::shared("data/article-extraction-benchmark") else {
        return;
    };
    let report = run_benchmark(&dir).expect("benchmark readable");
    let s = report.score;
    println!(
        "extraction: F1 {:.4} precision {:.4} recall {:.4} accuracy {:.3} over {} pages; {:.1} MB/s (this build)",
        s.f1,
        s.precision,
        s.recall,
        s.accuracy,
        s.pages,
        report.html_bytes as f64 / report.extract_seconds / 1e6
    );
    for p in report.worst(15) {
        println!(
            "  {:.3} P {:?} R {:?} {} {}",
            p.score.f1(),
            p.score.precision.map(|x| (x * 1000.0).round() / 1000.0),
            p.score.recall.map(|x| (x * 1000.0).round() / 1000.0),
            &p.id[..12],
            p.url
        );
    }
    assert_eq!(s.pages, 181);
    assert!(s.f1 >= 0.95, "F1 {:.4} below 0.95", s.f1);
}
