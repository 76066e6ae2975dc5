import { t } from '@/lib/i18n';
import { providerById } from '@/lib/providers';
import { providerSection } from '@/lib/providers/info';
import type { AccountStatus } from '@/lib/providers/types';
import { loadSettings } from '@/utils/settings';
import { accountFor, linkedProvider } from './accounts';
import { transport } from './network';

/**
 * Sharing onward: the share panels' requests (from extension pages only, router.ts), each checked with its
 * provider's schema and run by its provider with the person's settings and account. The answer is the
 * provider's own; a request the schema refuses answers with what is wrong, per field, and sends nothing.
 */

function sharingOf(providerId: string) {
  const provider = providerById(providerId);
  if (!provider?.sharing) throw new Error(t('shareUnavailable'));
  return { provider, sharing: provider.sharing };
}

/** What is wrong with a refused request, per field (`form.recipients.1` → `recipients`). */
function fieldErrors(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>) {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.filter((part) => typeof part === 'string' && part !== 'form');
    fields[String(path[0] ?? 'form')] ??= issue.message;
  }
  return fields;
}

export async function runShare(providerId: string, request: unknown): Promise<unknown> {
  const { provider, sharing } = sharingOf(providerId);
  const parsed = sharing.requestSchema.safeParse(request);
  if (!parsed.success) {
    return { ok: false, message: t('shareCheckFields'), fields: fieldErrors(parsed.error.issues) };
  }
  const settings = providerSection(await loadSettings(), provider.id);
  return sharing
    .create({ settings, transport, account: accountFor(provider.id), linked: linkedProvider })
    .run(parsed.data);
}

/** Asks the signed-in person to allow what sharing needs (an interactive sign-in for that permission). */
export async function allowSharing(providerId: string): Promise<AccountStatus> {
  const { provider, sharing } = sharingOf(providerId);
  const settings = providerSection(await loadSettings(), provider.id);
  const resource = sharing.consentResource?.(settings);
  return accountFor(provider.id).signIn(resource ? { resource } : {});
}
