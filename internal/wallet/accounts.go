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
	"unicode"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// maxNameLen bounds account names.
const maxNameLen = 64

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

// checkName validates a new account name.
func checkName(name string) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("%w: a name has 1 to %d characters", ErrInvalidName, maxNameLen)
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.@", r)) {
			return fmt.Errorf("%w: %q has %q; use letters, digits and - _ . @", ErrInvalidName, name, r)
		}
	}
	return nil
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

// add stores a new account's key file and record.
func (s *Service) add(name, password string, sec *secrets, plain []byte, viewOnly bool, scanned int64, hash string) (api.Account, error) {
	if err := checkName(name); err != nil {
		return api.Account{}, err
	}
	addr := sec.keys.Address()
	id := accountID(addr, viewOnly)
	s.mu.Lock()
	err := s.checkNew(id, name)
	s.mu.Unlock()
	if err != nil {
		return api.Account{}, err
	}
	file, err := sealSecrets(s.cfg.Rand, password, plain, s.cfg.KDF)
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
	b := s.db.NewBatch()
	defer b.Close()
	if err := setJSON(b, accountKey(id), &rec); err != nil {
		return api.Account{}, err
	}
	if err := b.Commit(true); err != nil {
		return api.Account{}, fmt.Errorf("wallet: save account: %w", err)
	}
	a := &account{rec: rec, sec: sec, unlocked: !viewOnly, state: "scanning", mempool: map[string]uint64{}}
	s.accounts[id] = a
	s.log.Info("account added", "account", id, "name", name, "view_only", viewOnly, "rescan_from", scanned+1)
	s.poke()
	return s.describe(a), nil
}

// checkNew refuses a duplicate id or name. s.mu must be held.
func (s *Service) checkNew(id, name string) error {
	if s.closed {
		return ErrClosed
	}
	if a, ok := s.accounts[id]; ok {
		return fmt.Errorf("%w: these keys are already account %q", ErrAccountExists, a.rec.Name)
	}
	for _, a := range s.accounts {
		if a.rec.Name == name || a.rec.ID == name {
			return fmt.Errorf("%w: the name %q is taken", ErrAccountExists, name)
		}
	}
	return nil
}

// describe returns the API view of an account. s.mu must be held.
func (s *Service) describe(a *account) api.Account {
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

// Unlock decrypts an account's keys: it scans from then on, and a full
// account can spend until Lock.
func (s *Service) Unlock(ref, password string) (api.Account, error) {
	a, _, file, err := s.readKeyFile(ref)
	if err != nil {
		return api.Account{}, err
	}
	sec, err := openSecrets(password, file)
	if err != nil {
		return api.Account{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return api.Account{}, ErrClosed
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
	a.unlocked = false
	return s.describe(a), nil
}

// ChangePassword re-encrypts an account's key file under a new password.
func (s *Service) ChangePassword(ref, old, new string) error {
	if new == "" {
		return ErrEmptyPassword
	}
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

// DeleteAccount moves an account's key file and an export of its records
// to trash/<id>-<time>/ and forgets it. The password confirms the intent.
func (s *Service) DeleteAccount(ref, password string) (string, error) {
	a, _, file, err := s.readKeyFile(ref)
	if err != nil {
		return "", err
	}
	if _, err := openSecrets(password, file); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	id := a.rec.ID
	trash := filepath.Join(s.cfg.Dir, "trash", id+"-"+s.cfg.Now().UTC().Format("20060102T150405Z"))
	if err := os.MkdirAll(trash, 0o700); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	export, err := s.export(a)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(trash, "records.json"), export, 0o600); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	if err := os.Rename(s.keyFile(id), filepath.Join(trash, id+".key")); err != nil {
		return "", fmt.Errorf("wallet: trash: %w", err)
	}
	b := s.db.NewBatch()
	defer b.Close()
	var doomed [][]byte
	for _, p := range [][]byte{outputPrefix(id), historyPrefix(id), stakeRecordPrefix(id)} {
		if err := s.db.Iterate(p, func(k, _ []byte) error { doomed = append(doomed, append([]byte(nil), k...)); return nil }); err != nil {
			return "", err
		}
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return "", err
		}
	}
	if err := b.Delete(accountKey(id)); err != nil {
		return "", err
	}
	if err := b.Commit(true); err != nil {
		return "", err
	}
	if a.sec != nil {
		a.sec.zero()
	}
	delete(s.accounts, id)
	s.log.Info("account moved to trash", "account", id, "trash", trash)
	return trash, nil
}

// export dumps an account's records as JSON. s.mu must be held.
func (s *Service) export(a *account) ([]byte, error) {
	out := struct {
		Account accountRecord   `json:"account"`
		Outputs []outputRecord  `json:"outputs"`
		History []historyRecord `json:"history"`
		Stakes  []outputRecord  `json:"stakes,omitempty"`
	}{Account: a.rec}
	if err := iterJSON(s.db, stakeRecordPrefix(a.rec.ID), func(r *outputRecord) error { out.Stakes = append(out.Stakes, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, outputPrefix(a.rec.ID), func(r *outputRecord) error { out.Outputs = append(out.Outputs, *r); return nil }); err != nil {
		return nil, err
	}
	if err := iterJSON(s.db, historyPrefix(a.rec.ID), func(r *historyRecord) error { out.History = append(out.History, *r); return nil }); err != nil {
		return nil, err
	}
	return json.MarshalIndent(out, "", "  ")
}
