package staking

import (
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/params"
)

// Domain tags of the beacon hash chain.
const (
	BeaconTag        = "stegos/v1/beacon/chain"
	GenesisBeaconTag = "stegos/v1/beacon/genesis"
)

// GenesisBeacon returns the beacon before the first block of the chain
// chainID: the first 32 bytes of schnorr.TaggedHash(GenesisBeaconTag,
// chainID).
func GenesisBeacon(chainID string) [32]byte {
	h := schnorr.TaggedHash(GenesisBeaconTag, []byte(chainID))
	return [32]byte(h[:32])
}

// NextBeacon returns the beacon after a block whose proposer proved the VRF
// output vrfOutput over vrf.BeaconInput(chainID, height, prev): the first
// 32 bytes of schnorr.TaggedHash(BeaconTag, prev, vrfOutput). Chaining the
// outputs means every proposer's contribution is mixed into every later
// beacon.
func NextBeacon(prev [32]byte, vrfOutput []byte) [32]byte {
	h := schnorr.TaggedHash(BeaconTag, prev[:], vrfOutput)
	return [32]byte(h[:32])
}

// BeaconHeightForDraw returns the height whose beacon seeds the draw at
// the end of the award period ending at height end: end - EpochBlocks/2,
// but not before the period's first height.
//
// Why a height before the end. Eligibility depends on the signatures of
// the whole period, so it is settled only at its end. If the seed were the
// beacon at the end, the last proposer would see both the seed its VRF
// output gives and, nearly, the eligible set, and could withhold its block
// to get another seed. With the seed fixed EpochBlocks/2 blocks earlier,
// the proposers that can know the seed before the period ends cannot change
// it any more: the VRF output of each block is determined by its proposer's
// key and the previous beacon, so a proposer's only choice is to propose or
// not. The ones before the fixed height do not know who will be eligible;
// one that proposes without its contribution loses its own ticket (the app
// disqualifies it for the period), and so does one that lets its round
// time out in the last heights before the fixed one (internal/app,
// proposers.go). After the
// fixed height, what a proposer can still do is leave other validators'
// signatures out of its commits (CometBFT needs only 2/3 of the power) to
// push a validator below AwardMinSignedBps; that only bites a validator
// already near the threshold, over a window of EpochBlocks/2 blocks, and it
// is the same whichever seed is used. docs/economics.md bounds the bias.
func BeaconHeightForDraw(end int64, p params.Staking) int64 {
	return max(end-p.EpochBlocks/2, AwardPeriodStart(end, p))
}
