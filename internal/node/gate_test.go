package node

import (
	"context"
	"testing"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	abcitypes "github.com/cometbft/cometbft/abci/types"
)

func TestGatedAppAnswersPeerFilters(t *testing.T) {
	app := kvstore.NewInMemoryApplication()
	g := &gatedApp{Application: app}
	ctx := context.Background()
	if _, err := app.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: 1, Txs: [][]byte{[]byte("k=v")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Commit(ctx, &abcitypes.RequestCommit{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		closing  bool
		path     string
		data     string
		wantCode uint32
		wantVal  string
	}{
		{"address accepted while running", false, "/p2p/filter/addr/127.0.0.1:1", "", 0, ""},
		{"id accepted while running", false, "/p2p/filter/id/ab", "", 0, ""},
		{"address refused while stopping", true, "/p2p/filter/addr/127.0.0.1:1", "", 1, ""},
		{"id refused while stopping", true, "/p2p/filter/id/ab", "", 1, ""},
		{"other queries reach the app", false, "", "k", 0, "v"},
		{"other queries reach the app while stopping", true, "", "k", 0, "v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g.closing.Store(tt.closing)
			res, err := g.Query(ctx, &abcitypes.RequestQuery{Path: tt.path, Data: []byte(tt.data)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Code != tt.wantCode || string(res.Value) != tt.wantVal {
				t.Errorf("Query(%q) = code %d value %q, want %d %q", tt.path, res.Code, res.Value, tt.wantCode, tt.wantVal)
			}
		})
	}
}
