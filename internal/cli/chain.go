package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// statusResult is the --json output of status.
type statusResult struct {
	Node *api.NodeStatus `json:"node"`
	// Sync is null when there is no account yet.
	Sync *api.SyncStatus `json:"sync"`
}

func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show the node's status and how far the account has scanned",
		Long: `Show the node's status and how far the account has scanned. With --json the
output is {"node":NodeStatus,"sync":SyncStatus}, with "sync" null when
there is no account yet.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var res statusResult
			err := a.do(ctx, func(ctx context.Context, c *client.Client) error {
				var err error
				res.Node, err = c.NodeStatus(ctx)
				return err
			})
			if err != nil {
				return err
			}
			err = a.do(ctx, func(ctx context.Context, c *client.Client) error {
				var err error
				res.Sync, err = c.SyncStatus(ctx, a.account)
				return err
			})
			if err != nil && (a.account != "" || !client.IsCode(err, api.CodeAccountNotFound)) {
				return err
			}
			if a.json {
				return a.printJSON(res)
			}
			return a.printStatus(res)
		},
	}
}

func (a *app) printStatus(res statusResult) error {
	n := res.Node
	t := a.table()
	row(t, "Network", fmt.Sprintf("%s (chain %s)", sanitize(n.Network), sanitize(n.ChainID)))
	row(t, "Height", fmt.Sprint(n.Height))
	row(t, "Latest block", fmt.Sprintf("%s at %s", n.BlockHash, a.formatTime(n.BlockTime)))
	row(t, "Catching up", yesNo(n.CatchingUp))
	row(t, "Peers", fmt.Sprint(n.Peers))
	row(t, "Supply", formatSTG(n.Supply))
	row(t, "Version", sanitize(n.Version))
	if res.Sync == nil {
		row(t, "Account", "none yet: create one with `stegos account create NAME`")
	} else {
		row(t, "Account", fmt.Sprintf("%s: %s", sanitize(res.Sync.Account), syncText(*res.Sync)))
	}
	return t.Flush()
}

// syncText describes a scan state for people.
func syncText(s api.SyncStatus) string {
	switch {
	case s.Synced:
		return fmt.Sprintf("synced at block %d", s.ScannedHeight)
	case s.Reason != "":
		return fmt.Sprintf("%s (%s), %s", sanitize(s.State), sanitize(s.Reason), progressText(s))
	}
	return fmt.Sprintf("%s, %s", sanitize(s.State), progressText(s))
}

func (a *app) txCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "tx TXID",
		Short: "Show a transaction on the chain",
		Args:  exactArgs("TXID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			tx, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.Tx, error) {
				return c.Tx(ctx, strings.TrimSpace(args[0]))
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(tx)
			}
			t := a.table()
			row(t, "Transaction", tx.ID)
			row(t, "Block", fmt.Sprintf("%d, position %d, at %s", tx.Height, tx.Index, a.formatTime(tx.Time)))
			row(t, "Confirmations", fmt.Sprint(tx.Confirmations))
			row(t, "Fee", formatSTG(tx.Fee))
			row(t, "Size", fmt.Sprintf("%d bytes", tx.Size))
			row(t, "Inputs", fmt.Sprint(len(tx.Inputs)))
			row(t, "Outputs", fmt.Sprint(len(tx.Outputs)))
			if err := t.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(a.env.Stdout)
			t = a.table()
			if len(tx.Inputs) > 0 {
				row(t, "INPUT")
				for _, in := range tx.Inputs {
					row(t, in)
				}
				row(t, "")
			}
			row(t, "OUTPUT", "KIND", "AMOUNT")
			for _, o := range tx.Outputs {
				amount := "hidden"
				if o.Amount != nil {
					amount = formatSTG(*o.Amount)
				}
				row(t, o.ID, sanitize(o.Kind), amount)
			}
			return t.Flush()
		},
	}
}

func (a *app) blockCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "block [HEIGHT]",
		Short: "Show a block (default: the latest)",
		Args:  rangeArgs(nil, []string{"HEIGHT"}),
		RunE: func(cmd *cobra.Command, args []string) error {
			var height int64
			if len(args) == 1 {
				h, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || h < 1 {
					return usagef("invalid block height %q: it must be a whole number from 1", args[0])
				}
				height = h
			}
			b, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.Block, error) {
				return c.Block(ctx, height)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(b)
			}
			t := a.table()
			row(t, "Block", fmt.Sprint(b.Height))
			row(t, "Hash", b.Hash)
			row(t, "Time", a.formatTime(b.Time))
			row(t, "Proposer", sanitize(b.Proposer))
			row(t, "Transactions", fmt.Sprint(len(b.Txs)))
			if err := t.Flush(); err != nil {
				return err
			}
			if len(b.Txs) == 0 {
				return nil
			}
			fmt.Fprintln(a.env.Stdout)
			t = a.table()
			row(t, "TXID", "FEE", "INPUTS", "OUTPUTS", "SIZE")
			for _, tx := range b.Txs {
				row(t, tx.ID, formatSTG(tx.Fee), fmt.Sprint(len(tx.Inputs)), fmt.Sprint(len(tx.Outputs)), fmt.Sprint(tx.Size))
			}
			return t.Flush()
		},
	}
}
