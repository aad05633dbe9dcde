package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/config"
)

// walletSubdir is where a remote wallet lives under the default home.
const walletSubdir = "wallet"

func newWalletCommand(e env) *cobra.Command {
	var nodeURL, listen, logLevel string
	cmd := &cobra.Command{
		Use:   "wallet",
		Short: "Run the wallet and the API against a node elsewhere",
		Long: `Run only the wallet service and the JSON-RPC API, following a node that
runs elsewhere through its CometBFT RPC (--node). The wallet keeps its own
keys and database in the home (default <default home>/wallet), and the
API token in <home>/api.token. Keys never leave this process: the remote
node sees the transactions the wallet sends, as every node does.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, walletSubdir)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(home, 0o700); err != nil {
				return err
			}
			logger := newLogger(e.stderr, config.LogSection{Level: logLevel, Format: "text"})
			ctx := cmd.Context()
			src, err := chainsrc.DialComet(ctx, nodeURL)
			if err != nil {
				return fmt.Errorf("%w (is the node at %s running with its RPC enabled?)", err, nodeURL)
			}
			logger.Info("wallet following a remote node", "node", nodeURL, "chain_id", src.ChainID(), "home", home)
			svc, err := startAPI(ctx, home, listen, src, logger, false)
			if err != nil {
				return err
			}
			<-ctx.Done()
			logger.Info("shutting down", "reason", context.Cause(ctx))
			return errors.Join(svc.stop())
		},
	}
	cmd.Flags().StringVar(&nodeURL, "node", "http://127.0.0.1:26657", "CometBFT RPC URL of the node to follow")
	cmd.Flags().StringVar(&listen, "api-listen", api.DefaultAddr, "address of the JSON-RPC API (loopback by default)")
	cmd.Flags().StringVar(&logLevel, "log-level", "info", "trace, debug, info, warn or error")
	return cmd
}
