package payproof_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2/bech32"
	"github.com/stegos-go/stegos/payproof"
)

// encodeRaw encodes b under hrp with a bech32m (m=true) or bech32 checksum,
// to build texts this package would never print.
func encodeRaw(t testing.TB, hrp string, b []byte, m bool) string {
	t.Helper()
	data, err := bech32.ConvertBits(b, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	enc := bech32.Encode
	if m {
		enc = bech32.EncodeM
	}
	s, err := enc(hrp, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParse(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	at := f.output(t, 0)
	p, err := payproof.CreateReceipt(seeded(20), f.bob.ViewKey(), f.tx, at)
	if err != nil {
		t.Fatal(err)
	}
	good := p.String()
	for _, s := range []string{good, strings.ToUpper(good), "  " + good + "\n"} {
		q, err := payproof.Parse(s)
		if err != nil || q.String() != good {
			t.Fatalf("Parse(%.20q…): %v", s, err)
		}
	}

	raw := p.Bytes()
	with := func(off int, b ...byte) []byte {
		c := bytes.Clone(raw)
		copy(c[off:], b)
		return c
	}
	lastFlipped := good[:len(good)-1] + string("qp"[boolInt(good[len(good)-1] == 'q')])
	tests := []struct {
		name    string
		in      string
		want    error
		message string
	}{
		{"empty", "", payproof.ErrPrefix, "no separator"},
		{"an address", f.bob.Address().String(2), payproof.ErrPrefix, "this is a testnet address"},
		{"another prefix", encodeRaw(t, "lnbc", raw, true), payproof.ErrPrefix, `it starts with "lnbc1"`},
		{"prefix without separator", "stgproof", payproof.ErrPrefix, "no separator"},
		{"mixed case", strings.ToUpper(good[:12]) + good[12:], payproof.ErrEncoding, "case"},
		{"invalid character", good[:40] + "b" + good[41:], payproof.ErrEncoding, "character 41 ('b')"},
		{"non-ASCII", good[:40] + "é" + good[41:], payproof.ErrEncoding, "alphabet"},
		{"checksum", lastFlipped, payproof.ErrChecksum, "mistyped"},
		{"truncated", good[:len(good)-10], payproof.ErrChecksum, "not copied whole"},
		{"truncated to the prefix", "stgproof1", payproof.ErrChecksum, "only 0 characters"},
		{"bech32 not bech32m", encodeRaw(t, payproof.HRP, raw, false), payproof.ErrEncoding, "bech32m"},
		{"short payload", encodeRaw(t, payproof.HRP, raw[:199], true), payproof.ErrLength, "want 335"},
		{"long payload", encodeRaw(t, payproof.HRP, append(bytes.Clone(raw), 0), true), payproof.ErrLength, "want 335"},
		{"absurdly long", "stgproof1" + strings.Repeat("q", 2000), payproof.ErrLength, "2009 characters"},
		{"version 2", encodeRaw(t, payproof.HRP, with(0, 2), true), payproof.ErrVersion, "version 2, this software reads version 1"},
		{"version 2, other length", encodeRaw(t, payproof.HRP, []byte{2, 0, 0}, true), payproof.ErrVersion, "version 2"},
		{"version 0", encodeRaw(t, payproof.HRP, with(0, 0), true), payproof.ErrVersion, "version 0"},
		{"network 0", encodeRaw(t, payproof.HRP, with(1, 0), true), payproof.ErrEncoding, "unknown network 0"},
		{"network 4", encodeRaw(t, payproof.HRP, with(1, 4), true), payproof.ErrEncoding, "unknown network 4"},
		{"address version", encodeRaw(t, payproof.HRP, with(38, 1), true), payproof.ErrEncoding, "address"},
		{"address view key identity", encodeRaw(t, payproof.HRP, with(39, make([]byte, 32)...), true), payproof.ErrEncoding, "address"},
		{"proof kind", encodeRaw(t, payproof.HRP, with(103, 7), true), payproof.ErrEncoding, "unknown kind 7"},
		{"proof scalar", encodeRaw(t, payproof.HRP, with(199, 0xff), true), payproof.ErrEncoding, "z is not a canonical scalar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := payproof.Parse(tt.in)
			if q != nil || !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %v, %v; want %v", q, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("error %q does not say %q", err, tt.message)
			}
		})
	}
	if _, err := payproof.Decode(nil); !errors.Is(err, payproof.ErrLength) {
		t.Errorf("Decode(nil): %v", err)
	}
	if _, err := payproof.Decode(raw[:150]); !errors.Is(err, payproof.ErrLength) || !strings.Contains(err.Error(), "150 bytes, want 200") {
		t.Errorf("Decode(truncated): %v", err)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func FuzzParse(f *testing.F) {
	fx := getFixture(f)
	at := fx.output(f, 0)
	p, err := payproof.CreateReceipt(seeded(21), fx.bob.ViewKey(), fx.tx, at)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(p.String())
	f.Add(strings.ToUpper(p.String()))
	f.Add("stgproof1")
	f.Add(fx.bob.Address().String(1))
	f.Add("")
	known := []error{payproof.ErrPrefix, payproof.ErrChecksum, payproof.ErrEncoding, payproof.ErrLength, payproof.ErrVersion}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := payproof.Parse(s)
		if err != nil {
			if q != nil {
				t.Fatal("a proof and an error")
			}
			for _, k := range known {
				if errors.Is(err, k) {
					return
				}
			}
			t.Fatalf("Parse(%q): error %v wraps no documented sentinel", s, err)
		}
		// Non-malleable: the only accepted spellings are the canonical text
		// and its upper-case form, with white space around.
		if got := q.String(); got != strings.ToLower(strings.TrimSpace(s)) {
			t.Fatalf("Parse(%q) → String = %q", s, got)
		}
		_, _ = payproof.Verify(q, fx.tx) // must not panic
	})
}
