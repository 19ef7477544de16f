"""Draws throughput and host memory per run against runs in flight (get_user), as a small SVG
of two panels, from target/bench/inflight.json (`okta-bench inflight`)."""

import json
import math
import sys

rows = json.load(open(sys.argv[1]))
out = sys.argv[2]
RUNNERS = {
    "component-on-demand": ("component, on-demand allocator", "#1662DD"),
    "component-pooling": ("component, pooling allocator", "#74C0FC"),
    "native": ("native Rust, same hook", "#2B8A3E"),
}
PANEL_W, H, L, B, T, R = 360, 280, 60, 40, 28, 16


def series(phase, key, runner):
    points = [(r["n"], r[key]) for r in rows
              if r["operation"] == "get_user" and r["phase"] == phase and r["runner"] == runner and key in r]
    return sorted(points)


def panel(x0, title, phase, key, scale, unit):
    all_points = [p for runner in RUNNERS for p in series(phase, key, runner)]
    ymax = max(v * scale for _, v in all_points) * 1.1
    nmax = max(n for n, _ in all_points)

    def px(n, v):
        x = x0 + L + (PANEL_W - L - R) * math.log10(n) / math.log10(nmax)
        return x, H - B - (H - B - T) * v * scale / ymax

    parts = [f'<text x="{x0 + (PANEL_W + L) / 2}" y="16" text-anchor="middle" font-weight="bold">{title}</text>',
             f'<line x1="{x0 + L}" y1="{H - B}" x2="{x0 + PANEL_W - R}" y2="{H - B}" stroke="#333"/>',
             f'<line x1="{x0 + L}" y1="{T}" x2="{x0 + L}" y2="{H - B}" stroke="#333"/>',
             f'<text x="{x0 + (PANEL_W + L) / 2}" y="{H - 8}" text-anchor="middle">runs in flight (log scale)</text>',
             f'<text x="{x0 + 14}" y="{(H - B + T) / 2}" text-anchor="middle" transform="rotate(-90 {x0 + 14} {(H - B + T) / 2})">{unit}</text>']
    for n in sorted({n for n, _ in all_points}):
        x, _ = px(n, 0)
        parts.append(f'<text x="{x}" y="{H - B + 14}" text-anchor="middle">{n:,}</text>')
    for i in range(5):
        v = ymax * i / 4
        _, y = px(1, v / scale)
        parts.append(f'<text x="{x0 + L - 4}" y="{y + 4}" text-anchor="end">{v:,.0f}</text>')
    for runner, (_, color) in RUNNERS.items():
        points = series(phase, key, runner)
        if not points:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(n, v)[0]:.1f},{px(n, v)[1]:.1f}" for i, (n, v) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for n, v in points:
            x, y = px(n, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>')
    return parts


W = 2 * PANEL_W
parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H + 50}" font-family="sans-serif" font-size="11">',
         f'<rect width="{W}" height="{H + 50}" fill="white"/>']
parts += panel(0, "get_user throughput (org answers in 50 ms)", "speed", "runs_per_second", 1, "runs per second")
parts += panel(PANEL_W, "host memory per run in flight", "memory", "bytes_per_run", 1 / 1024, "KiB per run")
for i, (label, color) in enumerate(RUNNERS.values()):
    x = 20 + i * 230
    parts.append(f'<rect x="{x}" y="{H + 22}" width="12" height="12" fill="{color}"/>')
    parts.append(f'<text x="{x + 18}" y="{H + 32}">{label}</text>')
parts.append("</svg>")
open(out, "w").write("\n".join(parts))
