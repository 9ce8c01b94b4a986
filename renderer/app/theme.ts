/**
 * The visual language: one calm primary colour, and STRIDE and severity colours chosen to stay
 * apart in grayscale (severity also always shows its word, never colour alone).
 */
import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const gatehouseTheme = createTheme({
  primaryColor: 'indigo',
  // Shade 8: white text on it meets WCAG AA contrast (shade 6 does not).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
});

/** Secondary ("dimmed") text dark enough for WCAG AA contrast on the default backgrounds. */
export const gatehouseCssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
