// The official ollama npm library against a running gateway: what an Ollama client does, checked step by step.
// Run by dev.aistack.ollama.OllamaJsClientTest with AISTACK_URL and MODEL set; prints one JSON report line and
// exits 1 when a check failed.
import { Ollama } from 'ollama';

const ollama = new Ollama({ host: process.env.AISTACK_URL });
const model = process.env.MODEL;
const report = { checks: {}, failures: [] };

function check(name, ok, detail) {
  report.checks[name] = ok;
  if (!ok) report.failures.push(`${name}: ${JSON.stringify(detail)}`);
}

async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(name, false, String(e && e.stack || e));
  }
}

await step('version', async () => {
  const v = await ollama.version();
  check('version', typeof v.version === 'string' && v.version.length > 0, v);
});

await step('list', async () => {
  const list = await ollama.list();
  check('list', list.models.some((m) => m.name === model), list);
});

await step('chat', async () => {
  const r = await ollama.chat({ model, messages: [{ role: 'user', content: 'Say hello.' }] });
  report.chat = r.message.content;
  check('chat', r.done === true && r.message.content.length > 0, r);
});

await step('stream', async () => {
  const parts = [];
  let last;
  for await (const part of await ollama.chat({ model, stream: true, messages: [{ role: 'user', content: 'Count.' }] })) {
    parts.push(part.message.content);
    last = part;
  }
  report.stream = parts.join('');
  report.streamParts = parts.length;
  report.streamEvalCount = last && last.eval_count;
  check('stream', last && last.done === true && last.done_reason === 'stop' && parts.length >= 2, { parts, last });
});

await step('tool', async () => {
  const r = await ollama.chat({
    model,
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [{
      type: 'function',
      function: {
        name: 'get_weather', description: 'Current weather of a city.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    }],
  });
  const call = r.message.tool_calls && r.message.tool_calls[0];
  report.toolCall = call;
  check('tool', call && call.function.name === 'get_weather' && call.function.arguments.city === 'Paris', r);
});

await step('image', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const r = await ollama.chat({ model, messages: [{ role: 'user', content: 'What is this?', images: [png] }] });
  check('image', r.done === true, r);
});

await step('generate', async () => {
  let text = '';
  for await (const part of await ollama.generate({ model, prompt: 'Why?', stream: true })) {
    text += part.response;
  }
  report.generate = text;
  check('generate', text.length > 0, text);
});

await step('embed', async () => {
  const r = await ollama.embed({ model, input: ['a', 'b'] });
  check('embed', Array.isArray(r.embeddings) && r.embeddings.length >= 1, r);
});

await step('error', async () => {
  try {
    await ollama.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] });
    check('error', false, 'no error was thrown');
  } catch (e) {
    report.error = { name: e.name, status: e.status_code, message: e.error };
    check('error', e.name === 'ResponseError' && e.status_code === 404 && typeof e.error === 'string', report.error);
  }
});

console.log(JSON.stringify(report));
process.exit(report.failures.length === 0 ? 0 : 1);
