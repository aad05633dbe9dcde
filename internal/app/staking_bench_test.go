package app

import (
	"context"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
)

// BenchmarkStakingBlock measures an empty block of a chain with n staked
// validators (dev params: at most 10 active): the proposal with its beacon
// contribution, then FinalizeBlock and Commit, which read, update and
// rewrite the validator records and recompute their hash (ADR 0015,
// "per-block rewrite of all validator records"). Target: well under the
// 1 s block time at 1000 records.
func BenchmarkStakingBlock(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("validators=%d", n), func(b *testing.B) {
			stakes := make([]uint64, n)
			for i := range stakes {
				stakes[i] = uint64(100_000+i) * stg
			}
			c := newStakingChain(b, stakes, min(n, 10))
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				s := step{proposer: c.vals[int(c.height)%min(n, 10)]}
				b.StopTimer() // the harness's commit info: not the app's work
				votes := c.votes(nil)
				b.StartTimer()
				ok, txs, hash := c.propose(s)
				if !ok {
					b.Fatalf("block %d rejected", c.height+1)
				}
				if _, err := c.a.FinalizeBlock(ctx, &abci.RequestFinalizeBlock{
					Txs: txs, Hash: hash, Height: c.height + 1, ProposerAddress: s.proposer.addr(),
					DecidedLastCommit: abci.CommitInfo{Votes: votes},
				}); err != nil {
					b.Fatal(err)
				}
				if _, err := c.a.Commit(ctx, &abci.RequestCommit{}); err != nil {
					b.Fatal(err)
				}
				c.height++
			}
		})
	}
}
