import { plural, t } from '@/lib/i18n';

/**
 * After a save that failed: moves focus to the first field to fix (in the page's order) and returns the message
 * that says where the errors are ("2 fields need fixing: Client ID, Hover delay (milliseconds)"). `ids` are the
 * ids of the invalid fields' inputs; errors without a field on the page get the general message.
 */
export function pointToInvalidFields(ids: readonly string[]): string {
  const fields = ids
    .map((id) => document.getElementById(id))
    .filter((field): field is HTMLElement => field !== null)
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  fields[0]?.focus();
  const names = fields.map((field) => {
    const label = (field as HTMLInputElement).labels?.[0]?.textContent?.trim();
    return label || field.id;
  });
  if (names.length === 0 || names.length < ids.length) return t('settingsNeedFix');
  return plural('fieldsNeedFixing', names.length, names.join(', '));
}
