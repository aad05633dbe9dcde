package chat

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mid(b byte) MessageID { return MessageID{b, 1, 2, 3} }

// sampleMessages returns one or more messages of every kind.
func sampleMessages(t testing.TB) []Message {
	_, ms := roster(t, 3)
	_, big := roster(t, MaxMembers)
	reply, edit := mid(9), mid(8)
	ids := make([]MessageID, MaxReceiptIDs)
	for i := range ids {
		ids[i] = MessageID{byte(i), byte(i >> 8), 7}
	}
	secret := [SecretSize]byte{1, 2, 3}
	rk, err := NewRekey(rand.Reader, GroupID{5}, 2, secret, "team", ms)
	if err != nil {
		t.Fatal(err)
	}
	return []Message{
		&Text{ID: mid(1), Seq: 1, Time: 1700000000000, Body: "hi"},
		&Text{ID: mid(2), Seq: 1<<64 - 1, Time: -1, Name: "Алиса 🦊", ReplyTo: &reply, Body: "ответ"},
		&Text{ID: mid(3), Seq: 3, Name: strings.Repeat("n", MaxName), Edits: &edit, Body: "fixed"},
		&Text{ID: mid(4), Seq: 4, ReplyTo: &reply, Edits: &edit, Body: strings.Repeat("x", MaxText)},
		&Receipt{IDs: []MessageID{mid(1)}},
		&Receipt{IDs: ids},
		&Invite{Group: GroupID{1}, Epoch: 0, Secret: secret, Name: "team", Inviter: "alice", Roster: ms},
		&Invite{Group: GroupID{2}, Epoch: 7, Rev: 9, Secret: secret, Name: "", Roster: big},
		&Roster{Group: GroupID{1}, Epoch: 3, Rev: 1<<32 - 1, Name: "team", Members: ms},
		rk,
		&Leave{Group: GroupID{1}, Epoch: 4},
	}
}

func TestMessageRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range sampleMessages(t) {
		enc, err := Encode(m)
		if err != nil {
			t.Fatalf("%v: %v", m.Kind(), err)
		}
		if enc[0] != Version || Kind(enc[1]) != m.Kind() {
			t.Fatalf("%v: header % x", m.Kind(), enc[:2])
		}
		got, err := Decode(enc)
		if err != nil {
			t.Fatalf("%v: decode: %v", m.Kind(), err)
		}
		again, err := Encode(got)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("%v: re-encoding differs (%v)", m.Kind(), err)
		}
		switch m.(type) {
		case *Text, *Receipt, *Leave:
			// No addresses inside: the decoded value equals the original.
			if !reflect.DeepEqual(got, m) {
				t.Fatalf("%v: round trip\n got %+v\nwant %+v", m.Kind(), got, m)
			}
		}
	}
}

// TestDecodeTruncatedOrExtended: every strict prefix of a valid encoding
// and every encoding with a byte appended is refused as malformed.
func TestDecodeTruncatedOrExtended(t *testing.T) {
	t.Parallel()
	for _, m := range sampleMessages(t) {
		enc, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		step := 1
		if len(enc) > 2000 {
			step = 37 // the large samples: enough cuts, in a reasonable time
		}
		for n := 0; n < len(enc); n += step {
			if _, err := Decode(enc[:n]); !errors.Is(err, ErrMalformed) {
				t.Fatalf("%v cut to %d of %d bytes: %v, want ErrMalformed", m.Kind(), n, len(enc), err)
			}
		}
		if _, err := Decode(append(enc, 0)); !errors.Is(err, ErrMalformed) {
			t.Fatalf("%v with a trailing byte: %v, want ErrMalformed", m.Kind(), err)
		}
	}
}

// enc encodes m without checking it, as a hostile sender would.
func enc(m Message) []byte { return m.appendBody([]byte{Version, byte(m.Kind())}) }

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	_, ms := roster(t, 3)
	two := append([]Member(nil), ms...)
	two[2].Role = RoleOwner
	none := append([]Member(nil), ms...)
	none[0].Role = RoleMember
	dup := append(append([]Member(nil), ms...), Member{Address: ms[1].Address})
	badRole := append([]Member(nil), ms...)
	badRole[2].Role = 3
	_, big := roster(t, MaxMembers+1)
	okText := enc(&Text{ID: mid(1), Seq: 1, Body: "hi"})
	flagged := append([]byte(nil), okText...)
	flagged[2+16+8+8] = 4
	badAddr := enc(&Roster{Group: GroupID{1}, Name: "g", Members: ms})
	// The first member's view key: 32 bytes of 0xff is no point.
	copy(badAddr[2+16+4+4+1+1+2:], bytes.Repeat([]byte{0xff}, 32))
	receipt := func(n int, ids ...MessageID) []byte {
		b := []byte{Version, byte(KindReceipt), byte(n)}
		for _, id := range ids {
			b = append(b, id[:]...)
		}
		return b
	}
	rekey := func(n int, sealed int) []byte {
		b := []byte{Version, byte(KindRekey)}
		b = append(b, make([]byte, 16+4)...)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
		b = append(b, make([]byte, n*EnvelopeSize)...)
		b = binary.BigEndian.AppendUint16(b, uint16(sealed))
		return append(b, make([]byte, sealed)...)
	}
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"version only", []byte{Version}, ErrMalformed},
		{"version 0", []byte{0, 1}, ErrVersion},
		{"version 2", append([]byte{2}, okText[1:]...), ErrVersion},
		{"kind 0", []byte{Version, 0}, ErrKind},
		{"kind 7", []byte{Version, 7}, ErrKind},
		{"text: unknown flag", flagged, ErrMalformed},
		{"text: zero id", enc(&Text{Seq: 1, Body: "hi"}), ErrMalformed},
		{"text: empty body", enc(&Text{ID: mid(1), Body: ""}), ErrMalformed},
		{"text: body over MaxText", enc(&Text{ID: mid(1), Body: strings.Repeat("x", MaxText+1)}), ErrMalformed},
		{"text: body not UTF-8", enc(&Text{ID: mid(1), Body: "\xff"}), ErrMalformed},
		{"text: name not UTF-8", enc(&Text{ID: mid(1), Name: "\xc3", Body: "hi"}), ErrMalformed},
		{"text: name with a newline", enc(&Text{ID: mid(1), Name: "a\nb", Body: "hi"}), ErrMalformed},
		{"text: name over MaxName", enc(&Text{ID: mid(1), Name: strings.Repeat("n", MaxName+1), Body: "hi"}), ErrMalformed},
		{"receipt: no ids", receipt(0), ErrMalformed},
		{"receipt: too many ids", receipt(MaxReceiptIDs + 1), ErrMalformed},
		{"receipt: an id twice", receipt(2, mid(1), mid(1)), ErrMalformed},
		{"receipt: fewer ids than counted", receipt(2, mid(1)), ErrMalformed},
		{"invite: empty roster", enc(&Invite{Name: "g"}), ErrMalformed},
		{"invite: two owners", enc(&Invite{Name: "g", Roster: two}), ErrMalformed},
		{"invite: no owner", enc(&Invite{Name: "g", Roster: none}), ErrMalformed},
		{"invite: a member twice", enc(&Invite{Name: "g", Roster: dup}), ErrMalformed},
		{"invite: unknown role", enc(&Invite{Name: "g", Roster: badRole}), ErrMalformed},
		{"invite: too many members", enc(&Invite{Name: "g", Roster: big}), ErrMalformed},
		{"invite: group name over MaxName", enc(&Invite{Name: strings.Repeat("g", MaxName+1), Roster: ms}), ErrMalformed},
		{"invite: inviter name not UTF-8", enc(&Invite{Name: "g", Inviter: "\xff", Roster: ms}), ErrMalformed},
		{"roster: an address that is no point", badAddr, ErrMalformed},
		{"roster: empty", enc(&Roster{Name: "g"}), ErrMalformed},
		{"rekey: no envelopes", rekey(0, 40), ErrMalformed},
		{"rekey: too many envelopes", rekey(MaxMembers+1, 40), ErrMalformed},
		{"rekey: sealed roster too short", rekey(1, sealOverhead-1), ErrMalformed},
		{"rekey: sealed roster too long", rekey(1, maxSealed+1), ErrMalformed},
		{"leave: short", []byte{Version, byte(KindLeave), 1, 2, 3}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.b)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v, %v; want %v", m, err, tt.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Reason == "" {
				t.Fatalf("error %v is not a *DecodeError with a reason", err)
			}
		})
	}
}

// TestEncodeRefusesInvalid: Encode checks what Decode would refuse.
func TestEncodeRefusesInvalid(t *testing.T) {
	t.Parallel()
	for _, m := range []Message{
		&Text{ID: mid(1)},
		&Text{Body: "no id"},
		&Receipt{},
		&Invite{Name: "g"},
		&Roster{Name: "g"},
		&Rekey{},
	} {
		if _, err := Encode(m); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%v %+v) = %v, want ErrInvalid", m.Kind(), m, err)
		}
	}
}

func TestIDsParse(t *testing.T) {
	t.Parallel()
	id := mid(7)
	got, err := ParseMessageID(id.String())
	if err != nil || got != id {
		t.Fatalf("ParseMessageID(%s) = %v, %v", id, got, err)
	}
	g := GroupID{1, 2}
	if got, err := ParseGroupID(g.String()); err != nil || got != g {
		t.Fatalf("ParseGroupID(%s) = %v, %v", g, got, err)
	}
	for _, s := range []string{"", "zz", id.String() + "00", id.String()[2:]} {
		if _, err := ParseMessageID(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseMessageID(%q) = %v", s, err)
		}
		if _, err := ParseGroupID(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseGroupID(%q) = %v", s, err)
		}
	}
	if KindRekey.String() != "rekey" || Kind(9).String() != "kind(9)" || RoleAdmin.String() != "admin" {
		t.Fatal("names")
	}
}

func FuzzDecode(f *testing.F) {
	for _, m := range sampleMessages(f) {
		b, err := Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 4096 {
			f.Add(b)
		}
	}
	f.Add([]byte{Version, byte(KindText)})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if (m == nil) == (err == nil) {
			t.Fatalf("Decode = %v, %v: want a message or an error", m, err)
		}
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		again, err := Encode(m)
		if err != nil {
			t.Fatalf("a decoded %v does not encode: %v", m.Kind(), err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("%v decodes from bytes it does not encode to", m.Kind())
		}
	})
}
