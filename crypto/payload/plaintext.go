package payload

import (
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"io"
)

// Sizes, in bytes.
const (
	// Size is the length of a sealed payload: the same for every output.
	Size = 512
	// Overhead is the Poly1305 authentication tag.
	Overhead = 16
	// PlaintextSize is the length of an encoded plaintext.
	PlaintextSize = Size - Overhead
	// headerSize covers type and data length.
	headerSize = 1 + 2
	// MaxDataSize is the longest memo or data packet one payload holds.
	MaxDataSize = PlaintextSize - headerSize
)

// Type says what a payload carries.
type Type uint8

// Payload types. Values 0 and 3..255 are reserved: Encode and DecodePlaintext
// reject them until a later version defines them.
const (
	// TypePayment is a payment; Data is an optional memo for the recipient.
	TypePayment Type = 1
	// TypeData is a data-bus packet; Data is the packet (or a fragment).
	TypeData Type = 2
)

// String returns the type's name.
func (t Type) String() string {
	switch t {
	case TypePayment:
		return "payment"
	case TypeData:
		return "data"
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// known reports whether t is a defined type.
func (t Type) known() bool { return t == TypePayment || t == TypeData }

// Plaintext is the content of a payload. The amount and the blinding factor
// are not in it: they live in the output's core (Amount, Blinding), which
// outlives the payload.
type Plaintext struct {
	Type Type
	Data []byte // memo or packet, at most MaxDataSize bytes
}

// Encode returns the fixed-size encoding. It fails for a reserved type and
// for data longer than MaxDataSize (a *DataTooLongError).
func (p *Plaintext) Encode() ([PlaintextSize]byte, error) {
	var b [PlaintextSize]byte
	if !p.Type.known() {
		return b, fmt.Errorf("%w: %d", ErrUnknownType, uint8(p.Type))
	}
	if len(p.Data) > MaxDataSize {
		return b, &DataTooLongError{Len: len(p.Data)}
	}
	b[0] = byte(p.Type)
	binary.LittleEndian.PutUint16(b[1:3], uint16(len(p.Data)))
	copy(b[headerSize:], p.Data)
	return b, nil
}

// DecodePlaintext parses an encoding made by Encode. It rejects a wrong
// length (ErrSize), a reserved type (ErrUnknownType), a data length beyond
// MaxDataSize (ErrDataTooLong) and non-zero padding (ErrPadding).
func DecodePlaintext(b []byte) (*Plaintext, error) {
	if len(b) != PlaintextSize {
		return nil, fmt.Errorf("%w: plaintext is %d bytes, want %d", ErrSize, len(b), PlaintextSize)
	}
	p := &Plaintext{Type: Type(b[0])}
	if !p.Type.known() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownType, b[0])
	}
	n := int(binary.LittleEndian.Uint16(b[1:3]))
	if n > MaxDataSize {
		return nil, fmt.Errorf("%w: length field says %d bytes, the maximum is %d", ErrDataTooLong, n, MaxDataSize)
	}
	padding := b[headerSize+n:]
	if subtle.ConstantTimeCompare(padding, make([]byte, len(padding))) != 1 {
		return nil, fmt.Errorf("%w: %d bytes after the data are not all zero", ErrPadding, len(padding))
	}
	if n > 0 {
		p.Data = append([]byte(nil), b[headerSize:headerSize+n]...)
	}
	return p, nil
}

// String describes the plaintext without its content: type and data length.
func (p Plaintext) String() string {
	return fmt.Sprintf("payload.Plaintext(%s, %d data bytes REDACTED)", p.Type, len(p.Data))
}

// GoString is String, for %#v.
func (p Plaintext) GoString() string { return p.String() }

// Format writes String for every verb, so no directive prints the data.
func (p Plaintext) Format(f fmt.State, _ rune) { io.WriteString(f, p.String()) }
