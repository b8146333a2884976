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

/// Shards of the key space.
pub const SHARDS: usize = 16;

/// The shard of a key: bits from its middle, because the hash tables inside
/// a shard use the top bits (control tags) and the low bits (buckets).
pub fn shard_of(key: u64) -> usize {
    (key >> 32) as usize & (SHARDS - 1)
}
