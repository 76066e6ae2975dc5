import { describe, expect, it } from 'vitest';
import { describeLinkAccess, fileType, formatRelative, formatSize, safeHttpsUrl } from './format';

describe('format', () => {
  it('shows sizes in bytes, KB, MB', () => {
    expect(formatSize(0, 'en')).toBe('0 bytes');
    expect(formatSize(1536, 'en')).toBe('1.5 kB');
    expect(formatSize(48_300_000, 'en')).toBe('46 MB');
  });

  it('shows times relative to now, in the past and the future', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(formatRelative('2026-11-22T11:59:30Z', now, 'en')).toBe('30 seconds ago');
    expect(formatRelative('2026-11-19T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(formatRelative('2026-08-01T12:00:00Z', now, 'en')).toBe('4 months ago');
    expect(formatRelative('2026-11-22T12:05:00Z', now, 'en')).toBe('in 5 minutes');
    expect(formatRelative('not a date', now, 'en')).toBeUndefined();
  });

  it('lets only https URLs through', () => {
    expect(safeHttpsUrl('https://contoso.sharepoint.com/x')).toBe('https://contoso.sharepoint.com/x');
    expect(safeHttpsUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpsUrl('http://contoso.sharepoint.com/x')).toBeUndefined();
    expect(safeHttpsUrl('data:text/html,hi')).toBeUndefined();
    expect(safeHttpsUrl('https://a:b@evil.example/')).toBeUndefined();
    expect(safeHttpsUrl('not a url')).toBeUndefined();
  });

  it('names file types from kind, extension and MIME type', () => {
    expect(fileType({ kind: 'folder', name: 'Docs.xlsx' })).toBe('folder');
    expect(fileType({ kind: 'file', name: 'Budget.XLSX' })).toBe('excel');
    expect(fileType({ kind: 'file', name: 'scan', mimeType: 'application/pdf' })).toBe('pdf');
    expect(fileType({ kind: 'file', name: 'photo', mimeType: 'image/heic' })).toBe('image');
    expect(fileType({ kind: 'notebook', name: 'Notes' })).toBe('notebook');
    expect(fileType({ kind: 'file', name: 'mystery.bin' })).toBe('file');
  });
});

describe('describeLinkAccess', () => {
  it('says who a link works for, what it allows, its expiry and its password', () => {
    expect(describeLinkAccess({ scope: 'organization', type: 'view' })).toBe(
      'People in your organization with the link can view',
    );
    expect(
      describeLinkAccess({
        scope: 'anonymous',
        type: 'edit',
        expires: '2027-01-31T23:59:59Z',
        hasPassword: true,
      }),
    ).toMatch(/^Anyone with the link can edit · expires .*2027 · password required$/);
    expect(describeLinkAccess({ scope: 'users', type: 'view' })).toBe('Specific people can view');
    expect(describeLinkAccess({ scope: 'existingAccess', type: 'view' })).toBe(
      'Only people who already have access',
    );
  });

  it('does not claim "specific people" for a scope it does not know', () => {
    expect(describeLinkAccess({ scope: 'tenantAndGuests', type: 'edit' })).toBe(
      'People with this link can edit',
    );
    expect(describeLinkAccess({ scope: '', type: 'review' })).toBe('People with this link can view');
  });
});
