//! `monazite verify`: the stored claims against the stored prices, as a
//! table with each outlet's record, or JSON Lines. The checks are
//! `monazite_app::verify`'s; this file only renders them.

use std::path::Path;
use std::process::ExitCode;

use monazite_app::verify::{verify as check_claims, Checked, VerifyRequest};
use monazite_market::verify::{track_records, Verdict};

use crate::flags::VerifyFlags;
use crate::queries::{open_existing, print_json_lines, print_table};
use crate::table::{opt, Table};

fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{x:+.1}%"))
}

/// What the claim says: its percentage, else its price, else its
/// direction.
fn claimed_text(checked: &Checked) -> String {
    let (c, v) = (&checked.claim, &checked.verification);
    match (v.claimed_pct, c.price) {
        (Some(_), _) => signed(v.claimed_pct),
        (None, Some(p)) => format!("${p}"),
        (None, None) => c.direction.clone(),
    }
}

/// One line of a check for people: the claim, the verdict and why.
pub(crate) fn verdict_line(checked: &Checked) -> String {
    let (c, v) = (&checked.claim, &checked.verification);
    let claimed = claimed_text(checked);
    let session = v
        .session
        .map_or_else(|| "no session".into(), |d| d.to_string());
    format!(
        "{} {claimed} ({session}): {}, actual {} — {}",
        c.ticker,
        v.verdict.as_str(),
        signed(v.actual_pct),
        v.note
    )
}

pub fn verify(db: &Path, flags: &VerifyFlags) -> anyhow::Result<ExitCode> {
    let request = VerifyRequest {
        ticker: flags.ticker.clone(),
        doc: flags.doc,
        tolerance: flags.tolerance,
    };
    // A tolerance no store could answer is refused before the store is
    // opened.
    request.validate()?;
    let store = open_existing(db)?;
    let checked = check_claims(&store, &request)?;
    if flags.json {
        print_json_lines(checked.iter().map(Checked::to_wire))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&[
        "claim", "doc", "session", "ticker", "claimed", "actual", "verdict", "outlet", "why",
    ]);
    for checked in &checked {
        let (c, v) = (&checked.claim, &checked.verification);
        table.row(vec![
            c.id.to_string(),
            c.doc_id.to_string(),
            opt(v.session.map(|d| d.to_string()).as_ref()),
            c.ticker.clone(),
            claimed_text(checked),
            signed(v.actual_pct),
            v.verdict.as_str().to_string(),
            opt(c.outlet.as_ref()),
            v.note.clone(),
        ]);
    }
    let empty = if flags.ticker.is_some() || flags.doc.is_some() {
        "no stored claims match"
    } else {
        "no claims in the store"
    };
    print_table(&table, empty)?;
    let records = track_records(checked.iter().map(|c| {
        (
            c.claim.outlet.as_deref().unwrap_or("(unknown outlet)"),
            &c.verification,
        )
    }));
    if !records.is_empty() {
        println!();
        let mut table = Table::new(&[
            "outlet",
            "claims",
            "confirmed",
            "off",
            "unverifiable",
            "hit rate",
            "mean error",
        ]);
        for r in &records {
            table.row(vec![
                r.outlet.clone(),
                r.claims.to_string(),
                r.confirmed.to_string(),
                r.off.to_string(),
                r.unverifiable.to_string(),
                r.hit_rate()
                    .map_or_else(|| "-".into(), |h| format!("{:.0}%", h * 100.0)),
                r.mean_error
                    .map_or_else(|| "-".into(), |e| format!("{e:.2} pts")),
            ]);
        }
        print_table(&table, "")?;
    }
    let count = |verdict| {
        checked
            .iter()
            .filter(|c| c.verification.verdict == verdict)
            .count()
    };
    eprintln!(
        "claims {}: confirmed {}, off {}, unverifiable {}",
        checked.len(),
        count(Verdict::Confirmed),
        count(Verdict::Off),
        count(Verdict::Unverifiable)
    );
    Ok(ExitCode::SUCCESS)
}
