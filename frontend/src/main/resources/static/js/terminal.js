// The container terminal page: an xterm.js terminal wired to the exec WebSocket.
// Binary frames carry terminal bytes both ways; text frames are JSON control messages
// ({"type":"resize",...} from here, {"type":"exit","code":N} from the server).
(function () {
  'use strict';
  var element = document.getElementById('terminal');
  if (!element || !window.Terminal) {
    return;
  }
  var status = document.getElementById('terminal-status');
  var term = new window.Terminal({ cursorBlink: true, convertEol: false, scrollback: 5000 });
  var fit = new window.FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();
  // Tab belongs to the shell (completion), so Shift+Tab is the way out of the terminal for a
  // keyboard user: the browser moves focus back instead of xterm sending it on.
  term.attachCustomKeyEventHandler(function (event) {
    return !(event.key === 'Tab' && event.shiftKey);
  });
  window.bulkheadTerminal = term;

  var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
  var socket = new WebSocket(scheme + window.location.host + element.dataset.socket);
  socket.binaryType = 'arraybuffer';
  var encoder = new TextEncoder();
  var exited = false;

  function sendSize() {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    }
  }

  socket.addEventListener('open', function () {
    status.textContent = 'connected';
    sendSize();
  });
  socket.addEventListener('message', function (event) {
    if (typeof event.data === 'string') {
      var message = JSON.parse(event.data);
      if (message.type === 'exit') {
        exited = true;
        status.textContent = 'process exited with code ' + message.code;
        term.write('\r\n[process exited with code ' + message.code + ']\r\n');
      }
      return;
    }
    term.write(new Uint8Array(event.data));
  });
  socket.addEventListener('close', function (event) {
    if (!exited) {
      status.textContent = 'disconnected' + (event.reason ? ': ' + event.reason : '');
    }
  });
  term.onData(function (data) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(encoder.encode(data));
    }
  });
  term.onResize(sendSize);
  window.addEventListener('resize', function () {
    fit.fit();
  });
})();
