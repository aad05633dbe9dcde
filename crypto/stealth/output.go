package stealth

import (
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// Output is the stealth part of one confidential output as it appears on
// chain. The index that completes it is the output's position in its
// transaction.
type Output struct {
	TxKey      [32]byte // R = r·G, fresh for every output
	OneTimeKey [32]byte // P = Hs(S ‖ i)·G + B
	ViewTag    byte     // first byte of SHA-512(tag ‖ S ‖ i)
}

// NewOutput pays to: it draws a fresh r from rand (crypto/rand.Reader) and
// returns the output for position index in its transaction together with
// the shared secret, from which the payer derives the payload key.
func NewOutput(rand io.Reader, to Address, index uint32) (Output, *SharedSecret, error) {
	var buf [64]byte
	if _, err := io.ReadFull(rand, buf[:]); err != nil {
		return Output{}, nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	r, _ := ristretto255.NewScalar().SetUniformBytes(buf[:])
	clear(buf[:])
	defer r.Zero()
	if r.Equal(ristretto255.NewScalar()) == 1 {
		return Output{}, nil, fmt.Errorf("%w: drew a zero scalar", ErrRandomness)
	}
	return NewOutputWithSecret(r, to, index)
}

// NewOutputWithSecret pays to like NewOutput but with the tx secret r
// chosen by the caller, who can then prove the payment (ProvePayment). r
// must be secret, uniformly distributed and never used for another output;
// derive it, for example, from a secret key and data unique to the output.
// It returns ErrZeroSecret for a nil or zero r and ErrInvalidKey for a
// zero-value address. r is used in constant time.
func NewOutputWithSecret(r *ristretto255.Scalar, to Address, index uint32) (Output, *SharedSecret, error) {
	if r == nil || r.Equal(ristretto255.NewScalar()) == 1 {
		return Output{}, nil, ErrZeroSecret
	}
	var out Output
	copy(out.TxKey[:], ristretto255.NewIdentityElement().ScalarBaseMult(r).Bytes())
	a := to.view.Array()
	s, ok := newECDHKey(r).sharedWith(&a)
	if !ok {
		return Output{}, nil, fmt.Errorf("%w: view key", ErrInvalidKey) // only for a zero-value Address
	}
	ss := newSharedSecret(s, index)
	out.OneTimeKey = oneTimeKey(&ss, to.spend.Element())
	out.ViewTag = ss.viewTag()
	return out, &ss, nil
}

// oneTimeKey returns the encoding of P = Hs(S ‖ i)·G + B.
func oneTimeKey(ss *SharedSecret, spend *ristretto255.Element) [32]byte {
	p := ristretto255.NewIdentityElement().ScalarBaseMult(ss.oneTimeScalar())
	p.Add(p, spend)
	return [32]byte(p.Bytes())
}
