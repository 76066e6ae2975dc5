import { z } from 'zod';
import { t } from '../../i18n';
import { isLoopbackHost } from '../../validation';
import type { SettingsSection } from '../types';
import { DEFAULT_LINK_PATTERNS, MAX_PATTERNS, patternProblem } from './patterns';

/** A server's web address: https, or plain http on loopback only (the emulator); origin only, no path. */
const webAddress = z
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
      ctx.addIssue({ code: 'custom', message: t('settingsUseHttps') });
      return z.NEVER;
    }
    if (
      url.username ||
      url.password ||
      url.search ||
      url.hash ||
      (url.pathname !== '/' && url.pathname !== '')
    ) {
      ctx.addIssue({ code: 'custom', message: t('csWebAddressOnly') });
      return z.NEVER;
    }
    return url.origin;
  });

/** The API base path below the web address (reference §1.1): the three Commvault uses, or a custom one. */
const apiPath = z
  .string()
  .trim()
  .transform((value) => value.replace(/^\/+|\/+$/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: () => t('csApiPathInvalid') })
      .max(200, { error: () => t('csApiPathInvalid') })
      .regex(/^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/, { error: () => t('csApiPathInvalid') })
      .refine((path) => !path.split('/').some((segment) => segment === '.' || segment === '..'), {
        error: () => t('csApiPathInvalid'),
      }),
  );

const linkPattern = z
  .string()
  .trim()
  .max(300, { error: () => t('csPatternInvalid') })
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem === 'placeholder') ctx.addIssue({ code: 'custom', message: t('csPatternPlaceholder') });
    else if (problem) ctx.addIssue({ code: 'custom', message: t('csPatternInvalid') });
  });

export const ContentStoreServerSchema = z.object({
  /** Stable id (the account keys its token and remembered password by it). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  webAddress,
  apiPath,
  userName: z
    .string()
    .trim()
    .min(1, { error: () => t('csUserNameNeeded') })
    .max(256, { error: () => t('csUserNameNeeded') }),
  linkPatterns: z
    .array(linkPattern)
    .min(1, { error: () => t('csPatternsNeeded') })
    .max(MAX_PATTERNS, { error: () => t('csPatternsNeeded') }),
});
export type ContentStoreServer = z.infer<typeof ContentStoreServerSchema>;

export const ContentStoreSettingsSchema = z.object({
  servers: z
    .array(ContentStoreServerSchema)
    .max(20)
    .refine((servers) => new Set(servers.map((server) => server.id)).size === servers.length),
});
export type ContentStoreSettings = z.infer<typeof ContentStoreSettingsSchema>;

export const contentStoreSettings: SettingsSection<ContentStoreSettings> = {
  schema: ContentStoreSettingsSchema,
  defaults: { servers: [] },
};

/** A new server's defaults, as the options page's form starts. */
export function newServer(id: string): ContentStoreServer {
  return {
    id,
    webAddress: '',
    apiPath: 'webconsole/api',
    userName: '',
    linkPatterns: [...DEFAULT_LINK_PATTERNS],
  };
}

/** The server's API base, e.g. `https://cs.example.com/webconsole/api`. */
export function apiBase(server: Pick<ContentStoreServer, 'webAddress' | 'apiPath'>): string {
  return `${server.webAddress}/${server.apiPath}`;
}
