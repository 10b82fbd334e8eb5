package io.igaudit.report;

/** The report's style sheet, inlined into the page. */
final class Css {

    static final String STYLE = """
            :root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f6f8fa;--card:#fff;--bar:#3b6fb6;--bad:#c4262e;--ok:#1a7f37}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
            main{max-width:1100px;margin:0 auto;padding:20px 20px 40px}
            header h1{font-size:22px;margin:0 0 4px}
            header p{margin:4px 0}
            .sub{color:var(--muted)}
            section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 20px 18px;margin:14px 0}
            h2{font-size:17px;margin:0 0 8px}
            h3{font-size:14px;margin:14px 0 6px}
            .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:8px 24px;margin:8px 0 12px}
            .facts div{min-width:0}
            dt{color:var(--muted);font-size:12px}
            dd{margin:0;overflow-wrap:anywhere}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
            code.hash{font-size:11.5px}
            svg.chart{width:100%;height:auto;display:block;margin:6px 0}
            svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:12px;fill:var(--ink)}
            svg .tick,svg .legend-text,svg .axis-title{fill:var(--muted);font-size:11px}
            svg .value{fill:var(--muted);font-size:11px}
            svg .value.bad{fill:var(--bad);font-weight:600}
            .grid,.band{stroke:#edf0f3}
            .axis,.zero{stroke:#8c959f}
            rect.bar{fill:var(--bar)}
            rect.bar.before{fill:#b8bec7}
            rect.bar.over{fill:var(--bad)}
            .ci{stroke:var(--ink);stroke-width:1.5}
            .tolerance{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:5 4}
            svg .tolerance-label{fill:var(--bad);font-size:11px}
            table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
            th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
            th{color:var(--muted);font-weight:600;font-size:12px}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr.bad td,.bad{color:var(--bad)}
            .table-wrap{overflow-x:auto}
            p.warning{background:#ffebe9;border-left:4px solid var(--bad);padding:8px 12px;color:#1f2328}
            .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:600;font-size:12.5px}
            .badge.ok{background:#dafbe1;color:var(--ok)}
            .badge.bad{background:#ffebe9;color:var(--bad)}
            .badge.none{background:#eaeef2;color:var(--muted)}
            .classes{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:4px 24px}
            .note{color:var(--muted);font-size:13px}
            .note.others{margin:0 0 4px;font-style:italic}
            .heatmaps{display:grid;gap:12px 20px;margin:8px 0}
            .heatmaps svg{shape-rendering:crispEdges;outline:1px solid var(--line)}
            .heatmaps figure{margin:0}
            .heatmaps figcaption{font-size:12.5px}
            .image-maps{grid-template-columns:repeat(auto-fill,minmax(130px,1fr))}
            .image-rows{grid-template-columns:repeat(auto-fill,minmax(420px,1fr))}
            .pair{display:grid;grid-template-columns:1fr 1fr 1fr;gap:8px}
            .swatch{display:inline-block;width:11px;height:11px;border:1px solid var(--line);vertical-align:-1px}
            .swatch.pos{background:#ff0052}
            .swatch.neg{background:#008bfb}
            td.tokens{line-height:1.9;overflow-wrap:anywhere;min-width:320px}
            .tok{padding:1px 2px;border-radius:3px;color:var(--ink)}
            .tok.special,.tok.pad{opacity:.45;font-style:italic}
            .tok.pad{font-size:12px;white-space:nowrap}
            .up{color:var(--ok)}
            .down{color:var(--bad)}
            footer{color:var(--muted);font-size:12px;margin-top:18px}
            @media (max-width:700px){main{padding:10px}.classes{grid-template-columns:1fr}}
            @media print{body{background:#fff}section{break-inside:avoid;border:none}}
            """;

    private Css() {}
}
