package rpcserver

import (
	"container/list"
	"net/netip"
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

// limiterSet keeps a token bucket per key (a client, a source address),
// so that every connection of one key draws on the same budget. It
// remembers at most max keys: a new key beyond that evicts the least
// recently used one, whose budget starts afresh if it comes back.
type limiterSet struct {
	rate  float64
	burst int
	max   int
	now   func() time.Time

	mu    sync.Mutex // guards following
	keys  map[string]*list.Element
	order list.List // of *keyedBucket, most recently used first
}

type keyedBucket struct {
	key string
	b   *bucket
}

func newLimiterSet(rate float64, burst, maxKeys int, now func() time.Time) *limiterSet {
	return &limiterSet{rate: rate, burst: burst, max: max(maxKeys, 1), now: now, keys: map[string]*list.Element{}}
}

// allow takes one token from key's bucket if there is one.
func (ls *limiterSet) allow(key string) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	e, ok := ls.keys[key]
	if ok {
		ls.order.MoveToFront(e)
	} else {
		if ls.order.Len() >= ls.max {
			old := ls.order.Back()
			ls.order.Remove(old)
			delete(ls.keys, old.Value.(*keyedBucket).key)
		}
		e = ls.order.PushFront(&keyedBucket{key, newBucket(ls.rate, ls.burst, ls.now)})
		ls.keys[key] = e
	}
	return e.Value.(*keyedBucket).b.allow()
}

// len returns the number of keys remembered.
func (ls *limiterSet) len() int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return len(ls.keys)
}

// sourceKey is the rate-limit key of a request's remote address: the IPv4
// address, or the /64 prefix of an IPv6 address (one host usually holds a
// whole /64). The port is left out, so every connection of a host counts
// together. An address that does not parse is its own key.
func sourceKey(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	a := ap.Addr().Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
