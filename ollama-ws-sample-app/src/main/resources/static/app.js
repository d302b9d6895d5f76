// ollama-ws chat: streams replies from /api/stream (Server-Sent Events over a POST, read with fetch),
// stops them with /api/generations/{id}/stop, and shows the gateway's health and metrics from Actuator.
'use strict';

(() => {
  const HEALTH_REFRESH_MS = 10000;
  const METRICS_REFRESH_MS = 10000;
  // The starter's health contributor, by the names Actuator may list it under.
  const HEALTH_COMPONENTS = ['ollamaWs', 'ollama-ws'];
  const METRICS = {
    tokens: 'gen_ai.client.token.usage?tag=gen_ai.token.type:output',
    ttft: 'gen_ai.client.operation.time_to_first_chunk',
    duration: 'gen_ai.client.operation.duration'
  };

  const $ = (id) => document.getElementById(id);
  const form = $('prompt-form');
  const modelSelect = $('model-select');
  const promptInput = $('prompt-input');
  const systemInput = $('system-input');
  const temperatureInput = $('temperature-input');
  const maxTokensInput = $('max-tokens-input');
  const jsonInput = $('json-input');
  const sendButton = $('send-button');
  const stopButton = $('stop-button');
  const formError = $('form-error');
  const transcript = $('transcript');
  const exchangeTemplate = $('exchange-template');

  // The reply being streamed: its elements, its generation id once known, and whether Stop was pressed.
  let current = null;

  // ---------- Setup and models ----------

  async function loadSetup() {
    try {
      const setup = await getJson('/api/setup');
      const setupText = $('setup-text');
      if (setup.mode === 'DEMO') {
        $('demo-note').textContent = setup.note;
        $('demo-banner').hidden = false;
        setupText.textContent = 'Embedded gateway at ' + setup.gatewayUrl + ', serving the scripted demo model.';
      } else if (setup.mode === 'OLLAMA') {
        setupText.textContent = 'Embedded gateway at ' + setup.gatewayUrl + ', in front of the Ollama at '
          + setup.ollamaUrl + '. ' + setup.note;
      } else {
        setupText.textContent = 'Gateway at ' + (setup.gatewayUrl || '(configured)') + '.';
      }
      return setup;
    } catch (error) {
      $('setup-text').textContent = 'Could not tell which gateway this is: ' + error.message;
      return {};
    }
  }

  async function loadModels(defaultModel) {
    try {
      const models = await getJson('/api/models');
      modelSelect.replaceChildren();
      if (models.length === 0) {
        modelSelect.append(new Option('(gateway default)', ''));
        showFormError('The gateway lists no models.');
      }
      for (const model of models) {
        const label = model.parameterSize && model.name !== 'demo'
          ? model.name + ' (' + model.parameterSize + ')' : model.name;
        modelSelect.append(new Option(label, model.name, false, model.name === defaultModel));
      }
      modelSelect.dataset.loaded = 'true';
    } catch (error) {
      modelSelect.replaceChildren(new Option('(gateway default)', ''));
      showFormError('Could not list the models: ' + error.message);
    }
  }

  // ---------- Sending, streaming, stopping ----------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });

  promptInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  });

  stopButton.addEventListener('click', () => stop());

  $('json-example').addEventListener('click', () => {
    jsonInput.checked = true;
    promptInput.value = 'List three primary colours as JSON: {"colours": [{"name": ..., "hex": ...}]}';
    promptInput.focus();
  });

  // The request body: Ollama's model parameters under Ollama's names, request-level settings beside them.
  function requestBody(prompt) {
    const options = {};
    if (temperatureInput.value !== '') {
      options.temperature = Number(temperatureInput.value);
    }
    if (maxTokensInput.value !== '') {
      options.num_predict = Number(maxTokensInput.value);
    }
    return {
      prompt,
      model: modelSelect.value || null,
      system: systemInput.value.trim() || null,
      options: Object.keys(options).length ? options : null,
      json: jsonInput.checked
    };
  }

  async function send() {
    const prompt = promptInput.value;
    if (current) {
      return;
    }
    if (!prompt.trim()) {
      showFormError('Type a prompt first.');
      promptInput.focus();
      return;
    }
    hideFormError();
    const reply = addExchange(prompt, modelSelect.value);
    current = { reply, id: null, stopRequested: false };
    setBusy(true);
    promptInput.value = '';
    try {
      const response = await fetch('/api/stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
        body: JSON.stringify(requestBody(prompt))
      });
      if (!response.ok) {
        const problem = await readProblem(response);
        endWithError(reply, problem.title, problem.detail);
        return;
      }
      await readEvents(response.body, (name, data) => onEvent(reply, name, data));
      if (!reply.ended) {
        endWithError(reply, 'Connection lost', 'The stream ended before the reply was complete.');
      }
    } catch (error) {
      endWithError(reply, 'Connection lost', error.message);
    } finally {
      current = null;
      setBusy(false);
      refreshMetrics();
    }
  }

  function onEvent(reply, name, data) {
    switch (name) {
      case 'start':
        current.id = data.id;
        reply.model.textContent = data.model;
        setStatus(reply, 'streaming', 'streaming…');
        if (current.stopRequested) {
          requestStop(data.id);
        }
        break;
      case 'token':
        followingTheEnd(() => reply.text.append(data.text));
        break;
      case 'end': {
        reply.ended = true;
        const stopped = data.finishReason === 'CANCELLED';
        setStatus(reply, stopped ? 'stopped' : 'completed', stopped ? 'stopped' : 'done');
        followingTheEnd(() => { reply.meta.textContent = describeResult(data, stopped); });
        break;
      }
      case 'error':
        endWithError(reply, data.title, data.message);
        break;
      default:
        break;
    }
  }

  function stop() {
    if (!current || current.stopRequested) {
      return;
    }
    current.stopRequested = true;
    stopButton.disabled = true;
    setStatus(current.reply, 'streaming', 'stopping…');
    if (current.id) {
      requestStop(current.id);
    }
  }

  async function requestStop(id) {
    try {
      const response = await fetch('/api/generations/' + encodeURIComponent(id) + '/stop', { method: 'POST' });
      // 404: the generation ended on its own meanwhile; the stream reports how.
      if (!response.ok && response.status !== 404) {
        const problem = await readProblem(response);
        showFormError('Could not stop the reply: ' + problem.detail);
      }
    } catch (error) {
      showFormError('Could not stop the reply: ' + error.message);
    }
  }

  // Reads a text/event-stream body, calling onEvent(name, parsedJsonData) for each event.
  async function readEvents(body, onEvent) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let boundary;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = parseEvent(block);
        if (event) {
          onEvent(event.name, event.data);
        }
      }
    }
  }

  function parseEvent(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        name = value;
      } else if (field === 'data') {
        data.push(value);
      }
    }
    return data.length ? { name, data: JSON.parse(data.join('\n')) } : null;
  }

  // ---------- Transcript ----------

  function addExchange(prompt, model) {
    $('empty-hint').hidden = true;
    const fragment = exchangeTemplate.content.cloneNode(true);
    const item = fragment.querySelector('.exchange');
    item.querySelector('.prompt-text').textContent = prompt;
    const bubble = item.querySelector('.reply');
    const reply = {
      bubble,
      model: item.querySelector('.reply-model'),
      badge: item.querySelector('.badge'),
      text: item.querySelector('.reply-text'),
      meta: item.querySelector('.reply-meta'),
      ended: false
    };
    reply.model.textContent = model || 'default model';
    transcript.append(item);
    scrollToEnd();
    return reply;
  }

  // Runs a change to the transcript, keeping the page scrolled to its end if the reader was there.
  function followingTheEnd(change) {
    const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120;
    change();
    if (atEnd) {
      scrollToEnd();
    }
  }

  function scrollToEnd() {
    window.scrollTo(0, document.documentElement.scrollHeight);
  }

  function setStatus(reply, status, label) {
    reply.bubble.dataset.status = status;
    reply.badge.textContent = label;
    reply.bubble.setAttribute('aria-busy', String(status === 'streaming' || status === 'waiting'));
  }

  function endWithError(reply, title, message) {
    reply.ended = true;
    setStatus(reply, 'error', 'failed');
    const error = document.createElement('p');
    error.className = 'reply-error';
    error.setAttribute('role', 'alert');
    error.dataset.testid = 'reply-error';
    error.textContent = (title ? title + ': ' : '') + (message || 'unknown error');
    followingTheEnd(() => reply.bubble.append(error));
  }

  function describeResult(result, stopped) {
    const parts = [result.totalTokens + ' tokens', formatMillis(result.elapsedMs)];
    if (result.timeToFirstTokenMs != null) {
      parts.push('first token after ' + formatMillis(result.timeToFirstTokenMs));
    }
    return (stopped ? 'Stopped: ' : '') + parts.join(' · ');
  }

  function setBusy(busy) {
    sendButton.disabled = busy;
    stopButton.disabled = !busy;
    modelSelect.disabled = busy;
  }

  function showFormError(message) {
    formError.textContent = message;
    formError.hidden = false;
  }

  function hideFormError() {
    formError.hidden = true;
    formError.textContent = '';
  }

  // ---------- Health ----------

  async function refreshHealth() {
    let health;
    try {
      // Actuator answers 503 with the same body when the application is DOWN.
      const response = await fetch('/actuator/health', { headers: { 'Accept': 'application/json' } });
      health = await response.json();
    } catch (error) {
      showHealth('UNKNOWN', {}, 'The health endpoint did not answer: ' + error.message);
      return;
    }
    const components = health.components || {};
    const key = HEALTH_COMPONENTS.find((name) => components[name]);
    if (!key) {
      showHealth(health.status, {}, 'This build has no ollama-ws health indicator yet; showing the application\'s '
        + 'overall health.');
      return;
    }
    const gateway = components[key];
    showHealth(gateway.status, gateway.details || {}, '');
  }

  function showHealth(status, details, note) {
    const state = status || 'UNKNOWN';
    $('health-pill').dataset.state = state;
    $('health-status').textContent = state;
    $('health-state').dataset.state = state;
    $('health-state').textContent = state;
    $('health-note').textContent = note;
    const list = $('health-details');
    list.replaceChildren();
    for (const [label, value] of describeHealth(details)) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
  }

  // The starter's health details as readable rows; keys it does not know are shown as they come.
  function describeHealth(details) {
    const rows = [];
    const { url, clientId, pingLatencyMs, connections, requests, reason, error, ...others } = details;
    if (url) rows.push(['Gateway', url]);
    if (clientId) rows.push(['Client id', clientId]);
    if (pingLatencyMs != null) rows.push(['Ping', pingLatencyMs + ' ms']);
    if (connections) {
      rows.push(['Connections', connections.authenticated + ' of ' + connections.size + ' authenticated'
        + (connections.open !== connections.authenticated ? ', ' + connections.open + ' open' : '')]);
    }
    if (requests) rows.push(['Requests', requests.inFlight + ' in flight, ' + requests.waiting + ' waiting']);
    if (reason) rows.push(['Reason', reason]);
    if (error) rows.push(['Error', error]);
    for (const [name, value] of Object.entries(flatten(others))) {
      rows.push([labelOf(name), String(value)]);
    }
    return rows;
  }

  function flatten(details, prefix = '') {
    const flat = {};
    for (const [name, value] of Object.entries(details)) {
      const key = prefix ? prefix + '.' + name : name;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        Object.assign(flat, flatten(value, key));
      } else {
        flat[key] = value;
      }
    }
    return flat;
  }

  function labelOf(key) {
    const words = key.replace(/\./g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  // ---------- Metrics ----------

  async function refreshMetrics() {
    const [tokens, ttft, duration] = await Promise.all(Object.values(METRICS).map(fetchMetric));
    const anyMissing = !tokens || !ttft || !duration;
    // The token meter is a counter (COUNT is the tokens); the duration timer counts the generations.
    $('metric-generations').textContent = duration ? String(duration.COUNT) : '–';
    $('metric-tokens').textContent = tokens && duration
      ? tokens.COUNT + ' total, ' + average(tokens.COUNT, duration.COUNT, 1) + ' per reply' : '–';
    $('metric-ttft').textContent = ttft ? timing(ttft) : '–';
    $('metric-duration').textContent = duration ? timing(duration) : '–';
    $('metrics-note').textContent = anyMissing
      ? 'Figures appear after the first reply, once the starter\'s metrics are on the classpath.' : '';
  }

  // Returns a metric's statistics by name (COUNT, TOTAL, TOTAL_TIME, MAX), or null when it does not exist.
  async function fetchMetric(name) {
    try {
      const response = await fetch('/actuator/metrics/' + name, { headers: { 'Accept': 'application/json' } });
      if (!response.ok) {
        return null;
      }
      const metric = await response.json();
      const statistics = {};
      for (const measurement of metric.measurements || []) {
        statistics[measurement.statistic] = measurement.value;
      }
      statistics.baseUnit = metric.baseUnit;
      return statistics;
    } catch (error) {
      return null;
    }
  }

  function timing(timer) {
    const toMillis = timer.baseUnit === 'milliseconds' ? 1 : 1000;
    const mean = timer.COUNT ? (timer.TOTAL_TIME / timer.COUNT) * toMillis : 0;
    return 'mean ' + formatMillis(mean) + ', max ' + formatMillis((timer.MAX || 0) * toMillis);
  }

  function average(total, count, digits) {
    return count ? (total / count).toFixed(digits) : '0';
  }

  function formatMillis(ms) {
    return ms >= 1000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms) + ' ms';
  }

  // ---------- HTTP helpers ----------

  async function getJson(url) {
    const response = await fetch(url, { headers: { 'Accept': 'application/json' } });
    if (!response.ok) {
      const problem = await readProblem(response);
      throw new Error(problem.detail);
    }
    return response.json();
  }

  async function readProblem(response) {
    try {
      const problem = await response.json();
      return { title: problem.title || response.statusText, detail: problem.detail || 'HTTP ' + response.status };
    } catch (error) {
      return { title: 'HTTP ' + response.status, detail: response.statusText || 'The request failed.' };
    }
  }

  // ---------- Start ----------

  async function init() {
    const setup = await loadSetup();
    await loadModels(setup.defaultModel);
    refreshHealth();
    refreshMetrics();
    setInterval(refreshHealth, HEALTH_REFRESH_MS);
    setInterval(refreshMetrics, METRICS_REFRESH_MS);
    promptInput.focus();
  }

  init();
})();
