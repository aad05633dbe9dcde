package stealth

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2/bech32"
)

func TestAddressRoundTrip(t *testing.T) {
	t.Parallel()
	addr := testKeys(t, 1).Address()
	for _, net := range networks {
		t.Run(net.String(), func(t *testing.T) {
			s := addr.String(net)
			if len(s) != addrTextSize || !strings.HasPrefix(s, net.HRP()+"1") {
				t.Fatalf("%s: %d characters, want %d with prefix %s1", s, len(s), addrTextSize, net.HRP())
			}
			for _, text := range []string{s, strings.ToUpper(s)} {
				got, gotNet, err := ParseAddress(text)
				if err != nil {
					t.Fatalf("ParseAddress(%s): %v", text, err)
				}
				if gotNet != net || !got.Equal(addr) || got.String(net) != s {
					t.Fatalf("round trip changed the address: %s, %v", got.String(net), gotNet)
				}
			}
			if _, err := ParseAddressFor(s, net); err != nil {
				t.Fatalf("ParseAddressFor own network: %v", err)
			}
		})
	}
	got, err := DecodeAddress(addr.Bytes())
	if err != nil || !got.Equal(addr) || !bytes.Equal(got.Bytes(), addr.Bytes()) {
		t.Fatalf("binary round trip: %v", err)
	}
	built, err := NewAddress(addr.ViewPublicKey(), addr.SpendPublicKey())
	if err != nil || !built.Equal(addr) {
		t.Fatalf("NewAddress: %v", err)
	}
	if _, err := NewAddress(addr.ViewPublicKey(), new(Address).SpendPublicKey()); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("NewAddress with a zero key: %v", err)
	}
	if addr.Equal(testKeys(t, 2).Address()) {
		t.Fatal("two wallets share an address")
	}
}

func TestAddressStringInvalidNetworkPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	_ = testKeys(t, 1).Address().String(Network(0))
}

func TestNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct {
		net       Network
		hrp, name string
		valid     bool
	}{
		{Mainnet, "stg", "mainnet", true},
		{Testnet, "stt", "testnet", true},
		{Dev, "dev", "dev", true},
		{0, "", "Network(0)", false},
		{4, "", "Network(4)", false},
	}
	for _, tt := range tests {
		if tt.net.HRP() != tt.hrp || tt.net.String() != tt.name || tt.net.Valid() != tt.valid {
			t.Errorf("%d: HRP %q String %q Valid %v", tt.net, tt.net.HRP(), tt.net.String(), tt.net.Valid())
		}
	}
}

// encodeRaw encodes payload under hrp with a bech32m (m=true) or bech32
// checksum, to build addresses this package would never print.
func encodeRaw(t *testing.T, hrp string, payload []byte, m bool) string {
	t.Helper()
	data, err := bech32.ConvertBits(payload, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	enc := bech32.Encode
	if m {
		enc = bech32.EncodeM
	}
	s, err := enc(hrp, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseAddressErrors(t *testing.T) {
	t.Parallel()
	addr := testKeys(t, 1).Address()
	good := addr.String(Mainnet)
	payload := addr.Bytes()
	with := func(off int, hexBytes string) []byte {
		p := bytes.Clone(payload)
		copy(p[off:], mustHex(t, hexBytes))
		return p
	}
	lastFlipped := good[:len(good)-1] + string("qp"[boolInt(good[len(good)-1] == 'q')])
	tests := []struct {
		name    string
		in      string
		want    error
		message string // a fragment the error text must contain
	}{
		{"empty", "", ErrSyntax, "separator"},
		{"no separator", "stgqqqqqq", ErrSyntax, "separator"},
		{"bad checksum", lastFlipped, ErrChecksum, "mistyped or truncated"},
		{"truncated by one", good[:len(good)-1], ErrChecksum, "mistyped or truncated"},
		{"truncated to half", good[:60], ErrChecksum, "mistyped or truncated"},
		{"truncated to the prefix", "stg1", ErrChecksum, "truncated"},
		{"middle character dropped", good[:50] + good[51:], ErrChecksum, "mistyped"},
		{"unknown prefix", encodeRaw(t, "stx", payload, true), ErrUnknownPrefix, `"stx", want "stg" (mainnet), "stt" (testnet), "dev" (dev)`},
		{"bitcoin address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", ErrUnknownPrefix, `"bc"`},
		{"bech32 not bech32m", encodeRaw(t, "stg", payload, false), ErrNotBech32m, "bech32m"},
		{"mixed case", strings.ToUpper(good[:10]) + good[10:], ErrMixedCase, "case"},
		{"invalid character o", good[:20] + "o" + good[21:], ErrSyntax, `character 21 ('o')`},
		{"invalid character non-ASCII", good[:20] + "é" + good[21:], ErrSyntax, "alphabet"},
		{"short payload", encodeRaw(t, "stg", payload[:64], true), ErrLength, "want 114"},
		{"long payload", encodeRaw(t, "stg", append(bytes.Clone(payload), 0), true), ErrLength, "want 114"},
		{"absurdly long", "stg1" + strings.Repeat("q", 2000), ErrLength, "2004 characters"},
		{"unknown version", encodeRaw(t, "stg", with(0, "01"), true), ErrVersion, "version 1, want 0"},
		{"view key non-canonical", encodeRaw(t, "stg", with(1, fieldPrime), true), ErrInvalidKey, "view key"},
		{"view key not a point", encodeRaw(t, "stg", with(1, nonSquare), true), ErrInvalidKey, "view key"},
		{"view key identity", encodeRaw(t, "stg", with(1, identity), true), ErrInvalidKey, "identity"},
		{"spend key non-canonical", encodeRaw(t, "stg", with(33, fieldPrime), true), ErrInvalidKey, "spend key"},
		{"spend key identity", encodeRaw(t, "stg", with(33, identity), true), ErrInvalidKey, "spend key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseAddress(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseAddress = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestParseAddressForWrongNetwork(t *testing.T) {
	t.Parallel()
	addr := testKeys(t, 1).Address()
	_, err := ParseAddressFor(addr.String(Testnet), Mainnet)
	if !errors.Is(err, ErrWrongNetwork) {
		t.Fatalf("ParseAddressFor = %v, want ErrWrongNetwork", err)
	}
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Got != Testnet || ne.Want != Mainnet {
		t.Fatalf("NetworkError = %+v", ne)
	}
	const want = `stealth: address is for testnet (prefix "stt"), want mainnet (prefix "stg")`
	if err.Error() != want {
		t.Fatalf("error = %q, want %q", err, want)
	}
	if _, err := ParseAddressFor("garbage", Mainnet); !errors.Is(err, ErrSyntax) {
		t.Fatalf("ParseAddressFor(garbage) = %v", err)
	}
}

// TestTyposDetected replaces each character of an address by every other
// bech32 character (and the prefix letters by every letter), swaps every pair
// of neighbours, and checks that no such typo parses.
func TestTyposDetected(t *testing.T) {
	t.Parallel()
	good := testKeys(t, 1).Address().String(Mainnet)
	try := func(s, what string) {
		if s == good {
			return
		}
		if _, _, err := ParseAddress(s); err == nil {
			t.Fatalf("%s not detected: %s", what, s)
		}
	}
	for i := range len(good) {
		alphabet := charset
		if i <= hrpLen {
			alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
		}
		for _, c := range []byte(alphabet) {
			try(good[:i]+string(c)+good[i+1:], "substitution")
		}
		if i+1 < len(good) {
			try(good[:i]+good[i+1:i+2]+good[i:i+1]+good[i+2:], "transposition")
		}
	}
}
