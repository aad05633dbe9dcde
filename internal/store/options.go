package store

import (
	"fmt"
	"log/slog"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
)

// Defaults for Options fields left zero.
const (
	DefaultCacheSize    = 256 << 20
	DefaultMemTableSize = 16 << 20
)

// Options tune Open. The zero value (or nil) gives the defaults.
type Options struct {
	// CacheSize is the block cache size in bytes (DefaultCacheSize if 0).
	// Pebble carves its memtables out of it, so it must be well above
	// 2 × MemTableSize; Open raises it to 4 × MemTableSize if it is not.
	CacheSize int64
	// MemTableSize is the size in bytes of each memtable, the write buffer
	// that takes committed batches before they are flushed to a table file
	// (DefaultMemTableSize if 0).
	MemTableSize uint64
	// Logger receives pebble's messages: informational ones at Debug, errors
	// at Error. Nil discards them.
	Logger *slog.Logger
}

// pebbleOptions returns the pebble options for o, and the cache the caller
// must Unref once Open has taken its own reference.
func (o *Options) pebbleOptions(lock *pebble.Lock) (*pebble.Options, *pebble.Cache) {
	var v Options
	if o != nil {
		v = *o
	}
	if v.CacheSize <= 0 {
		v.CacheSize = DefaultCacheSize
	}
	if v.MemTableSize == 0 {
		v.MemTableSize = DefaultMemTableSize
	}
	// Up to two memtables (one filling, one flushing) are reserved from the
	// cache: a cache not much bigger than that caches no table blocks at all.
	v.CacheSize = max(v.CacheSize, 4*int64(v.MemTableSize))
	cache := pebble.NewCache(v.CacheSize)
	po := &pebble.Options{
		Cache:        cache,
		MemTableSize: v.MemTableSize,
		Lock:         lock,
		Logger:       logger{v.Logger},
		// New databases start at the newest on-disk format this pebble
		// version writes; older ones are ratcheted up when opened.
		FormatMajorVersion: pebble.FormatNewest,
	}
	// Bloom filters on every level: most reads are point lookups, and a
	// double-spend check is a lookup of a key that is usually absent.
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	// No compression: the state is hashes, commitments, proofs and
	// ciphertexts, which do not compress, so trying only costs CPU in every
	// flush, compaction and read.
	po.ApplyCompressionSettings(func() pebble.DBCompressionSettings { return pebble.DBCompressionNone })
	return po, cache
}

// logger adapts pebble's logger interface to slog.
type logger struct{ l *slog.Logger }

// Infof implements pebble.Logger.
func (g logger) Infof(format string, args ...any) {
	if g.l != nil {
		g.l.Debug(fmt.Sprintf(format, args...), "component", "pebble")
	}
}

// Errorf implements pebble.Logger.
func (g logger) Errorf(format string, args ...any) {
	if g.l != nil {
		g.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
	}
}

// Fatalf implements pebble.Logger. Pebble calls it only when it cannot go on
// safely, and expects it not to return.
func (g logger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if g.l != nil {
		g.l.Error(msg, "component", "pebble", "fatal", true)
	}
	panic("store: pebble fatal error: " + msg)
}
