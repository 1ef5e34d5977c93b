package corpus

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// splitCases are paragraphs and the sentences they must split into; they
// also seed FuzzSplit.
var splitCases = []struct {
	name, body string
	want       []string
}{
	{"terminal marks", "One. Two! Three? Four",
		[]string{"One.", "Two!", "Three?", "Four"}},
	{"no final punctuation", "By Aghakazim Guliyev",
		[]string{"By Aghakazim Guliyev"}},
	{"surrounding space trimmed", "  Hello there.   General Kenobi.  ",
		[]string{"Hello there.", "General Kenobi."}},
	{"lower case after a dot", "They took servers, websites etc. and more. Nothing else.",
		[]string{"They took servers, websites etc. and more.", "Nothing else."}},
	{"Feb. before a day", "The cyberattack that took place on Feb. 20, was carried out by APT29. It was traced.",
		[]string{"The cyberattack that took place on Feb. 20, was carried out by APT29.", "It was traced."}},
	{"Dec. before a day", "Relations dwindled following the Dec. 25 crash of Flight J2-8243, which killed 38 people. Azerbaijani President Ilham Aliyev has accused Russia of causing the crash.",
		[]string{"Relations dwindled following the Dec. 25 crash of Flight J2-8243, which killed 38 people.", "Azerbaijani President Ilham Aliyev has accused Russia of causing the crash."}},
	{"month abbreviation ending a sentence", "It happened in Feb. The inquiry continues.",
		[]string{"It happened in Feb.", "The inquiry continues."}},
	{"St. Petersburg", "The flag seen at the St. Petersburg International Economic Forum in St. Petersburg, Russia, on June 6, 2024. (Maksim Konstantinov/SOPA Images via Getty Images)",
		[]string{"The flag seen at the St. Petersburg International Economic Forum in St. Petersburg, Russia, on June 6, 2024.", "(Maksim Konstantinov/SOPA Images via Getty Images)"}},
	{"St. ending a sentence", "He lives on Main St. The shop is closed.",
		[]string{"He lives on Main St.", "The shop is closed."}},
	{"U.S. before a name", "Relief was announced by the U.S. Treasury Department on May 23. It took effect.",
		[]string{"Relief was announced by the U.S. Treasury Department on May 23.", "It took effect."}},
	{"U.S. ending a sentence", "Talks were held in the U.S. The next round is in Europe.",
		[]string{"Talks were held in the U.S.", "The next round is in Europe."}},
	{"titles", "Mr. Namazov met Dr. Smith and Gen. Ivanov. They talked.",
		[]string{"Mr. Namazov met Dr. Smith and Gen. Ivanov.", "They talked."}},
	{"No. before a number", "He was listed as No. 5 on the list. Others were not.",
		[]string{"He was listed as No. 5 on the list.", "Others were not."}},
	{"No. as a word", "The answer was No. Then they left.",
		[]string{"The answer was No.", "Then they left."}},
	{"e.g. i.e. vs.", "Some outlets, e.g. Report.Az and Baku.ws, were hit, i.e. the largest ones. It was Azerbaijan vs. Russia again.",
		[]string{"Some outlets, e.g. Report.Az and Baku.ws, were hit, i.e. the largest ones.", "It was Azerbaijan vs. Russia again."}},
	{"e.g. before a capital", "Several sites were hit, e.g. Report.Az. Others were not.",
		[]string{"Several sites were hit, e.g. Report.Az.", "Others were not."}},
	{"initials", "The book was written by J. R. R. Tolkien. President Donald J. Trump spoke. T. S. Eliot wrote poems.",
		[]string{"The book was written by J. R. R. Tolkien.", "President Donald J. Trump spoke.", "T. S. Eliot wrote poems."}},
	{"capital initial, not an abbreviation", "It cites p. 5 of the report by P. Smith. Henry V. The play was staged. It was Plan B. It failed.",
		[]string{"It cites p. 5 of the report by P. Smith.", "Henry V.", "The play was staged.", "It was Plan B.", "It failed."}},
	{"v. in a case name", "The ruling in Roe v. Wade was cited.",
		[]string{"The ruling in Roe v. Wade was cited."}},
	{"decimals and thousands", "Growth was 3.5 percent. Over 1,000 prisoners were freed. It rose 0.5% in 2024. Then it fell.",
		[]string{"Growth was 3.5 percent.", "Over 1,000 prisoners were freed.", "It rose 0.5% in 2024.", "Then it fell."}},
	{"sentence starting with a number", "The war began in 2022. 38 people were killed.",
		[]string{"The war began in 2022.", "38 people were killed."}},
	{"domain names", "Websites such as Report.Az, Oxu.Az, Media.Az, Baku.ws, and BakuTV were hit. Caliber.Az was also not exempt.",
		[]string{"Websites such as Report.Az, Oxu.Az, Media.Az, Baku.ws, and BakuTV were hit.", "Caliber.Az was also not exempt."}},
	{"dotted name after a question", "Who declared a large-scale cyberwar on Azerbaijan? Caliber.Az analyzes",
		[]string{"Who declared a large-scale cyberwar on Azerbaijan?", "Caliber.Az analyzes"}},
	{"domain at the end", "Read More @ kyivindependent.com",
		[]string{"Read More @ kyivindependent.com"}},
	{"domain ending a sentence", "Read more at Baku.ws. The site is back.",
		[]string{"Read more at Baku.ws.", "The site is back."}},
	{"ellipses", "He paused... Then he spoke. It was… strange. Wait…",
		[]string{"He paused...", "Then he spoke.", "It was… strange.", "Wait…"}},
	{"question and exclamation", "Can we reach 20,000 members? Yes! We will. Really?! Sure.",
		[]string{"Can we reach 20,000 members?", "Yes!", "We will.", "Really?!", "Sure."}},
	{"quote then attribution", `"The activities of APT29 are mainly directed against government agencies," the lawmaker said. Namazov suggested a motive.`,
		[]string{`"The activities of APT29 are mainly directed against government agencies," the lawmaker said.`, "Namazov suggested a motive."}},
	{"closing quote stays", `These were primarily Russian-language platforms disseminating information to international audiences." Referring to the attack, he spoke.`,
		[]string{`These were primarily Russian-language platforms disseminating information to international audiences."`, "Referring to the attack, he spoke."}},
	{"straight quote spanning sentences", `"I believe a protest statement should be issued," he said. "This is not just a technical breach. It is a violation of our media sovereignty." He stopped.`,
		[]string{`"I believe a protest statement should be issued," he said.`, `"This is not just a technical breach.`, `It is a violation of our media sovereignty."`, "He stopped."}},
	{"curly quote spanning sentences", "Let’s recall President Aliyev's words: “We will support you as much as we can. You are free to live on your land. We will stand by you.” How could one not clench their fists?",
		[]string{"Let’s recall President Aliyev's words: “We will support you as much as we can.", "You are free to live on your land.", "We will stand by you.”", "How could one not clench their fists?"}},
	{"single curly quotes", "She called it ‘a breach.’ Officials agreed.",
		[]string{"She called it ‘a breach.’", "Officials agreed."}},
	{"guillemets", "Он сказал: «Это атака.» Затем ушёл.",
		[]string{"Он сказал: «Это атака.»", "Затем ушёл."}},
	{"quote, lower-case attribution", "“We will stand by you.” he said. The crowd cheered.",
		[]string{"“We will stand by you.” he said.", "The crowd cheered."}},
	{"quote, capitalised attribution", "“We will stand by you.” He said it twice.",
		[]string{"“We will stand by you.”", "He said it twice."}},
	{"question in a quote", `"Why now?" he asked. "Why Baku?" Nobody answered.`,
		[]string{`"Why now?" he asked.`, `"Why Baku?"`, "Nobody answered."}},
	{"parenthetical sentences", "The group (also known as Cozy Bear. See below.) was blamed. Russia denied it.",
		[]string{"The group (also known as Cozy Bear. See below.) was blamed.", "Russia denied it."}},
	{"parenthesis closing a sentence", "(He left early.) Then the meeting ended.",
		[]string{"(He left early.)", "Then the meeting ended."}},
	{"unclosed parenthesis", "The list (incomplete. It goes on. And on.",
		[]string{"The list (incomplete.", "It goes on.", "And on."}},
	{"abbreviation in parentheses", "Namazov (Gen. Staff) spoke. Others listened.",
		[]string{"Namazov (Gen. Staff) spoke.", "Others listened."}},
	{"Inc. and a.m.", "Apple Inc. Chief Executive Tim Cook spoke at 9 a.m. Baku time. It began at 10 a.m. The servers went down.",
		[]string{"Apple Inc. Chief Executive Tim Cook spoke at 9 a.m. Baku time.", "It began at 10 a.m.", "The servers went down."}},
	{"Russian т.е. and г. before a city", "Это, т.е. кибератака, произошла в г. Баку. Расследование продолжается.",
		[]string{"Это, т.е. кибератака, произошла в г. Баку.", "Расследование продолжается."}},
	{"Russian г. after a year", "Это случилось в феврале 2025 г. Затем началось расследование.",
		[]string{"Это случилось в феврале 2025 г.", "Затем началось расследование."}},
	{"Russian initials and т.д.", "Выступил проф. Иванов и т.д. Далее слово взял В. В. Путин.",
		[]string{"Выступил проф. Иванов и т.д.", "Далее слово взял В. В. Путин."}},
	{"Russian initial Г. and г. before a city", "Слово взял Г. Алиев. Встреча прошла в г. Баку.",
		[]string{"Слово взял Г. Алиев.", "Встреча прошла в г. Баку."}},
	{"non-breaking spaces", "First one.\u00a0Second one.\u00a0",
		[]string{"First one.", "Second one."}},
	{"caseless script", "Она ушла. 阿塞拜疆指责俄罗斯。",
		[]string{"Она ушла.", "阿塞拜疆指责俄罗斯。"}},
	{"only space", " \t ", nil},
	{"empty", "", nil},
}

func TestSplitCases(t *testing.T) {
	for _, tt := range splitCases {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.body)
			checkSentences(t, tt.body, got)
			var texts []string
			for _, s := range got {
				texts = append(texts, tt.body[s.Start:s.End])
			}
			if !slices.Equal(texts, tt.want) {
				t.Errorf("Split(%q):\n got %q\nwant %q", tt.body, texts, tt.want)
			}
		})
	}
}

func TestSplitParagraphs(t *testing.T) {
	body := "First one. Second one.\n\nThird one\n\n\n\n  Fourth. \n\nFifth!"
	want := []Sentence{
		{Start: 0, End: 10, Para: 0},
		{Start: 11, End: 22, Para: 0},
		{Start: 24, End: 33, Para: 1},
		{Start: 39, End: 46, Para: 3},
		{Start: 49, End: 55, Para: 4},
	}
	got := Split(body)
	checkSentences(t, body, got)
	if !slices.Equal(got, want) {
		t.Errorf("Split(%q) = %v, want %v", body, got, want)
	}
	if s := got[3]; body[s.Start:s.End] != "Fourth." {
		t.Errorf("sentence 3 = %q, want %q", body[s.Start:s.End], "Fourth.")
	}
}

// TestSplitSeeds splits each raw sample article, one paragraph per line,
// checks the offsets and coverage, and that sentences with the tricky
// cases come out whole.
func TestSplitSeeds(t *testing.T) {
	whole := []string{
		"According to Namazov, the investigation found that the cyberattack against Azerbaijan that took place on Feb. 20, was carried out by the infamous APT29 group, also known as Cozy Bear, widely believed to be linked to Russia’s Foreign Intelligence Service.",
		"Azerbaijan, who has maintained historical ties with Russia, has seen relations with Moscow dwindle following the Dec. 25 crash of Flight J2-8243, which killed 38 people.",
		"The flag of the Republic of Azerbaijan seen in the gallery of flags of the participating countries in the framework of St. Petersburg International Economic Forum in St. Petersburg, Russia, on June 6, 2024.",
		"In the latest episode of Ukraine This Week, the Kyiv Independent’s Anna Belokur shares key takeaways from Monday’s phone call between U.S. President Donald Trump and Russian President Vladimir Putin, as well as Wednesday’s assassination of a controversial Ukrainian ex-official.",
		`"It is because of these processes that this politically motivated incident of cyber interference took place," he added.`,
		"Who declared a large-scale cyberwar on Azerbaijan?",
		"Caliber.Az analyzes",
		"There were attempts to hack servers and control panels of these sites.",
		`In this context, let’s recall President Aliyev's words: "We will support you as much as we can with all our resources until you are free.`,
		`We will stand by you."`,
		`"I believe a protest statement should be issued to the Russian side, at the very least at the level of public organisations," he said.`,
		`"This is not just a technical breach — it is a violation of our media sovereignty and information space."`,
		"Read More @ kyivindependent.com",
	}
	found := map[string]bool{}
	for _, name := range seedNames(t) {
		var paras []string
		for _, line := range strings.Split(readSeed(t, name), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				paras = append(paras, line)
			}
		}
		body := strings.Join(paras, "\n\n")
		sents := Split(body)
		checkSentences(t, body, sents)
		for _, s := range sents {
			found[body[s.Start:s.End]] = true
		}
	}
	for _, w := range whole {
		if !found[w] {
			t.Errorf("no sentence %q", w)
		}
	}
}

// checkSentences checks what every split must satisfy: each sentence is
// body[Start:End], non-empty, on rune boundaries, not starting or ending
// with white space, inside its paragraph; sentences are in order and do
// not overlap; and only white space of each paragraph is left out.
func checkSentences(t testing.TB, body string, sents []Sentence) {
	t.Helper()
	paras := strings.Split(body, "\n\n")
	starts := make([]int, len(paras))
	for i, off := 1, 0; i < len(paras); i++ {
		off += len(paras[i-1]) + 2
		starts[i] = off
	}
	covered := 0 // next offset not yet accounted for
	para := 0
	for i, s := range sents {
		if s.Start < 0 || s.Start >= s.End || s.End > len(body) {
			t.Fatalf("sentence %d: bad offsets %d..%d of %d bytes", i, s.Start, s.End, len(body))
		}
		if s.Para < para || s.Para >= len(paras) {
			t.Fatalf("sentence %d: paragraph %d after %d (of %d)", i, s.Para, para, len(paras))
		}
		for ; para < s.Para; para++ { // paragraphs passed over
			checkSpace(t, body, covered, starts[para]+len(paras[para]))
			covered = starts[para+1]
		}
		pEnd := starts[para] + len(paras[para])
		if s.Start < covered || s.Start < starts[para] || s.End > pEnd {
			t.Fatalf("sentence %d: %d..%d overlaps or leaves paragraph %d (%d..%d), covered to %d",
				i, s.Start, s.End, para, starts[para], pEnd, covered)
		}
		if !utf8.RuneStart(body[s.Start]) || s.End < len(body) && !utf8.RuneStart(body[s.End]) {
			t.Fatalf("sentence %d: %d..%d not on rune boundaries", i, s.Start, s.End)
		}
		first, _ := utf8.DecodeRuneInString(body[s.Start:])
		last, _ := utf8.DecodeLastRuneInString(body[:s.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			t.Fatalf("sentence %d: %q not trimmed", i, body[s.Start:s.End])
		}
		checkSpace(t, body, covered, s.Start)
		covered = s.End
	}
	for ; para < len(paras); para++ {
		checkSpace(t, body, covered, starts[para]+len(paras[para]))
		if para+1 < len(paras) {
			covered = starts[para+1]
		}
	}
}

// checkSpace fails unless body[i:j] is white space.
func checkSpace(t testing.TB, body string, i, j int) {
	t.Helper()
	if i < j && strings.TrimSpace(body[i:j]) != "" {
		t.Fatalf("text %q at %d..%d is in no sentence", body[i:j], i, j)
	}
}

func FuzzSplit(f *testing.F) {
	for _, tt := range splitCases {
		f.Add(tt.body)
	}
	f.Add("a\n\n\n\nb. C\n\n")
	f.Add("“Quote. ” (a. b) U.S. T. S. г. 2025 г. …")
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			t.Skip()
		}
		checkSentences(t, body, Split(body))
	})
}

func BenchmarkSplit(b *testing.B) {
	var paras []string
	n := 0
	for _, line := range strings.Split(readSeed(b, "004_27f2d6e0deaba1bd.txt"), "\n") {
		if len(strings.Fields(line)) < 20 {
			continue // article paragraphs only
		}
		if n+len(line) > 3200 {
			break
		}
		paras = append(paras, line)
		n += len(line) + 2
	}
	body := strings.Join(paras, "\n\n")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Split(body)
	}
}

// TestSplitLinear splits pathological 1 MB paragraphs: a bracket that never
// closes before many candidate ends, one that closes only at the very end,
// and long runs of dots and initials. A scan that looks ahead or back
// across the paragraph at every candidate takes minutes here; a linear one
// takes milliseconds.
func TestSplitLinear(t *testing.T) {
	const n = 1 << 20
	bodies := []string{
		"(" + strings.Repeat("a. A ", n/5),
		"(" + strings.Repeat("a. A ", n/5) + ")",
		strings.Repeat("J. ", n/3),
		strings.Repeat(". ", n/2),
		strings.Repeat("U.S.", n/4) + ". The end.",
	}
	for i, body := range bodies {
		start := time.Now()
		sents := Split(body)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("body %d: Split of %d bytes took %v", i, len(body), took)
		}
		checkSentences(t, body, sents)
	}
}
