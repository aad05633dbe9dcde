package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// validatorsView is the --json output of 'stegos validators'.
type validatorsView struct {
	Validators *api.Validators `json:"validators"`
	Pool       *api.AwardPool  `json:"pool"`
	Awards     []api.Award     `json:"awards"`
}

func (a *app) validatorsCommand() *cobra.Command {
	var awards int
	cmd := &cobra.Command{
		Use:   "validators",
		Short: "Show the validators, the award pool and the last draws",
		Long: `Show every validator (stake, voting power, rewards, jail state, and its
signed/missed blocks in the current award period, with whether it would be
eligible for the draw if the period ended now), then the Validator Service
Award pool and the last draws. The KEY column shows the first 16 hex digits
of each key: any unique prefix of at least 4 names the validator in
'stegos stake', 'unstake', 'rewards withdraw' and 'unjail'.`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var out validatorsView
			err := a.do(cmd.Context(), func(ctx context.Context, c *client.Client) error {
				var err error
				if out.Validators, err = c.Validators(ctx); err != nil {
					return err
				}
				if out.Pool, err = c.AwardPool(ctx); err != nil {
					return err
				}
				out.Awards, err = c.Awards(ctx, awards)
				return err
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(out)
			}
			return a.printValidators(out)
		},
	}
	cmd.Flags().IntVar(&awards, "awards", 5, "how many past draws to show")
	return cmd
}

func (a *app) printValidators(v validatorsView) error {
	vs := v.Validators
	fmt.Fprintf(a.env.Stdout, "Block %d, epoch %d (the set changes next at block %d)\n\n", vs.Height, vs.Epoch, vs.NextEpoch)
	t := a.table()
	row(t, "KEY", "STAKE", "POWER", "REWARDS", "STATE", "PERIOD SIGNED", "ELIGIBLE")
	for _, x := range vs.Validators {
		state := validatorState(x)
		signed := fmt.Sprintf("%d/%d", x.PeriodSigned, x.PeriodSigned+x.PeriodMissed)
		eligible := "no"
		if x.Eligible {
			eligible = "yes"
		}
		row(t, short(x.Key), formatSTG(x.Stake), fmt.Sprint(x.Power), formatSTG(x.Rewards), state, signed, eligible)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	p := v.Pool
	fmt.Fprintf(a.env.Stdout, "\nAward pool: %s, drawn at block %d among the eligible validators (seed from block %d).\n", formatSTG(p.Pool), p.NextDraw, p.SeedHeight)
	fmt.Fprintf(a.env.Stdout, "Since genesis: %s minted, %s awarded, %s slashed.\n", formatSTG(p.Minted), formatSTG(p.Awarded), formatSTG(p.Slashed))
	if len(v.Awards) == 0 {
		return nil
	}
	fmt.Fprintln(a.env.Stdout)
	return a.printAwards(v.Awards)
}

// printAwards prints a table of draws.
func (a *app) printAwards(awards []api.Award) error {
	t := a.table()
	row(t, "DRAW AT", "WINNER", "AMOUNT", "ELIGIBLE")
	for _, aw := range awards {
		winner := "nobody eligible"
		if aw.Winner != "" {
			winner = short(aw.Winner)
		}
		row(t, fmt.Sprint(aw.Height), winner, formatSTG(aw.Amount), fmt.Sprint(aw.Eligible))
	}
	return t.Flush()
}

// short abbreviates a hex key for tables.
func short(hexKey string) string {
	if len(hexKey) <= 16 {
		return sanitize(hexKey)
	}
	return sanitize(hexKey[:16]) + "…"
}
