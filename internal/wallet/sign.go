package wallet

import (
	"fmt"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// tagSignData is the outer domain tag of SignData: the signed message is
//
//	schnorr.TaggedHash("stegos/v1/wallet/sign-data", tag, msg)
//
// (each part length-framed), so the caller's tag separates its uses from
// each other, and the outer tag separates every SignData signature from
// anything else a spend key may sign.
const tagSignData = "stegos/v1/wallet/sign-data"

// maxSignTag bounds the caller's tag.
const maxSignTag = 255

func signDigest(tag string, msg []byte) []byte {
	h := schnorr.TaggedHash(tagSignData, []byte(tag), msg)
	return h[:]
}

func checkSignTag(tag string) error {
	if tag == "" || len(tag) > maxSignTag {
		return fmt.Errorf("%w: a signature tag has 1 to %d bytes, not %d", ErrInvalidData, maxSignTag, len(tag))
	}
	return nil
}

// SignData signs msg under tag with the account's spend key (the spend
// key B of its address, which from returns): a Schnorr signature
// (crypto/schnorr) over signDigest(tag, msg), checked by VerifyData. The
// account must be unlocked (ErrLocked) and not view-only (ErrViewOnly);
// it need not be synced. tag must have 1 to 255 bytes (ErrInvalidData).
func (s *Service) SignData(account, tag string, msg []byte) (sig [64]byte, from stealth.Address, err error) {
	if err := checkSignTag(tag); err != nil {
		return sig, from, err
	}
	s.mu.Lock()
	a, err := s.lookup(account)
	if err != nil {
		s.mu.Unlock()
		return sig, from, err
	}
	var signer *schnorr.PrivateKey
	switch {
	case a.rec.ViewOnly:
		err = fmt.Errorf("%w: %q is view-only and cannot sign", ErrViewOnly, a.rec.Name)
	case !a.unlocked || a.sec == nil || a.sec.signer == nil:
		err = fmt.Errorf("%w: unlock %q to sign", ErrLocked, a.rec.Name)
	default:
		signer, from = a.sec.signer, a.sec.keys.Address()
	}
	s.mu.Unlock()
	if err != nil {
		return sig, from, err
	}
	sg, err := schnorr.Sign(s.cfg.Rand, signer, signDigest(tag, msg))
	if err != nil {
		return sig, stealth.Address{}, fmt.Errorf("wallet: sign: %w", err)
	}
	copy(sig[:], sg.Bytes())
	return sig, from, nil
}

// VerifyData reports whether sig is SignData's signature of msg under tag
// by the account whose address is from. Everything it handles is public:
// it runs in variable time.
func VerifyData(from stealth.Address, tag string, msg []byte, sig [64]byte) bool {
	if checkSignTag(tag) != nil {
		return false
	}
	sg, err := schnorr.DecodeSignature(sig[:])
	if err != nil {
		return false
	}
	return schnorr.Verify(from.SpendPublicKey(), signDigest(tag, msg), sg) == nil
}
