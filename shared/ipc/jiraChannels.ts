/**
 * The `jira:` channels: the connection (its token stays in main, encrypted with `safeStorage`,
 * and never crosses IPC back), a preview of a push, and the push itself with progress events.
 * Main rebuilds the stories from the model text itself: the renderer never sends issue bodies.
 */
import * as z from 'zod';
import { EmptySchema, MAX_IPC_TEXT_BYTES } from './common';

const HttpsUrlSchema = z
  .string()
  .max(2_048)
  .refine((url) => URL.canParse(url) && new URL(url).protocol === 'https:', 'an https:// address');
const TokenSchema = z.string().min(1).max(4_096);
const ProjectKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'a Jira project key like SHOP');
/** A Jira issue key like SHOP-12 (the model's `TRACKER_KEY`). */
export const IssueKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/);
const StoryIdSchema = z.string().regex(/^S-[0-9a-f]{16}$/);
const FeatureIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/** A connection as the renderer sees it: where, who, and whether a token is stored. */
export const JiraConnectionViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cloud'),
    site: HttpsUrlSchema,
    email: z.email().max(320),
    hasToken: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('data-center'),
    baseUrl: HttpsUrlSchema,
    hasToken: z.boolean(),
  }),
]);
export type JiraConnectionView = z.infer<typeof JiraConnectionViewSchema>;

/** What the connection dialog sends: the view's fields plus the secret. */
export const JiraConnectionInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cloud'),
    site: HttpsUrlSchema,
    email: z.email().max(320),
    token: TokenSchema,
  }),
  z.strictObject({ kind: z.literal('data-center'), baseUrl: HttpsUrlSchema, token: TokenSchema }),
]);
export type JiraConnectionInput = z.infer<typeof JiraConnectionInputSchema>;

/**
 * Which stories a push sends and where: the model text as saved (`serializeModel`), parsed and
 * analysed again in main, so a compromised renderer can only push what a model file could.
 */
export const JiraPushRequestSchema = z.strictObject({
  modelText: z.string().max(MAX_IPC_TEXT_BYTES),
  projectKey: ProjectKeySchema,
  which: z.enum(['accepted', 'all']),
});
export type JiraPushRequest = z.infer<typeof JiraPushRequestSchema>;

/**
 * What a push will do. Epics: one per feature with stories here and no `jiraEpicKey`;
 * `issueKey` is the epic the label search found, or null when the push creates it. Stories:
 * `update` for a stored key (`keySource: 'stored'`) or one the label search found (`'label'`),
 * otherwise `create`.
 */
export const JiraPreviewSchema = z.strictObject({
  epics: z
    .array(
      z.strictObject({
        featureId: FeatureIdSchema,
        name: z.string().max(500),
        issueKey: IssueKeySchema.nullable(),
      }),
    )
    .max(10_000),
  stories: z
    .array(
      z.strictObject({
        storyId: StoryIdSchema,
        summary: z.string().max(1_000),
        action: z.enum(['create', 'update']),
        issueKey: IssueKeySchema.nullable(),
        keySource: z.enum(['stored', 'label']).nullable(),
      }),
    )
    .max(100_000),
});
export type JiraPreview = z.infer<typeof JiraPreviewSchema>;

const MessageSchema = z.string().max(2_000).nullable();

/**
 * What a push did, per item (a partial failure fails only its items). `found`: an epic the label
 * search found instead of creating one. The renderer writes the keys back into the model.
 */
export const JiraPushResultSchema = z.strictObject({
  epics: z
    .array(
      z.strictObject({
        featureId: FeatureIdSchema,
        outcome: z.enum(['created', 'found', 'failed']),
        issueKey: IssueKeySchema.nullable(),
        message: MessageSchema,
      }),
    )
    .max(10_000),
  results: z
    .array(
      z.strictObject({
        storyId: StoryIdSchema,
        outcome: z.enum(['created', 'updated', 'failed']),
        issueKey: IssueKeySchema.nullable(),
        message: MessageSchema,
      }),
    )
    .max(100_000),
});
export type JiraPushResult = z.infer<typeof JiraPushResultSchema>;

/** How far a push got: `phase` says whether epics or stories are being sent. */
export const JiraProgressEventSchema = z.strictObject({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  phase: z.enum(['epics', 'stories']),
});
export type JiraProgressEvent = z.infer<typeof JiraProgressEventSchema>;

export const jiraChannels = {
  'jira:getConnection': {
    request: EmptySchema,
    response: z.strictObject({
      connection: JiraConnectionViewSchema.nullable(),
      /** `basic-text`: Linux without a keyring; tokens are refused there (PRODUCT.md). */
      secretStorage: z.enum(['available', 'basic-text', 'unavailable']),
    }),
  },
  'jira:saveConnection': {
    request: z.strictObject({ connection: JiraConnectionInputSchema }),
    response: z.strictObject({ connection: JiraConnectionViewSchema }),
  },
  'jira:forgetConnection': { request: EmptySchema, response: EmptySchema },
  'jira:testConnection': {
    request: EmptySchema,
    response: z.strictObject({ displayName: z.string().max(500) }),
  },
  'jira:preview': { request: JiraPushRequestSchema, response: JiraPreviewSchema },
  'jira:push': { request: JiraPushRequestSchema, response: JiraPushResultSchema },
} as const;
