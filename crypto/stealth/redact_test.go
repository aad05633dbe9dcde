package stealth

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func TestSecretsNeverPrint(t *testing.T) {
	t.Parallel()
	keys := testKeys(t, 1)
	spend, _ := keys.SpendKey()
	out, ss, _ := NewOutput(testRand(1), keys.Address(), 0)
	m, _ := keys.Scan(out, 0)
	secrets := []string{
		hex.EncodeToString(keys.view.ecdh.scalar().Bytes()),
		hex.EncodeToString(spend.b.Bytes()),
		hex.EncodeToString(ss.s[:]),
	}
	values := []any{keys, *keys, keys.ViewKey(), *keys.ViewKey(), spend, *spend, ss, *ss, m, *m}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
		for _, v := range values {
			got := strings.ToLower(fmt.Sprintf(verb, v))
			if !strings.Contains(got, "redacted") {
				t.Errorf("fmt %s of %T is not redacted: %s", verb, v, got)
			}
			for _, s := range secrets {
				if strings.Contains(got, s) {
					t.Errorf("fmt %s of %T reveals a secret: %s", verb, v, got)
				}
			}
		}
	}
}
