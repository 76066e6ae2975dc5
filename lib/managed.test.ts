import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPolicy } from './managed';
import { newServer } from './providers/contentstore/settings';
import { DEFAULT_SETTINGS } from './settings';

interface SchemaNode {
  type: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
}

const MANAGED_SCHEMA = JSON.parse(
  readFileSync(new URL('../public/managed_schema.json', import.meta.url), 'utf8'),
) as SchemaNode;

/** The schema type Chrome checks a policy value against, for a value of the settings. */
function schemaType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (value !== null && typeof value === 'object') return 'object';
  return typeof value;
}

/** Every place where `value` and `node` disagree: a setting the schema lacks, a type that differs, an extra key. */
function mismatches(value: unknown, node: SchemaNode | undefined, path: string): string[] {
  if (!node) return [`${path}: not in managed_schema.json`];
  if (node.type !== schemaType(value))
    return [`${path}: ${node.type} in the schema, ${schemaType(value)} here`];
  if (node.type === 'array' && node.items) {
    // The lists' items: hosts and patterns are strings; a ContentStore server is a new server's shape.
    const sample = path.endsWith('servers') ? newServer('x') : '';
    return mismatches(sample, node.items, `${path}[]`);
  }
  if (node.type !== 'object') return [];
  const fields = value as Record<string, unknown>;
  const found = Object.entries(fields).flatMap(([key, field]) =>
    mismatches(field, node.properties?.[key], path ? `${path}.${key}` : key),
  );
  const extra = Object.keys(node.properties ?? {})
    .filter((key) => !(key in fields))
    .map((key) => `${path ? `${path}.` : ''}${key}: in the schema, not a setting`);
  return [...found, ...extra];
}

describe('managed settings', () => {
  it('describes every setting to Chrome in managed_schema.json, with its type, and nothing else', () => {
    const { version: _version, ...settings } = DEFAULT_SETTINGS;
    expect(mismatches(settings, MANAGED_SCHEMA, '')).toEqual([]);
  });

  it('lays valid policy values over the stored settings and names them', () => {
    const { settings, managed, invalid } = applyPolicy(DEFAULT_SETTINGS, {
      previewsEnabled: false,
      hoverDelayMs: 1000,
      disabledSites: ['mail.example.com', '*.corp.example'],
      providers: { graph: { clientId: ' 11111111-2222-3333-4444-555555555555 ' } },
    });
    expect(settings.previewsEnabled).toBe(false);
    expect(settings.hoverDelayMs).toBe(1000);
    expect(settings.disabledSites).toEqual(['mail.example.com', '*.corp.example']);
    // Checked and normalised by the setting's own schema; the rest of the section stays the person's.
    expect(settings.providers.graph).toEqual({
      ...DEFAULT_SETTINGS.providers.graph,
      clientId: '11111111-2222-3333-4444-555555555555',
    });
    expect(settings.cacheTtlMinutes).toBe(DEFAULT_SETTINGS.cacheTtlMinutes);
    expect(managed.sort()).toEqual(
      ['disabledSites', 'hoverDelayMs', 'previewsEnabled', 'providers.graph.clientId'].sort(),
    );
    expect(invalid).toEqual([]);
  });

  it('ignores invalid policy values, says which, and keeps the person’s own', () => {
    const own = { ...DEFAULT_SETTINGS, hoverDelayMs: 700 };
    const { settings, managed, invalid } = applyPolicy(own, {
      hoverDelayMs: 5,
      cacheTtlMinutes: '15',
      disabledSites: ['not a host!'],
      providers: { graph: { graphEndpoint: 'http://graph.example.com/v1.0', authority: 42 }, nobody: {} },
      somethingElse: true,
    });
    expect(settings).toEqual(own);
    expect(managed).toEqual([]);
    expect(invalid.sort()).toEqual(
      [
        'cacheTtlMinutes',
        'disabledSites',
        'hoverDelayMs',
        'providers.graph.authority',
        'providers.graph.graphEndpoint',
      ].sort(),
    );
  });

  it('drops a section’s policy values that only make sense together when they do not', () => {
    // Exchange Server without an EWS URL: each field is valid, the section is not.
    const { settings, managed, invalid } = applyPolicy(DEFAULT_SETTINGS, {
      providers: { exchange: { mode: 'exchangeServer' } },
      hoverDelayMs: 200,
    });
    expect(settings.providers.exchange).toEqual(DEFAULT_SETTINGS.providers.exchange);
    expect(managed).toEqual(['hoverDelayMs']);
    expect(invalid).toEqual(['providers.exchange.mode']);
  });

  it('takes ContentStore servers from a policy as a whole', () => {
    const server = { ...newServer('hq'), webAddress: 'https://cs.example.com/', userName: 'svc' };
    const { settings, managed } = applyPolicy(DEFAULT_SETTINGS, {
      providers: { contentstore: { servers: [server] } },
    });
    expect(settings.providers.contentstore.servers).toEqual([
      { ...server, webAddress: 'https://cs.example.com' },
    ]);
    expect(managed).toEqual(['providers.contentstore.servers']);
  });

  it('takes the README’s example policy whole', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readme.split('## For IT: policies')[1]?.match(/```json\n([\s\S]*?)```/)?.[1];
    const policy = JSON.parse(example ?? 'null');
    const { managed, invalid } = applyPolicy(DEFAULT_SETTINGS, policy);
    expect(invalid).toEqual([]);
    expect(managed).toHaveLength(4 + 3 + 1 + 5);
  });

  it.each([undefined, null, 'policy', 42, []])('treats %j as no policy', (policy) => {
    expect(applyPolicy(DEFAULT_SETTINGS, policy)).toEqual({
      settings: DEFAULT_SETTINGS,
      managed: [],
      invalid: [],
    });
  });
});
