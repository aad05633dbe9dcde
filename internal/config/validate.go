package config

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// maxTimeout caps the consensus timeouts: anything longer is a typo ("1m"
// for "1ms") that would stall the chain, not a setting.
const maxTimeout = time.Minute

// maxQuarantineBlocks caps mempool.quarantine_blocks: about 11 days of 1 s
// blocks; a longer quarantine is a typo, not a policy.
const maxQuarantineBlocks = 1_000_000

// Caps of the [statesync] settings: typos, not policies.
const (
	maxSnapshotInterval = 1_000_000
	maxSnapshotKeep     = 100
	maxTrustPeriod      = 365 * 24 * time.Hour
)

// maxMoniker is the longest moniker accepted.
const maxMoniker = 64

// oneOf checks that v is one of the allowed values.
func oneOf(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
}

// checkRange accepts lo..hi.
func checkRange(v, lo, hi int64) error {
	if v < lo {
		return fmt.Errorf("%d is below %d", v, lo)
	}
	if v > hi {
		return fmt.Errorf("%d is above %d", v, hi)
	}
	return nil
}

// checkMoniker accepts 1 to 64 printable ASCII characters, as CometBFT's node
// info requires.
func checkMoniker(m string) error {
	if m == "" {
		return errors.New("must not be empty")
	}
	if len(m) > maxMoniker {
		return fmt.Errorf("%d characters, at most %d allowed", len(m), maxMoniker)
	}
	for _, r := range m {
		if r < 0x20 || r > 0x7e {
			return fmt.Errorf("%q: only printable ASCII is allowed", m)
		}
	}
	return nil
}

// checkOptionalAddr accepts an empty string or a host:port.
func checkOptionalAddr(a string) error {
	if a == "" {
		return nil
	}
	return checkAddr(a)
}

// checkWebListen accepts an empty address, or a host:port when the API
// listens too: the pages' own address serves the API as well, and without
// api.listen there is no API.
func checkWebListen(web, api string) error {
	if web == "" {
		return nil
	}
	if err := checkAddr(web); err != nil {
		return err
	}
	if api == "" {
		return errors.New("needs api.listen: the web wallet calls the API, which is disabled")
	}
	return nil
}

// checkAddr accepts host:port with a non-empty host (an IP address or a DNS
// name) and a port from 1 to 65535. A tcp:// prefix is tolerated.
func checkAddr(a string) error {
	if a == "" {
		return errors.New("must not be empty")
	}
	host, port, err := net.SplitHostPort(strings.TrimPrefix(a, "tcp://"))
	if err != nil {
		return fmt.Errorf("invalid address %q: want host:port", a)
	}
	if host == "" {
		return fmt.Errorf("invalid address %q: missing host (0.0.0.0 listens on every interface)", a)
	}
	if net.ParseIP(host) == nil && !isDNSName(host) {
		return fmt.Errorf("invalid address %q: bad host %q", a, host)
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil || n == 0 {
		return fmt.Errorf("invalid address %q: port must be a number from 1 to 65535", a)
	}
	return nil
}

// isDNSName reports whether h looks like a host name: dot-separated labels of
// letters, digits and hyphens.
func isDNSName(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// checkPeers accepts node-id@host:port entries, the node ID being the 40 hex
// digits CometBFT prints (`stegosd localnet` writes them).
func checkPeers(peers []string) error {
	for _, p := range peers {
		id, addr, ok := strings.Cut(p, "@")
		if !ok {
			return fmt.Errorf("peer %q: want node-id@host:port", p)
		}
		if len(id) != 40 || strings.Trim(strings.ToLower(id), "0123456789abcdef") != "" {
			return fmt.Errorf("peer %q: node ID must be 40 hex digits", p)
		}
		if err := checkAddr(addr); err != nil {
			return fmt.Errorf("peer %q: %w", p, err)
		}
	}
	return nil
}

// checkDuration accepts min..maxTimeout.
func checkDuration(d, min time.Duration) error {
	switch {
	case d < 0:
		return fmt.Errorf("%v is negative", d)
	case d < min:
		return fmt.Errorf("%v is too short; must be above 0s", d)
	case d > maxTimeout:
		return fmt.Errorf("%v is too long; at most %v", d, maxTimeout)
	}
	return nil
}

// listener names a listen address for the conflict check.
type listener struct {
	key  string
	addr string
}

// conflict returns the first two listen keys whose addresses collide: the
// same port on the same host, or on a wildcard host. ok is false when all
// listeners can coexist.
func conflict(c *Config) (a, b listener, ok bool) {
	ls := []listener{{"p2p.listen", c.P2P.Listen}, {"rpc.listen", c.RPC.Listen}, {"api.listen", c.API.Listen}, {"api.web_listen", c.API.WebListen}}
	for i, a := range ls {
		for _, b := range ls[:i] {
			if a.addr != "" && b.addr != "" && sameSocket(a.addr, b.addr) {
				return a, b, true
			}
		}
	}
	return listener{}, listener{}, false
}

// sameSocket reports whether two host:port addresses would compete for one
// port.
func sameSocket(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(strings.TrimPrefix(a, "tcp://"))
	hb, pb, errB := net.SplitHostPort(strings.TrimPrefix(b, "tcp://"))
	if errA != nil || errB != nil || pa != pb {
		return false
	}
	return ha == hb || isWildcard(ha) || isWildcard(hb)
}

// isWildcard reports whether h listens on every interface.
func isWildcard(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && ip.IsUnspecified()
}

// checkStateSync checks what enabling state sync needs.
func checkStateSync(s *StateSyncSection) error {
	if s.Enable && len(s.RPCServers) == 0 {
		return errors.New("needs statesync.rpc_servers: the light client checks the snapshot against their headers")
	}
	return nil
}

// checkRPCServers accepts host:port entries and http(s):// URLs with one.
func checkRPCServers(servers []string) error {
	for _, a := range servers {
		rest := a
		for _, scheme := range []string{"http://", "https://", "tcp://"} {
			rest = strings.TrimPrefix(rest, scheme)
		}
		rest = strings.TrimSuffix(rest, "/")
		if err := checkAddr(rest); err != nil {
			return fmt.Errorf("rpc server %q: %w", a, err)
		}
	}
	return nil
}

// checkTrustHeight accepts 0 (no trusted header) or a height with a hash.
func checkTrustHeight(s *StateSyncSection) error {
	if err := checkRange(s.TrustHeight, 0, 1<<62); err != nil {
		return err
	}
	if s.TrustHeight > 0 && s.TrustHash == "" {
		return errors.New("needs statesync.trust_hash, the hash of the header at that height")
	}
	return nil
}

// checkTrust accepts no trusted hash, or a 64-hex-digit one with a height.
func checkTrust(s *StateSyncSection) error {
	switch {
	case s.TrustHash == "":
		return nil
	case s.TrustHeight == 0:
		return errors.New("needs statesync.trust_height, the height of the header it is the hash of")
	case len(s.TrustHash) != 64 || strings.Trim(strings.ToLower(s.TrustHash), "0123456789abcdef") != "":
		return fmt.Errorf("%q: want the header hash as 64 hex digits", s.TrustHash)
	}
	return nil
}

// checkTrustPeriod accepts 1m..365 days.
func checkTrustPeriod(d time.Duration) error {
	if d < time.Minute || d > maxTrustPeriod {
		return fmt.Errorf("%v: want 1m to %v", d, maxTrustPeriod)
	}
	return nil
}
