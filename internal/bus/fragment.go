package bus

import (
	"encoding/binary"
	"encoding/hex"

	"github.com/stegos-go/stegos/crypto/payload"
)

// Fragment layout (ADR 0022): version ‖ packet id ‖ index ‖ count ‖ body.
const (
	// Version is the fragment version this package writes and reads.
	Version = 1
	// PacketIDSize is the length of a packet id.
	PacketIDSize = 16
	// FragmentHeader is the length of a fragment's header.
	FragmentHeader = 1 + PacketIDSize + 2 + 2
	// FragmentBody is the most packet bytes one fragment carries: what is
	// left of an output's payload data after the header (472 bytes).
	FragmentBody = payload.MaxDataSize - FragmentHeader
	// MaxCount is the largest fragment count the format allows.
	MaxCount = 1024
)

// PacketID identifies a packet: 16 random bytes chosen by the sender, so
// nobody else can add fragments to it.
type PacketID [PacketIDSize]byte

// String returns the id in hex.
func (id PacketID) String() string { return hex.EncodeToString(id[:]) }

// ParsePacketID parses the hex form of an id.
func ParsePacketID(s string) (PacketID, error) {
	var id PacketID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != PacketIDSize {
		return id, decodeError(ErrMalformed, "packet id %q is not %d hex bytes", s, PacketIDSize)
	}
	copy(id[:], b)
	return id, nil
}

// Fragment is one piece of a packet encoding, the data of one output.
type Fragment struct {
	PacketID PacketID
	// Index is the fragment's place, 0 ≤ Index < Count.
	Index, Count uint16
	// Body is the Index-th slice of FragmentBody bytes of the packet
	// encoding: exactly FragmentBody bytes except in the last fragment,
	// which holds 1 to FragmentBody.
	Body []byte
}

// Encode returns the fragment's encoding (at most payload.MaxDataSize bytes).
func (f Fragment) Encode() []byte {
	b := make([]byte, 0, FragmentHeader+len(f.Body))
	b = append(b, Version)
	b = append(b, f.PacketID[:]...)
	b = binary.BigEndian.AppendUint16(b, f.Index)
	b = binary.BigEndian.AppendUint16(b, f.Count)
	return append(b, f.Body...)
}

// DecodeFragment parses a fragment strictly: the version is Version,
// 0 ≤ index < count ≤ MaxCount, and the body is FragmentBody bytes (1 to
// FragmentBody in the last fragment). The body aliases b.
func DecodeFragment(b []byte) (Fragment, error) {
	var f Fragment
	if len(b) == 0 {
		return f, decodeError(ErrMalformed, "empty fragment")
	}
	if b[0] != Version {
		return f, decodeError(ErrVersion, "version %d, want %d", b[0], Version)
	}
	if len(b) < FragmentHeader {
		return f, decodeError(ErrMalformed, "fragment of %d bytes, shorter than its %d-byte header", len(b), FragmentHeader)
	}
	if len(b) > payload.MaxDataSize {
		return f, decodeError(ErrFragment, "fragment of %d bytes, at most %d fit an output", len(b), payload.MaxDataSize)
	}
	copy(f.PacketID[:], b[1:1+PacketIDSize])
	f.Index = binary.BigEndian.Uint16(b[1+PacketIDSize:])
	f.Count = binary.BigEndian.Uint16(b[3+PacketIDSize:])
	f.Body = b[FragmentHeader:]
	if err := f.check(); err != nil {
		return Fragment{}, err
	}
	return f, nil
}

// check enforces the ranges of index, count and body length.
func (f Fragment) check() error {
	switch {
	case f.Count == 0 || f.Count > MaxCount:
		return decodeError(ErrFragment, "count %d, want 1 to %d", f.Count, MaxCount)
	case f.Index >= f.Count:
		return decodeError(ErrFragment, "index %d of %d", f.Index, f.Count)
	case f.Index < f.Count-1 && len(f.Body) != FragmentBody:
		return decodeError(ErrFragment, "fragment %d of %d has %d body bytes, want %d", f.Index, f.Count, len(f.Body), FragmentBody)
	case len(f.Body) == 0:
		return decodeError(ErrFragment, "the last fragment is empty")
	}
	return nil
}

// FragmentCount returns how many fragments an encoding of n bytes needs.
func FragmentCount(n int) int { return (n + FragmentBody - 1) / FragmentBody }

// Split cuts a packet encoding into fragments of packet id. The bodies
// alias enc. enc must be 1 to MaxCount·FragmentBody bytes (Encode's are).
func Split(id PacketID, enc []byte) []Fragment {
	n := FragmentCount(len(enc))
	frags := make([]Fragment, n)
	for i := range frags {
		end := min((i+1)*FragmentBody, len(enc))
		frags[i] = Fragment{PacketID: id, Index: uint16(i), Count: uint16(n), Body: enc[i*FragmentBody : end]}
	}
	return frags
}

// Join concatenates the bodies of a whole packet's fragments, given in
// index order, all of one packet id and count.
func Join(frags []Fragment) ([]byte, error) {
	if len(frags) == 0 {
		return nil, decodeError(ErrFragment, "no fragments")
	}
	id, count := frags[0].PacketID, frags[0].Count
	if int(count) != len(frags) {
		return nil, decodeError(ErrFragment, "%d of %d fragments", len(frags), count)
	}
	out := make([]byte, 0, len(frags)*FragmentBody)
	for i, f := range frags {
		if f.PacketID != id || f.Count != count || int(f.Index) != i {
			return nil, decodeError(ErrFragment, "fragment %d is %s %d/%d", i, f.PacketID, f.Index, f.Count)
		}
		if err := f.check(); err != nil {
			return nil, err
		}
		out = append(out, f.Body...)
	}
	return out, nil
}
