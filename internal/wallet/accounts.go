package wallet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// accountID derives the stable short id of an account from its address; a
// view-only account of the same address has another id, so one wallet can
// hold both.
func accountID(a stealth.Address, viewOnly bool) string {
	b := a.Bytes()
	if viewOnly {
		b = append(b, "/view-only"...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func (s *Service) keyFile(id string) string { return filepath.Join(s.keys, id+".key") }

// CreateAccount makes a new account with a fresh recovery phrase, which is
// returned once and never stored in clear. The account starts unlocked.
func (s *Service) CreateAccount(ctx context.Context, name, password string) (api.Account, string, error) {
	m, err := keys.NewMnemonic(s.cfg.Rand)
	if err != nil {
		return api.Account{}, "", err
	}
	defer m.Zero()
	phrase := m.Phrase()
	sec, plain, err := seedSecrets(m)
	if err != nil {
		return api.Account{}, "", err
	}
	defer clear(plain)
	// A new account cannot own anything older than the tip: skip scanning it.
	from, hash := s.tipHash(ctx)
	acc, err := s.add(name, password, sec, plain, false, from, hash)
	return acc, phrase, err
}

// RecoverAccount restores an account from its recovery phrase and rescans
// the chain from the first block; it starts unlocked.
func (s *Service) RecoverAccount(_ context.Context, name, phrase, password string) (api.Account, error) {
	m, err := keys.ParseMnemonic(phrase)
	if err != nil {
		return api.Account{}, fmt.Errorf("%w: %w", ErrInvalidPhrase, err)
	}
	defer m.Zero()
	sec, plain, err := seedSecrets(m)
	if err != nil {
		return api.Account{}, err
	}
	defer clear(plain)
	return s.add(name, password, sec, plain, false, 0, "")
}

// ImportViewOnly adds an account that sees what address receives (with its
// secret view key) but cannot spend. It rescans from the first block.
func (s *Service) ImportViewOnly(_ context.Context, name, address, viewKey, password string) (api.Account, error) {
	addr, err := s.ParseAddress(address)
	if err != nil {
		return api.Account{}, err
	}
	sec, plain, err := viewOnlySecrets(addr, viewKey)
	if err != nil {
		return api.Account{}, err
	}
	defer clear(plain)
	return s.add(name, password, sec, plain, true, 0, "")
}

// ParseAddress parses an address of the wallet's network, with a reason
// when it is not one.
func (s *Service) ParseAddress(text string) (stealth.Address, error) {
	a, err := stealth.ParseAddressFor(strings.TrimSpace(text), s.net)
	if err != nil {
		return stealth.Address{}, fmt.Errorf("%w: %w", ErrInvalidAddress, err)
	}
	return a, nil
}

// tipHash returns the chain tip and its block hash, or zeros when the node
// cannot say.
func (s *Service) tipHash(ctx context.Context) (int64, string) {
	h, err := s.cfg.Source.Tip(ctx)
	if err != nil || h == 0 {
		return 0, ""
	}
	b, err := s.cfg.Source.Block(ctx, h)
	if err != nil {
		return 0, ""
	}
	return h, hex.EncodeToString(b.Hash)
}

// add stores a new account's key file, with a fresh record key, and its
// record.
func (s *Service) add(name, password string, sec *secrets, plain []byte, viewOnly bool, scanned int64, hash string) (api.Account, error) {
	name, err := normalizeName(name)
	if err != nil {
		return api.Account{}, err
	}
	addr := sec.keys.Address()
	id := accountID(addr, viewOnly)
	s.mu.Lock()
	err = s.checkNew(id, name)
	s.mu.Unlock()
	if err != nil {
		return api.Account{}, err
	}
	rk, err := newRecordKey(s.cfg.Rand)
	if err != nil {
		return api.Account{}, err
	}
	defer clear(rk) // kept in the key file; the codec holds what it derives
	c, err := newCodec(rk, s.cfg.Rand)
	if err != nil {
		return api.Account{}, err
	}
	full, err := withRecordKey(plain, rk)
	if err != nil {
		return api.Account{}, err
	}
	defer clear(full)
	file, err := sealSecrets(s.cfg.Rand, password, full, s.cfg.KDF)
	if err != nil {
		return api.Account{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkNew(id, name); err != nil { // a concurrent add
		return api.Account{}, err
	}
	if err := keystore.WriteFile(s.keyFile(id), file); err != nil {
		return api.Account{}, fmt.Errorf("wallet: write key file: %w", err)
	}
	var seq uint64
	for _, a := range s.accounts {
		seq = max(seq, a.rec.Seq+1)
	}
	rec := accountRecord{
		ID: id, Name: name, Address: addr.String(s.net), Created: s.cfg.Now().UTC(),
		ViewOnly: viewOnly, Seq: seq, ScannedHeight: scanned, ScannedHash: hash, GenesisScanned: scanned > 0,
	}
	s.db.ring.put(id, c)
	b := s.db.NewBatch()
	defer b.Close()
	if err := putAccount(b, &rec); err != nil {
		s.db.ring.drop(id)
		return api.Account{}, err
	}
	if err := b.Commit(true); err != nil {
		s.db.ring.drop(id)
		return api.Account{}, fmt.Errorf("wallet: save account: %w", err)
	}
	a := &account{rec: rec, sec: sec, unlocked: !viewOnly, state: "scanning", mempool: map[string]uint64{}}
	s.accounts[id] = a
	s.log.Info("account added", "account", id, "name", name, "view_only", viewOnly, "rescan_from", scanned+1)
	s.poke()
	return s.describe(a), nil
}

// checkNew refuses a duplicate id, or a name that is taken or that a
// person could take for an existing name or id. s.mu must be held.
func (s *Service) checkNew(id, name string) error {
	if s.closed {
		return ErrClosed
	}
	if a, ok := s.accounts[id]; ok {
		return fmt.Errorf("%w: these keys are already account %q", ErrAccountExists, a.rec.Name)
	}
	for _, a := range s.accounts {
		if a.rec.ID == name {
			return fmt.Errorf("%w: the name %q is the id of an account", ErrAccountExists, name)
		}
		if why := nameConflict(name, a.rec.Name); why != "" {
			return fmt.Errorf("%w: %s", ErrAccountExists, why)
		}
	}
	return nil
}

// describe returns the API view of an account. Of an account locked
// since the service started only the id and the name are known: the rest
// of its record is sealed (ADR 0017). s.mu must be held.
func (s *Service) describe(a *account) api.Account {
	if a.sealed() {
		return api.Account{ID: a.rec.ID, Name: a.rec.Name, Locked: true}
	}
	return api.Account{
		ID: a.rec.ID, Name: a.rec.Name, Address: a.rec.Address, Created: a.rec.Created,
		ViewOnly: a.rec.ViewOnly, Locked: !a.unlocked, ScannedHeight: a.rec.ScannedHeight,
	}
}

// Accounts lists the accounts in creation order.
func (s *Service) Accounts() []api.Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []api.Account
	for _, a := range s.sorted() {
		out = append(out, s.describe(a))
	}
	return out
}

// Account describes one account (by name or id; "" is the first).
func (s *Service) Account(ref string) (api.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ref)
	if err != nil {
		return api.Account{}, err
	}
	return s.describe(a), nil
}

// readKeyFile reads an account's key file. Besides the account it
// returns a copy of its record taken under s.mu: the scanner rewrites
// a.rec, so callers outside the lock read the copy.
func (s *Service) readKeyFile(ref string) (*account, accountRecord, []byte, error) {
	s.mu.Lock()
	a, err := s.lookup(ref)
	var rec accountRecord
	if err == nil {
		rec = a.rec
	}
	s.mu.Unlock()
	if err != nil {
		return nil, rec, nil, err
	}
	file, err := keystore.ReadFile(s.keyFile(rec.ID))
	if err != nil {
		return nil, rec, nil, fmt.Errorf("wallet: key file of %q: %w", rec.Name, err)
	}
	return a, rec, file, nil
}

// Unlock decrypts an account's keys and records: it scans from then on,
// and a full account can spend until Lock. The first unlock of an account
// whose key file has no record key adds one, and the first unlock of an
// account whose records are in clear (a store from before ADR 0017) seals
// them.
func (s *Service) Unlock(ref, password string) (api.Account, error) {
	s.keyFileMu.Lock()
	defer s.keyFileMu.Unlock()
	a, rec, file, err := s.readKeyFile(ref)
	if err != nil {
		return api.Account{}, err
	}
	s.mu.Lock()
	legacy := a.legacy
	s.mu.Unlock()
	sec, err := s.openWithRecordKey(rec.ID, password, file, legacy)
	if err != nil {
		return api.Account{}, err
	}
	c, err := newCodec(sec.recordKey, s.cfg.Rand)
	// The codec holds what the record key derives; the key itself is
	// not needed in memory.
	clear(sec.recordKey)
	sec.recordKey = nil
	if err != nil {
		sec.zero()
		return api.Account{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		sec.zero()
		return api.Account{}, ErrClosed
	}
	if err := s.openRecords(a, sec, c); err != nil {
		sec.zero()
		return api.Account{}, err
	}
	if a.sec != nil {
		a.sec.zero()
	}
	a.sec, a.unlocked = sec, sec.canSpend()
	if a.state == "locked" {
		a.state, a.reason = "scanning", ""
	}
	s.poke()
	return s.describe(a), nil
}

// openWithRecordKey opens a key file and returns its secrets. A key file
// written before ADR 0017 has no record key: if add, one is added (once:
// the records are sealed with it next); otherwise the account's records
// are already sealed under a key this file does not hold, and the file is
// left alone. s.keyFileMu must be held.
func (s *Service) openWithRecordKey(id, password string, file []byte, add bool) (*secrets, error) {
	sec, plain, err := openKeyFile(password, file)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	if sec.recordKey != nil {
		return sec, nil
	}
	if !add {
		sec.zero()
		return nil, fmt.Errorf("%w: the key file of account %s holds no record key but its records are sealed (was it replaced by a copy older than ADR 0017?): put the current key file back, or recover the account from its phrase under another name", errSealed, id)
	}
	rk, err := newRecordKey(s.cfg.Rand)
	if err == nil {
		var full []byte
		if full, err = withRecordKey(plain, rk); err == nil {
			file, err = sealSecrets(s.cfg.Rand, password, full, s.cfg.KDF)
			clear(full)
		}
	}
	if err == nil {
		err = keystore.WriteFile(s.keyFile(id), file)
	}
	if err != nil {
		sec.zero()
		return nil, fmt.Errorf("wallet: adding a record key to the key file of %s: %w", id, err)
	}
	s.log.Info("key file now holds a record key", "account", id)
	sec.recordKey = rk
	return sec, nil
}

// openRecords makes an account's records readable with codec c: it
// migrates records still in clear, or opens the sealed account record the
// first time since the service started, and checks that the records
// belong to the keys. s.mu must be held.
func (s *Service) openRecords(a *account, sec *secrets, c *codec) error {
	switch {
	case a.legacy:
		if err := s.migrateAccount(a, c); err != nil {
			return err
		}
	case a.sec == nil:
		var h accountHeader
		ok, err := s.rawJSON([]byte(prefixAccount+a.rec.ID), &h)
		if err == nil && !ok {
			err = fmt.Errorf("wallet: the record of account %s is gone", a.rec.ID)
		}
		if err != nil {
			return err
		}
		rec, err := openAccount(c, &h)
		if errors.Is(err, errSealed) {
			return fmt.Errorf("%w: the key file of %q does not open its records (was the key file replaced by an older copy?); recover the account from its phrase under another name", err, a.rec.Name)
		}
		if err != nil {
			return err
		}
		a.rec = rec
		s.db.ring.put(a.rec.ID, c)
	default:
		if _, ok := s.db.ring.get(a.rec.ID); !ok {
			s.db.ring.put(a.rec.ID, c)
		}
	}
	if want := sec.keys.Address().String(s.net); a.rec.Address != want || a.rec.ViewOnly == sec.canSpend() {
		return fmt.Errorf("wallet: the records of account %s are not those of its key file", a.rec.ID)
	}
	return nil
}

// Lock forgets an account's spend key. Its view key stays in memory so it
// keeps scanning until the node stops.
func (s *Service) Lock(ref string) (api.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ref)
	if err != nil {
		return api.Account{}, err
	}
	if a.sec != nil && a.sec.keys != a.sec.viewOnly {
		a.sec.keys = a.sec.viewOnly
	}
	if a.sec != nil {
		a.sec.signer = nil
	}
	a.unlocked = false
	return s.describe(a), nil
}

// ChangePassword re-encrypts an account's key file under a new password.
// The record key inside stays, so the records need no change.
func (s *Service) ChangePassword(ref, old, new string) error {
	if new == "" {
		return ErrEmptyPassword
	}
	s.keyFileMu.Lock()
	defer s.keyFileMu.Unlock()
	_, rec, file, err := s.readKeyFile(ref)
	if err != nil {
		return err
	}
	nf, err := keystore.ChangePassword(s.cfg.Rand, []byte(old), []byte(new), file, s.cfg.KDF)
	if errors.Is(err, keystore.ErrWrongPassword) || errors.Is(err, keystore.ErrEmptyPassword) {
		return ErrWrongPassword
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return keystore.WriteFile(s.keyFile(rec.ID), nf)
}

// trashExport is the name, in an account's trash directory, of the
// export of its records, sealed under the record key in the key file
// beside it (exportAD is the associated data).
const trashExport = "records.sealed"

func exportAD(id string) []byte { return []byte("stegos/v1/wallet/trash-export/" + id) }

// DeleteAccount moves an account's key file and a sealed export of its
// records to trash/<id>-<time>/ and forgets it. The password confirms the
// intent.
func (s *Service) DeleteAccount(ref, password string) (string, error) {
	s.keyFileMu.Lock()
	defer s.keyFileMu.Unlock()
	a, rec, file, err := s.readKeyFile(ref)
	if err != nil {
		return "", err
	}
	// A key file without a record key gets one, to seal the export.
	sec, err := s.openWithRecordKey(rec.ID, password, file, true)
	if err != nil {
		return "", err
	}
	defer sec.zero()
	c, err := newCodec(sec.recordKey, s.cfg.Rand)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	id := a.rec.ID
	export, err := s.export(a, c)
	if err != nil {
		return "", err
	}
	trash := filepath.Join(s.cfg.Dir, "trash", id+"-"+s.cfg.Now().UTC().Format("20060102T150405Z"))
	if err := os.MkdirAll(trash, 0o700); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	sealed, err := c.seal(exportAD(id), export)
	clear(export)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(trash, trashExport), sealed, 0o600); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	if err := os.Rename(s.keyFile(id), filepath.Join(trash, id+".key")); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	b := s.db.NewBatch()
	defer b.Close()
	var doomed [][]byte
	for _, p := range [][]byte{outputPrefix(id), historyPrefix(id), stakeRecordPrefix(id), dataPrefix(id), appPrefix(id)} {
		if err := s.db.db.Iterate(p, func(k, _ []byte) error { doomed = append(doomed, append([]byte(nil), k...)); return nil }); err != nil {
			return "", err
		}
	}
	doomed = append(doomed, []byte(prefixAccount+id))
	for _, k := range doomed {
		if err := b.b.Delete(k); err != nil {
			return "", err
		}
	}
	if err := b.Commit(true); err != nil {
		return "", err
	}
	if a.sec != nil {
		a.sec.zero()
	}
	s.db.ring.drop(id)
	delete(s.accounts, id)
	s.log.Info("account moved to trash", "account", id, "trash", trash)
	return trash, nil
}

// export dumps an account's records as JSON, read with c when the
// account's own codec is not loaded. s.mu must be held.
func (s *Service) export(a *account, c *codec) ([]byte, error) {
	id := a.rec.ID
	if _, ok := s.db.ring.get(id); !ok {
		s.db.ring.put(id, c)
		defer s.db.ring.drop(id)
	}
	rec := a.rec
	if a.sealed() {
		var h accountHeader
		if _, err := s.rawJSON([]byte(prefixAccount+id), &h); err != nil {
			return nil, err
		}
		r, err := openAccount(c, &h)
		if errors.Is(err, errSealed) {
			// Sealed under a record key the key file no longer holds:
			// nothing of them can be exported.
			return json.MarshalIndent(map[string]any{
				"account": map[string]any{"id": h.ID, "name": h.Name, "seq": h.Seq},
				"lost":    "the records were sealed under a record key the key file did not hold",
			}, "", "  ")
		}
		if err != nil {
			return nil, err
		}
		rec = r
	}
	out := struct {
		Account accountRecord   `json:"account"`
		Outputs []outputRecord  `json:"outputs"`
		History []historyRecord `json:"history"`
		Stakes  []outputRecord  `json:"stakes,omitempty"`
		Data    []dataRecord    `json:"data,omitempty"`
		Records []appRecord     `json:"records,omitempty"`
	}{Account: rec}
	if err := iterJSON(s.db, dataPrefix(id), func(r *dataRecord) error { out.Data = append(out.Data, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, appPrefix(id), func(r *appRecord) error { out.Records = append(out.Records, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, stakeRecordPrefix(id), func(r *outputRecord) error { out.Stakes = append(out.Stakes, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, outputPrefix(id), func(r *outputRecord) error { out.Outputs = append(out.Outputs, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, historyPrefix(id), func(r *historyRecord) error { out.History = append(out.History, *r); return nil }); err != nil {
		return nil, err
	}
	return json.MarshalIndent(out, "", "  ")
}

// rawJSON reads a value as stored, not through a codec.
func (s *Service) rawJSON(key []byte, v any) (bool, error) {
	b, ok, err := s.db.db.Get(key)
	if err != nil || !ok {
		return false, err
	}
	return true, json.Unmarshal(b, v)
}
