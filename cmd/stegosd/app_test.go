package main

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/params"
)

// TestGenesisConsensusParams checks that the chains stegosd makes (init,
// and localnet) carry chainnode's consensus parameters, the ones the test
// node and the integration networks run: blocks of at most the chain
// parameters' MaxBlockBytes.
func TestGenesisConsensusParams(t *testing.T) {
	dev, _ := params.For(params.Dev)
	want := chainnode.ConsensusParams(dev)
	te := newTestEnv(t, nil)
	ln := filepath.Join(t.TempDir(), "ln")
	if code := te.exec("localnet", "--validators", "2", "--home", ln, "--base-port", "40000"); code != 0 {
		t.Fatalf("localnet exited %d: %s", code, te.errOut)
	}
	homes := map[string]string{
		"init":     initDev(t, te),
		"localnet": filepath.Join(ln, "node1"),
	}
	for what, home := range homes {
		gen, err := node.LoadGenesis(home)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gen.ConsensusParams, want) {
			t.Errorf("%s: consensus params %+v, want %+v", what, gen.ConsensusParams, want)
		}
		if gen.ConsensusParams.Block.MaxBytes != dev.MaxBlockBytes {
			t.Errorf("%s: blocks of %d bytes, want %d", what, gen.ConsensusParams.Block.MaxBytes, dev.MaxBlockBytes)
		}
	}
}
