package chat

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/stealth"
)

// testKey is a member's view scalar and address for codec tests.
type testKey struct {
	view *ristretto255.Scalar
	addr stealth.Address
}

// newTestKey draws fresh keys.
func newTestKey(t testing.TB) testKey {
	t.Helper()
	a, b := randScalar(t), randScalar(t)
	k, err := stealth.NewKeys(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{view: a, addr: k.Address()}
}

// dh computes what wallet.Service.ViewDH computes for the key.
func (k testKey) dh(tag string, e [32]byte) ([32]byte, error) {
	p, err := ristretto255.NewIdentityElement().SetCanonicalBytes(e[:])
	if err != nil {
		return [32]byte{}, err
	}
	return ViewDH(tag, ristretto255.NewIdentityElement().ScalarMult(k.view, p).Bytes()), nil
}

func randScalar(t testing.TB) *ristretto255.Scalar {
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

// roster returns n members, the first the owner, the second an admin.
func roster(t testing.TB, n int) ([]testKey, []Member) {
	keys := make([]testKey, n)
	ms := make([]Member, n)
	for i := range keys {
		keys[i] = newTestKey(t)
		ms[i] = Member{Address: keys[i].addr}
	}
	ms[0].Role = RoleOwner
	if n > 1 {
		ms[1].Role = RoleAdmin
	}
	return keys, ms
}
