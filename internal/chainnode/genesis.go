package chainnode

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/params"
)

// ConsensusParams returns the consensus parameters every new chain with
// p's rules starts with: CometBFT's defaults, with blocks of at most
// p.MaxBlockBytes (CometBFT's default is 21 MiB).
func ConsensusParams(p params.Params) *cmttypes.ConsensusParams {
	cp := cmttypes.DefaultConsensusParams()
	cp.Block.MaxBytes = p.MaxBlockBytes
	return cp
}

// GenesisSpec describes a new chain.
type GenesisSpec struct {
	// ChainID selects the chain parameters (params.ByChainID): the dev
	// chain's, params.LocalnetChainID, ...
	ChainID string
	// GenesisTime is the time of block 1; zero means now.
	GenesisTime time.Time
	// Validators are the initial validator set.
	Validators []node.GenesisValidator
	// Allocations fund the genesis (the application's state).
	Allocations []genesis.Allocation
}

// NewGenesis builds the genesis document of a new chain: its app_state from
// the allocations and its consensus parameters from the chain parameters.
func NewGenesis(spec GenesisSpec) (*cmttypes.GenesisDoc, error) {
	p, err := params.ByChainID(spec.ChainID)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	g, err := genesis.Build(rand.Reader, spec.Allocations)
	if err != nil {
		return nil, err
	}
	appState, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("genesis: encode app_state: %w", err)
	}
	return node.NewGenesis(node.GenesisSpec{
		ChainID:         p.ChainID,
		GenesisTime:     spec.GenesisTime,
		ConsensusParams: ConsensusParams(p),
		Validators:      spec.Validators,
		AppState:        appState,
	})
}

// DemoAllocations returns the allocations of a dev or localnet chain
// (chainID) whose validators live in homes: the demo accounts' funds
// (genesis.DemoAllocations) and, for each validator, genesis.DemoStake
// bonded to its keys, registering it with its validator token, and owned
// by the first demo account.
func DemoAllocations(chainID string, homes []string) ([]genesis.Allocation, error) {
	allocs, err := genesis.DemoAllocations()
	if err != nil {
		return nil, err
	}
	stakes := make([]genesis.StakeSpec, len(homes))
	for i, h := range homes {
		if stakes[i], err = genesis.ValidatorStakeSpec(h, chainID); err != nil {
			return nil, err
		}
	}
	staked, err := genesis.DemoStakes(stakes)
	if err != nil {
		return nil, err
	}
	return append(allocs, staked...), nil
}
