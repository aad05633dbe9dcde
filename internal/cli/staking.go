package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
	"github.com/stegos-go/stegos/txbuilder"
)

// txFlags are the flags of commands that submit a transaction.
type txFlags struct {
	fee     string
	wait    bool
	maxWait time.Duration
}

func (f *txFlags) register(cmd *cobra.Command, withFee bool) {
	if withFee {
		cmd.Flags().StringVar(&f.fee, "fee", "", "fee in STG (default: the minimum fee)")
	}
	cmd.Flags().BoolVar(&f.wait, "wait", false, "wait until the transaction is confirmed in a block")
	cmd.Flags().DurationVar(&f.maxWait, "max-wait", 0, "with --wait, give up after this long (0: no limit)")
}

func (f *txFlags) feeAmount() (uint64, error) {
	if f.fee == "" {
		return 0, nil
	}
	v, err := ParseAmount(f.fee)
	if err != nil {
		return 0, usagef("--fee: %v", err)
	}
	return v, nil
}

// submit calls a wallet method that submits a transaction (call, through
// the SDK), prints what happened (done describes it: "Staked 1000 STG to
// …") and, with --wait, waits for the block.
func (a *app) submit(ctx context.Context, f *txFlags, call func(context.Context, *client.Client) (*api.SendResult, error), done func(*api.SendResult) string) error {
	res, err := doResult(ctx, a, call)
	if err != nil {
		return err
	}
	if !a.json {
		fmt.Fprintf(a.env.Stdout, "%s (fee %s).\nTransaction %s is %s.\n", done(res), formatSTG(res.Fee), res.TxID, sanitize(res.Status))
	}
	if f.wait {
		e, err := a.waitConfirmed(ctx, res.TxID, f.maxWait)
		if err != nil {
			return err
		}
		res.Status = e.Status
		if !a.json {
			fmt.Fprintf(a.env.Stdout, "Confirmed in block %d.\n", e.Height)
		}
	}
	if a.json {
		return a.printJSON(res)
	}
	return nil
}

func (a *app) stakeCommand() *cobra.Command {
	var validator string
	var force bool
	var f txFlags
	cmd := &cobra.Command{
		Use:   "stake AMOUNT",
		Short: "Stake AMOUNT STG to a validator",
		Long: `Bond AMOUNT STG to a validator in a stake output this account owns. The stake
is locked for the network's lock period (dev: 3 to 4 epochs of 20 blocks),
earns the validator its share of every block reward, and can be taken back
with 'stegos unstake' after that.

A validator's first stake needs its token: --validator stgval1…, which
'stegosd validator-info' prints on the validator's node. It must be at least
the minimum stake (dev: 1000 STG), registers the validator with the token's
proofs that the node holds its keys, and makes this account the validator's
owner: the one that withdraws its rewards ('stegos rewards withdraw') and
unjails it. A validator already staked may also be named by its key or a
unique prefix of it, as 'stegos validators' prints it. Without --validator,
the stake goes to the validator this account owns.

A stake to a validator another account owns (its rewards go to that owner),
or that is jailed or tombstoned, is refused with the reason; --force stakes
anyway.`,
		Args: exactArgs("AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.StakeParams{Account: a.account, Validator: strings.TrimSpace(validator), Force: force}
			var err error
			if p.Amount, err = ParseAmount(args[0]); err != nil {
				return usageError{err}
			}
			if p.Amount == 0 {
				return usagef("the amount must be more than 0")
			}
			if p.Fee, err = f.feeAmount(); err != nil {
				return err
			}
			ctx := cmd.Context()
			if p.Validator == "" {
				if p.Validator, err = a.ownedValidator(ctx); err != nil {
					return err
				}
			}
			return a.submit(ctx, &f, func(ctx context.Context, c *client.Client) (*api.SendResult, error) { return c.Stake(ctx, p) }, func(r *api.SendResult) string {
				return fmt.Sprintf("Staked %s to validator %s", formatSTG(r.Amount), validatorLabel(p.Validator))
			})
		},
	}
	cmd.Flags().StringVar(&validator, "validator", "", "the validator: its token (stgval1…, for its first stake), or its key or a unique prefix of it")
	cmd.Flags().BoolVar(&force, "force", false, "stake even to a validator another account owns, or that is jailed or tombstoned")
	f.register(cmd, true)
	return cmd
}

// validatorLabel names the validator a --validator value names, for
// messages: the key a token carries (never the token, which holds a
// secret), else the key or prefix given.
func validatorLabel(ref string) string {
	if txbuilder.IsValidatorToken(ref) {
		tok, err := txbuilder.ParseValidatorToken(ref)
		if err != nil {
			return "(token)"
		}
		return short(hex.EncodeToString(tok.Validator[:]))
	}
	return short(ref)
}

// ownedChoices lists validators for a message: key prefix, stake, state.
func ownedChoices(vs []api.Validator) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%s (%s staked, %s)", short(v.Key), formatSTG(v.Stake), validatorState(v)))
	}
	return strings.Join(parts, "; ")
}

// ownedValidator returns the validator the account owns, for commands
// whose --validator defaults to it.
func (a *app) ownedValidator(ctx context.Context) (string, error) {
	st, err := a.stakes(ctx)
	if err != nil {
		return "", err
	}
	switch len(st.Validators) {
	case 0:
		return "", usagef("%s owns no validator: give --validator with the validator's token (stgval1…, which 'stegosd validator-info' prints on its node) for its first stake, or the key or a key prefix of a validator already staked", a.accountLabel())
	case 1:
		return st.Validators[0].Key, nil
	}
	return "", usagef("%s owns %d validators; name one with --validator KEY|PREFIX: %s", a.accountLabel(), len(st.Validators), ownedChoices(st.Validators))
}

func (a *app) stakes(ctx context.Context) (*api.Stakes, error) {
	return doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.Stakes, error) {
		return c.Stakes(ctx, a.account)
	})
}

func (a *app) unstakeCommand() *cobra.Command {
	var validator string
	var all, yes bool
	var f txFlags
	cmd := &cobra.Command{
		Use:   "unstake [AMOUNT] (--validator KEY|PREFIX | --all)",
		Short: "Take back stake whose lock has expired",
		Long: `Spend this account's unlocked stake outputs back into its balance, less the
fee: all of them, or AMOUNT STG (the rest of the last output is staked anew,
with a new lock). --validator limits it to one validator (its key or a
unique prefix of it); --all takes stake from every validator, after a
confirmation when it spends more than one stake (--yes skips it; without a
terminal, --yes is required). Without either, an unstake that would spend
more than one stake is refused with the list of validators. 'stegos
rewards' shows each stake and the block from which it is unlocked.`,
		Args: rangeArgs(nil, []string{"AMOUNT"}),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.UnstakeParams{Account: a.account, Validator: strings.TrimSpace(validator), All: all}
			if p.Validator != "" && all {
				return usagef("give --validator or --all, not both")
			}
			var err error
			if len(args) == 1 {
				if p.Amount, err = ParseAmount(args[0]); err != nil {
					return usageError{err}
				}
				if p.Amount == 0 {
					return usagef("the amount must be more than 0 (leave it out to unstake everything unlocked)")
				}
			}
			if p.Fee, err = f.feeAmount(); err != nil {
				return err
			}
			ctx := cmd.Context()
			if all && !yes {
				if err := a.confirmUnstakeAll(ctx); err != nil {
					return err
				}
			}
			return a.submit(ctx, &f, func(ctx context.Context, c *client.Client) (*api.SendResult, error) { return c.Unstake(ctx, p) }, func(r *api.SendResult) string {
				return fmt.Sprintf("Unstaked %s", formatSTG(r.Amount))
			})
		},
	}
	cmd.Flags().StringVar(&validator, "validator", "", "only stake bonded to this validator (its key or a unique prefix)")
	cmd.Flags().BoolVar(&all, "all", false, "stake bonded to every validator")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "with --all, do not ask for confirmation")
	f.register(cmd, true)
	return cmd
}

// confirmUnstakeAll asks before an unstake --all that spends more than one
// stake; without a terminal it refuses, since --yes is the way for
// scripts.
func (a *app) confirmUnstakeAll(ctx context.Context) error {
	st, err := a.stakes(ctx)
	if err != nil {
		return err
	}
	var n int
	var total uint64
	var order []string
	per := map[string]uint64{}
	for _, s := range st.Stakes {
		if !s.Unlocked || s.Pending {
			continue
		}
		n++
		total += s.Amount
		if _, ok := per[s.Validator]; !ok {
			order = append(order, s.Validator)
		}
		per[s.Validator] += s.Amount
	}
	if n <= 1 {
		return nil
	}
	if !a.env.StdinTerminal {
		return usagef("refusing to unstake %d stakes (%s) without confirmation: pass --yes", n, formatSTG(total))
	}
	of := fmt.Sprintf("%d validators", len(order))
	if len(order) == 1 {
		of = "1 validator"
	}
	fmt.Fprintf(a.env.Stderr, "Unstake %d stakes (%s) of %s:\n", n, formatSTG(total), of)
	for _, k := range order {
		state := "not staked"
		for _, v := range st.Validators {
			if v.Key == k {
				state = validatorState(v)
			}
		}
		fmt.Fprintf(a.env.Stderr, "  %s  %s  %s\n", short(k), formatSTG(per[k]), state)
	}
	fmt.Fprint(a.env.Stderr, "Unstake them all? [y/N] ")
	got, err := a.readLine(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if answer := strings.ToLower(strings.TrimSpace(got)); err != nil || (answer != "y" && answer != "yes") {
		return errors.New("not confirmed; nothing was unstaked")
	}
	return nil
}

func (a *app) rewardsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rewards",
		Short: "Show this account's stakes and the rewards of the validators it owns",
		Long: `Show each stake output of the account (validator, amount, the block from which
it may be unstaked) and each validator the account owns, with the rewards it
has accrued. 'stegos rewards withdraw' moves them into the balance.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.stakes(cmd.Context())
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(st)
			}
			return a.printStakes(st)
		},
	}
	var validator, amount string
	var f txFlags
	withdraw := &cobra.Command{
		Use:   "withdraw",
		Short: "Withdraw a validator's accrued rewards into the balance",
		Long: `Move the rewards of the validator this account owns (or --validator) into a
private output of the account: all of them, or --amount STG. The fee is paid
from the rewards.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := api.WithdrawRewardsParams{Account: a.account, Validator: strings.TrimSpace(validator)}
			if amount != "" {
				v, err := ParseAmount(amount)
				if err != nil || v == 0 {
					return usagef("--amount: give a positive amount of STG")
				}
				p.Amount = v
			}
			return a.submit(cmd.Context(), &f, func(ctx context.Context, c *client.Client) (*api.SendResult, error) { return c.WithdrawRewards(ctx, p) }, func(r *api.SendResult) string {
				return fmt.Sprintf("Withdrew %s of rewards", formatSTG(r.Amount))
			})
		},
	}
	withdraw.Flags().StringVar(&validator, "validator", "", "the validator: its key or a unique prefix (default: the one the account owns)")
	withdraw.Flags().StringVar(&amount, "amount", "", "STG to withdraw (default: all)")
	f.register(withdraw, false)
	cmd.AddCommand(withdraw)
	return cmd
}

func (a *app) printStakes(st *api.Stakes) error {
	if len(st.Stakes) == 0 {
		fmt.Fprintf(a.env.Stdout, "No stake (block %d).\n", st.Height)
	} else {
		fmt.Fprintf(a.env.Stdout, "Stakes at block %d:\n", st.Height)
		t := a.table()
		row(t, "VALIDATOR", "AMOUNT", "BONDED AT", "UNLOCKED FROM", "STATE")
		for _, s := range st.Stakes {
			state := "locked"
			switch {
			case s.Pending:
				state = "unstaking"
			case s.Unlocked:
				state = "unlocked"
			}
			row(t, short(s.Validator), formatSTG(s.Amount), fmt.Sprint(s.Height), fmt.Sprint(s.UnlockHeight), state)
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	if len(st.Validators) == 0 {
		return nil
	}
	fmt.Fprintln(a.env.Stdout, "\nValidators this account owns:")
	t := a.table()
	row(t, "KEY", "STAKE", "REWARDS", "STATE")
	for _, v := range st.Validators {
		row(t, short(v.Key), formatSTG(v.Stake), formatSTG(v.Rewards), validatorState(v))
	}
	return t.Flush()
}

// validatorState describes a validator's place in the set.
func validatorState(x api.Validator) string {
	switch {
	case x.Tombstoned:
		return "tombstoned"
	case x.Jailed:
		return fmt.Sprintf("jailed at %d, may unjail from %d", x.JailedAt, x.UnjailAt)
	case x.Active:
		return "active"
	}
	return "standby"
}

func (a *app) unjailCommand() *cobra.Command {
	var validator string
	var f txFlags
	cmd := &cobra.Command{
		Use:   "unjail",
		Short: "Release a jailed validator this account owns",
		Long: `A validator that missed too many blocks is jailed: out of the set, earning
nothing. Once the jail time has passed ('stegos rewards' shows from which
block), bring the node back online and unjail it; it re-enters the set at
the next epoch boundary. Its rewards pay the fee if they can.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := api.UnjailParams{Account: a.account, Validator: strings.TrimSpace(validator)}
			return a.submit(cmd.Context(), &f, func(ctx context.Context, c *client.Client) (*api.SendResult, error) { return c.Unjail(ctx, p) }, func(*api.SendResult) string {
				return "Unjail submitted"
			})
		},
	}
	cmd.Flags().StringVar(&validator, "validator", "", "the validator: its key or a unique prefix (default: the one the account owns)")
	f.register(cmd, false)
	return cmd
}

func (a *app) awardCommand() *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:   "award",
		Short: "Show the Validator Service Award: pool, next draw, past winners",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var out struct {
				Pool   *api.AwardPool `json:"pool"`
				Awards []api.Award    `json:"awards"`
			}
			err := a.do(cmd.Context(), func(ctx context.Context, c *client.Client) error {
				var err error
				if out.Pool, err = c.AwardPool(ctx); err != nil {
					return err
				}
				out.Awards, err = c.Awards(ctx, n)
				return err
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(out)
			}
			p := out.Pool
			fmt.Fprintf(a.env.Stdout, "Pool: %s at block %d.\nNext draw at block %d (period from block %d; seed fixed at block %d), among the validators eligible then.\n",
				formatSTG(p.Pool), p.Height, p.NextDraw, p.PeriodStart, p.SeedHeight)
			fmt.Fprintf(a.env.Stdout, "Since genesis: %s minted, %s awarded, %s slashed.\n", formatSTG(p.Minted), formatSTG(p.Awarded), formatSTG(p.Slashed))
			if len(out.Awards) == 0 {
				fmt.Fprintln(a.env.Stdout, "No draw yet.")
				return nil
			}
			fmt.Fprintln(a.env.Stdout)
			return a.printAwards(out.Awards)
		},
	}
	cmd.Flags().IntVar(&n, "last", 10, "how many past draws to show")
	return cmd
}
