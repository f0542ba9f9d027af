// A turn's ledger as an SVG waterfall. Budgeted stages are machine work the edge sums into
// `machine_ms`, so they run one after another: each bar starts where the previous one ended, and
// the run is measured against the dashed budget line. Stages not counted against the budget (the
// person's speech, the deliberate endpoint wait, the client's network lines) are drawn from zero
// on their own rows. A stage with no duration is listed as such, never left out.
//
// Every stage row is a <g class="stage"> with data-stage, data-tier, data-budgeted and data-ms
// (absent when the stage did not happen); drawn durations are <rect class="bar">.

const SVG_NS = "http://www.w3.org/2000/svg";
const AXIS = 26;
const HEADROOM = 1.2;
const NARROW = 480; // below this width (a phone) a row's label goes above its bar
const BUDGET_LABEL_CLEARANCE = 70; // px either side of the budget line kept free of tick labels

// Where a row's parts go, for a drawing `width` px wide.
function geometry(width) {
  if (width < NARROW) {
    return { row: 32, labelWidth: 0, barWidth: width - 2, labelY: 8, barY: 15, barHeight: 13,
             valueX: width, valueAnchor: "end", valueY: 8 };
  }
  const labelWidth = Math.min(190, Math.max(104, width * 0.3));
  return { row: 22, labelWidth, barWidth: width - labelWidth - 70, labelY: 11, barY: 4, barHeight: 14,
           valueX: width - 64, valueAnchor: "start", valueY: 11 };
}

function node(parent, name, attributes = {}, text = null) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== null) element.textContent = text;
  parent.append(element);
  return element;
}

export function formatMs(ms) {
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
  const g = geometry(width);
  const x = (ms) => g.labelWidth + (g.barWidth * Math.min(ms, axisMax)) / axisMax;
  const height = AXIS + rows.length * g.row + 4;

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
      node(axis, "text", { x: x(ms), y: 9, "text-anchor": ms === 0 ? "start" : "middle" }, ms === 0 ? "0" : formatMs(ms));
    }
  }

  rows.forEach((row, index) => {
    const top = AXIS + index * g.row;
    if (row.heading) {
      node(svg, "text", { class: "heading", x: 0, y: top + g.labelY }, row.heading);
      return;
    }
    const place = { top, g, x, axisMax };
    if (row.total !== undefined) {
      const group = node(svg, "g", { class: "machine-total", "data-ms": row.total });
      drawRow(group, place, { label: "machine total", start: 0, ms: row.total,
                              barClass: row.total > budgetMs ? "total over" : "total" });
      return;
    }
    const { stage, start } = row;
    const group = node(svg, "g", {
      class: "stage", "data-stage": stage.name, "data-tier": stage.tier, "data-budgeted": String(stage.budgeted),
    });
    if (stage.ms !== null && stage.ms !== undefined) group.dataset.ms = stage.ms;
    const over = stage.allowanceMs !== undefined;
    if (over) group.dataset.allowanceMs = stage.allowanceMs;
    const doc = [stage.doc, stage.source && `(${stage.source})`,
                 stage.clamped && "(negative within the clock offset's uncertainty, shown as 0)",
                 over && `(over its ${formatMs(stage.allowanceMs)} allowance)`].filter(Boolean).join(" ");
    node(group, "title", {}, `${stage.tier} · ${stage.name}${doc ? `: ${doc}` : ""}`);
    drawRow(group, place, { label: `${stage.tier} · ${stage.name}`, start, ms: stage.ms ?? null,
                            barClass: `bar tier-${stage.tier}`, missing: stage.missing ?? "did not happen",
                            approximate: stage.clamped, over });
  });

  node(svg, "line", { class: "budget", x1: x(budgetMs), x2: x(budgetMs), y1: AXIS - 6, y2: height });
  node(svg, "text", { class: "budget-label", x: x(budgetMs), y: 9, "text-anchor": "middle" },
       `budget ${formatMs(budgetMs)}`);
}

// One row: its label, then a bar from `start` lasting `ms` and its value, or the `missing` words.
function drawRow(group, { top, g, x, axisMax }, { label, start, ms, barClass, missing, approximate, over }) {
  node(group, "text", { x: 0, y: top + g.labelY }, label);
  if (ms === null) {
    node(group, "text", { class: "missing", x: x(start) + 4, y: top + g.barY + g.barHeight / 2 }, missing);
    return;
  }
  const end = start + ms;
  const y = top + g.barY;
  node(group, "rect", { class: barClass, x: x(start), y, width: Math.max(1.5, x(end) - x(start)),
                        height: g.barHeight, rx: 2 });
  if (end > axisMax) {  // longer than the axis: the bar is cut and says so
    const cut = x(axisMax);
    node(group, "path", { class: "clipped", d: `M${cut - 6} ${y - 1} l6 ${g.barHeight / 2 + 1} l-6 ${g.barHeight / 2 + 1}z` });
  }
  // A cross-clock stage that came out negative within the clock offset's uncertainty reads as ~0.
  node(group, "text", { class: over ? "value over" : "value", x: g.valueX, y: top + g.valueY, "text-anchor": g.valueAnchor },
       approximate ? `~${formatMs(ms)}` : formatMs(ms));
}
