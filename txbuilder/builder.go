package txbuilder

import (
	"errors"
	"fmt"
	"io"
	"math/bits"
	mrand "math/rand/v2"

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
	// Stake, if set, makes the output a stake output (a visible amount,
	// no payload) bonding Amount to a validator; To is the owner (the
	// wallet's own address). Memo and Data must be empty.
	Stake *StakeTarget
}

// StakeTarget is the validator a stake output bonds to.
type StakeTarget struct {
	// Validator is the validator's ed25519 consensus public key.
	Validator [32]byte
	// VRFKey is its ECVRF public key (a validator's first stake registers
	// it; later stakes must carry the same).
	VRFKey [32]byte
	// Token, for a validator's first stake, makes the output register the
	// validator (ledger.Registration): its keys must be Validator and
	// VRFKey. A transaction registers at most one validator.
	Token *ValidatorToken
}

// Encoded sizes of the outputs of each kind, tag included.
const (
	confidentialOutputSize = 1 + 32 + 32 + 1 + 32 + payload.AmountSize + payload.Size
	publicOutputSize       = 1 + 32 + 32 + 1 + 8
	stakeOutputSize        = publicOutputSize + 32 + 32
)

// Shape counts what a transaction's size depends on: its inputs, its
// outputs by kind, and whether it carries a validator operation.
type Shape struct {
	Inputs       int
	Confidential int // confidential outputs (payments, data, change)
	Public       int
	Stakes       int // stake outputs without a registration
	// Registrations are stake outputs that register their validator
	// (ledger.StakeRegistrationSize bytes).
	Registrations int
	Op            bool
}

// Outputs returns the number of outputs.
func (s Shape) Outputs() int { return s.Confidential + s.Public + s.Stakes + s.Registrations }

// Size returns the encoded size of a transaction of shape s.
func (s Shape) Size() int {
	proof := 0
	if s.Confidential > 0 {
		proof = bulletproofs.ProofSize(s.Confidential)
	}
	n := 1 + 1 + 2 + 32*s.Inputs + 2 +
		s.Confidential*confidentialOutputSize + s.Public*publicOutputSize +
		s.Stakes*stakeOutputSize + s.Registrations*ledger.StakeRegistrationSize +
		8 + 32 + 4 + proof + 64
	if s.Op {
		n += ledger.OpSize
	}
	return n
}

// MinFee returns the minimum fee under p of a transaction of shape s.
func (s Shape) MinFee(p *params.Params) uint64 { return p.MinFee(s.Outputs(), s.Size()) }

// Size returns the encoded size of a transaction with nIn inputs and nOut
// confidential outputs (Shape.Size for other outputs).
func Size(nIn, nOut int) int { return Shape{Inputs: nIn, Confidential: nOut}.Size() }

// MinFee returns the minimum fee of a transaction with nIn inputs and nOut
// confidential outputs under p.
func MinFee(p *params.Params, nIn, nOut int) uint64 {
	return Shape{Inputs: nIn, Confidential: nOut}.MinFee(p)
}

// OpMinFee is MinFee for a transaction that also carries a validator
// operation (ledger.OpSize more bytes).
func OpMinFee(p *params.Params, nIn, nOut int) uint64 {
	return Shape{Inputs: nIn, Confidential: nOut, Op: true}.MinFee(p)
}

// shapeOf returns the shape of a transaction spending nIn inputs to
// payments, with a confidential change output if change is set.
func shapeOf(nIn int, payments []Payment, change, op bool) Shape {
	s := Shape{Inputs: nIn, Op: op}
	for _, pay := range payments {
		switch {
		case pay.Stake == nil:
			s.Confidential++
		case pay.Stake.Token != nil:
			s.Registrations++
		default:
			s.Stakes++
		}
	}
	if change {
		s.Confidential++
	}
	return s
}

// Options are the settings of BuildWith. The zero value builds with the
// minimum fee and random tx secrets.
type Options struct {
	// Fee is the fee to pay if it is above the minimum; 0 means the minimum.
	Fee uint64
	// TxSecret, if not nil, returns the tx secret r (stealth
	// NewOutputWithSecret) of the output at position index of the
	// transaction, its final position after shuffling; if nil, every r is
	// random. Derive the secrets with TxSecret, so that the wallet can
	// recompute them and prove its payments later (package payproof). It
	// must return a secret, non-zero scalar, different for every index; a
	// nil or zero one fails the build with stealth.ErrZeroSecret.
	TxSecret func(index uint32) *ristretto255.Scalar
	// ChangeMemo is the payload data of the change output (at most
	// payload.MaxDataSize bytes): a wallet keeps its own record of the
	// payments there, readable only by itself.
	ChangeMemo []byte
	// Op, if set, is a validator operation: its Amount of rewards is
	// spent like an input, and OpKey, the validator's owner key, signs
	// with the inputs. A transaction with an operation needs no inputs.
	Op    *ledger.ValidatorOp
	OpKey *schnorr.PrivateKey
}

// BuiltOutput describes one output of a built transaction.
type BuiltOutput struct {
	// Change reports whether the output is the change.
	Change bool
	// Payment is the position in BuildWith's payments of the payment the
	// output makes, or -1 for the change.
	Payment int
	// To is the recipient: the payment's address or the change address.
	To     stealth.Address
	Amount uint64
	// Memo is the payment's memo or data packet (nil for the change), and
	// Data whether it is a data packet.
	Memo []byte
	Data bool
	// Stake is the validator of a stake output, nil otherwise.
	Stake *StakeTarget
}

// Built is a transaction together with what only its builder knows about
// its outputs.
type Built struct {
	Tx *ledger.Tx
	// Outputs describes Tx.Outputs, position by position.
	Outputs []BuiltOutput
}

// OutputOf returns the position in the transaction of the output that
// makes payment payment (an index into BuildWith's payments).
func (b *Built) OutputOf(payment int) (index uint32, ok bool) {
	for i, o := range b.Outputs {
		if !o.Change && o.Payment == payment {
			return uint32(i), true
		}
	}
	return 0, false
}

// ChangeOutput returns the position of the change output, if there is one.
func (b *Built) ChangeOutput() (index uint32, ok bool) {
	for i, o := range b.Outputs {
		if o.Change {
			return uint32(i), true
		}
	}
	return 0, false
}

// Build is BuildWith with Options{Fee: fee}, returning the transaction.
func Build(rand io.Reader, p *params.Params, inputs []Input, payments []Payment, change stealth.Address, fee uint64) (*ledger.Tx, error) {
	b, err := BuildWith(rand, p, inputs, payments, change, Options{Fee: fee})
	if err != nil {
		return nil, err
	}
	return b.Tx, nil
}

// BuildWith returns a signed transaction spending inputs to payments, with
// the remainder (if any) paid to change, and the minimum fee unless
// opts.Fee is larger, together with a description of every output.
// Randomness comes from rand (crypto/rand.Reader).
//
// A change output is added when the remainder exceeds its cost (the minimum
// fee of one more output). A smaller remainder, too little to pay for its
// own output, is added to the fee, so the fee is then larger than the
// minimum by less than the cost of an output and the transaction still
// balances. With ledger.MaxOutputs payments there is no room for change: a
// remainder that could pay for it is an error rather than burned.
// ErrInsufficientFunds (wrapped, with the amounts) means the inputs do not
// cover the payments and the minimum fee.
//
// The outputs are in a uniformly random order drawn from rand, so neither
// the change nor any payment can be told by its position; Built.Outputs
// says which is which.
//
// With no payments the transaction sweeps everything, less the fee, into
// the change output (unstaking, withdrawing rewards, consolidating); it
// fails if nothing is left for it.
func BuildWith(rand io.Reader, p *params.Params, inputs []Input, payments []Payment, change stealth.Address, opts Options) (*Built, error) {
	if (opts.Op == nil) != (opts.OpKey == nil) {
		return nil, fmt.Errorf("txbuilder: a validator operation needs the owner key, and the key an operation")
	}
	if len(inputs) == 0 && opts.Op == nil {
		return nil, fmt.Errorf("txbuilder: no inputs")
	}
	if len(inputs) > ledger.MaxInputs {
		return nil, fmt.Errorf("txbuilder: %d inputs, max %d", len(inputs), ledger.MaxInputs)
	}
	if len(payments) > ledger.MaxOutputs {
		return nil, fmt.Errorf("txbuilder: %d payments, max %d outputs", len(payments), ledger.MaxOutputs)
	}
	var have, want uint64
	if opts.Op != nil {
		have = opts.Op.Amount
	}
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
		if pay.Stake != nil && (pay.Amount == 0 || len(pay.Memo) != 0 || pay.Data) {
			return nil, fmt.Errorf("txbuilder: payment %d: a stake needs a positive amount and no memo", i)
		}
	}
	if err := checkRegistrations(p, payments); err != nil {
		return nil, err
	}
	n := len(payments)
	fee := opts.Fee
	minNoChange := max(fee, shapeOf(len(inputs), payments, false, opts.Op != nil).MinFee(p))
	need, carry := bits.Add64(want, minNoChange, 0)
	if carry != 0 {
		return nil, fmt.Errorf("%w: payments of %d µSTG plus a fee of %d µSTG exceed any amount", ErrInsufficientFunds, want, minNoChange)
	}
	if need > have {
		return nil, fmt.Errorf("%w: have %d µSTG, need %d µSTG (payments %d + fee %d)", ErrInsufficientFunds, have, need, want, minNoChange)
	}
	outs := make([]BuiltOutput, n, n+1)
	for i, pay := range payments {
		outs[i] = BuiltOutput{Payment: i, To: pay.To, Amount: pay.Amount, Memo: pay.Memo, Data: pay.Data, Stake: pay.Stake}
	}
	minChange := max(fee, shapeOf(len(inputs), payments, true, opts.Op != nil).MinFee(p))
	needChange, carry := bits.Add64(want, minChange, 0)
	switch {
	case carry != 0 || needChange >= have:
		if n == 0 {
			return nil, fmt.Errorf("%w: %d µSTG do not cover the fee of the output they would go to (%d µSTG)", ErrInsufficientFunds, have, minChange)
		}
		// No change output: the remainder (less than an output costs) is fee.
		fee = have - want
	case n == ledger.MaxOutputs:
		return nil, fmt.Errorf("txbuilder: %d payments leave no room for a change output of %d µSTG", n, have-needChange)
	default:
		outs = append(outs, BuiltOutput{Change: true, Payment: -1, To: change, Amount: have - needChange, Memo: opts.ChangeMemo})
		fee = minChange
	}
	if err := shuffle(rand, outs); err != nil {
		return nil, err
	}
	tx, err := build(rand, p, inputs, outs, fee, opts)
	if err != nil {
		return nil, err
	}
	return &Built{Tx: tx, Outputs: outs}, nil
}

// checkRegistrations refuses payments that would register more than one
// validator, or with a token that is not the target's or not for p's chain.
func checkRegistrations(p *params.Params, payments []Payment) error {
	first := -1
	for i, pay := range payments {
		if pay.Stake == nil || pay.Stake.Token == nil {
			continue
		}
		tok := pay.Stake.Token
		switch {
		case first >= 0:
			return fmt.Errorf("txbuilder: payments %d and %d both register a validator; a transaction registers at most one", first, i)
		case tok.Validator != pay.Stake.Validator || tok.VRFKey != pay.Stake.VRFKey:
			return fmt.Errorf("txbuilder: payment %d: the token's keys are not the stake's validator and VRF key", i)
		case tok.ChainID != p.ChainID:
			return fmt.Errorf("txbuilder: payment %d: the validator token is for chain %q, not %q", i, tok.ChainID, p.ChainID)
		}
		first = i
	}
	return nil
}

// shuffle puts outs in a uniformly random order: a Fisher–Yates shuffle
// driven by ChaCha8 (a CSPRNG) seeded with 32 bytes from rand.
func shuffle(rand io.Reader, outs []BuiltOutput) error {
	var seed [32]byte
	if _, err := io.ReadFull(rand, seed[:]); err != nil {
		return fmt.Errorf("txbuilder: reading randomness: %w", err)
	}
	mrand.New(mrand.NewChaCha8(seed)).Shuffle(len(outs), func(i, j int) { outs[i], outs[j] = outs[j], outs[i] })
	clear(seed[:])
	return nil
}

// build makes, proves and signs the transaction with outs in their order.
func build(rand io.Reader, p *params.Params, inputs []Input, outs []BuiltOutput, fee uint64, opts Options) (*ledger.Tx, error) {
	txSecret := opts.TxSecret
	tx := &ledger.Tx{Network: uint8(p.Network), Fee: fee}
	if opts.Op != nil {
		op := *opts.Op
		tx.Op = &op
	}
	gamma := ristretto255.NewScalar()
	for _, in := range inputs {
		tx.Inputs = append(tx.Inputs, in.ID)
		if in.Blinding != nil {
			gamma.Add(gamma, in.Blinding)
		}
	}
	var values []uint64
	var blindings []*ristretto255.Scalar
	for i, o := range outs {
		what := fmt.Sprintf("payment %d (output %d)", o.Payment, i)
		if o.Change {
			what = fmt.Sprintf("change (output %d)", i)
		}
		var so stealth.Output
		var ss *stealth.SharedSecret
		var err error
		if txSecret != nil {
			so, ss, err = stealth.NewOutputWithSecret(txSecret(uint32(i)), o.To, uint32(i))
		} else {
			so, ss, err = stealth.NewOutput(rand, o.To, uint32(i))
		}
		if err != nil {
			return nil, fmt.Errorf("txbuilder: %s: %w", what, err)
		}
		rcp := ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag}
		if o.Stake != nil {
			// A visible amount: blinding zero, outside the range proof.
			so := &ledger.StakeOutput{Recipient: rcp, Amount: o.Amount, Validator: o.Stake.Validator, VRFKey: o.Stake.VRFKey}
			if tok := o.Stake.Token; tok != nil {
				// This output's one-time key becomes the validator's owner.
				if so.Registration, err = tok.Register(rand, so.OneTimeKey); err != nil {
					return nil, fmt.Errorf("txbuilder: %s: %w", what, err)
				}
			}
			tx.Outputs = append(tx.Outputs, so)
			continue
		}
		pt := &payload.Plaintext{Type: payload.TypePayment, Data: o.Memo}
		if o.Data {
			pt.Type = payload.TypeData
		}
		out, r, err := NewConfidential(so, ss, o.Amount, pt)
		if err != nil {
			return nil, fmt.Errorf("txbuilder: %s: %w", what, err)
		}
		values, blindings = append(values, o.Amount), append(blindings, r)
		gamma.Subtract(gamma, r)
		tx.Outputs = append(tx.Outputs, out)
	}
	if len(values) > 0 {
		proof, _, err := bulletproofs.Prove(rand, values, blindings, nil)
		if err != nil {
			return nil, fmt.Errorf("txbuilder: range proof: %w", err)
		}
		tx.RangeProof = proof.Bytes()
	}
	copy(tx.Gamma[:], gamma.Bytes())
	if err := SignWith(rand, p.ChainID, tx, inputs, opts.OpKey); err != nil {
		return nil, err
	}
	return tx, nil
}

// NewConfidential returns the confidential output of amount with payload pt
// to the stealth output so (with its shared secret ss), and the blinding
// factor of its commitment. The blinding factor and the sealed amount come
// from the shared secret, so the recipient opens the commitment from the
// output's core alone (ADR 0020).
func NewConfidential(so stealth.Output, ss *stealth.SharedSecret, amount uint64, pt *payload.Plaintext) (*ledger.ConfidentialOutput, *ristretto255.Scalar, error) {
	km := ss.PayloadKeyMaterial()
	defer clear(km[:])
	ct, err := payload.Seal(km, so.TxKey, so.OneTimeKey, pt)
	if err != nil {
		return nil, nil, fmt.Errorf("payload: %w", err)
	}
	sealed := [payload.Size]byte(ct)
	r := payload.Blinding(km, so.TxKey, so.OneTimeKey)
	out := &ledger.ConfidentialOutput{
		Recipient:       ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag},
		EncryptedAmount: payload.SealAmount(km, so.TxKey, so.OneTimeKey, amount),
		Payload:         &sealed,
	}
	copy(out.Commitment[:], pedersen.Commit(amount, r).Bytes())
	return out, r, nil
}

// Sign fills tx.Signature with a signature by the MuSig aggregate of the
// inputs' one-time keys, in input order.
func Sign(rand io.Reader, chainID string, tx *ledger.Tx, inputs []Input) error {
	return SignWith(rand, chainID, tx, inputs, nil)
}

// SignWith is Sign for a transaction with a validator operation: opKey, the
// validator's owner key, signs after the inputs' keys. opKey must be nil
// exactly when tx.Op is.
func SignWith(rand io.Reader, chainID string, tx *ledger.Tx, inputs []Input, opKey *schnorr.PrivateKey) error {
	if (tx.Op == nil) != (opKey == nil) {
		return fmt.Errorf("txbuilder: the owner key must sign exactly the transactions with a validator operation")
	}
	keys := make([]*schnorr.PrivateKey, len(inputs), len(inputs)+1)
	for i, in := range inputs {
		if in.Key == nil {
			return fmt.Errorf("txbuilder: input %d has no key", i)
		}
		keys[i] = in.Key
	}
	if opKey != nil {
		keys = append(keys, opKey)
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
