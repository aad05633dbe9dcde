package staking

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/params"
)

func TestBeaconGolden(t *testing.T) {
	// Computed by an independent Python SHA-512 TaggedHash.
	g := GenesisBeacon("stegos-dev")
	if got, want := hex.EncodeToString(g[:]), "2b4e8f14896fc623d09465da43f05b7939e30e7f849d3ffbcf6497e3814fd631"; got != want {
		t.Fatalf("GenesisBeacon = %s, want %s", got, want)
	}
	n := NextBeacon(g, bytes.Repeat([]byte{1}, 64))
	if got, want := hex.EncodeToString(n[:]), "46661a955957fb00048658ea04cb3d7145797ea78a2fa2ae6e4389d81d4339a7"; got != want {
		t.Fatalf("NextBeacon = %s, want %s", got, want)
	}
}

func TestBeaconChain(t *testing.T) {
	g := GenesisBeacon("stegos-dev")
	h := schnorr.TaggedHash("stegos/v1/beacon/genesis", []byte("stegos-dev"))
	if !bytes.Equal(g[:], h[:32]) {
		t.Fatal("GenesisBeacon is not the tagged hash of the chain id")
	}
	out := []byte("vrf output")
	h = schnorr.TaggedHash("stegos/v1/beacon/chain", g[:], out)
	if n := NextBeacon(g, out); !bytes.Equal(n[:], h[:32]) {
		t.Fatal("NextBeacon is not the tagged hash of prev and output")
	}
	distinct := map[[32]byte]string{}
	for name, b := range map[string][32]byte{
		"genesis dev":     g,
		"genesis mainnet": GenesisBeacon("stegos-mainnet-1"),
		"genesis empty":   GenesisBeacon(""),
		"next":            NextBeacon(g, out),
		"next other prev": NextBeacon(GenesisBeacon("x"), out),
		"next other out":  NextBeacon(g, []byte("vrf outpuT")),
		"next empty out":  NextBeacon(g, nil),
	} {
		if other, ok := distinct[b]; ok {
			t.Fatalf("%s and %s give the same beacon", name, other)
		}
		distinct[b] = name
	}
}

func TestBeaconHeightForDraw(t *testing.T) {
	tests := []struct {
		name   string
		epoch  int64
		period int64
		end    int64
		want   int64
	}{
		{"dev, first period", 20, 60, 60, 50},
		{"dev, second period", 20, 60, 120, 110},
		{"mainnet", 3600, 7 * 24 * 3600, 7 * 24 * 3600, 7*24*3600 - 1800},
		{"odd epoch rounds down", 21, 60, 60, 50},
		{"one-block epochs", 1, 60, 60, 60},
		{"long epoch: the period start", 200, 60, 60, 1},
		{"long epoch, later period", 200, 60, 120, 61},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params.Staking{EpochBlocks: tt.epoch, AwardPeriod: tt.period}
			got := BeaconHeightForDraw(tt.end, p)
			if got != tt.want {
				t.Fatalf("BeaconHeightForDraw(%d) = %d, want %d", tt.end, got, tt.want)
			}
			if got > tt.end || got < AwardPeriodStart(tt.end, p) {
				t.Fatalf("%d is outside the period ending at %d", got, tt.end)
			}
		})
	}
}
