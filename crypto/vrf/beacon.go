package vrf

import "encoding/binary"

// BeaconDomain is the domain tag that starts every beacon input.
const BeaconDomain = "stegos/v1/beacon"

// BeaconInput returns the VRF input alpha a proposer proves over for the
// randomness beacon at height:
//
//	u64be(len(BeaconDomain)) ‖ BeaconDomain ‖
//	u64be(len(chainID))      ‖ chainID ‖
//	u64be(height)            ‖ prevBeacon (32 bytes)
//
// Every variable-length field carries its length, so no two distinct
// (chainID, height, prevBeacon) triples give the same alpha.
func BeaconInput(chainID string, height uint64, prevBeacon [32]byte) []byte {
	n := 8 + len(BeaconDomain) + 8 + len(chainID) + 8 + len(prevBeacon)
	b := make([]byte, 0, n)
	b = binary.BigEndian.AppendUint64(b, uint64(len(BeaconDomain)))
	b = append(b, BeaconDomain...)
	b = binary.BigEndian.AppendUint64(b, uint64(len(chainID)))
	b = append(b, chainID...)
	b = binary.BigEndian.AppendUint64(b, height)
	return append(b, prevBeacon[:]...)
}
