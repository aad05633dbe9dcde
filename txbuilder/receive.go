package txbuilder

import (
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// Received is an output found by a view key.
type Received struct {
	ID     ledger.OutputID
	Output ledger.Output
	Amount uint64
	// Blinding is nil for public and stake outputs.
	Blinding *ristretto255.Scalar
	// Payload is the decrypted payload of a confidential output.
	Payload *payload.Plaintext
	match   *stealth.Match
}

// Receive checks whether out (at position index in its transaction) belongs
// to keys. For a confidential output it decrypts the payload and checks that
// amount and blinding open the commitment; an output whose payload does not
// open or does not match is reported as an error, not silently dropped.
func Receive(keys *stealth.Keys, out ledger.Output, index uint32) (*Received, bool, error) {
	r := out.Owner()
	m, ok := keys.Scan(stealth.Output{TxKey: r.TxKey, OneTimeKey: r.OneTimeKey, ViewTag: r.ViewTag}, index)
	if !ok {
		return nil, false, nil
	}
	rc := &Received{ID: ledger.ID(out), Output: out, match: m}
	switch o := out.(type) {
	case *ledger.ConfidentialOutput:
		ss := m.SharedSecret()
		pt, err := payload.Open(ss.PayloadKeyMaterial(), o.TxKey, o.OneTimeKey, o.Payload[:])
		if err != nil {
			return nil, true, fmt.Errorf("txbuilder: output %s is ours but its payload does not open: %w", rc.ID, err)
		}
		cm, err := pedersen.Decode(o.Commitment[:])
		if err != nil {
			return nil, true, fmt.Errorf("txbuilder: output %s is ours but its commitment is invalid: %w", rc.ID, err)
		}
		if !pedersen.Commit(pt.Amount, &pt.Blinding).Equal(cm) {
			return nil, true, fmt.Errorf("txbuilder: output %s is ours but its payload does not open its commitment", rc.ID)
		}
		rc.Amount, rc.Blinding, rc.Payload = pt.Amount, ristretto255.NewScalar().Set(&pt.Blinding), pt
	case *ledger.PublicOutput:
		rc.Amount = o.Amount
	case *ledger.StakeOutput:
		rc.Amount = o.Amount
	}
	return rc, true, nil
}

// Spendable turns a received output into an Input using the spend key.
func (rc *Received) Spendable(keys *stealth.Keys) (Input, error) {
	sk, err := keys.SpendKey()
	if err != nil {
		return Input{}, err
	}
	priv, err := sk.OneTimeKey(rc.match)
	if err != nil {
		return Input{}, err
	}
	return Input{ID: rc.ID, Output: rc.Output, Key: priv, Amount: rc.Amount, Blinding: rc.Blinding}, nil
}
