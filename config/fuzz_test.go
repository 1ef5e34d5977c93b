package config

import (
	"strings"
	"testing"
)

// FuzzDotenv: whatever a .env file holds, reading it does not panic, a
// refusal names the file and the line, and a value written in double
// quotes (with its quotes and backslashes escaped) reads back as written.
func FuzzDotenv(f *testing.F) {
	f.Add("A=1\n# note\nexport B=\"two words\"\nC='x # y'\n", "plain value")
	f.Add("B=\"open\n", "line\nbreak")
	f.Add("=x\n", `back\slash "quoted"`)
	f.Fuzz(func(t *testing.T, file, value string) {
		if _, err := parseDotenv(strings.NewReader(file), "fuzz.env"); err != nil && !strings.Contains(err.Error(), "fuzz.env") {
			t.Errorf("error %q does not name the file", err)
		}
		if strings.ContainsAny(value, "\r\x00") || strings.Contains(value, `\n`) || strings.TrimSpace(value) != value {
			return // not expressible on one line as written
		}
		quoted := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(value) + `"`
		got, err := parseDotenv(strings.NewReader("KEY="+quoted+"\n"), "fuzz.env")
		if err != nil {
			t.Fatalf("KEY=%s: %v", quoted, err)
		}
		if got["KEY"] != value {
			t.Errorf("KEY=%s read back as %q, want %q", quoted, got["KEY"], value)
		}
	})
}
