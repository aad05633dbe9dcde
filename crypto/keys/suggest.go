package keys

import (
	"strings"

	"github.com/stegos-go/stegos/internal/editdist"
)

// maxSuggestDistance is the largest edit distance at which suggestWord
// still offers a word; for words of up to shortWord letters it is 1, since
// two edits turn a short word into almost anything.
const (
	maxSuggestDistance = 2
	shortWord          = 3
)

// suggestWord returns the list word a user most likely meant by w, or "".
// Every BIP-39 English word is identified by its first four letters, so a
// word sharing a four-letter prefix with a list word gets that word;
// otherwise the nearest word by edit distance, if close enough, first in
// list order on a tie.
func suggestWord(w string) string {
	if len(w) >= 4 {
		for _, c := range wordlist {
			if strings.HasPrefix(c, w[:4]) {
				return c
			}
		}
	}
	limit := maxSuggestDistance
	if len(w) <= shortWord {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, c := range wordlist {
		if d := editdist.Bounded(w, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
