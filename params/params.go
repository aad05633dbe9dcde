package params

import (
	"fmt"
	"time"

	"github.com/stegos-go/stegos/crypto/stealth"
)

// Network identifies a network; it is the same type the address encoding
// uses for its human-readable prefix.
type Network = stealth.Network

// The networks.
const (
	Mainnet = stealth.Mainnet
	Testnet = stealth.Testnet
	Dev     = stealth.Dev
)

// Params are one network's consensus parameters.
type Params struct {
	Network Network
	// ChainID is CometBFT's chain id; transaction signatures commit to it.
	ChainID string

	// FeePerOutput and FeePerByte set the minimum fee of a transaction:
	// FeePerOutput·len(outputs) + FeePerByte·len(encoding), in µSTG.
	FeePerOutput uint64
	FeePerByte   uint64

	// MaxBlockTxs caps the transactions in one block, MaxBlockBytes the
	// bytes of transactions in one block.
	MaxBlockTxs   int
	MaxBlockBytes int64

	// BlockTime is the target interval between blocks (CometBFT's
	// timeout_commit on a single validator).
	BlockTime time.Duration

	// PayloadRetention is how many blocks every node keeps the payloads of
	// the confidential outputs a block created (and the block itself);
	// after that window every node drops them, payments and data alike
	// (ADR 0020). An output's core stays while it is unspent.
	PayloadRetention int64

	// Staking are the proof-of-stake parameters (docs/economics.md).
	Staking Staking
}

// Staking are the parameters of staking, rewards, the Validator Service
// Award and jailing. Shares are in basis points (1/10000).
type Staking struct {
	// EpochBlocks is the length of an epoch: the validator set changes at
	// heights that are multiples of it.
	EpochBlocks int64
	// MaxValidators bounds the active set.
	MaxValidators int
	// MinStake is the least µSTG a validator needs bonded to be active.
	MinStake uint64
	// LockEpochs is how many whole epochs a stake output stays bonded
	// before its owner may spend it.
	LockEpochs int64
	// BlockReward is the µSTG minted every block.
	BlockReward uint64
	// AwardShareBps is the part of each block reward that feeds the award
	// pool; the rest goes to the active validators in proportion to stake.
	AwardShareBps uint64
	// AwardPeriod is the number of blocks between two award draws.
	AwardPeriod int64
	// AwardMinSignedBps is the share of a period's blocks a validator must
	// have signed to be eligible for its draw.
	AwardMinSignedBps uint64
	// DowntimeWindow and DowntimeMaxMissedBps jail a validator that missed
	// more than that share of the last DowntimeWindow blocks.
	DowntimeWindow       int64
	DowntimeMaxMissedBps uint64
	// UnjailDelay is how many blocks a jailed validator waits before an
	// unjail transaction can bring it back.
	UnjailDelay int64
	// SlashShareBps is the part of a double signer's stake that goes to the
	// award pool.
	SlashShareBps uint64
}

// MinFee returns the smallest fee a transaction with nOutputs outputs and
// an encoding of size bytes may pay.
func (p *Params) MinFee(nOutputs, size int) uint64 {
	return p.FeePerOutput*uint64(nOutputs) + p.FeePerByte*uint64(size)
}

var (
	mainnet = Params{
		Network:       Mainnet,
		ChainID:       "stegos-mainnet-1",
		FeePerOutput:  1000,
		FeePerByte:    1,
		MaxBlockTxs:   2000,
		MaxBlockBytes: 8 << 20,
		BlockTime:     time.Second,
		// 21 days of 1 s blocks.
		PayloadRetention: 21 * 24 * 3600,
		Staking: Staking{
			EpochBlocks: 3600, MaxValidators: 100, MinStake: 10_000 * 1_000_000, LockEpochs: 168,
			BlockReward: 10 * 1_000_000, AwardShareBps: 2000, AwardPeriod: 7 * 24 * 3600, AwardMinSignedBps: 9500,
			DowntimeWindow: 10_000, DowntimeMaxMissedBps: 5000, UnjailDelay: 3600, SlashShareBps: 10_000,
		},
	}
	testnet = Params{
		Network:       Testnet,
		ChainID:       "stegos-testnet-1",
		FeePerOutput:  1000,
		FeePerByte:    1,
		MaxBlockTxs:   2000,
		MaxBlockBytes: 8 << 20,
		BlockTime:     time.Second,
		// 2 days of 1 s blocks.
		PayloadRetention: 2 * 24 * 3600,
		Staking: Staking{
			EpochBlocks: 600, MaxValidators: 50, MinStake: 1_000 * 1_000_000, LockEpochs: 24,
			BlockReward: 10 * 1_000_000, AwardShareBps: 2000, AwardPeriod: 24 * 3600, AwardMinSignedBps: 9500,
			DowntimeWindow: 1_000, DowntimeMaxMissedBps: 5000, UnjailDelay: 600, SlashShareBps: 10_000,
		},
	}
	dev = Params{
		Network:       Dev,
		ChainID:       "stegos-dev",
		FeePerOutput:  1000,
		FeePerByte:    1,
		MaxBlockTxs:   2000,
		MaxBlockBytes: 8 << 20,
		BlockTime:     time.Second,
		// 10 minutes of 1 s blocks: long enough to chat, short enough to
		// watch payloads expire.
		PayloadRetention: 600,
		// Short enough that a newcomer sees an epoch in 20 s and a draw
		// within the first two minutes.
		Staking: Staking{
			EpochBlocks: 20, MaxValidators: 10, MinStake: 1_000 * 1_000_000, LockEpochs: 3,
			BlockReward: 10 * 1_000_000, AwardShareBps: 2000, AwardPeriod: 60, AwardMinSignedBps: 9500,
			DowntimeWindow: 30, DowntimeMaxMissedBps: 5000, UnjailDelay: 20, SlashShareBps: 10_000,
		},
	}
)

// For returns a copy of the parameters of network n.
func For(n Network) (Params, error) {
	switch n {
	case Mainnet:
		return mainnet, nil
	case Testnet:
		return testnet, nil
	case Dev:
		return dev, nil
	}
	return Params{}, fmt.Errorf("params: unknown network %d", uint8(n))
}

// ByName returns the parameters of the network called name ("mainnet",
// "testnet" or "dev").
func ByName(name string) (Params, error) {
	for _, n := range []Network{Mainnet, Testnet, Dev} {
		if n.String() == name {
			return For(n)
		}
	}
	return Params{}, fmt.Errorf("params: unknown network %q (want mainnet, testnet or dev)", name)
}

// LocalnetChainID is the chain id of `stegosd localnet` networks: they run
// the dev network's rules under their own chain id, so their transactions
// never verify on a dev chain and the other way round.
const LocalnetChainID = "stegos-localnet"

// ByChainID returns the parameters of the network whose chain id is id.
func ByChainID(id string) (Params, error) {
	if id == LocalnetChainID {
		p := dev
		p.ChainID = id
		return p, nil
	}
	for _, n := range []Network{Mainnet, Testnet, Dev} {
		p, _ := For(n)
		if p.ChainID == id {
			return p, nil
		}
	}
	return Params{}, fmt.Errorf("params: unknown chain id %q (want %s, %s or %s)", id, mainnet.ChainID, testnet.ChainID, dev.ChainID)
}
