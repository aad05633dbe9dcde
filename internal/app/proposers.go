package app

import (
	"bytes"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/state"
)

// This file makes skipping a proposer turn cost the skipper. CometBFT does
// not tell the application who was to propose in a round that failed, so
// the application keeps a replica of CometBFT's proposer schedule, built
// with CometBFT's own ValidatorSet code from the genesis validators and the
// validator updates the application itself returns, exactly as CometBFT's
// state does (state.MakeGenesisState, state.updateState): the set of height
// h+2 is the set of h+1 with the updates of block h applied, its proposer
// priorities incremented once. The proposer of round r at height h is the
// set of h with its priorities incremented r times.
//
// When block h was decided in round R > 0 (the next block's commit says
// so), the proposers of rounds 0..R-1 did not get a block in: if h is one of
// the SkipWindow heights that end at the draw's seed height, where a
// proposer that dislikes its VRF output could skip to let the next one
// draw another, they lose their ticket for the period, as one that
// proposes without its contribution does. A network failure can cost an
// honest validator its ticket the same way, but only in those few heights.
// The replica checks itself on every block: the predicted proposer of the
// decided round must be the block's proposer; where it is not (a block
// re-proposed from an earlier round, or a replica that diverged), nobody
// is penalized and the mismatch is counted (ScheduleMismatches).

// SkipWindow is how many heights, ending at the seed height of a draw,
// penalize a skipped proposer turn.
const SkipWindow = 8

// auxSchedule names the replica's auxiliary state record.
const auxSchedule = "proposer-schedule"

// schedule is the replica after block h: the validator sets of heights h,
// h+1 and h+2, and the proposer of block h.
type schedule struct {
	last, cur, next *cmttypes.ValidatorSet
	lastProposer    []byte
}

// genesisSchedule is the schedule before block 1 (CometBFT's genesis
// state): no block yet, the genesis set for height 1, and that set with its
// priorities incremented for height 2. It is nil without genesis
// validators (tests of the state machine alone): no schedule is kept.
func genesisSchedule(vals []abci.ValidatorUpdate) (*schedule, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	vs, err := cmttypes.PB2TM.ValidatorUpdates(vals)
	if err != nil {
		return nil, fmt.Errorf("app: genesis validators: %w", err)
	}
	return &schedule{
		last: cmttypes.NewValidatorSet(nil),
		cur:  cmttypes.NewValidatorSet(vs),
		next: cmttypes.NewValidatorSet(vs).CopyIncrementProposerPriority(1),
	}, nil
}

// proposer returns the address of the scheduled proposer of round r of
// the block the set vs validates.
func proposer(vs *cmttypes.ValidatorSet, r int32) []byte {
	if vs.IsNilOrEmpty() {
		return nil
	}
	if r > 0 {
		vs = vs.CopyIncrementProposerPriority(r)
	}
	return vs.GetProposer().Address
}

// advance moves the schedule past block h, proposed by proposer, that
// returned updates.
func (s *schedule) advance(proposer []byte, updates []abci.ValidatorUpdate) error {
	next := s.next.Copy()
	if len(updates) > 0 {
		changes, err := cmttypes.PB2TM.ValidatorUpdates(updates)
		if err != nil {
			return err
		}
		if err := next.UpdateWithChangeSet(changes); err != nil {
			return fmt.Errorf("app: proposer schedule: %w", err)
		}
	}
	if next.IsNilOrEmpty() {
		return fmt.Errorf("app: proposer schedule: the updates empty the validator set")
	}
	next.IncrementProposerPriority(1)
	s.last, s.cur, s.next = s.cur, s.next, next
	s.lastProposer = bytes.Clone(proposer)
	return nil
}

func (s *schedule) encode() ([]byte, error) {
	w := codec.NewWriter(1024)
	for _, vs := range []*cmttypes.ValidatorSet{s.last, s.cur, s.next} {
		var b []byte
		if !vs.IsNilOrEmpty() {
			pb, err := vs.ToProto()
			if err != nil {
				return nil, err
			}
			if b, err = pb.Marshal(); err != nil {
				return nil, err
			}
		}
		w.Var(b)
	}
	w.Var(s.lastProposer)
	return w.Bytes(), nil
}

func decodeSchedule(b []byte) (*schedule, error) {
	r := codec.NewReader(b)
	var sets [3]*cmttypes.ValidatorSet
	for i := range sets {
		raw := r.Var(1 << 24)
		if r.Err() != nil {
			break
		}
		if len(raw) == 0 {
			sets[i] = cmttypes.NewValidatorSet(nil)
			continue
		}
		var pb cmtproto.ValidatorSet
		if err := pb.Unmarshal(raw); err != nil {
			return nil, fmt.Errorf("app: proposer schedule: %w", err)
		}
		vs, err := cmttypes.ValidatorSetFromProto(&pb)
		if err != nil {
			return nil, fmt.Errorf("app: proposer schedule: %w", err)
		}
		sets[i] = vs
	}
	s := &schedule{last: sets[0], cur: sets[1], next: sets[2], lastProposer: r.Var(32)}
	if err := r.Finish(); err != nil {
		return nil, fmt.Errorf("app: proposer schedule: %w", err)
	}
	return s, nil
}

// loadSchedule reads the replica as of the staged block; nil if the chain
// started before it existed.
func loadSchedule(blk *state.Block) (*schedule, error) {
	b, ok, err := blk.Aux(auxSchedule)
	if err != nil || !ok {
		return nil, err
	}
	return decodeSchedule(b)
}

func saveSchedule(blk *state.Block, s *schedule) error {
	b, err := s.encode()
	if err != nil {
		return err
	}
	return blk.PutAux(auxSchedule, b)
}

// skippers returns the addresses that skipped a proposer turn in block
// h-1 within the skip window (see the top of this file), given the round
// lastRound in which h-1 was decided. It counts a mismatch of the replica.
func (a *App) skippers(s *schedule, h int64, lastRound int32) [][]byte {
	if s == nil || h < 2 || s.last.IsNilOrEmpty() {
		return nil
	}
	if !bytes.Equal(proposer(s.last, lastRound), s.lastProposer) {
		a.scheduleMismatches.Add(1)
		a.log.Warn("the proposer of the previous block is not the one the schedule replica predicts; no skip penalty", "height", h-1, "round", lastRound)
		return nil
	}
	p := a.params.Staking
	end := staking.AwardPeriodStart(h-1, p) - 1 + p.AwardPeriod
	seed := staking.BeaconHeightForDraw(end, p)
	if lastRound == 0 || h-1 > seed || h-1 <= seed-SkipWindow {
		return nil
	}
	var out [][]byte
	for r := int32(0); r < lastRound; r++ {
		if addr := proposer(s.last, r); !bytes.Equal(addr, s.lastProposer) {
			out = append(out, addr)
		}
	}
	return out
}

// ScheduleMismatches counts the blocks whose proposer was not the one the
// replica predicted (expected: only blocks re-proposed from an earlier
// round). Tests and operators watch it.
func (a *App) ScheduleMismatches() int64 { return a.scheduleMismatches.Load() }
