package cli

import (
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
)

const (
	valKey1 = "ab12cd0000000000000000000000000000000000000000000000000000000001"
	valKey2 = "ab12ef0000000000000000000000000000000000000000000000000000000002"
	// testToken is shaped like a validator token; the fake node does not
	// read it.
	valToken = "stgval1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
)

// twoStakes is an account with unlocked stakes to two validators it owns.
var twoStakes = api.Stakes{Account: aliceID, Height: 200,
	Stakes: []api.StakeInfo{
		{ID: "s1", Validator: valKey1, Amount: 100_000_000_000, Height: 1, UnlockHeight: 80, Unlocked: true},
		{ID: "s2", Validator: valKey2, Amount: 5_000_000_000, Height: 2, UnlockHeight: 80, Unlocked: true},
		{ID: "s3", Validator: valKey2, Amount: 1_000_000, Height: 190, UnlockHeight: 240},
	},
	Validators: []api.Validator{
		{Key: valKey1, Stake: 100_000_000_000, Active: true},
		{Key: valKey2, Stake: 5_001_000_000, Jailed: true, JailedAt: 150, UnjailAt: 170},
	},
}

// stakingHandlers answer the staking methods: stakes returns st, the
// submitting methods a pending transaction.
func stakingHandlers(st api.Stakes) map[string]handlerFunc {
	sent := func(amount uint64) api.SendResult {
		return api.SendResult{TxID: txID, Amount: amount, Fee: 1000, Status: api.StatusPending}
	}
	return map[string]handlerFunc{
		api.MethodWalletStakes: fixed[api.StakesParams](st),
		api.MethodWalletStake: strict(func(p api.StakeParams) (any, error) {
			return sent(p.Amount), nil
		}),
		api.MethodWalletUnstake: strict(func(p api.UnstakeParams) (any, error) {
			return sent(105_000_000_000), nil
		}),
		api.MethodWalletWithdrawRewards: strict(func(p api.WithdrawRewardsParams) (any, error) {
			return sent(3_000_000), nil
		}),
		api.MethodWalletUnjail: strict(func(p api.UnjailParams) (any, error) {
			return sent(0), nil
		}),
	}
}

// TestStakeTakesTheToken: stake passes the token (or a key or prefix) and
// --force to wallet.stake; --vrf-key is gone, so two keys cannot be
// swapped any more.
func TestStakeTakesTheToken(t *testing.T) {
	f := newFixture(t, stakingHandlers(twoStakes))
	r := f.run(t, opts{}, "stake", "5000", "--validator", valToken)
	r.want(t, 0, "Staked 5000 STG")
	r = f.run(t, opts{}, "stake", "1", "--validator", "ab12cd", "--force")
	r.want(t, 0, "Staked 1 STG")
	got := f.params(api.MethodWalletStake)
	if len(got) != 2 || !strings.Contains(got[0], `"validator":"`+valToken+`"`) || strings.Contains(got[0], "force") ||
		!strings.Contains(got[1], `"validator":"ab12cd"`) || !strings.Contains(got[1], `"force":true`) {
		t.Fatalf("wallet.stake params %q", got)
	}
	r = f.run(t, opts{}, "stake", "5000", "--validator", valKey1, "--vrf-key", valKey2)
	r.want(t, 2, "unknown flag: --vrf-key")
	if r.stdout != "" || len(f.params(api.MethodWalletStake)) != 2 {
		t.Fatalf("a stake with --vrf-key was sent: %q", r.stdout)
	}
}

// TestStakeDefaultListsOwned: without --validator, a stake goes to the one
// validator the account owns; with several, the error lists them (prefix,
// stake, state).
func TestStakeDefaultListsOwned(t *testing.T) {
	f := newFixture(t, stakingHandlers(twoStakes))
	r := f.run(t, opts{}, "stake", "5")
	r.want(t, 2, "owns 2 validators", "ab12cd0000000000… (100000 STG staked, active)", "ab12ef0000000000… (5001 STG staked, jailed at 150", "--validator")
	if n := len(f.params(api.MethodWalletStake)); n != 0 {
		t.Fatalf("%d stakes sent", n)
	}
}

// TestUnstakeNamesOrConfirms: unstake without --validator or --all sends
// neither (the wallet refuses to spend several stakes and lists them);
// --all asks before touching more than one stake, refuses without a
// terminal unless --yes, and --validator takes a prefix.
func TestUnstakeNamesOrConfirms(t *testing.T) {
	f := newFixture(t, stakingHandlers(twoStakes))
	calls := func() []string { return f.params(api.MethodWalletUnstake) }

	r := f.run(t, opts{}, "unstake", "--all")
	r.want(t, 2, "refusing to unstake 2 stakes", "--yes")
	r = f.run(t, opts{terminal: true, stdin: "n\n"}, "unstake", "--all")
	r.want(t, 1, "ab12cd0000000000…", "ab12ef0000000000…", "105000 STG", "not confirmed")
	if n := len(calls()); n != 0 {
		t.Fatalf("%d unstakes sent without confirmation", n)
	}
	r = f.run(t, opts{terminal: true, stdin: "y\n"}, "unstake", "--all")
	r.want(t, 0, "Unstake 2 stakes (105000 STG) of 2 validators", "Unstaked 105000 STG")
	r = f.run(t, opts{}, "unstake", "--all", "--yes")
	r.want(t, 0, "Unstaked 105000 STG")
	r = f.run(t, opts{}, "unstake", "--validator", "ab12ef…")
	r.want(t, 0, "Unstaked")
	r = f.run(t, opts{}, "unstake", "--validator", "ab12ef", "--all")
	r.want(t, 2, "--validator or --all, not both")
	got := calls()
	if len(got) != 3 || !strings.Contains(got[0], `"all":true`) || !strings.Contains(got[1], `"all":true`) ||
		!strings.Contains(got[2], `"validator":"ab12ef…"`) || strings.Contains(got[2], "all") {
		t.Fatalf("wallet.unstake params %q", got)
	}

	// One unlocked stake: --all asks nothing.
	one := twoStakes
	one.Stakes = twoStakes.Stakes[:1]
	f = newFixture(t, stakingHandlers(one))
	f.run(t, opts{}, "unstake", "--all").want(t, 0, "Unstaked")

	// Without either, the wallet's refusal (which lists the choices) is
	// what the user sees.
	f = newFixture(t, map[string]handlerFunc{
		api.MethodWalletStakes: fixed[api.StakesParams](twoStakes),
		api.MethodWalletUnstake: apiErr(api.CodeStaking,
			"staking: this would unstake 2 stakes (105000 STG) of 2 validators; name the validator (validator, --validator KEY|PREFIX) or unstake them all (all, --all): ab12cd0000000000… (1 unlocked stakes, 100000 STG, active); ab12ef0000000000… (1 unlocked stakes, 5000 STG, jailed at block 150)", nil),
	})
	r = f.run(t, opts{}, "unstake")
	r.want(t, 1, "name the validator", "ab12ef0000000000…")
	if got := f.params(api.MethodWalletUnstake); len(got) != 1 || strings.Contains(got[0], "all") {
		t.Fatalf("wallet.unstake params %q", got)
	}
}

// TestValidatorPrefixesPassThrough: rewards withdraw and unjail take a
// prefix, as the tables print it.
func TestValidatorPrefixesPassThrough(t *testing.T) {
	f := newFixture(t, stakingHandlers(twoStakes))
	f.run(t, opts{}, "rewards", "withdraw", "--validator", "ab12cd").want(t, 0, "Withdrew")
	f.run(t, opts{}, "unjail", "--validator", "ab12ef0000000000…").want(t, 0, "Unjail submitted")
	if got := f.params(api.MethodWalletWithdrawRewards); len(got) != 1 || !strings.Contains(got[0], `"validator":"ab12cd"`) {
		t.Fatalf("withdraw params %q", got)
	}
	if got := f.params(api.MethodWalletUnjail); len(got) != 1 || !strings.Contains(got[0], `"validator":"ab12ef0000000000…"`) {
		t.Fatalf("unjail params %q", got)
	}
}
