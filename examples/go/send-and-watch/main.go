// Command send-and-watch is the Go SDK example: it connects to a running
// stegosd, prints an account's balance, sends a payment and prints the
// balance changes until the payment is confirmed (or has failed), then
// exits.
//
//	go run ./cmd/stegosd dev                      # in another terminal
//	go run ./examples/go/send-and-watch -to dev1... -amount 1.5 -memo "hi"
//
// Amounts are in STG, as everywhere else (-amount 0.000001 is 1 µSTG).
// Without -to it prints the balance and exits; -watch keeps printing
// balance changes until Ctrl-C. It finds the API and its token as the
// stegos CLI does: -api, else $STEGOS_API, else 127.0.0.1:3145; -token-file,
// else $STEGOS_TOKEN_FILE, else the dev chain's token in the default home
// ($STEGOS_HOME/dev, else $XDG_DATA_HOME/stegos/dev, else
// ~/.local/share/stegos/dev). The account (default "demo") must be
// unlocked; stegosd dev unlocks the demo account itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.LookupEnv, os.UserHomeDir, os.Stdout, os.Stderr))
}

// run is the program: it returns the exit status (0 done, 1 failed, 2 bad
// usage).
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), userHome func() (string, error), stdout, stderr io.Writer) int {
	env := func(name, def string) string {
		if v, ok := lookupEnv(name); ok && v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("send-and-watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("api", env("STEGOS_API", client.DefaultURL), "Stegos API URL (env STEGOS_API)")
	tokenFile := fs.String("token-file", env("STEGOS_TOKEN_FILE", devTokenFile(lookupEnv, userHome)), "API token file (env STEGOS_TOKEN_FILE)")
	account := fs.String("account", env("STEGOS_ACCOUNT", "demo"), "account to pay from and watch (env STEGOS_ACCOUNT)")
	to := fs.String("to", "", "address to pay (empty: print the balance)")
	amountText := fs.String("amount", "1", "STG to pay, up to 6 decimals")
	memo := fs.String("memo", "", "memo for the recipient")
	watch := fs.Bool("watch", false, "without -to: print balance changes until Ctrl-C")
	timeout := fs.Duration("timeout", 2*time.Minute, "with -to: give up waiting for the confirmation after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	amount, err := parseSTG(*amountText)
	if err != nil {
		fmt.Fprintf(stderr, "-amount: %v\n", err)
		return 2
	}
	if *tokenFile == "" {
		fmt.Fprintln(stderr, "no home directory to find the API token in: pass -token-file")
		return 2
	}
	if err := sendAndWatch(ctx, stdout, *url, *tokenFile, *account, *to, amount, *memo, *watch, *timeout); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// devTokenFile is the dev chain's API token in the default home.
func devTokenFile(lookupEnv func(string) (string, bool), userHome func() (string, error)) string {
	if h, ok := lookupEnv("STEGOS_HOME"); ok && h != "" {
		return filepath.Join(h, "dev", api.TokenFile)
	}
	if x, ok := lookupEnv("XDG_DATA_HOME"); ok && filepath.IsAbs(x) {
		return filepath.Join(x, "stegos", "dev", api.TokenFile)
	}
	u, err := userHome()
	if err != nil || u == "" {
		return ""
	}
	return filepath.Join(u, ".local", "share", "stegos", "dev", api.TokenFile)
}

func sendAndWatch(ctx context.Context, out io.Writer, url, tokenFile, account, to string, amount uint64, memo string, watch bool, timeout time.Duration) error {
	c, err := client.Dial(ctx, url, tokenFile)
	if err != nil {
		return err
	}

	// Subscribe first, so no change is missed between the send and the watch.
	balances, err := c.SubscribeBalance(ctx)
	if err != nil {
		return err
	}
	defer balances.Close()
	statuses, err := c.SubscribeTxStatus(ctx)
	if err != nil {
		return err
	}
	defer statuses.Close()

	bal, err := c.Balance(ctx, account)
	var apiErr *api.Error
	if errors.As(err, &apiErr) && apiErr.Code == api.CodeSyncing {
		return fmt.Errorf("%s is still scanning the chain: try again in a moment", account)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %s STG available, %s pending, %s locked\n", account, formatSTG(bal.Available), formatSTG(bal.Pending), formatSTG(bal.Locked))

	var txID string
	if to != "" {
		res, err := c.Send(ctx, api.SendParams{Account: account, To: to, Amount: amount, Memo: memo})
		if err != nil {
			var funds api.InsufficientFundsData
			if client.IsCode(err, api.CodeInsufficientFunds) && client.DecodeErrorData(err, &funds) == nil {
				return fmt.Errorf("not enough funds: %s STG available, %s needed", formatSTG(funds.Available), formatSTG(funds.Needed))
			}
			return err
		}
		fmt.Fprintf(out, "sent %s STG (fee %s) in %s: %s\n", formatSTG(res.Amount), formatSTG(res.Fee), res.TxID, res.Status)
		txID = res.TxID
		if res.Status == api.StatusConfirmed {
			return nil
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
		fmt.Fprintln(out, "waiting for the confirmation")
	} else if !watch {
		return nil
	} else {
		fmt.Fprintln(out, "watching balance changes (Ctrl-C to stop)")
	}

	for {
		select {
		case ev := <-balances.Events():
			fmt.Fprintf(out, "%s: %s STG available, %s pending, %s locked at block %d\n",
				ev.Name, formatSTG(ev.Available), formatSTG(ev.Pending), formatSTG(ev.Locked), ev.ScannedHeight)
		case ev := <-statuses.Events():
			if txID == "" || ev.TxID != txID {
				continue
			}
			switch ev.Status {
			case api.StatusConfirmed:
				fmt.Fprintf(out, "confirmed in block %d\n", ev.Height)
				return nil
			case api.StatusFailed:
				return fmt.Errorf("the payment failed: %s", ev.Reason)
			default:
				fmt.Fprintf(out, "payment %s\n", ev.Status)
			}
		case <-balances.Done():
			return subscriptionEnded(ctx, balances.Err(), txID != "")
		case <-statuses.Done():
			return subscriptionEnded(ctx, statuses.Err(), txID != "")
		}
	}
}

// subscriptionEnded explains why watching stopped: Ctrl-C while only
// watching is no error; giving up on a payment is.
func subscriptionEnded(ctx context.Context, err error, paying bool) error {
	switch {
	case paying && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return errors.New("no confirmation before -timeout: the payment may still confirm (see 'stegos history')")
	case ctx.Err() != nil && !paying:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("stopped before the confirmation: %w", ctx.Err())
	case err != nil:
		return err
	}
	return errors.New("the API closed the subscription")
}

// parseSTG parses a decimal STG amount ("1.5", "0.000001") into µSTG.
func parseSTG(s string) (uint64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" && frac == "" {
		return 0, errors.New("empty amount: write it in STG, like 1.5")
	}
	if len(frac) > 6 {
		return 0, fmt.Errorf("%q: STG has at most 6 decimal places", s)
	}
	for _, part := range []string{whole, frac} {
		if strings.Trim(part, "0123456789") != "" {
			return 0, fmt.Errorf("%q is not an amount in STG, like 1.5", s)
		}
	}
	w, err := strconv.ParseUint("0"+whole, 10, 64)
	if err != nil || w > (1<<53-1)/1_000_000 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	f, _ := strconv.ParseUint((frac + "000000")[:6], 10, 64)
	return w*1_000_000 + f, nil
}

// formatSTG prints µSTG as STG.
func formatSTG(micro uint64) string {
	s := fmt.Sprintf("%d.%06d", micro/1_000_000, micro%1_000_000)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
