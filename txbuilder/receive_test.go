package txbuilder_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
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
	payloadTampered := mintConfidential(t, rnd, bob.Address(), 0, ledger.STG, "secret", nil)
	payloadTampered.Payload[100] ^= 1
	amountTampered := mintConfidential(t, rnd, bob.Address(), 0, ledger.STG, "", nil)
	amountTampered.EncryptedAmount[0] ^= 1
	// The payload of another of bob's outputs: authentic, but bound to
	// that output's R and P.
	moved := mintConfidential(t, rnd, bob.Address(), 0, 2*ledger.STG, "", nil)
	movedPayload := *good.Payload
	moved.Payload = &movedPayload
	badCommitment := mintConfidential(t, rnd, bob.Address(), 0, ledger.STG, "", nil)
	badCommitment.Commitment = [32]byte{1} // not a valid encoding
	identity := mintConfidential(t, rnd, bob.Address(), 0, 0, "", nil)
	identity.Commitment = [32]byte{} // the identity: amount 0, blinding 0
	zeroOpening := mintConfidential(t, rnd, bob.Address(), 0, 0, "", nil)
	decodedCore, err := ledger.DecodeCore(ledger.EncodeCore(good))
	if err != nil {
		t.Fatal(err)
	}
	public := mintPublic(t, rnd, bob.Address(), 2, 7*ledger.STG)
	tests := []struct {
		name       string
		out        ledger.Output
		index      uint32
		found      bool
		wantErr    error // nil: no error
		amount     uint64
		memo       string // the payload's data, if it opens
		payloadErr error  // Received.PayloadErr; errAny: nil Payload without error (a core)
	}{
		{"confidential", good, 3, true, nil, ledger.STG, "memo", nil},
		{"confidential at another index", good, 2, false, nil, 0, "", nil},
		{"public", public, 2, true, nil, 7 * ledger.STG, "", nil},
		{"someone else's", mintConfidential(t, rnd, carol.Address(), 0, ledger.STG, "", nil), 0, false, nil, 0, "", nil},
		{"commitment of another amount", lying, 0, true, errAny, 0, "", nil},
		{"encrypted amount tampered", amountTampered, 0, true, errAny, 0, "", nil},
		{"commitment not a valid encoding", badCommitment, 0, true, errAny, 0, "", nil},
		{"commitment is the identity", identity, 0, true, errAny, 0, "", nil},
		{"payload tampered: funds found", payloadTampered, 0, true, nil, ledger.STG, "", payload.ErrDecrypt},
		{"payload of another output: funds found", moved, 0, true, nil, 2 * ledger.STG, "", payload.ErrDecrypt},
		{"core without payload (Core)", good.Core(), 3, true, nil, ledger.STG, "", errAny},
		{"core without payload (DecodeCore)", decodedCore, 3, true, nil, ledger.STG, "", errAny},
		{"amount zero", zeroOpening, 0, true, nil, 0, "", nil},
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
			if c, ok := tt.out.(*ledger.ConfidentialOutput); ok {
				if rc.Blinding == nil || !pedersen.Commit(rc.Amount, rc.Blinding).Equal(mustCommitment(t, c)) {
					t.Error("amount and blinding do not open the commitment")
				}
				switch tt.payloadErr {
				case nil:
					if rc.PayloadErr != nil || rc.Payload == nil || string(rc.Payload.Data) != tt.memo {
						t.Errorf("payload %v, error %v; want memo %q", rc.Payload, rc.PayloadErr, tt.memo)
					}
				case errAny: // no payload to open
					if rc.Payload != nil || rc.PayloadErr != nil {
						t.Errorf("a core gave payload %v, error %v", rc.Payload, rc.PayloadErr)
					}
				default:
					if rc.Payload != nil || !errors.Is(rc.PayloadErr, tt.payloadErr) || !strings.Contains(rc.PayloadErr.Error(), rc.ID.String()) {
						t.Errorf("payload %v, error %v; want %v naming the output", rc.Payload, rc.PayloadErr, tt.payloadErr)
					}
				}
			} else if rc.Blinding != nil || rc.Payload != nil || rc.PayloadErr != nil {
				t.Error("blinding or payload set for a public output")
			}
			if _, err := rc.Spendable(bob); err != nil {
				t.Errorf("Spendable: %v", err)
			}
		})
	}
}

// errAny marks a case that must fail, whatever the error.
var errAny = errors.New("any error")

// mustCommitment decodes o's commitment.
func mustCommitment(tb testing.TB, o *ledger.ConfidentialOutput) *pedersen.Commitment {
	tb.Helper()
	c, err := pedersen.Decode(o.Commitment[:])
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestSpendWithoutPayload: funds whose payload is broken, and funds known
// only by their core (a wallet restored after the retention window), are
// spent like any other, and the node checks the spend against the cores.
func TestSpendWithoutPayload(t *testing.T) {
	t.Parallel()
	rnd := seeded(12)
	p := devParams(t)
	alice, bob := newKeys(t, rnd), newKeys(t, rnd)
	broken := mintConfidential(t, rnd, alice.Address(), 0, 3*ledger.STG, "", nil)
	broken.Payload[0] ^= 0xff
	pruned := mintConfidential(t, rnd, alice.Address(), 1, 2*ledger.STG, "old memo", nil).Core()
	var ins []txbuilder.Input
	for i, o := range []*ledger.ConfidentialOutput{broken, pruned} {
		rc, ok, err := txbuilder.Receive(alice, o, uint32(i))
		if err != nil || !ok {
			t.Fatalf("output %d: found %v, %v", i, ok, err)
		}
		in, err := rc.Spendable(alice)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	tx, err := txbuilder.Build(rnd, p, ins, []txbuilder.Payment{{To: bob.Address(), Amount: 4 * ledger.STG, Memo: []byte("from the restored wallet")}}, alice.Address(), 0)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, tx, ins)
	found := scan(t, bob, tx)
	if len(found) != 1 {
		t.Fatalf("bob found %d outputs", len(found))
	}
	for _, rc := range found {
		if rc.Amount != 4*ledger.STG || rc.PayloadErr != nil || string(rc.Payload.Data) != "from the restored wallet" {
			t.Fatalf("bob received %d µSTG, payload error %v", rc.Amount, rc.PayloadErr)
		}
	}
}

// TestNewConfidential checks the output NewConfidential makes against the
// derivations of package payload: the commitment opens with the returned
// blinding factor, which is the derived one; the sealed amount opens to the
// amount; the payload opens to the plaintext.
func TestNewConfidential(t *testing.T) {
	t.Parallel()
	rnd := seeded(13)
	bob := newKeys(t, rnd)
	for i, amount := range []uint64{0, 1, ledger.STG, 1<<64 - 1} {
		so, ss, err := stealth.NewOutput(rnd, bob.Address(), uint32(i))
		if err != nil {
			t.Fatal(err)
		}
		pt := &payload.Plaintext{Type: payload.TypeData, Data: []byte("packet")}
		out, r, err := txbuilder.NewConfidential(so, ss, amount, pt)
		if err != nil {
			t.Fatal(err)
		}
		km := ss.PayloadKeyMaterial()
		if out.OneTimeKey != so.OneTimeKey || out.TxKey != so.TxKey || out.ViewTag != so.ViewTag {
			t.Fatalf("amount %d: recipient fields differ from the stealth output", amount)
		}
		if r.Equal(payload.Blinding(km, so.TxKey, so.OneTimeKey)) != 1 {
			t.Fatalf("amount %d: the blinding factor is not the derived one", amount)
		}
		if !pedersen.Commit(amount, r).Equal(mustCommitment(t, out)) {
			t.Fatalf("amount %d: the commitment does not open", amount)
		}
		if got := payload.OpenAmount(km, so.TxKey, so.OneTimeKey, out.EncryptedAmount); got != amount {
			t.Fatalf("sealed amount opens to %d, want %d", got, amount)
		}
		if out.Payload == nil {
			t.Fatal("no payload")
		}
		got, err := payload.Open(km, so.TxKey, so.OneTimeKey, out.Payload[:])
		if err != nil || got.Type != payload.TypeData || string(got.Data) != "packet" {
			t.Fatalf("payload opens to %v, %v", got, err)
		}
		// The same inputs give the same output: nothing else is random.
		again, _, err := txbuilder.NewConfidential(so, ss, amount, pt)
		if err != nil || ledger.ID(again) != ledger.ID(out) {
			t.Fatalf("NewConfidential is not deterministic: %v", err)
		}
		if string(pt.Data) != "packet" || pt.Type != payload.TypeData {
			t.Fatal("NewConfidential changed the plaintext")
		}
	}
	so, ss, err := stealth.NewOutput(rnd, bob.Address(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := txbuilder.NewConfidential(so, ss, 1, &payload.Plaintext{Type: payload.TypePayment, Data: make([]byte, payload.MaxDataSize+1)}); !errors.Is(err, payload.ErrDataTooLong) {
		t.Errorf("memo too long: %v, want ErrDataTooLong", err)
	}
	if _, _, err := txbuilder.NewConfidential(so, ss, 1, &payload.Plaintext{Type: 7}); !errors.Is(err, payload.ErrUnknownType) {
		t.Errorf("reserved type: %v, want ErrUnknownType", err)
	}
}
