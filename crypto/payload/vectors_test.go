package payload

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
)

var updateVectors = flag.Bool("update", false, "rewrite testdata/vectors.json from the generator in vectors_test.go")

const vectorsPath = "testdata/vectors.json"

// vector is one published test vector: the inputs of an output's secrets
// and what they give. Byte strings are hex; the amount is a decimal string
// (JSON numbers lose precision above 2^53 in many decoders).
type vector struct {
	Comment string `json:"comment"`
	// Inputs.
	Seed        string `json:"seed"`         // stealth SharedSecret.PayloadKeyMaterial, 32 bytes
	TxKey       string `json:"tx_key"`       // R, 32 bytes
	OneTimeKey  string `json:"one_time_key"` // P, 32 bytes
	Amount      uint64 `json:"amount,string"`
	PayloadType uint8  `json:"payload_type"`
	PayloadData string `json:"payload_data"` // memo or packet
	// Outputs.
	Blinding      string `json:"blinding"`       // γ, 32-byte canonical scalar, little endian
	SealedAmount  string `json:"sealed_amount"`  // 8 bytes
	SealedPayload string `json:"sealed_payload"` // 512 bytes
}

// vectorInputs returns the inputs of the published vectors: R and P are
// real ristretto255 points (multiples of the base point by scalars derived
// from a label), the seeds are hashes of a label.
func vectorInputs() []vector {
	seed := func(label string) string {
		h := sha512.Sum512([]byte("stegos payload test vector seed " + label))
		return hex.EncodeToString(h[:32])
	}
	point := func(label string) string {
		h := sha512.Sum512([]byte("stegos payload test vector point " + label))
		s, err := ristretto255.NewScalar().SetUniformBytes(h[:])
		if err != nil {
			panic(err)
		}
		return hex.EncodeToString(ristretto255.NewIdentityElement().ScalarBaseMult(s).Bytes())
	}
	full := bytes.Repeat([]byte("0123456789abcdef"), 31)[:MaxDataSize]
	packet := make([]byte, 32)
	for i := range packet {
		packet[i] = byte(i)
	}
	return []vector{
		{Comment: "amount 0, empty payment", Seed: seed("0"), TxKey: point("R0"), OneTimeKey: point("P0"),
			Amount: 0, PayloadType: uint8(TypePayment)},
		{Comment: "1 µSTG, a memo", Seed: seed("1"), TxKey: point("R1"), OneTimeKey: point("P1"),
			Amount: 1, PayloadType: uint8(TypePayment), PayloadData: hex.EncodeToString([]byte("rent, March"))},
		{Comment: "vector 1 with another one-time key P: every output differs", Seed: seed("1"), TxKey: point("R1"), OneTimeKey: point("P1'"),
			Amount: 1, PayloadType: uint8(TypePayment), PayloadData: hex.EncodeToString([]byte("rent, March"))},
		{Comment: "1.5 STG, a 32-byte data packet", Seed: seed("2"), TxKey: point("R2"), OneTimeKey: point("P2"),
			Amount: 1_500_000, PayloadType: uint8(TypeData), PayloadData: hex.EncodeToString(packet)},
		{Comment: "2^32 µSTG, a data packet of one zero byte", Seed: seed("3"), TxKey: point("R3"), OneTimeKey: point("P3"),
			Amount: 1 << 32, PayloadType: uint8(TypeData), PayloadData: "00"},
		{Comment: "2^64 - 1 µSTG, a memo of MaxDataSize (493) bytes", Seed: seed("4"), TxKey: point("R4"), OneTimeKey: point("P4"),
			Amount: 1<<64 - 1, PayloadType: uint8(TypePayment), PayloadData: hex.EncodeToString(full)},
	}
}

// compute fills v's outputs from its inputs with this package's functions.
func (v vector) compute(t testing.TB) vector {
	t.Helper()
	key, r, p := hex32(t, v.Seed), hex32(t, v.TxKey), hex32(t, v.OneTimeKey)
	data := mustHex(t, v.PayloadData)
	if len(data) == 0 {
		data = nil
	}
	ct, err := Seal(key, r, p, &Plaintext{Type: Type(v.PayloadType), Data: data})
	if err != nil {
		t.Fatal(err)
	}
	sealed := SealAmount(key, r, p, v.Amount)
	v.Blinding = hex.EncodeToString(Blinding(key, r, p).Bytes())
	v.SealedAmount = hex.EncodeToString(sealed[:])
	v.SealedPayload = hex.EncodeToString(ct[:])
	return v
}

// TestVectors checks testdata/vectors.json three ways: the generator above
// still gives the file (nothing changed a derivation), this package's
// functions give every expected output from the file's inputs and open
// them back, and an independent implementation of doc.go's formulas
// (refBlinding, refSealAmount, refSeal) gives them too.
func TestVectors(t *testing.T) {
	var got []vector
	for _, v := range vectorInputs() {
		got = append(got, v.compute(t))
	}
	if *updateVectors {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(vectorsPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatalf("%v (regenerate with go test -run TestVectors -update)", err)
	}
	var want []vector
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Fatalf("the generator gives %d vectors, %s has %d", len(got), vectorsPath, len(want))
	}
	for i, v := range want {
		if d := diff(got[i], v); d != "" {
			t.Errorf("vector %d (%s): the generator gives another vector: %s", i, v.Comment, d)
		}
		if d := diff(v.compute(t), v); d != "" {
			t.Errorf("vector %d (%s): this package gives other outputs: %s", i, v.Comment, d)
		}
		key, r, p := hex32(t, v.Seed), hex32(t, v.TxKey), hex32(t, v.OneTimeKey)
		if ref := hex.EncodeToString(refBlinding(key, r, p)); ref != v.Blinding {
			t.Errorf("vector %d: the spec's blinding factor is %s", i, ref)
		}
		if ref := hex.EncodeToString(refSealAmount(key, r, p, v.Amount)); ref != v.SealedAmount {
			t.Errorf("vector %d: the spec's sealed amount is %s", i, ref)
		}
		data := mustHex(t, v.PayloadData)
		if ref := hex.EncodeToString(refSeal(t, key, r, p, &Plaintext{Type: Type(v.PayloadType), Data: data})); ref != v.SealedPayload {
			t.Errorf("vector %d: the spec's sealed payload differs", i)
		}
		// And back: the recipient's side.
		if a := OpenAmount(key, r, p, [AmountSize]byte(mustHex(t, v.SealedAmount))); a != v.Amount {
			t.Errorf("vector %d: OpenAmount = %d, want %d", i, a, v.Amount)
		}
		pt, err := Open(key, r, p, mustHex(t, v.SealedPayload))
		if err != nil || uint8(pt.Type) != v.PayloadType || !bytes.Equal(pt.Data, data) {
			t.Errorf("vector %d: Open = %v, %v", i, pt, err)
		}
		if _, err := ristretto255.NewIdentityElement().SetCanonicalBytes(r[:]); err != nil {
			t.Errorf("vector %d: R is not a point", i)
		}
		if _, err := ristretto255.NewIdentityElement().SetCanonicalBytes(p[:]); err != nil {
			t.Errorf("vector %d: P is not a point", i)
		}
	}
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hex32(t testing.TB, s string) [32]byte {
	t.Helper()
	b := mustHex(t, s)
	if len(b) != 32 {
		t.Fatalf("%q is %d bytes, want 32", s, len(b))
	}
	return [32]byte(b)
}

// diff names the fields in which got and want differ, with their values.
func diff(got, want vector) string {
	var out []string
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if a, b := g.Field(i).Interface(), w.Field(i).Interface(); a != b {
			out = append(out, fmt.Sprintf("%s %v, want %v", g.Type().Field(i).Name, a, b))
		}
	}
	return strings.Join(out, "; ")
}
