package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

func newInitCommand(e env) *cobra.Command {
	var chain, moniker, genesisFile string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a node's keys, genesis and configuration in a home",
		Long: `Create a node's keys, genesis and configuration in a new home directory.

With --chain dev (the default) the node gets a chain of its own, with itself
as the only validator. Joining testnet or mainnet needs the network's genesis
file (--genesis) until the chain parameters ship it. init never overwrites
an existing home.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, "")
			if err != nil {
				return err
			}
			if _, ok := chainIDs[chain]; !ok {
				return usageError{fmt.Errorf("--chain %q: want dev, testnet or mainnet", chain)}
			}
			cfg := config.Default()
			if chain == config.ChainDev {
				cfg = devConfig(moniker)
			}
			cfg.Node.Chain = chain
			cfg.Node.Moniker = moniker
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			var gen *genesisDoc
			switch {
			case genesisFile != "":
				if gen, err = node.ReadGenesisFile(genesisFile); err != nil {
					return err
				}
			case chain != config.ChainDev:
				return usageError{fmt.Errorf("no published genesis for %s yet: pass --genesis FILE", chain)}
			}
			id, doc, err := createNode(home, cfg, gen)
			if err != nil {
				return err
			}
			printInit(e.stdout, home, chain, id, doc)
			return nil
		},
	}
	cmd.Flags().StringVar(&chain, "chain", config.ChainDev, "network: dev, testnet or mainnet")
	cmd.Flags().StringVar(&moniker, "moniker", defaultMoniker(), "name shown to peers")
	cmd.Flags().StringVar(&genesisFile, "genesis", "", "genesis file of the network to join (required for testnet and mainnet)")
	return cmd
}

// printInit reports what init created.
func printInit(w io.Writer, home, chain string, id node.Identity, doc *genesisDoc) {
	validator := "no (full node)"
	for _, v := range doc.Validators {
		if v.PubKey.Equals(id.PubKey) {
			validator = fmt.Sprintf("yes, power %d", v.Power)
		}
	}
	f := node.HomeFiles(home)
	fmt.Fprintf(w, "Initialized a %s node in %s\n", chain, home)
	fmt.Fprintf(w, "  chain id   %s\n", doc.ChainID)
	fmt.Fprintf(w, "  node id    %s\n", id.NodeID)
	fmt.Fprintf(w, "  validator  %s (address %s)\n", validator, id.PubKey.Address())
	fmt.Fprintf(w, "  config     %s\n", config.FilePath(home))
	fmt.Fprintf(w, "  genesis    %s\n", f.Genesis)
	fmt.Fprintf(w, "  keys       %s, %s (keep them secret)\n", f.ValidatorKey, f.NodeKey)
	fmt.Fprintf(w, "Start it with: stegosd start --home %s\n", home)
}
