package attack

import (
	"fmt"
	"io"
	"strings"
)

// Verdict is the outcome of one attack.
type Verdict int

// Verdicts.
const (
	// Pass: the node defended itself.
	Pass Verdict = iota
	// Fail: the attack worked.
	Fail
	// NotOverRPC: the attack needs a proposer or a restart, which a client
	// cannot replay; Result.Test names the test that shows the defence.
	NotOverRPC
	// Error: the attack could not be carried out (setup failed).
	Error
)

func (v Verdict) String() string {
	switch v {
	case Pass:
		return "PASS"
	case Fail:
		return "FAIL"
	case NotOverRPC:
		return "NOT OVER RPC"
	case Error:
		return "ERROR"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Result is what one attack did and what the node answered.
type Result struct {
	// Item is the item of issue 9 the attack comes from.
	Item int
	// Name is the attack's short name (flood-bad-proofs, api-idle-ws, …).
	Name string
	// Did says what the attack did.
	Did string
	// Answer says what the node answered.
	Answer  string
	Verdict Verdict
	// Test names the test (package and function) that shows the defence.
	Test string
}

// Failed reports whether any attack worked.
func Failed(rs []Result) bool {
	for _, r := range rs {
		if r.Verdict == Fail {
			return true
		}
	}
	return false
}

// Errored reports whether any attack could not be carried out.
func Errored(rs []Result) bool {
	for _, r := range rs {
		if r.Verdict == Error {
			return true
		}
	}
	return false
}

// Print writes the results for people: per attack what it did, the
// node's answer and the verdict, then a summary line.
func Print(w io.Writer, rs []Result) error {
	var b strings.Builder
	counts := map[Verdict]int{}
	for _, r := range rs {
		counts[r.Verdict]++
		verdict := r.Verdict.String()
		switch r.Verdict {
		case Pass:
			verdict += " (defended)"
		case Fail:
			verdict += " (the attack worked)"
		}
		fmt.Fprintf(&b, "[item %d] %-22s %s\n", r.Item, r.Name, verdict)
		fmt.Fprintf(&b, "    did:    %s\n", r.Did)
		fmt.Fprintf(&b, "    answer: %s\n", r.Answer)
		if r.Test != "" {
			fmt.Fprintf(&b, "    test:   %s\n", r.Test)
		}
	}
	fmt.Fprintf(&b, "%d attacks: %d PASS, %d FAIL, %d not replayable over RPC, %d ERROR\n",
		len(rs), counts[Pass], counts[Fail], counts[NotOverRPC], counts[Error])
	_, err := io.WriteString(w, b.String())
	return err
}

// judge returns Pass when defended is true and Fail otherwise.
func judge(defended bool) Verdict {
	if defended {
		return Pass
	}
	return Fail
}

// codeCounts counts answers by their String, in first-seen order.
type codeCounts struct {
	order []string
	n     map[string]int
}

func (c *codeCounts) add(a answer) {
	if c.n == nil {
		c.n = map[string]int{}
	}
	s := a.String()
	if _, ok := c.n[s]; !ok {
		c.order = append(c.order, s)
	}
	c.n[s]++
}

func (c *codeCounts) String() string {
	var parts []string
	for _, s := range c.order {
		parts = append(parts, fmt.Sprintf("%s ×%d", s, c.n[s]))
	}
	return strings.Join(parts, ", ")
}
