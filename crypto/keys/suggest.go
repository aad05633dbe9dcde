package keys

import "strings"

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
		if d := editDistance(w, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in bytes; it
// returns limit as soon as the distance is known to be at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
