// Package params holds the chain parameters of each network (mainnet,
// testnet, dev) in one place: chain ids, address prefixes, fees, limits and
// block timing. Wallets, light clients and the node import it, so every
// participant checks transactions against the same numbers.
package params
