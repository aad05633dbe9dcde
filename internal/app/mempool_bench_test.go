package app

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/ledger"
)

// BenchmarkCheckTxAdmit measures admitting a fresh 1-in/2-out payment with
// its range proof verified at admission (the default): the cost an honest
// payment puts on every node's CheckTx once.
func BenchmarkCheckTxAdmit(b *testing.B) {
	var a *App
	var txs [][]byte
	fresh := func() { // a node that has not seen the payments yet
		var ws []*devwallet.Wallet
		a, ws = newApp(b)
		txs = txs[:0]
		for _, w := range ws {
			for _, u := range w.Unspent() {
				txs = append(txs, spendOf(b, w, []ledger.OutputID{u.ID}, ledger.STG))
			}
		}
	}
	fresh()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%len(txs) == 0 {
			b.StopTimer()
			fresh()
			b.StartTimer()
		}
		r := checkTx(b, a, txs[i%len(txs)])
		if r.Code != abci.CodeTypeOK {
			b.Fatalf("code %d (%s)", r.Code, r.Log)
		}
	}
}

// BenchmarkCheckTxRefuseConflict measures refusing another spend of a coin
// a pending transaction spends: what each transaction of a one-coin flood
// costs a node.
func BenchmarkCheckTxRefuseConflict(b *testing.B) {
	a, ws := newApp(b)
	alice := ws[0]
	coin := alice.Unspent()[0].ID
	if r := checkTx(b, a, spendOf(b, alice, []ledger.OutputID{coin}, ledger.STG)); r.Code != abci.CodeTypeOK {
		b.Fatal(r.Log)
	}
	var flood [][]byte
	for i := range 32 {
		flood = append(flood, spendOf(b, alice, []ledger.OutputID{coin}, uint64(i+2)*ledger.STG))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := checkTx(b, a, flood[i%len(flood)]); r.Code != uint32(ledger.KindMempoolConflict) {
			b.Fatalf("code %d (%s)", r.Code, r.Log)
		}
	}
}

// BenchmarkCheckTxRefuseQuarantined measures refusing a spend of a coin
// whose owner signed a bad range proof.
func BenchmarkCheckTxRefuseQuarantined(b *testing.B) {
	a, ws := newApp(b)
	alice := ws[0]
	coin := alice.Unspent()[0].ID
	if r := checkTx(b, a, badProofSpend(b, a, alice, coin, ledger.STG)); r.Code != uint32(ledger.KindBadRangeProof) {
		b.Fatal(r.Log)
	}
	var flood [][]byte
	for i := range 32 {
		flood = append(flood, badProofSpend(b, a, alice, coin, uint64(i+2)*ledger.STG))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := checkTx(b, a, flood[i%len(flood)]); r.Code != uint32(ledger.KindQuarantined) {
			b.Fatalf("code %d (%s)", r.Code, r.Log)
		}
	}
}
