package config

import "github.com/stegos-go/stegos/internal/editdist"

// suggest returns "did you mean X?" for the candidate closest to name, when
// it is close enough to be a typo, and "" otherwise.
func suggest(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editdist.Bounded(name, c, bestDist); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return "did you mean " + best + "?"
}
