/**
 * The risk dashboard of the open model (issue 7): the heat map beside the threat list it
 * filters, threats by STRIDE category and status, risk per feature, the SLA of open threats and
 * the trend recorded in IndexedDB. Every chart has a text alternative (a table or a list), and
 * the charts download as PNG.
 */
import { Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  dashboardData,
  type SlaState,
  type TrendPoint,
} from '../../shared/dashboard/dashboardData';
import { DEFAULT_POLICY } from '../../shared/gate/policy';
import { SEVERITIES, THREAT_STATUSES } from '../../shared/model/schema';
import { renderRiskMatrixSvg, STATUS_COLORS } from '../../shared/reports/charts';
import { STATUS_LABELS } from '../../shared/reports/reportModel';
import { SEVERITY_COLORS } from '../../shared/reports/svgParts';
import { registerFor } from '../analysis/current';
import { useAnalysis } from '../analysis/AnalysisContext';
import { useServices } from '../app/ServicesContext';
import { notify } from '../app/notify';
import { useEditor } from '../editor/EditorContext';
import { SeverityBadge } from '../panels/SeverityBadge';
import { fileBaseName, isoToday, svgToPng } from '../panels/reports/reportFiles';
import { listTrendPoints } from '../persistence/trendStore';
import { standaloneSvg } from './chartPng';
import { HeatMap, type HeatCellKey } from './HeatMap';
import { recordTrend } from './recordTrend';

/** Rows the threat list shows at most; the count above it is always the full count. */
const LIST_LIMIT = 100;

const SLA_LABELS: Readonly<Record<SlaState, string>> = {
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  within: 'Within SLA',
};

/** Severities worst first, for legends and tables. */
const SEVERITIES_WORST_FIRST = [...SEVERITIES].reverse();

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A dashboard card: a titled region, with a PNG download when it holds a chart. */
function Card({
  id,
  title,
  onDownload,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  /** Makes and downloads the PNG; gets the card, where the chart is drawn. */
  onDownload?: ((card: HTMLElement) => Promise<void>) | undefined;
  wide?: boolean;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const card = useRef<HTMLElement>(null);
  return (
    <section
      ref={card}
      className={wide ? 'gh-dashboard-card gh-dashboard-card--wide' : 'gh-dashboard-card'}
      aria-labelledby={`${id}-title`}
    >
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <h2 id={`${id}-title`} className="gh-dashboard-title">
          {title}
        </h2>
        {onDownload && (
          <Button
            variant="default"
            size="compact-xs"
            loading={busy}
            aria-label={`Download ${title.toLowerCase()} as PNG`}
            onClick={() => {
              setBusy(true);
              onDownload(card.current!)
                .catch((error: unknown) =>
                  notify({
                    color: 'red',
                    title: 'Could not make the PNG',
                    message: (error as Error).message,
                  }),
                )
                .finally(() => setBusy(false));
            }}
          >
            PNG
          </Button>
        )}
      </Group>
      {children}
    </section>
  );
}

/** The chart a card shows (recharts draws it as an SVG), as a standalone SVG document. */
function chartSvgOf(card: HTMLElement): string {
  const svg = card.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
  if (!svg) throw new Error('The chart is not drawn yet.');
  return standaloneSvg(svg);
}

export function Dashboard() {
  const { platform, db, documentId } = useServices();
  const document = useEditor((s) => s.document);
  const snapshot = useAnalysis((s) => s.snapshot);
  const register = useMemo(() => registerFor(document, snapshot), [document, snapshot]);
  const today = isoToday();
  const data = useMemo(
    () => dashboardData(register, document, DEFAULT_POLICY, today),
    [register, document, today],
  );
  const [cell, setCell] = useState<HeatCellKey | null>(null);
  const [trend, setTrend] = useState<TrendPoint[] | null>(null);
  const [recording, setRecording] = useState(false);

  const loadTrend = useCallback(async () => {
    setTrend(await listTrendPoints(db, documentId));
  }, [db, documentId]);
  useEffect(() => {
    let cancelled = false;
    listTrendPoints(db, documentId).then(
      (points) => {
        if (!cancelled) setTrend(points);
      },
      (error: unknown) => {
        if (cancelled) return;
        // The rest of the dashboard still works; the trend starts empty and says why.
        setTrend([]);
        notify({
          color: 'orange',
          title: 'The recorded trend could not be read',
          message: (error as Error).message,
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [db, documentId]);

  const listed = cell
    ? data.threats.filter((t) => t.likelihood === cell.likelihood && t.impact === cell.impact)
    : data.threats;
  const base = fileBaseName(document.name);

  const download =
    (name: string, svg: (card: HTMLElement) => string) => async (card: HTMLElement) => {
      await platform.exportFile({
        suggestedName: `${base}-${name}.png`,
        mimeType: 'image/png',
        content: await svgToPng(svg(card)),
      });
    };

  const recordNow = async () => {
    setRecording(true);
    try {
      await recordTrend(db, documentId, document, snapshot);
      await loadTrend();
    } catch (error) {
      notify({ color: 'red', title: 'Could not record', message: (error as Error).message });
    } finally {
      setRecording(false);
    }
  };

  const categoryRows = data.byCategory.map((row) => ({ label: row.label, ...row.byStatus }));
  const trendRows = (trend ?? []).map((point) => ({
    time: new Date(point.takenAt).toLocaleString(),
    ...point.openBySeverity,
  }));
  const latest = trend && trend.length > 0 ? trend[trend.length - 1]! : null;

  return (
    <div className="gh-dashboard">
      <Card
        id="heat-map"
        title="Risk heat map"
        onDownload={download('risk-matrix', () => renderRiskMatrixSvg(data.heatMap))}
      >
        <div className="gh-dashboard-heat">
          <HeatMap matrix={data.heatMap} selected={cell} onSelect={setCell} />
          <div className="gh-dashboard-list">
            <Group justify="space-between" align="flex-start" gap="xs">
              <Text size="sm" fw={600} role="status" data-testid="dashboard-list-count">
                {cell
                  ? `${plural(listed.length, 'threat')} with likelihood ${cell.likelihood} and impact ${cell.impact}`
                  : `${plural(listed.length, 'threat')}, worst first`}
              </Text>
              {cell && (
                <Button variant="subtle" size="compact-xs" onClick={() => setCell(null)}>
                  Clear filter
                </Button>
              )}
            </Group>
            {/* Focusable: the list scrolls, and keyboard users must be able to scroll it. */}
            <ul className="gh-dashboard-threats" aria-label="Threats on the heat map" tabIndex={0}>
              {listed.slice(0, LIST_LIMIT).map((threat) => (
                <li key={threat.id}>
                  <SeverityBadge severity={threat.severity} />{' '}
                  <span className="gh-dashboard-threat-title">{threat.title}</span>{' '}
                  <Text span size="xs" c="dimmed">
                    {STATUS_LABELS[threat.status]} · L{threat.likelihood} × I{threat.impact}
                  </Text>
                </li>
              ))}
            </ul>
            {listed.length > LIST_LIMIT && (
              <Text size="xs" c="dimmed">
                The first {LIST_LIMIT} are listed; pick a cell to narrow the list.
              </Text>
            )}
          </div>
        </div>
      </Card>

      <Card
        id="categories"
        title="Threats by STRIDE category and status"
        onDownload={download('categories', chartSvgOf)}
      >
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={categoryRows} layout="vertical" margin={{ left: 8, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="label" width={150} />
              <Tooltip />
              <Legend />
              {THREAT_STATUSES.map((status) => (
                <Bar
                  key={status}
                  dataKey={status}
                  name={STATUS_LABELS[status]}
                  stackId="status"
                  fill={STATUS_COLORS[status]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <VisuallyHidden>
          <table>
            <caption>Threats by STRIDE category and status</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                {THREAT_STATUSES.map((status) => (
                  <th key={status} scope="col">
                    {STATUS_LABELS[status]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.byCategory.map((row) => (
                <tr key={row.category}>
                  <th scope="row">{row.label}</th>
                  {THREAT_STATUSES.map((status) => (
                    <td key={status}>{row.byStatus[status]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </VisuallyHidden>
      </Card>

      <Card id="features" title="Open risk per feature">
        {data.features.length === 0 ? (
          <Text size="sm" c="dimmed">
            No features yet: make one from a selection on the canvas.
          </Text>
        ) : (
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Feature</Table.Th>
                {SEVERITIES_WORST_FIRST.map((severity) => (
                  <Table.Th key={severity} scope="col" ta="right">
                    {severity}
                  </Table.Th>
                ))}
                <Table.Th scope="col" ta="right">
                  Risk score
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.features.map((feature) => (
                <Table.Tr key={feature.featureId}>
                  <Table.Th scope="row" fw={500}>
                    {feature.name}
                  </Table.Th>
                  {SEVERITIES_WORST_FIRST.map((severity) => (
                    <Table.Td key={severity} ta="right">
                      {feature.openBySeverity[severity]}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600}>
                    {feature.riskScore}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Open threats only; the risk score sums likelihood × impact.
        </Text>
      </Card>

      <Card id="sla" title="SLA of open threats">
        <Text size="sm" mb="xs" data-testid="sla-summary">
          {`${data.slaCounts.overdue} overdue, ${data.slaCounts['due-soon']} due within a week, ${data.slaCounts.within} within SLA`}
        </Text>
        <div className="gh-dashboard-scroll" role="region" aria-label="SLA table" tabIndex={0}>
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Threat</Table.Th>
                <Table.Th scope="col">Severity</Table.Th>
                <Table.Th scope="col">Due</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.sla.slice(0, LIST_LIMIT).map((entry) => (
                <Table.Tr key={entry.threatId}>
                  <Table.Td>{entry.title}</Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={entry.severity} />
                  </Table.Td>
                  <Table.Td>
                    {entry.dueDate}
                    {!entry.firstSeenKnown && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (from today)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className={`gh-sla gh-sla--${entry.state}`}>
                    {SLA_LABELS[entry.state]}
                    {entry.state === 'overdue' ? ` by ${plural(-entry.daysLeft, 'day')}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <Text size="xs" c="dimmed" mt={4}>
          Due = first seen + the policy's days for the severity (critical{' '}
          {DEFAULT_POLICY.slaDays.critical}, high {DEFAULT_POLICY.slaDays.high}, medium{' '}
          {DEFAULT_POLICY.slaDays.medium}, low {DEFAULT_POLICY.slaDays.low}). Threats never triaged
          have no first-seen date and are counted from today.
        </Text>
      </Card>

      <Card
        id="trend"
        title="Trend of open threats"
        wide
        onDownload={trendRows.length > 0 ? download('trend', chartSvgOf) : undefined}
      >
        <Group justify="space-between" mb="xs">
          <Text size="sm" role="status" data-testid="trend-summary">
            {trend === null
              ? 'Reading the recorded points…'
              : latest === null
                ? 'No points recorded yet: one is recorded at each save, or now.'
                : `${plural(trend.length, 'point')} recorded; latest ${new Date(latest.takenAt).toLocaleString()}: ${SEVERITIES_WORST_FIRST.map((s) => `${latest.openBySeverity[s]} ${s}`).join(', ')} open.`}
          </Text>
          <Button size="xs" variant="default" loading={recording} onClick={() => void recordNow()}>
            Record now
          </Button>
        </Group>
        {trendRows.length > 0 && (
          <Stack gap={0} aria-hidden="true">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={trendRows} margin={{ left: 8, right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="time" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {SEVERITIES_WORST_FIRST.map((severity) => (
                  <Line
                    key={severity}
                    dataKey={severity}
                    name={`Open ${severity}`}
                    stroke={SEVERITY_COLORS[severity]}
                    strokeWidth={2}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </Stack>
        )}
      </Card>
    </div>
  );
}
