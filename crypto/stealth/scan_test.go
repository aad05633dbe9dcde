package stealth

import (
	"errors"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/schnorr"
)

// TestScanFindsExactlyOwnOutputs pays 1000 outputs to 10 wallets and checks
// that each wallet, and its view-only twin, finds exactly its own, and that
// the full wallet can sign for every one of them.
func TestScanFindsExactlyOwnOutputs(t *testing.T) {
	t.Parallel()
	const receivers = 10
	outputs := 1000
	if testing.Short() {
		outputs = 200
	}
	wallets := make([]*Keys, receivers)
	for i := range wallets {
		wallets[i] = testKeys(t, uint64(i))
	}
	rng := testRand(7)
	type chainOutput struct {
		out   Output
		index uint32
		owner int
		key   [32]byte
	}
	chain := make([]chainOutput, outputs)
	for n := range chain {
		owner := int(rng.Uint64() % receivers)
		index := uint32(n % 3) // outputs 0..2 of successive transactions
		out, ss, err := NewOutput(rng, wallets[owner].Address(), index)
		if err != nil {
			t.Fatal(err)
		}
		chain[n] = chainOutput{out, index, owner, ss.PayloadKeyMaterial()}
	}

	for w, keys := range wallets {
		vo := viewOnly(t, keys)
		spend, err := keys.SpendKey()
		if err != nil {
			t.Fatal(err)
		}
		for n, c := range chain {
			m, owned := keys.Scan(c.out, c.index)
			mv, ownedView := vo.Scan(c.out, c.index)
			if owned != (c.owner == w) || ownedView != owned {
				t.Fatalf("wallet %d, output %d (owner %d): owned=%v view-only=%v", w, n, c.owner, owned, ownedView)
			}
			if !owned {
				continue
			}
			if m.Index() != c.index || m.Output() != c.out || mv.Output() != c.out {
				t.Fatalf("wallet %d, output %d: match describes another output", w, n)
			}
			if m.SharedSecret().PayloadKeyMaterial() != c.key || mv.SharedSecret().PayloadKeyMaterial() != c.key {
				t.Fatalf("wallet %d, output %d: payload key differs from the payer's", w, n)
			}
			priv, err := spend.OneTimeKey(m)
			if err != nil {
				t.Fatalf("wallet %d, output %d: %v", w, n, err)
			}
			signsFor(t, priv, c.out.OneTimeKey)
		}
	}
}

// signsFor checks that priv produces signatures that verify for the
// one-time key p.
func signsFor(t *testing.T, priv *schnorr.PrivateKey, p [32]byte) {
	t.Helper()
	pub, err := schnorr.DecodePublicKey(p[:])
	if err != nil {
		t.Fatal(err)
	}
	sig, err := schnorr.Sign(testRand(1), priv, []byte("spend"))
	if err != nil {
		t.Fatal(err)
	}
	if err := schnorr.Verify(pub, []byte("spend"), sig); err != nil {
		t.Fatalf("one-time key does not sign for P: %v", err)
	}
}

func TestViewOnlyCannotSpend(t *testing.T) {
	t.Parallel()
	keys := testKeys(t, 1)
	vo := viewOnly(t, keys)
	out, _, err := NewOutput(testRand(1), keys.Address(), 0)
	if err != nil {
		t.Fatal(err)
	}
	m, owned := vo.Scan(out, 0)
	if !owned {
		t.Fatal("view-only keys miss their output")
	}
	if vo.CanSpend() || !keys.CanSpend() {
		t.Fatal("CanSpend wrong")
	}
	if _, err := vo.SpendKey(); !errors.Is(err, ErrViewOnly) {
		t.Fatalf("view-only SpendKey = %v, want ErrViewOnly", err)
	}

	// The only per-output scalar a view key can compute is h = Hs(S ‖ i);
	// neither h nor h + a signs for P.
	pub, _ := schnorr.DecodePublicKey(out.OneTimeKey[:])
	h := m.secret.oneTimeScalar()
	hPlusA := ristretto255.NewScalar().Add(h, vo.view.ecdh.scalar())
	for _, x := range []*ristretto255.Scalar{h, hPlusA} {
		priv, err := schnorr.NewPrivateKey(x)
		if err != nil {
			t.Fatal(err)
		}
		if priv.Public().Equal(pub) {
			t.Fatal("a view-only derivation yields the one-time private key")
		}
		sig, _ := schnorr.Sign(testRand(2), priv, []byte("steal"))
		if schnorr.Verify(pub, []byte("steal"), sig) == nil {
			t.Fatal("a view-only derivation signs for P")
		}
	}

	// Another wallet's spend key refuses the match.
	other, _ := testKeys(t, 2).SpendKey()
	if _, err := other.OneTimeKey(m); !errors.Is(err, ErrNotOwned) {
		t.Fatalf("foreign spend key: %v, want ErrNotOwned", err)
	}
}

// TestViewTagFalsePositive checks that an output whose view tag matches but
// whose one-time key does not is rejected, both for a forged key and for a
// genuine 1-in-256 collision with another wallet's output.
func TestViewTagFalsePositive(t *testing.T) {
	t.Parallel()
	keys, other := testKeys(t, 1), testKeys(t, 2)
	out, _, _ := NewOutput(testRand(1), keys.Address(), 0)
	forged := out
	forged.OneTimeKey = other.Address().SpendPublicKey().Array()
	if _, owned := keys.Scan(forged, 0); owned {
		t.Fatal("matching view tag with a foreign one-time key accepted")
	}

	rng := testRand(2)
	collisions := 0
	for range 4000 {
		out, _, err := NewOutput(rng, other.Address(), 0)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := keys.view.ecdh.sharedWith(&out.TxKey)
		ss := newSharedSecret(s, 0)
		if ss.viewTag() != out.ViewTag {
			continue
		}
		collisions++
		if _, owned := keys.Scan(out, 0); owned {
			t.Fatal("view-tag collision taken as owned")
		}
		if collisions == 3 {
			return
		}
	}
	t.Fatalf("only %d view-tag collisions in 4000 foreign outputs (expected ~16)", collisions)
}

func TestScanRejects(t *testing.T) {
	t.Parallel()
	keys := testKeys(t, 1)
	out, _, _ := NewOutput(testRand(1), keys.Address(), 3)
	if _, owned := keys.Scan(out, 3); !owned {
		t.Fatal("own output missed")
	}
	badKey := func(h string) Output {
		o := out
		copy(o.TxKey[:], mustHex(t, h))
		return o
	}
	flipTag := out
	flipTag.ViewTag ^= 0xff
	tests := []struct {
		name  string
		out   Output
		index uint32
	}{
		{"other index", out, 4},
		{"view tag changed", flipTag, 3},
		{"tx key identity", badKey(identity), 3},
		{"tx key non-canonical", badKey(fieldPrime), 3},
		{"tx key not a point", badKey(nonSquare), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, owned := keys.Scan(tt.out, tt.index); owned {
				t.Fatal("accepted")
			}
		})
	}
}

func TestOutputsUnlinkable(t *testing.T) {
	t.Parallel()
	keys := testKeys(t, 1)
	rng := testRand(3)
	a, sa, _ := NewOutput(rng, keys.Address(), 0)
	b, sb, _ := NewOutput(rng, keys.Address(), 0)
	if a.TxKey == b.TxKey || a.OneTimeKey == b.OneTimeKey || sa.PayloadKeyMaterial() == sb.PayloadKeyMaterial() {
		t.Fatal("two outputs to one address share a key")
	}
	addr := keys.Address()
	for _, k := range [][32]byte{a.OneTimeKey, b.OneTimeKey} {
		if k == addr.SpendPublicKey().Array() || k == addr.ViewPublicKey().Array() {
			t.Fatal("one-time key equals an address key")
		}
	}
	if _, _, err := NewOutput(errReader{}, addr, 0); !errors.Is(err, ErrRandomness) {
		t.Fatalf("failing reader: %v", err)
	}
	if _, _, err := NewOutput(zeroReader{}, addr, 0); !errors.Is(err, ErrRandomness) {
		t.Fatalf("all-zero randomness (r = 0): %v", err)
	}
	if _, _, err := NewOutput(rng, Address{}, 0); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("zero address: %v", err)
	}
}

// zeroReader returns zeros: a broken source that would make r = 0.
type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

// TestSharedSecretAgainstReference recomputes S = r·A = a·R with the plain
// group API for a few random keys.
func TestSharedSecretAgainstReference(t *testing.T) {
	t.Parallel()
	rng := testRand(4)
	for range 20 {
		a, r := randomScalar(t, rng), randomScalar(t, rng)
		R := ristretto255.NewIdentityElement().ScalarBaseMult(r)
		A := ristretto255.NewIdentityElement().ScalarBaseMult(a)
		want := ristretto255.NewIdentityElement().ScalarMult(r, A).Bytes()
		rEnc, aEnc := [32]byte(R.Bytes()), [32]byte(A.Bytes())
		got1, ok1 := newECDHKey(a).sharedWith(&rEnc)
		got2, ok2 := newECDHKey(r).sharedWith(&aEnc)
		if !ok1 || !ok2 || string(got1[:]) != string(want) || got1 != got2 {
			t.Fatal("shared secret differs from r·A")
		}
	}
}

func TestNewKeysErrors(t *testing.T) {
	t.Parallel()
	rng := testRand(5)
	a, b := randomScalar(t, rng), randomScalar(t, rng)
	zero := ristretto255.NewScalar()
	tests := []struct {
		name        string
		view, spend *ristretto255.Scalar
		want        error
	}{
		{"zero view", zero, b, schnorr.ErrZeroKey},
		{"zero spend", a, zero, schnorr.ErrZeroKey},
		{"equal", a, a, ErrSameKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewKeys(tt.view, tt.spend); !errors.Is(err, tt.want) {
				t.Fatalf("NewKeys = %v, want %v", err, tt.want)
			}
		})
	}
	A := ristretto255.NewIdentityElement().ScalarBaseMult(a)
	if _, err := NewViewOnly(a, ristretto255.NewIdentityElement()); !errors.Is(err, schnorr.ErrIdentityKey) {
		t.Errorf("identity spend key: %v", err)
	}
	if _, err := NewViewOnly(a, A); !errors.Is(err, ErrSameKeys) {
		t.Errorf("spend key = view key: %v", err)
	}
	if _, err := NewViewOnly(zero, A); !errors.Is(err, schnorr.ErrZeroKey) {
		t.Errorf("zero view: %v", err)
	}
}
