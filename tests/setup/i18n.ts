/** Vitest setup: every test starts with the English catalogue behind `i18n.getMessage` (see chrome-i18n.ts). */
import { beforeEach } from 'vitest';
import { useLocale } from './chrome-i18n';

useLocale('en');
beforeEach(() => useLocale('en'));
