package schnorr

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
)

func TestSignVerify(t *testing.T) {
	t.Parallel()
	priv, other := mustKey(t, 1), mustKey(t, 2)
	msg := []byte("pay 5 STG to the coffee shop")
	sig, err := Sign(testRand(9), priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(priv.Public(), msg, sig); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}

	enc := sig.Bytes()
	tamperR := bytes.Clone(enc)
	copy(tamperR[:32], other.Public().Bytes()) // another valid point
	tamperS := bytes.Clone(enc)
	tamperS[32] ^= 1 // still canonical: the low byte
	tests := []struct {
		name string
		pub  *PublicKey
		msg  []byte
		sig  []byte
	}{
		{"wrong key", other.Public(), msg, enc},
		{"wrong message", priv.Public(), []byte("pay 500 STG to the coffee shop"), enc},
		{"empty message", priv.Public(), nil, enc},
		{"tampered R", priv.Public(), msg, tamperR},
		{"tampered s", priv.Public(), msg, tamperS},
		{"swapped halves", priv.Public(), msg, append(bytes.Clone(enc[32:]), enc[:32]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DecodeSignature(tt.sig)
			if err != nil {
				return // rejected at decoding: fine
			}
			if err := Verify(tt.pub, tt.msg, s); !errors.Is(err, ErrInvalidSignature) {
				t.Fatalf("Verify = %v, want ErrInvalidSignature", err)
			}
		})
	}
}

func TestVerifyRejectsZeroValues(t *testing.T) {
	t.Parallel()
	priv := mustKey(t, 1)
	sig, err := Sign(testRand(1), priv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(&PublicKey{}, nil, sig); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("zero public key: %v", err)
	}
	if err := Verify(nil, nil, sig); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("nil public key: %v", err)
	}
	if err := Verify(priv.Public(), nil, &Signature{}); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("zero signature: %v", err)
	}
	if _, err := Sign(testRand(1), &PrivateKey{}, nil); !errors.Is(err, ErrZeroKey) {
		t.Errorf("sign with zero key: %v", err)
	}
}

func TestSignHedgedNonce(t *testing.T) {
	t.Parallel()
	priv := mustKey(t, 3)
	msg := []byte("m")

	// Fresh randomness: two signatures of one message differ.
	a, _ := Sign(testRand(1), priv, msg)
	b, _ := Sign(testRand(2), priv, msg)
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("signatures with different randomness are equal")
	}

	// A broken source that returns zeros: signing stays deterministic per
	// message (so no nonce repeats across different messages) and valid.
	z1, err := Sign(zeroReader{}, priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	z2, _ := Sign(zeroReader{}, priv, msg)
	z3, _ := Sign(zeroReader{}, priv, []byte("other"))
	if !bytes.Equal(z1.Bytes(), z2.Bytes()) {
		t.Fatal("zero randomness: same message gave different signatures")
	}
	if bytes.Equal(z1.Bytes()[:32], z3.Bytes()[:32]) {
		t.Fatal("zero randomness: two messages share a nonce")
	}
	if err := Verify(priv.Public(), msg, z1); err != nil {
		t.Fatal(err)
	}

	if _, err := Sign(failingReader{}, priv, msg); !errors.Is(err, ErrRandomness) {
		t.Fatalf("failing reader: %v, want ErrRandomness", err)
	}
}

func TestDecodeSignature(t *testing.T) {
	t.Parallel()
	priv := mustKey(t, 4)
	sig, _ := Sign(testRand(4), priv, []byte("x"))
	enc := sig.Bytes()
	if len(enc) != SignatureSize {
		t.Fatalf("encoding is %d bytes", len(enc))
	}
	got, err := DecodeSignature(enc)
	if err != nil || !bytes.Equal(got.Bytes(), enc) {
		t.Fatalf("round trip: %v", err)
	}
	if err := Verify(priv.Public(), []byte("x"), got); err != nil {
		t.Fatal(err)
	}

	withR := func(r string) []byte { return append(mustHex(t, r), enc[32:]...) }
	withS := func(s []byte) []byte { return append(bytes.Clone(enc[:32]), s...) }
	// s + ℓ encodes the same scalar non-canonically (and fits in 256 bits).
	sPlusL := addLE(enc[32:], mustHex(t, groupOrder))
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"short", enc[:63]},
		{"long", append(bytes.Clone(enc), 0)},
		{"R = p (non-canonical)", withR(fieldPrime)},
		{"R negative", withR(negativeFE)},
		{"R not on the curve", withR(nonSquare)},
		{"R identity", withR(identity)},
		{"s = ℓ", withS(mustHex(t, groupOrder))},
		{"s + ℓ", withS(sPlusL)},
		{"s all ones", withS(bytes.Repeat([]byte{0xff}, 32))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeSignature(tt.in); !errors.Is(err, ErrEncoding) {
				t.Fatalf("DecodeSignature = %v, want ErrEncoding", err)
			}
		})
	}
}

// addLE returns a + b for 32-byte little-endian integers, dropping any carry
// out of the top byte.
func addLE(a, b []byte) []byte {
	out := make([]byte, 32)
	carry := 0
	for i := range out {
		v := int(a[i]) + int(b[i]) + carry
		out[i], carry = byte(v), v>>8
	}
	return out
}

func TestDecodePublicKey(t *testing.T) {
	t.Parallel()
	pub := mustKey(t, 5).Public()
	got, err := DecodePublicKey(pub.Bytes())
	if err != nil || !got.Equal(pub) || got.String() != pub.String() {
		t.Fatalf("round trip: %v", err)
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"short", pub.Bytes()[:31], ErrEncoding},
		{"long", append(pub.Bytes(), 0), ErrEncoding},
		{"p (non-canonical)", mustHex(t, fieldPrime), ErrEncoding},
		{"negative", mustHex(t, negativeFE), ErrEncoding},
		{"not on the curve", mustHex(t, nonSquare), ErrEncoding},
		{"identity", mustHex(t, identity), ErrIdentityKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodePublicKey(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("DecodePublicKey = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := NewPublicKey(ristretto255.NewIdentityElement()); !errors.Is(err, ErrIdentityKey) {
		t.Fatalf("NewPublicKey(identity) = %v", err)
	}
}

func TestPrivateKeyEncoding(t *testing.T) {
	t.Parallel()
	priv := mustKey(t, 6)
	got, err := DecodePrivateKey(priv.Bytes())
	if err != nil || !got.Equal(priv) || !got.Public().Equal(priv.Public()) {
		t.Fatalf("round trip: %v", err)
	}
	if got.Scalar().Equal(priv.Scalar()) != 1 {
		t.Fatal("Scalar differs after round trip")
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"short", priv.Bytes()[:31], ErrEncoding},
		{"non-canonical", mustHex(t, groupOrder), ErrEncoding},
		{"zero", make([]byte, 32), ErrZeroKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodePrivateKey(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("DecodePrivateKey = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := GenerateKey(failingReader{}); !errors.Is(err, ErrRandomness) {
		t.Fatalf("GenerateKey with failing reader = %v", err)
	}
}

func TestPrivateKeyNeverPrints(t *testing.T) {
	t.Parallel()
	priv := mustKey(t, 7)
	secret := hex.EncodeToString(priv.Bytes())
	sess, err := NewSession(testRand(7), priv, []*PublicKey{priv.Public()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		for _, v := range []any{priv, *priv, sess, *sess} {
			out := fmt.Sprintf(verb, v)
			if !strings.Contains(out, "REDACTED") || strings.Contains(strings.ToLower(out), secret) {
				t.Errorf("fmt %s of %T printed %q", verb, v, out)
			}
		}
	}
}

// TestSignaturePinned is a regression pin, not an independent vector: the
// signature below was produced by this package. Verification must keep
// accepting it (signatures already on chain stay valid), and signing with the
// same key, message and all-zero randomness must keep producing it (the nonce
// and challenge derivations are unchanged).
func TestSignaturePinned(t *testing.T) {
	t.Parallel()
	const (
		privHex = "e6a925899f24d9aa096e736fc58564544b8aaf3b1cdd65cf9acf7b54641cf407"
		pubHex  = "9e88851192e88209b2b9a69b21606e6066e0dd7a1a4cbfe106c2e93f358a286b"
		sigHex  = "b605eac78112220ac2068b94637b24864fb107db004a96906ec29803bc751841" +
			"7bd476d399000818c57ef839f3edea2b5fe4a9d623bdd74aa094ef36a3189607"
	)
	msg := []byte("stegos")
	priv, err := DecodePrivateKey(mustHex(t, privHex))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := DecodePublicKey(mustHex(t, pubHex))
	if err != nil || !pub.Equal(priv.Public()) {
		t.Fatalf("public key: %v", err)
	}
	sig, err := DecodeSignature(mustHex(t, sigHex))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(pub, msg, sig); err != nil {
		t.Fatalf("pinned signature rejected: %v", err)
	}
	again, err := Sign(zeroReader{}, priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(again.Bytes()); got != sigHex {
		t.Fatalf("Sign = %s, want %s", got, sigHex)
	}
}
