package apiserver

import (
	"context"
	"encoding/binary"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// registerStaking registers chain.validators, chain.awardPool and
// chain.awards, answered from the application's staking queries.
func registerStaking(srv *rpcserver.Server, src *chainsrc.Comet) {
	query := func(ctx context.Context, path string, data []byte, v any) error {
		if err := src.QueryJSON(ctx, path, data, v); err != nil {
			return sourceError(err)
		}
		return nil
	}
	srv.Register(api.MethodChainValidators, handle(func(ctx context.Context, _ *struct{}) (api.Validators, error) {
		var v api.Validators
		return v, query(ctx, app.QueryValidators, nil, &v)
	}), rpcserver.MethodSpec{
		Summary:     "Lists the validators: stake, power, rewards, jail state and award-period uptime",
		Description: "Every validator with a stake or in the genesis set, by consensus key. Eligible says whether it would be in the Validator Service Award draw if the period ended now (docs/economics.md).",
		Result:      result("validators", api.Validators{}),
		Errors:      errs(api.CodeNodeUnavailable),
	})
	srv.Register(api.MethodChainAwardPool, handle(func(ctx context.Context, _ *struct{}) (api.AwardPool, error) {
		var v api.AwardPool
		return v, query(ctx, app.QueryAwardPool, nil, &v)
	}), rpcserver.MethodSpec{
		Summary:     "Shows the Validator Service Award pool and the next draw",
		Description: "20% of every block reward (and every slashed stake) feeds the pool; at the end of each award period one eligible validator, drawn with the randomness beacon, wins all of it.",
		Result:      result("pool", api.AwardPool{}),
		Errors:      errs(api.CodeNodeUnavailable),
	})
	srv.Register(api.MethodChainAwards, handle(func(ctx context.Context, p *api.AwardsParams) ([]api.Award, error) {
		if p.Limit < 0 {
			return nil, rpcserver.InvalidParams("limit must not be negative")
		}
		var data []byte
		if p.Limit > 0 {
			data = binary.BigEndian.AppendUint32(nil, uint32(p.Limit))
		}
		var v []api.Award
		return v, query(ctx, app.QueryAwards, data, &v)
	}), rpcserver.MethodSpec{
		Summary: "Lists the past award draws, most recent first",
		Params:  paramsOf(api.AwardsParams{}, map[string]string{"limit": "at most this many draws (default 20)"}),
		Result:  result("awards", []api.Award{}),
		Errors:  errs(api.CodeNodeUnavailable),
	})
}
