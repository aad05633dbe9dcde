package node

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
)

// Identity is the public side of a home's two keys.
type Identity struct {
	// NodeID is the p2p identity peers dial: 40 hex digits, used in
	// node-id@host:port peer addresses.
	NodeID string
	// PubKey is the ed25519 consensus key that signs votes; it goes into the
	// genesis validator set.
	PubKey crypto.PubKey
}

// GenerateKeys creates a fresh ed25519 validator key (with an empty signing
// state) and node key in home, creating the config and data directories. It
// refuses to overwrite existing keys: losing a validator key, or reusing it
// with a fresh signing state, is how validators double-sign.
func GenerateKeys(home string) (Identity, error) {
	f := HomeFiles(home)
	for _, p := range []string{f.ValidatorKey, f.ValidatorState, f.NodeKey} {
		if _, err := os.Stat(p); err == nil {
			return Identity{}, &FileError{What: "key file", Path: p, Err: fs.ErrExist}
		}
	}
	if err := makeDirs(f); err != nil {
		return Identity{}, err
	}
	pv := privval.GenFilePV(f.ValidatorKey, f.ValidatorState)
	if err := writeJSON(f.ValidatorKey, "validator key", pv.Key); err != nil {
		return Identity{}, err
	}
	if err := writeJSON(f.ValidatorState, "validator state", pv.LastSignState); err != nil {
		return Identity{}, err
	}
	nk := &p2p.NodeKey{PrivKey: ed25519.GenPrivKey()}
	if err := nk.SaveAs(f.NodeKey); err != nil {
		return Identity{}, &FileError{What: "node key", Path: f.NodeKey, Err: err}
	}
	return Identity{NodeID: string(nk.ID()), PubKey: pv.Key.PubKey}, nil
}

// LoadIdentity reads the public side of home's keys.
func LoadIdentity(home string) (Identity, error) {
	f := HomeFiles(home)
	pv, err := loadFilePV(f.ValidatorKey, f.ValidatorState)
	if err != nil {
		return Identity{}, err
	}
	nk, err := loadNodeKey(f.NodeKey)
	if err != nil {
		return Identity{}, err
	}
	return Identity{NodeID: string(nk.ID()), PubKey: pv.Key.PubKey}, nil
}

// CheckHome reads home's genesis and keys, returning the first problem as
// a *FileError. It opens no database, so callers can check a home before
// opening anything else in it.
func CheckHome(home string) error {
	if _, err := LoadGenesis(home); err != nil {
		return err
	}
	_, err := LoadIdentity(home)
	return err
}

// makeDirs creates the config and data directories, private to the user.
func makeDirs(f Files) error {
	for _, d := range []string{f.ConfigDir, f.DataDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return &FileError{What: "directory", Path: d, Err: err}
		}
	}
	return nil
}

// loadFilePV reads a validator key and its signing state. Unlike
// privval.LoadFilePV, which exits the process on any problem, it returns an
// error naming the file. A key without a state file is refused: starting
// from an empty signing state could sign twice at a height already signed.
func loadFilePV(keyPath, statePath string) (*privval.FilePV, error) {
	var key privval.FilePVKey
	if err := readJSON(keyPath, "validator key", &key); err != nil {
		return nil, err
	}
	if key.PrivKey == nil {
		return nil, &FileError{What: "validator key", Path: keyPath, Err: fmt.Errorf("%w: no priv_key", ErrCorrupt)}
	}
	if key.PrivKey.Type() != ed25519.KeyType {
		return nil, &FileError{What: "validator key", Path: keyPath, Err: fmt.Errorf("key type %s, want ed25519", key.PrivKey.Type())}
	}
	if key.Address != nil && !bytes.Equal(key.PrivKey.PubKey().Address(), key.Address) {
		return nil, &FileError{What: "validator key", Path: keyPath, Err: fmt.Errorf("%w: address does not match the key", ErrCorrupt)}
	}
	var state privval.FilePVLastSignState
	if err := readJSON(statePath, "validator state", &state); err != nil {
		return nil, err
	}
	pv := privval.NewFilePV(key.PrivKey, keyPath, statePath)
	pv.LastSignState.Height = state.Height
	pv.LastSignState.Round = state.Round
	pv.LastSignState.Step = state.Step
	pv.LastSignState.Signature = state.Signature
	pv.LastSignState.SignBytes = state.SignBytes
	return pv, nil
}

// loadNodeKey reads a node key, checking that it holds a key.
func loadNodeKey(path string) (*p2p.NodeKey, error) {
	var nk p2p.NodeKey
	if err := readJSON(path, "node key", &nk); err != nil {
		return nil, err
	}
	if nk.PrivKey == nil {
		return nil, &FileError{What: "node key", Path: path, Err: fmt.Errorf("%w: no priv_key", ErrCorrupt)}
	}
	return &nk, nil
}

// readJSON decodes a CometBFT JSON file into v.
func readJSON(path, what string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return &FileError{What: what, Path: path, Err: err}
	}
	if err := cmtjson.Unmarshal(b, v); err != nil {
		return &FileError{What: what, Path: path, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	}
	return nil
}

// writeJSON writes v as CometBFT JSON, readable by the owner only, through a
// temporary file renamed into place.
func writeJSON(path, what string, v any) error {
	b, err := cmtjson.MarshalIndent(v, "", "  ")
	if err != nil {
		return &FileError{What: what, Path: path, Err: err}
	}
	if err := writeFileAtomic(path, b, 0o600); err != nil {
		return &FileError{What: what, Path: path, Err: err}
	}
	return nil
}

// writeFileAtomic writes data to path via a temporary file in the same
// directory, so a crash leaves the old file or the new one, never half.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(perm)
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return werr
	}
	return os.Rename(tmp.Name(), path)
}
