package apiserver

import (
	"context"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
)

// registerWalletStaking registers wallet.stake, wallet.unstake,
// wallet.stakes, wallet.withdrawRewards and wallet.unjail.
func registerWalletStaking(srv *rpcserver.Server, w *wallet.Service) {
	spendErrs := errs(api.CodeStaking, api.CodeInsufficientFunds, api.CodeLocked, api.CodeViewOnly, api.CodeSyncing, api.CodeTxRejected, api.CodeAccountNotFound, api.CodeNodeUnavailable)
	srv.Register(api.MethodWalletStake, handle(func(ctx context.Context, p *api.StakeParams) (api.SendResult, error) {
		if err := required("validator", p.Validator); err != nil {
			return api.SendResult{}, err
		}
		return w.Stake(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Stakes funds to a validator",
		Description: "Bonds amount µSTG to the validator in a stake output the account owns, locked for the network's lock period (docs/economics.md). A validator's first stake names it by its token (stgval1…, from `stegosd validator-info`), must be at least the minimum stake, registers the validator with the token's proofs of possession (ADR 0016) and makes the account the validator's owner: the one that withdraws its rewards and unjails it. A validator already staked may be named by its key or a unique key prefix. A stake to a validator another account owns, or that is jailed or tombstoned, is refused with the reason unless force is set.",
		Params:      paramsOf(api.StakeParams{}, nil),
		Result:      result("result", api.SendResult{}),
		Errors:      spendErrs,
	})
	srv.Register(api.MethodWalletUnstake, handle(func(ctx context.Context, p *api.UnstakeParams) (api.SendResult, error) {
		return w.Unstake(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Unbonds stake whose lock has expired",
		Description: "Spends the account's unlocked stake outputs (of one validator, named by its key or a unique key prefix, or with all of every validator) back into its balance, less the fee; with an amount, the rest of the last output is bonded anew. Without validator or all, an unstake that would spend more than one stake output is refused with the list of validators. Locked stake gives an error saying until when.",
		Params:      paramsOf(api.UnstakeParams{}, nil),
		Result:      result("result", api.SendResult{}),
		Errors:      spendErrs,
	})
	srv.Register(api.MethodWalletStakes, handle(func(ctx context.Context, p *api.StakesParams) (api.Stakes, error) {
		return w.Stakes(ctx, p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Lists an account's stakes and the validators it owns",
		Description: "Each stake output with its validator, amount and unlock height; each validator the account owns with its accrued rewards and jail state.",
		Params:      paramsOf(api.StakesParams{}, nil),
		Result:      result("stakes", api.Stakes{}),
		Errors:      errs(api.CodeSyncing, api.CodeAccountNotFound, api.CodeNodeUnavailable),
	})
	srv.Register(api.MethodWalletWithdrawRewards, handle(func(ctx context.Context, p *api.WithdrawRewardsParams) (api.SendResult, error) {
		return w.WithdrawRewards(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Withdraws a validator's accrued rewards",
		Description: "Moves the rewards (all, or amount) of a validator the account owns into a confidential output of the account; the fee is paid from them. Signed with the owner key registered by the validator's first stake.",
		Params:      paramsOf(api.WithdrawRewardsParams{}, nil),
		Result:      result("result", api.SendResult{}),
		Errors:      spendErrs,
	})
	srv.Register(api.MethodWalletUnjail, handle(func(ctx context.Context, p *api.UnjailParams) (api.SendResult, error) {
		return w.Unjail(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Releases a jailed validator the account owns",
		Description: "Allowed once the jail time is served (the validator's unjailAt); the validator re-enters the set at the next epoch boundary if its stake qualifies. Its rewards, if they cover the fee, are withdrawn with it. A tombstoned (double-signing) validator cannot unjail.",
		Params:      paramsOf(api.UnjailParams{}, nil),
		Result:      result("result", api.SendResult{}),
		Errors:      spendErrs,
	})
}
