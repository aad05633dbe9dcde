package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
)

// TestEndToEndStakingCLI drives the staking commands of the stegos CLI
// against `stegosd dev`, whose demo account owns the dev validator's
// genesis stake.
func TestEndToEndStakingCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a dev chain")
	}
	te := newTestEnv(t, nil)
	home := filepath.Join(t.TempDir(), "dev")
	ports, _ := portFlags(t)
	apiAddr := ports[len(ports)-1]
	node := te.start(append([]string{"dev", "--home", home, "--consensus-timeout-commit", "200ms"}, ports...)...)
	w := walletCLI{t: t, api: "http://" + apiAddr, tokenFile: filepath.Join(home, "api.token")}
	until(w, "the API answers", nil, func(s map[string]any) bool { return s["node"] != nil }, "status")
	until(w, "demo synced", nil, func(s api.SyncStatus) bool { return s.Synced }, "wait-sync")

	// The demo account owns the dev validator and its locked stake.
	st := until(w, "rewards accrue", nil, func(s api.Stakes) bool {
		return len(s.Validators) == 1 && s.Validators[0].Rewards > 0
	}, "rewards")
	if len(st.Stakes) != 1 || st.Stakes[0].Unlocked || st.Stakes[0].Validator != st.Validators[0].Key {
		t.Fatalf("stakes %+v", st)
	}
	out, _, code := w.run("", nil, "rewards")
	if code != 0 || !strings.Contains(out, "Validators this account owns") || !strings.Contains(out, "locked") {
		t.Fatalf("stegos rewards: exit %d\n%s", code, out)
	}

	// More stake goes, by default, to the validator the account owns.
	var staked api.SendResult
	w.json(&staked, nil, "stake", "2", "--wait")
	if staked.Amount != 2_000_000 || staked.Status != api.StatusConfirmed {
		t.Fatalf("stake: %+v", staked)
	}
	until(w, "two stakes", nil, func(s api.Stakes) bool { return len(s.Stakes) == 2 }, "rewards")

	// Withdrawing the rewards brings them into the balance.
	var wd api.SendResult
	w.json(&wd, nil, "rewards", "withdraw", "--wait")
	if wd.Amount == 0 || wd.Status != api.StatusConfirmed {
		t.Fatalf("withdraw: %+v", wd)
	}
	var hist []api.HistoryEntry
	w.json(&hist, nil, "history")
	kinds := map[string]bool{}
	for _, e := range hist {
		kinds[e.Kind] = true
	}
	if !kinds["stake"] || !kinds["withdraw"] {
		t.Fatalf("history kinds %v, want stake and withdraw", kinds)
	}

	// Refusals say why, with exit status 1.
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"unjail"}, "is not jailed"},
		{[]string{"unstake"}, "all locked"},
		{[]string{"stake", "5", "--validator", "00"}, "64 hex digits"},
		{[]string{"rewards", "withdraw", "--amount", "1000000"}, "STG asked"},
	} {
		out, errOut, code := w.run("", nil, c.args...)
		if code != 1 || !strings.Contains(errOut, c.says) {
			t.Errorf("stegos %s: exit %d, stderr %q, want 1 and %q (stdout %q)", strings.Join(c.args, " "), code, errOut, c.says, out)
		}
	}

	// The award: a pool that grows every block, a draw height ahead.
	var aw struct {
		Pool   api.AwardPool `json:"pool"`
		Awards []api.Award   `json:"awards"`
	}
	w.json(&aw, nil, "award")
	if aw.Pool.Pool == 0 || aw.Pool.NextDraw <= aw.Pool.Height-1 {
		t.Fatalf("award pool %+v", aw.Pool)
	}
	if code := node.stop(t); code != 0 {
		t.Fatalf("stegosd dev exited with %d", code)
	}
}
