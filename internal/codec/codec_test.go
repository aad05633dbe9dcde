package codec

import (
	"bytes"
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	w := NewWriter(0)
	w.Uint8(7)
	w.Uint16(0x0102)
	w.Uint32(0x03040506)
	w.Uint64(0x0708090a0b0c0d0e)
	w.Fixed([]byte{1, 2, 3})
	w.Var([]byte("hello"))
	w.WriteCount(2)

	r := NewReader(w.Bytes())
	if r.Uint8() != 7 || r.Uint16() != 0x0102 || r.Uint32() != 0x03040506 || r.Uint64() != 0x0708090a0b0c0d0e {
		t.Fatal("integers changed")
	}
	var f [3]byte
	r.Fixed(f[:])
	if f != [3]byte{1, 2, 3} {
		t.Fatalf("fixed = %v", f)
	}
	if v := r.Var(5); string(v) != "hello" {
		t.Fatalf("var = %q", v)
	}
	if n := r.Count(2, 0); n != 2 {
		t.Fatalf("count = %d", n)
	}
	if err := r.Finish(); err != nil {
		t.Fatal(err)
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		read func(r *Reader)
		want error
	}{
		{"short uint64", []byte{1, 2, 3}, func(r *Reader) { r.Uint64() }, ErrShort},
		{"trailing", []byte{1, 2}, func(r *Reader) { r.Uint8() }, ErrTrailing},
		{"var over max", []byte{0, 0, 0, 9, 1}, func(r *Reader) { r.Var(8) }, ErrTooMany},
		{"var short", []byte{0, 0, 0, 4, 1}, func(r *Reader) { r.Var(8) }, ErrShort},
		{"count over max", []byte{0, 5}, func(r *Reader) { r.Count(4, 1) }, ErrTooMany},
		{"count beyond input", []byte{0, 3, 1, 2}, func(r *Reader) { r.Count(10, 1) }, ErrShort},
		{"sticky", []byte{}, func(r *Reader) { r.Uint8(); r.Fail(errors.New("later")) }, ErrShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.in)
			tt.read(r)
			if err := r.Finish(); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVarCopies(t *testing.T) {
	in := []byte{0, 0, 0, 1, 'x'}
	r := NewReader(in)
	v := r.Var(1)
	in[4] = 'y'
	if !bytes.Equal(v, []byte{'x'}) {
		t.Fatal("Var aliases its input")
	}
}

func TestReaderNext(t *testing.T) {
	in := []byte{1, 2, 3, 4, 5}
	r := NewReader(in)
	b := r.Next(2)
	if len(b) != 2 || cap(b) != 2 || b[0] != 1 {
		t.Fatalf("Next(2) = %v (cap %d)", b, cap(b))
	}
	_ = append(b, 9) // capped: must not write into the input
	if in[2] != 3 {
		t.Fatal("an append to Next's result wrote into the input")
	}
	if b := r.Next(4); b != nil || !errors.Is(r.Err(), ErrShort) {
		t.Fatalf("Next past the end = %v, err %v", b, r.Err())
	}
	if b := r.Next(1); b != nil {
		t.Fatalf("Next after a short read = %v", b)
	}
}
