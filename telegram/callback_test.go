package telegram

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCallbackData(t *testing.T) {
	cases := []struct {
		action string
		args   []string
		want   string
		ok     bool
	}{
		{"src", []string{"12"}, "src:12", true},
		{"more", []string{"q7", "2"}, "more:q7:2", true},
		{"list", nil, "list", true},
		{"", []string{"1"}, "", false},
		{"src", []string{"a:b"}, "", false},
		{"src", []string{strings.Repeat("9", 60)}, "src:" + strings.Repeat("9", 60), true},
		{"src", []string{strings.Repeat("9", 61)}, "", false},
		{"src", []string{strings.Repeat("я", 31)}, "", false}, // 62 bytes of Cyrillic plus "src:"
	}
	for _, tc := range cases {
		got, err := CallbackData(tc.action, tc.args...)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("CallbackData(%q, %q) = %q, %v; want %q, ok=%v", tc.action, tc.args, got, err, tc.want, tc.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrCallbackData) {
				t.Errorf("error %v is not ErrCallbackData", err)
			}
			continue
		}
		if len(got) > MaxCallbackData {
			t.Errorf("%q is %d bytes", got, len(got))
		}
		action, args := ParseCallbackData(got)
		if action != tc.action || !slices.Equal(args, tc.args) && len(tc.args)+len(args) > 0 {
			t.Errorf("ParseCallbackData(%q) = %q, %q", got, action, args)
		}
	}
}
