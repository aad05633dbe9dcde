package wallet

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
)

// Records at rest (docs/adr/0017-wallet-store-encryption.md). Every record
// of an account is sealed under its record key, 32 random bytes kept
// inside the account's keystore file (argon2id + XChaCha20-Poly1305, ADR
// 0007), so the database of a locked account shows nothing but its id,
// its name and its place in the account order. From the record key:
//
//	seal key  = HKDF-SHA256(record key, info "stegos/v1/wallet/records/seal")
//	blind key = HKDF-SHA256(record key, info "stegos/v1/wallet/records/blind")
//
// A sealed value is
//
//	0x01 | nonce (24 random bytes) | XChaCha20-Poly1305(seal key, nonce, JSON, ad = the record's database key)
//
// so a record moved to another key (or to another account) fails to
// open. The JSON is padded with spaces to a multiple of 128 bytes, so the
// length of a sealed record does not tell a memo's length (JSON ignores
// the trailing spaces). The ids in database keys (output and transaction ids, public on
// chain) are blinded: the key holds HMAC-SHA256(blind key, prefix | id),
// cut to 16 bytes, instead of the id.
const (
	recordKeySize = 32
	sealVersion   = 0x01
	// SealOverhead is what sealing adds to a record: version, nonce, tag.
	sealOverhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
	blindSize    = 16
	// padTo is the granularity of sealed plaintext lengths.
	padTo = 128

	infoSeal  = "stegos/v1/wallet/records/seal"
	infoBlind = "stegos/v1/wallet/records/blind"
)

// errSealed is returned when a sealed record does not open: damaged, moved
// to another key, or sealed under another record key.
var errSealed = errors.New("wallet: a sealed record does not open (damaged, moved, or another record key)")

// codec turns an account's records into database keys and values: sealed
// and blinded (the ADR 0017 format), or in clear for a store written
// before it (plain, read only until the account's first unlock migrates
// it).
type codec struct {
	plain bool
	aead  cipher.AEAD
	blind []byte
	rand  io.Reader
}

// plainCodec reads a store from before ADR 0017.
var plainCodec = &codec{plain: true}

// newRecordKey draws a fresh record key.
func newRecordKey(rand io.Reader) ([]byte, error) {
	k := make([]byte, recordKeySize)
	if _, err := io.ReadFull(rand, k); err != nil {
		return nil, fmt.Errorf("wallet: reading randomness: %w", err)
	}
	return k, nil
}

// newCodec derives the sealing and blinding keys of a record key. rand
// gives the nonces.
func newCodec(recordKey []byte, rand io.Reader) (*codec, error) {
	if len(recordKey) != recordKeySize {
		return nil, fmt.Errorf("wallet: a record key has %d bytes, not %d", recordKeySize, len(recordKey))
	}
	sk, err := hkdf.Key(sha256.New, recordKey, nil, infoSeal, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	defer clear(sk)
	bk, err := hkdf.Key(sha256.New, recordKey, nil, infoBlind, sha256.Size)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(sk)
	if err != nil {
		return nil, err
	}
	return &codec{aead: aead, blind: bk, rand: rand}, nil
}

// key returns the database key of a record.
func (c *codec) key(k recKey) []byte {
	if c.plain || k.id == "" {
		return []byte(k.prefix + k.acct + k.sep() + k.id)
	}
	m := hmac.New(sha256.New, c.blind)
	m.Write([]byte(k.prefix))
	m.Write([]byte(k.id))
	return []byte(k.prefix + k.acct + "/" + hex.EncodeToString(m.Sum(nil)[:blindSize]))
}

// seal encrypts a record stored under dbKey.
func (c *codec) seal(dbKey, plain []byte) ([]byte, error) {
	if c.plain {
		return plain, nil
	}
	n := (len(plain) + padTo - 1) / padTo * padTo
	padded := make([]byte, n)
	copy(padded, plain)
	for i := len(plain); i < n; i++ {
		padded[i] = ' '
	}
	defer clear(padded)
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, sealOverhead+n)
	out[0] = sealVersion
	if _, err := io.ReadFull(c.rand, out[1:]); err != nil {
		return nil, fmt.Errorf("wallet: reading randomness: %w", err)
	}
	return c.aead.Seal(out, out[1:], padded, dbKey), nil
}

// open decrypts a record read from dbKey.
func (c *codec) open(dbKey, sealed []byte) ([]byte, error) {
	if c.plain {
		return sealed, nil
	}
	if len(sealed) < sealOverhead || sealed[0] != sealVersion {
		return nil, fmt.Errorf("%w: record %q is not sealed", errSealed, dbKey)
	}
	n := 1 + chacha20poly1305.NonceSizeX
	pt, err := c.aead.Open(nil, sealed[1:n], sealed[n:], dbKey)
	if err != nil {
		return nil, fmt.Errorf("%w: record %q", errSealed, dbKey)
	}
	return pt, nil
}

// keyring holds the codec of every account whose records can be read:
// accounts unlocked since the service started (their record keys stay
// while the view key does, so a locked account keeps scanning) and
// accounts still in the format from before ADR 0017.
type keyring struct {
	mu     sync.RWMutex // guards codecs
	codecs map[string]*codec
}

func newKeyring() *keyring { return &keyring{codecs: map[string]*codec{}} }

func (r *keyring) get(acct string) (*codec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c, ok := r.codecs[acct]
	return c, ok
}

func (r *keyring) put(acct string, c *codec) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.codecs[acct] = c
}

func (r *keyring) drop(acct string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.codecs[acct]; ok {
		clear(c.blind)
	}
	delete(r.codecs, acct)
}

// dropAll forgets every key (Close).
func (r *keyring) dropAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, c := range r.codecs {
		clear(c.blind)
		delete(r.codecs, id)
	}
}
