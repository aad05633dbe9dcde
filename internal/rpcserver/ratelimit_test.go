package rpcserver

import (
	"testing"
	"time"
)

func TestBucket(t *testing.T) {
	t.Parallel()
	now := fixedClock()
	b := newBucket(2, 3, func() time.Time { return now })
	steps := []struct {
		advance time.Duration
		want    bool
	}{
		{0, true}, {0, true}, {0, true}, {0, false}, // burst of 3
		{500 * time.Millisecond, true}, {0, false}, // 2/s refills one token in 0.5 s
		{time.Hour, true}, {0, true}, {0, true}, {0, false}, // refill is capped at the burst
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		if got := b.allow(); got != st.want {
			t.Fatalf("step %d: allow = %v, want %v", i, got, st.want)
		}
	}
}
