package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

// freeBasePort finds a base port whose localnet ports for n nodes are all
// free at the moment.
func freeBasePort(t *testing.T, n int) int {
	t.Helper()
	for range 50 {
		base := 20000 + 10*rand.IntN(3000)
		var ls []net.Listener
		ok := true
		for k := 0; k < n && ok; k++ {
			for off := 0; off < 3; off++ {
				l, err := net.Listen("tcp", loopback(base+localnetPortStride*k+off))
				if err != nil {
					ok = false
					break
				}
				ls = append(ls, l)
			}
		}
		for _, l := range ls {
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range for a localnet")
	return 0
}

func TestLocalnetWritesFourHomesThatRun(t *testing.T) {
	const n = 4
	te := newTestEnv(t, nil)
	dir := filepath.Join(t.TempDir(), "net")
	base := freeBasePort(t, n)
	if code := te.exec("localnet", "--validators", strconv.Itoa(n), "--home", dir, "--base-port", strconv.Itoa(base)); code != 0 {
		t.Fatalf("localnet exited %d: %s", code, te.errOut)
	}

	var genesis []byte
	ports := map[string]string{}
	ids := map[string]bool{}
	for k := range n {
		home := filepath.Join(dir, fmt.Sprintf("node%d", k))
		g, err := os.ReadFile(node.HomeFiles(home).Genesis)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			genesis = g
		} else if !bytes.Equal(g, genesis) {
			t.Errorf("node%d has a different genesis", k)
		}
		c, err := config.Load(config.Options{Home: home, RequireFile: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, addr := range []string{c.P2P.Listen, c.RPC.Listen, c.API.Listen} {
			if other, dup := ports[addr]; dup {
				t.Errorf("node%d reuses %s of %s", k, addr, other)
			}
			ports[addr] = fmt.Sprintf("node%d", k)
			if !strings.HasPrefix(addr, "127.0.0.1:") {
				t.Errorf("node%d listens on %s, not loopback", k, addr)
			}
		}
		if len(c.P2P.PersistentPeers) != n-1 || !c.P2P.AllowDuplicateIP || c.P2P.AddrBookStrict {
			t.Errorf("node%d p2p config %+v", k, c.P2P)
		}
		id, err := node.LoadIdentity(home)
		if err != nil {
			t.Fatal(err)
		}
		ids[id.NodeID] = true
		for _, p := range c.P2P.PersistentPeers {
			if strings.HasPrefix(p, id.NodeID) {
				t.Errorf("node%d lists itself as a peer", k)
			}
		}
		contains(t, "localnet output", te.out.String(), home, "http://"+c.RPC.Listen, c.P2P.Listen, c.API.Listen, id.NodeID, "stegosd start --home "+home)
	}
	if len(ids) != n {
		t.Errorf("%d distinct node ids, want %d", len(ids), n)
	}
	if code := te.exec("localnet", "--validators", "2", "--home", dir, "--base-port", strconv.Itoa(base)); code != 1 {
		t.Errorf("localnet over an existing one exited %d, want 1", code)
	}

	if testing.Short() {
		return
	}
	// The four homes form a working network.
	runs := make([]*running, n)
	logs := make([]*testEnv, n)
	for k := range n {
		logs[k] = newTestEnv(t, nil)
		runs[k] = logs[k].start("start", "--home", filepath.Join(dir, fmt.Sprintf("node%d", k)), "--consensus-timeout-commit", "200ms")
	}
	for k := range n {
		waitHeight(t, loopback(base+localnetPortStride*k+1), 3, runs[k].done, logs[k].errOut)
	}
	for k := range n {
		if code := runs[k].stop(t); code != 0 {
			t.Errorf("node%d exited %d: %s", k, code, logs[k].errOut)
		}
	}
}

func TestLocalnetFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero validators", []string{"--validators", "0"}, "--validators 0: want 1 to 64"},
		{"too many validators", []string{"--validators", "65"}, "want 1 to 64"},
		{"ports overflow", []string{"--validators", "4", "--base-port", "65530"}, "must lie in 1024..65535"},
		{"privileged ports", []string{"--base-port", "80"}, "must lie in 1024..65535"},
		{"negative standby", []string{"--standby", "-1"}, "--standby -1: want 0 to 60 more nodes"},
		{"too many nodes", []string{"--validators", "60", "--standby", "5"}, "--standby 5: want 0 to 4 more nodes"},
		{"standby ports overflow", []string{"--validators", "1", "--standby", "3", "--base-port", "65510"}, "must lie in 1024..65535"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t, nil)
			args := append([]string{"localnet", "--home", t.TempDir()}, tt.args...)
			if code := te.exec(args...); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			contains(t, "stderr", te.errOut.String(), tt.want)
		})
	}
}

// TestLocalnetStandbyAndValidatorInfo: a standby node shares the genesis
// but is not in its validator set nor staked, and validator-info prints the
// keys a first stake to it needs (its consensus key and derived VRF key)
// and the token that carries them.
func TestLocalnetStandbyAndValidatorInfo(t *testing.T) {
	te := newTestEnv(t, nil)
	dir := filepath.Join(t.TempDir(), "net")
	base := freeBasePort(t, 3)
	if code := te.exec("localnet", "--validators", "2", "--standby", "1", "--home", dir, "--base-port", strconv.Itoa(base)); code != 0 {
		t.Fatalf("localnet exited %d: %s", code, te.errOut)
	}
	standby := filepath.Join(dir, "node2")
	contains(t, "localnet output", te.out.String(), "Created a localnet of 2 validators", "node2 is a standby node", "stegosd start --home "+standby)
	g, err := os.ReadFile(node.HomeFiles(standby).Genesis)
	if err != nil {
		t.Fatal(err)
	}
	g0, err := os.ReadFile(node.HomeFiles(filepath.Join(dir, "node0")).Genesis)
	if err != nil || !bytes.Equal(g, g0) {
		t.Fatalf("the standby node has another genesis (%v)", err)
	}
	keys, err := node.LoadProposerKeys(standby)
	if err != nil {
		t.Fatal(err)
	}
	key, vrfKey := hex.EncodeToString(keys.Consensus[:]), hex.EncodeToString(keys.VRF.Public().Bytes())
	pub := base64.StdEncoding.EncodeToString(keys.Consensus[:])
	if strings.Contains(string(g), pub) || strings.Contains(string(g), key) {
		t.Fatal("the standby node's key is in the genesis")
	}

	te = newTestEnv(t, nil)
	if code := te.exec("validator-info", "--home", standby, "--json"); code != 0 {
		t.Fatalf("validator-info exited %d: %s", code, te.errOut)
	}
	var info validatorInfo
	if err := json.Unmarshal([]byte(te.out.String()), &info); err != nil {
		t.Fatal(err)
	}
	if info.Validator != key || info.VRFKey != vrfKey {
		t.Fatalf("validator-info %+v, want %s and %s", info, key, vrfKey)
	}
	te = newTestEnv(t, nil)
	if code := te.exec("validator-info", "--home", standby); code != 0 {
		t.Fatalf("validator-info exited %d", code)
	}
	contains(t, "validator-info", te.out.String(), "stegos stake 1000 --validator "+info.Token)

	te = newTestEnv(t, nil)
	if code := te.exec("validator-info", "--home", filepath.Join(dir, "nothing")); code != 1 {
		t.Errorf("validator-info on an empty home exited %d, want 1", code)
	}
	contains(t, "stderr", te.errOut.String(), "stegosd init")
}
