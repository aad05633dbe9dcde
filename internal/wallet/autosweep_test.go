package wallet

import (
	"context"
	"fmt"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/txbuilder"
)

// An unlocked account that only receives messages consolidates them by
// itself once it holds autoSweepAt of them: the UTXO set does not keep
// growing with its messages.
func TestAutoSweep(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	bob, _, err := w.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "bob")
	fund, err := w.Send(ctx, SendRequest{Account: "demo", To: bob.Address, Amount: 5_000_000})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "demo", fund.TxID, api.StatusConfirmed)
	before := waitBalance(t, w, "bob", func(b api.Balance) bool { return b.Available == 5_000_000 })
	to, _ := w.ParseAddress(bob.Address)
	sent := 0
	for sent < autoSweepAt {
		var packets []txbuilder.Payment
		for j := 0; j < min(15, autoSweepAt-sent); j++ {
			packets = append(packets, txbuilder.Payment{To: to, Data: true, Memo: fmt.Appendf(nil, "message %d", sent+j)})
		}
		if sent+len(packets) < autoSweepAt {
			eventually(t, "no consolidation below the threshold", func() error {
				if n := zeroOutputs(t, w, "bob"); n != sent {
					return fmt.Errorf("%d zero-value outputs, want %d", n, sent)
				}
				return nil
			})
		}
		outsiderSend(t, f, packets, -1)
		sent += len(packets)
	}
	eventually(t, "the automatic consolidation", func() error {
		if n := zeroOutputs(t, w, "bob"); n != 0 {
			return fmt.Errorf("%d zero-value outputs left", n)
		}
		return nil
	})
	after := waitBalance(t, w, "bob", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
	fee := txbuilder.MinFee(&f.node.Params, autoSweepAt+1, 2)
	if after.Available != before.Available-fee {
		t.Fatalf("available %d after the consolidation, want %d − its fee %d", after.Available, before.Available, fee)
	}
}
