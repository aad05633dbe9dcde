package node

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/cmtlog"
)

// testLogger writes to stderr at the level in STEGOS_TEST_LOG (trace,
// debug or info), or discards.
func testLogger(t *testing.T, name string) *slog.Logger {
	t.Helper()
	var level slog.Level
	switch os.Getenv("STEGOS_TEST_LOG") {
	case "":
		return slog.New(slog.DiscardHandler)
	case "trace":
		level = cmtlog.LevelTrace
	case "debug":
		level = slog.LevelDebug
	default:
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})).With("node", name)
}

// freeAddr returns a loopback host:port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// fastConfig returns a config for a test node in home: loopback, no RPC
// socket, goleveldb, short timeouts.
func fastConfig(t *testing.T, home string) Config {
	cfg := DefaultConfig(home)
	cfg.Moniker = "test"
	cfg.P2P.Listen = freeAddr(t)
	cfg.P2P.AllowDuplicateIP = true
	cfg.P2P.AddrBookStrict = false
	cfg.P2P.PEX = false
	cfg.RPCListen = ""
	cfg.Timeouts = Timeouts{
		Propose: 600 * time.Millisecond, ProposeDelta: 100 * time.Millisecond,
		Prevote: 200 * time.Millisecond, PrevoteDelta: 100 * time.Millisecond,
		Precommit: 200 * time.Millisecond, PrecommitDelta: 100 * time.Millisecond,
		Commit: 100 * time.Millisecond,
	}
	return cfg
}

// makeNetwork prepares n validator homes under a temp dir sharing one
// genesis, and returns their configs with persistent peers wired.
func makeNetwork(t *testing.T, n int) []Config {
	t.Helper()
	root := t.TempDir()
	cfgs := make([]Config, n)
	ids := make([]Identity, n)
	var vals []GenesisValidator
	for i := range cfgs {
		home := fmt.Sprintf("%s/node%d", root, i)
		id, err := GenerateKeys(home)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
		cfgs[i] = fastConfig(t, home)
		cfgs[i].Moniker = fmt.Sprintf("node%d", i)
		vals = append(vals, GenesisValidator{Name: cfgs[i].Moniker, PubKey: id.PubKey, Power: 10})
	}
	doc, err := NewGenesis(GenesisSpec{ChainID: "stegos-test", Validators: vals, AppState: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfgs {
		if err := SaveGenesis(cfgs[i].Home, doc); err != nil {
			t.Fatal(err)
		}
		for j := range cfgs {
			if j != i {
				cfgs[i].P2P.PersistentPeers = append(cfgs[i].P2P.PersistentPeers, ids[j].NodeID+"@"+cfgs[j].P2P.Listen)
			}
		}
	}
	return cfgs
}

// waitCtx returns a generous deadline for waiting on a chain condition.
func waitCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
