package wallet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/internal/testnode"
)

// writeLegacyStore turns the closed wallet in dir into what the wallet
// wrote before ADR 0017: key files without a record key (kinds 1 and 2),
// and every record in clear, an account's under a/<id> and the others
// under the output or transaction id itself.
func writeLegacyStore(t *testing.T, dir string, passwords map[string]string) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loaded, err := loadAccounts(db)
	if err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch()
	defer b.Close()
	for _, l := range loaded {
		id := l.header.ID
		c := writeOldKeyFile(t, filepath.Join(dir, "keys", id+".key"), passwords[l.header.Name])
		rec, err := openAccount(c, &l.header)
		if err != nil {
			t.Fatal(err)
		}
		mustOK(t, b.Set([]byte(prefixAccount+id), mustJSON(t, rec)))
		for _, p := range []string{prefixOutput, prefixStake, prefixHistory} {
			err := db.Iterate([]byte(p+id+"/"), func(k, v []byte) error {
				pt, err := c.open(k, v)
				if err != nil {
					return err
				}
				var ref struct {
					ID   string `json:"id"`
					TxID string `json:"txId"`
				}
				if err := json.Unmarshal(pt, &ref); err != nil {
					return err
				}
				name := ref.ID
				if p == prefixHistory {
					name = ref.TxID
				}
				mustOK(t, b.Delete(k))
				return b.Set([]byte(p+id+"/"+name), pt)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	mustOK(t, b.Commit(true))
}

// writeOldKeyFile rewrites a key file as it was before ADR 0017, without
// its record key, and returns the codec of the record key it held.
func writeOldKeyFile(t *testing.T, keyFile, pw string) *codec {
	t.Helper()
	file, err := keystore.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := keystore.Decrypt([]byte(pw), file)
	if err != nil {
		t.Fatal(err)
	}
	if plain[0] != secretSeedSealed && plain[0] != secretViewOnlySealed {
		t.Fatalf("key file %s has kind %d", keyFile, plain[0])
	}
	c, err := newCodec(plain[len(plain)-recordKeySize:], nil)
	if err != nil {
		t.Fatal(err)
	}
	old := append([]byte{plain[0] - 2}, plain[1:len(plain)-recordKeySize]...)
	if file, err = keystore.Encrypt(strings.NewReader(strings.Repeat("r", 64)), []byte(pw), old, minKDF); err != nil {
		t.Fatal(err)
	}
	mustOK(t, keystore.WriteFile(keyFile, file))
	return c
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLegacyStoreMigratedOnUnlock: a wallet written before ADR 0017 (its
// records in clear, its key files without record keys) opens; each
// account's first unlock adds a record key to its key file and seals its
// records; balances and histories are what they were, and the closed
// wallet's files no longer show the memo, the amount, the addresses or
// the transaction.
func TestLegacyStoreMigratedOnUnlock(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	dir := f.dir("w")
	w, alice, demo, sent, _ := payAliceAtRest(t, f, dir)
	type state struct {
		bal  api.Balance
		hist []api.HistoryEntry
	}
	snapshot := func(w *Service) map[string]state {
		t.Helper()
		out := map[string]state{}
		for _, name := range []string{"demo", "alice"} {
			b := waitBalance(t, w, name, func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
			h, err := w.History(name, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range h {
				h[i].Confirmations = 0 // grows with the chain
			}
			b.ScannedHeight = 0
			out[name] = state{b, h}
		}
		return out
	}
	before := snapshot(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	writeLegacyStore(t, dir, map[string]string{"demo": "demo", "alice": "pw-alice"})
	secrets := secretsOf(t, demo, alice, sent.TxID)
	if found := grepDir(t, dir, secrets); found["memo"] == nil {
		t.Fatalf("the old-format store does not show the memo in clear: %v", found)
	}

	w = f.open(dir)
	for _, a := range w.Accounts() {
		if a.Address == "" {
			t.Fatalf("old-format account %+v: its record is in clear and readable", a)
		}
	}
	for name, pw := range map[string]string{"demo": "demo", "alice": "pw-alice"} {
		if _, err := w.Unlock(name, pw); err != nil {
			t.Fatalf("unlock %s: %v", name, err)
		}
		waitSynced(t, w, name)
	}
	after := snapshot(w)
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("after migration:\n%+v\nbefore:\n%+v", after, before)
	}
	// The records are sealed and the key files hold record keys.
	w.mu.Lock()
	for _, a := range w.accounts {
		var h accountHeader
		if ok, err := w.rawJSON([]byte(prefixAccount+a.rec.ID), &h); !ok || err != nil || h.Format != formatSealed {
			t.Errorf("header of %s: %+v, %v", a.rec.Name, h, err)
		}
		for _, p := range []string{prefixOutput, prefixHistory, prefixStake} {
			_ = w.db.db.Iterate([]byte(p+a.rec.ID+"/"), func(k, v []byte) error {
				if v[0] != sealVersion || strings.Contains(string(k), sent.TxID) {
					t.Errorf("record %q is not sealed", k)
				}
				return nil
			})
		}
	}
	w.mu.Unlock()
	for _, pw := range []string{"demo", "pw-alice"} {
		id := demo.ID
		if pw != "demo" {
			id = alice.ID
		}
		file, err := keystore.ReadFile(filepath.Join(dir, "keys", id+".key"))
		if err != nil {
			t.Fatal(err)
		}
		sec, err := openSecrets(pw, file)
		if err != nil || len(sec.recordKey) != recordKeySize {
			t.Fatalf("key file of %s after migration: %v", id, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if found := grepDir(t, dir, secrets); len(found) > 0 {
		t.Fatalf("after migration the files still show %v", found)
	}
	for _, p := range []string{"db.migrate", "db.migrate.done", "db.old"} {
		if fileExists(filepath.Join(dir, p)) {
			t.Errorf("%s left behind", p)
		}
	}
}

// TestFinishMigration: whatever step of the database swap a crash
// interrupted, Open ends with one database: the new one once it was
// complete (its marker written), the old one otherwise.
func TestFinishMigration(t *testing.T) {
	t.Parallel()
	// Each state lists the entries present; "db" holds a file naming
	// which database it is.
	cases := []struct {
		name    string
		present map[string]string // path -> content of its "which" file ("" for the marker)
		want    string            // which database db/ is after
	}{
		{"copy half written", map[string]string{"db": "old", "db.migrate": "new"}, "old"},
		{"copy complete, nothing swapped", map[string]string{"db": "old", "db.migrate": "new", "db.migrate.done": ""}, "new"},
		{"old moved aside", map[string]string{"db.old": "old", "db.migrate": "new", "db.migrate.done": ""}, "new"},
		{"swapped, marker left", map[string]string{"db.old": "old", "db": "new", "db.migrate.done": ""}, "new"},
		{"swapped, old left", map[string]string{"db.old": "old", "db": "new"}, "new"},
		{"no migration", map[string]string{"db": "old"}, "old"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for p, which := range c.present {
				if which == "" {
					mustOK(t, os.WriteFile(filepath.Join(dir, p), nil, 0o600))
					continue
				}
				mustOK(t, os.Mkdir(filepath.Join(dir, p), 0o700))
				mustOK(t, os.WriteFile(filepath.Join(dir, p, "which"), []byte(which), 0o600))
			}
			mustOK(t, finishMigration(filepath.Join(dir, "db"), discardLogger()))
			got, err := os.ReadFile(filepath.Join(dir, "db", "which"))
			if err != nil || string(got) != c.want {
				t.Fatalf("db is %q (%v), want %q", got, err, c.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Fatalf("left %v, want db only", names)
			}
		})
	}
}

// TestOldKeyFileDoesNotOpenSealedRecords: a key file put back from a copy
// older than the record key cannot open the sealed records: unlock says
// so and leaves the key file as it is (adding a new record key would not
// help); the account can still be deleted.
func TestOldKeyFileDoesNotOpenSealedRecords(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	dir := f.dir("w")
	w := f.open(dir)
	alice, _, err := w.CreateAccount(ctx, "alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Close())
	keyFile := filepath.Join(dir, "keys", alice.ID+".key")
	writeOldKeyFile(t, keyFile, "pw")
	before, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	w = f.open(dir)
	_, err = w.Unlock("alice", "pw")
	if !errors.Is(err, errSealed) || !strings.Contains(err.Error(), "no record key") {
		t.Fatalf("unlock with an old key file: %v", err)
	}
	if after, _ := os.ReadFile(keyFile); !bytes.Equal(after, before) {
		t.Fatal("unlock rewrote the key file")
	}
	trash, err := w.DeleteAccount("alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	if !fileExists(filepath.Join(trash, trashExport)) {
		t.Fatalf("trash %s has no export", trash)
	}
	if accs := w.Accounts(); len(accs) != 0 {
		t.Fatalf("accounts after delete: %+v", accs)
	}
}
