package schnorr

import (
	"crypto/sha512"
	"encoding/binary"
	"hash"
	"io"

	"github.com/gtank/ristretto255"
)

// Domain tags of the hashes this package computes. Each purpose has its own
// tag, so no two purposes can ever hash the same input.
const (
	tagNonce       = "stegos/v1/schnorr/nonce"
	tagChallenge   = "stegos/v1/schnorr/challenge"
	tagKeyList     = "stegos/v1/schnorr/musig/keylist"
	tagCoefficient = "stegos/v1/schnorr/musig/coefficient"
	tagMuSigNonce  = "stegos/v1/schnorr/musig/nonce"
	tagNonceCommit = "stegos/v1/schnorr/musig/noncecommit"
)

// TaggedHash returns SHA-512(len(tag) ‖ tag ‖ len(p_1) ‖ p_1 ‖ ... ‖ len(p_n) ‖ p_n),
// every length a 64-bit little-endian integer. The length prefixes make the
// encoding injective: different (tag, parts) never hash the same bytes.
func TaggedHash(tag string, parts ...[]byte) [sha512.Size]byte {
	h := sha512.New()
	writeFramed(h, len(tag))
	io.WriteString(h, tag)
	for _, p := range parts {
		writeFramed(h, len(p))
		h.Write(p)
	}
	var out [sha512.Size]byte
	h.Sum(out[:0])
	return out
}

// HashToScalar returns TaggedHash(tag, parts...) reduced modulo the group
// order: a uniformly distributed scalar (the bias of reducing 512 bits is
// below 2^-250).
func HashToScalar(tag string, parts ...[]byte) *ristretto255.Scalar {
	sum := TaggedHash(tag, parts...)
	s, err := ristretto255.NewScalar().SetUniformBytes(sum[:])
	if err != nil {
		panic("schnorr: SetUniformBytes rejected 64 bytes: " + err.Error())
	}
	return s
}

// writeFramed writes n as a 64-bit little-endian length prefix.
func writeFramed(h hash.Hash, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}
