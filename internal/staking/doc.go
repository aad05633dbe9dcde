// Package staking is the pure, deterministic logic of gamified proof of
// stake: the validator record and its encoding, the active set and its
// CometBFT voting power, the split of each block reward, downtime jailing,
// slashing, the Validator Service Award and the randomness beacon. It holds
// no state and does no I/O; the state machine (internal/state, internal/app)
// calls it block by block. Everything here is consensus code: no floats, no
// clocks, no map iteration without sorting, no randomness but the inputs.
// Parameters come from params.Staking; CheckParams says whether a set of
// them is usable, and the other functions assume it is.
//
// # Epochs and the active set
//
// Heights are grouped into epochs of EpochBlocks blocks; epoch k holds the
// heights h with h/EpochBlocks == k. At every epoch boundary (a positive
// multiple of EpochBlocks) the state machine computes ActiveSet: the at most
// MaxValidators validators that are neither jailed nor tombstoned and have
// at least MinStake bonded, largest stake first, equal stakes in ascending
// key order. Updates turns the change into CometBFT validator updates, with
// a voting power of one per whole STG (Power). A stake output bonded at
// height b may be spent from UnlockHeight(b): the start of the epoch that
// comes LockEpochs whole epochs after the one it was bonded in.
//
// # Rewards
//
// Every block mints BlockReward. Distribute sends AwardShareBps of it to the
// award pool and splits the rest among the active validators (jailed and
// tombstoned ones excluded) in proportion to their stake, rounding each
// share down; every rounding remainder goes to the pool as well, so no µSTG
// is created or lost: Σ shares + pool == reward, exactly.
//
// # Downtime, jailing and slashing
//
// RecordBlock keeps, for each active validator, a bitset of the last
// DowntimeWindow blocks (bit h mod DowntimeWindow is set when it missed
// block h). A validator that has missed more than DowntimeMaxMissedBps of
// the window, counting only blocks since it became active, is jailed: the
// state machine takes it out of the set in that block (Leave; ActiveSet
// skips it at later boundaries), it earns nothing meanwhile and loses its
// ticket for the current award. After UnjailDelay blocks an unjail
// transaction brings it back (Unjail). Double signing is slashed (Slash):
// SlashShareBps of the stake goes to the award pool and the validator is
// tombstoned, that is jailed for good.
//
// # The Validator Service Award
//
// Award periods are the height ranges (k·AwardPeriod, (k+1)·AwardPeriod].
// At the last height of a period, the whole pool is paid to one validator
// drawn uniformly (Draw) among the eligible ones (Eligible): active for the
// whole period, never jailed, slashed or out of the set during it, and
// having signed at least AwardMinSignedBps of the period's blocks. The
// state machine adds two conditions: a stake of at least MinStake at the
// draw, and no block proposed in the period without its beacon
// contribution. Each eligible validator has one ticket, whatever its stake.
//
// The draw's seed is the randomness beacon: every proposer adds an ECVRF
// output (crypto/vrf, over vrf.BeaconInput) and the beacon is the hash chain
// of those outputs (NextBeacon, from GenesisBeacon). The draw uses the
// beacon as of BeaconHeightForDraw, a height fixed half an epoch before the
// period ends, so no proposer can pick the seed after the set of eligible
// validators is known; see BeaconHeightForDraw and docs/economics.md.
package staking
