package integration

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// TestChatCoinBound measures the limit coins put on one account's chat: a
// text spends a coin (its fee) and the change comes back only in the next
// block, so an account with c coins sends at most c texts a block; the
// rest wait in the chat's queue. Senders with 1, 2 and 4 coins each send a
// burst of texts to a recipient on a node with the dev chain's 1 s blocks;
// the rate is from the first send to the recipient's last text. Run with
// STEGOS_CHAT_RATE=1 (docs/benchmarks.md, "Bus and chat").
func TestChatCoinBound(t *testing.T) {
	if os.Getenv("STEGOS_CHAT_RATE") == "" {
		t.Skip("set STEGOS_CHAT_RATE=1 to measure")
	}
	coins := []int{1, 2, 4}
	const burst = 12
	var allocs []genesis.Allocation
	for i, c := range coins {
		_, k := personKeys(t, i)
		allocs = append(allocs, genesis.Allocation{To: k.Address(), Amount: uint64(c) * 1000 * ledger.STG, Outputs: c})
	}
	_, rk := personKeys(t, len(coins))
	allocs = append(allocs, genesis.Allocation{To: rk.Address(), Amount: 40 * 1000 * ledger.STG, Outputs: 40})
	n := testnode.Start(t, testnode.Options{Allocations: allocs, BlockInterval: time.Second})
	src := func() chainsrc.Source { return chainsrc.NewComet(n.Client(), n.ChainID()) }
	recipient := newPerson(t, len(coins), "recipient", &n.Params, 0, src)
	ctx := context.Background()
	for i, c := range coins {
		s := newPerson(t, i, fmt.Sprintf("sender%d", i), &n.Params, 0, src)
		h0 := n.Node.Height()
		start := time.Now()
		queued := 0
		for j := range burst {
			var m api.ChatMessage
			if err := retryBusy(t, time.Minute, func() (err error) {
				m, err = s.c.Send(ctx, api.ChatSendParams{Account: s.name, To: recipient.address(), Text: fmt.Sprintf("%d/%d", j, burst)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if m.Status == api.ChatStatusQueued {
				queued++
			}
		}
		submitted := time.Since(start)
		for j := range burst {
			recipient.waitText(3*time.Minute, s.address(), fmt.Sprintf("%d/%d", j, burst))
		}
		d := time.Since(start)
		blocks := n.Node.Height() - h0
		t.Logf("%d coin(s): %d texts (%d queued at send) submitted in %v, all received in %v over %d blocks: %.2f texts/s, %.2f per block",
			c, burst, queued, submitted.Round(time.Millisecond), d.Round(time.Millisecond), blocks, float64(burst)/d.Seconds(), float64(burst)/float64(blocks))
		s.close()
	}
}
