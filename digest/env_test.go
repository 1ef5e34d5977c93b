package digest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/telegram"
)

// env is what a digest test runs on: a store in a temporary file, the real
// telegram.Client over a MockTransport, and a Service. Close and reopen
// play a restart: the store, client and service go, the file and the mock
// (Telegram) stay.
type env struct {
	t      testing.TB
	path   string
	opts   Options
	limits telegram.Limits
	mock   *telegram.MockTransport

	store  *corpus.Store
	client *telegram.Client
	svc    *Service

	mu   sync.Mutex
	hook func(telegram.Call) *tgbotapi.APIResponse // set with setHook
}

// newEnv opens a fresh env. Pacing is off unless limits are given; under
// testing/synctest the default clocks are virtual.
func newEnv(t testing.TB, opts Options, limits ...telegram.Limits) *env {
	t.Helper()
	e := &env{t: t, path: storetest.Location(t, "corpus.db"), opts: opts, mock: telegram.NewMockTransport(nil)}
	if len(limits) > 0 {
		e.limits = limits[0]
	}
	e.mock.Hook = func(c telegram.Call) *tgbotapi.APIResponse {
		e.mu.Lock()
		h := e.hook
		e.mu.Unlock()
		if h == nil {
			return nil
		}
		return h(c)
	}
	if e.opts.Logger == nil {
		e.opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	e.open()
	t.Cleanup(e.close)
	return e
}

// setHook makes h see every Bot API call first (nil: none).
func (e *env) setHook(h func(telegram.Call) *tgbotapi.APIResponse) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.hook = h
}

// open opens the store, client and service.
func (e *env) open() {
	e.t.Helper()
	ctx := context.Background()
	var err error
	if e.store, err = corpus.Open(ctx, e.path); err != nil {
		e.t.Fatal(err)
	}
	e.client, err = telegram.New(ctx, telegram.Config{
		Token: "mock", Endpoint: telegram.MockEndpoint,
		HTTPClient: &http.Client{Transport: e.mock},
		Pacer:      telegram.NewPacer(e.limits, nil),
		Logger:     e.opts.Logger,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if e.svc, err = New(ctx, e.store, TelegramSender{Client: e.client}, e.opts); err != nil {
		e.t.Fatal(err)
	}
}

// close drops the service and closes the client and store; idempotent.
func (e *env) close() {
	if e.store == nil {
		return
	}
	e.client.Close()
	if err := e.store.Close(); err != nil {
		e.t.Error(err)
	}
	e.store, e.client, e.svc = nil, nil, nil
}

// restart closes everything but the file and the mock, and opens again.
func (e *env) restart() {
	e.t.Helper()
	e.close()
	e.open()
}

// subscribe subscribes chat with schedule, failing the test on error.
func (e *env) subscribe(chat int64, schedule string) {
	e.t.Helper()
	if err := e.svc.Subscribe(context.Background(), chat, fmt.Sprint("chat ", chat), schedule, ""); err != nil {
		e.t.Fatal(err)
	}
}

// add stores docs, failing the test on error, and returns them as stored.
func (e *env) add(docs ...*corpus.Document) []*corpus.Document {
	e.t.Helper()
	if _, err := e.store.AddBatch(context.Background(), docs); err != nil {
		e.t.Fatal(err)
	}
	return docs
}

// sent returns the texts, as the reader sees them, of the messages
// Telegram accepted for chat, in order.
func (e *env) sent(chat int64) []string {
	var out []string
	for _, c := range e.mock.Calls() {
		if c.Method == "sendMessage" && c.Error == "" && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			out = append(out, telegram.StripHTML(c.Params["text"].(string)))
		}
	}
	return out
}

// sentHTML returns the HTML of the messages Telegram accepted for chat.
func (e *env) sentHTML(chat int64) []string {
	var out []string
	for _, c := range e.mock.Calls() {
		if c.Method == "sendMessage" && c.Error == "" && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			out = append(out, c.Params["text"].(string))
		}
	}
	return out
}

// Generated articles: each about a place, person and board of its own,
// so that no two are the same story, told in sentences drawn from
// templates with many slots, so that no two are near-duplicates either,
// with a title that says which one it is ("Report 7: …").
var (
	genPlaces   = strings.Fields("Arlen Brisk Calder Dunmore Elsby Fenwick Garron Holt Ilsley Jarrow Kellam Lorne")
	genPeople   = strings.Fields("Abbot Brandt Cole Dorsey Ewing Frost Gale Hume Irwin Joyce Keane Lyle")
	genSubjects = strings.Fields("bridge budget harbour railway school hospital reservoir tramline library depot")
	genWords    = strings.Fields(`costly delayed disputed modest urgent overdue ambitious cheaper larger quieter
		residents traders drivers parents nurses farmers teachers pensioners engineers students
		cost noise traffic flooding parking safety access funding timing design`)
	genTemplates = []string{
		"The council of {P} approved plans for a {w} {S} on {d} after a {w} debate, officials said.",
		"{N}, who chairs {B}, told {w} that the first stage of the {S} would start in {m}.",
		"Critics among the {w} said the {w} plan left questions about {w} and {w} unanswered.",
		"The works on the {S} are expected to last about {k} months, according to {B}.",
		"A survey of {k} {w} in {P} found most of them worried about {w} near the {S}.",
		"{B} said it would publish the {w} figures for the {S} by {m}, {N} added.",
		"Opposition members in {P} called the {S} a {w} idea and asked for a {w} review.",
		"Engineers estimate the {S} will cost {k} million, {k} percent more than the {w} bid.",
	}
	genDays   = strings.Fields("Monday Tuesday Wednesday Thursday Friday")
	genMonths = strings.Fields("March April May June July August")
)

// article returns generated article n, published by outlet.
func article(n int, outlet string) *corpus.Document {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	pick := func(l []string) string { return l[rng.IntN(len(l))] }
	place := fmt.Sprintf("%s%d", genPlaces[n%len(genPlaces)], n)
	subject := genSubjects[n%len(genSubjects)]
	fill := strings.NewReplacer("{P}", place, "{S}", subject, "{N}", fmt.Sprintf("%s%d", genPeople[n%len(genPeople)], n),
		"{B}", fmt.Sprintf("the Board%d", n))
	var paras []string
	for p, order := 0, rng.Perm(len(genTemplates)); p < 3; p++ {
		var sens []string
		for _, i := range order[2*p : 2*p+2] {
			t := fill.Replace(genTemplates[i])
			for strings.Contains(t, "{") {
				i := strings.Index(t, "{")
				var v string
				switch t[i+1] {
				case 'w':
					v = pick(genWords)
				case 'd':
					v = pick(genDays)
				case 'm':
					v = pick(genMonths)
				case 'k':
					v = fmt.Sprint(2 + rng.IntN(90))
				}
				t = t[:i] + v + t[i+3:]
			}
			sens = append(sens, t)
		}
		paras = append(paras, strings.Join(sens, " "))
	}
	body := strings.Join(paras, "\n\n")
	return &corpus.Document{
		Origin: fmt.Sprintf("gen/%d.txt", n), Title: fmt.Sprintf("Report %d: %s decides on the %s", n, place, subject),
		Outlet: outlet, Lang: "en",
		Published: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n),
		URL:       fmt.Sprintf("https://%s.example/%d", strings.ToLower(outlet), n),
		Body:      body, Sentences: corpus.Split(body), Hash: corpus.ContentHash(body),
	}
}

// articles returns generated articles from..to-1.
func articles(from, to int) []*corpus.Document {
	var out []*corpus.Document
	for n := from; n < to; n++ {
		out = append(out, article(n, "Courier"))
	}
	return out
}

// reports lists the "Report N" numbers in texts, in order of appearance.
func reports(texts []string) []int {
	var out []int
	for _, t := range texts {
		for _, f := range strings.Split(t, "Report ")[1:] {
			if n, err := strconv.Atoi(strings.SplitN(f, ":", 2)[0]); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
