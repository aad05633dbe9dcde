package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
)

func TestStartReportsBadHomes(t *testing.T) {
	appendConfig := func(text string) func(t *testing.T, home string) {
		return func(t *testing.T, home string) {
			f, err := os.OpenFile(config.FilePath(home), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString(text); err != nil {
				t.Fatal(err)
			}
		}
	}
	replaceConfig := func(old, new string) func(t *testing.T, home string) {
		return func(t *testing.T, home string) {
			b, err := os.ReadFile(config.FilePath(home))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(config.FilePath(home), []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	nothing := func(*testing.T, string) {}
	tests := []struct {
		name   string
		damage func(t *testing.T, home string)
		vars   map[string]string
		flags  []string
		want   []string // in stderr; "$HOME" and "$CONFIG" are replaced
	}{
		{"unknown key", appendConfig("\n[p2p2]\nlisten = \"127.0.0.1:1\"\n"), nil, nil,
			[]string{"$CONFIG:", `unknown key "p2p2"`, "did you mean p2p?"}},
		{"unknown key in a table", replaceConfig("[rpc]\n", "[rpc]\nlisen = \"x\"\n"), nil, nil,
			[]string{"$CONFIG:", `unknown key "rpc.lisen"`, "did you mean rpc.listen?"}},
		{"invalid address", replaceConfig(`listen = "127.0.0.1:3145"`, `listen = "localhost"`), nil, []string{"--p2p-listen", "127.0.0.1:1", "--rpc-listen", ""},
			[]string{"$CONFIG:", "api.listen: invalid address \"localhost\": want host:port"}},
		{"negative timeout", replaceConfig(`timeout_commit = "1s"`, `timeout_commit = "-2s"`), nil, nil,
			[]string{"$CONFIG:", "consensus.timeout_commit: -2s is negative"}},
		{"syntax error", appendConfig("\n[log\n"), nil, nil,
			[]string{"$CONFIG:", "TOML syntax error"}},
		{"bad environment variable", nothing, map[string]string{"STEGOS_LOG_LEVEL": "chatty"}, nil,
			[]string{"environment variable STEGOS_LOG_LEVEL: log.level:", `"chatty" is not one of`}},
		{"bad flag", nothing, nil, []string{"--p2p-listen", "127.0.0.1:99999"},
			[]string{"flag --p2p-listen: p2p.listen:", "port must be a number"}},
		{"missing config", func(t *testing.T, home string) { os.Remove(config.FilePath(home)) }, nil, nil,
			[]string{"$CONFIG: no such file", "stegosd init"}},
		{"missing genesis", func(t *testing.T, home string) { os.Remove(node.HomeFiles(home).Genesis) }, nil, nil,
			[]string{"genesis file $HOME/config/genesis.json", "no such file", "is $HOME initialized?"}},
		{"corrupt validator key", func(t *testing.T, home string) {
			os.WriteFile(node.HomeFiles(home).ValidatorKey, []byte("{not json"), 0o600)
		}, nil, nil,
			[]string{"validator key $HOME/config/priv_validator_key.json", "corrupt data"}},
		{"corrupt block store", func(t *testing.T, home string) {
			dir := filepath.Join(node.HomeFiles(home).DataDir, "blockstore.db")
			os.MkdirAll(dir, 0o700)
			os.WriteFile(filepath.Join(dir, "CURRENT"), []byte("MANIFEST-000042\n"), 0o600)
			os.WriteFile(filepath.Join(dir, "MANIFEST-000042"), []byte("\x00\x01garbage, not a manifest"), 0o600)
		}, nil, nil,
			[]string{"CometBFT database $HOME/data/blockstore.db", "corrupted"}},
		{"home locked by another node", func(t *testing.T, home string) {
			// What a second stegosd on the same home runs into.
			st, err := state.Open(ledgerDir(home), slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
		}, nil, nil,
			[]string{"ledger state $HOME/data/ledger", "in use by another process", "another stegosd running"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t, tt.vars)
			home := initDev(t, te)
			tt.damage(t, home)
			flags, _ := portFlags(t)
			if len(tt.flags) > 0 {
				flags = tt.flags
			}
			args := append([]string{"start", "--home", home}, flags...)
			r := te.start(args...)
			select {
			case code := <-r.done:
				if code != 1 {
					t.Fatalf("exit %d, want 1; stderr:\n%s", code, te.errOut)
				}
			case <-time.After(60 * time.Second):
				r.stop(t)
				t.Fatalf("start did not fail; stderr:\n%s", te.errOut)
			}
			stderr := te.errOut.String()
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if !strings.HasPrefix(lines[len(lines)-1], "stegosd: ") {
				t.Errorf("stderr does not end with the error: %q", stderr)
			}
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "$CONFIG", config.FilePath(home))
				w = strings.ReplaceAll(w, "$HOME", home)
				contains(t, "stderr", stderr, w)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("stderr shows a panic:\n%s", stderr)
			}
		})
	}
}

func TestInitErrors(t *testing.T) {
	genesisFile := func(t *testing.T) string {
		te := newTestEnv(t, nil)
		return node.HomeFiles(initDev(t, te)).Genesis
	}
	tests := []struct {
		name string
		args func(t *testing.T, home string) []string
		code int
		want string
	}{
		{"existing home", func(t *testing.T, home string) []string {
			te := newTestEnv(t, nil)
			if te.exec("init", "--home", home) != 0 {
				t.Fatal("first init failed")
			}
			return nil
		}, 1, "is already initialized: $HOME/stegos.toml exists"},
		{"unknown chain", func(*testing.T, string) []string { return []string{"--chain", "devnet"} }, 2, `--chain "devnet": want dev, testnet or mainnet`},
		{"testnet without genesis", func(*testing.T, string) []string { return []string{"--chain", "testnet"} }, 2, "no published genesis for testnet yet"},
		{"unreadable genesis", func(*testing.T, string) []string {
			return []string{"--chain", "testnet", "--genesis", "/nonexistent/genesis.json"}
		}, 1, "genesis file /nonexistent/genesis.json"},
		{"bad moniker", func(*testing.T, string) []string { return []string{"--moniker", "bad\tname"} }, 2, "node.moniker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "home")
			extra := tt.args(t, home)
			te := newTestEnv(t, nil)
			if code := te.exec(append([]string{"init", "--home", home}, extra...)...); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, te.errOut)
			}
			contains(t, "stderr", te.errOut.String(), strings.ReplaceAll(tt.want, "$HOME", home))
		})
	}

	t.Run("testnet with a genesis file", func(t *testing.T) {
		gen := genesisFile(t)
		te := newTestEnv(t, nil)
		home := filepath.Join(t.TempDir(), "home")
		if code := te.exec("init", "--home", home, "--chain", "testnet", "--genesis", gen); code != 0 {
			t.Fatalf("exit %d: %s", code, te.errOut)
		}
		contains(t, "stdout", te.out.String(), "Initialized a testnet node", "validator  no (full node)")
		c, err := config.Load(config.Options{Home: home, RequireFile: true})
		if err != nil || c.Node.Chain != "testnet" || c.P2P.Listen != "0.0.0.0:26656" || !c.P2P.PEX {
			t.Errorf("testnet config %+v, %v", c, err)
		}
		// dev --reset refuses to delete a testnet home.
		if code := te.exec("dev", "--home", home, "--reset"); code != 1 {
			t.Errorf("dev --reset on a testnet home exited %d", code)
		}
		contains(t, "stderr", te.errOut.String(), "it holds a testnet node, not a dev chain; refusing to delete it")
		if _, err := os.Stat(config.FilePath(home)); err != nil {
			t.Errorf("the testnet home was touched: %v", err)
		}
	})
}

func TestVersion(t *testing.T) {
	te := newTestEnv(t, nil)
	if code := te.exec("version"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	contains(t, "version", te.out.String(), "stegosd ", "go       go1.", "cometbft 0.38.26 (ABCI 2.0.0")
}

func TestUsageErrors(t *testing.T) {
	te := newTestEnv(t, nil)
	if code := te.exec("start", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	contains(t, "stderr", te.errOut.String(), "unknown flag: --no-such-flag", "stegosd --help")
}
