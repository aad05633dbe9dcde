package bus

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// testKey is an account's keys for tests: an address and a signer with
// its spend key.
type testKey struct {
	addr stealth.Address
	sign *schnorr.PrivateKey
}

// newTestKey makes random keys.
func newTestKey(t testing.TB) testKey {
	t.Helper()
	view, spend := randomScalar(t), randomScalar(t)
	k, err := stealth.NewKeys(view, spend)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := schnorr.NewPrivateKey(spend)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{addr: k.Address(), sign: priv}
}

func randomScalar(t testing.TB) *ristretto255.Scalar {
	t.Helper()
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	s, err := ristretto255.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// taggedMessage is what the test signer signs: the tagged hash of msg.
func taggedMessage(tag string, msg []byte) []byte {
	h := schnorr.TaggedHash(tag, msg)
	return h[:]
}

// signData signs like Wallet.SignData does, in the tests.
func (k testKey) signData(tag string, msg []byte) [64]byte {
	sig, err := schnorr.Sign(rand.Reader, k.sign, taggedMessage(tag, msg))
	if err != nil {
		panic(err)
	}
	var out [64]byte
	copy(out[:], sig.Bytes())
	return out
}

// testVerify checks signatures made by signData.
func testVerify(from stealth.Address, tag string, msg []byte, sig [64]byte) bool {
	s, err := schnorr.DecodeSignature(sig[:])
	if err != nil {
		return false
	}
	return schnorr.Verify(from.SpendPublicKey(), taggedMessage(tag, msg), s) == nil
}

// seal encodes e for recipient, signed by from when from is not nil.
func seal(t testing.TB, id PacketID, to stealth.Address, e Envelope, from *testKey) []byte {
	t.Helper()
	if from != nil {
		e.From = &from.addr
		prefix, err := e.Prefix()
		if err != nil {
			t.Fatal(err)
		}
		e.Sig = from.signData(SignatureTag, SigningMessage(id, to, prefix))
	}
	enc, err := e.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

// randomID returns a random packet id.
func randomID(t testing.TB) PacketID {
	t.Helper()
	var id PacketID
	if _, err := rand.Read(id[:]); err != nil {
		t.Fatal(err)
	}
	return id
}

// randomBytes returns n random bytes.
func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
