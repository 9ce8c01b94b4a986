// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REVOKE_DELAY_MS, createBrowserPlatform, toDownloadName } from './browserPlatform';
import { MAX_OPEN_BYTES, PlatformError } from './platform';

/** A browser platform whose object URLs and timers the test can see. */
function setUp() {
  const blobs = new Map<string, Blob>();
  const revoked: string[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const clicked: HTMLAnchorElement[] = [];
  // jsdom cannot navigate to a blob: URL; record the anchor instead of following it.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    expect(this.isConnected).toBe(true);
    clicked.push(this);
  });
  const platform = createBrowserPlatform({
    document,
    createObjectURL: (blob) => {
      const url = `blob:test/${blobs.size + 1}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url) => revoked.push(url),
    setTimeout: (callback, ms) => timers.push({ callback, ms }),
  });
  return { platform, blobs, revoked, timers, clicked };
}

/** The hidden file input the platform added for the pending pick. */
function pendingInput(): HTMLInputElement {
  const inputs = document.querySelectorAll<HTMLInputElement>('input[type="file"]');
  expect(inputs).toHaveLength(1);
  return inputs[0]!;
}

/** Simulates the person choosing `file` in the dialog. */
function choose(input: HTMLInputElement, file: Pick<File, 'name' | 'size' | 'text'>): void {
  Object.defineProperty(input, 'files', { value: [file] });
  input.dispatchEvent(new Event('change'));
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('browser platform: saving and exporting', () => {
  it('downloads the model text under the suggested name and revokes the URL later', async () => {
    const { platform, blobs, revoked, timers, clicked } = setUp();
    const text = '{\n  "format": "gatehouse-model"\n}\n';

    const saved = await platform.saveModelFile({
      suggestedName: 'webshop.gatehouse.json',
      text,
      handle: 'ignored-in-the-browser',
    });

    expect(saved).toEqual({ name: 'webshop.gatehouse.json', handle: null });
    expect(clicked).toHaveLength(1);
    const anchor = clicked[0]!;
    expect(anchor.download).toBe('webshop.gatehouse.json');
    const blob = blobs.get(anchor.getAttribute('href')!);
    expect(blob).toBeDefined();
    expect(await blob!.text()).toBe(text);
    expect(blob!.type).toBe('application/json');
    // The temporary anchor is gone; the URL stays valid until the delayed revocation runs.
    expect(anchor.isConnected).toBe(false);
    expect(revoked).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(REVOKE_DELAY_MS);
    timers[0]!.callback();
    expect(revoked).toEqual([anchor.getAttribute('href')]);
  });

  it('exports text as UTF-8 with the requested media type', async () => {
    const { platform, blobs, clicked } = setUp();

    await platform.exportFile({
      suggestedName: 'threats.csv',
      mimeType: 'text/csv',
      content: 'name,risk\nTampering – café,high\n',
    });

    const anchor = clicked[0]!;
    expect(anchor.download).toBe('threats.csv');
    const blob = blobs.get(anchor.getAttribute('href')!)!;
    expect(blob.type).toBe('text/csv');
    expect(await blob.text()).toBe('name,risk\nTampering – café,high\n');
  });

  it('exports a Blob with its bytes unchanged', async () => {
    const { platform, blobs, clicked } = setUp();
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

    await platform.exportFile({
      suggestedName: 'diagram.png',
      mimeType: 'image/png',
      content: new Blob([bytes]),
    });

    const blob = blobs.get(clicked[0]!.getAttribute('href')!)!;
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
  });

  it('makes a model name from user text into a safe file name', async () => {
    const { platform, clicked } = setUp();

    const saved = await platform.saveModelFile({
      suggestedName: '../Shop: "v2"?\n.gatehouse.json',
      text: '{}',
      handle: null,
    });

    expect(saved?.name).toBe('_Shop_ _v2___.gatehouse.json');
    expect(clicked[0]!.download).toBe(saved?.name);
  });
});

describe('toDownloadName', () => {
  it('replaces separators and control characters, drops leading dots and trailing dots', () => {
    expect(toDownloadName('a/b\\c:d*e?f"g<h>i|j\u0007k\u007f.txt')).toBe(
      'a_b_c_d_e_f_g_h_i_j_k_.txt',
    );
    expect(toDownloadName('  ..hidden. . ')).toBe('hidden');
    expect(toDownloadName('')).toBe('download');
    expect(toDownloadName('x'.repeat(500))).toHaveLength(200);
  });
});

describe('browser platform: opening and importing', () => {
  it('reads the chosen model file as text, with no handle, and removes the input', async () => {
    const { platform } = setUp();
    const opening = platform.openModelFile();
    const input = pendingInput();
    expect(input.accept).toBe('.json,application/json');

    choose(input, new File(['{"format":"gatehouse-model"}'], 'shop.gatehouse.json'));

    await expect(opening).resolves.toEqual({
      name: 'shop.gatehouse.json',
      text: '{"format":"gatehouse-model"}',
      handle: null,
    });
    expect(input.isConnected).toBe(false);
  });

  it('offers the given accept list when importing', async () => {
    const { platform } = setUp();
    const importing = platform.importFile(['.yaml', '.yml', '.json']);
    const input = pendingInput();
    expect(input.accept).toBe('.yaml,.yml,.json');

    choose(input, new File(['otmVersion: 0.2.0\n'], 'system.otm.yaml'));

    expect((await importing)?.text).toBe('otmVersion: 0.2.0\n');
  });

  it('resolves null when the dialog is cancelled', async () => {
    const { platform } = setUp();
    const opening = platform.openModelFile();
    const input = pendingInput();

    input.dispatchEvent(new Event('cancel'));

    await expect(opening).resolves.toBeNull();
    expect(input.isConnected).toBe(false);
  });

  it('refuses a file over the limit without reading it', async () => {
    const { platform } = setUp();
    const text = vi.fn(() => Promise.resolve('never read'));
    const opening = platform.openModelFile();

    choose(pendingInput(), { name: 'huge.gatehouse.json', size: MAX_OPEN_BYTES + 1, text });

    const error: unknown = await opening.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: 'too-large' });
    expect((error as Error).message).toBe(
      'huge.gatehouse.json is too large to open (64.0 MiB; the limit is 64.0 MiB).',
    );
    expect(text).not.toHaveBeenCalled();
  });

  it('reads a file of exactly the limit', async () => {
    const { platform } = setUp();
    const text = vi.fn(() => Promise.resolve('{}'));
    const opening = platform.importFile(['.json']);

    choose(pendingInput(), { name: 'big.json', size: MAX_OPEN_BYTES, text });

    await expect(opening).resolves.toMatchObject({ name: 'big.json', text: '{}' });
    expect(text).toHaveBeenCalledOnce();
  });

  it('reports a file the browser cannot read as unreadable', async () => {
    const { platform } = setUp();
    const opening = platform.openModelFile();

    choose(pendingInput(), {
      name: 'gone.json',
      size: 10,
      text: () => Promise.reject(new DOMException('gone', 'NotReadableError')),
    });

    await expect(opening).rejects.toMatchObject({
      name: 'PlatformError',
      code: 'unreadable',
      message: 'gone.json could not be read.',
    });
  });
});
