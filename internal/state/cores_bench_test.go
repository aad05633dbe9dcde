package state

import (
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// The size of BenchmarkOutputCores' UTXO set. The defaults keep
// `go test -run='^$' -bench=OutputCores -benchtime=1x ./internal/state` to
// 20–40 s on two CPUs; docs/benchmarks.md ("Output cores") also quotes a
// run with -cores.outputs=1000000.
var (
	coresOutputs = flag.Int("cores.outputs", 100_000, "confidential outputs BenchmarkOutputCores commits")
	coresBlock   = flag.Int("cores.block", 1_000, "outputs per block in BenchmarkOutputCores")
)

// BenchmarkOutputCores measures what the UTXO set of confidential outputs
// costs a node (ADR 0020, issue 10). It commits -cores.outputs real
// confidential outputs (stealth keys, a sealed 512-byte payload, the
// encrypted amount and the commitment, as txbuilder makes them) in blocks
// of -cores.block, then reports per output:
//
//   - utxo-B/out: the bytes of the UTXO records, Σ len(value) over u/;
//   - utxo-kv-B/out, tree-kv-B/out, payload-kv-B/out: keys and values under
//     u/, t/ (the Merkle tree's nodes) and p/ (the payloads of the window);
//   - tree-records/out: the records under t/ per output;
//   - sst-B/out, dir-B/out: the store's table files and its whole directory
//     (tables, WAL, manifest) after a compaction of the whole key range
//     (store.DB.Compact), Close, and one more Open and Close;
//   - expired-sst-B/out, expired-dir-B/out: the same after every payload
//     expired (Block.Expire, then State.CompactExpired, what a node runs
//     once the retention window has passed): what a node keeps for an old
//     UTXO set.
//
// It also reports the sizes the ADR quotes, taken from the code rather than
// from arithmetic: record-B (len of the state record of a transaction's
// confidential output), core-B (len(ledger.EncodeCore)), output-B
// (len(ledger.EncodeOutput) of a transaction's confidential output),
// tx2x2-B (len(Encode()) of a real 2-in/2-out payment built with
// txbuilder.Build) and tx2x2-size-B (txbuilder.Size(2, 2)).
//
// The time per op is mostly the building of the outputs (on GOMAXPROCS
// goroutines) and is not a figure of interest. Run it with -benchtime=1x.
func BenchmarkOutputCores(b *testing.B) {
	n, per := *coresOutputs, *coresBlock
	if n <= 0 || per <= 0 || n%per != 0 {
		b.Fatalf("-cores.outputs (%d) must be a positive multiple of -cores.block (%d)", n, per)
	}
	sizes := coresTxSizes(b)
	to := coresKeys(b, 7).Address()
	for b.Loop() {
		dir := b.TempDir()
		s, err := Open(dir, discard())
		if err != nil {
			b.Fatal(err)
		}
		g, err := s.Genesis(nil, 0, [32]byte{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.Finish(); err != nil {
			b.Fatal(err)
		}
		if err := g.Commit(); err != nil {
			b.Fatal(err)
		}
		blocks := int64(n / per)
		for h := int64(1); h <= blocks; h++ {
			outs := coresMake(b, to, (h-1)*int64(per), per)
			blk, err := s.NewBlock(h)
			if err != nil {
				b.Fatal(err)
			}
			for i, o := range outs {
				u := &UTXO{ID: ledger.ID(o.out), Output: o.out, Height: h, Index: uint32(i % 2)}
				if err := blk.Add(u); err != nil {
					b.Fatal(err)
				}
				// Keep Σ C = Supply·H + Gamma·G, as a mint would.
				blk.meta.Supply += o.amount
				blk.gamma.Add(blk.gamma, o.blinding)
			}
			if _, err := blk.Finish(); err != nil {
				b.Fatal(err)
			}
			if err := blk.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		// Let a background compaction the commits started finish.
		s.bg.Wait()

		utxo := coresPrefix(b, s, prefixUTXO)
		tree := coresPrefix(b, s, prefixTree)
		pay := coresPrefix(b, s, prefixPayload)
		if utxo.n != n || pay.n != n {
			b.Fatalf("%d UTXO records and %d payloads, want %d", utxo.n, pay.n, n)
		}
		if err := s.db.Compact([]byte{0}, []byte{0xff}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		full := coresDir(b, dir)

		// The retention window passes over every block: the node's path.
		if s, err = Open(dir, discard()); err != nil {
			b.Fatal(err)
		}
		blk, err := s.NewBlock(blocks + 1)
		if err != nil {
			b.Fatal(err)
		}
		if dropped, err := blk.Expire(blocks); err != nil || dropped != n {
			b.Fatalf("Expire dropped %d payloads (%v), want %d", dropped, err, n)
		}
		if _, err := blk.Finish(); err != nil {
			b.Fatal(err)
		}
		if err := blk.Commit(); err != nil {
			b.Fatal(err)
		}
		s.bg.Wait()
		if err := s.CompactExpired(blocks); err != nil {
			b.Fatal(err)
		}
		if left := coresPrefix(b, s, prefixPayload); left.n != 0 {
			b.Fatalf("%d payloads left after expiry", left.n)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		expired := coresDir(b, dir)

		b.Logf("%d outputs: compacted: %d B of tables, %d B in all, other files %v", n, full.sst, full.all, full.other)
		b.Logf("%d outputs: payloads expired: %d B of tables, %d B in all, other files %v", n, expired.sst, expired.all, expired.other)
		perOut := func(v int64) float64 { return float64(v) / float64(n) }
		b.ReportMetric(float64(n), "outputs")
		b.ReportMetric(perOut(utxo.values), "utxo-B/out")
		b.ReportMetric(perOut(utxo.keys+utxo.values), "utxo-kv-B/out")
		b.ReportMetric(perOut(tree.keys+tree.values), "tree-kv-B/out")
		b.ReportMetric(float64(tree.n)/float64(n), "tree-records/out")
		b.ReportMetric(perOut(pay.keys+pay.values), "payload-kv-B/out")
		b.ReportMetric(perOut(full.sst), "sst-B/out")
		b.ReportMetric(perOut(full.all), "dir-B/out")
		b.ReportMetric(perOut(expired.sst), "expired-sst-B/out")
		b.ReportMetric(perOut(expired.all), "expired-dir-B/out")
	}
	for _, m := range sizes {
		b.ReportMetric(float64(m.v), m.unit)
	}
}

// coresOut is a confidential output with its amount and blinding factor.
type coresOut struct {
	out      *ledger.ConfidentialOutput
	amount   uint64
	blinding *ristretto255.Scalar
}

// coresMake makes the count outputs numbered from first on, on GOMAXPROCS
// goroutines. Output i comes from a random source seeded with i, so every
// run commits the same outputs.
func coresMake(b *testing.B, to stealth.Address, first int64, count int) []coresOut {
	outs := make([]coresOut, count)
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < count; i += workers {
				var seed [32]byte
				binary.LittleEndian.PutUint64(seed[:], uint64(first)+uint64(i))
				rnd := rand.NewChaCha8(seed)
				amount := 1 + rand.New(rnd).Uint64N(1000*ledger.STG)
				out, r, err := coresConfidential(rnd, to, uint32(i%2), amount)
				if err != nil {
					errs[w] = err
					return
				}
				outs[i] = coresOut{out, amount, r}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return outs
}

// coresConfidential makes a confidential output of amount to to, as
// txbuilder does: a sealed payment payload, the encrypted amount and the
// commitment with the derived blinding factor.
func coresConfidential(rnd *rand.ChaCha8, to stealth.Address, index uint32, amount uint64) (*ledger.ConfidentialOutput, *ristretto255.Scalar, error) {
	so, ss, err := stealth.NewOutput(rnd, to, index)
	if err != nil {
		return nil, nil, err
	}
	return txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment})
}

// coresKeys returns the keys of a wallet seeded with seed.
func coresKeys(b *testing.B, seed byte) *stealth.Keys {
	rnd := rand.NewChaCha8([32]byte{seed})
	view, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		b.Fatal(err)
	}
	spend, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		b.Fatal(err)
	}
	k, err := stealth.NewKeys(view, spend)
	if err != nil {
		b.Fatal(err)
	}
	return k
}

type coresMetric struct {
	v    int
	unit string
}

// coresTxSizes builds a 2-in/2-out payment (a payment and its change) and
// returns the sizes of it, of its first confidential output and of that
// output's state record.
func coresTxSizes(b *testing.B) []coresMetric {
	p, err := params.For(params.Dev)
	if err != nil {
		b.Fatal(err)
	}
	alice, bob := coresKeys(b, 1), coresKeys(b, 2)
	rnd := rand.NewChaCha8([32]byte{3})
	var ins []txbuilder.Input
	for i, amount := range []uint64{100 * ledger.STG, 50 * ledger.STG} {
		out, _, err := coresConfidential(rnd, alice.Address(), uint32(i), amount)
		if err != nil {
			b.Fatal(err)
		}
		rc, ok, err := txbuilder.Receive(alice, out, uint32(i))
		if err != nil || !ok {
			b.Fatalf("receiving a coin: ok=%v err=%v", ok, err)
		}
		in, err := rc.Spendable(alice)
		if err != nil {
			b.Fatal(err)
		}
		ins = append(ins, in)
	}
	tx, err := txbuilder.Build(rnd, &p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: 120 * ledger.STG, Memo: []byte("rent")}}, alice.Address(), 0)
	if err != nil {
		b.Fatal(err)
	}
	if len(tx.Inputs) != 2 || len(tx.Outputs) != 2 {
		b.Fatalf("built %d inputs and %d outputs, want 2 and 2", len(tx.Inputs), len(tx.Outputs))
	}
	out, ok := tx.Outputs[0].(*ledger.ConfidentialOutput)
	if !ok {
		b.Fatalf("output 0 is a %T", tx.Outputs[0])
	}
	rec := (&UTXO{ID: ledger.ID(out), Output: out, Height: 1, Index: 0}).encode()
	return []coresMetric{
		{len(rec), "record-B"},
		{len(ledger.EncodeCore(out)), "core-B"},
		{len(ledger.EncodeOutput(out)), "output-B"},
		{len(tx.Encode()), "tx2x2-B"},
		{txbuilder.Size(2, 2), "tx2x2-size-B"},
	}
}

// coresKV counts the records under a prefix and their key and value bytes.
type coresKV struct {
	n            int
	keys, values int64
}

func coresPrefix(b *testing.B, s *State, prefix []byte) coresKV {
	var c coresKV
	if err := s.db.Iterate(prefix, func(k, v []byte) error {
		c.n++
		c.keys += int64(len(k))
		c.values += int64(len(v))
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return c
}

// coresFiles are the bytes of a closed store's directory, reopened and
// closed: its table files and every file (tables, WAL, manifest, options),
// by apparent size.
type coresFiles struct {
	sst, all int64
	other    []string // the files other than tables, with their sizes
}

func coresDir(b *testing.B, dir string) coresFiles {
	// Open and close the store once more: pebble deletes the write-ahead
	// logs that a flush made obsolete when it opens, not when it closes.
	s, err := Open(dir, discard())
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	var f coresFiles
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f.all += info.Size()
		if strings.HasSuffix(path, ".sst") {
			f.sst += info.Size()
		} else {
			f.other = append(f.other, fmt.Sprintf("%s %d", d.Name(), info.Size()))
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return f
}
