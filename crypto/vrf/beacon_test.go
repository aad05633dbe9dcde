package vrf_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/stegos-go/stegos/crypto/vrf"
)

func TestBeaconInputLayout(t *testing.T) {
	t.Parallel()
	var prev [32]byte
	for i := range prev {
		prev[i] = byte(i)
	}
	got := vrf.BeaconInput("stegos-dev", 0x0102030405060708, prev)
	want := "0000000000000010" + hex.EncodeToString([]byte("stegos/v1/beacon")) +
		"000000000000000a" + hex.EncodeToString([]byte("stegos-dev")) +
		"0102030405060708" +
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	if hex.EncodeToString(got) != want {
		t.Fatalf("BeaconInput =\n%x\nwant\n%s", got, want)
	}
}

func TestBeaconInputInjective(t *testing.T) {
	t.Parallel()
	var p0, p1 [32]byte
	p1[31] = 1
	inputs := [][]byte{
		vrf.BeaconInput("", 0, p0),
		vrf.BeaconInput("a", 0, p0),
		vrf.BeaconInput("ab", 0, p0),
		vrf.BeaconInput("a", 1, p0),
		vrf.BeaconInput("a", 0, p1),
		// A chain id that ends like another field must not collide.
		vrf.BeaconInput("a\x00\x00\x00\x00\x00\x00\x00\x00", 0, p0),
	}
	for i := range inputs {
		for j := i + 1; j < len(inputs); j++ {
			if bytes.Equal(inputs[i], inputs[j]) {
				t.Errorf("inputs %d and %d collide", i, j)
			}
		}
	}
}

func TestBeaconRoundTrip(t *testing.T) {
	t.Parallel()
	k, err := vrf.NewKeyFromSeed(bytes.Repeat([]byte{3}, vrf.SeedSize))
	if err != nil {
		t.Fatal(err)
	}
	var prev [32]byte
	alpha := vrf.BeaconInput("stegos-dev", 42, prev)
	pi, beta := vrf.Prove(k, alpha)
	got, err := vrf.Verify(k.Public(), pi, alpha)
	if err != nil || got != beta {
		t.Fatalf("Verify = %x, %v; want %x", got, err, beta)
	}
	if _, err := vrf.Verify(k.Public(), pi, vrf.BeaconInput("stegos-dev", 43, prev)); err == nil {
		t.Fatal("proof for height 42 verified at height 43")
	}
}
