import { intlFormatter, plural, t, uiLocale } from './i18n';
import type { ItemKind } from './model';

/** "1.2 MB" ("1,2 MB" in German); bytes in powers of 1024 as Windows and OneDrive show them. */
export function formatSize(bytes: number, locale: string = uiLocale()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const options: Intl.NumberFormatOptions = {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  };
  return intlFormatter('number', locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}

/** "1 item", "13 items" ("1 Element", "13 Elemente"): how many entries a folder holds. */
export function formatItemCount(count: number): string {
  return plural('itemCount', count);
}

/** "3 days ago", "in 2 minutes" ("vor 3 Tagen"), in the interface language unless told otherwise. */
export function formatRelative(iso: string, now: number, locale: string = uiLocale()): string | undefined {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.round((then - now) / 1000);
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.345],
    ['month', 12],
    ['year', Number.POSITIVE_INFINITY],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) {
      const options = { numeric: 'auto' } as const;
      const format = intlFormatter(
        'relative',
        locale,
        options,
        () => new Intl.RelativeTimeFormat(locale, options),
      );
      return format.format(Math.round(value), unit);
    }
    value /= size;
  }
  return undefined;
}

/** Full date and time for a tooltip. */
export function formatDateTime(iso: string, locale: string = uiLocale()): string | undefined {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(then);
}

/** A day ("31 Jan 2027"), for an expiry. */
export function formatDate(iso: string, locale: string = uiLocale()): string | undefined {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  return dateTimeFormat(locale, { dateStyle: 'medium' }).format(then);
}

/**
 * How a link shares its item, in one line: who it works for and what they can do, then its expiry and password
 * ("Anyone with the link can edit · expires 31 Jan 2027 · password required").
 */
export function describeLinkAccess(access: {
  /** Graph may leave it out (its own embed example does): then the sentence says what the link allows only. */
  scope?: string | undefined;
  type: string;
  expires?: string;
  hasPassword?: boolean;
}): string {
  const edit = access.type === 'edit';
  const who =
    access.scope === 'anonymous'
      ? t(edit ? 'linkAnyoneEdit' : 'linkAnyoneView')
      : access.scope === 'organization'
        ? t(edit ? 'linkOrganizationEdit' : 'linkOrganizationView')
        : access.scope === 'users'
          ? t(edit ? 'linkUsersEdit' : 'linkUsersView')
          : access.scope === 'existingAccess'
            ? t('linkExistingAccess')
            : // A scope ShareLens does not know: say what the link allows, not whom it is for.
              t(edit ? 'linkOtherEdit' : 'linkOtherView');
  const parts = [who];
  const expires = access.expires && formatDate(access.expires);
  if (expires) parts.push(t('shareExpires', expires));
  if (access.hasPassword) parts.push(t('linkPasswordRequired'));
  return parts.join(' · ');
}

/** A time of day with seconds ("10:15:30 AM", "10:15:30"), for "next attempt at …". */
export function formatTime(epochMs: number, locale: string = uiLocale()): string {
  return dateTimeFormat(locale, { timeStyle: 'medium' }).format(epochMs);
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return intlFormatter('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

/** The URL if it is https, else undefined: provider data is untrusted, and Preact renders `javascript:` as is. */
export function safeHttpsUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export type FileType =
  | 'folder'
  | 'notebook'
  | 'word'
  | 'excel'
  | 'powerpoint'
  | 'pdf'
  | 'image'
  | 'video'
  | 'audio'
  | 'text'
  | 'archive'
  | 'file';

const BY_EXTENSION: Record<string, FileType> = {
  doc: 'word',
  docx: 'word',
  rtf: 'word',
  xls: 'excel',
  xlsx: 'excel',
  xlsm: 'excel',
  csv: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  svg: 'image',
  heic: 'image',
  mp4: 'video',
  mov: 'video',
  webm: 'video',
  mp3: 'audio',
  wav: 'audio',
  m4a: 'audio',
  txt: 'text',
  md: 'text',
  zip: 'archive',
  '7z': 'archive',
};

/** What kind of file an item is, from its kind, extension and MIME type. */
export function fileType(item: { kind: ItemKind; name: string; mimeType?: string }): FileType {
  if (item.kind === 'folder') return 'folder';
  if (item.kind === 'notebook') return 'notebook';
  const extension = /\.([a-z0-9]+)$/i.exec(item.name)?.[1]?.toLowerCase();
  const byName = extension ? BY_EXTENSION[extension] : undefined;
  if (byName) return byName;
  const mime = item.mimeType ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('text/')) return 'text';
  return 'file';
}

/** "Excel workbook" ("Excel-Arbeitsmappe"): what a file type is called in the interface language. */
export function fileTypeLabel(type: FileType): string {
  switch (type) {
    case 'folder':
      return t('fileTypeFolder');
    case 'notebook':
      return t('fileTypeNotebook');
    case 'word':
      return t('fileTypeWord');
    case 'excel':
      return t('fileTypeExcel');
    case 'powerpoint':
      return t('fileTypePowerpoint');
    case 'pdf':
      return t('fileTypePdf');
    case 'image':
      return t('fileTypeImage');
    case 'video':
      return t('fileTypeVideo');
    case 'audio':
      return t('fileTypeAudio');
    case 'text':
      return t('fileTypeText');
    case 'archive':
      return t('fileTypeArchive');
    case 'file':
      return t('fileTypeFile');
  }
}
