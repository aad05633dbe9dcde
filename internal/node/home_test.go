package node

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	"github.com/cometbft/cometbft/abci/example/kvstore"
)

// usedHome returns a one-validator home that has committed a few blocks and
// stopped, so that every file and database exists.
func usedHome(t *testing.T) Config {
	t.Helper()
	cfg := makeNetwork(t, 1)[0]
	n := startNode(t, cfg)
	if err := n.WaitForHeight(waitCtx(t, 30*time.Second), 2); err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// copyDir copies the tree at src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// setRecord overwrites one key of a CometBFT goleveldb database.
func setRecord(t *testing.T, home, db string, key, value []byte) {
	t.Helper()
	d, err := dbm.NewGoLevelDB(db, HomeFiles(home).DataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.SetSync(key, value); err != nil {
		t.Fatal(err)
	}
}

func TestNewReportsDamagedHomes(t *testing.T) {
	base := usedHome(t)
	write := func(path, content string) func(t *testing.T, home string) {
		return func(t *testing.T, home string) {
			if err := os.WriteFile(filepath.Join(home, path), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(path string) func(t *testing.T, home string) {
		return func(t *testing.T, home string) {
			if err := os.RemoveAll(filepath.Join(home, path)); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, home string)
		is     error  // errors.Is target, nil to skip
		file   string // path relative to home the message must name
		text   string // further text the message must hold
	}{
		{"missing genesis", remove("config/genesis.json"), fs.ErrNotExist, "config/genesis.json", "no such file"},
		{"genesis not JSON", write("config/genesis.json", "{"), ErrCorrupt, "config/genesis.json", ""},
		{"genesis without chain id", write("config/genesis.json", `{"genesis_time":"2026-01-01T00:00:00Z","chain_id":""}`), ErrCorrupt, "config/genesis.json", "chain_id"},
		{"missing validator key", remove("config/priv_validator_key.json"), fs.ErrNotExist, "config/priv_validator_key.json", ""},
		{"validator key garbage", write("config/priv_validator_key.json", "garbage"), ErrCorrupt, "config/priv_validator_key.json", ""},
		{"validator key empty object", write("config/priv_validator_key.json", "{}"), ErrCorrupt, "config/priv_validator_key.json", "no priv_key"},
		{"missing validator state", remove("data/priv_validator_state.json"), fs.ErrNotExist, "data/priv_validator_state.json", ""},
		{"validator state garbage", write("data/priv_validator_state.json", "[1,2"), ErrCorrupt, "data/priv_validator_state.json", ""},
		{"node key garbage", write("config/node_key.json", `{"priv_key":7}`), ErrCorrupt, "config/node_key.json", ""},
		{"missing node key", remove("config/node_key.json"), fs.ErrNotExist, "config/node_key.json", ""},
		{"block store unreadable", write("data/blockstore.db/CURRENT", "MANIFEST-999999\n"), nil, "data/blockstore.db", ""},
		{"state record garbage", func(t *testing.T, home string) { setRecord(t, home, "state", stateKey, []byte{0xff, 0xff, 0xff}) }, ErrCorrupt, "data/state.db", "does not decode"},
		{"block store record garbage", func(t *testing.T, home string) { setRecord(t, home, "blockstore", blockStoreKey, []byte{0x0a, 0xff}) }, ErrCorrupt, "data/blockstore.db", "does not decode"},
		{"data dir is a file", func(t *testing.T, home string) {
			remove("data")(t, home)
			write("data", "x")(t, home)
		}, nil, "data", ""},
		{"genesis of another chain", func(t *testing.T, home string) {
			other := makeNetwork(t, 1)[0]
			b, err := os.ReadFile(HomeFiles(other.Home).Genesis)
			if err != nil {
				t.Fatal(err)
			}
			write("config/genesis.json", strings.Replace(string(b), "stegos-test", "stegos-other", 1))(t, home)
		}, ErrGenesisMismatch, "config/genesis.json", `holds chain "stegos-test"`},
		{"stored genesis garbage", func(t *testing.T, home string) { setRecord(t, home, "state", genesisDocKey, []byte("{")) }, ErrCorrupt, "data/state.db", "stored genesis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.Home = filepath.Join(t.TempDir(), "home")
			copyDir(t, base.Home, cfg.Home)
			tt.damage(t, cfg.Home)
			n, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "damaged"))
			if err == nil {
				n.Stop()
				t.Fatal("New succeeded on a damaged home")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			for _, want := range []string{filepath.Join(cfg.Home, tt.file), tt.text} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

func TestNewRefusesALockedHome(t *testing.T) {
	cfg := makeNetwork(t, 1)[0]
	first, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "first"))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Stop()
	_, err = New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "second"))
	if !errors.Is(err, ErrHomeLocked) || !strings.Contains(err.Error(), HomeFiles(cfg.Home).DataDir) {
		t.Fatalf("second New on one home: %v, want ErrHomeLocked naming the data dir", err)
	}
	// The failed attempt must not keep anything open: once the first node
	// stops, the home opens again.
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}
	again, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "again"))
	if err != nil {
		t.Fatalf("New after Stop: %v", err)
	}
	again.Stop()
}

func TestStartFailsOnABusyPort(t *testing.T) {
	cfg := makeNetwork(t, 1)[0]
	n := startNode(t, cfg)
	second := cfg
	second.Home = filepath.Join(t.TempDir(), "other")
	copyDir(t, cfg.Home, second.Home) // same ports, different data
	n2, err := New(second, kvstore.NewInMemoryApplication(), testLogger(t, "busy"))
	if err != nil {
		t.Fatal(err)
	}
	err = n2.Start(context.Background())
	if err == nil || !strings.Contains(err.Error(), cfg.P2P.Listen) {
		t.Errorf("Start on a busy p2p port: %v, want an error naming %s", err, cfg.P2P.Listen)
	}
	if err := n2.Stop(); err != nil {
		t.Errorf("Stop after a failed Start: %v", err)
	}
	// The failed node released its databases.
	n3, err := New(second, kvstore.NewInMemoryApplication(), testLogger(t, "busy2"))
	if err != nil {
		t.Fatalf("New after a failed Start: %v", err)
	}
	n3.Stop()
	_ = n.Stop()
}

func TestGenerateKeysRefusesToOverwrite(t *testing.T) {
	home := t.TempDir()
	id, err := GenerateKeys(home)
	if err != nil {
		t.Fatal(err)
	}
	if len(id.NodeID) != 40 || id.PubKey == nil {
		t.Fatalf("identity %+v", id)
	}
	if _, err := GenerateKeys(home); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second GenerateKeys: %v, want fs.ErrExist", err)
	}
	got, err := LoadIdentity(home)
	if err != nil || got.NodeID != id.NodeID || !got.PubKey.Equals(id.PubKey) {
		t.Fatalf("LoadIdentity = %+v, %v; want %+v", got, err, id)
	}
	for _, p := range []string{HomeFiles(home).ValidatorKey, HomeFiles(home).NodeKey, HomeFiles(home).ValidatorState} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, err %v; want 0600", p, st.Mode().Perm(), err)
		}
	}
}

func TestNewGenesis(t *testing.T) {
	id, err := GenerateKeys(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	good := []GenesisValidator{{Name: "v", PubKey: id.PubKey, Power: 5}}
	tests := []struct {
		name string
		spec GenesisSpec
		err  string
	}{
		{"ok", GenesisSpec{ChainID: "c", Validators: good, AppState: []byte(`{"alloc":[]}`)}, ""},
		{"no chain id", GenesisSpec{Validators: good}, "chain_id"},
		{"chain id too long", GenesisSpec{ChainID: strings.Repeat("c", 51), Validators: good}, "too long"},
		{"bad app state", GenesisSpec{ChainID: "c", Validators: good, AppState: []byte(`{`)}, "app_state"},
		{"zero power", GenesisSpec{ChainID: "c", Validators: []GenesisValidator{{Name: "v", PubKey: id.PubKey}}}, "power 0"},
		{"no key", GenesisSpec{ChainID: "c", Validators: []GenesisValidator{{Name: "v", Power: 1}}}, "no public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := NewGenesis(tt.spec)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				home := t.TempDir()
				if err := SaveGenesis(home, doc); err != nil {
					t.Fatal(err)
				}
				back, err := LoadGenesis(home)
				if err != nil {
					t.Fatal(err)
				}
				var compact bytes.Buffer
				if err := json.Compact(&compact, back.AppState); err != nil {
					t.Fatal(err)
				}
				if back.ChainID != "c" || compact.String() != `{"alloc":[]}` || len(back.Validators) != 1 || back.Validators[0].Power != 5 || back.GenesisTime.IsZero() {
					t.Errorf("round trip: %+v", back)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("NewGenesis error %v, want %q", err, tt.err)
			}
		})
	}
}

func TestGenesisFileMayBeReformatted(t *testing.T) {
	cfg := usedHome(t)
	path := HomeFiles(cfg.Home).Genesis
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, compact.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "reformatted"))
	if err != nil {
		t.Fatalf("New with a reformatted genesis: %v", err)
	}
	n.Stop()
}
