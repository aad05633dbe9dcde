package wallet

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/testnode"
)

// Distinctive values of TestStoreSealedAtRest's payment, to grep for.
const (
	atRestMemo   = "meet me at the old mill, 7f3q"
	atRestAmount = 3_141_593 // µSTG
)

// secretsOf lists what the store of a wallet that made a payment must
// not show on disk: the memo, the amount (as JSON writes it and as 8
// little-endian bytes), both addresses, and the transaction id (which
// would point at the payment on chain), in text and in bytes.
func secretsOf(t *testing.T, from, to api.Account, txid string) map[string][]byte {
	t.Helper()
	id, err := hex.DecodeString(txid)
	if err != nil {
		t.Fatal(err)
	}
	amount := binary.LittleEndian.AppendUint64(nil, atRestAmount)
	return map[string][]byte{
		"memo":                   []byte(atRestMemo),
		"amount (decimal)":       []byte("3141593"),
		"amount (8 bytes)":       amount,
		"sender's address":       []byte(from.Address),
		"recipient's address":    []byte(to.Address),
		"transaction id (hex)":   []byte(txid),
		"transaction id (bytes)": id,
	}
}

// grepDir returns, for each secret, the files under dir that contain it.
func grepDir(t *testing.T, dir string, secrets map[string][]byte) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for what, s := range secrets {
			if bytes.Contains(b, s) {
				rel, _ := filepath.Rel(dir, p)
				found[what] = append(found[what], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// payAliceAtRest opens a demo wallet in dir, creates alice, pays her
// atRestAmount with atRestMemo from demo and waits until both sides see it
// confirmed; it returns alice's side of the payment.
func payAliceAtRest(t *testing.T, f *fixture, dir string) (w *Service, alice, demo api.Account, sent api.SendResult, in api.HistoryEntry) {
	t.Helper()
	ctx := context.Background()
	w = f.demo(dir)
	alice, _, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	demo, _ = w.Account("demo")
	waitSynced(t, w, "alice")
	sent, err = w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: atRestAmount, Memo: atRestMemo})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	in = waitStatus(t, w, "alice", sent.TxID, api.StatusConfirmed)
	return w, alice, demo, sent, in
}

// TestStoreSealedAtRest: after a payment with a memo, the closed wallet's
// files (database, key files, everything under its directory) show
// neither the memo, nor the amount, nor either account's address, nor
// the transaction; reopened, the locked accounts reveal their id and name
// only, and their balance and history need an unlock.
func TestStoreSealedAtRest(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	dir := f.dir("w")
	w, alice, demo, sent, in := payAliceAtRest(t, f, dir)
	if in.Received != atRestAmount || in.Payments[0].Memo != atRestMemo {
		t.Fatalf("alice's entry %+v", in)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	secrets := secretsOf(t, demo, alice, sent.TxID)
	if found := grepDir(t, dir, secrets); len(found) > 0 {
		for what, files := range found {
			t.Errorf("the %s is in %v", what, files)
		}
	}

	// Reopened: locked accounts show their id and name, nothing else.
	w = f.open(dir)
	for _, a := range w.Accounts() {
		if want := (api.Account{ID: a.ID, Name: a.Name, Locked: true}); a != want || a.ID == "" || a.Name == "" {
			t.Errorf("locked account %+v, want its id and name only", a)
		}
	}
	if _, err := w.Balance(ctx, "alice"); !errors.Is(err, ErrLocked) || !strings.Contains(fmt.Sprint(err), "encrypted on disk until it is unlocked") {
		t.Errorf("balance of a locked account: %v, want ErrLocked saying its balance is encrypted until unlocked", err)
	}
	if _, err := w.History("alice", 0, 0); !errors.Is(err, ErrLocked) {
		t.Errorf("history of a locked account: %v, want ErrLocked", err)
	}
	if _, err := w.Unlock("alice", "pw-alice"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	if b := balanceNow(t, w, "alice"); b.Available != atRestAmount {
		t.Fatalf("alice after unlock: %+v", b)
	}
	h, err := w.History("alice", 0, 0)
	if err != nil || len(h) != 1 || h[0].Payments[0].Memo != atRestMemo {
		t.Fatalf("alice's history after unlock: %+v, %v", h, err)
	}

	// Deleted, alice's records go to the trash sealed: the files still
	// show nothing, and the key file beside the export opens it.
	trash, err := w.DeleteAccount("alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if found := grepDir(t, dir, secrets); len(found) > 0 {
		t.Fatalf("after deleting alice the files show %v", found)
	}
	file, err := keystore.ReadFile(filepath.Join(trash, alice.ID+".key"))
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
	export, err := c.open(exportAD(alice.ID), sealed)
	if err != nil || !bytes.Contains(export, []byte(atRestMemo)) {
		t.Fatalf("the trash export does not open with the key file beside it: %v", err)
	}
}

// TestLockedAccountKeepsScanning: an account locked with Lock keeps its
// view key and record key in memory, so it keeps scanning and its balance
// and history stay current and readable; only spending needs an unlock.
func TestLockedAccountKeepsScanning(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	bob, _, err := w.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	if acc, err := w.Lock("bob"); err != nil || !acc.Locked || acc.Address != bob.Address {
		t.Fatalf("lock: %+v, %v", acc, err)
	}
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: bob.Address, Amount: 2_000_000, Memo: "while locked"})
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, w, "bob", func(b api.Balance) bool { return b.Available == 2_000_000 })
	if e := waitStatus(t, w, "bob", sent.TxID, api.StatusConfirmed); e.Payments[0].Memo != "while locked" {
		t.Fatalf("bob's entry %+v", e)
	}
	if _, err := w.Send(ctx, SendRequest{Account: "bob", To: bob.Address, Amount: 1}); !errors.Is(err, ErrLocked) {
		t.Fatalf("send from a locked account: %v", err)
	}
}
