package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestValidatorInfoToken: validator-info prints one token that carries
// the node's consensus and VRF keys with their proofs of possession for
// the home's chain, the same in text and JSON, and the stake command that
// takes it (no --vrf-key: two keys cannot be swapped any more).
func TestValidatorInfoToken(t *testing.T) {
	te := newTestEnv(t, nil)
	home := initDev(t, te)
	keys, err := node.LoadProposerKeys(home)
	if err != nil {
		t.Fatal(err)
	}

	te = newTestEnv(t, nil)
	if code := te.exec("validator-info", "--home", home, "--json"); code != 0 {
		t.Fatalf("validator-info --json exited %d: %s", code, te.errOut)
	}
	var info validatorInfo
	if err := json.Unmarshal([]byte(te.out.String()), &info); err != nil {
		t.Fatal(err)
	}
	tok, err := txbuilder.ParseValidatorToken(info.Token)
	if err != nil {
		t.Fatalf("the token %q does not read: %v", info.Token, err)
	}
	if tok.Validator != keys.Consensus || tok.VRFKey != [32]byte(keys.VRF.Public().Bytes()) || tok.ChainID != "stegos-dev" || info.ChainID != "stegos-dev" {
		t.Fatalf("token %v, info %+v", tok, info)
	}

	te = newTestEnv(t, nil)
	if code := te.exec("validator-info", "--home", home); code != 0 {
		t.Fatalf("validator-info exited %d: %s", code, te.errOut)
	}
	out := te.out.String()
	contains(t, "validator-info", out, info.Token, "stegos stake 1000 --validator "+info.Token, info.Validator)
	if strings.Contains(out, "--vrf-key") {
		t.Fatalf("validator-info still suggests --vrf-key:\n%s", out)
	}
}
