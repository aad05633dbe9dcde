package staking

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/internal/codec"
)

// fullValidator has every field set to a distinct value.
func fullValidator() *Validator {
	v := &Validator{
		Stake: 0x0102030405060708, Rewards: 0x1112131415161718, Nonce: 0x3132333435363738, Power: 0x2122232425262728,
		Active: true, ActiveSince: 21, Jailed: true, JailedAt: 22, Tombstoned: true,
		Missed:       []byte{0xaa, 0x0f, 0x01, 0x80},
		PeriodSigned: 23, PeriodMissed: 24, PeriodDisqualified: true,
	}
	for i := range v.Key {
		v.Key[i] = byte(i)
		v.VRFKey[i] = byte(0x80 + i)
		v.Owner[i] = byte(0xc0 + i)
	}
	return v
}

func TestEncodeGolden(t *testing.T) {
	// The layout is consensus: a change here changes every app hash.
	want := "01" +
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" +
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf" +
		"0102030405060708" + "1112131415161718" + "3132333435363738" + "2122232425262728" + "0f" +
		"0000000000000015" + "0000000000000016" + "0000000000000017" + "0000000000000018" +
		"00000004" + "aa0f0180"
	got := hex.EncodeToString(fullValidator().Encode())
	if got != want {
		t.Fatalf("Encode =\n%s\nwant\n%s", got, want)
	}
	if n := len((&Validator{}).Encode()); n != validatorFixedSize {
		t.Fatalf("empty record is %d bytes, want %d", n, validatorFixedSize)
	}
}

func TestValidatorRoundTrip(t *testing.T) {
	big := &Validator{Missed: bytes.Repeat([]byte{0x5a}, MaxMissedBytes), PeriodSigned: 1<<63 - 1}
	tests := []struct {
		name string
		v    *Validator
	}{
		{"zero", &Validator{}},
		{"full", fullValidator()},
		{"active only", &Validator{Key: key(9), Stake: 5, Power: 1, Active: true, ActiveSince: 1}},
		{"max Missed and counters", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.v.Encode()
			got, err := DecodeValidator(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.v) {
				t.Fatalf("round trip changed %+v to %+v", tt.v, got)
			}
			if !bytes.Equal(got.Encode(), b) {
				t.Fatal("re-encoding changed the bytes")
			}
		})
	}
}

func TestEmptyMissedDecodesNil(t *testing.T) {
	for _, m := range [][]byte{nil, {}} {
		got, err := DecodeValidator((&Validator{Missed: m}).Encode())
		if err != nil {
			t.Fatal(err)
		}
		if got.Missed != nil {
			t.Fatalf("Missed = %#v, want nil", got.Missed)
		}
	}
}

func TestDecodeValidatorErrors(t *testing.T) {
	good := fullValidator().Encode()
	const (
		offPower  = 1 + 3*32 + 3*8
		offFlags  = offPower + 8
		offActive = offFlags + 1
		offLen    = offActive + 4*8
	)
	mod := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	withLen := func(n uint32, tail []byte) []byte {
		b := bytes.Clone(good[:offLen])
		b = append(b, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		return append(b, tail...)
	}
	tests := []struct {
		name    string
		in      []byte
		wantErr error  // also wrapped, besides ErrEncoding
		wantMsg string // a substring of the message
	}{
		{"empty", nil, codec.ErrShort, ""},
		{"version 0", mod(func(b []byte) []byte { b[0] = 0; return b }), nil, "version 0"},
		{"version 2", mod(func(b []byte) []byte { b[0] = 2; return b }), nil, "version 2"},
		{"truncated key", good[:20], codec.ErrShort, ""},
		{"truncated counters", good[:offActive+5], codec.ErrShort, ""},
		{"missing Missed length", good[:offLen], codec.ErrShort, ""},
		{"negative Power", mod(func(b []byte) []byte { b[offPower] = 0x80; return b }), nil, "Power"},
		{"unknown flag", mod(func(b []byte) []byte { b[offFlags] |= 0x10; return b }), nil, "unknown flags"},
		{"high flag", mod(func(b []byte) []byte { b[offFlags] |= 0x80; return b }), nil, "unknown flags"},
		{"negative ActiveSince", mod(func(b []byte) []byte { b[offActive] = 0x80; return b }), nil, "ActiveSince"},
		{"negative JailedAt", mod(func(b []byte) []byte { b[offActive+8] = 0xff; return b }), nil, "JailedAt"},
		{"negative PeriodSigned", mod(func(b []byte) []byte { b[offActive+16] = 0x80; return b }), nil, "PeriodSigned"},
		{"negative PeriodMissed", mod(func(b []byte) []byte { b[offActive+24] = 0x80; return b }), nil, "PeriodMissed"},
		{"Missed length over cap", withLen(MaxMissedBytes+1, make([]byte, MaxMissedBytes+1)), codec.ErrTooMany, ""},
		{"Missed length beyond input", withLen(5, []byte{1, 2, 3, 4}), codec.ErrShort, ""},
		{"Missed length short of input", withLen(3, []byte{1, 2, 3, 4}), codec.ErrTrailing, ""},
		{"trailing byte", append(bytes.Clone(good), 0), codec.ErrTrailing, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodeValidator(tt.in)
			if v != nil || err == nil {
				t.Fatalf("DecodeValidator = %+v, %v; want an error", v, err)
			}
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v does not wrap %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func FuzzDecodeValidator(f *testing.F) {
	f.Add(fullValidator().Encode())
	f.Add((&Validator{}).Encode())
	f.Add(append(fullValidator().Encode(), 0))
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeValidator(b)
		if (v == nil) == (err == nil) {
			t.Fatalf("DecodeValidator returned %v and %v", v, err)
		}
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		// Non-malleable: a decoded record re-encodes to the same bytes.
		if enc := v.Encode(); !bytes.Equal(enc, b) {
			t.Fatalf("decode→encode changed %x to %x", b, enc)
		}
	})
}
