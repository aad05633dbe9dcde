package wallet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/testnode"
)

// TestSignData: SignData's signature verifies with VerifyData for the
// address it names, and fails for a flipped bit of the signature, the
// message or the tag, another address, or an empty tag; a locked or
// view-only account cannot sign.
func TestSignData(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	demo, _ := w.Account("demo")
	alice, _, err := w.CreateAccount(ctx, "alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportViewOnly(ctx, "watch", demo.Address, mustViewKey(t, w, "demo"), "pw"); err != nil {
		t.Fatal(err)
	}
	const tag = "stegos/v1/bus/packet"
	msg := []byte("the packet id, the recipient, the packet")
	sig, from, err := w.SignData("demo", tag, msg)
	if err != nil {
		t.Fatal(err)
	}
	if from.String(w.Network()) != demo.Address {
		t.Fatalf("signed as %s, not demo", from.String(w.Network()))
	}
	if !VerifyData(from, tag, msg, sig) {
		t.Fatal("the signature does not verify")
	}
	if sig2, _, err := w.SignData("demo", tag, msg); err != nil || sig2 == sig || !VerifyData(from, tag, msg, sig2) {
		t.Fatalf("a second signature (hedged nonce): %v", err)
	}
	aliceAddr, _ := w.ParseAddress(alice.Address)
	flip := func(b []byte, bit int) []byte {
		c := bytes.Clone(b)
		c[bit/8] ^= 1 << (bit % 8)
		return c
	}
	for _, bit := range []int{0, 9, 255, 256, 300, 511} {
		var bad [64]byte
		copy(bad[:], flip(sig[:], bit))
		if VerifyData(from, tag, msg, bad) {
			t.Errorf("signature with bit %d flipped verifies", bit)
		}
	}
	for _, bit := range []int{0, 7, len(msg)*8 - 1} {
		if VerifyData(from, tag, flip(msg, bit), sig) {
			t.Errorf("message with bit %d flipped verifies", bit)
		}
	}
	if VerifyData(from, string(flip([]byte(tag), 3)), msg, sig) || VerifyData(from, "", msg, sig) {
		t.Error("another tag verifies")
	}
	if VerifyData(aliceAddr, tag, msg, sig) {
		t.Error("alice's address verifies demo's signature")
	}
	if _, _, err := w.SignData("demo", "", msg); !errors.Is(err, ErrInvalidData) {
		t.Errorf("empty tag: %v", err)
	}
	if _, err := w.Lock("alice"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.SignData("alice", tag, msg); !errors.Is(err, ErrLocked) {
		t.Errorf("locked: %v", err)
	}
	if _, err := w.Unlock("alice", "pw"); err != nil {
		t.Fatal(err)
	}
	if sig, from, err := w.SignData("alice", tag, msg); err != nil || !from.Equal(aliceAddr) || !VerifyData(aliceAddr, tag, msg, sig) {
		t.Errorf("unlocked again: %v", err)
	}
	if _, _, err := w.SignData("watch", tag, msg); !errors.Is(err, ErrViewOnly) {
		t.Errorf("view-only: %v", err)
	}
	if _, _, err := w.SignData("nobody", tag, msg); !errors.Is(err, ErrAccountNotFound) {
		t.Errorf("unknown account: %v", err)
	}
}

// Distinctive values of TestAppRecords, to grep the store for.
const (
	recNS    = "chat.history"
	recKeyA  = "contact/4q7zrw-alice"
	recValue = "see you under the clock tower, 9xk2"
)

// TestAppRecords: application records round trip per account and
// namespace, list in key order under a prefix, refuse bad namespaces and
// keys, survive a restart, read while locked with Lock but not while
// locked since the start, and show on disk neither their namespace, key
// nor value.
func TestAppRecords(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	dir := f.dir("w")
	w := f.demo(dir)
	if _, _, err := w.CreateAccount(ctx, "alice", "pw-alice"); err != nil {
		t.Fatal(err)
	}
	put := func(acct, ns, k, v string) {
		t.Helper()
		if err := w.PutRecord(acct, ns, []byte(k), []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	put("demo", recNS, recKeyA, recValue)
	put("demo", recNS, "contact/1-bob", "b")
	put("demo", recNS, "contact/3-carol", "")
	put("demo", recNS, "outbox/1", "o")
	put("demo", "bus.outbox", recKeyA, "other namespace")
	put("alice", recNS, recKeyA, "other account")
	put("demo", recNS, "contact/1-bob", "b2") // overwrite

	get := func(w *Service, acct, ns, k string) (string, bool) {
		t.Helper()
		v, ok, err := w.GetRecord(acct, ns, []byte(k))
		if err != nil {
			t.Fatal(err)
		}
		return string(v), ok
	}
	for _, c := range []struct{ acct, ns, key, want string }{
		{"demo", recNS, recKeyA, recValue},
		{"demo", recNS, "contact/1-bob", "b2"},
		{"demo", recNS, "contact/3-carol", ""},
		{"demo", "bus.outbox", recKeyA, "other namespace"},
		{"alice", recNS, recKeyA, "other account"},
	} {
		if v, ok := get(w, c.acct, c.ns, c.key); !ok || v != c.want {
			t.Errorf("%s %s %s: %q %v, want %q", c.acct, c.ns, c.key, v, ok, c.want)
		}
	}
	if _, ok := get(w, "demo", recNS, "contact/2"); ok {
		t.Error("a missing key is found")
	}
	list := func(w *Service, acct, ns, prefix string) string {
		t.Helper()
		var out []string
		err := w.ForEachRecord(acct, ns, []byte(prefix), func(k, v []byte) error {
			out = append(out, string(k)+"="+string(v))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	if got, want := list(w, "demo", recNS, "contact/"), "contact/1-bob=b2 contact/3-carol= "+recKeyA+"="+recValue; got != want {
		t.Errorf("contacts: %q, want %q", got, want)
	}
	if got := list(w, "demo", recNS, ""); !strings.HasSuffix(got, " outbox/1=o") || strings.Count(got, "=") != 4 {
		t.Errorf("all: %q", got)
	}
	stop := errors.New("stop")
	n := 0
	if err := w.ForEachRecord("demo", recNS, nil, func(k, v []byte) error {
		n++
		// fn runs outside the lock: it may write.
		if err := w.PutRecord("demo", "scratch", k, v); err != nil {
			return err
		}
		return stop
	}); !errors.Is(err, stop) || n != 1 {
		t.Errorf("stopping: %v after %d", err, n)
	}
	if err := w.DeleteRecord("demo", recNS, []byte("outbox/1")); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteRecord("demo", recNS, []byte("never there")); err != nil {
		t.Fatal(err)
	}
	if _, ok := get(w, "demo", recNS, "outbox/1"); ok {
		t.Error("deleted record found")
	}

	for _, c := range []struct {
		name, ns string
		key      []byte
		value    []byte
	}{
		{"empty namespace", "", []byte("k"), nil},
		{"namespace too long", strings.Repeat("a", 33), []byte("k"), nil},
		{"upper case", "Chat", []byte("k"), nil},
		{"slash", "chat/x", []byte("k"), nil},
		{"underscore", "chat_x", []byte("k"), nil},
		{"space", "chat x", []byte("k"), nil},
		{"nul", "chat\x00", []byte("k"), nil},
		{"empty key", "chat", nil, nil},
		{"key too long", "chat", make([]byte, MaxRecordKey+1), nil},
		{"value too long", "chat", []byte("k"), make([]byte, MaxRecordValue+1)},
	} {
		if err := w.PutRecord("demo", c.ns, c.key, c.value); !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("%s: put %v", c.name, err)
		}
		if c.value != nil {
			continue
		}
		if _, _, err := w.GetRecord("demo", c.ns, c.key); !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("%s: get %v", c.name, err)
		}
		if err := w.DeleteRecord("demo", c.ns, c.key); !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("%s: delete %v", c.name, err)
		}
		if c.key != nil && len(c.key) <= MaxRecordKey {
			if err := w.ForEachRecord("demo", c.ns, nil, func(k, v []byte) error { return nil }); !errors.Is(err, ErrInvalidRecord) {
				t.Errorf("%s: list %v", c.name, err)
			}
		}
	}
	if err := w.PutRecord("demo", strings.Repeat("a", 32), []byte("k"), nil); err != nil {
		t.Errorf("a 32-byte namespace: %v", err)
	}
	if err := w.PutRecord("nobody", recNS, []byte("k"), nil); !errors.Is(err, ErrAccountNotFound) {
		t.Errorf("unknown account: %v", err)
	}

	// Locked with Lock, the account's records stay readable and writable
	// (its record key stays in memory, as it keeps scanning).
	if _, err := w.Lock("alice"); err != nil {
		t.Fatal(err)
	}
	put("alice", recNS, "while locked", "ok")
	if v, ok := get(w, "alice", recNS, recKeyA); !ok || v != "other account" {
		t.Errorf("locked with Lock: %q %v", v, ok)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	secrets := map[string][]byte{"value": []byte(recValue), "key": []byte(recKeyA), "namespace": []byte(recNS), "other key": []byte("contact/1-bob")}
	if found := grepDir(t, dir, secrets); len(found) > 0 {
		for what, files := range found {
			t.Errorf("the %s is in %v", what, files)
		}
	}

	// Reopened: locked since the start, nothing reads; unlocked, all is
	// there.
	w = f.open(dir)
	if _, _, err := w.GetRecord("demo", recNS, []byte(recKeyA)); !errors.Is(err, ErrLocked) {
		t.Errorf("get, locked since the start: %v", err)
	}
	if err := w.PutRecord("demo", recNS, []byte("x"), nil); !errors.Is(err, ErrLocked) {
		t.Errorf("put, locked since the start: %v", err)
	}
	if err := w.DeleteRecord("demo", recNS, []byte("x")); !errors.Is(err, ErrLocked) {
		t.Errorf("delete, locked since the start: %v", err)
	}
	if err := w.ForEachRecord("demo", recNS, nil, func(k, v []byte) error { return nil }); !errors.Is(err, ErrLocked) {
		t.Errorf("list, locked since the start: %v", err)
	}
	if _, err := w.DataOutputs("demo", 0); !errors.Is(err, ErrLocked) {
		t.Errorf("data outputs, locked since the start: %v", err)
	}
	if _, err := w.Unlock("demo", "demo"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Unlock("alice", "pw-alice"); err != nil {
		t.Fatal(err)
	}
	if v, ok := get(w, "demo", recNS, recKeyA); !ok || v != recValue {
		t.Errorf("after a restart: %q %v", v, ok)
	}
	if got, want := list(w, "demo", recNS, "contact/"), "contact/1-bob=b2 contact/3-carol= "+recKeyA+"="+recValue; got != want {
		t.Errorf("contacts after a restart: %q, want %q", got, want)
	}
	if got := list(w, "alice", recNS, ""); got != fmt.Sprintf("%s=other account while locked=ok", recKeyA) {
		t.Errorf("alice after a restart: %q", got)
	}

	// A deleted account's records go with it.
	aliceAcc, _ := w.Account("alice")
	trash, err := w.DeleteAccount("alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	file, err := keystore.ReadFile(filepath.Join(trash, aliceAcc.ID+".key"))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := openSecrets("pw-alice", file)
	if err != nil {
		t.Fatal(err)
	}
	c, err := newCodec(sec.recordKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := os.ReadFile(filepath.Join(trash, trashExport))
	if err != nil {
		t.Fatal(err)
	}
	export, err := c.open(exportAD(aliceAcc.ID), sealed)
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Records []appRecord `json:"records"`
	}
	if err := json.Unmarshal(export, &ex); err != nil || len(ex.Records) != 2 || ex.Records[0].NS != recNS {
		t.Fatalf("the trash export's records: %+v, %v", ex.Records, err)
	}
	w.mu.Lock()
	n = 0
	err = w.db.db.Iterate(appPrefix(aliceAcc.ID), func(k, v []byte) error { n++; return nil })
	w.mu.Unlock()
	if err != nil || n != 0 {
		t.Fatalf("%d records of the deleted account left, %v", n, err)
	}
}
