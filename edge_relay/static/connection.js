// One WebRTC session with the edge: the microphone, the peer connection, the `events` data
// channel and the signalling POST. Everything that can fail throws a `UserFacingError` whose
// message is written for the person in front of the page, not for the console.

export const EVENTS_CHANNEL = "events";
const GATHER_TIMEOUT_MS = 5000;
const OFFER_TIMEOUT_MS = 20000;

export class UserFacingError extends Error {}

// `raw` asks for the microphone without the browser's echo cancellation, gain control and noise
// suppression: what a recorded file needs to reach the recogniser unaltered. A person talking in a
// room is better served by the browser's defaults, so those stay on unless asked.
export function microphoneConstraints(raw) {
  return raw
    ? { audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: false } }
    : { audio: true };
}

export async function openMicrophone(raw) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new UserFacingError(window.isSecureContext
      ? "This browser cannot capture audio (it has no getUserMedia)."
      : `The microphone is only available to secure pages: open this demo over https or at ` +
        `http://localhost (this page is ${location.origin}).`);
  }
  try {
    return await navigator.mediaDevices.getUserMedia(microphoneConstraints(raw));
  } catch (err) {
    throw new UserFacingError(describeMicrophoneError(err));
  }
}

function describeMicrophoneError(err) {
  switch (err.name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Microphone access was denied. Allow the microphone for this page (the icon in the " +
        "address bar, or the site settings) and press Connect again.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No microphone was found. Connect one or check the system's sound settings, then press Connect again.";
    case "NotReadableError":
    case "AbortError":
      return "The microphone could not be started; another application may be using it.";
    default:
      return `The microphone could not be opened: ${err.message || err.name}.`;
  }
}

// Events dispatched: "message" (detail: {event, at}), "statechange", "problem" (detail: {text,
// fatal}), "voice" (detail: the MediaStream of the agent's voice), "closed" (detail: {expected}). `at` is performance.now() when the message reached the page.
export class EdgeConnection extends EventTarget {
  constructor(offerUrl) {
    super();
    this.offerUrl = new URL(offerUrl, document.baseURI);
    this.pc = null;
    this.channel = null;
    this.sessionId = null;
    this.closing = false;
  }

  async open(stream) {
    const pc = (this.pc = new RTCPeerConnection({ iceServers: [] }));
    const channel = (this.channel = pc.createDataChannel(EVENTS_CHANNEL));
    channel.addEventListener("message", (e) => this.#received(e.data, performance.now()));
    channel.addEventListener("open", () => this.#changed());
    channel.addEventListener("close", () => this.#channelClosed());
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    pc.addEventListener("track", (e) => {  // the agent's voice, when the edge sends one
      if (e.track.kind !== "audio") return;
      const voice = e.streams[0] ?? new MediaStream([e.track]);
      this.dispatchEvent(new CustomEvent("voice", { detail: voice }));
    });
    for (const name of ["connectionstatechange", "iceconnectionstatechange", "icegatheringstatechange"]) {
      pc.addEventListener(name, () => this.#changed());
    }
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "failed" && !this.closing) {
        this.#problem("The network connection to the edge failed (ICE/DTLS). If the edge runs on " +
          "this machine without a network, start it with --ice-loopback.", true);
      }
    });

    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc, GATHER_TIMEOUT_MS);
    const answer = await postOffer(this.offerUrl, pc.localDescription);
    if (this.closing) return;
    this.sessionId = answer.session_id;
    await pc.setRemoteDescription({ type: answer.type, sdp: answer.sdp });
    this.dtlsTransport()?.addEventListener("statechange", () => this.#changed());
    this.#changed();
  }

  dtlsTransport() {
    return this.pc?.getSenders().find((s) => s.track?.kind === "audio")?.transport ?? this.pc?.sctp?.transport ?? null;
  }

  state() {
    const pc = this.pc;
    return {
      connection: pc?.connectionState ?? "idle",
      ice: pc?.iceConnectionState ?? "–",
      dtls: this.dtlsTransport()?.state ?? (pc ? "not reported" : "–"),
      channel: this.channel?.readyState ?? "–",
    };
  }

  close() {
    this.closing = true;
    this.channel?.close();
    this.pc?.close();
    this.#changed();
  }

  #received(data, at) {
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      this.#problem("The edge sent a message this page cannot read (not JSON).");
      return;
    }
    if (typeof event?.type !== "string") {
      this.#problem("The edge sent a message without a type.");
      return;
    }
    this.dispatchEvent(new CustomEvent("message", { detail: { event, at } }));
  }

  #channelClosed() {
    this.#changed();
    this.dispatchEvent(new CustomEvent("closed", { detail: { expected: this.closing } }));
  }

  #problem(text, fatal = false) {
    this.dispatchEvent(new CustomEvent("problem", { detail: { text, fatal } }));
  }

  #changed() {
    this.dispatchEvent(new Event("statechange"));
  }
}

// The edge answers with all its candidates at once (no trickle), so the offer carries ours too.
function gatheringComplete(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    // Send what was gathered so far rather than hang on a slow interface.
    const timer = setTimeout(() => {
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    }, timeoutMs);
    pc.addEventListener("icegatheringstatechange", done);
  });
}

async function postOffer(url, description) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sdp: description.sdp, type: description.type }),
      signal: AbortSignal.timeout(OFFER_TIMEOUT_MS),
    });
  } catch (err) {
    if (err.name === "TimeoutError") {
      throw new UserFacingError(`The edge at ${url.host} did not answer within ${OFFER_TIMEOUT_MS / 1000} s.`);
    }
    throw new UserFacingError(`Cannot reach the edge at ${url.host}: is it running? (${err.message})`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const reason = body?.error ?? (response.statusText || "no reason given");
    throw new UserFacingError(`The edge refused the connection (HTTP ${response.status}): ${reason}`);
  }
  if (typeof body?.sdp !== "string" || body.type !== "answer") {
    throw new UserFacingError("The edge's reply to the offer is not a WebRTC answer.");
  }
  return body;
}
