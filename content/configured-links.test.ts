// @vitest-environment happy-dom
/**
 * Links on the person's configured servers (ContentStore): the hover's classification and the popup's page scan
 * find them with the settings the background hands over, and nothing else on those hosts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { shareLinksOf } from '@/entrypoints/popup/tab-links';
import { configuredHosts, linkSettings } from '@/lib/links';
import type { PageLinksAnswer } from '@/lib/messages';
import { DEFAULT_LINK_PATTERNS } from '@/lib/providers/contentstore/patterns';
import { pageScanOptions, scanPageLinks } from './page-scan';
import { classifyAnchor } from './scan';

const providers = {
  graph: { clientId: 'x' },
  contentstore: {
    servers: [
      {
        id: 'emu',
        webAddress: 'http://127.0.0.1:4567',
        apiPath: 'webconsole/api',
        userName: 'megan',
        linkPatterns: [...DEFAULT_LINK_PATTERNS],
      },
    ],
  },
};
const sections = linkSettings(providers);
const detect = { providers: sections };
const configured = { detect, hosts: configuredHosts(detect) };
const PUBLIC = 'http://127.0.0.1:4567/webconsole/publicshare/12';
const FILE = 'http://127.0.0.1:4567/webconsole/api/contentstore/file/62df0e9f1899425eb98173a8adb802c6';

function anchor(href: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = href;
  document.body.append(a);
  return a;
}

afterEach(() => document.body.replaceChildren());

describe('configured servers in the page', () => {
  it('hands the content script addresses and patterns, never user names', () => {
    expect(JSON.stringify(sections)).not.toContain('megan');
    expect(sections).toEqual({
      contentstore: {
        servers: [
          { id: 'emu', webAddress: 'http://127.0.0.1:4567', linkPatterns: [...DEFAULT_LINK_PATTERNS] },
        ],
      },
    });
    expect(configured.hosts).toEqual(['127.0.0.1:4567']);
  });

  it('classifies configured links on hover, only with the settings, and nothing else on that host', () => {
    expect(classifyAnchor(anchor(PUBLIC), configured)).toEqual({ provider: 'contentstore', url: PUBLIC });
    expect(classifyAnchor(anchor(FILE), configured)?.provider).toBe('contentstore');
    expect(classifyAnchor(anchor(PUBLIC))).toBeNull();
    expect(classifyAnchor(anchor('http://127.0.0.1:4567/webconsole/'), configured)).toBeNull();
    expect(classifyAnchor(anchor('http://127.0.0.1:4568/webconsole/publicshare/12'), configured)).toBeNull();
  });

  it('finds them in the popup’s page scan', async () => {
    anchor(PUBLIC);
    anchor('http://127.0.0.1:4567/webconsole/');
    anchor('https://example.com/');
    const options = pageScanOptions(configured.hosts);
    const answer = JSON.parse(await scanPageLinks(options)) as PageLinksAnswer;
    const links = shareLinksOf(answer.anchors, detect);
    expect(links).toEqual([{ url: PUBLIC, provider: 'contentstore', text: PUBLIC }]);
    expect(pageScanOptions([])).toBe(pageScanOptions([]));
  });
});
