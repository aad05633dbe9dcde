package txbuilder_test

import (
	"errors"
	"io"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestViewOnly checks that view-only keys find and read their outputs but
// cannot make inputs of them.
func TestViewOnly(t *testing.T) {
	t.Parallel()
	rnd := seeded(10)
	p := devParams(t)
	view, spend := scalars(t, rnd)
	bob, err := stealth.NewKeys(view, spend)
	if err != nil {
		t.Fatal(err)
	}
	sk, _ := bob.SpendKey()
	watcher, err := stealth.NewViewOnly(view, sk.Public().Element())
	if err != nil {
		t.Fatal(err)
	}
	alice := newKeys(t, rnd)
	ins := coins(t, rnd, alice, 3*ledger.STG)
	b, err := txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG, Memo: []byte("for your eyes")}}, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at, _ := b.OutputOf(0)
	found := scan(t, watcher, b.Tx)
	got := found[int(at)]
	if len(found) != 1 || got == nil || got.Amount != ledger.STG || string(got.Payload.Data) != "for your eyes" {
		t.Fatalf("view-only keys found %v, want %d", keysOf(found), at)
	}
	if _, err := got.Spendable(watcher); !errors.Is(err, stealth.ErrViewOnly) {
		t.Fatalf("Spendable with view-only keys: %v, want ErrViewOnly", err)
	}
	// The full keys spend what the watcher found.
	if _, err := got.Spendable(bob); err != nil {
		t.Fatal(err)
	}
	// Other keys cannot.
	if _, err := got.Spendable(alice); !errors.Is(err, stealth.ErrNotOwned) {
		t.Fatalf("Spendable with another wallet's keys: %v, want ErrNotOwned", err)
	}
}

func TestReceive(t *testing.T) {
	t.Parallel()
	rnd := seeded(11)
	bob, carol := newKeys(t, rnd), newKeys(t, rnd)
	lie := uint64(ledger.STG + 1)
	good := mintConfidential(t, rnd, bob.Address(), 3, ledger.STG, "memo", nil)
	lying := mintConfidential(t, rnd, bob.Address(), 0, ledger.STG, "", &lie)
	tampered := mintConfidential(t, rnd, bob.Address(), 0, ledger.STG, "", nil)
	tampered.Payload[100] ^= 1
	// A payload of amount 0 and blinding 0 opens only the identity; an
	// invalid commitment encoding must not pass for it.
	badCommitment := zeroBlinding(t, rnd, bob.Address())
	badCommitment.Commitment = [32]byte{1}
	zeroOpening := mintConfidential(t, rnd, bob.Address(), 0, 0, "", nil)
	public := mintPublic(t, rnd, bob.Address(), 2, 7*ledger.STG)
	tests := []struct {
		name    string
		out     ledger.Output
		index   uint32
		found   bool
		wantErr error // nil: no error
		amount  uint64
	}{
		{"confidential", good, 3, true, nil, ledger.STG},
		{"confidential at another index", good, 2, false, nil, 0},
		{"public", public, 2, true, nil, 7 * ledger.STG},
		{"someone else's", mintConfidential(t, rnd, carol.Address(), 0, ledger.STG, "", nil), 0, false, nil, 0},
		{"payload does not open the commitment", lying, 0, true, errAny, 0},
		{"payload tampered", tampered, 0, true, payload.ErrDecrypt, 0},
		{"commitment not a valid encoding", badCommitment, 0, true, errAny, 0},
		{"amount zero", zeroOpening, 0, true, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, ok, err := txbuilder.Receive(bob, tt.out, tt.index)
			if ok != tt.found {
				t.Fatalf("found = %v, want %v (err %v)", ok, tt.found, err)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != nil && err == nil:
				t.Fatalf("no error, received %d µSTG", rc.Amount)
			case tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if rc != nil {
					t.Error("a Received with an error")
				}
				return
			}
			if !ok {
				if rc != nil {
					t.Error("a Received for an output not ours")
				}
				return
			}
			if rc.Amount != tt.amount || rc.ID != ledger.ID(tt.out) {
				t.Errorf("amount %d, want %d", rc.Amount, tt.amount)
			}
			if _, public := tt.out.(*ledger.PublicOutput); public != (rc.Blinding == nil) || public != (rc.Payload == nil) {
				t.Errorf("blinding/payload set for a public output, or missing for a confidential one")
			}
			if _, err := rc.Spendable(bob); err != nil {
				t.Errorf("Spendable: %v", err)
			}
		})
	}
}

// errAny marks a case that must fail, whatever the error.
var errAny = errors.New("any error")

// zeroBlinding returns an output to to at index 0 whose payload says amount
// 0 and blinding 0, with the identity as its commitment.
func zeroBlinding(t *testing.T, rnd io.Reader, to stealth.Address) *ledger.ConfidentialOutput {
	so, ss, err := stealth.NewOutput(rnd, to, 0)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := payload.Seal(ss.PayloadKeyMaterial(), so.TxKey, so.OneTimeKey, &payload.Plaintext{Type: payload.TypePayment})
	if err != nil {
		t.Fatal(err)
	}
	return &ledger.ConfidentialOutput{
		Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag},
		Payload:   ct,
	}
}
