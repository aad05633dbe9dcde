package node

import (
	"context"
	"time"
)

// commitPoll is how often the block store height is checked for logging.
const commitPoll = 100 * time.Millisecond

// commitLogInterval is the minimum time between two "committed" lines: a
// 1 s chain logs every block, a node catching up logs one summary a second.
const commitLogInterval = 900 * time.Millisecond

// logCommits writes one info line per committed block, or per second of
// blocks when they come faster, until ctx is done.
func (n *Node) logCommits(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(commitPoll)
	defer t.Stop()
	logged := n.Height() // last height written to the log
	var lastLine time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h := n.Height()
		if h <= logged || time.Since(lastLine) < commitLogInterval {
			continue
		}
		n.logCommitted(logged+1, h)
		logged, lastLine = h, time.Now()
	}
}

// logCommitted logs the blocks from..to (inclusive).
func (n *Node) logCommitted(from, to int64) {
	bs := n.cmt.BlockStore()
	txs := 0
	for h := from; h <= to; h++ {
		if m := bs.LoadBlockMeta(h); m != nil {
			txs += m.NumTxs
		}
	}
	if from == to {
		hash := ""
		if m := bs.LoadBlockMeta(to); m != nil {
			hash = m.BlockID.Hash.String()
			if len(hash) > 16 {
				hash = hash[:16]
			}
		}
		n.logger.Info("committed block", "height", to, "txs", txs, "hash", hash)
		return
	}
	n.logger.Info("committed blocks", "from", from, "to", to, "txs", txs)
}
