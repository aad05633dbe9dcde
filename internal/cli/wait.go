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

// Scan states of api.SyncStatus.State that waiting cares about.
const stateLocked = "locked"

// historyWindow is how many recent history entries waitConfirmed searches
// for its transaction.
const historyWindow = 100

func (a *app) waitSyncCommand() *cobra.Command {
	var maxWait time.Duration
	cmd := &cobra.Command{
		Use:        "wait-sync",
		SuggestFor: []string{"sync"},
		Short:      "Wait until the account has scanned the latest block",
		Long: `Wait until the account has scanned the latest block, showing the progress
on stderr. Handy in scripts before 'balance' or 'pay'. It fails at once if
the account is locked, since a locked account does not scan.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.waitSynced(cmd.Context(), a.account, a.accountLabel(), maxWait)
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(s)
			}
			fmt.Fprintf(a.env.Stdout, "%s is synced at block %d.\n", capitalize(a.accountLabel()), s.ScannedHeight)
			return nil
		},
	}
	cmd.Flags().DurationVar(&maxWait, "max-wait", 0, "give up after this long (0: wait until synced or interrupted)")
	return cmd
}

// waitSynced polls wallet.syncStatus of account until it is synced,
// showing the progress on stderr. label names the account in messages.
func (a *app) waitSynced(ctx context.Context, account, label string, maxWait time.Duration) (*api.SyncStatus, error) {
	wctx, cancel := withMaxWait(ctx, maxWait)
	defer cancel()
	p := a.newProgress()
	defer p.end()
	for {
		s, err := doResult(wctx, a, func(ctx context.Context, c *client.Client) (*api.SyncStatus, error) {
			return c.SyncStatus(ctx, account)
		})
		switch {
		case err != nil && wctx.Err() != nil && ctx.Err() == nil:
			return nil, fmt.Errorf("%s is not synced after %v", label, maxWait)
		case err != nil:
			return nil, err
		case s.Synced:
			return s, nil
		case s.State == stateLocked:
			return nil, fmt.Errorf("%s is locked and does not scan while locked: run `stegos %saccount unlock`", label, a.accountFlag())
		}
		p.show(fmt.Sprintf("Scanning: %s", syncText(*s)))
		if err := a.sleep(wctx); err != nil {
			if ctx.Err() == nil {
				return nil, fmt.Errorf("%s is not synced after %v (%s)", label, maxWait, progressText(*s))
			}
			return nil, err
		}
	}
}

// waitConfirmed polls wallet.history until transaction txID is confirmed
// or has failed.
func (a *app) waitConfirmed(ctx context.Context, txID string, maxWait time.Duration) (*api.HistoryEntry, error) {
	wctx, cancel := withMaxWait(ctx, maxWait)
	defer cancel()
	p := a.newProgress()
	defer p.end()
	for {
		hist, err := doResult(wctx, a, func(ctx context.Context, c *client.Client) ([]api.HistoryEntry, error) {
			return c.History(ctx, api.HistoryParams{Account: a.account, Limit: historyWindow})
		})
		if err != nil {
			if wctx.Err() != nil && ctx.Err() == nil {
				return nil, fmt.Errorf("transaction %s is not confirmed after %v", txID, maxWait)
			}
			return nil, err
		}
		status := api.StatusPending
		for i := range hist {
			e := &hist[i]
			if e.TxID != txID {
				continue
			}
			switch e.Status {
			case api.StatusConfirmed:
				return e, nil
			case api.StatusFailed:
				return nil, fmt.Errorf("transaction %s failed: %s", txID, sanitize(e.Reason))
			}
			status = e.Status
			if e.Reason != "" {
				status += " (" + sanitize(e.Reason) + ")"
			}
		}
		p.show("Waiting for confirmation: " + sanitize(status))
		if err := a.sleep(wctx); err != nil {
			if ctx.Err() == nil {
				return nil, fmt.Errorf("transaction %s is not confirmed after %v", txID, maxWait)
			}
			return nil, err
		}
	}
}

func withMaxWait(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// sleep waits one poll interval, or until ctx ends.
func (a *app) sleep(ctx context.Context) error {
	t := time.NewTimer(a.env.PollInterval)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// progress shows a changing status line on stderr: rewritten in place on
// a terminal, else printed when it changes, at most every progressEvery.
type progress struct {
	a        *app
	last     string
	lastTime time.Time
	width    int
}

const progressEvery = 10 * time.Second

func (a *app) newProgress() *progress { return &progress{a: a} }

func (p *progress) show(line string) {
	if line == p.last {
		return
	}
	e := p.a.env
	if e.StderrTerminal {
		pad := max(p.width-len(line), 0)
		fmt.Fprintf(e.Stderr, "\r%s%s", line, strings.Repeat(" ", pad))
		p.width = len(line)
		p.last = line
		return
	}
	now := e.Now()
	if p.last != "" && now.Sub(p.lastTime) < progressEvery {
		return
	}
	fmt.Fprintln(e.Stderr, line)
	p.last, p.lastTime = line, now
}

// end finishes the line on a terminal.
func (p *progress) end() {
	if p.a.env.StderrTerminal && p.width > 0 {
		fmt.Fprintln(p.a.env.Stderr)
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
