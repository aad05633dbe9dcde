package awardodds

import (
	"fmt"
	"math"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 1000, 380
	plotW, plotH   = 300, 240
	plotTop        = 60
)

// colors of the series by number of eligible validators.
var colors = map[int]string{10: "#d62728", 50: "#2ca02c", 100: "#1f77b4"}

// panel maps data coordinates (0..xmax, 0..ymax) to a plot area whose
// left edge is at x.
type panel struct {
	x          float64
	xmax, ymax float64
}

func (p panel) px(x float64) float64 { return p.x + x/p.xmax*plotW }
func (p panel) py(y float64) float64 { return plotTop + plotH - y/p.ymax*plotH }

// axes draws the frame, the grid and the tick labels of p: xticks and
// yticks are data values, labelled by xl and yl.
func (p panel) axes(b *strings.Builder, title, xlabel, ylabel string, xticks, yticks []float64, xl, yl func(float64) string) {
	fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="14" font-weight="bold" text-anchor="middle">%s</text>`+"\n", p.x+plotW/2, plotTop-20, title)
	for _, t := range xticks {
		x := p.px(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x, plotTop, x, plotTop+plotH)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x, plotTop+plotH+16, xl(t))
	}
	for _, t := range yticks {
		y := p.py(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", p.x, y, p.x+plotW, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", p.x-6, y+4, yl(t))
	}
	fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>`+"\n", p.x, plotTop, plotW, plotH)
	fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", p.x+plotW/2, plotTop+plotH+36, xlabel)
	fmt.Fprintf(b, `<text transform="translate(%.1f %d) rotate(-90)" text-anchor="middle">%s</text>`+"\n", p.x-46, plotTop+plotH/2, ylabel)
}

// line draws the polyline through pts (data coordinates) and labels its
// right end.
func (p panel) line(b *strings.Builder, pts [][2]float64, color, dash, label string, dy float64) {
	var s []string
	for _, q := range pts {
		s = append(s, fmt.Sprintf("%.1f,%.1f", p.px(q[0]), p.py(q[1])))
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(s, " "), color, dash)
	end := pts[len(pts)-1]
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="%s">%s</text>`+"\n", p.px(end[0])+6, p.py(end[1])+4+dy, color, label)
}

// SVG returns the chart: on the left, a validator's expected share of all
// rewards against its share of the stake, for ChartN eligible validators;
// on the right, its chance of having won the award at least once after
// each draw of a year, for TableN eligible validators.
func (m Model) SVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", chartW, chartH, chartW, chartH)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", chartW, chartH)

	// Left: share of all rewards against share of the stake.
	const maxShare = 0.25
	left := panel{x: 80, xmax: maxShare, ymax: maxShare}
	ticks := []float64{0, 0.05, 0.10, 0.15, 0.20, 0.25}
	pctTick := func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }
	left.axes(&b, fmt.Sprintf("Share of all rewards (%s)", m.Network), "share of the paid stake", "share of the rewards (expected)", ticks, ticks, pctTick, pctTick)
	left.line(&b, [][2]float64{{0, 0}, {maxShare, maxShare}}, "#888", ` stroke-dasharray="5 4"`, "by stake only", -8)
	for _, n := range ChartN {
		left.line(&b, [][2]float64{{0, m.Share(0, n)}, {maxShare, m.Share(maxShare, n)}}, colors[n], "", fmt.Sprintf("n = %d", n), 0)
		// Above stake-proportional to the left of 1/n, below to the right.
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`+"\n", left.px(1/float64(n)), left.py(m.Share(1/float64(n), n)), colors[n])
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="end" fill="#555">dot: break-even at a stake share of 1/n</text>`+"\n", left.px(maxShare)-8, plotTop+plotH-10)

	// Right: chance of at least one award after d draws.
	d := m.DrawsPerYear
	right := panel{x: 570, xmax: float64(max(d, 1)), ymax: 1}
	var xticks []float64
	for i := range 5 {
		xticks = append(xticks, math.Round(float64(d)*float64(i)/4))
	}
	right.axes(&b, "Won the award at least once", fmt.Sprintf("draws (%d a year)", d), "chance", xticks, []float64{0, 0.25, 0.5, 0.75, 1},
		func(f float64) string { return fmt.Sprintf("%.0f", f) }, pctTick)
	steps := min(d, 200)
	for i, n := range TableN {
		var pts [][2]float64
		for j := 0; j <= steps; j++ {
			k := int(math.Round(float64(d) * float64(j) / float64(max(steps, 1))))
			pts = append(pts, [2]float64{float64(k), WinAtLeastOnce(n, k)})
		}
		right.line(&b, pts, colors[n], "", fmt.Sprintf("n = %d: %s", n, pct(WinAtLeastOnce(n, d))), float64(13*(i-1)))
	}

	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">Stake rewards %s of the emission by stake, award %s to one of n eligible validators; go run ./cmd/stegos-odds -network %s</text>`+"\n",
		80, chartH-14, pct(1-m.AwardShare), pct(m.AwardShare), m.Network)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}
