package corpus

import (
	"slices"
	"strings"
	"testing"
)

// TestExplicitTextKept checks that an archive's text keeps what a reader
// would miss, and loses only what is chrome by its shape or place.
func TestExplicitTextKept(t *testing.T) {
	const story = "The port authority said 23 ships were waiting to berth on Tuesday."
	for _, tc := range []struct {
		name, line string
		kept       bool
	}{
		{"US is not the pronoun", "The former chief financial officer at US telecoms firm WorldCom has admitted he lied to fellow board members.", true},
		{"quote after a label", `Mr Frost added: "The housing market outlook remains highly uncertain."`, true},
		{"note on the figures", "Note: 1986 net includes a gain from the sale of the berth, the port authority said.", true},
		{"row of figures", "Net 12.6 mln vs 10.1 mln", true},
		{"lead without a full stop", "Ships waiting to berth at the port of Rotterdam rose to 23 on Tuesday", true},
		{"link to another story", "Read also: Government survives confidence vote", false},
		{"appeal", "Subscribe to our newsletter and support us: become a member today.", false},
		{"date alone", "March 3, 2026", false},
		{"promotion", "Need freight forwarding during the strike? Get a free quote today!", false},
		{"social network", "Follow NL Times Wire on Mastodon for live updates.", false},
		{"a promotion reported", `The agency's website urged shippers to "get a free quote today" before the berths fill.`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := story + "\n\n" + tc.line + "\n\nTalks between the union and the operators resume on Thursday, the port authority said."
			d, err := Parse(Source{Origin: "a.jsonl#1", Line: 1, Content: text, Meta: Meta{Title: "Ships wait at Rotterdam"}})
			if err != nil {
				t.Fatal(err)
			}
			paras := strings.Split(d.Body, "\n\n")
			if got := slices.Contains(paras, tc.line); got != tc.kept {
				t.Errorf("kept %v, want %v; body:\n%s", got, tc.kept, d.Body)
			}
			if !slices.Contains(paras, story) {
				t.Errorf("the story's own sentence was dropped:\n%s", d.Body)
			}
		})
	}
}

// TestExplicitWireSignOff checks that a wire's sign-off (the outlet's name
// alone on the last line) goes, and a last line that is not one stays.
func TestExplicitWireSignOff(t *testing.T) {
	body := func(text, outlet string) string {
		d, err := Parse(Source{Origin: "a.jsonl#1", Line: 1, Content: text, Meta: Meta{Outlet: outlet}})
		if err != nil {
			t.Fatal(err)
		}
		return d.Body
	}
	text := "Dockworkers stopped work on Tuesday, the union said.\n Reuter\n"
	if got := body(text, "Reuters"); strings.Contains(got, "Reuter") {
		t.Errorf("sign-off kept: %q", got)
	}
	if got := body(text, "NL Wire"); !strings.Contains(got, "Reuter") {
		t.Errorf("a last line that is not this outlet's name dropped: %q", got)
	}
}

// TestRussianLeadKept scrapes the same page in English and in Russian: a
// Russian lead sentence without a single stop word (Russian has no
// articles) is prose as its English counterpart is.
func TestRussianLeadKept(t *testing.T) {
	for _, tc := range []struct{ lead, page string }{
		{"Докеры крупнейшего европейского порта начали бессрочную забастовку, протестуя автоматизации кранов.",
			"Главная\nНовости\nЗабастовка докеров в Роттердаме\n3 марта 2026\n%s\nОколо 4000 докеров присоединились к забастовке, сообщил представитель профсоюза журналистам. Он добавил, что работники требуют гарантий занятости.\nПо данным администрации порта, 23 судна ожидают постановки к причалу, а нефтяные терминалы не затронуты.\nПодпишитесь на нашу рассылку\n"},
		{"Dockworkers at Europe's largest port began an open-ended strike against the automation of cranes.",
			"Home\nNews\nRotterdam dockworkers strike\nMarch 3, 2026\n%s\nAbout 4,000 dockworkers joined the strike, a union spokesman told reporters. He added that workers want job guarantees.\nThe port authority said 23 ships were waiting to berth and that oil terminals were not affected.\nSubscribe to our newsletter\n"},
	} {
		d, err := Parse(Source{Origin: "page.txt", Content: strings.Replace(tc.page, "%s", tc.lead, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(d.Body, tc.lead) {
			t.Errorf("%s: lead dropped; body:\n%s", d.Lang, d.Body)
		}
	}
}
