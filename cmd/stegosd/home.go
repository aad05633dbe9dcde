package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

// genesisDoc is CometBFT's genesis document.
type genesisDoc = cmttypes.GenesisDoc

// errInitialized means a home already holds a node.
var errInitialized = errors.New("already initialized")

// homeEntries returns the files that make a directory a stegosd home.
func homeEntries(home string) []string {
	f := node.HomeFiles(home)
	return []string{config.FilePath(home), f.Genesis, f.ValidatorKey, f.NodeKey, f.ValidatorState, filepath.Join(f.DataDir, "blockstore.db")}
}

// checkEmptyHome fails if home already holds any part of a node.
func checkEmptyHome(home string) error {
	for _, p := range homeEntries(home) {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s is %w: %s exists (choose another --home)", home, errInitialized, p)
		}
	}
	return nil
}

// hasAnyHomeEntry reports whether home holds any part of a node.
func hasAnyHomeEntry(home string) bool {
	for _, p := range homeEntries(home) {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// createNode makes fresh keys in home and writes genesis and configuration.
// If gen is nil, a genesis is made with this node as the only validator.
func createNode(home string, cfg config.Config, gen *cmttypes.GenesisDoc) (node.Identity, *cmttypes.GenesisDoc, error) {
	if err := checkEmptyHome(home); err != nil {
		return node.Identity{}, nil, err
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return node.Identity{}, nil, fmt.Errorf("create home: %w", err)
	}
	id, err := node.GenerateKeys(home)
	if err != nil {
		return node.Identity{}, nil, err
	}
	if gen == nil {
		gen, err = newGenesis(chainIDs[cfg.Node.Chain], cfg.Node.Chain, []node.GenesisValidator{
			{Name: cfg.Node.Moniker, PubKey: id.PubKey, Power: validatorPower},
		}, []string{home})
		if err != nil {
			return node.Identity{}, nil, err
		}
	}
	if err := node.SaveGenesis(home, gen); err != nil {
		return node.Identity{}, nil, err
	}
	// The configuration goes last: its presence marks a complete home.
	if err := config.Write(config.FilePath(home), &cfg); err != nil {
		return node.Identity{}, nil, err
	}
	return id, gen, nil
}

// resetDevHome deletes what stegosd created in a dev home (its
// configuration, config/ and data/) and nothing else. It refuses unless the
// home is provably a dev chain, since --reset is also the way out of a
// broken dev home and so cannot rely on a valid configuration.
func resetDevHome(home string) error {
	if !hasAnyHomeEntry(home) {
		return nil
	}
	if err := checkDevHome(home); err != nil {
		return fmt.Errorf("reset %s: %w; refusing to delete it", home, err)
	}
	f := node.HomeFiles(home)
	for _, p := range []string{config.FilePath(home), f.ConfigDir, f.DataDir} {
		if err := os.RemoveAll(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("reset %s: %w", home, err)
		}
	}
	// The wallet followed the old chain; its accounts' keys may matter to
	// someone, so it is set aside, not deleted.
	w := walletDir(home)
	if _, err := os.Stat(w); err == nil {
		aside := fmt.Sprintf("%s-before-reset-%s", w, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(w, aside); err != nil {
			return fmt.Errorf("reset %s: set the wallet aside: %w", home, err)
		}
	}
	return nil
}

// checkDevHome proves that home holds a dev chain: node.chain in its
// configuration says so, or, if the configuration does not parse, the
// genesis carries the dev chain id.
func checkDevHome(home string) error {
	var c struct {
		Node struct {
			Chain string `toml:"chain"`
		} `toml:"node"`
	}
	_, cerr := toml.DecodeFile(config.FilePath(home), &c)
	if cerr == nil && c.Node.Chain != "" {
		if c.Node.Chain != config.ChainDev {
			return fmt.Errorf("it holds a %s node, not a dev chain", c.Node.Chain)
		}
		return nil
	}
	gen, gerr := node.LoadGenesis(home)
	if gerr == nil {
		if gen.ChainID != chainIDs[config.ChainDev] {
			return fmt.Errorf("its genesis is for chain %q, not a dev chain", gen.ChainID)
		}
		return nil
	}
	return fmt.Errorf("cannot tell whether it holds a dev chain (%v; %v)", cerr, gerr)
}

// defaultMoniker is the host name, trimmed to what a moniker may hold.
func defaultMoniker() string {
	h, err := os.Hostname()
	if err != nil {
		return "stegos"
	}
	h = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, h)
	if len(h) > 64 {
		h = h[:64]
	}
	if h == "" {
		return "stegos"
	}
	return h
}
