package main

import (
	"fmt"
	"log/slog"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/params"
)

// The ledger state, the application and the node are put together by
// internal/chainnode, which the test node and the integration tests use
// too; this file holds what only stegosd decides.

// ledgerDir is where the application state lives in a home.
func ledgerDir(home string) string { return chainnode.LedgerDir(home) }

// newGenesis builds a new chain's genesis for chain. Only dev chains (and
// localnets, which run the dev rules) are made here: they fund the demo
// accounts of genesis.DemoPhrase and bond genesis.DemoStake to each
// validator, whose home is in homes. Testnet and mainnet genesis files are
// published, not made.
func newGenesis(chainID, chain string, vals []node.GenesisValidator, homes []string) (*cmttypes.GenesisDoc, error) {
	if chain != config.ChainDev {
		return nil, fmt.Errorf("application genesis: a %s genesis is published with the network, not generated: pass --genesis FILE", chain)
	}
	allocs, err := chainnode.DemoAllocations(chainID, homes)
	if err != nil {
		return nil, fmt.Errorf("application genesis: %w", err)
	}
	return chainnode.NewGenesis(chainnode.GenesisSpec{ChainID: chainID, Validators: vals, Allocations: allocs})
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
