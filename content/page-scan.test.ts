// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageLinksAnswer } from '@/lib/messages';
import { PAGE_SCAN_OPTIONS, scanPageLinks } from './page-scan';

const scan = async () =>
  JSON.parse(await scanPageLinks(PAGE_SCAN_OPTIONS)).anchors as PageLinksAnswer['anchors'];

const FILE = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';
const FOLDER = 'https://contoso.sharepoint.com/:f:/s/Marketing/EsFoLdEr?e=9aB1';
const PERSONAL = 'https://1drv.ms/w/c/db31c5aff0d22737/EUqSaBc?e=xYz';

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

describe('scanPageLinks', () => {
  it('finds the links that mention a share host, each href once, with their text', async () => {
    document.body.append(
      anchor(FILE, '  Budget\n 2027 '),
      anchor('https://example.com/budget.xlsx'),
      anchor('https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7', 'Lookalike'),
      anchor(FILE, 'Budget again'),
      anchor(PERSONAL, 'Trip notes'),
    );
    // The lookalike mentions a share host: the popup, which classifies, drops it.
    expect(await scan()).toEqual([
      { href: FILE, text: 'Budget 2027' },
      { href: 'https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7', text: 'Lookalike' },
      { href: PERSONAL, text: 'Trip notes' },
    ]);
  });

  it('lists links of different share hosts in the order the page has them', async () => {
    const later = 'https://onedrive.live.com/?cid=1A2B3C4D5E6F7A8B&id=1A2B3C4D5E6F7A8B%21105&authkey=!AbC';
    document.body.append(
      anchor(PERSONAL, 'One'),
      anchor(FILE, 'Two'),
      anchor(later, 'Three'),
      anchor(FOLDER, 'Four'),
    );
    expect((await scan()).map((found) => found.text)).toEqual(['One', 'Two', 'Three', 'Four']);
  });

  it('finds links written with capitals in their host, as the browser resolves them', async () => {
    document.body.append(anchor('https://Contoso.SharePoint.com/:f:/s/Marketing/EsFoLdEr?e=9aB1', 'Assets'));
    expect(await scan()).toEqual([{ href: FOLDER, text: 'Assets' }]);
  });

  it('keeps links with capitals in their host where they stand among the others', async () => {
    document.body.append(
      anchor('https://1DRV.MS/w/c/db31c5aff0d22737/EUqSaBc?e=first', 'First'),
      anchor(FILE, 'Second'),
      anchor('https://Contoso.SharePoint.com/:f:/s/Marketing/EsFoLdEr?e=third', 'Third'),
      anchor('https://Contoso.SharePoint.com/:f:/s/Marketing/EsFoLdEr?e=fourth', 'Fourth'),
      anchor(PERSONAL, 'Fifth'),
      anchor('https://OneDrive.Live.com/?cid=1A2B3C4D5E6F7A8B&id=1A2B3C4D5E6F7A8B%21105', 'Sixth'),
    );
    expect((await scan()).map((found) => found.text)).toEqual([
      'First',
      'Second',
      'Third',
      'Fourth',
      'Fifth',
      'Sixth',
    ]);
  });

  it('lists a page full of links with capitals in their host, in page order', async () => {
    for (let i = 0; i < 40; i++) {
      document.body.append(
        anchor(`https://Contoso.SharePoint.com/:x:/s/Finance/EbC7aBcD?e=${i}`, `Capital ${i}`),
        anchor(`https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=lower${i}`, `Lower ${i}`),
      );
    }
    const texts = (await scan()).map((found) => found.text);
    expect(texts).toHaveLength(80);
    expect(texts.slice(0, 4)).toEqual(['Capital 0', 'Lower 0', 'Capital 1', 'Lower 1']);
    expect(texts.at(-1)).toBe('Lower 39');
  });

  it('on a SharePoint page, also finds relative links, made absolute', async () => {
    const { happyDOM } = window as unknown as { happyDOM: { setURL(url: string): void } };
    happyDOM.setURL('https://contoso.sharepoint.com/sites/Team/SitePages/Home.aspx');
    document.body.append(anchor('/sites/Team/Shared%20Documents/a.docx', 'Plan'));
    expect(await scan()).toEqual([
      { href: 'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/a.docx', text: 'Plan' },
    ]);
  });

  it('finds links in frames of the same origin', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument?.body.append(frame.contentDocument.createElement('p'));
    const inFrame = frame.contentDocument?.createElement('a') as HTMLAnchorElement;
    inFrame.href = PERSONAL;
    inFrame.textContent = 'In the mail';
    frame.contentDocument?.body.append(inFrame);
    expect(await scan()).toEqual([{ href: PERSONAL, text: 'In the mail' }]);
  });

  it('looks into open shadow roots, nested ones too, and not into closed ones', async () => {
    const outer = document.createElement('chat-thread');
    const open = outer.attachShadow({ mode: 'open' });
    const inner = document.createElement('chat-message');
    inner.attachShadow({ mode: 'open' }).append(anchor(PERSONAL, 'Trip notes'));
    open.append(anchor(FOLDER, 'Assets'), inner);
    const closed = document.createElement('secret-box');
    closed.attachShadow({ mode: 'closed' }).append(anchor(FILE, 'Hidden'));
    document.body.append(outer, closed);
    expect((await scan()).map((found) => found.text)).toEqual(['Assets', 'Trip notes']);
  });

  it('gives the page its turn between slices, and still finds every link', async () => {
    const list = document.createElement('ul');
    for (let i = 0; i < 3_000; i++) {
      const href =
        i % 10 === 0 ? `https://contoso.sharepoint.com/:x:/s/A/Eb${i}?e=x` : `https://example.com/${i}`;
      list.append(anchor(href, `Link ${i}`));
    }
    document.body.append(list);
    // A slow machine: every look at the clock finds 5 ms gone.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5));
    let pageRan = false;
    setTimeout(() => {
      pageRan = true;
    }, 0);
    const found = await scan();
    expect(pageRan).toBe(true);
    expect(found).toHaveLength(300);
    expect(found[1]?.text).toBe('Link 10');
  });
});
