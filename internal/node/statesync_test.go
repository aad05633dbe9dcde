package node

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
)

// TestStateSyncConfig checks the mapping onto CometBFT's [statesync]: one
// RPC server is used twice (CometBFT wants a witness), a scheme is added,
// and CometBFT accepts the result.
func TestStateSyncConfig(t *testing.T) {
	hash := strings.Repeat("AB", 32)
	for _, tt := range []struct {
		name    string
		ss      StateSyncConfig
		servers []string
		wantErr string
	}{
		{"off", StateSyncConfig{}, nil, ""},
		{"one server", StateSyncConfig{Enable: true, RPCServers: []string{"127.0.0.1:26657"}, TrustHeight: 5, TrustHash: hash},
			[]string{"http://127.0.0.1:26657", "http://127.0.0.1:26657"}, ""},
		{"two servers", StateSyncConfig{Enable: true, RPCServers: []string{"tcp://a.example:1", "https://b.example:2/"}, TrustHeight: 5, TrustHash: hash, TrustPeriod: time.Hour, DiscoveryTime: 6 * time.Second},
			[]string{"http://a.example:1", "https://b.example:2"}, ""},
		{"no trusted header", StateSyncConfig{Enable: true, RPCServers: []string{"a:1"}}, nil, "trusted_height"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig(t.TempDir())
			c.StateSync = tt.ss
			cc, err := c.comet()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cc.StateSync.Enable != tt.ss.Enable || strings.Join(cc.StateSync.RPCServers, ",") != strings.Join(tt.servers, ",") {
				t.Fatalf("statesync %+v", cc.StateSync)
			}
			if tt.ss.Enable && cc.StateSync.TrustHash != strings.ToLower(hash) {
				t.Fatalf("trust hash %q", cc.StateSync.TrustHash)
			}
			if tt.ss.TrustPeriod > 0 && (cc.StateSync.TrustPeriod != tt.ss.TrustPeriod || cc.StateSync.DiscoveryTime != tt.ss.DiscoveryTime) {
				t.Fatalf("trust period %v discovery %v", cc.StateSync.TrustPeriod, cc.StateSync.DiscoveryTime)
			}
		})
	}
}

// infoApp answers Info with a height.
type infoApp struct {
	abcitypes.BaseApplication
	height int64
}

func (a *infoApp) Info(context.Context, *abcitypes.RequestInfo) (*abcitypes.ResponseInfo, error) {
	return &abcitypes.ResponseInfo{LastBlockHeight: a.height}, nil
}

// TestPrepareStateSync checks that a node with a state never state-syncs,
// that a pinned header is kept, and that trust on first use fails clearly
// when the server does not answer.
func TestPrepareStateSync(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()
	s := StateSyncConfig{Enable: true, RPCServers: []string{"127.0.0.1:1"}}
	if err := prepareStateSync(ctx, &s, &infoApp{height: 7}, log); err != nil || s.Enable {
		t.Fatalf("a node at height 7: enable %v, err %v", s.Enable, err)
	}
	s = StateSyncConfig{Enable: true, RPCServers: []string{"127.0.0.1:1"}, TrustHeight: 3, TrustHash: strings.Repeat("00", 32)}
	if err := prepareStateSync(ctx, &s, &infoApp{}, log); err != nil || !s.Enable || s.TrustHeight != 3 {
		t.Fatalf("pinned header: %+v, err %v", s, err)
	}
	s = StateSyncConfig{Enable: true}
	if err := prepareStateSync(ctx, &s, &infoApp{}, log); err == nil {
		t.Fatal("state sync without an RPC server")
	}
	s = StateSyncConfig{Enable: true, RPCServers: []string{"127.0.0.1:1"}}
	if err := prepareStateSync(ctx, &s, &infoApp{}, log); err == nil || !strings.Contains(err.Error(), "fetching a header to trust from 127.0.0.1:1") {
		t.Fatalf("trust on first use from a dead server: %v", err)
	}
}
