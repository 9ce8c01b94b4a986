import { describe, expect, it, vi } from 'vitest';
import { isOpenableExternally, openExternalLink } from './externalLinks';
import { fitToDisplays } from './windowState';

describe('external links', () => {
  it('opens only http and https, after confirmation', async () => {
    const openExternal = vi.fn(async () => {});
    const confirm = vi.fn(async () => true);
    const deps = { confirm, openExternal, shouldConfirm: () => true };
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'app://gatehouse/index.html',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(await openExternalLink(url, deps)).toBe(false);
    }
    expect(confirm).not.toHaveBeenCalled();
    expect(await openExternalLink('https://owasp.org/ASVS', deps)).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://owasp.org/ASVS');
    expect(isOpenableExternally('http://example.com')).toBe(true);
  });

  it('does not open a link the person declined', async () => {
    const openExternal = vi.fn(async () => {});
    const declined = await openExternalLink('https://example.com/', {
      confirm: async () => false,
      openExternal,
      shouldConfirm: () => true,
    });
    expect(declined).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });
});

describe('fitToDisplays', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 900 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1440 };

  it('keeps bounds that lie on a display', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1000, height: 700 }, [laptop])).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
    });
  });

  it('forgets bounds on an unplugged monitor and shrinks oversized ones', () => {
    expect(fitToDisplays({ x: 2000, y: 100, width: 1200, height: 800 }, [laptop])).toBeNull();
    expect(fitToDisplays({ x: 1500, y: 0, width: 3000, height: 2000 }, [laptop, monitor])).toEqual({
      x: 1440,
      y: 0,
      width: 2560,
      height: 1440,
    });
  });
});
