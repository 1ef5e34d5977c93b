package qa

import (
	"context"
	"strings"
	"testing"
)

// TestRussianQuestion: a question asked in Russian about a Russian
// article is stemmed as Russian and answered from the article's own
// sentences, the motive among them.
func TestRussianQuestion(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	d := newDoc(1, "Хакеры атаковали азербайджанские СМИ", []string{
		"Двадцатого февраля хакеры атаковали сайты азербайджанских средств массовой информации.",
		"Депутат Рамид Намазов обвинил в атаке российскую группировку APT29.",
		"По словам Намазова, хакеры атаковали сайты в отместку за закрытие Русского дома в Баку 3 февраля.",
	}, []string{"Погода в Баку в выходные будет тёплой и солнечной."})
	d.Lang = "ru"
	ix.Add(d)
	other := newDoc(2, "Port reopens", []string{"The port of Baku reopened on Monday after repairs to the main pier."})
	ix.Add(other)
	ans, err := NewAnswerer(ix, AnswerOptions{}).Ask(context.Background(), "Кто атаковал сайты и почему?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained {
		t.Fatal("abstained on a question the Russian article answers")
	}
	var all strings.Builder
	aspects := map[string]bool{}
	for _, q := range ans.Quotes {
		all.WriteString(q.Text + "\n")
		aspects[q.Aspect] = true
		if !strings.Contains(d.Body, q.Text) {
			t.Errorf("quote %q is not verbatim in the article", q.Text)
		}
	}
	if !aspects["who"] {
		t.Errorf("aspects %v, want who (the why's sentence may answer both)", aspects)
	}
	if !strings.Contains(all.String(), "Русского дома") {
		t.Errorf("no quote gives the motive; quotes:\n%s", all.String())
	}
}
