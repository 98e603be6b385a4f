// Horizontal bar charts drawn as SVG by this code (no library): each chart has a title, and the
// same numbers stay readable as a table beside it.

const SVG = "http://www.w3.org/2000/svg";

function s(tag, attributes = {}, text = undefined) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** `entries`: [[label, count], …]. Returns an <svg role="img"> titled `title`. */
export function barChart(title, entries, id) {
  const rowHeight = 28;
  const labelWidth = 260;
  const barWidth = 300;
  const height = Math.max(1, entries.length) * rowHeight + 10;
  const largest = Math.max(1, ...entries.map(([, count]) => count));
  const svg = s("svg", { viewBox: `0 0 ${labelWidth + barWidth + 60} ${height}`, role: "img", "aria-labelledby": `${id}-title`, class: "chart", id });
  svg.append(s("title", { id: `${id}-title` }, title));
  entries.forEach(([name, count], index) => {
    const y = index * rowHeight + 5;
    const width = Math.round((count / largest) * barWidth);
    svg.append(s("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end", class: "chart-label" }, name.length > 40 ? `${name.slice(0, 39)}…` : name));
    svg.append(s("rect", { x: labelWidth, y, width: Math.max(width, 1), height: rowHeight - 8, class: "chart-bar" }));
    svg.append(s("text", { x: labelWidth + width + 6, y: y + 17, class: "chart-value" }, String(count)));
  });
  return svg;
}
