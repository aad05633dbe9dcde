package node

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtstate "github.com/cometbft/cometbft/proto/tendermint/state"
	cmtstore "github.com/cometbft/cometbft/proto/tendermint/store"
	"github.com/cometbft/cometbft/types"
)

// Keys CometBFT v0.38 keeps its root records under (state/store.go,
// store/store.go). Decoding them before CometBFT does turns its
// exit-on-corruption into an error.
var (
	stateKey      = []byte("stateKey")
	blockStoreKey = []byte("blockStore")
	genesisDocKey = []byte("genesisDoc")
)

// dbSet opens CometBFT's databases and remembers them, so that all of them
// are closed when the node stops: CometBFT v0.38 leaves the transaction
// index open, and a database left open keeps its lock.
type dbSet struct {
	// genesis is the genesis file's document, with its path; the state
	// database must hold the same one.
	genesis     *types.GenesisDoc
	genesisPath string

	mu  sync.Mutex // guards dbs and blocks
	dbs []dbm.DB
	// blocks is the block store database, compacted after pruning.
	blocks *stoppableDB
}

// blockStore returns the block store database, nil before it is open.
func (s *dbSet) blockStore() *stoppableDB {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.blocks
}

// provide is a cmtcfg.DBProvider.
func (s *dbSet) provide(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	path := filepath.Join(ctx.Config.DBDir(), ctx.ID+".db")
	what := "CometBFT database"
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) {
			err = ErrHomeLocked
		}
		return nil, &FileError{What: what, Path: path, Err: err}
	}
	if err := checkRoot(ctx.ID, db); err != nil {
		db.Close()
		return nil, &FileError{What: what, Path: path, Err: err}
	}
	if ctx.ID == "state" {
		if err := s.checkGenesis(db, path); err != nil {
			db.Close()
			return nil, err
		}
	}
	sdb := &stoppableDB{DB: db}
	s.mu.Lock()
	s.dbs = append(s.dbs, sdb)
	if ctx.ID == "blockstore" {
		s.blocks = sdb
	}
	s.mu.Unlock()
	return sdb, nil
}

// checkRoot decodes the root record of the state and block store databases.
func checkRoot(id string, db dbm.DB) error {
	var key []byte
	var decode func([]byte) error
	switch id {
	case "state":
		key, decode = stateKey, new(cmtstate.State).Unmarshal
	case "blockstore":
		key, decode = blockStoreKey, new(cmtstore.BlockStoreState).Unmarshal
	default:
		return nil
	}
	b, err := db.Get(key)
	if err != nil {
		return fmt.Errorf("%w: read %q: %v", ErrCorrupt, key, err)
	}
	if len(b) > 0 {
		if err := decode(b); err != nil {
			return fmt.Errorf("%w: record %q does not decode: %v", ErrCorrupt, key, err)
		}
	}
	return nil
}

// checkGenesis compares the genesis CometBFT stored in the state database
// when the chain started with the genesis file. CometBFT v0.38 silently runs
// the stored one and ignores the file; a changed file is an operator's
// mistake (or a new chain on an old data directory) and is refused here.
func (s *dbSet) checkGenesis(db dbm.DB, path string) error {
	b, err := db.Get(genesisDocKey)
	if err != nil {
		return &FileError{What: "CometBFT database", Path: path, Err: fmt.Errorf("%w: read genesis: %v", ErrCorrupt, err)}
	}
	if len(b) == 0 || s.genesis == nil {
		return nil // a new chain: CometBFT stores the file's genesis
	}
	var stored *types.GenesisDoc
	if err := cmtjson.Unmarshal(b, &stored); err != nil || stored == nil {
		return &FileError{What: "CometBFT database", Path: path, Err: fmt.Errorf("%w: stored genesis does not decode: %v", ErrCorrupt, err)}
	}
	want, err := cmtjson.Marshal(s.genesis)
	if err != nil {
		return fmt.Errorf("encode genesis: %w", err)
	}
	have, err := cmtjson.Marshal(stored)
	if err != nil {
		return &FileError{What: "CometBFT database", Path: path, Err: fmt.Errorf("%w: stored genesis: %v", ErrCorrupt, err)}
	}
	if !bytes.Equal(want, have) {
		return &FileError{What: "genesis file", Path: s.genesisPath, Err: fmt.Errorf(
			"%w: the data directory holds chain %q (genesis time %s), the file chain %q (genesis time %s); remove the data directory to start the new chain",
			ErrGenesisMismatch, stored.ChainID, stored.GenesisTime.Format(time.RFC3339), s.genesis.ChainID, s.genesis.GenesisTime.Format(time.RFC3339))}
	}
	return nil
}

// stoppableDB is a CometBFT database whose reads after Close find nothing
// instead of failing. CometBFT v0.38 closes its stores in Node.OnStop
// without waiting for every goroutine that reads them (the consensus
// reactor's per-peer queryMaj23Routine sleeps, wakes and loads a commit),
// and its stores panic on any read error. With this wrapper such a late
// reader sees "not found" and exits on its next check instead of crashing
// the process after a clean stop.
type stoppableDB struct {
	dbm.DB
	mu     sync.RWMutex // read-held during Get and Has, write-held by Close
	closed bool
}

// Get implements dbm.DB.
func (d *stoppableDB) Get(key []byte) ([]byte, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return nil, nil
	}
	return d.DB.Get(key)
}

// Has implements dbm.DB.
func (d *stoppableDB) Has(key []byte) (bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return false, nil
	}
	return d.DB.Has(key)
}

// Compact implements dbm.DB; it does nothing once the database is closed.
func (d *stoppableDB) Compact(start, end []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return nil
	}
	return d.DB.Compact(start, end)
}

// Close closes the database once; later calls return nil.
func (d *stoppableDB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	return d.DB.Close()
}

// closeAll closes every database opened so far, including those CometBFT
// leaves open; closing one CometBFT already closed is a no-op.
func (s *dbSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, db := range s.dbs {
		_ = db.Close()
	}
	s.dbs = nil
}
