// Package e2e holds end-to-end tests of the bot; it has no code of its own.
//
// emulator_test.go runs the whole bot — the sample corpus, the qa answerer,
// package bot's handlers, the real telegram.Client and the long-polling
// telegram.Poller — against telegram-test-api, a Bot API emulator from npm
// that nobody here wrote, started on 127.0.0.1 by the test itself
// (testdata/emulator/emulator.js). It needs Node.js and the package
// installed, at the versions testdata/emulator/package-lock.json pins:
//
//	mkdir -p .ci/node && cp e2e/testdata/emulator/package*.json .ci/node/
//	npm ci --prefix .ci/node
//	export NEWSDESK_TELEGRAM_TEST_API=$PWD/.ci/node
//
// .ci/run does both. Without the variable the test is skipped with that
// hint; with it, an emulator that does not start fails the test. The
// emulator's user side sends messages, commands and button presses only,
// never an edited message (its updates carry "message" or
// "callback_query"), so TestEmulatorEditedQuestion delivers the question
// and its edit as Telegram does in webhook mode (Update JSON posted to the
// bot's webhook with the secret token) and checks, in the emulator's
// history, that the bot edited its answer rather than sent another.
//
// replicas_test.go runs two replicas of the bot — each with its own
// connections to one PostgreSQL store, index, Client, digest service,
// Dispatcher and webhook server — against the emulator in webhook mode,
// behind a load balancer that posts every update to both (Telegram's
// retries at their worst), and checks that each question is answered
// once; then stops one replica mid-digest and checks that the other
// delivers every part once. It runs only in the PostgreSQL pass, with
// NEWSDESK_TEST_POSTGRES set (see internal/storetest). The emulator posts
// to a webhook without the secret token, which the balancer adds, and
// numbers an update only once its webhook post returned, so the test
// sends one message at a time.
//
// load_test.go puts 200 questions from 50 chats through the MockTransport,
// the Poller, the Dispatcher and the bot's handlers, in process, and logs
// the latency from update to answer and the CPU used:
//
//	go test ./e2e -run TestLoad -v
package e2e
