package app

import (
	"bytes"
	"fmt"

	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
)

// The randomness beacon (docs/economics.md). A proposer whose stake
// registered a VRF key puts, as the first transaction of its block, its
// VRF proof over (chain id, height, previous beacon):
//
//	"STGBCN" | version 1 | consensus key (32) | proof (80)
//
// ProcessProposal rejects a contribution that does not verify or is not the
// proposer's; the beacon after the block is the hash of the previous one and
// the VRF output. A block without a contribution is valid (the beacon is
// hashed forward alone), but a proposer with a registered VRF key that
// withholds its contribution loses its ticket for the current award period,
// so biasing the beacon by withholding has a price (docs/economics.md §7).

var beaconMagic = []byte("STGBCN\x01")

// beaconTxSize is the size of a beacon transaction.
const beaconTxSize = 7 + 32 + vrf.ProofSize

// IsBeaconTx reports whether a block transaction is a beacon contribution
// rather than a ledger transaction.
func IsBeaconTx(tx []byte) bool { return bytes.HasPrefix(tx, beaconMagic) }

// Proposer is what this node needs to propose blocks with a beacon
// contribution: its consensus key and the VRF key derived from it.
type Proposer struct {
	Key [32]byte
	VRF *vrf.PrivateKey
}

// setProposer switches the proposer keys (tests that play several
// proposers against one app).
func (a *App) setProposer(p *Proposer) { a.proposer = p }

// beaconTx returns this node's contribution to block height, or nil if it
// has no VRF key registered.
func (a *App) beaconTx(height int64) ([]byte, error) {
	if a.proposer == nil {
		return nil, nil
	}
	v, ok, err := a.st.Validator(a.proposer.Key)
	if err != nil || !ok || v.VRFKey == ([32]byte{}) {
		return nil, err
	}
	pub := a.proposer.VRF.Public()
	if !bytes.Equal(pub.Bytes(), v.VRFKey[:]) {
		a.log.Warn("this node's VRF key is not the one its first stake registered: its proposals carry no beacon contribution, and it is not eligible for the award", "registered", fmt.Sprintf("%x", v.VRFKey[:8]))
		return nil, nil
	}
	m := a.st.Meta()
	proof, _ := vrf.Prove(a.proposer.VRF, vrf.BeaconInput(a.params.ChainID, uint64(height), m.Beacon))
	tx := append(append(append([]byte{}, beaconMagic...), a.proposer.Key[:]...), proof[:]...)
	return tx, nil
}

// checkBeacon verifies the beacon contribution of a block proposed by
// proposer (a CometBFT address) and returns the VRF output, or nil when
// the proposer has no VRF key. tx is the block's first transaction, or nil.
func (a *App) checkBeacon(blk *state.Block, proposer []byte, tx []byte) ([]byte, error) {
	var key [32]byte
	found := false
	vs, err := blk.Validators()
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if address(v.Key) == string(proposer) {
			key, found = v.Key, v.VRFKey != ([32]byte{})
			break
		}
	}
	if !found {
		if tx != nil {
			return nil, &ledger.Error{Kind: ledger.KindMalformed, Detail: "a beacon contribution from a proposer without a registered VRF key"}
		}
		return nil, nil
	}
	if tx == nil {
		// Allowed, so that a validator whose VRF key was registered wrongly
		// can still propose; withholding costs the proposer its award ticket
		// (stakingBlock).
		return nil, nil
	}
	if len(tx) != beaconTxSize || !bytes.Equal(tx[7:39], key[:]) {
		return nil, &ledger.Error{Kind: ledger.KindMalformed, Detail: "the beacon contribution is malformed or not the proposer's"}
	}
	v, _, err := blk.Validator(key)
	if err != nil {
		return nil, err
	}
	pub, err := vrf.PublicKeyFromBytes(v.VRFKey[:])
	if err != nil {
		return nil, &ledger.Error{Kind: ledger.KindMalformed, Detail: fmt.Sprintf("the proposer's registered VRF key is invalid: %v", err)}
	}
	proof, err := vrf.DecodeProof(tx[39:])
	if err != nil {
		return nil, &ledger.Error{Kind: ledger.KindMalformed, Detail: fmt.Sprintf("beacon proof: %v", err)}
	}
	out, err := vrf.Verify(pub, proof, vrf.BeaconInput(a.params.ChainID, uint64(blk.Meta().Height), blk.Meta().Beacon))
	if err != nil {
		return nil, &ledger.Error{Kind: ledger.KindMalformed, Detail: fmt.Sprintf("beacon proof does not verify: %v", err)}
	}
	return out[:], nil
}
