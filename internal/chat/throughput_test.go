package chat

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// TestThroughput measures the chat messages per second one node sustains:
// senders (each its own wallet, bus and chat, with coins coins) send msgs
// texts each to one recipient as fast as chat.send returns, on a node with
// one-second blocks (the dev chain's); the rate counts from the first send
// to the recipient's last message. Run with STEGOS_CHAT_THROUGHPUT=1
// (STEGOS_CHAT_SENDERS=n for other than 4 senders; docs/benchmarks.md).
func TestThroughput(t *testing.T) {
	if os.Getenv("STEGOS_CHAT_THROUGHPUT") == "" {
		t.Skip("set STEGOS_CHAT_THROUGHPUT=1 to measure")
	}
	const coins, msgs = 120, 100
	senders := 4
	if n, err := strconv.Atoi(os.Getenv("STEGOS_CHAT_SENDERS")); err == nil && n > 0 {
		senders = n
	}
	var allocs []genesis.Allocation
	for i := range senders + 1 {
		k, _, _, err := accountKeys(userSecret(i))
		if err != nil {
			t.Fatal(err)
		}
		allocs = append(allocs, genesis.Allocation{To: k.Address(), Amount: coins * 1000 * ledger.STG, Outputs: coins})
	}
	node := testnode.Start(t, testnode.Options{Allocations: allocs, BlockInterval: time.Second})
	cn := &chatNet{t: t, node: node}
	recipient := cn.user(senders, "recipient")
	us := make([]*user, senders)
	for i := range us {
		us[i] = cn.user(i, fmt.Sprintf("s%d", i))
	}
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	var sendDone sync.Map
	for _, u := range us {
		wg.Go(func() {
			for j := range msgs {
				if _, err := u.c.Send(ctx, api.ChatSendParams{Account: u.name, To: recipient.acct.Address, Text: fmt.Sprintf("%s %d", u.name, j)}); err != nil {
					t.Errorf("%s: %v", u.name, err)
					return
				}
			}
			sendDone.Store(u.name, time.Since(start))
		})
	}
	wg.Wait()
	submitted := time.Since(start)
	total := senders * msgs
	eventually(t, "all received", func() error {
		n := 0
		for _, u := range us {
			ms, err := recipient.c.History(api.ChatHistoryParams{Account: "recipient", With: u.acct.Address, Limit: msgs})
			if err != nil {
				return err
			}
			n += len(ms)
		}
		if n < total {
			return fmt.Errorf("%d of %d", n, total)
		}
		return nil
	})
	received := time.Since(start)
	t.Logf("%d texts from %d senders: submitted in %v (%.0f/s), all received in %v: %.1f messages/s end to end",
		total, senders, submitted.Round(time.Millisecond), float64(total)/submitted.Seconds(), received.Round(time.Millisecond), float64(total)/received.Seconds())
	delivered := 0
	eventually(t, "receipts", func() error {
		delivered = 0
		for _, u := range us {
			ms, err := u.c.History(api.ChatHistoryParams{Account: u.name, With: recipient.acct.Address, Limit: msgs})
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.Status == api.ChatStatusDelivered {
					delivered++
				}
			}
		}
		if delivered < total {
			return fmt.Errorf("%d of %d delivered", delivered, total)
		}
		return nil
	})
	t.Logf("all %d receipts back after %v", total, time.Since(start).Round(time.Millisecond))
}
