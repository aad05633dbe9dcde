package app

import (
	"bytes"
	"context"
	"crypto/rand"
	mrand "math/rand/v2"
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

func TestPaymentMovesFunds(t *testing.T) {
	a, ws := newApp(t)
	alice, bob := ws[0], ws[1]
	carol := devwallet.New(a.params, newKeys(t))
	before := a.st.Meta()

	tx := pay(t, alice, carol.Address(), 250*ledger.STG, "rent")
	if r := checkTx(t, a, tx); r.Code != abci.CodeTypeOK {
		t.Fatalf("CheckTx: %d %s", r.Code, r.Log)
	}
	resp := block(t, a, [][]byte{tx}, alice, bob, carol)
	if len(resp.TxResults) != 1 || resp.TxResults[0].Code != abci.CodeTypeOK {
		t.Fatalf("results: %+v", resp.TxResults)
	}
	if total, _ := carol.Balance(); total != 250*ledger.STG {
		t.Fatalf("carol has %d µSTG", total)
	}
	decoded, _ := ledger.DecodeTx(tx)
	aliceTotal, _ := alice.Balance()
	if want := 8000*ledger.STG - 250*ledger.STG - decoded.Fee; aliceTotal != want {
		t.Fatalf("alice has %d µSTG, want %d", aliceTotal, want)
	}
	after := a.st.Meta()
	if after.Height != 1 || after.Supply != before.Supply-decoded.Fee || after.Burned != decoded.Fee {
		t.Fatalf("meta after block: %+v", after)
	}
	if bytes.Equal(after.AppHash(), before.AppHash()) {
		t.Fatal("app hash did not change")
	}
	info, _ := a.Info(context.Background(), &abci.RequestInfo{})
	if info.LastBlockHeight != 1 || !bytes.Equal(info.LastBlockAppHash, after.AppHash()) {
		t.Fatalf("Info: %+v", info)
	}
	// Carol's memo arrived, and she can spend what she got.
	if r := carol.Unspent(); len(r) != 1 || string(r[0].Payload.Data) != "rent" {
		t.Fatalf("carol's outputs: %+v", r)
	}
	back := pay(t, carol, alice.Address(), 100*ledger.STG, "change")
	block(t, a, [][]byte{back}, alice, carol)
	if total, _ := carol.Balance(); total >= 150*ledger.STG {
		t.Fatalf("carol still has %d", total)
	}
}

func TestDoubleSpendInOneBlock(t *testing.T) {
	a, ws := newApp(t)
	alice := ws[0]
	id := alice.Unspent()[0].ID
	to := ws[1].Address()
	tx1, err := alice.PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: to, Amount: ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	alice.Release(tx1)
	tx2, err := alice.PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: to, Amount: 2 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	txs := [][]byte{tx1.Encode(), tx2.Encode()}
	// The mempool admits the first and refuses the second.
	if r := checkTx(t, a, txs[0]); r.Code != abci.CodeTypeOK {
		t.Fatalf("CheckTx: %s", r.Log)
	}
	if r := checkTx(t, a, txs[1]); r.Code != uint32(ledger.KindMempoolConflict) {
		t.Fatalf("CheckTx of a second spend: code %d (%s), want mempool conflict", r.Code, r.Log)
	}
	ctx := context.Background()
	// The proposer keeps only one of them.
	prep, err := a.PrepareProposal(ctx, &abci.RequestPrepareProposal{Txs: txs, MaxTxBytes: 1 << 30, Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(prep.Txs) != 1 {
		t.Fatalf("PrepareProposal kept %d of two conflicting txs", len(prep.Txs))
	}
	// A proposal with both is rejected.
	proc, err := a.ProcessProposal(ctx, &abci.RequestProcessProposal{Txs: txs, Hash: []byte("h1"), Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_REJECT {
		t.Fatal("proposal with a double spend accepted")
	}
	// A decided block with both (replay) applies the first and reports the second.
	resp := finalize(t, a, 1, []byte("h2"), txs)
	if resp.TxResults[0].Code != abci.CodeTypeOK || resp.TxResults[1].Code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("results: %d %d (%s)", resp.TxResults[0].Code, resp.TxResults[1].Code, resp.TxResults[1].Log)
	}
}

func TestDoubleSpendAcrossBlocks(t *testing.T) {
	dir := t.TempDir()
	a := openApp(t, dir)
	initChain(t, a)
	ws := walletsFor(t, a)
	alice := ws[0]
	id := alice.Unspent()[0].ID
	tx1, err := alice.PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: ws[1].Address(), Amount: ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	alice.Release(tx1)
	tx2, err := alice.PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: ws[1].Address(), Amount: 3 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	block(t, a, [][]byte{tx1.Encode()})
	if r := checkTx(t, a, tx2.Encode()); r.Code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("CheckTx code %d (%s), want double spend", r.Code, r.Log)
	}
	// Replaying the same tx is a double spend too.
	if r := checkTx(t, a, tx1.Encode()); r.Code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("replay: code %d (%s), want double spend", r.Code, r.Log)
	}
	// A decided block carrying it rejects it with the same reason.
	resp := finalize(t, a, 2, []byte("x"), [][]byte{tx2.Encode()})
	if resp.TxResults[0].Code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("FinalizeBlock code %d", resp.TxResults[0].Code)
	}
	// Spent ids are committed state: a restarted node gives the same reason.
	a.st.Close()
	b := openApp(t, dir)
	if r := checkTx(t, b, tx2.Encode()); r.Code != uint32(ledger.KindDoubleSpend) {
		t.Fatalf("after restart: code %d (%s), want double spend", r.Code, r.Log)
	}
}

// TestResultsIndependentOfRestart: the results of a decided block (whose
// codes CometBFT hashes into LastResultsHash) come from committed state
// alone. Two nodes run the same blocks, one restarting between them, and
// commit the same results hash for a block that double spends and creates
// an output that existed.
func TestResultsIndependentOfRestart(t *testing.T) {
	var hashes [2][]byte
	var codes [2][]uint32
	var tx1, tx2 []byte
	for n := range 2 {
		dir := t.TempDir()
		a := openApp(t, dir)
		initChain(t, a)
		if n == 0 {
			ws := walletsFor(t, a)
			id := ws[0].Unspent()[0].ID
			t1, err := ws[0].PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: ws[1].Address(), Amount: ledger.STG}})
			if err != nil {
				t.Fatal(err)
			}
			ws[0].Release(t1)
			t2, err := ws[0].PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: ws[1].Address(), Amount: 2 * ledger.STG}})
			if err != nil {
				t.Fatal(err)
			}
			tx1, tx2 = t1.Encode(), t2.Encode()
		}
		block(t, a, [][]byte{tx1})
		if n == 1 { // restart between the blocks
			a.st.Close()
			a = openApp(t, dir)
		}
		resp := finalize(t, a, 2, []byte("b2"), [][]byte{tx2, tx1})
		hashes[n] = cmttypes.NewResults(resp.TxResults).Hash()
		for _, r := range resp.TxResults {
			codes[n] = append(codes[n], r.Code)
		}
	}
	want := []uint32{uint32(ledger.KindDoubleSpend), uint32(ledger.KindDoubleSpend)}
	if !slices.Equal(codes[0], want) || !slices.Equal(codes[1], want) {
		t.Fatalf("result codes %v (running) and %v (restarted), want %v", codes[0], codes[1], want)
	}
	if !bytes.Equal(hashes[0], hashes[1]) {
		t.Fatalf("results hash %x (running) ≠ %x (restarted)", hashes[0], hashes[1])
	}
}

// TestRejectionReasons checks that CheckTx reports each reason with its code.
func TestRejectionReasons(t *testing.T) {
	a, ws := newApp(t)
	alice, bob := ws[0], ws[1]
	good := func() *ledger.Tx {
		tx, err := alice.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}})
		if err != nil {
			t.Fatal(err)
		}
		alice.Release(tx)
		return tx
	}
	resign := func(tx *ledger.Tx) {
		// Rebuild the signature over the changed body with the real keys.
		var ins []txbuilder.Input
		for _, id := range tx.Inputs {
			for _, u := range alice.Unspent() {
				if u.ID == id {
					in, err := u.Spendable(fixture.keys[0])
					if err != nil {
						t.Fatal(err)
					}
					ins = append(ins, in)
				}
			}
		}
		if err := txbuilder.Sign(rand.Reader, a.params.ChainID, tx, ins); err != nil {
			t.Fatal(err)
		}
	}
	cheap := a.params
	cheap.FeePerOutput, cheap.FeePerByte = 0, 0

	tests := []struct {
		name string
		tx   func() []byte
		want ledger.Kind
	}{
		{"malformed", func() []byte { return []byte("not a transaction") }, ledger.KindMalformed},
		{"oversize", func() []byte { return make([]byte, ledger.MaxTxSize+1) }, ledger.KindOversize},
		{"wrong network", func() []byte {
			tx := good()
			tx.Network = uint8(params.Testnet)
			return tx.Encode()
		}, ledger.KindWrongNetwork},
		{"fee too low", func() []byte {
			w := devwallet.New(cheap, fixture.keys[0])
			for _, u := range alice.Unspent()[:1] {
				for i := uint32(0); i < 16; i++ {
					if ok, _ := w.AddOutput(u.Output, i); ok {
						break
					}
				}
			}
			tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG}})
			if err != nil {
				t.Fatal(err)
			}
			return tx.Encode()
		}, ledger.KindFeeTooLow},
		{"bad range proof", func() []byte {
			tx := good()
			// T1 becomes a non-canonical encoding: the proof cannot decode.
			for i := 3 * 32; i < 4*32; i++ {
				tx.RangeProof[i] = 0xff
			}
			return tx.Encode()
		}, ledger.KindBadRangeProof},
		{"imbalance", func() []byte {
			tx := good()
			tx.Fee++
			resign(tx)
			return tx.Encode()
		}, ledger.KindImbalance},
		{"bad signature", func() []byte {
			tx := good()
			tx.Signature[40] ^= 1
			return tx.Encode()
		}, ledger.KindBadSignature},
		{"unknown input", func() []byte {
			tx := good()
			tx.Inputs[0][0] ^= 1
			return tx.Encode()
		}, ledger.KindUnknownInput},
		{"duplicate input", func() []byte {
			tx := good()
			tx.Inputs = append(tx.Inputs, tx.Inputs[0])
			return tx.Encode()
		}, ledger.KindDuplicateInput},
		{"retired confidential tag 0x01", func() []byte {
			tx := good()
			b := tx.Encode()
			// The first output's tag follows version, network, the
			// input count and ids, and the output count.
			at := 1 + 1 + 2 + 32*len(tx.Inputs) + 2
			if b[at] != byte(ledger.TagConfidential) {
				t.Fatalf("byte %d is %#x, not the first output's tag", at, b[at])
			}
			b[at] = byte(ledger.TypeConfidential)
			return b
		}, ledger.KindMalformed},
		{"output without its payload (a core)", func() []byte {
			tx := good()
			tx.Outputs[0] = tx.Outputs[0].(*ledger.ConfidentialOutput).Core()
			resign(tx)
			return tx.Encode()
		}, ledger.KindBadOutput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkTx(t, a, tt.tx())
			if r.Code != uint32(tt.want) {
				t.Fatalf("code %d (%s), want %d (%s)", r.Code, r.Log, tt.want, tt.want)
			}
		})
	}
}

// TestDuplicateOutputAgainstState: an output id that already exists in the
// UTXO set is refused by the stateful check.
func TestDuplicateOutputAgainstState(t *testing.T) {
	a, ws := newApp(t)
	tx := pay(t, ws[0], ws[1].Address(), ledger.STG, "")
	v := a.stateless(tx)
	if v.err != nil {
		t.Fatal(v.err)
	}
	v.checked.OutputIDs[0] = ws[1].Unspent()[0].ID // pretend it creates an existing output
	err := a.stateful(v, a.st, a.nextHeight())
	if ledger.KindOf(err) != ledger.KindDuplicateOutput {
		t.Fatalf("err = %v, want duplicate output", err)
	}
}

// TestSupplyInvariantRandomWorkload runs random payments among the
// accounts and checks the invariant and a from-scratch audit every block.
func TestSupplyInvariantRandomWorkload(t *testing.T) {
	a, ws := newApp(t)
	extra := devwallet.New(a.params, newKeys(t))
	all := append(ws, extra)
	rng := mrand.New(mrand.NewPCG(1, 2))
	blocks := 6
	if testing.Short() {
		blocks = 3
	}
	for b := 0; b < blocks; b++ {
		var txs [][]byte
		for k := 0; k < 4; k++ {
			from := all[rng.IntN(len(all))]
			to := all[rng.IntN(len(all))]
			if _, avail := from.Balance(); avail < 10*ledger.STG {
				continue
			}
			tx, err := from.Pay(rand.Reader, []txbuilder.Payment{{To: to.Address(), Amount: uint64(rng.IntN(5_000_000)) + 1}})
			if err != nil {
				continue // not enough unreserved outputs this block
			}
			txs = append(txs, tx.Encode())
		}
		block(t, a, txs, all...)
		if err := a.st.Meta().CheckSupply(); err != nil {
			t.Fatalf("block %d: %v", b+1, err)
		}
		rep, err := a.st.Audit()
		if err != nil {
			t.Fatalf("block %d: audit: %v", b+1, err)
		}
		var held uint64
		for _, w := range all {
			total, _ := w.Balance()
			held += total
		}
		if held != rep.Supply {
			t.Fatalf("block %d: wallets hold %d µSTG, supply is %d", b+1, held, rep.Supply)
		}
	}
}

// TestDeterministicAppHash: two nodes fed the same blocks agree.
func TestDeterministicAppHash(t *testing.T) {
	a, ws := newApp(t)
	b := openApp(t, t.TempDir())
	if !bytes.Equal(initChain(t, b), a.st.Meta().AppHash()) {
		t.Fatal("genesis app hashes differ")
	}
	for i := 0; i < 3; i++ {
		tx := pay(t, ws[i%2], ws[(i+1)%2].Address(), uint64(i+1)*ledger.STG, "")
		ra := block(t, a, [][]byte{tx}, ws...)
		rb := finalize(t, b, int64(i+1), []byte{byte(i)}, [][]byte{tx})
		if !bytes.Equal(ra.AppHash, rb.AppHash) {
			t.Fatalf("block %d: app hashes differ", i+1)
		}
	}
}

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	a := openApp(t, dir)
	initChain(t, a)
	ws := walletsFor(t, a)
	block(t, a, [][]byte{pay(t, ws[0], ws[1].Address(), ledger.STG, "")}, ws...)
	want := a.st.Meta().AppHash()
	a.st.Close()

	b := openApp(t, dir)
	info, err := b.Info(context.Background(), &abci.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if info.LastBlockHeight != 1 || !bytes.Equal(info.LastBlockAppHash, want) {
		t.Fatalf("after restart: height %d", info.LastBlockHeight)
	}
	// InitChain again (a crash before block 1 makes CometBFT repeat it) is
	// refused once blocks exist.
	if _, err := b.InitChain(context.Background(), &abci.RequestInitChain{ChainId: b.params.ChainID, AppStateBytes: fixture.appState}); err == nil {
		t.Fatal("InitChain accepted on a state at height 1")
	}
}

func TestInitChainErrors(t *testing.T) {
	buildFixture(t)
	tests := []struct {
		name    string
		chainID string
		state   []byte
	}{
		{"wrong chain id", "other-chain", fixture.appState},
		{"not json", "", []byte("{")},
		{"bad output hex", "", []byte(`{"outputs":["zz"],"supply":1,"gamma":"00"}`)},
		{"bad gamma", "", []byte(`{"outputs":[],"supply":0,"gamma":"00"}`)},
		{"supply does not match", "", bytes.Replace(fixture.appState, []byte(`"supply":16000000000`), []byte(`"supply":16000000001`), 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openApp(t, t.TempDir())
			id := tt.chainID
			if id == "" {
				id = a.params.ChainID
			}
			if _, err := a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: id, AppStateBytes: tt.state}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestQueryUTXO(t *testing.T) {
	a, ws := newApp(t)
	id := ws[0].Unspent()[0].ID
	tests := []struct {
		name string
		path string
		data []byte
		code uint32
	}{
		{"unspent", QueryUTXO, id[:], abci.CodeTypeOK},
		{"absent", QueryUTXO, make([]byte, 32), uint32(ledger.KindUnknownInput)},
		{"short id", QueryUTXO, id[:31], uint32(ledger.KindMalformed)},
		{"unknown path", "/nope", id[:], uint32(ledger.KindMalformed)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := a.Query(context.Background(), &abci.RequestQuery{Path: tt.path, Data: tt.data})
			if err != nil {
				t.Fatal(err)
			}
			if r.Code != tt.code {
				t.Fatalf("code %d (%s), want %d", r.Code, r.Log, tt.code)
			}
			if tt.code == abci.CodeTypeOK {
				o, err := ledger.DecodeCore(r.Value[12:])
				if err != nil || ledger.ID(o) != id {
					t.Fatalf("answer does not decode to the output: %v", err)
				}
			}
		})
	}
}

// TestDeferredRangeProof: a transaction whose proof decodes but does not
// verify passes CheckTx when proofs are deferred, is dropped from the
// proposal by the batch verification (which quarantines its input), and is
// evicted on recheck.
func TestDeferredRangeProof(t *testing.T) {
	a, ws := newApp(t)
	a.mempool.DeferRangeProofs = true
	good := pay(t, ws[0], ws[1].Address(), ledger.STG, "")
	badTx, err := ws[0].Pay(rand.Reader, []txbuilder.Payment{{To: ws[1].Address(), Amount: 2 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	badTx.RangeProof[len(badTx.RangeProof)-64] ^= 1 // the a scalar, still canonical
	txbuilder.Sign(rand.Reader, a.params.ChainID, badTx, spendables(t, ws[0], badTx))
	bad := badTx.Encode()

	if r := checkTx(t, a, bad); r.Code != abci.CodeTypeOK {
		t.Fatalf("deferred CheckTx: code %d (%s)", r.Code, r.Log)
	}
	prep, err := a.PrepareProposal(context.Background(), &abci.RequestPrepareProposal{Txs: [][]byte{bad, good}, MaxTxBytes: 1 << 30, Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(prep.Txs) != 1 || !bytes.Equal(prep.Txs[0], good) {
		t.Fatalf("proposal kept %d txs", len(prep.Txs))
	}
	recheck, err := a.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: bad, Type: abci.CheckTxType_Recheck})
	if err != nil {
		t.Fatal(err)
	}
	// The proposal's bisection found it and quarantined its input.
	if recheck.Code != uint32(ledger.KindQuarantined) {
		t.Fatalf("recheck code %d (%s), want input quarantined", recheck.Code, recheck.Log)
	}
	// A proposal that carries it anyway is rejected.
	proc, err := a.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: [][]byte{good, bad}, Hash: []byte("p"), Height: 1})
	if err != nil {
		t.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_REJECT {
		t.Fatal("proposal with a bad range proof accepted")
	}

	// By default (no deferral) CheckTx verifies the proof itself.
	b, _ := newApp(t)
	if r := checkTx(t, b, bad); r.Code != uint32(ledger.KindBadRangeProof) {
		t.Fatalf("eager CheckTx: code %d (%s)", r.Code, r.Log)
	}
}

func spendables(t testing.TB, w *devwallet.Wallet, tx *ledger.Tx) []txbuilder.Input {
	t.Helper()
	var ins []txbuilder.Input
	for _, id := range tx.Inputs {
		out, index, ok := w.Get(id)
		if !ok {
			t.Fatalf("wallet does not own input %s", id)
		}
		rc, ok, err := txbuilder.Receive(w.Keys(), out, index)
		if err != nil || !ok {
			t.Fatal(err)
		}
		in, err := rc.Spendable(w.Keys())
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	return ins
}
