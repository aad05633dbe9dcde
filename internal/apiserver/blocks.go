package apiserver

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
)

// DefaultWatchInterval is WatchBlocks' polling interval when it is given
// none.
const DefaultWatchInterval = 500 * time.Millisecond

// WatchBlocks publishes an api.NewBlockEvent on api.TopicNewBlock for every
// block committed after it starts, in height order, until ctx is done. It
// polls src's tip every interval (DefaultWatchInterval if interval is not
// positive) and publishes each block up to the tip. A block that cannot be
// read is retried at the next poll, so none is skipped, with one exception:
// a block the node reports as not found while below its tip (pruned) is
// logged and passed over. If the tip goes backwards (the node was reset)
// it follows the new chain from there. Failures are logged once when they
// start and once when they end; a nil logger discards them.
//
// Run it in its own goroutine; publish is called from it.
func WatchBlocks(ctx context.Context, src chainsrc.Source, interval time.Duration, publish func(topic string, payload any), logger *slog.Logger) {
	if interval <= 0 {
		interval = DefaultWatchInterval
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	w := &blockWatcher{src: src, publish: publish, log: logger, last: -1}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		w.poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// blockWatcher is WatchBlocks' state between polls.
type blockWatcher struct {
	src     chainsrc.Source
	publish func(topic string, payload any)
	log     *slog.Logger
	// last is the last height published (or the tip when watching began);
	// -1 until the first tip is known.
	last int64
	// failing is set while the source fails, so a failure is logged once.
	failing bool
}

// poll publishes the blocks from last+1 up to the current tip.
func (w *blockWatcher) poll(ctx context.Context) {
	tip, err := w.src.Tip(ctx)
	if err != nil {
		w.failed(ctx, "read the chain tip", 0, err)
		return
	}
	switch {
	case w.last < 0:
		w.last = tip
		w.recovered()
		return
	case tip < w.last:
		w.log.Warn("chain tip went backwards; following the new chain", "tip", tip, "published", w.last)
		w.last = tip
	}
	for h := w.last + 1; h <= tip && ctx.Err() == nil; h++ {
		b, err := w.src.Block(ctx, h)
		if errors.Is(err, chainsrc.ErrNotFound) && h < tip {
			w.log.Warn("block not available; not published", "height", h, "err", err)
			w.last = h
			continue
		}
		if err != nil {
			w.failed(ctx, "read a block", h, err)
			return
		}
		w.publish(api.TopicNewBlock, api.NewBlockEvent{
			Height: b.Height,
			Hash:   hex.EncodeToString(b.Hash),
			Time:   b.Time,
			Txs:    len(b.Txs),
		})
		w.last = h
	}
	w.recovered()
}

// failed logs the first of a run of failures.
func (w *blockWatcher) failed(ctx context.Context, what string, height int64, err error) {
	if ctx.Err() != nil || w.failing {
		return
	}
	w.failing = true
	w.log.Warn("watching blocks: cannot "+what+"; retrying", "height", height, "err", err)
}

// recovered logs the end of a run of failures.
func (w *blockWatcher) recovered() {
	if w.failing {
		w.failing = false
		w.log.Info("watching blocks again", "height", w.last)
	}
}
