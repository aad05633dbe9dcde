package node

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cometbft/cometbft/crypto"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/types"
	cmttime "github.com/cometbft/cometbft/types/time"
)

// GenesisValidator is one validator of the initial set.
type GenesisValidator struct {
	Name   string        // informational, e.g. the moniker
	PubKey crypto.PubKey // ed25519 consensus key, from Identity.PubKey
	Power  int64         // voting power, > 0
}

// GenesisSpec describes a chain's genesis.
type GenesisSpec struct {
	ChainID string // at most 50 characters
	// GenesisTime is the time of block 1; the zero value means now. A node
	// started before the genesis time waits for it.
	GenesisTime time.Time
	// ConsensusParams are the initial consensus parameters; nil means
	// CometBFT's defaults (ed25519 keys, 21 MiB blocks, no vote extensions).
	ConsensusParams *types.ConsensusParams
	Validators      []GenesisValidator
	// AppState is handed to the application's InitChain unchanged (the
	// ledger puts allocations and chain parameters there). It must be valid
	// JSON if set.
	AppState json.RawMessage
}

// NewGenesis builds and validates a genesis document.
func NewGenesis(spec GenesisSpec) (*types.GenesisDoc, error) {
	if len(spec.AppState) > 0 && !json.Valid(spec.AppState) {
		return nil, errors.New("genesis: app_state is not valid JSON")
	}
	t := spec.GenesisTime
	if t.IsZero() {
		t = cmttime.Now()
	}
	params := spec.ConsensusParams
	if params == nil {
		params = types.DefaultConsensusParams()
	}
	doc := &types.GenesisDoc{
		ChainID:         spec.ChainID,
		GenesisTime:     cmttime.Canonical(t),
		ConsensusParams: params,
		AppState:        spec.AppState,
	}
	for i, v := range spec.Validators {
		if v.PubKey == nil {
			return nil, fmt.Errorf("genesis: validator %d (%s) has no public key", i, v.Name)
		}
		if v.Power <= 0 {
			return nil, fmt.Errorf("genesis: validator %d (%s) has power %d, want > 0", i, v.Name, v.Power)
		}
		doc.Validators = append(doc.Validators, types.GenesisValidator{
			Address: v.PubKey.Address(),
			PubKey:  v.PubKey,
			Power:   v.Power,
			Name:    v.Name,
		})
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	return doc, nil
}

// SaveGenesis writes doc to home's genesis file, creating the config
// directory if needed.
func SaveGenesis(home string, doc *types.GenesisDoc) error {
	f := HomeFiles(home)
	if err := makeDirs(f); err != nil {
		return err
	}
	b, err := cmtjson.MarshalIndent(doc, "", "  ")
	if err != nil {
		return &FileError{What: "genesis file", Path: f.Genesis, Err: err}
	}
	if err := writeFileAtomic(f.Genesis, b, 0o644); err != nil {
		return &FileError{What: "genesis file", Path: f.Genesis, Err: err}
	}
	return nil
}

// LoadGenesis reads and validates home's genesis file.
func LoadGenesis(home string) (*types.GenesisDoc, error) {
	return ReadGenesisFile(HomeFiles(home).Genesis)
}

// ReadGenesisFile reads and validates a genesis file at any path.
func ReadGenesisFile(path string) (*types.GenesisDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{What: "genesis file", Path: path, Err: err}
	}
	doc, err := types.GenesisDocFromJSON(b)
	if err != nil {
		return nil, &FileError{What: "genesis file", Path: path, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	}
	return doc, nil
}
