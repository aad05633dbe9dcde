package app

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/ledger"
)

// Staking query paths; the answers are JSON of the api types.
const (
	// QueryValidators answers api.Validators.
	QueryValidators = "/validators"
	// QueryAwardPool answers api.AwardPool.
	QueryAwardPool = "/award-pool"
	// QueryAwards takes a big-endian uint32 limit (or nothing: 20) and
	// answers []api.Award, most recent first.
	QueryAwards = "/awards"
)

// queryStaking answers the staking paths; ok is false for other paths.
func (a *App) queryStaking(req *abci.RequestQuery) (*abci.ResponseQuery, bool, error) {
	m := a.st.Meta()
	p := a.params.Staking
	var v any
	switch req.Path {
	case QueryValidators:
		vs, err := a.st.Validators()
		if err != nil {
			return nil, true, err
		}
		epoch := staking.EpochOf(m.Height, p)
		out := api.Validators{Height: m.Height, Epoch: epoch, NextEpoch: (epoch + 1) * p.EpochBlocks, Validators: []api.Validator{}}
		start := staking.AwardPeriodStart(m.Height+1, p)
		for _, v := range vs {
			var owner string
			if v.Owner != ([32]byte{}) {
				owner = hex.EncodeToString(v.Owner[:])
			}
			var unjailAt int64
			if v.Jailed && !v.Tombstoned {
				unjailAt = v.JailedAt + p.UnjailDelay
			}
			out.Validators = append(out.Validators, api.Validator{
				Owner: owner, Nonce: v.Nonce, UnjailAt: unjailAt,
				Key: hex.EncodeToString(v.Key[:]), Address: hex.EncodeToString([]byte(address(v.Key))), VRFKey: hex.EncodeToString(v.VRFKey[:]),
				Stake: v.Stake, Power: v.Power, Rewards: v.Rewards, Active: v.Active, ActiveSince: v.ActiveSince,
				Jailed: v.Jailed, JailedAt: v.JailedAt, Tombstoned: v.Tombstoned,
				PeriodSigned: v.PeriodSigned, PeriodMissed: v.PeriodMissed, Eligible: staking.Eligible(v, start, p) && v.Stake >= p.MinStake,
			})
		}
		v = out
	case QueryAwardPool:
		start := staking.AwardPeriodStart(m.Height+1, p)
		end := start - 1 + p.AwardPeriod
		v = api.AwardPool{
			Height: m.Height, Pool: m.Pool, PeriodStart: start, NextDraw: end, SeedHeight: staking.BeaconHeightForDraw(end, p),
			Minted: m.Minted, Awarded: m.Awarded, Slashed: m.Slashed, Beacon: hex.EncodeToString(m.Beacon[:]),
		}
	case QueryAwards:
		limit := 20
		if len(req.Data) == 4 {
			limit = int(uint32(req.Data[0])<<24 | uint32(req.Data[1])<<16 | uint32(req.Data[2])<<8 | uint32(req.Data[3]))
		} else if len(req.Data) != 0 {
			return &abci.ResponseQuery{Code: uint32(ledger.KindMalformed), Log: fmt.Sprintf("limit must be 4 bytes, got %d", len(req.Data))}, true, nil
		}
		awards, err := a.st.Awards(limit)
		if err != nil {
			return nil, true, err
		}
		out := []api.Award{}
		for _, aw := range awards {
			e := api.Award{Height: aw.Height, Amount: aw.Amount, Eligible: aw.Eligible, Seed: hex.EncodeToString(aw.Seed[:])}
			if aw.Winner != ([32]byte{}) {
				e.Winner = hex.EncodeToString(aw.Winner[:])
			}
			out = append(out, e)
		}
		v = out
	default:
		return nil, false, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, true, err
	}
	return &abci.ResponseQuery{Value: b, Height: m.Height}, true, nil
}
