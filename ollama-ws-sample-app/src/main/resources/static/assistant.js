// ollama-ws assistant: one conversation with memory through POST /api/assistant (Spring AI's ChatClient).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const form = $('assistant-form');
  const input = $('message-input');
  const askButton = $('ask-button');
  const formError = $('form-error');
  const conversation = $('conversation');
  const turnTemplate = $('turn-template');

  // The server starts a conversation on the first message and names it; later messages carry that name.
  let conversationId = null;
  let busy = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      ask();
    }
  });
  $('new-conversation').addEventListener('click', () => {
    conversationId = null;
    conversation.replaceChildren();
    $('empty-hint').hidden = false;
    input.focus();
  });

  async function ask() {
    const text = input.value;
    if (busy) {
      return;
    }
    if (!text.trim()) {
      showError('Type a message first.');
      return;
    }
    formError.hidden = true;
    busy = true;
    askButton.disabled = true;
    input.value = '';
    const turn = addTurn(text);
    try {
      const response = await fetch('/api/assistant', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify({ conversationId, text })
      });
      const body = await response.json();
      if (!response.ok) {
        endTurn(turn, 'failed', 'failed', (body.title || 'Error') + ': ' + (body.detail || response.status));
        return;
      }
      conversationId = body.conversationId;
      turn.model.textContent = body.model || 'assistant';
      endTurn(turn, 'completed', 'done', body.text);
    } catch (error) {
      endTurn(turn, 'failed', 'failed', error.message);
    } finally {
      busy = false;
      askButton.disabled = false;
      input.focus();
    }
  }

  function addTurn(text) {
    $('empty-hint').hidden = true;
    const fragment = turnTemplate.content.cloneNode(true);
    const item = fragment.querySelector('.exchange');
    item.querySelector('.prompt-text').textContent = text;
    const turn = {
      bubble: item.querySelector('.reply'),
      model: item.querySelector('.reply-model'),
      badge: item.querySelector('.badge'),
      text: item.querySelector('.reply-text')
    };
    conversation.append(item);
    window.scrollTo(0, document.documentElement.scrollHeight);
    return turn;
  }

  function endTurn(turn, status, label, text) {
    turn.bubble.dataset.status = status;
    turn.bubble.setAttribute('aria-busy', 'false');
    turn.badge.textContent = label;
    turn.text.textContent = text;
  }

  function showError(message) {
    formError.textContent = message;
    formError.hidden = false;
  }
})();
