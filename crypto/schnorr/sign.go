package schnorr

import (
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// Sign signs msg with priv. rand supplies 32 bytes that hedge the otherwise
// deterministic nonce; pass crypto/rand.Reader. If rand returns predictable
// bytes the signature is still safe (the nonce is then a deterministic
// function of the key and message); if reading fails Sign returns an error
// wrapping ErrRandomness.
func Sign(rand io.Reader, priv *PrivateKey, msg []byte) (*Signature, error) {
	if priv == nil || !priv.pub.valid() {
		return nil, fmt.Errorf("schnorr: sign: %w", ErrZeroKey)
	}
	var z [32]byte
	if _, err := io.ReadFull(rand, z[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	k := HashToScalar(tagNonce, priv.x.Bytes(), z[:], msg)
	r := ristretto255.NewIdentityElement().ScalarBaseMult(k)
	sig := newSignature(r, k)
	e := challenge(sig.rEnc[:], priv.pub.enc[:], msg)
	sig.s.Multiply(e, &priv.x)
	sig.s.Add(&sig.s, k)
	return sig, nil
}

// Verify reports whether sig is a valid signature of msg by pub: it returns
// nil if s·G = R + e·P, and an error wrapping ErrInvalidSignature otherwise.
func Verify(pub *PublicKey, msg []byte, sig *Signature) error {
	if !pub.valid() {
		return fmt.Errorf("%w: no public key", ErrInvalidSignature)
	}
	if !sig.valid() {
		return fmt.Errorf("%w: empty signature", ErrInvalidSignature)
	}
	e := challenge(sig.rEnc[:], pub.enc[:], msg)
	e.Negate(e)
	// s·G − e·P must equal R.
	check := ristretto255.NewIdentityElement().VarTimeDoubleScalarBaseMult(e, &pub.e, &sig.s)
	if check.Equal(&sig.r) != 1 {
		return ErrInvalidSignature
	}
	return nil
}

// challenge returns e = Hs(tagChallenge, R, P, msg).
func challenge(r, p, msg []byte) *ristretto255.Scalar {
	return HashToScalar(tagChallenge, r, p, msg)
}
