//! Hash maps keyed by fingerprints.
//!
//! Keys are already xxh3 hashes, uniformly spread, so hashing them again is
//! wasted work: the map uses the key itself as its hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from a 64-bit fingerprint to `V`.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<FingerprintHasher>>;

/// A map from a (group, fingerprint) pair to `V`.
pub type GroupKeyMap<V> = HashMap<(u32, u64), V, BuildHasherDefault<FingerprintHasher>>;

/// Passes a `u64` fingerprint through as its own hash (mixed with a leading
/// `u32`, for pair keys).
#[derive(Default)]
pub struct FingerprintHasher(u64);

impl Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for non-u64 keys; fold the bytes in so it stays correct.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = (self.0 ^ u64::from(value)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = self.0.rotate_left(29) ^ key;
    }
}

/// A map from fingerprint to value, split by the top bits of the key into
/// shards that are built in parallel and never merged.
#[derive(Debug)]
pub struct ShardedMap<V> {
    shards: Vec<KeyMap<V>>,
}

impl<V> Default for ShardedMap<V> {
    fn default() -> Self {
        ShardedMap {
            shards: (0..SHARDS).map(|_| KeyMap::default()).collect(),
        }
    }
}

/// Shards of the key space.
pub const SHARDS: usize = 16;

/// The shard of a key: bits from its middle, because the hash tables inside
/// a shard use the top bits (control tags) and the low bits (buckets).
pub fn shard_of(key: u64) -> usize {
    (key >> 32) as usize & (SHARDS - 1)
}

impl<V: Ord + Copy + Send + Sync> ShardedMap<V> {
    /// The least value of every key over all `entries`. Each shard scans
    /// the entries for its own keys, so no thread builds a partial map of
    /// the whole key space and the result does not depend on scheduling.
    pub fn least_per_key(entries: &[Vec<(u64, V)>]) -> Self {
        use rayon::prelude::*;
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                let mut map: KeyMap<V> = KeyMap::default();
                for &(key, value) in entries.iter().flatten() {
                    if shard_of(key) == shard {
                        map.entry(key)
                            .and_modify(|v| *v = (*v).min(value))
                            .or_insert(value);
                    }
                }
                map.shrink_to_fit();
                map
            })
            .collect();
        ShardedMap { shards }
    }

    pub fn get(&self, key: &u64) -> Option<&V> {
        self.shards[shard_of(*key)].get(key)
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
