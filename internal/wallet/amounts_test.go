package wallet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
)

// TestAmountLimits: amounts and fees at or above 2^53 µSTG (the API's
// bound), and sums of amount and fee that would overflow, are invalid
// amounts (ErrInvalidAmount, which the API maps to invalid params), not
// internal errors or nonsense estimates; a memo that does not fit has its
// own error, which does not call itself an invalid amount.
func TestAmountLimits(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	bob, _, err := w.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	send := func(amount, fee uint64) func() error {
		return func() error {
			_, err := w.Send(ctx, SendRequest{Account: "demo", To: bob.Address, Amount: amount, Fee: fee})
			return err
		}
	}
	estimate := func(amount uint64) func() error {
		return func() error { _, err := w.EstimateFee(ctx, "demo", amount); return err }
	}
	funds := errors.New("insufficient funds marker")
	cases := []struct {
		name string
		call func() error
		want error
	}{
		{"send: amount 2^64-1", send(math.MaxUint64, 0), ErrInvalidAmount},
		{"send: fee 2^64-1", send(1, math.MaxUint64), ErrInvalidAmount},
		{"send: amount 2^53", send(1<<53, 0), ErrInvalidAmount},
		{"send: fee 2^53", send(1, 1<<53), ErrInvalidAmount},
		{"send: amount and fee overflow together", send(1<<63, 1<<63), ErrInvalidAmount},
		{"send: amount and fee above 2^53 together", send(1<<52, 1<<52), ErrInvalidAmount},
		{"send: largest amount, more than the account has", send(1<<53-1, 0), funds},
		{"send: more than the demo account has", send(2*genesis.DemoAmount, 0), funds},
		{"estimate: amount 2^64-1", estimate(math.MaxUint64), ErrInvalidAmount},
		{"estimate: amount 2^64-1000", estimate(math.MaxUint64 - 1000), ErrInvalidAmount},
		{"estimate: amount 2^53", estimate(1 << 53), ErrInvalidAmount},
		{"estimate: largest amount", estimate(1<<53 - 1), funds},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if c.want == funds {
				var ife *InsufficientFundsError
				if !errors.As(err, &ife) {
					t.Fatalf("got %v, want insufficient funds", err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}

	_, err = w.Send(ctx, SendRequest{Account: "demo", To: bob.Address, Amount: 1, Memo: strings.Repeat("x", payload.MaxDataSize+1)})
	if !errors.Is(err, ErrMemoTooLong) || strings.HasPrefix(err.Error(), "invalid amount") || !strings.Contains(err.Error(), fmt.Sprintf("%d bytes", payload.MaxDataSize+1)) {
		t.Fatalf("memo too long: %v", err)
	}
	if hs, _ := w.History("demo", 0, 0); len(hs) != 1 {
		t.Fatalf("demo history %+v, want the genesis funds only", hs)
	}
}

// TestSelfPaymentIsATransfer: a payment to the account's own address is
// recorded as a transfer to itself: nothing sent, only the fee leaves,
// and the history reconciles with the balance.
func TestSelfPaymentIsATransfer(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	demo, _ := w.Account("demo")
	before := balanceNow(t, w, "demo")
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: demo.Address, Amount: 5_000_000, Memo: "to myself"})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := w.History("demo", 1, 0)
	if err != nil || len(hs) != 1 || hs[0].TxID != sent.TxID || hs[0].Direction != "self" || hs[0].Sent != 0 || hs[0].Fee != sent.Fee {
		t.Fatalf("self-payment just sent: %+v, %v; want direction self, nothing sent, fee %d", hs, err, sent.Fee)
	}
	e := waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	if e.Direction != "self" || e.Sent != 0 || e.Received != 0 || e.Fee != sent.Fee || len(e.Payments) != 1 || e.Payments[0].Memo != "to myself" {
		t.Fatalf("self-payment %+v, want direction self, nothing sent or received, fee %d", e, sent.Fee)
	}
	after := waitBalance(t, w, "demo", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
	if want := before.Available - sent.Fee; after.Available != want {
		t.Fatalf("available %d after paying itself, want %d (only the fee leaves)", after.Available, want)
	}
	if hs, err = w.History("demo", 0, 0); err != nil {
		t.Fatal(err)
	}
	var net int64
	for _, h := range hs {
		net += int64(h.Received) - int64(h.Sent) - int64(h.Fee)
	}
	if net != int64(after.Available+after.Staked) {
		t.Fatalf("history adds up to %d, the balance is %d available + %d staked", net, after.Available, after.Staked)
	}
}
