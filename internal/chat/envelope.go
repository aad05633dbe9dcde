package chat

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/stegos-go/stegos/internal/codec"
	"io"

	"github.com/gtank/ristretto255"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// An envelope carries a group's next secret to one member:
//
//	E 32 ‖ ChaCha20-Poly1305(k, nonce 0, secret 32, aad = group ‖ epoch)
//
// with E = e·G for a fresh scalar e and
//
//	dh = SHA-512(ViewDHTag, EnvelopeTag, e·A)[:32]   (the member computes a·E)
//	k  = HKDF-SHA256(dh, salt = EnvelopeTag, info = E ‖ A ‖ B ‖ group ‖ epoch)
//
// where (A, B) is the member's address and a its secret view key: only the
// holder of a opens it, and the key is bound to the member, the group and
// the epoch. Every envelope has its own e, so the zero nonce is never
// reused under one key. Nothing in an envelope names its member: a member
// tries the envelopes of a rekey until one opens.
const (
	// EnvelopeSize is the size of one envelope: 32 + 32 + 16 = 80 bytes,
	// so a fragment body (472 bytes) holds 5 whole envelopes.
	EnvelopeSize = 32 + SecretSize + chacha20poly1305.Overhead
	// EnvelopeTag is the domain of envelope keys.
	EnvelopeTag = "stegos/v1/chat/envelope"
	// ViewDHTag frames the Diffie–Hellman value of an account's view key
	// (wallet.Service.ViewDH computes the recipient's side).
	ViewDHTag = "stegos/v1/wallet/view-dh"
	// rosterTag is the domain of the key that seals a rekey's roster.
	rosterTag = "stegos/v1/chat/rekey-roster"
	// sealOverhead is what sealing adds (the Poly1305 tag).
	sealOverhead = chacha20poly1305.Overhead
)

// Envelope is a group secret sealed to one member's view key.
type Envelope [EnvelopeSize]byte

// DHFunc returns SHA-512(ViewDHTag, tag, a·E)[:32] for the secret view
// key a of the account opening an envelope (wallet.Service.ViewDH).
type DHFunc func(tag string, e [32]byte) ([32]byte, error)

// SealEnvelope seals secret to the member at to for group and epoch.
func SealEnvelope(rand io.Reader, to stealth.Address, group GroupID, epoch uint32, secret [SecretSize]byte) (Envelope, error) {
	var env Envelope
	var wide [64]byte
	if _, err := io.ReadFull(rand, wide[:]); err != nil {
		return env, fmt.Errorf("chat: envelope randomness: %w", err)
	}
	e, err := ristretto255.NewScalar().SetUniformBytes(wide[:])
	clear(wide[:])
	if err != nil {
		return env, err
	}
	defer e.Zero()
	E := ristretto255.NewIdentityElement().ScalarBaseMult(e)
	S := ristretto255.NewIdentityElement().ScalarMult(e, to.ViewPublicKey().Element())
	var ePub [32]byte
	copy(ePub[:], E.Bytes())
	dh := ViewDH(EnvelopeTag, S.Bytes())
	aead, err := chacha20poly1305.New(envelopeKey(dh, ePub, to, group, epoch))
	if err != nil {
		return env, err
	}
	copy(env[:32], ePub[:])
	aead.Seal(env[32:32], make([]byte, chacha20poly1305.NonceSize), secret[:], groupAAD(group, epoch))
	return env, nil
}

// OpenEnvelope opens env for the member at me, whose view key dh
// computes with. It reports false when env is not sealed to me (or was
// altered).
func OpenEnvelope(dh DHFunc, me stealth.Address, group GroupID, epoch uint32, env *Envelope) ([SecretSize]byte, bool) {
	var secret [SecretSize]byte
	var ePub [32]byte
	copy(ePub[:], env[:32])
	shared, err := dh(EnvelopeTag, ePub)
	if err != nil {
		return secret, false
	}
	aead, err := chacha20poly1305.New(envelopeKey(shared, ePub, me, group, epoch))
	if err != nil {
		return secret, false
	}
	out, err := aead.Open(secret[:0], make([]byte, chacha20poly1305.NonceSize), env[32:], groupAAD(group, epoch))
	if err != nil || len(out) != SecretSize {
		return [SecretSize]byte{}, false
	}
	return secret, true
}

// ViewDH frames the encoding of a Diffie–Hellman point for tag, as
// wallet.Service.ViewDH does on the recipient's side.
func ViewDH(tag string, point []byte) [32]byte {
	sum := schnorr.TaggedHash(ViewDHTag, []byte(tag), point)
	return [32]byte(sum[:32])
}

// envelopeKey derives the AEAD key of one envelope.
func envelopeKey(dh [32]byte, ePub [32]byte, to stealth.Address, group GroupID, epoch uint32) []byte {
	info := make([]byte, 0, 32+AddressSize+IDSize+4)
	info = append(info, ePub[:]...)
	info = append(info, addressBytes(to)...)
	info = append(info, groupAAD(group, epoch)...)
	k := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, dh[:], []byte(EnvelopeTag), info), k); err != nil {
		panic("chat: hkdf: " + err.Error())
	}
	return k
}

// groupAAD is group ‖ epoch.
func groupAAD(group GroupID, epoch uint32) []byte {
	b := append([]byte(nil), group[:]...)
	return binary.BigEndian.AppendUint32(b, epoch)
}

// rosterKey derives the key that seals a rekey's roster from the new
// secret.
func rosterKey(secret [SecretSize]byte, group GroupID, epoch uint32) []byte {
	k := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret[:], []byte(rosterTag), groupAAD(group, epoch)), k); err != nil {
		panic("chat: hkdf: " + err.Error())
	}
	return k
}

// SealRoster seals a group's name and roster under the epoch's secret:
// ChaCha20-Poly1305(k, nonce 0, name (u8 ‖ UTF-8) ‖ roster) with
// k = HKDF-SHA256(secret, salt = "stegos/v1/chat/rekey-roster", info =
// group ‖ epoch). One key seals one roster: the secret is fresh per epoch.
func SealRoster(secret [SecretSize]byte, group GroupID, epoch uint32, name string, ms []Member) ([]byte, error) {
	if err := checkName("group name", name); err != nil {
		return nil, err
	}
	if err := checkRoster(ms); err != nil {
		return nil, err
	}
	plain := appendRoster(appendString8(nil, name), ms)
	aead, err := chacha20poly1305.New(rosterKey(secret, group, epoch))
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), plain, nil), nil
}

// OpenRoster opens what SealRoster sealed.
func OpenRoster(secret [SecretSize]byte, group GroupID, epoch uint32, sealed []byte) (string, []Member, error) {
	aead, err := chacha20poly1305.New(rosterKey(secret, group, epoch))
	if err != nil {
		return "", nil, err
	}
	plain, err := aead.Open(nil, make([]byte, chacha20poly1305.NonceSize), sealed, nil)
	if err != nil {
		return "", nil, decodeError(ErrMalformed, "the sealed roster does not open with the new secret")
	}
	r := codec.NewReader(plain)
	name := string(r.Next(int(r.Uint8())))
	ms, err := readRoster(r)
	switch {
	case err != nil:
		return "", nil, err
	case r.Err() != nil:
		return "", nil, decodeError(ErrMalformed, "truncated sealed roster")
	case r.Remaining() != 0:
		return "", nil, decodeError(ErrMalformed, "%d trailing bytes in the sealed roster", r.Remaining())
	}
	if err := checkName("group name", name); err != nil {
		return "", nil, decodeError(ErrMalformed, "%v", err)
	}
	if err := checkRoster(ms); err != nil {
		return "", nil, decodeError(ErrMalformed, "%v", err)
	}
	return name, ms, nil
}

// NewRekey builds the rekey that moves group to epoch with secret: one
// envelope per member of ms (the new roster, the sender included), in the
// roster's order, and the sealed roster.
func NewRekey(rand io.Reader, group GroupID, epoch uint32, secret [SecretSize]byte, name string, ms []Member) (*Rekey, error) {
	sealed, err := SealRoster(secret, group, epoch, name, ms)
	if err != nil {
		return nil, err
	}
	m := &Rekey{Group: group, Epoch: epoch, Sealed: sealed, Envelopes: make([]Envelope, len(ms))}
	for i, mb := range ms {
		if m.Envelopes[i], err = SealEnvelope(rand, mb.Address, group, epoch, secret); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Open finds the envelope sealed to me and returns the new secret, name
// and roster; ok is false when none is (me was removed).
func (m *Rekey) Open(dh DHFunc, me stealth.Address) (secret [SecretSize]byte, name string, ms []Member, ok bool, err error) {
	for i := range m.Envelopes {
		s, found := OpenEnvelope(dh, me, m.Group, m.Epoch, &m.Envelopes[i])
		if !found {
			continue
		}
		name, ms, err = OpenRoster(s, m.Group, m.Epoch, m.Sealed)
		if err != nil {
			return secret, "", nil, false, err
		}
		return s, name, ms, true, nil
	}
	return secret, "", nil, false, nil
}
