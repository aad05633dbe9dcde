package genesis

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"os"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"

	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/txbuilder"
)

// LoadValidatorToken returns the validator token of the node whose home is
// home, for chainID: its consensus key and the VRF key derived from it
// (node.LoadProposerKeys), with their proofs of possession and the
// registration secret (ADR 0016). `stegosd validator-info` prints it; a
// genesis stake uses it to register the validator. The token holds a
// secret: it is printed for the validator's owner, never logged.
func LoadValidatorToken(home, chainID string) (*txbuilder.ValidatorToken, error) {
	pk, err := node.LoadProposerKeys(home)
	if err != nil {
		return nil, err
	}
	defer pk.VRF.Zero()
	priv, err := consensusKey(node.HomeFiles(home).ValidatorKey)
	if err != nil {
		return nil, err
	}
	defer clear(priv)
	if !bytes.Equal(priv[32:], pk.Consensus[:]) {
		return nil, &node.FileError{What: "validator key", Path: node.HomeFiles(home).ValidatorKey, Err: fmt.Errorf("%w: the key changed while it was read", node.ErrCorrupt)}
	}
	return txbuilder.NewValidatorToken(chainID, priv, pk.VRF)
}

// consensusKey reads the ed25519 private key (seed ‖ public key) of a
// CometBFT validator key file.
func consensusKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &node.FileError{What: "validator key", Path: path, Err: err}
	}
	defer clear(b)
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(b, &key); err != nil || key.PrivKey == nil {
		return nil, &node.FileError{What: "validator key", Path: path, Err: fmt.Errorf("%w: no ed25519 private key", node.ErrCorrupt)}
	}
	priv := key.PrivKey.Bytes()
	if len(priv) != ed25519.PrivateKeySize {
		return nil, &node.FileError{What: "validator key", Path: path, Err: fmt.Errorf("%w: private key of %d bytes", node.ErrCorrupt, len(priv))}
	}
	return ed25519.PrivateKey(priv), nil
}

// ValidatorStakeSpec returns the StakeSpec of a genesis stake to the node
// whose home is home, on chainID: its keys and its token, so the stake
// registers it as a block's first stake would.
func ValidatorStakeSpec(home, chainID string) (StakeSpec, error) {
	tok, err := LoadValidatorToken(home, chainID)
	if err != nil {
		return StakeSpec{}, err
	}
	return StakeSpec{Validator: tok.Validator, VRFKey: tok.VRFKey, Token: tok}, nil
}
