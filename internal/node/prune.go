package node

import (
	"context"
	"time"
)

// Pruning (ADR 0021): the application's Commit returns a retain height and
// CometBFT deletes the blocks below it from its block store. goleveldb
// keeps the deleted bytes on disk until a compaction rewrites the tables
// that hold them, and its own compactions rarely reach the old levels of a
// store that only grows at the top, so the node compacts the block store
// itself, at most once per CompactEvery pruned blocks.

// DefaultCompactEvery is Config.CompactEvery's default: one compaction of
// the block store per 1000 pruned blocks (about 17 minutes of 1 s blocks).
const DefaultCompactEvery = 1000

// compactPoll is how often the block store's base is checked.
const compactPoll = 2 * time.Second

// compactLoop compacts the block store whenever its base (the lowest block
// kept) moved CompactEvery blocks past the last compaction, until ctx is
// done.
func (n *Node) compactLoop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	every := n.cfg.CompactEvery
	if every <= 0 {
		every = DefaultCompactEvery
	}
	t := time.NewTicker(compactPoll)
	defer t.Stop()
	last := n.cmt.BlockStore().Base()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		base := n.cmt.BlockStore().Base()
		if base-last < every {
			continue
		}
		db := n.dbs.blockStore()
		if db == nil {
			continue
		}
		start := time.Now()
		if err := db.Compact(nil, nil); err != nil {
			n.logger.Warn("compacting the block store", "err", err)
			continue
		}
		n.compactions.Add(1)
		n.logger.Info("block store compacted after pruning", "base", base, "pruned_since_last", base-last, "took", time.Since(start).Round(time.Millisecond))
		last = base
	}
}

// Compactions returns how many times the node compacted its block store
// after pruning (tests).
func (n *Node) Compactions() int64 { return n.compactions.Load() }

// BlockStoreBase returns the lowest height the block store still holds (1
// unless blocks were pruned, 0 when empty).
func (n *Node) BlockStoreBase() int64 { return n.cmt.BlockStore().Base() }
