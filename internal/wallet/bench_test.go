package wallet

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// benchBlockTxs is the number of 2-in/2-out transactions in the benchmark
// block: 500 outputs.
const benchBlockTxs = 250

// benchHitTxs is the number of transactions paying the benchmark account.
const benchHitTxs = 32

// benchOutput is an output at its position in its transaction.
type benchOutput struct {
	out   ledger.Output
	index uint32
}

// benchData are real confidential transactions, built once per process
// (about 2 s of proving): benchBlockTxs between two strangers and
// benchHitTxs paying the benchmark account, each with change.
type benchData struct {
	phrase  string         // recovery phrase of the benchmark account
	sec     *secrets       // its keys, as the wallet derives them
	foreign []*ledger.Tx   // transactions between strangers
	paying  []*ledger.Tx   // transactions paying the account
	misses  []benchOutput  // outputs of foreign
	hits    []benchOutput  // the account's outputs in paying
	p       *params.Params // dev network
}

var (
	benchOnce sync.Once
	benchVal  *benchData
	benchErr  error
)

// loadBenchData builds the benchmark transactions on first use.
func loadBenchData(b *testing.B) *benchData {
	b.Helper()
	benchOnce.Do(func() { benchVal, benchErr = buildBenchData() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchVal
}

// benchRand returns a deterministic random source.
func benchRand(seed byte) io.Reader {
	return rand.NewChaCha8([32]byte{seed})
}

func buildBenchData() (*benchData, error) {
	p, err := params.For(params.Dev)
	if err != nil {
		return nil, err
	}
	m, err := keys.MnemonicFromEntropy(bytes.Repeat([]byte{0x5e}, keys.EntropySize))
	if err != nil {
		return nil, err
	}
	sec, plain, err := seedSecrets(m)
	if err != nil {
		return nil, err
	}
	clear(plain)
	d := &benchData{phrase: m.Phrase(), sec: sec, p: &p}
	rnd := benchRand(1)
	alice, err := benchKeys(rnd)
	if err != nil {
		return nil, err
	}
	bob, err := benchKeys(rnd)
	if err != nil {
		return nil, err
	}
	pay := func(to stealth.Address) (*ledger.Tx, error) {
		var ins []txbuilder.Input
		for i, amount := range []uint64{100 * ledger.STG, 50 * ledger.STG} {
			in, err := benchCoin(rnd, alice, uint32(i), amount)
			if err != nil {
				return nil, err
			}
			ins = append(ins, in)
		}
		return txbuilder.Build(rnd, &p, ins, []txbuilder.Payment{{To: to, Amount: 120 * ledger.STG, Memo: []byte("rent")}}, alice.Address(), 0)
	}
	for range benchBlockTxs {
		tx, err := pay(bob.Address())
		if err != nil {
			return nil, err
		}
		d.foreign = append(d.foreign, tx)
		for i, out := range tx.Outputs {
			d.misses = append(d.misses, benchOutput{out, uint32(i)})
		}
	}
	for range benchHitTxs {
		tx, err := pay(sec.keys.Address())
		if err != nil {
			return nil, err
		}
		d.paying = append(d.paying, tx)
		for i, out := range tx.Outputs {
			if _, ok := sec.viewOnly.Scan(benchStealthOutput(out), uint32(i)); ok {
				d.hits = append(d.hits, benchOutput{out, uint32(i)})
			}
		}
	}
	if len(d.hits) != benchHitTxs {
		return nil, errors.New("the account does not own one output of each paying transaction")
	}
	return d, nil
}

func benchStealthOutput(out ledger.Output) stealth.Output {
	r := out.Owner()
	return stealth.Output{TxKey: r.TxKey, OneTimeKey: r.OneTimeKey, ViewTag: r.ViewTag}
}

// benchKeys returns the keys of a random wallet.
func benchKeys(rnd io.Reader) (*stealth.Keys, error) {
	view, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		return nil, err
	}
	spend, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		return nil, err
	}
	return stealth.NewKeys(view, spend)
}

// benchCoin mints a confidential output of amount to k, as genesis does,
// and returns it as an input k can spend.
func benchCoin(rnd io.Reader, k *stealth.Keys, index uint32, amount uint64) (txbuilder.Input, error) {
	so, ss, err := stealth.NewOutput(rnd, k.Address(), index)
	if err != nil {
		return txbuilder.Input{}, err
	}
	out, _, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment})
	if err != nil {
		return txbuilder.Input{}, err
	}
	rc, _, err := txbuilder.Receive(k, out, index)
	if err != nil {
		return txbuilder.Input{}, err
	}
	return rc.Spendable(k)
}

// BenchmarkScanOutputs is the wallet's work on one output of a block, the
// txbuilder.Receive call of applyBlock with the account's view-only keys:
//
//   - miss: an output of a 2-in/2-out payment between strangers, the common
//     case. One a·R, then the view tag rejects the output (1 in 256 foreign
//     outputs passes the tag and costs a derivation of P as well).
//   - hit: the account's output of a payment to it: the scan, the
//     derivation of P, decrypting the payload and opening the commitment.
//
// The outputs/s metric is per core when run with -cpu=1. Target (issue
// #4): at least 100,000 outputs/s/core on misses.
func BenchmarkScanOutputs(b *testing.B) {
	d := loadBenchData(b)
	vo := d.sec.viewOnly
	run := func(outs []benchOutput, want bool) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				o := outs[i%len(outs)]
				_, ok, err := txbuilder.Receive(vo, o.out, o.index)
				if err != nil || ok != want {
					b.Fatalf("Receive: ok=%v err=%v, want ok=%v", ok, err, want)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "outputs/s")
		}
	}
	b.Run("miss", run(d.misses, false))
	b.Run("hit", run(d.hits, true))
}

// BenchmarkApplyBlock applies a block of 250 2-in/2-out transactions (500
// outputs, 500 spent inputs) to one account through Service.applyBlock: the
// input look-ups in the wallet database, the scan of every output and the
// batch that records the new scanned height.
//
//   - miss: no transaction concerns the account (no fsync).
//   - hit: one transaction pays the account, so applyBlock also writes the
//     output and the history entry and syncs the batch.
//
// It starts a test node (the wallet's Source) and is skipped with -short.
// It reports outputs/s; the target is the scanning one of
// BenchmarkScanOutputs.
func BenchmarkApplyBlock(b *testing.B) {
	if testing.Short() {
		b.Skip("runs a node")
	}
	d := loadBenchData(b)
	n := testnode.Start(b, testnode.Options{BlockInterval: time.Second})
	// Poll hourly: the scanner runs once at the start and when poked, so it
	// does not compete with the benchmark for the lock.
	w, err := Open(Config{Dir: b.TempDir(), Source: &nodeSource{n: n}, Params: &n.Params, KDF: keystore.MinParams(), Poll: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = w.Close() })
	acc, err := w.RecoverAccount(context.Background(), "bench", d.phrase, "pw")
	if err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(25 * time.Millisecond) {
		st, err := w.SyncStatus(context.Background(), acc.ID)
		if err != nil {
			b.Fatal(err)
		}
		if st.Synced {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("account not synced: %+v", st)
		}
	}
	w.mu.Lock()
	a := w.accounts[acc.ID]
	w.mu.Unlock()

	hitTxs := append([]*ledger.Tx{d.paying[0]}, d.foreign[1:]...)
	for _, bc := range []struct {
		name string
		txs  []*ledger.Tx
		want bool
	}{{"miss", d.foreign, false}, {"hit", hitTxs, true}} {
		b.Run(bc.name, func(b *testing.B) {
			outputs := 0
			for _, tx := range bc.txs {
				outputs += len(tx.Outputs)
			}
			blk := &chainsrc.Block{Hash: bytes.Repeat([]byte{0xb1}, 32), Time: time.Now(), Txs: bc.txs}
			b.ReportAllocs()
			for b.Loop() {
				// The scanner's two steps: try every output (in parallel
				// on GOMAXPROCS cores), then record under the lock.
				tried := receiveBlock(a.sec.viewOnly, blk)
				w.mu.Lock()
				// Blocks beyond the node's tip: the scanner leaves the
				// account alone.
				blk.Height = a.rec.ScannedHeight + 1
				touched, err := w.applyBlock(a, blk, tried)
				w.mu.Unlock()
				if err != nil || touched != bc.want {
					b.Fatalf("applyBlock: touched=%v err=%v, want touched=%v", touched, err, bc.want)
				}
			}
			b.ReportMetric(float64(b.N*outputs)/b.Elapsed().Seconds(), "outputs/s")
		})
	}
}

// BenchmarkReceiveCores is the wallet's work on one page of the UTXO set
// when it restores from cores after the retention window
// (restoreFromCores): receiveCores over restorePage cores, the payment
// outputs of benchData without their payloads, 1 in 16 the account's,
// tried in parallel on GOMAXPROCS cores. outputs/s divides the size of a
// UTXO set into the CPU time of a restore (the node's pages come on top).
func BenchmarkReceiveCores(b *testing.B) {
	d := loadBenchData(b)
	cores := make([]chainsrc.Core, restorePage)
	for i := range cores {
		o := d.misses[i%len(d.misses)]
		if i%16 == 0 {
			o = d.hits[(i/16)%len(d.hits)]
		}
		out := o.out
		if c, ok := out.(*ledger.ConfidentialOutput); ok {
			out = c.Core()
		}
		cores[i] = chainsrc.Core{ID: ledger.ID(out), Output: out, Index: o.index}
	}
	b.ReportAllocs()
	for b.Loop() {
		mine := 0
		for _, f := range receiveCores(d.sec.viewOnly, cores) {
			if f.err != nil {
				b.Fatal(f.err)
			}
			if f.rc != nil {
				mine++
			}
		}
		if want := (len(cores) + 15) / 16; mine != want {
			b.Fatalf("found %d outputs, want %d", mine, want)
		}
	}
	b.ReportMetric(float64(b.N*len(cores))/b.Elapsed().Seconds(), "outputs/s")
}
