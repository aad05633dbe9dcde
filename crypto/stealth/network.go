package stealth

import "fmt"

// Network selects the address prefix. The zero value is not a network.
type Network uint8

// The networks. A params package will carry the rest of each network's
// parameters; this package needs only the address prefix.
const (
	Mainnet Network = iota + 1
	Testnet
	Dev
)

// networks lists every valid network, in prefix-error order.
var networks = []Network{Mainnet, Testnet, Dev}

// HRP returns the bech32m human-readable prefix: "stg", "stt" or "dev". It
// returns "" for an invalid Network.
func (n Network) HRP() string {
	switch n {
	case Mainnet:
		return "stg"
	case Testnet:
		return "stt"
	case Dev:
		return "dev"
	}
	return ""
}

// String returns the network's name.
func (n Network) String() string {
	switch n {
	case Mainnet:
		return "mainnet"
	case Testnet:
		return "testnet"
	case Dev:
		return "dev"
	}
	return fmt.Sprintf("Network(%d)", uint8(n))
}

// Valid reports whether n is one of the defined networks.
func (n Network) Valid() bool { return n.HRP() != "" }

// networkForHRP returns the network whose prefix is hrp (lower case).
func networkForHRP(hrp string) (Network, bool) {
	for _, n := range networks {
		if n.HRP() == hrp {
			return n, true
		}
	}
	return 0, false
}
