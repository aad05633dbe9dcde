package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// writeHome writes text as stegos.toml in a fresh home and returns the home.
func writeHome(t *testing.T, text string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(FilePath(home), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

// envMap returns a LookupEnv over m.
func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// flagSet returns a flag set with the config flags registered and args parsed.
func flagSet(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		kind     ErrorKind
		line     int
		key      string
		contains string
	}{
		{"syntax error", "[p2p]\nlisten = \"1.2.3.4:5\"\nlisten2 = \n", ErrSyntax, 3, "", "TOML syntax error"},
		{"unclosed table", "[p2p\n", ErrSyntax, 2, "", "TOML syntax error"},
		{"unknown key", "[p2p]\nlisten = \"127.0.0.1:26656\"\nlisen = \"x\"\n", ErrUnknownKey, 3, "p2p.lisen", "did you mean p2p.listen?"},
		{"unknown table", "[node]\nchain = \"dev\"\n\n[pp2]\nlisten = \"x\"\n", ErrUnknownKey, 4, "pp2", "did you mean p2p?"},
		{"unknown top-level key", "chain = \"dev\"\n", ErrUnknownKey, 1, "chain", `unknown key "chain"`},
		{"unknown key far from any", "[log]\ncolour = \"yes\"\n", ErrUnknownKey, 2, "log.colour", `unknown key "log.colour"`},
		{"dotted unknown key", "p2p.peers = []\n", ErrUnknownKey, 1, "p2p.peers", `unknown key "p2p.peers"`},
		{"table given a value", "p2p = 5\n", ErrBadValue, 1, "p2p", "must be a table"},
		{"array of tables", "[[p2p]]\nlisten = \"a:1\"\n", ErrBadValue, 1, "p2p", "must be a table"},
		{"string wanted", "[rpc]\nlisten = 26657\n", ErrBadValue, 2, "rpc.listen", "must be a string, not an integer"},
		{"bool wanted", "[p2p]\nallow_duplicate_ip = \"yes\"\n", ErrBadValue, 2, "p2p.allow_duplicate_ip", "must be true or false"},
		{"array wanted", "[p2p]\npersistent_peers = \"a@b:1\"\n", ErrBadValue, 2, "p2p.persistent_peers", "must be an array of strings"},
		{"array element", "[p2p]\npersistent_peers = [1]\n", ErrBadValue, 2, "p2p.persistent_peers", "element 0 must be a string"},
		{"duration as integer", "[consensus]\ntimeout_commit = 1000\n", ErrBadValue, 2, "consensus.timeout_commit", "duration string"},
		{"duration syntax", "[consensus]\ntimeout_commit = \"1 second\"\n", ErrBadValue, 2, "consensus.timeout_commit", `"1 second" is not a duration`},
		{"negative timeout_commit", "[consensus]\n\ntimeout_commit = \"-1s\"\n", ErrBadValue, 3, "consensus.timeout_commit", "negative"},
		{"negative timeout_propose", "[consensus]\ntimeout_propose = \"-5ms\"\n", ErrBadValue, 2, "consensus.timeout_propose", "negative"},
		{"zero timeout_propose", "[consensus]\ntimeout_propose = \"0s\"\n", ErrBadValue, 2, "consensus.timeout_propose", "too short"},
		{"huge timeout", "[consensus]\ntimeout_commit = \"1h\"\n", ErrBadValue, 2, "consensus.timeout_commit", "too long"},
		{"address without port", "[p2p]\nlisten = \"127.0.0.1\"\n", ErrBadValue, 2, "p2p.listen", "want host:port"},
		{"address without host", "[p2p]\nlisten = \":26656\"\n", ErrBadValue, 2, "p2p.listen", "missing host"},
		{"address bad port", "[rpc]\nlisten = \"127.0.0.1:70000\"\n", ErrBadValue, 2, "rpc.listen", "port must be a number"},
		{"address port zero", "[api]\nlisten = \"127.0.0.1:0\"\n", ErrBadValue, 2, "api.listen", "port must be a number"},
		{"address bad host", "[p2p]\nexternal_address = \"bad_host!:1\"\n", ErrBadValue, 2, "p2p.external_address", "bad host"},
		{"empty p2p listen", "[p2p]\nlisten = \"\"\n", ErrBadValue, 2, "p2p.listen", "must not be empty"},
		{"peer without id", "[p2p]\npersistent_peers = [\"127.0.0.1:26656\"]\n", ErrBadValue, 2, "p2p.persistent_peers", "want node-id@host:port"},
		{"peer bad id", "[p2p]\npersistent_peers = [\"xyz@127.0.0.1:26656\"]\n", ErrBadValue, 2, "p2p.persistent_peers", "40 hex digits"},
		{"peer bad address", "[p2p]\npersistent_peers = [\"" + strings.Repeat("ab", 20) + "@127.0.0.1\"]\n", ErrBadValue, 2, "p2p.persistent_peers", "want host:port"},
		{"bad chain", "[node]\nchain = \"devnet\"\n", ErrBadValue, 2, "node.chain", `"devnet" is not one of dev, testnet, mainnet`},
		{"empty moniker", "[node]\nmoniker = \"\"\n", ErrBadValue, 2, "node.moniker", "must not be empty"},
		{"non-ascii moniker", "[node]\nmoniker = \"nöde\"\n", ErrBadValue, 2, "node.moniker", "printable ASCII"},
		{"long moniker", "[node]\nmoniker = \"" + strings.Repeat("m", 65) + "\"\n", ErrBadValue, 2, "node.moniker", "at most 64"},
		{"bad db backend", "[node]\ndb_backend = \"rocksdb\"\n", ErrBadValue, 2, "node.db_backend", "not one of goleveldb, memdb"},
		{"bad log level", "[log]\nlevel = \"verbose\"\n", ErrBadValue, 2, "log.level", "not one of trace, debug, info, warn, error"},
		{"bad log format", "[log]\nformat = \"xml\"\n", ErrBadValue, 2, "log.format", "not one of text, json"},
		{"defer_range_proofs not a bool", "[mempool]\ndefer_range_proofs = 1\n", ErrBadValue, 2, "mempool.defer_range_proofs", "must be true or false"},
		{"quarantine as string", "[mempool]\nquarantine_blocks = \"100\"\n", ErrBadValue, 2, "mempool.quarantine_blocks", "must be a whole number, not a string"},
		{"quarantine as float", "[mempool]\n\nquarantine_blocks = 1.5\n", ErrBadValue, 3, "mempool.quarantine_blocks", "must be a whole number, not a number"},
		{"negative quarantine", "[mempool]\nquarantine_blocks = -1\n", ErrBadValue, 2, "mempool.quarantine_blocks", "-1 is below 0"},
		{"huge quarantine", "[mempool]\nquarantine_blocks = 1000001\n", ErrBadValue, 2, "mempool.quarantine_blocks", "above 1000000"},
		{"mempool typo", "[mempool]\nquarantine_block = 5\n", ErrUnknownKey, 2, "mempool.quarantine_block", "did you mean mempool.quarantine_blocks?"},
		{"port clash", "[rpc]\nlisten = \"127.0.0.1:3145\"\n", ErrBadValue, 2, "rpc.listen", "127.0.0.1:3145 is already used by api.listen"},
		{"state sync without servers", "[statesync]\nenable = true\n", ErrBadValue, 2, "statesync.enable", "needs statesync.rpc_servers"},
		{"rpc server without port", "[statesync]\nrpc_servers = [\"http://10.0.0.1\"]\n", ErrBadValue, 2, "statesync.rpc_servers", "want host:port"},
		{"trust height without hash", "[statesync]\ntrust_height = 5\n", ErrBadValue, 2, "statesync.trust_height", "needs statesync.trust_hash"},
		{"trust hash without height", "[statesync]\ntrust_hash = \"" + strings.Repeat("ab", 32) + "\"\n", ErrBadValue, 2, "statesync.trust_hash", "needs statesync.trust_height"},
		{"short trust hash", "[statesync]\ntrust_height = 5\ntrust_hash = \"abcd\"\n", ErrBadValue, 3, "statesync.trust_hash", "64 hex digits"},
		{"negative trust height", "[statesync]\ntrust_height = -1\n", ErrBadValue, 2, "statesync.trust_height", "below 0"},
		{"tiny trust period", "[statesync]\ntrust_period = \"1s\"\n", ErrBadValue, 2, "statesync.trust_period", "want 1m to"},
		{"negative snapshot interval", "[statesync]\nsnapshot_interval = -1\n", ErrBadValue, 2, "statesync.snapshot_interval", "below 0"},
		{"no snapshot kept", "[statesync]\nsnapshot_keep = 0\n", ErrBadValue, 2, "statesync.snapshot_keep", "below 1"},
		{"archive not a bool", "[storage]\narchive = \"yes\"\n", ErrBadValue, 2, "storage.archive", "must be true or false"},
		{"web not a bool", "[api]\nweb = \"off\"\n", ErrBadValue, 2, "api.web", "must be true or false"},
		{"web_listen without port", "[api]\nweb_listen = \"127.0.0.1\"\n", ErrBadValue, 2, "api.web_listen", "want host:port"},
		{"web_listen without the API", "[api]\nlisten = \"\"\nweb_listen = \"127.0.0.1:8080\"\n", ErrBadValue, 3, "api.web_listen", "needs api.listen"},
		{"web_listen on the API's port", "[api]\nweb_listen = \"127.0.0.1:3145\"\n", ErrBadValue, 2, "api.web_listen", "127.0.0.1:3145 is already used by api.listen"},
		{"port clash with wildcard", "[p2p]\nlisten = \"0.0.0.0:7000\"\n[rpc]\nlisten = \"127.0.0.1:7000\"\n", ErrBadValue, 4, "rpc.listen", "already used by p2p.listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := writeHome(t, tt.file)
			_, err := Load(Options{Home: home, RequireFile: true})
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %q is not a *config.Error", err)
			}
			if ce.File != FilePath(home) {
				t.Errorf("File = %q, want %q", ce.File, FilePath(home))
			}
			if ce.Line != tt.line {
				t.Errorf("Line = %d, want %d (error %q)", ce.Line, tt.line, err)
			}
			if ce.Key != tt.key {
				t.Errorf("Key = %q, want %q", ce.Key, tt.key)
			}
			msg := err.Error()
			for _, want := range []string{FilePath(home), tt.key, tt.contains} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestLoadReportsEveryBadValue(t *testing.T) {
	home := writeHome(t, "[log]\nlevel = \"loud\"\nformat = \"xml\"\n")
	_, err := Load(Options{Home: home})
	for _, want := range []string{":2: log.level", ":3: log.format"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestLoadEnvAndFlagErrors(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		where    string // expected start of the message
		key      string
		contains string
	}{
		{"env bad address", map[string]string{"STEGOS_P2P_LISTEN": "nope"}, nil, "environment variable STEGOS_P2P_LISTEN: p2p.listen", "p2p.listen", "want host:port"},
		{"env bad duration", map[string]string{"STEGOS_CONSENSUS_TIMEOUT_COMMIT": "fast"}, nil, "environment variable STEGOS_CONSENSUS_TIMEOUT_COMMIT", "consensus.timeout_commit", "not a duration"},
		{"env negative duration", map[string]string{"STEGOS_CONSENSUS_TIMEOUT_COMMIT": "-1s"}, nil, "environment variable STEGOS_CONSENSUS_TIMEOUT_COMMIT", "consensus.timeout_commit", "negative"},
		{"env bad bool", map[string]string{"STEGOS_P2P_ADDR_BOOK_STRICT": "maybe"}, nil, "environment variable STEGOS_P2P_ADDR_BOOK_STRICT", "p2p.addr_book_strict", "not a boolean"},
		{"flag bad level", nil, []string{"--log-level=loud"}, "flag --log-level: log.level", "log.level", "not one of"},
		{"flag bad peers", nil, []string{"--p2p-persistent-peers=a@b"}, "flag --p2p-persistent-peers", "p2p.persistent_peers", "node ID"},
		{"flag bad duration", nil, []string{"--consensus-timeout-propose=soon"}, "flag --consensus-timeout-propose", "consensus.timeout_propose", "not a duration"},
		{"env bad quarantine", map[string]string{"STEGOS_MEMPOOL_QUARANTINE_BLOCKS": "ten"}, nil, "environment variable STEGOS_MEMPOOL_QUARANTINE_BLOCKS", "mempool.quarantine_blocks", "not a whole number"},
		{"flag negative quarantine", nil, []string{"--mempool-quarantine-blocks=-5"}, "flag --mempool-quarantine-blocks", "mempool.quarantine_blocks", "below 0"},
		{"flag wins over bad env", map[string]string{"STEGOS_LOG_LEVEL": "info"}, []string{"--log-level=nope"}, "flag --log-level", "log.level", "not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := writeHome(t, "[node]\nchain = \"dev\"\n")
			_, err := Load(Options{Home: home, LookupEnv: envMap(tt.env), Flags: flagSet(t, tt.args...)})
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("error %v, want ErrBadValue", err)
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Key != tt.key {
				t.Fatalf("error %v: want key %s", err, tt.key)
			}
			if !strings.HasPrefix(err.Error(), tt.where) || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("message %q: want prefix %q and %q", err, tt.where, tt.contains)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	home := t.TempDir()
	_, err := Load(Options{Home: home, RequireFile: true})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), FilePath(home)) {
		t.Fatalf("error %v: want ErrNotFound naming %s", err, FilePath(home))
	}
	c, err := Load(Options{Home: home})
	if err != nil {
		t.Fatalf("optional file: %v", err)
	}
	if !reflect.DeepEqual(*c, Default()) {
		t.Errorf("without a file got %+v, want defaults", *c)
	}
}

func TestPrecedence(t *testing.T) {
	home := writeHome(t, `
[node]
chain = "testnet"
moniker = "from-file"
[p2p]
listen = "127.0.0.1:1000"
persistent_peers = ["`+strings.Repeat("a", 40)+`@127.0.0.1:2000"]
[rpc]
listen = "tcp://127.0.0.1:1001"
[log]
level = "debug"
`)
	env := map[string]string{
		"STEGOS_P2P_LISTEN":               "127.0.0.1:1100", // overrides the file
		"STEGOS_LOG_LEVEL":                "warn",           // overridden by the flag
		"STEGOS_CONSENSUS_TIMEOUT_COMMIT": "250ms",          // overrides the default
		"STEGOS_P2P_PERSISTENT_PEERS":     "",               // set to empty: clears the file's list
	}
	fs := flagSet(t, "--log-level=error", "--moniker=from-flag")
	c, err := Load(Options{Home: home, LookupEnv: envMap(env), Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Node.Chain = "testnet"
	want.Node.Moniker = "from-flag"
	want.P2P.Listen = "127.0.0.1:1100"
	want.RPC.Listen = "127.0.0.1:1001" // tcp:// stripped
	want.Consensus.TimeoutCommit = 250 * time.Millisecond
	want.Log.Level = "error"
	if !reflect.DeepEqual(*c, want) {
		t.Errorf("got  %+v\nwant %+v", *c, want)
	}
}

func TestBoolFlagsWithoutValue(t *testing.T) {
	home := writeHome(t, "[p2p]\npex = false\nallow_duplicate_ip = true\n")
	c, err := Load(Options{Home: home, Flags: flagSet(t, "--p2p-pex", "--p2p-allow-duplicate-ip=false")})
	if err != nil {
		t.Fatal(err)
	}
	if !c.P2P.PEX || c.P2P.AllowDuplicateIP {
		t.Errorf("pex %v allow_duplicate_ip %v, want true false", c.P2P.PEX, c.P2P.AllowDuplicateIP)
	}
}

// TestMempoolSection checks the [mempool] keys through every layer: the
// defaults (the application's policy), the file, the environment and flags.
func TestMempoolSection(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		args []string
		want MempoolSection
	}{
		{"defaults", "", nil, nil, MempoolSection{DeferRangeProofs: false, QuarantineBlocks: 0}},
		{"file", "[mempool]\ndefer_range_proofs = true\nquarantine_blocks = 250\n", nil, nil, MempoolSection{DeferRangeProofs: true, QuarantineBlocks: 250}},
		{"env over file", "[mempool]\nquarantine_blocks = 250\n", map[string]string{"STEGOS_MEMPOOL_QUARANTINE_BLOCKS": "7", "STEGOS_MEMPOOL_DEFER_RANGE_PROOFS": "true"}, nil, MempoolSection{DeferRangeProofs: true, QuarantineBlocks: 7}},
		{"flags over env", "", map[string]string{"STEGOS_MEMPOOL_QUARANTINE_BLOCKS": "7"}, []string{"--mempool-quarantine-blocks=9", "--mempool-defer-range-proofs"}, MempoolSection{DeferRangeProofs: true, QuarantineBlocks: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := writeHome(t, tt.file)
			c, err := Load(Options{Home: home, LookupEnv: envMap(tt.env), Flags: flagSet(t, tt.args...)})
			if err != nil {
				t.Fatal(err)
			}
			if c.Mempool != tt.want {
				t.Errorf("mempool %+v, want %+v", c.Mempool, tt.want)
			}
		})
	}
}

// TestStateSyncSection checks the [statesync] and [storage] keys through
// the layers.
func TestStateSyncSection(t *testing.T) {
	hash := strings.Repeat("AB", 32)
	def := Default().StateSync
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		args    []string
		want    StateSyncSection
		archive bool
	}{
		{"defaults", "", nil, nil, def, false},
		{"file", "[statesync]\nenable = true\nrpc_servers = [\"127.0.0.1:26657\", \"http://10.0.0.2:26657\"]\ntrust_height = 120\ntrust_hash = \"" + hash + "\"\ntrust_period = \"24h\"\nsnapshot_interval = 10\nsnapshot_keep = 3\n[storage]\narchive = true\n", nil, nil,
			StateSyncSection{Enable: true, RPCServers: []string{"127.0.0.1:26657", "http://10.0.0.2:26657"}, TrustHeight: 120, TrustHash: hash, TrustPeriod: 24 * time.Hour, SnapshotInterval: 10, SnapshotKeep: 3}, true},
		{"env and flags", "", map[string]string{"STEGOS_STATESYNC_RPC_SERVERS": "a.example:26657,b.example:26657", "STEGOS_STORAGE_ARCHIVE": "true"}, []string{"--statesync-enable", "--statesync-snapshot-interval=0"},
			StateSyncSection{Enable: true, RPCServers: []string{"a.example:26657", "b.example:26657"}, TrustPeriod: def.TrustPeriod, SnapshotInterval: 0, SnapshotKeep: def.SnapshotKeep}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := writeHome(t, tt.file)
			c, err := Load(Options{Home: home, LookupEnv: envMap(tt.env), Flags: flagSet(t, tt.args...)})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.StateSync, tt.want) || c.Storage.Archive != tt.archive {
				t.Errorf("statesync %+v archive %v, want %+v %v", c.StateSync, c.Storage.Archive, tt.want, tt.archive)
			}
		})
	}
}

func TestChainIsFileOnly(t *testing.T) {
	fs := flagSet(t)
	if fs.Lookup("chain") != nil || fs.Lookup("node-chain") != nil {
		t.Error("node.chain must not have a flag")
	}
	home := writeHome(t, "[node]\nchain = \"dev\"\n")
	c, err := Load(Options{Home: home, LookupEnv: envMap(map[string]string{"STEGOS_NODE_CHAIN": "mainnet"})})
	if err != nil || c.Node.Chain != "dev" {
		t.Fatalf("chain %q, err %v: the environment must not change the chain", c.Node.Chain, err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	c := Default()
	c.Node.Chain = ChainDev
	c.Node.Moniker = `odd "name" \ here`
	c.P2P.PersistentPeers = []string{strings.Repeat("0", 40) + "@127.0.0.1:26656", strings.Repeat("f", 40) + "@example.org:1"}
	c.P2P.AllowDuplicateIP = true
	c.P2P.AddrBookStrict = false
	c.RPC.Listen = ""
	c.Consensus.TimeoutCommit = 100 * time.Millisecond
	c.Mempool = MempoolSection{DeferRangeProofs: true, QuarantineBlocks: 42}
	c.StateSync = StateSyncSection{Enable: true, RPCServers: []string{"127.0.0.1:1", "https://rpc.example:443"}, TrustHeight: 9, TrustHash: strings.Repeat("0f", 32), TrustPeriod: time.Hour, SnapshotInterval: 7, SnapshotKeep: 4}
	c.Storage.Archive = true
	path := filepath.Join(t.TempDir(), FileName)
	if err := Write(path, &c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(Options{Home: filepath.Dir(path), RequireFile: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, c) {
		t.Errorf("round trip:\n got  %+v\n want %+v", *got, c)
	}
	text, _ := os.ReadFile(path)
	for _, s := range settings {
		if !strings.Contains(string(text), "\n"+s.name()+" = ") {
			t.Errorf("written file lacks key %s", s.key)
		}
		if s.env() != "" && !strings.Contains(string(text), s.env()) {
			t.Errorf("written file does not mention %s", s.env())
		}
	}
}

func TestWriteRejectsInvalid(t *testing.T) {
	c := Default()
	c.Log.Level = "loud"
	path := filepath.Join(t.TempDir(), FileName)
	if err := Write(path, &c); !errors.Is(err, ErrBadValue) {
		t.Fatalf("Write: %v, want ErrBadValue", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("an invalid config was written")
	}
}

func TestUnknownEnv(t *testing.T) {
	got := UnknownEnv([]string{"STEGOS_HOME=/x", "STEGOS_P2P_LISTEN=a:1", "STEGOS_P2P_LISTN=a:1", "PATH=/bin", "STEGOS_NODE_CHAIN=dev"})
	want := []string{"STEGOS_P2P_LISTN", "STEGOS_NODE_CHAIN"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnknownEnv = %v, want %v", got, want)
	}
}

func TestFlagAndEnvNames(t *testing.T) {
	tests := []struct{ key, env, flag string }{
		{"node.moniker", "STEGOS_NODE_MONIKER", "moniker"},
		{"p2p.listen", "STEGOS_P2P_LISTEN", "p2p-listen"},
		{"p2p.persistent_peers", "STEGOS_P2P_PERSISTENT_PEERS", "p2p-persistent-peers"},
		{"rpc.listen", "STEGOS_RPC_LISTEN", "rpc-listen"},
		{"api.listen", "STEGOS_API_LISTEN", "api-listen"},
		{"api.web", "STEGOS_API_WEB", "api-web"},
		{"api.web_listen", "STEGOS_API_WEB_LISTEN", "api-web-listen"},
		{"consensus.timeout_commit", "STEGOS_CONSENSUS_TIMEOUT_COMMIT", "consensus-timeout-commit"},
		{"log.level", "STEGOS_LOG_LEVEL", "log-level"},
		{"mempool.defer_range_proofs", "STEGOS_MEMPOOL_DEFER_RANGE_PROOFS", "mempool-defer-range-proofs"},
		{"mempool.quarantine_blocks", "STEGOS_MEMPOOL_QUARANTINE_BLOCKS", "mempool-quarantine-blocks"},
		{"statesync.enable", "STEGOS_STATESYNC_ENABLE", "statesync-enable"},
		{"statesync.rpc_servers", "STEGOS_STATESYNC_RPC_SERVERS", "statesync-rpc-servers"},
		{"storage.archive", "STEGOS_STORAGE_ARCHIVE", "storage-archive"},
		{"node.chain", "", ""},
	}
	for _, tt := range tests {
		s, ok := lookup(tt.key)
		if !ok {
			t.Fatalf("no setting %s", tt.key)
		}
		if s.env() != tt.env || s.flag() != tt.flag {
			t.Errorf("%s: env %q flag %q, want %q %q", tt.key, s.env(), s.flag(), tt.env, tt.flag)
		}
	}
}

func TestDefaultHome(t *testing.T) {
	userHome := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		name string
		env  map[string]string
		user func() (string, error)
		want string
		err  bool
	}{
		{"STEGOS_HOME wins", map[string]string{"STEGOS_HOME": "/srv/stegos/", "XDG_DATA_HOME": "/x"}, userHome, "/srv/stegos", false},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": "/x/data"}, userHome, "/x/data/stegos", false},
		{"relative XDG ignored", map[string]string{"XDG_DATA_HOME": "rel"}, userHome, "/home/u/.local/share/stegos", false},
		{"fallback", nil, userHome, "/home/u/.local/share/stegos", false},
		{"no home at all", nil, noHome, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultHome(envMap(tt.env), tt.user)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("DefaultHome = %q, %v; want %q (error %v)", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestParseMatchesLoad(t *testing.T) {
	text := "[node]\nchain = \"dev\"\n[rpc]\nlisten = \"\"\n"
	c, err := Parse("inline.toml", []byte(text))
	if err != nil || c.Node.Chain != "dev" || c.RPC.Listen != "" {
		t.Fatalf("Parse = %+v, %v", c, err)
	}
	_, err = Parse("inline.toml", []byte("[rpc]\nlisten = 1\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "inline.toml:2: rpc.listen: ") {
		t.Fatalf("Parse error %v", err)
	}
}

func TestWebSettings(t *testing.T) {
	c := Default()
	if !c.API.Web || c.API.WebListen != "" {
		t.Fatalf("default web settings %+v: want the pages on the API's address", c.API)
	}
	// The file turns the pages off; a flag turns them back on and moves them.
	home := writeHome(t, "[api]\nweb = false\n")
	got, err := Load(Options{Home: home})
	if err != nil || got.API.Web {
		t.Fatalf("web = false: %+v, %v", got.API, err)
	}
	got, err = Load(Options{Home: home, Flags: flagSet(t, "--api-web", "--api-web-listen", "tcp://127.0.0.1:8080")})
	if err != nil || !got.API.Web || got.API.WebListen != "127.0.0.1:8080" {
		t.Fatalf("--api-web --api-web-listen: %+v, %v", got.API, err)
	}
	got, err = Load(Options{Home: home, LookupEnv: envMap(map[string]string{"STEGOS_API_WEB": "yes"})})
	if err == nil || !strings.Contains(err.Error(), "STEGOS_API_WEB") {
		t.Fatalf("STEGOS_API_WEB=yes: %+v, %v", got, err)
	}
	// Turning the pages off while their address stays set is fine: off wins.
	if _, err := Parse("inline.toml", []byte("[api]\nweb = false\nweb_listen = \"127.0.0.1:8080\"\n")); err != nil {
		t.Fatal(err)
	}
	// A written file carries both keys and reads back the same.
	c.API.WebListen = "127.0.0.1:8080"
	back, err := Parse("written.toml", c.Encode())
	if err != nil || back.API != c.API {
		t.Fatalf("round trip: %+v, %v; want %+v", back, err, c.API)
	}
}
