package node

import (
	"crypto/sha256"
	"fmt"

	"github.com/stegos-go/stegos/crypto/vrf"
)

// vrfDerivationTag separates the VRF key from every other use of the
// consensus key's seed.
const vrfDerivationTag = "stegos/v1/vrf/from-consensus-key"

// ProposerKeys are a validator's consensus public key and the VRF key its
// beacon contributions are made with, derived from the consensus private
// key so that a home needs no extra key file:
// VRF seed = SHA-256(tag ‖ ed25519 seed).
type ProposerKeys struct {
	Consensus [32]byte
	VRF       *vrf.PrivateKey
}

// LoadProposerKeys reads home's validator key and derives its VRF key.
func LoadProposerKeys(home string) (*ProposerKeys, error) {
	f := HomeFiles(home)
	pv, err := loadFilePV(f.ValidatorKey, f.ValidatorState)
	if err != nil {
		return nil, err
	}
	priv := pv.Key.PrivKey.Bytes() // ed25519: seed ‖ public key
	if len(priv) != 64 {
		return nil, &FileError{What: "validator key", Path: f.ValidatorKey, Err: fmt.Errorf("%w: private key of %d bytes", ErrCorrupt, len(priv))}
	}
	seed := sha256.Sum256(append([]byte(vrfDerivationTag), priv[:32]...))
	defer clear(seed[:])
	k, err := vrf.NewKeyFromSeed(seed[:])
	if err != nil {
		return nil, err
	}
	out := &ProposerKeys{VRF: k}
	copy(out.Consensus[:], priv[32:])
	return out, nil
}
