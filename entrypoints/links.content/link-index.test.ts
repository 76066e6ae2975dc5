// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { LinkIndex } from './link-index';

const FILE = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';
const FOLDER = 'https://contoso.sharepoint.com/:f:/s/Marketing/EsFoLdEr?e=9aB1';
const PERSONAL = 'https://1drv.ms/w/c/db31c5aff0d22737/EUqSaBc?e=xYz';

function anchor(href: string, text = href): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

let index: LinkIndex | undefined;
afterEach(() => {
  index?.stop();
  document.body.replaceChildren();
});

describe('LinkIndex', () => {
  it('finds the share links already on the page, once per URL, with their text', async () => {
    document.body.append(
      anchor(FILE, '  Budget\n 2027 '),
      anchor('https://example.com/budget.xlsx'),
      anchor('https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7'),
      anchor(`${FILE}#section`, 'Budget again'),
      anchor(PERSONAL, 'Trip notes'),
    );
    index = new LinkIndex(document);
    index.start();
    await index.whenIdle();
    expect(index.list()).toEqual([
      { url: FILE, provider: 'sharepoint', text: 'Budget 2027' },
      { url: PERSONAL, provider: 'onedrive', text: 'Trip notes' },
    ]);
  });

  it('follows links added, changed and removed later', async () => {
    index = new LinkIndex(document);
    index.start();
    await index.whenIdle();
    const wrapper = document.createElement('div');
    const changing = anchor('https://example.com/', 'Changing');
    wrapper.append(anchor(FOLDER, 'Assets'), changing);
    document.body.append(wrapper);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await index.whenIdle();
    expect(index.list().map((link) => link.url)).toEqual([FOLDER]);

    changing.href = FILE;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await index.whenIdle();
    expect(index.list().map((link) => link.url)).toEqual([FOLDER, FILE]);

    wrapper.remove();
    expect(index.list()).toEqual([]);
  });

  it('classifies thousands of links in slices until done', async () => {
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < 3000; i++)
      fragment.append(anchor(i % 10 === 0 ? `${FILE}&n=${i}` : `https://example.com/${i}`));
    document.body.append(fragment);
    index = new LinkIndex(document);
    index.start();
    await index.whenIdle();
    expect(index.list()).toHaveLength(300);
  });
});

describe('LinkIndex on unusual input', () => {
  it('lists links whose host is written in capitals when the popup asks', async () => {
    const shouting = 'https://CONTOSO.SHAREPOINT.COM/:w:/s/Legal/EaLoUd?e=9Zz1';
    document.body.append(anchor(shouting, 'Shouting'), anchor(FILE, 'Quiet'));
    const index = new LinkIndex(document);
    index.start();
    await index.whenIdle();
    expect(index.list().map((link) => link.text)).toEqual(['Quiet']);
    expect(index.listAll().map((link) => link.text)).toEqual(['Quiet', 'Shouting']);
    index.stop();
  });
});
