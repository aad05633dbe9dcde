package app

import (
	"crypto/sha256"

	"github.com/stegos-go/stegos/ledger"
)

// txKey identifies raw transaction bytes.
type txKey [32]byte

func keyOf(tx []byte) txKey { return sha256.Sum256(tx) }

// verdict is what a node learned about a transaction's bytes. The stateless
// checks, the range proof and — once the inputs were seen — the balance and
// signature depend only on the bytes (an input id commits to the output's
// content), so they are never repeated.
type verdict struct {
	checked *ledger.Checked
	// err is a permanent rejection (malformed, bad proof, bad signature).
	err error
	// rangeOK is set once the range proof verified.
	rangeOK bool
	// inputsOK is set once CheckInputs passed.
	inputsOK bool
}

// cache is a bounded FIFO map of verdicts.
type cache struct {
	max   int
	m     map[txKey]*verdict
	order []txKey
}

func newCache(max int) *cache { return &cache{max: max, m: make(map[txKey]*verdict, max)} }

func (c *cache) get(k txKey) (*verdict, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *cache) put(k txKey, v *verdict) {
	if _, ok := c.m[k]; ok {
		c.m[k] = v
		return
	}
	for len(c.order) >= c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = v
	c.order = append(c.order, k)
}

func (c *cache) drop(k txKey) { delete(c.m, k) } // its order slot ages out

// spentLog remembers recently spent output ids so a late double spend is
// reported as such rather than as an unknown input. Node-local and bounded;
// it never decides validity, only the reason given.
type spentLog struct {
	max   int
	m     map[ledger.OutputID]struct{}
	order []ledger.OutputID
}

func newSpentLog(max int) *spentLog {
	return &spentLog{max: max, m: make(map[ledger.OutputID]struct{}, max)}
}

func (s *spentLog) add(id ledger.OutputID) {
	if _, ok := s.m[id]; ok {
		return
	}
	for len(s.order) >= s.max {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
	s.m[id] = struct{}{}
	s.order = append(s.order, id)
}

func (s *spentLog) has(id ledger.OutputID) bool {
	_, ok := s.m[id]
	return ok
}
