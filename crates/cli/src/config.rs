//! The second configuration stage: what the flags build (the compiled pack).

use anyhow::Context;
use monazite_pack::Pack;

use crate::flags::Flags;

/// Environment variable naming a pack folder.
pub const PACK_ENV: &str = "MONAZITE_PACK";

#[derive(Debug)]
pub struct Config {
    pub pack: Pack,
}

impl Config {
    pub fn new(flags: &Flags) -> anyhow::Result<Config> {
        let dir = flags
            .pack
            .clone()
            .or_else(|| std::env::var_os(PACK_ENV).map(Into::into));
        let pack = match dir {
            Some(dir) => Pack::load_dir(&dir)
                .with_context(|| format!("loading the knowledge pack in {}", dir.display()))?,
            None => Pack::embedded().context("loading the bundled knowledge pack")?,
        };
        Ok(Config { pack })
    }
}
