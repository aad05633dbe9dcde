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
	// Payload is the decrypted payload of a confidential output; nil if
	// the output came without it (a core, after the retention window) or
	// if it did not open (PayloadErr).
	Payload *payload.Plaintext
	// PayloadErr says why a payload that was there did not open: a broken
	// or hostile sender. The funds are still found and spendable: the core
	// alone opens the commitment.
	PayloadErr error
	match      *stealth.Match
}

// Receive checks whether out (at position index in its transaction) belongs
// to keys. For a confidential output it opens the amount from the core (the
// encrypted amount and the derived blinding factor must open the
// commitment, or it is reported as an error, not silently dropped) and, if
// the output carries its payload, decrypts it.
func Receive(keys *stealth.Keys, out ledger.Output, index uint32) (*Received, bool, error) {
	r := out.Owner()
	m, ok := keys.Scan(stealth.Output{TxKey: r.TxKey, OneTimeKey: r.OneTimeKey, ViewTag: r.ViewTag}, index)
	if !ok {
		return nil, false, nil
	}
	rc := &Received{ID: ledger.ID(out), Output: out, match: m}
	switch o := out.(type) {
	case *ledger.ConfidentialOutput:
		km := m.SharedSecret().PayloadKeyMaterial()
		defer clear(km[:])
		amount := payload.OpenAmount(km, o.TxKey, o.OneTimeKey, o.EncryptedAmount)
		blinding := payload.Blinding(km, o.TxKey, o.OneTimeKey)
		cm, err := pedersen.Decode(o.Commitment[:])
		if err != nil {
			return nil, true, fmt.Errorf("txbuilder: output %s is ours but its commitment is invalid: %w", rc.ID, err)
		}
		if !pedersen.Commit(amount, blinding).Equal(cm) {
			return nil, true, fmt.Errorf("txbuilder: output %s is ours but its encrypted amount does not open its commitment", rc.ID)
		}
		rc.Amount, rc.Blinding = amount, blinding
		if o.Payload != nil {
			rc.Payload, rc.PayloadErr = payload.Open(km, o.TxKey, o.OneTimeKey, o.Payload[:])
			if rc.PayloadErr != nil {
				rc.PayloadErr = fmt.Errorf("txbuilder: output %s: %w", rc.ID, rc.PayloadErr)
			}
		}
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
