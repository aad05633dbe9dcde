package attack

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// sendStats is what a batch of submitted transactions got.
type sendStats struct {
	Sent, Admitted, Bytes int
	Codes                 codeCounts
	Took                  time.Duration
}

// sendAll submits txs from workers goroutines, each as soon as the RPC
// has answered its previous one, and counts the answers.
func (c *chain) sendAll(ctx context.Context, txs [][]byte, workers int) *sendStats {
	answers := make([]answer, len(txs))
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				answers[i] = c.submit(ctx, txs[i])
			}
		}()
	}
	for i := range txs {
		next <- i
	}
	close(next)
	wg.Wait()
	st := &sendStats{Sent: len(txs), Took: time.Since(start)}
	for i, a := range answers {
		st.Bytes += len(txs[i])
		st.Codes.add(a)
		if a.admitted() {
			st.Admitted++
		}
	}
	return st
}

// floodWorkers is how many submissions the flood keeps in flight.
const floodWorkers = 8

// flood replays issue 9 item 1: N distinct, validly signed spends of one
// coin with broken range proofs, then N distinct valid spends of another
// coin. Before the fix all of them entered the mempool (and the bad
// proofs cost every proposer a bisection); the defence admits none of the
// first and one of the second.
func (r *runner) flood(ctx context.Context) []Result {
	n := r.cfg.N
	const test = "internal/app TestOneCoinCannotFloodTheMempool, TestQuarantineEnds, TestRecheckRebuildsConflictIndex"
	bad := Result{Item: 1, Name: "flood-bad-proofs", Test: test}
	good := Result{Item: 1, Name: "flood-conflicting", Test: test}
	p, err := r.attacker(ctx)
	if err != nil {
		return []Result{errorResult(bad, err), errorResult(good, err)}
	}
	coin, err := p.take()
	if err != nil {
		return []Result{errorResult(bad, err), errorResult(good, err)}
	}
	txs, err := p.badProofSpends(coin, n)
	if err != nil {
		return []Result{errorResult(bad, err), errorResult(good, err)}
	}
	st := r.chain.sendAll(ctx, txs, floodWorkers)
	bad.Did = fmt.Sprintf("submitted %d distinct spends of one coin, each signed by its owner and balanced, with range proofs that do not verify (%s in %s)",
		n, mib(st.Bytes), st.Took.Round(time.Millisecond))
	bad.Answer = fmt.Sprintf("%d of %d admitted; %s", st.Admitted, n, st.Codes.String())
	bad.Verdict = judge(st.Admitted == 0)

	coin, err = p.take()
	if err != nil {
		return []Result{bad, errorResult(good, err)}
	}
	txs, err = p.conflictingSpends(coin, n)
	if err != nil {
		return []Result{bad, errorResult(good, err)}
	}
	st = r.chain.sendAll(ctx, txs, floodWorkers)
	good.Did = fmt.Sprintf("submitted %d distinct valid spends of one coin (%s in %s)", n, mib(st.Bytes), st.Took.Round(time.Millisecond))
	good.Answer = fmt.Sprintf("%d of %d admitted; %s", st.Admitted, n, st.Codes.String())
	good.Verdict = judge(st.Admitted <= 1)
	return []Result{bad, good}
}

// mib formats a byte count.
func mib(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
}

// errorResult marks r as not carried out because of err.
func errorResult(r Result, err error) Result {
	r.Verdict = Error
	if r.Did == "" {
		r.Did = "could not carry out the attack"
	}
	r.Answer = err.Error()
	return r
}
