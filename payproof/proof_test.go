package payproof_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/payproof"
)

// roundTrip sends p through its text form, as a user would.
func roundTrip(t *testing.T, p *payproof.Proof) *payproof.Proof {
	t.Helper()
	s := p.String()
	if len(s) != payproof.TextSize || !strings.HasPrefix(s, "stgproof1") {
		t.Fatalf("%d characters, want %d with prefix stgproof1: %s", len(s), payproof.TextSize, s)
	}
	q, err := payproof.Parse(s)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if q.String() != s || !bytes.Equal(q.Bytes(), p.Bytes()) {
		t.Fatal("the text round trip changed the proof")
	}
	return q
}

// TestProveAndVerify proves every output of the fixture, by the payer and
// by its recipient, and checks what verification shows.
func TestProveAndVerify(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	if len(f.tx.Outputs) != 3 {
		t.Fatalf("%d outputs", len(f.tx.Outputs))
	}
	for i, d := range f.built.Outputs {
		index := uint32(i)
		recipient := map[string]*stealth.Keys{"bob": f.bob, "carol": f.carol, "alice": f.alice}
		var keys *stealth.Keys
		for _, k := range recipient {
			if k.Address().Equal(d.To) {
				keys = k
			}
		}
		sender, err := payproof.Create(seeded(10), f.secret(t, f.tx, index), d.To, f.tx, index)
		if err != nil {
			t.Fatalf("output %d: Create: %v", i, err)
		}
		receipt, err := payproof.CreateReceipt(seeded(11), keys.ViewKey(), f.tx, index)
		if err != nil {
			t.Fatalf("output %d: CreateReceipt: %v", i, err)
		}
		for kind, p := range map[stealth.ProofKind]*payproof.Proof{stealth.SenderProof: sender, stealth.ReceiverProof: receipt} {
			res, err := payproof.Verify(roundTrip(t, p), f.tx)
			if err != nil {
				t.Fatalf("output %d, %s proof: %v", i, kind, err)
			}
			want := payproof.Result{Kind: kind, Address: d.To.String(stealth.Dev), Amount: d.Amount, Memo: d.Memo, Data: d.Data}
			if res.Kind != want.Kind || res.Address != want.Address || res.Amount != want.Amount || !bytes.Equal(res.Memo, want.Memo) || res.Data != want.Data {
				t.Errorf("output %d, %s proof: %+v, want %+v", i, kind, *res, want)
			}
			if p.TxID != f.tx.ID() || p.Index != index || p.Network != stealth.Dev || !p.Address.Equal(d.To) {
				t.Errorf("output %d, %s proof: fields %+v", i, kind, *p)
			}
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	at := f.output(t, 0)
	good, err := payproof.Create(seeded(12), f.secret(t, f.tx, at), f.bob.Address(), f.tx, at)
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(p *payproof.Proof)) *payproof.Proof {
		q := *good
		pp := *good.P
		q.P = &pp
		change(&q)
		return &q
	}
	otherOutput := (at + 1) % uint32(len(f.tx.Outputs))
	tests := []struct {
		name    string
		p       *payproof.Proof
		tx      *ledger.Tx
		want    error
		message string
	}{
		{"another transaction", good, f.other, payproof.ErrTxMismatch, "the proof names transaction"},
		{"no transaction", good, nil, payproof.ErrTxMismatch, "no transaction"},
		{"tx id changed", with(func(p *payproof.Proof) { p.TxID[0] ^= 1 }), f.tx, payproof.ErrTxMismatch, "this is"},
		{"another output", with(func(p *payproof.Proof) { p.Index = otherOutput }), f.tx, stealth.ErrProofMismatch, "does not verify"},
		{"output out of range", with(func(p *payproof.Proof) { p.Index = 3 }), f.tx, payproof.ErrInvalid, "names output 3, the transaction has 3"},
		{"another address", with(func(p *payproof.Proof) { p.Address = f.carol.Address() }), f.tx, stealth.ErrProofMismatch, "does not verify"},
		{"another network", with(func(p *payproof.Proof) { p.Network = stealth.Mainnet }), f.tx, payproof.ErrInvalid, "the proof says mainnet, the transaction is for dev"},
		{"kind swapped", with(func(p *payproof.Proof) { p.P.Kind = stealth.ReceiverProof }), f.tx, stealth.ErrProofMismatch, "does not verify"},
		{"S changed", with(func(p *payproof.Proof) { p.P.S[0] ^= 2 }), f.tx, payproof.ErrInvalid, "stealth"},
		{"z changed", with(func(p *payproof.Proof) { p.P.Z[0] ^= 1 }), f.tx, stealth.ErrProofMismatch, "does not verify"},
		{"no stealth proof", with(func(p *payproof.Proof) { p.P = nil }), f.tx, payproof.ErrInvalid, "empty proof"},
		{"no proof", nil, f.tx, payproof.ErrInvalid, "empty proof"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := payproof.Verify(tt.p, tt.tx)
			if !errors.Is(err, tt.want) || res != nil {
				t.Fatalf("Verify = %v, %v; want %v", res, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("error %q does not say %q", err, tt.message)
			}
			if errors.Is(tt.want, stealth.ErrInvalidProof) && !errors.Is(err, payproof.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

// TestTamperedText flips every character of a proof's text and checks that
// no altered text parses and verifies.
func TestTamperedText(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	at := f.output(t, 0)
	p, err := payproof.CreateReceipt(seeded(13), f.bob.ViewKey(), f.tx, at)
	if err != nil {
		t.Fatal(err)
	}
	s := p.String()
	for i := range len(s) {
		for _, c := range []byte{'q', 'z', 'l'} {
			if s[i] == c {
				continue
			}
			alt := s[:i] + string(c) + s[i+1:]
			q, err := payproof.Parse(alt)
			if err == nil {
				_, err = payproof.Verify(q, f.tx)
			}
			if err == nil {
				t.Fatalf("character %d changed to %c: still verifies", i, c)
			}
		}
	}
}

// TestBrokenOutputs builds transactions by hand whose outputs a proof
// cannot vouch for: a commitment to another amount than the sealed one, a
// payload that does not decrypt, an invalid commitment, a public output and
// a tampered sealed amount.
func TestBrokenOutputs(t *testing.T) {
	t.Parallel()
	rnd := seeded(14)
	bob := newKeys(t, rnd)
	lie := uint64(ledger.STG + 1)
	lying, rLying := confidential(t, rnd, bob.Address(), 0, ledger.STG, "", &lie)
	garbled, _ := confidential(t, rnd, bob.Address(), 1, ledger.STG, "", nil)
	garbled.Payload[7] ^= 1
	badCommitment, _ := confidential(t, rnd, bob.Address(), 2, ledger.STG, "", nil)
	badCommitment.Commitment = [32]byte{1}
	conf, _ := confidential(t, rnd, bob.Address(), 3, ledger.STG, "", nil)
	public := &ledger.PublicOutput{Recipient: conf.Recipient, Amount: 5}
	amountTampered, _ := confidential(t, rnd, bob.Address(), 4, ledger.STG, "", nil)
	amountTampered.EncryptedAmount[3] ^= 0x10
	tx := &ledger.Tx{Network: uint8(stealth.Dev), Inputs: []ledger.OutputID{{9}}, Outputs: []ledger.Output{lying, garbled, badCommitment, public, amountTampered}}

	// A payload that does not open leaves the payment standing, without
	// a memo.
	p1, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := payproof.Verify(p1, tx); err != nil || res.Amount != ledger.STG || !res.MemoUnreadable || res.Memo != nil {
		t.Errorf("output with a garbled payload: %+v, %v; want the amount and an unreadable memo", res, err)
	}
	for index, want := range map[uint32]string{
		0: "the encrypted amount does not open the commitment",
		2: "non-canonical commitment",
		4: "the encrypted amount does not open the commitment",
	} {
		p, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, index)
		if err != nil {
			t.Fatal(err)
		}
		res, err := payproof.Verify(p, tx)
		if !errors.Is(err, payproof.ErrBadOutput) || !strings.Contains(err.Error(), want) || res != nil {
			t.Errorf("output %d: %v, %v; want ErrBadOutput saying %q", index, res, err, want)
		}
	}
	// The payer's proof of the lying output fails the same way.
	p0, err := payproof.Create(rnd, rLying, bob.Address(), tx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := payproof.Verify(p0, tx); !errors.Is(err, payproof.ErrBadOutput) {
		t.Errorf("sender proof of a lying output: %v", err)
	}
	if _, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, 3); !errors.Is(err, payproof.ErrNotConfidential) {
		t.Errorf("receipt for a public output: %v", err)
	}
	if _, err := payproof.Create(rnd, rLying, bob.Address(), tx, 3); !errors.Is(err, payproof.ErrNotConfidential) {
		t.Errorf("proof of a public output: %v", err)
	}
	// A proof of output 3 made while it was confidential does not make the
	// public output verify.
	p, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Index = 3
	if _, err := payproof.Verify(p, tx); !errors.Is(err, payproof.ErrNotConfidential) || !strings.Contains(err.Error(), "output 3 is public") {
		t.Errorf("verify at a public output: %v", err)
	}
}

func TestCreateErrors(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	at := f.output(t, 0)
	r := f.secret(t, f.tx, at)
	unknownNet := *f.tx
	unknownNet.Network = 9
	tests := []struct {
		name    string
		err     error
		want    error // nil: any error, checked by message
		message string
	}{
		{"wrong secret", create(f.secret(t, f.tx, at+1), f.bob.Address(), f.tx, at), stealth.ErrSecretMismatch, "output"},
		{"wrong address", create(r, f.carol.Address(), f.tx, at), stealth.ErrWrongRecipient, "does not pay"},
		{"secret of another transaction", create(f.secret(t, f.other, at), f.bob.Address(), f.tx, at), stealth.ErrSecretMismatch, "tx secret"},
		{"index out of range", create(r, f.bob.Address(), f.tx, 3), nil, "has 3 outputs, no output 3"},
		{"no transaction", create(r, f.bob.Address(), nil, at), nil, "no transaction"},
		{"unknown network", create(r, f.bob.Address(), &unknownNet, at), nil, "unknown network 9"},
	}
	for _, tt := range tests {
		if tt.err == nil || (tt.want != nil && !errors.Is(tt.err, tt.want)) || !strings.Contains(tt.err.Error(), tt.message) {
			t.Errorf("%s: %v, want %v saying %q", tt.name, tt.err, tt.want, tt.message)
		}
	}
	if _, err := payproof.CreateReceipt(seeded(1), f.carol.ViewKey(), f.tx, at); !errors.Is(err, stealth.ErrNotOwned) {
		t.Errorf("receipt by a stranger: %v", err)
	}
}

func create(r *ristretto255.Scalar, to stealth.Address, tx *ledger.Tx, index uint32) error {
	_, err := payproof.Create(seeded(1), r, to, tx, index)
	return err
}

// TestJSON checks the text marshalling used by APIs.
func TestJSON(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	at := f.output(t, 1)
	p, err := payproof.CreateReceipt(seeded(15), f.carol.ViewKey(), f.tx, at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]*payproof.Proof{"proof": p})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"proof":"` + p.String() + `"}`; string(b) != want {
		t.Fatalf("JSON %s, want %s", b, want)
	}
	var back map[string]*payproof.Proof
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if res, err := payproof.Verify(back["proof"], f.tx); err != nil || !res.Data || string(res.Memo) != "packet" {
		t.Fatalf("after JSON: %+v, %v", res, err)
	}
	if err := json.Unmarshal([]byte(`{"proof":"stgproof1qqqq"}`), &back); !errors.Is(err, payproof.ErrChecksum) {
		t.Fatalf("bad proof in JSON: %v", err)
	}
}

// TestVerifyWithoutPayload: the amount comes from the output's core (the
// sealed amount and the blinding factor derived from the proof's shared
// secret), so a proof of an output whose payload is not there still shows
// the amount, with no memo.
func TestVerifyWithoutPayload(t *testing.T) {
	t.Parallel()
	rnd := seeded(15)
	bob := newKeys(t, rnd)
	full, r := confidential(t, rnd, bob.Address(), 0, 3*ledger.STG, "invoice 7", nil)
	tx := &ledger.Tx{Network: uint8(stealth.Dev), Inputs: []ledger.OutputID{{9}}, Outputs: []ledger.Output{full.Core()}}
	sender, err := payproof.Create(rnd, r, bob.Address(), tx, 0)
	if err != nil {
		t.Fatal(err)
	}
	receipt, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for kind, p := range map[string]*payproof.Proof{"sender": sender, "receipt": receipt} {
		res, err := payproof.Verify(p, tx)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if res.Amount != 3*ledger.STG || res.Memo != nil || res.Data {
			t.Errorf("%s: %+v, want 3 STG and no memo", kind, *res)
		}
	}
	// With the payload, the same output shows its memo too.
	tx.Outputs[0] = full
	p, err := payproof.CreateReceipt(rnd, bob.ViewKey(), tx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := payproof.Verify(p, tx); err != nil || res.Amount != 3*ledger.STG || string(res.Memo) != "invoice 7" {
		t.Fatalf("with the payload: %v, %v", res, err)
	}
}
