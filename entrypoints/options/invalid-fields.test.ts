// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { useLocale } from '@/tests/setup/chrome-i18n';
import { pointToInvalidFields } from './invalid-fields';

function form(): void {
  document.body.innerHTML = `
    <label for="a">Client ID</label><input id="a">
    <label for="b">Hover delay (milliseconds)</label><input id="b">
    <label for="c">Sites where previews are off</label><textarea id="c"></textarea>`;
}

describe('pointToInvalidFields', () => {
  afterEach(() => {
    document.body.innerHTML = '';
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
