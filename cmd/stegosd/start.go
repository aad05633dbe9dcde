package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

func newStartCommand(e env) *cobra.Command {
	var stateSync bool
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the node in an initialized home",
		Long: `Run the node in an initialized home (see 'stegosd init') until SIGINT or
SIGTERM. Settings come from <home>/stegos.toml, overridden by STEGOS_*
environment variables, overridden by the flags below.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, "")
			if err != nil {
				return err
			}
			cfg, err := loadConfig(cmd, e, home)
			if err != nil {
				return err
			}
			if stateSync {
				cfg.StateSync.Enable = true
				if len(cfg.StateSync.RPCServers) == 0 {
					return fmt.Errorf("--state-sync needs statesync.rpc_servers (--statesync-rpc-servers or %s): the RPC address of a node of the network", "STEGOS_STATESYNC_RPC_SERVERS")
				}
			}
			logger := newLogger(e.stderr, cfg.Log)
			warnUnknownEnv(logger, e)
			logger.Info("starting stegosd", "home", home, "chain", cfg.Node.Chain, "config", config.FilePath(home))
			return runNode(cmd.Context(), home, cfg, logger, false)
		},
	}
	config.RegisterFlags(cmd.Flags())
	cmd.Flags().BoolVar(&stateSync, "state-sync", false, "join from a snapshot served by the network (statesync.enable; needs --statesync-rpc-servers), see docs/operations.md")
	return cmd
}

// loadConfig loads <home>/stegos.toml with the environment and the command's
// flags on top.
func loadConfig(cmd *cobra.Command, e env, home string) (*config.Config, error) {
	return config.Load(config.Options{
		Home:        home,
		RequireFile: true,
		LookupEnv:   e.lookupEnv,
		Flags:       cmd.Flags(),
	})
}

// warnUnknownEnv warns about STEGOS_* variables stegosd does not read.
func warnUnknownEnv(logger *slog.Logger, e env) {
	for _, name := range config.UnknownEnv(e.environ()) {
		logger.Warn("ignoring unknown environment variable", "name", name)
	}
}

// runNode runs the node of home until ctx is done.
// dev adds and unlocks the demo account in the wallet.
func runNode(ctx context.Context, home string, cfg *config.Config, logger *slog.Logger, dev bool) error {
	if err := node.CheckHome(home); err != nil {
		return explain(home, err)
	}
	n, err := chainnode.Open(chainnode.FromConfig(home, cfg, logger))
	if err != nil {
		return explain(home, err)
	}
	if err := n.Start(ctx); err != nil {
		return errors.Join(explain(home, err), n.Stop())
	}
	web := webOptions{off: !cfg.API.Web, listen: cfg.API.WebListen, query: n.Client()}
	svc, err := startAPIWeb(ctx, home, cfg.API.Listen, chainsrc.NewComet(n.Client(), n.ChainID()), logger, dev, web)
	if err != nil {
		return errors.Join(err, n.Stop())
	}
	<-ctx.Done()
	logger.Info("shutting down", "reason", context.Cause(ctx))
	// The wallet reads through the node: stop it first.
	return errors.Join(svc.stop(), n.Stop())
}

// explain adds what to do about the common ways a home fails to open.
func explain(home string, err error) error {
	switch {
	case errors.Is(err, node.ErrHomeLocked):
		return fmt.Errorf("%w (is another stegosd running with --home %s?)", err, home)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w (is %s initialized? see 'stegosd init')", err, home)
	case errors.Is(err, node.ErrGenesisMismatch):
		return fmt.Errorf("%w (a dev chain starts afresh with 'stegosd dev --reset')", err)
	}
	return err
}
