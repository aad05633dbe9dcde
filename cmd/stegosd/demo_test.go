package main

import (
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// demoPayment builds a payment from demo account 0 to demo account 1 out of
// home's genesis, and returns it with the id of the payee's output.
func demoPayment(t *testing.T, home string) ([]byte, ledger.OutputID) {
	t.Helper()
	doc, err := node.LoadGenesis(home)
	if err != nil {
		t.Fatal(err)
	}
	p, err := params.ByChainID(doc.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	g, err := app.ParseGenesis(doc.AppState)
	if err != nil {
		t.Fatal(err)
	}
	from, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	to, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	w := devwallet.New(p, from)
	for i, s := range g.Outputs {
		raw, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		o, err := ledger.DecodeOutput(raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddOutput(o, uint32(i)); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: to.Address(), Amount: 3 * ledger.STG, Memo: []byte("hello")}})
	if err != nil {
		t.Fatal(err)
	}
	return tx.Encode(), ledger.ID(tx.Outputs[0])
}
