package wallet

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
)

func testCodec(t testing.TB, seed byte) *codec {
	t.Helper()
	c, err := newCodec(bytes.Repeat([]byte{seed}, recordKeySize), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCodecSealsAndBinds: a sealed record opens under its own key only:
// moved to another record's key, to another account, altered, or opened
// with another record key, it fails; and its database key does not show
// the output or transaction id.
func TestCodecSealsAndBinds(t *testing.T) {
	t.Parallel()
	c := testCodec(t, 1)
	const txid = "7f3a000000000000000000000000000000000000000000000000000000000001"
	k := historyKey("0123456789abcdef", txid)
	dk := c.key(k)
	if strings.Contains(string(dk), txid[:16]) || !strings.HasPrefix(string(dk), "h/0123456789abcdef/") || len(dk) != len("h/0123456789abcdef/")+2*blindSize {
		t.Fatalf("database key %q", dk)
	}
	if !bytes.Equal(c.key(k), dk) {
		t.Fatal("blinding is not deterministic")
	}
	if other := c.key(outputKey("0123456789abcdef", txid)); bytes.Equal(other[2:], dk[2:]) {
		t.Fatal("the same id under two prefixes blinds to the same key")
	}
	plain := []byte(`{"memo":"rent"}`)
	sealed, err := c.seal(dk, plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) != padTo+sealOverhead || bytes.Contains(sealed, []byte("rent")) {
		t.Fatalf("sealed record %q", sealed)
	}
	if got, err := c.open(dk, sealed); err != nil || string(bytes.TrimRight(got, " ")) != string(plain) {
		t.Fatalf("open: %q, %v", got, err)
	}
	var v struct{ Memo string }
	if err := decodeRecord(c, dk, sealed, &v); err != nil || v.Memo != "rent" {
		t.Fatalf("decode: %+v, %v", v, err)
	}
	// Memos of different lengths seal to the same length.
	long, _ := c.seal(dk, []byte(`{"memo":"rent for march and april"}`))
	if len(long) != len(sealed) {
		t.Fatalf("a longer memo seals to %d bytes, a short one to %d", len(long), len(sealed))
	}
	again, _ := c.seal(dk, plain)
	if bytes.Equal(again, sealed) {
		t.Fatal("two seals of one record are equal: the nonce is not fresh")
	}
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	cases := []struct {
		name   string
		c      *codec
		key    []byte
		sealed []byte
	}{
		{"moved to another record", c, c.key(historyKey("0123456789abcdef", strings.Repeat("0", 64))), sealed},
		{"moved to another account", c, c.key(historyKey("fedcba9876543210", txid)), sealed},
		{"altered", c, dk, tampered},
		{"another record key", testCodec(t, 2), dk, sealed},
		{"in clear", c, dk, plain},
		{"truncated", c, dk, sealed[:sealOverhead-1]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.c.open(tc.key, tc.sealed); !errors.Is(err, errSealed) {
				t.Fatalf("open: %v, want errSealed", err)
			}
		})
	}
	if got, err := plainCodec.open(dk, plain); err != nil || !bytes.Equal(got, plain) || string(plainCodec.key(k)) != "h/0123456789abcdef/"+txid {
		t.Fatalf("the old format reads in clear: %q, %v", got, err)
	}
}

// TestKeyFilePlaintextWithRecordKey: the record key rides in the key
// file after the keys, for full and view-only accounts, and a key file
// from before it still opens (without one).
func TestKeyFilePlaintextWithRecordKey(t *testing.T) {
	t.Parallel()
	m, err := keys.MnemonicFromEntropy(bytes.Repeat([]byte{0x42}, keys.EntropySize))
	if err != nil {
		t.Fatal(err)
	}
	full, fullPlain, err := seedSecrets(m)
	if err != nil {
		t.Fatal(err)
	}
	_, voPlain, err := viewOnlySecrets(full.keys.Address(), hexOf(full.view.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rk := bytes.Repeat([]byte{7}, recordKeySize)
	for _, c := range []struct {
		name  string
		plain []byte
		spend bool
	}{{"full", fullPlain, true}, {"view-only", voPlain, false}} {
		t.Run(c.name, func(t *testing.T) {
			old, err := decodeSecrets(c.plain)
			if err != nil || old.recordKey != nil || old.canSpend() != c.spend {
				t.Fatalf("old format: %v, record key %x", err, old.recordKey)
			}
			withKey, err := withRecordKey(c.plain, rk)
			if err != nil {
				t.Fatal(err)
			}
			sec, err := decodeSecrets(withKey)
			if err != nil || !bytes.Equal(sec.recordKey, rk) || sec.canSpend() != c.spend || !sec.keys.Address().Equal(full.keys.Address()) {
				t.Fatalf("with record key: %v", err)
			}
			if _, err := withRecordKey(withKey, rk); err == nil {
				t.Fatal("a second record key was added")
			}
			if _, err := decodeSecrets(withKey[:len(withKey)-recordKeySize]); err == nil {
				t.Fatal("a kind with a record key decoded without one")
			}
		})
	}
}

// Typical records for the sealing benchmark: an owned output (its
// encoding is most of it) and a history entry with a memo.
func benchRecords(b *testing.B) map[string][]byte {
	out := outputRecord{ID: strings.Repeat("ab", 32), TxID: strings.Repeat("cd", 32), Index: 1, Height: 123456, Amount: 2_500_000,
		Encoded: bytes.Repeat([]byte{0x5a}, 1+32*3+1+512)}
	hist := historyRecord{Seq: 42, Change: 97_000_000, Inputs: []string{strings.Repeat("ef", 32)}}
	hist.TxID, hist.Direction, hist.Status, hist.Sent, hist.Fee = strings.Repeat("cd", 32), "out", api.StatusConfirmed, 2_500_000, 2_000
	hist.Payments = []api.Payment{{Index: 1, Address: "dev1" + strings.Repeat("q", 100), Amount: 2_500_000, Memo: "for the coffee"}}
	recs := map[string][]byte{}
	for name, v := range map[string]any{"output": out, "history": hist} {
		j, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		recs[name] = j
	}
	return recs
}

// BenchmarkSealRecord and BenchmarkOpenRecord are the cost of ADR 0017
// per record written and read (the codec's work on top of pebble's). The
// overhead is sealOverhead bytes per value plus the padding to padTo (and
// keys hold a 32-hex-digit blinded id instead of the 64-digit id).
func BenchmarkSealRecord(b *testing.B) {
	c := testCodec(b, 3)
	dk := c.key(outputKey("0123456789abcdef", strings.Repeat("ab", 32)))
	for name, rec := range benchRecords(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(rec)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.seal(dk, rec); err != nil {
					b.Fatal(err)
				}
			}
			sealed, _ := c.seal(dk, rec)
			b.ReportMetric(float64(len(sealed)-len(rec)), "overhead-B/record")
		})
	}
}

func BenchmarkOpenRecord(b *testing.B) {
	c := testCodec(b, 3)
	dk := c.key(outputKey("0123456789abcdef", strings.Repeat("ab", 32)))
	for name, rec := range benchRecords(b) {
		sealed, err := c.seal(dk, rec)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(rec)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.open(dk, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecordKey is the blinding of an id into a database key (one
// HMAC-SHA256), paid on every look-up by id.
func BenchmarkRecordKey(b *testing.B) {
	c := testCodec(b, 3)
	k := outputKey("0123456789abcdef", strings.Repeat("ab", 32))
	b.ReportAllocs()
	for b.Loop() {
		_ = c.key(k)
	}
}
