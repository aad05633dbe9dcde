//go:build !race

package bulletproofs

const raceEnabled = false
