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
	}
	testnet = Params{
		Network:       Testnet,
		ChainID:       "stegos-testnet-1",
		FeePerOutput:  1000,
		FeePerByte:    1,
		MaxBlockTxs:   2000,
		MaxBlockBytes: 8 << 20,
		BlockTime:     time.Second,
	}
	dev = Params{
		Network:       Dev,
		ChainID:       "stegos-dev",
		FeePerOutput:  1000,
		FeePerByte:    1,
		MaxBlockTxs:   2000,
		MaxBlockBytes: 8 << 20,
		BlockTime:     time.Second,
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
