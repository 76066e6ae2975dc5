import { z } from 'zod';
import { t } from './i18n';

/**
 * Validators that settings sections share. Endpoints are https, or plain http on loopback only (the local
 * emulator), so a typo cannot send credentials to another host in clear text.
 */

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** An https URL, or http on loopback; returned without a trailing slash. */
export const endpointUrl = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: t('settingsFullUrl') });
      return z.NEVER;
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!secure) {
      ctx.addIssue({
        code: 'custom',
        message: t('settingsUseHttps'),
      });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: t('settingsNoExtras') });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

/** A host name, or `*.example.com` for it and its subdomains. */
export const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/, { error: () => t('settingsHostName') });
