package txbuilder

import (
	"errors"
	"fmt"
	"io"
	"math/bits"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// ErrInsufficientFunds is returned when the inputs do not cover the
// payments and the fee.
var ErrInsufficientFunds = errors.New("txbuilder: insufficient funds")

// Input is an output the wallet owns and spends.
type Input struct {
	ID     ledger.OutputID
	Output ledger.Output
	// Key is the output's one-time private key (stealth.SpendKey.OneTimeKey).
	Key *schnorr.PrivateKey
	// Amount and Blinding open the output's commitment; Blinding is zero
	// for public and stake outputs.
	Amount   uint64
	Blinding *ristretto255.Scalar
}

// Payment is one confidential output to create.
type Payment struct {
	To     stealth.Address
	Amount uint64
	// Memo is the payload's data (a memo for a payment, a packet for data),
	// at most payload.MaxDataSize bytes.
	Memo []byte
	// Data marks a data-bus packet instead of a payment; its shape on chain
	// is the same.
	Data bool
}

// Size returns the encoded size of a transaction with nIn inputs and nOut
// confidential outputs.
func Size(nIn, nOut int) int {
	proof := 0
	if nOut > 0 {
		proof = bulletproofs.ProofSize(nOut)
	}
	return 1 + 1 + 2 + 32*nIn + 2 + nOut*(1+32+32+1+32+payload.Size) + 8 + 32 + 4 + proof + 64
}

// MinFee returns the minimum fee of a transaction with nIn inputs and nOut
// confidential outputs under p.
func MinFee(p *params.Params, nIn, nOut int) uint64 {
	return p.MinFee(nOut, Size(nIn, nOut))
}

// Build returns a signed transaction spending inputs to payments, with the
// remainder (if any) paid to change, and the minimum fee unless fee is
// larger. Randomness comes from rand (crypto/rand.Reader).
//
// A change output is added when the remainder exceeds its cost (the minimum
// fee of one more output). A smaller remainder, too little to pay for its
// own output, is added to the fee, so the fee is then larger than the
// minimum by less than the cost of an output and the transaction still
// balances. With ledger.MaxOutputs payments there is no room for change: a
// remainder that could pay for it is an error rather than burned.
// ErrInsufficientFunds (wrapped, with the amounts) means the inputs do not
// cover the payments and the minimum fee.
func Build(rand io.Reader, p *params.Params, inputs []Input, payments []Payment, change stealth.Address, fee uint64) (*ledger.Tx, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("txbuilder: no inputs")
	}
	if len(payments) == 0 {
		return nil, fmt.Errorf("txbuilder: no payments")
	}
	if len(inputs) > ledger.MaxInputs {
		return nil, fmt.Errorf("txbuilder: %d inputs, max %d", len(inputs), ledger.MaxInputs)
	}
	if len(payments) > ledger.MaxOutputs {
		return nil, fmt.Errorf("txbuilder: %d payments, max %d outputs", len(payments), ledger.MaxOutputs)
	}
	var have, want uint64
	for i, in := range inputs {
		var carry uint64
		if have, carry = bits.Add64(have, in.Amount, 0); carry != 0 {
			return nil, fmt.Errorf("txbuilder: input %d overflows the total", i)
		}
	}
	for i, pay := range payments {
		var carry uint64
		if want, carry = bits.Add64(want, pay.Amount, 0); carry != 0 {
			return nil, fmt.Errorf("txbuilder: payment %d overflows the total", i)
		}
	}
	n := len(payments)
	minNoChange := max(fee, MinFee(p, len(inputs), n))
	need, carry := bits.Add64(want, minNoChange, 0)
	if carry != 0 {
		return nil, fmt.Errorf("%w: payments of %d µSTG plus a fee of %d µSTG exceed any amount", ErrInsufficientFunds, want, minNoChange)
	}
	if need > have {
		return nil, fmt.Errorf("%w: have %d µSTG, need %d µSTG (payments %d + fee %d)", ErrInsufficientFunds, have, need, want, minNoChange)
	}
	outs := append([]Payment(nil), payments...)
	minChange := max(fee, MinFee(p, len(inputs), n+1))
	needChange, carry := bits.Add64(want, minChange, 0)
	switch {
	case carry != 0 || needChange >= have:
		// No change output: the remainder (less than an output costs) is fee.
		fee = have - want
	case n == ledger.MaxOutputs:
		return nil, fmt.Errorf("txbuilder: %d payments leave no room for a change output of %d µSTG", n, have-needChange)
	default:
		outs = append(outs, Payment{To: change, Amount: have - needChange})
		fee = minChange
	}
	return build(rand, p, inputs, outs, fee)
}

func build(rand io.Reader, p *params.Params, inputs []Input, outs []Payment, fee uint64) (*ledger.Tx, error) {
	tx := &ledger.Tx{Network: uint8(p.Network), Fee: fee}
	gamma := ristretto255.NewScalar()
	for _, in := range inputs {
		tx.Inputs = append(tx.Inputs, in.ID)
		if in.Blinding != nil {
			gamma.Add(gamma, in.Blinding)
		}
	}
	values := make([]uint64, len(outs))
	blindings := make([]*ristretto255.Scalar, len(outs))
	for i, pay := range outs {
		r, err := pedersen.RandomBlinding(rand)
		if err != nil {
			return nil, err
		}
		values[i], blindings[i] = pay.Amount, r
		gamma.Subtract(gamma, r)
		so, ss, err := stealth.NewOutput(rand, pay.To, uint32(i))
		if err != nil {
			return nil, fmt.Errorf("txbuilder: output %d: %w", i, err)
		}
		pt := &payload.Plaintext{Type: payload.TypePayment, Amount: pay.Amount, Data: pay.Memo}
		if pay.Data {
			pt.Type = payload.TypeData
		}
		pt.Blinding.Set(r)
		ct, err := payload.Seal(ss.PayloadKeyMaterial(), so.TxKey, so.OneTimeKey, pt)
		if err != nil {
			return nil, fmt.Errorf("txbuilder: output %d payload: %w", i, err)
		}
		out := &ledger.ConfidentialOutput{
			Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag},
			Payload:   ct,
		}
		copy(out.Commitment[:], pedersen.Commit(pay.Amount, r).Bytes())
		tx.Outputs = append(tx.Outputs, out)
	}
	proof, _, err := bulletproofs.Prove(rand, values, blindings, nil)
	if err != nil {
		return nil, fmt.Errorf("txbuilder: range proof: %w", err)
	}
	tx.RangeProof = proof.Bytes()
	copy(tx.Gamma[:], gamma.Bytes())
	if err := Sign(rand, p.ChainID, tx, inputs); err != nil {
		return nil, err
	}
	return tx, nil
}

// Sign fills tx.Signature with a signature by the MuSig aggregate of the
// inputs' one-time keys, in input order.
func Sign(rand io.Reader, chainID string, tx *ledger.Tx, inputs []Input) error {
	keys := make([]*schnorr.PrivateKey, len(inputs))
	for i, in := range inputs {
		if in.Key == nil {
			return fmt.Errorf("txbuilder: input %d has no key", i)
		}
		keys[i] = in.Key
	}
	msg := tx.SigHash(chainID)
	agg, err := schnorr.AggregatePrivateKey(keys)
	if err != nil {
		return fmt.Errorf("txbuilder: aggregating input keys: %w", err)
	}
	sig, err := schnorr.Sign(rand, agg, msg[:])
	if err != nil {
		return fmt.Errorf("txbuilder: signing: %w", err)
	}
	copy(tx.Signature[:], sig.Bytes())
	return nil
}
