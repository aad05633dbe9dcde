package node

import "path/filepath"

// Files are the paths of CometBFT's files in a home directory.
type Files struct {
	Home           string
	ConfigDir      string // <home>/config
	DataDir        string // <home>/data
	Genesis        string // <home>/config/genesis.json
	ValidatorKey   string // <home>/config/priv_validator_key.json
	ValidatorState string // <home>/data/priv_validator_state.json
	NodeKey        string // <home>/config/node_key.json
}

// HomeFiles returns the paths of CometBFT's files in home, named as
// CometBFT names them.
func HomeFiles(home string) Files {
	cfg := filepath.Join(home, "config")
	data := filepath.Join(home, "data")
	return Files{
		Home:           home,
		ConfigDir:      cfg,
		DataDir:        data,
		Genesis:        filepath.Join(cfg, "genesis.json"),
		ValidatorKey:   filepath.Join(cfg, "priv_validator_key.json"),
		ValidatorState: filepath.Join(data, "priv_validator_state.json"),
		NodeKey:        filepath.Join(cfg, "node_key.json"),
	}
}
