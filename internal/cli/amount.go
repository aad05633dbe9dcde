package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MicroPerSTG is the number of µSTG in one STG.
const MicroPerSTG = 1_000_000

// MaxAmount is the largest amount ParseAmount accepts, in µSTG: the API
// keeps every amount below 2^53 µSTG so JavaScript numbers hold it exactly.
const MaxAmount = 1<<53 - 1

// amountDecimals is the number of decimal places of an STG amount.
const amountDecimals = 6

// ParseAmount parses a decimal STG amount such as "1.5", "0.000001" or
// "10" into µSTG. An optional "STG" unit may follow ("1.5 STG"). It refuses
// negative numbers, more than six decimal places, exponents, thousands or
// comma separators and amounts above MaxAmount, with a message that says
// how to write the amount instead.
func ParseAmount(s string) (uint64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if u := len(s) - len("STG"); u >= 0 && strings.EqualFold(s[u:], "STG") {
		s = strings.TrimSpace(s[:u])
	}
	if s == "" {
		return 0, errors.New("amount is empty: write it in STG, like 1.5")
	}
	bad := func(why string) error { return fmt.Errorf("invalid amount %q: %s", orig, why) }
	if s[0] == '-' {
		return 0, bad("it cannot be negative")
	}
	whole, frac, dot := strings.Cut(s, ".")
	if err := checkDigits(whole, frac, dot); err != nil {
		return 0, bad(err.Error())
	}
	if len(frac) > amountDecimals {
		return 0, bad("STG has at most 6 decimal places (0.000001 STG = 1 µSTG)")
	}
	tooLarge := bad(fmt.Sprintf("it is more than the largest possible amount, %s STG", FormatAmount(MaxAmount)))
	w, err := strconv.ParseUint(whole, 10, 64)
	if err != nil || w > MaxAmount/MicroPerSTG {
		return 0, tooLarge
	}
	var f uint64
	if frac != "" {
		f, _ = strconv.ParseUint(frac+strings.Repeat("0", amountDecimals-len(frac)), 10, 64)
	}
	v := w*MicroPerSTG + f
	if v > MaxAmount {
		return 0, tooLarge
	}
	return v, nil
}

// checkDigits explains what is wrong with the parts of an amount around
// its decimal point, if anything.
func checkDigits(whole, frac string, dot bool) error {
	full := whole + frac
	switch {
	case strings.ContainsAny(full, "eE") && strings.Trim(full, "0123456789eE+-") == "":
		return errors.New("write it without an exponent, like 100000 instead of 1e5")
	case strings.Contains(full, ",") && strings.Trim(full, "0123456789,") == "":
		return errors.New("use a dot as the decimal separator and no thousands separators, like 1234.5")
	case strings.ContainsAny(full, "_' ") && strings.Trim(full, "0123456789_' ") == "":
		return errors.New("write it without separators, like 1000000")
	case strings.Contains(frac, "."):
		return errors.New("it has more than one decimal point")
	case whole == "" && dot:
		return fmt.Errorf("write a digit before the decimal point, like 0.%s", frac)
	case frac == "" && dot:
		return fmt.Errorf("write digits after the decimal point, or none, like %s", whole)
	case !allDigits(whole) || !allDigits(frac):
		return errors.New("write it as a decimal number of STG, like 1.5")
	}
	return nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatAmount formats µSTG as a decimal STG amount with up to six
// decimals and no trailing zeros: 1500000 is "1.5", 1 is "0.000001". For
// every v up to MaxAmount, ParseAmount(FormatAmount(v)) returns v.
func FormatAmount(v uint64) string {
	whole := strconv.FormatUint(v/MicroPerSTG, 10)
	frac := v % MicroPerSTG
	if frac == 0 {
		return whole
	}
	fs := fmt.Sprintf("%06d", frac)
	return whole + "." + strings.TrimRight(fs, "0")
}

// formatSTG is FormatAmount with the unit, for human output.
func formatSTG(v uint64) string { return FormatAmount(v) + " STG" }
