/** @jsxImportSource hono/jsx */
/**
 * Charts drawn on the server as SVG: no script, no image request, readable without colour (every bar and cell
 * carries its number as text or a title). Colours are presentation attributes, which the CSP allows.
 */

export const STATUS_COLOURS: Record<string, string> = {
  gap: "#b3261e",
  "needs-review": "#8a5a00",
  met: "#1a7f37",
  "not-applicable": "#57606a",
  recognized: "#0b5cad",
  partial: "#006d75",
  waived: "#6f42c1",
};

/** Horizontal bars, one per entry, labelled with name and count. */
export function BarChart(props: { title: string; entries: { label: string; value: number; colour?: string }[] }) {
  const rowHeight = 24;
  const labelWidth = 120;
  const barWidth = 200;
  const max = Math.max(1, ...props.entries.map((e) => e.value));
  const height = props.entries.length * rowHeight + 4;
  return (
    <svg
      role="img"
      aria-label={`${props.title}: ${props.entries.map((e) => `${e.label} ${e.value}`).join(", ")}`}
      width={labelWidth + barWidth + 50}
      height={height}
      viewBox={`0 0 ${labelWidth + barWidth + 50} ${height}`}
    >
      {props.entries.map((entry, i) => {
        const y = i * rowHeight + 2;
        const w = Math.round((entry.value / max) * barWidth);
        return (
          <g>
            <text x={labelWidth - 6} y={y + 16} text-anchor="end" font-size="13" fill="#1b1f24">
              {entry.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={Math.max(w, 1)}
              height={rowHeight - 8}
              fill={entry.colour ?? "#0b3d91"}
            />
            <text x={labelWidth + Math.max(w, 1) + 6} y={y + 16} font-size="13" fill="#1b1f24">
              {entry.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Gaps over time: one bar per assessment in date order, with the count above it. */
export function TrendChart(props: { points: { label: string; value: number; fail: boolean }[] }) {
  const width = 520;
  const height = 170;
  const left = 30;
  const bottom = 30;
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const step = props.points.length > 0 ? (width - left) / props.points.length : 0;
  const barW = Math.min(40, step * 0.6);
  return (
    <svg
      role="img"
      aria-label={`Open gaps per assessment, oldest first: ${props.points.map((p) => `${p.label} ${p.value}`).join(", ")}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#57606a" />
      {props.points.map((point, i) => {
        const h = Math.round((point.value / max) * (height - bottom - 25));
        const x = left + i * step + (step - barW) / 2;
        const y = height - bottom - h;
        return (
          <g>
            <rect x={x} y={y} width={barW} height={Math.max(h, 1)} fill={point.fail ? "#b3261e" : "#1a7f37"} />
            <text x={x + barW / 2} y={y - 4} text-anchor="middle" font-size="12" fill="#1b1f24">
              {point.value}
            </text>
            <text x={x + barW / 2} y={height - bottom + 16} text-anchor="middle" font-size="11" fill="#57606a">
              {point.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Coverage bar: full / partial / none shares as one stacked bar with percentages. */
export function CoverageBar(props: { label: string; full: number; partial: number; none: number }) {
  const width = 360;
  const total = Math.max(1, props.full + props.partial + props.none);
  const wf = Math.round((props.full / total) * width);
  const wp = Math.round((props.partial / total) * width);
  const pct = (n: number) => `${Math.round((n / total) * 100)}%`;
  return (
    <svg
      role="img"
      aria-label={`${props.label}: full ${props.full} (${pct(props.full)}), partial ${props.partial}, none ${props.none}`}
      width={width}
      height={22}
      viewBox={`0 0 ${width} 22`}
    >
      <rect x={0} y={2} width={width} height={18} fill="#e6e6e6" />
      <rect x={0} y={2} width={wf} height={18} fill="#1a7f37" />
      <rect x={wf} y={2} width={wp} height={18} fill="#d4a72c" />
    </svg>
  );
}
