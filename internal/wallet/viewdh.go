package wallet

import (
	"fmt"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/schnorr"
)

// tagViewDH is the outer domain tag of ViewDH (chat.ViewDHTag).
const tagViewDH = "stegos/v1/wallet/view-dh"

// ViewDH returns SHA-512(tagViewDH, tag, a·E)[:32] (schnorr.TaggedHash
// framing) for the account's secret view scalar a and the point encoded in
// e: the recipient's half of a Diffie–Hellman exchange with the view key,
// as the chat opens a group rekey's envelopes with (internal/chat). The
// caller's tag (1 to 255 bytes) separates uses; the outer tag keeps every
// value apart from the stealth derivations of a·R, so the raw product
// never leaves the wallet. The account's view key must be in memory
// (unlocked since the wallet started; view-only accounts too). e must be a
// canonical encoding of a point other than the identity.
func (s *Service) ViewDH(account, tag string, e [32]byte) ([32]byte, error) {
	var out [32]byte
	if err := checkSignTag(tag); err != nil {
		return out, err
	}
	p, err := ristretto255.NewIdentityElement().SetCanonicalBytes(e[:])
	if err != nil || p.Equal(ristretto255.NewIdentityElement()) == 1 {
		return out, fmt.Errorf("%w: not a point of the group, or the identity", ErrInvalidData)
	}
	s.mu.Lock()
	a, err := s.lookup(account)
	if err == nil && (a.sec == nil || a.sec.view == nil) {
		err = fmt.Errorf("%w: unlock %q once to use its view key", ErrLocked, a.rec.Name)
	}
	var view *ristretto255.Scalar
	if err == nil {
		view = ristretto255.NewScalar().Set(a.sec.view)
	}
	s.mu.Unlock()
	if err != nil {
		return out, err
	}
	defer view.Zero()
	shared := ristretto255.NewIdentityElement().ScalarMult(view, p).Bytes()
	sum := schnorr.TaggedHash(tagViewDH, []byte(tag), shared)
	clear(shared)
	copy(out[:], sum[:32])
	return out, nil
}
