// Command stegos-attack replays the attacks of issue 9 against a running
// stegosd dev node, over its CometBFT RPC and its wallet API, and prints
// per attack what it did, the node's answer and PASS (defended) or FAIL
// (the attack worked). It exits with status 1 if any attack worked, 2 if
// one could not be carried out.
//
//	go build -o /tmp/bin/ ./cmd/stegosd ./cmd/stegos-attack
//	/tmp/bin/stegosd dev --reset --home /tmp/attack-dev > /tmp/attack-dev.log 2>&1 &
//	/tmp/bin/stegos-attack --home /tmp/attack-dev          # every attack
//	/tmp/bin/stegos-attack --attacks chain -n 1000
//	/tmp/bin/stegos-attack flood-bench                     # blocks/s and payment latency, with and without the flood
//
// The work is done by package internal/attack.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/attack"
	"github.com/stegos-go/stegos/internal/config"
)

// Exit statuses.
const (
	exitFail  = 1 // an attack worked
	exitError = 2 // usage, setup or an attack that could not be carried out
)

// errAttacked marks the exit of a run in which an attack worked.
var errAttacked = errors.New("an attack worked")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newRoot(os.Stdout, os.Stderr).ExecuteContext(ctx)
	switch {
	case err == nil:
	case errors.Is(err, errAttacked):
		stop()
		os.Exit(exitFail)
	default:
		fmt.Fprintln(os.Stderr, "stegos-attack:", err)
		stop()
		os.Exit(exitError)
	}
}

// errIncomplete marks the exit of a run in which an attack could not be
// carried out.
var errIncomplete = errors.New("an attack could not be carried out")

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	var cfg attack.Config
	var home string
	var verbose, list bool
	root := &cobra.Command{
		Use:   "stegos-attack",
		Short: "Replay the attacks of issue 9 against a running stegosd dev node",
		Long: `Replay the attacks of issue 9 against a running stegosd dev node and print,
per attack, what it did, the node's answer and PASS (defended) or FAIL (the
attack worked). The chain attacks fund a fresh account with one payment from a
genesis output of a public demo account (--account; never a stake output).
Exit status: 0 all defended, 1 an attack worked, 2 an attack could not be run.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if list {
				fmt.Fprintln(stdout, strings.Join(attack.Attacks(), "\n"))
				return nil
			}
			if cfg.Account == 0 {
				return errors.New("--account 0 is the dev wallet's demo account, which owns the validators' stakes: use 1-3")
			}
			cfg.Log = newLogger(stderr, verbose)
			if cfg.TokenFile == "" && home != "" {
				cfg.TokenFile = filepath.Join(home, api.TokenFile)
			}
			rs, err := attack.Run(cmd.Context(), cfg)
			if len(rs) > 0 || err == nil {
				if perr := attack.Print(stdout, rs); perr != nil {
					return perr
				}
			}
			switch {
			case err != nil:
				return err
			case attack.Failed(rs):
				return errAttacked
			case attack.Errored(rs):
				return errIncomplete
			}
			return nil
		},
	}
	f := root.Flags()
	f.StringVar(&cfg.RPC, "rpc", "http://127.0.0.1:26657", "CometBFT RPC address of the node")
	f.StringVar(&cfg.API, "api", "http://"+api.DefaultAddr, "wallet JSON-RPC API address")
	f.StringVar(&home, "home", defaultDevHome(), "home of the dev node (for its api.token)")
	f.StringVar(&cfg.TokenFile, "token-file", "", "API token file (default <home>/api.token)")
	f.IntVarP(&cfg.N, "n", "n", 200, "transactions in each flood of item 1")
	f.Uint32Var(&cfg.Account, "account", attack.DefaultAccount, "demo account (genesis.DemoKeys) whose genesis output funds the attacker; 1-3 on a dev chain (0 is the dev wallet's own)")
	f.StringSliceVar(&cfg.Attacks, "attacks", []string{"all"}, "attacks or groups to run: all, chain, api, or names from --list")
	f.IntVar(&cfg.IdleConns, "idle-conns", 150, "idle unauthenticated WebSockets of api-ws")
	f.IntVar(&cfg.RateCalls, "rate-calls", 400, "calls of api-rate over fresh connections")
	f.IntVar(&cfg.UnlockCalls, "unlock-calls", 16, "concurrent wallet.unlock calls of api-unlock")
	f.StringVar(&cfg.WalletAccount, "wallet-account", "", "wallet account of the api attacks (default: the first, demo)")
	f.BoolVar(&list, "list", false, "list the attacks and exit")
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log progress to stderr")
	root.AddCommand(newBenchCommand(stdout, stderr, &verbose))
	return root
}

func newBenchCommand(stdout, stderr io.Writer, verbose *bool) *cobra.Command {
	var cfg attack.BenchConfig
	cmd := &cobra.Command{
		Use:   "flood-bench",
		Short: "Measure blocks/s and honest payment latency without and with the mempool flood",
		Long: `Measure, on a running node, block production (blocks/s, longest gap) and the
latency of honest payments (submit → in a block) in three runs: alone; while
one flood of issue 9 item 1 (--n spends of one coin with broken range proofs
and --n valid conflicting spends of another) is sent as fast as the RPC takes
it; and while such floods, with fresh bytes each time, follow one another for
the whole run. Prints a Markdown table; the node's CPU time comes from /proc.
Each run of the command spends one genesis output of each demo account it uses.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Account == 0 || cfg.HonestAccount == 0 {
				return errors.New("demo account 0 is the dev wallet's, which owns the validators' stakes: use 1-3")
			}
			cfg.Log = newLogger(stderr, *verbose)
			rep, err := attack.FloodBench(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			return rep.Print(stdout)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.RPC, "rpc", "http://127.0.0.1:26657", "CometBFT RPC address of the node")
	f.IntVarP(&cfg.N, "n", "n", 1000, "spends in each half of the flood")
	f.IntVar(&cfg.Payments, "payments", 20, "honest payments per run")
	f.DurationVar(&cfg.Interval, "interval", 250*time.Millisecond, "pause between honest payments")
	f.DurationVar(&cfg.Window, "window", 20*time.Second, "shortest length of a run")
	f.Uint32Var(&cfg.HonestAccount, "honest-account", 2, "demo account that funds the honest payer")
	f.Uint32Var(&cfg.Account, "account", attack.DefaultAccount, "demo account that funds the attacker")
	f.IntVar(&cfg.NodePID, "node-pid", 0, "node process id for its CPU time (default: the process listening on the RPC port)")
	return cmd
}

// defaultDevHome is the home `stegosd dev` uses by default, or "".
func defaultDevHome() string {
	h, err := config.DefaultHome(os.LookupEnv, os.UserHomeDir)
	if err != nil {
		return ""
	}
	return filepath.Join(h, "dev")
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	if !verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
