package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/stegos-go/stegos/internal/store"
)

// Migrating a store from before ADR 0017. An account's records in clear
// are sealed on its first unlock by rewriting the whole database into a
// new directory (the account's records sealed and under blinded keys,
// everything else copied as it is) that then replaces the old one. Sealing
// in place would leave the clear values in the old database files until
// pebble happened to compact them; a new directory leaves none (what the
// file system keeps of deleted files is beyond a program's reach: disk
// encryption covers it).
//
// The swap survives a crash at any point:
//
//  1. db.migrate/ is written and closed, then the marker db.migrate.done;
//  2. the database is closed, db/ renamed to db.old/, db.migrate/ to db/;
//  3. the marker and db.old/ are removed.
//
// finishMigration, at Open, completes step 2 when the marker exists and
// otherwise discards a db.migrate/ left half written.

// migrateBatch is how many records one batch of the copy holds.
const migrateBatch = 10_000

func migrationPaths(dbDir string) (tmp, done, old string) {
	return dbDir + ".migrate", dbDir + ".migrate.done", dbDir + ".old"
}

// finishMigration completes or discards a migration a crash interrupted.
func finishMigration(dbDir string, log *slog.Logger) error {
	tmp, done, old := migrationPaths(dbDir)
	if exists(done) {
		if exists(tmp) {
			if exists(dbDir) {
				if err := os.Rename(dbDir, old); err != nil {
					return fmt.Errorf("wallet: finishing a migration: %w", err)
				}
			}
			if err := os.Rename(tmp, dbDir); err != nil {
				return fmt.Errorf("wallet: finishing a migration: %w", err)
			}
			log.Info("wallet: finished the migration of the database a stop interrupted")
		}
		if err := syncDir(filepath.Dir(dbDir)); err != nil {
			return err
		}
		if err := os.Remove(done); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("wallet: finishing a migration: %w", err)
		}
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("wallet: discarding an unfinished migration: %w", err)
	}
	if exists(dbDir) {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("wallet: removing the database before migration: %w", err)
		}
	}
	return nil
}

// migrateAccount seals the records of a, still in clear, under c by
// rewriting the database, and switches the service to the new one. s.mu
// must be held.
func (s *Service) migrateAccount(a *account, c *codec) error {
	dbDir := s.db.db.Path()
	tmp, done, _ := migrationPaths(dbDir)
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("wallet: migration: %w", err)
	}
	n, err := s.copySealed(tmp, a, c)
	if err != nil {
		return errors.Join(fmt.Errorf("wallet: sealing the records of %s: %w", a.rec.ID, err), os.RemoveAll(tmp))
	}
	if err := writeMarker(done); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	// From here the new database is complete: finishMigration completes
	// the swap if this one stops half way.
	if err := s.db.db.Close(); err != nil {
		return fmt.Errorf("wallet: migration: %w", err)
	}
	swapErr := finishMigration(dbDir, s.log)
	db, err := store.Open(dbDir, &store.Options{Logger: s.log.With("module", "walletdb")})
	if err != nil {
		return errors.Join(swapErr, fmt.Errorf("wallet: reopening the database after migration: %w", err))
	}
	s.db.db = db
	if swapErr != nil {
		return swapErr
	}
	a.legacy = false
	s.db.ring.put(a.rec.ID, c)
	s.log.Info("wallet: records sealed (ADR 0017)", "account", a.rec.ID, "records", n)
	return nil
}

// copySealed copies the database into a new one at dir with a's records
// sealed under c, and returns how many it sealed.
func (s *Service) copySealed(dir string, a *account, c *codec) (int, error) {
	ndb, err := store.Open(dir, &store.Options{Logger: s.log.With("module", "walletdb-migrate")})
	if err != nil {
		return 0, err
	}
	sealed := 0
	ring := newKeyring()
	ring.put(a.rec.ID, c)
	b := &recordBatch{b: ndb.NewBatch(), ring: ring}
	copyOne := func(k, v []byte) error {
		rk, ok := legacyKey(k, a.rec.ID)
		switch {
		case !ok:
			if err := b.b.Set(k, v); err != nil {
				return err
			}
		case rk.prefix == prefixAccount:
			var rec accountRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("wallet: record %q: %w", k, err)
			}
			if err := putAccount(b, &rec); err != nil {
				return err
			}
			sealed++
		default:
			if err := setJSON(b, rk, json.RawMessage(v)); err != nil {
				return err
			}
			sealed++
		}
		if b.b.Count() >= migrateBatch {
			if err := b.Commit(false); err != nil {
				return err
			}
			b = &recordBatch{b: ndb.NewBatch(), ring: ring}
		}
		return nil
	}
	err = s.db.db.Iterate(nil, copyOne)
	if err == nil {
		err = b.Commit(true)
	}
	b.Close()
	return sealed, errors.Join(err, ndb.Close())
}

// legacyKey parses a key of account acct in the format from before ADR
// 0017 ("a/<acct>", "o/<acct>/<output id>", ...).
func legacyKey(k []byte, acct string) (recKey, bool) {
	key := string(k)
	if key == prefixAccount+acct {
		return accountKey(acct), true
	}
	for _, p := range []string{prefixOutput, prefixHistory, prefixStake} {
		if id, ok := strings.CutPrefix(key, p+acct+"/"); ok {
			return recKey{p, acct, id}, true
		}
	}
	return recKey{}, false
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// writeMarker creates an empty file and makes it and its directory
// durable.
func writeMarker(p string) error {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("wallet: migration marker: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(filepath.Dir(p))
	}
	if err != nil {
		return fmt.Errorf("wallet: migration marker: %w", err)
	}
	return nil
}

// syncDir makes a directory's entries durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wallet: sync %s: %w", dir, err)
	}
	return nil
}
