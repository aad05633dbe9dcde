package app

import (
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/ledger"
)

// checkOp checks a transaction's validator operation against the record it
// names, as of the staged state r at height: the record exists and has an
// owner, the nonce is current, the rewards cover the claim, and an unjail
// is allowed now (staking.Unjail's rules). It returns the owner key the
// signature must include, nil for a transaction without an operation.
func (a *App) checkOp(tx *ledger.Tx, r outputReader, height int64) (*[32]byte, error) {
	op := tx.Op
	if op == nil {
		return nil, nil
	}
	v, ok, err := r.Validator(op.Validator)
	if err != nil {
		return nil, fmt.Errorf("app: reading validator %x: %w", op.Validator[:8], err)
	}
	refuse := func(format string, args ...any) (*[32]byte, error) {
		return nil, &ledger.Error{Kind: ledger.KindValidatorOp, Detail: fmt.Sprintf("%s of validator %x: ", op.Kind, op.Validator[:8]) + fmt.Sprintf(format, args...)}
	}
	if !ok || v.Owner == ([32]byte{}) {
		return refuse("no such validator (it has never been staked to)")
	}
	if op.Nonce != v.Nonce {
		return refuse("nonce %d, the record is at %d (already applied, or built on an old record)", op.Nonce, v.Nonce)
	}
	if op.Amount > v.Rewards {
		return refuse("claims %d µSTG, %d µSTG accrued", op.Amount, v.Rewards)
	}
	if op.Kind == ledger.OpUnjail {
		probe := *v
		if err := staking.Unjail(&probe, height, a.params.Staking); err != nil {
			var early *staking.TooEarlyError
			switch {
			case errors.As(err, &early):
				return refuse("jailed at block %d; it may unjail from block %d", v.JailedAt, early.UnjailAt)
			case errors.Is(err, staking.ErrTombstoned):
				return refuse("it double signed and is tombstoned for good")
			case errors.Is(err, staking.ErrNotJailed):
				return refuse("it is not jailed")
			}
			return refuse("%v", err)
		}
	}
	owner := v.Owner
	return &owner, nil
}
