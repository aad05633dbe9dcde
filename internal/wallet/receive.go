package wallet

import (
	"runtime"
	"sync"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
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
	try := func(j job) {
		rc, ok, err := txbuilder.Receive(keys, b.Txs[j.t].Outputs[j.i], uint32(j.i))
		if err != nil {
			out[j.t][j.i].err = err
		} else if ok {
			out[j.t][j.i].rc = rc
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || len(jobs) < minParallel {
		for _, j := range jobs {
			try(j)
		}
		return out
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < len(jobs); k += workers {
				try(jobs[k])
			}
		})
	}
	wg.Wait()
	return out
}
