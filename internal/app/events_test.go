package app

import (
	"crypto/rand"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// wantTxEvent checks that r carries exactly the txid event of id.
func wantTxEvent(t *testing.T, r *abci.ExecTxResult, id ledger.TxID) {
	t.Helper()
	if len(r.Events) != 1 {
		t.Fatalf("%d events, want 1: %+v", len(r.Events), r.Events)
	}
	ev := r.Events[0]
	if ev.Type != "stegos" || len(ev.Attributes) != 1 {
		t.Fatalf("event %+v, want type stegos with one attribute", ev)
	}
	a := ev.Attributes[0]
	if a.Key != "txid" || a.Value != id.String() || !a.Index {
		t.Fatalf("attribute %+v, want indexed txid=%s", a, id)
	}
}

// TestTxEvents: every accepted transaction of a block gets an indexed
// stegos.txid event with its ledger id, a rejected one none, whether the
// block went through ProcessProposal or is validated afresh (replay).
func TestTxEvents(t *testing.T) {
	a, ws := newApp(t)
	alice, bob := ws[0], ws[1]

	tx1 := pay(t, alice, bob.Address(), ledger.STG, "one")
	tx2 := pay(t, bob, alice.Address(), 2*ledger.STG, "two")
	resp := block(t, a, [][]byte{tx1, tx2}, alice, bob)
	if len(resp.TxResults) != 2 {
		t.Fatalf("%d results, want 2", len(resp.TxResults))
	}
	// PrepareProposal orders by fee rate, so match results to ids by value.
	want := map[string]ledger.TxID{txID(t, tx1).String(): txID(t, tx1), txID(t, tx2).String(): txID(t, tx2)}
	for _, r := range resp.TxResults {
		if r.Code != abci.CodeTypeOK {
			t.Fatalf("tx rejected: %s", r.Log)
		}
		if len(r.Events) != 1 || len(r.Events[0].Attributes) != 1 {
			t.Fatalf("events %+v, want one with one attribute", r.Events)
		}
		id, ok := want[r.Events[0].Attributes[0].Value]
		if !ok {
			t.Fatalf("event %+v names no transaction of the block", r.Events[0])
		}
		wantTxEvent(t, r, id)
		delete(want, id.String())
	}

	// Replay path: FinalizeBlock without ProcessProposal, with a double
	// spend between two good transactions.
	in := alice.Unspent()[0].ID
	good1, err := alice.PayFrom(rand.Reader, []ledger.OutputID{in}, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	alice.Release(good1)
	spend2, err := alice.PayFrom(rand.Reader, []ledger.OutputID{in}, []txbuilder.Payment{{To: bob.Address(), Amount: 3 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	good2 := pay(t, bob, alice.Address(), ledger.STG, "three")
	txs := [][]byte{good1.Encode(), spend2.Encode(), good2}
	height := a.st.Meta().Height + 1
	resp = finalize(t, a, height, blockHash(height, txs), txs)
	if len(resp.TxResults) != 3 {
		t.Fatalf("%d results, want 3", len(resp.TxResults))
	}
	wantTxEvent(t, resp.TxResults[0], good1.ID())
	if r := resp.TxResults[1]; r.Code != uint32(ledger.KindDoubleSpend) || len(r.Events) != 0 {
		t.Fatalf("double spend: code %d, events %+v", r.Code, r.Events)
	}
	wantTxEvent(t, resp.TxResults[2], txID(t, good2))
}

func txID(t *testing.T, raw []byte) ledger.TxID {
	t.Helper()
	tx, err := ledger.DecodeTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tx.ID()
}
