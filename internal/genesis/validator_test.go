package genesis

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// newHome makes a node home with fresh keys, as `stegosd init` does.
func newHome(t *testing.T) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), "node")
	if _, err := node.GenerateKeys(home); err != nil {
		t.Fatal(err)
	}
	return home
}

// genesisOutputs decodes the outputs of g.
func genesisOutputs(t *testing.T, g *app.Genesis) []ledger.Output {
	t.Helper()
	var outs []ledger.Output
	for _, s := range g.Outputs {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		o, err := ledger.DecodeOutput(b)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o)
	}
	return outs
}

// TestDemoStakesRegister: the dev and localnet genesis stakes, built from
// the validators' homes, register their validators with valid proofs of
// possession, owned by the demo account, and pass the stake checks a block
// applies (app.CheckGenesisStakes). Stakes built from public keys alone do
// not.
func TestDemoStakesRegister(t *testing.T) {
	p, err := params.ByChainID(params.LocalnetChainID)
	if err != nil {
		t.Fatal(err)
	}
	var specs []StakeSpec
	for range 2 {
		s, err := ValidatorStakeSpec(newHome(t), p.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, s)
	}
	allocs, err := DemoStakes(specs)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Build(rand.Reader, allocs)
	if err != nil {
		t.Fatal(err)
	}
	outs := genesisOutputs(t, g)
	if err := app.CheckGenesisStakes(&p, outs); err != nil {
		t.Fatal(err)
	}
	demo, err := DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range outs {
		so := o.(*ledger.StakeOutput)
		if so.Registration == nil || so.Validator != specs[i].Validator || so.VRFKey != specs[i].VRFKey {
			t.Fatalf("stake %d: %+v", i, so)
		}
		if _, ok, err := txbuilder.Receive(demo, o, uint32(i)); err != nil || !ok {
			t.Fatalf("the demo account does not own stake %d (%v)", i, err)
		}
	}
	// The same validators without their tokens: the genesis fails the checks.
	bare := make([]StakeSpec, len(specs))
	for i, s := range specs {
		bare[i] = StakeSpec{Validator: s.Validator, VRFKey: s.VRFKey}
	}
	if allocs, err = DemoStakes(bare); err != nil {
		t.Fatal(err)
	}
	if g, err = Build(rand.Reader, allocs); err != nil {
		t.Fatal(err)
	}
	if err := app.CheckGenesisStakes(&p, genesisOutputs(t, g)); !errors.Is(err, ledger.ErrUnregistered) {
		t.Fatalf("genesis stakes without proofs: %v", err)
	}
	// A token for another chain fails too.
	if err := app.CheckGenesisStakes(mustDev(t), outs); !errors.Is(err, ledger.ErrConsensusProof) {
		t.Fatalf("localnet stakes on a dev chain: %v", err)
	}
	js, err := json.Marshal(g)
	if err != nil || len(js) == 0 {
		t.Fatal(err)
	}
}

func mustDev(t *testing.T) *params.Params {
	t.Helper()
	p, err := params.For(params.Dev)
	if err != nil {
		t.Fatal(err)
	}
	return &p
}

// TestLoadValidatorToken: a home's token names its consensus and VRF keys
// (the ones the node signs and contributes to the beacon with), is the
// same every time, and reads back from its text.
func TestLoadValidatorToken(t *testing.T) {
	home := newHome(t)
	tok, err := LoadValidatorToken(home, "stegos-dev")
	if err != nil {
		t.Fatal(err)
	}
	pk, err := node.LoadProposerKeys(home)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Validator != pk.Consensus || tok.VRFKey != [32]byte(pk.VRF.Public().Bytes()) || tok.ChainID != "stegos-dev" {
		t.Fatalf("token %v for keys %x / %s", tok, pk.Consensus, pk.VRF.Public())
	}
	again, err := LoadValidatorToken(home, "stegos-dev")
	if err != nil || again.Text() != tok.Text() {
		t.Fatalf("a second load differs (%v)", err)
	}
	back, err := txbuilder.ParseValidatorToken(tok.Text())
	if err != nil || back.Validator != tok.Validator {
		t.Fatalf("the text does not read back: %v", err)
	}
	if _, err := LoadValidatorToken(filepath.Join(t.TempDir(), "none"), "stegos-dev"); err == nil {
		t.Fatal("a home without keys gave a token")
	}
}
