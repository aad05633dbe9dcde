package keys

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestWordlistIsBIP39English(t *testing.T) {
	t.Parallel()
	// SHA-256 of bip-0039/english.txt in bitcoin/bips.
	const want = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
	if got := sha256.Sum256([]byte(englishTxt)); hex.EncodeToString(got[:]) != want {
		t.Fatalf("english.txt SHA-256 = %x, want %s", got, want)
	}
	// suggestWord and the uniqueness of packWord rely on these.
	if !slices.IsSorted(wordlist[:]) {
		t.Error("word list is not sorted")
	}
	prefixes := map[string]bool{}
	for _, w := range wordlist {
		p := w[:min(4, len(w))]
		if prefixes[p] {
			t.Errorf("prefix %q is shared", p)
		}
		prefixes[p] = true
	}
}

func TestWordIndex(t *testing.T) {
	t.Parallel()
	for i, w := range wordlist {
		if j, ok := wordIndex(w); !ok || j != i {
			t.Fatalf("wordIndex(%q) = %d, %v; want %d", w, j, ok, i)
		}
	}
	for _, w := range []string{"", "a", "abando", "abandonn", "Abandon", "zoo ", "zo0", "abandon\x00", "abcdefghi", "é"} {
		if j, ok := wordIndex(w); ok {
			t.Errorf("wordIndex(%q) = %d, want not found", w, j)
		}
	}
}

type bip39Vector struct {
	Entropy    string `json:"entropy"`
	Mnemonic   string `json:"mnemonic"`
	Passphrase string `json:"passphrase"`
	Seed       string `json:"seed"`
}

func loadBIP39Vectors(t testing.TB) []bip39Vector {
	t.Helper()
	raw, err := os.ReadFile("testdata/bip39_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		English []bip39Vector `json:"english"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.English) != 24 {
		t.Fatalf("%d vectors, want the 24 of the reference set", len(file.English))
	}
	return file.English
}

// TestBIP39Vectors runs every reference vector through the general BIP-39
// code, and the 24-word ones through the public API as well.
func TestBIP39Vectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadBIP39Vectors(t) {
		name := strings.Join(strings.Fields(v.Mnemonic)[:3], "-")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			entropy, _ := hex.DecodeString(v.Entropy)
			words, err := entropyToWords(entropy)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(words, " "); got != v.Mnemonic {
				t.Fatalf("mnemonic = %q, want %q", got, v.Mnemonic)
			}
			back, err := wordsToEntropy(normalizeWords(v.Mnemonic))
			if err != nil || hex.EncodeToString(back) != v.Entropy {
				t.Fatalf("entropy = %x, %v; want %s", back, err, v.Entropy)
			}
			seed := bip39Seed(words, v.Passphrase)
			if got := hex.EncodeToString(seed[:]); got != v.Seed {
				t.Fatalf("seed = %s, want %s", got, v.Seed)
			}

			if len(words) != MnemonicWords {
				if err := ValidateMnemonic(v.Mnemonic); err == nil {
					t.Fatalf("public API accepted a %d-word phrase", len(words))
				}
				return
			}
			m, err := MnemonicFromEntropy(entropy)
			if err != nil || m.Phrase() != v.Mnemonic {
				t.Fatalf("MnemonicFromEntropy = %v", err)
			}
			p, err := ParseMnemonic(v.Mnemonic)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(p.Seed(v.Passphrase).Bytes()); got != v.Seed {
				t.Fatalf("Mnemonic.Seed = %s, want %s", got, v.Seed)
			}
		})
	}
}

func TestEntropyToWordsRejectsSizes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 15, 17, 20 + 1, 36} {
		if _, err := entropyToWords(make([]byte, n)); err == nil {
			t.Errorf("entropyToWords accepted %d bytes", n)
		}
	}
}
