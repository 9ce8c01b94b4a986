// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { EventChannel, InvokeChannel } from '../../../shared/ipc/channelNames';
import type { EventOf, RequestOf, ResponseOf } from '../../../shared/ipc/channels';
import type { JiraProgressEvent } from '../../../shared/ipc/jiraChannels';
import type { Model } from '../../../shared/model/schema';
import { AnalysisContext } from '../../analysis/AnalysisContext';
import type { AnalysisStore } from '../../analysis/liveAnalysis';
import { ServicesContext } from '../../app/ServicesContext';
import { EditorStoreContext } from '../../editor/EditorContext';
import { createEditorStore } from '../../editor/editorStore';
import { DesktopError, type DesktopApi } from '../../platform/desktopApi';
import type { Platform } from '../../platform/platform';
import { JiraExportButton } from '../JiraExport';
import { JiraConnectionDialog } from './JiraConnectionDialog';
import { JiraPushDialog } from './JiraPushDialog';
import { loadRulePacks } from '../../../shared/rules/loadPacks';
import { storiesForModel } from '../../../shared/stories/storiesForModel';
import type { Story } from '../../../shared/stories/generateStories';
import { buildModel, entity, flow, process, store } from '../../../shared/testing/modelBuilder';

const packs = loadRulePacks([]);

/** The model (test only). */
/** A browser reaching an internet-facing API that writes to a store, all in feature checkout. */
function jiraTestModel(): Model {
  return buildModel({
    elements: [
      entity('user', { name: 'Shopper', properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { name: 'Orders API', properties: { internetFacing: 'yes' } }),
      store('db', { name: 'Orders' }),
    ],
    flows: [flow('f1', 'user', 'api'), flow('f2', 'api', 'db')],
    features: [{ id: 'checkout', name: 'Checkout', memberIds: ['user', 'api', 'db', 'f1', 'f2'] }],
  });
}

/** The model's stories with the built-in pack. */
function storiesOfTestModel(model: Model): Story[] {
  return storiesForModel(model, packs);
}

type Answers = { [C in InvokeChannel]?: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** A DesktopApi answering from `answers`, recording calls, with `emit` for progress events. */
function fakeDesktop(answers: Answers) {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const listeners = new Set<(payload: JiraProgressEvent) => void>();
  const desktop: DesktopApi = {
    call<C extends InvokeChannel>(channel: C, request: RequestOf<C>) {
      calls.push({ channel, request });
      const answer = answers[channel] as
        ((request: RequestOf<C>) => Promise<ResponseOf<C>>) | undefined;
      if (!answer) return Promise.reject(new DesktopError('unknown-channel'));
      return answer(request);
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void) {
      expect(channel).toBe('jira:progress');
      const typed = listener as (payload: JiraProgressEvent) => void;
      listeners.add(typed);
      return () => listeners.delete(typed);
    },
  };
  const emit = (payload: JiraProgressEvent) =>
    act(() => listeners.forEach((listener) => listener(payload)));
  return { desktop, calls, emit, listeners };
}

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  // Mantine reads media queries and observes sizes; jsdom has neither. Reduced motion makes
  // the modal open without a transition.
  window.matchMedia = (query: string) =>
    ({
      matches: query.includes('reduce'),
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView = () => undefined;
});

let root: Root | null = null;
let container: HTMLElement | null = null;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = null;
});

async function render(node: ReactNode) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(<MantineProvider>{node}</MantineProvider>);
  });
}

/** Lets pending promises and effects settle. */
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

function field(label: string): HTMLInputElement {
  const element = [...document.querySelectorAll('label')].find((candidate) =>
    candidate.textContent?.startsWith(label),
  );
  if (!element) throw new Error(`no field labelled ${label}`);
  return document.getElementById(element.htmlFor) as HTMLInputElement;
}

function button(name: string): HTMLButtonElement | undefined {
  return [...document.querySelectorAll('button')].find(
    (candidate) => candidate.textContent?.trim() === name,
  );
}

async function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(target: HTMLElement | undefined) {
  if (!target) throw new Error('nothing to click');
  await act(async () => target.click());
  await settle();
}

const cloud = {
  kind: 'cloud',
  site: 'https://acme.atlassian.net',
  email: 'ada@acme.io',
  hasToken: true,
} as const;

describe('the Jira connection dialog', () => {
  it('saves a Cloud connection, clears the token field, and tests it', async () => {
    const { desktop, calls } = fakeDesktop({
      'jira:getConnection': () => Promise.resolve({ connection: null, secretStorage: 'available' }),
      'jira:saveConnection': () => Promise.resolve({ connection: cloud }),
      'jira:testConnection': () => Promise.resolve({ displayName: 'Ada Lovelace' }),
    });
    await render(<JiraConnectionDialog desktop={desktop} opened onClose={() => undefined} />);
    await settle();
    expect(button('Test connection')!.disabled).toBe(true);
    expect(button('Save')!.disabled).toBe(true);
    await type(field('Site'), 'https://acme.atlassian.net');
    await type(field('E-mail'), 'ada@acme.io');
    await type(field('API token'), 'secret-token');
    await click(button('Save'));
    expect(calls.at(-1)).toEqual({
      channel: 'jira:saveConnection',
      request: {
        connection: {
          kind: 'cloud',
          site: 'https://acme.atlassian.net',
          email: 'ada@acme.io',
          token: 'secret-token',
        },
      },
    });
    expect(field('API token').value).toBe('');
    expect(document.body.textContent).toContain('Saved. The token is encrypted');
    await click(button('Test connection'));
    expect(document.querySelector('[role="status"]')!.textContent).toBe(
      'Connected as Ada Lovelace.',
    );
  });

  it('offers Data Center fields and shows main’s refusal', async () => {
    const { desktop } = fakeDesktop({
      'jira:getConnection': () => Promise.resolve({ connection: null, secretStorage: 'available' }),
      'jira:saveConnection': () =>
        Promise.reject(
          new DesktopError('invalid-request', 'The Jira address must start with https://.'),
        ),
    });
    await render(<JiraConnectionDialog desktop={desktop} opened onClose={() => undefined} />);
    await settle();
    await click(
      [...document.querySelectorAll('label')].find(
        (label) => label.textContent === 'Jira Data Center',
      ),
    );
    await type(field('Base URL'), 'https://jira.acme.io');
    await type(field('Personal access token'), 'pat');
    expect(() => field('E-mail')).toThrow();
    await click(button('Save'));
    expect(document.body.textContent).toContain('The Jira address must start with https://.');
  });

  it('explains a computer without a keyring and does not offer to save', async () => {
    const { desktop } = fakeDesktop({
      'jira:getConnection': () =>
        Promise.resolve({ connection: null, secretStorage: 'basic-text' }),
    });
    await render(<JiraConnectionDialog desktop={desktop} opened onClose={() => undefined} />);
    await settle();
    expect(document.body.textContent).toContain('gnome-keyring');
    await type(field('Site'), 'https://acme.atlassian.net');
    await type(field('E-mail'), 'ada@acme.io');
    await type(field('API token'), 'secret-token');
    expect(button('Save')!.disabled).toBe(true);
  });
});

describe('the Jira push dialog', () => {
  function documentOf(model: Model) {
    const store = createEditorStore({ document: model });
    return {
      store,
      document: {
        current: () => store.getState().document,
        storiesOf: storiesOfTestModel,
        apply: (label: string, edit: (model: Model) => Model) =>
          void store.getState().apply(label, edit),
      },
    };
  }

  it('previews, pushes with progress, shows results per item and writes the keys back', async () => {
    const model = jiraTestModel();
    const stories = storiesOfTestModel(model);
    const [first, second] = stories;
    let finish: () => void = () => undefined;
    const { desktop, calls, emit, listeners } = fakeDesktop({
      'jira:getConnection': () =>
        Promise.resolve({ connection: cloud, secretStorage: 'available' }),
      'jira:preview': () =>
        Promise.resolve({
          epics: [{ featureId: 'checkout', name: 'Checkout', issueKey: null }],
          stories: [
            {
              storyId: first!.id,
              summary: 'First story',
              action: 'create',
              issueKey: null,
              keySource: null,
            },
            {
              storyId: second!.id,
              summary: 'Second story',
              action: 'update',
              issueKey: 'SHOP-4',
              keySource: 'label',
            },
          ],
        }),
      'jira:push': () =>
        new Promise((resolve) => {
          finish = () =>
            resolve({
              epics: [
                { featureId: 'checkout', outcome: 'created', issueKey: 'SHOP-5', message: null },
              ],
              results: [
                {
                  storyId: first!.id,
                  outcome: 'failed',
                  issueKey: null,
                  message: 'priority: Specify a valid priority.',
                },
                { storyId: second!.id, outcome: 'updated', issueKey: 'SHOP-4', message: null },
              ],
            });
        }),
    });
    const { store, document: pushDocument } = documentOf(model);
    await render(
      <JiraPushDialog desktop={desktop} document={pushDocument} opened onClose={() => undefined} />,
    );
    await settle();
    expect(document.body.textContent).toContain('To https://acme.atlassian.net');
    expect(button('Preview')!.disabled).toBe(true);
    await type(field('Jira project key'), 'shop');
    expect(field('Jira project key').value).toBe('SHOP');
    await click(button('Preview'));
    expect(calls.at(-1)).toMatchObject({
      channel: 'jira:preview',
      request: { projectKey: 'SHOP', which: 'accepted' },
    });
    const previewTable = document.querySelector('table[aria-label="Preview of the push"]')!;
    expect(previewTable.textContent).toContain('Update SHOP-4 (found by label)');
    expect(previewTable.textContent).toContain('Create');
    expect(document.body.textContent).toContain(
      '1 epic and 1 story will be created; 1 story updated.',
    );

    await click(button('Push 2 stories'));
    expect(listeners.size).toBe(1);
    emit({ done: 2, total: 3, phase: 'stories' });
    const progress = document.querySelector('[aria-label="Push progress"]')!;
    expect(progress.getAttribute('aria-valuenow')).toBe(String((100 * 2) / 3));
    expect(document.body.textContent).toContain('Stories: 2 of 3 items');
    await act(async () => finish());
    await settle();
    expect(listeners.size).toBe(0);

    const results = document.querySelector('table[aria-label="Result of the push"]')!;
    expect(results.textContent).toContain('priority: Specify a valid priority.');
    expect(results.textContent).toContain('SHOP-5');
    expect(document.body.textContent).toContain('1 item failed; the others were pushed.');
    const written = store.getState().document;
    expect(written.features[0]!.jiraEpicKey).toBe('SHOP-5');
    expect(written.stories.find((record) => record.id === second!.id)).toMatchObject({
      jiraIssueKey: 'SHOP-4',
      trackerKey: 'SHOP-4',
    });
    expect(written.stories.find((record) => record.id === first!.id)).toBeUndefined();
    expect(store.getState().past.at(-1)!.label).toBe('Record Jira keys');
  });

  it('shows a typed failure and offers to connect when there is no connection', async () => {
    const { desktop } = fakeDesktop({
      'jira:getConnection': () => Promise.resolve({ connection: null, secretStorage: 'available' }),
    });
    const { document: pushDocument } = documentOf(jiraTestModel());
    await render(
      <JiraPushDialog desktop={desktop} document={pushDocument} opened onClose={() => undefined} />,
    );
    await settle();
    expect(document.body.textContent).toContain('No Jira connection yet');
    await type(field('Jira project key'), 'SHOP');
    expect(button('Preview')!.disabled).toBe(true);
    expect(button('Connect to Jira…')).toBeDefined();

    const unauthorized = fakeDesktop({
      'jira:getConnection': () =>
        Promise.resolve({ connection: cloud, secretStorage: 'available' }),
      'jira:preview': () =>
        Promise.reject(
          new DesktopError('jira-unauthorized', 'Jira refused the credentials (401).'),
        ),
    });
    act(() => root?.unmount());
    await render(
      <JiraPushDialog
        desktop={unauthorized.desktop}
        document={pushDocument}
        opened
        onClose={() => undefined}
      />,
    );
    await settle();
    await type(field('Jira project key'), 'SHOP');
    await click(button('Preview'));
    expect(document.querySelector('[role="alert"]')!.textContent).toContain(
      'Jira refused the credentials (401).',
    );
  });
});

describe('the Push to Jira button', () => {
  async function renderExport(desktop: DesktopApi | null) {
    const model = jiraTestModel();
    const analysis = createStore(() => ({
      snapshot: null,
      stale: true,
    })) as unknown as AnalysisStore;
    const platform = { kind: desktop ? 'desktop' : 'browser', desktop } as unknown as Platform;
    await render(
      <ServicesContext.Provider
        value={{ platform, db: {} as never, documentId: 'd', fileName: null }}
      >
        <EditorStoreContext.Provider value={createEditorStore({ document: model })}>
          <AnalysisContext.Provider value={analysis}>
            <JiraExportButton stories={storiesOfTestModel(model)} />
          </AnalysisContext.Provider>
        </EditorStoreContext.Provider>
      </ServicesContext.Provider>,
    );
  }

  it('appears only on the desktop', async () => {
    await renderExport(null);
    expect(button('Export for Jira…')).toBeDefined();
    expect(button('Push to Jira…')).toBeUndefined();
    act(() => root?.unmount());
    const { desktop } = fakeDesktop({
      'jira:getConnection': () => Promise.resolve({ connection: null, secretStorage: 'available' }),
    });
    await renderExport(desktop);
    expect(button('Push to Jira…')).toBeDefined();
    await click(button('Push to Jira…'));
    // The modal mounts after its (zero-length, reduced-motion) transition frame.
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(document.body.textContent).toContain('Push stories to Jira');
  });
});
