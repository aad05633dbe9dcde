package stealth

import (
	"crypto/subtle"
	"fmt"
	"io"

	"github.com/stegos-go/stegos/crypto/schnorr"
)

// Match is an output that Scan found to belong to a view key.
type Match struct {
	out    Output
	secret SharedSecret
}

// Output returns the matched output.
func (m *Match) Output() Output { return m.out }

// Index returns the output's index in its transaction.
func (m *Match) Index() uint32 { return m.secret.index }

// SharedSecret returns the output's shared secret, for the payload key.
func (m *Match) SharedSecret() *SharedSecret {
	ss := m.secret
	return &ss
}

// Scan reports whether out, at position index in its transaction, pays to
// this view key. It computes S = a·R, returns false at once unless the view
// tag matches, and then compares the derived one-time key with the output's.
// An output whose tx key is not a valid point is not owned.
func (k *ViewKey) Scan(out Output, index uint32) (*Match, bool) {
	s, ok := k.ecdh.sharedWith(&out.TxKey)
	if !ok {
		return nil, false
	}
	ss := newSharedSecret(s, index)
	if subtle.ConstantTimeByteEq(ss.viewTag(), out.ViewTag) != 1 {
		return nil, false
	}
	p := oneTimeKey(&ss, &k.spendElem)
	if subtle.ConstantTimeCompare(p[:], out.OneTimeKey[:]) != 1 {
		return nil, false // a view-tag false positive (1 in 256 foreign outputs)
	}
	return &Match{out: out, secret: ss}, true
}

// OneTimeKey returns the private key x = Hs(S ‖ i) + b of a matched output,
// which signs for its one-time key P. It returns ErrNotOwned if x·G ≠ P,
// that is if m was found by another wallet's view key.
func (k *SpendKey) OneTimeKey(m *Match) (*schnorr.PrivateKey, error) {
	x := m.secret.oneTimeScalar()
	x.Add(x, &k.b)
	priv, err := schnorr.NewPrivateKey(x)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotOwned, err)
	}
	p := priv.Public().Array()
	if subtle.ConstantTimeCompare(p[:], m.out.OneTimeKey[:]) != 1 {
		return nil, ErrNotOwned
	}
	return priv, nil
}

// String returns a placeholder that shows only the index: a match holds the
// output's shared secret.
func (m Match) String() string {
	return fmt.Sprintf("stealth.Match(index %d, REDACTED)", m.secret.index)
}

// Format writes the placeholder for every verb.
func (m Match) Format(f fmt.State, _ rune) { io.WriteString(f, m.String()) }
