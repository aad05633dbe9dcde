package txbuilder_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestPayReceiveSpend builds a payment from a confidential and a public
// input, checks it validates, that the payee finds its output and the payer
// its change, and that the payee can spend what it received.
func TestPayReceiveSpend(t *testing.T) {
	t.Parallel()
	rnd := seeded(1)
	p := devParams(t)
	alice, bob, carol := newKeys(t, rnd), newKeys(t, rnd), newKeys(t, rnd)
	inputs := []txbuilder.Input{
		own(t, alice, mintConfidential(t, rnd, alice.Address(), 0, 100*ledger.STG, "genesis", nil), 0),
		own(t, alice, mintPublic(t, rnd, alice.Address(), 1, 10*ledger.STG), 1),
	}
	if inputs[1].Blinding != nil {
		t.Fatal("a public input has a blinding")
	}
	b, err := txbuilder.BuildWith(rnd, p, inputs, []txbuilder.Payment{{To: bob.Address(), Amount: 105 * ledger.STG, Memo: []byte("rent")}}, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx := b.Tx
	validate(t, p, tx, inputs)
	if len(tx.Outputs) != 2 || len(b.Outputs) != 2 {
		t.Fatalf("%d outputs, want payment and change", len(tx.Outputs))
	}
	if want := txbuilder.MinFee(p, 2, 2); tx.Fee != want {
		t.Errorf("fee %d, want the minimum %d", tx.Fee, want)
	}
	pos, ok := b.OutputOf(0)
	changePos, hasChange := b.ChangeOutput()
	if !ok || !hasChange || pos == changePos {
		t.Fatalf("payment at %d (%v), change at %d (%v)", pos, ok, changePos, hasChange)
	}
	wantChange := 110*ledger.STG - 105*ledger.STG - tx.Fee
	if d := b.Outputs[changePos]; !d.Change || d.Payment != -1 || d.Amount != wantChange || !d.To.Equal(alice.Address()) || d.Memo != nil {
		t.Errorf("change described as %+v", d)
	}
	if d := b.Outputs[pos]; d.Change || d.Payment != 0 || d.Amount != 105*ledger.STG || !d.To.Equal(bob.Address()) || string(d.Memo) != "rent" || d.Data {
		t.Errorf("payment described as %+v", d)
	}

	toBob := scan(t, bob, tx)
	if len(toBob) != 1 || toBob[int(pos)] == nil {
		t.Fatalf("bob found outputs %v, want output %d", keysOf(toBob), pos)
	}
	got := toBob[int(pos)]
	if got.Amount != 105*ledger.STG || string(got.Payload.Data) != "rent" || got.Payload.Type != payload.TypePayment || got.Blinding == nil {
		t.Errorf("bob received %d µSTG, memo %q, type %s", got.Amount, got.Payload.Data, got.Payload.Type)
	}
	if got.ID != ledger.ID(tx.Outputs[pos]) || got.Output != tx.Outputs[pos] {
		t.Error("Received.ID or Output is not the output's")
	}
	change := scan(t, alice, tx)
	if len(change) != 1 || change[int(changePos)] == nil {
		t.Fatalf("alice found outputs %v, want the change at %d", keysOf(change), changePos)
	}
	if change[int(changePos)].Amount != wantChange {
		t.Errorf("change %d, want %d", change[int(changePos)].Amount, wantChange)
	}
	if len(scan(t, carol, tx)) != 0 {
		t.Error("a third party found an output")
	}

	// Bob spends what he received.
	in, err := got.Spendable(bob)
	if err != nil {
		t.Fatal(err)
	}
	next, err := txbuilder.Build(rnd, p, []txbuilder.Input{in}, []txbuilder.Payment{{To: carol.Address(), Amount: 50 * ledger.STG}}, bob.Address(), 0)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, next, []txbuilder.Input{in})
	if c := scan(t, carol, next); len(c) != 1 || sum(c) != 50*ledger.STG {
		t.Errorf("carol found %v", keysOf(c))
	}
}

// sum returns the total amount of rs.
func sum(rs map[int]*txbuilder.Received) uint64 {
	var total uint64
	for _, rc := range rs {
		total += rc.Amount
	}
	return total
}

func keysOf(m map[int]*txbuilder.Received) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestChange walks the remainder across the cost of a change output: below
// it there is no change and the remainder is fee, above it a change output
// takes it. Each transaction must balance.
func TestChange(t *testing.T) {
	t.Parallel()
	p := devParams(t)
	const want = ledger.STG
	min1, min2 := txbuilder.MinFee(p, 1, 1), txbuilder.MinFee(p, 1, 2)
	gap := min2 - min1 // what a change output costs
	tests := []struct {
		name      string
		remainder uint64 // inputs − payment − minimum fee without change
		outputs   int
		fee       uint64
	}{
		{"exact: no remainder", 0, 1, min1},
		{"1 µSTG over: fee", 1, 1, min1 + 1},
		{"1 µSTG under a change output's cost: fee", gap - 1, 1, min2 - 1},
		{"exactly a change output's cost: change of 0 is no change", gap, 1, min2},
		{"1 µSTG more than a change output's cost: change of 1", gap + 1, 2, min2},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rnd := seeded(100 + uint64(i))
			alice, bob := newKeys(t, rnd), newKeys(t, rnd)
			ins := coins(t, rnd, alice, want+min1+tt.remainder)
			b, err := txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: want}}, alice.Address(), txbuilder.Options{})
			if err != nil {
				t.Fatal(err)
			}
			tx := b.Tx
			if len(tx.Outputs) != tt.outputs || tx.Fee != tt.fee {
				t.Fatalf("%d outputs and fee %d, want %d and %d", len(tx.Outputs), tx.Fee, tt.outputs, tt.fee)
			}
			validate(t, p, tx, ins)
			at, hasChange := b.ChangeOutput()
			if hasChange != (tt.outputs == 2) {
				t.Fatalf("change output: %v", hasChange)
			}
			if hasChange {
				if c := scan(t, alice, tx); c[int(at)] == nil || c[int(at)].Amount != tt.remainder-gap {
					t.Errorf("change %v, want %d", c[int(at)], tt.remainder-gap)
				}
			}
		})
	}
}

func TestInsufficientFunds(t *testing.T) {
	t.Parallel()
	rnd := seeded(2)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	min1 := txbuilder.MinFee(p, 1, 1)
	ins := coins(t, rnd, alice, ledger.STG+min1-1)
	_, err := txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}}, alice.Address(), 0)
	if !errors.Is(err, txbuilder.ErrInsufficientFunds) {
		t.Fatalf("got %v, want ErrInsufficientFunds", err)
	}
	have, need := ledger.STG+min1-1, ledger.STG+min1
	for _, want := range []string{fmt.Sprintf("have %d µSTG", have), fmt.Sprintf("need %d µSTG", need), fmt.Sprintf("payments %d", ledger.STG), fmt.Sprintf("fee %d", min1)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	// A fee asked for counts too.
	ins = coins(t, rnd, alice, 2*ledger.STG)
	if _, err := txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}}, alice.Address(), ledger.STG+1); !errors.Is(err, txbuilder.ErrInsufficientFunds) {
		t.Fatalf("fee over the funds: %v", err)
	}
	// So does a payment so large that the fee overflows.
	ins = coins(t, rnd, alice, math.MaxUint64)
	if _, err := txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: math.MaxUint64}}, alice.Address(), 0); !errors.Is(err, txbuilder.ErrInsufficientFunds) {
		t.Fatalf("payment of 2^64-1: %v", err)
	}
}

// TestExplicitFee checks that a fee above the minimum is paid as asked.
func TestExplicitFee(t *testing.T) {
	t.Parallel()
	rnd := seeded(3)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	ins := coins(t, rnd, alice, 5*ledger.STG)
	tx, err := txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}}, alice.Address(), 12345)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Fee != 12345 || len(tx.Outputs) != 2 {
		t.Fatalf("fee %d with %d outputs, want 12345 with change", tx.Fee, len(tx.Outputs))
	}
	validate(t, p, tx, ins)
}

// TestMemoAndData checks the memo round trip, that a data packet has the
// payment's shape, and the memo size limit.
func TestMemoAndData(t *testing.T) {
	t.Parallel()
	rnd := seeded(4)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	ins := coins(t, rnd, alice, 10*ledger.STG)
	packet := []byte(strings.Repeat("d", payload.MaxDataSize))
	pays := []txbuilder.Payment{
		{To: bob.Address(), Amount: ledger.STG, Memo: []byte("hello")},
		{To: bob.Address(), Amount: 0, Memo: packet, Data: true},
		{To: bob.Address(), Amount: 2},
	}
	b, err := txbuilder.BuildWith(rnd, p, ins, pays, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx := b.Tx
	validate(t, p, tx, ins)
	found := scan(t, bob, tx)
	if len(found) != 3 {
		t.Fatalf("bob found %v", keysOf(found))
	}
	// got[i] is what bob received from payment i.
	got := make([]*txbuilder.Received, len(pays))
	for i := range pays {
		at, ok := b.OutputOf(i)
		if !ok || found[int(at)] == nil {
			t.Fatalf("payment %d at %d (%v): bob found %v", i, at, ok, keysOf(found))
		}
		got[i] = found[int(at)]
	}
	if pl := got[0].Payload; pl.Type != payload.TypePayment || string(pl.Data) != "hello" {
		t.Errorf("payment: %s %q", pl.Type, pl.Data)
	}
	if pl := got[1].Payload; pl.Type != payload.TypeData || string(pl.Data) != string(packet) || got[1].Amount != 0 {
		t.Errorf("data: %s, %d bytes, amount %d", pl.Type, len(pl.Data), got[1].Amount)
	}
	if pl := got[2].Payload; pl.Type != payload.TypePayment || len(pl.Data) != 0 || got[2].Amount != 2 {
		t.Errorf("no memo: %s %q %d", pl.Type, pl.Data, got[2].Amount)
	}
	size := len(ledger.EncodeOutput(tx.Outputs[0]))
	for i, o := range tx.Outputs {
		if o.Type() != ledger.TypeConfidential || len(ledger.EncodeOutput(o)) != size {
			t.Errorf("output %d: %s of %d bytes, want confidential of %d", i, o.Type(), len(ledger.EncodeOutput(o)), size)
		}
	}

	_, err = txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: 1, Memo: append(packet, 'x')}}, alice.Address(), 0)
	if !errors.Is(err, payload.ErrDataTooLong) {
		t.Fatalf("memo of %d bytes: %v, want ErrDataTooLong", len(packet)+1, err)
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	rnd := seeded(5)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	ins := coins(t, rnd, alice, 100*ledger.STG, 50*ledger.STG)
	pay := []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}}
	many := func(n int, amount uint64) []txbuilder.Payment {
		ps := make([]txbuilder.Payment, n)
		for i := range ps {
			ps[i] = txbuilder.Payment{To: bob.Address(), Amount: amount}
		}
		return ps
	}
	tooManyInputs := make([]txbuilder.Input, ledger.MaxInputs+1)
	for i := range tooManyInputs {
		tooManyInputs[i] = ins[0]
	}
	noKey := []txbuilder.Input{ins[0]}
	noKey[0].Key = nil
	tests := []struct {
		name     string
		inputs   []txbuilder.Input
		payments []txbuilder.Payment
		want     string
	}{
		{"no inputs", nil, pay, "no inputs"},
		{"33 inputs", tooManyInputs, pay, "33 inputs, max 32"},
		{"17 payments", ins, many(ledger.MaxOutputs+1, 1), "17 payments, max 16"},
		{"16 payments and change", ins, many(ledger.MaxOutputs, 1), "no room for a change output"},
		{"payments overflow", ins, many(2, math.MaxUint64/2+1), "payment 1 overflows"},
		{"input without a key", noKey, pay, "input 0 has no key"},
		{"the same input twice", []txbuilder.Input{ins[0], ins[0]}, pay, "duplicate key"},
		{"payment to the zero address", ins, []txbuilder.Payment{{Amount: 1}}, "payment 0 (output "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := txbuilder.Build(rnd, p, tt.inputs, tt.payments, alice.Address(), 0)
			if err == nil {
				t.Fatalf("built a transaction with %d outputs", len(tx.Outputs))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not say %q", err, tt.want)
			}
			if errors.Is(err, txbuilder.ErrInsufficientFunds) {
				t.Fatalf("reported as insufficient funds: %v", err)
			}
		})
	}
}

// Sixteen payments that use the inputs up exactly need no change and build.
func TestSixteenPaymentsExact(t *testing.T) {
	t.Parallel()
	rnd := seeded(6)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	n := ledger.MaxOutputs
	ins := coins(t, rnd, alice, uint64(n)*1000+txbuilder.MinFee(p, 1, n))
	pays := make([]txbuilder.Payment, n)
	for i := range pays {
		pays[i] = txbuilder.Payment{To: bob.Address(), Amount: 1000}
	}
	tx, err := txbuilder.Build(rnd, p, ins, pays, alice.Address(), 0)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, tx, ins)
	if len(tx.Outputs) != n || len(tx.Encode()) != txbuilder.Size(1, n) {
		t.Fatalf("%d outputs, %d bytes", len(tx.Outputs), len(tx.Encode()))
	}
}

// TestSize checks Size against real encodings of several shapes, including
// the largest transaction.
func TestSize(t *testing.T) {
	t.Parallel()
	p := devParams(t)
	shapes := []struct{ in, payments int }{
		{1, 1}, {2, 1}, {3, 2}, {1, 4}, {4, 7}, {ledger.MaxInputs, ledger.MaxOutputs - 1},
	}
	for i, s := range shapes {
		rnd := seeded(200 + uint64(i))
		alice, bob := newKeys(t, rnd), newKeys(t, rnd)
		amounts := make([]uint64, s.in)
		for j := range amounts {
			amounts[j] = ledger.STG
		}
		ins := coins(t, rnd, alice, amounts...)
		pays := make([]txbuilder.Payment, s.payments)
		for j := range pays {
			pays[j] = txbuilder.Payment{To: bob.Address(), Amount: 1000}
		}
		tx, err := txbuilder.Build(rnd, p, ins, pays, alice.Address(), 0)
		if err != nil {
			t.Fatal(err)
		}
		nIn, nOut := len(tx.Inputs), len(tx.Outputs)
		if nOut != s.payments+1 {
			t.Fatalf("%d-in/%d payments: %d outputs", s.in, s.payments, nOut)
		}
		if got, want := txbuilder.Size(nIn, nOut), len(tx.Encode()); got != want {
			t.Errorf("Size(%d, %d) = %d, encoding is %d bytes", nIn, nOut, got, want)
		}
		if tx.Fee != txbuilder.MinFee(p, nIn, nOut) || tx.Fee != p.MinFee(nOut, len(tx.Encode())) {
			t.Errorf("%d-in/%d-out: fee %d, MinFee %d", nIn, nOut, tx.Fee, txbuilder.MinFee(p, nIn, nOut))
		}
		if nIn == 2 && nOut == 2 {
			t.Logf("2-in/2-out: %d bytes", len(tx.Encode()))
			if len(tx.Encode()) > 2500 {
				t.Errorf("2-in/2-out is %d bytes, over 2.5 kB", len(tx.Encode()))
			}
		}
		if s.in == ledger.MaxInputs {
			validate(t, p, tx, ins)
		}
	}
	if got := txbuilder.Size(2, 2); got != 2150 {
		t.Errorf("Size(2, 2) = %d, want 2150", got)
	}
	if got := txbuilder.Size(ledger.MaxInputs, ledger.MaxOutputs) + ledger.OpSize; got != ledger.MaxTxSize {
		t.Errorf("Size of the largest tx %d, MaxTxSize %d", got, ledger.MaxTxSize)
	}
}

func TestSignErrors(t *testing.T) {
	t.Parallel()
	tx := &ledger.Tx{}
	if err := txbuilder.Sign(seeded(7), "stegos-dev", tx, nil); err == nil {
		t.Error("signed with no keys")
	}
	if err := txbuilder.Sign(seeded(7), "stegos-dev", tx, []txbuilder.Input{{}}); err == nil || !strings.Contains(err.Error(), "no key") {
		t.Errorf("input without key: %v", err)
	}
}
