package payload

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/gtank/ristretto255"
	"golang.org/x/crypto/chacha20poly1305"
)

// edgeAmounts are the amounts every amount test goes through: the ends of
// the range and the byte boundaries of the little-endian encoding.
var edgeAmounts = []uint64{
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 1_000_000, 1<<32 - 1, 1 << 32,
	21_000_000 * 1_000_000, 1<<56 - 1, 1 << 56, 1<<63 - 1, 1 << 63, 1<<64 - 2, 1<<64 - 1,
}

// mask returns the amount mask of f's output: the sealed amount of 0.
func (f fixture) mask() [AmountSize]byte { return SealAmount(f.key, f.r, f.p, 0) }

func TestAmountRoundTrip(t *testing.T) {
	t.Parallel()
	for seed := range byte(8) {
		f := newFixture(seed)
		other := newFixture(seed + 100)
		seen := map[[AmountSize]byte]uint64{}
		for _, a := range edgeAmounts {
			sealed := SealAmount(f.key, f.r, f.p, a)
			kept := sealed
			if got := OpenAmount(f.key, f.r, f.p, sealed); got != a {
				t.Fatalf("fixture %d: OpenAmount(SealAmount(%d)) = %d", seed, a, got)
			}
			if sealed != kept {
				t.Fatal("OpenAmount changed the caller's sealed amount")
			}
			if again := SealAmount(f.key, f.r, f.p, a); again != sealed {
				t.Fatalf("fixture %d: sealing %d is not deterministic", seed, a)
			}
			var le [AmountSize]byte
			binary.LittleEndian.PutUint64(le[:], a)
			if sealed == le {
				t.Fatalf("fixture %d: %d sealed in the clear", seed, a)
			}
			if b, dup := seen[sealed]; dup {
				t.Fatalf("fixture %d: %d and %d seal alike", seed, a, b)
			}
			seen[sealed] = a
			// Another output's key opens it to another amount (the
			// commitment check is what rejects it).
			if got := OpenAmount(other.key, f.r, f.p, sealed); got == a {
				t.Fatalf("fixture %d: a wrong key opened %d", seed, a)
			}
		}
	}
}

// TestDerivationsBindEveryInput flips each bit of the key material, of R and
// of P in turn, and swaps R and P: the blinding factor, the amount mask and
// the payload key all change every time.
func TestDerivationsBindEveryInput(t *testing.T) {
	t.Parallel()
	base := newFixture(7)
	g, m := Blinding(base.key, base.r, base.p), base.mask()
	pt := &Plaintext{Type: TypePayment, Data: []byte("bound")}
	ct, err := Seal(base.key, base.r, base.p, pt)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, f fixture) {
		t.Helper()
		if Blinding(f.key, f.r, f.p).Equal(g) == 1 {
			t.Errorf("%s: same blinding factor", name)
		}
		if f.mask() == m {
			t.Errorf("%s: same amount mask", name)
		}
		if c, err := Seal(f.key, f.r, f.p, pt); err != nil || c == ct {
			t.Errorf("%s: same sealed payload (%v)", name, err)
		}
	}
	for i := range 32 * 8 {
		f := base
		f.key[i/8] ^= 1 << (i % 8)
		check("key bit "+strconv.Itoa(i), f)
		f = base
		f.r[i/8] ^= 1 << (i % 8)
		check("R bit "+strconv.Itoa(i), f)
		f = base
		f.p[i/8] ^= 1 << (i % 8)
		check("P bit "+strconv.Itoa(i), f)
	}
	swapped := base
	swapped.r, swapped.p = base.p, base.r
	check("R and P swapped", swapped)
}

// TestDomainSeparation: the three derivations share their inputs and differ
// only by info string; none of their outputs is a prefix of another's.
func TestDomainSeparation(t *testing.T) {
	t.Parallel()
	f := newFixture(9)
	rp := append(append([]byte{}, f.r[:]...), f.p[:]...)
	wide := refHKDF(f.key[:], append([]byte(infoBlinding), rp...), 64)
	mask := f.mask()
	key := refHKDF(f.key[:], append([]byte(infoTag), rp...), 32)
	if bytes.Equal(mask[:], wide[:AmountSize]) || bytes.Equal(mask[:], key[:AmountSize]) || bytes.Equal(wide[:32], key) {
		t.Fatal("two derivations share output bytes")
	}
	// Without the info prefix (the bare R ‖ P) the output is another.
	if bytes.Equal(refHKDF(f.key[:], rp, 8), mask[:]) {
		t.Fatal("the amount mask does not depend on its info prefix")
	}
}

// TestBlindingNeverZero derives the blinding factors and amount masks of
// many outputs, degenerate inputs included: every blinding factor is a
// canonical non-zero scalar, and no two outputs share a blinding factor or
// a mask.
func TestBlindingNeverZero(t *testing.T) {
	t.Parallel()
	fixtures := []fixture{
		{},
		{key: [32]byte(bytes.Repeat([]byte{0xff}, 32)), r: [32]byte(bytes.Repeat([]byte{0xff}, 32)), p: [32]byte(bytes.Repeat([]byte{0xff}, 32))},
		{r: [32]byte{1}},
		{p: [32]byte{1}},
	}
	rng := rand.NewChaCha8([32]byte{'z'})
	for range 4096 {
		var f fixture
		rng.Read(f.key[:])
		rng.Read(f.r[:])
		rng.Read(f.p[:])
		fixtures = append(fixtures, f)
	}
	zero := ristretto255.NewScalar()
	blindings := map[[32]byte]int{}
	masks := map[[AmountSize]byte]int{}
	for i, f := range fixtures {
		g := Blinding(f.key, f.r, f.p)
		if g.Equal(zero) == 1 {
			t.Fatalf("fixture %d: zero blinding factor", i)
		}
		enc := [32]byte(g.Bytes())
		if _, err := ristretto255.NewScalar().SetCanonicalBytes(enc[:]); err != nil {
			t.Fatalf("fixture %d: blinding factor %x not canonical", i, enc)
		}
		if j, dup := blindings[enc]; dup {
			t.Fatalf("fixtures %d and %d share a blinding factor", j, i)
		}
		blindings[enc] = i
		m := f.mask()
		if j, dup := masks[m]; dup {
			t.Fatalf("fixtures %d and %d share an amount mask", j, i)
		}
		masks[m] = i
	}
}

// TestDerivationsMatchSpec recomputes Blinding, SealAmount and Seal from the
// formulas of doc.go with an independent HKDF and reduction, for many
// outputs.
func TestDerivationsMatchSpec(t *testing.T) {
	t.Parallel()
	rng := rand.NewChaCha8([32]byte{'s', 'p', 'e', 'c'})
	for i := range 64 {
		var f fixture
		rng.Read(f.key[:])
		rng.Read(f.r[:])
		rng.Read(f.p[:])
		amount := rng.Uint64()
		if i < len(edgeAmounts) {
			amount = edgeAmounts[i]
		}
		data := make([]byte, int(rng.Uint64()%(MaxDataSize+1)))
		rng.Read(data)
		pt := &Plaintext{Type: Type(1 + i%2), Data: data}
		if g := Blinding(f.key, f.r, f.p).Bytes(); !bytes.Equal(g, refBlinding(f.key, f.r, f.p)) {
			t.Fatalf("output %d: blinding %x, the spec gives %x", i, g, refBlinding(f.key, f.r, f.p))
		}
		if s := SealAmount(f.key, f.r, f.p, amount); !bytes.Equal(s[:], refSealAmount(f.key, f.r, f.p, amount)) {
			t.Fatalf("output %d: sealed amount %x, the spec gives %x", i, s, refSealAmount(f.key, f.r, f.p, amount))
		}
		ct, err := Seal(f.key, f.r, f.p, pt)
		if err != nil {
			t.Fatal(err)
		}
		if want := refSeal(t, f.key, f.r, f.p, pt); !bytes.Equal(ct[:], want) {
			t.Fatalf("output %d: sealed payload differs from the spec's", i)
		}
	}
}

// refHKDF is HKDF-SHA512 with no salt (RFC 5869 §2.2-2.3), written from the
// RFC with crypto/hmac, not with crypto/hkdf.
func refHKDF(ikm, info []byte, n int) []byte {
	ext := hmac.New(sha512.New, make([]byte, sha512.Size)) // no salt: HashLen zeros
	ext.Write(ikm)
	prk := ext.Sum(nil)
	var out, prev []byte
	for i := byte(1); len(out) < n; i++ {
		h := hmac.New(sha512.New, prk)
		h.Write(prev)
		h.Write(info)
		h.Write([]byte{i})
		prev = h.Sum(nil)
		out = append(out, prev...)
	}
	return out[:n]
}

// ell is the order of the ristretto255 group.
var ell, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// refBlinding reduces the 64-byte HKDF output, read little endian, mod ℓ and
// returns the 32-byte little-endian encoding.
func refBlinding(key, r, p [32]byte) []byte {
	wide := refHKDF(key[:], append(append([]byte(infoBlinding), r[:]...), p[:]...), 64)
	slices.Reverse(wide)
	v := new(big.Int).SetBytes(wide)
	v.Mod(v, ell)
	out := make([]byte, 32)
	v.FillBytes(out)
	slices.Reverse(out)
	return out
}

func refSealAmount(key, r, p [32]byte, amount uint64) []byte {
	mask := refHKDF(key[:], append(append([]byte(infoAmount), r[:]...), p[:]...), AmountSize)
	out := binary.LittleEndian.AppendUint64(nil, amount)
	for i := range out {
		out[i] ^= mask[i]
	}
	return out
}

// refSeal builds the plaintext by hand (type ‖ length u16 LE ‖ data ‖ zero
// padding) and seals it with ChaCha20-Poly1305 under the HKDF key, a zero
// nonce and R ‖ P as associated data.
func refSeal(t testing.TB, key, r, p [32]byte, pt *Plaintext) []byte {
	t.Helper()
	plain := make([]byte, PlaintextSize)
	plain[0] = byte(pt.Type)
	binary.LittleEndian.PutUint16(plain[1:3], uint16(len(pt.Data)))
	copy(plain[3:], pt.Data)
	ad := append(append([]byte{}, r[:]...), p[:]...)
	aead, err := chacha20poly1305.New(refHKDF(key[:], append([]byte(infoTag), ad...), 32))
	if err != nil {
		t.Fatal(err)
	}
	return aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), plain, ad)
}
