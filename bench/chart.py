"""Draws listing time against org size for okta-block and the Python SDK, as a small SVG."""

import json
import sys

rows = json.load(open(sys.argv[1]))
out = sys.argv[2]
W, H, L, B, T, R = 520, 300, 60, 40, 20, 20
xs = [r["users"] for r in rows]
series = {
    "okta-block (component, loopback)": ([r["ours"]["median_ms"] for r in rows], "#1662DD"),
    "okta-block, typed exports (an engine's call)": ([r["ours"]["typed_median_ms"] for r in rows], "#74C0FC"),
    "native Rust, hyper + serde (the limit)": ([r["ours"]["native_median_ms"] for r in rows], "#2B8A3E"),
    "Okta Python SDK 3.4.6": ([r["sdk_3.4.6"]["median_ms"] for r in rows], "#D9480F"),
    "Okta Python SDK 2.9.13": ([r["sdk_2.9.13"]["median_ms"] for r in rows], "#F59F00"),
}
ymax = max(max(v) for v, _ in series.values()) * 1.1
xmax = max(xs) * 1.05


def px(x, y):
    return L + (W - L - R) * x / xmax, H - B - (H - B - T) * y / ymax


parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#333"/>',
         f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="#333"/>',
         f'<text x="{(W + L) / 2}" y="{H - 8}" text-anchor="middle">users listed (returnAll, 200 per page)</text>',
         f'<text x="14" y="{(H - B + T) / 2}" text-anchor="middle" transform="rotate(-90 14 {(H - B + T) / 2})">median time (ms)</text>']
for x in xs:
    X, _ = px(x, 0)
    parts.append(f'<text x="{X}" y="{H - B + 14}" text-anchor="middle">{x}</text>')
for i in range(5):
    y = ymax * i / 4
    _, Y = px(0, y)
    parts.append(f'<text x="{L - 6}" y="{Y + 4}" text-anchor="end">{y:.0f}</text>')
    parts.append(f'<line x1="{L}" y1="{Y}" x2="{W - R}" y2="{Y}" stroke="#ddd"/>')
for n, (name, (ys, color)) in enumerate(series.items()):
    points = " ".join("%.1f,%.1f" % px(x, y) for x, y in zip(xs, ys))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
    for x, y in zip(xs, ys):
        X, Y = px(x, y)
        parts.append(f'<circle cx="{X:.1f}" cy="{Y:.1f}" r="3" fill="{color}"/>')
    parts.append(f'<rect x="{L + 10}" y="{T + 4 + 16 * n}" width="12" height="3" fill="{color}"/>')
    parts.append(f'<text x="{L + 28}" y="{T + 9 + 16 * n}">{name}</text>')
parts.append("</svg>")
open(out, "w").write("\n".join(parts) + "\n")
