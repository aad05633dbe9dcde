package rpcserver

import (
	"fmt"
	"runtime"
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

// BenchmarkLimiterSetMemory reports the heap one remembered key costs
// (an IPv4 source: the key string, its bucket, map and list entries); a
// full set of the default 4096 keys costs that many times over.
func BenchmarkLimiterSetMemory(b *testing.B) {
	const keys = 4096
	names := make([]string, keys)
	for i := range names {
		names[i] = fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255)
	}
	var perKey float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ls := newLimiterSet(50, 100, keys, fixedClock)
		for _, n := range names {
			ls.allow(n)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perKey = float64(after.HeapAlloc-before.HeapAlloc) / keys
		runtime.KeepAlive(ls)
	}
	b.ReportMetric(perKey, "B/key")
	b.ReportMetric(perKey*keys/1024, "KiB/full-set")
}
