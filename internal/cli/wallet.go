package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/skip2/go-qrcode"
	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

func (a *app) addressCommand() *cobra.Command {
	var noQR bool
	cmd := &cobra.Command{
		Use:        "address",
		SuggestFor: []string{"receive", "addr"},
		Short:      "Show the account's address, with a QR code on a terminal",
		Long: `Show the address to receive payments at. On a terminal a QR code follows it
(--no-qr leaves it out); when stdout is not a terminal only the address is
printed, so $(stegos address) works in scripts.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.AddressResult, error) {
				return c.Address(ctx, a.account)
			})
			if err != nil {
				return err
			}
			if res.Address == "" {
				// Locked since the node started: the address is sealed
				// with the account's other records (ADR 0017). Fail as
				// the API fails for a locked account, not with an empty
				// line $(stegos address) would pass on.
				return &api.Error{Code: api.CodeLocked, Message: "the address of a locked account is encrypted until it is unlocked"}
			}
			if a.json {
				return a.printJSON(res)
			}
			addr := sanitize(res.Address)
			fmt.Fprintln(a.env.Stdout, addr)
			if noQR || !a.env.StdoutTerminal {
				return nil
			}
			q, err := qrcode.New(addr, qrcode.Medium)
			if err != nil {
				return fmt.Errorf("QR code: %w", err)
			}
			fmt.Fprint(a.env.Stdout, q.ToSmallString(false))
			return nil
		},
	}
	cmd.Flags().BoolVar(&noQR, "no-qr", false, "do not print a QR code")
	return cmd
}

func (a *app) balanceCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "balance",
		Short: "Show the available, pending and locked funds",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.Balance, error) {
				return c.Balance(ctx, a.account)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(b)
			}
			t := a.table()
			row(t, "Account", sanitize(b.Account))
			row(t, "Available", formatSTG(b.Available), "can be spent now")
			row(t, "Pending", formatSTG(b.Pending), "on its way in, not yet in a block")
			row(t, "Locked", formatSTG(b.Locked), "reserved by pending payments")
			if b.Staked > 0 {
				row(t, "Staked", formatSTG(b.Staked), "bonded to validators")
			}
			row(t, "Scanned", fmt.Sprintf("block %d", b.ScannedHeight))
			return t.Flush()
		},
	}
}

func (a *app) feeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "fee AMOUNT",
		Short: "Show the fee a payment of AMOUNT STG would pay now",
		Args:  exactArgs("AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := ParseAmount(args[0])
			if err != nil {
				return usageError{err}
			}
			if amount == 0 {
				return usagef("the amount must be more than 0")
			}
			res, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.FeeEstimate, error) {
				return c.EstimateFee(ctx, api.EstimateFeeParams{Account: a.account, Amount: amount})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(res)
			}
			fmt.Fprintf(a.env.Stdout, "Paying %s costs a fee of %s (%d inputs, %d outputs, %d bytes).\n",
				formatSTG(res.Amount), formatSTG(res.Fee), res.Inputs, res.Outputs, res.Size)
			return nil
		},
	}
}

func (a *app) payCommand() *cobra.Command {
	var memo string
	var f txFlags
	cmd := &cobra.Command{
		Use:        "pay ADDRESS AMOUNT",
		SuggestFor: []string{"send", "transfer"},
		Short:      "Send AMOUNT STG to ADDRESS",
		Long: `Send AMOUNT STG (up to 6 decimals, like 1.5 or 0.000001) to ADDRESS, with an
optional memo only the recipient can read. The fee defaults to the minimum.
With --wait the command returns when the payment is in a block.`,
		Args: exactArgs("ADDRESS", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.SendParams{Account: a.account, To: strings.TrimSpace(args[0]), Memo: memo}
			var err error
			if p.Amount, err = ParseAmount(args[1]); err != nil {
				return usageError{err}
			}
			if p.Amount == 0 {
				return usagef("the amount must be more than 0")
			}
			if p.Fee, err = f.feeAmount(); err != nil {
				return err
			}
			return a.submit(cmd.Context(), &f, func(ctx context.Context, c *client.Client) (*api.SendResult, error) { return c.Send(ctx, p) }, func(r *api.SendResult) string {
				return fmt.Sprintf("Sent %s to %s", formatSTG(r.Amount), sanitize(p.To))
			})
		},
	}
	cmd.Flags().StringVar(&memo, "memo", "", "memo for the recipient")
	f.register(cmd, true)
	return cmd
}

func (a *app) historyCommand() *cobra.Command {
	var limit, offset int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the account's transactions, the most recent first",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 || offset < 0 {
				return usagef("--limit and --offset cannot be negative")
			}
			hist, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.HistoryEntry, error) {
				return c.History(ctx, api.HistoryParams{Account: a.account, Limit: limit, Offset: offset})
			})
			if err != nil {
				return err
			}
			if a.json {
				if hist == nil {
					hist = []api.HistoryEntry{}
				}
				return a.printJSON(hist)
			}
			if len(hist) == 0 {
				fmt.Fprintln(a.env.Stdout, "No transactions.")
				return nil
			}
			return a.printHistory(hist)
		},
	}
	cmd.Flags().IntVarP(&limit, "limit", "n", 20, "show at most this many transactions (0: the API's default)")
	cmd.Flags().IntVar(&offset, "offset", 0, "skip this many of the most recent transactions")
	return cmd
}

func (a *app) printHistory(hist []api.HistoryEntry) error {
	t := a.table()
	row(t, "TIME", "DIR", "AMOUNT", "FEE", "STATUS", "CONF", "MEMO", "TXID")
	for _, e := range hist {
		fee, conf := "-", "-"
		if e.Fee > 0 {
			fee = FormatAmount(e.Fee)
		}
		if e.Status == api.StatusConfirmed {
			conf = fmt.Sprint(e.Confirmations)
		}
		status := sanitize(e.Status)
		if e.Reason != "" {
			status += " (" + sanitize(e.Reason) + ")"
		}
		dir := e.Direction
		if e.Kind != "" {
			dir = e.Kind // stake, unstake, withdraw, unjail
		}
		row(t, a.formatTime(e.Time), sanitize(dir), signedAmount(e), fee, status, conf, memos(e), e.TxID)
	}
	return t.Flush()
}

// signedAmount is what an entry moved: + for received, - for sent.
func signedAmount(e api.HistoryEntry) string {
	switch {
	case e.Received > 0 && e.Sent == 0:
		return "+" + FormatAmount(e.Received)
	case e.Sent > 0 && e.Received == 0:
		return "-" + FormatAmount(e.Sent)
	case e.Sent == 0 && e.Received == 0:
		return "0"
	}
	return "+" + FormatAmount(e.Received) + " -" + FormatAmount(e.Sent)
}

// memos joins the distinct memos of an entry's payments.
func memos(e api.HistoryEntry) string {
	var out []string
	for _, p := range e.Payments {
		m := sanitize(p.Memo)
		if m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, "; ")
}

func (a *app) proofCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "proof",
		Short: "Create and verify payment proofs",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRun,
	}
	cmd.AddCommand(a.proofCreateCommand(), a.proofVerifyCommand())
	return cmd
}

func (a *app) proofCreateCommand() *cobra.Command {
	var index uint32
	cmd := &cobra.Command{
		Use:   "create TXID",
		Short: "Prove that a payment of this account reached its recipient",
		Long: `Create a proof that output --index (default: the first payment) of transaction
TXID, sent by this account, paid its amount and memo to its recipient.
Anyone can check it with 'stegos proof verify'. The proof is the last line.`,
		Args: exactArgs("TXID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.PaymentProofParams{Account: a.account, TxID: strings.TrimSpace(args[0])}
			if cmd.Flags().Changed("index") {
				p.Index = &index
			}
			pr, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.PaymentProof, error) {
				return c.PaymentProof(ctx, p)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(pr)
			}
			fmt.Fprintf(a.env.Stdout, "Payment of %s to %s\nin transaction %s, output %d%s.\nProof:\n%s\n",
				formatSTG(pr.Amount), sanitize(pr.Address), pr.TxID, pr.Index, memoSuffix(pr.Memo), sanitize(pr.Proof))
			return nil
		},
	}
	cmd.Flags().Uint32Var(&index, "index", 0, "output index to prove (default: the first payment)")
	return cmd
}

func memoSuffix(m string) string {
	if m == "" {
		return ""
	}
	return fmt.Sprintf(", memo %q", sanitize(m))
}

func (a *app) proofVerifyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "verify PROOF",
		Short: "Check a payment proof (PROOF - reads it from stdin)",
		Args:  exactArgs("PROOF"),
		RunE: func(cmd *cobra.Command, args []string) error {
			proof := args[0]
			if proof == "-" {
				b, err := io.ReadAll(a.in)
				if err != nil {
					return fmt.Errorf("read the proof from stdin: %w", err)
				}
				proof = string(b)
			}
			proof = strings.TrimSpace(proof)
			if proof == "" {
				return usagef("the proof is empty")
			}
			chk, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.PaymentProofCheck, error) {
				return c.VerifyPaymentProof(ctx, proof)
			})
			if err != nil {
				return err
			}
			if !chk.Valid {
				return &api.Error{Code: api.CodeInvalidProof, Message: "the payment proof is not valid"}
			}
			if a.json {
				return a.printJSON(chk)
			}
			fmt.Fprintf(a.env.Stdout, "Valid: %s went to %s\nin transaction %s, output %d%s,\nconfirmed in block %d (%s).\n",
				formatSTG(chk.Amount), sanitize(chk.Address), chk.TxID, chk.Index, memoSuffix(chk.Memo), chk.Height,
				plural(chk.Confirmations, "confirmation"))
			return nil
		},
	}
}
