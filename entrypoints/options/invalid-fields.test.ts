// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { useLocale } from '@/tests/setup/chrome-i18n';
import { pointToInvalidFields } from './invalid-fields';

/** Three labelled fields, built with DOM calls (no markup from strings). */
function form(): void {
  const fields: Array<[string, string, 'input' | 'textarea']> = [
    ['a', 'Client ID', 'input'],
    ['b', 'Hover delay (milliseconds)', 'input'],
    ['c', 'Sites where previews are off', 'textarea'],
  ];
  for (const [id, text, tag] of fields) {
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = text;
    const field = document.createElement(tag);
    field.id = id;
    document.body.append(label, field);
  }
}

describe('pointToInvalidFields', () => {
  afterEach(() => {
    document.body.replaceChildren();
    useLocale('en');
  });

  it('focuses the first invalid field in page order and names them all', () => {
    form();
    expect(pointToInvalidFields(['c', 'a'])).toBe(
      '2 fields need fixing: Client ID, Sites where previews are off.',
    );
    expect(document.activeElement?.id).toBe('a');
  });

  it('says it in German too', () => {
    form();
    useLocale('de');
    expect(pointToInvalidFields(['b'])).toBe('1 Feld muss korrigiert werden: Hover delay (milliseconds).');
  });

  it('falls back to the general message when an error has no field on the page', () => {
    form();
    expect(pointToInvalidFields(['b', 'providers.graph.gone'])).toBe('Some settings need a fix (see below).');
    expect(document.activeElement?.id).toBe('b');
  });
});
