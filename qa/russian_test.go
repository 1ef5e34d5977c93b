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

func TestRussianDates(t *testing.T) {
	got := eventDates("Хакеры атаковали сайты 20 февраля 2025 года, сообщил депутат 2 мая.")
	if len(got) != 2 || got[[2]int{2, 20}] != "20 февраля 2025" || got[[2]int{5, 2}] != "2 мая" {
		t.Errorf("eventDates = %v, want 20 февраля 2025 and 2 мая", got)
	}
	if d := eventDates("Над портом стоит 5 маяков."); len(d) != 0 {
		t.Errorf("a word starting with a month's name taken for a date: %v", d)
	}
}

func TestRussianCauseCues(t *testing.T) {
	for s, want := range map[string]float64{
		"Хакеры атаковали сайты в отместку за закрытие Русского дома.": 1,
		"Атака стала местью за решение властей.":                       1,
		"Это произошло из-за закрытия бюро.":                           1,
		"Атаку связывают с группой APT29.":                             0.5,
		"Хакеры атаковали сайты утром.":                                0,
		"Местные власти ничего не сообщили.":                           0,
	} {
		if got := kindBonus(KindWhy, s); got != want {
			t.Errorf("kindBonus(why, %q) = %v, want %v", s, got, want)
		}
	}
}
