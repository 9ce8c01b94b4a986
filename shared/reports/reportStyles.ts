/**
 * The HTML report's stylesheet: screen and print (PDF) in one. It is a constant — no user text
 * ever goes into CSS, where HTML escaping would not protect it (a `</style>` in a name stays in
 * the body, escaped). Colours are forced in print, so severity pills and charts survive "Save as
 * PDF" with backgrounds off.
 */
export const REPORT_CSS = `
:root { --ink: #1f2430; --muted: #5b6475; --rule: #dee2e6; --band: #f8f9fb; --accent: #c0392b; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { color: var(--ink); background: #ffffff; }
body { margin: 0 auto; max-width: 1080px; padding: 32px 40px 48px;
  font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 20px 0 6px; overflow-wrap: anywhere; }
p { margin: 6px 0; overflow-wrap: anywhere; }
.kicker { font-size: 12px; letter-spacing: 0.12em; text-transform: uppercase; color: var(--accent); font-weight: 700; }
.lead { font-size: 15px; color: var(--muted); max-width: 72ch; }
.cover { border-top: 6px solid var(--accent); padding-top: 14px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 14px 0 0; font-size: 12px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
code, .id { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 0.86em; }
.id { color: var(--muted); white-space: nowrap; }
.muted { color: var(--muted); }
.toc { columns: 2; font-size: 13px; margin: 18px 0 0; padding-left: 18px; }
.toc a { color: var(--ink); }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin: 14px 0; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; background: var(--band); }
.figure b { display: block; font-size: 22px; line-height: 1.1; }
.figure span { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.figure.critical { border-left: 5px solid #7a0c0c; }
.figure.high { border-left: 5px solid #c2410c; }
.figure.medium { border-left: 5px solid #a86400; }
.figure.low { border-left: 5px solid #4a6690; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 10px 0 16px; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
.diagram svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 6px; }
.chart svg { display: block; max-width: 100%; height: auto; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 12.5px; }
th, td { text-align: left; vertical-align: top; padding: 5px 7px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
th { background: var(--band); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border-bottom: 2px solid var(--rule); }
td.number, th.number { text-align: right; white-space: nowrap; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 9px; font-size: 11px; font-weight: 700; color: #ffffff; white-space: nowrap; }
.pill.critical { background: #7a0c0c; }
.pill.high { background: #c2410c; }
.pill.medium { background: #a86400; }
.pill.low { background: #4a6690; }
.status { white-space: nowrap; font-weight: 600; }
.status.open { color: #c2410c; }
.status.investigating { color: #a86400; }
.status.mitigated { color: #2b8a3e; }
.status.accepted { color: #3b5bdb; }
.status.not-applicable, .status.transferred { color: var(--muted); }
.flag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 700; background: #fff3bf; color: #7a4a00; }
.flag.bad { background: #ffe3e3; color: #9b1c1c; }
.threat-title { font-weight: 600; }
.detail { display: block; font-size: 11.5px; color: var(--muted); margin-top: 2px; }
.story { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.story h3 { margin: 0 0 4px; }
.story ul { margin: 6px 0 0; padding-left: 20px; font-size: 12.5px; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 11px; color: var(--muted); }
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-left { content: "Gatehouse threat model report"; font: 8pt system-ui, sans-serif; color: #5b6475; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #5b6475; } }
@page landscape { size: A4 landscape; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  .major { break-before: page; }
  .diagrams { page: landscape; }
  .diagram-block + .diagram-block { break-before: page; }
  .diagram svg { max-height: 165mm; width: auto; max-width: 100%; margin: 0 auto; }
  tr, .story, figure, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .toc { columns: 2; }
}
`;
