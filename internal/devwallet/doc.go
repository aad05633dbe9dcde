// Package devwallet is a minimal in-memory wallet for tests, the load tool
// and the dev network: it scans outputs and blocks with a stealth key,
// keeps the unspent outputs it owns, selects coins and builds transactions
// with txbuilder. The full wallet service (persistent, with history and
// recovery) is built on the same pieces.
package devwallet
