// One turn as this page sees it: what the edge said about it, and when each message arrived.
// Pure state, no DOM: app.js renders it.

export class Turn {
  constructor(id, number) {
    this.id = id;
    this.number = number;
    this.partials = 0;
    this.partial = "";
    this.final = null;
    this.dropped = null;
    this.verdict = null; // {action: "allow" | "flag" | "blocked", score, reasons}
    this.deltas = new Map(); // seq -> text
    this.reply = null;
    this.interrupted = false;
    this.ledger = null;
    this.ledgerFinal = false; // false while later stages may still be reported
    this.failed = null; // the edge's message when an error ended the turn
    this.network = null; // networkSnapshot() taken when the person stopped speaking
    this.arrived = {}; // event type -> performance.now() of its first arrival
  }

  // The agent's voice became audible at `at` (after a silence); true if it belongs to this turn.
  voiceHeard(at) {
    const ended = this.arrived["vad.end"];
    if (ended === undefined || ended > at || "voice.audible" in this.arrived) return false;
    this.arrived["voice.audible"] = at;
    return true;
  }

  apply(event, at) {
    this.arrived[event.type] ??= at;
    if (event.ledger) {
      this.ledger = event.ledger;
      this.ledgerFinal = event.type !== "transcript.final";
    }
    switch (event.type) {
      case "transcript.partial":
        if (this.final === null) {
          this.partial = event.text;
          this.partials += 1;
        }
        break;
      case "transcript.final":
        this.final = event.text;
        break;
      case "turn.dropped":
        this.dropped = event.reason;
        break;
      case "scan.verdict":
        this.verdict = { action: event.action, score: event.score, reasons: event.reasons };
        break;
      case "scan.blocked":
        this.verdict = { action: "blocked", score: event.score, reasons: event.reasons };
        break;
      case "reply.delta":
        if (event.seq === 0) this.deltas.clear(); // a reply starts, or starts over after a fail-over
        if (!this.deltas.has(event.seq)) this.deltas.set(event.seq, event.text);
        break;
      case "reply.done":
        this.reply = event.text;
        this.interrupted = event.interrupted;
        break;
      case "error":
        this.failed = event.message;
        break;
    }
  }

  get state() {
    if (this.dropped !== null) return "dropped";
    if (this.verdict?.action === "blocked") return "blocked";
    if (this.failed !== null && this.reply === null) return "failed";
    if (this.reply !== null) return this.interrupted ? "interrupted" : "answered";
    if (this.deltas.size) return "replying";
    if (this.final !== null) return "transcribed";
    if ("vad.end" in this.arrived) return "transcribing";
    return "listening";
  }

  get replyText() {
    if (this.reply !== null) return this.reply;
    return [...this.deltas].sort(([a], [b]) => a - b).map(([, text]) => text).join("");
  }

  // The words for a stage with no duration: client-tier stages of the edge's ledger need marks this
  // page does not send, so they were not measured; others did not happen, once the ledger is final.
  missingWords(tier) {
    if (tier === "client") return "not measured";
    return this.ledgerFinal ? "did not happen" : "not reported"; // the caption says when they come
  }

  // The ledger's stages then the page's own lines, each with the words to show if it has no
  // duration and, for a stage over its allowance in the edge's budget verdict, that allowance.
  stages() {
    const overruns = new Map((this.ledger?.budget?.overruns ?? []).map((o) => [o.stage, o]));
    const ledgerStages = (this.ledger?.stages ?? []).map((stage) => ({
      missing: this.missingWords(stage.tier), allowanceMs: overruns.get(stage.name)?.allowance_ms, ...stage,
    }));
    return [...ledgerStages, ...this.clientStages()];
  }

  // The page's own lines, folded into the ledger as the client tier. None is budgeted: they are
  // the network and what the person waits for, measured on this page's clock.
  clientStages() {
    const sinceVadEnd = (type) => {
      const start = this.arrived["vad.end"];
      const end = this.arrived[type];
      return start == null || end == null ? null : end - start;
    };
    const measured = (figure) => ({ ms: figure?.ms ?? null, source: figure?.source, missing: "not measured" });
    return [
      { name: "network_rtt", ...measured(this.network?.rtt),
        doc: "round trip between this page and the edge" },
      { name: "uplink_jitter", ...measured(this.network?.jitter),
        doc: "arrival jitter of the microphone audio at the edge, as the edge reports it" },
      { name: "jitter_buffer", ...measured(this.network?.jitterBuffer), missing: "no audio from the edge",
        doc: "mean time audio from the edge waits in this page's jitter buffer" },
      { name: "final_seen", ms: sinceVadEnd("transcript.final"), missing: this.missingWords(),
        doc: "end of speech (vad.end) to the final transcript reaching this page" },
      { name: "first_token_seen", ms: sinceVadEnd("reply.delta"), missing: this.missingWords(),
        doc: "end of speech (vad.end) to the reply's first token reaching this page" },
      { name: "first_audio_heard", ms: sinceVadEnd("voice.audible"), missing: this.missingWords(),
        doc: "end of speech (vad.end) to the agent's voice becoming audible at this page" },
    ].map((stage) => ({ tier: "client", budgeted: false, ...stage }));
  }
}
