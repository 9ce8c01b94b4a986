/**
 * The grouped threat list: collapsible groups with their counts, at most PAGE_SIZE rows per
 * group until "Show more", one row per threat (its title is the row's button) and the details
 * of the expanded one.
 */
import { Button } from '@mantine/core';
import { memo, useState } from 'react';
import type { RegisteredThreat } from '../../../shared/threats/register';
import { ThreatDetails } from './ThreatDetails';
import {
  CATEGORY_NAMES,
  itemLabel,
  STATUS_NAMES,
  subjectOf,
  type GroupBy,
  type ItemInfo,
  type ThreatGroup,
} from './threatList';
import { SeverityPill } from './SeverityPill';

/** Rows rendered per open group before "Show more". */
export const PAGE_SIZE = 200;
/** Group headers rendered before "Show more groups". */
export const GROUP_PAGE_SIZE = 200;

function subjectText(threat: RegisteredThreat, items: ReadonlyMap<string, ItemInfo>): string {
  const id = subjectOf(threat);
  return id === null ? 'Model-level' : itemLabel(id, items);
}

export interface ThreatGroupListProps {
  groups: readonly ThreatGroup[];
  groupBy: GroupBy;
  items: ReadonlyMap<string, ItemInfo>;
  isOpen(key: string): boolean;
  /** Opened by hand: shown even beyond the groups rendered so far. */
  isPinned(key: string): boolean;
  onToggleGroup(key: string, open: boolean): void;
  expandedId: string | null;
  onToggleThreat(threat: RegisteredThreat): void;
  onThreatDeleted(): void;
}

export function ThreatGroupList(props: ThreatGroupListProps) {
  // A model of 10,000 elements has thousands of groups: their headers are paged too.
  const [groupLimit, setGroupLimit] = useState(GROUP_PAGE_SIZE);
  const shown = props.groups.filter(
    (group, index) => index < groupLimit || props.isPinned(group.key),
  );
  const remaining = props.groups.length - shown.length;
  return (
    <>
      <ul className="gh-threat-groups">
        {shown.map((group) => (
          <ThreatGroupSection
            key={group.key}
            group={group}
            open={props.isOpen(group.key)}
            {...props}
          />
        ))}
      </ul>
      {remaining > 0 && (
        <div className="gh-threat-more">
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setGroupLimit((current) => current + GROUP_PAGE_SIZE)}
          >
            {`Show ${Math.min(GROUP_PAGE_SIZE, remaining)} more of ${remaining} groups`}
          </Button>
        </div>
      )}
    </>
  );
}

function ThreatGroupSection({
  group,
  open,
  groupBy,
  items,
  onToggleGroup,
  expandedId,
  onToggleThreat,
  onThreatDeleted,
}: ThreatGroupListProps & { group: ThreatGroup; open: boolean }) {
  const [limit, setLimit] = useState(PAGE_SIZE);
  const listId = `threat-group-${groupBy}-${group.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const shown = open ? group.threats.slice(0, limit) : [];
  const remaining = group.threats.length - shown.length;
  return (
    <li className="gh-threat-group">
      <button
        type="button"
        className="gh-threat-group-header"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => onToggleGroup(group.key, !open)}
      >
        <span>
          <span className="gh-threat-group-chevron" aria-hidden>
            ›
          </span>
          {group.name}
          {group.detail !== null && (
            <span className="gh-threat-group-detail">{` (${group.detail})`}</span>
          )}
        </span>
        <span className="gh-threat-group-count">
          {group.threats.length} threat{group.threats.length === 1 ? '' : 's'}, {group.open} open
        </span>
      </button>
      {open && (
        <>
          <ul className="gh-threat-list" id={listId} aria-label={group.label}>
            {shown.map((threat) => (
              <ThreatRow
                key={threat.id}
                threat={threat}
                expanded={threat.id === expandedId}
                subject={groupBy === 'category' ? subjectText(threat, items) : null}
                items={items}
                onToggle={onToggleThreat}
                onDeleted={onThreatDeleted}
              />
            ))}
          </ul>
          {remaining > 0 && (
            <div className="gh-threat-more">
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => setLimit((current) => current + PAGE_SIZE)}
              >
                {`Show ${Math.min(PAGE_SIZE, remaining)} more of ${remaining} in ${group.label}`}
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

interface ThreatRowProps {
  threat: RegisteredThreat;
  expanded: boolean;
  /** The element or flow, when the group does not already say it. */
  subject: string | null;
  items: ReadonlyMap<string, ItemInfo>;
  onToggle(threat: RegisteredThreat): void;
  onDeleted(): void;
}

/** One threat: its severity word, title, category and status; the details when expanded. */
const ThreatRow = memo(function ThreatRow({
  threat,
  expanded,
  subject,
  items,
  onToggle,
  onDeleted,
}: ThreatRowProps) {
  const detailsId = `threat-details-${threat.id}`;
  return (
    <li
      className={`gh-threat${expanded ? ' gh-threat--expanded' : ''}`}
      data-testid={`threat-${threat.id}`}
    >
      <div className="gh-threat-row">
        <SeverityPill severity={threat.severity} />
        <div className="gh-threat-main">
          <button
            type="button"
            className="gh-threat-title"
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            onClick={() => onToggle(threat)}
          >
            {threat.title}
          </button>
          <div className="gh-threat-meta">
            {CATEGORY_NAMES[threat.category]}
            {subject !== null && ` · ${subject}`}
            {' · '}
            <span data-testid="threat-status">{STATUS_NAMES[threat.status]}</span>
            {threat.suppression !== null && <span className="gh-threat-flag">Suppressed</span>}
            {threat.noLongerDetected && (
              <span className="gh-threat-flag">Resolved by a model change</span>
            )}
            {threat.origin === 'manual' && <span className="gh-threat-flag">Added by hand</span>}
          </div>
        </div>
      </div>
      {expanded && (
        <ThreatDetails id={detailsId} threat={threat} items={items} onDeleted={onDeleted} />
      )}
    </li>
  );
});
