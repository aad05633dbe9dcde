package state

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/ledger"
)

// BenchmarkSnapshot exports and restores a state of 200,000 unspent
// outputs (each with a payload, as within the retention window) and
// reports the snapshot's chunks and bytes. Setup takes a while (one
// Pedersen commitment per output):
//
//	go test -run '^$' -bench Snapshot -benchtime 1x ./internal/state
func BenchmarkSnapshot(b *testing.B) {
	const n = 200_000
	s, err := Open(b.TempDir(), discard())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	outs := make([]ledger.Output, n)
	r, _ := pedersen.RandomBlinding(rand.Reader)
	c := pedersen.Commit(1, r).Bytes()
	gamma := ristretto255.NewScalar()
	for i := range outs {
		o := &ledger.ConfidentialOutput{}
		rand.Read(o.OneTimeKey[:])
		rand.Read(o.TxKey[:])
		copy(o.Commitment[:], c) // one commitment for all: Σ = n·H + n·r·G
		withPayload(o)
		outs[i] = o
		gamma.Add(gamma, r)
	}
	var g [32]byte
	copy(g[:], gamma.Bytes())
	blk, err := s.Genesis(outs, n, g)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := blk.Finish(); err != nil {
		b.Fatal(err)
	}
	if err := blk.Commit(); err != nil {
		b.Fatal(err)
	}
	if blk, err = s.NewBlock(1); err != nil { // snapshots are of height 1 or more
		b.Fatal(err)
	}
	if _, err := blk.Finish(); err != nil {
		b.Fatal(err)
	}
	if err := blk.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		e, err := s.NewExport()
		if err != nil {
			b.Fatal(err)
		}
		var chunks [][]byte
		var bytes int
		m, err := e.Write(func(idx uint32, ch []byte) error {
			for len(chunks) <= int(idx) {
				chunks = append(chunks, nil)
			}
			chunks[idx] = ch
			bytes += len(ch)
			return nil
		})
		e.Close()
		if err != nil {
			b.Fatal(err)
		}
		exported := time.Since(start)
		dst, err := Open(b.TempDir(), discard())
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		r, err := dst.BeginRestore(m, s.Meta().AppHash())
		if err != nil {
			b.Fatal(err)
		}
		for idx, ch := range chunks {
			if err := r.Apply(uint32(idx), ch); err != nil {
				b.Fatal(err)
			}
		}
		restored := time.Since(start)
		dst.Close()
		b.ReportMetric(float64(m.Chunks), "chunks")
		b.ReportMetric(float64(bytes)/(1<<20), "MiB")
		b.ReportMetric(exported.Seconds(), "export-s")
		b.ReportMetric(restored.Seconds(), "restore-s")
	}
}
