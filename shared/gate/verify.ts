/**
 * `gatehouse gate verify` (PRODUCT.md, "The Plan-stage gate"): recompute the manifest from the
 * model, the packs and the policy, compare it with the committed one, and decide only from the
 * recomputation — a hand-edited manifest can claim anything, it only makes check 1 fail.
 */
import { TRACKER_KEY, type Model, type Severity } from '../model/schema';
import { storyIdFor } from '../model/ids';
import { primaryTarget } from '../stories/generateStories';
import type { LoadedPacks } from '../rules/loadPacks';
import { maxSeverity, severityRank } from '../rules/scoring';
import type { BranchInfo } from './branch';
import {
  GATE_RESULT_VERSION,
  type FindingLevel,
  type GateCheckId,
  type GateFinding,
  type GateResult,
} from './gateResult';
import {
  assessPlan,
  isWrittenFrom,
  validateManifestTree,
  type CommittedManifest,
  type Manifest,
} from './manifest';
import { approvalProblems } from './approvals';
import type { Policy } from './policy';

export interface VerifyInput {
  /** The committed manifest, as read by `readCommittedManifest`. */
  committed: CommittedManifest;
  model: Model;
  loaded: LoadedPacks;
  policy: Policy;
  branch: BranchInfo;
  /** Today, `YYYY-MM-DD` (UTC): approvals end at the end of their expiry day. */
  today: string;
  /** Where `today` came from, for the output. */
  todaySource: GateResult['date']['source'];
  gatehouseVersion: string;
  /** Display paths (relative, `/` separators). */
  files: GateResult['files'];
  /**
   * Whether a document exists in the repository and mentions a story ID (`docPath` is relative
   * to the manifest's folder). Injected: `shared/` does no I/O.
   */
  documentMentions(
    docPath: string,
    storyId: string,
  ): 'mentions' | 'missing' | 'silent' | 'not-a-document';
}

const CLOSED_BY_APPROVAL = new Set(['accepted', 'not-applicable', 'transferred']);

function levelFor(severity: Severity, branch: BranchInfo): FindingLevel {
  if (severity === 'critical') return 'error';
  if (severity === 'high') return branch.protected ? 'error' : 'warning';
  return 'note';
}

const isHighRisk = (severity: Severity | 'none'): boolean =>
  severity === 'high' || severity === 'critical';

export function verifyGate(input: VerifyInput): GateResult {
  const { committed, model, loaded, policy, branch, today } = input;
  const recomputed = assessPlan(model, loaded, committed.header.model.path, input.gatehouseVersion);
  const findings: GateFinding[] = [];
  const modelArg = shellWord(input.files.model);
  const writeAgain = `then run \`gatehouse gate write ${modelArg}\``;
  const add = (
    check: GateCheckId,
    severity: Severity,
    message: string,
    remedy: string,
    where: Partial<
      Pick<GateFinding, 'feature' | 'featureName' | 'threat' | 'story' | 'subject'>
    > & {
      file?: GateFinding['location']['file'];
      elementId?: string | null;
      level?: FindingLevel;
    } = {},
  ): void => {
    findings.push({
      check,
      feature: where.feature ?? null,
      featureName: where.featureName ?? null,
      threat: where.threat ?? null,
      story: where.story ?? null,
      subject: where.subject ?? null,
      severity,
      level: where.level ?? levelFor(severity, branch),
      message,
      remedy,
      location: { file: where.file ?? 'model', elementId: where.elementId ?? null },
    });
  };

  // 1. The committed manifest must be what the model, packs and policy give now. The Gatehouse
  //    version alone does not count: a newer CLI that computes the same manifest agrees.
  // Usually the file is byte for byte what `gate write` writes. Otherwise (reformatted, line
  // endings changed by Git, edited) its parsed tree is compared: both sides are in schema key
  // order (`gate write` writes the schema's output), so plain JSON compares them; a hand edit
  // that only reorders keys counts as an edit.
  const comparable = (manifest: object): string =>
    JSON.stringify({ ...manifest, gatehouseVersion: '' });
  if (
    !isWrittenFrom(committed, recomputed.manifest) &&
    comparable(committed.tree()) !== comparable(recomputed.manifest)
  ) {
    const valid = validateManifestTree(committed.tree()); // a broken file is exit 2, not "stale"
    add(
      'GATE-001',
      'critical',
      describeManifestDifference(valid, recomputed.manifest),
      `The model or the rule packs changed since the manifest was written: run \`gatehouse gate write\` and commit (\`gatehouse gate write ${modelArg} --out ${shellWord(input.files.manifest)}\`).`,
      { file: 'manifest', level: 'error' },
    );
  }

  // 2. Required packs must be loaded and enabled.
  const disabled = new Set(model.rulePacks.filter((ref) => !ref.enabled).map((ref) => ref.id));
  for (const packId of policy.requiredRulePacks) {
    const loadedPack = loaded.packs.some((pack) => pack.id === packId);
    if (!loadedPack || disabled.has(packId)) {
      add(
        'GATE-002',
        'critical',
        loadedPack
          ? `The rule pack "${packId}" is required by the policy but the model disables it.`
          : `The rule pack "${packId}" is required by the policy but was not loaded.`,
        loadedPack
          ? `Enable "${packId}" in the model (rulePacks); ${writeAgain} and commit.`
          : `Pass the pack with --rules <file>, or ask the security team to change the policy.`,
        {
          file: loadedPack ? 'model' : 'policy',
          level: 'error',
          subject: { kind: 'pack', id: packId },
        },
      );
    }
  }

  const featureName = new Map(recomputed.manifest.features.map((f) => [f.id, f.name]));
  const modelFeatures = new Map(model.features.map((f) => [f.id, f]));
  const storyById = new Map(recomputed.stories.map((story) => [story.id, story]));
  const threatById = new Map(recomputed.register.map((threat) => [threat.id, threat]));
  // The story to suggest in a GATE-004 remedy: a recorded one that lists the threat (it may
  // need review), else the story of the threat's first mitigation in that feature.
  const recordedListing = new Map<string, (typeof recomputed.stories)[number]>();
  for (const story of recomputed.stories) {
    for (const threatId of story.threatIds)
      recordedListing.set(`${story.featureId}\u0000${threatId}`, story);
  }
  const suggestStory = (
    featureId: string,
    featureTitle: string,
    threat: { id: string; mitigations: readonly string[] },
  ): { id: string; title: string; needsReview: boolean } | undefined => {
    const recorded = recordedListing.get(`${featureId}\u0000${threat.id}`);
    if (recorded && recorded.state !== 'rejected') return recorded;
    const mitigation = threat.mitigations
      .map((id) => loaded.compiled.mitigationsById.get(id))
      .find((m) => m !== undefined);
    if (!mitigation) return undefined;
    return {
      id: storyIdFor(featureId, mitigation.id),
      title: `${mitigation.title} (${featureTitle})`,
      needsReview: false,
    };
  };
  for (const feature of recomputed.manifest.features) {
    const where = { feature: feature.id, featureName: feature.name };
    const firstMember = modelFeatures.get(feature.id)?.memberIds[0] ?? null;
    // 3. A high-risk feature needs at least one documented requirement.
    if (isHighRisk(feature.risk) && feature.requirements.length === 0) {
      add(
        'GATE-003',
        feature.risk as Severity,
        `Feature "${feature.name}" is at ${feature.risk} risk and has no documented security requirement.`,
        `List its stories (\`gatehouse stories ${modelArg}\`), accept those that cover its ${feature.risk} threats (\`gatehouse triage accept-story ${modelArg} S-…\`), ${writeAgain}.`,
        { ...where, elementId: firstMember },
      );
    }
    for (const entry of feature.threats) {
      const threat = threatById.get(entry.id)!;
      // Built only for a finding: most of the thousands of threats pass every check.
      const threatWhere = () => ({
        ...where,
        threat: threat.id,
        elementId: primaryTarget(threat.targets)?.id ?? null,
      });
      // 5. Approvals must be complete, current and within the policy's maximum.
      if (CLOSED_BY_APPROVAL.has(threat.status)) {
        const problems = approvalProblems(entry.approval, today, policy);
        if (threat.status === 'transferred' && !threat.triage?.transferredTo?.trim())
          problems.push('no one it was transferred to');
        if (problems.length > 0) {
          add(
            'GATE-005',
            threat.severity,
            `Threat ${threat.id} ("${threat.title}") is ${threat.status}, but ${problems.join(', ')}.`,
            `Record a complete, current approval (\`gatehouse triage status ${modelArg} ${threat.id} ${threat.status} --approver … --rationale … --expires YYYY-MM-DD\`, at most ${policy.maxAcceptanceDays} days ahead) or reopen the threat; ${writeAgain}.`,
            threatWhere(),
          );
          continue;
        }
      }
      const override = threat.triage?.severityOverride;
      if (
        override &&
        severityRank(override.severity) < severityRank(threat.inherentSeverity) &&
        threat.severity === threat.inherentSeverity
      ) {
        add(
          'GATE-005',
          threat.severity,
          `Threat ${threat.id} lowers its severity to ${override.severity} without an approver and a rationale, so the override is not in force.`,
          `Approve the override (\`gatehouse triage override ${modelArg} ${threat.id} ${override.severity} --approver … --rationale …\`) or remove it (\`… ${threat.id} none\`); ${writeAgain}.`,
          threatWhere(),
        );
      }
      if (threat.suppression !== null) continue; // reported once per suppression below
      // 4. A high or critical threat still open must be covered by an accepted story listing it.
      if (
        isHighRisk(threat.severity) &&
        (threat.status === 'open' || threat.status === 'investigating') &&
        threat.coveringStoryIds.length === 0
      ) {
        const suggestion = suggestStory(feature.id, feature.name, threat);
        add(
          'GATE-004',
          threat.severity,
          `Threat ${threat.id} ("${threat.title}", ${threat.severity}) is ${threat.status} and no accepted story covers it.`,
          suggestion
            ? `Accept story ${suggestion.id} ("${suggestion.title}")${suggestion.needsReview ? ' again (it needs review)' : ''}: \`gatehouse triage accept-story ${modelArg} ${suggestion.id}\`; or triage the threat; ${writeAgain}.`
            : `Triage the threat (\`gatehouse triage status ${modelArg} ${threat.id} accepted --approver … --rationale … --expires …\`); ${writeAgain}.`,
          threatWhere(),
        );
      }
    }
    // 5 (suppressions). Each suppression in force for this feature.
    for (const suppression of feature.suppressions) {
      const problems = approvalProblems(suppression, today, policy);
      if (problems.length === 0) continue;
      const suppressed = feature.threats.filter((t) => t.suppression === suppression.id);
      const severity = suppressed.reduce<Severity>(
        (worst, t) => maxSeverity(worst, t.severity),
        'low',
      );
      add(
        'GATE-005',
        severity,
        `The suppression "${suppression.id}" of rule ${suppression.rule}${suppression.element ? ` on "${suppression.element}"` : ' (model-wide)'} hides ${suppressed.length} threat(s), but ${problems.join(', ')}.`,
        `Renew it with an approver, a rationale and an expiry date within ${policy.maxAcceptanceDays} days (\`gatehouse triage suppress ${modelArg} ${suppression.rule}${suppression.element ? ` --element ${suppression.element}` : ''} --approver … --rationale … --expires …\`) or remove it; ${writeAgain}.`,
        {
          ...where,
          elementId: suppression.element,
          threat: suppressed[0]?.id ?? null,
          subject: { kind: 'suppression', id: suppression.id },
        },
      );
    }
    // 6. High-risk requirements need the tracker key or document the policy asks for.
    for (const requirement of feature.requirements) {
      if (!policy.trackerRequirement.severities.includes(requirement.severity)) continue;
      const accept = policy.trackerRequirement.accept;
      // The same key shape `gatehouse triage story --tracker` accepts: a blank or made-up value
      // written by hand does not document anything.
      const hasKey =
        accept.includes('trackerKey') &&
        requirement.trackerKey !== null &&
        TRACKER_KEY.test(requirement.trackerKey);
      const document =
        accept.includes('docPath') && requirement.docPath !== null
          ? input.documentMentions(requirement.docPath, requirement.story)
          : null;
      if (hasKey || document === 'mentions') continue;
      const asked = accept
        .map((a) =>
          a === 'trackerKey'
            ? 'a tracker key'
            : 'a document in the repository that mentions the story ID',
        )
        .join(' or ');
      const why =
        document === 'not-a-document'
          ? `${requirement.docPath} is the model or the manifest (they name every story), not a document`
          : document === 'missing'
            ? `its document ${requirement.docPath} does not exist`
            : document === 'silent'
              ? `its document ${requirement.docPath} does not mention ${requirement.story}`
              : `it has neither`;
      const story = storyById.get(requirement.story);
      add(
        'GATE-006',
        requirement.severity,
        `Requirement ${requirement.story} ("${requirement.title}") is ${requirement.severity} and needs ${asked}, but ${why}.`,
        `Attach one (\`gatehouse triage story ${modelArg} ${requirement.story} --tracker KEY-123\`, or \`--doc <file that mentions ${requirement.story}>\`); ${writeAgain}.`,
        { ...where, story: requirement.story, elementId: story?.affectedTargets[0]?.id ?? null },
      );
    }
  }

  const errors = findings.filter((f) => f.level === 'error').length;
  return {
    resultVersion: GATE_RESULT_VERSION,
    gatehouseVersion: input.gatehouseVersion,
    result: errors > 0 ? 'fail' : 'pass',
    exitCode: errors > 0 ? 1 : 0,
    branch,
    date: { today, source: input.todaySource },
    files: input.files,
    digests: {
      model: recomputed.manifest.model.digest,
      manifestModel: committed.header.model.digest,
      rulePacks: recomputed.manifest.rulePacks.map(({ id, version, digest }) => ({
        id,
        version,
        digest,
      })),
    },
    summary: {
      features: featureName.size,
      errors,
      warnings: findings.filter((f) => f.level === 'warning').length,
      notes: findings.filter((f) => f.level === 'note').length,
    },
    findings,
  };
}

/** A path as a shell word in a remedy (quoted when it has characters a shell would split on). */
function shellWord(path: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/** A one-line account of how the committed manifest differs, so the log says what changed. */
function describeManifestDifference(committed: Manifest, recomputed: Manifest): string {
  const reasons: string[] = [];
  if (committed.model.digest !== recomputed.model.digest) reasons.push('the model changed');
  const packs = (m: Manifest) => JSON.stringify(m.rulePacks);
  if (packs(committed) !== packs(recomputed)) reasons.push('the rule packs changed');
  if (reasons.length === 0)
    reasons.push('its content does not match what the model gives (was it edited by hand?)');
  return `The committed manifest is out of date: ${reasons.join(' and ')}.`;
}
