package staking

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stegos-go/stegos/params"
)

func TestRecordBlockJails(t *testing.T) {
	type span struct{ from, to int64 } // missed heights, inclusive
	tests := []struct {
		name     string
		window   int64
		maxBps   uint64
		since    int64
		stale    bool   // Missed starts all ones, left over from an earlier stretch
		missed   []span // every other height from since to last is signed
		last     int64
		jailedAt int64 // first height RecordBlock returns true; 0 for never
	}{
		{"exactly at the threshold", 10, 5000, 1, false, []span{{1, 5}}, 40, 0},
		{"just above the threshold", 10, 5000, 1, false, []span{{1, 6}}, 40, 6},
		{"misses spread under the threshold", 10, 5000, 1, false, []span{{1, 1}, {3, 3}, {5, 5}, {7, 7}, {9, 9}, {11, 11}}, 40, 0},
		{"new validator: a whole window's share", 10, 5000, 100, false, []span{{100, 200}}, 200, 105},
		{"blocks before activation are not counted", 10, 5000, 8, true, []span{{8, 12}}, 30, 0},
		{"then the sixth miss jails", 10, 5000, 8, true, []span{{8, 13}}, 30, 13},
		{"old misses slide out", 10, 5000, 1, false, []span{{1, 5}, {11, 15}}, 40, 0},
		{"slide, then one more", 10, 5000, 1, false, []span{{1, 5}, {11, 16}}, 40, 16},
		{"window not a multiple of 8", 13, 5000, 1, false, []span{{1, 6}, {14, 19}}, 60, 0},
		{"window not a multiple of 8, jailed", 13, 5000, 1, false, []span{{1, 7}}, 60, 7},
		{"zero tolerance", 10, 0, 1, false, []span{{9, 9}}, 20, 9},
		{"full tolerance never jails", 10, 10000, 1, false, []span{{1, 100}}, 100, 0},
		{"one-block window", 1, 5000, 1, false, []span{{3, 3}}, 10, 3},
		{"mainnet: 5000 of 10000 is tolerated", 10_000, 5000, 1, false, []span{{1, 5000}}, 10_000, 0},
		{"mainnet: 5001 of 10000 jails", 10_000, 5000, 1, false, []span{{1, 5001}}, 10_000, 5001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params.Staking{DowntimeWindow: tt.window, DowntimeMaxMissedBps: tt.maxBps}
			v := &Validator{Active: true, ActiveSince: tt.since}
			if tt.stale {
				v.Missed = bytes.Repeat([]byte{0xff}, int((tt.window+7)/8))
			}
			var jailedAt, signed, missed int64
			for h := tt.since; h <= tt.last; h++ {
				miss := false
				for _, s := range tt.missed {
					miss = miss || s.from <= h && h <= s.to
				}
				if miss {
					missed++
				} else {
					signed++
				}
				if RecordBlock(v, h, !miss, p) && jailedAt == 0 {
					jailedAt = h
				}
			}
			if jailedAt != tt.jailedAt {
				t.Fatalf("jailed at %d, want %d", jailedAt, tt.jailedAt)
			}
			if v.PeriodSigned != signed || v.PeriodMissed != missed {
				t.Fatalf("period counters %d/%d, want %d/%d", v.PeriodSigned, v.PeriodMissed, signed, missed)
			}
			if int64(len(v.Missed)) != (tt.window+7)/8 {
				t.Fatalf("window of %d bytes", len(v.Missed))
			}
		})
	}
}

func TestRecordBlockSkips(t *testing.T) {
	p := params.Staking{DowntimeWindow: 10, DowntimeMaxMissedBps: 0}
	tests := []struct {
		name string
		v    Validator
		h    int64
	}{
		{"not active", Validator{}, 5},
		{"jailed", Validator{Active: true, ActiveSince: 1, Jailed: true, JailedAt: 3}, 5},
		{"tombstoned", Validator{Active: true, ActiveSince: 1, Tombstoned: true}, 5},
		{"height 0", Validator{Active: true}, 0},
		{"negative height", Validator{Active: true}, -10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			if RecordBlock(&v, tt.h, false, p) {
				t.Fatal("RecordBlock asks to jail")
			}
			if v.PeriodMissed != 0 || v.PeriodSigned != 0 || v.Missed != nil {
				t.Fatalf("RecordBlock recorded: %+v", v)
			}
		})
	}
}

func TestRecordBlockWindowParams(t *testing.T) {
	// A window of the wrong length (a changed DowntimeWindow) starts afresh.
	v := &Validator{Active: true, ActiveSince: 1, Missed: []byte{0xff, 0xff, 0xff}}
	p := params.Staking{DowntimeWindow: 10, DowntimeMaxMissedBps: 5000}
	if RecordBlock(v, 20, true, p) || !bytes.Equal(v.Missed, []byte{0, 0}) {
		t.Fatalf("Missed = %x, want a fresh 2-byte window", v.Missed)
	}
	// Bit h mod window, least significant first.
	RecordBlock(v, 21, false, p) // bit 1
	RecordBlock(v, 29, false, p) // bit 9
	if !bytes.Equal(v.Missed, []byte{0x02, 0x02}) {
		t.Fatalf("Missed = %x, want 0202", v.Missed)
	}
	RecordBlock(v, 31, true, p) // clears bit 1
	if !bytes.Equal(v.Missed, []byte{0x00, 0x02}) {
		t.Fatalf("Missed = %x, want 0002", v.Missed)
	}
	// No window: only the period counters move.
	w := &Validator{Active: true, ActiveSince: 1}
	if RecordBlock(w, 5, false, params.Staking{}) || w.Missed != nil || w.PeriodMissed != 1 {
		t.Fatalf("zero window: %+v", w)
	}
}

func TestOnes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, 1+rng.IntN(6))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		n := int64(8 * len(b))
		lo := rng.Int64N(n + 1)
		hi := lo + rng.Int64N(n-lo+1)
		var want uint64
		for i := lo; i < hi; i++ {
			want += uint64(b[i/8]>>(i%8)) & 1
		}
		if got := ones(b, lo, hi); got != want {
			t.Fatalf("ones(%x, %d, %d) = %d, want %d", b, lo, hi, got, want)
		}
	}
}

func TestMissedSince(t *testing.T) {
	window := []byte{0b1010_0101, 0b0000_0011} // bits 0, 2, 5, 7, 8, 9 of 10
	tests := []struct {
		from, to int64
		want     uint64
	}{
		{10, 19, 6},   // the whole window
		{13, 12, 0},   // empty range
		{20, 20, 1},   // bit 0
		{21, 21, 0},   // bit 1
		{15, 22, 6},   // bits 5..9 then 0..2, wrapping
		{18, 21, 3},   // bits 8, 9, 0, 1
		{100, 104, 2}, // bits 0..4
	}
	for _, tt := range tests {
		if got := missedSince(window, 10, tt.from, tt.to); got != tt.want {
			t.Errorf("missedSince(%d, %d) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestJail(t *testing.T) {
	v := &Validator{Key: key(1), Stake: 10, Active: true, ActiveSince: 1}
	Jail(v, 50)
	if !v.Jailed || v.JailedAt != 50 || !v.PeriodDisqualified || !v.Active {
		t.Fatalf("after Jail: %+v", v)
	}
	Jail(v, 70)
	if v.JailedAt != 50 {
		t.Fatalf("re-jailing moved JailedAt to %d", v.JailedAt)
	}
	if RecordBlock(v, 71, false, params.Staking{DowntimeWindow: 10}) {
		t.Fatal("RecordBlock jails a jailed validator again")
	}
	if ActiveSet([]*Validator{v}, params.Staking{MaxValidators: 1}) != nil {
		t.Fatal("a jailed validator stays in the next set")
	}
	if per, pool := Distribute(100, 0, []*Validator{v}); per[0] != 0 || pool != 100 {
		t.Fatalf("a jailed validator earned %d", per[0])
	}
	if Eligible(v, 1, params.Staking{}) {
		t.Fatal("a jailed validator is eligible")
	}
}

func TestUnjail(t *testing.T) {
	const at, delay = 100, 20
	p := params.Staking{UnjailDelay: delay}
	tests := []struct {
		name     string
		v        Validator
		h        int64
		delay    int64
		want     error
		unjailAt int64 // of a *TooEarlyError
	}{
		{"not jailed", Validator{}, 500, delay, ErrNotJailed, 0},
		{"tombstoned", Validator{Tombstoned: true}, 500, delay, ErrTombstoned, 0},
		{"tombstoned and jailed", Validator{Jailed: true, JailedAt: at, Tombstoned: true}, 500, delay, ErrTombstoned, 0},
		{"at the jailing height", Validator{Jailed: true, JailedAt: at}, at, delay, ErrTooEarly, at + delay},
		{"one block early", Validator{Jailed: true, JailedAt: at}, at + delay - 1, delay, ErrTooEarly, at + delay},
		{"before the jailing height", Validator{Jailed: true, JailedAt: at}, 3, delay, ErrTooEarly, at + delay},
		{"exactly on time", Validator{Jailed: true, JailedAt: at}, at + delay, delay, nil, 0},
		{"later", Validator{Jailed: true, JailedAt: at}, at + 10*delay, delay, nil, 0},
		{"no delay", Validator{Jailed: true, JailedAt: at}, at, 0, nil, 0},
		{"delay overflows", Validator{Jailed: true, JailedAt: math.MaxInt64 - 5}, math.MaxInt64 - 1, delay, ErrTooEarly, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			v.Missed = []byte{0xff, 0x03}
			v.PeriodDisqualified = true
			p.UnjailDelay = tt.delay
			err := Unjail(&v, tt.h, p)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unjail = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				var early *TooEarlyError
				if errors.As(err, &early) != (tt.want == ErrTooEarly) {
					t.Fatalf("error %v: TooEarlyError mismatch", err)
				}
				if early != nil && early.UnjailAt != tt.unjailAt {
					t.Fatalf("UnjailAt = %d, want %d", early.UnjailAt, tt.unjailAt)
				}
				if v.Jailed != tt.v.Jailed || v.Missed == nil {
					t.Fatalf("a failed Unjail changed %+v", v)
				}
				return
			}
			if v.Jailed || v.JailedAt != 0 || v.Missed != nil || !v.PeriodDisqualified {
				t.Fatalf("after Unjail: %+v", v)
			}
		})
	}
}

func TestTooEarlyErrorMessage(t *testing.T) {
	err := error(&TooEarlyError{UnjailAt: 120})
	if got, want := err.Error(), "staking: too early to unjail: may unjail at height 120"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

func TestEnterLeave(t *testing.T) {
	v := &Validator{Missed: []byte{0xff}}
	Leave(v)
	if v.PeriodDisqualified {
		t.Fatal("leaving while out of the set disqualifies")
	}
	Enter(v, 40)
	v.Power = 7
	if !v.Active || v.ActiveSince != 40 || v.Missed != nil {
		t.Fatalf("after Enter: %+v", v)
	}
	Leave(v)
	if v.Active || v.ActiveSince != 0 || v.Power != 0 || !v.PeriodDisqualified {
		t.Fatalf("after Leave: %+v", v)
	}
}
