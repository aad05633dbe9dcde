package awardodds

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/params"
)

func model(t *testing.T, n params.Network) Model {
	t.Helper()
	p, err := params.For(n)
	if err != nil {
		t.Fatal(err)
	}
	return New(p)
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestNew(t *testing.T) {
	tests := []struct {
		network       params.Network
		blocks        float64
		rewardPerYear float64
		awardShare    float64
		draws         int
	}{
		// 10 STG a block at one block a second on every network.
		{params.Mainnet, 31_536_000, 315_360_000, 0.2, 52},
		{params.Testnet, 31_536_000, 315_360_000, 0.2, 365},
		{params.Dev, 31_536_000, 315_360_000, 0.2, 525_600},
	}
	for _, tt := range tests {
		t.Run(tt.network.String(), func(t *testing.T) {
			m := model(t, tt.network)
			if m.Network != tt.network.String() || !near(m.BlocksPerYear, tt.blocks) || !near(m.RewardPerYear, tt.rewardPerYear) ||
				!near(m.AwardShare, tt.awardShare) || m.DrawsPerYear != tt.draws {
				t.Fatalf("got %+v", m)
			}
		})
	}
}

func TestShareAndIncome(t *testing.T) {
	m := model(t, params.Mainnet)
	tests := []struct {
		stake        float64
		n            int
		share        float64
		stakeSTG     float64
		awardSTG     float64
		aboveByStake bool
	}{
		{0.01, 10, 0.028, 2_522_880, 6_307_200, true},
		{0.01, 50, 0.012, 2_522_880, 1_261_440, true},
		{0.01, 100, 0.010, 2_522_880, 630_720, false}, // 1/n: exactly by stake
		{0.20, 10, 0.180, 50_457_600, 6_307_200, false},
		{0.20, 50, 0.164, 50_457_600, 1_261_440, false},
		{0.20, 100, 0.162, 50_457_600, 630_720, false},
		{0, 100, 0.002, 0, 630_720, true},
	}
	for _, tt := range tests {
		share := m.Share(tt.stake, tt.n)
		s, a := m.Income(tt.stake, tt.n)
		if !near(share, tt.share) || !near(s, tt.stakeSTG) || !near(a, tt.awardSTG) {
			t.Errorf("stake %v, n %d: share %v, income %v + %v; want %v, %v + %v", tt.stake, tt.n, share, s, a, tt.share, tt.stakeSTG, tt.awardSTG)
		}
		if !near(s+a, share*m.RewardPerYear) {
			t.Errorf("stake %v, n %d: income %v is not share·emission %v", tt.stake, tt.n, s+a, share*m.RewardPerYear)
		}
		if above := share > tt.stake+1e-12; above != tt.aboveByStake {
			t.Errorf("stake %v, n %d: share %v above the stake share: %v, want %v", tt.stake, tt.n, share, above, tt.aboveByStake)
		}
	}
}

func TestWinAtLeastOnce(t *testing.T) {
	tests := []struct {
		n, draws int
		want     float64
	}{
		{1, 1, 1},
		{2, 1, 0.5},
		{2, 2, 0.75},
		{10, 0, 0},
		{10, 52, 0.99582544},
		{50, 52, 0.65025144},
		{100, 52, 0.40703355},
		{100, 1, 0.01},
	}
	for _, tt := range tests {
		if got := WinAtLeastOnce(tt.n, tt.draws); math.Abs(got-tt.want) > 1e-8 {
			t.Errorf("WinAtLeastOnce(%d, %d) = %v, want %v", tt.n, tt.draws, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	groups := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{999.4, "999"},
		{999.5, "1 000"},
		{630_720, "630 720"},
		{315_360_000, "315 360 000"},
	}
	for _, tt := range groups {
		if got := group(tt.f); got != tt.want {
			t.Errorf("group(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	pcts := []struct {
		f    float64
		want string
	}{
		{0, "0%"},
		{0.01, "1%"},
		{0.2, "20%"},
		{0.164, "16.4%"},
		{0.4070335, "40.7%"},
		{0.995825, "99.58%"},
	}
	for _, tt := range pcts {
		if got := pct(tt.f); got != tt.want {
			t.Errorf("pct(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := model(t, params.Mainnet).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"315 360 000 STG minted a year",
		"52 draws a year",
		"1%       10        2 522 880        6 307 200        8 830 080     2.8%    2.80×",
		"n = 100: 1% a draw, 40.7% a year",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
}

func TestSVG(t *testing.T) {
	for _, n := range []params.Network{params.Mainnet, params.Testnet, params.Dev} {
		t.Run(n.String(), func(t *testing.T) {
			svg := model(t, n).SVG()
			d := xml.NewDecoder(bytes.NewReader(svg))
			lines := 0
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed XML: %v", err)
				}
				if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "polyline" {
					lines++
				}
			}
			// By stake only, one line per ChartN, one curve per TableN.
			if want := 1 + len(ChartN) + len(TableN); lines != want {
				t.Fatalf("%d lines, want %d", lines, want)
			}
		})
	}
	if svg := string(model(t, params.Mainnet).SVG()); !strings.Contains(svg, "n = 100: 40.7%") || !strings.Contains(svg, "draws (52 a year)") {
		t.Fatal("the mainnet chart lacks its labels")
	}
}
