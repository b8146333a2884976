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

/// Add every entry of `from` into `into` with `merge`; the order in which
/// partial maps arrive cannot change the result as long as `merge` commutes.
pub fn merge_into<K, V>(
    mut into: HashMap<K, V, BuildHasherDefault<FingerprintHasher>>,
    mut from: HashMap<K, V, BuildHasherDefault<FingerprintHasher>>,
    merge: impl Fn(&mut V, V),
) -> HashMap<K, V, BuildHasherDefault<FingerprintHasher>>
where
    K: std::hash::Hash + Eq,
{
    if into.len() < from.len() {
        std::mem::swap(&mut into, &mut from);
    }
    for (key, value) in from {
        match into.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut slot) => merge(slot.get_mut(), value),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
            }
        }
    }
    into
}
