package wallet

import (
	"runtime"
	"sync"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// found is the outcome of trying one output with an account's view key.
type found struct {
	rc  *txbuilder.Received // nil: not ours
	err error               // ours, but it does not open
}

// minParallel is the number of outputs below which a block is scanned on
// one goroutine (starting workers costs more than it saves).
const minParallel = 64

// receiveBlock tries every output of b with keys, spread over the CPUs:
// each try is one constant-time scalar multiplication (docs/benchmarks.md),
// so a recovery rescanning many blocks runs about as many times faster as
// there are cores. out[t][i] is output i of transaction t.
func receiveBlock(keys *stealth.Keys, b *chainsrc.Block) [][]found {
	out := make([][]found, len(b.Txs))
	type job struct{ t, i int }
	var jobs []job
	for t, tx := range b.Txs {
		out[t] = make([]found, len(tx.Outputs))
		for i := range tx.Outputs {
			jobs = append(jobs, job{t, i})
		}
	}
	parallel(len(jobs), func(k int) {
		j := jobs[k]
		out[j.t][j.i] = try(keys, b.Txs[j.t].Outputs[j.i], uint32(j.i))
	})
	return out
}

// receiveCores tries every core of a page of the UTXO set with keys, as
// receiveBlock does a block's outputs. out[i] is cores[i].
func receiveCores(keys *stealth.Keys, cores []chainsrc.Core) []found {
	out := make([]found, len(cores))
	parallel(len(cores), func(i int) { out[i] = try(keys, cores[i].Output, cores[i].Index) })
	return out
}

// try tries one output (at position index in its transaction) with keys.
func try(keys *stealth.Keys, out ledger.Output, index uint32) found {
	rc, ok, err := txbuilder.Receive(keys, out, index)
	switch {
	case err != nil:
		return found{err: err}
	case ok:
		return found{rc: rc}
	}
	return found{}
}

// parallel calls fn(0) ... fn(n-1) on up to GOMAXPROCS goroutines (on the
// caller's alone for fewer than minParallel calls).
func parallel(n int, fn func(int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || n < minParallel {
		for k := range n {
			fn(k)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < n; k += workers {
				fn(k)
			}
		})
	}
	wg.Wait()
}
