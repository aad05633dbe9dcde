package app

import (
	"bytes"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/internal/staking"
)

// scheduled returns the test validator the app's replica of CometBFT's
// proposer schedule names for round r of the next block.
func (c *stakingChain) scheduled(r int32) *testValidator {
	c.t.Helper()
	b, ok, err := c.a.st.Aux(auxSchedule)
	if err != nil || !ok {
		c.t.Fatalf("no proposer schedule: %v", err)
	}
	s, err := decodeSchedule(b)
	if err != nil {
		c.t.Fatal(err)
	}
	addr := proposer(s.cur, r)
	for _, v := range c.vals {
		if bytes.Equal(v.addr(), addr) {
			return v
		}
	}
	c.t.Fatalf("scheduled proposer %x is no test validator", addr)
	return nil
}

// followSchedule runs blocks up to height h, each proposed by the
// scheduled round-0 proposer.
func (c *stakingChain) followSchedule(h int64) {
	c.t.Helper()
	for c.height < h {
		c.block(step{proposer: c.scheduled(0)})
	}
}

// skipTurn runs the next block as CometBFT runs one whose round-0
// proposer stayed silent: proposed in round 1 by the next one, and the
// block after it carries that round in its commit. It returns the skipper.
func (c *stakingChain) skipTurn() *testValidator {
	c.t.Helper()
	skipper, next := c.scheduled(0), c.scheduled(1)
	if skipper == next {
		c.t.Fatal("rounds 0 and 1 have the same proposer")
	}
	c.block(step{proposer: next})
	c.block(step{proposer: c.scheduled(0), lastRound: 1})
	return skipper
}

// TestSkippedTurnCostsTicket: a proposer that skips its turn in the heights
// just before the draw's seed height loses its award ticket; one that
// skips earlier in the period does not; the replica predicts every
// proposer of a chain that follows CometBFT's schedule.
func TestSkippedTurnCostsTicket(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 200_000 * stg, 300_000 * stg}, 3)
	p := c.a.params.Staking
	end := p.AwardPeriod
	seed := staking.BeaconHeightForDraw(end, p)

	// Early in the period a skipped turn costs nothing.
	c.followSchedule(seed - SkipWindow - 5)
	early := c.skipTurn()
	if c.record(early).PeriodDisqualified {
		t.Fatalf("a turn skipped at block %d, before the skip window, cost the ticket", c.height-1)
	}

	// In the window it does.
	c.followSchedule(seed - 2)
	late := c.skipTurn()
	if !c.record(late).PeriodDisqualified {
		t.Fatalf("a turn skipped at block %d, in the skip window before the seed height %d, kept the ticket", c.height-1, seed)
	}
	c.followSchedule(end)
	aw, err := c.a.st.Awards(1)
	if err != nil || len(aw) != 1 {
		t.Fatalf("awards %v, %v", aw, err)
	}
	if aw[0].Winner == late.key || aw[0].Eligible != 2 {
		t.Fatalf("draw %+v: the skipper was in it", aw[0])
	}
	if n := c.a.ScheduleMismatches(); n != 0 {
		t.Fatalf("the schedule replica mispredicted %d proposers", n)
	}
}

// TestScheduleRoundTrip: the replica survives its encoding, as after a
// restart.
func TestScheduleRoundTrip(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 200_000 * stg}, 2)
	c.followSchedule(25) // past an epoch boundary's set change
	b, _, err := c.a.st.Aux(auxSchedule)
	if err != nil {
		t.Fatal(err)
	}
	s, err := decodeSchedule(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.encode()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("re-encoding differs: %v", err)
	}
	if _, err := decodeSchedule(append(b, 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

// TestSkipPenaltyNeedsAPredictedProposer: when the block's proposer is not
// the one the replica predicts for the decided round (a block re-proposed
// from an earlier round, or a replica gone wrong), nobody is penalized
// and the miss is counted.
func TestSkipPenaltyNeedsAPredictedProposer(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 200_000 * stg, 300_000 * stg}, 3)
	p := c.a.params.Staking
	seed := staking.BeaconHeightForDraw(p.AwardPeriod, p)
	c.followSchedule(seed - 2)
	skipper, round1 := c.scheduled(0), c.scheduled(1)
	var other *testValidator
	for _, v := range c.vals {
		if v != skipper && v != round1 {
			other = v
		}
	}
	before := c.a.ScheduleMismatches()
	c.block(step{proposer: other}) // not round 1's scheduled proposer
	c.block(step{proposer: c.scheduled(0), lastRound: 1})
	if c.a.ScheduleMismatches() == before {
		t.Fatal("an unpredicted proposer was not counted")
	}
	for _, v := range c.vals {
		if c.record(v).PeriodDisqualified {
			t.Fatalf("validator %x penalized on an unpredicted schedule", v.key[:4])
		}
	}
}

// TestScheduleRefusesAnEmptySet: updates that would remove every validator
// are an error, not a silently empty schedule.
func TestScheduleRefusesAnEmptySet(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg}, 1)
	b, _, err := c.a.st.Aux(auxSchedule)
	if err != nil {
		t.Fatal(err)
	}
	s, err := decodeSchedule(b)
	if err != nil {
		t.Fatal(err)
	}
	v := c.vals[0]
	err = s.advance(v.addr(), []abci.ValidatorUpdate{abci.UpdateValidator(v.key[:], 0, "ed25519")})
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("advance removing the last validator: %v", err)
	}
}
