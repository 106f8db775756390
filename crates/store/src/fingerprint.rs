//! Content fingerprints: an exact hash of the normalised text and a MinHash
//! signature for near duplicates.
//!
//! Both are stored, so both are fixed by this file and documented in
//! docs/store.md; changing a constant here invalidates stored signatures
//! and needs a migration that recomputes them.
//!
//! - Normalisation: the text is cut into words (runs of alphanumeric
//!   characters), lower-cased; punctuation, markup remnants and spacing do
//!   not count.
//! - Exact hash: XXH3-128 (seed 0) of the words joined by single spaces.
//! - Shingles: each run of [`SHINGLE_WORDS`] consecutive words (the whole
//!   text when shorter), hashed with XXH3-64 (seed 0) of the words' own
//!   XXH3-64 hashes, little-endian.
//! - MinHash: [`PERMUTATIONS`] functions `h ↦ (a·h + b) mod 2⁶⁴ >> 32` with
//!   odd `a` and any `b` drawn from SplitMix64 seeded with [`SEED`]; the
//!   signature keeps each function's minimum over the shingles.
//! - Bands: [`BANDS`] bands of [`ROWS`] values; a band's bucket is the
//!   XXH3-64 of its values, little-endian. Two documents whose estimated
//!   Jaccard similarity is 0.8 share a bucket with probability 0.998; at
//!   0.5, 0.27 (such candidates are then compared on the full signature).

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash functions per signature.
pub const PERMUTATIONS: usize = BANDS * ROWS;
/// Bands of the locality-sensitive index.
pub const BANDS: usize = 20;
/// Signature values per band.
pub const ROWS: usize = 6;
/// Seed of the SplitMix64 stream the MinHash functions are drawn from
/// ("monazite" in ASCII).
pub const SEED: u64 = 0x6d6f_6e61_7a69_7465;
/// Estimated Jaccard similarity from which two texts are near duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// The fingerprint of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// XXH3-128 of the normalised words.
    pub exact: [u8; 16],
    pub signature: Signature,
}

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; PERMUTATIONS]);

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let words: Vec<String> = words(text).map(str::to_lowercase).collect();
        let exact = xxh3_128(words.join(" ").as_bytes()).to_le_bytes();
        Fingerprint {
            exact,
            signature: Signature::of_words(&words),
        }
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The SplitMix64 generator (Steele, Lea and Flood, 2014): the stream the
/// MinHash functions are drawn from, and the store's one source of
/// reproducible randomness (audit draws, generated benchmarks).
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The (a, b) pairs of the MinHash functions.
fn functions() -> &'static [(u64, u64); PERMUTATIONS] {
    static FUNCTIONS: std::sync::OnceLock<[(u64, u64); PERMUTATIONS]> = std::sync::OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        let mut rng = SplitMix64(SEED);
        std::array::from_fn(|_| (rng.next() | 1, rng.next()))
    })
}

impl Signature {
    fn of_words(words: &[String]) -> Signature {
        let hashes: Vec<u64> = words.iter().map(|w| xxh3_64(w.as_bytes())).collect();
        let mut mins = [u32::MAX; PERMUTATIONS];
        let width = SHINGLE_WORDS.min(hashes.len()).max(1);
        let mut bytes = Vec::with_capacity(SHINGLE_WORDS * 8);
        for shingle in hashes.windows(width) {
            bytes.clear();
            for h in shingle {
                bytes.extend_from_slice(&h.to_le_bytes());
            }
            let h = xxh3_64(&bytes);
            for (min, &(a, b)) in mins.iter_mut().zip(functions()) {
                let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
                *min = (*min).min(v);
            }
        }
        Signature(mins)
    }

    /// The share of functions on which two signatures agree: an unbiased
    /// estimate of the Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / PERMUTATIONS as f64
    }

    /// The bucket of each band, as stored (SQLite integers are signed).
    pub fn bands(&self) -> [i64; BANDS] {
        std::array::from_fn(|band| {
            let mut bytes = [0u8; ROWS * 4];
            for (i, v) in self.0[band * ROWS..(band + 1) * ROWS].iter().enumerate() {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
            }
            xxh3_64(&bytes) as i64
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads a stored signature; `None` when the blob has the wrong length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != PERMUTATIONS * 4 {
            return None;
        }
        let mut values = [0u32; PERMUTATIONS];
        for (v, chunk) in values.iter_mut().zip(bytes.chunks_exact(4)) {
            *v = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Signature(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "China added five rare earth elements to its export control list on \
        Thursday, tightening its grip on the supply chain for magnets used in electric vehicles, \
        wind turbines and fighter jets. Shares of MP Materials rose 21% on the news while USA \
        Rare Earth gained 14%. Analysts said the controls could last for years.";

    #[test]
    fn exact_hash_ignores_case_spacing_and_punctuation() {
        let a = Fingerprint::of("MP Materials rose 21%.\n\nShares  jumped!");
        let b = Fingerprint::of("mp materials ROSE 21 % shares jumped");
        assert_eq!(a.exact, b.exact);
        assert_ne!(a.exact, Fingerprint::of("MP Materials rose 22%").exact);
    }

    #[test]
    fn identical_texts_have_identical_signatures() {
        let a = Fingerprint::of(STORY);
        assert_eq!(
            a.signature.similarity(&Fingerprint::of(STORY).signature),
            1.0
        );
    }

    #[test]
    fn a_lightly_edited_copy_is_a_near_duplicate_and_another_story_is_not() {
        let edited = STORY.to_string() + " Trading was heavy.";
        let other = "Albemarle cut its lithium production guidance after prices fell to a \
            four-year low, and the company said it would idle a plant in Western Australia.";
        let base = Fingerprint::of(STORY).signature;
        assert!(base.similarity(&Fingerprint::of(&edited).signature) >= NEAR_DUPLICATE);
        assert!(base.similarity(&Fingerprint::of(other).signature) < 0.1);
    }

    #[test]
    fn similar_signatures_share_a_band() {
        let edited = STORY.replace("Analysts said", "Analysts added");
        let a = Fingerprint::of(STORY).signature.bands();
        let b = Fingerprint::of(&edited).signature.bands();
        assert!(a.iter().zip(&b).any(|(x, y)| x == y));
    }

    #[test]
    fn the_hash_is_fixed_across_releases() {
        // Stored signatures stay valid only while these values do not move.
        let f = Fingerprint::of("Rare earth magnets");
        assert_eq!(
            u128::from_le_bytes(f.exact),
            xxh3_128(b"rare earth magnets"),
            "exact hash is XXH3-128 of the normalised words"
        );
        let mut rng = SplitMix64(SEED);
        let (a, b) = (rng.next() | 1, rng.next());
        let words = ["rare", "earth", "magnets"].map(|w| xxh3_64(w.as_bytes()));
        let bytes: Vec<u8> = words.iter().flat_map(|h| h.to_le_bytes()).collect();
        let h = xxh3_64(&bytes);
        assert_eq!(
            f.signature.0[0],
            (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32
        );
        // The same values written out: a dependency update that changed
        // XXH3 or this file's constants would fail here.
        assert_eq!(
            u128::from_le_bytes(f.exact),
            0x9de1d55e942c3efdc273f995c05678f2
        );
        assert_eq!(
            (f.signature.0[0], f.signature.0[PERMUTATIONS - 1]),
            (952_277_147, 1_609_105_425)
        );
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let s = Fingerprint::of(STORY).signature;
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn empty_text_has_a_fingerprint() {
        let f = Fingerprint::of("");
        assert_eq!(f.signature.0, [u32::MAX; PERMUTATIONS]);
    }
}
