package keys

import (
	_ "embed"
	"strings"
)

// englishTxt is the BIP-39 English word list, byte for byte the file
// bip-0039/english.txt of the bitcoin/bips repository
// (SHA-256 2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda,
// checked by a test).
//
//go:embed english.txt
var englishTxt string

const (
	wordCount = 2048 // 2^11 words: 11 bits each
	wordBits  = 11
	maxWord   = 8 // longest word in the list, in bytes
)

var (
	// wordlist maps an 11-bit index to its word.
	wordlist [wordCount]string
	// packedWords holds each word packed into a uint64, for the
	// constant-time reverse lookup.
	packedWords [wordCount]uint64
)

func init() {
	words := strings.Split(strings.TrimSuffix(englishTxt, "\n"), "\n")
	if len(words) != wordCount {
		panic("keys: embedded word list is corrupt")
	}
	for i, w := range words {
		p, ok := packWord(w)
		if !ok {
			panic("keys: embedded word list is corrupt")
		}
		wordlist[i], packedWords[i] = w, p
	}
}

// packWord packs a word of 1 to 8 letters a–z into a uint64, or reports
// false. Distinct words pack to distinct non-zero values.
func packWord(w string) (uint64, bool) {
	if len(w) == 0 || len(w) > maxWord {
		return 0, false
	}
	var p uint64
	for i := range len(w) {
		c := w[i]
		if c < 'a' || c > 'z' {
			return 0, false
		}
		p = p<<8 | uint64(c)
	}
	return p, true
}

// wordIndex returns the index of w in the word list. The scan touches every
// entry whatever w is, so its timing does not depend on which word w is.
func wordIndex(w string) (int, bool) {
	p, ok := packWord(w)
	if !ok {
		return 0, false
	}
	var idx, found uint64
	for i, q := range packedWords {
		d := p ^ q
		eq := 1 ^ (d|-d)>>63 // 1 iff d == 0
		idx |= uint64(i) & -eq
		found |= eq
	}
	return int(idx), found == 1
}
