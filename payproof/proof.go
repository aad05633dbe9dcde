package payproof

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// Version is the encoding version written first in every proof.
const Version = 1

// Size is the length of a proof's binary encoding.
const Size = 1 + 1 + 32 + 4 + stealth.AddressSize + stealth.PaymentProofSize

// Proof shows that output Index of transaction TxID pays Address.
type Proof struct {
	// TxID is the id of the transaction that holds the output.
	TxID ledger.TxID
	// Index is the output's position in the transaction.
	Index uint32
	// Address is the address the output pays.
	Address stealth.Address
	// Network is the transaction's network, for the address's text form.
	Network stealth.Network
	// P is the stealth payment proof of the output.
	P *stealth.PaymentProof
}

// Result is what a verified proof shows.
type Result struct {
	// Kind says who made the proof: the payer (stealth.SenderProof) or the
	// recipient (stealth.ReceiverProof).
	Kind stealth.ProofKind
	// Address is the address paid, as text for the proof's network.
	Address string
	// Amount is the amount paid, in µSTG.
	Amount uint64
	// Memo is the payment's memo, or the data packet if Data is set.
	Memo []byte
	Data bool
	// MemoUnreadable is set when the output carries a payload that does not
	// open (a broken or hostile payer): the payment stands, since the
	// amount comes from the output's core, but it has no readable memo.
	MemoUnreadable bool
}

// Create proves, as the payer, that output index of tx pays to. r is the
// output's tx secret: txbuilder.TxSecret(spend, tx.Inputs, index) for a
// transaction built with deterministic secrets. It fails with
// ErrNotConfidential for a public or stake output and with the errors of
// stealth.ProvePayment (stealth.ErrSecretMismatch for a wrong r,
// stealth.ErrWrongRecipient if the output does not pay to). rand hedges the
// proof's nonce (crypto/rand.Reader).
func Create(rand io.Reader, r *ristretto255.Scalar, to stealth.Address, tx *ledger.Tx, index uint32) (*Proof, error) {
	net, out, err := locate(tx, index)
	if err != nil {
		return nil, err
	}
	p, err := stealth.ProvePayment(rand, r, to, out, index)
	if err != nil {
		return nil, fmt.Errorf("payproof: output %d: %w", index, err)
	}
	return &Proof{TxID: tx.ID(), Index: index, Address: to, Network: net, P: p}, nil
}

// CreateReceipt proves, as the recipient, that output index of tx pays the
// address of view. It fails with ErrNotConfidential for a public or stake
// output and with stealth.ErrNotOwned if the output is not view's. rand
// hedges the proof's nonce (crypto/rand.Reader).
func CreateReceipt(rand io.Reader, view *stealth.ViewKey, tx *ledger.Tx, index uint32) (*Proof, error) {
	net, out, err := locate(tx, index)
	if err != nil {
		return nil, err
	}
	p, err := view.ProveReceipt(rand, out, index)
	if err != nil {
		return nil, fmt.Errorf("payproof: output %d: %w", index, err)
	}
	return &Proof{TxID: tx.ID(), Index: index, Address: view.Address(), Network: net, P: p}, nil
}

// locate returns the network of tx and the stealth part of its confidential
// output index.
func locate(tx *ledger.Tx, index uint32) (stealth.Network, stealth.Output, error) {
	if tx == nil {
		return 0, stealth.Output{}, fmt.Errorf("payproof: no transaction")
	}
	net := stealth.Network(tx.Network)
	if !net.Valid() {
		return 0, stealth.Output{}, fmt.Errorf("payproof: the transaction is for an unknown network %d", tx.Network)
	}
	if uint64(index) >= uint64(len(tx.Outputs)) {
		return 0, stealth.Output{}, fmt.Errorf("payproof: the transaction has %d outputs, no output %d", len(tx.Outputs), index)
	}
	o, ok := tx.Outputs[index].(*ledger.ConfidentialOutput)
	if !ok {
		return 0, stealth.Output{}, fmt.Errorf("%w: output %d is %s", ErrNotConfidential, index, tx.Outputs[index].Type())
	}
	return net, stealth.Output{TxKey: o.TxKey, OneTimeKey: o.OneTimeKey, ViewTag: o.ViewTag}, nil
}

// Verify checks p against tx, the transaction it names, and returns what it
// shows. Errors wrap ErrTxMismatch (tx is not the transaction p names),
// ErrInvalid (p does not hold: altered, forged, or an index, address or
// network other than its own), ErrNotConfidential (the output is public or
// a stake) or ErrBadOutput (p holds but the output's payload does not open
// its commitment). Verify does not check that tx is valid or confirmed.
func Verify(p *Proof, tx *ledger.Tx) (*Result, error) {
	if p == nil || p.P == nil {
		return nil, fmt.Errorf("%w: empty proof", ErrInvalid)
	}
	if tx == nil {
		return nil, fmt.Errorf("%w: no transaction", ErrTxMismatch)
	}
	if id := tx.ID(); id != p.TxID {
		return nil, fmt.Errorf("%w: the proof names transaction %s, this is %s", ErrTxMismatch, p.TxID, id)
	}
	if net := stealth.Network(tx.Network); p.Network != net {
		return nil, fmt.Errorf("%w: the proof says %s, the transaction is for %s", ErrInvalid, p.Network, net)
	}
	if uint64(p.Index) >= uint64(len(tx.Outputs)) {
		return nil, fmt.Errorf("%w: the proof names output %d, the transaction has %d", ErrInvalid, p.Index, len(tx.Outputs))
	}
	o, ok := tx.Outputs[p.Index].(*ledger.ConfidentialOutput)
	if !ok {
		return nil, fmt.Errorf("%w: output %d is %s", ErrNotConfidential, p.Index, tx.Outputs[p.Index].Type())
	}
	so := stealth.Output{TxKey: o.TxKey, OneTimeKey: o.OneTimeKey, ViewTag: o.ViewTag}
	ss, err := stealth.VerifyPaymentProof(p.P, p.Address, so, p.Index)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	km := ss.PayloadKeyMaterial()
	amount := payload.OpenAmount(km, o.TxKey, o.OneTimeKey, o.EncryptedAmount)
	cm, err := pedersen.Decode(o.Commitment[:])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadOutput, err)
	}
	if !pedersen.Commit(amount, payload.Blinding(km, o.TxKey, o.OneTimeKey)).Equal(cm) {
		return nil, fmt.Errorf("%w: the encrypted amount does not open the commitment", ErrBadOutput)
	}
	res := &Result{Kind: p.P.Kind, Address: p.Address.String(p.Network), Amount: amount}
	if o.Payload != nil {
		if pt, err := payload.Open(km, o.TxKey, o.OneTimeKey, o.Payload[:]); err != nil {
			res.MemoUnreadable = true
		} else {
			res.Memo, res.Data = pt.Data, pt.Type == payload.TypeData
		}
	}
	return res, nil
}

// Bytes returns the Size-byte binary encoding (see the package
// documentation). A proof without P encodes an all-zero stealth proof,
// which Decode rejects.
func (p *Proof) Bytes() []byte {
	b := make([]byte, 0, Size)
	b = append(b, Version, byte(p.Network))
	b = append(b, p.TxID[:]...)
	b = binary.LittleEndian.AppendUint32(b, p.Index)
	b = append(b, p.Address.Bytes()...)
	if p.P == nil {
		return append(b, make([]byte, stealth.PaymentProofSize)...)
	}
	return append(b, p.P.Bytes()...)
}

// Decode parses the encoding made by Bytes. It checks the version first,
// so a proof of a later version is reported as ErrVersion whatever its
// length, then the length (ErrLength), and then every field (ErrEncoding).
func Decode(b []byte) (*Proof, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: no bytes", ErrLength)
	}
	if b[0] != Version {
		return nil, fmt.Errorf("%w: version %d, this software reads version %d", ErrVersion, b[0], Version)
	}
	if len(b) != Size {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrLength, len(b), Size)
	}
	p := &Proof{Network: stealth.Network(b[1])}
	if !p.Network.Valid() {
		return nil, fmt.Errorf("%w: unknown network %d", ErrEncoding, b[1])
	}
	copy(p.TxID[:], b[2:34])
	p.Index = binary.LittleEndian.Uint32(b[34:38])
	rest := b[38:]
	var err error
	if p.Address, err = stealth.DecodeAddress(rest[:stealth.AddressSize]); err != nil {
		return nil, fmt.Errorf("%w: address: %w", ErrEncoding, err)
	}
	if p.P, err = stealth.DecodePaymentProof(rest[stealth.AddressSize:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	return p, nil
}
