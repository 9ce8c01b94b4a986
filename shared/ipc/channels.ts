/**
 * The IPC contract: every channel (`domain:verb`) with its zod request and response schemas
 * (ARCHITECTURE.md, "IPC"). Main parses each request with these before a handler runs; the
 * renderer parses each answer before it uses it. `channelNames.ts` lists the same names without
 * zod for the preload; the mapped types below keep the two lists identical.
 */
import type * as z from 'zod';
import { appChannels, MenuCommandEventSchema } from './appChannels';
import type { EventChannel, InvokeChannel } from './channelNames';
import { fileChannels } from './fileChannels';
import { jiraChannels, JiraProgressEventSchema } from './jiraChannels';
import { reportChannels } from './reportChannels';
import { settingsChannels } from './settingsChannels';

export interface InvokeContract {
  request: z.ZodType;
  response: z.ZodType;
}

/** Request and response schemas of every invoke channel (no more, no fewer). */
export const INVOKE_CONTRACT = {
  ...appChannels,
  ...fileChannels,
  ...settingsChannels,
  ...reportChannels,
  ...jiraChannels,
} satisfies { [Channel in InvokeChannel]: InvokeContract };

// The reverse direction: no channel here that `INVOKE_CHANNELS` does not list.
const _noExtraChannels: Record<keyof typeof INVOKE_CONTRACT, true> = {} as Record<
  InvokeChannel,
  true
>;
void _noExtraChannels;

/** Payload schemas of every event channel. */
export const EVENT_CONTRACT = {
  'menu:command': MenuCommandEventSchema,
  'jira:progress': JiraProgressEventSchema,
} satisfies { [Channel in EventChannel]: z.ZodType };

export type RequestOf<C extends InvokeChannel> = z.input<(typeof INVOKE_CONTRACT)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof INVOKE_CONTRACT)[C]['response']>;
export type EventOf<C extends EventChannel> = z.output<(typeof EVENT_CONTRACT)[C]>;
