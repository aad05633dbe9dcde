// Package awardodds works out what a validator can expect from a network's
// reward rules (docs/economics.md §5): the block rewards paid in proportion
// to stake, its expected share of the Validator Service Award (one ticket
// per eligible validator, whatever its stake), and its chance of winning
// the award at least once in a year. It reads the network's parameters
// (params.Params: Staking and BlockTime), prints the figures as text and
// draws them as a small SVG chart (cmd/stegos-odds, docs/award-odds.svg).
//
// This is arithmetic for documentation, not consensus code: it uses floats,
// assumes exactly one block per BlockTime, and ignores rounding, slashed
// stake in the pool, and validators that are paid but not eligible.
package awardodds

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/stegos-go/stegos/params"
)

// Year is the length of the year behind the yearly figures.
const Year = 365 * 24 * time.Hour

// microPerSTG is the number of µSTG in one STG.
const microPerSTG = 1_000_000

// Model is one network's reward arithmetic.
type Model struct {
	// Network names the network, for titles.
	Network string
	// BlocksPerYear is Year / BlockTime.
	BlocksPerYear float64
	// RewardPerYear is the STG minted in a year.
	RewardPerYear float64
	// AwardShare is the part of each block reward that feeds the award
	// pool (AwardShareBps / 10⁴); the rest is paid by stake.
	AwardShare float64
	// DrawsPerYear is the number of whole award periods in a year.
	DrawsPerYear int
}

// New returns the model of the network p.
func New(p params.Params) Model {
	s := p.Staking
	blocks := float64(Year / p.BlockTime)
	return Model{
		Network:       p.Network.String(),
		BlocksPerYear: blocks,
		RewardPerYear: blocks * float64(s.BlockReward) / microPerSTG,
		AwardShare:    float64(s.AwardShareBps) / 10_000,
		DrawsPerYear:  int(blocks) / int(s.AwardPeriod),
	}
}

// Share returns the expected share of all rewards of a validator holding
// stakeShare of the paid stake, among n eligible validators:
// (1 − AwardShare)·stakeShare + AwardShare/n.
func (m Model) Share(stakeShare float64, n int) float64 {
	return (1-m.AwardShare)*stakeShare + m.AwardShare/float64(n)
}

// Income returns what such a validator earns in a year, in STG: its stake
// rewards and its expected award (the award itself is all or nothing).
func (m Model) Income(stakeShare float64, n int) (stake, award float64) {
	return (1 - m.AwardShare) * stakeShare * m.RewardPerYear, m.AwardShare * m.RewardPerYear / float64(n)
}

// WinAtLeastOnce returns the chance that a validator with one ticket among
// n wins at least one of draws draws: 1 − (1 − 1/n)^draws.
func WinAtLeastOnce(n, draws int) float64 {
	return 1 - math.Pow(1-1/float64(n), float64(draws))
}

// The cases the text and the chart show.
var (
	// TableStakes are the stake shares of the income table.
	TableStakes = []float64{0.01, 0.20}
	// TableN are the numbers of eligible validators of the tables and of
	// the chart's second panel.
	TableN = []int{10, 50, 100}
	// ChartN are the numbers of eligible validators of the chart's first
	// panel.
	ChartN = []int{10, 100}
)

// WriteText writes the model's figures as tables.
func (m Model) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Stegos %s: %s STG minted a year (%s blocks), %s to the award pool, %d draws a year.\n\n",
		m.Network, group(m.RewardPerYear), group(m.BlocksPerYear), pct(m.AwardShare), m.DrawsPerYear)
	fmt.Fprintf(&b, "Expected income a year: stake rewards (%s of the emission, by stake) and the award (%s, one ticket per eligible validator).\n",
		pct(1-m.AwardShare), pct(m.AwardShare))
	fmt.Fprintf(&b, "%-6s %4s %16s %16s %16s %8s %8s\n", "stake", "n", "stake STG", "award STG", "total STG", "share", "×stake")
	for _, x := range TableStakes {
		for _, n := range TableN {
			s, a := m.Income(x, n)
			sh := m.Share(x, n)
			fmt.Fprintf(&b, "%-6s %4d %16s %16s %16s %8s %7.2f×\n", pct(x), n, group(s), group(a), group(s+a), pct(sh), sh/x)
		}
	}
	fmt.Fprintf(&b, "\nChance of winning the award at least once in a year (%d draws):\n", m.DrawsPerYear)
	for _, n := range TableN {
		fmt.Fprintf(&b, "  n = %3d: %s a draw, %s a year\n", n, pct(1/float64(n)), pct(WinAtLeastOnce(n, m.DrawsPerYear)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pct formats a fraction as a percentage with up to two decimals.
func pct(f float64) string {
	s := fmt.Sprintf("%.2f", 100*f)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// group formats a non-negative number rounded to an integer, with its
// digits in groups of three separated by spaces.
func group(f float64) string {
	s := fmt.Sprintf("%.0f", math.Round(f))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
