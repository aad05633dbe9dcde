package wallet

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// builtTx is a transaction, what each of its outputs is, and the salt of
// its tx secrets.
type builtTx struct {
	Tx      *ledger.Tx
	Outputs []builtOutput
	Salt    []byte
}

type builtOutput struct {
	Index  uint32
	Amount uint64
	Change bool
	// Data marks a data output (SendData).
	Data bool
}

// saltSize is the size of the random salt of a build's tx secrets.
const saltSize = 32

// tagTxSecretSalted is the purpose under which txSecret derives the tx
// secrets of a salted build from the spend key.
const tagTxSecretSalted = "stegos/v1/wallet/txsecret-salted"

// txSecret returns the tx secret r of the output at position index of a
// transaction spending inputs:
//
//	r = spend.DeriveScalar("stegos/v1/wallet/txsecret-salted", id_1, ..., id_n, index, salt)
//
// with index as 4 little-endian bytes and salt the 32 random bytes drawn
// for the build. Without a salt (a transaction built before salts) it is
// txbuilder.TxSecret. Deriving from the spend key as well as the salt
// keeps r secret even if the random source were weak, and lets the wallet
// recompute r later, to prove a payment, from the salt it stored with the
// transaction (or read from the sender's note after a recovery).
func txSecret(spend *stealth.SpendKey, inputs []ledger.OutputID, index uint32, salt []byte) *ristretto255.Scalar {
	if len(salt) == 0 {
		return txbuilder.TxSecret(spend, inputs, index)
	}
	parts := make([][]byte, 0, len(inputs)+2)
	for i := range inputs {
		parts = append(parts, inputs[i][:])
	}
	parts = append(parts, binary.LittleEndian.AppendUint32(nil, index), salt)
	return spend.DeriveScalar(tagTxSecretSalted, parts...)
}

// newSalt draws the salt of one build.
func newSalt(rand io.Reader) ([]byte, error) {
	salt := make([]byte, saltSize)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, fmt.Errorf("wallet: reading randomness: %w", err)
	}
	return salt, nil
}

// build makes the transaction of payments pays with change back to a, the
// sender's note (the payments and the salt) in the change, and outputs in
// random order. Its tx secrets are derived from the spend key, the inputs
// and a salt drawn afresh for every build (txSecret): a payment rebuilt
// from the same inputs after a failure gets new secrets, so no R, one-time
// key or payload key repeats. The caller stores the salt with the pending
// transaction before broadcasting it, so the payment can be proven later.
func (s *Service) build(a *account, inputs []txbuilder.Input, pays []txbuilder.Payment, payments []notePayment, fee uint64) (*builtTx, error) {
	sk, err := a.sec.keys.SpendKey()
	if err != nil {
		return nil, err
	}
	salt, err := newSalt(s.cfg.Rand)
	if err != nil {
		return nil, err
	}
	ids := make([]ledger.OutputID, len(inputs))
	for i, in := range inputs {
		ids[i] = in.ID
	}
	b, err := txbuilder.BuildWith(s.cfg.Rand, s.cfg.Params, inputs, pays, a.sec.keys.Address(), txbuilder.Options{
		Fee:        fee,
		TxSecret:   func(i uint32) *ristretto255.Scalar { return txSecret(sk, ids, i, salt) },
		ChangeMemo: encodeNote(note{Salt: salt, Payments: payments}),
	})
	if err != nil {
		return nil, err
	}
	out := &builtTx{Tx: b.Tx, Salt: salt}
	for i, o := range b.Outputs {
		out.Outputs = append(out.Outputs, builtOutput{Index: uint32(i), Amount: o.Amount, Change: o.Change, Data: o.Data})
	}
	return out, nil
}
