package qa

import (
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

func TestMatch(t *testing.T) {
	body := "Ferries sailed on time on Monday.\n\n" +
		"Dockworkers in Rotterdam went on strike over crane automation. The union said 4,000 joined.\n\n" +
		"Oil terminals were not affected."
	d := &corpus.Document{Body: body, Sentences: corpus.Split(body), Lang: "en"}
	for _, tc := range []struct {
		query string
		ok    bool
		want  string
	}{
		{"Rotterdam strike", true, "Dockworkers in Rotterdam went on strike over crane automation."},
		{"strikes in Rotterdam", true, "Dockworkers in Rotterdam went on strike over crane automation."},
		{"Rotterdam ferries", false, ""}, // in two paragraphs
		{"Antwerp strike", false, ""},
		{"the", false, ""},
	} {
		s, ok := Match(d, tc.query)
		if ok != tc.ok || ok && d.Text(s) != tc.want {
			t.Errorf("Match(%q) = %q, %v; want %q, %v", tc.query, d.Text(s), ok, tc.want, tc.ok)
		}
	}
}
