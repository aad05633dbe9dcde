package genesis

import (
	"encoding/hex"
	"fmt"
	"io"
	"math/bits"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// Allocation pays Amount to To at genesis, split into Outputs outputs of
// equal size (the last takes the remainder), so a wallet can spend several
// in parallel.
type Allocation struct {
	To      stealth.Address
	Amount  uint64
	Outputs int
	Memo    string
	// Stake, if set, makes the allocation one stake output bonded to a
	// genesis validator instead of confidential outputs.
	Stake *StakeSpec
}

// StakeSpec names the validator a genesis stake is bonded to.
type StakeSpec struct {
	// Validator is the ed25519 consensus public key.
	Validator [32]byte
	// VRFKey is the validator's ECVRF public key (node.LoadProposerKeys).
	VRFKey [32]byte
	// Token makes the stake register the validator (ADR 0016), as the
	// first stake of every validator must: genesis passes the checks a
	// block passes (app.CheckGenesisStakes). ValidatorStakeSpec fills it
	// from a node's home. Its keys must be Validator and VRFKey.
	Token *txbuilder.ValidatorToken
}

// Build returns the app_state for allocs.
func Build(rand io.Reader, allocs []Allocation) (*app.Genesis, error) {
	g := &app.Genesis{}
	gamma := ristretto255.NewScalar()
	index := uint32(0)
	for ai, a := range allocs {
		if a.Stake != nil {
			so, _, err := stealth.NewOutput(rand, a.To, index)
			if err != nil {
				return nil, fmt.Errorf("genesis: allocation %d: %w", ai, err)
			}
			out := &ledger.StakeOutput{
				Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag},
				Amount:    a.Amount, Validator: a.Stake.Validator, VRFKey: a.Stake.VRFKey,
			}
			if tok := a.Stake.Token; tok != nil {
				if tok.Validator != out.Validator || tok.VRFKey != out.VRFKey {
					return nil, fmt.Errorf("genesis: allocation %d: the token is for validator %x, the stake for %x", ai, tok.Validator[:8], out.Validator[:8])
				}
				// The output's one-time key, the demo account's, becomes
				// the validator's owner.
				if out.Registration, err = tok.Register(rand, out.OneTimeKey); err != nil {
					return nil, fmt.Errorf("genesis: allocation %d: %w", ai, err)
				}
			}
			g.Outputs = append(g.Outputs, hex.EncodeToString(ledger.EncodeOutput(out)))
			g.RangeProofs = append(g.RangeProofs, "")
			index++
			var carry uint64
			if g.Supply, carry = bits.Add64(g.Supply, a.Amount, 0); carry != 0 {
				return nil, fmt.Errorf("genesis: supply overflows at allocation %d", ai)
			}
			continue
		}
		n := max(a.Outputs, 1)
		if a.Amount < uint64(n) {
			return nil, fmt.Errorf("genesis: allocation %d: %d µSTG cannot fill %d outputs", ai, a.Amount, n)
		}
		each := a.Amount / uint64(n)
		for k := 0; k < n; k++ {
			amount := each
			if k == n-1 {
				amount = a.Amount - each*uint64(n-1)
			}
			out, r, err := confidential(rand, a.To, index, amount, a.Memo)
			if err != nil {
				return nil, fmt.Errorf("genesis: allocation %d: %w", ai, err)
			}
			gamma.Add(gamma, r)
			proof, err := app.ProveGenesisOutput(rand, index, amount, r)
			if err != nil {
				return nil, fmt.Errorf("genesis: allocation %d: %w", ai, err)
			}
			g.Outputs = append(g.Outputs, hex.EncodeToString(ledger.EncodeOutput(out)))
			g.RangeProofs = append(g.RangeProofs, proof)
			index++
		}
		var carry uint64
		if g.Supply, carry = bits.Add64(g.Supply, a.Amount, 0); carry != 0 {
			return nil, fmt.Errorf("genesis: supply overflows at allocation %d", ai)
		}
	}
	g.Gamma = hex.EncodeToString(gamma.Bytes())
	return g, nil
}

func confidential(rand io.Reader, to stealth.Address, index uint32, amount uint64, memo string) (*ledger.ConfidentialOutput, *ristretto255.Scalar, error) {
	so, ss, err := stealth.NewOutput(rand, to, index)
	if err != nil {
		return nil, nil, err
	}
	return txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment, Data: []byte(memo)})
}
