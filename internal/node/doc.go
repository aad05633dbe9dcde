// Package node runs a CometBFT v0.38 node in-process around an ABCI 2.0
// application, from a home directory.
//
// A home holds CometBFT's files under the names CometBFT itself uses, so its
// tools work on them:
//
//	<home>/config/genesis.json              chain id, validators, app_state
//	<home>/config/priv_validator_key.json   ed25519 consensus key (secret)
//	<home>/config/node_key.json             ed25519 p2p identity (secret)
//	<home>/data/priv_validator_state.json   last signed height/round/step
//	<home>/data/*.db                        block store, state, indexes, evidence
//	<home>/data/cs.wal/                     consensus write-ahead log
//
// CometBFT's config.toml is not used: the daemon's own configuration is
// turned into a [Config] by the caller. [GenerateKeys], [NewGenesis] and
// [SaveGenesis] prepare a home; [New], [Node.Start] and [Node.Stop] run it.
// A stopped home starts again at its last height: CometBFT replays whatever
// the application is missing.
//
// Failures to read the home are reported as a [*FileError] naming the file;
// a data directory in use by another process as [ErrHomeLocked]; data that
// does not decode as [ErrCorrupt]; a genesis file that is not the chain in
// the data directory as [ErrGenesisMismatch]. CometBFT's own loaders exit
// the process or panic on such data, so New checks it first and recovers
// what it cannot check.
//
// A stopped home can be opened again in the same process. CometBFT v0.38
// does not make that easy: it leaves a database open, reads closed ones from
// goroutines it does not wait for, and keeps connections accepted during
// shutdown. The package closes every database it handed out, makes reads
// after close find nothing, and refuses peers while stopping (see gatedApp
// and stoppableDB, and docs/adr/0009-node-process.md).
package node
