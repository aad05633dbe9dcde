package editdist

import "testing"

func TestBounded(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 5, 0},
		{"kitten", "sitting", 10, 3},
		{"kitten", "sitting", 2, 2},
		{"abc", "abc", 3, 0},
		{"abc", "abcdefgh", 3, 3},
		{"flaw", "lawn", 5, 2},
		{"moniker", "monikr", 3, 1},
	}
	for _, tt := range tests {
		if got := Bounded(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Bounded(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
