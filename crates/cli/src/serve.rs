//! `monazite serve`: the HTTP API of `monazite-serve` on the store.

use std::path::Path;
use std::process::ExitCode;

use crate::config::Config;
use crate::flags::ServeFlags;

pub fn serve(config: Config, db: &Path, flags: &ServeFlags) -> anyhow::Result<ExitCode> {
    let state = monazite_serve::AppState::new(db.to_path_buf(), std::sync::Arc::new(config.pack));
    monazite_serve::serve(state, flags.addr, |bound| {
        // The one line a script waits for (with port 0, the port chosen).
        eprintln!("monazite: serving {} on http://{bound}", db.display());
    })?;
    Ok(ExitCode::SUCCESS)
}
