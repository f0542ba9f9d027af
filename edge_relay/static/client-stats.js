// The page's own view of the network, from RTCPeerConnection.getStats(), for the client lines of a
// turn's ledger. Chromium and Firefox report different subsets, so each figure names its source
// and is null (shown as "not measured") where the browser has nothing for it.

// Round trip to the edge: the selected ICE candidate pair's current RTT (STUN checks), else the
// RTT the edge's RTCP receiver reports give for our outgoing audio.
// Uplink jitter: interarrival jitter of our audio as the edge reports it in RTCP.
// Jitter buffer: the mean delay audio from the edge spent in this page's jitter buffer; only once
// the edge sends audio back (it sends none yet).
export async function networkSnapshot(pc) {
  const report = await pc.getStats();
  const stats = [...report.values()];
  const remoteInbound = stats.find((s) => s.type === "remote-inbound-rtp" && s.kind === "audio");
  const inbound = stats.find((s) => s.type === "inbound-rtp" && s.kind === "audio");
  const pair = selectedPair(report, stats);

  let rtt = null;
  if (pair?.currentRoundTripTime != null) {
    rtt = { ms: pair.currentRoundTripTime * 1000, source: "candidate-pair currentRoundTripTime" };
  } else if (remoteInbound?.roundTripTime != null) {
    rtt = { ms: remoteInbound.roundTripTime * 1000, source: "remote-inbound-rtp roundTripTime" };
  }
  return {
    rtt,
    jitter: remoteInbound?.jitter != null
      ? { ms: remoteInbound.jitter * 1000, source: "remote-inbound-rtp jitter" } : null,
    jitterBuffer: inbound?.jitterBufferEmittedCount > 0
      ? { ms: (inbound.jitterBufferDelay / inbound.jitterBufferEmittedCount) * 1000,
          source: "inbound-rtp jitterBufferDelay / jitterBufferEmittedCount" } : null,
  };
}

function selectedPair(report, stats) {
  const transport = stats.find((s) => s.type === "transport" && s.selectedCandidatePairId);
  if (transport) return report.get(transport.selectedCandidatePairId);
  // Firefox has no transport stats; it marks the pair in use with a non-standard `selected`.
  return stats.find((s) => s.type === "candidate-pair" && s.selected)
    ?? stats.find((s) => s.type === "candidate-pair" && s.nominated && s.state === "succeeded");
}
