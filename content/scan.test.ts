// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { classifyAnchor } from './scan';

const FILE = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';
const FOLDER = 'https://contoso.sharepoint.com/:f:/s/Marketing/EsFoLdEr?e=9aB1';

function anchor(href: string, text = href): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

afterEach(() => {
  document.body.replaceChildren();
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    'http://localhost:3000/',
  );
});

describe('classifyAnchor', () => {
  it('classifies one anchor; a relative href only on a SharePoint or OneDrive page', () => {
    expect(classifyAnchor(anchor(FILE))?.url).toBe(FILE);
    expect(classifyAnchor(document.createElement('a'))).toBeNull();
    // Capitals in the host: the browser's resolved href is used.
    expect(
      classifyAnchor(anchor('https://Contoso.SharePoint.com/:f:/s/Marketing/EsFoLdEr?e=9aB1'))?.url,
    ).toBe(FOLDER);
    const relative = anchor('/sites/Team/Shared%20Documents/a.docx');
    document.body.append(relative);
    expect(classifyAnchor(relative)).toBeNull();
    const { happyDOM } = window as unknown as { happyDOM: { setURL(url: string): void } };
    happyDOM.setURL('https://contoso.sharepoint.com/sites/Team/SitePages/Home.aspx');
    expect(classifyAnchor(relative)?.url).toBe(
      'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/a.docx',
    );
  });
});
