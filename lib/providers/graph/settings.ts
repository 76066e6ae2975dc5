import { z } from 'zod';
import { t } from '../../i18n';
import { endpointUrl } from '../../validation';
import type { SettingsSection } from '../types';

export const GraphSettingsSchema = z.object({
  /** Application (client) ID registered in Microsoft Entra ID as a single-page application. */
  clientId: z
    .string()
    .trim()
    .max(100, { error: () => t('settingsClientIdTooLong', 100) }),
  authority: endpointUrl,
  graphEndpoint: endpointUrl,
});
export type GraphSettings = z.infer<typeof GraphSettingsSchema>;

export const graphSettings: SettingsSection<GraphSettings> = {
  schema: GraphSettingsSchema,
  defaults: {
    clientId: '',
    authority: 'https://login.microsoftonline.com/common',
    graphEndpoint: 'https://graph.microsoft.com/v1.0',
  },
  // Version 1 kept these three at the top level.
  fromV1: (v1) => ({
    clientId: v1.clientId as string,
    authority: v1.authority as string,
    graphEndpoint: v1.graphEndpoint as string,
  }),
};
