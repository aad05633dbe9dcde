package app

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// badProofSpend returns a spend of coin, paying amount to w itself, whose
// range proof does not verify, signed by the coin's owner (so it passes
// every check but the proof).
func badProofSpend(t testing.TB, a *App, w *devwallet.Wallet, coin ledger.OutputID, amount uint64) []byte {
	t.Helper()
	tx, err := w.PayFrom(rand.Reader, []ledger.OutputID{coin}, []txbuilder.Payment{{To: w.Address(), Amount: amount}})
	if err != nil {
		t.Fatal(err)
	}
	w.Release(tx)
	tx.RangeProof[len(tx.RangeProof)-64] ^= 1 // the a scalar, still canonical
	txbuilder.Sign(rand.Reader, a.params.ChainID, tx, spendables(t, w, tx))
	return tx.Encode()
}

// spendOf returns a valid spend of coin paying amount to w itself.
func spendOf(t testing.TB, w *devwallet.Wallet, coins []ledger.OutputID, amount uint64) []byte {
	t.Helper()
	tx, err := w.PayFrom(rand.Reader, coins, []txbuilder.Payment{{To: w.Address(), Amount: amount}})
	if err != nil {
		t.Fatal(err)
	}
	w.Release(tx)
	return tx.Encode()
}

// One coin, any number of distinct signed spends with bad proofs: the first
// costs the node one verification and quarantines the coin; the rest are
// refused without a verification. Valid spends of one coin: the first is
// admitted, the rest conflict. (Before: 50 of 50 were admitted.)
func TestOneCoinCannotFloodTheMempool(t *testing.T) {
	a, ws := newApp(t)
	alice := ws[0]
	coins := alice.Unspent()
	bad, good := coins[0].ID, coins[1].ID
	admitted := 0
	for i := range 50 {
		r := checkTx(t, a, badProofSpend(t, a, alice, bad, uint64(i+1)*ledger.STG))
		want := ledger.KindQuarantined
		if i == 0 {
			want = ledger.KindBadRangeProof
		}
		if r.Code == abci.CodeTypeOK {
			admitted++
		} else if r.Code != uint32(want) {
			t.Fatalf("spend %d: code %d (%s), want %s", i, r.Code, r.Log, want)
		}
	}
	if admitted != 0 {
		t.Fatalf("%d of 50 spends with bad proofs admitted", admitted)
	}
	if n := a.ProofChecks(); n != 1 {
		t.Fatalf("50 bad spends of one coin cost %d proof verifications, want 1", n)
	}
	// The flood leaves one slim rejection in the verdict cache, not 50
	// decoded transactions (~10 KB each).
	if n := len(a.cache.m); n != 1 {
		t.Fatalf("the flood left %d verdicts in the cache, want 1", n)
	}
	for _, e := range a.cache.m {
		if e.v.checked != nil {
			t.Fatal("a cached rejection keeps the decoded transaction")
		}
	}
	for i := range 50 {
		r := checkTx(t, a, spendOf(t, alice, []ledger.OutputID{good}, uint64(i+1)*ledger.STG))
		if i == 0 && r.Code != abci.CodeTypeOK {
			t.Fatalf("first spend of a coin: code %d (%s)", r.Code, r.Log)
		}
		if i > 0 && r.Code != uint32(ledger.KindMempoolConflict) {
			t.Fatalf("spend %d of a pending coin: code %d (%s), want mempool conflict", i, r.Code, r.Log)
		}
	}
	if n := len(a.cache.m); n != 2 {
		t.Fatalf("%d verdicts cached after the floods, want 2 (the admitted spend, the bad proof)", n)
	}
}

// Spends of outputs that do not exist are refused and not cached: their
// answer may change (the output may appear), and a flood of them must not
// fill the cache.
func TestUnknownInputsNotCached(t *testing.T) {
	a, ws := newApp(t)
	for range 20 {
		tx, err := ws[1].Pay(rand.Reader, []txbuilder.Payment{{To: ws[1].Address(), Amount: ledger.STG}})
		if err != nil {
			t.Fatal(err)
		}
		ws[1].Release(tx)
		tx.Inputs[0][0] ^= 0xff
		if r := checkTx(t, a, tx.Encode()); r.Code != uint32(ledger.KindUnknownInput) {
			t.Fatalf("code %d (%s), want unknown input", r.Code, r.Log)
		}
	}
	if n := len(a.cache.m); n != 0 {
		t.Fatalf("%d verdicts cached for spends of nothing", n)
	}
}

// The quarantine ends after QuarantineBlocks blocks.
func TestQuarantineEnds(t *testing.T) {
	a, ws := newApp(t)
	a.mempool.QuarantineBlocks = 2
	alice := ws[0]
	coin := alice.Unspent()[0].ID
	if r := checkTx(t, a, badProofSpend(t, a, alice, coin, ledger.STG)); r.Code != uint32(ledger.KindBadRangeProof) {
		t.Fatalf("code %d (%s)", r.Code, r.Log)
	}
	honest := spendOf(t, alice, []ledger.OutputID{coin}, 2*ledger.STG)
	for range 2 {
		if r := checkTx(t, a, honest); r.Code != uint32(ledger.KindQuarantined) {
			t.Fatalf("code %d (%s), want quarantined", r.Code, r.Log)
		}
		block(t, a, nil)
	}
	if r := checkTx(t, a, honest); r.Code != abci.CodeTypeOK {
		t.Fatalf("after the quarantine: code %d (%s)", r.Code, r.Log)
	}
}

// The conflict index holds what the mempool holds: after a block, the
// rechecks rebuild it; a transaction the block evicted (its input spent by
// another) no longer holds its other inputs.
func TestRecheckRebuildsConflictIndex(t *testing.T) {
	a, ws := newApp(t)
	alice := ws[0]
	c := alice.Unspent()
	A, B, C, D := c[0].ID, c[1].ID, c[2].ID, c[3].ID
	txB := spendOf(t, alice, []ledger.OutputID{B}, ledger.STG)
	txCD := spendOf(t, alice, []ledger.OutputID{C, D}, ledger.STG)
	for _, tx := range [][]byte{txB, txCD} {
		if r := checkTx(t, a, tx); r.Code != abci.CodeTypeOK {
			t.Fatalf("code %d (%s)", r.Code, r.Log)
		}
	}
	// Another node's mempool held a different spend of C; it is decided.
	txC := spendOf(t, alice, []ledger.OutputID{C}, 2*ledger.STG)
	txA := spendOf(t, alice, []ledger.OutputID{A}, ledger.STG)
	finalize(t, a, 1, []byte("b1"), [][]byte{txC, txA})
	// CometBFT rechecks what is left in its mempool, in order.
	recheck := func(tx []byte) uint32 {
		r, err := a.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_Recheck})
		if err != nil {
			t.Fatal(err)
		}
		return r.Code
	}
	if code := recheck(txB); code != abci.CodeTypeOK {
		t.Fatalf("recheck of a still valid tx: code %d", code)
	}
	if code := recheck(txCD); code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("recheck of a tx whose input the block spent: code %d, want double spend", code)
	}
	// B is still claimed; D is free again.
	if r := checkTx(t, a, spendOf(t, alice, []ledger.OutputID{B}, 3*ledger.STG)); r.Code != uint32(ledger.KindMempoolConflict) {
		t.Fatalf("second spend of B: code %d (%s), want mempool conflict", r.Code, r.Log)
	}
	if r := checkTx(t, a, spendOf(t, alice, []ledger.OutputID{D}, 3*ledger.STG)); r.Code != abci.CodeTypeOK {
		t.Fatalf("spend of D after its claimant was evicted: code %d (%s)", r.Code, r.Log)
	}
}

// A proposer that fills its proposal with transactions whose proofs fail
// costs each validator one batch verification, not a bisection; one with
// fabricated transactions (inputs that do not exist) costs none.
func TestProposalCostIsBounded(t *testing.T) {
	a, ws := newApp(t)
	alice := ws[0]
	var txs [][]byte
	for _, u := range alice.Unspent() {
		txs = append(txs, badProofSpend(t, a, alice, u.ID, ledger.STG))
	}
	// A validator that never saw them.
	b, _ := newApp(t)
	proc, err := b.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: txs, Hash: []byte("p"), Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_REJECT {
		t.Fatal("a proposal of bad proofs was accepted")
	}
	if n := b.ProofChecks(); n != 1 {
		t.Fatalf("a proposal of %d bad proofs cost %d verifications, want 1 batch", len(txs), n)
	}

	// Fabricated: spends of outputs that do not exist.
	_, ows := newApp(t)
	var fake [][]byte
	for range 8 {
		tx, err := ows[1].Pay(rand.Reader, []txbuilder.Payment{{To: ows[1].Address(), Amount: ledger.STG}})
		if err != nil {
			t.Fatal(err)
		}
		in := tx.Inputs[0]
		in[0] ^= 0xff // no such output
		tx.Inputs[0] = in
		fake = append(fake, tx.Encode())
	}
	c, _ := newApp(t)
	proc, err = c.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: fake, Hash: []byte("f"), Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_REJECT {
		t.Fatal("a proposal of fabricated txs was accepted")
	}
	if n := c.ProofChecks(); n != 0 {
		t.Fatalf("a proposal of fabricated txs cost %d verifications, want 0", n)
	}
}

// A range proof copied from another transaction and re-signed is refused
// at admission (before: admitted with code 0, proofs were deferred).
func TestCopiedRangeProofRefused(t *testing.T) {
	a, ws := newApp(t)
	alice := ws[0]
	coins := alice.Unspent()
	donor, err := alice.PayFrom(rand.Reader, []ledger.OutputID{coins[0].ID}, []txbuilder.Payment{{To: ws[1].Address(), Amount: ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	alice.Release(donor)
	tx, err := alice.PayFrom(rand.Reader, []ledger.OutputID{coins[1].ID}, []txbuilder.Payment{{To: ws[1].Address(), Amount: 2 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	alice.Release(tx)
	tx.RangeProof = append([]byte(nil), donor.RangeProof...)
	txbuilder.Sign(rand.Reader, a.params.ChainID, tx, spendables(t, alice, tx))
	if r := checkTx(t, a, tx.Encode()); r.Code != uint32(ledger.KindBadRangeProof) {
		t.Fatalf("copied proof: code %d (%s), want bad range proof", r.Code, r.Log)
	}
}

// New refuses a config it cannot run with, with a clear error.
func TestNewRefusesBadConfig(t *testing.T) {
	st := openApp(t, t.TempDir()).st
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no state", Config{Params: testParams()}, "no state"},
		{"negative quarantine", Config{Params: testParams(), State: st, Mempool: MempoolConfig{QuarantineBlocks: -1}}, "quarantine of -1 blocks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: %v, want %q", err, tc.want)
			}
		})
	}
	a, err := New(Config{Params: testParams(), State: st})
	if err != nil || a.mempool.QuarantineBlocks != DefaultQuarantineBlocks || a.mempool.DeferRangeProofs {
		t.Fatalf("defaults: %+v, %v", a.mempool, err)
	}
}
