package wallet

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/testnode"

	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// rebuilds is how many times TestRebuildNeverRepeatsR rebuilds one payment.
const rebuilds = 1000

// TestRebuildNeverRepeatsR rebuilds one payment from the same inputs, as
// the wallet does when a payment failed and the user sends it again: coin
// selection picks the same inputs, so before every build drew a fresh
// random value the tx secrets repeated, and with probability ½ (the output
// order is random) the payment output got the same R, one-time key and
// payload key. No R may repeat, in any position.
func TestRebuildNeverRepeatsR(t *testing.T) {
	t.Parallel()
	p, err := params.For(params.Dev)
	if err != nil {
		t.Fatal(err)
	}
	m, err := keys.MnemonicFromEntropy(bytes.Repeat([]byte{0x7a}, keys.EntropySize))
	if err != nil {
		t.Fatal(err)
	}
	sec, plain, err := seedSecrets(m)
	if err != nil {
		t.Fatal(err)
	}
	clear(plain)
	a := &account{sec: sec}
	s := &Service{cfg: Config{Rand: rand.Reader, Params: &p}}
	rnd := benchRand(9)
	in, err := benchCoin(rnd, sec.keys, 0, 10*ledger.STG)
	if err != nil {
		t.Fatal(err)
	}
	bob, err := benchKeys(rnd)
	if err != nil {
		t.Fatal(err)
	}
	pay := txbuilder.Payment{To: bob.Address(), Amount: ledger.STG, Memo: []byte("the same payment")}
	payments := []notePayment{{To: pay.To, Amount: pay.Amount, Memo: pay.Memo}}
	n := rebuilds
	if testing.Short() {
		n = 50
	}
	seen := map[[32]byte]int{}
	for i := range n {
		b, err := s.build(a, []txbuilder.Input{in}, []txbuilder.Payment{pay}, payments, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range b.Tx.Outputs {
			r := out.Owner().TxKey
			if j, ok := seen[r]; ok {
				t.Fatalf("build %d repeats R %x of build %d", i, r[:8], j)
			}
			seen[r] = i
		}
	}
}

// saltCheckSource checks, when the wallet broadcasts a payment, that its
// pending record already holds the salt of its tx secrets: a crash after
// the broadcast cannot lose it, and a rebuild draws a new one.
type saltCheckSource struct {
	*nodeSource
	w       *Service
	acct    string
	checked []string
	t       *testing.T
}

func (s *saltCheckSource) Broadcast(ctx context.Context, tx *ledger.Tx) error {
	id := tx.ID()
	txid := hex.EncodeToString(id[:])
	s.w.mu.Lock()
	var h historyRecord
	ok, err := getJSON(s.w.db, historyKey(s.acct, txid), &h)
	s.w.mu.Unlock()
	if err != nil || !ok || h.Status != api.StatusPending || len(h.Salt) != saltSize {
		s.t.Errorf("broadcast of %s before its salt is stored: record %v %v, salt %x", txid, ok, err, h.Salt)
	}
	s.checked = append(s.checked, txid)
	return s.nodeSource.Broadcast(ctx, tx)
}

// TestSaltStoredBeforeBroadcast: a payment's salt is in its pending record
// when it is broadcast, the payment proof is made with it, and an account
// recovered from its phrase reads it from the sender's note and proves
// the payment too.
func TestSaltStoredBeforeBroadcast(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	src := &saltCheckSource{nodeSource: f.src, t: t}
	w, err := Open(Config{Dir: f.dir("w"), Source: src, Params: &f.node.Params, KDF: minKDF, Poll: pollFast})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	demo, err := w.RecoverAccount(ctx, "demo", demoPhrase, "demo")
	if err != nil {
		t.Fatal(err)
	}
	src.w, src.acct = w, demo.ID
	waitSynced(t, w, "demo")
	bob, err := benchKeys(benchRand(3))
	if err != nil {
		t.Fatal(err)
	}
	to := bob.Address().String(w.Network())
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: to, Amount: 1_000_000, Memo: "salted"})
	if err != nil {
		t.Fatal(err)
	}
	if len(src.checked) != 1 || src.checked[0] != sent.TxID {
		t.Fatalf("broadcasts checked %v, want %s", src.checked, sent.TxID)
	}
	waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	for name, wallet := range map[string]*Service{"sender": w, "recovered": f.demo(f.dir("r"))} {
		if name == "recovered" {
			waitStatus(t, wallet, "demo", sent.TxID, api.StatusConfirmed)
		}
		proof, err := wallet.PaymentProof(ctx, "demo", sent.TxID, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		check, err := wallet.VerifyPaymentProof(ctx, proof.Proof)
		if err != nil || !check.Valid || check.Address != to || check.Amount != 1_000_000 || check.Memo != "salted" {
			t.Fatalf("%s: proof check %+v, %v", name, check, err)
		}
	}
}
