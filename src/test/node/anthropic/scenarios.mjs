// The official Anthropic TypeScript SDK against the gateway: each scenario's outcome, printed as one JSON object
// for AnthropicNodeSdkTest to check. Usage: node scenarios.mjs <gateway url> <model> [broken]
// With "broken", only a stream that the backend breaks off: the SDK must raise the gateway's error event.
import Anthropic from '@anthropic-ai/sdk';

const [baseURL, model] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: 'ignored', maxRetries: 0, timeout: 30_000 });
const weather = {
  name: 'get_weather',
  description: 'Current weather of a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const hello = { model, max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] };

async function outcome(run) {
  try {
    return await run();
  } catch (e) {
    return { thrown: e.constructor.name, status: e.status ?? null, type: e.error?.error?.type ?? null,
      message: e.message };
  }
}

const results = {};
if (process.argv[4] === 'broken') {
  results.broken = await outcome(async () => {
    const stream = client.messages.stream(hello);
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    await stream.finalMessage();
    return { completed: true, text };
  });
  process.stdout.write(JSON.stringify(results) + '\n');
  process.exit(0);
}
results.chat = await outcome(async () => {
  const m = await client.messages.create({ ...hello, system: 'Be terse.' });
  return { id: m.id, text: m.content[0]?.text, stop_reason: m.stop_reason, usage: m.usage };
});
results.stream = await outcome(async () => {
  const stream = client.messages.stream(hello);
  const types = [];
  let text = '';
  stream.on('text', (delta) => { text += delta; });
  for await (const event of stream) types.push(event.type);
  const m = await stream.finalMessage();
  return { types, text, final: m.content[0]?.text, stop_reason: m.stop_reason, usage: m.usage };
});
results.tool = await outcome(async () => {
  const m = await client.messages.create({ ...hello, tools: [weather], tool_choice: { type: 'any' } });
  const use = m.content.find((b) => b.type === 'tool_use');
  return { name: use?.name, input: use?.input, stop_reason: m.stop_reason };
});
results.streamedTool = await outcome(async () => {
  const stream = client.messages.stream({ ...hello, tools: [weather] });
  const pieces = [];
  stream.on('inputJson', (partial) => { pieces.push(partial); });
  const m = await stream.finalMessage();
  const use = m.content.find((b) => b.type === 'tool_use');
  return { name: use?.name, input: use?.input, pieces: pieces.length, stop_reason: m.stop_reason };
});
results.image = await outcome(async () => {
  const m = await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: [
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
    { type: 'text', text: 'What is in this image?' },
  ] }] });
  return { stop_reason: m.stop_reason };
});
results.error = await outcome(async () => client.messages.create({ ...hello, model: 'nope' }));
results.count = await outcome(async () => client.messages.countTokens({ model, messages: hello.messages }));

process.stdout.write(JSON.stringify(results) + '\n');
