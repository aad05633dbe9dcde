package chat

import (
	"encoding/binary"
	"github.com/stegos-go/stegos/internal/codec"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// Group limits.
const (
	// MaxMembers is the largest roster (owner included).
	MaxMembers = 256
	// SecretSize is the size of a group secret: the BIP-39 entropy of the
	// group account's recovery phrase.
	SecretSize = 32
	// AddressSize is an address inside a chat message: view key ‖ spend
	// key (the bus's encoding).
	AddressSize = 2 * schnorr.PublicKeySize
	// MemberSize is the encoding of one roster entry: address ‖ role.
	MemberSize = AddressSize + 1
	// maxSealed bounds the sealed roster of a rekey.
	maxSealed = 2 + MaxMembers*MemberSize + 1 + MaxName + sealOverhead
)

// Role is a member's place in a group.
type Role byte

// The roles. The owner created the group; the owner and admins invite and
// remove members (which re-keys); members post.
const (
	RoleMember Role = 0
	RoleAdmin  Role = 1
	RoleOwner  Role = 2
)

// String names the role.
func (r Role) String() string {
	switch r {
	case RoleMember:
		return "member"
	case RoleAdmin:
		return "admin"
	case RoleOwner:
		return "owner"
	}
	return "unknown"
}

// ParseRole parses a role name ("" is a member).
func ParseRole(s string) (Role, error) {
	switch s {
	case "", "member":
		return RoleMember, nil
	case "admin":
		return RoleAdmin, nil
	case "owner":
		return RoleOwner, nil
	}
	return 0, invalid("role %q: want member, admin or owner", s)
}

// Member is one roster entry.
type Member struct {
	Address stealth.Address
	Role    Role
}

// checkRoster validates a roster: 1 to MaxMembers distinct addresses,
// known roles, exactly one owner.
func checkRoster(ms []Member) error {
	if len(ms) == 0 || len(ms) > MaxMembers {
		return invalid("a roster has 1 to %d members, not %d", MaxMembers, len(ms))
	}
	owners := 0
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if m.Role > RoleOwner {
			return invalid("unknown role %d", m.Role)
		}
		if m.Role == RoleOwner {
			owners++
		}
		k := string(m.Address.Bytes())
		if seen[k] {
			return invalid("a member appears twice in the roster")
		}
		seen[k] = true
	}
	if owners != 1 {
		return invalid("a roster has one owner, not %d", owners)
	}
	return nil
}

// appendRoster appends count u16 ‖ count × (address 64 ‖ role u8).
func appendRoster(b []byte, ms []Member) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(ms)))
	for _, m := range ms {
		b = append(b, addressBytes(m.Address)...)
		b = append(b, byte(m.Role))
	}
	return b
}

// readRoster parses a roster; check validates it afterwards.
func readRoster(r *codec.Reader) ([]Member, error) {
	n := int(r.Uint16())
	if r.Err() != nil {
		return nil, nil
	}
	if n == 0 || n > MaxMembers {
		return nil, decodeError(ErrMalformed, "a roster of %d members", n)
	}
	if n*MemberSize > r.Remaining() {
		r.Fail(codec.ErrShort)
		return nil, nil
	}
	ms := make([]Member, n)
	for i := range ms {
		a, err := decodeAddress(r.Next(AddressSize))
		if err != nil {
			return nil, decodeError(ErrMalformed, "member %d: %v", i, err)
		}
		ms[i] = Member{Address: a, Role: Role(r.Uint8())}
	}
	return ms, nil
}

// Invite hands a group to a new member, in a signed 1:1 packet from the
// owner or an admin:
//
//	group 16 ‖ epoch u32 ‖ revision u32 ‖ secret 32 ‖ name (u8 ‖ UTF-8) ‖
//	inviter's display name (u8 ‖ UTF-8) ‖ roster
//
// The secret is the group account's BIP-39 entropy: with it the invitee
// recovers the group account and reads the group with one scan.
type Invite struct {
	Group GroupID
	Epoch uint32
	// Rev is the roster's revision within the epoch (see Roster).
	Rev    uint32
	Secret [SecretSize]byte
	// Name is the group's name.
	Name string
	// Inviter is the display name the inviter chose.
	Inviter string
	// Roster includes the invitee.
	Roster []Member
}

// Kind implements Message.
func (*Invite) Kind() Kind { return KindInvite }

func (m *Invite) check() error {
	if err := checkName("group name", m.Name); err != nil {
		return err
	}
	if err := checkName("display name", m.Inviter); err != nil {
		return err
	}
	return checkRoster(m.Roster)
}

func (m *Invite) appendBody(b []byte) []byte {
	b = append(b, m.Group[:]...)
	b = binary.BigEndian.AppendUint32(b, m.Epoch)
	b = binary.BigEndian.AppendUint32(b, m.Rev)
	b = append(b, m.Secret[:]...)
	b = appendString8(b, m.Name)
	b = appendString8(b, m.Inviter)
	return appendRoster(b, m.Roster)
}

func (m *Invite) decodeBody(r *codec.Reader) (err error) {
	copy(m.Group[:], r.Next(IDSize))
	m.Epoch = r.Uint32()
	m.Rev = r.Uint32()
	copy(m.Secret[:], r.Next(SecretSize))
	m.Name = string(r.Next(int(r.Uint8())))
	m.Inviter = string(r.Next(int(r.Uint8())))
	m.Roster, err = readRoster(r)
	return err
}

// Roster announces a group's roster to its members (after an invitation,
// a change of role or a leave), in a signed packet to the group from the
// owner or an admin:
//
//	group 16 ‖ epoch u32 ‖ revision u32 ‖ name (u8 ‖ UTF-8) ‖ roster
//
// The revision counts the roster's changes within the epoch (a rekey
// starts its roster at 0): members apply a roster only if its revision is
// above theirs, so packets read late or out of order never bring an older
// roster back.
type Roster struct {
	Group   GroupID
	Epoch   uint32
	Rev     uint32
	Name    string
	Members []Member
}

// Kind implements Message.
func (*Roster) Kind() Kind { return KindRoster }

func (m *Roster) check() error {
	if err := checkName("group name", m.Name); err != nil {
		return err
	}
	return checkRoster(m.Members)
}

func (m *Roster) appendBody(b []byte) []byte {
	b = append(b, m.Group[:]...)
	b = binary.BigEndian.AppendUint32(b, m.Epoch)
	b = binary.BigEndian.AppendUint32(b, m.Rev)
	b = appendString8(b, m.Name)
	return appendRoster(b, m.Members)
}

func (m *Roster) decodeBody(r *codec.Reader) (err error) {
	copy(m.Group[:], r.Next(IDSize))
	m.Epoch = r.Uint32()
	m.Rev = r.Uint32()
	m.Name = string(r.Next(int(r.Uint8())))
	m.Members, err = readRoster(r)
	return err
}

// Rekey moves a group to its next epoch, in a signed packet to the old
// group account from the owner or an admin:
//
//	group 16 ‖ epoch u32 (the new one) ‖ count u16 ‖ count × envelope
//	(EnvelopeSize) ‖ sealed (u16 length ‖ bytes)
//
// Each envelope seals the new secret to one remaining member's view key
// (SealEnvelope); sealed is the new name and roster under a key derived
// from the new secret (SealRoster). A removed member sees how many
// envelopes there are and opens none of them.
type Rekey struct {
	Group     GroupID
	Epoch     uint32
	Envelopes []Envelope
	Sealed    []byte
}

// Kind implements Message.
func (*Rekey) Kind() Kind { return KindRekey }

func (m *Rekey) check() error {
	if len(m.Envelopes) == 0 || len(m.Envelopes) > MaxMembers {
		return invalid("a rekey has 1 to %d envelopes, not %d", MaxMembers, len(m.Envelopes))
	}
	if len(m.Sealed) < sealOverhead || len(m.Sealed) > maxSealed {
		return invalid("a sealed roster has %d to %d bytes, not %d", sealOverhead, maxSealed, len(m.Sealed))
	}
	return nil
}

func (m *Rekey) appendBody(b []byte) []byte {
	b = append(b, m.Group[:]...)
	b = binary.BigEndian.AppendUint32(b, m.Epoch)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Envelopes)))
	for i := range m.Envelopes {
		b = append(b, m.Envelopes[i][:]...)
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Sealed)))
	return append(b, m.Sealed...)
}

func (m *Rekey) decodeBody(r *codec.Reader) error {
	copy(m.Group[:], r.Next(IDSize))
	m.Epoch = r.Uint32()
	n := int(r.Uint16())
	if r.Err() != nil {
		return nil
	}
	if n == 0 || n > MaxMembers {
		return decodeError(ErrMalformed, "a rekey of %d envelopes", n)
	}
	if n*EnvelopeSize > r.Remaining() {
		r.Fail(codec.ErrShort)
		return nil
	}
	m.Envelopes = make([]Envelope, n)
	for i := range m.Envelopes {
		copy(m.Envelopes[i][:], r.Next(EnvelopeSize))
	}
	m.Sealed = r.Next(int(r.Uint16()))
	return nil
}

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
