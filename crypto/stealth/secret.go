package stealth

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/schnorr"
)

// Domain tags of this package's hashes (framed as schnorr.TaggedHash).
const (
	tagOneTime    = "stegos/v1/stealth/onetime"
	tagViewTag    = "stegos/v1/stealth/viewtag"
	tagPayloadKey = "stegos/v1/stealth/payload-key"
)

// SharedSecret is the secret a payer and a recipient share for one output:
// the encoding of S = r·A = a·R, with the output index. Only values derived
// from it leave this package. It never prints.
type SharedSecret struct {
	s     [32]byte
	index uint32
}

// newSharedSecret wraps the encoding of S for output index.
func newSharedSecret(s [32]byte, index uint32) SharedSecret {
	return SharedSecret{s: s, index: index}
}

// Index returns the output index the secret was derived for.
func (ss *SharedSecret) Index() uint32 { return ss.index }

// PayloadKeyMaterial returns the 32-byte seed from which package payload
// derives the output's encryption key:
// SHA-512("stegos/v1/stealth/payload-key", S, i)[:32].
func (ss *SharedSecret) PayloadKeyMaterial() [32]byte {
	sum := ss.hash(tagPayloadKey)
	return [32]byte(sum[:32])
}

// viewTag returns SHA-512("stegos/v1/stealth/viewtag", S, i)[0].
func (ss *SharedSecret) viewTag() byte {
	sum := ss.hash(tagViewTag)
	return sum[0]
}

// oneTimeScalar returns h = Hs("stegos/v1/stealth/onetime", S, i): the
// one-time key is h·G + B and its private key h + b.
func (ss *SharedSecret) oneTimeScalar() *ristretto255.Scalar {
	i := ss.indexBytes()
	return schnorr.HashToScalar(tagOneTime, ss.s[:], i[:])
}

// hash returns the tagged SHA-512 of S and i.
func (ss *SharedSecret) hash(tag string) [64]byte {
	i := ss.indexBytes()
	return schnorr.TaggedHash(tag, ss.s[:], i[:])
}

// indexBytes returns i as 4 little-endian bytes.
func (ss *SharedSecret) indexBytes() [4]byte {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], ss.index)
	return b
}

// String returns a fixed placeholder.
func (SharedSecret) String() string { return "stealth.SharedSecret(REDACTED)" }

// GoString returns the placeholder, for %#v.
func (ss SharedSecret) GoString() string { return ss.String() }

// Format writes the placeholder for every verb.
func (ss SharedSecret) Format(f fmt.State, _ rune) { io.WriteString(f, ss.String()) }
