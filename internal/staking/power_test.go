package staking

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"testing"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/params"
)

func TestMaxTotalVotingPower(t *testing.T) {
	if MaxTotalVotingPower != cmttypes.MaxTotalVotingPower {
		t.Fatalf("MaxTotalVotingPower = %d, CometBFT's is %d", int64(MaxTotalVotingPower), cmttypes.MaxTotalVotingPower)
	}
	if PowerCap*MaxSetSize > MaxTotalVotingPower {
		t.Fatal("a full set at PowerCap exceeds MaxTotalVotingPower")
	}
}

func TestPower(t *testing.T) {
	tests := []struct {
		name  string
		stake uint64
		want  int64
	}{
		{"zero", 0, 0},
		{"one µSTG", 1, 1},
		{"just below one STG", MicroPerSTG - 1, 1},
		{"one STG", MicroPerSTG, 1},
		{"rounds down", 2*MicroPerSTG - 1, 1},
		{"two STG", 2 * MicroPerSTG, 2},
		{"mainnet minimum", 10_000 * MicroPerSTG, 10_000},
		{"largest stake", math.MaxUint64, math.MaxUint64 / MicroPerSTG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Power(tt.stake); got != tt.want {
				t.Fatalf("Power(%d) = %d, want %d", tt.stake, got, tt.want)
			}
		})
	}
	// A uint64 stake never reaches the cap, so a full set of the largest
	// stakes stays within CometBFT's bound even without it.
	if p := Power(math.MaxUint64); p > PowerCap || p*MaxSetSize > MaxTotalVotingPower {
		t.Fatalf("Power(max) = %d over the cap", p)
	}
}

func TestActiveSet(t *testing.T) {
	p := params.Staking{MaxValidators: 3, MinStake: 100}
	jailed := val(7, 1000)
	jailed.Jailed = true
	tomb := val(8, 1000)
	tomb.Tombstoned = true
	tests := []struct {
		name string
		all  []*Validator
		max  int
		min  uint64
		want []byte // first key bytes, in order
	}{
		{"empty", nil, 3, 100, nil},
		{"by stake descending", []*Validator{val(1, 100), val(2, 300), val(3, 200)}, 3, 100, []byte{2, 3, 1}},
		{"cap keeps the largest", []*Validator{val(1, 100), val(2, 300), val(3, 200), val(4, 400)}, 3, 100, []byte{4, 2, 3}},
		{"ties by key", []*Validator{val(9, 500), val(3, 500), val(5, 500), val(1, 500)}, 3, 100, []byte{1, 3, 5}},
		{"tie at the cut", []*Validator{val(1, 900), val(6, 200), val(4, 200), val(2, 200)}, 3, 100, []byte{1, 2, 4}},
		{"below minimum excluded", []*Validator{val(1, 99), val(2, 100)}, 3, 100, []byte{2}},
		{"jailed and tombstoned excluded", []*Validator{jailed, tomb, val(1, 150)}, 3, 100, []byte{1}},
		{"zero stake excluded even with MinStake 0", []*Validator{val(1, 0), val(2, 1)}, 3, 0, []byte{2}},
		{"MaxValidators 0", []*Validator{val(1, 500)}, 0, 100, nil},
		{"MaxValidators negative", []*Validator{val(1, 500)}, -1, 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.MaxValidators, p.MinStake = tt.max, tt.min
			in := slices.Clone(tt.all)
			got := ActiveSet(tt.all, p)
			if !bytes.Equal(keysOf(got), tt.want) {
				t.Fatalf("ActiveSet = %v, want %v", keysOf(got), tt.want)
			}
			if !slices.Equal(in, tt.all) {
				t.Fatal("ActiveSet reordered its input")
			}
			// The caller's order does not matter.
			rev := slices.Clone(tt.all)
			slices.Reverse(rev)
			if !bytes.Equal(keysOf(ActiveSet(rev, p)), tt.want) {
				t.Fatal("ActiveSet depends on input order")
			}
		})
	}
}

func TestUpdates(t *testing.T) {
	const stg = MicroPerSTG
	tests := []struct {
		name    string
		current map[[32]byte]int64
		next    []*Validator
		want    []Update
	}{
		{"both empty", nil, nil, nil},
		{"genesis adds all, sorted", nil, []*Validator{val(3, 3*stg), val(1, 1*stg), val(2, 2*stg)},
			[]Update{{key(1), 1}, {key(2), 2}, {key(3), 3}}},
		{"unchanged left out", map[[32]byte]int64{key(1): 5, key(2): 7}, []*Validator{val(2, 7*stg), val(1, 5*stg)}, nil},
		{"sub-STG change left out", map[[32]byte]int64{key(1): 5}, []*Validator{val(1, 5*stg+stg-1)}, nil},
		{"removes, changes, adds", map[[32]byte]int64{key(1): 5, key(2): 7, key(4): 1},
			[]*Validator{val(2, 8*stg), val(3, 1), val(4, stg)},
			[]Update{{key(1), 0}, {key(2), 8}, {key(3), 1}}},
		{"everyone leaves", map[[32]byte]int64{key(2): 1, key(1): 1}, nil,
			[]Update{{key(1), 0}, {key(2), 0}}},
		{"zero power in current is not removed", map[[32]byte]int64{key(1): 0, key(2): -3}, nil, nil},
		{"zero stake in next is not added", nil, []*Validator{val(1, 0)}, nil},
		{"zero stake in next removes a current one", map[[32]byte]int64{key(1): 4}, []*Validator{val(1, 0)},
			[]Update{{key(1), 0}}},
		{"zero power in current counts as absent", map[[32]byte]int64{key(1): 0}, []*Validator{val(1, stg)},
			[]Update{{key(1), 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Updates(tt.current, tt.next)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Updates = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUpdatesDeterministic(t *testing.T) {
	// Many keys on both sides, so map order would show if it leaked.
	current := map[[32]byte]int64{}
	var next []*Validator
	for i := range 64 {
		current[key(byte(2*i))] = int64(i + 1)
		next = append(next, val(byte(2*i+1), uint64(i+1)*MicroPerSTG))
	}
	first := Updates(current, next)
	if len(first) != 128 {
		t.Fatalf("%d updates, want 128", len(first))
	}
	if !slices.IsSortedFunc(first, func(a, b Update) int { return bytes.Compare(a.Key[:], b.Key[:]) }) {
		t.Fatal("updates not sorted by key")
	}
	for range 20 {
		if got := Updates(current, next); !reflect.DeepEqual(got, first) {
			t.Fatal("Updates is not deterministic")
		}
	}
}
