package bulletproofs

import (
	"crypto/sha512"
	"encoding/binary"
	"sync"

	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

const (
	// BitSize is n: every proof shows each committed value lies in [0, 2^64).
	BitSize = 64

	// MaxAggregation is the largest number of values one proof may cover.
	MaxAggregation = 16

	// maxGens is the length of each generator vector G_i, H_i.
	maxGens = BitSize * MaxAggregation

	// GDomainTag and HDomainTag derive the generator vectors:
	// G_i = map(SHA-512(GDomainTag ‖ LE32(i))) and likewise H_i, for
	// i < 1024, where map is the RFC 9496 one-way map (ristretto255
	// "from uniform bytes"). A proof for m values uses the first 64·m of
	// each, so smaller proofs use a prefix of the generators of larger ones.
	GDomainTag = "stegos/v1/bulletproofs/G"
	HDomainTag = "stegos/v1/bulletproofs/H"
)

// generators holds every fixed point of the protocol in curve25519-voi's
// representation, both plain (for the prover's constant-time arithmetic)
// and expanded with precomputed lookup tables (for variable-time
// multiscalar multiplication).
type generators struct {
	// g is the Pedersen blinding generator (the ristretto255 base point),
	// h the Pedersen value generator; both are converted from
	// crypto/pedersen by their encodings.
	g, h       curve.RistrettoPoint
	gExp, hExp *curve.ExpandedRistrettoPoint
	hTable     *curve.RistrettoBasepointTable

	gVec, hVec       []*curve.RistrettoPoint
	gVecExp, hVecExp []*curve.ExpandedRistrettoPoint
}

var (
	gensOnce sync.Once
	gens     *generators
)

// getGenerators returns the generators, deriving them on first use
// (2,048 hash-to-group evaluations and lookup tables, 20–40 ms).
func getGenerators() *generators {
	gensOnce.Do(func() { gens = newGenerators() })
	return gens
}

func newGenerators() *generators {
	gs := &generators{}
	mustDecodePoint(&gs.g, pedersen.G().Bytes())
	mustDecodePoint(&gs.h, pedersen.H().Bytes())
	gs.gExp = curve.NewExpandedRistrettoPoint(&gs.g)
	gs.hExp = curve.NewExpandedRistrettoPoint(&gs.h)
	gs.hTable = curve.NewRistrettoBasepointTable(&gs.h)

	gs.gVec, gs.gVecExp = deriveVector(GDomainTag)
	gs.hVec, gs.hVecExp = deriveVector(HDomainTag)
	return gs
}

// deriveVector derives maxGens points from tag, with their expanded forms.
func deriveVector(tag string) ([]*curve.RistrettoPoint, []*curve.ExpandedRistrettoPoint) {
	pts := make([]curve.RistrettoPoint, maxGens)
	ptrs := make([]*curve.RistrettoPoint, maxGens)
	exp := make([]*curve.ExpandedRistrettoPoint, maxGens)
	for i := range pts {
		hashToPoint(&pts[i], tag, uint32(i))
		ptrs[i] = &pts[i]
		exp[i] = curve.NewExpandedRistrettoPoint(&pts[i])
	}
	return ptrs, exp
}

// hashToPoint sets p to map(SHA-512(tag ‖ LE32(i))).
func hashToPoint(p *curve.RistrettoPoint, tag string, i uint32) {
	sum := sha512.Sum512(binary.LittleEndian.AppendUint32([]byte(tag), i))
	if _, err := p.SetUniformBytes(sum[:]); err != nil {
		panic("bulletproofs: SetUniformBytes rejected 64 bytes: " + err.Error())
	}
}

// mustDecodePoint decodes a constant point encoding; it panics only if a
// hard-coded generator is broken.
func mustDecodePoint(p *curve.RistrettoPoint, b []byte) {
	var c curve.CompressedRistretto
	copy(c[:], b)
	if _, err := p.SetCompressed(&c); err != nil {
		panic("bulletproofs: generator does not decode: " + err.Error())
	}
}
