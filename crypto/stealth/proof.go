package stealth

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/schnorr"
)

// Domain tags of payment proofs (framed as schnorr.TaggedHash).
const (
	tagPayProof      = "stegos/v1/stealth/payproof"
	tagPayProofNonce = "stegos/v1/stealth/payproof/nonce"
)

// PaymentProofSize is the length of an encoded payment proof:
// kind ‖ S ‖ c ‖ z.
const PaymentProofSize = 1 + 3*32

// generatorBytes is the encoding of the base point G.
var generatorBytes = ristretto255.NewGeneratorElement().Bytes()

// Errors of payment proofs. A proof that does not decode or verify is a
// *ProofError: errors.Is matches it against ErrInvalidProof and against its
// reason, one of ErrProofEncoding, ErrProofMismatch or ErrWrongRecipient.
var (
	// ErrInvalidProof matches every proof that does not decode or verify.
	ErrInvalidProof = errors.New("stealth: invalid payment proof")
	// ErrProofEncoding means a proof is not a canonical encoding: wrong
	// length, unknown kind, S not a canonical point other than the
	// identity, or c or z not a canonical scalar.
	ErrProofEncoding = errors.New("stealth: malformed payment proof")
	// ErrProofMismatch means the discrete-log equality does not hold: the
	// proof is forged, or was made for another output, index, address or
	// kind.
	ErrProofMismatch = errors.New("stealth: payment proof does not verify: forged, or made for another output, index or address")
	// ErrWrongRecipient means the output is not paid to the address at that
	// index: the one-time key or view tag derived from the shared secret
	// differs from the output's.
	ErrWrongRecipient = errors.New("stealth: the output does not pay to this address at this index")
	// ErrZeroSecret means a tx secret r is zero (or missing).
	ErrZeroSecret = errors.New("stealth: tx secret is zero")
	// ErrSecretMismatch means r·G is not the output's tx key R.
	ErrSecretMismatch = errors.New("stealth: tx secret does not match the output's tx key")
)

// ProofError is a payment proof that does not decode or does not verify.
type ProofError struct {
	// Reason is ErrProofEncoding, ErrProofMismatch or ErrWrongRecipient.
	Reason error
	// Detail says more; it may be empty.
	Detail string
}

// Error implements error.
func (e *ProofError) Error() string {
	if e.Detail == "" {
		return e.Reason.Error()
	}
	return e.Reason.Error() + ": " + e.Detail
}

// Unwrap returns the reason.
func (e *ProofError) Unwrap() error { return e.Reason }

// Is makes errors.Is(err, ErrInvalidProof) true.
func (e *ProofError) Is(target error) bool { return target == ErrInvalidProof }

// proofError returns a *ProofError.
func proofError(reason error, format string, args ...any) error {
	return &ProofError{Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// ProofKind says who made a payment proof and so which discrete logarithms
// it proves equal.
type ProofKind uint8

// Proof kinds. The value is the first byte of the encoding; 0 and 3..255
// are not kinds.
const (
	// SenderProof is made by the payer, who knows the output's tx secret r:
	// it proves log_G(R) = log_A(S), that is S = r·A.
	SenderProof ProofKind = 1
	// ReceiverProof is made by the recipient, who knows the view scalar a:
	// it proves log_G(A) = log_R(S), that is S = a·R.
	ReceiverProof ProofKind = 2
)

// String returns "sender", "receiver" or "ProofKind(n)".
func (k ProofKind) String() string {
	switch k {
	case SenderProof:
		return "sender"
	case ReceiverProof:
		return "receiver"
	}
	return fmt.Sprintf("ProofKind(%d)", uint8(k))
}

// Valid reports whether k is a defined kind.
func (k ProofKind) Valid() bool { return k == SenderProof || k == ReceiverProof }

// PaymentProof shows that an output pays an address, to anyone who has the
// output, its index and the address, by revealing the output's shared
// secret S with a Chaum–Pedersen proof that S is r·A = a·R. Whoever holds
// S can read the output's payload (amount, blinding, memo) but learns
// neither r nor a and cannot spend the output.
//
// The proof is the challenge-response pair (c, z) of a Fiat–Shamir
// discrete-log-equality proof of x = log_G(X) = log_H(Y), with (X, H) =
// (R, A) for a sender proof and (A, R) for a receiver proof, and Y = S:
//
//	K1 = k·G, K2 = k·H                      (k the prover's nonce)
//	c  = Hs("stegos/v1/stealth/payproof", kind, G, H, X, Y, K1, K2,
//	        R, P, view tag, i, address)
//	z  = k + c·x
//
// The verifier recomputes K1 = z·G − c·X and K2 = z·H − c·Y and checks c.
// The fields are encodings; DecodePaymentProof and VerifyPaymentProof
// accept only canonical ones.
type PaymentProof struct {
	Kind ProofKind
	// S is the encoding of the shared secret S = r·A = a·R.
	S [32]byte
	// C and Z are the challenge and response, canonical scalars.
	C, Z [32]byte
}

// Bytes returns the PaymentProofSize-byte encoding kind ‖ S ‖ c ‖ z.
func (p *PaymentProof) Bytes() []byte {
	b := make([]byte, 0, PaymentProofSize)
	b = append(b, byte(p.Kind))
	b = append(b, p.S[:]...)
	b = append(b, p.C[:]...)
	return append(b, p.Z[:]...)
}

// DecodePaymentProof parses the encoding made by Bytes. It accepts exactly
// PaymentProofSize bytes with a known kind, S a canonical encoding of a
// point other than the identity and c, z canonical scalars, so every proof
// has one encoding; anything else is a *ProofError with reason
// ErrProofEncoding.
func DecodePaymentProof(b []byte) (*PaymentProof, error) {
	if len(b) != PaymentProofSize {
		return nil, proofError(ErrProofEncoding, "%d bytes, want %d", len(b), PaymentProofSize)
	}
	p := &PaymentProof{Kind: ProofKind(b[0])}
	copy(p.S[:], b[1:33])
	copy(p.C[:], b[33:65])
	copy(p.Z[:], b[65:97])
	if _, _, _, err := p.decode(); err != nil {
		return nil, err
	}
	return p, nil
}

// decode checks p's fields and returns c, z and S.
func (p *PaymentProof) decode() (c, z *ristretto255.Scalar, s *ristretto255.Element, err error) {
	if !p.Kind.Valid() {
		return nil, nil, nil, proofError(ErrProofEncoding, "unknown kind %d", uint8(p.Kind))
	}
	s, ok := decodePoint(p.S)
	if !ok {
		return nil, nil, nil, proofError(ErrProofEncoding, "S is not a canonical encoding of a point other than the identity")
	}
	c, err = ristretto255.NewScalar().SetCanonicalBytes(p.C[:])
	if err != nil {
		return nil, nil, nil, proofError(ErrProofEncoding, "c is not a canonical scalar")
	}
	z, err = ristretto255.NewScalar().SetCanonicalBytes(p.Z[:])
	if err != nil {
		return nil, nil, nil, proofError(ErrProofEncoding, "z is not a canonical scalar")
	}
	return c, z, s, nil
}

// ProvePayment proves, as the payer, that out at position index of its
// transaction pays to: r is the tx secret the output was made with
// (NewOutputWithSecret). It returns ErrZeroSecret for a nil or zero r,
// ErrSecretMismatch if r·G is not the output's tx key, ErrWrongRecipient if
// the output does not pay to at index, and ErrInvalidKey for a zero-value
// address. rand hedges the otherwise deterministic nonce (pass
// crypto/rand.Reader); r is used in constant time.
func ProvePayment(rand io.Reader, r *ristretto255.Scalar, to Address, out Output, index uint32) (*PaymentProof, error) {
	if !to.valid() {
		return nil, fmt.Errorf("%w: zero address", ErrInvalidKey)
	}
	if r == nil || r.Equal(ristretto255.NewScalar()) == 1 {
		return nil, ErrZeroSecret
	}
	txKey := ristretto255.NewIdentityElement().ScalarBaseMult(r).Bytes()
	if subtle.ConstantTimeCompare(txKey, out.TxKey[:]) != 1 {
		return nil, ErrSecretMismatch
	}
	a := to.view.Array()
	s, ok := newECDHKey(r).sharedWith(&a)
	if !ok {
		return nil, fmt.Errorf("%w: view key", ErrInvalidKey) // unreachable for a valid address
	}
	ss := newSharedSecret(s, index)
	if !ss.pays(to.spend.Element(), out) {
		return nil, ErrWrongRecipient
	}
	st := statement{kind: SenderProof, h: to.view.Element(), hEnc: a, xEnc: out.TxKey, y: s}
	return st.prove(rand, r, to, out, index)
}

// ProveReceipt proves, as the recipient, that out at position index of its
// transaction pays this view key's address. It returns ErrNotOwned if Scan
// does not find the output. rand hedges the otherwise deterministic nonce
// (pass crypto/rand.Reader); the view scalar is used in constant time.
func (k *ViewKey) ProveReceipt(rand io.Reader, out Output, index uint32) (*PaymentProof, error) {
	m, ok := k.Scan(out, index)
	if !ok {
		return nil, ErrNotOwned
	}
	r, ok := decodePoint(out.TxKey)
	if !ok {
		return nil, ErrNotOwned // unreachable: Scan rejects such tx keys
	}
	a := k.ecdh.secret()
	defer a.Zero()
	st := statement{kind: ReceiverProof, h: r, hEnc: out.TxKey, xEnc: k.view.Array(), y: m.secret.s}
	return st.prove(rand, a, k.Address(), out, index)
}

// VerifyPaymentProof checks that p proves out, at position index of its
// transaction, pays to, and returns the output's shared secret, from which
// the caller derives the payload key (SharedSecret.PayloadKeyMaterial). It
// checks the discrete-log equality, then that the one-time key and view tag
// derived from S and the address's spend key are the output's. A proof that
// fails is a *ProofError (errors.Is(err, ErrInvalidProof)); a zero-value
// address is ErrInvalidKey. Everything it handles is public, so it runs in
// variable time.
func VerifyPaymentProof(p *PaymentProof, to Address, out Output, index uint32) (*SharedSecret, error) {
	if !to.valid() {
		return nil, fmt.Errorf("%w: zero address", ErrInvalidKey)
	}
	if p == nil {
		return nil, proofError(ErrProofEncoding, "no proof")
	}
	c, z, s, err := p.decode()
	if err != nil {
		return nil, err
	}
	r, ok := decodePoint(out.TxKey)
	if !ok {
		return nil, proofError(ErrWrongRecipient, "the output's tx key is not a valid point")
	}
	st := statement{kind: p.Kind, y: p.S}
	var x *ristretto255.Element
	switch p.Kind {
	case SenderProof:
		st.h, st.hEnc, x, st.xEnc = to.view.Element(), to.view.Array(), r, out.TxKey
	case ReceiverProof:
		st.h, st.hEnc, x, st.xEnc = r, out.TxKey, to.view.Element(), to.view.Array()
	}
	negC := ristretto255.NewScalar().Negate(c)
	k1 := ristretto255.NewIdentityElement().VarTimeDoubleScalarBaseMult(negC, x, z)
	k2 := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(
		[]*ristretto255.Scalar{z, negC}, []*ristretto255.Element{st.h, s})
	if st.challenge(k1, k2, to, out, index).Equal(c) != 1 {
		return nil, proofError(ErrProofMismatch, "")
	}
	ss := newSharedSecret(p.S, index)
	if !ss.pays(to.spend.Element(), out) {
		return nil, proofError(ErrWrongRecipient, "")
	}
	return &ss, nil
}

// statement is what a payment proof proves: log_G(X) = log_H(Y), with the
// encodings of H, X and Y = S and the element H.
type statement struct {
	kind          ProofKind
	h             *ristretto255.Element
	hEnc, xEnc, y [32]byte
}

// prove returns the proof of st with witness x = log_G(X).
func (st *statement) prove(rand io.Reader, x *ristretto255.Scalar, to Address, out Output, index uint32) (*PaymentProof, error) {
	var hedge [32]byte
	if _, err := io.ReadFull(rand, hedge[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	xb := x.Bytes()
	i := indexLE(index)
	k := schnorr.HashToScalar(tagPayProofNonce, xb, hedge[:], []byte{byte(st.kind)},
		st.hEnc[:], st.xEnc[:], st.y[:], out.TxKey[:], out.OneTimeKey[:], []byte{out.ViewTag}, i[:], to.Bytes())
	clear(xb)
	defer k.Zero()
	k1 := ristretto255.NewIdentityElement().ScalarBaseMult(k)
	k2 := ristretto255.NewIdentityElement().ScalarMult(k, st.h)
	c := st.challenge(k1, k2, to, out, index)
	z := ristretto255.NewScalar().Multiply(c, x)
	z.Add(z, k)
	p := &PaymentProof{Kind: st.kind, S: st.y}
	copy(p.C[:], c.Bytes())
	copy(p.Z[:], z.Bytes())
	return p, nil
}

// challenge returns c = Hs("stegos/v1/stealth/payproof", kind, G, H, X, Y,
// K1, K2, R, P, view tag, i, address).
func (st *statement) challenge(k1, k2 *ristretto255.Element, to Address, out Output, index uint32) *ristretto255.Scalar {
	i := indexLE(index)
	return schnorr.HashToScalar(tagPayProof, []byte{byte(st.kind)}, generatorBytes,
		st.hEnc[:], st.xEnc[:], st.y[:], k1.Bytes(), k2.Bytes(),
		out.TxKey[:], out.OneTimeKey[:], []byte{out.ViewTag}, i[:], to.Bytes())
}

// pays reports whether the one-time key and view tag derived from ss and
// the spend key B are out's, in constant time.
func (ss *SharedSecret) pays(spend *ristretto255.Element, out Output) bool {
	p := oneTimeKey(ss, spend)
	tag := subtle.ConstantTimeByteEq(ss.viewTag(), out.ViewTag)
	return tag&subtle.ConstantTimeCompare(p[:], out.OneTimeKey[:]) == 1
}

// decodePoint decodes a canonical encoding of a point other than the
// identity.
func decodePoint(b [32]byte) (*ristretto255.Element, bool) {
	e, err := ristretto255.NewIdentityElement().SetCanonicalBytes(b[:])
	if err != nil || e.Equal(ristretto255.NewIdentityElement()) == 1 {
		return nil, false
	}
	return e, true
}

// indexLE returns i as 4 little-endian bytes.
func indexLE(i uint32) [4]byte {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], i)
	return b
}

// valid reports whether a was built by a constructor (the zero value is
// not an address).
func (a Address) valid() bool {
	return a.view.Array() != [32]byte{} && a.spend.Array() != [32]byte{}
}

// secret returns the key's scalar as a ristretto255 scalar. Zero it after
// use.
func (k *ecdhKey) secret() *ristretto255.Scalar {
	var b [32]byte
	if err := k.s.ToBytes(b[:]); err != nil {
		panic("stealth: voi scalar encoding: " + err.Error())
	}
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b[:])
	clear(b[:])
	if err != nil {
		panic("stealth: a voi scalar is not canonical for ristretto255: " + err.Error())
	}
	return s
}
