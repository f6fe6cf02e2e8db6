/// The report's stylesheet: inline, system fonts only, readable printed or on screen.
let reportCSS = """
:root { --ink:#1d2733; --muted:#5d6b7a; --line:#dde3ea; --bg:#f5f7fa; --card:#fff;
  --ok:#2f7d4f; --ok-bg:#e7f4ec; --warn:#c77700; --warn-bg:#fff3df; --crit:#c62828; --crit-bg:#fdeaea; --info:#2a5fb0; --info-bg:#e8f0fc; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
header.page { background:#17212c; color:#fff; padding:18px 28px; display:flex; align-items:baseline; gap:18px; flex-wrap:wrap; }
header.page h1 { margin:0; font-size:20px; font-weight:600; letter-spacing:.2px; }
header.page .meta { color:#b8c4d0; font-size:13px; }
header.page nav a { color:#d6e4f5; margin-right:12px; text-decoration:none; border-bottom:1px dotted #7f93a8; }
main { max-width:1320px; margin:0 auto; padding:20px 28px 48px; }
section.model { margin-bottom:36px; }
section.model > h2 { font-size:22px; margin:8px 0 12px; display:flex; align-items:center; gap:10px; flex-wrap:wrap; }
h3 { font-size:15px; margin:0 0 10px; color:#2b3947; }
.version { font-size:13px; color:var(--muted); font-weight:400; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; margin-bottom:16px; overflow-x:auto; }
table.compact th, table.compact td { padding:5px 6px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(140px, 1fr)); gap:12px; margin-bottom:16px; }
.stat { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.stat .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
.stat .value { font-size:22px; white-space:nowrap; font-weight:600; margin-top:2px; }
.stat .sub { color:var(--muted); font-size:12px; }
.stat.critical { border-left:4px solid var(--crit); } .stat.warning { border-left:4px solid var(--warn); } .stat.none { border-left:4px solid var(--ok); }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; white-space:nowrap; }
.badge.none, .badge.ok { background:var(--ok-bg); color:var(--ok); }
.badge.warning, .badge.immediate { background:var(--warn-bg); color:var(--warn); }
.badge.critical, .badge.rollback { background:var(--crit-bg); color:var(--crit); }
.badge.scheduled, .badge.info { background:var(--info-bg); color:var(--info); }
.badge.partial { background:#eceff3; color:var(--muted); }
table { border-collapse:collapse; width:100%; font-variant-numeric: tabular-nums; }
th, td { padding:6px 9px; border-bottom:1px solid var(--line); text-align:right; vertical-align:middle; }
th { font-size:12px; color:var(--muted); font-weight:600; background:#f8fafc; position:sticky; top:0; }
th:first-child, td:first-child, td.text, th.text { text-align:left; }
tr.sev-critical td { background:var(--crit-bg); } tr.sev-warning td { background:var(--warn-bg); }
tr.sev-critical td:first-child { box-shadow: inset 4px 0 0 var(--crit); } tr.sev-warning td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
td.name { font-weight:600; }
td.mono, td.nowrap { white-space:nowrap; }
td.mono, span.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size:12px; color:#44515e; }
.psibar { display:inline-block; width:60px; height:8px; background:#edf0f3; border-radius:4px; margin-left:8px; vertical-align:middle; overflow:hidden; }
.psibar i { display:block; height:100%; border-radius:4px; }
.grid2 { display:grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap:16px; align-items:start; }
@media (max-width: 1200px) { .grid2 { grid-template-columns: 1fr; } }
.hists { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:12px; }
.hist-card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 12px 6px; }
.hist-card.critical { border-top:3px solid var(--crit); } .hist-card.warning { border-top:3px solid var(--warn); } .hist-card.none { border-top:3px solid var(--ok); }
.hist-card .head { display:flex; justify-content:space-between; align-items:center; gap:6px; }
.hist-card .head b { font-size:13px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.hist-card .nums { color:var(--muted); font-size:12px; margin:2px 0 2px; }
svg { display:block; width:100%; height:auto; }
svg .grid { stroke:#e6eaef; stroke-width:1; } svg .axis { stroke:#9aa6b2; stroke-width:1; }
svg text.tick { font-size:11px; fill:#66727f; font-family: -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.legend { display:flex; gap:14px; flex-wrap:wrap; font-size:12px; color:var(--muted); margin:6px 0 2px; }
.legend .sw { display:inline-block; width:12px; height:10px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
.empty { color:var(--muted); font-style:italic; padding:6px 0; }
.summary { max-width:520px; }
td.id { word-break:break-all; min-width:180px; }
table.notices td.summary { white-space:normal; min-width:260px; max-width:none; }
p.lede { color:var(--muted); margin:-4px 0 12px; }
.note { background:var(--warn-bg); border-left:4px solid var(--warn); padding:8px 12px; border-radius:4px; margin-bottom:12px; }
.card.note { border:1px solid var(--line); border-left:4px solid var(--warn); background:var(--warn-bg); }
.caption { color:var(--muted); font-size:12px; margin-top:6px; }
h4 { font-size:13px; margin:12px 0 6px; color:#2b3947; font-weight:600; }
.grid3 { display:grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1.2fr) minmax(0, 1.2fr); gap:16px; align-items:start; }
@media (max-width: 1100px) { .grid3 { grid-template-columns: 1fr; } }
svg.roc { max-width:320px; } svg.lines { max-width:640px; } svg.trend { max-width:900px; }
svg text.strong { font-weight:600; fill:#1d2733; font-size:13px; }
td.decides { font-weight:700; }
td.thresholds { color:var(--muted); font-size:12px; }
th.ref, td.ref, span.ref { color:var(--muted); }
table.dataset td.ref { background:#f8fafc; }
table.matrix { width:auto; } table.matrix td, table.matrix th { text-align:center; padding:8px 14px; }
table.matrix span.share { display:block; font-size:12px; }
tr.total td { font-weight:600; border-top:2px solid var(--line); }
span.rate { display:inline-block; min-width:52px; text-align:right; margin-left:4px; }
th.group { text-align:center; }
.dq { display:grid; grid-template-columns:repeat(auto-fill, minmax(400px, 1fr)); gap:0 24px; }
.dq-row { display:flex; align-items:center; gap:14px; padding:4px 2px; border-bottom:1px solid var(--line); font-size:13px; }
.dq-row b { flex:1; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.dq-row span { white-space:nowrap; color:var(--muted); }
footer { color:var(--muted); font-size:12px; text-align:center; padding:12px; }
"""
