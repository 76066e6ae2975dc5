// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SharedItem } from '@/lib/model';
import { useLocale } from '@/tests/setup/chrome-i18n';
import { ItemSummary } from './ItemSummary';
import { StatusMessage } from './StatusMessage';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function show(node: preact.ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

beforeEach(() => useLocale('de'));
afterEach(() => document.body.replaceChildren());

const file: SharedItem = {
  provider: 'sharepoint',
  url: 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7?e=4fQ2',
  id: '1',
  name: 'Budget 2027.xlsx',
  kind: 'file',
  size: 1_258_291,
  owner: { displayName: 'Adele Vance', email: 'adele@contoso.com' },
  modifiedBy: { displayName: 'נועה כהן' },
  modified: '2026-11-19T12:00:00Z',
  webUrl: 'https://contoso.sharepoint.com/sites/Finance/Budget.xlsx',
};

describe('ItemSummary in German', () => {
  it('labels facts in German and writes size and time as German readers do', () => {
    const root = show(<ItemSummary item={file} now={NOW} />);
    const text = root.textContent ?? '';
    expect(text).toContain('Excel-Arbeitsmappe');
    expect(text).toContain('Größe');
    expect(text).toContain('1,2 MB');
    expect(text).toContain('Besitzer');
    expect(text).toContain('Geändert');
    expect(text).toContain('vor 3 Tagen von נועה כהן');
    expect(root.querySelector('time')?.textContent).toBe('vor 3 Tagen');
  });

  it('gives names from the provider their own direction', () => {
    const root = show(<ItemSummary item={file} now={NOW} />);
    expect(root.querySelector('h1')?.getAttribute('dir')).toBe('auto');
    expect(root.querySelector('dd[title="adele@contoso.com"]')?.getAttribute('dir')).toBe('auto');
    expect(root.querySelector('bdi')?.textContent).toBe('נועה כהן');
    expect(root.querySelector('bdi')?.getAttribute('dir')).toBe('auto');
  });

  it('counts a folder’s entries with German plurals', () => {
    const children = Array.from({ length: 6 }, (_, i) => ({
      name: `Foto ${i + 1}.jpg`,
      kind: 'file' as const,
    }));
    const root = show(<ItemSummary item={{ ...file, kind: 'folder', childCount: 6, children }} now={NOW} />);
    expect(root.textContent).toContain('6 Elemente');
    expect(root.querySelector('.children')?.getAttribute('aria-label')).toBe('In diesem Ordner');
    expect(root.querySelector('.children .more')?.textContent).toBe('und 1 weiteres');
    expect(root.querySelector('.child-name')?.getAttribute('dir')).toBe('auto');
  });
});

describe('StatusMessage in German', () => {
  const actions = { onRetry() {}, onSignIn() {} };

  it('says when access is denied and how to sign in', () => {
    const denied = show(
      <StatusMessage
        state={{ status: 'failed', error: { kind: 'accessDenied', message: '…' } }}
        url={file.url}
        actions={actions}
      />,
    );
    expect(denied.textContent).toContain('Zugriff verweigert');
    expect(denied.textContent).toContain('Im Browser öffnen');
    const signedOut = show(
      <StatusMessage state={{ status: 'signedOut' } as never} url={file.url} actions={actions} />,
    );
    expect(signedOut.querySelector('button')?.textContent).toBe('Mit Microsoft anmelden');
  });
});
