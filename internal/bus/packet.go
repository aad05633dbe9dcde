package bus

import (
	"crypto/sha256"
	"encoding/binary"
	"github.com/stegos-go/stegos/internal/codec"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// Packet encoding limits (ADR 0022).
const (
	// MaxData is the most data one packet carries (64 KiB).
	MaxData = 64 << 10
	// MaxApp is the longest app name.
	MaxApp = 32
	// AddressSize is a sender or recipient address inside a packet: view
	// key ‖ spend key.
	AddressSize = 2 * schnorr.PublicKeySize
	// SignatureSize is the length of a packet signature.
	SignatureSize = 64
	// DigestSize is the length of the packet digest (SHA-256).
	DigestSize = sha256.Size
	// MaxEncoded is the longest packet encoding: a signed packet with the
	// longest app and MaxData bytes.
	MaxEncoded = 1 + 1 + MaxApp + 8 + 4 + MaxData + AddressSize + SignatureSize + DigestSize
	// MaxFragments is the most fragments a packet needs (140).
	MaxFragments = (MaxEncoded + FragmentBody - 1) / FragmentBody
	// SignatureTag is the domain of packet signatures: the sender signs
	// H(SignatureTag, packet id ‖ recipient address ‖ the encoding before
	// the sender address) with its spend key.
	SignatureTag = "stegos/v1/bus/packet"
)

// flagSigned marks a packet that names its sender and carries a signature.
const flagSigned = 1

// Envelope is a packet encoding decoded: flags ‖ app (u8 length ‖ bytes) ‖
// sequence (u64) ‖ data (u32 length ‖ bytes) ‖ if signed, the sender's
// address and signature ‖ digest (SHA-256 of everything before it). All
// integers are big-endian.
type Envelope struct {
	// App is the packet's namespace: 1 to MaxApp bytes of [a-z0-9._-].
	App string
	// Seq is the sender's counter for its account and App.
	Seq uint64
	// Data is at most MaxData bytes.
	Data []byte
	// From is the sender's address, nil for an anonymous packet.
	From *stealth.Address
	// Sig is From's signature (SignatureTag) when From is set.
	Sig [SignatureSize]byte
}

// ValidApp reports whether app is a valid app name.
func ValidApp(app string) bool {
	if len(app) == 0 || len(app) > MaxApp {
		return false
	}
	for i := 0; i < len(app); i++ {
		c := app[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// CheckApp returns an error matching ErrBadApp unless app is valid.
func CheckApp(app string) error {
	if !ValidApp(app) {
		return decodeError(ErrBadApp, "app %q: want 1 to %d bytes of a-z, 0-9, '.', '_' and '-'", app, MaxApp)
	}
	return nil
}

// CheckData returns an error matching ErrPacketTooLarge when data is over
// MaxData bytes.
func CheckData(n int) error {
	if n > MaxData {
		return decodeError(ErrPacketTooLarge, "%d bytes of data, at most %d", n, MaxData)
	}
	return nil
}

// Prefix returns the encoding up to the sender address: what the signature
// covers (with the packet id and the recipient). The signed flag is set
// when From is.
func (e *Envelope) Prefix() ([]byte, error) { return e.prefix(e.From != nil) }

// SignedPrefix is Prefix with the signed flag set: what a sender signs
// before it sets From.
func (e *Envelope) SignedPrefix() ([]byte, error) { return e.prefix(true) }

// prefix encodes flags ‖ app ‖ sequence ‖ data.
func (e *Envelope) prefix(signed bool) ([]byte, error) {
	if err := CheckApp(e.App); err != nil {
		return nil, err
	}
	if err := CheckData(len(e.Data)); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+1+len(e.App)+8+4+len(e.Data)+AddressSize+SignatureSize+DigestSize)
	var flags byte
	if signed {
		flags |= flagSigned
	}
	b = append(b, flags, byte(len(e.App)))
	b = append(b, e.App...)
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Data)))
	return append(b, e.Data...), nil
}

// SigningMessage returns what the sender signs (under SignatureTag): packet
// id ‖ recipient address ‖ prefix.
func SigningMessage(id PacketID, to stealth.Address, prefix []byte) []byte {
	b := make([]byte, 0, PacketIDSize+AddressSize+len(prefix))
	b = append(b, id[:]...)
	b = append(b, addressBytes(to)...)
	return append(b, prefix...)
}

// Encode returns the packet encoding: the prefix, the sender and signature
// if From is set, and the digest.
func (e *Envelope) Encode() ([]byte, error) {
	b, err := e.Prefix()
	if err != nil {
		return nil, err
	}
	if e.From != nil {
		b = append(b, addressBytes(*e.From)...)
		b = append(b, e.Sig[:]...)
	}
	d := sha256.Sum256(b)
	return append(b, d[:]...), nil
}

// DecodeEnvelope parses a packet encoding strictly and checks its digest:
// known flags, a valid app, data within MaxData, a sender address that
// decodes, no trailing bytes. It does not check the signature (Verify
// does). Data aliases b.
func DecodeEnvelope(b []byte) (*Envelope, error) {
	if len(b) > MaxEncoded {
		return nil, decodeError(ErrPacketTooLarge, "encoding of %d bytes, at most %d", len(b), MaxEncoded)
	}
	if len(b) < DigestSize {
		return nil, decodeError(ErrMalformed, "encoding of %d bytes, shorter than its digest", len(b))
	}
	body, digest := b[:len(b)-DigestSize], b[len(b)-DigestSize:]
	if d := sha256.Sum256(body); string(d[:]) != string(digest) {
		return nil, decodeError(ErrBadDigest, "the digest does not match the %d bytes before it", len(body))
	}
	r := codec.NewReader(body)
	flags := r.Uint8()
	if flags&^flagSigned != 0 {
		return nil, decodeError(ErrMalformed, "unknown flags %#02x", flags)
	}
	e := &Envelope{}
	e.App = string(r.Next(int(r.Uint8())))
	if r.Err() != nil {
		return nil, decodeError(ErrMalformed, "truncated app")
	}
	if err := CheckApp(e.App); err != nil {
		return nil, err
	}
	e.Seq = r.Uint64()
	n := r.Uint32()
	if r.Err() != nil {
		return nil, decodeError(ErrMalformed, "truncated header")
	}
	if n > MaxData {
		return nil, decodeError(ErrPacketTooLarge, "%d bytes of data, at most %d", n, MaxData)
	}
	e.Data = r.Next(int(n))
	if flags&flagSigned != 0 {
		from, err := decodeAddress(r.Next(AddressSize))
		if err != nil && r.Err() == nil {
			return nil, decodeError(ErrMalformed, "sender address: %v", err)
		}
		e.From = &from
		copy(e.Sig[:], r.Next(SignatureSize))
	}
	switch {
	case r.Err() != nil:
		return nil, decodeError(ErrMalformed, "truncated packet")
	case r.Remaining() != 0:
		return nil, decodeError(ErrMalformed, "%d trailing bytes", r.Remaining())
	}
	return e, nil
}

// Verify checks a signed packet's signature with verify (wallet.VerifyData):
// the sender signed packet id ‖ recipient ‖ prefix under SignatureTag. An
// anonymous packet verifies.
func (e *Envelope) Verify(id PacketID, to stealth.Address, verify VerifyFunc) error {
	if e.From == nil {
		return nil
	}
	prefix, err := e.Prefix()
	if err != nil {
		return err
	}
	if !verify(*e.From, SignatureTag, SigningMessage(id, to, prefix), e.Sig) {
		return decodeError(ErrBadSignature, "the signature is not the named sender's")
	}
	return nil
}

// VerifyFunc checks a signature made by Wallet.SignData.
type VerifyFunc func(from stealth.Address, tag string, msg []byte, sig [64]byte) bool

// addressBytes returns view key ‖ spend key (the address encoding without
// its version byte).
func addressBytes(a stealth.Address) []byte { return a.Bytes()[1:] }

// decodeAddress parses view key ‖ spend key.
func decodeAddress(b []byte) (stealth.Address, error) {
	if len(b) != AddressSize {
		return stealth.Address{}, decodeError(ErrMalformed, "address of %d bytes", len(b))
	}
	return stealth.DecodeAddress(append([]byte{stealth.AddressVersion}, b...))
}
