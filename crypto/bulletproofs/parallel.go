package bulletproofs

import (
	"runtime"
	"sync"
)

// The prover splits its largest multiplications across CPUs when more than
// one is available (GOMAXPROCS > 1); results do not depend on the split.
// Verification stays on one goroutine: a node verifies many transactions
// concurrently already.

// minChunk is the smallest number of terms worth a goroutine of its own:
// each part of a split multiplication repeats 256 doublings.
const minChunk = 32

// chunks returns how many parts a job of n terms is split into.
func chunks(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/minChunk))
}

// parallel runs fns, concurrently if more than one CPU is available.
func parallel(fns ...func()) {
	if len(fns) == 1 || runtime.GOMAXPROCS(0) == 1 {
		for _, f := range fns {
			f()
		}
		return
	}
	var wg sync.WaitGroup
	for _, f := range fns[1:] {
		wg.Go(f)
	}
	fns[0]()
	wg.Wait()
}

// parallelRange calls f(p, lo, hi) for parts p consecutive ranges
// covering [0, n).
func parallelRange(n, parts int, f func(p, lo, hi int)) {
	fns := make([]func(), parts)
	for p := range parts {
		lo, hi := n*p/parts, n*(p+1)/parts
		fns[p] = func() { f(p, lo, hi) }
	}
	parallel(fns...)
}
