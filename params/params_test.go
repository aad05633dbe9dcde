package params

import "testing"

func TestNetworks(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"mainnet", "testnet", "dev"} {
		p, err := ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Network.String() != name {
			t.Errorf("%s: network %s", name, p.Network)
		}
		if seen[p.ChainID] {
			t.Errorf("%s: chain id %s reused", name, p.ChainID)
		}
		seen[p.ChainID] = true
	}
	if _, err := ByName("regtest"); err == nil {
		t.Error("unknown network accepted")
	}
	if _, err := For(0); err == nil {
		t.Error("network 0 accepted")
	}
}

func TestMinFee(t *testing.T) {
	p, _ := For(Dev)
	if got, want := p.MinFee(2, 2000), 2*p.FeePerOutput+2000*p.FeePerByte; got != want {
		t.Fatalf("MinFee = %d, want %d", got, want)
	}
}

func TestByChainID(t *testing.T) {
	for _, n := range []Network{Mainnet, Testnet, Dev} {
		p, _ := For(n)
		got, err := ByChainID(p.ChainID)
		if err != nil || got.Network != n {
			t.Fatalf("%s: %v %v", p.ChainID, got.Network, err)
		}
	}
	if p, err := ByChainID(LocalnetChainID); err != nil || p.Network != Dev || p.ChainID != LocalnetChainID {
		t.Fatalf("localnet: %+v %v", p, err)
	}
	if _, err := ByChainID("cosmoshub-4"); err == nil {
		t.Fatal("unknown chain id accepted")
	}
}
