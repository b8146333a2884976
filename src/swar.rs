//! Byte tests eight at a time ("SIMD within a register"): eight bytes of
//! text read as one `u64`, for scans whose fast path is long runs of bytes
//! that need nothing done (the canonical form's Latin runs, JSON escaping).
//!
//! Each test returns the high bit of every byte it flags. A borrow can set
//! bits above a flagged byte, never below it: the lowest bit set always
//! marks a true one.

/// `byte` in each of the eight bytes.
pub const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each byte.
pub const HIGH_BITS: u64 = splat(0x80);

/// The high bit of each byte of `word` that is zero.
#[inline]
pub fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(splat(1)) & !word & HIGH_BITS
}

/// The high bit of each byte of `word` that is less than `n` (for `n` up
/// to 0x80).
#[inline]
pub fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(splat(n)) & !word & HIGH_BITS
}

/// The high bit of each byte of `word` that equals `byte`.
#[inline]
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ splat(byte))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_lowest_flag_is_the_first_byte_that_matches(
            bytes in proptest::array::uniform8(any::<u8>()),
            n in 1u8..=0x80,
            byte in any::<u8>(),
        ) {
            let word = u64::from_le_bytes(bytes);
            let first = |flags: u64| (flags != 0).then(|| flags.trailing_zeros() as usize / 8);
            prop_assert_eq!(first(zero_bytes(word)), bytes.iter().position(|&b| b == 0));
            prop_assert_eq!(first(bytes_below(word, n)), bytes.iter().position(|&b| b < n));
            prop_assert_eq!(first(bytes_equal(word, byte)), bytes.iter().position(|&b| b == byte));
        }
    }
}
