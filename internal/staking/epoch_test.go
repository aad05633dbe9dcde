package staking

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/params"
)

func TestCheckParamsNetworks(t *testing.T) {
	for _, n := range []params.Network{params.Mainnet, params.Testnet, params.Dev} {
		p, err := params.For(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckParams(p.Staking); err != nil {
			t.Errorf("%v: %v", n, err)
		}
	}
}

func TestCheckParams(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *params.Staking)
		field string // "" means valid
	}{
		{"dev", func(p *params.Staking) {}, ""},
		{"extremes", func(p *params.Staking) {
			p.EpochBlocks, p.MaxValidators, p.LockEpochs, p.AwardPeriod = 1, MaxSetSize, 0, 1
			p.DowntimeWindow, p.UnjailDelay = MaxDowntimeWindow, 0
			p.AwardShareBps, p.AwardMinSignedBps, p.DowntimeMaxMissedBps, p.SlashShareBps = 10000, 10000, 10000, 10000
		}, ""},
		{"zero bps", func(p *params.Staking) {
			p.AwardShareBps, p.AwardMinSignedBps, p.DowntimeMaxMissedBps, p.SlashShareBps = 0, 0, 0, 0
		}, ""},
		{"EpochBlocks 0", func(p *params.Staking) { p.EpochBlocks = 0 }, "EpochBlocks"},
		{"EpochBlocks negative", func(p *params.Staking) { p.EpochBlocks = -20 }, "EpochBlocks"},
		{"MaxValidators 0", func(p *params.Staking) { p.MaxValidators = 0 }, "MaxValidators"},
		{"MaxValidators over", func(p *params.Staking) { p.MaxValidators = MaxSetSize + 1 }, "MaxValidators"},
		{"LockEpochs negative", func(p *params.Staking) { p.LockEpochs = -1 }, "LockEpochs"},
		{"AwardPeriod 0", func(p *params.Staking) { p.AwardPeriod = 0 }, "AwardPeriod"},
		{"DowntimeWindow 0", func(p *params.Staking) { p.DowntimeWindow = 0 }, "DowntimeWindow"},
		{"DowntimeWindow over", func(p *params.Staking) { p.DowntimeWindow = MaxDowntimeWindow + 1 }, "DowntimeWindow"},
		{"UnjailDelay negative", func(p *params.Staking) { p.UnjailDelay = -1 }, "UnjailDelay"},
		{"AwardShareBps", func(p *params.Staking) { p.AwardShareBps = 10001 }, "AwardShareBps"},
		{"AwardMinSignedBps", func(p *params.Staking) { p.AwardMinSignedBps = 10001 }, "AwardMinSignedBps"},
		{"DowntimeMaxMissedBps", func(p *params.Staking) { p.DowntimeMaxMissedBps = math.MaxUint64 }, "DowntimeMaxMissedBps"},
		{"SlashShareBps", func(p *params.Staking) { p.SlashShareBps = 20000 }, "SlashShareBps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := devParams(t)
			tt.edit(&p)
			err := CheckParams(p)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrParams) || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("err = %v, want ErrParams about %s", err, tt.field)
			}
		})
	}
}

func TestEpochs(t *testing.T) {
	p := params.Staking{EpochBlocks: 20, LockEpochs: 3, AwardPeriod: 60}
	tests := []struct {
		h        int64
		boundary bool
		epoch    int64
		unlock   int64
	}{
		{0, false, 0, 80},
		{1, false, 0, 80},
		{19, false, 0, 80},
		{20, true, 1, 100},
		{21, false, 1, 100},
		{39, false, 1, 100},
		{40, true, 2, 120},
		{-20, false, -1, 60},
	}
	for _, tt := range tests {
		if got := IsEpochBoundary(tt.h, p); got != tt.boundary {
			t.Errorf("IsEpochBoundary(%d) = %v", tt.h, got)
		}
		if got := EpochOf(tt.h, p); got != tt.epoch {
			t.Errorf("EpochOf(%d) = %d, want %d", tt.h, got, tt.epoch)
		}
		if got := UnlockHeight(tt.h, p); got != tt.unlock {
			t.Errorf("UnlockHeight(%d) = %d, want %d", tt.h, got, tt.unlock)
		}
	}
}

func TestUnlockHeight(t *testing.T) {
	tests := []struct {
		name   string
		p      params.Staking
		bond   int64
		unlock int64
	}{
		{"no lock: next epoch", params.Staking{EpochBlocks: 10}, 15, 20},
		{"no lock at boundary", params.Staking{EpochBlocks: 10}, 10, 20},
		{"one-block epochs", params.Staking{EpochBlocks: 1, LockEpochs: 2}, 7, 10},
		{"mainnet week", params.Staking{EpochBlocks: 3600, LockEpochs: 168}, 3599, 169 * 3600},
		{"saturates on epoch count", params.Staking{EpochBlocks: 1, LockEpochs: math.MaxInt64}, 5, math.MaxInt64},
		{"saturates on height", params.Staking{EpochBlocks: 1 << 40, LockEpochs: 1 << 30}, 0, math.MaxInt64},
		{"largest height", params.Staking{EpochBlocks: 10}, math.MaxInt64, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UnlockHeight(tt.bond, tt.p); got != tt.unlock {
				t.Fatalf("UnlockHeight(%d) = %d, want %d", tt.bond, got, tt.unlock)
			}
		})
	}
}

func TestAwardPeriods(t *testing.T) {
	p := params.Staking{EpochBlocks: 20, AwardPeriod: 60}
	tests := []struct {
		h        int64
		boundary bool
		start    int64
	}{
		{-5, false, 1},
		{0, false, 1},
		{1, false, 1},
		{59, false, 1},
		{60, true, 1},
		{61, false, 61},
		{120, true, 61},
		{121, false, 121},
		{math.MaxInt64, false, (math.MaxInt64-1)/60*60 + 1},
	}
	for _, tt := range tests {
		if got := IsAwardBoundary(tt.h, p); got != tt.boundary {
			t.Errorf("IsAwardBoundary(%d) = %v", tt.h, got)
		}
		if got := AwardPeriodStart(tt.h, p); got != tt.start {
			t.Errorf("AwardPeriodStart(%d) = %d, want %d", tt.h, got, tt.start)
		}
	}
	// AwardPeriod 1: every block is its own period.
	one := params.Staking{AwardPeriod: 1}
	for h := int64(1); h < 5; h++ {
		if !IsAwardBoundary(h, one) || AwardPeriodStart(h, one) != h {
			t.Errorf("AwardPeriod 1, height %d", h)
		}
	}
}
