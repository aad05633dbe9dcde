package chat

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"github.com/stegos-go/stegos/internal/codec"
	"unicode"
	"unicode/utf8"
)

// Version is the version byte every chat message starts with.
const Version = 1

// Limits of the message encodings.
const (
	// MaxText is the longest text, in bytes of UTF-8.
	MaxText = 16 << 10
	// MaxName is the longest display name or group name, in bytes.
	MaxName = 64
	// MaxReceiptIDs is the most message ids one receipt acknowledges.
	MaxReceiptIDs = 128
	// IDSize is the size of a message id and of a group id.
	IDSize = 16
)

// Kind is the type of a chat message, the byte after the version.
type Kind byte

// The message kinds.
const (
	KindText    Kind = 1 // a text to a contact, a group or a channel
	KindReceipt Kind = 2 // the recipient's acknowledgement of texts
	KindInvite  Kind = 3 // a group's secret, name, roster and epoch, sent 1:1
	KindRoster  Kind = 4 // a group's new roster, posted to the group
	KindRekey   Kind = 5 // the next epoch's secret in envelopes, posted to the old group
	KindLeave   Kind = 6 // a member leaves, posted to the group
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindReceipt:
		return "receipt"
	case KindInvite:
		return "invite"
	case KindRoster:
		return "roster"
	case KindRekey:
		return "rekey"
	case KindLeave:
		return "leave"
	}
	return fmt.Sprintf("kind(%d)", byte(k))
}

// MessageID identifies a text (random, chosen by its sender).
type MessageID [IDSize]byte

// String returns the id in hex.
func (id MessageID) String() string { return hex.EncodeToString(id[:]) }

// ParseMessageID parses the hex form of an id.
func ParseMessageID(s string) (MessageID, error) {
	var id MessageID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != IDSize {
		return id, decodeError(ErrMalformed, "message id %q is not %d hex bytes", s, IDSize)
	}
	copy(id[:], b)
	return id, nil
}

// GroupID identifies a group across its epochs (random, chosen by its
// owner).
type GroupID [IDSize]byte

// String returns the id in hex.
func (id GroupID) String() string { return hex.EncodeToString(id[:]) }

// ParseGroupID parses the hex form of an id.
func ParseGroupID(s string) (GroupID, error) {
	var id GroupID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != IDSize {
		return id, decodeError(ErrMalformed, "group id %q is not %d hex bytes", s, IDSize)
	}
	copy(id[:], b)
	return id, nil
}

// Message is one of the chat message types: *Text, *Receipt, *Invite,
// *Roster, *Rekey or *Leave.
type Message interface {
	// Kind is the message's kind.
	Kind() Kind
	// check validates the fields before encoding.
	check() error
	// appendBody appends the encoding after version and kind.
	appendBody(b []byte) []byte
	// decodeBody parses the encoding after version and kind.
	decodeBody(r *codec.Reader) error
}

// Encode returns a message's encoding: Version ‖ kind ‖ body. It refuses
// a message that would not decode (ErrInvalid).
func Encode(m Message) ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	return m.appendBody([]byte{Version, byte(m.Kind())}), nil
}

// Decode parses a message strictly: a known version and kind, every field
// in range, no trailing bytes, so that Encode of the result gives b back.
func Decode(b []byte) (Message, error) {
	if len(b) < 2 {
		return nil, decodeError(ErrMalformed, "%d bytes, shorter than version and kind", len(b))
	}
	if b[0] != Version {
		return nil, decodeError(ErrVersion, "version %d", b[0])
	}
	var m Message
	switch Kind(b[1]) {
	case KindText:
		m = &Text{}
	case KindReceipt:
		m = &Receipt{}
	case KindInvite:
		m = &Invite{}
	case KindRoster:
		m = &Roster{}
	case KindRekey:
		m = &Rekey{}
	case KindLeave:
		m = &Leave{}
	default:
		return nil, decodeError(ErrKind, "kind %d", b[1])
	}
	r := codec.NewReader(b[2:])
	if err := m.decodeBody(r); err != nil {
		return nil, err
	}
	switch {
	case r.Err() != nil:
		return nil, decodeError(ErrMalformed, "truncated %v", m.Kind())
	case r.Remaining() != 0:
		return nil, decodeError(ErrMalformed, "%d trailing bytes after a %v", r.Remaining(), m.Kind())
	}
	if err := m.check(); err != nil {
		return nil, decodeError(ErrMalformed, "%v", err)
	}
	return m, nil
}

// Text flags.
const (
	flagReply = 1 << 0
	flagEdit  = 1 << 1
)

// Text is a message to a contact, a group or a channel:
//
//	id 16 ‖ seq u64 ‖ time i64 ‖ flags u8 ‖ [reply-to 16] ‖ [edits 16] ‖
//	name (u8 length ‖ UTF-8) ‖ body (u16 length ‖ UTF-8)
//
// The reply-to id is present with flag bit 0, the edited id with bit 1.
type Text struct {
	ID MessageID
	// Seq is the sender's order in the conversation (1, 2, ...).
	Seq uint64
	// Time is when the sender wrote it (Unix milliseconds, the sender's
	// clock: for display only).
	Time int64
	// Name is the display name the sender chose (may be empty).
	Name string
	// ReplyTo, if set, is the message this one answers.
	ReplyTo *MessageID
	// Edits, if set, is the sender's earlier message this one replaces.
	Edits *MessageID
	// Body is 1 to MaxText bytes of UTF-8.
	Body string
}

// Kind implements Message.
func (*Text) Kind() Kind { return KindText }

func (m *Text) check() error {
	if m.ID == (MessageID{}) {
		return invalid("the message id is zero")
	}
	if err := checkName("display name", m.Name); err != nil {
		return err
	}
	if m.Body == "" || len(m.Body) > MaxText {
		return invalid("a text has 1 to %d bytes, not %d", MaxText, len(m.Body))
	}
	if !utf8.ValidString(m.Body) {
		return invalid("the text is not UTF-8")
	}
	return nil
}

func (m *Text) appendBody(b []byte) []byte {
	b = append(b, m.ID[:]...)
	b = binary.BigEndian.AppendUint64(b, m.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(m.Time))
	var flags byte
	if m.ReplyTo != nil {
		flags |= flagReply
	}
	if m.Edits != nil {
		flags |= flagEdit
	}
	b = append(b, flags)
	if m.ReplyTo != nil {
		b = append(b, m.ReplyTo[:]...)
	}
	if m.Edits != nil {
		b = append(b, m.Edits[:]...)
	}
	b = appendString8(b, m.Name)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Body)))
	return append(b, m.Body...)
}

func (m *Text) decodeBody(r *codec.Reader) error {
	copy(m.ID[:], r.Next(IDSize))
	m.Seq = r.Uint64()
	m.Time = int64(r.Uint64())
	flags := r.Uint8()
	if flags&^(flagReply|flagEdit) != 0 {
		return decodeError(ErrMalformed, "unknown text flags %#02x", flags)
	}
	if flags&flagReply != 0 {
		m.ReplyTo = new(MessageID)
		copy(m.ReplyTo[:], r.Next(IDSize))
	}
	if flags&flagEdit != 0 {
		m.Edits = new(MessageID)
		copy(m.Edits[:], r.Next(IDSize))
	}
	m.Name = string(r.Next(int(r.Uint8())))
	m.Body = string(r.Next(int(r.Uint16())))
	return nil
}

// Receipt acknowledges texts the recipient received:
//
//	count u8 ‖ count × id 16
//
// with 1 ≤ count ≤ MaxReceiptIDs distinct ids.
type Receipt struct {
	IDs []MessageID
}

// Kind implements Message.
func (*Receipt) Kind() Kind { return KindReceipt }

func (m *Receipt) check() error {
	if len(m.IDs) == 0 || len(m.IDs) > MaxReceiptIDs {
		return invalid("a receipt has 1 to %d ids, not %d", MaxReceiptIDs, len(m.IDs))
	}
	seen := make(map[MessageID]bool, len(m.IDs))
	for _, id := range m.IDs {
		if seen[id] {
			return invalid("id %v twice in a receipt", id)
		}
		seen[id] = true
	}
	return nil
}

func (m *Receipt) appendBody(b []byte) []byte {
	b = append(b, byte(len(m.IDs)))
	for _, id := range m.IDs {
		b = append(b, id[:]...)
	}
	return b
}

func (m *Receipt) decodeBody(r *codec.Reader) error {
	n := int(r.Uint8())
	if r.Err() != nil {
		return nil
	}
	if n == 0 || n > MaxReceiptIDs {
		return decodeError(ErrMalformed, "a receipt of %d ids", n)
	}
	m.IDs = make([]MessageID, n)
	for i := range m.IDs {
		copy(m.IDs[i][:], r.Next(IDSize))
	}
	return nil
}

// Leave announces that its sender leaves a group:
//
//	group 16 ‖ epoch u32
type Leave struct {
	Group GroupID
	Epoch uint32
}

// Kind implements Message.
func (*Leave) Kind() Kind { return KindLeave }

func (m *Leave) check() error { return nil }

func (m *Leave) appendBody(b []byte) []byte {
	b = append(b, m.Group[:]...)
	return binary.BigEndian.AppendUint32(b, m.Epoch)
}

func (m *Leave) decodeBody(r *codec.Reader) error {
	copy(m.Group[:], r.Next(IDSize))
	m.Epoch = r.Uint32()
	return nil
}

// checkName validates a display name or group name: at most MaxName bytes
// of UTF-8 without control characters.
func checkName(what, s string) error {
	if len(s) > MaxName {
		return invalid("a %s has at most %d bytes, not %d", what, MaxName, len(s))
	}
	if !utf8.ValidString(s) {
		return invalid("the %s is not UTF-8", what)
	}
	for _, c := range s {
		if unicode.IsControl(c) {
			return invalid("the %s has a control character %q", what, c)
		}
	}
	return nil
}

// appendString8 appends a string of at most 255 bytes with a u8 length.
func appendString8(b []byte, s string) []byte {
	b = append(b, byte(len(s)))
	return append(b, s...)
}
