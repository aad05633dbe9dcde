package staking

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"testing"

	"github.com/stegos-go/stegos/params"
)

// checkDistribute checks the invariants of a Distribute result against a
// math/big reference: Σ shares + pool == reward, and each share is
// ⌊rest·stake/total⌋ over the paid validators.
func checkDistribute(t *testing.T, reward, bps uint64, active []*Validator, per []uint64, pool uint64) {
	t.Helper()
	if len(per) != len(active) {
		t.Fatalf("%d shares for %d validators", len(per), len(active))
	}
	sum := new(big.Int).SetUint64(pool)
	for _, s := range per {
		sum.Add(sum, new(big.Int).SetUint64(s))
	}
	if sum.Cmp(new(big.Int).SetUint64(reward)) != 0 {
		t.Fatalf("Σ shares + pool = %v, want %d", sum, reward)
	}
	toPool := new(big.Int).SetUint64(reward)
	toPool.Mul(toPool, big.NewInt(int64(min(bps, BpsDenominator)))).Quo(toPool, big.NewInt(BpsDenominator))
	rest := new(big.Int).Sub(new(big.Int).SetUint64(reward), toPool)
	total := new(big.Int)
	for _, v := range active {
		if paid(v) {
			total.Add(total, new(big.Int).SetUint64(v.Stake))
		}
	}
	for i, v := range active {
		want := new(big.Int)
		if paid(v) {
			want.Mul(rest, new(big.Int).SetUint64(v.Stake)).Quo(want, total)
		}
		if want.Cmp(new(big.Int).SetUint64(per[i])) != 0 {
			t.Fatalf("share %d = %d, want %v", i, per[i], want)
		}
	}
}

func TestDistribute(t *testing.T) {
	jailed := val(5, 1000)
	jailed.Jailed = true
	tomb := val(6, 1000)
	tomb.Tombstoned = true
	const max = math.MaxUint64
	tests := []struct {
		name   string
		reward uint64
		bps    uint64
		active []*Validator
		per    []uint64 // nil: only the invariants are checked
		pool   uint64
	}{
		{"no validators", 1000, 2000, nil, nil, 1000},
		{"zero total stake", 1000, 2000, []*Validator{val(1, 0), val(2, 0)}, []uint64{0, 0}, 1000},
		{"zero reward", 0, 2000, []*Validator{val(1, 10)}, []uint64{0}, 0},
		{"one validator takes 80%", 1000, 2000, []*Validator{val(1, 7)}, []uint64{800}, 200},
		{"proportional", 1000, 2000, []*Validator{val(1, 1), val(2, 3)}, []uint64{200, 600}, 200},
		{"remainders to the pool", 1000, 2000, []*Validator{val(1, 1), val(2, 1), val(3, 1)}, []uint64{266, 266, 266}, 202},
		{"award share rounds down", 999, 2000, []*Validator{val(1, 1)}, []uint64{800}, 199},
		{"no award share", 1000, 0, []*Validator{val(1, 1), val(2, 1)}, []uint64{500, 500}, 0},
		{"all to the award", 1000, 10000, []*Validator{val(1, 1)}, []uint64{0}, 1000},
		{"award share over 100% capped", 1000, 50000, []*Validator{val(1, 1)}, []uint64{0}, 1000},
		{"jailed and tombstoned get nothing", 1000, 2000, []*Validator{jailed, val(1, 1), tomb, val(2, 1)}, []uint64{0, 400, 0, 400}, 200},
		{"only jailed", 1000, 2000, []*Validator{jailed}, []uint64{0}, 1000},
		{"tiny stake rounds to zero", 10, 0, []*Validator{val(1, 1), val(2, 1_000_000)}, []uint64{0, 9}, 1},
		{"realistic maxima", 1e15, 2000, []*Validator{val(1, 6e17), val(2, 3e17), val(3, 1e17)},
			[]uint64{4.8e14, 2.4e14, 0.8e14}, 2e14},
		{"max reward, max stake", max, 0, []*Validator{val(1, max)}, []uint64{max}, 0},
		{"stakes sum past 2^64", max, 0, []*Validator{val(1, max), val(2, max)}, []uint64{max / 2, max / 2}, 1},
		{"stakes sum past 2^64, uneven", max, 2000, []*Validator{val(1, max), val(2, max/3), val(3, 1)}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			per, pool := Distribute(tt.reward, tt.bps, tt.active)
			checkDistribute(t, tt.reward, tt.bps, tt.active, per, pool)
			if tt.per != nil && (!slices.Equal(per, tt.per) || pool != tt.pool) {
				t.Fatalf("Distribute = %v, %d; want %v, %d", per, pool, tt.per, tt.pool)
			}
			if tt.active == nil && per != nil {
				t.Fatalf("shares %v for no validator", per)
			}
		})
	}
}

func TestDistributeDevBlock(t *testing.T) {
	// Four dev validators with unequal stakes over a dev block reward.
	p := devParams(t)
	active := []*Validator{val(1, 1_000e6), val(2, 2_000e6), val(3, 3_000e6), val(4, 4_001e6)}
	per, pool := Distribute(p.BlockReward, p.AwardShareBps, active)
	checkDistribute(t, p.BlockReward, p.AwardShareBps, active, per, pool)
	if pool < p.BlockReward/5 || pool > p.BlockReward/5+uint64(len(active)) {
		t.Fatalf("pool %d is not 20%% plus at most one µSTG per validator", pool)
	}
}

// decodeStakes turns fuzz bytes into validators: 9 bytes each, a flags
// byte (bit 0 jailed, bit 1 tombstoned) and a big-endian stake.
func decodeStakes(b []byte) []*Validator {
	var vs []*Validator
	for i := 0; len(b) >= 9 && i < 200; i++ {
		v := val(byte(i), binary.BigEndian.Uint64(b[1:9]))
		v.Jailed, v.Tombstoned = b[0]&1 != 0, b[0]&2 != 0
		vs = append(vs, v)
		b = b[9:]
	}
	return vs
}

func FuzzDistribute(f *testing.F) {
	enc := func(stakes ...uint64) []byte {
		var b []byte
		for _, s := range stakes {
			b = binary.BigEndian.AppendUint64(append(b, 0), s)
		}
		return b
	}
	f.Add(uint64(10e6), uint64(2000), enc(1e9, 2e9, 3e9))
	f.Add(uint64(1e15), uint64(2000), enc(6e17, 3e17, 1e17))
	f.Add(uint64(math.MaxUint64), uint64(0), enc(math.MaxUint64, math.MaxUint64, 1))
	f.Add(uint64(7), uint64(10001), []byte{})
	f.Add(uint64(7), uint64(1), append([]byte{3}, enc(5)[1:]...))
	f.Fuzz(func(t *testing.T, reward, bps uint64, stakes []byte) {
		active := decodeStakes(stakes)
		per, pool := Distribute(reward, bps, active)
		var sum, carry uint64
		for _, s := range per {
			sum, carry = bits.Add64(sum, s, 0)
			if carry != 0 {
				t.Fatal("shares overflow")
			}
		}
		if s, c := bits.Add64(sum, pool, 0); c != 0 || s != reward {
			t.Fatalf("Σ shares %d + pool %d != reward %d", sum, pool, reward)
		}
		if len(active) <= 8 {
			checkDistribute(t, reward, bps, active, per, pool)
		}
	})
}

func TestSlash(t *testing.T) {
	tests := []struct {
		name      string
		stake     uint64
		bps       uint64
		tombstone bool
		want      uint64
	}{
		{"all", 5000, 10000, false, 5000},
		{"half rounds down", 5001, 5000, false, 2500},
		{"nothing", 5000, 0, false, 0},
		{"share over 100% capped", 5000, 30000, false, 5000},
		{"zero stake", 0, 10000, false, 0},
		{"largest stake", math.MaxUint64, 10000, false, math.MaxUint64},
		{"largest stake, 99.99%", math.MaxUint64, 9999, false, math.MaxUint64 - math.MaxUint64/10000 - 1},
		{"already tombstoned forfeits nothing more", 5000, 10000, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := val(1, tt.stake)
			v.Active, v.ActiveSince, v.Tombstoned = true, 4, tt.tombstone
			got := Slash(v, params.Staking{SlashShareBps: tt.bps})
			if got != tt.want {
				t.Fatalf("Slash = %d, want %d", got, tt.want)
			}
			if !v.Tombstoned || v.Stake != tt.stake || (!tt.tombstone && !v.PeriodDisqualified) {
				t.Fatalf("after Slash: %+v", v)
			}
			if ActiveSet([]*Validator{v}, params.Staking{MaxValidators: 1}) != nil {
				t.Fatal("a tombstoned validator stays in the set")
			}
			if err := Unjail(v, 1<<40, params.Staking{}); err != ErrTombstoned {
				t.Fatalf("Unjail = %v, want ErrTombstoned", err)
			}
		})
	}
}
