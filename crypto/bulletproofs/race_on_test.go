//go:build race

package bulletproofs

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
