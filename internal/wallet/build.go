package wallet

import (
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

// build makes the transaction of one payment with change back to a and the
// sender's note in the change.
func (s *Service) build(a *account, inputs []txbuilder.Input, pay txbuilder.Payment, note []byte, fee uint64) (*builtTx, error) {
	tx, err := txbuilder.Build(s.cfg.Rand, s.cfg.Params, inputs, []txbuilder.Payment{pay}, a.sec.keys.Address(), fee)
	if err != nil {
		return nil, err
	}
	_ = note
	b := &builtTx{Tx: tx, Outputs: []builtOutput{{Index: 0, Amount: pay.Amount}}}
	if len(tx.Outputs) == 2 {
		var have uint64
		for _, in := range inputs {
			have += in.Amount
		}
		b.Outputs = append(b.Outputs, builtOutput{Index: 1, Amount: have - pay.Amount - tx.Fee, Change: true})
	}
	return b, nil
}
