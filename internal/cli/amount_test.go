package cli

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    uint64
		wantErr string // substring of the error; "" means success
	}{
		{"1.5", 1_500_000, ""},
		{"0.000001", 1, ""},
		{"10", 10_000_000, ""},
		{"0", 0, ""},
		{"007.10", 7_100_000, ""},
		{" 2.25 ", 2_250_000, ""},
		{"1.5 STG", 1_500_000, ""},
		{"3stg", 3_000_000, ""},
		{"9007199254.740991", MaxAmount, ""},
		{"", 0, "empty"},
		{"  ", 0, "empty"},
		{"STG", 0, "empty"},
		{"-1", 0, "negative"},
		{"-0.5", 0, "negative"},
		{"1.0000001", 0, "at most 6 decimal places"},
		{"0.0000000", 0, "at most 6 decimal places"},
		{"9007199254.740992", 0, "largest possible amount"},
		{"9007199255", 0, "largest possible amount"},
		{"18446744073709551616", 0, "largest possible amount"},
		{"99999999999999999999999", 0, "largest possible amount"},
		{"1e5", 0, "exponent"},
		{"1E-3", 0, "exponent"},
		{"1,5", 0, "decimal separator"},
		{"1,000.5", 0, "decimal separator"},
		{"1_000", 0, "separators"},
		{"1 000", 0, "separators"},
		{"1.2.3", 0, "more than one decimal point"},
		{".5", 0, "digit before the decimal point"},
		{"5.", 0, "digits after the decimal point"},
		{"abc", 0, "decimal number"},
		{"+1", 0, "decimal number"},
		{"0x10", 0, "decimal number"},
		{"1.5 µSTG", 0, "decimal number"},
		{"NaN", 0, "decimal number"},
		{"١", 0, "decimal number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseAmount(%q) = %d, %v; want an error containing %q", tt.in, got, err, tt.wantErr)
			}
		})
	}
}

func TestFormatAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   uint64
		want string
	}{
		{0, "0"},
		{1, "0.000001"},
		{10, "0.00001"},
		{1_500_000, "1.5"},
		{10_000_000, "10"},
		{1_234_567, "1.234567"},
		{MaxAmount, "9007199254.740991"},
		{^uint64(0), "18446744073709.551615"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.in); got != tt.want {
			t.Errorf("FormatAmount(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := formatSTG(2_500_000); got != "2.5 STG" {
		t.Errorf("formatSTG = %q", got)
	}
}

func FuzzAmount(f *testing.F) {
	for _, v := range []uint64{0, 1, 999_999, 1_000_000, 1_500_000, MaxAmount, MaxAmount + 1, ^uint64(0)} {
		f.Add(v, "")
	}
	for _, s := range []string{"1.5", "0.000001", "1e5", "1,5", "-1", ".", "1.", "00.100 stg"} {
		f.Add(uint64(0), s)
	}
	f.Fuzz(func(t *testing.T, v uint64, s string) {
		got, err := ParseAmount(FormatAmount(v))
		if v <= MaxAmount && (err != nil || got != v) {
			t.Fatalf("ParseAmount(FormatAmount(%d)) = %d, %v", v, got, err)
		}
		if v > MaxAmount && err == nil {
			t.Fatalf("ParseAmount(FormatAmount(%d)) accepted an amount above MaxAmount", v)
		}
		// Any string: an accepted amount is in range and formats back to
		// a string that parses to the same value.
		if a, err := ParseAmount(s); err == nil {
			if a > MaxAmount {
				t.Fatalf("ParseAmount(%q) = %d > MaxAmount", s, a)
			}
			if b, err := ParseAmount(FormatAmount(a)); err != nil || a != b {
				t.Fatalf("ParseAmount(%q) = %d, but FormatAmount gives %q", s, a, FormatAmount(a))
			}
		}
	})
}
