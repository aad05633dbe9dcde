package main

import (
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/params"
)

// Chain ids of the networks, from the chain parameters.
var chainIDs = map[string]string{
	config.ChainDev:     mustParams(config.ChainDev).ChainID,
	config.ChainTestnet: mustParams(config.ChainTestnet).ChainID,
	config.ChainMainnet: mustParams(config.ChainMainnet).ChainID,
}

func mustParams(chain string) params.Params {
	p, err := params.ByName(chain)
	if err != nil {
		panic(err) // the config package's chain names are the params package's
	}
	return p
}

// localnetChainID is the chain id of `stegosd localnet` networks, which run
// the dev chain's rules.
const localnetChainID = params.LocalnetChainID

// validatorPower is the voting power of each genesis validator that stegosd
// creates (dev and localnet chains): equal shares.
const validatorPower = 10

// devConfig returns the configuration of a dev or localnet node: loopback
// only, 1 s blocks, no peer exchange.
func devConfig(moniker string) config.Config {
	c := config.Default()
	c.Node.Chain = config.ChainDev
	c.Node.Moniker = moniker
	c.P2P.Listen = "127.0.0.1:26656"
	c.P2P.PEX = false
	c.StateSync.SnapshotInterval = config.DevSnapshotInterval
	return c
}
