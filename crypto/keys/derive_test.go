package keys

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

type derivationVector struct {
	Phrase     string `json:"phrase"`
	Passphrase string `json:"passphrase"`
	Seed       string `json:"seed"`
	Accounts   []struct {
		Index uint32 `json:"index"`
		Spend string `json:"spend"`
		View  string `json:"view"`
	} `json:"accounts"`
	Validators []struct {
		Index           uint32 `json:"index"`
		ConsensusSeed   string `json:"consensus_seed"`
		ConsensusPublic string `json:"consensus_public"`
		VRFSeed         string `json:"vrf_seed"`
		VRFPublic       string `json:"vrf_public"`
	} `json:"validators"`
}

// TestDerivationVectors pins the derivation to values computed from the
// spec by an independent program (testdata/gen_derivation_vectors.py).
func TestDerivationVectors(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/derivation_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []derivationVector `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 5 {
		t.Fatalf("only %d vectors", len(file.Vectors))
	}
	for i, v := range file.Vectors {
		m, err := ParseMnemonic(v.Phrase)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		seed := m.Seed(v.Passphrase)
		if got := hex.EncodeToString(seed.Bytes()); got != v.Seed {
			t.Fatalf("vector %d: seed = %s, want %s", i, got, v.Seed)
		}
		for _, a := range v.Accounts {
			k := seed.Account(a.Index)
			if got := hex.EncodeToString(k.Spend.Bytes()); got != a.Spend {
				t.Errorf("vector %d account %d: spend = %s, want %s", i, a.Index, got, a.Spend)
			}
			if got := hex.EncodeToString(k.View.Bytes()); got != a.View {
				t.Errorf("vector %d account %d: view = %s, want %s", i, a.Index, got, a.View)
			}
		}
		for _, val := range v.Validators {
			cs, vs := seed.ValidatorConsensusSeed(val.Index), seed.ValidatorVRFSeed(val.Index)
			if got := hex.EncodeToString(cs[:]); got != val.ConsensusSeed {
				t.Errorf("vector %d validator %d: consensus seed = %s, want %s", i, val.Index, got, val.ConsensusSeed)
			}
			if got := hex.EncodeToString(vs[:]); got != val.VRFSeed {
				t.Errorf("vector %d validator %d: VRF seed = %s, want %s", i, val.Index, got, val.VRFSeed)
			}
			pub := seed.ValidatorConsensusKey(val.Index).Public().(ed25519.PublicKey)
			if got := hex.EncodeToString(pub); got != val.ConsensusPublic {
				t.Errorf("vector %d validator %d: consensus public = %s, want %s", i, val.Index, got, val.ConsensusPublic)
			}
			if got := seed.ValidatorVRFKey(val.Index).Public().String(); got != val.VRFPublic {
				t.Errorf("vector %d validator %d: VRF public = %s, want %s", i, val.Index, got, val.VRFPublic)
			}
		}
	}
}

func TestDerivationLabels(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{accountInfo(0, "spend"), "stegos/v1/account/0/spend"},
		{accountInfo(4294967295, "view"), "stegos/v1/account/4294967295/view"},
		{validatorInfo(12, "consensus"), "stegos/v1/validator/12/consensus"},
		{validatorInfo(3, "vrf"), "stegos/v1/validator/3/vrf"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("label %q, want %q", tt.got, tt.want)
		}
	}
}

// TestDerivedKeysDistinct checks that no two roles or indices share a key.
func TestDerivedKeysDistinct(t *testing.T) {
	t.Parallel()
	m, err := ParseMnemonic(phraseLegal)
	if err != nil {
		t.Fatal(err)
	}
	seed := m.Seed("")
	seen := map[string]string{}
	add := func(name string, b []byte) {
		k := string(b)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s equals %s", name, prev)
		}
		seen[k] = name
	}
	for i := range uint32(4) {
		a := seed.Account(i)
		add("spend "+string(rune('0'+i)), a.Spend.Bytes())
		add("view "+string(rune('0'+i)), a.View.Bytes())
		cs, vs := seed.ValidatorConsensusSeed(i), seed.ValidatorVRFSeed(i)
		add("consensus "+string(rune('0'+i)), cs[:])
		add("vrf "+string(rune('0'+i)), vs[:])
	}
	if other := m.Seed("x"); other.Equal(seed) {
		t.Error("passphrase did not change the seed")
	}
}

func TestSeedFromBytes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 32, 63, 65} {
		if _, err := SeedFromBytes(make([]byte, n)); err == nil {
			t.Errorf("SeedFromBytes accepted %d bytes", n)
		}
	}
	b := make([]byte, SeedSize)
	b[0] = 1
	s, err := SeedFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	b[0] = 2
	if s.Bytes()[0] != 1 {
		t.Fatal("SeedFromBytes kept an alias of its input")
	}
	a := s.Account(0)
	a.Zero()
	if a.Spend.Equal(a.View) != 1 || a.Spend.Bytes()[0] != 0 {
		t.Fatal("AccountKeys.Zero left key material")
	}
	s.Zero()
	if s.Bytes()[0] != 0 {
		t.Fatal("Seed.Zero left key material")
	}
}
