// The floor page's worker: the same websocket as the app's worker, and nothing else. Frames
// and bytes are counted without reading them; the count goes to the page five times a second.

const SUBSCRIBE_PATH = '/xrpc/com.atproto.sync.subscribeRepos';
const POST_INTERVAL_MS = 200;

let frames = 0;
let bytes = 0;
let state = 'idle';

self.onmessage = (event) => {
  const url = event.data.relay.replace(/\/+$/, '') + SUBSCRIBE_PATH;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  state = 'connecting';
  socket.onopen = () => {
    state = 'live';
  };
  socket.onmessage = (message) => {
    frames++;
    bytes += typeof message.data === 'string' ? message.data.length : message.data.byteLength;
  };
  socket.onclose = () => {
    state = 'closed';
  };
};

setInterval(() => self.postMessage({ frames, bytes, state }), POST_INTERVAL_MS);
