package main

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

// localnet limits.
const (
	maxLocalnetValidators = 64
	localnetPortStride    = 10 // ports per node: p2p, rpc, api at base+10k+{0,1,2}
)

// localnetNode is one node of a localnet.
type localnetNode struct {
	name, home, p2p, rpc, api string
	id                        node.Identity
}

func newLocalnetCommand(e env) *cobra.Command {
	var validators, standby, basePort int
	cmd := &cobra.Command{
		Use:   "localnet",
		Short: "Create homes for a network of N validators on loopback",
		Long: `Create homes DIR/node0 .. DIR/node<N-1> for N validators sharing one genesis,
each on its own loopback ports (node k: p2p base+10k, CometBFT RPC base+10k+1,
API base+10k+2) with every other node as a persistent peer. Start each with
'stegosd start --home DIR/nodeK'. More than 2/3 of the validators must run for
the chain to make progress.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := homeDir(cmd, e, "localnet")
			if err != nil {
				return err
			}
			if validators < 1 || validators > maxLocalnetValidators {
				return usageError{fmt.Errorf("--validators %d: want 1 to %d", validators, maxLocalnetValidators)}
			}
			if standby < 0 || validators+standby > maxLocalnetValidators {
				return usageError{fmt.Errorf("--standby %d: want 0 to %d more nodes", standby, maxLocalnetValidators-validators)}
			}
			if last := basePort + localnetPortStride*(validators+standby-1) + 2; basePort < 1024 || last > 65535 {
				return usageError{fmt.Errorf("--base-port %d: ports %d..%d must lie in 1024..65535", basePort, basePort, last)}
			}
			nodes, err := createLocalnet(dir, validators, standby, basePort)
			if err != nil {
				return err
			}
			printLocalnet(e.stdout, dir, nodes, validators)
			return nil
		},
	}
	cmd.Flags().IntVar(&validators, "validators", 4, "number of validators")
	cmd.Flags().IntVar(&standby, "standby", 0, "number of extra nodes that are not validators until staked to")
	cmd.Flags().IntVar(&basePort, "base-port", 26700, "first port; node k uses base+10k .. base+10k+2")
	return cmd
}

// createLocalnet writes the homes of an n-validator localnet under dir,
// and of standby more nodes that share its genesis but are not in its
// validator set (they become validators when staked to).
func createLocalnet(dir string, n, standby, basePort int) ([]localnetNode, error) {
	nodes := make([]localnetNode, n+standby)
	for k := range nodes {
		nodes[k] = localnetNode{
			name: fmt.Sprintf("node%d", k),
			home: filepath.Join(dir, fmt.Sprintf("node%d", k)),
			p2p:  loopback(basePort + localnetPortStride*k),
			rpc:  loopback(basePort + localnetPortStride*k + 1),
			api:  loopback(basePort + localnetPortStride*k + 2),
		}
		if err := checkEmptyHome(nodes[k].home); err != nil {
			return nil, err
		}
	}
	var vals []node.GenesisValidator
	var homes []string
	for k := range nodes {
		id, err := node.GenerateKeys(nodes[k].home)
		if err != nil {
			return nil, err
		}
		nodes[k].id = id
		if k < n {
			vals = append(vals, node.GenesisValidator{Name: nodes[k].name, PubKey: id.PubKey, Power: validatorPower})
			homes = append(homes, nodes[k].home)
		}
	}
	gen, err := newGenesis(localnetChainID, config.ChainDev, vals, homes)
	if err != nil {
		return nil, err
	}
	for k, nd := range nodes {
		cfg := devConfig(nd.name)
		cfg.P2P.Listen, cfg.RPC.Listen, cfg.API.Listen = nd.p2p, nd.rpc, nd.api
		cfg.P2P.AllowDuplicateIP = true
		cfg.P2P.AddrBookStrict = false
		for j, peer := range nodes {
			if j != k {
				cfg.P2P.PersistentPeers = append(cfg.P2P.PersistentPeers, peer.id.NodeID+"@"+peer.p2p)
			}
		}
		if err := node.SaveGenesis(nd.home, gen); err != nil {
			return nil, err
		}
		if err := config.Write(config.FilePath(nd.home), &cfg); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

// loopback returns 127.0.0.1:port.
func loopback(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// printLocalnet lists the nodes and how to start them.
func printLocalnet(w io.Writer, dir string, nodes []localnetNode, validators int) {
	fmt.Fprintf(w, "Created a localnet of %d validators (chain id %s) in %s\n\n", validators, localnetChainID, dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tHOME\tP2P\tCOMETBFT RPC\tAPI\tNODE ID")
	for _, n := range nodes {
		fmt.Fprintf(tw, "%s\t%s\t%s\thttp://%s\t%s\t%s\n", n.name, n.home, n.p2p, n.rpc, n.api, n.id.NodeID)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nStart each node in its own terminal:\n")
	for _, n := range nodes {
		fmt.Fprintf(w, "  stegosd start --home %s\n", n.home)
	}
	fmt.Fprintf(w, "The chain makes progress once more than 2/3 of the validators run.\n")
	for _, n := range nodes[validators:] {
		fmt.Fprintf(w, "%s is a standby node: stake to it to make it a validator ('stegosd validator-info --home %s').\n", n.name, n.home)
	}
}
