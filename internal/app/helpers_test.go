package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// The genesis of these tests: 2 accounts with 8 outputs each. It is built
// without internal/genesis (which imports this package) by the same steps.
var (
	fixtureOnce sync.Once
	fixture     struct {
		appState []byte
		keys     []*stealth.Keys
	}
)

func testParams() params.Params {
	p, _ := params.For(params.Dev)
	return p
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newApp returns an app over a fresh state in a temp dir with the fixture
// genesis loaded, and wallets for the fixture accounts.
func newApp(t testing.TB) (*App, []*devwallet.Wallet) {
	t.Helper()
	a := openApp(t, t.TempDir())
	initChain(t, a)
	return a, walletsFor(t, a)
}

func openApp(t testing.TB, dir string) *App {
	t.Helper()
	st, err := state.Open(dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := New(Config{Params: testParams(), State: st, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func initChain(t testing.TB, a *App) []byte {
	t.Helper()
	buildFixture(t)
	resp, err := a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: a.params.ChainID, AppStateBytes: fixture.appState})
	if err != nil {
		t.Fatal(err)
	}
	return resp.AppHash
}

func buildFixture(t testing.TB) {
	t.Helper()
	fixtureOnce.Do(func() {
		g := &Genesis{}
		var gamma [32]byte
		_ = gamma
		var keys []*stealth.Keys
		sum := newScalar()
		idx := uint32(0)
		for i := 0; i < 2; i++ {
			k := newKeys(t)
			keys = append(keys, k)
			for j := 0; j < 8; j++ {
				out, r := confidentialOutput(t, k.Address(), idx, 1000*ledger.STG)
				sum.Add(sum, r)
				g.Outputs = append(g.Outputs, hex.EncodeToString(ledger.EncodeOutput(out)))
				proof, err := ProveGenesisOutput(rand.Reader, idx, 1000*ledger.STG, r)
				if err != nil {
					t.Fatal(err)
				}
				g.RangeProofs = append(g.RangeProofs, proof)
				g.Supply += 1000 * ledger.STG
				idx++
			}
		}
		g.Gamma = hex.EncodeToString(sum.Bytes())
		b, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		fixture.appState, fixture.keys = b, keys
	})
}

func walletsFor(t testing.TB, a *App) []*devwallet.Wallet {
	t.Helper()
	var ws []*devwallet.Wallet
	for _, k := range fixture.keys {
		ws = append(ws, devwallet.New(a.params, k))
	}
	err := a.st.ForEachUTXO(func(u *state.UTXO) error {
		for _, w := range ws {
			if _, err := w.AddOutput(u.Output, u.Index); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// block runs one block through the full ABCI sequence the way a
// single-validator CometBFT does and returns the FinalizeBlock response.
// It fails the test if ProcessProposal rejects.
func block(t *testing.T, a *App, txs [][]byte, ws ...*devwallet.Wallet) *abci.ResponseFinalizeBlock {
	t.Helper()
	ctx := context.Background()
	height := a.st.Meta().Height + 1
	prep, err := a.PrepareProposal(ctx, &abci.RequestPrepareProposal{Txs: txs, MaxTxBytes: 1 << 30, Height: height})
	if err != nil {
		t.Fatal(err)
	}
	hash := blockHash(height, prep.Txs)
	proc, err := a.ProcessProposal(ctx, &abci.RequestProcessProposal{Txs: prep.Txs, Hash: hash, Height: height})
	if err != nil {
		t.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_ACCEPT {
		t.Fatalf("block %d: proposal rejected", height)
	}
	resp := finalize(t, a, height, hash, prep.Txs)
	for _, tx := range prep.Txs {
		decoded, err := ledger.DecodeTx(tx)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if err := w.ApplyTx(decoded); err != nil {
				t.Fatal(err)
			}
		}
	}
	return resp
}

func finalize(t *testing.T, a *App, height int64, hash []byte, txs [][]byte) *abci.ResponseFinalizeBlock {
	t.Helper()
	ctx := context.Background()
	resp, err := a.FinalizeBlock(ctx, &abci.RequestFinalizeBlock{Txs: txs, Hash: hash, Height: height})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(ctx, &abci.RequestCommit{}); err != nil {
		t.Fatal(err)
	}
	return resp
}

func blockHash(height int64, txs [][]byte) []byte {
	h := sha256.New()
	h.Write([]byte{byte(height), byte(height >> 8)})
	for _, tx := range txs {
		s := sha256.Sum256(tx)
		h.Write(s[:])
	}
	return h.Sum(nil)
}

func pay(t *testing.T, from *devwallet.Wallet, to stealth.Address, amount uint64, memo string) []byte {
	t.Helper()
	tx, err := from.Pay(rand.Reader, []txbuilder.Payment{{To: to, Amount: amount, Memo: []byte(memo)}})
	if err != nil {
		t.Fatal(err)
	}
	return tx.Encode()
}

func checkTx(t testing.TB, a *App, tx []byte) *abci.ResponseCheckTx {
	t.Helper()
	resp, err := a.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
