package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/params"
)

// This file is the one place stegosd learns which ABCI application it runs:
// the ledger (internal/app) over its state in <home>/data/ledger.

// ledgerDir is where the application state lives in a home.
func ledgerDir(home string) string { return filepath.Join(home, "data", "ledger") }

// ledgerApp is the application with its state, closed after the node stops.
type ledgerApp struct {
	*app.App
	st *state.State
}

// Close closes the state.
func (a *ledgerApp) Close() error { return a.st.Close() }

// newApp opens the ledger state of home, with the chain parameters of the
// chain its genesis names.
func newApp(home string, logger *slog.Logger) (abcitypes.Application, error) {
	gen, err := node.LoadGenesis(home)
	if err != nil {
		return nil, err
	}
	p, err := params.ByChainID(gen.ChainID)
	if err != nil {
		return nil, &node.FileError{What: "genesis", Path: node.HomeFiles(home).Genesis, Err: err}
	}
	st, err := openState(home, logger)
	if err != nil {
		return nil, err
	}
	logger.Info("ledger state opened", "network", p.Network, "chain_id", p.ChainID, "dir", st.Path(), "height", heightOf(st))
	a := app.New(p, st, logger.With("module", "app"))
	pk, err := node.LoadProposerKeys(home)
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	a.SetProposer(&app.Proposer{Key: pk.Consensus, VRF: pk.VRF})
	return &ledgerApp{App: a, st: st}, nil
}

func openState(home string, logger *slog.Logger) (*state.State, error) {
	st, err := state.Open(ledgerDir(home), logger.With("module", "state"))
	if errors.Is(err, store.ErrLocked) {
		return nil, &node.FileError{What: "ledger state", Path: ledgerDir(home), Err: node.ErrHomeLocked}
	}
	return st, err
}

func heightOf(st *state.State) int64 {
	if m := st.Meta(); m != nil {
		return m.Height
	}
	return -1
}

// appGenesis returns what the application puts into a new chain's genesis
// for chain: the app_state handed to InitChain (the dev and localnet chains
// fund the demo accounts of genesis.DemoPhrase) and the consensus
// parameters. Testnet and mainnet genesis files are published, not made.
func appGenesis(chain string, stakes []genesis.StakeSpec) (appState json.RawMessage, cp *cmttypes.ConsensusParams, err error) {
	if chain != config.ChainDev {
		return nil, nil, fmt.Errorf("a %s genesis is published with the network, not generated: pass --genesis FILE", chain)
	}
	allocs, err := genesis.DemoAllocations()
	if err != nil {
		return nil, nil, err
	}
	staked, err := genesis.DemoStakes(stakes)
	if err != nil {
		return nil, nil, err
	}
	allocs = append(allocs, staked...)
	g, err := genesis.Build(rand.Reader, allocs)
	if err != nil {
		return nil, nil, err
	}
	if appState, err = json.Marshal(g); err != nil {
		return nil, nil, err
	}
	p, err := params.ByName(chain)
	if err != nil {
		return nil, nil, err
	}
	cp = cmttypes.DefaultConsensusParams()
	cp.Block.MaxBytes = p.MaxBlockBytes
	return appState, cp, nil
}

// logDemoAccounts tells a dev chain's user which accounts genesis funded and
// how to spend from them. The phrase is public by design (genesis.DemoPhrase).
func logDemoAccounts(logger *slog.Logger) error {
	for i := uint32(0); i < genesis.DemoAccounts; i++ {
		k, err := genesis.DemoKeys(i)
		if err != nil {
			return err
		}
		logger.Info("demo account", "index", i, "address", k.Address().String(params.Dev), "funded_stg", genesis.DemoAmount/1_000_000)
	}
	logger.Info("demo accounts come from the public recovery phrase genesis.DemoPhrase (\"abandon ×23 art\"); never send real value to them")
	return nil
}
