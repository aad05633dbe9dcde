package bus

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
)

func TestFragmentRoundTrip(t *testing.T) {
	id := PacketID{1, 2, 3}
	full := bytes.Repeat([]byte{7}, FragmentBody)
	tests := []Fragment{
		{PacketID: id, Index: 0, Count: 1, Body: []byte{1}},
		{PacketID: id, Index: 0, Count: 1, Body: full},
		{PacketID: id, Index: 0, Count: 3, Body: full},
		{PacketID: id, Index: 2, Count: 3, Body: []byte("last")},
		{PacketID: id, Index: MaxCount - 1, Count: MaxCount, Body: full},
	}
	for _, f := range tests {
		enc := f.Encode()
		if len(enc) > payload.MaxDataSize {
			t.Fatalf("fragment %d/%d encodes to %d bytes", f.Index, f.Count, len(enc))
		}
		got, err := DecodeFragment(enc)
		if err != nil {
			t.Fatalf("fragment %d/%d: %v", f.Index, f.Count, err)
		}
		if got.PacketID != f.PacketID || got.Index != f.Index || got.Count != f.Count || !bytes.Equal(got.Body, f.Body) {
			t.Fatalf("fragment %d/%d decodes to %+v", f.Index, f.Count, got)
		}
	}
	if FragmentBody != 472 || payload.MaxDataSize != 493 {
		t.Fatalf("FragmentBody = %d with MaxDataSize %d; ADR 0022 says 472 of 493", FragmentBody, payload.MaxDataSize)
	}
}

func TestDecodeFragmentRejects(t *testing.T) {
	header := func(version byte, index, count uint16) []byte {
		b := []byte{version}
		b = append(b, make([]byte, PacketIDSize)...)
		b = binary.BigEndian.AppendUint16(b, index)
		return binary.BigEndian.AppendUint16(b, count)
	}
	body := func(n int) []byte { return bytes.Repeat([]byte{1}, n) }
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"version 0", append(header(0, 0, 1), 1), ErrVersion},
		{"version 2", append(header(2, 0, 1), 1), ErrVersion},
		{"short header", header(1, 0, 1)[:FragmentHeader-1], ErrMalformed},
		{"no body", header(1, 0, 1), ErrFragment},
		{"count 0", append(header(1, 0, 0), 1), ErrFragment},
		{"count over the limit", append(header(1, 0, MaxCount+1), body(FragmentBody)...), ErrFragment},
		{"index = count", append(header(1, 1, 1), 1), ErrFragment},
		{"index > count", append(header(1, 5, 2), body(FragmentBody)...), ErrFragment},
		{"short middle fragment", append(header(1, 0, 2), body(FragmentBody-1)...), ErrFragment},
		{"over an output", append(header(1, 1, 2), body(FragmentBody+1)...), ErrFragment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeFragment(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Reason == "" {
				t.Fatalf("err %v is not a *DecodeError with a reason", err)
			}
		})
	}
}

func TestEnvelopeRoundTrip(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	id := randomID(t)
	tests := []struct {
		name string
		e    Envelope
		from *testKey
	}{
		{"anonymous, empty", Envelope{App: "a", Seq: 0}, nil},
		{"anonymous", Envelope{App: "chat.v1", Seq: 7, Data: []byte("hello")}, nil},
		{"signed", Envelope{App: "ping-pong_2", Seq: 1 << 40, Data: []byte("hi")}, &alice},
		{"longest app", Envelope{App: strings.Repeat("z", MaxApp), Data: randomBytes(t, 100)}, nil},
		{"64 KiB signed", Envelope{App: strings.Repeat("x", MaxApp), Seq: ^uint64(0), Data: randomBytes(t, MaxData)}, &alice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := seal(t, id, bob.addr, tt.e, tt.from)
			got, err := DecodeEnvelope(enc)
			if err != nil {
				t.Fatal(err)
			}
			if got.App != tt.e.App || got.Seq != tt.e.Seq || !bytes.Equal(got.Data, tt.e.Data) {
				t.Fatalf("decoded %q #%d (%d bytes)", got.App, got.Seq, len(got.Data))
			}
			if (got.From != nil) != (tt.from != nil) || (got.From != nil && !got.From.Equal(tt.from.addr)) {
				t.Fatalf("sender %v, want %v", got.From, tt.from)
			}
			again, err := got.Encode()
			if err != nil || !bytes.Equal(again, enc) {
				t.Fatalf("re-encoding differs (%v)", err)
			}
			if err := got.Verify(id, bob.addr, testVerify); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if len(enc) > MaxEncoded || FragmentCount(len(enc)) > MaxFragments {
				t.Fatalf("%d bytes, %d fragments: over MaxEncoded %d / MaxFragments %d", len(enc), FragmentCount(len(enc)), MaxEncoded, MaxFragments)
			}
			frags := Split(id, enc)
			joined, err := Join(frags)
			if err != nil || !bytes.Equal(joined, enc) {
				t.Fatalf("Join(Split) differs (%v)", err)
			}
			for _, f := range frags {
				if len(f.Encode()) > payload.MaxDataSize {
					t.Fatalf("fragment of %d bytes", len(f.Encode()))
				}
			}
		})
	}
}

// TestSizes checks the numbers of ADR 0022: 472 packet bytes per output, a
// 4 KiB packet in 9 outputs (10 signed), 64 KiB in 139.
func TestSizes(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	count := func(n int, signed bool) int {
		var from *testKey
		if signed {
			from = &alice
		}
		return FragmentCount(len(seal(t, randomID(t), bob.addr, Envelope{App: "ping", Data: make([]byte, n)}, from)))
	}
	for _, tt := range []struct {
		n      int
		signed bool
		want   int
	}{{4096, false, 9}, {4096, true, 10}, {10 << 10, false, 22}, {MaxData, false, 139}, {MaxData, true, 140}} {
		if got := count(tt.n, tt.signed); got != tt.want {
			t.Errorf("%d bytes (signed %v): %d fragments, want %d", tt.n, tt.signed, got, tt.want)
		}
	}
	if MaxFragments != 140 {
		t.Errorf("MaxFragments = %d", MaxFragments)
	}
}

func TestEncodeRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    Envelope
		want error
	}{
		{"empty app", Envelope{}, ErrBadApp},
		{"app too long", Envelope{App: strings.Repeat("a", MaxApp+1)}, ErrBadApp},
		{"upper case", Envelope{App: "Chat"}, ErrBadApp},
		{"space", Envelope{App: "a b"}, ErrBadApp},
		{"slash", Envelope{App: "a/b"}, ErrBadApp},
		{"non-ASCII", Envelope{App: "чат"}, ErrBadApp},
		{"data too large", Envelope{App: "a", Data: make([]byte, MaxData+1)}, ErrPacketTooLarge},
	} {
		if _, err := tt.e.Encode(); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestDecodeEnvelopeRejects(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	id := randomID(t)
	// redigest replaces the digest of b with the right one, so a test
	// reaches the check after it.
	redigest := func(b []byte) []byte {
		b = bytes.Clone(b[:len(b)-DigestSize])
		d := sha256.Sum256(b)
		return append(b, d[:]...)
	}
	valid := seal(t, id, bob.addr, Envelope{App: "app", Seq: 3, Data: []byte("data")}, nil)
	signed := seal(t, id, bob.addr, Envelope{App: "app", Seq: 3, Data: []byte("data")}, &alice)
	// edit returns valid with f applied to its body, re-digested.
	edit := func(src []byte, f func([]byte) []byte) []byte {
		body := f(bytes.Clone(src[:len(src)-DigestSize]))
		return redigest(append(body, make([]byte, DigestSize)...))
	}
	// valid's layout: flags 0, app length 1, app 2..4, seq 5..12, data length 13..16, data 17..20.
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"only a digest", redigest(make([]byte, DigestSize)), ErrMalformed},
		{"digest flipped", append(bytes.Clone(valid[:len(valid)-1]), valid[len(valid)-1]^1), ErrBadDigest},
		{"body flipped", append([]byte{valid[0] ^ 2}, valid[1:]...), ErrBadDigest},
		{"unknown flag", edit(valid, func(b []byte) []byte { b[0] = 2; return b }), ErrMalformed},
		{"empty app", edit(valid, func(b []byte) []byte { return append([]byte{0, 0}, b[5:]...) }), ErrBadApp},
		{"bad app byte", edit(valid, func(b []byte) []byte { b[2] = 'A'; return b }), ErrBadApp},
		{"app too long", edit(valid, func(b []byte) []byte {
			return append(append([]byte{0, MaxApp + 1}, bytes.Repeat([]byte("a"), MaxApp+1)...), b[5:]...)
		}), ErrBadApp},
		{"app past the end", edit(valid, func(b []byte) []byte { return b[:3] }), ErrMalformed},
		{"truncated sequence", edit(valid, func(b []byte) []byte { return b[:9] }), ErrMalformed},
		{"data length too large", edit(valid, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[13:], MaxData+1)
			return b
		}), ErrPacketTooLarge},
		{"data past the end", edit(valid, func(b []byte) []byte { binary.BigEndian.PutUint32(b[13:], 5); return b }), ErrMalformed},
		{"trailing byte", edit(valid, func(b []byte) []byte { return append(b, 0) }), ErrMalformed},
		{"signed flag without sender", edit(valid, func(b []byte) []byte { b[0] = flagSigned; return b }), ErrMalformed},
		{"truncated signature", edit(signed, func(b []byte) []byte { return b[:len(b)-1] }), ErrMalformed},
		{"sender not a point", edit(signed, func(b []byte) []byte {
			for i := range AddressSize {
				b[21+i] = 0xff
			}
			return b
		}), ErrMalformed},
		{"over the largest encoding", make([]byte, MaxEncoded+1), ErrPacketTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeEnvelope(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParsePacketID(t *testing.T) {
	id := randomID(t)
	got, err := ParsePacketID(id.String())
	if err != nil || got != id {
		t.Fatalf("ParsePacketID(%s) = %s, %v", id, got, err)
	}
	for _, s := range []string{"", "00", strings.Repeat("g", 32), id.String() + "00"} {
		if _, err := ParsePacketID(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParsePacketID(%q) = %v", s, err)
		}
	}
}

func FuzzDecodeFragment(f *testing.F) {
	f.Add(Fragment{PacketID: PacketID{1}, Index: 0, Count: 1, Body: []byte("x")}.Encode())
	f.Add(Fragment{PacketID: PacketID{2}, Index: 1, Count: 3, Body: make([]byte, FragmentBody)}.Encode())
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := DecodeFragment(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		if again := fr.Encode(); !bytes.Equal(again, b) {
			t.Fatalf("decode→encode changed %x into %x", b, again)
		}
	})
}

func FuzzDecodeEnvelope(f *testing.F) {
	alice, bob := newTestKey(f), newTestKey(f)
	id := PacketID{9}
	f.Add(seal(f, id, bob.addr, Envelope{App: "a", Data: []byte("x")}, nil))
	f.Add(seal(f, id, bob.addr, Envelope{App: "chat", Seq: 5, Data: []byte("hello")}, &alice))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEnvelope(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		again, err := e.Encode()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decode→encode changed the bytes (%v)", err)
		}
	})
}

// FuzzDecodeEnvelopeBody fuzzes the parser behind the digest: the input is
// a packet encoding without its digest, which the test appends.
func FuzzDecodeEnvelopeBody(f *testing.F) {
	alice, bob := newTestKey(f), newTestKey(f)
	id := PacketID{9}
	for _, enc := range [][]byte{
		seal(f, id, bob.addr, Envelope{App: "a", Data: []byte("x")}, nil),
		seal(f, id, bob.addr, Envelope{App: "chat", Seq: 5, Data: []byte("hello")}, &alice),
	} {
		f.Add(enc[:len(enc)-DigestSize])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d := sha256.Sum256(body)
		b := append(bytes.Clone(body), d[:]...)
		e, err := DecodeEnvelope(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || errors.Is(err, ErrBadDigest) {
				t.Fatalf("error %v: not a *DecodeError, or a digest error for a right digest", err)
			}
			return
		}
		again, err := e.Encode()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decode→encode changed the bytes (%v)", err)
		}
	})
}
