// Package codec is the canonical binary encoding used by every consensus
// structure: fixed-width big-endian integers, fixed-size byte arrays, and
// counted lists whose count is checked against a caller-given cap before
// anything is allocated. There is exactly one encoding of each value: a
// Reader rejects trailing bytes, short input and counts over their cap.
//
// Writers and Readers carry a sticky error, so a decoder reads field after
// field and checks Err once at the end.
package codec
