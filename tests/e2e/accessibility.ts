import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect } from './fixtures';

/**
 * The accessibility checks every extension surface passes (issue 13), in light and in dark: axe-core with no
 * serious or critical violation, and what axe does not measure — live regions are not nested, controls'
 * borders stand out 3:1 from what is behind them, and every target is at least 24×24 CSS px.
 *
 * A new surface needs one line: `await expectAccessible(page, 'setup page')`.
 */

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Fails on these; "minor" and "moderate" findings are printed in no report and block nothing. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs every check on `target` in both colour schemes. `target` is a page, or a frame of one (the hover card is
 * an extension page in an iframe inside a closed shadow root, which axe cannot cross from the outer page).
 */
export async function expectAccessible(target: Page | Frame, what: string): Promise<void> {
  const page = 'page' in target ? target.page() : target;
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect
        .poll(() => target.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))
        .toBe(scheme === 'dark');
      const problems = [
        ...formatAxe(await runAxe(target)),
        ...(await target.evaluate(nestedLiveRegions)),
        ...(await target.evaluate(weakControlBorders)),
        ...(await target.evaluate(smallTargets)),
      ];
      expect(problems, `${what} (${scheme}):\n${problems.join('\n')}`).toEqual([]);
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
  }
}

async function runAxe(target: Page | Frame): Promise<AxeResults> {
  if ('page' in target) {
    // A frame on its own: axe-core itself, run in that frame's document.
    await target.evaluate(axeSource);
    return target.evaluate(() =>
      (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
    ) as Promise<AxeResults>;
  }
  // Legacy mode runs axe in the page itself; the default opens a blank page of the context for each run to merge
  // frame results, which in the extension's persistent context hung on the second or third run of a page. The
  // extension pages have no frames of their own (the card's frame is checked on its own, above).
  return new AxeBuilder({ page: target }).setLegacyMode().analyze();
}

function formatAxe(results: AxeResults): string[] {
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map(
      (violation) =>
        `axe ${violation.impact} ${violation.id}: ${violation.help}\n` +
        violation.nodes
          .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n\s*/g, ' ')}`)
          .join('\n'),
    );
}

// The functions below run in the browser (`evaluate`): each is self-contained and returns its findings as text.

/** A live region inside another makes screen readers announce the inner change twice, or not at all. */
function nestedLiveRegions(): string[] {
  const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
  return [...document.querySelectorAll(live)]
    .filter((region) => region.parentElement?.closest(live))
    .map((region) => `nested live region: ${region.outerHTML.slice(0, 120)}`);
}

/**
 * WCAG 1.4.11: a control's boundary (its border, or its own fill) contrasts 3:1 with what is behind it.
 * Disabled controls are exempt, as are native check boxes and radio buttons (drawn by the browser).
 */
function weakControlBorders(): string[] {
  const parse = (color: string) => {
    const [r = 0, g = 0, b = 0, a = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
    const linear = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p) as [number, number];
    return (x + 0.05) / (y + 0.05);
  };
  /** The first opaque background behind `element` (the page's canvas when none). */
  const behind = (element: Element | null): string => {
    for (let each = element; each; each = each.parentElement) {
      const color = getComputedStyle(each).backgroundColor;
      if (parse(color).a > 0.5) return color;
    }
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)';
  };
  const controls = document.querySelectorAll<HTMLElement>(
    'input:not([type="checkbox"], [type="radio"], [type="hidden"]), select, textarea, button, .button',
  );
  const problems: string[] = [];
  for (const control of controls) {
    if (control.matches(':disabled') || control.getClientRects().length === 0) continue;
    const style = getComputedStyle(control);
    const outside = behind(control.parentElement);
    const border =
      Number.parseFloat(style.borderTopWidth) > 0 && parse(style.borderTopColor).a > 0.5
        ? contrast(style.borderTopColor, outside)
        : 0;
    const fill = parse(style.backgroundColor).a > 0.5 ? contrast(style.backgroundColor, outside) : 0;
    if (Math.max(border, fill) < 3)
      problems.push(
        `border ${Math.max(border, fill).toFixed(2)}:1 < 3:1: ${control.outerHTML.slice(0, 100)} (border ${style.borderTopColor} on ${outside})`,
      );
  }
  return problems;
}

/**
 * WCAG 2.5.8: every target at least 24×24 CSS px. Links inside a sentence are exempt; a check box or radio
 * button counts with its label, which takes the same click.
 */
function smallTargets(): string[] {
  const targets = document.querySelectorAll<HTMLElement>(
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
  );
  const problems: string[] = [];
  for (const target of targets) {
    if (target.getClientRects().length === 0) continue;
    const inSentence =
      target.matches('a:not(.button)') &&
      [...(target.parentElement?.childNodes ?? [])].some(
        (node) => node !== target && (node.textContent ?? '').trim() !== '',
      );
    if (inSentence) continue;
    const box = (
      target.matches('input[type="checkbox"], input[type="radio"]')
        ? (target.closest('label') ?? target)
        : target
    ).getBoundingClientRect();
    // Half a pixel of rounding (fonts, zoom) is not a smaller target.
    if (box.width < 23.5 || box.height < 23.5)
      problems.push(
        `target ${Math.round(box.width)}×${Math.round(box.height)} px < 24×24: ${target.outerHTML.slice(0, 100)}`,
      );
  }
  return problems;
}
