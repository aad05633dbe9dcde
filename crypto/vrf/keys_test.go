package vrf_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/vrf"
)

func TestPublicKeyFromBytesRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, hex, why string
	}{
		{"empty", "", "bytes"},
		{"31 bytes", strings.Repeat("11", 31), "bytes"},
		{"33 bytes", strings.Repeat("11", 33), "bytes"},
		// Non-canonical: y ≥ p, or x = 0 with the sign bit set.
		{"y = p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical"},
		{"y = p+1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical"},
		{"y = 2^255-1", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "non-canonical"},
		{"y = 1, sign set", "0100000000000000000000000000000000000000000000000000000000000080", "non-canonical"},
		{"y = -1, sign set", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "non-canonical"},
		// y = 2 gives a non-square x².
		{"not on curve", "0200000000000000000000000000000000000000000000000000000000000000", "not a curve point"},
		// The eight points of the 8-torsion subgroup.
		{"identity", "0100000000000000000000000000000000000000000000000000000000000000", "small-order"},
		{"order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "small-order"},
		{"order 4 (+)", "0000000000000000000000000000000000000000000000000000000000000000", "small-order"},
		{"order 4 (-)", "0000000000000000000000000000000000000000000000000000000000000080", "small-order"},
		{"order 8 a", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "small-order"},
		{"order 8 b", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", "small-order"},
		{"order 8 c", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "small-order"},
		{"order 8 d", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", "small-order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vrf.PublicKeyFromBytes(unhex(t, tt.hex))
			if !errors.Is(err, vrf.ErrInvalidPublicKey) || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("err = %v, want ErrInvalidPublicKey (%s)", err, tt.why)
			}
		})
	}
}

// TestSmallOrderTableComplete checks the table above against the library's
// own 8-torsion subgroup, so no small-order encoding is missing.
func TestSmallOrderTableComplete(t *testing.T) {
	t.Parallel()
	for i, p := range curve.EIGHT_TORSION {
		var c curve.CompressedEdwardsY
		c.SetEdwardsPoint(p)
		if _, err := vrf.PublicKeyFromBytes(c[:]); !errors.Is(err, vrf.ErrInvalidPublicKey) {
			t.Errorf("torsion point %d (%x) accepted", i, c[:])
		}
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	seed := bytes.Repeat([]byte{7}, vrf.SeedSize)
	k, err := vrf.NewKeyFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	g, err := vrf.GenerateKey(bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	if !k.Equal(g) || !k.Public().Equal(g.Public()) {
		t.Fatal("GenerateKey and NewKeyFromSeed disagree on the same seed")
	}
	s := k.Seed()
	if !bytes.Equal(s, seed) {
		t.Fatalf("Seed = %x, want %x", s, seed)
	}
	s[0] ^= 1
	if !bytes.Equal(k.Seed(), seed) {
		t.Fatal("Seed returned an alias of the key")
	}
	if pk, err := vrf.PublicKeyFromBytes(k.Public().Bytes()); err != nil || !pk.Equal(k.Public()) {
		t.Fatalf("public key does not round-trip: %v", err)
	}
	if got, want := k.Public().String(), hex.EncodeToString(k.Public().Bytes()); got != want {
		t.Fatalf("PublicKey.String = %s, want %s", got, want)
	}

	for _, n := range []int{0, 31, 33, 64} {
		if _, err := vrf.NewKeyFromSeed(make([]byte, n)); err == nil {
			t.Errorf("NewKeyFromSeed accepted a %d-byte seed", n)
		}
	}
	if _, err := vrf.GenerateKey(iotest.ErrReader(errors.New("no entropy"))); err == nil {
		t.Error("GenerateKey ignored a failing reader")
	}
	if _, err := vrf.GenerateKey(bytes.NewReader(seed[:31])); err == nil {
		t.Error("GenerateKey accepted a short read")
	}

	k.Zero()
	if !bytes.Equal(k.Seed(), make([]byte, vrf.SeedSize)) {
		t.Fatal("Zero left key material behind")
	}
}

func TestPrivateKeyRedacted(t *testing.T) {
	t.Parallel()
	seed := bytes.Repeat([]byte{0xab}, vrf.SeedSize)
	k, err := vrf.NewKeyFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%p"} {
		outs = append(outs, fmt.Sprintf(verb, k), fmt.Sprintf(verb, *k))
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("key", "k", k)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("key", "k", *k)
	outs = append(outs, logs.String())
	for _, o := range outs {
		low := strings.ToLower(o)
		if strings.Contains(low, "abab") || strings.Contains(o, "171 171") || strings.Contains(low, "[171") {
			t.Errorf("key material printed: %q", o)
		}
	}
	if got := fmt.Sprint(k); got != "vrf.PrivateKey(REDACTED)" {
		t.Errorf("Sprint = %q", got)
	}
}
