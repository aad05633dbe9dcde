package main

import (
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/chainnode"
)

func newAuditCommand(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check a stopped node's ledger: Merkle root and supply invariant recomputed from every output",
		Long: `audit reads every unspent output of the ledger state in --home, recomputes
the sum of their commitments and the Merkle root, and checks both against the
committed metadata and the supply invariant Σ C(UTXO) = supply·H + Γ·G.
The node must be stopped (its database is locked while it runs).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, "")
			if err != nil {
				return err
			}
			dir := ledgerDir(home)
			if _, err := os.Stat(dir); err != nil {
				return explain(home, fmt.Errorf("ledger state %s: %w", dir, err))
			}
			st, err := chainnode.OpenState(home, slog.New(slog.DiscardHandler))
			if err != nil {
				return explain(home, err)
			}
			defer st.Close()
			rep, err := st.Audit()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "ledger %s is consistent\n", dir)
			fmt.Fprintf(e.stdout, "height        %d\n", rep.Height)
			fmt.Fprintf(e.stdout, "unspent       %d outputs\n", rep.Outputs)
			fmt.Fprintf(e.stdout, "spent ids     %d\n", rep.Spent)
			fmt.Fprintf(e.stdout, "payloads      %d kept for the retention window\n", rep.Payloads)
			fmt.Fprintf(e.stdout, "supply        %s STG\n", formatSTG(rep.Supply))
			fmt.Fprintf(e.stdout, "fees burned   %s STG\n", formatSTG(rep.Burned))
			fmt.Fprintf(e.stdout, "app hash      %s\n", hex.EncodeToString(rep.AppHash))
			return nil
		},
	}
	cmd.Flags().String("home", "", "node home directory (default: the XDG home)")
	return cmd
}

// formatSTG prints µSTG as a decimal STG amount.
func formatSTG(u uint64) string {
	return fmt.Sprintf("%d.%06d", u/1_000_000, u%1_000_000)
}
