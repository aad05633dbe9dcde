package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

// devSubdir is where the dev chain lives under the default home.
const devSubdir = "dev"

func newDevCommand(e env) *cobra.Command {
	var reset bool
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run a single-validator development chain",
		Long: `Run a single-validator development chain with 1 s blocks and CometBFT RPC on
127.0.0.1:26657, everything on loopback. The first run creates the chain in
the home (default <default home>/dev); later runs resume it where it stopped.
--reset deletes the chain first (only the files stegosd created).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, devSubdir)
			if err != nil {
				return err
			}
			if reset {
				if err := resetDevHome(home); err != nil {
					return err
				}
			}
			created := false
			if _, err := os.Stat(config.FilePath(home)); os.IsNotExist(err) {
				if hasAnyHomeEntry(home) {
					return fmt.Errorf("%s holds part of a node but no %s (an interrupted init?); run with --reset to start afresh", home, config.FileName)
				}
				if _, _, err := createNode(home, devConfig("dev"), nil); err != nil {
					return err
				}
				created = true
			}
			cfg, err := loadConfig(cmd, e, home)
			if err != nil {
				return err
			}
			if cfg.Node.Chain != config.ChainDev {
				return fmt.Errorf("%s holds a %s node; 'stegosd dev' runs dev chains only (use 'stegosd start', or another --home)", home, cfg.Node.Chain)
			}
			logger := newLogger(e.stderr, cfg.Log)
			warnUnknownEnv(logger, e)
			gen, err := node.LoadGenesis(home)
			if err != nil {
				return explain(home, err)
			}
			logger.Info("dev chain",
				"home", home,
				"chain_id", gen.ChainID,
				"new", created,
				"rpc", rpcURL(cfg.RPC.Listen),
				"p2p", cfg.P2P.Listen,
				"block_interval", cfg.Consensus.TimeoutCommit.String())
			if err := logDemoAccounts(logger); err != nil {
				return err
			}
			return runNode(cmd.Context(), home, cfg, logger, true)
		},
	}
	cmd.Flags().BoolVar(&reset, "reset", false, "delete the dev chain in the home and start a new one")
	config.RegisterFlags(cmd.Flags())
	return cmd
}

// rpcURL describes the CometBFT RPC address for people.
func rpcURL(addr string) string {
	if addr == "" {
		return "disabled"
	}
	return "http://" + addr
}
