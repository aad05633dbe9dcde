package chat

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/stegos-go/stegos/internal/bus"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	t.Parallel()
	alice, bob := newTestKey(t), newTestKey(t)
	secret := [SecretSize]byte{42, 1}
	g := GroupID{7}
	env, err := SealEnvelope(rand.Reader, alice.addr, g, 3, secret)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := OpenEnvelope(alice.dh, alice.addr, g, 3, &env); !ok || got != secret {
		t.Fatalf("alice opens %x, %v", got, ok)
	}
	// Bob's view key, the wrong group or epoch, or any altered byte: nothing opens.
	if _, ok := OpenEnvelope(bob.dh, bob.addr, g, 3, &env); ok {
		t.Fatal("bob opened alice's envelope")
	}
	if _, ok := OpenEnvelope(bob.dh, alice.addr, g, 3, &env); ok {
		t.Fatal("bob's view key opened alice's envelope")
	}
	if _, ok := OpenEnvelope(alice.dh, alice.addr, GroupID{8}, 3, &env); ok {
		t.Fatal("opened for another group")
	}
	if _, ok := OpenEnvelope(alice.dh, alice.addr, g, 4, &env); ok {
		t.Fatal("opened for another epoch")
	}
	for i := range env {
		bad := env
		bad[i] ^= 1
		if _, ok := OpenEnvelope(alice.dh, alice.addr, g, 3, &bad); ok {
			t.Fatalf("opened with byte %d altered", i)
		}
	}
	// Two envelopes of one secret share nothing.
	env2, _ := SealEnvelope(rand.Reader, alice.addr, g, 3, secret)
	if bytes.Equal(env[:32], env2[:32]) || bytes.Equal(env[32:], env2[32:]) {
		t.Fatal("two envelopes repeat their ephemeral key or ciphertext")
	}
	if _, err := SealEnvelope(bytes.NewReader(nil), alice.addr, g, 3, secret); err == nil {
		t.Fatal("sealed without randomness")
	}
}

func TestSealedRoster(t *testing.T) {
	t.Parallel()
	_, ms := roster(t, 5)
	secret := [SecretSize]byte{9}
	g := GroupID{1}
	sealed, err := SealRoster(secret, g, 2, "team", ms)
	if err != nil {
		t.Fatal(err)
	}
	name, got, err := OpenRoster(secret, g, 2, sealed)
	if err != nil || name != "team" || len(got) != len(ms) || !got[3].Address.Equal(ms[3].Address) || got[1].Role != RoleAdmin {
		t.Fatalf("OpenRoster = %q, %d members, %v", name, len(got), err)
	}
	for _, tt := range []struct {
		name   string
		secret [SecretSize]byte
		epoch  uint32
		sealed []byte
	}{
		{"another secret", [SecretSize]byte{8}, 2, sealed},
		{"another epoch", secret, 3, sealed},
		{"altered", secret, 2, append([]byte{sealed[0] ^ 1}, sealed[1:]...)},
		{"truncated", secret, 2, sealed[:len(sealed)-1]},
	} {
		if _, _, err := OpenRoster(tt.secret, g, tt.epoch, tt.sealed); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: OpenRoster = %v, want ErrMalformed", tt.name, err)
		}
	}
	if _, err := SealRoster(secret, g, 2, "team", nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("SealRoster of no members = %v", err)
	}
}

// TestRekeyHundredMembers: a group of 101 removes one member; the rekey
// for the 100 others opens for each of them and for nobody else, and its
// size is what the package documentation says.
func TestRekeyHundredMembers(t *testing.T) {
	t.Parallel()
	keys, ms := roster(t, 101)
	removed := keys[100]
	keys, ms = keys[:100], ms[:100]
	secret := [SecretSize]byte{1, 2, 3, 4}
	g := GroupID{3}
	rk, err := NewRekey(rand.Reader, g, 1, secret, "hundred", ms)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(rk)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	got := dec.(*Rekey)
	for i, k := range keys {
		s, name, roster, ok, err := got.Open(k.dh, k.addr)
		if err != nil || !ok || s != secret || name != "hundred" || len(roster) != 100 {
			t.Fatalf("member %d: Open = %v, %q, %d, %v, %v", i, s == secret, name, len(roster), ok, err)
		}
	}
	if _, _, _, ok, err := got.Open(removed.dh, removed.addr); ok || err != nil {
		t.Fatalf("the removed member opened the rekey (%v, %v)", ok, err)
	}
	// Sizes: 80-byte envelopes, 5 whole ones per fragment body; the packet
	// as the bus sends it (signed, app "chat.group").
	if EnvelopeSize != 80 || bus.FragmentBody/EnvelopeSize != 5 {
		t.Fatalf("EnvelopeSize %d, %d per fragment", EnvelopeSize, bus.FragmentBody/EnvelopeSize)
	}
	want := 2 + IDSize + 4 + 2 + 100*EnvelopeSize + 2 + (1 + len("hundred") + 2 + 100*MemberSize + sealOverhead)
	if len(data) != want {
		t.Fatalf("rekey of 100 members: %d bytes, want %d", len(data), want)
	}
	from := keys[0].addr
	pkt, err := (&bus.Envelope{App: AppGroup, Data: data, From: &from}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	frags := bus.FragmentCount(len(pkt))
	t.Logf("rekey for 100 members: %d bytes of chat data, %d bytes of packet, %d outputs (%d transactions)",
		len(data), len(pkt), frags, (frags+bus.MaxFragmentsPerTx-1)/bus.MaxFragmentsPerTx)
	if frags != 32 {
		t.Fatalf("a rekey for 100 members takes %d outputs, want 32", frags)
	}
}

func BenchmarkRekeyOpen100(b *testing.B) {
	keys, ms := roster(b, 100)
	rk, err := NewRekey(rand.Reader, GroupID{3}, 1, [SecretSize]byte{1}, "g", ms)
	if err != nil {
		b.Fatal(err)
	}
	last := keys[99] // the worst case: the last envelope
	b.ResetTimer()
	for b.Loop() {
		if _, _, _, ok, _ := rk.Open(last.dh, last.addr); !ok {
			b.Fatal("did not open")
		}
	}
}

func BenchmarkRekeySeal100(b *testing.B) {
	_, ms := roster(b, 100)
	for b.Loop() {
		if _, err := NewRekey(rand.Reader, GroupID{3}, 1, [SecretSize]byte{1}, "g", ms); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzOpenEnvelope: arbitrary envelopes and sealed rosters never open and
// never panic.
func FuzzOpenEnvelope(f *testing.F) {
	k := newTestKey(f)
	env, err := SealEnvelope(rand.Reader, k.addr, GroupID{1}, 1, [SecretSize]byte{7})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(env[:], []byte{1, 2, 3})
	f.Add(make([]byte, EnvelopeSize), make([]byte, sealOverhead))
	f.Fuzz(func(t *testing.T, e, sealed []byte) {
		var x Envelope
		copy(x[:], e)
		if x == env {
			return
		}
		if _, ok := OpenEnvelope(k.dh, k.addr, GroupID{1}, 1, &x); ok {
			t.Fatalf("a forged envelope opened: %x", e)
		}
		if _, _, err := OpenRoster([SecretSize]byte{7}, GroupID{1}, 1, sealed); err == nil {
			t.Fatalf("a forged roster opened: %x", sealed)
		}
	})
}
