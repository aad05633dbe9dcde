package wallet

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Application records: what the bus and the chat keep in the wallet store
// (the bus's outbox, chat history), per account and namespace, sealed as
// the wallet's own records are (ADR 0017: XChaCha20-Poly1305 under the
// account's record key, the database key as associated data, padded to
// 128 bytes). Both the namespace and the key are blinded in the database
// key:
//
//	r/<account id>/<HMAC(blind key, "r/ns/" | ns), 8 bytes hex>/<HMAC(blind key, "r/" | ns | 0x00 | key), 16 bytes hex>
//
// so the disk shows neither which apps an account uses nor the keys they
// chose (addresses, packet ids); the key is kept inside the sealed value.
// What shows is how many records each namespace of an account holds and
// their sizes in steps of 128 bytes. As the blinded keys have no order,
// ForEachRecord reads the whole namespace and sorts it in memory: fine for
// thousands of records, not for millions.
//
// A namespace is 1 to 32 bytes of [a-z0-9.-]; a key 1 to MaxRecordKey
// bytes; a value at most MaxRecordValue bytes.
const (
	prefixApp = "r/"

	// MaxRecordKey is the longest application record key.
	MaxRecordKey = 1024
	// MaxRecordValue is the longest application record value.
	MaxRecordValue = 1 << 20
	// maxNamespace is the longest namespace.
	maxNamespace = 32

	blindNSSize = 8
)

// ErrInvalidRecord is returned for a bad namespace, key or value.
var ErrInvalidRecord = errors.New("invalid record")

// appRecord is the sealed value of an application record.
type appRecord struct {
	// NS is the namespace, for the export of a deleted account (the
	// database key holds it blinded).
	NS    string `json:"n"`
	Key   []byte `json:"k"`
	Value []byte `json:"v"`
}

func checkNamespace(ns string) error {
	if ns == "" || len(ns) > maxNamespace {
		return fmt.Errorf("%w: a namespace has 1 to %d bytes, not %d", ErrInvalidRecord, maxNamespace, len(ns))
	}
	for i := 0; i < len(ns); i++ {
		c := ns[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return fmt.Errorf("%w: namespace %q: only a-z, 0-9, '.' and '-'", ErrInvalidRecord, ns)
		}
	}
	return nil
}

func checkRecordKey(key []byte) error {
	if len(key) == 0 || len(key) > MaxRecordKey {
		return fmt.Errorf("%w: a key has 1 to %d bytes, not %d", ErrInvalidRecord, MaxRecordKey, len(key))
	}
	return nil
}

// blindHex is the first n bytes of HMAC-SHA256(blind key, parts...), hex.
func (c *codec) blindHex(n int, parts ...[]byte) string {
	m := hmac.New(sha256.New, c.blind)
	for _, p := range parts {
		m.Write(p)
	}
	return hex.EncodeToString(m.Sum(nil)[:n])
}

func appNSPrefix(c *codec, acct, ns string) []byte {
	return []byte(prefixApp + acct + "/" + c.blindHex(blindNSSize, []byte("r/ns/"), []byte(ns)) + "/")
}

func appKey(c *codec, acct, ns string, key []byte) []byte {
	k := appNSPrefix(c, acct, ns)
	return append(k, c.blindHex(blindSize, []byte(prefixApp), []byte(ns), []byte{0}, key)...)
}

func appPrefix(acct string) []byte { return []byte(prefixApp + acct + "/") }

// appCodec returns the codec of an account's application records. s.mu
// must be held.
func (s *Service) appCodec(ref, ns string) (*account, *codec, error) {
	if err := checkNamespace(ns); err != nil {
		return nil, nil, err
	}
	a, err := s.lookup(ref)
	if err != nil {
		return nil, nil, err
	}
	if a.sealed() {
		return nil, nil, lockedError(a)
	}
	c, err := s.db.codecOf(a.rec.ID)
	if err != nil {
		return nil, nil, err
	}
	if c.plain {
		// An account from before ADR 0017, not unlocked yet: its first
		// unlock seals its records; application records need that.
		return nil, nil, lockedError(a)
	}
	return a, c, nil
}

// PutRecord writes value under key in an account's namespace ns, sealed
// (records_app.go). It works while the account's records are readable:
// unlocked since the wallet started, even if locked again since.
func (s *Service) PutRecord(account, ns string, key, value []byte) error {
	if err := checkRecordKey(key); err != nil {
		return err
	}
	if len(value) > MaxRecordValue {
		return fmt.Errorf("%w: a value has at most %d bytes, not %d", ErrInvalidRecord, MaxRecordValue, len(value))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.appCodec(account, ns)
	if err != nil {
		return err
	}
	dk := appKey(c, a.rec.ID, ns, key)
	b, err := json.Marshal(&appRecord{NS: ns, Key: key, Value: value})
	if err != nil {
		return err
	}
	sealed, err := c.seal(dk, b)
	clear(b)
	if err != nil {
		return err
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := batch.b.Set(dk, sealed); err != nil {
		return err
	}
	return batch.Commit(true)
}

// GetRecord reads the value under key in an account's namespace ns.
func (s *Service) GetRecord(account, ns string, key []byte) ([]byte, bool, error) {
	if err := checkRecordKey(key); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.appCodec(account, ns)
	if err != nil {
		return nil, false, err
	}
	dk := appKey(c, a.rec.ID, ns, key)
	v, ok, err := s.db.db.Get(dk)
	if err != nil || !ok {
		return nil, false, err
	}
	var r appRecord
	if err := decodeRecord(c, dk, v, &r); err != nil {
		return nil, false, err
	}
	if !bytes.Equal(r.Key, key) || r.NS != ns {
		return nil, false, fmt.Errorf("%w: record %q holds another key", errSealed, dk)
	}
	if r.Value == nil {
		r.Value = []byte{}
	}
	return r.Value, true, nil
}

// DeleteRecord removes the record under key in an account's namespace ns
// (nothing if there is none).
func (s *Service) DeleteRecord(account, ns string, key []byte) error {
	if err := checkRecordKey(key); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.appCodec(account, ns)
	if err != nil {
		return err
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := batch.b.Delete(appKey(c, a.rec.ID, ns, key)); err != nil {
		return err
	}
	return batch.Commit(true)
}

// ForEachRecord calls fn with every record of an account's namespace ns
// whose key starts with prefix (nil: all), in key order, and stops at the
// first error fn returns, which it returns. fn runs outside the wallet's
// lock on a snapshot taken before the first call, so it may read and
// write records itself.
func (s *Service) ForEachRecord(account, ns string, prefix []byte, fn func(key, value []byte) error) error {
	s.mu.Lock()
	a, c, err := s.appCodec(account, ns)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	var recs []appRecord
	err = s.db.db.Iterate(appNSPrefix(c, a.rec.ID, ns), func(k, v []byte) error {
		var r appRecord
		if err := decodeRecord(c, k, v, &r); err != nil {
			return err
		}
		if bytes.HasPrefix(r.Key, prefix) {
			if r.Value == nil {
				r.Value = []byte{}
			}
			recs = append(recs, r)
		}
		return nil
	})
	s.mu.Unlock()
	if err != nil {
		return err
	}
	slices.SortFunc(recs, func(x, y appRecord) int { return bytes.Compare(x.Key, y.Key) })
	for _, r := range recs {
		if err := fn(r.Key, r.Value); err != nil {
			return err
		}
	}
	return nil
}
