// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { SharedItem } from '@/lib/model';
import { ItemSummary } from './ItemSummary';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function show(item: SharedItem): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(<ItemSummary item={item} now={NOW} />, root);
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
});

const file: SharedItem = {
  provider: 'sharepoint',
  url: 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7?e=4fQ2',
  id: '1',
  name: 'Budget 2027.xlsx',
  kind: 'file',
  size: 48_213,
  owner: { displayName: 'Adele Vance', email: 'adele@contoso.com' },
  modified: '2026-11-19T12:00:00Z',
  webUrl: 'https://contoso.sharepoint.com/sites/Finance/Budget.xlsx',
};

describe('ItemSummary', () => {
  it('names where the item is stored, so a look-alike tenant shows as itself', () => {
    const root = show({ ...file, source: 'contoso-finance.sharepoint.com' });
    const source = root.querySelector('.item-source');
    expect(source?.textContent).toBe('contoso-finance.sharepoint.com');
    expect(source?.getAttribute('title')).toBe('Where the item is stored');
    expect(show({ ...file, source: undefined }).querySelector('.item-source')).toBeNull();
  });

  it('shows name, type, size, owner and when it changed', () => {
    const root = show(file);
    expect(root.querySelector('h1')?.textContent).toBe('Budget 2027.xlsx');
    expect(root.textContent).toContain('Excel workbook');
    expect(root.textContent).toContain('47 kB');
    expect(root.textContent).toContain('Adele Vance');
    expect(root.textContent).toContain('3 days ago');
    expect(root.querySelector('h1 a')?.getAttribute('href')).toBe(file.webUrl);
  });

  it('renders provider text as text and drops non-https links', () => {
    const root = show({
      ...file,
      name: '<img src=x onerror=alert(1)>.docx',
      webUrl: 'javascript:alert(1)',
      thumbnailDataUrl: 'javascript:alert(2)',
    });
    expect(root.querySelector('h1')?.textContent).toBe('<img src=x onerror=alert(1)>.docx');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')).toBeNull();
  });

  it('shows a folder’s count and its first children', () => {
    const children = Array.from({ length: 8 }, (_, i) => ({
      name: `Photo ${i + 1}.jpg`,
      kind: 'file' as const,
    }));
    const root = show({ ...file, name: 'Launch assets', kind: 'folder', childCount: 12, children, size: 10 });
    expect(root.textContent).toContain('12 items');
    expect(root.textContent).not.toContain('Size');
    const names = [...root.querySelectorAll('.children .child-name')].map((li) => li.textContent);
    expect(names).toEqual(['Photo 1.jpg', 'Photo 2.jpg', 'Photo 3.jpg', 'Photo 4.jpg', 'Photo 5.jpg']);
    expect(root.querySelector('.children .more')?.textContent).toBe('and 7 more');
  });
});
