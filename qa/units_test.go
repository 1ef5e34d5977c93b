package qa

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// splitDoc returns a Document of body in lang, split into sentences.
func splitDoc(body, lang string) *corpus.Document {
	return &corpus.Document{Body: body, Sentences: corpus.Split(body), Lang: lang}
}

// unitTexts returns the exact texts of the quote units of d.
func unitTexts(d *corpus.Document) []string {
	var out []string
	for _, u := range quoteUnits(d, contentWords(d)) {
		out = append(out, u.text(d))
	}
	return out
}

// runaway is a paragraph of eight sentences whose opening quotation mark
// is never closed.
var runaway = `"The strike began at dawn on Monday. ` +
	`Dockworkers blocked the northern gates. ` +
	`Trucks queued along the motorway for miles. ` +
	`Shipping lines diverted three vessels. ` +
	`Police watched from a distance. ` +
	`The harbour master closed the locks. ` +
	`Talks resumed late in the evening. ` +
	`Both sides reported some progress.`

func TestQuoteUnits(t *testing.T) {
	tests := []struct {
		name, lang, body string
		want             []string
	}{
		{
			name: "straight quotation with attribution",
			lang: "en",
			body: `"No one will be fired. We have said this from the first day," Vermeulen said. The port reopened on Friday.`,
			want: []string{
				`"No one will be fired. We have said this from the first day," Vermeulen said.`,
				`The port reopened on Friday.`,
			},
		},
		{
			name: "curly quotation",
			lang: "en",
			body: `“No one will be fired. We have said this from the first day,” Vermeulen said. The port reopened on Friday.`,
			want: []string{
				`“No one will be fired. We have said this from the first day,” Vermeulen said.`,
				`The port reopened on Friday.`,
			},
		},
		{
			name: "Russian guillemets",
			lang: "ru",
			body: `«Никто не будет уволен. Мы говорили это с первого дня», — сказал Вермелен. Порт вновь открылся в пятницу.`,
			want: []string{
				`«Никто не будет уволен. Мы говорили это с первого дня», — сказал Вермелен.`,
				`Порт вновь открылся в пятницу.`,
			},
		},
		{
			name: "nested quotation stays open",
			lang: "ru",
			body: `«Он сказал: „Мы не уйдём“. Забастовка продолжится до пятницы», — заявил Стам. Порт закрыт до понедельника.`,
			want: []string{
				`«Он сказал: „Мы не уйдём“. Забастовка продолжится до пятницы», — заявил Стам.`,
				`Порт закрыт до понедельника.`,
			},
		},
		{
			name: "German low-high quotation closes",
			lang: "de",
			body: `„Wir bleiben hier. Wir streiken weiter bis Montag“, sagte Stam. Der Hafen öffnete am Freitag wieder.`,
			want: []string{
				`„Wir bleiben hier. Wir streiken weiter bis Montag“, sagte Stam.`,
				`Der Hafen öffnete am Freitag wieder.`,
			},
		},
		{
			name: "attribution fragment joins the quote before it",
			lang: "en",
			body: `"We will not back down." Vermeulen said. The port reopened on Friday.`,
			want: []string{
				`"We will not back down." Vermeulen said.`,
				`The port reopened on Friday.`,
			},
		},
		{
			name: "fragment joins the sentence before it",
			lang: "en",
			body: `The union will strike again next week over pensions. He added. The port reopened on Friday.`,
			want: []string{
				`The union will strike again next week over pensions. He added.`,
				`The port reopened on Friday.`,
			},
		},
		{
			name: "leading fragment takes the next sentence",
			lang: "en",
			body: `Vermeulen said. The port will reopen on Friday after talks. Ships are waiting offshore.`,
			want: []string{
				`Vermeulen said. The port will reopen on Friday after talks.`,
				`Ships are waiting offshore.`,
			},
		},
		{
			name: "lone fragment is its own paragraph's unit",
			lang: "en",
			body: `The port will reopen on Friday after talks.` + "\n\n" + `Vermeulen said.`,
			want: []string{
				`The port will reopen on Friday after talks.`,
				`Vermeulen said.`,
			},
		},
		{
			name: "open quotation stops at the paragraph",
			lang: "en",
			body: `"The strike will go on for weeks.` + "\n\n" + `The port reopened on Friday after talks.`,
			want: []string{
				`"The strike will go on for weeks.`,
				`The port reopened on Friday after talks.`,
			},
		},
		{
			name: "leading fragment of a paragraph does not join the paragraph before",
			lang: "en",
			body: `The strike will go on for weeks.` + "\n\n" + `Vermeulen said. The port reopened on Friday.`,
			want: []string{
				`The strike will go on for weeks.`,
				`Vermeulen said. The port reopened on Friday.`,
			},
		},
		{
			name: "runaway quotation capped",
			lang: "en",
			body: runaway,
			want: []string{
				`"The strike began at dawn on Monday. Dockworkers blocked the northern gates. ` +
					`Trucks queued along the motorway for miles. Shipping lines diverted three vessels. ` +
					`Police watched from a distance. The harbour master closed the locks.`,
				`Talks resumed late in the evening.`,
				`Both sides reported some progress.`,
			},
		},
		{
			name: "empty body",
			lang: "en",
			body: "",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := splitDoc(tt.body, tt.lang)
			if got := unitTexts(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("units:\n got %q\nwant %q", got, tt.want)
			}
			checkCover(t, d, quoteUnits(d, contentWords(d)))
		})
	}
}

// TestQuoteUnitsCoverSeeds checks on real articles that the units cover
// every sentence exactly once, in order, within a paragraph.
func TestQuoteUnitsCoverSeeds(t *testing.T) {
	files, err := filepath.Glob("/work/shared/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Skip("no seed articles")
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := splitDoc(strings.ReplaceAll(string(body), "\r\n", "\n"), "en")
		checkCover(t, d, quoteUnits(d, contentWords(d)))
	}
}

// checkCover fails t unless units are contiguous, cover sentences
// 0..len-1 of d in order, and each lies within one paragraph.
func checkCover(t *testing.T, d *corpus.Document, units []unit) {
	t.Helper()
	next := 0
	for _, u := range units {
		if u.first != next || u.last < u.first || u.last >= len(d.Sentences) {
			t.Fatalf("unit %+v does not continue at sentence %d of %d", u, next, len(d.Sentences))
		}
		if d.Sentences[u.first].Para != d.Sentences[u.last].Para {
			t.Errorf("unit %+v crosses paragraphs", u)
		}
		next = u.last + 1
	}
	if next != len(d.Sentences) {
		t.Errorf("units end at sentence %d of %d", next, len(d.Sentences))
	}
}
