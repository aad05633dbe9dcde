package devwallet_test

import (
	"crypto/rand"
	"errors"
	"testing"

	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

func TestReserveSpendRelease(t *testing.T) {
	p, _ := params.For(params.Dev)
	k, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	g, err := genesis.Build(rand.Reader, []genesis.Allocation{{To: k.Address(), Amount: 100 * ledger.STG, Outputs: 2}})
	if err != nil {
		t.Fatal(err)
	}
	w := devwallet.New(p, k)
	for i, s := range g.Outputs {
		o := decode(t, s)
		if ok, err := w.AddOutput(o, uint32(i)); err != nil || !ok {
			t.Fatalf("genesis output %d not found: %v", i, err)
		}
	}
	other, _ := genesis.DemoKeys(1)
	tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: other.Address(), Amount: 10 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	total, avail := w.Balance()
	if total != 100*ledger.STG || avail != 50*ledger.STG {
		t.Fatalf("after building: total %d, available %d", total, avail)
	}
	if _, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: other.Address(), Amount: 60 * ledger.STG}}); !errors.Is(err, devwallet.ErrNoFunds) {
		t.Fatalf("paying more than is available: %v", err)
	}
	w.Release(tx)
	if _, avail := w.Balance(); avail != 100*ledger.STG {
		t.Fatalf("release did not free the inputs: %d", avail)
	}
	if err := w.ApplyTx(tx); err != nil {
		t.Fatal(err)
	}
	total, _ = w.Balance()
	if want := 90*ledger.STG - tx.Fee; total != want {
		t.Fatalf("after the tx: %d, want %d (change only)", total, want)
	}
	if _, err := w.PayFrom(rand.Reader, []ledger.OutputID{tx.Inputs[0]}, nil); err == nil {
		t.Fatal("spent an output already spent")
	}
}
