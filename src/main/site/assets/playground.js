// The playground: try the gateway's models from the browser, on the same API any client uses.
// Plain DOM code, no framework; every call is same-origin (the page's policy allows nothing else).
'use strict';
(function () {
  var KEY_STORAGE = 'aistack.apiKey';
  var $ = function (id) { return document.getElementById(id); };

  var state = {
    model: null,
    history: [],        // the chat's messages as sent to the API
    attachments: [],    // data: URIs waiting to be sent with the next message
    tools: [],          // OpenAI tool definitions
    controller: null    // aborts the request in flight
  };

  // ---- key ------------------------------------------------------------------------------------------------------

  function apiKey() { return $('api-key').value.trim(); }

  function authHeaders() {
    var key = apiKey();
    return key ? { Authorization: 'Bearer ' + key } : {};
  }

  function setUpKey() {
    $('api-key').value = sessionStorage.getItem(KEY_STORAGE) || '';
    $('api-key').addEventListener('change', function () {
      if (apiKey()) sessionStorage.setItem(KEY_STORAGE, apiKey()); else sessionStorage.removeItem(KEY_STORAGE);
      loadModels();
    });
  }

  // ---- models ---------------------------------------------------------------------------------------------------

  // /v1/info (models with nodes, capabilities, context length) when this gateway's spec has it, else /v1/models.
  // Asking the spec first means no request that is bound to fail (a 404 would be a console error).
  function loadModels() {
    var cards = $('model-cards');
    return fetch('/openapi.json').then(function (r) { return r.json(); }).then(function (spec) {
      var source = spec.paths && spec.paths['/v1/info'] ? '/v1/info' : '/v1/models';
      $('models-source').textContent = 'From GET ' + source + '.';
      return fetch(source, { headers: authHeaders() }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(errorText(body, r.status));
          return body.data || [];
        });
      });
    }).then(function (models) {
      cards.replaceChildren();
      if (!models.length) {
        var none = document.createElement('p');
        none.className = 'hint';
        none.textContent = 'No models. Pull one into Ollama (ollama pull llama3.2:1b) and press Reload.';
        cards.appendChild(none);
      }
      models.forEach(function (m) { cards.appendChild(card(m)); });
      var keep = models.some(function (m) { return m.id === state.model; });
      if (!keep && models.length) select(models[0].id);
      else if (keep) select(state.model);
    }).catch(function (e) {
      cards.replaceChildren();
      var p = document.createElement('p');
      p.className = 'error';
      p.textContent = 'Could not list models: ' + e.message;
      cards.appendChild(p);
    });
  }

  function card(m) {
    var c = document.createElement('div');
    c.className = 'card';
    c.setAttribute('role', 'option');
    c.dataset.model = m.id;
    var name = document.createElement('div');
    name.className = 'name';
    name.textContent = m.id;
    c.appendChild(name);
    var badges = document.createElement('div');
    (m.capabilities || []).forEach(function (cap) { badges.appendChild(badge(cap)); });
    if (m.fallback) badges.appendChild(badge('fallback', 'fallback'));
    c.appendChild(badges);
    var meta = [];
    if (m.nodes && m.nodes.length) meta.push('nodes: ' + m.nodes.join(', '));
    if (m.owned_by) meta.push('owned by ' + m.owned_by);
    if (m.context_length) meta.push('context ' + m.context_length + ' tokens');
    if (meta.length) {
      var d = document.createElement('div');
      d.className = 'meta';
      d.textContent = meta.join(' · ');
      c.appendChild(d);
    }
    c.addEventListener('click', function () { select(m.id); });
    return c;
  }

  function badge(text, extra) {
    var b = document.createElement('span');
    b.className = 'badge' + (extra ? ' ' + extra : '');
    b.textContent = text;
    return b;
  }

  function select(id) {
    state.model = id;
    document.querySelectorAll('#model-cards .card').forEach(function (c) {
      c.setAttribute('aria-selected', String(c.dataset.model === id));
    });
  }

  // ---- images ---------------------------------------------------------------------------------------------------

  function attach(file) {
    if (!file || !file.type.startsWith('image/')) return;
    var reader = new FileReader();
    reader.onload = function () {
      state.attachments.push(reader.result);
      renderAttachments();
    };
    reader.readAsDataURL(file);
  }

  function renderAttachments() {
    var box = $('attachments');
    box.replaceChildren();
    state.attachments.forEach(function (uri, i) {
      var fig = document.createElement('figure');
      var img = document.createElement('img');
      img.src = uri;
      img.alt = 'attached image ' + (i + 1);
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.title = 'Remove';
      remove.addEventListener('click', function () {
        state.attachments.splice(i, 1);
        renderAttachments();
      });
      fig.appendChild(img);
      fig.appendChild(remove);
      box.appendChild(fig);
    });
  }

  function setUpImages() {
    var zone = $('drop-zone');
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      Array.prototype.forEach.call(e.dataTransfer.files, attach);
    });
    $('image-input').addEventListener('change', function (e) {
      Array.prototype.forEach.call(e.target.files, attach);
      e.target.value = '';
    });
  }

  // ---- tools ----------------------------------------------------------------------------------------------------

  function setUpTools() {
    $('add-tool').addEventListener('click', function () {
      var error = $('tool-error');
      error.hidden = true;
      var name = $('tool-name').value.trim();
      var parameters;
      try {
        parameters = JSON.parse($('tool-parameters').value);
      } catch (e) {
        error.textContent = 'The parameters are not JSON: ' + e.message;
        error.hidden = false;
        return;
      }
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
        error.textContent = 'A function name is 1 to 64 letters, digits, _ or -.';
        error.hidden = false;
        return;
      }
      state.tools = state.tools.filter(function (t) { return t.function.name !== name; });
      state.tools.push({ type: 'function', function: { name: name, description: $('tool-description').value.trim(),
        parameters: parameters } });
      renderTools();
    });
  }

  function renderTools() {
    var box = $('tools');
    box.replaceChildren();
    state.tools.forEach(function (t, i) {
      var row = document.createElement('div');
      row.className = 'tool';
      var label = document.createElement('code');
      label.textContent = t.function.name + '(…)';
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'small';
      remove.textContent = 'Remove';
      remove.addEventListener('click', function () { state.tools.splice(i, 1); renderTools(); });
      row.appendChild(label);
      row.appendChild(remove);
      box.appendChild(row);
    });
  }

  // ---- chat -----------------------------------------------------------------------------------------------------

  function bubble(role, text) {
    var m = document.createElement('div');
    m.className = 'msg ' + role;
    var body = document.createElement('span');
    body.className = 'text';
    body.textContent = text || '';
    m.appendChild(body);
    $('messages').appendChild(m);
    m.scrollIntoView({ block: 'end' });
    return m;
  }

  function requestBody() {
    var messages = [];
    var system = $('system-prompt').value.trim();
    if (system) messages.push({ role: 'system', content: system });
    var body = { model: state.model, messages: messages.concat(state.history), stream: $('stream').checked,
      temperature: Number($('temperature').value) };
    if ($('max-tokens').value) body.max_tokens = Number($('max-tokens').value);
    if ($('json-mode').checked) body.response_format = { type: 'json_object' };
    if (state.tools.length) body.tools = state.tools;
    if (body.stream) body.stream_options = { include_usage: true };
    return body;
  }

  function send(e) {
    if (e) e.preventDefault();
    var text = $('prompt').value.trim();
    if (!text && !state.attachments.length) return;
    var content = text;
    if (state.attachments.length) {
      content = [{ type: 'text', text: text }].concat(state.attachments.map(function (uri) {
        return { type: 'image_url', image_url: { url: uri } };
      }));
    }
    var shown = bubble('user', text);
    state.attachments.forEach(function (uri) {
      var img = document.createElement('img');
      img.src = uri;
      img.alt = 'sent image';
      shown.appendChild(img);
    });
    state.history.push({ role: 'user', content: content });
    $('prompt').value = '';
    state.attachments = [];
    renderAttachments();
    complete();
  }

  function complete() {
    if (!state.model) {
      bubble('error', 'No model selected.');
      return;
    }
    var body = JSON.stringify(requestBody());
    var headers = Object.assign({ 'Content-Type': 'application/json' }, authHeaders());
    showRequest('POST', '/v1/chat/completions', headers, body);
    resetFacts();
    var reply = bubble('assistant', '');
    reply.classList.add('pending');
    var controller = new AbortController();
    state.controller = controller;
    busy(true);
    var raw = '';
    fetch('/v1/chat/completions', { method: 'POST', headers: headers, body: body, signal: controller.signal })
      .then(function (r) {
        showFacts(r);
        var head = 'HTTP ' + r.status + '\n' + headerLines(r.headers) + '\n';
        var type = r.headers.get('Content-Type') || '';
        if (r.ok && type.indexOf('text/event-stream') === 0) {
          return readStream(r, reply, function (chunk) {
            raw += chunk;
            $('raw-response').textContent = head + raw;
          });
        }
        return r.text().then(function (text) {
          raw = text;
          $('raw-response').textContent = head + text;
          var json;
          try { json = JSON.parse(text); } catch (err) { json = null; }
          if (!r.ok) {
            reply.remove();
            showError(json, r.status, text);
            return;
          }
          var message = json.choices[0].message;
          reply.querySelector('.text').textContent = message.content || '';
          state.history.push(message);
          if (message.tool_calls && message.tool_calls.length) showToolCalls(reply, message.tool_calls);
          if (json.usage) showUsage(json.usage);
        });
      })
      .catch(function (err) {
        if (err.name === 'AbortError') {
          reply.querySelector('.text').textContent += ' [stopped]';
        } else {
          reply.remove();
          bubble('error', 'The request failed: ' + err.message);
        }
      })
      .then(function () {
        reply.classList.remove('pending');
        busy(false);
        state.controller = null;
        pollTask();
      });
  }

  // Server-sent events from fetch's body, decoded as they arrive: each delta is shown at once.
  function readStream(response, reply, onRaw) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = '';
    var text = '';
    var toolCalls = [];
    var textNode = reply.querySelector('.text');
    function handle(data) {
      if (data === '[DONE]') return;
      var event;
      try { event = JSON.parse(data); } catch (e) { return; }
      if (event.error) {
        showError(event, 0, data);
        return;
      }
      if (event.usage) showUsage(event.usage);
      (event.choices || []).forEach(function (choice) {
        var delta = choice.delta || {};
        if (delta.content) {
          text += delta.content;
          textNode.textContent = text;
        }
        (delta.tool_calls || []).forEach(function (d) {
          var i = d.index || 0;
          toolCalls[i] = toolCalls[i] || { id: d.id, type: 'function', function: { name: '', arguments: '' } };
          if (d.id) toolCalls[i].id = d.id;
          if (d.function && d.function.name) toolCalls[i].function.name += d.function.name;
          if (d.function && d.function.arguments) toolCalls[i].function.arguments += d.function.arguments;
        });
      });
    }
    function pump() {
      return reader.read().then(function (part) {
        if (part.done) {
          var message = { role: 'assistant', content: text };
          if (toolCalls.length) {
            message.tool_calls = toolCalls;
            showToolCalls(reply, toolCalls);
          }
          state.history.push(message);
          return;
        }
        var chunk = decoder.decode(part.value, { stream: true });
        onRaw(chunk);
        buffer += chunk;
        var events = buffer.split(/\r?\n\r?\n/);
        buffer = events.pop();
        events.forEach(function (ev) {
          ev.split(/\r?\n/).forEach(function (line) {
            if (line.indexOf('data:') === 0) handle(line.slice(5).trim());
          });
        });
        return pump();
      });
    }
    return pump();
  }

  // A tool call comes back: show it, let the person answer it, and send the answer as the tool's result.
  function showToolCalls(reply, calls) {
    calls.forEach(function (call) {
      var box = document.createElement('div');
      box.className = 'tool-call';
      var fn = document.createElement('div');
      fn.className = 'fn';
      fn.textContent = 'tool call: ' + call.function.name + '(' + call.function.arguments + ')';
      var answer = document.createElement('textarea');
      answer.rows = 2;
      answer.placeholder = 'The function\'s result, e.g. {"temperature_c": 21}';
      answer.setAttribute('aria-label', 'Result of ' + call.function.name);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'small';
      button.textContent = 'Send result';
      button.addEventListener('click', function () {
        state.history.push({ role: 'tool', tool_call_id: call.id, content: answer.value });
        bubble('tool-result', call.function.name + ' → ' + answer.value);
        button.disabled = true;
        answer.disabled = true;
        complete();
      });
      box.appendChild(fn);
      box.appendChild(answer);
      box.appendChild(button);
      reply.appendChild(box);
    });
  }

  function showError(json, status, text) {
    var error = json && json.error;
    var m = bubble('error', error ? (error.code ? error.code + ': ' : '') + error.message
      : 'HTTP ' + status + ': ' + text);
    if (error && error.doc_url) {
      var a = document.createElement('a');
      a.href = error.doc_url;
      a.textContent = ' What to do';
      m.appendChild(a);
    }
  }

  function errorText(body, status) {
    return body && body.error ? body.error.message : 'HTTP ' + status;
  }

  // ---- facts and raw panel --------------------------------------------------------------------------------------

  function showRequest(method, path, headers, body) {
    var shown = Object.keys(headers).map(function (k) {
      return k + ': ' + (k === 'Authorization' ? 'Bearer •••' + apiKey().slice(-4) : headers[k]);
    }).join('\n');
    // The body exactly as sent (the key alone is masked, in the header above).
    $('raw-request').textContent = method + ' ' + path + '\n' + shown + '\n\n' + body;
    $('raw-response').textContent = '';
  }

  function headerLines(headers) {
    var lines = [];
    headers.forEach(function (v, k) { lines.push(k + ': ' + v); });
    return lines.join('\n') + '\n';
  }

  function resetFacts() {
    ['fact-status', 'fact-request-id', 'fact-task-id', 'fact-node', 'fact-usage'].forEach(function (id) {
      $(id).textContent = '–';
    });
    $('fact-task-status').textContent = '';
  }

  function showFacts(r) {
    $('fact-status').textContent = String(r.status);
    $('fact-request-id').textContent = r.headers.get('X-Request-Id') || '–';
    $('fact-task-id').textContent = r.headers.get('X-Task-Id') || '–';
    $('fact-node').textContent = r.headers.get('X-Aistack-Node') || '–';
  }

  function showUsage(u) {
    $('fact-usage').textContent = u.prompt_tokens + ' prompt + ' + u.completion_tokens + ' completion = '
      + u.total_tokens + ' tokens';
  }

  // The task's recorded status, once the reply has ended (the gateway writes it off the request path).
  function pollTask() {
    var id = $('fact-task-id').textContent;
    if (!id || id === '–') return;
    var tries = 0;
    (function ask() {
      fetch('/tasks/status/' + encodeURIComponent(id), { headers: authHeaders() })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (task) {
          if (!task) return;
          $('fact-task-status').textContent = task.state + (task.stage ? ' (' + task.stage + ')' : '');
          var done = task.state === 'SUCCESS' || task.state === 'FAILED';
          if (!done && ++tries < 10) setTimeout(ask, 300);
        })
        .catch(function () { /* status is a nicety; the reply is already shown */ });
    })();
  }

  function busy(on) {
    $('send').disabled = on;
    $('stop').hidden = !on;
  }

  // ---- wiring ---------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', function () {
    setUpKey();
    setUpImages();
    setUpTools();
    $('temperature').addEventListener('input', function () {
      $('temperature-value').textContent = $('temperature').value;
    });
    $('composer').addEventListener('submit', send);
    $('prompt').addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) send(e);
    });
    $('stop').addEventListener('click', function () { if (state.controller) state.controller.abort(); });
    $('reload-models').addEventListener('click', loadModels);
    $('clear-chat').addEventListener('click', function () {
      state.history = [];
      $('messages').replaceChildren();
    });
    loadModels();
  });
})();
