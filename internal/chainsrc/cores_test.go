package chainsrc

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// coresAnswer encodes outputs as app.QueryCores answers them.
func coresAnswer(outs []ledger.Output, count int) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(count))
	for i, o := range outs {
		id := ledger.ID(o)
		core := ledger.EncodeCore(o)
		b = append(b, id[:]...)
		b = binary.BigEndian.AppendUint64(b, uint64(i))
		b = binary.BigEndian.AppendUint32(b, uint32(i))
		b = binary.BigEndian.AppendUint32(b, uint32(len(core)))
		b = append(b, core...)
	}
	return b
}

// A node's answer to the cores query is checked, not trusted: every core
// must hash to the id the node names, and the page must be whole.
func TestDecodeCoresRejects(t *testing.T) {
	n := testnode.Start(t, testnode.Options{})
	src := NewComet(n.Client(), n.ChainID())
	page, h, err := src.Cores(context.Background(), nil, 3)
	if err != nil || len(page) != 3 || h < 1 {
		t.Fatalf("a page of 3 cores at height %d: %d, %v", h, len(page), err)
	}
	outs := []ledger.Output{page[0].Output, page[1].Output}
	good := coresAnswer(outs, 2)
	if got, err := decodeCores(good, 2); err != nil || len(got) != 2 || got[1].ID != page[1].ID {
		t.Fatalf("a good answer: %v, %v", got, err)
	}
	swapped := coresAnswer(outs, 2)
	copy(swapped[2:34], page[1].ID[:]) // the first core under the second's id
	for _, tt := range []struct {
		name, want string
		b          []byte
		limit      int
	}{
		{"more than asked", "asked for at most 1", good, 1},
		{"an id its core does not hash to", "hashes to", swapped, 2},
		{"truncated", "end of input", good[:len(good)-5], 2},
		{"trailing bytes", "trailing", append(append([]byte{}, good...), 0), 2},
		{"a count with no outputs", "end of input", binary.BigEndian.AppendUint16(nil, 2), 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeCores(tt.b, tt.limit); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want one saying %q", err, tt.want)
			}
		})
	}
}
