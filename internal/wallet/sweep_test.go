package wallet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// keysOf returns an unlocked account's keys.
func keysOf(t *testing.T, w *Service, ref string) *stealth.Keys {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.lookup(ref)
	if err != nil || a.sec == nil {
		t.Fatalf("keys of %s: %v", ref, err)
	}
	return a.sec.keys
}

// shapeOf describes what an observer sees of a transaction, and what its
// outputs' owners (keys) read in them, minus the number of inputs and
// outputs: the kinds of its outputs, whether it carries an operation,
// whether its fee is the minimum for its size, and the payload types
// (with the sender's notes counted apart).
func shapeOf(t *testing.T, p *params.Params, tx *ledger.Tx, keys ...*stealth.Keys) string {
	t.Helper()
	var kinds []string
	notes := 0
	for i, o := range tx.Outputs {
		c, ok := o.(*ledger.ConfidentialOutput)
		if !ok || c.Payload == nil {
			kinds = append(kinds, fmt.Sprintf("%T", o))
			continue
		}
		kind := "not ours"
		for _, k := range keys {
			rc, mine, err := txbuilder.Receive(k, o, uint32(i))
			if err != nil || !mine {
				continue
			}
			switch {
			case rc.Payload == nil:
				kind = "payload does not open"
			case rc.Payload.Type != payload.TypePayment:
				kind = fmt.Sprint(rc.Payload.Type)
			default:
				kind = "payment"
				if _, err := decodeNote(rc.Payload.Data); err == nil {
					notes++
				}
			}
		}
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	minFee := tx.Fee == txbuilder.MinFee(p, len(tx.Inputs), len(tx.Outputs))
	return fmt.Sprintf("outputs %s, %d sender's note, operation %t, minimum fee %t", strings.Join(kinds, " "), notes, tx.Op != nil, minFee)
}

// zeroOutputs counts an account's zero-value outputs.
func zeroOutputs(t *testing.T, w *Service, ref string) int {
	n := 0
	for _, v := range outputsOf(t, w, ref) {
		if v == 0 {
			n++
		}
	}
	return n
}

// TestSweepZeroValueOutputs: the zero-value outputs an account received
// (data packets) are spent as extra inputs of its next payment, up to
// maxSweepInputs, or by Sweep when there are sweepThreshold or more.
// Afterwards the account holds none of those it spent, its balance moved
// by the payment and the fee only, and the transaction looks like the
// ordinary payment that funded the account: confidential outputs that
// open as payments, one sender's note, no operation, the minimum fee.
func TestSweepZeroValueOutputs(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	demo, _ := w.Account("demo")
	demoKeys := keysOf(t, w, "demo")
	cases := []struct {
		name  string
		zero  int
		pay   uint64 // 0: Sweep
		swept int
	}{
		{"a payment spends them", 5, 1_000_000, 5},
		{"a payment spends up to its bound", maxSweepInputs + 3, 1_000_000, maxSweepInputs},
		{"a consolidation", sweepThreshold + 2, 0, sweepThreshold + 2},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := fmt.Sprint("bob", i)
			bob, _, err := w.CreateAccount(ctx, name, "pw")
			if err != nil {
				t.Fatal(err)
			}
			waitSynced(t, w, name)
			fund, err := w.Send(ctx, SendRequest{Account: "demo", To: bob.Address, Amount: 5_000_000, Memo: "for you"})
			if err != nil {
				t.Fatal(err)
			}
			waitStatus(t, w, "demo", fund.TxID, api.StatusConfirmed)
			to, _ := w.ParseAddress(bob.Address)
			var packets []txbuilder.Payment
			for j := range c.zero {
				packets = append(packets, txbuilder.Payment{To: to, Data: true, Memo: fmt.Appendf(nil, "message %d", j)})
			}
			outsiderSend(t, f, packets, -1)
			eventually(t, "the packets", func() error {
				if n := zeroOutputs(t, w, name); n != c.zero {
					return fmt.Errorf("%d zero-value outputs, want %d", n, c.zero)
				}
				return nil
			})
			before := waitBalance(t, w, name, func(b api.Balance) bool { return b.Available == 5_000_000 })
			if c.zero < sweepThreshold {
				if _, err := w.Sweep(ctx, name); !errors.Is(err, ErrNothingToSweep) {
					t.Fatalf("sweep of %d zero-value outputs: %v", c.zero, err)
				}
			}

			var sent api.SendResult
			if c.pay != 0 {
				est, err := w.EstimateFee(ctx, name, c.pay)
				if err != nil {
					t.Fatal(err)
				}
				if sent, err = w.Send(ctx, SendRequest{Account: name, To: demo.Address, Amount: c.pay, Memo: "hi"}); err != nil {
					t.Fatal(err)
				}
				if est.Fee != sent.Fee || est.Inputs != 1+c.swept {
					t.Fatalf("estimate %+v, but the payment paid %d", est, sent.Fee)
				}
			} else if sent, err = w.Sweep(ctx, name); err != nil {
				t.Fatal(err)
			}
			waitStatus(t, w, name, sent.TxID, api.StatusConfirmed)
			after := waitBalance(t, w, name, func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
			if want := before.Available - c.pay - sent.Fee; after.Available != want {
				t.Fatalf("available %d after, want %d (%d paid, fee %d)", after.Available, want, c.pay, sent.Fee)
			}
			if n := zeroOutputs(t, w, name); n != c.zero-c.swept {
				t.Fatalf("%d zero-value outputs left, want %d", n, c.zero-c.swept)
			}

			id, _ := parseTxID(sent.TxID)
			got, err := f.src.Tx(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			ref, _ := parseTxID(fund.TxID)
			ordinary, err := f.src.Tx(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Tx.Inputs) != 1+c.swept || len(got.Tx.Outputs) != 2 {
				t.Fatalf("%d inputs and %d outputs, want %d and 2", len(got.Tx.Inputs), len(got.Tx.Outputs), 1+c.swept)
			}
			bobKeys := keysOf(t, w, name)
			if g, o := shapeOf(t, &f.node.Params, got.Tx, bobKeys, demoKeys), shapeOf(t, &f.node.Params, ordinary.Tx, bobKeys, demoKeys); g != o {
				t.Fatalf("the sweeping transaction shows %q, an ordinary payment %q", g, o)
			}
		})
	}
}
