// The demo page: connect / disconnect, connection status, alerts, and one card per turn.
// Query flags: ?raw=1 asks for the microphone without echo cancellation, gain control and noise
// suppression (for recorded audio); ?budget=MS sets the machine budget drawn on the waterfalls
// when the ledger does not carry one.

import { EdgeConnection, UserFacingError, openMicrophone } from "./connection.js";
import { networkSnapshot } from "./client-stats.js";
import { LevelMeter, LevelWatcher } from "./meter.js";
import { Turn } from "./turns.js";
import { drawWaterfall, formatMs } from "./waterfall.js";

const params = new URLSearchParams(location.search);
const RAW_MICROPHONE = params.get("raw") === "1";
const DEFAULT_BUDGET_MS = Number(params.get("budget")) > 0 ? Number(params.get("budget")) : 300;
const AUDIBLE_DB = -45; // the level from which the agent's voice counts as heard (as at the edge)

const $ = (id) => document.getElementById(id);
const ui = {
  connect: $("connect"),
  disconnect: $("disconnect"),
  alerts: $("alerts"),
  turns: $("turns"),
  template: $("turn-template"),
  status: { connection: $("st-connection"), ice: $("st-ice"), dtls: $("st-dtls"), channel: $("st-channel") },
  origin: $("st-origin"),
  voice: $("st-voice"),
  voiceAudio: $("agent-voice"),
};

const STATE_WORDS = {
  listening: "listening…",
  transcribing: "transcribing…",
  transcribed: "transcribed",
  replying: "agent replying…",
  answered: "answered",
  interrupted: "reply interrupted",
  blocked: "blocked by the scanner",
  failed: "not answered",
  dropped: "no words recognised",
};

class Demo {
  constructor() {
    this.meter = new LevelMeter($("level"));
    this.connection = null;
    this.stream = null;
    this.turns = new Map(); // turn_id -> {turn, element}
    this.originAlert = null;
    this.voiceWatcher = null;
    this.attempts = 0;
    ui.connect.addEventListener("click", () => this.connect());
    ui.disconnect.addEventListener("click", () => this.disconnect());
    addEventListener("pagehide", () => this.disconnect());
    this.width = 0;
    new ResizeObserver(([entry]) => {
      if (Math.round(entry.contentRect.width) === this.width) return; // height changes: nothing to redo
      this.width = Math.round(entry.contentRect.width);
      this.redrawAll();
    }).observe(ui.turns);
    $("mic-mode").textContent = RAW_MICROPHONE
      ? "Raw microphone: echo cancellation, gain control and noise suppression are off."
      : "The browser's echo cancellation, gain control and noise suppression are on; " +
        "open the page with ?raw=1 to send the microphone unprocessed.";
  }

  async connect() {
    this.clearAlerts();
    this.setBusy(true);
    const attempt = ++this.attempts; // a Disconnect meanwhile makes this attempt stale
    try {
      const stream = await openMicrophone(RAW_MICROPHONE);
      if (attempt !== this.attempts) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      this.stream = stream;
      this.meter.start(stream);
      const connection = (this.connection = new EdgeConnection("offer"));
      connection.addEventListener("statechange", () => this.showState());
      connection.addEventListener("message", (e) => this.onEvent(e.detail.event, e.detail.at));
      connection.addEventListener("voice", (e) => this.playVoice(e.detail));
      connection.addEventListener("problem", (e) => {
        this.alert(e.detail.text);
        if (e.detail.fatal && connection === this.connection) this.disconnect();
      });
      connection.addEventListener("closed", (e) => {
        if (!e.detail.expected && connection === this.connection) {
          this.alert("The session with the edge ended. Press Connect to start a new one.");
          this.disconnect();
        }
      });
      this.showState();
      await connection.open(stream);
    } catch (err) {
      if (attempt !== this.attempts) return;
      this.alert(err instanceof UserFacingError ? err.message : `Could not connect: ${err.message || err}`);
      console.error(err);
      this.disconnect();
    }
  }

  disconnect() {
    this.attempts += 1;
    this.connection?.close();
    this.stream?.getTracks().forEach((track) => track.stop());
    this.meter.stop();
    this.playVoice(null);
    this.setOrigin(null);
    this.stream = null;
    this.connection = null;
    this.setBusy(false);
    this.showState();
  }

  setBusy(busy) {
    ui.connect.disabled = busy;
    ui.disconnect.disabled = !busy;
  }

  showState() {
    const state = this.connection?.state() ?? { connection: "idle", ice: "–", dtls: "–", channel: "–" };
    for (const [key, element] of Object.entries(ui.status)) {
      element.textContent = key === "connection" && state[key] === "idle" ? "not connected" : state[key];
      element.dataset.state = state[key];
    }
  }

  alert(text, level = "error") {
    const element = document.createElement("p");
    element.className = `alert ${level}`;
    element.textContent = text;
    ui.alerts.append(element);
    return element;
  }

  clearAlerts() {
    ui.alerts.replaceChildren();
    this.originAlert = null;
  }

  // Play the agent's voice and note, for the latest turn that has ended, when it became audible.
  playVoice(stream) {
    this.voiceWatcher?.stop();
    this.voiceWatcher = null;
    ui.voiceAudio.srcObject = stream;
    ui.voice.dataset.state = stream ? "receiving" : "none";
    ui.voice.textContent = stream ? "receiving" : "–";
    if (!stream) return;
    let audible = false;
    this.voiceWatcher = new LevelWatcher(stream, (db, at) => {
      const now = db >= AUDIBLE_DB;
      if (now && !audible) {  // silence to sound: the start of a reply's voice
        const entry = [...this.turns.values()].findLast(({ turn }) => "vad.end" in turn.arrived);
        if (entry?.turn.voiceHeard(at)) this.render(entry);
      }
      audible = now;
    }, 512);
  }

  // available: true, false, or null when no session reports it.
  setOrigin(available, message = "") {
    ui.origin.dataset.state = { true: "available", false: "unavailable", null: "unknown" }[available];
    ui.origin.textContent = { true: "reachable", false: "unreachable", null: "not reported yet" }[available];
    this.originAlert?.remove();
    this.originAlert = available !== false ? null : this.alert(
      `The agent is unreachable: ${message.replace(/\.$/, "")}. Your words wait at the edge and are ` +
      "sent when it is back.", "warning");
  }

  onEvent(event, at) {
    switch (event.type) {
      case "origin.available":
        this.setOrigin(true);
        return;
      case "origin.unavailable":
        this.setOrigin(false, event.message);
        return;
      case "error":
        this.alert(`The edge reported an error (${event.code}): ${event.message}`);
        break;
    }
    if (typeof event.turn_id !== "string") {
      if (event.type === "error") return;
      console.debug("edgevoice: ignoring an event this page does not know", event);
      return;
    }
    const entry = this.entry(event.turn_id);
    entry.turn.apply(event, at);
    // The network as it was when the person stopped speaking; again with the transcript if the
    // browser had no round trip yet (its first RTCP report comes about a second into the call).
    const wanted = event.type === "vad.end" || (event.type === "transcript.final" && !entry.turn.network?.rtt);
    if (wanted && this.connection?.pc) {
      networkSnapshot(this.connection.pc).then((snapshot) => {
        entry.turn.network = snapshot;
        this.render(entry);
      }, (err) => console.warn("edgevoice: getStats failed", err));
    }
    this.render(entry);
  }

  entry(turnId) {
    let entry = this.turns.get(turnId);
    if (!entry) {
      const element = ui.template.content.firstElementChild.cloneNode(true);
      entry = { turn: new Turn(turnId, this.turns.size + 1), element };
      element.dataset.turnId = turnId;
      element.querySelector(".turn-title").textContent = `Turn ${entry.turn.number}`;
      ui.turns.querySelector(".empty")?.remove();
      ui.turns.append(element);
      this.turns.set(turnId, entry);
    }
    return entry;
  }

  render({ turn, element }) {
    const state = turn.state;
    element.dataset.state = state;
    element.querySelector(".turn-state").textContent = STATE_WORDS[state];

    const transcript = element.querySelector(".transcript");
    if (turn.final !== null) {
      transcript.dataset.state = "final";
      transcript.textContent = turn.final;
    } else if (turn.dropped !== null) {
      transcript.dataset.state = "dropped";
      transcript.textContent = `(${turn.dropped})`;
    } else if (turn.partial) {
      transcript.dataset.state = "partial";
      transcript.textContent = turn.partial;
    }

    const badge = element.querySelector(".badge");
    if (turn.verdict) {
      const { action, score, reasons } = turn.verdict;
      badge.hidden = false;
      badge.dataset.verdict = action;
      badge.textContent = `${{ allow: "allowed", flag: "flagged", blocked: "blocked" }[action] ?? action} ${score.toFixed(2)}`;
      badge.title = reasons.length ? `scanner: ${reasons.join(", ")}` : "scanner: no reasons given";
    }

    const agent = element.querySelector(".agent");
    const reply = element.querySelector(".reply");
    if (state === "blocked") {
      agent.hidden = false;
      reply.dataset.state = "blocked";
      reply.textContent = "Not sent to the agent: the scanner blocked this turn" +
        (turn.verdict.reasons.length ? ` (${turn.verdict.reasons.join(", ")}).` : ".");
    } else if (state === "failed") {
      agent.hidden = false;
      reply.dataset.state = "failed";
      reply.textContent = `Not answered: ${turn.failed}`;
    } else if (turn.deltas.size || turn.reply !== null) {
      agent.hidden = false;
      reply.dataset.state = turn.reply === null ? "streaming" : turn.interrupted ? "interrupted" : "done";
      reply.textContent = turn.replyText;
    }
    this.drawLedger(turn, element);
  }

  drawLedger(turn, element) {
    if (!turn.ledger) return;
    const figure = element.querySelector(".ledger");
    figure.hidden = false;
    const verdict = turn.ledger.budget; // the edge's judgement, once the turn is over
    const budgetMs = verdict?.total_ms ?? DEFAULT_BUDGET_MS;
    const machineMs = turn.ledger.machine_ms ?? null;
    drawWaterfall(figure.querySelector("svg"), {
      stages: turn.stages(),
      machineMs,
      budgetMs,
      width: Math.round(figure.clientWidth) || 600,
    });
    const origin = turn.ledger.offsets?.origin;
    figure.querySelector("figcaption").textContent = [
      machineMs === null ? "" : `Machine work ${formatMs(machineMs)} of a ${formatMs(budgetMs)} budget` +
        (machineMs > budgetMs ? `, over by ${formatMs(machineMs - budgetMs)}.` : "."),
      verdict?.overruns?.length ? "Over their allowance: " + verdict.overruns.map(
        (o) => `${o.stage} ${formatMs(o.ms)} of ${formatMs(o.allowance_ms)}`).join(", ") + "." : "",
      origin ? `Origin times are placed on the edge's clock to within ±${formatMs(origin.uncertainty_ms)}.` : "",
      turn.ledgerFinal ? "" : "Stages after the transcript are reported with the reply.",
    ].filter(Boolean).join(" ");
  }

  redrawAll() {
    for (const { turn, element } of this.turns.values()) this.drawLedger(turn, element);
  }
}

// For a look from the browser's devtools: window.edgevoice.connection.pc, .turns, ...
window.edgevoice = new Demo();
