package schnorr

import (
	"errors"
	"slices"
	"testing"

	"github.com/gtank/ristretto255"
)

// signers returns n deterministic private keys and their public keys.
func signers(t testing.TB, n int) ([]*PrivateKey, []*PublicKey) {
	t.Helper()
	privs := make([]*PrivateKey, n)
	pubs := make([]*PublicKey, n)
	for i := range privs {
		privs[i] = mustKey(t, byte(100+i))
		pubs[i] = privs[i].Public()
	}
	return privs, pubs
}

// run drives one session per signer through the three rounds. tamper, if
// set, may alter the messages of a round before they are delivered (round 1:
// commitments, 2: nonces, 3: partial signatures). It returns the sessions and
// the signature that session 0 combines, or the first error.
type tamperFunc func(round int, msgs [][32]byte)

func run(t testing.TB, privs []*PrivateKey, pubs []*PublicKey, msg []byte, tamper tamperFunc) ([]*Session, *Signature, error) {
	t.Helper()
	if tamper == nil {
		tamper = func(int, [][32]byte) {}
	}
	n := len(privs)
	sessions := make([]*Session, n)
	for i, p := range privs {
		s, err := NewSession(testRand(byte(i)), p, pubs, msg)
		if err != nil {
			t.Fatal(err)
		}
		sessions[i] = s
	}
	round := make([][32]byte, n)

	for i, s := range sessions {
		round[i] = s.NonceCommitment()
	}
	tamper(1, round)
	cs := make([]NonceCommitment, n)
	for i := range round {
		cs[i] = round[i]
	}
	for i, s := range sessions {
		cs := slices.Clone(cs)
		cs[i] = s.NonceCommitment() // a signer always holds its own
		if err := s.SetNonceCommitments(cs); err != nil {
			return sessions, nil, err
		}
	}

	for i, s := range sessions {
		nonce, err := s.Nonce()
		if err != nil {
			t.Fatal(err)
		}
		round[i] = nonce
	}
	tamper(2, round)
	ns := make([]PublicNonce, n)
	for i := range round {
		ns[i] = round[i]
	}
	for i, s := range sessions {
		ns := slices.Clone(ns)
		ns[i], _ = s.Nonce()
		if err := s.SetNonces(ns); err != nil {
			return sessions, nil, err
		}
	}

	for i, s := range sessions {
		ps, err := s.PartialSign()
		if err != nil {
			t.Fatal(err)
		}
		round[i] = ps
	}
	tamper(3, round)
	ps := make([]PartialSignature, n)
	for i := range round {
		ps[i] = round[i]
	}
	sig, err := sessions[0].Combine(ps)
	return sessions, sig, err
}

func TestMultiPartySign(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 5} {
		privs, pubs := signers(t, n)
		msg := []byte("joint transaction")
		sessions, sig, err := run(t, privs, pubs, msg, nil)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		agg, err := AggregateKey(pubs)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range sessions {
			if s.Index() != i || !s.AggregateKey().Equal(agg) {
				t.Fatalf("n=%d: session %d disagrees on index or aggregate key", n, i)
			}
		}
		if err := Verify(agg, msg, sig); err != nil {
			t.Fatalf("n=%d: combined signature rejected: %v", n, err)
		}
		if err := Verify(agg, []byte("other"), sig); !errors.Is(err, ErrInvalidSignature) {
			t.Fatalf("n=%d: combined signature verifies another message", n)
		}
		// The combined signature is an ordinary one: it survives encoding.
		dec, err := DecodeSignature(sig.Bytes())
		if err != nil || Verify(agg, msg, dec) != nil {
			t.Fatalf("n=%d: decoded combined signature: %v", n, err)
		}
	}
}

func TestMultiPartyBadPartial(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 5)
	one, _ := ristretto255.NewScalar().SetCanonicalBytes(append([]byte{1}, make([]byte, 31)...))
	var sent [][32]byte
	sessions, sig, err := run(t, privs, pubs, []byte("m"), func(round int, msgs [][32]byte) {
		if round != 3 {
			return
		}
		s, _ := ristretto255.NewScalar().SetCanonicalBytes(msgs[3][:])
		copy(msgs[3][:], s.Add(s, one).Bytes()) // party 3 sends s_3 + 1
		sent = slices.Clone(msgs)
	})
	if sig != nil || !errors.Is(err, ErrInvalidPartial) {
		t.Fatalf("Combine = %v, %v; want ErrInvalidPartial", sig, err)
	}
	if got := Blame(err); !slices.Equal(got, []int{3}) {
		t.Fatalf("Blame = %v, want [3]", got)
	}
	var pe *PartyError
	if !errors.As(err, &pe) || pe.Party != 3 {
		t.Fatalf("errors.As PartyError = %v", pe)
	}
	// Any signer can check each partial itself and finds the same culprit.
	for i, ps := range sent {
		err := sessions[1].VerifyPartial(i, ps)
		if i == 3 {
			if !errors.Is(err, ErrInvalidPartial) || !slices.Equal(Blame(err), []int{3}) {
				t.Fatalf("VerifyPartial(3, bad) = %v", err)
			}
		} else if err != nil {
			t.Fatalf("VerifyPartial(%d, good) = %v", i, err)
		}
	}
	nonCanonical := PartialSignature(mustHex(t, groupOrder))
	if err := sessions[0].VerifyPartial(2, nonCanonical); !errors.Is(err, ErrInvalidPartial) || !slices.Equal(Blame(err), []int{2}) {
		t.Fatalf("VerifyPartial(non-canonical) = %v", err)
	}
	for _, i := range []int{-1, 5} {
		if err := sessions[0].VerifyPartial(i, sent[0]); !errors.Is(err, ErrPartyIndex) {
			t.Fatalf("VerifyPartial(%d) = %v", i, err)
		}
	}
}

func TestMultiPartyCombineNonCanonicalPartials(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 4)
	_, _, err := run(t, privs, pubs, nil, func(round int, msgs [][32]byte) {
		if round == 3 {
			copy(msgs[1][:], mustHex(t, groupOrder))
			copy(msgs[2][:], mustHex(t, fieldPrime))
		}
	})
	if !errors.Is(err, ErrInvalidPartial) || !slices.Equal(Blame(err), []int{1, 2}) {
		t.Fatalf("Combine = %v (blame %v), want parties 1 and 2", err, Blame(err))
	}
}

func TestMultiPartyNonceMismatch(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 5)
	other := mustKey(t, 77).Public().Array()
	_, _, err := run(t, privs, pubs, nil, func(round int, msgs [][32]byte) {
		switch round {
		case 2:
			msgs[2] = other                         // party 2 reveals a nonce it did not commit to
			copy(msgs[4][:], mustHex(t, nonSquare)) // party 4 reveals garbage
		}
	})
	if !errors.Is(err, ErrCommitmentMismatch) || !errors.Is(err, ErrInvalidNonce) {
		t.Fatalf("SetNonces = %v", err)
	}
	if got := Blame(err); !slices.Equal(got, []int{2, 4}) {
		t.Fatalf("Blame = %v, want [2 4]", got)
	}
	var pe *PartyError
	if !errors.As(err, &pe) {
		t.Fatal("no PartyError")
	}
}

// TestRogueKey shows the attack that key coefficients prevent. The attacker
// knows q and announces P' = q·G − P_victim. With a plain sum of keys,
// P_victim + P' = q·G, so the attacker alone signs for the "joint" key.
// With the weighted aggregate, its lone signature is worthless.
func TestRogueKey(t *testing.T) {
	t.Parallel()
	victim := mustKey(t, 1)
	q := mustKey(t, 2)
	rogue, err := NewPublicKey(ristretto255.NewIdentityElement().Subtract(&q.Public().e, &victim.Public().e))
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("send everything to the attacker")
	forged, err := Sign(testRand(3), q, msg)
	if err != nil {
		t.Fatal(err)
	}

	plainSum, _ := NewPublicKey(ristretto255.NewIdentityElement().Add(&victim.Public().e, &rogue.e))
	if err := Verify(plainSum, msg, forged); err != nil {
		t.Fatalf("sanity: the attack on a plain sum should work: %v", err)
	}

	for _, order := range [][]*PublicKey{{victim.Public(), rogue}, {rogue, victim.Public()}} {
		agg, err := AggregateKey(order)
		if err != nil {
			t.Fatal(err)
		}
		if agg.Equal(q.Public()) {
			t.Fatal("aggregate key equals the attacker's key")
		}
		if err := Verify(agg, msg, forged); !errors.Is(err, ErrInvalidSignature) {
			t.Fatalf("rogue-key forgery accepted: %v", err)
		}
	}
}

func TestAggregateKeyErrors(t *testing.T) {
	t.Parallel()
	_, pubs := signers(t, 3)
	a, _ := AggregateKey(pubs)
	b, _ := AggregateKey([]*PublicKey{pubs[1], pubs[0], pubs[2]})
	if a.Equal(b) {
		t.Fatal("aggregate key does not depend on the order")
	}
	tests := []struct {
		name string
		pubs []*PublicKey
		want error
	}{
		{"empty", nil, ErrNoKeys},
		{"duplicate", []*PublicKey{pubs[0], pubs[1], pubs[0]}, ErrDuplicateKey},
		{"zero value", []*PublicKey{pubs[0], {}}, ErrEncoding},
		{"nil", []*PublicKey{nil}, ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := AggregateKey(tt.pubs); !errors.Is(err, tt.want) {
				t.Fatalf("AggregateKey = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSessionErrors(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 3)
	outsider := mustKey(t, 99)
	if _, err := NewSession(testRand(1), outsider, pubs, nil); !errors.Is(err, ErrNotSigner) {
		t.Errorf("outsider: %v", err)
	}
	if _, err := NewSession(failingReader{}, privs[0], pubs, nil); !errors.Is(err, ErrRandomness) {
		t.Errorf("failing reader: %v", err)
	}
	if _, err := NewSession(testRand(1), privs[0], nil, nil); !errors.Is(err, ErrNoKeys) {
		t.Errorf("no keys: %v", err)
	}

	s, err := NewSession(testRand(1), privs[1], pubs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Nonce(); !errors.Is(err, ErrSessionState) {
		t.Errorf("Nonce before commitments: %v", err)
	}
	if err := s.SetNonces(make([]PublicNonce, 3)); !errors.Is(err, ErrSessionState) {
		t.Errorf("SetNonces before commitments: %v", err)
	}
	if _, err := s.PartialSign(); !errors.Is(err, ErrSessionState) {
		t.Errorf("PartialSign before nonces: %v", err)
	}
	if err := s.VerifyPartial(0, PartialSignature{}); !errors.Is(err, ErrSessionState) {
		t.Errorf("VerifyPartial before nonces: %v", err)
	}
	if _, err := s.Combine(nil); !errors.Is(err, ErrSessionState) {
		t.Errorf("Combine before nonces: %v", err)
	}
	if err := s.SetNonceCommitments(make([]NonceCommitment, 2)); !errors.Is(err, ErrPartyCount) {
		t.Errorf("two commitments for three signers: %v", err)
	}
	if err := s.SetNonceCommitments(make([]NonceCommitment, 3)); !errors.Is(err, ErrOwnEntry) {
		t.Errorf("own commitment missing: %v", err)
	}

	// A full run, then misuse after it.
	sessions, _, err := run(t, privs, pubs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s = sessions[0]
	if _, err := s.PartialSign(); !errors.Is(err, ErrNonceUsed) {
		t.Errorf("second PartialSign: %v", err)
	}
	if err := s.SetNonceCommitments(make([]NonceCommitment, 3)); !errors.Is(err, ErrSessionState) {
		t.Errorf("SetNonceCommitments twice: %v", err)
	}
	if err := s.SetNonces(make([]PublicNonce, 3)); !errors.Is(err, ErrSessionState) {
		t.Errorf("SetNonces twice: %v", err)
	}
	if _, err := s.Combine(make([]PartialSignature, 2)); !errors.Is(err, ErrPartyCount) {
		t.Errorf("Combine with two partials: %v", err)
	}
}

func TestSessionOwnNonceEntry(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 2)
	s, _ := NewSession(testRand(1), privs[0], pubs, nil)
	peer, _ := NewSession(testRand(2), privs[1], pubs, nil)
	if err := s.SetNonceCommitments([]NonceCommitment{s.NonceCommitment(), peer.NonceCommitment()}); err != nil {
		t.Fatal(err)
	}
	peerNonce := PublicNonce(mustKey(t, 5).Public().Array())
	if err := s.SetNonces([]PublicNonce{peerNonce, peerNonce}); !errors.Is(err, ErrOwnEntry) {
		t.Fatalf("SetNonces without own nonce: %v", err)
	}
	if err := s.SetNonces(make([]PublicNonce, 1)); !errors.Is(err, ErrPartyCount) {
		t.Fatalf("SetNonces with one nonce: %v", err)
	}
}

func TestBlame(t *testing.T) {
	t.Parallel()
	err := errors.Join(
		&PartyError{Party: 4, Err: ErrInvalidPartial},
		errors.Join(&PartyError{Party: 1, Err: ErrInvalidNonce}),
		&PartyError{Party: 4, Err: ErrCommitmentMismatch},
		errors.New("unrelated"),
	)
	if got := Blame(err); !slices.Equal(got, []int{1, 4}) {
		t.Fatalf("Blame = %v, want [1 4]", got)
	}
	if Blame(nil) != nil || Blame(ErrInvalidSignature) != nil {
		t.Fatal("Blame of an error naming nobody is not nil")
	}
	pe := &PartyError{Party: 2, Err: ErrCommitmentMismatch}
	if got, want := pe.Error(), "schnorr: nonce does not match its commitment (party 2)"; got != want {
		t.Fatalf("PartyError = %q, want %q", got, want)
	}
}

func TestAggregatePrivateKey(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 3)
	priv, err := AggregatePrivateKey(privs)
	if err != nil {
		t.Fatal(err)
	}
	agg, _ := AggregateKey(pubs)
	if !priv.Public().Equal(agg) {
		t.Fatal("aggregate private key does not match AggregateKey")
	}
	sig, _ := Sign(testRand(1), priv, []byte("all inputs mine"))
	if err := Verify(agg, []byte("all inputs mine"), sig); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		privs []*PrivateKey
		want  error
	}{
		{"empty", nil, ErrNoKeys},
		{"duplicate", []*PrivateKey{privs[0], privs[0]}, ErrDuplicateKey},
		{"nil", []*PrivateKey{privs[0], nil}, ErrZeroKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := AggregatePrivateKey(tt.privs); !errors.Is(err, tt.want) {
				t.Fatalf("AggregatePrivateKey = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestNoncesSumToIdentity: a party that knew the other nonces before
// committing could make ΣR_i the identity. Commitments rule that out in the
// protocol; the session still refuses such a set, without blaming anyone it
// cannot prove guilty.
func TestNoncesSumToIdentity(t *testing.T) {
	t.Parallel()
	privs, pubs := signers(t, 2)
	s, err := NewSession(testRand(1), privs[0], pubs, []byte("m"))
	if err != nil {
		t.Fatal(err)
	}
	own, _ := ristretto255.NewIdentityElement().SetCanonicalBytes(s.nonce[:])
	evil := PublicNonce(ristretto255.NewIdentityElement().Negate(own).Bytes())
	if err := s.SetNonceCommitments([]NonceCommitment{s.NonceCommitment(), s.commit(1, evil)}); err != nil {
		t.Fatal(err)
	}
	err = s.SetNonces([]PublicNonce{s.nonce, evil})
	if !errors.Is(err, ErrInvalidNonce) || Blame(err) != nil {
		t.Fatalf("SetNonces = %v (blame %v), want ErrInvalidNonce blaming nobody", err, Blame(err))
	}
	if _, err := NewSession(testRand(1), nil, pubs, nil); !errors.Is(err, ErrZeroKey) {
		t.Fatalf("NewSession(nil key) = %v", err)
	}
}
