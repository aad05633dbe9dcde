package keystore

import (
	"errors"
	"fmt"
)

// Params are the argon2id cost parameters.
type Params struct {
	Time        uint32 // passes over memory (t)
	MemoryKiB   uint32 // memory in KiB (m)
	Parallelism uint8  // lanes (p)
}

// Bounds on Params, enforced when writing and, before any allocation, when
// reading.
const (
	MinMemoryKiB   = 8 << 10 // 8 MiB
	MaxMemoryKiB   = 4 << 20 // 4 GiB
	MinTime        = 1
	MaxTime        = 16
	MinParallelism = 1
)

// ErrBadParams is matched by errors about argon2id parameters outside the
// bounds, from Params.Validate and, wrapped in ErrInvalidFile, from reading
// a file.
var ErrBadParams = errors.New("argon2id parameters out of bounds")

// DefaultParams are the parameters new wallet files use: the second
// recommended option of RFC 9106 §4 (t = 3, m = 64 MiB, p = 4). Unlocking
// takes a few tenths of a second (BenchmarkDecryptDefault).
func DefaultParams() Params {
	return Params{Time: 3, MemoryKiB: 64 << 10, Parallelism: 4}
}

// MinParams are the cheapest parameters the format accepts (t = 1,
// m = 8 MiB, p = 1). They are meant for tests; real wallets use
// DefaultParams.
func MinParams() Params {
	return Params{Time: MinTime, MemoryKiB: MinMemoryKiB, Parallelism: MinParallelism}
}

// Validate reports whether p is within the bounds.
func (p Params) Validate() error {
	if d := p.outOfBounds(); d != "" {
		return fmt.Errorf("keystore: %w: %s", ErrBadParams, d)
	}
	return nil
}

// outOfBounds describes the first parameter outside the bounds, or is "".
func (p Params) outOfBounds() string {
	switch {
	case p.Time < MinTime || p.Time > MaxTime:
		return fmt.Sprintf("%d passes, want %d to %d", p.Time, MinTime, MaxTime)
	case p.MemoryKiB < MinMemoryKiB || p.MemoryKiB > MaxMemoryKiB:
		return fmt.Sprintf("%d KiB of memory, want %d to %d", p.MemoryKiB, MinMemoryKiB, MaxMemoryKiB)
	case p.Parallelism < MinParallelism:
		return fmt.Sprintf("%d lanes, want %d to 255", p.Parallelism, MinParallelism)
	}
	return ""
}
