package keystore

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

var testPassword = []byte("correct horse battery staple")

// fakeKDF is a cheap stand-in for argon2id, for tests that exercise the
// format rather than the KDF. It fails the test if called with parameters
// outside the bounds: nothing may reach the KDF unchecked.
func fakeKDF(t testing.TB) kdf {
	return func(password, salt []byte, p Params) []byte {
		if err := p.Validate(); err != nil {
			t.Fatalf("KDF called with unchecked params: %v", err)
		}
		h := sha256.New()
		h.Write(password)
		h.Write(salt)
		binary.Write(h, binary.BigEndian, p)
		return h.Sum(nil)
	}
}

// sealed returns a real keystore file with MinParams.
func sealed(t testing.TB, plaintext []byte) []byte {
	t.Helper()
	f, err := Encrypt(rand.Reader, testPassword, plaintext, MinParams())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	// One real argon2id round trip; the size sweep uses the cheap KDF.
	pt := []byte("32 bytes of seed material.......")
	got, err := Decrypt(testPassword, sealed(t, pt))
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("Decrypt = %q, %v", got, err)
	}
	kdf := fakeKDF(t)
	for _, n := range []int{0, 1, 64, 4096} {
		pt := bytes.Repeat([]byte{byte(n)}, n)
		f, err := encrypt(rand.Reader, testPassword, pt, MinParams(), kdf)
		if err != nil {
			t.Fatal(err)
		}
		if len(f) != HeaderSize+n+TagSize+ChecksumSize {
			t.Fatalf("%d-byte plaintext gave a %d-byte file", n, len(f))
		}
		got, err := decrypt(testPassword, f, kdf)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("round trip of %d bytes: %v", n, err)
		}
		g, err := encrypt(rand.Reader, testPassword, pt, MinParams(), kdf)
		if err != nil || bytes.Equal(f[18:74], g[18:74]) {
			t.Fatalf("two encryptions share salt and nonce: %v", err)
		}
	}
}

// TestDefaultParams runs the real wallet parameters once.
func TestDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("argon2id with 64 MiB and 3 passes; run without -short")
	}
	t.Parallel()
	pt := []byte("seed material")
	f, err := Encrypt(rand.Reader, testPassword, pt, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	h, err := ParseHeader(f)
	if err != nil {
		t.Fatal(err)
	}
	if h.Params != (Params{Time: 3, MemoryKiB: 64 << 10, Parallelism: 4}) {
		t.Fatalf("default params = %+v", h.Params)
	}
	got, err := Decrypt(testPassword, f)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("Decrypt = %q, %v", got, err)
	}
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	f := sealed(t, []byte("secret"))
	for _, pw := range [][]byte{[]byte("correct horse battery stapl"), nil} {
		_, err := Decrypt(pw, f)
		if !errors.Is(err, ErrWrongPassword) || errors.Is(err, ErrInvalidFile) {
			t.Fatalf("Decrypt(%q) error = %v, want ErrWrongPassword only", pw, err)
		}
		if err.Error() != "keystore: wrong password" {
			t.Fatalf("message %q", err)
		}
	}
}

// mutate returns a copy of f changed by fn.
func mutate(f []byte, fn func(b []byte) []byte) []byte {
	return fn(append([]byte(nil), f...))
}

// fixChecksum recomputes the trailing checksum, as a forger would.
func fixChecksum(b []byte) []byte {
	end := len(b) - ChecksumSize
	sum := sha256.Sum256(b[:end])
	copy(b[end:], sum[:])
	return b
}

func TestCorruption(t *testing.T) {
	t.Parallel()
	f := sealed(t, []byte("thirty-two bytes of seed!!......"))
	n := len(f)
	ctEnd := n - ChecksumSize
	put32 := func(off int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { binary.BigEndian.PutUint32(b[off:], v); return b }
	}
	flip := func(off int) func([]byte) []byte {
		return func(b []byte) []byte { b[off] ^= 0x01; return b }
	}
	set := func(off int, v byte) func([]byte) []byte {
		return func(b []byte) []byte { b[off] = v; return b }
	}
	cut := func(l int) func([]byte) []byte { return func(b []byte) []byte { return b[:l] } }

	tests := []struct {
		name string
		file []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrTruncated, ""},
		{"magic prefix only", []byte("STEG"), ErrTruncated, ""},
		{"magic byte 0", mutate(f, flip(0)), ErrNotKeystore, "bad magic"},
		{"magic byte 7", mutate(f, flip(7)), ErrNotKeystore, ""},
		{"zip file", []byte("PK\x03\x04 not a keystore at all, just some bytes......................................."), ErrNotKeystore, ""},
		{"version 0", mutate(f, set(8, 0)), ErrUnsupportedVersion, "version 0 (this build reads version 1)"},
		{"version 2", mutate(f, set(8, 2)), ErrUnsupportedVersion, "version 2"},
		{"time 0", mutate(f, put32(9, 0)), ErrBadParams, "0 passes"},
		{"time above cap", mutate(f, put32(9, MaxTime+1)), ErrBadParams, "17 passes, want 1 to 16"},
		{"time 2^32-1", mutate(f, put32(9, ^uint32(0))), ErrBadParams, ""},
		{"memory 0", mutate(f, put32(13, 0)), ErrBadParams, "0 KiB"},
		{"memory below floor", mutate(f, put32(13, MinMemoryKiB-1)), ErrBadParams, ""},
		{"memory above cap", mutate(f, put32(13, MaxMemoryKiB+1)), ErrBadParams, "4194305 KiB"},
		{"memory 2^32-1", mutate(f, put32(13, ^uint32(0))), ErrBadParams, ""},
		{"parallelism 0", mutate(f, set(17, 0)), ErrBadParams, "0 lanes"},
		{"time changed in bounds", mutate(f, put32(9, 2)), ErrChecksum, ""},
		{"memory changed in bounds", mutate(f, put32(13, MinMemoryKiB+8)), ErrChecksum, ""},
		{"parallelism changed", mutate(f, set(17, 2)), ErrChecksum, ""},
		{"salt byte", mutate(f, flip(18)), ErrChecksum, ""},
		{"nonce byte", mutate(f, flip(73)), ErrChecksum, ""},
		{"length below tag", mutate(f, put32(74, TagSize-1)), ErrInvalidFile, "shorter than its tag"},
		{"length +1", mutate(f, put32(74, uint32(ctEnd-HeaderSize+1))), ErrTruncated, ""},
		{"length -1", mutate(f, put32(74, uint32(ctEnd-HeaderSize-1))), ErrTrailingData, ""},
		{"length huge", mutate(f, put32(74, ^uint32(0))), ErrTooLarge, ""},
		{"header cut", mutate(f, cut(HeaderSize-1)), ErrTruncated, ""},
		{"header only", mutate(f, cut(HeaderSize)), ErrTruncated, ""},
		{"checksum missing", mutate(f, cut(ctEnd)), ErrTruncated, ""},
		{"last byte missing", mutate(f, cut(n-1)), ErrTruncated, ""},
		{"trailing byte", append(append([]byte(nil), f...), 0), ErrTrailingData, ""},
		{"ciphertext first byte", mutate(f, flip(HeaderSize)), ErrChecksum, "checksum mismatch"},
		{"ciphertext tag byte", mutate(f, flip(ctEnd-1)), ErrChecksum, ""},
		{"checksum byte", mutate(f, flip(n-1)), ErrChecksum, ""},
		// A forger who also fixes the checksum meets the AEAD, which
		// cannot tell a forgery from a wrong password.
		{"forged ciphertext", mutate(f, func(b []byte) []byte { return fixChecksum(flip(HeaderSize + 3)(b)) }), ErrWrongPassword, ""},
		{"forged nonce", mutate(f, func(b []byte) []byte { return fixChecksum(flip(60)(b)) }), ErrWrongPassword, ""},
		{"forged salt", mutate(f, func(b []byte) []byte { return fixChecksum(flip(20)(b)) }), ErrWrongPassword, ""},
		{"forged time", mutate(f, func(b []byte) []byte { return fixChecksum(put32(9, 2)(b)) }), ErrWrongPassword, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decrypt(testPassword, tt.file)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if tt.want == ErrWrongPassword {
				return
			}
			if !errors.Is(err, ErrInvalidFile) || errors.Is(err, ErrWrongPassword) {
				t.Fatalf("error %v must match ErrInvalidFile and not ErrWrongPassword", err)
			}
			if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("message %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	t.Parallel()
	f := sealed(t, []byte("x"))
	h, err := ParseHeader(f)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != Version || h.Params != MinParams() || h.CiphertextLen != 1+TagSize {
		t.Fatalf("header = %+v", h)
	}
	if !bytes.Equal(h.Encode(), f[:HeaderSize]) {
		t.Fatal("ParseHeader/Encode does not round-trip")
	}
}

func TestEncryptRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		rand     io.Reader
		password []byte
		pt       []byte
		params   Params
		want     error // nil: any error will do
	}{
		{"empty password", rand.Reader, nil, []byte("x"), MinParams(), ErrEmptyPassword},
		{"time 0", rand.Reader, testPassword, nil, Params{0, MinMemoryKiB, 1}, ErrBadParams},
		{"memory too low", rand.Reader, testPassword, nil, Params{1, 1024, 1}, ErrBadParams},
		{"memory too high", rand.Reader, testPassword, nil, Params{1, MaxMemoryKiB + 1, 1}, ErrBadParams},
		{"no lanes", rand.Reader, testPassword, nil, Params{1, MinMemoryKiB, 0}, ErrBadParams},
		{"plaintext too large", rand.Reader, testPassword, make([]byte, MaxPlaintextSize+1), MinParams(), nil},
		{"failing randomness", iotest.ErrReader(errors.New("no entropy")), testPassword, nil, MinParams(), nil},
		{"short randomness", bytes.NewReader(make([]byte, SaltSize+NonceSize-1)), testPassword, nil, MinParams(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := encrypt(tt.rand, tt.password, tt.pt, tt.params, fakeKDF(t))
			if f != nil || err == nil {
				t.Fatalf("encrypt succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestLargestPlaintext seals and opens a MaxPlaintextSize payload.
func TestLargestPlaintext(t *testing.T) {
	t.Parallel()
	pt := make([]byte, MaxPlaintextSize)
	f, err := encrypt(rand.Reader, testPassword, pt, MinParams(), fakeKDF(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(f) != MaxFileSize {
		t.Fatalf("largest file is %d bytes, MaxFileSize %d", len(f), MaxFileSize)
	}
	if got, err := decrypt(testPassword, f, fakeKDF(t)); err != nil || len(got) != MaxPlaintextSize {
		t.Fatalf("largest file: %d bytes, %v", len(got), err)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	pt := []byte("seed")
	f := sealed(t, pt)
	newPW := []byte("new password")
	upgraded := Params{Time: 2, MemoryKiB: MinMemoryKiB, Parallelism: 2}

	g, err := ChangePassword(rand.Reader, testPassword, newPW, f, upgraded)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := ParseHeader(g); err != nil || h.Params != upgraded {
		t.Fatalf("new file header %+v, %v", h, err)
	}
	if got, err := Decrypt(newPW, g); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("new password: %q, %v", got, err)
	}
	if _, err := Decrypt(testPassword, g); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password on new file: %v", err)
	}

	tests := []struct {
		name   string
		old    []byte
		newPW  []byte
		file   []byte
		params Params
		want   error
	}{
		{"wrong old password", []byte("nope"), newPW, f, MinParams(), ErrWrongPassword},
		{"empty new password", testPassword, nil, f, MinParams(), ErrEmptyPassword},
		{"bad params", testPassword, newPW, f, Params{}, ErrBadParams},
		{"damaged file", testPassword, newPW, f[:len(f)-1], MinParams(), ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, err := changePassword(rand.Reader, tt.old, tt.newPW, tt.file, tt.params, argon2idKey)
			if g != nil || !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParamsValidate(t *testing.T) {
	t.Parallel()
	good := []Params{MinParams(), DefaultParams(), {MaxTime, MaxMemoryKiB, 255}}
	for _, p := range good {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	bad := []Params{{}, {0, MinMemoryKiB, 1}, {MaxTime + 1, MinMemoryKiB, 1}, {1, MinMemoryKiB - 1, 1}, {1, MaxMemoryKiB + 1, 1}, {1, MinMemoryKiB, 0}}
	for _, p := range bad {
		if err := p.Validate(); !errors.Is(err, ErrBadParams) {
			t.Errorf("%+v: %v, want ErrBadParams", p, err)
		}
	}
}
