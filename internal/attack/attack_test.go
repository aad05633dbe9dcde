package attack

import (
	"log/slog"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/testnode"
)

// testLogger logs to stderr when STEGOS_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("STEGOS_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// runChain runs the chain attacks of items 1, 2 and 9 against a real dev
// node started in the test, with its CometBFT RPC on loopback.
func runChain(t *testing.T, opts testnode.Options) map[string]Result {
	t.Helper()
	opts.RPC = true
	tn := testnode.Start(t, opts)
	rs, err := Run(t.Context(), Config{
		RPC:     tn.RPCURL(),
		N:       40,
		Attacks: []string{"flood", "replay", "copied-proof"},
		Log:     testLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Result{}
	for _, r := range rs {
		t.Logf("item %d %s: %s — %s", r.Item, r.Name, r.Verdict, r.Answer)
		byName[r.Name] = r
	}
	return byName
}

// The node of today's tree defends itself against every chain attack that
// a client can replay: the one-coin floods of item 1 (no spend with a bad
// proof admitted, one of the conflicting spends), the replays and
// re-created outputs of item 2, and the copied range proof of item 9.
func TestChainAttacksDefended(t *testing.T) {
	rs := runChain(t, testnode.Options{})
	want := map[string]Verdict{
		"flood-bad-proofs":      Pass,
		"flood-conflicting":     Pass,
		"replay-exact":          Pass,
		"replay-resigned":       Pass,
		"recreate-spent-output": Pass,
		"recreate-live-output":  Pass,
		"recreate-same-block":   NotOverRPC,
		"copied-range-proof":    Pass,
	}
	for name, v := range want {
		r, ok := rs[name]
		if !ok {
			t.Errorf("%s: no result", name)
			continue
		}
		if r.Verdict != v {
			t.Errorf("%s: %s, want %s\n  did: %s\n  answer: %s", name, r.Verdict, v, r.Did, r.Answer)
		}
	}
	if len(rs) != len(want) {
		t.Errorf("%d results, want %d", len(rs), len(want))
	}
}

// The tool tells a node that defends from one that does not: with range
// proofs deferred to the proposal (the behaviour before issue 9), a spend
// with a broken or copied proof is admitted, and the tool says FAIL.
func TestChainAttacksDetectDeferredProofs(t *testing.T) {
	rs := runChain(t, testnode.Options{Mempool: app.MempoolConfig{DeferRangeProofs: true}})
	for _, name := range []string{"flood-bad-proofs", "copied-range-proof"} {
		if r := rs[name]; r.Verdict != Fail {
			t.Errorf("%s against a node that defers range proofs: %s (%s), want FAIL", name, r.Verdict, r.Answer)
		}
	}
	// The conflict index does not depend on the proofs.
	if r := rs["flood-conflicting"]; r.Verdict != Pass {
		t.Errorf("flood-conflicting: %s (%s), want PASS", r.Verdict, r.Answer)
	}
}

func TestSelectAttacks(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  int
	}{
		{nil, len(attacks)},
		{[]string{"all"}, len(attacks)},
		{[]string{"chain"}, 4},
		{[]string{"api"}, 4},
		{[]string{"flood", "api-ws"}, 2},
		{[]string{"flood", "chain"}, 4},
	} {
		got, err := selectAttacks(tc.names)
		if err != nil || len(got) != tc.want {
			t.Errorf("selectAttacks(%q) = %d attacks, %v; want %d", tc.names, len(got), err, tc.want)
		}
	}
	if _, err := selectAttacks([]string{"nope"}); err == nil {
		t.Error("an unknown attack name was accepted")
	}
}

// breakProof changes one bit of the a scalar's low half, a different one
// for each of 128 indexes.
func TestBreakProof(t *testing.T) {
	proof := make([]byte, 736)
	seen := map[string]bool{}
	for i := range 128 {
		b := breakProof(proof, i)
		diff := 0
		for j := range b {
			if b[j] != proof[j] {
				diff++
				if j < len(proof)-64 || j >= len(proof)-48 {
					t.Fatalf("index %d changed byte %d, outside the a scalar's low 16 bytes", i, j)
				}
			}
		}
		if diff != 1 || seen[string(b)] {
			t.Fatalf("index %d: %d bytes changed, repeated %v", i, diff, seen[string(b)])
		}
		seen[string(b)] = true
	}
}

// The CPU time and listener lookups read this test's own process.
func TestProcLookups(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	p, _ := strconv.Atoi(port)
	pid, err := listenerPID(p)
	if err != nil {
		t.Skipf("no /proc lookup here: %v", err)
	}
	if pid != os.Getpid() {
		t.Fatalf("listener of port %d: pid %d, want %d", p, pid, os.Getpid())
	}
	before, err := cpuTime(pid)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		after, err := cpuTime(pid)
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			return
		}
		for i := 0; i < 1e6; i++ {
			_ = strconv.Itoa(i)
		}
	}
	t.Fatal("the process's CPU time never grew")
}
