package wallet

import (
	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// builtTx is a transaction and what each of its outputs is.
type builtTx struct {
	Tx      *ledger.Tx
	Outputs []builtOutput
}

type builtOutput struct {
	Index  uint32
	Amount uint64
	Change bool
}

// build makes the transaction of one payment with change back to a, the
// sender's note in the change, outputs in random order, and tx secrets
// derived from the spend key so the payment can be proven later
// (txbuilder.TxSecret). Each build spends inputs no earlier transaction
// spent, except a rebuild after a failure, which pays a fresh one-time key
// only if the payment or position differ; see txbuilder.TxSecret.
func (s *Service) build(a *account, inputs []txbuilder.Input, pay txbuilder.Payment, note []byte, fee uint64) (*builtTx, error) {
	sk, err := a.sec.keys.SpendKey()
	if err != nil {
		return nil, err
	}
	ids := make([]ledger.OutputID, len(inputs))
	for i, in := range inputs {
		ids[i] = in.ID
	}
	b, err := txbuilder.BuildWith(s.cfg.Rand, s.cfg.Params, inputs, []txbuilder.Payment{pay}, a.sec.keys.Address(), txbuilder.Options{
		Fee:        fee,
		TxSecret:   func(i uint32) *ristretto255.Scalar { return txbuilder.TxSecret(sk, ids, i) },
		ChangeMemo: note,
	})
	if err != nil {
		return nil, err
	}
	out := &builtTx{Tx: b.Tx}
	for i, o := range b.Outputs {
		out.Outputs = append(out.Outputs, builtOutput{Index: uint32(i), Amount: o.Amount, Change: o.Change})
	}
	return out, nil
}
