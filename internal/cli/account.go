package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

func (a *app) accountCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "account",
		Short: "Create, recover, list, lock and delete accounts",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRun,
	}
	cmd.AddCommand(
		a.accountCreateCommand(),
		a.accountRecoverCommand(),
		a.accountImportViewCommand(),
		a.accountListCommand(),
		a.accountLockCommand(),
		a.accountUnlockCommand(),
		a.accountPasswdCommand(),
		a.accountDeleteCommand(),
		a.accountViewKeyCommand(),
	)
	return cmd
}

// ok is the --json output of commands whose API result carries nothing.
type ok struct {
	OK bool `json:"ok"`
}

// preflight checks the API answers before the user types passwords, when
// there is a user to type them.
func (a *app) preflight(ctx context.Context) error {
	if !a.env.StdinTerminal {
		return nil
	}
	return a.do(ctx, func(ctx context.Context, c *client.Client) error {
		_, err := c.NodeStatus(ctx)
		return err
	})
}

func (a *app) accountCreateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "create NAME",
		Short: "Create an account and show its recovery phrase once",
		Long: `Create an account protected by a password (asked twice on a terminal, else
$` + EnvPassword + ` or one line of stdin) and print its 24-word recovery phrase.
The phrase is shown only this once: write it down.`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the new account: ", EnvPassword)
			if err != nil {
				return err
			}
			res, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.CreateAccountResult, error) {
				return c.CreateAccount(ctx, api.CreateAccountParams{Name: args[0], Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				fmt.Fprintln(a.env.Stderr, "The result holds the account's recovery phrase: store it safely; it is not shown again.")
				return a.printJSON(res)
			}
			acct := res.Account
			fmt.Fprintf(a.env.Stdout, "Created account %s (id %s).\nAddress: %s\n\n", sanitize(acct.Name), acct.ID, sanitize(acct.Address))
			fmt.Fprint(a.env.Stdout, phraseWarning+"\n")
			return a.printPhrase(res.Phrase)
		},
	}
}

const phraseWarning = `WRITE DOWN THIS RECOVERY PHRASE, in order, and keep it offline. It is the
only way to restore the account if this wallet is lost, and anyone who sees
it can spend the account's funds. It will not be shown again.
`

// printPhrase prints the words numbered, four to a line.
func (a *app) printPhrase(phrase string) error {
	t := a.table()
	words := strings.Fields(sanitize(phrase))
	for i := 0; i < len(words); i += 4 {
		var cells []string
		for j := i; j < min(i+4, len(words)); j++ {
			cells = append(cells, fmt.Sprintf("%2d. %s", j+1, words[j]))
		}
		row(t, append([]string{" "}, cells...)...)
	}
	return t.Flush()
}

// waitFlags are the flags of commands that can wait for a scan.
type waitFlags struct {
	noWait  bool
	maxWait time.Duration
}

func (w *waitFlags) register(cmd *cobra.Command, what string) {
	cmd.Flags().BoolVar(&w.noWait, "no-wait", false, "return at once instead of waiting until "+what)
	cmd.Flags().DurationVar(&w.maxWait, "max-wait", 0, "give up waiting after this long (0: wait until done or interrupted)")
}

func (a *app) accountRecoverCommand() *cobra.Command {
	var w waitFlags
	cmd := &cobra.Command{
		Use:   "recover NAME",
		Short: "Restore an account from its 24-word recovery phrase",
		Long: `Restore an account from its recovery phrase, read from the terminal or stdin
(any spacing, line breaks or capitals; the numbers 'account create' prints
are ignored), then a new password. The account rescans the chain from the
first block; the command shows the progress until it is done, unless
--no-wait.`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			phrase, err := a.readPhrase(ctx)
			if err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the account: ", EnvPassword)
			if err != nil {
				return err
			}
			acct, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.Account, error) {
				return c.RecoverAccount(ctx, api.RecoverAccountParams{Name: args[0], Phrase: phrase, Password: pw})
			})
			if err != nil {
				return err
			}
			return a.afterImport(ctx, "Recovered", acct, w)
		},
	}
	w.register(cmd, "the account has rescanned the chain")
	return cmd
}

func (a *app) accountImportViewCommand() *cobra.Command {
	var w waitFlags
	var address, viewKey string
	cmd := &cobra.Command{
		Use:   "import-view NAME --address ADDR [--view-key HEX]",
		Short: "Import a view-only account that sees incoming payments",
		Long: `Import a view-only account from its address and secret view key (64 hex
digits). Without --view-key the key is read like a password (no echo on a
terminal, else one line of stdin), which keeps it out of the shell history.
The account scans the chain from the first block; the command waits for it
unless --no-wait.`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if address == "" {
				return usagef("--address is required")
			}
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			key := viewKey
			if key == "" {
				var err error
				if key, err = a.secret(ctx, "View key (64 hex digits): ", "view key"); err != nil {
					return err
				}
			}
			pw, err := a.newPassword(ctx, "Password for the account: ", EnvPassword)
			if err != nil {
				return err
			}
			acct, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.Account, error) {
				return c.ImportViewOnly(ctx, api.ImportViewOnlyParams{
					Name: args[0], Address: address, ViewKey: strings.TrimSpace(key), Password: pw,
				})
			})
			if err != nil {
				return err
			}
			return a.afterImport(ctx, "Imported view-only", acct, w)
		},
	}
	cmd.Flags().StringVar(&address, "address", "", "address of the account")
	cmd.Flags().StringVar(&viewKey, "view-key", "", "secret view key, 64 hex digits (default: read from the terminal or stdin)")
	w.register(cmd, "the account has scanned the chain")
	return cmd
}

// afterImport reports a recovered or imported account and waits for its
// scan unless told not to.
func (a *app) afterImport(ctx context.Context, verb string, acct *api.Account, w waitFlags) error {
	if !a.json {
		fmt.Fprintf(a.env.Stdout, "%s account %s (id %s).\nAddress: %s\n", verb, sanitize(acct.Name), acct.ID, sanitize(acct.Address))
	}
	if !w.noWait {
		ref := acct.ID
		if ref == "" {
			ref = acct.Name
		}
		s, err := a.waitSynced(ctx, ref, sanitize(acct.Name), w.maxWait)
		if err != nil {
			return err
		}
		acct.ScannedHeight = s.ScannedHeight
		if !a.json {
			fmt.Fprintf(a.env.Stdout, "The account has scanned the chain up to block %d.\n", s.ScannedHeight)
		}
	} else if !a.json {
		fmt.Fprintf(a.env.Stdout, "It is scanning the chain: follow it with `stegos --account %s wait-sync`.\n", shellQuote(acct.Name))
	}
	if a.json {
		return a.printJSON(acct)
	}
	return nil
}

func (a *app) accountListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the accounts; * marks the one commands use",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			accts, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.Account, error) {
				return c.ListAccounts(ctx)
			})
			if err != nil {
				return err
			}
			if a.json {
				if accts == nil {
					accts = []api.Account{}
				}
				return a.printJSON(accts)
			}
			if len(accts) == 0 {
				fmt.Fprintln(a.env.Stdout, "No accounts yet: create one with `stegos account create NAME`.")
				return nil
			}
			t := a.table()
			row(t, "", "NAME", "ID", "STATE", "SCANNED", "ADDRESS")
			for i, acc := range accts {
				mark := ""
				if (a.account == "" && i == 0) || a.account == acc.Name || a.account == acc.ID {
					mark = "*"
				}
				scanned, addr := fmt.Sprint(acc.ScannedHeight), sanitize(acc.Address)
				if acc.Locked && acc.Address == "" {
					// Sealed until unlocked (ADR 0017).
					scanned, addr = "-", "(encrypted until unlocked)"
				}
				row(t, mark, sanitize(acc.Name), acc.ID, accountState(acc), scanned, addr)
			}
			return t.Flush()
		},
	}
}

func accountState(acc api.Account) string {
	s := "unlocked"
	if acc.Locked {
		s = "locked"
	}
	if acc.ViewOnly {
		s += ", view-only"
	}
	return s
}

func (a *app) accountLockCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "lock",
		Short: "Lock the account: it cannot spend until unlocked (it keeps scanning)",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			acct, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.Account, error) {
				return c.Lock(ctx, a.account)
			})
			return a.doneAccount(acct, err, "Locked")
		},
	}
}

func (a *app) accountUnlockCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "unlock",
		Short: "Unlock the account with its password",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.password(ctx, "Password: ", EnvPassword)
			if err != nil {
				return err
			}
			acct, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.Account, error) {
				return c.Unlock(ctx, api.UnlockParams{Account: a.account, Password: pw})
			})
			return a.doneAccount(acct, err, "Unlocked")
		},
	}
}

func (a *app) accountViewKeyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "view-key",
		Short: "Print the account's secret view key, for a view-only wallet",
		Long: `Print the account's address and secret view key (after its password), the
two things 'stegos account import-view' needs to watch the account from
another wallet. The view key reveals every payment to the account; it
cannot spend.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.password(ctx, "Password: ", EnvPassword)
			if err != nil {
				return err
			}
			res, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ViewKeyResult, error) {
				return c.ViewKey(ctx, api.ViewKeyParams{Account: a.account, Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(res)
			}
			fmt.Fprintf(a.env.Stdout, "Address:  %s\nView key: %s\n\nAnyone with both sees every payment to this account (not spend it):\n  stegos account import-view NAME --address %s\n", sanitize(res.Address), sanitize(res.ViewKey), sanitize(res.Address))
			return nil
		},
	}
}

func (a *app) accountPasswdCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "passwd",
		Short: "Change the password of the account",
		Long: `Change the password of the account. The current password comes from the
terminal, $` + EnvPassword + ` or the first line of stdin; the new one from the
terminal (asked twice), $` + EnvNewPassword + ` or the next line of stdin.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			old, err := a.password(ctx, "Current password: ", EnvPassword)
			if err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "New password: ", EnvNewPassword)
			if err != nil {
				return err
			}
			err = a.do(ctx, func(ctx context.Context, c *client.Client) error {
				return c.ChangePassword(ctx, api.ChangePasswordParams{Account: a.account, Password: old, NewPassword: pw})
			})
			return a.done(err, "Changed the password of %s.", a.accountLabel())
		},
	}
}

// doneAccount finishes lock and unlock: the account for --json, a line
// for people.
func (a *app) doneAccount(acct *api.Account, err error, verb string) error {
	if err != nil {
		return err
	}
	if a.json {
		return a.printJSON(acct)
	}
	fmt.Fprintf(a.env.Stdout, "%s account %s (id %s).\n", verb, sanitize(acct.Name), acct.ID)
	return nil
}

// done finishes a command whose API result is just true: an error, or
// the message for people, or {"ok":true} for --json.
func (a *app) done(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	if a.json {
		return a.printJSON(ok{true})
	}
	fmt.Fprintf(a.env.Stdout, format+"\n", args...)
	return nil
}

func (a *app) accountDeleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete an account (its files move to the wallet's trash)",
		Long: `Delete an account after confirmation (type its name, or pass --yes) and its
password. The node moves the account's files to the wallet's trash
directory; it never destroys them.`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			a.account = name // for error messages
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			if !yes {
				if err := a.confirmName(ctx, "delete account "+name, name); err != nil {
					return err
				}
			}
			pw, err := a.password(ctx, "Password of "+name+": ", EnvPassword)
			if err != nil {
				return err
			}
			res, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.DeleteAccountResult, error) {
				return c.DeleteAccount(ctx, api.DeleteAccountParams{Account: name, Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(res)
			}
			fmt.Fprintf(a.env.Stdout, "Deleted account %s; its files are in %s.\n", sanitize(name), sanitize(res.Trash))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}
