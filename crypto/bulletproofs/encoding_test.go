package bulletproofs

import (
	"bytes"
	"crypto/sha512"
	"errors"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

func TestProofSize(t *testing.T) {
	tests := []struct{ m, want int }{
		{0, 0}, {-1, 0}, {17, 0},
		{1, 672}, {2, 736}, {3, 800}, {4, 800}, {5, 864}, {8, 864}, {9, 928}, {16, 928},
	}
	for _, tt := range tests {
		if got := ProofSize(tt.m); got != tt.want {
			t.Errorf("ProofSize(%d) = %d, want %d", tt.m, got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, m := range []int{1, 2, 4, 8, 16} {
		vals := make([]uint64, m)
		p, cs := mustProve(t, seeded(uint64(m)), vals, nil)
		enc := p.Bytes()
		q, err := Decode(enc)
		if err != nil {
			t.Fatalf("m=%d: %v", m, err)
		}
		if !bytes.Equal(q.Bytes(), enc) {
			t.Fatalf("m=%d: decode→encode changed the proof", m)
		}
		if err := q.Verify(cs, nil); err != nil {
			t.Fatalf("m=%d: decoded proof: %v", m, err)
		}
	}
}

func TestDecodeRejectsLength(t *testing.T) {
	for _, n := range []int{0, 1, 32, 640, 671, 673, 704, 768, 960, 992, 1 << 20} {
		p, err := Decode(make([]byte, n))
		if !errors.Is(err, ErrProofLength) || p != nil {
			t.Errorf("Decode(%d bytes) = %v, %v; want ErrProofLength", n, p, err)
		}
	}
	// The length is checked before anything proportional is allocated.
	big := make([]byte, 1<<20)
	limit := 3.0
	if raceEnabled {
		limit = 8 // the race detector's own bookkeeping allocates too
	}
	if allocs := testing.AllocsPerRun(10, func() { _, _ = Decode(big) }); allocs > limit {
		t.Errorf("rejecting a 1 MiB input made %v allocations", allocs)
	}
}

var (
	// ℓ, the group order: the smallest non-canonical scalar.
	scalarL = []byte{0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}
	// p = 2^255 − 19: a non-canonical field element.
	fieldP = append([]byte{0xed}, append(bytes.Repeat([]byte{0xff}, 30), 0x7f)...)
)

func TestDecodeRejectsNonCanonical(t *testing.T) {
	p, _ := mustProve(t, seeded(1), []uint64{1}, nil)
	enc := p.Bytes()
	highBit := append([]byte(nil), enc[:32]...)
	highBit[31] |= 0x80
	badScalars := map[string][]byte{
		"l":       scalarL,
		"l+1":     append([]byte{0xee}, scalarL[1:]...),
		"2^256-1": bytes.Repeat([]byte{0xff}, 32),
	}
	badPoints := map[string][]byte{
		"p":              fieldP,
		"negative s":     append([]byte{0x01}, make([]byte, 31)...),
		"high bit set":   highBit,
		"not on curve":   notOnCurve(t),
		"all ones bytes": bytes.Repeat([]byte{0xff}, 32),
	}
	for _, e := range layout(rounds(1)) {
		bad, want := badScalars, ErrNonCanonicalScalar
		if e.kind == pointElem {
			bad, want = badPoints, ErrInvalidPoint
		}
		for name, v := range bad {
			b := append([]byte(nil), enc...)
			copy(b[e.offset:], v)
			p, err := Decode(b)
			if !errors.Is(err, want) || p != nil {
				t.Errorf("%s = %s: Decode = %v, want %v", e.name, name, err, want)
				continue
			}
			if !strings.Contains(err.Error(), e.name) {
				t.Errorf("%s = %s: error %q does not name the field", e.name, name, err)
			}
		}
	}
}

// notOnCurve returns a canonical, non-negative field element that is not a
// valid ristretto255 encoding.
func notOnCurve(t *testing.T) []byte {
	t.Helper()
	for s := byte(2); s < 255; s += 2 {
		b := append([]byte{s}, make([]byte, 31)...)
		if _, err := ristretto255.NewIdentityElement().SetCanonicalBytes(b); err != nil {
			return b
		}
	}
	t.Fatal("no small invalid encoding found")
	return nil
}

// gtankAccepts reports whether an independent implementation
// (gtank/ristretto255) accepts every element of b at the proof layout.
func gtankAccepts(b []byte) bool {
	k, ok := roundsForSize(len(b))
	if !ok {
		return false
	}
	for _, e := range layout(k) {
		field := b[e.offset : e.offset+32]
		var err error
		if e.kind == pointElem {
			_, err = ristretto255.NewIdentityElement().SetCanonicalBytes(field)
		} else {
			_, err = ristretto255.NewScalar().SetCanonicalBytes(field)
		}
		if err != nil {
			return false
		}
	}
	return true
}

func FuzzDecode(f *testing.F) {
	for _, m := range []int{1, 2, 16} {
		p, _ := mustProve(f, seeded(uint64(m)), make([]uint64, m), nil)
		f.Add(p.Bytes())
	}
	f.Add(make([]byte, ProofSize(1)))
	f.Add(make([]byte, ProofSize(1)-1))
	f.Add([]byte{})
	// Commitments no seed proof was made for: nothing may verify against them.
	cs := map[int][]*pedersen.Commitment{}
	for _, m := range []int{1, 2, 4, 8, 16} {
		for j := range m {
			cs[m] = append(cs[m], pedersen.Commit(uint64(j), blindings(f, seeded(99), 1)[0]))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if want := gtankAccepts(b); (err == nil) != want {
			t.Fatalf("Decode error %v, but gtank accepts every element: %v", err, want)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(p.Bytes(), b) {
			t.Fatalf("decode→encode changed %x", b)
		}
		m := 1 << (len(p.l) - minRounds)
		if err := p.Verify(cs[m], nil); err == nil {
			t.Fatalf("fuzzed proof verifies: %x", b)
		}
	})
}

// FuzzVerify builds proofs whose every element is a valid encoding (points
// and scalars derived from the fuzz input by hashing), so that each input
// reaches the verifier's arithmetic: none may verify, and none may panic.
func FuzzVerify(f *testing.F) {
	f.Add(byte(0), []byte("seed"))
	f.Add(byte(4), []byte{})
	cs := blindings(f, seeded(5), MaxAggregation)
	commitments := make([]*pedersen.Commitment, MaxAggregation)
	for j := range commitments {
		commitments[j] = pedersen.Commit(uint64(j), cs[j])
	}
	f.Fuzz(func(t *testing.T, size byte, seed []byte) {
		m := int(size)%MaxAggregation + 1
		k := rounds(m)
		enc := make([]byte, 0, sizeForRounds(k))
		for i, e := range layout(k) {
			h := sha512.Sum512(append([]byte{byte(i)}, seed...))
			var b []byte
			if e.kind == pointElem {
				el, err := ristretto255.NewIdentityElement().SetUniformBytes(h[:])
				if err != nil {
					t.Fatal(err)
				}
				b = el.Bytes()
			} else {
				sc, err := ristretto255.NewScalar().SetUniformBytes(h[:])
				if err != nil {
					t.Fatal(err)
				}
				b = sc.Bytes()
			}
			enc = append(enc, b...)
		}
		p, err := Decode(enc)
		if err != nil {
			t.Fatalf("valid encodings rejected: %v", err)
		}
		if err := p.Verify(commitments[:m], seed); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("Verify = %v, want ErrInvalidProof", err)
		}
	})
}
