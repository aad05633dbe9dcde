package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrShort is returned when the input ends before a field is complete.
var ErrShort = errors.New("codec: unexpected end of input")

// ErrTrailing is returned by Reader.Finish when bytes remain after the value.
var ErrTrailing = errors.New("codec: trailing bytes after value")

// ErrTooMany is returned when a count exceeds the cap its field allows.
var ErrTooMany = errors.New("codec: count over limit")

// Writer appends canonical encodings to a byte slice.
type Writer struct {
	buf []byte
}

// NewWriter returns a Writer whose buffer has the given capacity hint.
func NewWriter(capacity int) *Writer { return &Writer{buf: make([]byte, 0, capacity)} }

// Bytes returns the encoded bytes.
func (w *Writer) Bytes() []byte { return w.buf }

// Uint8 appends one byte.
func (w *Writer) Uint8(v uint8) { w.buf = append(w.buf, v) }

// Uint16 appends v big-endian.
func (w *Writer) Uint16(v uint16) { w.buf = binary.BigEndian.AppendUint16(w.buf, v) }

// Uint32 appends v big-endian.
func (w *Writer) Uint32(v uint32) { w.buf = binary.BigEndian.AppendUint32(w.buf, v) }

// Uint64 appends v big-endian.
func (w *Writer) Uint64(v uint64) { w.buf = binary.BigEndian.AppendUint64(w.buf, v) }

// Fixed appends b as is; its length is implied by the schema.
func (w *Writer) Fixed(b []byte) { w.buf = append(w.buf, b...) }

// Var appends a 32-bit length prefix and b.
func (w *Writer) Var(b []byte) {
	w.Uint32(uint32(len(b)))
	w.buf = append(w.buf, b...)
}

// Reader decodes canonical encodings with a sticky error.
type Reader struct {
	buf []byte
	off int
	err error
}

// NewReader returns a Reader over b. The Reader does not copy b; Fixed and
// Var return copies.
func NewReader(b []byte) *Reader { return &Reader{buf: b} }

// Err returns the first error met, if any.
func (r *Reader) Err() error { return r.err }

// Fail records err as the Reader's error if none is recorded yet. Decoders
// use it to report semantic errors (an unknown type tag, say) in the same
// stream as encoding errors.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// Offset returns how many bytes have been consumed.
func (r *Reader) Offset() int { return r.off }

// Remaining returns how many bytes are left.
func (r *Reader) Remaining() int { return len(r.buf) - r.off }

// Finish returns the sticky error, or ErrTrailing if input is left over.
func (r *Reader) Finish() error {
	if r.err != nil {
		return r.err
	}
	if r.off != len(r.buf) {
		return fmt.Errorf("%w: %d bytes", ErrTrailing, len(r.buf)-r.off)
	}
	return nil
}

// Next returns the next n bytes without copying them (capped, so an append
// to the result never writes into the input), or nil once the input is
// short; the slice aliases the Reader's input.
func (r *Reader) Next(n int) []byte {
	b := r.next(n)
	return b[:len(b):len(b)]
}

func (r *Reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.Remaining() < n {
		r.err = fmt.Errorf("%w at offset %d: need %d bytes, have %d", ErrShort, r.off, n, r.Remaining())
		return nil
	}
	b := r.buf[r.off : r.off+n]
	r.off += n
	return b
}

// Uint8 reads one byte.
func (r *Reader) Uint8() uint8 {
	b := r.next(1)
	if b == nil {
		return 0
	}
	return b[0]
}

// Uint16 reads a big-endian uint16.
func (r *Reader) Uint16() uint16 {
	b := r.next(2)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint16(b)
}

// Uint32 reads a big-endian uint32.
func (r *Reader) Uint32() uint32 {
	b := r.next(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// Uint64 reads a big-endian uint64.
func (r *Reader) Uint64() uint64 {
	b := r.next(8)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// Fixed copies the next len(dst) bytes into dst.
func (r *Reader) Fixed(dst []byte) {
	if b := r.next(len(dst)); b != nil {
		copy(dst, b)
	}
}

// Var reads a 32-bit length prefix and that many bytes, rejecting lengths
// over max before allocating.
func (r *Reader) Var(max int) []byte {
	n := r.Uint32()
	if r.err != nil {
		return nil
	}
	if uint64(n) > uint64(max) {
		r.err = fmt.Errorf("%w: byte string of %d, max %d", ErrTooMany, n, max)
		return nil
	}
	b := r.next(int(n))
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// Count reads a 16-bit element count and checks it against max, and against
// the bytes left assuming each element takes at least minSize bytes, so a
// hostile count cannot make the caller allocate.
func (r *Reader) Count(max, minSize int) int {
	n := int(r.Uint16())
	if r.err != nil {
		return 0
	}
	if n > max {
		r.err = fmt.Errorf("%w: %d elements, max %d", ErrTooMany, n, max)
		return 0
	}
	if minSize > 0 && n > r.Remaining()/minSize {
		r.err = fmt.Errorf("%w: %d elements of at least %d bytes, %d bytes left", ErrShort, n, minSize, r.Remaining())
		return 0
	}
	return n
}

// WriteCount appends a 16-bit element count. Callers check their caps
// before encoding; a count over 65535 is a programming error.
func (w *Writer) WriteCount(n int) {
	if n < 0 || n > 0xffff {
		panic(fmt.Sprintf("codec: count %d does not fit 16 bits", n))
	}
	w.Uint16(uint16(n))
}
