package staking

import "math/bits"

// bpsOf returns ⌊x·bps/BpsDenominator⌋ with bps capped at BpsDenominator,
// so the result never exceeds x and the 128-bit product never overflows
// the division.
func bpsOf(x, bps uint64) uint64 {
	bps = min(bps, BpsDenominator)
	hi, lo := bits.Mul64(x, bps)
	q, _ := bits.Div64(hi, lo, BpsDenominator) // hi < bps ≤ BpsDenominator
	return q
}

// mulLess reports whether a·b < c·d, computed on 128 bits.
func mulLess(a, b, c, d uint64) bool {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	return h1 < h2 || h1 == h2 && l1 < l2
}
