// A turn's ledger as an SVG waterfall. Budgeted stages are machine work the edge sums into
// `machine_ms`, so they run one after another: each bar starts where the previous one ended, and
// the run is measured against the dashed budget line. Stages not counted against the budget (the
// person's speech, the deliberate endpoint wait, the client's network lines) are drawn from zero
// on their own rows. A stage with no duration is listed as such, never left out.
//
// Every stage row is a <g class="stage"> with data-stage, data-tier, data-budgeted and data-ms
// (absent when the stage did not happen); drawn durations are <rect class="bar">.

const SVG_NS = "http://www.w3.org/2000/svg";
const ROW = 22;
const AXIS = 26;
const VALUE_WIDTH = 74;
const HEADROOM = 1.2;
const BUDGET_LABEL_CLEARANCE = 70; // px either side of the budget line kept free of tick labels

function node(parent, name, attributes = {}, text = null) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== null) element.textContent = text;
  parent.append(element);
  return element;
}

export function formatMs(ms) {
  if (ms === 0) return "0";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

function niceStep(span) {
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

// Rows in drawing order: {heading} | {stage, start} | {total}.
function layoutRows(stages, machineMs) {
  const rows = [{ heading: "Counted against the budget" }];
  let cursor = 0;
  for (const stage of stages.filter((s) => s.budgeted)) {
    rows.push({ stage, start: cursor });
    cursor += stage.ms ?? 0;
  }
  rows.push({ total: machineMs ?? cursor });
  rows.push({ heading: "Not counted against the budget" });
  for (const stage of stages.filter((s) => !s.budgeted)) rows.push({ stage, start: 0 });
  return { rows, machine: machineMs ?? cursor };
}

export function drawWaterfall(svg, { stages, machineMs, budgetMs, width }) {
  const { rows, machine } = layoutRows(stages, machineMs);
  const axisMax = Math.max(budgetMs, machine) * HEADROOM;
  const labelWidth = Math.min(190, Math.max(104, width * 0.3));
  const barWidth = Math.max(60, width - labelWidth - VALUE_WIDTH);
  const x = (ms) => labelWidth + (barWidth * Math.min(ms, axisMax)) / axisMax;
  const height = AXIS + rows.length * ROW + 4;

  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("aria-label", `Turn stages: machine work ${formatMs(machine)} of a ${formatMs(budgetMs)} budget`);

  const axis = node(svg, "g", { class: "axis" });
  const step = niceStep(axisMax);
  for (let ms = 0; ms <= axisMax; ms += step) {
    node(axis, "line", { class: "grid", x1: x(ms), x2: x(ms), y1: AXIS - 6, y2: height });
    if (Math.abs(x(ms) - x(budgetMs)) > BUDGET_LABEL_CLEARANCE) {  // the budget's own label goes there
      node(axis, "text", { x: x(ms), y: 9, "text-anchor": ms === 0 ? "start" : "middle" }, formatMs(ms));
    }
  }

  rows.forEach((row, index) => {
    const y = AXIS + index * ROW;
    const middle = y + ROW / 2;
    if (row.heading) {
      node(svg, "text", { class: "heading", x: 0, y: middle }, row.heading);
    } else if (row.total !== undefined) {
      const over = row.total > budgetMs;
      const group = node(svg, "g", { class: "machine-total", "data-ms": row.total });
      node(group, "text", { x: 0, y: middle }, "machine total");
      node(group, "rect", { class: over ? "total over" : "total", x: x(0), y: y + 4,
                            width: Math.max(1, x(row.total) - x(0)), height: ROW - 8, rx: 2 });
      node(group, "text", { class: "value", x: labelWidth + barWidth + 6, y: middle },
           `${formatMs(row.total)}${over ? " over" : ""}`);
    } else {
      drawStage(svg, row, { y, middle, x, axisMax, valueX: labelWidth + barWidth + 6 });
    }
  });

  node(svg, "line", { class: "budget", x1: x(budgetMs), x2: x(budgetMs), y1: AXIS - 6, y2: height });
  node(svg, "text", { class: "budget-label", x: x(budgetMs), y: 9, "text-anchor": "middle" },
       `budget ${formatMs(budgetMs)}`);
}

function drawStage(svg, { stage, start }, { y, middle, x, axisMax, valueX }) {
  const group = node(svg, "g", {
    class: "stage", "data-stage": stage.name, "data-tier": stage.tier, "data-budgeted": String(stage.budgeted),
  });
  const doc = [stage.doc, stage.source && `(${stage.source})`,
               stage.clamped && "(negative within the clock offset's uncertainty, shown as 0)"].filter(Boolean).join(" ");
  node(group, "title", {}, `${stage.tier} · ${stage.name}${doc ? `: ${doc}` : ""}`);
  node(group, "text", { x: 0, y: middle }, `${stage.tier} · ${stage.name}`);
  if (stage.ms === null || stage.ms === undefined) {
    group.dataset.happened = "false";
    node(group, "text", { class: "missing", x: x(start) + 4, y: middle }, stage.missing ?? "did not happen");
    return;
  }
  group.dataset.ms = stage.ms;
  const end = start + stage.ms;
  node(group, "rect", { class: `bar tier-${stage.tier}`, x: x(start), y: y + 4,
                        width: Math.max(1.5, x(end) - x(start)), height: ROW - 8, rx: 2 });
  if (end > axisMax) {  // longer than the axis: the bar is cut and says so
    const edge = x(axisMax);
    node(group, "path", { class: "clipped", d: `M${edge - 6} ${y + 3} l6 ${ROW / 2 - 3} l-6 ${ROW / 2 - 3}z` });
  }
  // A cross-clock stage that came out negative within the clock offset's uncertainty reads as 0.
  node(group, "text", { class: "value", x: valueX, y: middle }, stage.clamped ? `~${formatMs(stage.ms)}` : formatMs(stage.ms));
}
