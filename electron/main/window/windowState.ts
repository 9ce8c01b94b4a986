/**
 * The window's size and place, remembered between runs. Read back from the settings file, so it
 * is validated, and fitted to the displays that exist now (a monitor may have been unplugged).
 */
import * as z from 'zod';

export const WindowBoundsSchema = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});
export type WindowBounds = z.infer<typeof WindowBoundsSchema>;

export const WindowStateSchema = z.strictObject({
  bounds: WindowBoundsSchema,
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the window must stay on a display to keep its place (to grab its title bar). */
const MIN_VISIBLE = 100;

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The remembered bounds if enough of them lies on one of `workAreas`, shrunk to that area;
 * otherwise null (the window opens centered at the default size).
 */
export function fitToDisplays(
  bounds: WindowBounds,
  workAreas: readonly Rectangle[],
): WindowBounds | null {
  for (const area of workAreas) {
    const visible = overlap(bounds, area);
    if (visible.width >= MIN_VISIBLE && visible.height >= MIN_VISIBLE) {
      const width = Math.min(bounds.width, area.width);
      const height = Math.min(bounds.height, area.height);
      const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
      const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
      return { x, y, width, height };
    }
  }
  return null;
}
