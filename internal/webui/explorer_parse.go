package webui

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stegos-go/stegos/ledger"
)

// maxQueryLen bounds what the explorer reads of a search query or a path
// segment: a height or an id is far shorter.
const maxQueryLen = 128

// errHeightRange is a height below 1: blocks start at 1 (the genesis
// allocations are not a block).
var errHeightRange = errors.New("block heights start at 1")

// parseHeight parses a block height: decimal digits only (no sign, no
// spaces), at least 1.
func parseHeight(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("no height given")
	}
	if len(s) > maxQueryLen || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%s is not a block height: a height is a whole number such as 42", quote(s))
	}
	h, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not a block height: the number is too large", quote(s))
	}
	if h < 1 {
		return 0, errHeightRange
	}
	return h, nil
}

// parseID parses a transaction or output id: 64 hex digits, either case.
func parseID(s string) (ledger.Hash, error) {
	var id ledger.Hash
	if len(s) != 2*len(id) {
		return id, fmt.Errorf("%s is not an id: an id has %d hex digits, this has %d characters", quote(s), 2*len(id), len(s))
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("%s is not an id: only the hex digits 0-9 and a-f may appear", quote(s))
	}
	return id, nil
}

// query is a parsed search: a height, or an id that may name a
// transaction or an output.
type query struct {
	height int64
	id     ledger.Hash
	isID   bool
}

// parseQuery reads a search: a height (digits) or a 64-hex-digit id,
// surrounding spaces ignored.
func parseQuery(s string) (query, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return query{}, errors.New("type a block height, a transaction id or an output id")
	case len(s) > maxQueryLen:
		return query{}, fmt.Errorf("a query of %d characters is neither a height nor an id", len(s))
	case strings.Trim(s, "0123456789") == "" && len(s) != 64:
		h, err := parseHeight(s)
		return query{height: h}, err
	}
	id, err := parseID(s)
	if err != nil {
		return query{}, fmt.Errorf("%s is neither a block height nor a transaction or output id (64 hex digits)", quote(s))
	}
	return query{id: id, isID: true}, nil
}

// quote shows user input in a message, shortened.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
