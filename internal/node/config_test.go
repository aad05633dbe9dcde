package node

import (
	"strings"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// TestCometConfig checks how Config maps onto CometBFT's configuration and
// that it refuses what CometBFT cannot run with.
func TestCometConfig(t *testing.T) {
	base := func() Config {
		c := DefaultConfig(t.TempDir())
		c.P2P.Listen = "127.0.0.1:26656"
		return c
	}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{"defaults gossip the mempool", func(*Config) {}, ""},
		{"private mempool", func(c *Config) { c.PrivateMempool = true }, ""},
		{"rpc off", func(c *Config) { c.RPCListen = "" }, ""},
		{"no home", func(c *Config) { c.Home = "" }, "no home directory"},
		{"no p2p address", func(c *Config) { c.P2P.Listen = "" }, "no p2p listen address"},
		{"negative timeout", func(c *Config) { c.Timeouts.Commit = -1 }, "timeout_commit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.edit(&c)
			cc, err := c.comet()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !cc.Mempool.Recheck || cc.Mempool.Type != cmtcfg.MempoolTypeFlood {
				t.Errorf("mempool type %q recheck %v: the application's conflict index needs the flood mempool's recheck", cc.Mempool.Type, cc.Mempool.Recheck)
			}
			if cc.Mempool.Broadcast == c.PrivateMempool {
				t.Errorf("mempool broadcast %v with PrivateMempool %v", cc.Mempool.Broadcast, c.PrivateMempool)
			}
			if want := tcp(c.RPCListen); (c.RPCListen == "" && cc.RPC.ListenAddress != "") || (c.RPCListen != "" && cc.RPC.ListenAddress != want) {
				t.Errorf("rpc listen %q for %q", cc.RPC.ListenAddress, c.RPCListen)
			}
			if cc.P2P.ListenAddress != "tcp://127.0.0.1:26656" || !cc.FilterPeers || cc.Instrumentation.Prometheus {
				t.Errorf("p2p %q, filter peers %v, prometheus %v", cc.P2P.ListenAddress, cc.FilterPeers, cc.Instrumentation.Prometheus)
			}
		})
	}
}
