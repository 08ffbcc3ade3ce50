// A tagging stage of the kind users write by hand in Node.js: a kafkajs consumer
// group reads ninjs stories, compromise (an English NLP tagger) finds people,
// organisations and places, and the enriched record is produced to the output
// topic with the input's key (acks=all, one send per fetched batch).
// It is the "typical peer" of benchmarks/e2e/run.sh, not part of wiretag.
//
//   BROKERS=127.0.0.1:9092 GROUP=node-stage INPUT=wire.raw OUTPUT=wire.enriched [FETCH_WAIT_MS=5000] node stage.js
'use strict';
const { Kafka, logLevel } = require('kafkajs');
const nlp = require('compromise');

const env = (name, dflt) => {
  const v = process.env[name] ?? dflt;
  if (v === undefined) { console.error(`node-stage: ${name} is not set`); process.exit(2); }
  return v;
};
const brokers = env('BROKERS').split(',');
const group = env('GROUP', 'node-stage');
const input = env('INPUT', 'wire.raw');
const output = env('OUTPUT', 'wire.enriched');
const maxWaitTimeInMs = Number(env('FETCH_WAIT_MS', '5000'));  // kafkajs's default

function mainText(story) {
  if (Array.isArray(story.bodies)) {
    const plain = story.bodies.find(b => (b.contenttype ?? 'text/plain') === 'text/plain' && b.value);
    if (plain) return plain.value;
    const html = story.bodies.find(b => b.contenttype === 'text/html' && b.value);
    if (html) return html.value.replace(/<[^>]*>/g, ' ');
  }
  return story.body_text ?? '';
}

const unique = names => [...new Set(names.map(n => n.trim()).filter(Boolean))];

function enrich(value) {
  const story = JSON.parse(value);
  const doc = nlp(mainText(story));
  const mentions = list => unique(list).map(name => ({ name, rel: 'mentions' }));
  story.people = mentions(doc.people().out('array'));
  story.organisations = mentions(doc.organizations().out('array'));
  story.places = mentions(doc.places().out('array'));
  story.tagger = { name: 'node-stage', compromise: nlp.version };
  return JSON.stringify(story);
}

async function main() {
  const kafka = new Kafka({ clientId: 'node-stage', brokers, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: input, fromBeginning: true });

  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const messages = [];
      let handled = 0;
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        handled++;
        try {
          messages.push({ key: message.key, value: enrich(message.value.toString('utf8')) });
        } catch (e) {
          console.error(`node-stage: skipping offset ${message.offset}: ${e.message}`);
        }
      }
      if (messages.length) await producer.send({ topic: output, acks: -1, messages });
      for (const message of batch.messages.slice(0, handled)) resolveOffset(message.offset);
      await heartbeat();
    },
  });
  console.error(`node-stage: consuming ${input} in group ${group}, producing to ${output}`);
}

main().catch(e => { console.error(`node-stage: ${e.stack || e}`); process.exit(1); });
