package txbuilder_test

import (
	"errors"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestBuildWithTxSecret builds with tx secrets derived from the spend key
// and checks that the wallet can recompute every output's r from the
// transaction alone, and that the outputs still validate and scan.
func TestBuildWithTxSecret(t *testing.T) {
	t.Parallel()
	rnd := seeded(20)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	spend, err := alice.SpendKey()
	if err != nil {
		t.Fatal(err)
	}
	ins := coins(t, rnd, alice, 7*ledger.STG, 3*ledger.STG)
	ids := []ledger.OutputID{ins[0].ID, ins[1].ID}
	pays := []txbuilder.Payment{
		{To: bob.Address(), Amount: 2 * ledger.STG, Memo: []byte("one")},
		{To: bob.Address(), Amount: 3 * ledger.STG, Memo: []byte("two"), Data: true},
	}
	opts := txbuilder.Options{TxSecret: func(i uint32) *ristretto255.Scalar { return txbuilder.TxSecret(spend, ids, i) }}
	b, err := txbuilder.BuildWith(rnd, p, ins, pays, alice.Address(), opts)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, b.Tx, ins)
	if len(b.Tx.Outputs) != 3 || len(b.Outputs) != 3 {
		t.Fatalf("%d outputs", len(b.Tx.Outputs))
	}
	for i, o := range b.Tx.Outputs {
		r := txbuilder.TxSecret(spend, b.Tx.Inputs, uint32(i))
		if o.Owner().TxKey != [32]byte(ristretto255.NewIdentityElement().ScalarBaseMult(r).Bytes()) {
			t.Errorf("output %d: tx key is not TxSecret·G", i)
		}
		d := b.Outputs[i]
		want, _, err := stealth.NewOutputWithSecret(r, d.To, uint32(i))
		if err != nil || o.Owner().OneTimeKey != want.OneTimeKey {
			t.Errorf("output %d: not recomputable from its tx secret (%v)", i, err)
		}
	}
	found := scan(t, bob, b.Tx)
	for i, pay := range pays {
		at, ok := b.OutputOf(i)
		rc := found[int(at)]
		if !ok || rc == nil || rc.Amount != pay.Amount || string(rc.Payload.Data) != string(pay.Memo) {
			t.Fatalf("payment %d at %d: bob found %v", i, at, keysOf(found))
		}
		if d := b.Outputs[at]; d.Payment != i || d.Change || d.Data != pay.Data || string(d.Memo) != string(pay.Memo) {
			t.Errorf("payment %d described as %+v", i, d)
		}
	}
	if at, ok := b.ChangeOutput(); !ok || scan(t, alice, b.Tx)[int(at)] == nil {
		t.Errorf("alice misses her change at %d", at)
	}
	if _, ok := b.OutputOf(2); ok {
		t.Error("OutputOf a payment that does not exist")
	}

	// A TxSecret function that returns nothing is an error, not a random r.
	opts.TxSecret = func(uint32) *ristretto255.Scalar { return nil }
	if _, err := txbuilder.BuildWith(rnd, p, ins, pays, alice.Address(), opts); !errors.Is(err, stealth.ErrZeroSecret) {
		t.Fatalf("nil tx secret: %v, want ErrZeroSecret", err)
	}
}

func TestTxSecret(t *testing.T) {
	t.Parallel()
	rnd := seeded(21)
	a, _ := newKeys(t, rnd).SpendKey()
	b, _ := newKeys(t, rnd).SpendKey()
	id1, id2 := ledger.OutputID{1}, ledger.OutputID{2}
	base := txbuilder.TxSecret(a, []ledger.OutputID{id1, id2}, 0)
	if base.Equal(txbuilder.TxSecret(a, []ledger.OutputID{id1, id2}, 0)) != 1 {
		t.Fatal("not deterministic")
	}
	want := a.DeriveScalar(txbuilder.TagTxSecret, id1[:], id2[:], []byte{0, 0, 0, 0})
	if base.Equal(want) != 1 {
		t.Fatal("TxSecret is not DeriveScalar(TagTxSecret, ids..., index)")
	}
	for name, s := range map[string]*ristretto255.Scalar{
		"other index":       txbuilder.TxSecret(a, []ledger.OutputID{id1, id2}, 1),
		"inputs reordered":  txbuilder.TxSecret(a, []ledger.OutputID{id2, id1}, 0),
		"one input fewer":   txbuilder.TxSecret(a, []ledger.OutputID{id1}, 0),
		"other spend key":   txbuilder.TxSecret(b, []ledger.OutputID{id1, id2}, 0),
		"no inputs (index)": txbuilder.TxSecret(a, nil, 0),
	} {
		if s.Equal(base) == 1 {
			t.Errorf("%s: same secret", name)
		}
	}
}

// TestOutputOrderUniform counts the permutations shuffle makes of three
// outputs: each of the six must come up about equally often.
func TestOutputOrderUniform(t *testing.T) {
	t.Parallel()
	const trials = 6000
	rnd := seeded(22)
	counts := map[[3]int]int{}
	for range trials {
		outs := []txbuilder.BuiltOutput{{Payment: 0}, {Payment: 1}, {Payment: -1, Change: true}}
		if err := txbuilder.Shuffle(rnd, outs); err != nil {
			t.Fatal(err)
		}
		counts[[3]int{outs[0].Payment, outs[1].Payment, outs[2].Payment}]++
	}
	if len(counts) != 6 {
		t.Fatalf("%d permutations seen, want 6: %v", len(counts), counts)
	}
	// χ² with 5 degrees of freedom; 20.5 is the 0.999 quantile.
	var chi2 float64
	for _, c := range counts {
		d := float64(c) - trials/6
		chi2 += d * d / (trials / 6)
	}
	if chi2 > 20.5 {
		t.Fatalf("χ² = %.1f over 6 permutations: %v", chi2, counts)
	}
	if err := txbuilder.Shuffle(failingReader{}, nil); err == nil {
		t.Fatal("shuffle with a failing random source")
	}
}

// TestChangeNotLast builds small payments until the change has been seen
// at both positions: Build must not leave it last.
func TestChangeNotLast(t *testing.T) {
	t.Parallel()
	rnd := seeded(23)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	seen := map[uint32]bool{}
	for range 20 {
		ins := coins(t, rnd, alice, 5*ledger.STG)
		b, err := txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}}, alice.Address(), txbuilder.Options{})
		if err != nil {
			t.Fatal(err)
		}
		at, ok := b.ChangeOutput()
		if !ok {
			t.Fatal("no change")
		}
		if c := scan(t, alice, b.Tx); c[int(at)] == nil {
			t.Fatalf("the change is not at %d", at)
		}
		if seen[at] = true; len(seen) == 2 {
			return
		}
	}
	t.Fatalf("the change was always at %v in 20 transactions", seen)
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }
