package ledger

import (
	"fmt"

	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/internal/codec"
)

// TxVersion is the encoding version written first in a transaction
// without a validator operation; TxVersionOp is written by those with one
// (the operation follows the range proof).
const (
	TxVersion   uint8 = 1
	TxVersionOp uint8 = 2
)

// OpSize is the size of an encoded ValidatorOp, which a transaction with
// one carries on top of txbuilder.Size.
const OpSize = 1 + 32 + 8 + 8

// Structural limits, checked by the decoder before allocating and by
// CheckStateless.
const (
	MaxInputs  = 32
	MaxOutputs = 16 // the largest aggregated range proof covers 16 outputs
)

const (
	recipientSize    = 32 + 32 + 1
	confidentialSize = recipientSize + 32 + AmountSize + PayloadSize
	// coreSize is a confidential output's core encoding without its tag:
	// the payload replaced by its hash.
	coreSize      = recipientSize + 32 + AmountSize + 32
	publicSize    = recipientSize + 8
	stakeSize     = recipientSize + 8 + 32 + 32
	maxOutputSize = 1 + confidentialSize
	minOutputSize = 1 + publicSize
)

// MaxTxSize is the largest encoding a transaction within the limits can have.
var MaxTxSize = 1 + 1 + 2 + MaxInputs*32 + 2 + MaxOutputs*maxOutputSize + 8 + 32 + 4 + bulletproofs.ProofSize(MaxOutputs) + OpSize + 64

func (r *Recipient) encode(w *codec.Writer) {
	w.Fixed(r.OneTimeKey[:])
	w.Fixed(r.TxKey[:])
	w.Uint8(r.ViewTag)
}

func (r *Recipient) decode(rd *codec.Reader) {
	rd.Fixed(r.OneTimeKey[:])
	rd.Fixed(r.TxKey[:])
	r.ViewTag = rd.Uint8()
}

// encodeBody writes the transaction form: the payload itself. An output
// without its payload (a core) has no transaction form; it is written with
// an all-zero payload, which CheckStateless refuses (ErrNoPayload).
func (o *ConfidentialOutput) encodeBody(w *codec.Writer) {
	o.encodeCoreFields(w)
	if o.Payload != nil {
		w.Fixed(o.Payload[:])
	} else {
		w.Fixed(make([]byte, PayloadSize))
	}
}

func (o *ConfidentialOutput) encodeCoreFields(w *codec.Writer) {
	o.Recipient.encode(w)
	w.Fixed(o.Commitment[:])
	w.Fixed(o.EncryptedAmount[:])
}

func (o *PublicOutput) encodeBody(w *codec.Writer) {
	o.Recipient.encode(w)
	w.Uint64(o.Amount)
}

func (o *StakeOutput) encodeBody(w *codec.Writer) {
	o.Recipient.encode(w)
	w.Uint64(o.Amount)
	w.Fixed(o.Validator[:])
	w.Fixed(o.VRFKey[:])
	if o.Registration != nil {
		o.Registration.encode(w)
	}
}

// tagOf returns the tag that starts o's encoding.
func tagOf(o Output) OutputType {
	switch o := o.(type) {
	case *StakeOutput:
		if o.Registration != nil {
			return TypeStakeRegistration
		}
	case *ConfidentialOutput:
		return TagConfidential
	}
	return o.Type()
}

func encodeOutput(w *codec.Writer, o Output) {
	w.Uint8(uint8(tagOf(o)))
	o.encodeBody(w)
}

// decodeOutput reads one output: its transaction form, or its core form
// (a confidential output's payload hash instead of its payload) if core.
func decodeOutput(rd *codec.Reader, core bool) Output {
	t := OutputType(rd.Uint8())
	if rd.Err() != nil {
		return nil
	}
	switch t {
	case TagConfidential:
		o := &ConfidentialOutput{}
		o.Recipient.decode(rd)
		rd.Fixed(o.Commitment[:])
		rd.Fixed(o.EncryptedAmount[:])
		if core {
			rd.Fixed(o.payloadHash[:])
		} else {
			o.Payload = new([PayloadSize]byte)
			rd.Fixed(o.Payload[:])
		}
		return o
	case TypeConfidential:
		rd.Fail(fmt.Errorf("output tag 0x01: the confidential layout before ADR 0020 (no encrypted amount, payload in the core) is retired; confidential outputs use tag 0x07"))
		return nil
	case TypePublic:
		o := &PublicOutput{}
		o.Recipient.decode(rd)
		o.Amount = rd.Uint64()
		return o
	case TypeStake, TypeStakeRegistration:
		o := &StakeOutput{}
		o.Recipient.decode(rd)
		o.Amount = rd.Uint64()
		rd.Fixed(o.Validator[:])
		rd.Fixed(o.VRFKey[:])
		if t == TypeStakeRegistration {
			o.Registration = &Registration{}
			o.Registration.decode(rd)
		}
		return o
	}
	rd.Fail(fmt.Errorf("unknown output type %s", t))
	return nil
}

// EncodeOutput returns the canonical encoding of o as a transaction
// carries it (a confidential output with its payload).
func EncodeOutput(o Output) []byte {
	w := codec.NewWriter(maxOutputSize)
	encodeOutput(w, o)
	return w.Bytes()
}

// DecodeOutput parses one canonical output encoding (EncodeOutput's).
func DecodeOutput(b []byte) (Output, error) { return decodeOne(b, false) }

// EncodeCore returns the core encoding of o: what the UTXO set keeps and
// the output id hashes. A confidential output's payload is replaced by its
// hash (ConfidentialOutput.PayloadHash); other outputs have no payload and
// their core encoding is EncodeOutput's.
func EncodeCore(o Output) []byte {
	c, ok := o.(*ConfidentialOutput)
	if !ok {
		return EncodeOutput(o)
	}
	w := codec.NewWriter(1 + coreSize)
	w.Uint8(uint8(TagConfidential))
	c.encodeCoreFields(w)
	h := c.PayloadHash()
	w.Fixed(h[:])
	return w.Bytes()
}

// DecodeCore parses a core encoding (EncodeCore's). A confidential output
// comes back without its payload: Payload is nil and PayloadHash returns
// the hash the encoding holds.
func DecodeCore(b []byte) (Output, error) { return decodeOne(b, true) }

func decodeOne(b []byte, core bool) (Output, error) {
	what := "output"
	if core {
		what = "output core"
	}
	if len(b) > maxOutputSize {
		return nil, newError(KindMalformed, fmt.Sprintf("%s of %d bytes, max %d", what, len(b), maxOutputSize), nil)
	}
	rd := codec.NewReader(b)
	o := decodeOutput(rd, core)
	if err := rd.Finish(); err != nil {
		return nil, newError(KindMalformed, what, err)
	}
	return o, nil
}

// ID returns the output's id: the tagged hash of its core encoding. It is
// the same whether o carries its payload or only the payload's hash.
func ID(o Output) OutputID { return taggedHash(tagOutputID, EncodeCore(o)) }

func (tx *Tx) encode(w *codec.Writer, withSig bool) {
	if tx.Op != nil {
		w.Uint8(TxVersionOp)
	} else {
		w.Uint8(TxVersion)
	}
	w.Uint8(tx.Network)
	w.WriteCount(len(tx.Inputs))
	for i := range tx.Inputs {
		w.Fixed(tx.Inputs[i][:])
	}
	w.WriteCount(len(tx.Outputs))
	for _, o := range tx.Outputs {
		encodeOutput(w, o)
	}
	w.Uint64(tx.Fee)
	w.Fixed(tx.Gamma[:])
	w.Var(tx.RangeProof)
	if op := tx.Op; op != nil {
		w.Uint8(uint8(op.Kind))
		w.Fixed(op.Validator[:])
		w.Uint64(op.Nonce)
		w.Uint64(op.Amount)
	}
	if withSig {
		w.Fixed(tx.Signature[:])
	}
}

// Encode returns the canonical encoding of tx. It panics if tx has more
// inputs or outputs than a 16-bit count holds; CheckStateless rejects far
// smaller counts.
func (tx *Tx) Encode() []byte {
	w := codec.NewWriter(tx.sizeHint())
	tx.encode(w, true)
	return w.Bytes()
}

func (tx *Tx) sizeHint() int {
	return 64 + 32*len(tx.Inputs) + maxOutputSize*len(tx.Outputs) + len(tx.RangeProof) + OpSize + 64
}

// ID returns the transaction id: the tagged hash of the full encoding.
func (tx *Tx) ID() TxID { return taggedHash(tagTxID, tx.Encode()) }

// SigHash returns the message the transaction signature signs: the encoding
// without the signature, bound to the chain id so a transaction for one
// chain never verifies on another.
func (tx *Tx) SigHash(chainID string) Hash {
	w := codec.NewWriter(tx.sizeHint() + len(chainID) + 4)
	w.Var([]byte(chainID))
	tx.encode(w, false)
	return taggedHash(tagSigHash, w.Bytes())
}

// PeekInputs returns the input ids at the start of a transaction encoding
// without decoding the rest: what a node needs to refuse a spend of a coin
// a pending transaction already spends before it pays for decoding outputs
// and proofs. Bytes PeekInputs accepts may still fail DecodeTx.
func PeekInputs(b []byte) ([]OutputID, error) {
	rd, _, tx, err := decodeHead(b)
	if err != nil {
		return nil, err
	}
	if err := rd.Err(); err != nil {
		return nil, newError(KindMalformed, "transaction inputs", err)
	}
	return tx.Inputs, nil
}

// decodeHead reads the front of a transaction encoding that PeekInputs and
// DecodeTx share: the size limit, the version, the network and the inputs.
// A short read is left in rd.Err() for the caller.
func decodeHead(b []byte) (*codec.Reader, uint8, *Tx, error) {
	if len(b) > MaxTxSize {
		return nil, 0, nil, newError(KindOversize, fmt.Sprintf("transaction of %d bytes, max %d", len(b), MaxTxSize), nil)
	}
	rd := codec.NewReader(b)
	version := rd.Uint8()
	if rd.Err() == nil && version != TxVersion && version != TxVersionOp {
		return nil, 0, nil, newError(KindMalformed, fmt.Sprintf("transaction version %d, want %d or %d", version, TxVersion, TxVersionOp), nil)
	}
	tx := &Tx{Network: rd.Uint8()}
	if n := rd.Count(MaxInputs, 32); n > 0 {
		tx.Inputs = make([]OutputID, n)
		for i := range tx.Inputs {
			rd.Fixed(tx.Inputs[i][:])
		}
	}
	return rd, version, tx, nil
}

// DecodeTx parses a canonical transaction encoding. Sizes and counts are
// checked before anything is allocated; any deviation from the canonical
// form (trailing bytes, unknown version or output type) is KindMalformed,
// an input over MaxTxSize is KindOversize.
func DecodeTx(b []byte) (*Tx, error) {
	rd, version, tx, err := decodeHead(b)
	if err != nil {
		return nil, err
	}
	if n := rd.Count(MaxOutputs, minOutputSize); n > 0 {
		tx.Outputs = make([]Output, 0, n)
		for i := 0; i < n && rd.Err() == nil; i++ {
			tx.Outputs = append(tx.Outputs, decodeOutput(rd, false))
		}
	}
	tx.Fee = rd.Uint64()
	rd.Fixed(tx.Gamma[:])
	tx.RangeProof = rd.Var(bulletproofs.ProofSize(MaxOutputs))
	if len(tx.RangeProof) == 0 {
		tx.RangeProof = nil
	}
	if version == TxVersionOp {
		op := &ValidatorOp{Kind: OpKind(rd.Uint8())}
		rd.Fixed(op.Validator[:])
		op.Nonce = rd.Uint64()
		op.Amount = rd.Uint64()
		tx.Op = op
	}
	rd.Fixed(tx.Signature[:])
	if err := rd.Finish(); err != nil {
		return nil, newError(KindMalformed, "transaction", err)
	}
	return tx, nil
}
