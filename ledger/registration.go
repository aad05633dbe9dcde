package ledger

import (
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/internal/codec"
)

// A validator's first stake output registers it: it carries proofs that
// whoever holds the validator's consensus key and VRF key consents to the
// registration, and that the holder of the registration key the consensus
// key named chose this output's one-time key as the validator's owner
// (ADR 0016).
//
//	m = H("stegos/v1/ledger/validator-registration", len(chain_id) u32 ‖ chain_id ‖ validator ‖ vrf_key ‖ reg_key)
//	o = H("stegos/v1/ledger/validator-owner",        len(chain_id) u32 ‖ chain_id ‖ validator ‖ one_time_key)
//
// consensus_sig is an ed25519 signature of m by the consensus key, vrf_proof
// an ECVRF proof of m by the VRF key and owner_sig a Schnorr signature of o
// by the registration key.
const (
	tagRegistration = "stegos/v1/ledger/validator-registration"
	tagOwner        = "stegos/v1/ledger/validator-owner"
)

// Reasons a stake output is a bad output (KindBadOutput). The *Error of
// the rejection wraps one of them, so errors.Is tells them apart.
var (
	// ErrValidatorKey: the validator key is not the canonical encoding of
	// an ed25519 point of prime order (the identity, small-order points and
	// points with a torsion component are refused: CometBFT's ZIP-215
	// verification accepts forged signatures for some of them).
	ErrValidatorKey = errors.New("the validator key is not a canonical ed25519 key of prime order")
	// ErrVRFKey: the same for the VRF key.
	ErrVRFKey = errors.New("the VRF key is not a canonical ed25519 key of prime order")
	// ErrConsensusProof: the consensus key's signature of the registration
	// message does not verify (wrong keys, another chain, another
	// registration key).
	ErrConsensusProof = errors.New("the consensus key's proof of possession does not verify")
	// ErrVRFProof: the VRF key's proof of the registration message does not
	// verify.
	ErrVRFProof = errors.New("the VRF key's proof of possession does not verify")
	// ErrOwnerProof: the registration key is not a valid key, or its
	// signature does not name this output's one-time key as the owner.
	ErrOwnerProof = errors.New("the registration key did not name this output's owner")
	// ErrTwoRegistrations: a transaction may register one validator.
	ErrTwoRegistrations = errors.New("more than one registration in a transaction")
	// ErrUnregistered: a validator's first stake must carry a
	// registration (the node checks this against its state).
	ErrUnregistered = errors.New("the first stake of a validator must carry its registration")
	// ErrRegistered: only a validator's first stake may carry one.
	ErrRegistered = errors.New("the validator is already registered")
)

// RegistrationSize is the size of a Registration's encoding, and
// StakeRegistrationSize that of a stake output that carries one.
const (
	RegistrationSize      = 32 + 64 + vrf.ProofSize + 64
	StakeRegistrationSize = 1 + stakeSize + RegistrationSize
)

// Registration is what a validator's first stake output carries besides
// the stake (ADR 0016).
type Registration struct {
	// Key is the registration key: a ristretto255 public key whose secret
	// comes with the validator's token (`stegosd validator-info`).
	Key [32]byte
	// ConsensusSig is an ed25519 signature by the validator key of
	// RegistrationMessage.
	ConsensusSig [64]byte
	// VRFProof is an ECVRF proof by the VRF key of RegistrationMessage.
	VRFProof [vrf.ProofSize]byte
	// OwnerSig is a Schnorr signature by Key of OwnerMessage for the
	// output's one-time key.
	OwnerSig [64]byte
}

func (r *Registration) encode(w *codec.Writer) {
	w.Fixed(r.Key[:])
	w.Fixed(r.ConsensusSig[:])
	w.Fixed(r.VRFProof[:])
	w.Fixed(r.OwnerSig[:])
}

func (r *Registration) decode(rd *codec.Reader) {
	rd.Fixed(r.Key[:])
	rd.Fixed(r.ConsensusSig[:])
	rd.Fixed(r.VRFProof[:])
	rd.Fixed(r.OwnerSig[:])
}

// RegistrationMessage is what a validator's consensus key signs and its
// VRF key proves to register it on chainID with registration key regKey.
func RegistrationMessage(chainID string, validator, vrfKey, regKey [32]byte) Hash {
	w := codec.NewWriter(4 + len(chainID) + 3*32)
	w.Var([]byte(chainID))
	w.Fixed(validator[:])
	w.Fixed(vrfKey[:])
	w.Fixed(regKey[:])
	return taggedHash(tagRegistration, w.Bytes())
}

// OwnerMessage is what the registration key signs to make oneTimeKey the
// owner of validator on chainID.
func OwnerMessage(chainID string, validator, oneTimeKey [32]byte) Hash {
	w := codec.NewWriter(4 + len(chainID) + 2*32)
	w.Var([]byte(chainID))
	w.Fixed(validator[:])
	w.Fixed(oneTimeKey[:])
	return taggedHash(tagOwner, w.Bytes())
}

// checkPrimeOrderKey reports why key is not the canonical encoding of an
// ed25519 point of prime order ℓ, or nil if it is.
func checkPrimeOrderKey(key [32]byte) error {
	c := curve.CompressedEdwardsY(key)
	if !c.IsCanonicalVartime() {
		return errors.New("not a canonical encoding")
	}
	var p curve.EdwardsPoint
	if _, err := p.SetCompressedY(&c); err != nil {
		return errors.New("not a curve point")
	}
	if p.IsSmallOrder() {
		return errors.New("a point of small order")
	}
	if !p.IsTorsionFree() {
		return errors.New("a point with a torsion component")
	}
	return nil
}

// CheckValidatorKey returns nil if key may be a validator's consensus key:
// the canonical encoding of an ed25519 point of prime order. Otherwise the
// error wraps ErrValidatorKey and says why.
func CheckValidatorKey(key [32]byte) error {
	if err := checkPrimeOrderKey(key); err != nil {
		return fmt.Errorf("%w: %w", ErrValidatorKey, err)
	}
	return nil
}

// checkVRFKey is CheckValidatorKey for the VRF key, which must also be a
// valid ECVRF key.
func checkVRFKey(key [32]byte) (vrf.PublicKey, error) {
	if err := checkPrimeOrderKey(key); err != nil {
		return vrf.PublicKey{}, fmt.Errorf("%w: %w", ErrVRFKey, err)
	}
	pk, err := vrf.PublicKeyFromBytes(key[:])
	if err != nil {
		return vrf.PublicKey{}, fmt.Errorf("%w: %w", ErrVRFKey, err)
	}
	return pk, nil
}

// CheckStakeOutput checks what a stake output carries beyond the fields
// every output has: both keys, and a registration's three proofs for
// chainID. Whether the output must, or must not, register its validator
// depends on the chain's state and is the node's check. Errors wrap
// ErrValidatorKey, ErrVRFKey, ErrConsensusProof, ErrVRFProof or
// ErrOwnerProof.
//
// A registration costs one ed25519, one ECVRF and one Schnorr
// verification (about 0.3 ms), and a transaction carries at most one.
func CheckStakeOutput(chainID string, o *StakeOutput) error {
	vrfKey, err := checkStakeKeys(o)
	if err != nil {
		return err
	}
	return verifyRegistration(chainID, o, vrfKey)
}

// VerifyPossession checks the two proofs of possession of a registration
// (the owner signature aside): the keys' rules, then the consensus key's
// signature and the VRF key's proof of RegistrationMessage(chainID,
// validator, vrfKey, r.Key). Validator tokens are checked with it when
// they are read. Errors wrap ErrValidatorKey, ErrVRFKey, ErrConsensusProof
// or ErrVRFProof.
func VerifyPossession(chainID string, validator, vrfKey [32]byte, r *Registration) error {
	o := &StakeOutput{Validator: validator, VRFKey: vrfKey}
	pk, err := checkStakeKeys(o)
	if err != nil {
		return err
	}
	return verifyPossession(chainID, validator, pk, r)
}

func verifyPossession(chainID string, validator [32]byte, vrfKey vrf.PublicKey, r *Registration) error {
	m := RegistrationMessage(chainID, validator, [32]byte(vrfKey.Bytes()), r.Key)
	if !ed25519.Verify(validator[:], m[:], r.ConsensusSig[:]) {
		return ErrConsensusProof
	}
	proof, err := vrf.DecodeProof(r.VRFProof[:])
	if err != nil {
		return fmt.Errorf("%w: %w", ErrVRFProof, err)
	}
	if _, err := vrf.Verify(vrfKey, proof, m[:]); err != nil {
		return fmt.Errorf("%w: %w", ErrVRFProof, err)
	}
	return nil
}

// checkStakeKeys checks a stake output's two keys and returns the VRF key.
func checkStakeKeys(o *StakeOutput) (vrf.PublicKey, error) {
	if err := CheckValidatorKey(o.Validator); err != nil {
		return vrf.PublicKey{}, err
	}
	return checkVRFKey(o.VRFKey)
}

// verifyRegistration verifies the proofs of o's registration, if it has
// one, for chainID; vrfKey is o.VRFKey, already checked.
func verifyRegistration(chainID string, o *StakeOutput, vrfKey vrf.PublicKey) error {
	r := o.Registration
	if r == nil {
		return nil
	}
	if err := verifyPossession(chainID, o.Validator, vrfKey, r); err != nil {
		return err
	}
	regKey, err := schnorr.DecodePublicKey(r.Key[:])
	if err != nil {
		return fmt.Errorf("%w: registration key: %w", ErrOwnerProof, err)
	}
	sig, err := schnorr.DecodeSignature(r.OwnerSig[:])
	if err != nil {
		return fmt.Errorf("%w: %w", ErrOwnerProof, err)
	}
	om := OwnerMessage(chainID, o.Validator, o.OneTimeKey)
	if err := schnorr.Verify(regKey, om[:], sig); err != nil {
		return fmt.Errorf("%w: %w", ErrOwnerProof, err)
	}
	return nil
}
