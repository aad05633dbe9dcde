package schnorr

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// NonceCommitment is a signer's first-round message: a hash binding it to
// its nonce before any nonce is revealed.
type NonceCommitment [32]byte

// PublicNonce is a signer's second-round message: the encoding of its nonce
// point R_i.
type PublicNonce [32]byte

// PartialSignature is a signer's third-round message: the encoding of its
// share s_i of the signature scalar.
type PartialSignature [32]byte

// sessionState is the round a Session is in.
type sessionState uint8

const (
	stateCommit sessionState = iota // waiting for every nonce commitment
	stateReveal                     // commitments in: nonce may be revealed; waiting for every nonce
	stateSign                       // nonces in: partial signatures may be made, checked and combined
)

// Session is one signer's state in a single run of the multi-party signing
// protocol for one message and one ordered list of signer keys. The rounds
// are:
//
//  1. broadcast NonceCommitment(); collect everyone's and call SetNonceCommitments;
//  2. broadcast Nonce(); collect everyone's and call SetNonces;
//  3. broadcast PartialSign(); collect everyone's and call Combine.
//
// Every slice a round takes is indexed like the key list and includes this
// signer's own entry. A nonce is revealed only after all commitments are in,
// so no signer can choose its nonce after seeing the others'. A Session signs
// at most once: after a failed run, start a new Session (with a new nonce)
// without the parties Blame names. A Session is not safe for concurrent use.
type Session struct {
	agg   *aggregate
	index int
	x     ristretto255.Scalar
	msg   []byte
	state sessionState

	k          ristretto255.Scalar // nonce; zeroed once used
	used       bool
	nonce      PublicNonce
	commitment NonceCommitment

	commitments []NonceCommitment
	nonces      []*ristretto255.Element
	r           *ristretto255.Element // Σ R_i
	e           *ristretto255.Scalar  // challenge
}

// NewSession starts a signing session for msg by the signers pubs, of whom
// priv must be one. rand must be a working cryptographic random source
// (crypto/rand.Reader): unlike single-signer signing, a multi-party nonce
// that repeats across two runs whose other nonces differ leaks the private
// key, so the nonce mixes 32 fresh random bytes with the key, the signer
// list and the message.
func NewSession(rand io.Reader, priv *PrivateKey, pubs []*PublicKey, msg []byte) (*Session, error) {
	if priv == nil || !priv.pub.valid() {
		return nil, fmt.Errorf("schnorr: new session: %w", ErrZeroKey)
	}
	agg, err := newAggregate(pubs)
	if err != nil {
		return nil, err
	}
	index := -1
	for i, p := range agg.keys {
		if p.enc == priv.pub.enc {
			index = i
			break
		}
	}
	if index < 0 {
		return nil, ErrNotSigner
	}
	var z [32]byte
	if _, err := io.ReadFull(rand, z[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	s := &Session{agg: agg, index: index, msg: bytes.Clone(msg)}
	s.x.Set(&priv.x)
	s.k.Set(HashToScalar(tagMuSigNonce, priv.x.Bytes(), z[:], agg.list[:], priv.pub.enc[:], msg))
	copy(s.nonce[:], ristretto255.NewIdentityElement().ScalarBaseMult(&s.k).Bytes())
	s.commitment = s.commit(index, s.nonce)
	return s, nil
}

// commit returns the commitment of party i to nonce: it binds the nonce to
// the signer list, the party's key and the message.
func (s *Session) commit(i int, nonce PublicNonce) NonceCommitment {
	sum := TaggedHash(tagNonceCommit, s.agg.list[:], s.agg.keys[i].enc[:], s.msg, nonce[:])
	return NonceCommitment(sum[:32])
}

// Index returns this signer's position in the key list.
func (s *Session) Index() int { return s.index }

// AggregateKey returns the key the combined signature verifies against.
func (s *Session) AggregateKey() *PublicKey { return s.agg.key }

// NonceCommitment returns this signer's round-one message.
func (s *Session) NonceCommitment() NonceCommitment { return s.commitment }

// SetNonceCommitments records every signer's commitment, ending round one.
func (s *Session) SetNonceCommitments(cs []NonceCommitment) error {
	if s.state != stateCommit {
		return fmt.Errorf("%w: commitments already set", ErrSessionState)
	}
	if err := s.checkCount(len(cs)); err != nil {
		return err
	}
	if cs[s.index] != s.commitment {
		return fmt.Errorf("%w: commitment at index %d", ErrOwnEntry, s.index)
	}
	s.commitments = append([]NonceCommitment(nil), cs...)
	s.state = stateReveal
	return nil
}

// Nonce returns this signer's round-two message. It refuses until every
// commitment is in.
func (s *Session) Nonce() (PublicNonce, error) {
	if s.state < stateReveal {
		return PublicNonce{}, fmt.Errorf("%w: nonce requested before every commitment was received", ErrSessionState)
	}
	return s.nonce, nil
}

// SetNonces records every signer's nonce, ending round two. Each nonce must
// decode and match its party's commitment; otherwise the returned error holds
// a *PartyError for each offending party (see Blame) and the session stays in
// round two.
func (s *Session) SetNonces(ns []PublicNonce) error {
	if s.state != stateReveal {
		return fmt.Errorf("%w: nonces set before commitments or twice", ErrSessionState)
	}
	if err := s.checkCount(len(ns)); err != nil {
		return err
	}
	if ns[s.index] != s.nonce {
		return fmt.Errorf("%w: nonce at index %d", ErrOwnEntry, s.index)
	}
	nonces := make([]*ristretto255.Element, len(ns))
	var errs []error
	for i, n := range ns {
		r, err := ristretto255.NewIdentityElement().SetCanonicalBytes(n[:])
		switch {
		case err != nil || r.Equal(ristretto255.NewIdentityElement()) == 1:
			errs = append(errs, &PartyError{Party: i, Err: ErrInvalidNonce})
		case s.commit(i, n) != s.commitments[i]:
			errs = append(errs, &PartyError{Party: i, Err: ErrCommitmentMismatch})
		default:
			nonces[i] = r
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	r := ristretto255.NewIdentityElement()
	for _, n := range nonces {
		r.Add(r, n)
	}
	if r.Equal(ristretto255.NewIdentityElement()) == 1 {
		// Needs nonces chosen after seeing the others': the commitments rule it out.
		return fmt.Errorf("%w: nonces sum to the identity", ErrInvalidNonce)
	}
	s.nonces, s.r = nonces, r
	s.e = challenge(r.Bytes(), s.agg.key.enc[:], s.msg)
	s.state = stateSign
	return nil
}

// checkCount checks that a round's input has one entry per signer.
func (s *Session) checkCount(n int) error {
	if n != len(s.agg.keys) {
		return fmt.Errorf("%w: got %d, want %d", ErrPartyCount, n, len(s.agg.keys))
	}
	return nil
}

// PartialSign returns this signer's round-three message s_i = k_i + e·a_i·x_i.
// It works once: the nonce is erased after use.
func (s *Session) PartialSign() (PartialSignature, error) {
	if s.state != stateSign {
		return PartialSignature{}, fmt.Errorf("%w: partial signature requested before every nonce was received", ErrSessionState)
	}
	if s.used {
		return PartialSignature{}, ErrNonceUsed
	}
	si := ristretto255.NewScalar().Multiply(s.e, s.agg.coefs[s.index])
	si.Multiply(si, &s.x)
	si.Add(si, &s.k)
	s.k.Zero()
	s.used = true
	var out PartialSignature
	copy(out[:], si.Bytes())
	return out, nil
}

// VerifyPartial checks party i's partial signature: s_i·G = R_i + e·a_i·P_i.
// On failure it returns a *PartyError naming i.
func (s *Session) VerifyPartial(i int, ps PartialSignature) error {
	if s.state != stateSign {
		return fmt.Errorf("%w: partial signature checked before every nonce was received", ErrSessionState)
	}
	if i < 0 || i >= len(s.agg.keys) {
		return fmt.Errorf("%w: %d of %d", ErrPartyIndex, i, len(s.agg.keys))
	}
	si, err := ristretto255.NewScalar().SetCanonicalBytes(ps[:])
	if err != nil {
		return &PartyError{Party: i, Err: ErrInvalidPartial}
	}
	c := ristretto255.NewScalar().Multiply(s.e, s.agg.coefs[i])
	c.Negate(c)
	check := ristretto255.NewIdentityElement().VarTimeDoubleScalarBaseMult(c, &s.agg.keys[i].e, si)
	if check.Equal(s.nonces[i]) != 1 {
		return &PartyError{Party: i, Err: ErrInvalidPartial}
	}
	return nil
}

// Combine adds every signer's partial signature into the final signature and
// checks it against AggregateKey. If it does not verify, Combine checks each
// partial and returns a *PartyError for every bad one (see Blame).
func (s *Session) Combine(ps []PartialSignature) (*Signature, error) {
	if s.state != stateSign {
		return nil, fmt.Errorf("%w: combine called before every nonce was received", ErrSessionState)
	}
	if err := s.checkCount(len(ps)); err != nil {
		return nil, err
	}
	sum := ristretto255.NewScalar()
	var errs []error
	for i, p := range ps {
		si, err := ristretto255.NewScalar().SetCanonicalBytes(p[:])
		if err != nil {
			errs = append(errs, &PartyError{Party: i, Err: ErrInvalidPartial})
			continue
		}
		sum.Add(sum, si)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sig := newSignature(s.r, sum)
	if Verify(s.agg.key, s.msg, sig) == nil {
		return sig, nil
	}
	for i, p := range ps {
		if err := s.VerifyPartial(i, p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil, ErrInvalidSignature // unreachable: valid partials sum to a valid signature
	}
	return nil, errors.Join(errs...)
}

// String returns a fixed placeholder: a session holds a private key and a
// nonce and never prints them.
func (Session) String() string { return "schnorr.Session(REDACTED)" }

// Format writes the placeholder for every verb.
func (s Session) Format(f fmt.State, _ rune) { io.WriteString(f, s.String()) }
