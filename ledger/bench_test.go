package ledger_test

import (
	"crypto/rand"
	"sync"
	"testing"

	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// blockSize is the number of transactions in BenchmarkValidateBlock1000.
const blockSize = 1000

// benchTx is one encoded 2-in/2-out transaction with the outputs it spends.
type benchTx struct {
	enc    []byte
	inputs []ledger.Output
}

var (
	blockOnce sync.Once
	block     []benchTx
)

// benchBlock returns blockSize distinct 2-in/2-out confidential
// transactions, each spending two genesis-like confidential outputs. They
// are built once per process (about 10 ms each, so 10–30 s on this machine).
func benchBlock(b *testing.B) []benchTx {
	b.Helper()
	blockOnce.Do(func() {
		f := getFixture(b)
		rnd := seeded(1000)
		alice := f.alice
		txs := make([]benchTx, blockSize)
		for i := range txs {
			a := mintConfidential(b, rnd, alice.Address(), 0, 100*ledger.STG+uint64(i))
			c := mintConfidential(b, rnd, alice.Address(), 1, 50*ledger.STG)
			ins := []txbuilder.Input{own(b, alice, a, 0), own(b, alice, c, 1)}
			tx, err := txbuilder.Build(rnd, f.p, ins, []txbuilder.Payment{{To: f.bob.Address(), Amount: 120 * ledger.STG}}, alice.Address(), 0)
			if err != nil {
				b.Fatal(err)
			}
			txs[i] = benchTx{enc: tx.Encode(), inputs: outputsOf(ins)}
		}
		block = txs
	})
	if block == nil {
		b.Fatal("building the block failed earlier")
	}
	return block
}

// BenchmarkValidateTx is what a node does with one 2-in/2-out transaction
// it receives: decode and stateless checks, the range proof on its own, and
// balance and signature against the spent outputs.
func BenchmarkValidateTx(b *testing.B) {
	f := getFixture(b)
	inputs := outputsOf(f.confIn)
	b.ReportAllocs()
	for b.Loop() {
		if err := validate(f.p, f.confEnc, f.p.ChainID, inputs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateTxParts splits BenchmarkValidateTx into its stages, and
// CheckInputs into the signature (key aggregation and Verify) and the rest.
func BenchmarkValidateTxParts(b *testing.B) {
	f := getFixture(b)
	inputs := outputsOf(f.confIn)
	c, err := ledger.CheckStateless(f.p, f.confEnc)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("DecodeTx", func(b *testing.B) {
		for b.Loop() {
			if _, err := ledger.DecodeTx(f.confEnc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CheckStateless", func(b *testing.B) {
		for b.Loop() {
			if _, err := ledger.CheckStateless(f.p, f.confEnc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("VerifyRange", func(b *testing.B) {
		for b.Loop() {
			if err := c.VerifyRange(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CheckInputs", func(b *testing.B) {
		for b.Loop() {
			if err := c.CheckInputs(f.p.ChainID, inputs, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Signature", func(b *testing.B) {
		keys := make([]*schnorr.PublicKey, len(inputs))
		for i, in := range inputs {
			keys[i], _ = schnorr.DecodePublicKey(in.Owner().OneTimeKey[:])
		}
		msg := f.conf.SigHash(f.p.ChainID)
		sig, err := schnorr.DecodeSignature(f.conf.Signature[:])
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			agg, err := schnorr.AggregateKey(keys)
			if err != nil {
				b.Fatal(err)
			}
			if err := schnorr.Verify(agg, msg[:], sig); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkValidateBlock1000 validates a block of 1000 2-in/2-out
// transactions the way ProcessProposal does: stateless checks for each, all
// range proofs in one bulletproofs.BatchVerify, then balance and signature
// for each. The ns/tx metric is the time per transaction.
func BenchmarkValidateBlock1000(b *testing.B) {
	f := getFixture(b)
	txs := benchBlock(b)
	b.ReportAllocs()
	for b.Loop() {
		checked := make([]*ledger.Checked, len(txs))
		stmts := make([]bulletproofs.Statement, 0, len(txs))
		for i, tx := range txs {
			c, err := ledger.CheckStateless(f.p, tx.enc)
			if err != nil {
				b.Fatal(err)
			}
			checked[i] = c
			stmts = append(stmts, *c.Range)
		}
		if err := bulletproofs.BatchVerify(rand.Reader, stmts); err != nil {
			b.Fatal(err)
		}
		for i, c := range checked {
			if err := c.CheckInputs(f.p.ChainID, txs[i].inputs, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(txs)), "ns/tx")
}

// BenchmarkBatchVerify1000 is the BatchVerify step of
// BenchmarkValidateBlock1000 alone.
func BenchmarkBatchVerify1000(b *testing.B) {
	f := getFixture(b)
	txs := benchBlock(b)
	stmts := make([]bulletproofs.Statement, len(txs))
	for i, tx := range txs {
		c, err := ledger.CheckStateless(f.p, tx.enc)
		if err != nil {
			b.Fatal(err)
		}
		stmts[i] = *c.Range
	}
	for b.Loop() {
		if err := bulletproofs.BatchVerify(rand.Reader, stmts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(txs)), "ns/tx")
}
