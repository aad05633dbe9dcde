package rpcserver

import (
	"sync"
	"time"
)

// bucket is a token bucket: rate tokens per second, at most burst.
type bucket struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu     sync.Mutex // guards following
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int, now func() time.Time) *bucket {
	return &bucket{rate: rate, burst: float64(burst), now: now, tokens: float64(burst), last: now()}
}

// allow takes one token if there is one.
func (b *bucket) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.now()
	if el := t.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(b.burst, b.tokens+el*b.rate)
	}
	b.last = t
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
